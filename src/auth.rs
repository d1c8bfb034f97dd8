//! OAuth2 password-grant tokens, shared by the clients whose vendors use it (ABConnect;
//! LogiSense with its own endpoint).
//!
//! A [`TokenProvider`] gets an access token from the token endpoint (form-encoded
//! `grant_type=password`), keeps it, and gets a new one before it expires — with the refresh
//! token when there is one, else with the password again.
//!
//! **Shared.** One fetch is in flight at a time (single flight), run in a task of its own so
//! that no caller's cancellation or timeout cuts it short; every caller that needs a token
//! meanwhile waits for that fetch, each until its own deadline (a client's overall timeout,
//! [`crate::retry::RetryPolicy::overall_timeout`]). A failed fetch fails all its waiters at
//! once. A fetched token serves the calls that waited for it, however short its lifetime.
//!
//! **Lifetimes.** A token is renewed [`DEFAULT_REFRESH_MARGIN`] before it expires, or halfway
//! through its lifetime when that is shorter than twice the margin. A response without
//! `expires_in` is used for [`DEFAULT_LIFETIME`]; one longer than [`MAX_LIFETIME`] is renewed
//! then. `expires_in` is read as a number of seconds (an integer, a decimal or a numeric
//! string); anything else is an error that says so.
//!
//! **Revoked tokens.** A client that gets a `401` forgets the token it sent and, where the
//! request is safe to repeat, sends it once more with a new one.
//!
//! **Token URL.** It obeys the base-URL rule ([`crate::transport::BaseUrl`]): `https`, or plain
//! `http` only to a loopback host unless [`PasswordGrant::allow_http`]; no redirect is followed.
//! Tokens, passwords and client secrets never appear in `Debug` output or errors.
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

use std::collections::VecDeque;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderValue};
use serde::Deserialize;
use serde_json::Value;
use tokio::sync::watch;

use crate::error::{Error, ErrorKind};
use crate::secret::Secret;

/// How long before its expiry a token is renewed, unless set otherwise (ABConnect's SDK uses
/// the same margin).
pub const DEFAULT_REFRESH_MARGIN: Duration = Duration::from_secs(300);

/// A token response without `expires_in` is used for at most this long.
pub const DEFAULT_LIFETIME: Duration = Duration::from_secs(600);

/// A token is used for at most this long (one day), whatever `expires_in` says.
pub const MAX_LIFETIME: Duration = Duration::from_secs(24 * 3600);

/// The most bytes of a token endpoint's answer that are read (its tokens are a few KiB).
pub const MAX_TOKEN_RESPONSE: usize = 256 * 1024;

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
    allow_http: bool,
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
            allow_http: false,
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

    /// Accepts a plain `http` token URL to any host — the password then crosses the network
    /// unencrypted; use it only inside a network you trust (see
    /// [`crate::transport::BaseUrl::allow_http`]).
    #[must_use]
    pub fn allow_http(mut self) -> Self {
        self.allow_http = true;
        self
    }

    /// The token URL, checked by the base-URL rule.
    fn checked_url(&self) -> Result<(), Error> {
        let checked = if self.allow_http {
            crate::transport::BaseUrl::allow_http(&self.token_url)
        } else {
            crate::transport::BaseUrl::parse(&self.token_url)
        };
        checked.map(|_| ()).map_err(|e| {
            auth_error("the token URL is refused (https, or http to a loopback host)")
                .with_source(e)
        })
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
            .field("allow_http", &self.allow_http)
            .finish()
    }
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

/// Why a fetch failed, as each of its waiters reports it.
#[derive(Clone, Debug)]
struct Failure {
    kind: ErrorKind,
    message: String,
    status: Option<StatusCode>,
}

impl Failure {
    fn of(error: &Error) -> Self {
        Failure {
            kind: error.kind(),
            message: error.message().unwrap_or("no token").to_string(),
            status: error.status(),
        }
    }

    fn error(&self) -> Error {
        let mut error = Error::new(self.kind).with_message(self.message.clone());
        if let Some(status) = self.status {
            error = error.with_status(status);
        }
        error
    }
}

