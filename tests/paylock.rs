//! Spec-conformance tests of the PayLock client (JSON transport) against httpmock on
//! 127.0.0.1: the request (GUID path, inferred query parameters, bearer token), the seed's
//! sample, exact money, GUID and date forms, ServiceStack errors, redaction of card data.
#![cfg(feature = "paylock")]

#[path = "support/specs.rs"]
mod specs;

use httpmock::Method::GET;
use httpmock::MockServer;
use payclients::paylock::{Client, DateTime, types};
use payclients::{ErrorKind, Guid};
use serde_json::{Value, json};

const TOKEN: &str = "paylock-token-77";
const ATTEMPT: &str = "7b0e8c1e4f0a4d9b9a571f1c2a3b4c5d";
const CUSTOMER: &str = "5e6f7a8b9c0d41e2f3a4b5c6d7e8f9a0";

fn spec() -> Value {
    specs::spec("paylock")
}

fn example(name: &str) -> Value {
    specs::response_example(
        "paylock",
        "/payment/{collectionattemptid}",
        "get",
        "200",
        name,
    )
}

/// Without `null` members and empty arrays, which mean the same as absent ones here.
fn strip_nulls(value: Value) -> Value {
    let empty = |v: &Value| v.is_null() || v.as_array().is_some_and(Vec::is_empty);
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !empty(v))
                .map(|(k, v)| (k, strip_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(strip_nulls).collect()),
        other => other,
    }
}

fn client(server: &MockServer) -> Client {
    Client::new(server.base_url(), TOKEN).unwrap()
}

#[tokio::test]
async fn get_payment_sends_the_guid_path_and_the_query_fields() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("/payment/{ATTEMPT}"))
                .query_param("CustomerId", CUSTOMER)
                .query_param("PaymentId", "9a8b7c6d5e4f40312a1b2c3d4e5f6a7b")
                .query_param("PaymentMethod", "2")
                .query_param("PaymentAction", "1")
                .query_param_count(".*", ".*", 4)
                .header("authorization", format!("Bearer {TOKEN}"))
                .header("accept", "application/json")
                .header_missing("content-type")
                .header_missing("api-version");
            then.status(200)
                .header("content-type", "application/json")
                .json_body(example("paid"));
        })
        .await;
    let result = client(&server)
        .get_payment()
        // The dashed form is accepted and sent as ServiceStack's 32 hex digits.
        .collectionattemptid("7b0e8c1e-4f0a-4d9b-9a57-1f1c2a3b4c5d")
        .customer_id(CUSTOMER)
        .payment_id("9A8B7C6D5E4F40312A1B2C3D4E5F6A7B")
        .payment_method(2)
        .payment_action(1)
        .await
        .unwrap();
    mock.assert_async().await;

    // (YAML reads the spec's `0.00` as a number, so the exact-text checks are below.)
    assert!(result.net_due.unwrap().decimal().is_zero());
    let fee = result.convenience_fee.as_ref().unwrap();
    assert_eq!(fee.fee_amount.unwrap().to_string(), "4.95");
    assert_eq!(fee.total_payment_amount.unwrap().to_string(), "154.95");
    assert_eq!(fee.payment_gateway_id, None);
    assert_eq!(
        fee.id.unwrap().to_string(),
        "3f2b8c1d9e7a4b6c8d0e1f2a3b4c5d6e"
    );
    let payment = result.payment.as_ref().unwrap();
    assert_eq!(payment.total_amount.unwrap().to_string(), "154.95");
    assert_eq!(payment.total_allocated.unwrap().to_string(), "154.95");
    assert_eq!(
        payment.placed_date.unwrap().to_string(),
        "2024-03-01T14:05:09.123Z"
    );
    assert_eq!(payment.email.as_deref(), Some("polly@example.com"));
    assert_eq!(
        result.gateway_accepted_payment_types,
        vec!["Visa", "MasterCard"]
    );
}

#[test]
fn the_seed_sample_and_the_illustrative_one_decode_and_round_trip() {
    for name in ["seed", "paid"] {
        let value = example(name);
        let typed: types::GetPaymentResult = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(
            serde_json::to_value(&typed).unwrap(),
            strip_nulls(value),
            "{name}"
        );
    }
    let seed: types::GetPaymentResult = serde_json::from_value(example("seed")).unwrap();
    let alert = &seed
        .pre_payment_alerts
        .as_ref()
        .unwrap()
        .vehicle_cancelled_check_or_chargeback_alerts[0];
    assert_eq!(alert.id, Some(Guid::NIL));
    assert_eq!(
        seed.card_details
            .as_ref()
            .unwrap()
            .common_e_check_model
            .as_ref()
            .unwrap()
            .account_type,
        Some(0)
    );
    let error = &spec()["components"]["responses"]["Error"]["content"]["application/json"]["examples"]
        ["validation"]["value"];
    serde_json::from_value::<types::ErrorResponse>(error.clone()).unwrap();
}

