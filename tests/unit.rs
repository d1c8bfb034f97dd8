//! Spec-conformance tests of the Unit client against httpmock on 127.0.0.1: what each
//! operation sends (method, path, query, headers, body) and what it reads (every example of
//! the spec, typed errors, unknown enum values, malformed bodies).
#![cfg(feature = "unit")]

#[path = "support/specs.rs"]
mod specs;

use httpmock::Method::{GET, PATCH, POST};
use httpmock::MockServer;
use payclients::ErrorKind;
use payclients::unit::types::{
    self, AccountType, IncludedResourceType, ReceivedPaymentDirection, ReceivedPaymentSort,
    ReceivedPaymentStatus, ReceivedPaymentType, ReceivedPaymentTypeFilter,
};
use payclients::unit::{Client, StatusFilter, TagsFilter};
use serde_json::{Value, json};

const TOKEN: &str = "unit-test-token-5f9c2a";
const JSON_API: &str = "application/vnd.api+json";

fn spec() -> Value {
    specs::spec("unit")
}

/// The `value` of a named example of an operation's response.
fn example(path: &str, method: &str, status: &str, name: &str) -> Value {
    specs::response_example("unit", path, method, status, name)
}

fn client(server: &MockServer) -> Client {
    Client::new(server.base_url(), TOKEN).unwrap()
}

#[tokio::test]
async fn get_sends_exactly_what_unit_documents() {
    let server = MockServer::start_async().await;
    let body = example("/received-payments/{id}", "get", "200", "withIncluded");
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/received-payments/1337")
                .query_param("include", "account,customer")
                .query_param_count(".*", ".*", 1)
                .header("authorization", format!("Bearer {TOKEN}"))
                .header("accept", JSON_API)
                .header_missing("content-type")
                .header_missing("api-version")
                .header_missing("content-length");
            then.status(200)
                .header("content-type", JSON_API)
                .json_body(body);
        })
        .await;

    let response = client(&server)
        .get_received_payment()
        .id("1337")
        .include("account,customer")
        .await
        .unwrap();
    mock.assert_async().await;

    let payment = &response.data;
    assert_eq!(payment.id.as_str(), "1337");
    assert_eq!(payment.type_, ReceivedPaymentType::AchReceivedPayment);
    assert_eq!(payment.attributes.status, ReceivedPaymentStatus::Pending);
    assert_eq!(payment.attributes.amount.get(), 500_000);
    assert_eq!(
        payment.attributes.direction,
        Some(ReceivedPaymentDirection::Credit)
    );
    assert_eq!(payment.attributes.completion_date.to_string(), "2020-07-30");
    assert_eq!(
        payment.attributes.created_at.to_rfc3339(),
        "2022-02-01T12:03:14.406+00:00"
    );
    assert_eq!(
        payment.relationships.account.data.type_,
        AccountType::Account
    );
    let included = &response.included;
    assert_eq!(included.len(), 2);
    assert_eq!(included[0].type_, IncludedResourceType::DepositAccount);
    assert_eq!(included[1].type_, IncludedResourceType::IndividualCustomer);
    assert_eq!(included[1].attributes["fullName"]["first"], "Peter");
}

