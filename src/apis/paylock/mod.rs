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

// The generated client, its builders, types and mocks (build.rs, from specs/paylock.yaml).
include!(concat!(env!("OUT_DIR"), "/paylock_module.rs"));

mod datetime;

pub use datetime::{DateTime, ParseDateTimeError};

use crate::transport;

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
