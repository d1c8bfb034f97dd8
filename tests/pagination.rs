//! Item streams over Unit's offset paging and LogiSense's page-number paging, against httpmock
//! on 127.0.0.1: totals of 0, 1, k pages and k pages + 1, short last pages, estimates too low
//! and too high, repeated pages, a failing page, cancellation, and parallel = sequential.
#![cfg(all(feature = "unit", feature = "logisense"))]

use std::time::Duration;

use futures::{StreamExt, TryStreamExt};
use httpmock::Method::GET;
use httpmock::{Mock, MockServer};
use payclients::ErrorKind;
use payclients::logisense::PageRequest;
use serde_json::{Value, json};

fn payment(id: u64) -> Value {
    json!({
        "type": "achReceivedPayment", "id": id.to_string(),
        "attributes": {
            "createdAt": "2022-02-01T12:03:14.406Z", "status": "Pending", "wasAdvanced": false,
            "amount": 100 + id, "completionDate": "2020-07-30", "companyName": "UBER LTD",
            "counterpartyRoutingNumber": "051402372", "description": "Paycheck",
            "traceNumber": "123456789123456", "secCode": "PPD"
        },
        "relationships": {
            "account": {"data": {"type": "account", "id": "1"}},
            "customer": {"data": {"type": "customer", "id": "2"}}
        }
    })
}

/// A Unit server holding items 1..=`items`, reporting `total` (an estimate), that serves every
/// offset a client may ask for (up to a few pages past the end) and counts requests.
struct UnitServer {
    server: &'static MockServer,
    mocks: Vec<(u64, Mock<'static>)>,
}

impl UnitServer {
    async fn start(items: u64, total: u64, size: u64) -> UnitServer {
        let server = MockServer::start_async().await;
        // Leak the server so that the mocks can borrow it for the test's lifetime.
        let server_ref: &'static MockServer = Box::leak(Box::new(server));
        let mut mocks = Vec::new();
        let mut offset = 0;
        while offset <= items + 3 * size {
            let page: Vec<Value> = (offset + 1..=(offset + size).min(items))
                .map(payment)
                .collect();
            let body = json!({"data": page, "meta": {"pagination": {"total": total, "limit": size, "offset": offset}}});
            let mock = server_ref
                .mock_async(|when, then| {
                    when.method(GET)
                        .path("/received-payments")
                        .query_param("page[limit]", size.to_string())
                        .query_param("page[offset]", offset.to_string())
                        .query_param("sort", "-createdAt");
                    then.status(200).json_body(body);
                })
                .await;
            mocks.push((offset, mock));
            offset += size;
        }
        UnitServer {
            server: server_ref,
            mocks,
        }
    }

    fn client(&self) -> payclients::unit::Client {
        payclients::unit::Client::new(self.server.base_url(), "token").unwrap()
    }

    async fn requests(&self) -> usize {
        let mut total = 0;
        for (_, mock) in &self.mocks {
            total += mock.calls_async().await;
        }
        total
    }
}

async fn ids(
    server: &UnitServer,
    size: u64,
    concurrency: usize,
) -> Result<Vec<u64>, payclients::Error> {
    let client = server.client();
    let items = client
        .list_received_payments()
        .sort(payclients::unit::types::ReceivedPaymentSort::CreatedAtDesc)
        .stream()
        .page_size(size)
        .concurrency(concurrency)
        .try_collect::<Vec<_>>()
        .await?;
    Ok(items.iter().map(|p| p.id.parse().unwrap()).collect())
}

/// (items on the server, reported total, page size, requests sequentially).
#[tokio::test]
async fn every_item_once_in_order_whatever_the_total() {
    let cases: [(u64, u64, u64, usize, &str); 8] = [
        (0, 0, 10, 1, "no items: one empty page"),
        (1, 1, 10, 1, "one item: one short page"),
        (
            30,
            30,
            10,
            4,
            "exactly 3 pages: a 4th, empty, confirms the end",
        ),
        (31, 31, 10, 4, "3 pages + 1: the 4th is short"),
        (25, 25, 10, 3, "the last page short"),
        (
            45,
            20,
            10,
            5,
            "an estimate too low: the stream goes on past it",
        ),
        (
            15,
            60,
            10,
            2,
            "an estimate too high: the short page ends it",
        ),
        (
            20,
            60,
            10,
            3,
            "an estimate too high, on a page boundary: the empty page ends it",
        ),
    ];
    for (items, total, size, requests, what) in cases {
        let server = UnitServer::start(items, total, size).await;
        let got = ids(&server, size, 1).await.unwrap();
        assert_eq!(got, (1..=items).collect::<Vec<_>>(), "{what}");
        assert_eq!(server.requests().await, requests, "{what}: requests");
    }
}

// On worker threads: each page is received and decoded in a task of its own, and pages
// finish in any order.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parallel_yields_what_sequential_yields() {
    for (items, total) in [(95, 95), (100, 100), (95, 40), (95, 300), (0, 0)] {
        let server = UnitServer::start(items, total, 10).await;
        let sequential = ids(&server, 10, 1).await.unwrap();
        for concurrency in [2, 4, 16] {
            assert_eq!(
                ids(&server, 10, concurrency).await.unwrap(),
                sequential,
                "{items}/{total} x{concurrency}"
            );
        }
        assert_eq!(sequential.len() as u64, items);
    }
}

