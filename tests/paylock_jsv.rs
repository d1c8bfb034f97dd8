//! PayLock over JSV against httpmock on 127.0.0.1: the client asks for `text/jsv`, decodes
//! compact and pretty-printed bodies (the seed's sample among them) into the same generated
//! types as the JSON path, reads ServiceStack's `responseStatus` error in JSV, and reports a
//! malformed body with the JSV position.
#![cfg(feature = "paylock")]

#[path = "support/specs.rs"]
mod specs;

use httpmock::Method::GET;
use httpmock::MockServer;
use payclients::paylock::{Client, Format, types};
use payclients::{ApiError, ErrorKind, jsv};

const TOKEN: &str = "paylock-token-77";
const ATTEMPT: &str = "7b0e8c1e4f0a4d9b9a571f1c2a3b4c5d";
const CUSTOMER: &str = "5e6f7a8b9c0d41e2f3a4b5c6d7e8f9a0";

/// The seed's sample as the vendor's documentation prints it (pretty JSV, placeholders).
const SEED: &str = include_str!("fixtures/paylock-get-payment.pretty.jsv");

fn example(name: &str) -> types::GetPaymentResult {
    let value = specs::response_example(
        "paylock",
        "/payment/{collectionattemptid}",
        "get",
        "200",
        name,
    );
    serde_json::from_value(value).unwrap()
}

fn jsv_client(server: &MockServer) -> Client {
    Client::new(server.base_url(), TOKEN)
        .unwrap()
        .with_format(Format::Jsv)
}

async fn serve(server: &MockServer, status: u16, content_type: &str, body: &str) {
    let (content_type, body) = (content_type.to_string(), body.to_string());
    server
        .mock_async(move |when, then| {
            when.method(GET)
                .path(format!("/payment/{ATTEMPT}"))
                .query_param("CustomerId", CUSTOMER)
                .header("accept", "text/jsv")
                .header("authorization", format!("Bearer {TOKEN}"));
            then.status(status)
                .header("content-type", content_type)
                .body(body);
        })
        .await;
}

async fn get(client: &Client) -> Result<types::GetPaymentResult, payclients::Error> {
    client
        .get_payment()
        .collectionattemptid(ATTEMPT)
        .customer_id(CUSTOMER)
        .await
        .map(|response| response.into_inner())
}

#[test]
fn the_seed_sample_decodes_into_the_generated_type() {
    let from_jsv: types::GetPaymentResult = jsv::from_str(SEED).unwrap();
    // The same value as the spec's JSON example of it.
    assert_eq!(from_jsv, example("seed"));
    assert_eq!(from_jsv.payment_method.as_deref(), Some("String"));
    let fee = from_jsv.convenience_fee.as_ref().unwrap();
    assert_eq!(fee.id, Some(payclients::Guid::NIL));
    assert_eq!(fee.apply_at_payment_of_tow, Some(false));
    let alerts = from_jsv.pre_payment_alerts.as_ref().unwrap();
    assert_eq!(alerts.vehicle_cancelled_check_or_chargeback_alerts.len(), 1);
    assert_eq!(from_jsv.gateway_accepted_payment_types, ["String"]);
    // Written back compactly, it reads as the same value.
    let compact = jsv::to_string(&from_jsv).unwrap();
    assert!(!compact.contains(['\n', ' ']), "{compact}");
    assert_eq!(
        jsv::from_str::<types::GetPaymentResult>(&compact).unwrap(),
        from_jsv
    );
}

#[tokio::test]
async fn compact_and_pretty_jsv_bodies_decode_like_json() {
    for body in [jsv::to_string(&example("paid")).unwrap(), SEED.to_string()] {
        let server = MockServer::start_async().await;
        serve(&server, 200, "text/jsv; charset=utf-8", &body).await;
        let result = get(&jsv_client(&server)).await.unwrap();
        let expected: types::GetPaymentResult = jsv::from_str(&body).unwrap();
        assert_eq!(result, expected);
    }
    // The "paid" example through JSV equals the JSON example.
    let server = MockServer::start_async().await;
    serve(
        &server,
        200,
        "text/jsv",
        &jsv::to_string(&example("paid")).unwrap(),
    )
    .await;
    assert_eq!(get(&jsv_client(&server)).await.unwrap(), example("paid"));
}

