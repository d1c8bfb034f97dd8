//! What every generated client shares at run time: the per-client state progenitor carries as
//! its inner value ([`Inner`]), the hooks that prepare and send each request (`pre`, `exec`),
//! and the future that turns progenitor's error into the crate's ([`Call`]).
//!
//! Awaiting a builder runs the call with a call record that the [`Call`] owns and the hooks
//! reach while it is polled: `exec` writes the status and the attempts into it, and a success
//! body that fails its headers (`read_body`, `keep_headers`), so the crate's [`Error`] keeps them
//! even where progenitor's error does not.

use std::cell::RefCell;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use progenitor_client::{OperationInfo, ResponseValue};
use reqwest::StatusCode;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use serde::de::DeserializeOwned;

use crate::error::{Api, Error};
use crate::retry::{self, RetryPolicy};

/// The default connect timeout of the HTTP client that constructors build.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The default timeout of one request (connect, send and read the whole response).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// The default limit on a response body (64 MiB): far above the largest documented page (a
/// Unit page of 1000 payments is about 2 MiB), far below what exhausts a server's memory.
/// Set per client with `with_max_body_size`.
pub const DEFAULT_MAX_BODY_SIZE: usize = 64 * 1024 * 1024;

/// Per-client state carried by every generated client: which API it is, its credentials and
/// its wire media type. Opaque; `Debug` shows no credential.
#[derive(Clone)]
pub struct Inner {
    api: Api,
    authorization: Option<HeaderValue>,
    #[cfg(payclients_oauth)]
    token_provider: Option<Arc<crate::auth::TokenProvider>>,
    media_type: Option<HeaderValue>,
    #[cfg(feature = "jsv")]
    response_format: Option<ResponseFormat>,
    /// The header the client fills, and how it makes a fresh value (the spec's
    /// `x-payclients-client-fills`).
    request_id_header: Option<(HeaderName, fn() -> String)>,
    retry: RetryPolicy,
    /// POSTs may be repeated (a filled header declared `x-payclients-retry-safe`: the same
    /// value makes them idempotent).
    idempotent_post: bool,
    /// The timeout that the HTTP client applies to every request by itself, known only for the
    /// client that the constructors build ([`DEFAULT_TIMEOUT`]); an attempt whose timeout is
    /// the same need not set it again (setting it costs reqwest an extensions map per request).
    http_timeout: Option<Duration>,
    /// The most bytes of a response body that are read ([`DEFAULT_MAX_BODY_SIZE`]).
    max_body_size: usize,
    /// The credentials, to mask in what is shown of a call (`crate::masking`).
    secrets: crate::masking::Secrets,
}

impl Inner {
    /// The state of a client of `api`, with what its spec declares (media type, filled header).
    pub(crate) fn new(api: Api) -> Self {
        let declared = api.descriptor();
        let filled = declared.filled_header.as_ref();
        Inner {
            api,
            authorization: None,
            #[cfg(payclients_oauth)]
            token_provider: None,
            media_type: declared.media_type.map(HeaderValue::from_static),
            #[cfg(feature = "jsv")]
            response_format: None,
            request_id_header: filled.map(|f| (HeaderName::from_static(f.name), f.fresh)),
            retry: RetryPolicy::default(),
            idempotent_post: filled.is_some_and(|f| f.retry_safe),
            http_timeout: None,
            max_body_size: DEFAULT_MAX_BODY_SIZE,
            secrets: crate::masking::Secrets::default(),
        }
    }

    /// The client's secrets, for masking (the CLI's output).
    #[cfg(feature = "cli")]
    pub(crate) fn secrets(&self) -> &crate::masking::Secrets {
        &self.secrets
    }

    /// Sets the most bytes of a response body that are read.
    pub(crate) fn set_max_body_size(&mut self, bytes: usize) {
        self.max_body_size = bytes;
    }

    /// The most bytes of a response body that are read.
    pub fn max_body_size(&self) -> usize {
        self.max_body_size
    }

    /// Notes that the HTTP client is the constructors' own ([`http_client`]).
    pub(crate) fn set_default_http_client(&mut self) {
        self.http_timeout = Some(DEFAULT_TIMEOUT);
    }

    /// `Authorization: Basic <base64(user:password)>`, marked sensitive.
    #[allow(dead_code)] // for the APIs with a Basic scheme
    pub(crate) fn basic(mut self, user: &str, password: &str) -> Result<Self, Error> {
        use base64::Engine as _;
        if user.contains(':') {
            // RFC 7617: the colon separates user-id and password.
            return Err(Error::invalid_request("a Basic user-id cannot contain `:`"));
        }
        let encoded =
            base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
        let mut value = HeaderValue::try_from(format!("Basic {encoded}"))
            .map_err(|_| Error::invalid_request("the credentials cannot be sent in a header"))?;
        value.set_sensitive(true);
        self.authorization = Some(value);
        self.secrets =
            self.secrets
                .with([password.to_string(), format!("{user}:{password}"), encoded]);
        Ok(self)
    }