/// The outcome of a fetch, for its waiters: `None` while it runs.
type Fetched = Option<Result<Secret, Failure>>;

/// Tokens issued recently are kept this many for masking (an error may echo an older one).
const REMEMBERED: usize = 4;

#[derive(Default)]
struct State {
    token: Option<Token>,
    /// The fetch in flight, if any.
    fetching: Option<watch::Receiver<Fetched>>,
    /// The last tokens issued (access and refresh), for [`TokenProvider::secrets`].
    issued: VecDeque<Secret>,
}

impl State {
    /// Ends the fetch in flight with its result: a token is cached and remembered for masking.
    fn finish(&mut self, result: Result<Token, Error>) -> Result<Secret, Failure> {
        self.fetching = None;
        let token = result.map_err(|error| Failure::of(&error))?;
        let access = token.access.clone();
        for issued in std::iter::once(&token.access).chain(&token.refresh) {
            if !self.issued.contains(issued) {
                self.issued.push_front(issued.clone());
            }
        }
        self.issued.truncate(REMEMBERED);
        self.token = Some(token);
        Ok(access)
    }
}

struct Shared {
    grant: PasswordGrant,
    http: reqwest::Client,
    state: Mutex<State>,
}

impl Shared {
    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        // No code panics while holding it; a poisoned state is still consistent.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Gets, caches and renews the access tokens of a [`PasswordGrant`].
pub struct TokenProvider {
    shared: Arc<Shared>,
}

impl fmt::Debug for TokenProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenProvider")
            .field("grant", &self.shared.grant)
            .field("has_token", &self.shared.state().token.is_some())
            .finish_non_exhaustive()
    }
}

impl TokenProvider {
    /// A provider with the crate's default HTTP client (rustls, 10 s connect, 30 s timeout,
    /// no redirects). Fails when the token URL breaks the base-URL rule.
    pub fn new(grant: PasswordGrant) -> Result<Self, Error> {
        grant.checked_url()?;
        Ok(Self::with_http_client(
            grant,
            crate::transport::http_client()?,
        ))
    }

    /// A provider with an HTTP client of your own (start from
    /// [`crate::transport::http_client_builder`]). A token URL that breaks the base-URL rule
    /// fails every fetch, before anything is sent.
    pub fn with_http_client(grant: PasswordGrant, http: reqwest::Client) -> Self {
        TokenProvider {
            shared: Arc::new(Shared {
                grant,
                http,
                state: Mutex::new(State::default()),
            }),
        }
    }

    /// Fails when the token URL breaks the base-URL rule (the clients' constructors check it).
    pub(crate) fn check_token_url(&self) -> Result<(), Error> {
        self.shared.grant.checked_url()
    }

    /// A valid access token: the cached one, or a new one when it is due for renewal (waiting
    /// for the fetch in flight, if there is one).
    pub async fn access_token(&self) -> Result<Secret, Error> {
        self.access_token_before(None).await
    }

    /// [`TokenProvider::access_token`], waiting at most until `deadline`.
    pub(crate) async fn access_token_before(
        &self,
        deadline: Option<Instant>,
    ) -> Result<Secret, Error> {
        let mut fetched = {
            let mut state = self.shared.state();
            if let Some(token) = state.token.as_ref()
                && Instant::now() < token.renew_at
            {
                return Ok(token.access.clone());
            }
            match &state.fetching {
                Some(fetching) => fetching.clone(),
                None => self.start_fetch(&mut state),
            }
        };
        let wait = async {
            loop {
                if let Some(outcome) = fetched.borrow_and_update().clone() {
                    return outcome;
                }
                if fetched.changed().await.is_err() {
                    // The fetch's task ended without an answer (its runtime shut down).
                    return fetched.borrow().clone().unwrap_or_else(|| {
                        Err(Failure::of(&auth_error("the token fetch was cancelled")))
                    });
                }
            }
        };
        let outcome = match deadline {
            Some(deadline) => tokio::time::timeout_at(deadline.into(), wait)
                .await
                .unwrap_or_else(|_| {
                    Err(Failure {
                        kind: ErrorKind::Timeout,
                        message: "no access token before the call's overall timeout".into(),
                        status: None,
                    })
                }),
            None => wait.await,
        };
        outcome.map_err(|failure| failure.error())
    }

