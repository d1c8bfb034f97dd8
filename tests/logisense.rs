//! Spec-conformance tests of the LogiSense client against httpmock on 127.0.0.1: all twelve
//! Payment operations (method, path, headers including the `Pagination` JSON, body), every
//! sample of the seed, exact amounts, typed errors, and the `Access/Login` password grant.
#![cfg(feature = "logisense")]

#[path = "support/specs.rs"]
mod specs;

use std::sync::Arc;

use httpmock::Method::{DELETE, GET, PATCH, POST, PUT};
use httpmock::MockServer;
use payclients::ErrorKind;
use payclients::auth::TokenProvider;
use payclients::logisense::{self, Client, PageRequest, types};
use serde_json::{Value, json};

const TOKEN: &str = "ls-access-token-4d1";
const BASE: &str = "/ResourceServer/api/v6";

fn spec() -> Value {
    specs::spec("logisense")
}

fn response_example(path: &str, method: &str) -> Value {
    let pointer = format!(
        "/paths/{}/{method}/responses/200/content/application~1json/examples/seed/value",
        path.replace('/', "~1")
    );
    spec()
        .pointer(&pointer)
        .unwrap_or_else(|| panic!("{pointer}"))
        .clone()
}

fn request_example(path: &str, method: &str) -> Value {
    let pointer = format!(
        "/paths/{}/{method}/requestBody/content/application~1json/examples/seed/value",
        path.replace('/', "~1")
    );
    spec()
        .pointer(&pointer)
        .unwrap_or_else(|| panic!("{pointer}"))
        .clone()
}

fn client(server: &MockServer) -> Client {
    Client::from_base_url(server.url(BASE), TOKEN).unwrap()
}

/// Mocks one operation, checking the common headers, and returns the seed's response.
async fn mock<'a>(
    server: &'a MockServer,
    method: httpmock::Method,
    path: &str,
    body: Option<&str>,
    response: Value,
) -> httpmock::Mock<'a> {
    server
        .mock_async(|when, then| {
            let when = when
                .method(method)
                .path(format!("{BASE}{path}"))
                .query_param_count(".*", ".*", 0)
                .header("authorization", format!("Bearer {TOKEN}"))
                .header("accept", "application/json")
                .header_missing("api-version");
            match body {
                Some(body) => {
                    when.header("content-type", "application/json").body(body);
                }
                None => {
                    when.header_missing("content-type");
                }
            }
            then.status(200)
                .header("content-type", "application/json")
                .json_body(response);
        })
        .await
}

#[tokio::test]
async fn the_reads_decode_the_seeds_samples_with_exact_amounts() {
    let server = MockServer::start_async().await;
    let list = mock(
        &server,
        GET,
        "/Payment",
        None,
        response_example("/Payment", "get"),
    )
    .await;
    let get = mock(
        &server,
        GET,
        "/Payment/1",
        None,
        response_example("/Payment/{id}", "get"),
    )
    .await;
    let detail = mock(
        &server,
        GET,
        "/Payment/1/Detail",
        None,
        response_example("/Payment/{id}/Detail", "get"),
    )
    .await;
    let client = client(&server);

    let all = client.list_payments().await.unwrap();
    assert_eq!(all.total_count, Some(1));
    assert_eq!(
        all.tracking_id.unwrap().to_string(),
        "d2ae5304-2355-44eb-a328-272f02935f8b"
    );
    let payment = &all.items[0];
    assert_eq!(payment.amount.unwrap().to_string(), "1235.89");
    assert_eq!(payment.base_amount.unwrap().to_string(), "1345.89");
    assert_eq!(payment.identity, Some(1));
    assert_eq!(payment.check_number.as_deref(), Some("1236-9658"));
    assert_eq!(
        payment.created.unwrap().to_rfc3339(),
        "2021-04-26T15:25:27.587+00:00"
    );

    let one = client.get_payment().id(1).await.unwrap();
    assert_eq!(one.instance.payment_method_id, Some(18));

    let deep = client.get_payment_detail().id(1).await.unwrap();
    let details = deep.instance.details.as_ref().unwrap();
    let disbursement = &details.invoice_disbursements[0];
    assert_eq!(disbursement.amount.unwrap().to_string(), "31.25");
    assert_eq!(disbursement.invoice_amount.unwrap().to_string(), "1.02");
    let reversal = &details.payment_reversals[0];
    assert_eq!(reversal.amount.unwrap().to_string(), "98.4");
    assert_eq!(
        reversal.merchant_account.as_deref(),
        Some("Sample Text Data")
    );

    for m in [list, get, detail] {
        m.assert_async().await;
    }
}