// Pages of 100 items (~48 KB) are decoded on tokio's blocking threads, the 10-item pages
// above on the workers: both paths yield the same items, in order, in both runtimes.
#[test]
fn large_pages_decode_off_the_workers_with_the_same_items() {
    let runtimes = [
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap(),
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap(),
    ];
    for runtime in runtimes {
        runtime.block_on(async {
            let server = UnitServer::start(950, 950, 100).await;
            for concurrency in [1, 4, 16] {
                let got = ids(&server, 100, concurrency).await.unwrap();
                assert_eq!(got, (1..=950).collect::<Vec<_>>(), "x{concurrency}");
            }
        });
    }
}

// A large page that does not decode (the 50th item lacks its amount) ends the stream with
// a decode error naming that page, after the items before it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_page_that_does_not_decode_ends_the_stream() {
    let server = MockServer::start_async().await;
    for offset in [0u64, 100] {
        let mut page: Vec<Value> = (offset + 1..=offset + 100).map(payment).collect();
        if offset == 100 {
            page[49]["attributes"]
                .as_object_mut()
                .unwrap()
                .remove("amount");
        }
        server
            .mock_async(|when, then| {
                when.method(GET).path("/received-payments").query_param("page[offset]", offset.to_string());
                then.status(200)
                    .header("x-request-id", format!("page-{offset}"))
                    .json_body(json!({"data": page, "meta": {"pagination": {"total": 300, "limit": 100, "offset": offset}}}));
            })
            .await;
    }
    let client = payclients::unit::Client::new(server.base_url(), "t").unwrap();
    for concurrency in [1, 4] {
        let results: Vec<_> = client
            .list_received_payments()
            .stream()
            .page_size(100)
            .concurrency(concurrency)
            .collect::<Vec<_>>()
            .await;
        assert_eq!(results.len(), 101, "x{concurrency}");
        assert!(results[..100].iter().all(Result::is_ok));
        let error = results[100].as_ref().unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Decode, "{error}");
        assert_eq!(error.page(), Some(1));
        assert!(error.to_string().contains("amount"), "{error}");
        // The failed page's status and headers are kept.
        assert_eq!(error.status().map(|s| s.as_u16()), Some(200));
        assert_eq!(error.headers().unwrap()["x-request-id"], "page-100");
    }
}

#[tokio::test]
async fn max_items_does_not_over_fetch() {
    let server = UnitServer::start(100, 100, 10).await;
    let client = server.client();
    let stream = client
        .list_received_payments()
        .sort(payclients::unit::types::ReceivedPaymentSort::CreatedAtDesc)
        .stream();
    let first: Vec<_> = stream
        .page_size(10)
        .concurrency(8)
        .max_items(25)
        .collect_all()
        .await
        .unwrap();
    assert_eq!(first.len(), 25);
    assert_eq!(first[24].id.as_str(), "25");
    assert_eq!(server.requests().await, 3, "pages 1 to 3 only");
}

// An estimate of exactly 3 full pages: the empty 4th page that confirms the end goes out with
// pages 2 and 3, not alone after them, and nothing goes out past it.
#[tokio::test]
async fn an_estimate_of_full_pages_requests_the_confirming_page_with_the_others() {
    let server = UnitServer::start(30, 30, 10).await;
    let client = server.client();
    let mut stream = client
        .list_received_payments()
        .sort(payclients::unit::types::ReceivedPaymentSort::CreatedAtDesc)
        .stream()
        .page_size(10)
        .concurrency(8);
    // The first item is delivered once the first page told the total and the plan went out.
    assert_eq!(stream.next().await.unwrap().unwrap().id.as_str(), "1");
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        server.requests().await,
        4,
        "pages 1 to 3 and the confirming 4th"
    );
    let rest: Vec<_> = stream.try_collect().await.unwrap();
    assert_eq!(rest.len(), 29);
    assert_eq!(
        server.requests().await,
        4,
        "nothing past the confirming page"
    );
}

