//! A paged operation as its spec declares it (`x-payclients-paging`, see specs/README.md):
//! where the page request goes and what the page body holds. The generated `stream()` of each
//! paged operation names its declaration ([`Paging`], a static) and takes its page body apart
//! ([`Parts`]); this file turns that into a [`Paginator`]. Nothing here names an API.

use super::{Fetched, Page, PageQuery, Paginator, Total};
use crate::error::{Error, ErrorKind};

/// How an operation pages.
#[derive(Debug)]
pub(crate) struct Paging {
    pub style: Style,
    pub placement: Placement,
    /// The parameter (or JSON property) of the page size.
    pub size: &'static str,
    /// The parameter (or JSON property) of the offset, page number or cursor.
    pub position: &'static str,
    pub total: Total,
    pub max_page_size: u64,
}

/// Which page the position names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// The offset of its first item (from 0).
    Offset,
    /// Its number (from 1).
    PageNumber,
    /// The cursor the page before it gave (none for the first page).
    // None of the bundled APIs pages by cursor; a spec that does builds this (tests/sixth-api).
    #[allow(dead_code)]
    Cursor,
}

/// Where the page request goes.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Placement {
    /// Two query parameters.
    Query,
    /// One header whose value is a JSON object of the two (`{"pageNumber":1,"pageSize":20}`).
    JsonHeader(&'static str),
}

/// What paging reads of one page body.
#[derive(Debug)]
pub(crate) struct Parts<T> {
    pub items: Vec<T>,
    pub total: Option<i64>,
    /// The offset the server says the page starts at, where it says so.
    pub offset: Option<i64>,
    pub next_cursor: Option<String>,
}

/// The stream of a paged operation: `request` is the operation's request as its builder was
/// set; each page's size and position are put in a copy of it as `paging` declares. The stream
/// owns copies of the client's parts (cheap to clone), so it is `'static`: it can be spawned,
/// stored or returned.
#[cfg(payclients_any_api)]
pub(crate) fn stream<B, T>(
    paging: &'static Paging,
    operation: &'static str,
    key: fn(&T) -> String,
    state: &crate::transport::ClientState,
    http: &reqwest::Client,
    request: Result<reqwest::Request, progenitor_client::Error<()>>,
    parts: fn(B) -> Parts<T>,
) -> Paginator<'static, T>
where
    B: serde::de::DeserializeOwned + Send + 'static,
    T: Send + 'static,
{
    let (state, http) = (state.clone(), http.clone());
    // The builder's error, if any, for every page (progenitor's error is not `Clone`).
    let request = request.map_err(|e| e.to_string());
    let fetch = move |query: PageQuery, cursor: Option<String>| {
        let built = match &request {
            Ok(request) => request.try_clone().ok_or_else(|| {
                progenitor_client::Error::InvalidRequest("a list request with a stream body".into())
            }),
            Err(message) => Err(progenitor_client::Error::InvalidRequest(message.clone())),
        };
        let built = built.map(|mut request| {
            paging.apply(&mut request, query, cursor.as_deref());
            request
        });
        // In a task of its own: pages in flight are received and decoded in parallel.
        super::page_task::page(&state, &http, built, operation, move |body: B| {
            paging.fetched(query, parts(body))
        })
    };
    paging.paginator(key, fetch)
}

impl Paging {
    /// A page from what its body holds, checked: a server that ignores the offset would serve
    /// the first page forever.
    pub(crate) fn fetched<T>(
        &self,
        query: PageQuery,
        parts: Parts<T>,
    ) -> Result<Fetched<T>, Error> {
        if self.style == Style::Offset
            && let Some(offset) = parts.offset
            && offset != query.offset() as i64
        {
            return Err(Error::new(ErrorKind::Paging).with_message(format!(
                "asked for offset {} and got offset {offset}",
                query.offset()
            )));
        }
        Ok(Fetched {
            page: Page {
                items: parts.items,
                total: parts.total.and_then(|t| u64::try_from(t).ok()),
            },
            cursor: parts.next_cursor,
        })
    }

