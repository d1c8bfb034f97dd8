//! Spec-conformance tests of the ABConnect client against httpmock on 127.0.0.1 — every one of
//! the ten JobPayment operations — and of the OAuth2 password-grant token provider it uses:
//! caching, renewal before expiry, refresh, fallback, failure, concurrency, redaction.
// ABConnect's JobPayment routes are deprecated by the vendor (8.01) but documented by the seed:
// they are still exercised here.
#![allow(deprecated)]
#![cfg(feature = "abconnect")]

#[path = "support/specs.rs"]
mod specs;

use std::sync::Arc;
use std::time::Duration;

use httpmock::Method::{GET, POST};
use httpmock::MockServer;
use payclients::ErrorKind;
use payclients::abconnect::{self, Client, types};
use payclients::auth::{PasswordGrant, TokenProvider};
use serde_json::{Value, json};

const TOKEN: &str = "eyJhbGciOiJSUzI1NiJ9.static-token";
const PASSWORD: &str = "pa55word!";
const CLIENT_SECRET: &str = "client-secret-9f2";
const JOB: &str = "/api/api/job/2000000/payment";

fn spec() -> Value {
    specs::spec("abconnect")
}

fn request_example(path: &str, name: &str) -> Value {
    let pointer = format!(
        "/paths/{}/post/requestBody/content/application~1json/examples/{name}/value",
        path.replace('/', "~1")
    );
    spec()
        .pointer(&pointer)
        .unwrap_or_else(|| panic!("{pointer}"))
        .clone()
}

/// JSON without `null` members: an explicit null and an absent member mean the same here.
fn strip_nulls(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, strip_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(strip_nulls).collect()),
        other => other,
    }
}

fn service_ok() -> Value {
    spec()["components"]["responses"]["ServiceBaseResponse"]["content"]["application/json"]["examples"]["success"]["value"].clone()
}

/// The base URL as ABConnect's: the server's `/api`, before paths that start with `/api/job`.
fn base(server: &MockServer) -> String {
    format!("{}/api", server.base_url())
}