#[tokio::test]
async fn list_puts_every_filter_on_the_wire_with_unit_names() {
    let server = MockServer::start_async().await;
    let body = example("/received-payments", "get", "200", "seed");
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/received-payments")
                .query_param("page[limit]", "20")
                .query_param("page[offset]", "10")
                .query_param("filter[accountId]", "163575")
                .query_param("filter[customerId]", "129528")
                .query_param("filter[since]", "2021-06-01")
                .query_param("filter[until]", "2021-07-01")
                .query_param("filter[status][0]", "Pending")
                .query_param("filter[status][1]", "Advanced")
                .query_param("filter[fromAmount]", "5000")
                .query_param("filter[toAmount]", "7000")
                .query_param("filter[canBeReprocessed]", "true")
                .query_param("filter[type]", "Ach")
                .query_param(
                    "filter[tags]",
                    r#"{"by":"Richard Hendricks","team":"payments"}"#,
                )
                .query_param("sort", "-createdAt")
                .query_param("include", "customer")
                .query_param_count(".*", ".*", 15)
                .header("authorization", format!("Bearer {TOKEN}"))
                .header("accept", JSON_API)
                .header_missing("api-version");
            then.status(200)
                .header("content-type", JSON_API)
                .json_body(body);
        })
        .await;

    let page = client(&server)
        .list_received_payments()
        .page_limit(20)
        .page_offset(10)
        .filter_account_id("163575")
        .filter_customer_id("129528")
        .filter_since("2021-06-01".parse::<chrono::NaiveDate>().unwrap())
        .filter_until("2021-07-01".parse::<chrono::NaiveDate>().unwrap())
        .filter_status(StatusFilter::from([
            ReceivedPaymentStatus::Pending,
            ReceivedPaymentStatus::Advanced,
        ]))
        .filter_from_amount(5000)
        .filter_to_amount(7000)
        .filter_can_be_reprocessed(true)
        .filter_type(ReceivedPaymentTypeFilter::Ach)
        .filter_tags(TagsFilter::from([
            ("team", "payments"),
            ("by", "Richard Hendricks"),
        ]))
        .sort(ReceivedPaymentSort::CreatedAtDesc)
        .include("customer")
        .await
        .unwrap();
    mock.assert_async().await;

    assert_eq!(page.data.len(), 2);
    let pagination = page.meta.as_ref().unwrap().pagination.as_ref().unwrap();
    assert_eq!(
        (pagination.total, pagination.limit, pagination.offset),
        (2, 100, 0)
    );
    let second = &page.data[1];
    assert_eq!(second.attributes.status, ReceivedPaymentStatus::Completed);
    assert_eq!(second.attributes.direction, None, "the seed omits it");
    assert_eq!(second.attributes.is_advanceable, None);
    let relationships = &second.relationships;
    assert_eq!(
        relationships
            .receive_payment_transaction
            .as_ref()
            .unwrap()
            .data
            .id
            .as_str(),
        "101"
    );
    assert_eq!(
        relationships
            .payment_advance_transaction
            .as_ref()
            .unwrap()
            .data
            .id
            .as_str(),
        "202"
    );
    assert_eq!(
        relationships
            .repay_payment_advance_transaction
            .as_ref()
            .unwrap()
            .data
            .id
            .as_str(),
        "890"
    );
}

#[tokio::test]
async fn include_completed_and_the_seed_curl_query() {
    // The seed's curl: ?page[limit]=20&page[offset]=10&filter[includeCompleted]=true
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/received-payments")
                .query_param("page[limit]", "20")
                .query_param("page[offset]", "10")
                .query_param("filter[includeCompleted]", "true")
                .query_param_count(".*", ".*", 3);
            then.status(200).json_body(json!({"data": []}));
        })
        .await;
    let page = client(&server)
        .list_received_payments()
        .page_limit(20)
        .page_offset(10)
        .filter_include_completed(true)
        .await
        .unwrap();
    mock.assert_async().await;
    assert!(page.data.is_empty());
    assert!(page.meta.is_none());
}