    /// The paginator of this paging over `fetch`.
    pub(crate) fn paginator<'a, T, F, Fut>(
        &self,
        key: fn(&T) -> String,
        fetch: F,
    ) -> Paginator<'a, T>
    where
        T: Send + 'a,
        F: Fn(PageQuery, Option<String>) -> Fut + Send + Sync + 'a,
        Fut: std::future::Future<Output = super::Arrival<'a, T>> + Send + 'a,
    {
        match self.style {
            Style::Cursor => Paginator::with_cursor(self.max_page_size, key, fetch),
            Style::Offset | Style::PageNumber => {
                Paginator::build(self.total, false, self.max_page_size, key, fetch)
            }
        }
    }

    /// Puts the page's size and position into `request`, replacing what the builder set.
    fn apply(&self, request: &mut reqwest::Request, query: PageQuery, cursor: Option<&str>) {
        let mut headers = std::mem::take(request.headers_mut());
        self.apply_parts(request.url_mut(), &mut headers, query, cursor);
        *request.headers_mut() = headers;
    }

    /// [`Paging::apply`] on a request's URL and headers.
    pub(crate) fn apply_parts(
        &self,
        url: &mut reqwest::Url,
        headers: &mut reqwest::header::HeaderMap,
        query: PageQuery,
        cursor: Option<&str>,
    ) {
        let position = match self.style {
            Style::Offset => Some(Value::Number(query.offset())),
            Style::PageNumber => Some(Value::Number(query.number())),
            Style::Cursor => cursor.map(Value::Text),
        };
        let size = Value::Number(query.size);
        match self.placement {
            Placement::Query => {
                let kept: Vec<(String, String)> = url
                    .query_pairs()
                    .filter(|(name, _)| name != self.size && name != self.position)
                    .map(|(name, value)| (name.into_owned(), value.into_owned()))
                    .collect();
                let mut pairs = url.query_pairs_mut();
                pairs.clear().extend_pairs(kept);
                pairs.append_pair(self.size, &size.to_string());
                if let Some(position) = &position {
                    pairs.append_pair(self.position, &position.to_string());
                }
            }
            Placement::JsonHeader(name) => {
                let mut object = serde_json::Map::new();
                if let Some(position) = &position {
                    object.insert(self.position.to_string(), position.to_json());
                }
                object.insert(self.size.to_string(), size.to_json());
                let text = serde_json::Value::Object(object).to_string();
                if let (Ok(name), Ok(value)) = (
                    reqwest::header::HeaderName::from_bytes(name.as_bytes()),
                    reqwest::header::HeaderValue::try_from(text),
                ) {
                    headers.insert(name, value);
                }
            }
        }
    }
}

enum Value<'a> {
    Number(u64),
    Text(&'a str),
}

impl Value<'_> {
    fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Number(n) => (*n).into(),
            Value::Text(text) => (*text).into(),
        }
    }
}

