//! The sandbox as the specs declare each API: lists paged for real over a dataset (offset and
//! page-number paging here; cursor paging in `tests/sixth-api`), sorted and filtered; errors
//! in each API's own shape, media type and headers; a PATCH answered with what was sent; the
//! filled request id echoed; liberal where the vendors' servers are.
#![cfg(all(
    feature = "sandbox",
    feature = "abconnect",
    feature = "logisense",
    feature = "paylock",
    feature = "paynetworx",
    feature = "unit"
))]

use futures::TryStreamExt;
use payclients::sandbox::Sandbox;
use payclients::unit::types::{ReceivedPaymentSort, ReceivedPaymentStatus};
use payclients::unit::{StatusFilter, types};
use payclients::{Api, ApiError};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lists_page_sort_and_filter_over_a_dataset() {
    let sandbox = Sandbox::start().await.unwrap();
    let unit = payclients::unit::Client::new(sandbox.base_url(Api::Unit), "t").unwrap();

    let all: Vec<types::ReceivedPayment> = unit
        .list_received_payments()
        .stream()
        .page_size(70)
        .concurrency(4)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 240, "four pages of 70, the last short");
    let mut ids: Vec<u64> = all.iter().map(|p| p.id.as_str().parse().unwrap()).collect();
    ids.dedup();
    assert_eq!(ids, (1..=240).collect::<Vec<_>>());

    let pending: Vec<types::ReceivedPayment> = unit
        .list_received_payments()
        .filter_status(StatusFilter::from([ReceivedPaymentStatus::Pending]))
        .sort(ReceivedPaymentSort::CreatedAtDesc)
        .stream()
        .page_size(50)
        .try_collect()
        .await
        .unwrap();
    assert!(
        !pending.is_empty() && pending.len() < 240,
        "{}",
        pending.len()
    );
    assert!(
        pending
            .iter()
            .all(|p| p.attributes.status == ReceivedPaymentStatus::Pending)
    );
    let created: Vec<_> = pending.iter().map(|p| p.attributes.created_at).collect();
    assert!(
        created.windows(2).all(|w| w[0] > w[1]),
        "newest first, each distinct"
    );

    // One page, as asked: its offset echoed, its total the filtered count.
    let page = unit
        .list_received_payments()
        .page_limit(10)
        .page_offset(230)
        .await
        .unwrap()
        .into_inner();
    assert_eq!(page.data.len(), 10);
    let pagination = page.meta.unwrap().pagination.unwrap();
    assert_eq!((pagination.offset, pagination.total), (230, 240));

    let logisense =
        payclients::logisense::Client::from_base_url(sandbox.base_url(Api::LogiSense), "t")
            .unwrap();
    let payments: Vec<_> = logisense
        .list_payments_paged()
        .stream()
        .page_size(100)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        payments.len(),
        240,
        "three pages by number, the total exact"
    );
    let page = logisense
        .list_payments_paged()
        .pagination(payclients::logisense::PageRequest::new(3, 100))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(page.paged_results.items.len(), 40);
    assert_eq!(page.paged_results.total_count, Some(240));
}

#[tokio::test]
async fn errors_come_in_each_apis_declared_shape() {
    let sandbox = Sandbox::start().await.unwrap();
    let base = |api| sandbox.base_url(api);
    let errors = vec![
        payclients::abconnect::Client::new(base(Api::AbConnect), "t")
            .unwrap()
            .raw(reqwest::Method::GET, "/nowhere")
            .await
            .unwrap_err(),
        payclients::logisense::Client::from_base_url(base(Api::LogiSense), "t")
            .unwrap()
            .raw(reqwest::Method::GET, "/nowhere")
            .await
            .unwrap_err(),
        payclients::paylock::Client::new(base(Api::PayLock), "t")
            .unwrap()
            .raw(reqwest::Method::GET, "/nowhere")
            .await
            .unwrap_err(),
        payclients::paynetworx::Client::new(base(Api::PayNetworx), "u", "p")
            .unwrap()
            .raw(reqwest::Method::GET, "/nowhere")
            .await
            .unwrap_err(),
        payclients::unit::Client::new(base(Api::Unit), "t")
            .unwrap()
            .raw(reqwest::Method::GET, "/nowhere")
            .await
            .unwrap_err(),
    ];
    for error in &errors {
        assert_eq!(error.status().map(|s| s.as_u16()), Some(404), "{error}");
        let typed = match error.api_error() {
            Some(ApiError::AbConnect(_)) => Api::AbConnect,
            Some(ApiError::LogiSense(_)) => Api::LogiSense,
            Some(ApiError::PayLock(_)) => Api::PayLock,
            Some(ApiError::PayNetworx(_)) => Api::PayNetworx,
            Some(ApiError::Unit(_)) => Api::Unit,
            other => panic!("{error}: not a typed error body: {other:?}"),
        };
        assert_eq!(Some(typed), error.api(), "{error}");
        assert!(
            error.to_string().contains("no operation of the"),
            "the summary shows the message: {error}"
        );
    }
    let unit_type = errors[4].headers().unwrap()["content-type"].clone();
    assert_eq!(unit_type, "application/vnd.api+json");

    let http = payclients::transport::http_client_builder()
        .unwrap()
        .build()
        .unwrap();
    let unauthorized = http
        .get(format!("{}/received-payments/1", base(Api::Unit)))
        .send()
        .await
        .unwrap();
    assert_eq!(unauthorized.status(), 401);
    assert_eq!(
        unauthorized.headers()["www-authenticate"],
        "Bearer realm=\"sandbox\""
    );
    let not_allowed = http
        .delete(format!("{}/received-payments/1", base(Api::Unit)))
        .bearer_auth("t")
        .send()
        .await
        .unwrap();
    assert_eq!(not_allowed.status(), 405);
    assert_eq!(not_allowed.headers()["allow"], "GET, PATCH");
    // A validation error in JSON:API's form: one error per problem, its detail and source.
    let invalid: serde_json::Value = http
        .get(format!(
            "{}/received-payments?page[limit]=lots&filter[fromAmount]=x",
            base(Api::Unit)
        ))
        .bearer_auth("t")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let errors = invalid["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 2, "{invalid}");
    assert_eq!(errors[0]["source"]["parameter"], "page[limit]", "{invalid}");
    assert_eq!(errors[0]["status"], "400");
    assert!(
        errors[0]["detail"]
            .as_str()
            .unwrap()
            .contains("is not an integer")
    );
    assert!(!invalid.to_string().contains("(root)"), "{invalid}");

    // A status only `default` covers: said as asked, not with another status's example.
    let asked = payclients::abconnect::Client::new(base(Api::AbConnect), "t")
        .unwrap()
        .raw(
            reqwest::Method::GET,
            "/api/job/{jobDisplayId}/payment/sources",
        )
        .param("jobDisplayId", "2000000")
        .header("Prefer", "code=500")
        .await
        .unwrap_err();
    assert_eq!(asked.status().map(|s| s.as_u16()), Some(500));
    assert!(asked.to_string().contains("Prefer: code=500"), "{asked}");
    assert!(!asked.to_string().contains("was not found"), "{asked}");

    let nowhere = http
        .get(format!("http://{}/stripe/v1", sandbox.addr()))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!nowhere.contains("problems"), "{nowhere}");
}

