//! Typed, safe clients for five payment APIs, generated from curated OpenAPI specs.
//!
//! Each API is a cargo feature and a module: `abconnect`, `paylock`, `paynetworx`,
//! `logisense`, `unit` (all on by default). A client is built from a base URL and credentials;
//! each operation is a builder that is awaited:
//!
//! ```no_run
//! # #[cfg(feature = "unit")]
//! # async fn run() -> Result<(), payclients::Error> {
//! let client = payclients::unit::Client::new(payclients::unit::SANDBOX_URL, "token")?;
//! let payment = client.get_received_payment().id("1337").await?;
//! println!("{}", payment.data.attributes.status);
//! # Ok(())
//! # }
//! ```
//!
//! What every client shares:
//! - [`Error`] keeps the HTTP status, headers, raw body and the vendor's typed error body, and
//!   never prints a body, a URL query or a credential.
//! - Money is exact: [`money::Amount`] keeps a JSON number's text (`25.50` stays `25.50`);
//!   APIs that count cents use integers.
//! - Secrets ([`secret::Secret`], [`secret::MaskedNumber`]) never show in `Debug`.
//! - Enums are open: a value the spec does not list decodes into `Other(String)`.
//! - OAuth2 password-grant tokens are fetched and renewed for you (`payclients::auth`, with
//!   `abconnect` or `logisense`).
//! - Paged listings are item streams with optional parallel fetching ([`pagination`]).
//! - Safe requests are retried with backoff and `Retry-After`, within timeouts ([`retry`]).
//!
//! ServiceStack's JSV text format is a serde format of its own, `payclients::jsv` (feature `jsv`,
//! on with `paylock`), which PayLock's client can speak (`paylock::Format::Jsv`).
#![deny(missing_docs)]
// docs.rs shows which feature each module needs.
#![cfg_attr(docsrs, feature(doc_cfg))]
// One exception, in `jsv::to_string`, says why it is sound.
#![deny(unsafe_code)]
#![deny(missing_debug_implementations)]

extern crate self as payclients;

// Without any API feature the shared plumbing has no user.
#[cfg_attr(not(payclients_any_api), allow(dead_code))]
mod api;
#[cfg_attr(not(payclients_any_api), allow(dead_code))]
pub mod error;
#[cfg_attr(not(payclients_any_api), allow(dead_code))]
pub(crate) mod masking;
pub mod money;
#[cfg(feature = "openapi")]
#[cfg_attr(docsrs, doc(cfg(feature = "openapi")))]
pub mod openapi;
pub mod secret;
#[cfg_attr(
    not(any(feature = "paylock", feature = "paynetworx")),
    allow(unused_macros, unused_imports)
)]
mod text_form;
#[cfg_attr(
    not(payclients_any_api),
    allow(dead_code, unused_imports, unused_macros)
)]
pub mod transport;

// Built when an enabled API declares an OAuth2 password flow.
#[cfg(payclients_oauth)]
pub mod auth;
// Without any API feature the CLI has no command but `sandbox`.
#[cfg(feature = "cli")]
#[cfg_attr(
    not(payclients_any_api),
    allow(dead_code, unused_imports, unused_variables)
)]
#[cfg_attr(docsrs, doc(cfg(feature = "cli")))]
pub mod cli;
#[cfg(feature = "paylock")]
#[cfg_attr(docsrs, doc(cfg(feature = "paylock")))]
pub mod guid;
#[cfg(feature = "jsv")]
#[cfg_attr(docsrs, doc(cfg(feature = "jsv")))]
pub mod jsv;
#[cfg(feature = "ksuid")]
#[cfg_attr(docsrs, doc(cfg(feature = "ksuid")))]
pub mod ksuid;
// Used by generated code, for the APIs that have required date fields.
#[cfg(payclients_any_api)]
#[allow(dead_code)]
mod dates;
pub mod pagination;
#[cfg(any(payclients_any_api, feature = "cli"))]
pub mod raw;
pub mod retry;
#[cfg(feature = "sandbox")]
#[cfg_attr(docsrs, doc(cfg(feature = "sandbox")))]
pub mod sandbox;
// One module per enabled API (`specs/<api>.yaml` and its feature), hand-written parts in
// `src/apis/<api>/` (see build.rs).
include!(concat!(env!("OUT_DIR"), "/modules.rs"));
// What each API's spec declares, read by the shared runtime.
#[cfg_attr(not(payclients_any_api), allow(dead_code))]
mod descriptor;

pub use api::Api;
pub use error::{ApiError, Error, ErrorKind};
#[cfg(feature = "paylock")]
pub use guid::Guid;
#[cfg(feature = "ksuid")]
pub use ksuid::Ksuid;
pub use transport::Call;

// The README's Rust snippets are compiled and run as doctests, so they cannot drift.
#[cfg(all(doctest, feature = "sandbox"))]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
