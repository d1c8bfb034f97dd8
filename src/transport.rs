//! What every generated client shares at run time: the per-client state progenitor carries as
//! its inner value ([`Inner`]), the hook that sends each request (`exec`), and the future that
//! turns progenitor's error into the crate's ([`Call`]).
//!
//! Awaiting a builder runs the call inside a task-local call record; `exec` writes the
//! status and headers into it, so the crate's [`Error`] keeps them even where progenitor's
//! error does not (a documented success status whose body does not decode).

use std::cell::RefCell;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use progenitor_client::OperationInfo;
use reqwest::StatusCode;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderValue};

use crate::error::{Api, Error};

/// The default connect timeout of the HTTP client that constructors build.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The default timeout of one request (connect, send and read the whole response).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// Per-client state carried by every generated client: which API it is, its credentials and
/// its wire media type. Opaque; `Debug` shows no credential.
#[derive(Clone)]
pub struct Inner {
    api: Api,
    authorization: Option<HeaderValue>,
    media_type: Option<HeaderValue>,
}

impl Inner {
    pub(crate) fn new(api: Api) -> Self {
        Inner {
            api,
            authorization: None,
            media_type: None,
        }
    }

    /// `Authorization: Bearer <token>`, marked sensitive so that it is never logged.
    pub(crate) fn bearer(mut self, token: &str) -> Result<Self, Error> {
        let mut value = HeaderValue::try_from(format!("Bearer {token}")).map_err(|_| {
            Error::invalid_request("the token holds characters that a header cannot carry")
        })?;
        value.set_sensitive(true);
        self.authorization = Some(value);
        Ok(self)
    }

    /// Sends `Accept` (and `Content-Type` with a body) as this media type instead of
    /// `application/json`, for vendors whose JSON type has a suffix (JSON:API).
    pub(crate) fn media_type(mut self, media_type: &'static str) -> Self {
        self.media_type = Some(HeaderValue::from_static(media_type));
        self
    }

    /// The API of this client.
    pub fn api(&self) -> Api {
        self.api
    }
}

impl fmt::Debug for Inner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Inner")
            .field("api", &self.api)
            .field(
                "authorization",
                &self.authorization.as_ref().map(|_| "<redacted>"),
            )
            .field("media_type", &self.media_type)
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
}

tokio::task_local! {
    static CALL: RefCell<CallRecord>;
}

fn record(f: impl FnOnce(&mut CallRecord)) {
    // Outside an awaited builder (a direct `.send()`) there is no record to write.
    let _ = CALL.try_with(|call| f(&mut call.borrow_mut()));
}

/// Sends one request of a generated client; the `ClientHooks::exec` of every API calls this.
pub(crate) async fn exec(
    inner: &Inner,
    client: &reqwest::Client,
    mut request: reqwest::Request,
    info: &OperationInfo,
) -> reqwest::Result<reqwest::Response> {
    let headers = request.headers_mut();
    // progenitor sends `api-version: <info.version>`; no vendor documents it.
    headers.remove("api-version");
    if let Some(authorization) = &inner.authorization {
        headers.insert(AUTHORIZATION, authorization.clone());
    }
    if let Some(media_type) = &inner.media_type {
        headers.insert(ACCEPT, media_type.clone());
        if headers.contains_key(CONTENT_TYPE) {
            headers.insert(CONTENT_TYPE, media_type.clone());
        }
    }
    record(|r| {
        r.api = Some(inner.api);
        r.operation = Some(info.operation_id);
        r.attempts += 1;
    });
    let result = client.execute(request).await;
    if let Ok(response) = &result {
        record(|r| {
            r.status = Some(response.status());
            r.headers = Some(response.headers().clone());
        });
    }
    result
}

type BoxedCall<'a, T> = Pin<Box<dyn Future<Output = Result<T, Error>> + Send + 'a>>;

/// The future of an awaited operation builder: `client.op().arg(x).await` gives
/// `Result<ResponseValue<T>, payclients::Error>`.
#[must_use = "a call does nothing unless it is awaited"]
pub struct Call<'a, T> {
    future: BoxedCall<'a, T>,
}

impl<'a, T: Send + 'a> Call<'a, T> {
    /// Wraps the future of a builder's `send()`.
    pub fn new<F>(send: F) -> Self
    where
        F: Future<Output = Result<T, progenitor_client::Error<()>>> + Send + 'a,
    {
        let future = CALL.scope(RefCell::new(CallRecord::default()), async move {
            match send.await {
                Ok(value) => Ok(value),
                Err(error) => {
                    let record = CALL.with(|call| call.take());
                    Err(Error::from_progenitor(error, record).await)
                }
            }
        });
        Call {
            future: Box::pin(future),
        }
    }
}

impl<T> Future for Call<'_, T> {
    type Output = Result<T, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.future.as_mut().poll(cx)
    }
}

impl<T> fmt::Debug for Call<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Call")
    }
}

/// The HTTP client that the constructors build: rustls with the `ring` provider (no C
/// toolchain or OpenSSL needed), the platform's certificate roots, and the default timeouts.
pub(crate) fn http_client() -> Result<reqwest::Client, Error> {
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
    reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .connect_timeout(DEFAULT_CONNECT_TIMEOUT)
        .timeout(DEFAULT_TIMEOUT)
        .build()
        .map_err(Error::from_reqwest)
}

/// Checks a base URL and drops a trailing `/` (the generated code appends `/path`).
pub(crate) fn base_url(url: &str) -> Result<String, Error> {
    let parsed = reqwest::Url::parse(url)
        .map_err(|e| Error::invalid_request("the base URL is not a valid URL").with_source(e))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(Error::invalid_request("the base URL must be http or https"));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(Error::invalid_request(
            "the base URL must not have a query or fragment",
        ));
    }
    Ok(url.trim_end_matches('/').to_string())
}