#[tokio::test]
async fn paged_reads_send_the_pagination_header_as_json() {
    let server = MockServer::start_async().await;
    let paged = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("{BASE}/Payment/Paged"))
                .header("pagination", r#"{"pageNumber":2,"pageSize":50}"#)
                .header("authorization", format!("Bearer {TOKEN}"));
            then.status(200)
                .json_body(response_example("/Payment/Paged", "get"));
        })
        .await;
    let paged_detail = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("{BASE}/Payment/Paged/Detail"))
                .header("pagination", r#"{"pageNumber":1,"pageSize":20}"#);
            then.status(200)
                .json_body(response_example("/Payment/Paged/Detail", "get"));
        })
        .await;
    let client = client(&server);
    let page = client
        .list_payments_paged()
        .pagination(PageRequest::new(2, 50))
        .await
        .unwrap();
    let echo = page.pagination.as_ref().unwrap();
    assert_eq!(
        (echo.page_number, echo.page_size, echo.exclude_total_count),
        (Some(1), Some(20), Some(false))
    );
    assert_eq!(page.paged_results.total_count, Some(1));
    assert_eq!(
        page.paged_results.items[0].amount.unwrap().to_string(),
        "1235.89"
    );
    let page = client
        .list_payments_paged_detail()
        .pagination(PageRequest::new(1, 20))
        .await
        .unwrap();
    let item = &page.paged_results.items[0];
    assert_eq!(
        item.details.as_ref().unwrap().payment_reversals[0].identity,
        Some(50)
    );
    paged.assert_async().await;
    paged_detail.assert_async().await;
    assert_eq!(
        String::from(PageRequest::new(3, 100)),
        r#"{"pageNumber":3,"pageSize":100}"#
    );
}

#[tokio::test]
async fn create_and_update_need_no_read_only_fields() {
    let server = MockServer::start_async().await;
    // Exact bytes: amounts keep their two fraction digits; nothing read-only is sent.
    let body = r#"{"accountId":17,"amount":25.50,"date":"2021-04-26T15:25:27.587Z","detail":"Payment Recieved","paymentTypeId":16}"#;
    let create = mock(
        &server,
        POST,
        "/Payment",
        Some(body),
        response_example("/Payment", "post"),
    )
    .await;
    let update = mock(
        &server,
        PUT,
        "/Payment/1",
        Some(body),
        response_example("/Payment/{id}", "put"),
    )
    .await;
    let input = types::PaymentInput {
        account_id: Some(17),
        amount: Some("25.50".parse().unwrap()),
        date: Some("2021-04-26T15:25:27.587Z".parse().unwrap()),
        detail: Some("Payment Recieved".to_string()),
        payment_type_id: Some(16),
        ..Default::default()
    };
    let client = client(&server);
    let created = client.create_payment().body(input.clone()).await.unwrap();
    assert_eq!(created.type_, Some(types::MutationType::Create));
    let results = created.results.as_ref().unwrap();
    assert_eq!(results.items[0].identity, Some(1));
    assert_eq!(results.items[0].amount.unwrap().to_string(), "1235.89");
    let updated = client.update_payment().id(1).body(input).await.unwrap();
    assert_eq!(updated.type_, Some(types::MutationType::Update));
    create.assert_async().await;
    update.assert_async().await;

    // The seed's own bodies (which do send `updated`, and `identity` on PUT) decode and
    // serialize back unchanged.
    for (path, method) in [("/Payment", "post"), ("/Payment/{id}", "put")] {
        let seed = request_example(path, method);
        let typed: types::PaymentInput = serde_json::from_value(seed.clone()).unwrap();
        assert_eq!(serde_json::to_value(&typed).unwrap(), seed, "{method}");
    }
}

