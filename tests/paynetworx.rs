//! Spec-conformance tests of the PayNetworx client against httpmock on 127.0.0.1: the exact
//! request bytes of the seed's three request shapes, Basic auth, the Request-ID rule, approval
//! and decline, error bodies, KSUID-typed ids, amounts at the currency's scale, redaction.
#![cfg(feature = "paynetworx")]

#[path = "support/specs.rs"]
mod specs;

use httpmock::Method::POST;
use httpmock::MockServer;
use payclients::paynetworx::types::{self, AchAccountType};
use payclients::paynetworx::{Client, TransactionAmount, TransactionResult};
use payclients::{ErrorKind, Ksuid};
use serde_json::{Value, json};

const USER: &str = "1fHfjpw86udrDQHRMKabypEmhY4";
const PASSWORD: &str = "1fHfkJrOs7iVBnC07HDxCPZuPsK";
// base64("1fHfjpw86udrDQHRMKabypEmhY4:1fHfkJrOs7iVBnC07HDxCPZuPsK")
const BASIC: &str =
    "Basic MWZIZmpwdzg2dWRyRFFIUk1LYWJ5cEVtaFk0OjFmSGZrSnJPczdpVkJuQzA3SER4Q1BadVBzSw==";
const PATH: &str = "/v0/transaction/achcredit";
const KSUID_PATTERN: &str = "^[0-9A-Za-z]{27}$";

fn spec() -> Value {
    specs::spec("paynetworx")
}

fn op_example(kind: &str, name: &str) -> Value {
    let base = "/paths/~1v0~1transaction~1achcredit/post";
    let pointer = match kind {
        "request" => format!("{base}/requestBody/content/application~1json/examples/{name}/value"),
        _ => format!(
            "/components/responses/Transaction/content/application~1json/examples/{name}/value"
        ),
    };
    spec()
        .pointer(&pointer)
        .unwrap_or_else(|| panic!("{pointer}"))
        .clone()
}

fn client(server: &MockServer) -> Client {
    Client::new(server.base_url(), USER, PASSWORD).unwrap()
}

fn seed_account() -> types::AchAccount {
    types::AchAccount::builder()
        .bank_routing_number("999999999")
        .account_number("01234567890123456")
        .ach_account_type(AchAccountType::PersonalChecking)
        .customer_name("Polly Paynetworx")
        .customer_identifier(Some("A12345".into()))
        .payment_related_information(Some(
            "123 Main Street, Van Alstyne, TX 75495, 999-999-9999".to_string(),
        ))
        .check_number(Some("5678".to_string()))
        .effective_date("2012-04-21".parse::<chrono::NaiveDate>().unwrap())
        .try_into()
        .unwrap()
}

fn seed_token_details() -> types::AchTokenDetails {
    types::AchTokenDetails::builder()
        .ach_account_type(AchAccountType::PersonalChecking)
        .customer_name("Polly Paynetworx")
        .customer_identifier(Some("A12345".into()))
        .payment_related_information(Some(
            "123 Main Street, Van Alstyne, TX 75495, 999-999-9999".to_string(),
        ))
        .check_number(Some("5678".to_string()))
        .effective_date("2012-04-21".parse::<chrono::NaiveDate>().unwrap())
        .try_into()
        .unwrap()
}

const ACH_FIELDS: &str = r#""AccountNumber":"01234567890123456","AchAccountType":"PersonalChecking","BankRoutingNumber":"999999999","CheckNumber":"5678","CustomerIdentifier":"A12345","CustomerName":"Polly Paynetworx","EffectiveDate":"2012-04-21","PaymentRelatedInformation":"123 Main Street, Van Alstyne, TX 75495, 999-999-9999""#;

