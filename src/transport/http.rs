//! The TLS client the constructors build (no redirects, no `Referer`) and the base-URL rule
//! ([`BaseUrl`]: https, or http to loopback).

use std::sync::Arc;

use super::{DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT};
use crate::error::Error;

/// The HTTP client that the constructors build: [`http_client_builder`] with its defaults.
pub(crate) fn http_client() -> Result<reqwest::Client, Error> {
    http_client_builder()?.build().map_err(Error::from_reqwest)
}

/// A `reqwest::ClientBuilder` set up as the clients' own: rustls with the `ring` provider (no
/// C toolchain or OpenSSL needed), the platform's certificate roots, a 10 s connect timeout and
/// a 30 s request timeout ([`DEFAULT_CONNECT_TIMEOUT`], [`DEFAULT_TIMEOUT`]), **no redirect
/// followed** and **no `Referer` sent**. Adjust it and pass the built client to a
/// `with_http_client` constructor.
///
/// Redirects: a 3xx answer is returned as an [`Error`] of kind
/// [`ErrorKind::Redirect`](crate::ErrorKind::Redirect) with its status and `Location`
/// ([`Error::redirect_location`]), as aws-sdk-rust does. Following one could re-send a payment
/// body, a password-grant form or a query to another host, or to a URL that [`BaseUrl`] refuses
/// (plain http). An HTTP client of your own keeps reqwest's default, which follows up to ten
/// redirects (dropping `Authorization` across hosts, but re-sending the body of a 307 or 308 and
/// sending `Referer`): set `.redirect(reqwest::redirect::Policy::none())` and `.referer(false)`
/// on it, or start from this builder.
///
/// Build HTTP clients for payclients from this, not from `reqwest::Client::new()`: payclients
/// compiles reqwest without a default TLS provider (to avoid building aws-lc), so a plain
/// `reqwest::Client::new()` panics unless another crate enables reqwest's default TLS.
///
/// ```
/// let http = payclients::transport::http_client_builder()?
///     .timeout(std::time::Duration::from_secs(5))
///     .build()?;
/// # let _ = http;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn http_client_builder() -> Result<reqwest::ClientBuilder, Error> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let verifier = rustls_platform_verifier::Verifier::new(provider.clone()).map_err(|e| {
        Error::invalid_request("cannot load the platform's TLS roots").with_source(e)
    })?;
    let tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::invalid_request("cannot configure TLS").with_source(e))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    Ok(reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .connect_timeout(DEFAULT_CONNECT_TIMEOUT)
        .timeout(DEFAULT_TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .referer(false))
}

/// A checked base URL: `https`, or plain `http` only to a loopback host (`127.0.0.0/8`, `::1`,
/// `localhost`) unless explicitly allowed with [`BaseUrl::allow_http`]. No query or fragment;
/// a trailing `/` is dropped (the generated code appends `/path`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaseUrl(String);

impl BaseUrl {
    /// Checks `url`: `https`, or `http` to a loopback host.
    pub fn parse(url: &str) -> Result<Self, Error> {
        Self::check(url, false)
    }

    /// Accepts plain `http` to any host too — credentials and payment data then cross the
    /// network unencrypted; use it only inside a network you trust.
    pub fn allow_http(url: &str) -> Result<Self, Error> {
        Self::check(url, true)
    }

    /// The URL.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    fn check(url: &str, allow_http: bool) -> Result<Self, Error> {
        // Messages do not repeat the URL: it may hold credentials.
        let parsed = reqwest::Url::parse(url).map_err(|e| {
            Error::invalid_request("the base URL is not a valid URL").with_source(e)
        })?;
        match parsed.scheme() {
            "https" => {}
            "http" if allow_http || is_loopback(&parsed) => {}
            "http" => {
                return Err(Error::invalid_request(
                    "plain http is refused for a host that is not loopback; use https, or BaseUrl::allow_http to insist",
                ));
            }
            _ => return Err(Error::invalid_request("the base URL must be http or https")),
        }
        if parsed.query().is_some() || parsed.fragment().is_some() {
            return Err(Error::invalid_request(
                "the base URL must not have a query or fragment",
            ));
        }
        Ok(BaseUrl(url.trim_end_matches('/').to_string()))
    }
}

fn is_loopback(url: &reqwest::Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

/// What a client constructor takes as its base URL: text (checked with [`BaseUrl::parse`]) or
/// a [`BaseUrl`].
pub trait IntoBaseUrl {
    /// The checked URL.
    fn into_base_url(self) -> Result<BaseUrl, Error>;
}

impl IntoBaseUrl for BaseUrl {
    fn into_base_url(self) -> Result<BaseUrl, Error> {
        Ok(self)
    }
}

impl IntoBaseUrl for &str {
    fn into_base_url(self) -> Result<BaseUrl, Error> {
        BaseUrl::parse(self)
    }
}

impl IntoBaseUrl for &String {
    fn into_base_url(self) -> Result<BaseUrl, Error> {
        BaseUrl::parse(self)
    }
}

impl IntoBaseUrl for String {
    fn into_base_url(self) -> Result<BaseUrl, Error> {
        BaseUrl::parse(&self)
    }
}

/// Checks a base URL (see [`BaseUrl`]).
pub(crate) fn base_url(url: impl IntoBaseUrl) -> Result<String, Error> {
    url.into_base_url().map(|url| url.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_only_to_loopback_unless_allowed() {
        for ok in [
            "https://api.unit.co",
            "https://api.unit.co/",
            "http://127.0.0.1:8080",
            "http://127.3.2.1",
            "http://[::1]:9000",
            "http://localhost:3000/api",
        ] {
            assert!(BaseUrl::parse(ok).is_ok(), "{ok}");
        }
        assert_eq!(
            BaseUrl::parse("https://api.unit.co/").unwrap().as_str(),
            "https://api.unit.co"
        );
        for refused in [
            "http://api.unit.co",
            "http://10.0.0.8",
            "http://localhost.evil.example",
            "ftp://x",
            "https://x?token=secret",
            "not a url",
        ] {
            let error = BaseUrl::parse(refused).unwrap_err();
            assert_eq!(error.kind(), crate::ErrorKind::InvalidRequest, "{refused}");
            assert!(!error.to_string().contains("secret"));
        }
        // Each refusal says why.
        for (refused, why) in [
            (
                "http://api.unit.co",
                "plain http is refused for a host that is not loopback",
            ),
            ("ftp://x", "the base URL must be http or https"),
            (
                "https://x#f",
                "the base URL must not have a query or fragment",
            ),
            ("not a url", "the base URL is not a valid URL"),
        ] {
            let error = BaseUrl::parse(refused).unwrap_err().to_string();
            assert!(error.contains(why), "{refused}: {error}");
        }
        assert!(BaseUrl::allow_http("http://payments.internal:8080").is_ok());
        assert!(BaseUrl::allow_http("ftp://x").is_err());
    }
}