#[tokio::test]
async fn patch_delete_and_the_undocumented_posts() {
    let server = MockServer::start_async().await;
    let patch_body = serde_json::to_string(&request_example("/Payment/{id}", "patch")).unwrap();
    let patch = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path(format!("{BASE}/Payment/1"))
                .header("content-type", "application/json")
                .json_body(serde_json::from_str::<Value>(&patch_body).unwrap());
            then.status(200)
                .json_body(response_example("/Payment/{id}", "patch"));
        })
        .await;
    let delete = mock(
        &server,
        DELETE,
        "/Payment/1",
        None,
        response_example("/Payment/{id}", "delete"),
    )
    .await;
    let free = r#"{"paymentId":1,"reason":"duplicate"}"#;
    let undocumented =
        json!({"trackingId": "d2ae5304-2355-44eb-a328-272f02935f8b", "anything": [1, 2]});
    let reverse = mock(
        &server,
        POST,
        "/Payment/Reverse",
        Some(free),
        undocumented.clone(),
    )
    .await;
    let reverse_vendor = mock(
        &server,
        POST,
        "/Payment/Reverse/Vendor",
        Some(free),
        undocumented.clone(),
    )
    .await;
    let vendor = mock(
        &server,
        POST,
        "/Payment/Vendor",
        Some(free),
        undocumented.clone(),
    )
    .await;
    let client = client(&server);

    let request: types::PaymentPatchRequest =
        serde_json::from_value(request_example("/Payment/{id}", "patch")).unwrap();
    let item = &request.payments.as_ref().unwrap().items[0];
    assert_eq!(item.patch_type, types::PatchType::Create);
    assert_eq!(item.patch_client_id, Some(1));
    let patched = client.patch_payment().id(1).body(request).await.unwrap();
    let result = &patched.results.as_ref().unwrap().items[0];
    assert_eq!(result.action, Some(types::MutationAction::Created));
    assert_eq!(result.dto_type_key.as_deref(), Some("payment"));
    assert_eq!(
        result
            .instance
            .as_ref()
            .unwrap()
            .amount
            .unwrap()
            .to_string(),
        "1235.89"
    );

    let deleted = client.delete_payment().id(1).await.unwrap();
    assert_eq!(deleted.type_, Some(types::MutationType::Delete));
    let items = &deleted.results.as_ref().unwrap().items;
    assert_eq!(items.len(), 3);
    assert_eq!(
        (items[0].identity, items[0].action.clone()),
        (Some(1), Some(types::MutationAction::Deleted))
    );
    assert_eq!(
        (items[1].lhs_id, items[1].rhs_id, items[1].action.clone()),
        (Some(2), Some(2), Some(types::MutationAction::Detached))
    );
    assert_eq!(items[2].foreign_key_identity, Some(2));
    assert_eq!(items[2].dto_type_key.as_deref(), Some("sampleObject"));

    let body: types::UndocumentedObject = serde_json::from_str(free).unwrap();
    let r = client.reverse_payment().body(body.clone()).await.unwrap();
    assert_eq!(r.0["anything"], json!([1, 2]));
    client
        .reverse_vendor_payment()
        .body(body.clone())
        .await
        .unwrap();
    client.create_vendor_payment().body(body).await.unwrap();

    for m in [patch, delete, reverse, reverse_vendor, vendor] {
        m.assert_async().await;
    }
}

#[tokio::test]
async fn unknown_values_and_fields_are_kept() {
    let server = MockServer::start_async().await;
    let body = json!({"trackingId": "d2ae5304-2355-44eb-a328-272f02935f8b", "type": "archive", "results": {"totalCount": 1, "items": [
        {"identity": 9, "action": "archived", "dtoTypeKey": "payment", "archiveBatch": 7}
    ]}});
    server
        .mock_async(|when, then| {
            when.method(DELETE).path(format!("{BASE}/Payment/9"));
            then.status(200).json_body(body.clone());
        })
        .await;
    let deleted = client(&server).delete_payment().id(9).await.unwrap();
    assert_eq!(
        deleted.type_,
        Some(types::MutationType::Other("archive".into()))
    );
    let item = &deleted.results.as_ref().unwrap().items[0];
    assert_eq!(
        item.action,
        Some(types::MutationAction::Other("archived".into()))
    );
    assert_eq!(item.extra["archiveBatch"], json!(7));
    assert_eq!(
        serde_json::to_value(deleted.into_inner()).unwrap(),
        body,
        "nothing is lost"
    );
}