#[tokio::test]
async fn dropping_the_stream_stops_the_requests() {
    let server = UnitServer::start(1000, 1000, 10).await;
    let client = server.client();
    let mut stream = client
        .list_received_payments()
        .sort(payclients::unit::types::ReceivedPaymentSort::CreatedAtDesc)
        .stream()
        .page_size(10)
        .concurrency(4);
    let first = stream.next().await.unwrap().unwrap();
    assert_eq!(first.id.as_str(), "1");
    drop(stream);
    tokio::time::sleep(Duration::from_millis(200)).await;
    let sent = server.requests().await;
    assert!(
        sent <= 1 + 4,
        "the first page and at most 4 in flight, got {sent}"
    );
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(server.requests().await, sent, "nothing more after the drop");

    // A consumer that stops reading (without dropping) stops the fetching too.
    let server = UnitServer::start(1000, 1000, 10).await;
    let client = server.client();
    let mut stream = client
        .list_received_payments()
        .sort(payclients::unit::types::ReceivedPaymentSort::CreatedAtDesc)
        .stream()
        .page_size(10)
        .concurrency(4);
    for _ in 0..15 {
        stream.next().await.unwrap().unwrap();
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let sent = server.requests().await;
    assert!(
        sent <= 2 + (2 * 4 - 1),
        "at most the pages read plus those held (2 x 4 - 1), got {sent}"
    );
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(server.requests().await, sent);
}

#[tokio::test]
async fn a_repeated_page_ends_the_stream_with_an_error_not_a_loop() {
    let server = MockServer::start_async().await;
    // A server that ignores page[offset] but echoes the requested one: the same page forever.
    for offset in [0, 10, 20, 30] {
        let page: Vec<Value> = (1..=10).map(payment).collect();
        server
            .mock_async(|when, then| {
                when.method(GET).path("/received-payments").query_param("page[offset]", offset.to_string());
                then.status(200).json_body(json!({"data": page, "meta": {"pagination": {"total": 1000, "limit": 10, "offset": offset}}}));
            })
            .await;
    }
    let client = payclients::unit::Client::new(server.base_url(), "t").unwrap();
    let results: Vec<_> = client
        .list_received_payments()
        .stream()
        .page_size(10)
        .collect::<Vec<_>>()
        .await;
    assert_eq!(results.len(), 11, "page 1's items, then one error");
    let error = results[10].as_ref().unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Paging);
    assert_eq!(error.page(), Some(1));
    assert!(error.to_string().contains("page 2 repeats item"), "{error}");

    // A server that ignores the offset and says so.
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/received-payments");
            then.status(200).json_body(json!({"data": [payment(1)], "meta": {"pagination": {"total": 5, "limit": 1, "offset": 0}}}));
        })
        .await;
    let client = payclients::unit::Client::new(server.base_url(), "t").unwrap();
    let results: Vec<_> = client
        .list_received_payments()
        .stream()
        .page_size(1)
        .collect::<Vec<_>>()
        .await;
    assert_eq!(results.len(), 2);
    let error = results[1].as_ref().unwrap_err();
    assert!(
        error
            .to_string()
            .contains("asked for offset 1 and got offset 0"),
        "{error}"
    );
}

#[tokio::test]
async fn an_error_on_page_three_after_the_items_before_it() {
    let server = MockServer::start_async().await;
    for offset in [0u64, 10] {
        let page: Vec<Value> = (offset + 1..=offset + 10).map(payment).collect();
        server
            .mock_async(|when, then| {
                when.method(GET).path("/received-payments").query_param("page[offset]", offset.to_string());
                then.status(200).json_body(json!({"data": page, "meta": {"pagination": {"total": 50, "limit": 10, "offset": offset}}}));
            })
            .await;
    }
    server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/received-payments")
                .query_param("page[offset]", "20");
            then.status(503).body("busy");
        })
        .await;
    let client = payclients::unit::Client::new(server.base_url(), "t").unwrap();
    for concurrency in [1, 4] {
        let results: Vec<_> = client
            .list_received_payments()
            .stream()
            .page_size(10)
            .concurrency(concurrency)
            .collect::<Vec<_>>()
            .await;
        assert_eq!(results.len(), 21, "x{concurrency}");
        assert!(results[..20].iter().all(Result::is_ok));
        let error = results[20].as_ref().unwrap_err();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
        assert_eq!(error.page(), Some(2));
        assert!(
            error.to_string().ends_with("(page 3 of the listing)"),
            "{error}"
        );
    }
}

