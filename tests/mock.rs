//! progenitor's typed httpmock helpers (feature `mock`): exact per-test mocks of an operation,
//! matched on typed parameters and answering with typed values.
#![cfg(all(feature = "mock", feature = "unit", feature = "paynetworx"))]

#[path = "support/specs.rs"]
mod specs;

use httpmock::MockServer;
use payclients::unit::mock::MockServerExt as _;
use serde_json::json;

#[tokio::test]
async fn a_typed_mock_answers_the_typed_client() {
    let server = MockServer::start_async().await;
    let example =
        specs::response_example("unit", "/received-payments/{id}", "get", "200", "pending");
    let document: payclients::unit::types::ReceivedPaymentDocument =
        serde_json::from_value(example).unwrap();
    let id: payclients::unit::Identifier = "1337".parse().unwrap();
    let mock = server.get_received_payment(|when, then| {
        when.id(&id).include("customer");
        then.ok(&document);
    });
    let client = payclients::unit::Client::new(server.base_url(), "t").unwrap();
    let got = client
        .get_received_payment()
        .id("1337")
        .include("customer")
        .await
        .unwrap();
    mock.assert();
    assert_eq!(got.into_inner(), document);
}

#[tokio::test]
async fn a_typed_mock_matches_the_request_body() {
    use payclients::paynetworx::mock::MockServerExt as _;
    let server = MockServer::start_async().await;
    let account: payclients::paynetworx::types::AchAccount = serde_json::from_value(json!({
        "BankRoutingNumber": "999999999", "AccountNumber": "0123456789",
        "AchAccountType": "PersonalChecking", "CustomerName": "P", "EffectiveDate": "2026-11-23"
    }))
    .unwrap();
    let request = payclients::paynetworx::types::AchCreditRequest::ach(
        payclients::paynetworx::TransactionAmount::usd("25.50").unwrap(),
        account,
    );
    let result: payclients::paynetworx::TransactionResult = serde_json::from_value(json!({
        "TransactionID": "1XSnl0X7GC44qPT2CVV8BCz0bQi", "EventID": "1XSnl0X7GC44qPT2CVV8BCz0bQi",
        "RequestID": "1XSnl0X7GC44qPT2CVV8BCz0bQi", "Approved": false, "ResponseText": "Declined"
    }))
    .unwrap();
    let mock = server.ach_credit(|when, then| {
        when.body(&request);
        then.ok(&result);
    });
    let client = payclients::paynetworx::Client::new(server.base_url(), "u", "p").unwrap();
    let got = client.ach_credit().body(request.clone()).await.unwrap();
    mock.assert();
    assert!(!got.into_inner().is_approved());
}