#[tokio::test]
async fn list_without_filters_sends_no_query() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/received-payments").query_param_count(".*", ".*", 0);
            then.status(200).json_body(json!({"data": [], "meta": {"pagination": {"total": 0, "limit": 100, "offset": 0}}}));
        })
        .await;
    client(&server).list_received_payments().await.unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn update_sends_the_seed_body_as_json_api() {
    let server = MockServer::start_async().await;
    let spec = spec();
    let request = spec
        .pointer("/paths/~1received-payments~1{id}/patch/requestBody/content/application~1vnd.api+json/examples/seed/value")
        .unwrap()
        .clone();
    let response = example("/received-payments/{id}", "patch", "200", "tagged");
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/received-payments/1337")
                .query_param_count(".*", ".*", 0)
                .header("authorization", format!("Bearer {TOKEN}"))
                .header("content-type", JSON_API)
                .header("accept", JSON_API)
                .header_missing("api-version")
                // The exact bytes: keys in order, no whitespace.
                .body(r#"{"data":{"attributes":{"tags":{"by":"Richard Hendricks","id":"23033b64-38f8-4dbc-91a1-313ff0156d02"}},"type":"achReceivedPayment"}}"#);
            then.status(200).header("content-type", JSON_API).json_body(response);
        })
        .await;
    let body: types::UpdateReceivedPaymentRequest = serde_json::from_value(request).unwrap();
    let updated = client(&server)
        .update_received_payment()
        .id("1337")
        .body(body)
        .await
        .unwrap();
    mock.assert_async().await;
    let tags = updated.data.attributes.tags.as_ref().unwrap();
    assert_eq!(tags["by"].as_str(), "Richard Hendricks");
}

#[tokio::test]
async fn update_built_with_the_typed_builders() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/received-payments/1337")
                .body(r#"{"data":{"attributes":{"tags":{"by":"Richard Hendricks"}},"type":"achReceivedPayment"}}"#);
            then.status(200).json_body(example("/received-payments/{id}", "patch", "200", "tagged"));
        })
        .await;
    let tags: types::Tags = [(
        "by".to_string(),
        "Richard Hendricks".parse::<types::TagsValue>().unwrap(),
    )]
    .into_iter()
    .collect::<std::collections::BTreeMap<_, _>>()
    .into();
    client(&server)
        .update_received_payment()
        .id("1337")
        .body_map(|b| {
            b.data(
                types::builder::UpdateReceivedPaymentRequestData::default()
                    .type_(ReceivedPaymentType::AchReceivedPayment)
                    .attributes(
                        types::builder::UpdateReceivedPaymentRequestDataAttributes::default()
                            .tags(Some(tags)),
                    ),
            )
        })
        .await
        .unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn advance_and_reprocess_post_without_a_body() {
    let server = MockServer::start_async().await;
    let advance = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/received-payments/1337/advance")
                .header("authorization", format!("Bearer {TOKEN}"))
                .header("accept", JSON_API)
                .header_missing("content-type")
                .header_missing("api-version")
                .body("");
            then.status(200).json_body(example(
                "/received-payments/{id}/advance",
                "post",
                "200",
                "advanced",
            ));
        })
        .await;
    let reprocess = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/received-payments/1340/reprocess")
                .header("authorization", format!("Bearer {TOKEN}"))
                .header("accept", JSON_API)
                .header_missing("content-type")
                .body("");
            then.status(200).json_body(example(
                "/received-payments/{id}/reprocess",
                "post",
                "200",
                "reprocessed",
            ));
        })
        .await;
    let client = client(&server);
    let advanced = client.advance_received_payment().id("1337").await.unwrap();
    assert_eq!(
        advanced.data.attributes.status,
        ReceivedPaymentStatus::Advanced
    );
    assert!(advanced.data.attributes.was_advanced);
    let reprocessed = client
        .reprocess_received_payment()
        .id("1340")
        .await
        .unwrap();
    assert_eq!(
        reprocessed.data.attributes.return_reason.as_deref(),
        Some("InsufficientFunds")
    );
    assert_eq!(
        reprocessed.data.relationships.customer.data.type_,
        types::CustomerType::BusinessCustomer
    );
    advance.assert_async().await;
    reprocess.assert_async().await;
}

