//! JSV against serde_json, decoding and encoding the same values: PayLock's result type
//! × 10,000 (typed), and a ~1 MB document of mixed records read as `serde_json::Value`
//! (the untyped path). Throughput is in values per second, since JSV text is shorter; the
//! sizes of both texts are printed first. Run with `cargo bench --bench jsv`.

#[path = "support/jsv_values.rs"]
mod jsv_values;

use std::hint::black_box;

use criterion::{Criterion, Throughput};
use payclients::jsv;
use payclients::paylock::types::GetPaymentResult;
use serde_json::Value;

/// The spec's "paid" example, varied per index so that no two values are equal.
fn bench(c: &mut Criterion) {
    let values = jsv_values::results(10_000);
    let jsv_text = jsv::to_string(&values).unwrap();
    let json_text = serde_json::to_string(&values).unwrap();
    let doc = jsv_values::document();
    let doc_jsv = jsv::to_string(&doc).unwrap();
    let doc_json = serde_json::to_string(&doc).unwrap();
    println!(
        "PayLock results x10,000: JSV {} bytes, JSON {} bytes; document: JSV {} bytes, JSON {} bytes",
        jsv_text.len(),
        json_text.len(),
        doc_jsv.len(),
        doc_json.len()
    );

    let mut group = c.benchmark_group("paylock_results_x10000");
    group.sample_size(20);
    group.throughput(Throughput::Elements(values.len() as u64));
    group.bench_function("decode/jsv", |b| {
        b.iter(|| jsv::from_str::<Vec<GetPaymentResult>>(black_box(&jsv_text)).unwrap())
    });
    group.bench_function("decode/json", |b| {
        b.iter(|| serde_json::from_str::<Vec<GetPaymentResult>>(black_box(&json_text)).unwrap())
    });
    group.bench_function("encode/jsv", |b| {
        b.iter(|| jsv::to_string(black_box(&values)).unwrap())
    });
    group.bench_function("encode/json", |b| {
        b.iter(|| serde_json::to_string(black_box(&values)).unwrap())
    });
    group.finish();

    let records = doc.as_array().map_or(0, Vec::len) as u64;
    let mut group = c.benchmark_group("document_1mb");
    group.sample_size(20);
    group.throughput(Throughput::Elements(records));
    group.bench_function("decode/jsv", |b| {
        b.iter(|| jsv::from_str::<Value>(black_box(&doc_jsv)).unwrap())
    });
    group.bench_function("decode/json", |b| {
        b.iter(|| serde_json::from_str::<Value>(black_box(&doc_json)).unwrap())
    });
    group.bench_function("encode/jsv", |b| {
        b.iter(|| jsv::to_string(black_box(&doc)).unwrap())
    });
    group.bench_function("encode/json", |b| {
        b.iter(|| serde_json::to_string(black_box(&doc)).unwrap())
    });
    group.finish();
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c);
    c.final_summary();
}
