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

// The generated client, its builders, types and mocks (build.rs, from specs/abconnect.yaml).
include!(concat!(env!("OUT_DIR"), "/abconnect_module.rs"));


use crate::auth::PasswordGrant;

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
