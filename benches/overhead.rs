//! Per-call overhead of a typed call (the builder awaited: hooks, retry policy, call record,
//! error machinery) against the same request with plain reqwest + serde_json decoding into the
//! same type, on httpmock's loopback server (keep-alive), without added latency. Run with
//! `cargo bench --bench overhead`; the goal is at least 0.95 of raw reqwest's throughput.

use std::time::Duration;

use criterion::Criterion;
use payclients::unit::types::ReceivedPaymentDocument;

const BODY: &str = r#"{"data": {"type": "achReceivedPayment", "id": "1337", "attributes": {"createdAt": "2022-02-01T12:03:14.406Z", "status": "Pending", "wasAdvanced": false, "isAdvanceable": false, "direction": "Credit", "amount": 500000, "completionDate": "2020-07-30", "companyName": "UBER LTD", "counterpartyRoutingNumber": "051402372", "description": "Paycheck", "traceNumber": "123456789123456", "secCode": "PPD"}, "relationships": {"account": {"data": {"type": "account", "id": "163575"}}, "customer": {"data": {"type": "customer", "id": "129528"}}}}}"#;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let server = runtime.block_on(httpmock::MockServer::start_async());
    runtime.block_on(server.mock_async(|when, then| {
        when.method(httpmock::Method::GET)
            .path("/received-payments/1337");
        then.status(200)
            .header("content-type", "application/vnd.api+json")
            .body(BODY);
    }));
    let base_url = server.base_url();

    // Both sides use the same HTTP client settings, connections reused.
    let http = || {
        payclients::transport::http_client_builder()
            .unwrap()
            .build()
            .unwrap()
    };
    let typed =
        payclients::unit::Client::with_http_client(&base_url, "bench-token", http()).unwrap();
    let raw = http();
    let url = format!("{base_url}/received-payments/1337");

    let mut criterion = Criterion::default()
        .configure_from_args()
        .sample_size(50)
        .measurement_time(Duration::from_secs(10));
    let mut group = criterion.benchmark_group("unit_get_received_payment");
    group.bench_function("payclients", |b| {
        b.to_async(&runtime).iter(|| async {
            let payment = typed.get_received_payment().id("1337").await.unwrap();
            assert_eq!(payment.data.id.as_str(), "1337");
        })
    });
    group.bench_function("reqwest_serde_json", |b| {
        b.to_async(&runtime).iter(|| async {
            let response = raw
                .get(&url)
                .header("authorization", "Bearer bench-token")
                .header("accept", "application/vnd.api+json")
                .send()
                .await
                .unwrap();
            assert!(response.status().is_success());
            let bytes = response.bytes().await.unwrap();
            let payment: ReceivedPaymentDocument = serde_json::from_slice(&bytes).unwrap();
            assert_eq!(payment.data.id.as_str(), "1337");
        })
    });
    group.finish();
    criterion.final_summary();
}