#[tokio::test]
async fn amounts_dates_and_keys_keep_their_exact_values() {
    let server = MockServer::start_async().await;
    let body = "{NetDue:25.50,isRefund:true,payment:{totalAmount:12400.50,\
                placedDate:/Date(1619450727587-0500)/,customerReceiptDate:2021-04-26,\
                id:7B0E8C1E-4F0A-4D9B-9A57-1F1C2A3B4C5D,email:\"a,b@example.com\"},\
                gatewayAcceptedPaymentTypes:[Visa,\"Master, Card\"],unknownMember:{x:[1]}}";
    serve(&server, 200, "text/jsv", body).await;
    let result = get(&jsv_client(&server)).await.unwrap();
    assert_eq!(result.net_due.unwrap().to_string(), "25.50");
    assert_eq!(result.is_refund, Some(true));
    let payment = result.payment.unwrap();
    assert_eq!(payment.total_amount.unwrap().to_string(), "12400.50");
    assert_eq!(
        payment.placed_date.unwrap().to_string(),
        "2021-04-26T10:25:27.587-05:00"
    );
    assert_eq!(
        payment.customer_receipt_date.unwrap().to_string(),
        "2021-04-26T00:00:00Z"
    );
    assert_eq!(
        payment.id.unwrap().to_string(),
        "7b0e8c1e4f0a4d9b9a571f1c2a3b4c5d"
    );
    assert_eq!(payment.email.as_deref(), Some("a,b@example.com"));
    assert_eq!(
        result.gateway_accepted_payment_types,
        ["Visa", "Master, Card"]
    );
}

#[tokio::test]
async fn a_json_answer_to_a_jsv_request_still_decodes() {
    let server = MockServer::start_async().await;
    let json = serde_json::to_string(&example("paid")).unwrap();
    serve(&server, 200, "application/json", &json).await;
    assert_eq!(get(&jsv_client(&server)).await.unwrap(), example("paid"));
}

#[tokio::test]
async fn a_servicestack_error_in_jsv_is_the_typed_error() {
    let server = MockServer::start_async().await;
    let body = "{responseStatus:{errorCode:ValidationException,message:Validation failed,\
                stackTrace:\"at PayLock.Services.PaymentService.Get(GetPayment request)\",\
                errors:[{errorCode:NotEmpty,fieldName:CustomerId,message:'Customer Id' must not be empty.}]}}";
    serve(&server, 400, "text/jsv", body).await;
    let error = get(&jsv_client(&server)).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Status);
    assert_eq!(error.status().map(|s| s.as_u16()), Some(400));
    let Some(ApiError::PayLock(doc)) = error.api_error() else {
        panic!("{error:?}")
    };
    let status = doc.response_status.as_ref().unwrap();
    assert_eq!(status.errors[0].field_name.as_deref(), Some("CustomerId"));
    assert_eq!(
        status.errors[0].message.as_deref(),
        Some("'Customer Id' must not be empty.")
    );
    assert_eq!(
        error.to_string(),
        "paylock get_payment: HTTP 400 Bad Request: ValidationException: Validation failed; CustomerId: NotEmpty"
    );
    // The body is kept as it came.
    assert_eq!(error.body().map(|b| b.as_ref()), Some(body.as_bytes()));
}

