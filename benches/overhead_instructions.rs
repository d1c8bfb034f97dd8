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
//! (count at 2010 − count at 10) / 2000 = instructions per call. Modes: `typed`,
//! `typed_with_http_client`, `raw`.

#[path = "support/loopback.rs"]
mod loopback;
#[path = "support/unit_call.rs"]
mod unit_call;

use std::sync::Arc;
use std::time::Duration;

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
            "usage: overhead_instructions typed|typed_with_http_client|raw <calls> (see the file's docs); nothing to do"
        );
        return;
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let body = Arc::new(unit_call::BODY.as_bytes().to_vec());
        let base_url = loopback::serve(Duration::ZERO, Arc::new(move |_: &str| body.clone())).await;
        // `typed`: the constructor's own HTTP client; `typed_with_http_client`: one passed in
        // (its timeout unknown to the client, so each attempt sets its own).
        let typed = if mode == "typed_with_http_client" {
            payclients::unit::Client::with_http_client(&base_url, "bench-token", unit_call::http())
        } else {
            payclients::unit::Client::new(&base_url, "bench-token")
        }
        .unwrap();
        let raw = unit_call::http();
        for _ in 0..calls {
            if mode.starts_with("typed") {
                unit_call::typed(&typed).await;
            } else {
                unit_call::raw(&raw, &base_url).await;
            }
        }
    });
}
