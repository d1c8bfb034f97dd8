//! The sandbox: every operation of every client succeeds against it with the spec's examples;
//! `Prefer` selects an example or a documented status; a request that does not conform to the
//! spec gets a 4xx in the API's own error shape saying what is wrong; PayLock answers in JSV.
// ABConnect's JobPayment routes are deprecated by the vendor (8.01) but documented by the seed:
// they are still exercised here.
#![allow(deprecated)]
#![cfg(all(
    feature = "sandbox",
    feature = "abconnect",
    feature = "logisense",
    feature = "paylock",
    feature = "paynetworx",
    feature = "unit"
))]

#[path = "support/every_operation.rs"]
mod every_operation;
#[path = "support/specs.rs"]
mod specs;

use payclients::retry::RetryPolicy;
use payclients::sandbox::Sandbox;
use payclients::{Api, ErrorKind};

#[tokio::test]
async fn every_client_operation_conforms_and_gets_an_example() {
    let sandbox = Sandbox::start().await.unwrap();
    let outcomes =
        every_operation::every_operation(&|api| sandbox.base_url(api), RetryPolicy::none()).await;
    assert_eq!(outcomes.len(), 30);
    for (operation, outcome) in outcomes {
        if let Err(error) = outcome {
            panic!("{operation}: {error}");
        }
    }
}

#[tokio::test]
async fn prefer_selects_an_example_or_a_documented_status() {
    let sandbox = Sandbox::start().await.unwrap();
    // PayNetworx's decline, through the typed client, is a decline (a 200).
    let http = reqwest_client();
    let response = http
        .post(format!(
            "{}/v0/transaction/achcredit",
            sandbox.base_url(Api::PayNetworx)
        ))
        .basic_auth("user", Some("pass"))
        .header("prefer", "example=declined")
        .header("request-id", "0ujsswThIGTUYm2K8FjOOfXtY1K")
        .json(&ach_request())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["Approved"], false);

    // A documented error status of Unit's, through the typed client.
    let response = http
        .get(format!(
            "{}/received-payments/1",
            sandbox.base_url(Api::Unit)
        ))
        .bearer_auth("t")
        .header("prefer", "code=404")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);

    // An undocumented status or an unknown example is the caller's mistake, said plainly.
    let response = http
        .get(format!(
            "{}/received-payments/1",
            sandbox.base_url(Api::Unit)
        ))
        .bearer_auth("t")
        .header("prefer", "code=418")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let text = response.text().await.unwrap();
    assert!(text.contains("get_received_payment documents no 418 response (it documents 200, 401, 403, 404, 429, 500)"), "{text}");
    let response = http
        .get(format!(
            "{}/received-payments/1",
            sandbox.base_url(Api::Unit)
        ))
        .bearer_auth("t")
        .header("prefer", "example=nope")
        .send()
        .await
        .unwrap();
    let text = response.text().await.unwrap();
    assert!(
        text.contains(
            "get_received_payment has no example `nope` (it has: pending, withIncluded, notFound)"
        ),
        "{text}"
    );
}

#[tokio::test]
async fn typed_clients_see_examples_declines_and_errors() {
    let sandbox = Sandbox::start().await.unwrap();
    let unit = payclients::unit::Client::new(sandbox.base_url(Api::Unit), "t").unwrap();
    let payment = unit.get_received_payment().id("1337").await.unwrap();
    assert_eq!(payment.data.id, "1337".parse().unwrap());

    // Unit's ids are digits: the client refuses another before sending.
    let error = unit.get_received_payment().id("0").await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidRequest);

    // PayLock over JSV.
    let paylock = payclients::paylock::Client::new(sandbox.base_url(Api::PayLock), "t")
        .unwrap()
        .with_format(payclients::paylock::Format::Jsv);
    let result = paylock
        .get_payment()
        .collectionattemptid("7b0e8c1e4f0a4d9b9a571f1c2a3b4c5d")
        .customer_id("5e6f7a8b9c0d41e2f3a4b5c6d7e8f9a0")
        .await
        .unwrap();
    assert_eq!(result.payment_method.as_deref(), Some("String"));

    // ABConnect with a password grant against the sandbox's token endpoint.
    let grant = payclients::abconnect::password_grant(
        &sandbox.token_url(Api::AbConnect),
        "user",
        "pass",
        "client",
        "secret",
    );
    let ab =
        payclients::abconnect::Client::with_password_grant(sandbox.base_url(Api::AbConnect), grant)
            .unwrap();
    let sources = ab
        .list_payment_sources()
        .job_display_id("2000000")
        .await
        .unwrap();
    assert!(!sources.is_empty());
}

#[tokio::test]
async fn non_conforming_requests_get_a_4xx_that_says_what_is_wrong() {
    let sandbox = Sandbox::start().await.unwrap();
    let http = reqwest_client();
    let unit = sandbox.base_url(Api::Unit);
    let cases: Vec<(reqwest::RequestBuilder, u16, &str)> = vec![
        (
            http.get(format!("{unit}/received-payments/1")),
            401,
            "the unit API needs `Authorization: Bearer <token>`",
        ),
        (
            http.get(format!("{unit}/received-payments/0"))
                .bearer_auth("t"),
            400,
            "the path parameter `id`: ",
        ),
        (
            http.get(format!("{unit}/nothing-here")).bearer_auth("t"),
            404,
            "no operation of the unit spec has the path /nothing-here",
        ),
        (
            http.delete(format!("{unit}/received-payments/1"))
                .bearer_auth("t"),
            405,
            "/received-payments/1 takes GET, PATCH",
        ),
        (
            http.get(format!("{unit}/received-payments?page[limit]=lots"))
                .bearer_auth("t"),
            400,
            "the query parameter `page[limit]`: is not an integer",
        ),
        (
            http.patch(format!("{unit}/received-payments/1"))
                .bearer_auth("t")
                .header("content-type", "application/vnd.api+json")
                .body(r#"{"data": {"type": "achReceivedPayment"}}"#),
            400,
            "body: /data: the required property `attributes` is missing",
        ),
        (
            http.patch(format!("{unit}/received-payments/1"))
                .bearer_auth("t")
                .header("content-type", "text/plain")
                .body("hi"),
            415,
            "Content-Type `text/plain`; update_received_payment takes application/vnd.api+json",
        ),
        (
            http.post(format!(
                "{}/v0/transaction/achcredit",
                sandbox.base_url(Api::PayNetworx)
            ))
            .basic_auth("u", Some("p"))
            .json(&serde_json::json!({"Amount": {"Total": "x"}})),
            400,
            "the header parameter `Request-ID` is required",
        ),
        (
            http.get(format!("http://{}/stripe/v1/charges", sandbox.addr())),
            404,
            "no API here; the sandbox serves /abconnect, /logisense, /paylock, /paynetworx, /unit",
        ),
    ];
    for (request, status, message) in cases {
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), status, "{message}");
        let text = response.text().await.unwrap();
        assert!(text.contains(message), "expected {message:?} in {text}");
    }
}

fn reqwest_client() -> reqwest::Client {
    payclients::transport::http_client_builder()
        .unwrap()
        .build()
        .unwrap()
}

fn ach_request() -> serde_json::Value {
    specs::request_example("paynetworx", "/v0/transaction/achcredit", "post")
}