#[tokio::test]
async fn a_malformed_jsv_body_is_a_decode_error_with_its_position() {
    let server = MockServer::start_async().await;
    let body =
        "{netDue:25.50,\nisRefund:maybe,\ncardDetails:{cardModel:{cardNumber:4111111111111111}}}";
    serve(&server, 200, "text/jsv", body).await;
    let error = get(&jsv_client(&server)).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode);
    assert_eq!(error.status().map(|s| s.as_u16()), Some(200));
    assert_eq!(
        error.to_string(),
        "paylock get_payment: HTTP 200 OK: the JSV response body does not match the spec: \
         expected a boolean (True, False, 1 or 0) at line 2 column 10"
    );
    assert!(!format!("{error:?}").contains("4111111111111111"));
    assert_eq!(error.body().map(|b| b.as_ref()), Some(body.as_bytes()));

    let server = MockServer::start_async().await;
    serve(&server, 200, "text/jsv", "{netDue:1").await;
    let error = get(&jsv_client(&server)).await.unwrap_err();
    assert!(error.is_decode());
    assert!(
        error
            .to_string()
            .ends_with("unclosed `{` at line 1 column 10"),
        "{error}"
    );
}

#[tokio::test]
async fn json_stays_the_default_and_can_be_chosen_back() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("/payment/{ATTEMPT}"))
                .header("accept", "application/json");
            then.status(200)
                .header("content-type", "application/json")
                .json_body(serde_json::to_value(example("paid")).unwrap());
        })
        .await;
    let client = Client::new(server.base_url(), TOKEN)
        .unwrap()
        .with_format(Format::Jsv)
        .with_format(Format::Json);
    assert_eq!(get(&client).await.unwrap(), example("paid"));
    assert_eq!(Format::default(), Format::Json);
    mock.assert_async().await;
}

#[tokio::test]
async fn hostile_jsv_bodies_are_decode_errors() {
    let deep = format!("{{cardDetails:{}", "[".repeat(100_000));
    let huge = format!(
        "{{gatewayAcceptedPaymentTypes:[{}x]}}",
        "x,".repeat(1024 * 1024)
    );
    let cases: Vec<(&str, String)> = vec![
        ("truncated", "{netDue:1,convenienceFee:{id:".into()),
        ("unclosed quote", "{paymentMethod:\"card".into()),
        ("empty", String::new()),
        (
            "html",
            "<html><body>nginx 4111111111111111</body></html>".into(),
        ),
        ("deep", deep),
        ("wrong shape", "[1,2,3]".into()),
    ];
    for (what, body) in cases {
        let server = MockServer::start_async().await;
        serve(&server, 200, "text/jsv", &body).await;
        let error = get(&jsv_client(&server)).await.unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Decode, "{what}: {error}");
        assert_eq!(error.status().map(|s| s.as_u16()), Some(200), "{what}");
        let text = error.to_string();
        assert!(
            text.len() < 300 && !text.contains("4111") && !text.contains("nginx"),
            "{what}: {text}"
        );
    }
    // A large body of valid JSV decodes (2 MB, a million list items).
    let server = MockServer::start_async().await;
    serve(&server, 200, "text/jsv", &huge).await;
    let result = get(&jsv_client(&server)).await.unwrap();
    assert_eq!(result.gateway_accepted_payment_types.len(), 1024 * 1024 + 1);
    // Invalid UTF-8.
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path(format!("/payment/{ATTEMPT}"));
            then.status(200)
                .header("content-type", "text/jsv")
                .body(b"{paymentMethod:\xff}".as_slice());
        })
        .await;
    let error = get(&jsv_client(&server)).await.unwrap_err();
    assert!(error.is_decode());
    assert!(
        error
            .to_string()
            .ends_with("invalid UTF-8 at line 1 column 16"),
        "{error}"
    );
}

mod properties {
    use super::*;
    use payclients::Guid;
    use payclients::money::Amount;
    use payclients::paylock::DateTime;
    use payclients::secret::{MaskedNumber, Secret};
    use proptest::prelude::*;

    fn amount() -> impl Strategy<Value = Option<Amount>> {
        proptest::option::of(
            (any::<i64>(), 0u32..8).prop_map(|(mantissa, scale)| {
                Amount::new(rust_decimal::Decimal::new(mantissa, scale))
            }),
        )
    }

    fn guid() -> impl Strategy<Value = Option<Guid>> {
        proptest::option::of(any::<u128>().prop_map(|v| Guid::from_uuid(uuid_from(v))))
    }