    /// Starts the one fetch, in a task of its own: it ends even when every waiter has gone.
    fn start_fetch(&self, state: &mut State) -> watch::Receiver<Fetched> {
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            // Outside a tokio runtime reqwest cannot send either: an answer at once.
            let failure = Failure::of(&auth_error("the token endpoint needs a tokio runtime"));
            return watch::channel(Some(Err(failure))).1;
        };
        let (sender, receiver) = watch::channel(None);
        state.fetching = Some(receiver.clone());
        let refresh = state.token.as_ref().and_then(|t| t.refresh.clone());
        let shared = self.shared.clone();
        runtime.spawn(async move {
            let result = match refresh {
                // A refresh token that no longer works falls back to the password.
                Some(refresh) => match fetch(&shared.grant, &shared.http, Some(&refresh)).await {
                    Ok(token) => Ok(token),
                    Err(_) => fetch(&shared.grant, &shared.http, None).await,
                },
                None => fetch(&shared.grant, &shared.http, None).await,
            };
            let outcome = shared.state().finish(result);
            let _ = sender.send(Some(outcome));
        });
        receiver
    }

    /// Forgets the cached token, so that the next call gets a new one.
    pub async fn invalidate(&self) {
        self.shared.state().token = None;
    }

    /// Forgets the cached token if it is still `sent` (a `401` answered it); a newer one,
    /// fetched meanwhile by another call, stays.
    pub(crate) fn invalidate_sent(&self, sent: &str) {
        let mut state = self.shared.state();
        if state
            .token
            .as_ref()
            .is_some_and(|token| token.access.expose() == sent)
        {
            state.token = None;
        }
    }

    /// `Bearer <token>` as a sensitive header value, waiting at most until `deadline`.
    pub(crate) async fn authorization(
        &self,
        deadline: Option<Instant>,
    ) -> Result<HeaderValue, Error> {
        let token = self.access_token_before(deadline).await?;
        let mut value =
            HeaderValue::try_from(format!("Bearer {}", token.expose())).map_err(|_| {
                auth_error("the token endpoint returned a token that a header cannot carry")
            })?;
        value.set_sensitive(true);
        Ok(value)
    }

    /// Every secret of this grant, for masking: the password, the client secret and the tokens
    /// issued lately.
    pub(crate) fn secrets(&self) -> Vec<String> {
        let grant = &self.shared.grant;
        let mut out = vec![grant.password.expose().to_string()];
        out.extend(grant.client_secret.iter().map(|s| s.expose().to_string()));
        out.extend(
            self.shared
                .state()
                .issued
                .iter()
                .map(|s| s.expose().to_string()),
        );
        out
    }
}

async fn fetch(
    grant: &PasswordGrant,
    http: &reqwest::Client,
    refresh: Option<&Secret>,
) -> Result<Token, Error> {
    grant.checked_url()?;
    let body = serde_urlencoded::to_string(grant.form(refresh))
        .map_err(|_| auth_error("the grant cannot be form-encoded"))?;
    let started = Instant::now();
    let mut response = http
        .post(&grant.token_url)
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
    let limit = if status.is_success() {
        MAX_TOKEN_RESPONSE
    } else {
        crate::error::MAX_ERROR_BODY
    };
    let bytes = match crate::transport::read_limited(&mut response, limit).await {
        Ok(bytes) => bytes,
        Err(crate::transport::BodyError::Transport(e)) => {
            return Err(auth_error("the token endpoint's answer was cut short")
                .with_status(status)
                .with_source(Error::from_reqwest(e)));
        }
        // An error body is only read for its reason: its first bytes will do.
        Err(crate::transport::BodyError::TooLarge) if !status.is_success() => bytes::Bytes::new(),
        Err(crate::transport::BodyError::TooLarge) => {
            return Err(auth_error(&format!(
                "the token endpoint's answer is longer than {MAX_TOKEN_RESPONSE} bytes"
            ))
            .with_status(status));
        }
    };
    if status.is_redirection() {
        return Err(auth_error(&format!(
            "the token endpoint answered HTTP {status}, a redirect, which is not followed"
        ))
        .with_status(status));
    }
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
    let (access, refresh_token, lifetime) = read_token(&bytes).map_err(|reason| {
        auth_error(&format!("the token endpoint's answer {reason}")).with_status(status)
    })?;
    Ok(Token {
        access,
        refresh: refresh_token.or_else(|| refresh.cloned()),
        renew_at: renew_at(started, lifetime, grant.refresh_margin),
    })
}