#[tokio::test]
async fn servicestack_dates_and_dashed_guids_decode() {
    let server = MockServer::start_async().await;
    // A raw body, so that the number text is exactly what a server sends.
    let body = r#"{"netDue": 0.00, "convenienceFee": {"maxRange": 500.00, "feeAmount": 4.90}, "payment": {
        "id": "9a8b7c6d-5e4f-4031-2a1b-2c3d4e5f6a7b",
        "placedDate": "\/Date(1709301909123-0500)\/",
        "customerReceiptDate": "2024-03-01",
        "totalAmount": 154.90
    }}"#;
    server
        .mock_async(|when, then| {
            when.method(GET).path(format!("/payment/{ATTEMPT}"));
            then.status(200)
                .header("content-type", "application/json")
                .body(body);
        })
        .await;
    let result = client(&server)
        .get_payment()
        .collectionattemptid(ATTEMPT)
        .customer_id(CUSTOMER)
        .await
        .unwrap();
    assert_eq!(result.net_due.unwrap().to_string(), "0.00");
    let fee = result.convenience_fee.as_ref().unwrap();
    assert_eq!(
        (
            fee.max_range.unwrap().to_string(),
            fee.fee_amount.unwrap().to_string()
        ),
        ("500.00".into(), "4.90".into())
    );
    assert_eq!(
        result
            .payment
            .as_ref()
            .unwrap()
            .total_amount
            .unwrap()
            .to_string(),
        "154.90"
    );
    let payment = result.payment.as_ref().unwrap();
    assert_eq!(
        payment.id.unwrap().to_string(),
        "9a8b7c6d5e4f40312a1b2c3d4e5f6a7b"
    );
    let placed = payment.placed_date.unwrap();
    assert_eq!(placed.to_string(), "2024-03-01T09:05:09.123-05:00");
    assert_eq!(
        placed.to_utc(),
        "2024-03-01T14:05:09.123Z"
            .parse::<DateTime>()
            .unwrap()
            .to_utc()
    );
    assert_eq!(
        payment.customer_receipt_date.unwrap().to_string(),
        "2024-03-01T00:00:00Z"
    );
}

#[tokio::test]
async fn servicestack_errors_decode_into_the_typed_error() {
    let server = MockServer::start_async().await;
    let body = json!({"responseStatus": {
        "errorCode": "ValidationException", "message": "Validation failed",
        "stackTrace": "at PayLock.Services.PaymentService.Get(GetPayment request) in C:\\src\\secret\\path.cs:line 42",
        "errors": [{"errorCode": "NotEmpty", "fieldName": "CustomerId", "message": "'Customer Id' must not be empty."}]
    }});
    server
        .mock_async(|when, then| {
            when.method(GET).path(format!("/payment/{ATTEMPT}"));
            then.status(400).json_body(body.clone());
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(GET).path(format!("/payment/{}", Guid::NIL));
            then.status(500)
                .header("content-type", "text/html")
                .body("<html>Runtime Error</html>");
        })
        .await;
    let client = client(&server);
    let error = client
        .get_payment()
        .collectionattemptid(ATTEMPT)
        .customer_id(CUSTOMER)
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Status);
    assert_eq!(error.status().map(|s| s.as_u16()), Some(400));
    let Some(payclients::ApiError::PayLock(doc)) = error.api_error() else {
        panic!("{error:?}")
    };
    let status = doc.response_status.as_ref().unwrap();
    assert_eq!(status.errors[0].field_name.as_deref(), Some("CustomerId"));
    assert_eq!(
        error.to_string(),
        "paylock get_payment: HTTP 400 Bad Request: ValidationException: Validation failed; CustomerId: NotEmpty"
    );
    assert!(!error.to_string().contains("stackTrace") && !error.to_string().contains("path.cs"));

    let error = client
        .get_payment()
        .collectionattemptid(Guid::NIL)
        .customer_id(CUSTOMER)
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
    assert!(error.api_error().is_none());
}

#[tokio::test]
async fn malformed_bodies_and_bad_input() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|when, then| {
            when.method(GET).path(format!("/payment/{ATTEMPT}"));
            then.status(200)
                .body(r#"{"netDue": 12.5, "payment": {"placedDate": "tomorrow"}}"#);
        })
        .await;
    let client = client(&server);
    let error = client
        .get_payment()
        .collectionattemptid(ATTEMPT)
        .customer_id(CUSTOMER)
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode);
    assert_eq!(error.status().map(|s| s.as_u16()), Some(200));
    assert!(error.to_string().contains("not a date"), "{error}");
    assert_eq!(any.calls_async().await, 1);

    let missing = client
        .get_payment()
        .collectionattemptid(ATTEMPT)
        .await
        .unwrap_err();
    assert_eq!(
        missing.kind(),
        ErrorKind::InvalidRequest,
        "CustomerId is required"
    );
    let bad = client
        .get_payment()
        .collectionattemptid("not-a-guid")
        .customer_id(CUSTOMER)
        .await
        .unwrap_err();
    assert_eq!(bad.kind(), ErrorKind::InvalidRequest);
    assert_eq!(any.calls_async().await, 1, "nothing more was sent");
}

#[test]
fn card_data_never_shows() {
    let body = json!({"cardDetails": {
        "cardModel": {"cardNumber": "4111111111111111", "cardExpiryMonth": 12, "cardExpiryYear": 2030, "cardSecurityCode": "737"},
        "commonECheckModel": {"accountNumber": "000123456789", "routingNumber": "111000025", "idNumber": "D1234567"},
        "cardTokenNumber": "tok_4f9d2c8e1a", "hiddenCardNumber": "************1111"
    }});
    let result: types::GetPaymentResult = serde_json::from_value(body.clone()).unwrap();
    let debug = format!("{result:?}");
    for secret in [
        "4111111111111111",
        "737",
        "000123456789",
        "D1234567",
        "tok_4f9d2c8e1a",
    ] {
        assert!(!debug.contains(secret), "{secret} in {debug}");
    }
    assert!(
        debug.contains("****1111") && debug.contains("****6789"),
        "{debug}"
    );
    // They are still sent and read in full.
    assert_eq!(serde_json::to_value(&result).unwrap(), body);
    let client = Client::new("https://api.paylock.com", TOKEN).unwrap();
    assert!(!format!("{client:?}").contains(TOKEN));
}
