//! What a client knows to be secret, masked wherever text from or about a call is shown: an
//! [`Error`](crate::Error)'s `Display` and `Debug`, and everything the CLI prints.
//!
//! A server can echo a credential back (a 401 whose body repeats the `Authorization` header, a
//! vendor message quoting the password). Every occurrence of a client's token, password,
//! client secret or Basic credentials is replaced by `[redacted]` — as sent, in base64
//! (standard and URL-safe, padded or not), percent-encoded (form and path style) and
//! JSON-escaped. Secrets shorter than [`MIN_FREE_TEXT`] characters are masked only where they
//! are a whole JSON string value (`"pw"`), so that a short password such as `1250` never
//! corrupts an amount. Control characters in shown text are escaped ([`escape_controls`]), so
//! that vendor text cannot move the cursor, clear the screen or forge a line.
//!
//! What is kept as received: [`Error::body`](crate::Error::body) holds the bytes the server
//! sent, unmasked.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::sync::Arc;

use base64::Engine as _;

/// Secrets this short are masked only as whole JSON string values.
pub const MIN_FREE_TEXT: usize = 8;

/// What replaces a secret.
const MASK: &str = "[redacted]";

/// The secrets of one client: fixed ones (a bearer token, Basic credentials) and those of its
/// token provider, read when an error is shown (the provider's tokens change).
#[derive(Clone, Default)]
pub(crate) struct Secrets {
    fixed: Arc<Vec<String>>,
    #[cfg(payclients_oauth)]
    provider: Option<Arc<crate::auth::TokenProvider>>,
}

impl Secrets {
    /// Adds fixed secrets.
    pub(crate) fn with(mut self, secrets: impl IntoIterator<Item = String>) -> Self {
        Arc::make_mut(&mut self.fixed).extend(secrets.into_iter().filter(|s| !s.is_empty()));
        self
    }

    /// Reads the secrets of `provider` too.
    #[cfg(payclients_oauth)]
    pub(crate) fn with_provider(mut self, provider: Arc<crate::auth::TokenProvider>) -> Self {
        self.provider = Some(provider);
        self
    }

    /// The masker of these secrets as they are now.
    pub(crate) fn masker(&self) -> Masker {
        #[allow(unused_mut)]
        let mut all: Vec<String> = self.fixed.as_ref().clone();
        #[cfg(payclients_oauth)]
        if let Some(provider) = &self.provider {
            all.extend(provider.secrets());
        }
        Masker::new(all)
    }
}

impl std::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secrets(<redacted>)")
    }
}

/// Masks every form of a set of secrets in a text.
pub(crate) struct Masker {
    /// Masked wherever they occur, longest first.
    anywhere: Vec<String>,
    /// Masked only as a whole JSON string value (`"…"`).
    quoted: Vec<String>,
}

impl Masker {
    pub(crate) fn new(secrets: impl IntoIterator<Item = String>) -> Self {
        let mut anywhere = Vec::new();
        let mut quoted = Vec::new();
        for secret in secrets {
            for form in forms(&secret) {
                if form.is_empty() {
                    continue;
                }
                let list = if form.chars().count() >= MIN_FREE_TEXT {
                    &mut anywhere
                } else {
                    &mut quoted
                };
                if !list.contains(&form) {
                    list.push(form);
                }
            }
        }
        // A longer form first, so that one containing another is masked whole.
        anywhere.sort_by_key(|form| std::cmp::Reverse(form.len()));
        Masker { anywhere, quoted }
    }

    /// `text` with every secret masked.
    pub(crate) fn mask<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let mut out = Cow::Borrowed(text);
        for form in &self.anywhere {
            if out.contains(form.as_str()) {
                out = Cow::Owned(out.replace(form.as_str(), MASK));
            }
        }
        for form in &self.quoted {
            let quoted = format!("\"{form}\"");
            if out.contains(&quoted) {
                out = Cow::Owned(out.replace(&quoted, &format!("\"{MASK}\"")));
            }
        }
        out
    }
}

/// A secret as it may appear in text: as is, base64, percent-encoded, JSON-escaped.
fn forms(secret: &str) -> Vec<String> {
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
    let mut forms = vec![secret.to_string()];
    for engine in [STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD] {
        forms.push(engine.encode(secret));
    }
    forms.push(url::form_urlencoded::byte_serialize(secret.as_bytes()).collect());
    forms.push(
        percent_encoding::utf8_percent_encode(secret, percent_encoding::NON_ALPHANUMERIC)
            .to_string(),
    );
    if let Ok(json) = serde_json::to_string(secret) {
        forms.push(json[1..json.len() - 1].to_string());
    }
    forms.push(secret.escape_debug().to_string());
    forms
}

/// `text` with its control characters escaped (`\n`, `\u{1b}`…), for showing vendor text on a
/// terminal or in a log line.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            let _ = write!(out, "{}", c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mask(secrets: &[&str], text: &str) -> String {
        Masker::new(secrets.iter().map(|s| s.to_string()))
            .mask(text)
            .into_owned()
    }

    #[test]
    fn every_form_of_a_long_secret_is_masked() {
        let token = "tok/live+abc=def ghi";
        let b64 = base64::engine::general_purpose::STANDARD.encode(token);
        let table = [
            (format!("echo: Bearer {token}"), "echo: Bearer [redacted]"),
            (format!("basic {b64}!"), "basic [redacted]!"),
            (
                "q=tok%2Flive%2Babc%3Ddef+ghi&x=1".to_string(),
                "q=[redacted]&x=1",
            ),
            ("p=tok%2Flive%2Babc%3Ddef%20ghi".to_string(), "p=[redacted]"),
            ("nothing here".to_string(), "nothing here"),
        ];
        for (text, expected) in table {
            assert_eq!(mask(&[token], &text), expected, "{text}");
        }
        assert_eq!(
            mask(&["quote\"d-secret"], r#"{"m":"quote\"d-secret"}"#),
            r#"{"m":"[redacted]"}"#
        );
    }

    #[test]
    fn a_short_secret_is_masked_only_as_a_whole_json_string() {
        assert_eq!(
            mask(
                &["1250"],
                r#"{"password":"1250","amount":1250,"note":"x1250"}"#
            ),
            r#"{"password":"[redacted]","amount":1250,"note":"x1250"}"#
        );
    }

    #[test]
    fn the_secrets_debug_shows_none_of_them() {
        let secrets = Secrets::default().with(["tok-live-0123456789".to_string()]);
        assert_eq!(format!("{secrets:?}"), "Secrets(<redacted>)");
        assert_eq!(
            secrets.masker().mask("a tok-live-0123456789 b"),
            "a [redacted] b"
        );
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(escape_controls("plain"), "plain");
        assert_eq!(
            escape_controls("a\u{1b}[2Jb\nerror: forged"),
            "a\\u{1b}[2Jb\\nerror: forged"
        );
    }
}