    /// Replaces the retry policy.
    pub(crate) fn set_retry_policy(&mut self, policy: RetryPolicy) {
        self.retry = policy;
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.retry
    }

    /// `Authorization: Bearer <token>`, marked sensitive so that it is never logged.
    #[allow(dead_code)] // for the APIs with a bearer scheme
    pub(crate) fn bearer(mut self, token: &str) -> Result<Self, Error> {
        let mut value = HeaderValue::try_from(format!("Bearer {token}")).map_err(|_| {
            Error::invalid_request("the token holds characters that a header cannot carry")
        })?;
        value.set_sensitive(true);
        self.authorization = Some(value);
        self.secrets = self.secrets.with([token.to_string()]);
        Ok(self)
    }

    /// Gets each request's bearer token from a provider (OAuth2 password grant).
    #[cfg(payclients_oauth)]
    pub(crate) fn token_provider(mut self, provider: Arc<crate::auth::TokenProvider>) -> Self {
        self.secrets = self.secrets.with_provider(provider.clone());
        self.token_provider = Some(provider);
        self
    }

    /// Asks for responses in `format` and turns a success body in it into JSON for the
    /// generated decoder; `None` goes back to JSON.
    #[cfg(feature = "jsv")]
    pub(crate) fn set_response_format(&mut self, format: Option<ResponseFormat>) {
        self.response_format = format;
    }

    /// The API of this client.
    pub fn api(&self) -> Api {
        self.api
    }
}

impl Inner {
    fn has_token_provider(&self) -> bool {
        #[cfg(payclients_oauth)]
        if self.token_provider.is_some() {
            return true;
        }
        false
    }

    fn token_provider_debug(&self) -> Option<&dyn fmt::Debug> {
        #[cfg(payclients_oauth)]
        if let Some(provider) = &self.token_provider {
            return Some(provider as &dyn fmt::Debug);
        }
        None
    }
}

impl Inner {
    fn response_format_debug(&self) -> Option<&'static str> {
        #[cfg(feature = "jsv")]
        if let Some(format) = &self.response_format {
            return Some(format.media_type);
        }
        None
    }
}

/// A text format the server can answer in besides JSON (ServiceStack's JSV): the media type
/// to ask for, and how a success body in it becomes the JSON that the generated code decodes
/// (through the operation's own response type, so nothing is lost on the way).
#[cfg(feature = "jsv")]
#[derive(Clone, Copy)]
pub(crate) struct ResponseFormat {
    pub media_type: &'static str,
    /// `(operation id, body)` → JSON, or the format's decoding error.
    pub to_json: fn(&str, &[u8]) -> Result<Vec<u8>, crate::jsv::Error>,
}

impl fmt::Debug for Inner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Inner")
            .field("api", &self.api)
            .field(
                "authorization",
                &self.authorization.as_ref().map(|_| "<redacted>"),
            )
            .field("token_provider", &self.token_provider_debug())
            .field("media_type", &self.media_type)
            .field("response_format", &self.response_format_debug())
            .field(
                "request_id_header",
                &self.request_id_header.as_ref().map(|(name, _)| name),
            )
            .field("retry", &self.retry)
            .field("http_timeout", &self.http_timeout)
            .field("max_body_size", &self.max_body_size)
            .finish()
    }
}

/// What one call recorded while it ran, for its error.
#[derive(Default, Debug)]
pub(crate) struct CallRecord {
    pub api: Option<Api>,
    pub operation: Option<&'static str>,
    pub status: Option<StatusCode>,
    pub headers: Option<HeaderMap>,
    pub attempts: u32,
    pub sent_request_id: Option<String>,
    /// When the call's overall timeout ends, once a token wait started it.
    pub deadline: Option<Instant>,
    /// The client's secrets, to mask in the error.
    pub secrets: Option<crate::masking::Secrets>,
    /// The client's limit on a response body (`None`: [`DEFAULT_MAX_BODY_SIZE`]).
    pub max_body_size: Option<usize>,
    /// The error of a hook (a token that could not be obtained), whole.
    pub failure: Option<Error>,
}

// The record of the call being polled on this thread. A scoped pointer to the record that the
// `Call` owns, set for the length of each poll: tokio's task-local would move the whole record
// in and out of the thread-local on every poll.
scoped_tls::scoped_thread_local!(static CALL: RefCell<CallRecord>);

