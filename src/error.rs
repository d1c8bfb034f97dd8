//! The one error type of every client.
//!
//! It keeps what a caller needs to act on a failure — the HTTP status, the headers, the
//! vendor's typed error body where the vendor documents one, the raw body bytes — while its
//! `Display` and `Debug` never print the body, a URL or its query string, which may hold secrets.
//!
//! What they do print (vendor titles and messages, the decoded error body in `Debug`) has the
//! client's credentials masked — its bearer token, Basic credentials, password, client secret and
//! recent OAuth tokens, as sent, base64 and percent-encoded, each becoming `[redacted]` (secrets
//! under 8 characters only where they are a whole JSON string) — because a server may echo them.
//! `Display` also escapes control characters, so vendor text cannot drive a terminal.

use std::fmt;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use crate::transport::CallRecord;

// The path `payclients::error::Api` of old; the enum lives in `api.rs`.
pub use crate::api::Api;

// `ApiError`: each enabled API's error body, generated from the specs by build.rs.
include!(concat!(env!("OUT_DIR"), "/api_errors.rs"));

/// What kind of failure an [`Error`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The request could not be built (a parameter failed its schema, a bad base URL, a
    /// credential that cannot be sent in a header). Nothing was sent.
    InvalidRequest,
    /// No access token could be obtained (the token endpoint failed or refused the
    /// credentials). The API request was not sent.
    Auth,
    /// No connection could be made.
    Connect,
    /// A timeout elapsed before the response arrived.
    Timeout,
    /// Another transport failure (a reset connection, a body cut short).
    Communication,
    /// The server answered with a 4xx or 5xx status.
    Status,
    /// The server answered with a status the spec does not document for this operation.
    UnexpectedStatus,
    /// A documented success status whose body does not match the spec.
    Decode,
    /// A paged listing that contradicts itself (a page repeating the one before it).
    Paging,
    /// The server answered with a redirect (3xx). Redirects are not followed: one could carry
    /// a credential, a body or a query to another host ([`Error::redirect_location`]).
    Redirect,
    /// The response body is longer than the client's limit (`with_max_body_size`); reading
    /// stopped there. The status and headers are kept.
    BodyTooLarge,
}

impl ApiError {
    /// The id the vendor's error body gives for the failure, if any.
    #[cfg_attr(not(payclients_any_api), allow(unreachable_code))]
    fn request_id(&self) -> Option<String> {
        let (api, body) = self.as_json();
        crate::descriptor::request_id(&api.descriptor().error, &body)
    }

    /// A short summary for `Display`: codes and titles only (details may echo input).
    #[cfg_attr(not(payclients_any_api), allow(unreachable_code))]
    fn summary(&self) -> String {
        let (api, body) = self.as_json();
        crate::descriptor::summary(&api.descriptor().error, &body)
    }
}

/// The error of every client operation.
///
/// `Display` and `Debug` print the operation, the status and the vendor's error codes; they
/// never print the response body, a URL or a query string. The body is available through
/// [`Error::body`].
pub struct Error {
    inner: Box<ErrorImpl>,
}

struct ErrorImpl {
    kind: ErrorKind,
    api: Option<Api>,
    operation: Option<&'static str>,
    status: Option<StatusCode>,
    headers: Option<HeaderMap>,
    body: Option<Bytes>,
    api_error: Option<ApiError>,
    message: Option<String>,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
    attempts: u32,
    sent_request_id: Option<String>,
    body_request_id: Option<String>,
    page: Option<u64>,
    /// The client's credentials, masked in `Display` and `Debug`.
    secrets: Option<crate::masking::Secrets>,
}

/// Error bodies are read up to this many bytes; the rest is dropped.
pub(crate) const MAX_ERROR_BODY: usize = 256 * 1024;

impl Error {
    pub(crate) fn new(kind: ErrorKind) -> Self {
        Error {
            inner: Box::new(ErrorImpl {
                kind,
                api: None,
                operation: None,
                status: None,
                headers: None,
                body: None,
                api_error: None,
                message: None,
                source: None,
                attempts: 0,
                sent_request_id: None,
                body_request_id: None,
                page: None,
                secrets: None,
            }),
        }
    }