fn ls_payment(id: u64) -> Value {
    json!({"identity": id, "amount": 10.5, "accountId": 7})
}

#[tokio::test]
async fn logisense_pages_by_number_with_an_exact_total() {
    for (items, size, requests) in [(0u64, 10u64, 1usize), (7, 10, 1), (30, 10, 3), (31, 10, 4)] {
        let server = MockServer::start_async().await;
        let mut mocks = Vec::new();
        for number in 1..=(items / size + 3) {
            let start = (number - 1) * size;
            let page: Vec<Value> = (start + 1..=(start + size).min(items))
                .map(ls_payment)
                .collect();
            let body = json!({"trackingId": "d2ae5304-2355-44eb-a328-272f02935f8b",
                "pagination": {"pageNumber": number, "pageSize": size, "excludeTotalCount": false},
                "pagedResults": {"totalCount": items, "items": page}});
            mocks.push(
                server
                    .mock_async(|when, then| {
                        when.method(GET).path("/Payment/Paged").header(
                            "pagination",
                            PageRequest::new(number as u32, size as u32).to_json(),
                        );
                        then.status(200).json_body(body);
                    })
                    .await,
            );
        }
        let client = payclients::logisense::Client::from_base_url(server.base_url(), "t").unwrap();
        for concurrency in [1, 3] {
            let got = client
                .list_payments_paged()
                .stream()
                .page_size(size)
                .concurrency(concurrency)
                .collect_all()
                .await
                .unwrap();
            let ids: Vec<u64> = got.iter().map(|p| p.identity.unwrap() as u64).collect();
            assert_eq!(
                ids,
                (1..=items).collect::<Vec<_>>(),
                "{items} x{concurrency}"
            );
            assert_eq!(
                got.first().map(|p| p.amount.unwrap().to_string()),
                (items > 0).then(|| "10.5".to_string())
            );
        }
        let mut sent = 0;
        for mock in &mocks {
            sent += mock.calls_async().await;
        }
        assert_eq!(
            sent,
            requests * 2,
            "{items} items: no page past the exact total"
        );
    }
}

/// The paginator itself, over an in-memory list: which pages it asks for, and when.
mod bounds {
    use std::future::Future;
    use std::pin::Pin;
    use std::sync::{Arc, Mutex};

    use futures::channel::oneshot;
    use futures::{FutureExt, StreamExt};
    use payclients::pagination::{Page, PageQuery, Paginator, Total};

    type Reply = oneshot::Sender<()>;
    type PageFuture = Pin<Box<dyn Future<Output = Result<Page<u64>, payclients::Error>> + Send>>;

    /// A server of `items` items (ids 0…) that reports `total`; its pages answer at once, or
    /// when the test sends their reply (`gated`). Records the page indexes asked for.
    #[derive(Clone)]
    struct Listing {
        items: u64,
        total: Option<u64>,
        gated: bool,
        asked: Arc<Mutex<Vec<u64>>>,
        replies: Arc<Mutex<Vec<Option<Reply>>>>,
    }

    impl Listing {
        fn new(items: u64, total: Option<u64>) -> Self {
            Listing {
                items,
                total,
                gated: false,
                asked: Arc::default(),
                replies: Arc::default(),
            }
        }

        fn gated(mut self) -> Self {
            self.gated = true;
            self
        }

        fn stream(&self, total: Total, page_size: u64) -> Paginator<'static, u64> {
            let listing = self.clone();
            Paginator::new(
                total,
                page_size,
                |id: &u64| id.to_string(),
                move |q: PageQuery| listing.fetch(q),
            )
        }