/// All ten operations: method, path, query, headers and body exactly as documented.
#[tokio::test]
async fn every_operation_sends_what_the_vendor_documents() {
    let server = MockServer::start_async().await;
    let client = Client::new(base(&server), TOKEN).unwrap();
    let bearer = format!("Bearer {TOKEN}");
    let ok = service_ok();

    // The four POSTs without a body and the two GETs.
    let no_body: [(httpmock::Method, &str, Value); 5] = [
        (
            GET,
            "/create",
            json!({"jobId": 2000000, "amountDue": 125.5}),
        ),
        (POST, "/ACHPaymentSession", ok.clone()),
        (POST, "/ACHCreditTransfer", ok.clone()),
        (POST, "/cancelJobACHVerification", ok.clone()),
        (
            GET,
            "/sources",
            json!([{"id": 4021, "friendlyName": "Operating account", "bankName": "First Example Bank", "accountNumber": "****6789", "bankId": "111000025"}]),
        ),
    ];
    let mut mocks = Vec::new();
    for (method, suffix, body) in no_body {
        mocks.push(
            server
                .mock_async(|when, then| {
                    when.method(method)
                        .path(format!("{JOB}{suffix}"))
                        .query_param_count(".*", ".*", 0)
                        .header("authorization", bearer.as_str())
                        .header("accept", "application/json")
                        .header_missing("content-type")
                        .header_missing("api-version");
                    then.status(200)
                        .header("content-type", "application/json")
                        .json_body(body);
                })
                .await,
        );
    }
    let payment = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(JOB)
                .query_param("jobSubKey", "A/1 2")
                .query_param_count(".*", ".*", 1)
                .header("authorization", bearer.as_str())
                .header_missing("api-version");
            then.status(200).json_body(json!({"payments": []}));
        })
        .await;
    let with_body: [(&str, String); 4] = [
        (
            "/attachCustomerBank",
            r#"{"bankTokenId":"btok_1PqR2sT3uV4wX5yZ","customerInfo":{"address":{"address1":"123 Main Street","address2":"Suite 4","city":"Van Alstyne","countryCode":"US","countryName":"United States","dontValidate":false,"isValid":true,"propertyType":1,"state":"TX","zipCode":"75495"},"contactDisplayId":"1000123","customerId":"7b0e8c1e-4f0a-4d9b-9a57-1f1c2a3b4c5d","email":"polly@example.com","name":"Polly Customer"}}"#.to_string(),
        ),
        ("/verifyJobACHSource", r#"{"values":[32,45]}"#.to_string()),
        ("/bysource", "4021".to_string()),
        (
            "/banksource",
            r#"{"accountNumber":"000123456789","bankId":"111000025","bankName":"First Example Bank","friendlyName":"Operating account","id":0}"#.to_string(),
        ),
    ];
    for (suffix, body) in with_body {
        mocks.push(
            server
                .mock_async(|when, then| {
                    when.method(POST)
                        .path(format!("{JOB}{suffix}"))
                        .query_param_count(".*", ".*", 0)
                        .header("authorization", bearer.as_str())
                        .header("content-type", "application/json")
                        .header_missing("api-version")
                        .body(body.as_str());
                    then.status(200).json_body(ok.clone());
                })
                .await,
        );
    }

    let created = client
        .get_payment_create()
        .job_display_id("2000000")
        .await
        .unwrap();
    assert_eq!(created.0["amountDue"], json!(125.5));
    for result in [
        client
            .create_ach_payment_session()
            .job_display_id("2000000")
            .await
            .unwrap()
            .into_inner(),
        client
            .create_ach_credit_transfer()
            .job_display_id("2000000")
            .await
            .unwrap()
            .into_inner(),
        client
            .cancel_job_ach_verification()
            .job_display_id("2000000")
            .await
            .unwrap()
            .into_inner(),
    ] {
        assert_eq!(
            result,
            types::ServiceBaseResponse::builder()
                .success(Some(true))
                .error_message(None::<String>)
                .try_into()
                .unwrap()
        );
    }
    let sources = client
        .list_payment_sources()
        .job_display_id("2000000")
        .await
        .unwrap();
    assert_eq!(sources.0.len(), 1);
    assert_eq!(sources.0[0].id, Some(4021));
    assert_eq!(
        sources.0[0].account_number.as_ref().unwrap().expose(),
        "****6789"
    );
    let info = client
        .get_job_payment()
        .job_display_id("2000000")
        .job_sub_key("A/1 2")
        .await
        .unwrap();
    assert_eq!(info.0, json!({"payments": []}));

    let attach: types::AttachCustomerBankModel = serde_json::from_value(request_example(
        "/api/job/{jobDisplayId}/payment/attachCustomerBank",
        "customer",
    ))
    .unwrap();
    client
        .attach_customer_bank()
        .job_display_id("2000000")
        .body(attach)
        .await
        .unwrap();
    let verify = types::VerifyBankAccountRequest {
        values: Some(vec![32, 45]),
    };
    client
        .verify_job_ach_source()
        .job_display_id("2000000")
        .body(verify)
        .await
        .unwrap();
    client
        .pay_by_source()
        .job_display_id("2000000")
        .body(4021)
        .await
        .unwrap();
    let source: types::PaymentSourceDetails = serde_json::from_value(request_example(
        "/api/job/{jobDisplayId}/payment/banksource",
        "bank",
    ))
    .unwrap();
    client
        .add_bank_source()
        .job_display_id("2000000")
        .body(source)
        .await
        .unwrap();

    for mock in &mocks {
        mock.assert_async().await;
    }
    payment.assert_async().await;
}

#[tokio::test]
async fn path_parameters_are_percent_encoded() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/api/job/20%2F00/payment/sources");
            then.status(200).json_body(json!([]));
        })
        .await;
    let client = Client::new(base(&server), TOKEN).unwrap();
    client
        .list_payment_sources()
        .job_display_id("20/00")
        .await
        .unwrap();
    mock.assert_async().await;
    let missing = client.list_payment_sources().await.unwrap_err();
    assert_eq!(missing.kind(), ErrorKind::InvalidRequest);
}