/// The three request shapes of the seed: exact bytes, Basic auth, a KSUID Request-ID, and the
/// seed's response for each.
#[tokio::test]
async fn the_seeds_three_requests_byte_for_byte() {
    let token_fields = r#""AchAccountType":"PersonalChecking","CheckNumber":"5678","CustomerIdentifier":"A12345","CustomerName":"Polly Paynetworx","EffectiveDate":"2012-04-21","PaymentRelatedInformation":"123 Main Street, Van Alstyne, TX 75495, 999-999-9999""#;
    let amount = r#""Amount":{"Total":25.50,"Currency":"USD"}"#;
    let cases = [
        (
            "ach",
            types::AchCreditRequest::ach(TransactionAmount::usd("25.5").unwrap(), seed_account()),
            format!(r#"{{{amount},"PaymentMethod":{{"ACH":{{{ACH_FIELDS}}}}}}}"#),
        ),
        (
            "tokenAdd",
            types::AchCreditRequest::ach_and_add_token(
                TransactionAmount::usd("25.50").unwrap(),
                seed_account(),
            ),
            format!(
                r#"{{{amount},"DataAction":"token/add","PaymentMethod":{{"ACH":{{{ACH_FIELDS}}}}}}}"#
            ),
        ),
        (
            "token",
            types::AchCreditRequest::with_token(
                TransactionAmount::usd("25.50").unwrap(),
                "1wxhkFx6JoPktNoPYpgFpSGmTMF".parse().unwrap(),
                seed_token_details(),
            ),
            format!(
                r#"{{{amount},"PaymentMethod":{{"ACH":{{{token_fields}}},"Token":{{"TokenID":"1wxhkFx6JoPktNoPYpgFpSGmTMF"}}}}}}"#
            ),
        ),
    ];
    for (name, request, body) in cases {
        // The typed request means the same as the seed's example.
        assert_eq!(
            serde_json::to_value(&request).unwrap(),
            op_example("request", name),
            "{name}"
        );
        let server = MockServer::start_async().await;
        let response = op_example("response", name);
        let mock = server
            .mock_async(|when, then| {
                when.method(POST)
                    .path(PATH)
                    .query_param_count(".*", ".*", 0)
                    .header("authorization", BASIC)
                    .header("content-type", "application/json")
                    .header("accept", "application/json")
                    .header_matches("request-id", KSUID_PATTERN)
                    .header_missing("api-version")
                    .body(body.as_str());
                then.status(200)
                    .header("content-type", "application/json")
                    .json_body(response.clone());
            })
            .await;
        let result = client(&server)
            .ach_credit()
            .body(request)
            .await
            .unwrap()
            .into_inner();
        mock.assert_async().await;
        let approval = result.into_approved().unwrap();
        assert_eq!(
            approval.ids.transaction_id.unwrap().to_string(),
            "1XSnl0X7GC44qPT2CVV8BCz0bQi"
        );
        assert_eq!(
            approval.ids.event_id.unwrap().to_string(),
            "1XSnvq7J5ggxZg70sWuRg4kEBcu"
        );
        assert_eq!(
            approval.ids.request_id.unwrap().to_string(),
            "1XSnzEjZ4IBh5Nj0OEVPTWpwYo8"
        );
        assert_eq!(
            approval.response_text.as_deref(),
            Some("ACH request submitted successfully")
        );
        if name == "ach" {
            assert!(approval.token.is_none());
        } else {
            let token = approval.token.unwrap();
            assert_eq!(token.token_id.to_string(), "1wxhkFx6JoPktNoPYpgFpSGmTMF");
            assert_eq!(token.token_name.as_deref(), Some("*************3456"));
        }
    }
}

#[tokio::test]
async fn a_caller_given_request_id_is_sent_and_a_failure_can_be_repeated_with_it() {
    let server = MockServer::start_async().await;
    let failing = server
        .mock_async(|when, then| {
            when.method(POST).path(PATH);
            then.status(503)
                .header("content-type", "text/html")
                .body("<html>busy</html>");
        })
        .await;
    let client = client(&server);
    let request =
        types::AchCreditRequest::ach(TransactionAmount::usd("10.00").unwrap(), seed_account());

    // No id given: the client makes one and the error says which.
    let error = client.ach_credit().body(request.clone()).await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    let sent: Ksuid = error
        .sent_request_id()
        .expect("the Request-ID sent")
        .parse()
        .unwrap();
    assert_eq!(error.request_id(), Some(sent.to_string().as_str()));
    let again = client.ach_credit().body(request.clone()).await.unwrap_err();
    assert_ne!(
        again.sent_request_id(),
        Some(sent.to_string().as_str()),
        "a fresh id per request"
    );
    failing.delete_async().await;

    // Repeating the failed request with the same Request-ID.
    let repeat = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(PATH)
                .header("request-id", sent.to_string());
            then.status(200).json_body(op_example("response", "ach"));
        })
        .await;
    let result = client
        .ach_credit()
        .request_id(sent)
        .body(request)
        .await
        .unwrap();
    repeat.assert_async().await;
    assert!(result.is_approved());
}

