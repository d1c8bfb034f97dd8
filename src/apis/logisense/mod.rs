//! LogiSense Billing payments: list, page, read, create, update, patch, delete, reverse.
//!
//! The client and its types are generated from `specs/logisense.yaml`; this module adds the
//! constructors (each customer has its own host and API version), the typed `Pagination`
//! header ([`PageRequest`]), and LogiSense's password grant at `Access/Login`, whose tokens
//! (valid for at most 1800 s) are fetched and renewed transparently ([`crate::auth`]).
//!
//! ```no_run
//! # async fn run() -> Result<(), payclients::Error> {
//! use payclients::logisense::{Client, PageRequest};
//!
//! let client = Client::with_password_grant("billing.example.com", 6, "api-user", "password", "client-id")?;
//! let page = client.list_payments_paged().pagination(PageRequest::new(1, 20)).await?;
//! for payment in &page.paged_results.items {
//!     println!("{:?} {:?}", payment.identity, payment.amount); // amounts are exact decimals
//! }
//! # Ok(())
//! # }
//! ```

// The generated client, its builders, types and mocks (build.rs, from specs/logisense.yaml).
include!(concat!(env!("OUT_DIR"), "/logisense_module.rs"));


use std::sync::Arc;
use std::time::Duration;

use crate::auth::{PasswordGrant, TokenProvider};
use crate::error::{Api, Error};
use crate::transport::{self, ClientState};

/// `https://{host}/ResourceServer/api/v{version}`: the base URL of a customer's API.
pub fn base_url(host: &str, version: u32) -> String {
    format!("https://{host}/ResourceServer/api/v{version}")
}

/// `https://{host}/AuthorizationServer/api/v{version}/Access/Login`: the token endpoint.
pub fn token_url(host: &str, version: u32) -> String {
    format!("https://{host}/AuthorizationServer/api/v{version}/Access/Login")
}

/// LogiSense's password grant (`username, password, grant_type=password, client_id`), renewed a
/// minute before expiry: its tokens live at most 1800 s, so the 300 s default margin of
/// [`crate::auth`] would renew them too often.
pub fn password_grant(
    token_url: &str,
    username: &str,
    password: &str,
    client_id: &str,
) -> PasswordGrant {
    PasswordGrant::new(token_url, username, password, client_id)
        .refresh_margin(Duration::from_secs(60))
}

/// The page to ask for, sent as the `Pagination` header's JSON
/// (`{"pageNumber":1,"pageSize":20}`). Pages are numbered from 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PageRequest {
    /// The page, from 1.
    pub page_number: u32,
    /// Items per page.
    pub page_size: u32,
}

impl PageRequest {
    /// Page `page_number` (from 1) of `page_size` items.
    pub fn new(page_number: u32, page_size: u32) -> Self {
        PageRequest {
            page_number,
            page_size,
        }
    }

    /// The header's JSON text.
    pub fn to_json(&self) -> String {
        format!(
            r#"{{"pageNumber":{},"pageSize":{}}}"#,
            self.page_number, self.page_size
        )
    }
}

impl From<PageRequest> for String {
    fn from(page: PageRequest) -> String {
        page.to_json()
    }
}

impl Client {
    /// A client for a customer's `host` and API `version` that sends a fixed bearer token.
    pub fn new(host: &str, version: u32, token: &str) -> Result<Self, Error> {
        Self::from_base_url(base_url(host, version), token)
    }

    /// A client that gets and renews its tokens from the host's `Access/Login`.
    pub fn with_password_grant(
        host: &str,
        version: u32,
        username: &str,
        password: &str,
        client_id: &str,
    ) -> Result<Self, Error> {
        let http = transport::http_client()?;
        let grant = password_grant(&token_url(host, version), username, password, client_id);
        let provider = Arc::new(TokenProvider::with_http_client(grant, http.clone()));
        Self::with_token_provider(base_url(host, version), provider, http)
            .map(Self::with_default_http_client)
    }

    /// A client for a full base URL (a proxy, a test server) with a fixed bearer token.
    pub fn from_base_url(
        base_url: impl transport::IntoBaseUrl,
        token: &str,
    ) -> Result<Self, Error> {
        let inner = ClientState::new(Api::LogiSense).bearer(token)?;
        Ok(Self::new_with_client(
            &transport::base_url(base_url)?,
            transport::http_client()?,
            inner,
        )
        .with_default_http_client())
    }

    /// A client for a full base URL with a token provider and an HTTP client of your own (start
    /// from [`crate::transport::http_client_builder`]).
    pub fn with_token_provider(
        base_url: impl transport::IntoBaseUrl,
        provider: Arc<TokenProvider>,
        http: reqwest::Client,
    ) -> Result<Self, Error> {
        provider.check_token_url()?;
        let inner = ClientState::new(Api::LogiSense).token_provider(provider);
        Ok(Self::new_with_client(
            &transport::base_url(base_url)?,
            http,
            inner,
        ))
    }
}
