//! ABConnect JobPayment: payment sessions, ACH credit transfers and bank sources of a job.
//!
//! The client and its types are generated from `specs/abconnect.yaml`; this module adds the
//! constructors: with a bearer token, or with ABConnect's OAuth2 password grant, whose tokens
//! are fetched and renewed transparently ([`crate::auth`]).
//!
//! ```no_run
//! # async fn run() -> Result<(), payclients::Error> {
//! use payclients::abconnect::{self, Client};
//!
//! let grant = abconnect::password_grant(abconnect::PRODUCTION_TOKEN_URL, "me@example.com", "password", "client-id", "client-secret");
//! let client = Client::with_password_grant(abconnect::PRODUCTION_URL, grant)?;
//! let sources = client.list_payment_sources().job_display_id("2000000").await?;
//! for source in sources.iter() {
//!     println!("{} {:?}", source.id.unwrap_or_default(), source.account_number); // masked
//! }
//! # Ok(())
//! # }
//! ```

#[allow(missing_docs, unused_imports, rustdoc::all, clippy::all)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/abconnect.rs"));
}

/// progenitor's typed httpmock helpers for this API (feature `mock`), for exact per-test mocks:
/// `use payclients::abconnect::mock::MockServerExt`, then one method per operation on an
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
    include!(concat!(env!("OUT_DIR"), "/abconnect_mock.rs"));
}

pub use generated::{ByteStream, Client, ClientInfo, ResponseValue, builder, types};

use std::sync::Arc;

use crate::auth::{PasswordGrant, TokenProvider};
use crate::error::{Api, Error};
use crate::transport::{self, Inner};

/// ABConnect's production API (paths start with `/api/job/…`).
pub const PRODUCTION_URL: &str = "https://portal.abconnect.co/api";
/// ABConnect's staging API.
pub const STAGING_URL: &str = "https://portal.staging.abconnect.co/api";
/// The production token endpoint.
pub const PRODUCTION_TOKEN_URL: &str = "https://login.abconnect.co/connect/token";
/// The staging token endpoint.
pub const STAGING_TOKEN_URL: &str = "https://login.staging.abconnect.co/connect/token";

/// ABConnect's password grant: `scope=offline_access` (so that a refresh token comes back)
/// and renewal 300 s before expiry, as the vendor's SDK does.
pub fn password_grant(
    token_url: &str,
    username: &str,
    password: &str,
    client_id: &str,
    client_secret: &str,
) -> PasswordGrant {
    PasswordGrant::new(token_url, username, password, client_id)
        .client_secret(client_secret)
        .scope("offline_access")
}

transport::client_hooks!();

impl Client {
    /// A client that sends a fixed bearer token (one you obtained yourself).
    pub fn new(base_url: impl transport::IntoBaseUrl, token: &str) -> Result<Self, Error> {
        let inner = Inner::new(Api::AbConnect).bearer(token)?;
        Ok(Self::new_with_client(
            &transport::base_url(base_url)?,
            transport::http_client()?,
            inner,
        )
        .with_default_http_client())
    }

    /// A client that gets and renews its tokens with a password grant (see [`password_grant`]).
    pub fn with_password_grant(
        base_url: impl transport::IntoBaseUrl,
        grant: PasswordGrant,
    ) -> Result<Self, Error> {
        let http = transport::http_client()?;
        let provider = Arc::new(TokenProvider::with_http_client(grant, http.clone()));
        Self::with_token_provider(base_url, provider, http).map(Self::with_default_http_client)
    }

    /// A client that gets its tokens from a provider of your own (shared with other clients,
    /// say), with an HTTP client of your own (start from
    /// [`crate::transport::http_client_builder`]).
    pub fn with_token_provider(
        base_url: impl transport::IntoBaseUrl,
        provider: Arc<TokenProvider>,
        http: reqwest::Client,
    ) -> Result<Self, Error> {
        provider.check_token_url()?;
        let inner = Inner::new(Api::AbConnect).token_provider(provider);
        Ok(Self::new_with_client(
            &transport::base_url(base_url)?,
            http,
            inner,
        ))
    }
}

/// Decodes ABConnect's `{ "message": … }` error body; `None` for anything else.
pub(crate) fn decode_error(body: &[u8]) -> Option<types::ErrorResponse> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    value.get("message")?;
    serde_json::from_value(value).ok()
}
