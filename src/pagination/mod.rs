//! Item streams over paged list operations, with parallel page fetching.
//!
//! A paged operation becomes a [`Paginator`]: a `futures::Stream` of `Result<T, Error>` that
//! fetches page after page and yields their items in order. One mechanism serves offset paging
//! (Unit's `page[offset]`/`page[limit]`) and page-number paging (LogiSense's `Pagination`
//! header): a page is "page *i* of size *n*" ([`PageQuery`]) and each API turns that into its own
//! parameters.
//!
//! ```no_run
//! # #[cfg(feature = "unit")]
//! # async fn run(client: &payclients::unit::Client) -> Result<(), payclients::Error> {
//! use futures::TryStreamExt;
//!
//! let payments: Vec<_> = client
//!     .list_received_payments()
//!     .sort(payclients::unit::types::ReceivedPaymentSort::CreatedAtDesc)
//!     .stream()          // filters and sort set above stay in force
//!     .concurrency(16)   // once the first page gives the total, 16 pages in flight
//!     .max_items(5_000)  // stop after 5,000 items, without fetching pages beyond them
//!     .try_collect()
//!     .await?;
//! # let _ = payments;
//! # Ok(())
//! # }
//! ```
//!
//! **Rules.** Items come out in page order, each once. The first page is fetched alone; when it
//! reports a total, the planned remaining pages are fetched with up to `concurrency` requests
//! in flight (default 1: sequential); a request's slot frees when its response has arrived (its
//! page may still be decoding), so up to `concurrency − 1` more pages may be decoding or waiting
//! to be read. Unit's and LogiSense's streams receive each page in a task of its own on the
//! tokio runtime; a page of 16 KiB or more is decoded on tokio's blocking threads, one per core
//! at a time, so that decoding (milliseconds for 1,000 items) does not hold up the runtime's
//! workers, which keep receiving the other pages and running the application's tasks.
//!
//! A total that is an *estimate* (Unit's) is not trusted to end the stream: the plan includes
//! the page after it when that would be needed to see the end (an estimate of exactly k full
//! pages plans k + 1), and after the planned pages the stream goes on one page at a time until a
//! page is short or empty; pages planned past the real end come back empty and end it. An
//! *exact* total (LogiSense's) ends it. Memory is bounded by the pages held
//! (`2 × concurrency − 1`) plus the one being read: a consumer that stops reading stops the
//! fetching, and dropping the stream cancels what is in flight.
//!
//! **Misbehaving servers.** An empty page ends the stream. A page that shares an item with the
//! page before it (the same page served twice, an offset that did not advance, data shifting
//! under the listing) ends it with an [`ErrorKind::Paging`] error, so nothing is delivered twice
//! and nothing loops (see async-stripe's issue #466). Any failed page ends the stream with its
//! error, which names the page ([`Error::page`]); the items before it have been delivered.

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use futures::stream::{FuturesUnordered, Stream, StreamExt};

use crate::error::{Error, ErrorKind};

// Which of its parts are used depends on how the enabled APIs page (their specs).
#[allow(dead_code)]
pub(crate) mod declared;
// A page fetched and decoded in a task of its own.
#[cfg(payclients_any_api)]
mod page_task;

/// Which page to fetch: page `index` (from 0) of `size` items.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageQuery {
    /// The page, from 0.
    pub index: u64,
    /// Items per page.
    pub size: u64,
}

impl PageQuery {
    /// The offset of the page's first item (offset paging).
    pub fn offset(&self) -> u64 {
        self.index * self.size
    }

    /// The page's number from 1 (page-number paging).
    pub fn number(&self) -> u64 {
        self.index + 1
    }
}

/// One fetched page.
#[derive(Clone, Debug, PartialEq)]
pub struct Page<T> {
    /// The page's items.
    pub items: Vec<T>,
    /// The total number of items the server reports, if it does.
    pub total: Option<u64>,
}

/// Whether the server's total can end the stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Total {
    /// An estimate: the stream ends on a short or empty page, not on the total.
    Estimate,
    /// Exact: the stream ends after the page that reaches it.
    Exact,
}

type PageFuture<'a, T> = Pin<Box<dyn Future<Output = Result<Fetched<T>, Error>> + Send + 'a>>;
type ArrivalFuture<'a, T> = Pin<Box<dyn Future<Output = Arrival<'a, T>> + Send + 'a>>;
type FetchFn<'a, T> =
    Arc<dyn Fn(PageQuery, Option<String>) -> ArrivalFuture<'a, T> + Send + Sync + 'a>;