    fn uuid_from(value: u128) -> uuid::Uuid {
        uuid::Uuid::from_u128(value)
    }

    fn text() -> impl Strategy<Value = Option<String>> {
        proptest::option::of(prop_oneof![
            ".*",
            prop::sample::select(vec![
                "",
                " x",
                "True",
                "0",
                "1.5",
                "a,b",
                "{}",
                "\"q\"",
                "/Date(0)/"
            ])
            .prop_map(String::from),
        ])
    }

    fn date() -> impl Strategy<Value = Option<DateTime>> {
        proptest::option::of(
            (-62_135_596_800_000i64..253_402_300_799_000, -1439i32..1440).prop_map(
                |(millis, minutes)| {
                    let offset = chrono::FixedOffset::east_opt(minutes * 60).unwrap();
                    let utc = chrono::DateTime::from_timestamp_millis(millis).unwrap();
                    DateTime::from(utc.with_timezone(&offset))
                },
            ),
        )
    }

    prop_compose! {
        fn fee()(
            id in guid(), gateway in guid(), kind in text(), min in amount(), max in amount(),
            fee in amount(), boot in any::<Option<bool>>(), total in amount(),
        ) -> types::ConvenienceFee {
            // Answers' types are non-exhaustive: built with their generated builders.
            types::ConvenienceFee::builder()
                .id(id).payment_gateway_id(gateway).payment_type(kind).min_range(min)
                .max_range(max).fee_amount(fee).apply_at_payment_of_boot(boot)
                .total_payment_amount(total)
                .try_into().unwrap()
        }
    }

    prop_compose! {
        fn payment()(
            id in guid(), number in any::<Option<i32>>(), total in amount(), placed in date(),
            receipt in date(), first in text(), email in text(), note in text(),
            allocated in amount(), deleted in any::<Option<bool>>(),
        ) -> types::Payment {
            types::Payment::builder()
                .id(id).transaction_number(number).total_amount(total).placed_date(placed)
                .customer_receipt_date(receipt).first_name(first).email(email).payment_note(note)
                .total_allocated(allocated).is_deleted(deleted)
                .try_into().unwrap()
        }
    }

    prop_compose! {
        fn result()(
            net_due in amount(), method in text(), valid in any::<Option<bool>>(),
            fee in proptest::option::of(fee()), kinds in prop::collection::vec(".*", 0..4),
            payment in proptest::option::of(payment()), card in text(), cvv in text(),
            alerts in prop::collection::vec((guid(), any::<Option<i32>>(), text()), 0..3),
        ) -> types::GetPaymentResult {
            let card_model: types::CardModel = types::CardModel::builder()
                .card_number(card.map(MaskedNumber::new))
                .card_security_code(cvv.map(Secret::new))
                .try_into().unwrap();
            let card_details: types::CommonCardModel = types::CommonCardModel::builder()
                .card_model(Some(card_model))
                .try_into().unwrap();
            let alerts: Vec<types::VehicleAlert> = alerts
                .into_iter()
                .map(|(id, type_id, note)| {
                    types::VehicleAlert::builder()
                        .id(id).alert_type_id(type_id).note(note)
                        .try_into().unwrap()
                })
                .collect();
            let pre_payment_alerts: types::PrePaymentAlerts = types::PrePaymentAlerts::builder()
                .vehicle_cancelled_check_or_chargeback_alerts(alerts)
                .try_into().unwrap();
            types::GetPaymentResult::builder()
                .net_due(net_due).payment_method(method).is_card_info_valid(valid)
                .convenience_fee(fee).gateway_accepted_payment_types(kinds).payment(payment)
                .card_details(Some(card_details))
                .pre_payment_alerts(Some(pre_payment_alerts))
                .try_into().unwrap()
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        #[test]
        fn paylock_results_round_trip_through_jsv(value in result()) {
            let text = jsv::to_string(&value).unwrap();
            let back: types::GetPaymentResult = jsv::from_str(&text)
                .map_err(|e| TestCaseError::fail(format!("{text:?}: {e}")))?;
            prop_assert_eq!(back, value);
        }
    }
}
