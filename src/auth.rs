//! OAuth2 password-grant tokens, shared by the clients whose vendors use it (ABConnect;
//! LogiSense with its own endpoint).
//!
//! A [`TokenProvider`] gets an access token from the token endpoint (form-encoded
//! `grant_type=password`), keeps it, and gets a new one before it expires — with the refresh
//! token when there is one, else with the password again. It is safe to share between tasks:
//! one task fetches while the others wait for its result. Tokens, passwords and client secrets
//! never appear in `Debug` output or errors.
//!
//! ```no_run
//! # async fn run() -> Result<(), payclients::Error> {
//! use payclients::auth::{PasswordGrant, TokenProvider};
//!
//! let grant = PasswordGrant::new("https://login.abconnect.co/connect/token", "me@example.com", "password", "client-id")
//!     .client_secret("client-secret")
//!     .scope("offline_access");
//! let provider = TokenProvider::new(grant)?;
//! let token = provider.access_token().await?; // cached until 300 s before it expires
//! # let _ = token;
//! # Ok(())
//! # }
//! ```

use std::fmt;
use std::time::{Duration, Instant};

use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderValue};
use serde::Deserialize;

use crate::error::{Error, ErrorKind};
use crate::secret::Secret;

/// How long before its expiry a token is renewed, unless set otherwise (ABConnect's SDK uses
/// the same margin).
pub const DEFAULT_REFRESH_MARGIN: Duration = Duration::from_secs(300);

/// A token response without `expires_in` is used for at most this long.
pub const DEFAULT_LIFETIME: Duration = Duration::from_secs(600);

/// The settings of an OAuth2 password grant.
#[derive(Clone)]
pub struct PasswordGrant {
    token_url: String,
    username: String,
    password: Secret,
    client_id: String,
    client_secret: Option<Secret>,
    scope: Option<String>,
    refresh_margin: Duration,
}

impl PasswordGrant {
    /// A grant at `token_url` for a user of a client application. Defaults: no client secret,
    /// no scope, renewal [`DEFAULT_REFRESH_MARGIN`] before expiry.
    pub fn new(token_url: &str, username: &str, password: &str, client_id: &str) -> Self {
        PasswordGrant {
            token_url: token_url.to_string(),
            username: username.to_string(),
            password: Secret::new(password),
            client_id: client_id.to_string(),
            client_secret: None,
            scope: None,
            refresh_margin: DEFAULT_REFRESH_MARGIN,
        }
    }

    /// Sends `client_secret` too.
    #[must_use]
    pub fn client_secret(mut self, secret: &str) -> Self {
        self.client_secret = Some(Secret::new(secret));
        self
    }

    /// Sends `scope` (ABConnect asks for `offline_access`, which grants a refresh token).
    #[must_use]
    pub fn scope(mut self, scope: &str) -> Self {
        self.scope = Some(scope.to_string());
        self
    }

    /// Renews a token this long before it expires (default 300 s).
    #[must_use]
    pub fn refresh_margin(mut self, margin: Duration) -> Self {
        self.refresh_margin = margin;
        self
    }

    fn form<'a>(&'a self, refresh_token: Option<&'a Secret>) -> Vec<(&'static str, &'a str)> {
        let mut form = match refresh_token {
            Some(token) => vec![
                ("grant_type", "refresh_token"),
                ("refresh_token", token.expose()),
            ],
            None => vec![
                ("grant_type", "password"),
                ("username", self.username.as_str()),
                ("password", self.password.expose()),
            ],
        };
        form.push(("client_id", self.client_id.as_str()));
        if let Some(secret) = &self.client_secret {
            form.push(("client_secret", secret.expose()));
        }
        if let Some(scope) = &self.scope {
            form.push(("scope", scope.as_str()));
        }
        form
    }
}

impl fmt::Debug for PasswordGrant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PasswordGrant")
            .field("token_url", &self.token_url)
            .field("username", &self.username)
            .field("password", &self.password)
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("scope", &self.scope)
            .field("refresh_margin", &self.refresh_margin)
            .finish()
    }
}

/// The token endpoint's answer (RFC 6749 §5.1).
#[derive(Deserialize)]
struct TokenResponse {
    access_token: Secret,
    #[serde(default)]
    refresh_token: Option<Secret>,
    #[serde(default)]
    expires_in: Option<u64>,
}

/// The token endpoint's error (RFC 6749 §5.2).
#[derive(Deserialize)]
struct TokenError {
    error: String,
    #[serde(default)]
    error_description: Option<String>,
}