type KeyFn<T> = fn(&T) -> String;
type Indexed<T> = (u64, Result<Fetched<T>, Error>);
type InFlight<'a, T> = Pin<Box<dyn Future<Output = (u64, Arrival<'a, T>)> + Send + 'a>>;

/// A fetched page and, for cursor paging, the cursor of the page after it (`None`: the last).
pub(crate) struct Fetched<T> {
    pub page: Page<T>,
    pub cursor: Option<String>,
}

impl<T> Page<T> {
    /// A page of `items`, with the total the server reports, if it does.
    pub fn new(items: Vec<T>, total: Option<u64>) -> Self {
        Page { items, total }
    }
}

impl<T> From<Page<T>> for Fetched<T> {
    fn from(page: Page<T>) -> Self {
        Fetched { page, cursor: None }
    }
}

/// How a request ends its time in flight: with its page, or with its response received and
/// the page still being decoded (which then no longer holds a request slot).
#[allow(dead_code)] // `Decoding` is for the APIs that page
pub(crate) enum Arrival<'a, T> {
    Page(Result<Fetched<T>, Error>),
    Decoding(PageFuture<'a, T>),
}

/// A stream of the items of a paged operation. Set its options, then use it as a
/// `Stream<Item = Result<T, Error>>` (with `futures::StreamExt`/`TryStreamExt`).
#[must_use = "a paginator does nothing unless it is polled"]
pub struct Paginator<'a, T> {
    fetch: FetchFn<'a, T>,
    key: KeyFn<T>,
    total: Total,
    /// Cursor paging: each page is asked for with the cursor the page before it gave, so
    /// pages come one at a time and the stream ends on a page without a next cursor.
    cursor: bool,
    page_size: u64,
    max_page_size: u64,
    concurrency: usize,
    max_items: Option<u64>,
    state: State<'a, T>,
}

struct State<'a, T> {
    next_index: u64,
    first_done: bool,
    planned_pages: Option<u64>,
    /// Requests sent and not answered, in any order.
    in_flight: FuturesUnordered<InFlight<'a, T>>,
    /// Pages received and being decoded, in any order.
    decoding: FuturesUnordered<Pin<Box<dyn Future<Output = Indexed<T>> + Send + 'a>>>,
    /// Pages that arrived and are not read yet, by index: they are read in order.
    arrived: BTreeMap<u64, Result<Fetched<T>, Error>>,
    /// Cursor paging: the cursor of the next page, once the page before it is read.
    next_cursor: Option<String>,
    /// Cursor paging: the cursor the last page was asked for with.
    sent_cursor: Option<String>,
    /// The index of the next page to read.
    next_read: u64,
    /// The items of the page being read (a page is read once the one before is done).
    buffer: std::vec::IntoIter<T>,
    previous_keys: HashSet<String>,
    delivered: u64,
    done: bool,
}