#[tokio::test]
async fn errors_list_every_error_and_keep_the_tracking_id() {
    let server = MockServer::start_async().await;
    let body = json!({"trackingId": "0b8e2c7a-9f6d-4c1e-8a3b-5d2f1e0c9b7a", "type": "error", "errors": [
        {"code": 1001, "message": "Amount is required"}, {"code": 1002, "message": "Account 17 is closed"}
    ]});
    server
        .mock_async(|when, then| {
            when.method(POST).path(format!("{BASE}/Payment"));
            then.status(400).json_body(body.clone());
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(GET).path(format!("{BASE}/Payment/5"));
            then.status(502)
                .header("content-type", "text/html")
                .body("<html>bad gateway</html>");
        })
        .await;
    let client = client(&server);
    let error = client
        .create_payment()
        .body(types::PaymentInput::default())
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Status);
    assert_eq!(error.status().map(|s| s.as_u16()), Some(400));
    let Some(payclients::ApiError::LogiSense(doc)) = error.api_error() else {
        panic!("{error:?}")
    };
    assert_eq!(doc.errors.len(), 2);
    assert_eq!(
        error.request_id(),
        Some("0b8e2c7a-9f6d-4c1e-8a3b-5d2f1e0c9b7a")
    );
    assert_eq!(
        error.to_string(),
        "logisense create_payment: HTTP 400 Bad Request: 1001 Amount is required; 1002 Account 17 is closed"
    );
    let error = client.get_payment().id(5).await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(502));
    assert!(error.api_error().is_none());
}

#[test]
fn every_seed_sample_decodes_and_round_trips() {
    let spec = spec();
    let mut count = 0;
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item
            .as_object()
            .unwrap()
            .iter()
            .filter(|(k, _)| *k != "parameters")
        {
            let Some(seed) =
                op.pointer("/responses/200/content/application~1json/examples/seed/value")
            else {
                continue;
            };
            let schema = op
                .pointer("/responses/200/content/application~1json/schema/$ref")
                .unwrap()
                .as_str()
                .unwrap();
            macro_rules! round_trip {
                ($t:ty) => {{
                    let typed: $t = serde_json::from_value(seed.clone())
                        .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
                    serde_json::to_value(&typed).unwrap()
                }};
            }
            let back = match schema.rsplit('/').next().unwrap() {
                "PaymentList" => round_trip!(types::PaymentList),
                "PaymentInstance" => round_trip!(types::PaymentInstance),
                "PaymentDetailInstance" => round_trip!(types::PaymentDetailInstance),
                "PagedPayments" => round_trip!(types::PagedPayments),
                "PagedPaymentDetails" => round_trip!(types::PagedPaymentDetails),
                "PaymentMutationResult" => round_trip!(types::PaymentMutationResult),
                "PaymentPatchResult" => round_trip!(types::PaymentPatchResult),
                "PaymentDeleteResult" => round_trip!(types::PaymentDeleteResult),
                other => panic!("{other}"),
            };
            assert_eq!(
                &back, seed,
                "{method} {path}: amounts and every field survive"
            );
            count += 1;
        }
    }
    assert_eq!(count, 9, "every sample response of the seed");
    let patch: types::PaymentPatchRequest =
        serde_json::from_value(request_example("/Payment/{id}", "patch")).unwrap();
    assert_eq!(
        serde_json::to_value(&patch).unwrap(),
        request_example("/Payment/{id}", "patch")
    );
    let error = &spec["components"]["responses"]["Error"]["content"]["application/json"]["examples"]
        ["notFound"]["value"];
    serde_json::from_value::<types::ErrorResponse>(error.clone()).unwrap();
}

