//! Which client the CLI builds for an API: its base URL and credentials, from flags, the
//! environment, a config file, or the sandbox. Credentials are never printed.

use std::collections::BTreeMap;

use crate::error::{Api, Error};
use crate::raw::RawRequest;

/// The environment variables each API reads (also listed in `--help`, without values).
pub(crate) fn env_help(api: Api) -> &'static str {
    match api {
        #[cfg(feature = "abconnect")]
        Api::AbConnect => {
            "Credentials: ABCONNECT_TOKEN, or ABCONNECT_USERNAME, ABCONNECT_PASSWORD, ABCONNECT_CLIENT_ID, \
             ABCONNECT_CLIENT_SECRET (and ABCONNECT_TOKEN_URL) for a password grant. Base URL: \
             ABCONNECT_BASE_URL (default production)."
        }
        #[cfg(feature = "logisense")]
        Api::LogiSense => {
            "Credentials: LOGISENSE_TOKEN, or LOGISENSE_USERNAME, LOGISENSE_PASSWORD, LOGISENSE_CLIENT_ID \
             and LOGISENSE_TOKEN_URL for a password grant. Base URL: LOGISENSE_BASE_URL \
             (https://{host}/ResourceServer/api/v{N}; required)."
        }
        #[cfg(feature = "paylock")]
        Api::PayLock => {
            "Credentials: PAYLOCK_TOKEN. Base URL: PAYLOCK_BASE_URL (default production)."
        }
        #[cfg(feature = "paynetworx")]
        Api::PayNetworx => {
            "Credentials: PAYNETWORX_USER and PAYNETWORX_PASSWORD. Base URL: PAYNETWORX_BASE_URL \
             (default QA)."
        }
        #[cfg(feature = "unit")]
        Api::Unit => "Credentials: UNIT_TOKEN. Base URL: UNIT_BASE_URL (default the sandbox host).",
        #[allow(unreachable_patterns)]
        _ => "",
    }
}

/// Settings by name: the environment, over a config file's `NAME=value` lines.
pub(crate) struct Settings(BTreeMap<String, String>);

impl Settings {
    pub(crate) fn load(config: Option<&str>) -> Result<Settings, String> {
        let mut values = BTreeMap::new();
        if let Some(path) = config {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read the config file {path}: {e}"))?;
            for (n, line) in text.lines().enumerate() {
                let line = line.trim();
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                let Some((name, value)) = line.split_once('=') else {
                    return Err(format!("{path}:{}: expected NAME=value", n + 1));
                };
                values.insert(name.trim().to_string(), value.trim().to_string());
            }
        }
        for (name, value) in std::env::vars() {
            values.insert(name, value);
        }
        Ok(Settings(values))
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    fn need(&self, name: &str) -> Result<&str, String> {
        self.get(name)
            .ok_or_else(|| format!("{name} is not set (in the environment or the config file)"))
    }
}

/// Where to connect: a base URL, and a token URL for password grants.
pub(crate) struct Target {
    pub base_url: String,
    pub token_url: Option<String>,
    /// The sandbox grants anything: no real credentials are read.
    pub sandbox: bool,
}

/// One API's client, whichever it is.
pub(crate) enum AnyClient {
    #[cfg(feature = "abconnect")]
    AbConnect(crate::abconnect::Client),
    #[cfg(feature = "logisense")]
    LogiSense(crate::logisense::Client),
    #[cfg(feature = "paylock")]
    PayLock(crate::paylock::Client),
    #[cfg(feature = "paynetworx")]
    PayNetworx(crate::paynetworx::Client),
    #[cfg(feature = "unit")]
    Unit(crate::unit::Client),
    /// No API feature is enabled: there is no client.
    #[cfg(not(payclients_any_api))]
    None(std::convert::Infallible),
}

impl AnyClient {
    /// The client's secrets, to mask in everything the CLI prints.
    pub(crate) fn secrets(&self) -> crate::masking::Secrets {
        self.raw(reqwest::Method::GET, "/").secrets()
    }

    pub(crate) fn raw(&self, method: reqwest::Method, path: &str) -> RawRequest<'_> {
        match self {
            #[cfg(feature = "abconnect")]
            AnyClient::AbConnect(c) => c.raw(method, path),
            #[cfg(feature = "logisense")]
            AnyClient::LogiSense(c) => c.raw(method, path),
            #[cfg(feature = "paylock")]
            AnyClient::PayLock(c) => c.raw(method, path),
            #[cfg(feature = "paynetworx")]
            AnyClient::PayNetworx(c) => c.raw(method, path),
            #[cfg(feature = "unit")]
            AnyClient::Unit(c) => c.raw(method, path),
            #[cfg(not(payclients_any_api))]
            AnyClient::None(never) => match *never {},
        }
    }
}