impl<'a, T: Send + 'a> Paginator<'a, T> {
    /// A paginator over `fetch`, whose items are told apart by `key` (their id). `max_page_size`
    /// is the largest page the API serves, and the default page size.
    pub fn new<F, Fut>(total: Total, max_page_size: u64, key: KeyFn<T>, fetch: F) -> Self
    where
        F: Fn(PageQuery) -> Fut + Send + Sync + 'a,
        Fut: Future<Output = Result<Page<T>, Error>> + Send + 'a,
    {
        Self::with_arrivals(total, max_page_size, key, move |query| {
            let page = fetch(query);
            async move { Arrival::Page(page.await.map(Fetched::from)) }
        })
    }

    /// As [`Paginator::new`], with a fetch that tells when its response has arrived and its
    /// page is being decoded ([`Arrival::Decoding`]): the request's slot frees then.
    pub(crate) fn with_arrivals<F, Fut>(
        total: Total,
        max_page_size: u64,
        key: KeyFn<T>,
        fetch: F,
    ) -> Self
    where
        F: Fn(PageQuery) -> Fut + Send + Sync + 'a,
        Fut: Future<Output = Arrival<'a, T>> + Send + 'a,
    {
        Self::build(total, false, max_page_size, key, move |query, _| {
            fetch(query)
        })
    }

    /// A paginator over a cursor-paged operation: `fetch` gets the cursor of the page to fetch
    /// (`None` for the first) and answers with the page and the next cursor. Pages come one at a
    /// time whatever the concurrency; the stream ends on a page without a next cursor, or empty.
    #[allow(dead_code)] // for the APIs that page by cursor
    pub(crate) fn with_cursor<F, Fut>(max_page_size: u64, key: KeyFn<T>, fetch: F) -> Self
    where
        F: Fn(PageQuery, Option<String>) -> Fut + Send + Sync + 'a,
        Fut: Future<Output = Arrival<'a, T>> + Send + 'a,
    {
        Self::build(Total::Estimate, true, max_page_size, key, fetch)
    }

    pub(crate) fn build<F, Fut>(
        total: Total,
        cursor: bool,
        max_page_size: u64,
        key: KeyFn<T>,
        fetch: F,
    ) -> Self
    where
        F: Fn(PageQuery, Option<String>) -> Fut + Send + Sync + 'a,
        Fut: Future<Output = Arrival<'a, T>> + Send + 'a,
    {
        let max_page_size = max_page_size.max(1);
        Paginator {
            fetch: Arc::new(move |query, cursor| Box::pin(fetch(query, cursor))),
            key,
            total,
            cursor,
            page_size: max_page_size,
            max_page_size,
            concurrency: 1,
            max_items: None,
            state: State {
                next_index: 0,
                first_done: false,
                planned_pages: None,
                in_flight: FuturesUnordered::new(),
                decoding: FuturesUnordered::new(),
                arrived: BTreeMap::new(),
                next_cursor: None,
                sent_cursor: None,
                next_read: 0,
                buffer: Vec::new().into_iter(),
                previous_keys: HashSet::new(),
                delivered: 0,
                done: false,
            },
        }
    }

    /// Items per page (default: the API's maximum; larger values are lowered to it, since a
    /// server that caps pages would otherwise look as if it had ended).
    pub fn page_size(mut self, size: u64) -> Self {
        self.page_size = size.clamp(1, self.max_page_size);
        self
    }

    /// Requests in flight once the total is known (default 1, sequential); up to
    /// `2 × pages − 1` pages are held, in flight or arrived and not yet read.
    pub fn concurrency(mut self, pages: usize) -> Self {
        self.concurrency = pages.max(1);
        self
    }

    /// Stops after this many items, and fetches no page beyond them (default: no limit).
    pub fn max_items(mut self, items: u64) -> Self {
        self.max_items = Some(items);
        self
    }

    /// Every item, in order; stops at the first error.
    pub async fn collect_all(self) -> Result<Vec<T>, Error> {
        futures::TryStreamExt::try_collect(self).await
    }

    /// Pages requested and not yet read.
    fn pending_pages(&self) -> usize {
        self.state.in_flight.len() + self.state.decoding.len() + self.state.arrived.len()
    }

    /// Whether one more request may go out while the plan lasts: at most `concurrency` in
    /// flight, and at most `2 × concurrency − 1` pages held (in flight, or arrived and waiting
    /// to be read). A slot frees when its answer arrives, not when its page is read, so the
    /// requests keep going out while earlier pages are decoded and read; sequential (1) stays
    /// one page at a time.
    fn has_room(&self) -> bool {
        self.state.in_flight.len() < self.concurrency
            && self.pending_pages() < 2 * self.concurrency - 1
    }

    /// Whether page `index` may be requested now.
    fn may_fetch(&self, index: u64) -> bool {
        let s = &self.state;
        if s.done {
            return false;
        }
        if let Some(max) = self.max_items
            && index * self.page_size >= max
        {
            return false;
        }
        if !s.first_done {
            return self.pending_pages() == 0;
        }
        if self.cursor {
            // The next page's cursor is known once the page before it is read (and taken when
            // that page is requested): one page at a time.
            return s.next_cursor.is_some();
        }
        match s.planned_pages {
            Some(planned) if index < planned => self.has_room(),
            // Past the plan (or without one), a page at a time. An exact total never gets
            // here with nothing pending: reading its last planned page ends the stream.
            _ => self.pending_pages() == 0,
        }
    }

    fn top_up(&mut self) {
        // Memory stays bounded: at most `2 × concurrency − 1` pages in flight, decoding or
        // waiting (`has_room`), plus the page being read.
        while self.may_fetch(self.state.next_index) {
            let query = PageQuery {
                index: self.state.next_index,
                size: self.page_size,
            };
            let cursor = self.state.next_cursor.take();
            self.state.sent_cursor.clone_from(&cursor);
            let future = (self.fetch)(query, cursor);
            self.state
                .in_flight
                .push(Box::pin(async move { (query.index, future.await) }));
            self.state.next_index += 1;
        }
    }

    /// Takes a page in, or returns the error that ends the stream.
    fn accept(&mut self, index: u64, fetched: Fetched<T>) -> Result<(), Error> {
        let Fetched { page, cursor } = fetched;
        let s = &mut self.state;
        if self.cursor {
            // A server that answers a cursor with itself would serve the same page forever.
            if let Some(next) = &cursor
                && s.sent_cursor.as_ref() == Some(next)
            {
                return Err(Error::new(ErrorKind::Paging).with_message(format!(
                    "page {} gives as the next cursor the one it was asked for",
                    index + 1
                )));
            }
            // A page without a next cursor is the last; an empty one too, whatever it says.
            if cursor.is_none() || page.items.is_empty() {
                s.done = true;
            }
            s.next_cursor = cursor;
        }
        if !s.first_done {
            s.first_done = true;
            s.planned_pages = page.total.map(|total| match self.total {
                Total::Exact => total.div_ceil(self.page_size),
                // The pages that hold an estimated total, and the one after when they are
                // all full: the page that confirms the end, which would otherwise be
                // requested alone after the others (a whole round trip more).
                Total::Estimate => total / self.page_size + 1,
            });
        }
        let keys: HashSet<String> = page.items.iter().map(self.key).collect();
        if let Some(repeated) = keys.iter().find(|k| s.previous_keys.contains(*k)) {
            return Err(Error::new(ErrorKind::Paging).with_message(format!(
                "page {} repeats item {repeated} of the page before it (the same page served twice, or an offset that did not advance)",
                index + 1
            )));
        }
        if keys.len() < page.items.len() {
            return Err(Error::new(ErrorKind::Paging)
                .with_message(format!("page {} lists an item twice", index + 1)));
        }
        s.previous_keys = keys;
        // A cursor page may be short before the end: only its cursor ends the stream.
        let short = !self.cursor && (page.items.len() as u64) < self.page_size;
        let reached_exact_total = self.total == Total::Exact
            && s.planned_pages.is_some_and(|planned| index + 1 >= planned);
        if short || reached_exact_total {
            s.done = true;
        }
        // Read in place: the items are not moved into another buffer first. Items past
        // `max_items` are never read (`poll_next` stops at it).
        s.buffer = page.items.into_iter();
        Ok(())
    }

    fn finish(&mut self) {
        self.state.done = true;
        // Dropping what is in flight cancels it: nothing more is sent.
        self.state.in_flight = FuturesUnordered::new();
        self.state.decoding = FuturesUnordered::new();
        self.state.arrived.clear();
    }
}

