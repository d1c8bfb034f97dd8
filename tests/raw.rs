//! Raw calls (`client.raw(method, path)`): a path the spec does not describe, sent with the
//! client's auth, retries and errors; path parameters percent-encoded, a missing one an error.
#![cfg(all(feature = "abconnect", feature = "unit"))]

use httpmock::Method::{GET, POST};
use httpmock::MockServer;
use payclients::ErrorKind;
use payclients::retry::RetryPolicy;
use reqwest::Method;
use serde_json::json;

const TOKEN: &str = "raw-secret-token-9";

fn abconnect(server: &MockServer) -> payclients::abconnect::Client {
    payclients::abconnect::Client::new(server.base_url(), TOKEN).unwrap()
}

#[tokio::test]
async fn a_raw_get_fills_and_encodes_the_path_and_sends_auth_and_query() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/job/20%2000%2F1/payment/create")
                .query_param("jobSubKey", "a&b")
                .header("authorization", format!("Bearer {TOKEN}"))
                .header("accept", "application/json");
            then.status(200)
                .header("content-type", "application/json")
                .header("x-request-id", "r-1")
                .json_body(json!({"ok": true, "amount": 25.50}));
        })
        .await;
    let response = abconnect(&server)
        .raw(Method::GET, "/api/job/{jobDisplayId}/payment/create")
        .param("jobDisplayId", "20 00/1")
        .query("jobSubKey", "a&b")
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(response.status, 200);
    assert_eq!(response.headers["x-request-id"], "r-1");
    assert_eq!(response.json["ok"], true);
    assert_eq!(
        std::str::from_utf8(&response.body).unwrap(),
        r#"{"amount":25.5,"ok":true}"#
    );
}

#[tokio::test]
async fn a_raw_post_sends_json_and_an_empty_answer_is_null() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/job/1/payment/undocumented")
                .header("content-type", "application/json")
                .json_body(json!({"values": [1, 2]}));
            then.status(204);
        })
        .await;
    let response = abconnect(&server)
        .raw(Method::POST, "api/job/{id}/payment/undocumented")
        .param("id", 1)
        .json(json!({"values": [1, 2]}))
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(response.status, 204);
    assert!(response.json.is_null());
}

#[tokio::test]
async fn bad_paths_are_errors_before_sending() {
    let server = MockServer::start_async().await;
    let client = abconnect(&server);
    let missing = client
        .raw(Method::GET, "/api/job/{jobDisplayId}/payment")
        .await
        .unwrap_err();
    assert_eq!(missing.kind(), ErrorKind::InvalidRequest);
    assert!(
        missing
            .to_string()
            .contains("the path parameter `jobDisplayId` is missing"),
        "{missing}"
    );
    let unknown = client
        .raw(Method::GET, "/api/job/{jobDisplayId}/payment")
        .param("jobDisplayId", 1)
        .param("jobDisplayID", 1)
        .await
        .unwrap_err();
    assert!(
        unknown
            .to_string()
            .contains("has no parameter `jobDisplayID`"),
        "{unknown}"
    );
    let unclosed = client.raw(Method::GET, "/api/{oops").await.unwrap_err();
    assert!(unclosed.to_string().contains("unclosed"), "{unclosed}");
}

#[tokio::test]
async fn errors_are_typed_and_retries_apply() {
    let server = MockServer::start_async().await;
    let flaky = server
        .mock_async(|when, then| {
            when.method(GET).path("/received-payments/9/undocumented");
            then.status(503);
        })
        .await;
    let client = payclients::unit::Client::new(server.base_url(), TOKEN)
        .unwrap()
        .with_retry_policy(
            RetryPolicy::default()
                .initial_backoff(std::time::Duration::from_millis(1))
                .max_backoff(std::time::Duration::from_millis(2)),
        );
    let error = client
        .raw(Method::GET, "/received-payments/{id}/undocumented")
        .param("id", 9)
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(error.attempts(), 3);
    flaky.delete_async().await;

    server
        .mock_async(|when, then| {
            when.method(GET).path("/received-payments/9/undocumented");
            then.status(404)
                .header("content-type", "application/vnd.api+json")
                .json_body(
                    json!({"errors": [{"status": "404", "code": "not_found", "title": "Not Found",
                    "meta": {"supportId": "sup-1"}}]}),
                );
        })
        .await;
    let error = client
        .raw(Method::GET, "/received-payments/{id}/undocumented")
        .param("id", 9)
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Status);
    assert!(matches!(
        error.api_error(),
        Some(payclients::ApiError::Unit(_))
    ));
    assert_eq!(error.request_id(), Some("sup-1"));
    assert_eq!(
        error.to_string(),
        "unit raw: HTTP 404 Not Found: not_found (Not Found)"
    );
    assert!(!format!("{error:?}").contains(TOKEN));
}
