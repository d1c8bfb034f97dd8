//! PayLock (BootView Web API, a ServiceStack service): the payment of a collection attempt.
//!
//! The client and its types are generated from `specs/paylock.yaml`; this module adds the
//! constructor, ServiceStack's date forms ([`DateTime`]) and the decoding of ServiceStack's
//! `responseStatus` errors. GUIDs are [`crate::Guid`]: 32 hex digits, dashes accepted.
//!
//! ```no_run
//! # async fn run() -> Result<(), payclients::Error> {
//! use payclients::paylock::Client;
//!
//! let client = Client::new(payclients::paylock::PRODUCTION_URL, "token-from-login")?;
//! let result = client
//!     .get_payment()
//!     .collectionattemptid("7b0e8c1e4f0a4d9b9a571f1c2a3b4c5d")
//!     .customer_id("5e6f7a8b9c0d41e2f3a4b5c6d7e8f9a0")
//!     .await?;
//! println!("net due {:?}", result.net_due); // an exact decimal
//! # Ok(())
//! # }
//! ```

#[allow(missing_docs, unused_imports, rustdoc::all, clippy::all)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/paylock.rs"));
}

mod datetime;

pub use datetime::{DateTime, ParseDateTimeError};
pub use generated::{ByteStream, Client, ClientInfo, ResponseValue, builder, types};

use crate::error::{Api, Error};
use crate::transport::{self, Inner};

/// PayLock's API host.
pub const PRODUCTION_URL: &str = "https://api.paylock.com";

transport::client_hooks!();

impl Client {
    /// A client that sends `token` (from PayLock's `/login`) as a bearer token; that PayLock
    /// takes it this way is inferred, not documented.
    pub fn new(base_url: impl transport::IntoBaseUrl, token: &str) -> Result<Self, Error> {
        Self::with_http_client(base_url, token, transport::http_client()?)
    }

    /// Like [`Client::new`], with an HTTP client of your own; start from
    /// [`crate::transport::http_client_builder`].
    pub fn with_http_client(
        base_url: impl transport::IntoBaseUrl,
        token: &str,
        http: reqwest::Client,
    ) -> Result<Self, Error> {
        let inner = Inner::new(Api::PayLock).bearer(token)?;
        Ok(Self::new_with_client(
            &transport::base_url(base_url)?,
            http,
            inner,
        ))
    }
}

/// Decodes `{ responseStatus: {…} }`; `None` for anything else.
pub(crate) fn decode_error(body: &[u8]) -> Option<types::ErrorResponse> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    value.get("responseStatus")?.as_object()?;
    serde_json::from_value(value).ok()
}

/// `errorCode: message` and each field error's `fieldName: errorCode`, for `Display` (the
/// stack trace stays in the typed value).
pub(crate) fn error_summary(body: &types::ErrorResponse) -> String {
    let Some(status) = &body.response_status else {
        return String::new();
    };
    let mut parts = Vec::new();
    match (&status.error_code, &status.message) {
        (Some(code), Some(message)) => parts.push(format!("{code}: {message}")),
        (Some(text), None) | (None, Some(text)) => parts.push(text.clone()),
        (None, None) => {}
    }
    for field in &status.errors {
        match (&field.field_name, &field.error_code) {
            (Some(name), Some(code)) => parts.push(format!("{name}: {code}")),
            (Some(text), None) | (None, Some(text)) => parts.push(text.clone()),
            (None, None) => {}
        }
    }
    parts.join("; ")
}