#[tokio::test]
async fn a_failure_in_a_200_and_error_bodies() {
    let server = MockServer::start_async().await;
    let failure = spec()["components"]["responses"]["ServiceBaseResponse"]["content"]["application/json"]["examples"]["failure"]["value"].clone();
    server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("{JOB}/cancelJobACHVerification"));
            then.status(200).json_body(failure);
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/api/job/404/payment/ACHPaymentSession");
            then.status(404)
                .json_body(json!({"message": "Job 404 was not found"}));
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/api/job/500/payment/ACHPaymentSession");
            then.status(500)
                .header("content-type", "text/html")
                .body("<h1>Server Error</h1>");
        })
        .await;
    let client = Client::new(base(&server), TOKEN).unwrap();
    let result = client
        .cancel_job_ach_verification()
        .job_display_id("2000000")
        .await
        .unwrap();
    assert_eq!(result.success, Some(false));
    assert_eq!(
        result.error_message.as_deref(),
        Some("The job has no ACH source to verify")
    );

    let error = client
        .create_ach_payment_session()
        .job_display_id("404")
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    let Some(payclients::ApiError::AbConnect(body)) = error.api_error() else {
        panic!("{error:?}")
    };
    assert_eq!(body.message.as_deref(), Some("Job 404 was not found"));
    assert_eq!(
        error.to_string(),
        "abconnect create_ach_payment_session: HTTP 404 Not Found: Job 404 was not found"
    );

    let error = client
        .create_ach_payment_session()
        .job_display_id("500")
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
    assert!(error.api_error().is_none());
    assert_eq!(error.body().unwrap().as_ref(), b"<h1>Server Error</h1>");
}

#[test]
fn every_spec_example_decodes() {
    let spec = spec();
    let mut count = 0;
    let shared = &spec["components"]["responses"];
    for (name, response) in shared.as_object().unwrap() {
        for (example, value) in response["content"]["application/json"]["examples"]
            .as_object()
            .unwrap()
        {
            let value = value["value"].clone();
            match name.as_str() {
                "ServiceBaseResponse" => assert_eq!(
                    serde_json::to_value(
                        serde_json::from_value::<types::ServiceBaseResponse>(value.clone())
                            .unwrap()
                    )
                    .unwrap(),
                    strip_nulls(value),
                    "{example}"
                ),
                "Error" => assert_eq!(
                    serde_json::to_value(
                        serde_json::from_value::<types::ErrorResponse>(value.clone()).unwrap()
                    )
                    .unwrap(),
                    value
                ),
                other => panic!("{other}"),
            };
            count += 1;
        }
    }
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (_, op) in item
            .as_object()
            .unwrap()
            .iter()
            .filter(|(k, _)| *k != "parameters")
        {
            if let Some(examples) = op.pointer("/requestBody/content/application~1json/examples") {
                for (name, example) in examples.as_object().unwrap() {
                    let value = example["value"].clone();
                    let back = if path.ends_with("attachCustomerBank") {
                        serde_json::to_value(
                            serde_json::from_value::<types::AttachCustomerBankModel>(value.clone())
                                .unwrap(),
                        )
                    } else if path.ends_with("verifyJobACHSource") {
                        serde_json::to_value(
                            serde_json::from_value::<types::VerifyBankAccountRequest>(
                                value.clone(),
                            )
                            .unwrap(),
                        )
                    } else if path.ends_with("banksource") {
                        serde_json::to_value(
                            serde_json::from_value::<types::PaymentSourceDetails>(value.clone())
                                .unwrap(),
                        )
                    } else {
                        serde_json::to_value(serde_json::from_value::<i32>(value.clone()).unwrap())
                    };
                    assert_eq!(back.unwrap(), value, "{path} {name}");
                    count += 1;
                }
            }
            if let Some(examples) = op.pointer("/responses/200/content/application~1json/examples")
            {
                for (name, example) in examples.as_object().unwrap() {
                    let value = example["value"].clone();
                    let back = if path.ends_with("sources") {
                        serde_json::to_value(
                            serde_json::from_value::<types::PaymentSourceList>(value.clone())
                                .unwrap(),
                        )
                    } else if path.ends_with("exchange") {
                        serde_json::to_value(
                            serde_json::from_value::<types::PaymentEntryUrl>(value.clone())
                                .unwrap(),
                        )
                    } else {
                        serde_json::to_value(
                            serde_json::from_value::<types::UndocumentedResult>(value.clone())
                                .unwrap(),
                        )
                    };
                    assert_eq!(back.unwrap(), value, "{path} {name}");
                    count += 1;
                }
            }
        }
    }
    assert_eq!(count, 11);
}

