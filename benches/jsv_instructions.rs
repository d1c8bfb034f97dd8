//! Instruction counts of JSV against serde_json, for callgrind (wall times on shared machines
//! vary too much to compare formats that are this close). One mode per run:
//!
//! ```sh
//! cargo bench --bench jsv_instructions --no-run
//! B=$(ls -t target/release/deps/jsv_instructions-* | grep -v '\.d$' | head -1)
//! for n in 0 3; do valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.$n $B typed-encode-jsv $n; done
//! ```
//!
//! (count with 3 iterations − count with 0) / 3 = instructions per iteration. Modes:
//! `{typed,document}-{encode,decode}-{jsv,json}` — 2,000 PayLock results, or the same 6,200-record
//! `serde_json::Value` document as `benches/jsv.rs`.

#[path = "support/jsv_values.rs"]
mod jsv_values;

use std::hint::black_box;

use payclients::jsv;
use payclients::paylock::types::GetPaymentResult;
use serde_json::Value;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let (Some(mode), Some(count)) = (
        args.first(),
        args.get(1).and_then(|n| n.parse::<usize>().ok()),
    ) else {
        println!(
            "usage: jsv_instructions <mode> <iterations> (see the file's docs); nothing to do"
        );
        return;
    };
    let typed = jsv_values::results(2000);
    let doc = jsv_values::document();
    let (typed_jsv, typed_json) = (
        jsv::to_string(&typed).unwrap(),
        serde_json::to_string(&typed).unwrap(),
    );
    let (doc_jsv, doc_json) = (
        jsv::to_string(&doc).unwrap(),
        serde_json::to_string(&doc).unwrap(),
    );
    let mut total = 0;
    for _ in 0..count {
        total += match mode.as_str() {
            "typed-encode-jsv" => jsv::to_string(black_box(&typed)).unwrap().len(),
            "typed-encode-json" => serde_json::to_string(black_box(&typed)).unwrap().len(),
            "typed-decode-jsv" => jsv::from_str::<Vec<GetPaymentResult>>(black_box(&typed_jsv))
                .unwrap()
                .len(),
            "typed-decode-json" => {
                serde_json::from_str::<Vec<GetPaymentResult>>(black_box(&typed_json))
                    .unwrap()
                    .len()
            }
            "document-encode-jsv" => jsv::to_string(black_box(&doc)).unwrap().len(),
            "document-encode-json" => serde_json::to_string(black_box(&doc)).unwrap().len(),
            "document-decode-jsv" => jsv::from_str::<Value>(black_box(&doc_jsv))
                .unwrap()
                .as_array()
                .map_or(0, Vec::len),
            "document-decode-json" => serde_json::from_str::<Value>(black_box(&doc_json))
                .unwrap()
                .as_array()
                .map_or(0, Vec::len),
            other => {
                println!("unknown mode {other}");
                return;
            }
        };
    }
    println!("{mode}: {count} iterations, {total}");
}