pub(crate) fn record(f: impl FnOnce(&mut CallRecord)) {
    // Outside an awaited builder (a direct `.send()`) there is no record to write.
    if CALL.is_set() {
        CALL.with(|call| f(&mut call.borrow_mut()));
    }
}

/// Prepares one request of a generated client (`ClientHooks::pre` of every API): the
/// headers that the vendor documents, and only those.
pub(crate) async fn pre<E>(
    inner: &Inner,
    request: &mut reqwest::Request,
    info: &OperationInfo,
) -> Result<(), progenitor_client::Error<E>> {
    record(|r| {
        r.api = Some(inner.api);
        r.operation = Some(info.operation_id);
        r.max_body_size = Some(inner.max_body_size);
        r.secrets = Some(inner.secrets.clone());
    });
    if let Some(authorization) = &inner.authorization {
        request
            .headers_mut()
            .insert(AUTHORIZATION, authorization.clone());
    }
    #[cfg(payclients_oauth)]
    if let Some(provider) = &inner.token_provider {
        // The call's overall timeout starts here: waiting for a token is part of it.
        let deadline = inner
            .retry
            .overall_timeout_value()
            .map(|t| Instant::now() + t);
        record(|r| r.deadline = deadline);
        match provider.authorization(deadline).await {
            Ok(value) => {
                request.headers_mut().insert(AUTHORIZATION, value);
            }
            Err(error) => {
                let message = error.to_string();
                record(|r| r.failure = Some(error));
                // Without a token nothing is sent.
                return Err(progenitor_client::Error::Custom(message));
            }
        }
    }
    let headers = request.headers_mut();
    if let Some(media_type) = &inner.media_type {
        headers.insert(ACCEPT, media_type.clone());
        if headers.contains_key(CONTENT_TYPE) {
            headers.insert(CONTENT_TYPE, media_type.clone());
        }
    }
    #[cfg(feature = "jsv")]
    if let Some(format) = &inner.response_format {
        headers.insert(ACCEPT, HeaderValue::from_static(format.media_type));
    }
    if let Some((name, fresh)) = &inner.request_id_header {
        let value = match headers.get(name) {
            Some(value) => value.clone(),
            None => {
                let value = HeaderValue::try_from(fresh()).map_err(|_| {
                    progenitor_client::Error::InvalidRequest("a bad filled header value".into())
                })?;
                headers.insert(name.clone(), value.clone());
                value
            }
        };
        let sent = value.to_str().ok().map(str::to_string);
        record(|r| r.sent_request_id = sent);
    }
    Ok(())
}

/// Sends one request of a generated client (`ClientHooks::exec` of every API), and sends it
/// again when the retry policy says so (see [`crate::retry`]).
///
/// Each attempt runs in a `tracing` span `payclients.request` with the API, the operation, the
/// attempt number, and, once known, the status and the duration in milliseconds — never the URL,
/// a header or a body.
pub(crate) async fn exec(
    inner: &Inner,
    client: &reqwest::Client,
    request: reqwest::Request,
    info: &OperationInfo,
) -> reqwest::Result<reqwest::Response> {
    let response = exec_attempts(inner, client, request, info).await?;
    #[cfg(feature = "jsv")]
    if let Some(format) = &inner.response_format {
        return to_json(format, response, info, inner.max_body_size).await;
    }
    Ok(response)
}

/// A success response decoded into progenitor's `ResponseValue`: the generated `send` calls this
/// in place of `ResponseValue::from_response` (see `xtask/src/codegen.rs`). The headers are moved
/// into the value rather than copied (see [`read_body`]).
pub(crate) async fn response_value<T: DeserializeOwned, E>(
    response: reqwest::Response,
) -> Result<ResponseValue<T>, progenitor_client::Error<E>> {
    let (status, headers, body) = read_body(response).await?;
    match serde_json::from_slice(&body) {
        Ok(inner) => Ok(ResponseValue::new(inner, status, headers)),
        Err(e) => {
            keep_headers(headers);
            Err(progenitor_client::Error::InvalidResponsePayload(body, e))
        }
    }
}

/// The status, headers and body of a response, the headers moved out of it rather than copied,
/// the body read up to the client's limit ([`read_limited`]). When the body cannot be read, the
/// headers go to the call's record for the error; a caller whose decoding of the body fails
/// hands them to [`keep_headers`] likewise.
pub(crate) async fn read_body<E>(
    mut response: reqwest::Response,
) -> Result<(StatusCode, HeaderMap, bytes::Bytes), progenitor_client::Error<E>> {
    let status = response.status();
    let limit = body_limit();
    match read_limited(&mut response, limit).await {
        Ok(body) => Ok((status, std::mem::take(response.headers_mut()), body)),
        Err(BodyError::Transport(e)) => {
            keep_headers(std::mem::take(response.headers_mut()));
            Err(progenitor_client::Error::ResponseBodyError(e))
        }
        Err(BodyError::TooLarge) => {
            let error = too_large(status, std::mem::take(response.headers_mut()), limit);
            let message = error.to_string();
            record(|r| r.failure = Some(error));
            Err(progenitor_client::Error::Custom(message))
        }
    }
}