    pub(crate) fn invalid_request(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::InvalidRequest).with_message(message)
    }

    /// The message this error was made with, if any.
    #[cfg(payclients_oauth)]
    pub(crate) fn message(&self) -> Option<&str> {
        self.inner.message.as_deref()
    }

    pub(crate) fn with_message(mut self, message: impl Into<String>) -> Self {
        self.inner.message = Some(message.into());
        self
    }

    pub(crate) fn with_source(
        mut self,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        self.inner.source = Some(source.into());
        self
    }

    /// Marks the page (from 0) of a paged listing that failed.
    pub(crate) fn with_page(mut self, index: u64) -> Self {
        self.inner.page = Some(index);
        self
    }

    #[cfg(payclients_oauth)]
    pub(crate) fn with_status(mut self, status: StatusCode) -> Self {
        self.inner.status = Some(status);
        self
    }

    /// Keeps the status and headers of the response that failed.
    pub(crate) fn set_response(&mut self, status: StatusCode, headers: HeaderMap) {
        self.inner.status = Some(status);
        self.inner.headers = Some(headers);
    }

    fn with_record(mut self, record: CallRecord) -> Self {
        self.inner.api = record.api;
        self.inner.operation = record.operation;
        self.inner.attempts = record.attempts;
        self.inner.sent_request_id = record.sent_request_id;
        if self.inner.secrets.is_none() {
            self.inner.secrets = record.secrets;
        }
        if self.inner.status.is_none() {
            self.inner.status = record.status;
        }
        if self.inner.headers.is_none() {
            self.inner.headers = record.headers;
        }
        self
    }

    /// Builds the crate's error from progenitor's, completing it with what the call recorded,
    /// so that the status is kept in every case.
    pub(crate) async fn from_progenitor(
        error: progenitor_client::Error<()>,
        record: CallRecord,
    ) -> Self {
        use progenitor_client::Error as P;
        let mut record = record;
        // A hook that failed left the full error in the record (progenitor keeps only a string).
        if let Some(failure) = record.failure.take() {
            return failure.with_record(record);
        }
        let api = record.api;
        let error = match error {
            P::InvalidRequest(message) => Error::invalid_request(message),
            P::Custom(message) => Error::invalid_request(message),
            P::CommunicationError(e) | P::InvalidUpgrade(e) | P::ResponseBodyError(e) => {
                Error::from_reqwest(e)
            }
            P::ErrorResponse(value) => {
                let mut error = Error::new(ErrorKind::Status);
                error.inner.status = Some(value.status());
                error.inner.headers = Some(value.headers().clone());
                error
            }
            P::UnexpectedResponse(response) => Error::from_response(api, response).await,
            P::InvalidResponsePayload(body, e) => Error::new(ErrorKind::Decode)
                .with_message(format!(
                    "the response body does not match the spec: {}",
                    redact_values(&e.to_string())
                ))
                .with_body(body),
        };
        error.with_record(record)
    }

    pub(crate) fn from_reqwest(e: reqwest::Error) -> Self {
        let kind = if e.is_timeout() {
            ErrorKind::Timeout
        } else if e.is_connect() {
            ErrorKind::Connect
        } else if e.is_builder() {
            ErrorKind::InvalidRequest
        } else {
            ErrorKind::Communication
        };
        let mut error = Error::new(kind);
        error.inner.status = e.status();
        // reqwest's Display includes the URL; it may carry secrets in its query.
        error.with_source(e.without_url())
    }

    async fn from_response(api: Option<Api>, mut response: reqwest::Response) -> Self {
        let status = response.status();
        let kind = if status.is_client_error() || status.is_server_error() {
            ErrorKind::Status
        } else if status.is_redirection() {
            ErrorKind::Redirect
        } else {
            ErrorKind::UnexpectedStatus
        };
        let mut error = Error::new(kind);
        error.inner.status = Some(status);
        error.inner.headers = Some(response.headers().clone());
        let mut body = Vec::new();
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    let room = MAX_ERROR_BODY - body.len();
                    body.extend_from_slice(&chunk[..chunk.len().min(room)]);
                    if body.len() == MAX_ERROR_BODY {
                        break;
                    }
                }
                Ok(None) => break,
                // A body cut short is still worth keeping; the status is the news.
                Err(_) => break,
            }
        }
        error.inner.api_error = api.and_then(|api| decode_api_error(api, &body));
        error.inner.body_request_id = error
            .inner
            .api_error
            .as_ref()
            .and_then(ApiError::request_id);
        error.with_body(Bytes::from(body))
    }

    pub(crate) fn with_body(mut self, body: Bytes) -> Self {
        self.inner.body = Some(body);
        self
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        self.inner.kind
    }

    /// The API of the client that failed, when known.
    pub fn api(&self) -> Option<Api> {
        self.inner.api
    }

    /// The operation that failed (its `operationId`), when known.
    pub fn operation(&self) -> Option<&'static str> {
        self.inner.operation
    }

    /// The HTTP status of the response, when one arrived.
    pub fn status(&self) -> Option<StatusCode> {
        self.inner.status
    }

    /// The response headers, when a response arrived.
    pub fn headers(&self) -> Option<&HeaderMap> {
        self.inner.headers.as_ref()
    }

    /// The raw response body (up to 256 KiB), when a response arrived, **as received**: not
    /// masked (a server may have echoed a credential into it) and never printed by `Display` or
    /// `Debug`, as it may hold personal data.
    pub fn body(&self) -> Option<&Bytes> {
        self.inner.body.as_ref()
    }

    /// The vendor's typed error body, when the body matched the type its spec documents.
    pub fn api_error(&self) -> Option<&ApiError> {
        self.inner.api_error.as_ref()
    }

    /// The id under which the vendor knows this failure, to quote to its support: Unit's
    /// `supportId` or LogiSense's `trackingId` from the error body, else a `Request-ID` or
    /// `X-Request-ID` response header, else the request id this call sent (PayNetworx).
    pub fn request_id(&self) -> Option<&str> {
        self.inner
            .body_request_id
            .as_deref()
            .or_else(|| {
                let headers = self.inner.headers.as_ref()?;
                ["request-id", "x-request-id"]
                    .iter()
                    .find_map(|name| headers.get(*name)?.to_str().ok())
            })
            .or(self.inner.sent_request_id.as_deref())
    }

    /// The request id this call sent (PayNetworx's `Request-ID` KSUID). Repeat a failed request
    /// with the same id: it is the API's only idempotency rule.
    pub fn sent_request_id(&self) -> Option<&str> {
        self.inner.sent_request_id.as_deref()
    }

    /// How many HTTP requests this call sent (0 when it failed before sending).
    pub fn attempts(&self) -> u32 {
        self.inner.attempts
    }

    /// The page (from 0) of a paged listing that failed, for errors of a
    /// [`crate::pagination::Paginator`].
    pub fn page(&self) -> Option<u64> {
        self.inner.page
    }

    /// True when trying again later may succeed: a connection failure, a timeout, or a 408,
    /// 429, 502, 503 or 504. (Whether repeating is *safe* depends on the operation; the
    /// clients' retry policy only repeats idempotent requests.)
    pub fn is_retryable(&self) -> bool {
        matches!(self.inner.kind, ErrorKind::Connect | ErrorKind::Timeout)
            || self
                .inner
                .status
                .is_some_and(crate::retry::retryable_status)
    }

    /// True for a timeout.
    pub fn is_timeout(&self) -> bool {
        self.inner.kind == ErrorKind::Timeout
    }

    /// True when the server answered with an error status (4xx or 5xx).
    pub fn is_status(&self) -> bool {
        self.inner.kind == ErrorKind::Status
    }

    /// True when the response body did not match the spec.
    pub fn is_decode(&self) -> bool {
        self.inner.kind == ErrorKind::Decode
    }

    /// True when no access token could be obtained.
    pub fn is_auth(&self) -> bool {
        self.inner.kind == ErrorKind::Auth
    }

    /// True when no connection could be made.
    pub fn is_connect(&self) -> bool {
        self.inner.kind == ErrorKind::Connect
    }

    /// True when the server answered with a redirect, which was not followed.
    pub fn is_redirect(&self) -> bool {
        self.inner.kind == ErrorKind::Redirect
    }

    /// True when the response body was longer than the client's limit.
    pub fn is_body_too_large(&self) -> bool {
        self.inner.kind == ErrorKind::BodyTooLarge
    }

    /// Where a redirect pointed (its `Location` header), for a [`ErrorKind::Redirect`]. Not
    /// followed and not printed: check it before you call it yourself.
    pub fn redirect_location(&self) -> Option<&str> {
        if self.inner.kind != ErrorKind::Redirect {
            return None;
        }
        self.inner
            .headers
            .as_ref()?
            .get(reqwest::header::LOCATION)?
            .to_str()
            .ok()
    }
}

