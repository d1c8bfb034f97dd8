//! PayLock (BootView Web API, a ServiceStack service): the payment of a collection attempt.
//!
//! The client and its types are generated from `specs/paylock.yaml`; this module adds the
//! constructor, ServiceStack's date forms ([`DateTime`]), the choice of wire format
//! ([`Format`]: JSON, or ServiceStack's JSV through [`crate::jsv`]) and the decoding of
//! ServiceStack's `responseStatus` errors in either. GUIDs are [`crate::Guid`]: 32 hex digits,
//! dashes accepted.
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

/// progenitor's typed httpmock helpers for this API (feature `mock`), for exact per-test mocks:
/// `use payclients::paylock::mock::MockServerExt`, then one method per operation on an
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
    include!(concat!(env!("OUT_DIR"), "/paylock_mock.rs"));
}

mod datetime;

pub use datetime::{DateTime, ParseDateTimeError};
pub use generated::{ByteStream, Client, ClientInfo, ResponseValue, builder, types};

use crate::error::{Api, Error};
use crate::transport::{self, Inner};

/// The format PayLock answers in. Both decode into the same [`types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// `Accept: application/json` (the default).
    #[default]
    Json,
    /// `Accept: text/jsv`: ServiceStack's JSV, read with [`crate::jsv`] (compact or
    /// pretty-printed) into the operation's generated type.
    Jsv,
}

/// PayLock's API host.
pub const PRODUCTION_URL: &str = "https://api.paylock.com";

transport::client_hooks!();

impl Client {
    /// A client that sends `token` (from PayLock's `/login`) as a bearer token; that PayLock
    /// takes it this way is inferred, not documented.
    pub fn new(base_url: impl transport::IntoBaseUrl, token: &str) -> Result<Self, Error> {
        Self::with_http_client(base_url, token, transport::http_client()?)
            .map(Self::with_default_http_client)
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

impl Client {
    /// Sets the format to ask PayLock for (default [`Format::Json`]).
    ///
    /// ```
    /// use payclients::paylock::{Client, Format};
    ///
    /// let client = Client::new("https://api.paylock.com", "token")?.with_format(Format::Jsv);
    /// # Ok::<(), payclients::Error>(())
    /// ```
    pub fn with_format(mut self, format: Format) -> Self {
        self.inner.set_response_format(match format {
            Format::Json => None,
            Format::Jsv => Some(transport::ResponseFormat {
                media_type: "text/jsv",
                to_json: jsv_to_json,
            }),
        });
        self
    }
}

/// A JSV success body, read into its operation's generated type and written as JSON for the
/// generated decoder: exact on the way (amounts keep their text, GUIDs and dates their value).
fn jsv_to_json(operation_id: &str, body: &[u8]) -> Result<Vec<u8>, crate::jsv::Error> {
    fn through<T: serde::de::DeserializeOwned + serde::Serialize>(
        body: &[u8],
    ) -> Result<Vec<u8>, crate::jsv::Error> {
        let value: T = crate::jsv::from_slice(body)?;
        serde_json::to_vec(&value).map_err(serde::ser::Error::custom)
    }
    match operation_id {
        "get_payment" => through::<types::GetPaymentResult>(body),
        other => Err(serde::de::Error::custom(format_args!(
            "no JSV reading for the operation {other}"
        ))),
    }
}

/// Decodes `{ responseStatus: {…} }`, in JSON or JSV; `None` for anything else.
pub(crate) fn decode_error(body: &[u8]) -> Option<types::ErrorResponse> {
    let decoded: types::ErrorResponse = match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(value) => {
            value.get("responseStatus")?.as_object()?;
            serde_json::from_value(value).ok()?
        }
        Err(_) => crate::jsv::from_slice(body).ok()?,
    };
    decoded.response_status.is_some().then_some(decoded)
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