/// Every example of every response in the spec decodes into the type the client returns.
#[test]
fn every_spec_example_decodes() {
    let spec = spec();
    let mut decoded = 0;
    let responses = spec["components"]["responses"]
        .as_object()
        .unwrap()
        .values();
    let mut media: Vec<Value> = responses.map(|r| r["content"][JSON_API].clone()).collect();
    for item in spec["paths"].as_object().unwrap().values() {
        for op in item
            .as_object()
            .unwrap()
            .values()
            .filter_map(|op| op.get("responses"))
        {
            for response in op.as_object().unwrap().values() {
                if let Some(m) = response.pointer("/content/application~1vnd.api+json") {
                    media.push(m.clone());
                }
            }
        }
    }
    for m in media {
        let schema = m["schema"]["$ref"]
            .as_str()
            .unwrap()
            .rsplit('/')
            .next()
            .unwrap()
            .to_string();
        for (name, example) in m["examples"].as_object().unwrap() {
            let value = example["value"].clone();
            let result = match schema.as_str() {
                "ReceivedPaymentList" => {
                    serde_json::from_value::<types::ReceivedPaymentList>(value.clone())
                        .map(|v| serde_json::to_value(v).unwrap())
                }
                "ReceivedPaymentDocument" => {
                    serde_json::from_value::<types::ReceivedPaymentDocument>(value.clone())
                        .map(|v| serde_json::to_value(v).unwrap())
                }
                "ErrorDocument" => serde_json::from_value::<types::ErrorDocument>(value.clone())
                    .map(|v| serde_json::to_value(v).unwrap()),
                other => panic!("no Rust type mapped for {other}"),
            };
            let back = result.unwrap_or_else(|e| panic!("{schema} example {name}: {e}"));
            // Nothing is lost on the way through the typed value.
            assert_eq!(back, value, "{schema} example {name} does not round-trip");
            decoded += 1;
        }
    }
    assert!(decoded >= 7, "only {decoded} examples found");
}

#[tokio::test]
async fn unknown_enum_values_and_extra_fields_still_decode() {
    let server = MockServer::start_async().await;
    let body = json!({
        "data": {
            "type": "wireReceivedPayment",
            "id": "77",
            "attributes": {
                "createdAt": "2023-01-01T00:00:00Z",
                "status": "Frozen",
                "wasAdvanced": false,
                "direction": "Sideways",
                "amount": 1,
                "completionDate": "2023-01-02",
                "companyName": "X",
                "counterpartyRoutingNumber": "051402372",
                "description": "d",
                "traceNumber": "1",
                "secCode": "WEB",
                "imadOmad": {"imad": "2023"}
            },
            "relationships": {
                "account": {"data": {"type": "glAccount", "id": "1"}},
                "customer": {"data": {"type": "trustCustomer", "id": "2"}},
                "org": {"data": {"type": "org", "id": "3"}}
            },
            "links": {"self": "x"}
        },
        "included": [{"type": "creditAccount", "id": "1", "attributes": {}}]
    });
    server
        .mock_async(|when, then| {
            when.method(GET).path("/received-payments/77");
            then.status(200).json_body(body.clone());
        })
        .await;
    let payment = client(&server)
        .get_received_payment()
        .id("77")
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        payment.data.type_,
        ReceivedPaymentType::Other("wireReceivedPayment".into())
    );
    assert_eq!(
        payment.data.attributes.status,
        ReceivedPaymentStatus::Other("Frozen".into())
    );
    assert_eq!(
        payment.data.attributes.direction,
        Some(ReceivedPaymentDirection::Other("Sideways".into()))
    );
    assert_eq!(
        payment.data.relationships.account.data.type_,
        AccountType::Other("glAccount".into())
    );
    assert_eq!(
        payment.included[0].type_,
        IncludedResourceType::Other("creditAccount".into())
    );
    // Unknown values are sent back unchanged.
    let again = serde_json::to_value(&payment.data.attributes.status).unwrap();
    assert_eq!(again, json!("Frozen"));
    assert_eq!(
        "Pending".parse::<ReceivedPaymentStatus>().unwrap(),
        ReceivedPaymentStatus::Pending
    );
}

