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
//! Await a builder (as above), or call its `send()`, which is the same future: both give
//! [`crate::Error`], with the status, headers, body and Unit's typed error document.

// The generated client, its builders, types and mocks (build.rs, from specs/unit.yaml).
include!(concat!(env!("OUT_DIR"), "/unit_module.rs"));

mod filters;
mod identifier;

pub use filters::{StatusFilter, TagsFilter};
pub use identifier::{Identifier, IdentifierError};

/// Unit's sandbox.
pub const SANDBOX_URL: &str = "https://api.s.unit.sh";
/// Unit's live API.
pub const LIVE_URL: &str = "https://api.unit.co";
/// JSON:API's media type, sent as `Accept` and as the `Content-Type` of bodies (the spec's
/// media type, which the client reads from there).
pub const MEDIA_TYPE: &str = "application/vnd.api+json";

impl types::ErrorDocument {
    /// The support id of the first error that has one, to quote to Unit's support.
    pub fn support_id(&self) -> Option<&str> {
        self.errors
            .iter()
            .find_map(|e| e.meta.as_ref().and_then(|m| m.support_id.as_deref()))
    }
}