/// The limit on a response body of the call being polled.
fn body_limit() -> usize {
    let mut limit = DEFAULT_MAX_BODY_SIZE;
    record(|r| limit = r.max_body_size.unwrap_or(limit));
    limit
}

/// Why a body was not read whole.
pub(crate) enum BodyError {
    /// It is longer than the limit (by its `Content-Length`, or by what arrived).
    TooLarge,
    /// The connection failed or timed out while it was read.
    Transport(reqwest::Error),
}

async fn next_chunk(response: &mut reqwest::Response) -> Result<Option<bytes::Bytes>, BodyError> {
    response.chunk().await.map_err(BodyError::Transport)
}

/// The error of a body over `limit` bytes: it names the limit and keeps the status and headers.
pub(crate) fn too_large(status: StatusCode, headers: HeaderMap, limit: usize) -> Error {
    let mut error = Error::new(crate::ErrorKind::BodyTooLarge).with_message(format!(
        "the response body is longer than the limit of {limit} bytes (set with `with_max_body_size`)"
    ));
    error.set_response(status, headers);
    error
}

/// Reads a response body up to `limit` bytes, and stops there: a body that never ends costs at
/// most `limit` bytes of memory. A declared `Content-Length` over the limit fails before a byte
/// is read. A body that arrives in one piece is returned without a copy.
pub(crate) async fn read_limited(
    response: &mut reqwest::Response,
    limit: usize,
) -> Result<bytes::Bytes, BodyError> {
    if response
        .content_length()
        .is_some_and(|length| length > limit as u64)
    {
        return Err(BodyError::TooLarge);
    }
    let Some(first) = next_chunk(response).await? else {
        return Ok(bytes::Bytes::new());
    };
    if first.len() > limit {
        return Err(BodyError::TooLarge);
    }
    let Some(second) = next_chunk(response).await? else {
        return Ok(first);
    };
    let expected = response.content_length().unwrap_or(0) as usize;
    let mut body = Vec::with_capacity(expected.max(first.len() + second.len()));
    body.extend_from_slice(&first);
    let mut chunk = second;
    loop {
        if chunk.len() > limit - body.len() {
            return Err(BodyError::TooLarge);
        }
        body.extend_from_slice(&chunk);
        match next_chunk(response).await? {
            Some(more) => chunk = more,
            None => return Ok(bytes::Bytes::from(body)),
        }
    }
}

/// The characters escaped in a path segment: progenitor's `encode_path` set, and `\\`, which
/// the URL parser reads as `/` in an http(s) URL.
const PATH_SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'/')
    .add(b'%')
    .add(b'\\');

/// A path parameter as one percent-encoded path segment (the generated code calls it in place
/// of progenitor's `encode_path`, and raw calls too). `.` and `..` are refused: the URL parser
/// would collapse them and the request would go to another endpoint
/// (`/api/job/../payment/sources` is `/api/payment/sources`), and no percent-encoding prevents
/// it (`%2e%2e` is read as `..` too). An empty value, which leaves `//` in the path, likewise.
// The error is progenitor's own type, which the generated `send` returns; not every API has
// a path parameter.
#[allow(clippy::result_large_err, dead_code)]
pub(crate) fn path_segment(value: &str) -> Result<String, progenitor_client::Error<()>> {
    encode_segment(value).map_err(progenitor_client::Error::InvalidRequest)
}

/// [`path_segment`] with its refusal as a message.
pub(crate) fn encode_segment(value: &str) -> Result<String, String> {
    if matches!(value, "" | "." | "..") {
        return Err(format!(
            "the path parameter value `{value}` would change the request's path; it is refused"
        ));
    }
    Ok(percent_encoding::utf8_percent_encode(value, PATH_SEGMENT).to_string())
}

/// Keeps a response's headers in the call's record, for the error of a body that failed.
pub(crate) fn keep_headers(headers: HeaderMap) {
    record(|r| r.headers = Some(headers));
}

/// Prepares and sends a request that the crate built itself (raw calls, spawned page fetches)
/// through the same hooks as a generated `send`: [`pre`], then [`exec`].
pub(crate) async fn send(
    inner: &Inner,
    client: &reqwest::Client,
    mut request: reqwest::Request,
    info: &OperationInfo,
) -> Result<reqwest::Response, progenitor_client::Error<()>> {
    pre(inner, &mut request, info).await?;
    exec(inner, client, request, info)
        .await
        .map_err(progenitor_client::Error::CommunicationError)
}

