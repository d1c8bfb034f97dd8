//! Listing 100,000 Unit received payments at 1,000 per page from a loopback server that adds
//! 20 ms per page: sequential vs 16 pages in flight, and the peak memory of streaming 10,000
//! and 100,000 items. Run with `cargo bench --bench pagination`.

#[path = "support/loopback.rs"]
mod loopback;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use criterion::Criterion;
use futures::StreamExt;

/// Counts live bytes and their peak, to show that streaming memory does not grow with the total.
/// Only while the memory is measured: the timed runs go without it, since two shared atomics
/// per allocation, on threads that allocate at once, cost time a program would not pay.
struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(true);
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() && COUNTING.load(Ordering::Relaxed) {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        ptr
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        if COUNTING.load(Ordering::Relaxed) {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const PAGE: u64 = 1000;
/// The latency the server adds per page (`PAGINATION_BENCH_LATENCY_MS` to change it).
fn latency() -> Duration {
    let ms = std::env::var("PAGINATION_BENCH_LATENCY_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    Duration::from_millis(ms)
}

fn payment(id: u64) -> serde_json::Value {
    serde_json::json!({
        "type": "achReceivedPayment", "id": id.to_string(),
        "attributes": {
            "createdAt": "2022-02-01T12:03:14.406Z", "status": "Pending", "wasAdvanced": false,
            "isAdvanceable": true, "direction": "Credit", "amount": 500000 + id,
            "completionDate": "2020-07-30", "companyName": "UBER LTD",
            "counterpartyRoutingNumber": "051402372", "description": "Paycheck",
            "traceNumber": "123456789123456", "secCode": "PPD"
        },
        "relationships": {
            "account": {"data": {"type": "account", "id": "163575"}},
            "customer": {"data": {"type": "customer", "id": "129528"}}
        }
    })
}

/// Every page of a listing of `items`, serialized once up front.
fn pages(items: u64) -> Arc<Vec<Arc<Vec<u8>>>> {
    let count = items.div_ceil(PAGE) + 2;
    Arc::new(
        (0..count)
            .map(|page| {
                let offset = page * PAGE;
                let data: Vec<_> = (offset + 1..=(offset + PAGE).min(items)).map(payment).collect();
                let body = serde_json::json!({"data": data, "meta": {"pagination": {"total": items, "limit": PAGE, "offset": offset}}});
                Arc::new(serde_json::to_vec(&body).unwrap())
            })
            .collect(),
    )
}

async fn server(items: u64) -> String {
    let pages = pages(items);
    loopback::serve(
        latency(),
        Arc::new(move |query: &str| {
            let offset = loopback::query_value(query, "page[offset]").unwrap_or(0);
            let index = (offset / PAGE) as usize;
            pages
                .get(index)
                .cloned()
                .unwrap_or_else(|| pages[pages.len() - 1].clone())
        }),
    )
    .await
}

/// A client, built once per run as an application would (building one loads the platform's
/// TLS roots, which is not part of listing).
fn client(base_url: &str) -> payclients::unit::Client {
    payclients::unit::Client::new(base_url, "bench-token").unwrap()
}

async fn list_all(client: &payclients::unit::Client, concurrency: usize) -> u64 {
    let mut stream = client
        .list_received_payments()
        .stream()
        .page_size(PAGE)
        .concurrency(concurrency);
    let mut count = 0;
    while let Some(item) = stream.next().await {
        item.unwrap();
        count += 1;
    }
    count
}

/// Peak bytes above the baseline while streaming `items` items.
fn peak_memory(
    runtime: &tokio::runtime::Runtime,
    items: u64,
    concurrency: usize,
) -> (usize, Duration) {
    let base_url = runtime.block_on(server(items));
    let client = client(&base_url);
    let baseline = LIVE.load(Ordering::Relaxed);
    PEAK.store(baseline, Ordering::Relaxed);
    let started = Instant::now();
    let count = runtime.block_on(list_all(&client, concurrency));
    assert_eq!(count, items);
    (PEAK.load(Ordering::Relaxed) - baseline, started.elapsed())
}

fn main() {
    if std::env::var_os("PAGINATION_BENCH_MEMORY_ONLY").is_some() {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .unwrap();
        for concurrency in [1, 16] {
            let (peak, elapsed) = peak_memory(&runtime, 100_000, concurrency);
            println!(
                "100000 items, {concurrency:>2} in flight, {:?} latency: {:.1} MiB in {elapsed:.2?}",
                latency(),
                peak as f64 / 1048576.0
            );
        }
        return;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    println!("peak memory while streaming (bytes above the baseline, incl. the server's buffers):");
    for concurrency in [1, 16] {
        for items in [10_000, 100_000, 200_000] {
            let (peak, elapsed) = peak_memory(&runtime, items, concurrency);
            println!(
                "  {items:>7} items, {concurrency:>2} in flight: {:>6.1} MiB in {:.2?}",
                peak as f64 / 1048576.0,
                elapsed
            );
        }
    }

    // Counting stops for good (what is freed from now on is not subtracted).
    COUNTING.store(false, Ordering::Relaxed);
    let base_url = runtime.block_on(server(100_000));
    let mut criterion = Criterion::default()
        .configure_from_args()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1));
    let mut group = criterion.benchmark_group("unit_list_100k_items_1000_per_page_20ms");
    group.measurement_time(Duration::from_secs(30));
    for concurrency in [1, 16] {
        let client = client(&base_url);
        group.bench_function(format!("{concurrency}_in_flight"), |b| {
            b.to_async(&runtime).iter(|| list_all(&client, concurrency))
        });
    }
    group.finish();
    criterion.final_summary();
}