impl<'a, T: Send + 'a> Stream for Paginator<'a, T> {
    type Item = Result<T, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if this
                .max_items
                .is_some_and(|max| this.state.delivered >= max)
            {
                this.finish();
                return Poll::Ready(None);
            }
            this.top_up();
            // Drive the pages in flight even while items are buffered, so that they arrive
            // while the consumer works.
            let mut answered = false;
            while let Poll::Ready(Some((index, arrival))) = this.state.in_flight.poll_next_unpin(cx)
            {
                answered = true;
                match arrival {
                    Arrival::Page(page) => {
                        this.state.arrived.insert(index, page);
                    }
                    Arrival::Decoding(page) => {
                        this.state
                            .decoding
                            .push(Box::pin(async move { (index, page.await) }));
                    }
                }
            }
            while let Poll::Ready(Some((index, page))) = this.state.decoding.poll_next_unpin(cx) {
                this.state.arrived.insert(index, page);
            }
            if answered && this.has_room() {
                // An answer freed a slot: send the next request before reading on.
                continue;
            }
            if let Some(item) = this.state.buffer.next() {
                this.state.delivered += 1;
                return Poll::Ready(Some(Ok(item)));
            }
            let index = this.state.next_read;
            let page = this.state.arrived.remove(&index);
            if page.is_some() {
                this.state.next_read += 1;
            }
            match page {
                Some(Ok(page)) => {
                    if let Err(error) = this.accept(index, page) {
                        this.finish();
                        return Poll::Ready(Some(Err(error.with_page(index))));
                    }
                    if this.state.done {
                        // Pages after a short one are not read (an overestimated total): the
                        // buffered items are delivered, what is pending is dropped.
                        this.finish();
                    }
                }
                Some(Err(error)) => {
                    this.finish();
                    return Poll::Ready(Some(Err(error.with_page(index))));
                }
                None if this.state.in_flight.is_empty() && this.state.decoding.is_empty() => {
                    this.finish();
                    return Poll::Ready(None);
                }
                None => return Poll::Pending,
            }
        }
    }
}

// No field is pinned structurally: the futures are boxed, items are plain values.
impl<T> Unpin for Paginator<'_, T> {}

impl<T> fmt::Debug for Paginator<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Paginator")
            .field("total", &self.total)
            .field("cursor", &self.cursor)
            .field("page_size", &self.page_size)
            .field("concurrency", &self.concurrency)
            .field("max_items", &self.max_items)
            .field("next_page", &self.state.next_index)
            .field("delivered", &self.state.delivered)
            .finish_non_exhaustive()
    }
}