fn decode_api_error(api: Api, body: &[u8]) -> Option<ApiError> {
    (api.descriptor().decode_error)(body)
}

/// serde_json quotes offending values (`invalid type: string "4111…"`); keep the message
/// (field names, positions) and drop the values, which may be secrets.
pub(crate) fn redact_values(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut in_quotes = false;
    for c in message.chars() {
        if c == '"' {
            if !in_quotes {
                out.push_str("\"…");
            } else {
                out.push('"');
            }
            in_quotes = !in_quotes;
        } else if !in_quotes {
            out.push(c);
        }
    }
    out
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = String::new();
        self.write_plain(&mut text)?;
        let masked = self.masked(&text);
        f.write_str(&crate::masking::escape_controls(&masked))
    }
}

impl Error {
    /// `text` with the client's secrets masked.
    fn masked<'a>(&self, text: &'a str) -> std::borrow::Cow<'a, str> {
        match &self.inner.secrets {
            Some(secrets) => secrets.masker().mask(text).into_owned().into(),
            None => std::borrow::Cow::Borrowed(text),
        }
    }

    /// `Display`'s text before masking and escaping.
    fn write_plain(&self, f: &mut String) -> fmt::Result {
        use fmt::Write as _;
        let inner = &self.inner;
        if let Some(api) = inner.api {
            write!(f, "{api} ")?;
        }
        if let Some(operation) = inner.operation {
            write!(f, "{operation}: ")?;
        }
        match inner.kind {
            ErrorKind::InvalidRequest => f.write_str("invalid request")?,
            ErrorKind::Auth => f.write_str("authentication failed")?,
            ErrorKind::Connect => f.write_str("could not connect")?,
            ErrorKind::Timeout => f.write_str("timed out")?,
            ErrorKind::Communication => f.write_str("communication error")?,
            ErrorKind::Paging => f.write_str("inconsistent pages")?,
            ErrorKind::BodyTooLarge => match inner.status {
                Some(status) => write!(f, "HTTP {status}, body too large")?,
                None => f.write_str("body too large")?,
            },
            ErrorKind::Redirect => match inner.status {
                Some(status) => write!(f, "HTTP {status}: a redirect, not followed")?,
                None => f.write_str("a redirect, not followed")?,
            },
            ErrorKind::Status | ErrorKind::UnexpectedStatus | ErrorKind::Decode => {
                match inner.status {
                    Some(status) => write!(f, "HTTP {status}")?,
                    None => f.write_str("HTTP response")?,
                }
                if inner.kind == ErrorKind::UnexpectedStatus {
                    f.write_str(" (a status the spec does not document)")?;
                }
            }
        }
        if let Some(api_error) = &inner.api_error {
            let summary = api_error.summary();
            if !summary.is_empty() {
                write!(f, ": {summary}")?;
            }
        }
        if let Some(message) = &inner.message {
            write!(f, ": {message}")?;
        }
        if let Some(index) = inner.page {
            write!(f, " (page {} of the listing)", index + 1)?;
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Plain<'a>(&'a Error);
        impl fmt::Debug for Plain<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.write_debug(f)
            }
        }
        let text = if f.alternate() {
            format!("{:#?}", Plain(self))
        } else {
            format!("{:?}", Plain(self))
        };
        // Debug escapes the control characters of every string itself.
        f.write_str(&self.masked(&text))
    }
}

impl Error {
    fn write_debug(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        let mut d = f.debug_struct("Error");
        d.field("kind", &inner.kind)
            .field("api", &inner.api)
            .field("operation", &inner.operation)
            .field("status", &inner.status)
            .field("api_error", &inner.api_error)
            .field("body_len", &inner.body.as_ref().map(Bytes::len))
            .field("attempts", &inner.attempts)
            .field("sent_request_id", &inner.sent_request_id)
            .field("page", &inner.page);
        if let Some(message) = &inner.message {
            d.field("message", message);
        }
        if let Some(source) = &inner.source {
            d.field("source", source);
        }
        d.finish()
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.inner.source.as_deref().map(|e| e as _)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_is_send_sync_and_small() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Error>();
        assert_eq!(std::mem::size_of::<Error>(), std::mem::size_of::<usize>());
    }

    #[test]
    fn values_in_serde_messages_are_redacted() {
        assert_eq!(
            redact_values(
                r#"invalid type: string "4111111111111111", expected u64 at line 1 column 9"#
            ),
            r#"invalid type: string "…", expected u64 at line 1 column 9"#
        );
        assert_eq!(
            redact_values("missing field `amount`"),
            "missing field `amount`"
        );
    }
}
