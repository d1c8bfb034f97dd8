//! The state every generated client carries as progenitor's inner value ([`ClientState`]):
//! which API, its credentials, what its spec declares (media type, filled header), the retry
//! policy, the body limit and the secrets to mask. `Debug` shows no credential.

use std::fmt;
use std::time::Duration;

use reqwest::header::{HeaderName, HeaderValue};

#[cfg(feature = "jsv")]
use super::format::ResponseFormat;
use super::{DEFAULT_MAX_BODY_SIZE, DEFAULT_TIMEOUT};
use crate::error::{Api, Error};
use crate::retry::RetryPolicy;

/// Per-client state carried by every generated client: which API it is, its credentials and
/// its wire media type. Opaque; `Debug` shows no credential.
#[derive(Clone)]
pub struct ClientState {
    pub(super) api: Api,
    pub(super) authorization: Option<HeaderValue>,
    #[cfg(payclients_oauth)]
    pub(super) token_provider: Option<std::sync::Arc<crate::auth::TokenProvider>>,
    pub(super) media_type: Option<HeaderValue>,
    #[cfg(feature = "jsv")]
    pub(super) response_format: Option<ResponseFormat>,
    /// The header the client fills, and how it makes a fresh value (the spec's
    /// `x-payclients-client-fills`).
    pub(super) request_id_header: Option<(HeaderName, fn() -> String)>,
    pub(super) retry: RetryPolicy,
    /// POSTs may be repeated (a filled header declared `x-payclients-retry-safe`: the same
    /// value makes them idempotent).
    pub(super) idempotent_post: bool,
    /// The timeout that the HTTP client applies to every request by itself, known only for the
    /// client that the constructors build ([`DEFAULT_TIMEOUT`]); an attempt whose timeout is
    /// the same need not set it again (setting it costs reqwest an extensions map per request).
    pub(super) http_timeout: Option<Duration>,
    /// The most bytes of a response body that are read ([`DEFAULT_MAX_BODY_SIZE`]).
    pub(super) max_body_size: usize,
    /// The credentials, to mask in what is shown of a call (`crate::masking`).
    pub(super) secrets: crate::masking::Secrets,
}

impl ClientState {
    /// The state of a client of `api`, with what its spec declares (media type, filled header).
    pub(crate) fn new(api: Api) -> Self {
        let declared = api.descriptor();
        let filled = declared.filled_header.as_ref();
        ClientState {
            api,
            authorization: None,
            #[cfg(payclients_oauth)]
            token_provider: None,
            media_type: declared.media_type.map(HeaderValue::from_static),
            #[cfg(feature = "jsv")]
            response_format: None,
            request_id_header: filled.map(|f| (HeaderName::from_static(f.name), f.fresh)),
            retry: RetryPolicy::default(),
            idempotent_post: filled.is_some_and(|f| f.retry_safe),
            http_timeout: None,
            max_body_size: DEFAULT_MAX_BODY_SIZE,
            secrets: crate::masking::Secrets::default(),
        }
    }

    /// The client's secrets, for masking (the CLI's output).
    #[cfg(feature = "cli")]
    pub(crate) fn secrets(&self) -> &crate::masking::Secrets {
        &self.secrets
    }

    /// Sets the most bytes of a response body that are read.
    pub(crate) fn set_max_body_size(&mut self, bytes: usize) {
        self.max_body_size = bytes;
    }

    /// The most bytes of a response body that are read.
    pub fn max_body_size(&self) -> usize {
        self.max_body_size
    }

    /// Notes that the HTTP client is the constructors' own ([`http_client`]).
    pub(crate) fn set_default_http_client(&mut self) {
        self.http_timeout = Some(DEFAULT_TIMEOUT);
    }

    /// `Authorization: Basic <base64(user:password)>`, marked sensitive.
    #[allow(dead_code)] // for the APIs with a Basic scheme
    pub(crate) fn basic(mut self, user: &str, password: &str) -> Result<Self, Error> {
        use base64::Engine as _;
        if user.contains(':') {
            // RFC 7617: the colon separates user-id and password.
            return Err(Error::invalid_request("a Basic user-id cannot contain `:`"));
        }
        let encoded =
            base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
        let mut value = HeaderValue::try_from(format!("Basic {encoded}"))
            .map_err(|_| Error::invalid_request("the credentials cannot be sent in a header"))?;
        value.set_sensitive(true);
        self.authorization = Some(value);
        self.secrets =
            self.secrets
                .with([password.to_string(), format!("{user}:{password}"), encoded]);
        Ok(self)
    }

    /// Replaces the retry policy.
    pub(crate) fn set_retry_policy(&mut self, policy: RetryPolicy) {
        self.retry = policy;
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.retry
    }

    /// `Authorization: Bearer <token>`, marked sensitive so that it is never logged.
    #[allow(dead_code)] // for the APIs with a bearer scheme
    pub(crate) fn bearer(mut self, token: &str) -> Result<Self, Error> {
        let mut value = HeaderValue::try_from(format!("Bearer {token}")).map_err(|_| {
            Error::invalid_request("the token holds characters that a header cannot carry")
        })?;
        value.set_sensitive(true);
        self.authorization = Some(value);
        self.secrets = self.secrets.with([token.to_string()]);
        Ok(self)
    }

    /// Gets each request's bearer token from a provider (OAuth2 password grant).
    #[cfg(payclients_oauth)]
    pub(crate) fn token_provider(
        mut self,
        provider: std::sync::Arc<crate::auth::TokenProvider>,
    ) -> Self {
        self.secrets = self.secrets.with_provider(provider.clone());
        self.token_provider = Some(provider);
        self
    }

    /// Asks for responses in `format` and turns a success body in it into JSON for the
    /// generated decoder; `None` goes back to JSON.
    #[cfg(feature = "jsv")]
    pub(crate) fn set_response_format(&mut self, format: Option<ResponseFormat>) {
        self.response_format = format;
    }

    /// The API of this client.
    pub fn api(&self) -> Api {
        self.api
    }
}

impl ClientState {
    pub(super) fn has_token_provider(&self) -> bool {
        #[cfg(payclients_oauth)]
        if self.token_provider.is_some() {
            return true;
        }
        false
    }

    fn token_provider_debug(&self) -> Option<&dyn fmt::Debug> {
        #[cfg(payclients_oauth)]
        if let Some(provider) = &self.token_provider {
            return Some(provider as &dyn fmt::Debug);
        }
        None
    }
}

impl ClientState {
    fn response_format_debug(&self) -> Option<&'static str> {
        #[cfg(feature = "jsv")]
        if let Some(format) = &self.response_format {
            return Some(format.media_type);
        }
        None
    }
}

impl fmt::Debug for ClientState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientState")
            .field("api", &self.api)
            .field(
                "authorization",
                &self.authorization.as_ref().map(|_| "<redacted>"),
            )
            .field("token_provider", &self.token_provider_debug())
            .field("media_type", &self.media_type)
            .field("response_format", &self.response_format_debug())
            .field(
                "request_id_header",
                &self.request_id_header.as_ref().map(|(name, _)| name),
            )
            .field("retry", &self.retry)
            .field("http_timeout", &self.http_timeout)
            .field("max_body_size", &self.max_body_size)
            .finish()
    }
}