/// The default base URL of an API, when it has one.
pub(crate) fn default_base_url(api: Api) -> Option<&'static str> {
    match api {
        #[cfg(feature = "abconnect")]
        Api::AbConnect => Some(crate::abconnect::PRODUCTION_URL),
        #[cfg(feature = "paylock")]
        Api::PayLock => Some(crate::paylock::PRODUCTION_URL),
        #[cfg(feature = "paynetworx")]
        Api::PayNetworx => Some(crate::paynetworx::QA_URL),
        #[cfg(feature = "unit")]
        Api::Unit => Some(crate::unit::SANDBOX_URL),
        #[allow(unreachable_patterns)]
        _ => None,
    }
}

#[cfg_attr(
    not(any(feature = "paylock", feature = "paynetworx", feature = "unit")),
    allow(dead_code)
)]
fn secret<'a>(settings: &'a Settings, target: &Target, name: &str) -> Result<&'a str, String> {
    if target.sandbox {
        return Ok(settings.get(name).unwrap_or("sandbox"));
    }
    settings.need(name)
}

/// Builds `api`'s client for `target` with the credentials in `settings`.
pub(crate) fn client(api: Api, target: &Target, settings: &Settings) -> Result<AnyClient, String> {
    let err = |e: Error| e.to_string();
    let base = target.base_url.as_str();
    #[cfg_attr(not(payclients_oauth), allow(unused_variables))]
    let token_url = |name: &str| -> Option<String> {
        target
            .token_url
            .clone()
            .or_else(|| settings.get(name).map(str::to_string))
    };
    match api {
        #[cfg(feature = "abconnect")]
        Api::AbConnect => {
            use crate::abconnect::{Client, PRODUCTION_TOKEN_URL, password_grant};
            let client = match (settings.get("ABCONNECT_TOKEN"), target.sandbox) {
                (Some(token), _) => Client::new(base, token).map_err(err)?,
                (None, true) => Client::new(base, "sandbox").map_err(err)?,
                (None, false) => {
                    let url =
                        token_url("ABCONNECT_TOKEN_URL").unwrap_or(PRODUCTION_TOKEN_URL.into());
                    let grant = password_grant(
                        &url,
                        settings.need("ABCONNECT_USERNAME")?,
                        settings.need("ABCONNECT_PASSWORD")?,
                        settings.need("ABCONNECT_CLIENT_ID")?,
                        settings.need("ABCONNECT_CLIENT_SECRET")?,
                    );
                    Client::with_password_grant(base, grant).map_err(err)?
                }
            };
            Ok(AnyClient::AbConnect(client))
        }
        #[cfg(feature = "logisense")]
        Api::LogiSense => {
            use crate::logisense::Client;
            let client = match (settings.get("LOGISENSE_TOKEN"), target.sandbox) {
                (Some(token), _) => Client::from_base_url(base, token).map_err(err)?,
                (None, true) => Client::from_base_url(base, "sandbox").map_err(err)?,
                (None, false) => {
                    let url = token_url("LOGISENSE_TOKEN_URL").ok_or(
                        "LOGISENSE_TOKEN_URL is not set (in the environment or the config file)",
                    )?;
                    let grant = crate::logisense::password_grant(
                        &url,
                        settings.need("LOGISENSE_USERNAME")?,
                        settings.need("LOGISENSE_PASSWORD")?,
                        settings.need("LOGISENSE_CLIENT_ID")?,
                    );
                    let http = crate::transport::http_client_builder()
                        .and_then(|b| b.build().map_err(Error::from_reqwest))
                        .map_err(err)?;
                    let provider = std::sync::Arc::new(
                        crate::auth::TokenProvider::with_http_client(grant, http.clone()),
                    );
                    Client::with_token_provider(base, provider, http).map_err(err)?
                }
            };
            Ok(AnyClient::LogiSense(client))
        }
        #[cfg(feature = "paylock")]
        Api::PayLock => {
            let token = secret(settings, target, "PAYLOCK_TOKEN")?;
            Ok(AnyClient::PayLock(
                crate::paylock::Client::new(base, token).map_err(err)?,
            ))
        }
        #[cfg(feature = "paynetworx")]
        Api::PayNetworx => {
            let user = secret(settings, target, "PAYNETWORX_USER")?;
            let password = secret(settings, target, "PAYNETWORX_PASSWORD")?;
            Ok(AnyClient::PayNetworx(
                crate::paynetworx::Client::new(base, user, password).map_err(err)?,
            ))
        }
        #[cfg(feature = "unit")]
        Api::Unit => {
            let token = secret(settings, target, "UNIT_TOKEN")?;
            Ok(AnyClient::Unit(
                crate::unit::Client::new(base, token).map_err(err)?,
            ))
        }
        #[allow(unreachable_patterns)]
        _ => Err(format!("the {} feature is not enabled", api.as_str())),
    }
}