/// When to renew a token fetched at `started` that lives `lifetime`: `margin` before it
/// expires, or halfway when the lifetime is shorter than twice the margin.
fn renew_at(started: Instant, lifetime: Duration, margin: Duration) -> Instant {
    let lifetime = lifetime.min(MAX_LIFETIME);
    let used_for = lifetime - margin.min(lifetime / 2);
    started.checked_add(used_for).unwrap_or(started)
}

/// The access token, the refresh token and the lifetime of a token response, or what is wrong
/// with it.
fn read_token(body: &[u8]) -> Result<(Secret, Option<Secret>, Duration), &'static str> {
    let Ok(Value::Object(mut fields)) = serde_json::from_slice::<Value>(body) else {
        return Err("is not a JSON object");
    };
    let access = match fields.remove("access_token") {
        Some(Value::String(token)) if !token.is_empty() => Secret::new(token),
        Some(Value::String(_)) => return Err("has an empty access_token"),
        Some(_) => return Err("has an access_token that is not a string"),
        None => return Err("has no access_token"),
    };
    let refresh = match fields.remove("refresh_token") {
        Some(Value::String(token)) if !token.is_empty() => Some(Secret::new(token)),
        Some(Value::String(_) | Value::Null) | None => None,
        Some(_) => return Err("has a refresh_token that is not a string"),
    };
    let lifetime = match fields.get("expires_in") {
        None | Some(Value::Null) => DEFAULT_LIFETIME,
        Some(value) => expires_in(value)?,
    };
    Ok((access, refresh, lifetime))
}

