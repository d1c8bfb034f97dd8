//! Instruction counts of one typed call against the same request with plain reqwest +
//! serde_json, for callgrind (the wall-clock `overhead` bench moves by ±10% between runs
//! here). Both run on a current-thread runtime against the loopback server of
//! `support/loopback.rs`, so the server's share is the same on both sides:
//!
//! ```sh
//! cargo bench --bench overhead_instructions --no-run
//! B=$(ls -t target/release/deps/overhead_instructions-* | grep -v '\.d$' | head -1)
//! for n in 10 2010; do valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.$n $B typed $n; done
//! ```
//!
//! (count at 2010 − count at 10) / 2000 = instructions per call. Modes: `typed`, `raw`.

#[path = "support/loopback.rs"]
mod loopback;

use std::sync::Arc;
use std::time::Duration;

use payclients::unit::types::ReceivedPaymentDocument;

const BODY: &str = r#"{"data": {"type": "achReceivedPayment", "id": "1337", "attributes": {"createdAt": "2022-02-01T12:03:14.406Z", "status": "Pending", "wasAdvanced": false, "isAdvanceable": false, "direction": "Credit", "amount": 500000, "completionDate": "2020-07-30", "companyName": "UBER LTD", "counterpartyRoutingNumber": "051402372", "description": "Paycheck", "traceNumber": "123456789123456", "secCode": "PPD"}, "relationships": {"account": {"data": {"type": "account", "id": "163575"}}, "customer": {"data": {"type": "customer", "id": "129528"}}}}}"#;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let (Some(mode), Some(calls)) = (
        args.first().cloned(),
        args.get(1).and_then(|n| n.parse::<usize>().ok()),
    ) else {
        println!(
            "usage: overhead_instructions typed|raw <calls> (see the file's docs); nothing to do"
        );
        return;
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let body = Arc::new(BODY.as_bytes().to_vec());
        let base_url = loopback::serve(Duration::ZERO, Arc::new(move |_: &str| body.clone())).await;
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
        for _ in 0..calls {
            let payment = if mode == "typed" {
                typed
                    .get_received_payment()
                    .id("1337")
                    .await
                    .unwrap()
                    .into_inner()
            } else {
                let response = raw
                    .get(&url)
                    .header("authorization", "Bearer bench-token")
                    .header("accept", "application/vnd.api+json")
                    .send()
                    .await
                    .unwrap();
                assert!(response.status().is_success());
                let bytes = response.bytes().await.unwrap();
                serde_json::from_slice::<ReceivedPaymentDocument>(&bytes).unwrap()
            };
            assert_eq!(payment.data.id.as_str(), "1337");
        }
    });
}