// A documented success whose body does not decode: a `Decode` error that keeps the status,
// the headers and the body (progenitor's own error keeps only the body).
#[tokio::test]
async fn a_success_body_that_does_not_decode_keeps_status_headers_and_body() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/received-payments/7");
            then.status(200)
                .header("content-type", JSON_API)
                .header("x-request-id", "req-7")
                .body(r#"{"data": {"type": "achReceivedPayment", "id": "7""#);
        })
        .await;
    let error = client(&server)
        .get_received_payment()
        .id("7")
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode, "{error}");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(200));
    assert_eq!(error.headers().unwrap()["x-request-id"], "req-7");
    assert_eq!(
        error.body().unwrap(),
        r#"{"data": {"type": "achReceivedPayment", "id": "7""#.as_bytes()
    );
    // The raw call to the same path: the same.
    let error = client(&server)
        .raw(reqwest::Method::GET, "/received-payments/7")
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode, "{error}");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(200));
    assert_eq!(error.headers().unwrap()["x-request-id"], "req-7");
}

#[tokio::test]
async fn json_api_errors_decode_into_the_typed_error() {
    let server = MockServer::start_async().await;
    let body = json!({"errors": [
        {"status": "404", "title": "Not Found", "code": "not_found", "detail": "Received payment 9 not found",
         "meta": {"supportId": "8b4bd8b2-3a6f-4c0a-9e3c-6b9b2f5d1c71"}},
        {"status": "400", "title": "Bad Request", "code": "invalid", "source": {"pointer": "/data/attributes/tags"}}
    ]});
    server
        .mock_async(|when, then| {
            when.method(GET).path("/received-payments/9");
            then.status(404)
                .header("content-type", JSON_API)
                .header("x-request-id", "req-1")
                .json_body(body.clone());
        })
        .await;
    let error = client(&server)
        .get_received_payment()
        .id("9")
        .include("account")
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Status);
    assert!(error.is_status());
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(error.headers().unwrap()["x-request-id"], "req-1");
    assert_eq!(error.operation(), Some("get_received_payment"));
    assert_eq!(error.attempts(), 1);
    let Some(payclients::ApiError::Unit(doc)) = error.api_error() else {
        panic!("{error:?}")
    };
    assert_eq!(doc.errors.len(), 2);
    assert_eq!(doc.errors[0].code.as_deref(), Some("not_found"));
    assert_eq!(
        doc.errors[0].detail.as_deref(),
        Some("Received payment 9 not found")
    );
    assert_eq!(
        doc.errors[1].source.as_ref().unwrap().pointer.as_deref(),
        Some("/data/attributes/tags")
    );
    assert_eq!(
        doc.support_id(),
        Some("8b4bd8b2-3a6f-4c0a-9e3c-6b9b2f5d1c71")
    );
    assert_eq!(
        serde_json::from_slice::<Value>(error.body().unwrap()).unwrap(),
        body
    );
    assert_eq!(
        error.to_string(),
        "unit get_received_payment: HTTP 404 Not Found: not_found (Not Found), invalid (Bad Request)"
    );
    let debug = format!("{error:?}");
    assert!(
        !debug.contains(TOKEN) && !debug.contains("include"),
        "{debug}"
    );
}

