//! Unit received payments: ACH payments that other banks send to Unit accounts.
//!
//! The client, its operation builders and its types are generated from `specs/unit.yaml`;
//! this module adds the constructors, the typed list filters ([`StatusFilter`], [`TagsFilter`])
//! and the decoding of Unit's JSON:API error documents.
//!
//! ```no_run
//! # async fn run() -> Result<(), payclients::Error> {
//! use payclients::unit::{Client, StatusFilter, types::ReceivedPaymentStatus};
//!
//! let client = Client::new(payclients::unit::SANDBOX_URL, "my-unit-token")?;
//! let page = client
//!     .list_received_payments()
//!     .filter_status(StatusFilter::from([ReceivedPaymentStatus::Pending, ReceivedPaymentStatus::Advanced]))
//!     .page_limit(100)
//!     .await?;
//! for payment in &page.data {
//!     println!("{} {} cents, {}", payment.id.as_str(), payment.attributes.amount, payment.attributes.status);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! Await a builder directly (as above) to get [`crate::Error`]; the builders' own `send()` is
//! progenitor's and returns its error type, which can lose the HTTP status.

#[allow(missing_docs, unused_imports, rustdoc::all, clippy::all)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/unit.rs"));
}

/// progenitor's typed httpmock helpers for this API (feature `mock`), for exact per-test mocks:
/// `use payclients::unit::mock::MockServerExt`, then one method per operation on an
/// `httpmock::MockServer`, with typed `when`/`then` builders.
#[cfg(feature = "mock")]
#[allow(
    missing_docs,
    missing_debug_implementations,
    unused_imports,
    rustdoc::all,
    clippy::all
)]
pub mod mock {
    include!(concat!(env!("OUT_DIR"), "/unit_mock.rs"));
}

mod filters;
mod identifier;

pub use filters::{StatusFilter, TagsFilter};
pub use generated::{ByteStream, Client, ClientInfo, MAX_PAGE_SIZE, ResponseValue, builder, types};
pub use identifier::{Identifier, IdentifierError};

use crate::error::{Api, Error};
use crate::transport::{self, Inner};

/// Unit's sandbox.
pub const SANDBOX_URL: &str = "https://api.s.unit.sh";
/// Unit's live API.
pub const LIVE_URL: &str = "https://api.unit.co";
/// JSON:API's media type, sent as `Accept` and as the `Content-Type` of bodies.
pub const MEDIA_TYPE: &str = "application/vnd.api+json";

transport::client_hooks!();

impl Client {
    /// A client for `base_url` ([`SANDBOX_URL`], [`LIVE_URL`] or a test server) that sends
    /// `token` as a bearer token. The HTTP client uses rustls, a 10 s connect timeout and a
    /// 30 s request timeout. The token never appears in `Debug` output or errors.
    pub fn new(base_url: impl transport::IntoBaseUrl, token: &str) -> Result<Self, Error> {
        Self::with_http_client(base_url, token, transport::http_client()?)
            .map(Self::with_default_http_client)
    }

    /// Like [`Client::new`], with an HTTP client of your own (its timeouts, proxy, TLS); start
    /// from [`crate::transport::http_client_builder`].
    pub fn with_http_client(
        base_url: impl transport::IntoBaseUrl,
        token: &str,
        http: reqwest::Client,
    ) -> Result<Self, Error> {
        let inner = Inner::new(Api::Unit).bearer(token)?.media_type(MEDIA_TYPE);
        Ok(Self::new_with_client(
            &transport::base_url(base_url)?,
            http,
            inner,
        ))
    }
}

/// Decodes a JSON:API error document; `None` when the body is something else.
pub(crate) fn decode_error(body: &[u8]) -> Option<types::ErrorDocument> {
    serde_json::from_slice(body).ok()
}

/// `code (title)` of each error, for `Display`; details stay in the typed value.
pub(crate) fn error_summary(doc: &types::ErrorDocument) -> String {
    doc.errors
        .iter()
        .map(|e| match (&e.code, &e.title) {
            (Some(code), Some(title)) => format!("{code} ({title})"),
            (Some(code), None) => code.clone(),
            (None, Some(title)) => title.clone(),
            (None, None) => "error".to_string(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

impl types::ErrorDocument {
    /// The support id of the first error that has one, to quote to Unit's support.
    pub fn support_id(&self) -> Option<&str> {
        self.errors
            .iter()
            .find_map(|e| e.meta.as_ref().and_then(|m| m.support_id.as_deref()))
    }
}