#[tokio::test]
async fn answers_reflect_the_request_and_accept_what_the_vendors_accept() {
    let sandbox = Sandbox::start().await.unwrap();
    let unit = payclients::unit::Client::new(sandbox.base_url(Api::Unit), "t").unwrap();
    let update: types::UpdateReceivedPaymentRequest = serde_json::from_value(serde_json::json!({
        "data": {"type": "achReceivedPayment", "attributes": {"tags": {"by": "sandbox-test"}}}
    }))
    .unwrap();
    let updated = unit
        .update_received_payment()
        .id("1337")
        .body(update)
        .await
        .unwrap()
        .into_inner();
    let tags = serde_json::to_value(&updated.data.attributes.tags).unwrap();
    assert_eq!(tags["by"], "sandbox-test", "{tags}");

    // Python's `str(True)`: Unit's servers take it, and so does the sandbox.
    let listed = unit
        .raw(reqwest::Method::GET, "/received-payments")
        .query("filter[includeCompleted]", "True")
        .await
        .unwrap();
    assert_eq!(listed.status, 200);

    let http = payclients::transport::http_client_builder()
        .unwrap()
        .build()
        .unwrap();
    let credit = serde_json::json!({
        "Amount": {"Total": 1.0, "Currency": "USD"},
        "PaymentMethod": {"ACH": {"BankRoutingNumber": "999999999", "AccountNumber": "0123456789",
            "AchAccountType": "PersonalChecking", "CustomerName": "P", "EffectiveDate": "2012-04-21"}}
    });
    let answered = http
        .post(format!(
            "{}/v0/transaction/achcredit",
            sandbox.base_url(Api::PayNetworx)
        ))
        .basic_auth("u", Some("p"))
        .header("Request-ID", "1wxhkFx6JoPktNoPYpgFpSGmTMF")
        .json(&credit)
        .send()
        .await
        .unwrap();
    assert_eq!(answered.status(), 200);
    assert_eq!(
        answered.headers()["request-id"],
        "1wxhkFx6JoPktNoPYpgFpSGmTMF"
    );
}

/// `payclients … --sandbox --all` crosses the sandbox's pages; a filter narrows them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cli_streams_the_sandboxs_pages() {
    let run = |args: &[&str]| {
        let mut argv = vec!["payclients".to_string(), "--compact".to_string()];
        argv.extend(args.iter().map(|a| a.to_string()));
        async move {
            let (mut out, mut err) = (Vec::new(), Vec::new());
            let mut io = payclients::cli::Io {
                out: &mut out,
                err: &mut err,
                pretty: false,
            };
            let code = payclients::cli::run(argv, &mut io).await;
            assert_eq!(code, 0, "{}", String::from_utf8_lossy(&err));
            let lines: Vec<serde_json::Value> = String::from_utf8(out)
                .unwrap()
                .lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect();
            lines
        }
    };
    let all = run(&[
        "unit",
        "list-received-payments",
        "--sandbox",
        "--all",
        "--parallel",
        "4",
    ])
    .await;
    assert_eq!(
        all.len(),
        240,
        "the spec's default page of 100: three pages"
    );
    let pending = run(&[
        "unit",
        "list-received-payments",
        "--sandbox",
        "--all",
        "--page-limit",
        "50",
        "--filter-status",
        "Pending",
    ])
    .await;
    assert_eq!(pending.len(), 120);
    assert!(
        pending
            .iter()
            .all(|p| p["attributes"]["status"] == "Pending")
    );
    let mut ids: Vec<&str> = pending.iter().map(|p| p["id"].as_str().unwrap()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 120, "each item once");
    let numbered = run(&["logisense", "list-payments-paged", "--sandbox", "--all"]).await;
    assert_eq!(numbered.len(), 240, "three pages by number");
}