/// Bodies that do not match give the typed error with the status kept: never a panic.
#[tokio::test]
async fn malformed_bodies_keep_the_status() {
    let cases: Vec<(u16, &str, &str, ErrorKind)> = vec![
        (
            200,
            "application/vnd.api+json",
            r#"{"data": {"type": "achReceivedPayment", "id": "1""#,
            ErrorKind::Decode,
        ),
        (
            200,
            "text/html",
            "<html><body>Maintenance</body></html>",
            ErrorKind::Decode,
        ),
        (200, "application/vnd.api+json", "", ErrorKind::Decode),
        (
            200,
            "application/vnd.api+json",
            r#"{"data": {"id": "1"}}"#,
            ErrorKind::Decode,
        ),
        (
            201,
            "application/vnd.api+json",
            r#"{"data": {}}"#,
            ErrorKind::UnexpectedStatus,
        ),
        (
            502,
            "text/html",
            "<html><h1>502 Bad Gateway</h1></html>",
            ErrorKind::Status,
        ),
        (
            404,
            "application/vnd.api+json",
            r#"{"errors": [{"title": "Not"#,
            ErrorKind::Status,
        ),
        (500, "application/vnd.api+json", "", ErrorKind::Status),
        (429, "text/plain", "slow down", ErrorKind::Status),
    ];
    for (status, content_type, body, kind) in cases {
        let server = MockServer::start_async().await;
        server
            .mock_async(|when, then| {
                when.method(GET).path("/received-payments/1");
                then.status(status)
                    .header("content-type", content_type)
                    .header("x-request-id", "req-9")
                    .body(body);
            })
            .await;
        let error = client(&server)
            .get_received_payment()
            .id("1")
            .await
            .unwrap_err();
        assert_eq!(error.kind(), kind, "{status} {body:?}");
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status), "{body:?}");
        assert_eq!(
            error.body().map(|b| b.as_ref()),
            Some(body.as_bytes()),
            "the raw body is kept"
        );
        assert!(error.api_error().is_none());
        assert_eq!(
            error.request_id(),
            Some("req-9"),
            "from the response header"
        );
        let display = error.to_string();
        assert!(
            !display.contains("Maintenance") && !display.contains("Bad Gateway</h1>"),
            "{display}"
        );
        assert!(
            display.starts_with(&format!("unit get_received_payment: HTTP {status}")),
            "{display}"
        );
    }
}

#[tokio::test]
async fn a_decode_error_does_not_print_the_values() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/received-payments/1");
            then.status(200).body(r#"{"data": {"type": "achReceivedPayment", "id": "1", "attributes": {"amount": "4111111111111111"}}}"#);
        })
        .await;
    let error = client(&server)
        .get_received_payment()
        .id("1")
        .await
        .unwrap_err();
    assert!(error.is_decode());
    let text = format!("{error} {error:?}");
    assert!(!text.contains("4111111111111111"), "{text}");
}

#[tokio::test]
async fn connection_errors_print_no_url_or_token() {
    // A port that nothing listens on: bind, read the port, drop the listener.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = Client::new(format!("http://127.0.0.1:{port}"), TOKEN).unwrap();
    let error = client
        .list_received_payments()
        .filter_tags(TagsFilter::from([("secret", "hunter2")]))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Connect);
    assert_eq!(error.status(), None);
    let mut text = format!("{error} {error:?}");
    let mut source = std::error::Error::source(&error);
    while let Some(s) = source {
        text.push_str(&format!(" {s} {s:?}"));
        source = s.source();
    }
    assert!(
        !text.contains("hunter2") && !text.contains(TOKEN) && !text.contains("filter"),
        "{text}"
    );
}

#[tokio::test]
async fn bad_input_is_an_error_before_sending() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200);
        })
        .await;
    let client = client(&server);
    let error = client.get_received_payment().id("12ab").await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidRequest);
    assert_eq!(error.attempts(), 0);
    assert!(error.to_string().contains("invalid request"), "{error}");
    let error = client.get_received_payment().await.unwrap_err();
    assert_eq!(
        error.kind(),
        ErrorKind::InvalidRequest,
        "a missing id: {error}"
    );
    assert_eq!(any.calls_async().await, 0, "nothing was sent");
}