        fn fetch(&self, query: PageQuery) -> PageFuture {
            self.asked.lock().unwrap().push(query.index);
            // Fails a stream that does not stop rather than hanging the test.
            assert!(query.index < 10_000, "asked for page {}", query.index);
            let start = query.offset().min(self.items);
            let end = (query.offset() + query.size).min(self.items);
            let page = Page::new((start..end).collect(), self.total);
            if !self.gated {
                return Box::pin(async move { Ok(page) });
            }
            let (reply, answered) = oneshot::channel();
            let mut replies = self.replies.lock().unwrap();
            let index = query.index as usize;
            if replies.len() <= index {
                replies.resize_with(index + 1, || None);
            }
            replies[index] = Some(reply);
            Box::pin(async move {
                answered
                    .await
                    .expect("the test answers every page it opens");
                Ok(page)
            })
        }

        fn answer(&self, index: usize) {
            let reply = self.replies.lock().unwrap()[index]
                .take()
                .expect("asked for");
            reply.send(()).unwrap();
        }

        fn asked(&self) -> Vec<u64> {
            self.asked.lock().unwrap().clone()
        }
    }

    /// One poll of the stream, as a consumer that reads one item and stops.
    fn read_one(stream: &mut Paginator<'static, u64>) -> Option<u64> {
        match stream.next().now_or_never() {
            Some(Some(item)) => Some(item.unwrap()),
            Some(None) | None => None,
        }
    }

    // The documented bound: a consumer that stops reading holds at most `2 × concurrency − 1`
    // pages requested and unread, besides the page it is reading.
    #[test]
    fn a_stopped_consumer_holds_at_most_twice_the_concurrency_less_one_pages() {
        for concurrency in 1..=5u64 {
            let listing = Listing::new(10_000, Some(10_000));
            let mut stream = listing
                .stream(Total::Exact, 10)
                .concurrency(concurrency as usize);
            assert_eq!(read_one(&mut stream), Some(0));
            // Page 0 is being read; pages 1 to 2c − 1 are held.
            let held: Vec<u64> = (0..2 * concurrency).collect();
            assert_eq!(listing.asked(), held, "x{concurrency}");
            for _ in 1..10 {
                read_one(&mut stream).unwrap();
            }
            assert_eq!(
                listing.asked().len() as u64,
                2 * concurrency,
                "x{concurrency}: page 0 is still being read"
            );
            // Reading page 1 frees one place: one more request.
            assert_eq!(read_one(&mut stream), Some(10));
            assert_eq!(
                listing.asked().len() as u64,
                2 * concurrency + 1,
                "x{concurrency}"
            );
        }
    }

    // At most `concurrency` requests in flight; a slot frees when its answer arrives, though
    // its page is not read yet, until `2 × concurrency − 1` pages are held.
    #[test]
    fn at_most_concurrency_requests_in_flight_and_a_slot_frees_on_arrival() {
        let listing = Listing::new(10_000, Some(10_000)).gated();
        let mut stream = listing.stream(Total::Exact, 10).concurrency(3);
        assert_eq!(read_one(&mut stream), None, "the first page is in flight");
        assert_eq!(listing.asked(), [0], "the first page alone");
        listing.answer(0);
        assert_eq!(read_one(&mut stream), Some(0));
        assert_eq!(listing.asked(), [0, 1, 2, 3], "three in flight");
        read_one(&mut stream).unwrap();
        assert_eq!(listing.asked().len(), 4, "no slot is free");
        listing.answer(1);
        read_one(&mut stream).unwrap();
        assert_eq!(
            listing.asked(),
            [0, 1, 2, 3, 4],
            "page 1 arrived: its slot is free"
        );
        listing.answer(2);
        read_one(&mut stream).unwrap();
        assert_eq!(listing.asked().len(), 6);
        listing.answer(3);
        read_one(&mut stream).unwrap();
        assert_eq!(listing.asked().len(), 6, "five pages held: 2 × 3 − 1");
    }

    #[test]
    fn debug_shows_the_settings_and_the_progress() {
        let listing = Listing::new(100, Some(100));
        let mut stream = listing
            .stream(Total::Exact, 10)
            .concurrency(3)
            .max_items(70);
        assert_eq!(
            format!("{stream:?}"),
            "Paginator { total: Exact, cursor: false, page_size: 10, concurrency: 3, \
             max_items: Some(70), next_page: 0, delivered: 0, .. }"
        );
        read_one(&mut stream).unwrap();
        assert!(
            format!("{stream:?}").ends_with("next_page: 6, delivered: 1, .. }"),
            "{stream:?}"
        );
    }

    // A page that lists an item twice ends the stream with a paging error naming it, after
    // the pages before it.
    #[tokio::test]
    async fn a_page_listing_an_item_twice_ends_the_stream() {
        let fetch = |q: PageQuery| async move {
            let items = if q.index == 0 { vec![0, 1] } else { vec![2, 2] };
            Ok(Page::new(items, None))
        };
        let stream = Paginator::new(Total::Estimate, 2, |id: &u64| id.to_string(), fetch);
        let results: Vec<_> = stream.collect().await;
        assert_eq!(results.len(), 3);
        assert_eq!(*results[1].as_ref().unwrap(), 1);
        let error = results[2].as_ref().unwrap_err();
        assert_eq!(error.kind(), payclients::ErrorKind::Paging);
        assert_eq!(error.page(), Some(1));
        assert!(
            error.to_string().contains("page 2 lists an item twice"),
            "{error}"
        );
    }

    /// (what, server items, reported total, total kind, page size, concurrency, max items) →
    /// (pages asked for by the time the first item is read, all pages asked for, items read).
    #[test]
    fn the_pages_asked_for_follow_the_total_the_page_size_and_max_items() {
        type Case = (
            &'static str,
            u64,
            Option<u64>,
            Total,
            u64,
            usize,
            Option<u64>,
        );
        type Expected = (usize, Vec<u64>, u64);
        let cases: Vec<(Case, Expected)> = vec![
            (
                (
                    "exact, a short last page",
                    25,
                    Some(25),
                    Total::Exact,
                    10,
                    1,
                    None,
                ),
                (2, vec![0, 1, 2], 25),
            ),
            (
                (
                    "exact, full pages: none after",
                    30,
                    Some(30),
                    Total::Exact,
                    10,
                    1,
                    None,
                ),
                (2, vec![0, 1, 2], 30),
            ),
            (
                (
                    "exact, in parallel",
                    30,
                    Some(30),
                    Total::Exact,
                    10,
                    4,
                    None,
                ),
                (3, vec![0, 1, 2], 30),
            ),
            (
                (
                    "exact, fewer items than said",
                    12,
                    Some(40),
                    Total::Exact,
                    10,
                    4,
                    None,
                ),
                (4, vec![0, 1, 2, 3], 12),
            ),
            (
                ("exact zero", 0, Some(0), Total::Exact, 10, 4, None),
                (1, vec![0], 0),
            ),
            (
                (
                    "estimate of full pages: the confirming page too",
                    30,
                    Some(30),
                    Total::Estimate,
                    10,
                    4,
                    None,
                ),
                (4, vec![0, 1, 2, 3], 30),
            ),
            (
                (
                    "estimate too low",
                    35,
                    Some(20),
                    Total::Estimate,
                    10,
                    4,
                    None,
                ),
                (3, vec![0, 1, 2, 3], 35),
            ),
            (
                (
                    "estimate too high",
                    15,
                    Some(55),
                    Total::Estimate,
                    10,
                    8,
                    None,
                ),
                (6, vec![0, 1, 2, 3, 4, 5], 15),
            ),
            (
                (
                    "no total: one page at a time",
                    25,
                    None,
                    Total::Estimate,
                    10,
                    4,
                    None,
                ),
                (2, vec![0, 1, 2], 25),
            ),
            (
                (
                    "max items mid-page",
                    100,
                    Some(100),
                    Total::Exact,
                    10,
                    4,
                    Some(15),
                ),
                (2, vec![0, 1], 15),
            ),
            (
                (
                    "max items at a page's end",
                    100,
                    Some(100),
                    Total::Exact,
                    10,
                    4,
                    Some(10),
                ),
                (1, vec![0], 10),
            ),
            (
                (
                    "page size above the maximum is lowered",
                    30,
                    Some(30),
                    Total::Exact,
                    10,
                    1,
                    None,
                ),
                (2, vec![0, 1, 2], 30),
            ),
        ];
        for ((what, items, total, kind, size, concurrency, max), expected) in cases {
            let listing = Listing::new(items, total);
            let mut stream = listing
                .stream(kind, 10)
                .page_size(size)
                .concurrency(concurrency);
            if what.contains("above the maximum") {
                stream = stream.page_size(500);
            }
            if let Some(max) = max {
                stream = stream.max_items(max);
            }
            let first = read_one(&mut stream);
            let at_first = listing.asked().len();
            let mut read = u64::from(first.is_some());
            while let Some(item) = read_one(&mut stream) {
                assert_eq!(item, read, "{what}: in order, each once");
                read += 1;
            }
            assert_eq!((at_first, listing.asked(), read), expected, "{what}");
        }
    }
}