impl std::fmt::Display for Value<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Number(n) => write!(f, "{n}"),
            Value::Text(text) => f.write_str(text),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pagination::Arrival;
    use futures::TryStreamExt;

    fn request(url: &str) -> reqwest::Request {
        reqwest::Request::new(reqwest::Method::GET, url.parse().unwrap())
    }

    const OFFSET: Paging = Paging {
        style: Style::Offset,
        placement: Placement::Query,
        size: "page[limit]",
        position: "page[offset]",
        total: Total::Estimate,
        max_page_size: 100,
    };

    #[test]
    fn the_page_replaces_what_the_builder_set_and_keeps_the_rest() {
        let mut r =
            request("https://x.test/list?page%5Blimit%5D=5&sort=-createdAt&page%5Boffset%5D=9");
        OFFSET.apply(&mut r, PageQuery { index: 2, size: 10 }, None);
        assert_eq!(
            r.url().query(),
            Some("sort=-createdAt&page%5Blimit%5D=10&page%5Boffset%5D=20")
        );
    }

    #[test]
    fn page_numbers_and_cursors() {
        let numbers = Paging {
            style: Style::PageNumber,
            placement: Placement::JsonHeader("Pagination"),
            size: "pageSize",
            position: "pageNumber",
            ..OFFSET
        };
        let mut r = request("https://x.test/list");
        numbers.apply(&mut r, PageQuery { index: 2, size: 20 }, None);
        assert_eq!(
            r.headers()["pagination"],
            r#"{"pageNumber":3,"pageSize":20}"#
        );
        assert_eq!(r.url().query(), None);

        let cursor = Paging {
            style: Style::Cursor,
            size: "limit",
            position: "after",
            ..OFFSET
        };
        let mut first = request("https://x.test/list?after=stale");
        cursor.apply(&mut first, PageQuery { index: 0, size: 5 }, None);
        assert_eq!(first.url().query(), Some("limit=5"));
        let mut next = request("https://x.test/list");
        cursor.apply(&mut next, PageQuery { index: 1, size: 5 }, Some("c 1&2"));
        assert_eq!(next.url().query(), Some("limit=5&after=c+1%262"));
    }

    /// A cursor stream over pages `[[1, 2], [3], [4, 5]]` whose cursors are `pages[i]`; returns
    /// the items, or the error, and the cursors asked for.
    async fn cursor_stream(
        cursors: Vec<Option<&'static str>>,
    ) -> (Result<Vec<u32>, crate::Error>, Vec<Option<String>>) {
        let pages = [vec![1, 2], vec![3], vec![4, 5]];
        let asked = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let seen = asked.clone();
        let stream = Paginator::with_cursor(
            2,
            |n: &u32| n.to_string(),
            move |query: PageQuery, cursor: Option<String>| {
                seen.lock().unwrap().push(cursor);
                let index = query.index as usize;
                // Fails a stream that does not stop rather than hanging the test.
                assert!(index < 10, "asked for page {index} of 3");
                let items = pages.get(index).cloned().unwrap_or_default();
                let next = cursors.get(index).copied().flatten().map(str::to_string);
                async move {
                    Arrival::Page(Ok(Fetched {
                        page: Page { items, total: None },
                        cursor: next,
                    }))
                }
            },
        )
        .concurrency(4);
        let items = stream.try_collect().await;
        let asked = asked.lock().unwrap().clone();
        (items, asked)
    }

    #[tokio::test]
    async fn a_cursor_stream_follows_the_cursors_one_page_at_a_time_until_none() {
        let (items, asked) = cursor_stream(vec![Some("a"), Some("b"), None]).await;
        // A short page (the second) does not end a cursor stream.
        assert_eq!(items.unwrap(), [1, 2, 3, 4, 5]);
        assert_eq!(asked, [None, Some("a".to_string()), Some("b".to_string())]);
    }

    #[tokio::test]
    async fn a_cursor_given_back_as_itself_is_an_error_not_a_loop() {
        let (items, asked) = cursor_stream(vec![Some("a"), Some("a")]).await;
        let error = items.unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Paging);
        assert_eq!(error.page(), Some(1));
        assert_eq!(asked.len(), 2);
    }

    #[tokio::test]
    async fn an_empty_page_ends_a_cursor_stream_whatever_cursor_it_gives() {
        // Page 4 (index 3) is empty and still gives a cursor: it is not followed.
        let (items, asked) = cursor_stream(vec![Some("a"), Some("b"), Some("c"), Some("d")]).await;
        assert_eq!(items.unwrap(), [1, 2, 3, 4, 5]);
        let expected: Vec<Option<String>> =
            vec![None, Some("a".into()), Some("b".into()), Some("c".into())];
        assert_eq!(asked, expected);
    }

    #[tokio::test]
    async fn a_first_page_without_a_cursor_is_the_only_one() {
        let (items, asked) = cursor_stream(vec![None]).await;
        assert_eq!(items.unwrap(), [1, 2]);
        assert_eq!(asked, [None]);
    }
}
