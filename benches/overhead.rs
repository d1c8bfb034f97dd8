//! Per-call overhead of a typed call (the builder awaited: hooks, retry policy, call record,
//! error machinery) against the same request with plain reqwest + serde_json decoding into the
//! same type, on httpmock's loopback server (keep-alive), without added latency. Run with
//! `cargo bench --bench overhead`; the goal is at least 0.95 of raw reqwest's throughput.

#[path = "support/unit_call.rs"]
mod unit_call;

use std::time::Duration;

use criterion::Criterion;

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
            .body(unit_call::BODY);
    }));
    let base_url = server.base_url();

    // Both sides use the same HTTP client settings, connections reused: the constructor builds
    // its client from `http_client_builder`, as `unit_call::http` does.
    let typed = payclients::unit::Client::new(&base_url, "bench-token").unwrap();
    let raw = unit_call::http();

    let mut criterion = Criterion::default()
        .configure_from_args()
        .sample_size(50)
        .measurement_time(Duration::from_secs(10));
    let mut group = criterion.benchmark_group("unit_get_received_payment");
    group.bench_function("payclients", |b| {
        b.to_async(&runtime).iter(|| unit_call::typed(&typed))
    });
    group.bench_function("reqwest_serde_json", |b| {
        b.to_async(&runtime)
            .iter(|| unit_call::raw(&raw, &base_url))
    });
    group.finish();
    criterion.final_summary();
}