/// The seed: "Successful requests will be indicated with a 2xx HTTP response code"; the vendor
/// lists 200, 201 and 202. Each is the typed result (an approved credit answered 201 must not
/// look like a failure a caller would send again).
#[tokio::test]
async fn every_documented_success_status_decodes_into_the_typed_result() {
    for (status, example, approved) in [
        (200, "ach", true),
        (201, "ach", true),
        (202, "ach", true),
        (202, "declined", false),
    ] {
        let server = MockServer::start_async().await;
        server
            .mock_async(|when, then| {
                when.method(POST).path(PATH);
                then.status(status)
                    .json_body(op_example("response", example));
            })
            .await;
        let request =
            types::AchCreditRequest::ach(TransactionAmount::usd("25.50").unwrap(), seed_account());
        let response = client(&server)
            .ach_credit()
            .body(request)
            .await
            .unwrap_or_else(|e| panic!("{status}: {e}"));
        assert_eq!(response.status().as_u16(), status);
        assert_eq!(response.into_inner().is_approved(), approved, "{status}");
    }
}

#[tokio::test]
async fn a_decline_is_not_a_success() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST).path(PATH);
            then.status(200)
                .json_body(op_example("response", "declined"));
        })
        .await;
    let request =
        types::AchCreditRequest::ach(TransactionAmount::usd("25.50").unwrap(), seed_account());
    let result = client(&server)
        .ach_credit()
        .body(request)
        .await
        .unwrap()
        .into_inner();
    assert!(!result.is_approved());
    assert!(matches!(result, TransactionResult::Declined(_)));
    let declined = result.into_approved().unwrap_err();
    assert_eq!(
        declined.response_text.as_deref(),
        Some("ACH request declined")
    );
    assert_eq!(
        declined.ids.transaction_id.unwrap().to_string(),
        "1XSnl0X7GC44qPT2CVV8BCz0bQi"
    );
    assert_eq!(
        declined.to_string(),
        "paynetworx declined the transaction: ACH request declined (transaction 1XSnl0X7GC44qPT2CVV8BCz0bQi)"
    );
    // `?` into a boxed error works: a decline is an error value.
    let as_error: Box<dyn std::error::Error> = declined.into();
    assert!(as_error.to_string().contains("declined"));
}

#[tokio::test]
async fn error_bodies_decode_and_other_bodies_keep_the_status() {
    let cases: Vec<(u16, &str, Option<&str>)> = vec![
        (
            401,
            r#"{"ResponseText": "Invalid API key", "ResponseCode": "401"}"#,
            Some("401 Invalid API key"),
        ),
        (
            409,
            r#"{"ResponseText": "Conflict with another request", "ResponseCode": 409}"#,
            Some("409 Conflict with another request"),
        ),
        (
            400,
            r#"{"Error": "Bad Request", "Message": "Amount is required"}"#,
            Some("Bad Request"),
        ),
        (
            429,
            r#"{"Message": "Too many requests"}"#,
            Some("Too many requests"),
        ),
        (503, "<html>Service Unavailable</html>", None),
        (500, "", None),
        (402, "[1, 2]", None),
    ];
    for (status, body, summary) in cases {
        let server = MockServer::start_async().await;
        server
            .mock_async(|when, then| {
                when.method(POST).path(PATH);
                then.status(status)
                    .header("content-type", "application/json")
                    .body(body);
            })
            .await;
        let request =
            types::AchCreditRequest::ach(TransactionAmount::usd("1").unwrap(), seed_account());
        let error = client(&server)
            .ach_credit()
            .body(request)
            .await
            .unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Status);
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(error.body().map(|b| b.as_ref()), Some(body.as_bytes()));
        let text = error.to_string();
        match summary {
            Some(summary) => {
                assert!(
                    matches!(error.api_error(), Some(payclients::ApiError::PayNetworx(_))),
                    "{body}"
                );
                assert!(text.ends_with(summary), "{text}");
            }
            None => assert!(error.api_error().is_none(), "{body}"),
        }
        assert!(
            !text.contains(PASSWORD)
                && !text.contains(USER)
                && !format!("{error:?}").contains(PASSWORD)
        );
    }
}

#[tokio::test]
async fn ids_are_ksuids_and_a_bad_one_is_a_clear_error() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST).path(PATH);
            then.status(200)
                .json_body(json!({"TransactionID": "not-a-ksuid", "Approved": true}));
        })
        .await;
    let request =
        types::AchCreditRequest::ach(TransactionAmount::usd("1").unwrap(), seed_account());
    let error = client(&server)
        .ach_credit()
        .body(request)
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode);
    assert_eq!(error.status().map(|s| s.as_u16()), Some(200));
    assert!(
        error
            .to_string()
            .contains("not a KSUID: expected 27 base62 characters"),
        "{error}"
    );
}