/// A success response in `format` with its body turned into JSON. Error bodies stay as they
/// came: the crate's error keeps them raw and decodes the vendor's error from either form.
#[cfg(feature = "jsv")]
async fn to_json(
    format: &ResponseFormat,
    response: reqwest::Response,
    info: &OperationInfo,
    inner_limit: usize,
) -> reqwest::Result<reqwest::Response> {
    let in_format = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|media| media.trim().eq_ignore_ascii_case(format.media_type));
    if !response.status().is_success() || !in_format {
        return Ok(response);
    }
    let status = response.status();
    let version = response.version();
    let mut response = response;
    let read = read_limited(&mut response, inner_limit).await;
    let mut headers = std::mem::take(response.headers_mut());
    let body = match read {
        Ok(body) => body,
        Err(BodyError::Transport(e)) => return Err(e),
        Err(BodyError::TooLarge) => {
            // The generated decoder then fails on an empty body; this error wins over its.
            let error = too_large(status, headers.clone(), inner_limit);
            record(|r| r.failure = Some(error));
            return Ok(rebuilt(status, version, headers, bytes::Bytes::new()));
        }
    };
    let body = match (format.to_json)(info.operation_id, &body) {
        Ok(json) => {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
            headers.remove(reqwest::header::CONTENT_LENGTH);
            bytes::Bytes::from(json)
        }
        Err(error) => {
            // The generated decoder will fail on the original body; the error it makes
            // gives way to this one, which says where the JSV went wrong.
            let failure = Error::new(crate::ErrorKind::Decode)
                .with_message(format!(
                    "the JSV response body does not match the spec: {error}"
                ))
                .with_body(body.clone());
            record(|r| r.failure = Some(failure));
            body
        }
    };
    Ok(rebuilt(status, version, headers, body))
}

#[cfg(feature = "jsv")]
fn rebuilt(
    status: StatusCode,
    version: http::Version,
    headers: HeaderMap,
    body: bytes::Bytes,
) -> reqwest::Response {
    let mut rebuilt = http::Response::new(body);
    *rebuilt.status_mut() = status;
    *rebuilt.version_mut() = version;
    *rebuilt.headers_mut() = headers;
    reqwest::Response::from(rebuilt)
}