/// `expires_in` as a duration: whole or fractional seconds, as a number or a numeric string.
fn expires_in(value: &Value) -> Result<Duration, &'static str> {
    let seconds = match value {
        Value::Number(n) => n.as_u64().map(|s| s as f64).or_else(|| n.as_f64()),
        Value::String(text) => text.trim().parse::<f64>().ok(),
        _ => None,
    };
    match seconds {
        Some(s) if s.is_nan() => Err("has an expires_in that is not a number of seconds"),
        Some(s) if s < 0.0 => Err("has a negative expires_in"),
        // Past the cap (the largest u64 too), the cap; from_secs_f64 would panic.
        Some(s) if s >= MAX_LIFETIME.as_secs_f64() => Ok(MAX_LIFETIME),
        Some(s) => Ok(Duration::from_secs_f64(s)),
        None => Err("has an expires_in that is not a number of seconds"),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_expires_in_gives_a_lifetime_or_says_what_is_wrong() {
        let s = Duration::from_secs;
        let table: &[(&str, Result<Duration, &str>)] = &[
            (r#"{"access_token":"t"}"#, Ok(DEFAULT_LIFETIME)),
            (
                r#"{"access_token":"t","expires_in":null}"#,
                Ok(DEFAULT_LIFETIME),
            ),
            (r#"{"access_token":"t","expires_in":3600}"#, Ok(s(3600))),
            (r#"{"access_token":"t","expires_in":0}"#, Ok(s(0))),
            (r#"{"access_token":"t","expires_in":"3600"}"#, Ok(s(3600))),
            (
                r#"{"access_token":"t","expires_in":1.5}"#,
                Ok(Duration::from_millis(1500)),
            ),
            (
                r#"{"access_token":"t","expires_in":18446744073709551615}"#,
                Ok(MAX_LIFETIME),
            ),
            (
                r#"{"access_token":"t","expires_in":1e300}"#,
                Ok(MAX_LIFETIME),
            ),
            (
                r#"{"access_token":"t","expires_in":-5}"#,
                Err("has a negative expires_in"),
            ),
            (
                r#"{"access_token":"t","expires_in":"soon"}"#,
                Err("has an expires_in that is not a number of seconds"),
            ),
            (
                r#"{"access_token":"t","expires_in":"NaN"}"#,
                Err("has an expires_in that is not a number of seconds"),
            ),
            (
                r#"{"access_token":"t","expires_in":"-inf"}"#,
                Err("has a negative expires_in"),
            ),
            (
                r#"{"access_token":"t","expires_in":"inf"}"#,
                Ok(MAX_LIFETIME),
            ),
            (
                r#"{"access_token":"t","expires_in":[1]}"#,
                Err("has an expires_in that is not a number of seconds"),
            ),
            (r#"{"expires_in":3600}"#, Err("has no access_token")),
            (
                r#"{"access_token":7}"#,
                Err("has an access_token that is not a string"),
            ),
            (r#"{"access_token":""}"#, Err("has an empty access_token")),
            (
                r#"{"access_token":"t","refresh_token":5}"#,
                Err("has a refresh_token that is not a string"),
            ),
            (r#"[1]"#, Err("is not a JSON object")),
        ];
        for (body, expected) in table {
            let got = read_token(body.as_bytes()).map(|(_, _, lifetime)| lifetime);
            assert_eq!(&got, expected, "{body}");
        }
        let (access, refresh, _) =
            read_token(br#"{"access_token":"a","refresh_token":"r"}"#).unwrap();
        assert_eq!((access.expose(), refresh.unwrap().expose()), ("a", "r"));
        let (_, refresh, _) = read_token(br#"{"access_token":"a","refresh_token":""}"#).unwrap();
        assert!(refresh.is_none(), "an empty refresh token is none");
        let (_, refresh, _) = read_token(br#"{"access_token":"a","refresh_token":null}"#).unwrap();
        assert!(refresh.is_none());
    }

    fn grant() -> PasswordGrant {
        PasswordGrant::new(
            "https://login.example.com/token",
            "me",
            "pa55-word-1",
            "portal",
        )
        .client_secret("client-secret-2")
    }

    fn token(access: &str, refresh: Option<&str>) -> Token {
        Token {
            access: Secret::new(access),
            refresh: refresh.map(Secret::new),
            renew_at: Instant::now() + Duration::from_secs(3600),
        }
    }

    #[test]
    fn finishing_a_fetch_caches_the_token_and_remembers_recent_ones_for_masking() {
        let provider = TokenProvider::new(grant()).unwrap();
        let mut state = provider.shared.state();
        assert_eq!(
            state
                .finish(Ok(token("access-1", Some("refresh-1"))))
                .unwrap()
                .expose(),
            "access-1"
        );
        assert!(state.fetching.is_none());
        state
            .finish(Ok(token("access-1", Some("refresh-1"))))
            .unwrap();
        let issued: Vec<_> = state.issued.iter().map(Secret::expose).collect();
        assert_eq!(issued, ["refresh-1", "access-1"], "no duplicates");
        for n in 2..=4 {
            state
                .finish(Ok(token(&format!("access-{n}"), None)))
                .unwrap();
        }
        assert_eq!(state.issued.len(), REMEMBERED);
        assert_eq!(state.issued[0].expose(), "access-4");
        let failure = state.finish(Err(auth_error("refused"))).unwrap_err();
        assert_eq!(failure.message, "refused");
        assert_eq!(
            state.token.as_ref().map(|t| t.access.expose()),
            Some("access-4"),
            "a failed fetch keeps the token"
        );
        drop(state);
        let secrets = provider.secrets();
        for expected in ["pa55-word-1", "client-secret-2", "access-4", "access-2"] {
            assert!(
                secrets.iter().any(|s| s == expected),
                "{expected}: {secrets:?}"
            );
        }
        // Debug names the parts and shows no secret.
        let shown = format!("{provider:?}");
        assert!(shown.starts_with("TokenProvider {"), "{shown}");
        assert!(shown.contains("has_token: true"), "{shown}");
        assert!(
            shown.contains("login.example.com") && shown.contains("\"me\""),
            "{shown}"
        );
        assert!(
            !shown.contains("pa55") && !shown.contains("client-secret-2"),
            "{shown}"
        );
    }

    #[tokio::test]
    async fn invalidate_forgets_the_token_and_invalidate_sent_only_the_one_sent() {
        let provider = TokenProvider::new(grant()).unwrap();
        provider
            .shared
            .state()
            .finish(Ok(token("access-1", None)))
            .unwrap();
        assert_eq!(provider.access_token().await.unwrap().expose(), "access-1");
        provider.invalidate_sent("an-older-one");
        assert!(
            provider.shared.state().token.is_some(),
            "a newer token stays"
        );
        provider.invalidate_sent("access-1");
        assert!(provider.shared.state().token.is_none());
        provider
            .shared
            .state()
            .finish(Ok(token("access-2", None)))
            .unwrap();
        provider.invalidate().await;
        assert!(provider.shared.state().token.is_none());
    }

    #[test]
    fn a_grants_debug_shows_its_settings_and_no_secret() {
        assert_eq!(
            format!("{:?}", grant()),
            "PasswordGrant { token_url: \"https://login.example.com/token\", username: \"me\", \
             password: Secret(<redacted>), client_id: \"portal\", \
             client_secret: Some(Secret(<redacted>)), scope: None, refresh_margin: 300s, \
             allow_http: false }"
        );
        let other = PasswordGrant::new("http://127.0.0.1:9/t", "u", "p", "c")
            .scope("offline_access")
            .refresh_margin(Duration::from_secs(7))
            .allow_http();
        let shown = format!("{other:?}");
        assert_eq!(
            shown,
            "PasswordGrant { token_url: \"http://127.0.0.1:9/t\", username: \"u\", \
             password: Secret(<redacted>), client_id: \"c\", client_secret: None, \
             scope: Some(\"offline_access\"), refresh_margin: 7s, allow_http: true }"
        );
        assert_eq!(
            format!("{:?}", TokenProvider::new(other).unwrap()),
            format!("TokenProvider {{ grant: {shown}, has_token: false, .. }}")
        );
    }

    #[test]
    fn the_stated_limits() {
        assert_eq!(MAX_LIFETIME, Duration::from_secs(86_400), "one day");
        assert_eq!(MAX_TOKEN_RESPONSE, 262_144, "256 KiB");
        assert_eq!(DEFAULT_LIFETIME, Duration::from_secs(600));
        assert_eq!(DEFAULT_REFRESH_MARGIN, Duration::from_secs(300));
        let two_days = read_token(br#"{"access_token":"t","expires_in":172800}"#).unwrap();
        assert_eq!(two_days.2, Duration::from_secs(86_400));
    }

    #[test]
    fn renewal_is_the_margin_before_expiry_or_halfway_for_short_lifetimes() {
        let s = Duration::from_secs;
        let start = Instant::now();
        let margin = DEFAULT_REFRESH_MARGIN;
        assert_eq!(renew_at(start, s(3600), margin), start + s(3300));
        assert_eq!(renew_at(start, s(600), margin), start + s(300));
        assert_eq!(renew_at(start, s(300), margin), start + s(150));
        assert_eq!(renew_at(start, s(60), margin), start + s(30));
        assert_eq!(renew_at(start, s(0), margin), start);
        assert_eq!(
            renew_at(start, s(u64::MAX), margin),
            start + MAX_LIFETIME - margin
        );
    }
}