#[test]
fn the_token_never_shows() {
    let client = Client::new("https://api.s.unit.sh/", TOKEN).unwrap();
    let debug = format!("{client:?}");
    assert!(!debug.contains(TOKEN), "{debug}");
    assert!(debug.contains("<redacted>"));
    assert_eq!(
        payclients::unit::ClientInfo::baseurl(&client),
        "https://api.s.unit.sh"
    );
    let error = Client::new("https://api.s.unit.sh", "bad\ntoken").unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidRequest);
    assert!(!format!("{error} {error:?}").contains("bad\ntoken"));
    for bad in ["not a url", "ftp://x", "https://x?token=1"] {
        assert_eq!(
            Client::new(bad, TOKEN).unwrap_err().kind(),
            ErrorKind::InvalidRequest,
            "{bad}"
        );
    }
}

/// `filter[type]` defaults to both Ach and Wire, and Unit publishes no wire payment schema: a
/// wire payment without the ACH-only attributes (routing number, trace number, SEC code) decodes,
/// and does not fail the page it is on. The reference's misspelt `isAdvaceable` is not read (see
/// specs/README.md); a payment carrying both spellings decodes with `isAdvanceable`'s value.
#[tokio::test]
async fn a_wire_payment_decodes_beside_ach_ones_on_a_page() {
    let server = MockServer::start_async().await;
    let mut page = example("/received-payments", "get", "200", "seed");
    let ach = page["data"][0].clone();
    let mut wire = ach.clone();
    wire["type"] = json!("wireReceivedPayment");
    wire["id"] = json!("9001");
    for field in ["counterpartyRoutingNumber", "traceNumber", "secCode"] {
        wire["attributes"].as_object_mut().unwrap().remove(field);
    }
    let mut both = ach.clone();
    both["id"] = json!("9002");
    both["attributes"]["isAdvanceable"] = json!(true);
    both["attributes"]["isAdvaceable"] = json!(false);
    page["data"] = json!([ach, wire, both]);
    server
        .mock_async(|when, then| {
            when.method(GET).path("/received-payments");
            then.status(200).json_body(page.clone());
        })
        .await;
    let list = client(&server)
        .list_received_payments()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(list.data.len(), 3);
    let wire = &list.data[1];
    assert_eq!(
        wire.type_,
        ReceivedPaymentType::Other("wireReceivedPayment".into())
    );
    assert_eq!(wire.attributes.counterparty_routing_number, None);
    assert_eq!(wire.attributes.trace_number, None);
    assert_eq!(wire.attributes.sec_code, None);
    assert_eq!(
        list.data[0]
            .attributes
            .sec_code
            .as_ref()
            .map(|c| c.as_str().to_string()),
        Some("PPD".to_string())
    );
    assert_eq!(list.data[2].attributes.is_advanceable, Some(true));
}

/// The seed's list sample stays verbatim; beside it, a complete one (what Unit's own reference
/// requires of every payment, `direction` and `isAdvanceable`) is the first example, so that the
/// sandbox and Prism answer with it by default.
#[tokio::test]
async fn the_complete_list_example_is_the_default_answer() {
    let spec = spec();
    let examples = spec["paths"]["/received-payments"]["get"]["responses"]["200"]["content"]
        ["application/vnd.api+json"]["examples"]
        .as_object()
        .unwrap();
    let names: Vec<_> = examples.keys().map(String::as_str).collect();
    assert_eq!(names[0], "complete", "{names:?}");
    let seed = &examples["seed"]["value"]["data"][1]["attributes"];
    assert!(seed.get("direction").is_none(), "the seed stays verbatim");
    for payment in examples["complete"]["value"]["data"].as_array().unwrap() {
        for required in ["direction", "isAdvanceable"] {
            assert!(
                payment["attributes"].get(required).is_some(),
                "{required}: {payment}"
            );
        }
    }
    let sandbox = payclients::sandbox::Sandbox::start().await.unwrap();
    let client = Client::new(sandbox.base_url(payclients::Api::Unit), "t").unwrap();
    let list = client.list_received_payments().await.unwrap().into_inner();
    assert!(list.data.iter().all(|p| p.attributes.direction.is_some()));
}