async fn exec_attempts(
    inner: &Inner,
    client: &reqwest::Client,
    mut request: reqwest::Request,
    info: &OperationInfo,
) -> reqwest::Result<reqwest::Response> {
    let policy = &inner.retry;
    // The deadline that `pre` set when it waited for a token, else one from now.
    let mut recorded = None;
    record(|r| recorded = r.deadline);
    let deadline = recorded.or_else(|| policy.overall_timeout_value().map(|t| Instant::now() + t));
    let repeatable = retry::may_repeat(request.method(), inner.idempotent_post);
    let mut retries = 0;
    // What the last retry took from the quota, refunded when the call succeeds.
    let mut spent = 0;
    // A 401 renews the token and repeats the request once (a password grant's client only).
    let mut renew_on_401 = inner.has_token_provider();
    let mut first = true;
    loop {
        let remaining = match deadline {
            // A first attempt whose deadline was set just above has the whole overall timeout
            // (no second clock read).
            Some(_) if first && recorded.is_none() => policy.overall_timeout_value(),
            Some(deadline) => Some(deadline.saturating_duration_since(Instant::now())),
            None => None,
        };
        let timeout = attempt_timeout(
            policy.attempt_timeout_value(),
            remaining,
            inner.http_timeout,
        );
        // The copy for a next attempt is identical, PayNetworx's Request-ID included (taken
        // before the timeout is set: each attempt sets its own).
        let may_retry = retries + 1 < policy.attempts();
        let next = (repeatable && (renew_on_401 || may_retry))
            .then(|| copy_request(&request))
            .flatten();
        if timeout.is_some() {
            *request.timeout_mut() = timeout;
        }
        record(|r| r.attempts += 1);
        first = false;
        let span = tracing::info_span!(
            "payclients.request",
            api = inner.api.as_str(),
            operation = info.operation_id,
            attempt = retries + 1,
            status = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        let sent_authorization = renew_on_401
            .then(|| request.headers().get(AUTHORIZATION).cloned())
            .flatten();
        let result = if span.is_disabled() {
            client.execute(request).await
        } else {
            traced(client, request, span).await
        };
        // The status only: an error status keeps its whole response in progenitor's error, and a
        // success body that fails records its headers there (`read_body`, `keep_headers`).
        if let Ok(response) = &result {
            record(|r| r.status = Some(response.status()));
        }
        if renew_on_401
            && let Ok(response) = &result
            && response.status() == StatusCode::UNAUTHORIZED
        {
            renew_on_401 = false;
            forget_token(inner, sent_authorization.as_ref());
            if let Some(mut next) = next
                && let Some(value) = fresh_authorization(inner, deadline).await
            {
                next.headers_mut().insert(AUTHORIZATION, value);
                drop(result);
                request = next;
                continue;
            }
            return result;
        }
        let retryable = match &result {
            Ok(response) => retry::retryable_status(response.status()),
            Err(error) => retry::retryable_error(error),
        };
        let quota = policy.quota();
        if !retryable {
            if let (Some(quota), Ok(_)) = (quota, &result) {
                // A success gives back what its last retry cost, or a token if it needed none.
                quota.release(if retries == 0 { 1 } else { spent });
            }
            return result;
        }
        let Some(next) = next.filter(|_| may_retry) else {
            return result;
        };
        retries += 1;
        let delay = policy.delay(retries, result.as_ref().ok());
        if deadline.is_some_and(|deadline| Instant::now() + delay >= deadline) {
            return result;
        }
        if let Some(quota) = quota {
            let cost = quota.cost(result.as_ref().is_err_and(reqwest::Error::is_timeout));
            if !quota.try_acquire(cost) {
                // The budget is spent: during an outage each request goes once.
                return result;
            }
            spent = cost;
        }
        // Let the connection go before waiting.
        drop(result);
        policy.sleep(delay).await;
        request = next;
    }
}

/// After a `401`: forgets the token that was sent, unless another call renewed it already
/// (the next call, or this one's repeat, gets a new one).
#[allow(unused_variables)]
fn forget_token(inner: &Inner, sent: Option<&HeaderValue>) {
    #[cfg(payclients_oauth)]
    if let Some(provider) = &inner.token_provider
        && let Some(token) = sent
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
    {
        provider.invalidate_sent(token);
    }
}

/// A new `Authorization` from the client's token provider, got before `deadline`; `None` when
/// there is none to get.
#[allow(unused_variables)]
async fn fresh_authorization(inner: &Inner, deadline: Option<Instant>) -> Option<HeaderValue> {
    #[cfg(payclients_oauth)]
    if let Some(provider) = &inner.token_provider {
        return provider.authorization(deadline).await.ok();
    }
    None
}

/// The timeout to set on one attempt: the policy's attempt timeout, never past what is left of
/// the overall one; `None` when there is none, or when the HTTP client applies that very
/// timeout by itself (`http_timeout`).
fn attempt_timeout(
    attempt: Option<Duration>,
    remaining: Option<Duration>,
    http_timeout: Option<Duration>,
) -> Option<Duration> {
    let timeout = match (attempt, remaining) {
        (Some(attempt), Some(remaining)) => Some(attempt.min(remaining)),
        (attempt, remaining) => attempt.or(remaining),
    };
    timeout.filter(|&t| Some(t) != http_timeout)
}

/// A copy of `request` for its next attempt, `None` when its body cannot be copied (a stream).
///
/// `Request::try_clone` sets the copy's timeout through its extensions map before replacing the
/// map by a clone of the original's: three allocations and their frees on every call, for
/// nothing. The requests sent here are built by `reqwest::Client::request`, whose only extension
/// is that timeout, so a request without a body is copied field by field instead.
fn copy_request(request: &reqwest::Request) -> Option<reqwest::Request> {
    if request.body().is_some() {
        return request.try_clone();
    }
    let mut copy = reqwest::Request::new(request.method().clone(), request.url().clone());
    *copy.headers_mut() = request.headers().clone();
    *copy.version_mut() = request.version();
    if let Some(timeout) = request.timeout() {
        *copy.timeout_mut() = Some(*timeout);
    }
    Some(copy)
}

/// One attempt inside its span, with the status and duration recorded (only when a
/// subscriber wants the span: timing a call nobody sees costs two clock reads).
async fn traced(
    client: &reqwest::Client,
    request: reqwest::Request,
    span: tracing::Span,
) -> reqwest::Result<reqwest::Response> {
    let started = Instant::now();
    let result = tracing::Instrument::instrument(client.execute(request), span.clone()).await;
    span.record("duration_ms", started.elapsed().as_millis() as u64);
    match &result {
        Ok(response) => {
            span.record("status", response.status().as_u16());
            tracing::debug!(parent: &span, "response");
        }
        Err(error) => {
            let kind = if error.is_timeout() {
                "timeout"
            } else if error.is_connect() {
                "connect"
            } else {
                "transport"
            };
            tracing::debug!(parent: &span, failure = kind, "no response");
        }
    }
    result
}

type BoxedSend<'a, T> =
    Pin<Box<dyn Future<Output = Result<T, progenitor_client::Error<()>>> + Send + 'a>>;

/// The future of an awaited operation builder: `client.op().arg(x).await` gives
/// `Result<ResponseValue<T>, payclients::Error>`.
#[must_use = "a call does nothing unless it is awaited"]
pub struct Call<'a, T> {
    state: CallState<'a, T>,
    /// What the hooks record while the send future is polled (see [`record`]).
    record: RefCell<CallRecord>,
}