fn grant(server: &MockServer) -> PasswordGrant {
    abconnect::password_grant(
        &server.url("/connect/token"),
        "me@example.com",
        PASSWORD,
        "portal",
        CLIENT_SECRET,
    )
}

const PASSWORD_FORM: &str = "grant_type=password&username=me%40example.com&password=pa55word%21&client_id=portal&client_secret=client-secret-9f2&scope=offline_access";

fn token_body(access: &str, expires_in: u64) -> Value {
    json!({"access_token": access, "token_type": "Bearer", "expires_in": expires_in, "refresh_token": format!("refresh-of-{access}")})
}

#[tokio::test]
async fn the_password_grant_is_fetched_once_and_used_transparently() {
    let server = MockServer::start_async().await;
    let token = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/connect/token")
                .header("content-type", "application/x-www-form-urlencoded")
                .body(PASSWORD_FORM);
            then.status(200).json_body(token_body("access-1", 3600));
        })
        .await;
    let api = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("{JOB}/sources"))
                .header("authorization", "Bearer access-1");
            then.status(200).json_body(json!([]));
        })
        .await;
    let client = Client::with_password_grant(base(&server), grant(&server)).unwrap();
    for _ in 0..3 {
        client
            .list_payment_sources()
            .job_display_id("2000000")
            .await
            .unwrap();
    }
    assert_eq!(token.calls_async().await, 1, "the token is cached");
    assert_eq!(api.calls_async().await, 3);
}

#[tokio::test]
async fn a_token_near_expiry_is_refreshed_and_a_failed_refresh_falls_back_to_the_password() {
    let server = MockServer::start_async().await;
    // expires_in 0: due for renewal at the next call (a token serves the calls that waited
    // for it, and no later one).
    let first = server
        .mock_async(|when, then| {
            when.method(POST).path("/connect/token").body(PASSWORD_FORM);
            then.status(200).json_body(token_body("access-1", 0));
        })
        .await;
    let refresh = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/connect/token")
                .body("grant_type=refresh_token&refresh_token=refresh-of-access-1&client_id=portal&client_secret=client-secret-9f2&scope=offline_access");
            then.status(200).json_body(token_body("access-2", 0));
        })
        .await;
    let refresh_refused = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/connect/token")
                .body_includes("refresh_token=refresh-of-access-2");
            then.status(400)
                .json_body(json!({"error": "invalid_grant"}));
        })
        .await;
    let provider = TokenProvider::new(grant(&server)).unwrap();
    assert_eq!(provider.access_token().await.unwrap().expose(), "access-1");
    assert_eq!(
        provider.access_token().await.unwrap().expose(),
        "access-2",
        "renewed with the refresh token"
    );
    // The refresh token is refused: the password grant again.
    assert_eq!(provider.access_token().await.unwrap().expose(), "access-1");
    assert_eq!(first.calls_async().await, 2);
    assert_eq!(refresh.calls_async().await, 1);
    assert_eq!(refresh_refused.calls_async().await, 1);

    // A lifetime of 0 with no margin is due at once too; invalidate() forces a new one.
    let long = TokenProvider::new(grant(&server).refresh_margin(Duration::from_secs(0))).unwrap();
    long.access_token().await.unwrap();
    long.access_token().await.unwrap();
    assert_eq!(first.calls_async().await, 3);
    assert_eq!(
        refresh.calls_async().await,
        2,
        "0 s is renewed at every call"
    );
    long.invalidate().await;
    long.access_token().await.unwrap();
    assert_eq!(
        first.calls_async().await,
        4,
        "invalidated: the password again"
    );
}