struct Token {
    access: Secret,
    refresh: Option<Secret>,
    /// When to stop using it: expiry minus the margin.
    renew_at: Instant,
}

/// Gets, caches and renews the access tokens of a [`PasswordGrant`].
pub struct TokenProvider {
    grant: PasswordGrant,
    http: reqwest::Client,
    token: tokio::sync::Mutex<Option<Token>>,
}

impl fmt::Debug for TokenProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenProvider")
            .field("grant", &self.grant)
            .finish_non_exhaustive()
    }
}

impl TokenProvider {
    /// A provider with the crate's default HTTP client (rustls, 10 s connect, 30 s timeout).
    pub fn new(grant: PasswordGrant) -> Result<Self, Error> {
        Ok(Self::with_http_client(
            grant,
            crate::transport::http_client()?,
        ))
    }

    /// A provider with an HTTP client of your own (start from
    /// [`crate::transport::http_client_builder`]).
    pub fn with_http_client(grant: PasswordGrant, http: reqwest::Client) -> Self {
        TokenProvider {
            grant,
            http,
            token: tokio::sync::Mutex::new(None),
        }
    }

    /// A valid access token: the cached one, or a new one when it is due for renewal.
    pub async fn access_token(&self) -> Result<Secret, Error> {
        let mut slot = self.token.lock().await;
        if let Some(token) = slot.as_ref()
            && Instant::now() < token.renew_at
        {
            return Ok(token.access.clone());
        }
        let refresh = slot.as_ref().and_then(|t| t.refresh.clone());
        let fresh = match refresh {
            // A refresh token that no longer works falls back to the password.
            Some(refresh) => match self.fetch(Some(&refresh)).await {
                Ok(token) => token,
                Err(_) => self.fetch(None).await?,
            },
            None => self.fetch(None).await?,
        };
        let access = fresh.access.clone();
        *slot = Some(fresh);
        Ok(access)
    }

    /// Forgets the cached token, so that the next call gets a new one (after a 401, say).
    pub async fn invalidate(&self) {
        *self.token.lock().await = None;
    }

    /// `Bearer <token>` as a sensitive header value.
    pub(crate) async fn authorization(&self) -> Result<HeaderValue, Error> {
        let token = self.access_token().await?;
        let mut value =
            HeaderValue::try_from(format!("Bearer {}", token.expose())).map_err(|_| {
                auth_error("the token endpoint returned a token that a header cannot carry")
            })?;
        value.set_sensitive(true);
        Ok(value)
    }

    async fn fetch(&self, refresh: Option<&Secret>) -> Result<Token, Error> {
        let body = serde_urlencoded::to_string(self.grant.form(refresh))
            .map_err(|_| auth_error("the grant cannot be form-encoded"))?;
        let started = Instant::now();
        let response = self
            .http
            .post(&self.grant.token_url)
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(ACCEPT, "application/json")
            .body(body)
            .send()
            .await
            .map_err(|e| {
                let kind = Error::from_reqwest(e);
                auth_error(&format!(
                    "the token endpoint could not be reached ({})",
                    describe(kind.kind())
                ))
                .with_source(kind)
            })?;
        let status = response.status();
        let bytes = response.bytes().await.map_err(|e| {
            auth_error("the token endpoint's answer was cut short")
                .with_source(Error::from_reqwest(e))
        })?;
        if !status.is_success() {
            let reason = match serde_json::from_slice::<TokenError>(&bytes) {
                Ok(TokenError {
                    error,
                    error_description: Some(d),
                }) => format!("{error}: {d}"),
                Ok(TokenError { error, .. }) => error,
                Err(_) => "no OAuth2 error body".to_string(),
            };
            return Err(auth_error(&format!(
                "the token endpoint answered HTTP {status}: {reason}"
            ))
            .with_status(status));
        }
        let token: TokenResponse = serde_json::from_slice(&bytes).map_err(|_| {
            auth_error("the token endpoint's answer has no access_token").with_status(status)
        })?;
        let lifetime = token
            .expires_in
            .map(Duration::from_secs)
            .unwrap_or(DEFAULT_LIFETIME);
        Ok(Token {
            access: token.access_token,
            refresh: token.refresh_token.or_else(|| refresh.cloned()),
            renew_at: started + lifetime.saturating_sub(self.grant.refresh_margin),
        })
    }
}

fn describe(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::Timeout => "timed out",
        ErrorKind::Connect => "could not connect",
        _ => "communication error",
    }
}

fn auth_error(message: &str) -> Error {
    Error::new(ErrorKind::Auth).with_message(message.to_string())
}