enum CallState<'a, T> {
    Sending(BoxedSend<'a, T>),
    /// Progenitor's error on its way to the crate's (an error body may still be read).
    Failing(Pin<Box<dyn Future<Output = Error> + Send>>),
    Done,
}

impl<'a, T: Send + 'a> Call<'a, T> {
    /// Wraps the future of a builder's `send()`.
    pub fn new<F>(send: F) -> Self
    where
        F: Future<Output = Result<T, progenitor_client::Error<()>>> + Send + 'a,
    {
        Call {
            state: CallState::Sending(Box::pin(send)),
            record: RefCell::default(),
        }
    }
}

impl<T> Future for Call<'_, T> {
    type Output = Result<T, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        loop {
            match &mut this.state {
                CallState::Sending(send) => {
                    let polled = CALL.set(&this.record, || send.as_mut().poll(cx));
                    match polled {
                        Poll::Pending => return Poll::Pending,
                        Poll::Ready(Ok(value)) => {
                            this.state = CallState::Done;
                            return Poll::Ready(Ok(value));
                        }
                        Poll::Ready(Err(error)) => {
                            let record = this.record.take();
                            this.state =
                                CallState::Failing(Box::pin(Error::from_progenitor(error, record)));
                        }
                    }
                }
                CallState::Failing(failing) => {
                    let error = std::task::ready!(failing.as_mut().poll(cx));
                    this.state = CallState::Done;
                    return Poll::Ready(Err(error));
                }
                CallState::Done => panic!("`Call` polled after it completed"),
            }
        }
    }
}

impl<T> fmt::Debug for Call<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Call")
    }
}

/// The HTTP client that the constructors build: [`http_client_builder`] with its defaults.
pub(crate) fn http_client() -> Result<reqwest::Client, Error> {
    http_client_builder()?.build().map_err(Error::from_reqwest)
}

/// A `reqwest::ClientBuilder` set up as the clients' own: rustls with the `ring` provider (no
/// C toolchain or OpenSSL needed), the platform's certificate roots, a 10 s connect timeout and
/// a 30 s request timeout ([`DEFAULT_CONNECT_TIMEOUT`], [`DEFAULT_TIMEOUT`]), **no redirect
/// followed** and **no `Referer` sent**. Adjust it and pass the built client to a
/// `with_http_client` constructor.
///
/// Redirects: a 3xx answer is returned as an [`Error`] of kind
/// [`ErrorKind::Redirect`](crate::ErrorKind::Redirect) with its status and `Location`
/// ([`Error::redirect_location`]), as aws-sdk-rust does. Following one could re-send a payment
/// body, a password-grant form or a query to another host, or to a URL that [`BaseUrl`] refuses
/// (plain http). An HTTP client of your own keeps reqwest's default, which follows up to ten
/// redirects (dropping `Authorization` across hosts, but re-sending the body of a 307 or 308 and
/// sending `Referer`): set `.redirect(reqwest::redirect::Policy::none())` and `.referer(false)`
/// on it, or start from this builder.
///
/// Build HTTP clients for payclients from this, not from `reqwest::Client::new()`: payclients
/// compiles reqwest without a default TLS provider (to avoid building aws-lc), so a plain
/// `reqwest::Client::new()` panics unless another crate enables reqwest's default TLS.
///
/// ```
/// let http = payclients::transport::http_client_builder()?
///     .timeout(std::time::Duration::from_secs(5))
///     .build()?;
/// # let _ = http;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn http_client_builder() -> Result<reqwest::ClientBuilder, Error> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let verifier = rustls_platform_verifier::Verifier::new(provider.clone()).map_err(|e| {
        Error::invalid_request("cannot load the platform's TLS roots").with_source(e)
    })?;
    let tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::invalid_request("cannot configure TLS").with_source(e))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    Ok(reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .connect_timeout(DEFAULT_CONNECT_TIMEOUT)
        .timeout(DEFAULT_TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .referer(false))
}

/// A checked base URL: `https`, or plain `http` only to a loopback host (`127.0.0.0/8`, `::1`,
/// `localhost`) unless explicitly allowed with [`BaseUrl::allow_http`]. No query or fragment;
/// a trailing `/` is dropped (the generated code appends `/path`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaseUrl(String);