#[tokio::test]
async fn concurrent_calls_share_one_token_request() {
    let server = MockServer::start_async().await;
    let token = server
        .mock_async(|when, then| {
            when.method(POST).path("/connect/token");
            then.status(200)
                .delay(Duration::from_millis(100))
                .json_body(token_body("shared", 3600));
        })
        .await;
    let api = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("{JOB}/sources"))
                .header("authorization", "Bearer shared");
            then.status(200).json_body(json!([]));
        })
        .await;
    let client = Arc::new(Client::with_password_grant(base(&server), grant(&server)).unwrap());
    let calls = (0..8).map(|_| {
        let client = client.clone();
        tokio::spawn(async move {
            client
                .list_payment_sources()
                .job_display_id("2000000")
                .await
                .map(|_| ())
        })
    });
    for call in futures::future::join_all(calls).await {
        call.unwrap().unwrap();
    }
    assert_eq!(token.calls_async().await, 1);
    assert_eq!(api.calls_async().await, 8);
}

#[tokio::test]
async fn a_failing_token_endpoint_is_a_clear_error_and_nothing_is_sent() {
    let cases: Vec<(u16, &str, &str)> = vec![
        (
            401,
            r#"{"error": "invalid_client", "error_description": "Unknown client"}"#,
            "the token endpoint answered HTTP 401 Unauthorized: invalid_client: Unknown client",
        ),
        (
            400,
            r#"{"error": "invalid_grant"}"#,
            "the token endpoint answered HTTP 400 Bad Request: invalid_grant",
        ),
        (
            500,
            "<html>down</html>",
            "the token endpoint answered HTTP 500 Internal Server Error: no OAuth2 error body",
        ),
        (
            200,
            r#"{"token_type": "Bearer"}"#,
            "the token endpoint's answer has no access_token",
        ),
    ];
    for (status, body, message) in cases {
        let server = MockServer::start_async().await;
        server
            .mock_async(|when, then| {
                when.method(POST).path("/connect/token");
                then.status(status).body(body);
            })
            .await;
        let api = server
            .mock_async(|when, then| {
                when.any_request().path_includes("/api/job/");
                then.status(200).json_body(json!([]));
            })
            .await;
        let client = Client::with_password_grant(base(&server), grant(&server)).unwrap();
        let error = client
            .list_payment_sources()
            .job_display_id("2000000")
            .await
            .unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Auth, "{body}");
        assert!(error.is_auth());
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(error.operation(), Some("list_payment_sources"));
        assert_eq!(
            error.to_string(),
            format!("abconnect list_payment_sources: authentication failed: {message}")
        );
        let text = format!("{error} {error:?}");
        assert!(
            !text.contains(PASSWORD) && !text.contains(CLIENT_SECRET),
            "{text}"
        );
        assert_eq!(api.calls_async().await, 0, "no API request without a token");
    }

    // An unreachable token endpoint.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let server = MockServer::start_async().await;
    let grant = abconnect::password_grant(
        &format!("http://127.0.0.1:{port}/connect/token"),
        "me",
        PASSWORD,
        "portal",
        CLIENT_SECRET,
    );
    let client = Client::with_password_grant(base(&server), grant).unwrap();
    let error = client
        .list_payment_sources()
        .job_display_id("1")
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Auth);
    assert!(
        error
            .to_string()
            .ends_with("the token endpoint could not be reached (could not connect)"),
        "{error}"
    );
}