#[tokio::test]
async fn account_types_beyond_the_docs_are_sent_as_given() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(PATH)
                .body_includes(r#""AchAccountType":"CorporateChecking""#);
            then.status(200).json_body(op_example("response", "ach"));
        })
        .await;
    let mut account = seed_account();
    account.ach_account_type = "CorporateChecking".into();
    assert_eq!(
        account.ach_account_type,
        AchAccountType::Other("CorporateChecking".into())
    );
    assert_eq!(
        AchAccountType::from("BusinessSavings"),
        AchAccountType::BusinessSavings
    );
    let request = types::AchCreditRequest::ach(TransactionAmount::usd("1").unwrap(), account);
    client(&server).ach_credit().body(request).await.unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn zero_decimal_currencies_and_merchant_detail() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(PATH)
                .body_includes(r#""Amount":{"Total":1200,"Currency":"JPY"}"#)
                .body_includes(r#""Detail":{"MerchantData":{"MerchantDefinedKey1":"order-17","MerchantDefinedKey2":"web"},"TransactionEntry":{"Application":"shop","ApplicationVersion":"2.1"}}"#);
            then.status(200).json_body(op_example("response", "ach"));
        })
        .await;
    let amount = TransactionAmount::new(rust_decimal::Decimal::new(1200, 0), "JPY").unwrap();
    let detail: types::TransactionDetail = serde_json::from_value(json!({
        "MerchantData": {"MerchantDefinedKey1": "order-17", "MerchantDefinedKey2": "web"},
        "TransactionEntry": {"Application": "shop", "ApplicationVersion": "2.1"}
    }))
    .unwrap();
    let request = types::AchCreditRequest::ach(amount, seed_account()).with_detail(detail);
    client(&server).ach_credit().body(request).await.unwrap();
    mock.assert_async().await;
    // More precision than the currency has is refused before anything is sent.
    assert!(TransactionAmount::usd("25.505").is_err());
    assert!(TransactionAmount::new(rust_decimal::Decimal::new(15, 1), "JPY").is_err());
}

#[test]
fn every_spec_example_decodes_and_round_trips() {
    let spec = spec();
    let op = &spec["paths"]["/v0/transaction/achcredit"]["post"];
    let requests = op["requestBody"]["content"]["application/json"]["examples"]
        .as_object()
        .unwrap();
    for (name, example) in requests {
        let request: types::AchCreditRequest =
            serde_json::from_value(example["value"].clone()).unwrap();
        assert_eq!(
            serde_json::to_value(&request).unwrap(),
            example["value"],
            "request {name}"
        );
    }
    for status in ["200", "201", "202"] {
        assert_eq!(
            op["responses"][status]["$ref"], "#/components/responses/Transaction",
            "{status}"
        );
    }
    let responses =
        spec["components"]["responses"]["Transaction"]["content"]["application/json"]["examples"]
            .as_object()
            .unwrap();
    for (name, example) in responses {
        let result: TransactionResult = serde_json::from_value(example["value"].clone()).unwrap();
        assert_eq!(result.is_approved(), name != "declined", "{name}");
        assert_eq!(
            serde_json::to_value(&result).unwrap(),
            example["value"],
            "response {name}"
        );
    }
    let error = &spec["components"]["responses"]["Error"]["content"]["application/json"]["examples"]
        ["unauthorized"]["value"];
    let body: types::ErrorResponse = serde_json::from_value(error.clone()).unwrap();
    assert_eq!(body.response_text.as_deref(), Some("Invalid API key"));
    assert_eq!((requests.len(), responses.len()), (3, 4));
}

#[test]
fn credentials_and_account_numbers_never_show() {
    let client = Client::new("https://api.qa.paynetworx.net", USER, PASSWORD).unwrap();
    let debug = format!("{client:?}");
    assert!(
        !debug.contains(PASSWORD) && !debug.contains(USER) && !debug.contains("MWZI"),
        "{debug}"
    );
    let request =
        types::AchCreditRequest::ach(TransactionAmount::usd("25.50").unwrap(), seed_account());
    let debug = format!("{request:?}");
    assert!(!debug.contains("01234567890123456"), "{debug}");
    assert!(
        debug.contains("****3456"),
        "the last four digits help: {debug}"
    );
    assert!(
        !debug.contains("A12345"),
        "the customer id is masked: {debug}"
    );
    // RFC 7617: a Basic user-id cannot hold a colon.
    let error = Client::new("https://api.qa.paynetworx.net", "us:er", PASSWORD).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidRequest);
    let text = format!("{error} {error:?}");
    assert!(
        !text.contains("us:er") && !text.contains(PASSWORD),
        "{text}"
    );
}