impl BaseUrl {
    /// Checks `url`: `https`, or `http` to a loopback host.
    pub fn parse(url: &str) -> Result<Self, Error> {
        Self::check(url, false)
    }

    /// Accepts plain `http` to any host too — credentials and payment data then cross the
    /// network unencrypted; use it only inside a network you trust.
    pub fn allow_http(url: &str) -> Result<Self, Error> {
        Self::check(url, true)
    }

    /// The URL.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    fn check(url: &str, allow_http: bool) -> Result<Self, Error> {
        // Messages do not repeat the URL: it may hold credentials.
        let parsed = reqwest::Url::parse(url).map_err(|e| {
            Error::invalid_request("the base URL is not a valid URL").with_source(e)
        })?;
        match parsed.scheme() {
            "https" => {}
            "http" if allow_http || is_loopback(&parsed) => {}
            "http" => {
                return Err(Error::invalid_request(
                    "plain http is refused for a host that is not loopback; use https, or BaseUrl::allow_http to insist",
                ));
            }
            _ => return Err(Error::invalid_request("the base URL must be http or https")),
        }
        if parsed.query().is_some() || parsed.fragment().is_some() {
            return Err(Error::invalid_request(
                "the base URL must not have a query or fragment",
            ));
        }
        Ok(BaseUrl(url.trim_end_matches('/').to_string()))
    }
}

fn is_loopback(url: &reqwest::Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

/// What a client constructor takes as its base URL: text (checked with [`BaseUrl::parse`]) or
/// a [`BaseUrl`].
pub trait IntoBaseUrl {
    /// The checked URL.
    fn into_base_url(self) -> Result<BaseUrl, Error>;
}

impl IntoBaseUrl for BaseUrl {
    fn into_base_url(self) -> Result<BaseUrl, Error> {
        Ok(self)
    }
}

impl IntoBaseUrl for &str {
    fn into_base_url(self) -> Result<BaseUrl, Error> {
        BaseUrl::parse(self)
    }
}

impl IntoBaseUrl for &String {
    fn into_base_url(self) -> Result<BaseUrl, Error> {
        BaseUrl::parse(self)
    }
}

impl IntoBaseUrl for String {
    fn into_base_url(self) -> Result<BaseUrl, Error> {
        BaseUrl::parse(&self)
    }
}

/// Checks a base URL (see [`BaseUrl`]).
pub(crate) fn base_url(url: impl IntoBaseUrl) -> Result<String, Error> {
    url.into_base_url().map(|url| url.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_attempt_timeout_is_set_unless_the_http_client_applies_the_same() {
        let s = Duration::from_secs;
        // (attempt, remaining of the overall, the HTTP client's own) -> set on the request
        let table = [
            ((Some(s(30)), Some(s(60)), None), Some(s(30))),
            ((Some(s(30)), Some(s(10)), None), Some(s(10))),
            ((None, Some(s(10)), None), Some(s(10))),
            ((Some(s(5)), None, None), Some(s(5))),
            ((None, None, None), None),
            // The constructors' client already times out at 30 s: nothing to set.
            ((Some(s(30)), Some(s(60)), Some(s(30))), None),
            // A retry with less time left than that still sets its own.
            ((Some(s(30)), Some(s(12)), Some(s(30))), Some(s(12))),
            ((Some(s(5)), Some(s(60)), Some(s(30))), Some(s(5))),
            ((None, None, Some(s(30))), None),
        ];
        for ((attempt, remaining, http), expected) in table {
            assert_eq!(
                attempt_timeout(attempt, remaining, http),
                expected,
                "{attempt:?} {remaining:?} {http:?}"
            );
        }
    }

    #[test]
    fn plain_http_only_to_loopback_unless_allowed() {
        for ok in [
            "https://api.unit.co",
            "https://api.unit.co/",
            "http://127.0.0.1:8080",
            "http://127.3.2.1",
            "http://[::1]:9000",
            "http://localhost:3000/api",
        ] {
            assert!(BaseUrl::parse(ok).is_ok(), "{ok}");
        }
        assert_eq!(
            BaseUrl::parse("https://api.unit.co/").unwrap().as_str(),
            "https://api.unit.co"
        );
        for refused in [
            "http://api.unit.co",
            "http://10.0.0.8",
            "http://localhost.evil.example",
            "ftp://x",
            "https://x?token=secret",
            "not a url",
        ] {
            let error = BaseUrl::parse(refused).unwrap_err();
            assert_eq!(error.kind(), crate::ErrorKind::InvalidRequest, "{refused}");
            assert!(!error.to_string().contains("secret"));
        }
        assert!(BaseUrl::allow_http("http://payments.internal:8080").is_ok());
        assert!(BaseUrl::allow_http("ftp://x").is_err());
    }
}