#[tokio::test]
async fn tokens_passwords_and_secrets_never_show() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST).path("/connect/token");
            then.status(200)
                .json_body(token_body("access-secret-xyz", 3600));
        })
        .await;
    let provider = Arc::new(TokenProvider::new(grant(&server)).unwrap());
    let token = provider.access_token().await.unwrap();
    let http = payclients::transport::http_client_builder()
        .unwrap()
        .build()
        .unwrap();
    let client = Client::with_token_provider(base(&server), provider.clone(), http).unwrap();
    let static_client = Client::new(base(&server), TOKEN).unwrap();
    let text = format!(
        "{provider:?} {client:?} {static_client:?} {token:?} {:?}",
        grant(&server)
    );
    for secret in [
        PASSWORD,
        CLIENT_SECRET,
        "access-secret-xyz",
        "refresh-of-access",
        TOKEN,
    ] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
    // Bank tokens and account numbers in requests are masked too.
    let attach: types::AttachCustomerBankModel = serde_json::from_value(request_example(
        "/api/job/{jobDisplayId}/payment/attachCustomerBank",
        "customer",
    ))
    .unwrap();
    let source: types::PaymentSourceDetails = serde_json::from_value(request_example(
        "/api/job/{jobDisplayId}/payment/banksource",
        "bank",
    ))
    .unwrap();
    let text = format!("{attach:?} {source:?}");
    assert!(
        !text.contains("btok_1PqR2sT3uV4wX5yZ") && !text.contains("000123456789"),
        "{text}"
    );
    assert!(text.contains("****6789"));
}

/// ABConnect 8.01 moved payments to the payment application: the exchange route answers its
/// entry URL, which the vendor says to treat as sensitive — kept out of `Debug` and errors.
#[tokio::test]
async fn the_exchange_route_answers_the_entry_url_as_a_secret() {
    let server = MockServer::start_async().await;
    let entry = "https://pay.example.com/entry/2000000?session=s3ss10n-k3y-f00";
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/api/job/2000000/payment/jobSubKey/7/exchange")
                .query_param("Origin", "https://app.example.com")
                .header("authorization", format!("Bearer {TOKEN}"));
            then.status(200).json_body(json!(entry));
        })
        .await;
    let client = Client::new(base(&server), TOKEN).unwrap();
    let url = client
        .get_payment_exchange_url()
        .job_display_id("2000000")
        .job_sub_key("7")
        .origin("https://app.example.com")
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(url.expose(), entry);
    let shown = format!("{url:?}");
    let shown = format!("{shown} {:?}", url.into_inner());
    assert!(!shown.contains("s3ss10n"), "{shown}");
    // Origin is optional.
    let bare = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/api/job/2000000/payment/jobSubKey/8/exchange")
                .query_param_missing("Origin");
            then.status(200).json_body(json!(entry));
        })
        .await;
    client
        .get_payment_exchange_url()
        .job_display_id("2000000")
        .job_sub_key("8")
        .await
        .unwrap();
    bare.assert_async().await;
}

/// The ten routes of the seed are kept and marked deprecated, with the vendor's reason, in the
/// spec and in the generated code (`#[deprecated(note = …)]`, which rustdoc shows).
#[test]
fn the_seeds_ten_routes_are_deprecated_with_the_reason() {
    let spec = spec();
    let mut deprecated = Vec::new();
    for (_, item) in spec["paths"].as_object().unwrap() {
        for (_, op) in item.as_object().unwrap() {
            if op["deprecated"] == json!(true) {
                assert!(
                    op["description"]
                        .as_str()
                        .unwrap()
                        .contains("8.01 moved payments"),
                    "{op}"
                );
                deprecated.push(op["operationId"].as_str().unwrap().to_string());
            }
        }
    }
    assert_eq!(deprecated.len(), 10, "{deprecated:?}");
    assert!(!deprecated.contains(&"get_payment_exchange_url".to_string()));
    let generated = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/golden/abconnect.rs"
    ))
    .unwrap();
    assert_eq!(
        generated.matches("#[deprecated(").count(),
        10,
        "the golden copy (kept fresh by tests/golden.rs) marks them"
    );
}