#[tokio::test]
async fn tokens_come_from_access_login() {
    let server = MockServer::start_async().await;
    let login = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/AuthorizationServer/api/v6/Access/Login")
                .header("content-type", "application/x-www-form-urlencoded")
                .body("grant_type=password&username=api-user&password=s3cret%26&client_id=billing");
            then.status(200).json_body(json!({"access_token": "from-login", "refresh_token": "r1", "token_type": "bearer", "expires_in": 1800}));
        })
        .await;
    let api = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("{BASE}/Payment"))
                .header("authorization", "Bearer from-login");
            then.status(200).json_body(json!({"items": []}));
        })
        .await;
    let grant = logisense::password_grant(
        &server.url("/AuthorizationServer/api/v6/Access/Login"),
        "api-user",
        "s3cret&",
        "billing",
    );
    let provider = Arc::new(TokenProvider::new(grant).unwrap());
    let http = payclients::transport::http_client_builder()
        .unwrap()
        .build()
        .unwrap();
    let client = Client::with_token_provider(server.url(BASE), provider, http).unwrap();
    client.list_payments().await.unwrap();
    client.list_payments().await.unwrap();
    assert_eq!(login.calls_async().await, 1);
    assert_eq!(api.calls_async().await, 2);
    assert!(!format!("{client:?}").contains("s3cret"));
}

#[test]
fn hosts_and_versions_make_the_urls() {
    assert_eq!(
        logisense::base_url("acme.logisense.com", 6),
        "https://acme.logisense.com/ResourceServer/api/v6"
    );
    assert_eq!(
        logisense::token_url("acme.logisense.com", 10),
        "https://acme.logisense.com/AuthorizationServer/api/v10/Access/Login"
    );
    let client = Client::new("acme.logisense.com", 6, TOKEN).unwrap();
    assert_eq!(
        payclients::logisense::ClientInfo::baseurl(&client),
        "https://acme.logisense.com/ResourceServer/api/v6"
    );
    assert!(!format!("{client:?}").contains(TOKEN));
}

/// A create or update result in either documented shape — the seed's plain Payment, or the
/// envelope's `{identity, action, dtoTypeKey, instance}` — decodes without losing a field.
#[tokio::test]
async fn create_results_in_either_shape_keep_every_field() {
    let seed = response_example("/Payment", "post");
    let envelope = json!({
        "trackingId": "d2ae5304-2355-44eb-a328-272f02935f8b",
        "type": "create",
        "results": {"totalCount": 1, "items": [{
            "identity": 7, "action": "created", "dtoTypeKey": "Payment",
            "instance": {"identity": 7, "amount": 1235.89, "accountId": 17}
        }]}
    });
    for (name, body) in [("seed", seed), ("envelope", envelope)] {
        let server = MockServer::start_async().await;
        mock(&server, POST, "/Payment", Some("{}"), body.clone()).await;
        let created = client(&server)
            .create_payment()
            .body(types::PaymentInput::default())
            .await
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .into_inner();
        let item = &created.results.as_ref().unwrap().items[0];
        match name {
            "seed" => {
                assert_eq!(item.identity, Some(1));
                assert_eq!(item.amount.unwrap().to_string(), "1235.89");
            }
            _ => {
                assert_eq!(item.identity, Some(7));
                assert_eq!(item.action, Some(types::MutationAction::Created));
                assert_eq!(item.dto_type_key.as_deref(), Some("Payment"));
                let instance = item.instance.as_ref().unwrap();
                assert_eq!(instance.amount.unwrap().to_string(), "1235.89");
                assert_eq!(instance.account_id, Some(17));
            }
        }
        assert_eq!(
            serde_json::to_value(&created).unwrap(),
            body,
            "{name}: nothing lost"
        );
    }
}

/// `PaymentInput` is a request schema: nothing in it is `readOnly` (the seed's requests send
/// `identity` and `updated`); `Payment`, the response, keeps its three read-only fields.
#[test]
fn read_only_marks_only_the_response_schema() {
    let spec = spec();
    let schemas = &spec["components"]["schemas"];
    let read_only = |name: &str| -> Vec<String> {
        schemas[name]["properties"]
            .as_object()
            .unwrap()
            .iter()
            .filter(|(_, p)| p["readOnly"] == json!(true))
            .map(|(k, _)| k.clone())
            .collect()
    };
    assert_eq!(read_only("PaymentInput"), Vec::<String>::new());
    assert_eq!(read_only("Payment"), ["created", "identity", "updated"]);
}
