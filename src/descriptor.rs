//! What an API's spec declares beyond its operations, in the form the shared runtime reads:
//! one static [`Descriptor`] per API, generated into the API's module from its spec (see
//! `xtask/src/declarations/` and the words in specs/README.md). Nothing here names an API.

use std::fmt;

/// What the runtime knows of one API.
pub(crate) struct Descriptor {
    /// The API's short name (its feature and `specs/<name>.yaml`).
    pub name: &'static str,
    /// Its spec's title.
    #[cfg_attr(not(feature = "cli"), allow(dead_code))]
    pub title: &'static str,
    /// Its spec's text (the sandbox serves it).
    #[cfg(feature = "sandbox")]
    pub spec: &'static str,
    /// It also answers in ServiceStack's JSV when asked (`x-payclients-also-answers`).
    #[cfg_attr(not(all(feature = "sandbox", feature = "jsv")), allow(dead_code))]
    pub also_answers_jsv: bool,
    /// Its spec's first server, when that has no variables: the CLI's default base URL.
    #[cfg_attr(not(feature = "cli"), allow(dead_code))]
    pub default_server: Option<&'static str>,
    /// How it authenticates (its security schemes).
    #[cfg_attr(not(feature = "cli"), allow(dead_code))]
    pub auth: &'static [Auth],
    /// The JSON media type of its bodies when it is not `application/json` (JSON:API's).
    pub media_type: Option<&'static str>,
    /// Whether it declares an OAuth2 password flow (its clients can fetch their own tokens).
    #[cfg_attr(not(feature = "sandbox"), allow(dead_code))]
    pub password_grant: bool,
    /// A header the client fills when the caller does not.
    pub filled_header: Option<FilledHeader>,
    /// Each operation's path template (`/received-payments/{id}`), for traces.
    pub templates: &'static [(&'static str, &'static str)],
    /// The paged operations and how each pages (`x-payclients-paging`).
    #[cfg_attr(not(feature = "cli"), allow(dead_code))]
    pub paged: &'static [PagedOperation],
    /// The 2xx outcomes that are declines, not successes (`x-payclients-decline`).
    pub declines: &'static [Decline],
    /// The shape of its error body.
    pub error: ErrorShape,
    /// Decodes an error body into its declared type; `None` when the body is something else.
    pub decode_error: fn(&[u8]) -> Option<crate::ApiError>,
}

impl fmt::Debug for Descriptor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Descriptor")
            .field("name", &self.name)
            .field("media_type", &self.media_type)
            .field("filled_header", &self.filled_header)
            .finish_non_exhaustive()
    }
}

/// A paged operation: its paging, and where its page body holds the items, the total, the next
/// cursor and the offset (JSON Pointer steps; empty when not declared).
#[derive(Debug)]
#[cfg_attr(not(feature = "cli"), allow(dead_code))]
pub(crate) struct PagedOperation {
    pub operation: &'static str,
    pub paging: &'static crate::pagination::declared::Paging,
    pub items: &'static [&'static str],
    pub total: &'static [&'static str],
    pub next_cursor: &'static [&'static str],
    pub offset_echo: &'static [&'static str],
    /// The items' id property.
    pub item_id: &'static str,
}

impl Descriptor {
    /// The path template of `operation` (`url.template` in traces); empty for a raw call.
    pub(crate) fn url_template(&self, operation: &str) -> &'static str {
        self.templates
            .iter()
            .find(|(id, _)| *id == operation)
            .map_or("", |(_, template)| template)
    }

    /// How `operation` pages, when it does.
    #[cfg_attr(not(feature = "cli"), allow(dead_code))]
    pub(crate) fn paging(&self, operation: &str) -> Option<&'static PagedOperation> {
        self.paged.iter().find(|p| p.operation == operation)
    }
}

/// The value at `path` (JSON Pointer steps) of `value`.
#[cfg_attr(not(feature = "cli"), allow(dead_code))]
pub(crate) fn at<'a>(value: &'a serde_json::Value, path: &[&str]) -> Option<&'a serde_json::Value> {
    path.iter().try_fold(value, |here, step| here.get(*step))
}

/// A security scheme of an API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(dead_code)] // which are made depends on the enabled APIs' specs
pub(crate) enum Auth {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// HTTP Basic.
    Basic,
    /// An OAuth2 password grant at `token_url` (absolute, or relative to the API's host).
    PasswordGrant {
        token_url: &'static str,
        scopes: &'static [&'static str],
    },
}

/// A header the client fills with a fresh value (`x-payclients-client-fills`).
#[derive(Debug)]
pub(crate) struct FilledHeader {
    /// Its name, in lower case.
    pub name: &'static str,
    /// A fresh value.
    pub fresh: fn() -> String,
    /// The same value repeated makes a request idempotent (`x-payclients-retry-safe`): requests
    /// that carry it, POSTs included, may be retried.
    pub retry_safe: bool,
}

/// A 2xx answer of an operation that is a decline when the value at `when` equals `equals`.
#[derive(Debug)]
pub(crate) struct Decline {
    pub operation: &'static str,
    pub when: &'static [&'static str],
    /// The value, as JSON text.
    pub equals: &'static str,
    /// Where the decline's reason is.
    pub reason: &'static [&'static str],
}

/// When `body`, a 2xx answer of `operation`, is a decline: its reason (empty when none).
#[cfg_attr(not(feature = "cli"), allow(dead_code))]
pub(crate) fn decline(
    descriptor: &Descriptor,
    operation: &str,
    body: &serde_json::Value,
) -> Option<String> {
    let decline = descriptor
        .declines
        .iter()
        .find(|d| d.operation == operation)?;
    let mut found = Vec::new();
    each(body, decline.when, &mut found);
    let equals: serde_json::Value = serde_json::from_str(decline.equals).ok()?;
    if found.first() != Some(&&equals) {
        return None;
    }
    let mut reasons = Vec::new();
    each(body, decline.reason, &mut reasons);
    Some(reasons.into_iter().find_map(text).unwrap_or_default())
}

/// How an error body is recognised and shown (`x-payclients-error`).
#[derive(Debug)]
pub(crate) struct ErrorShape {
    /// The error body's component schema (the sandbox answers in its shape).
    #[cfg_attr(not(feature = "sandbox"), allow(dead_code))]
    pub schema: &'static str,
    /// A property whose presence (not null) marks a body as the API's error.
    pub marker: Option<&'static str>,
    /// What `Display` shows of it, each group's texts joined by `join`.
    pub summary: &'static [SummaryGroup],
    pub join: &'static str,
    /// Where the id to quote to the vendor's support is (JSON Pointer steps; `*`: each item).
    pub request_id: &'static [&'static str],
}

/// One part of an error's summary: for the body, or for each item of a list in it.
#[derive(Debug)]
pub(crate) struct SummaryGroup {
    /// The list (JSON Pointer steps), or empty for the body itself.
    pub each: &'static [&'static str],
    /// Templates (`{code} ({title})`); the first whose placeholders all have a value is shown.
    pub show: &'static [&'static str],
}

/// Whether `body` holds the marker; an error body is decoded only then.
pub(crate) fn marked(shape: &ErrorShape, body: &serde_json::Value) -> bool {
    match shape.marker {
        Some(marker) => body.get(marker).is_some_and(|v| !v.is_null()),
        None => body.is_object(),
    }
}

/// An error body decoded into its declared type `T`: JSON, or when `jsv` the API's JSV too.
pub(crate) fn decode_error<T: serde::de::DeserializeOwned + serde::Serialize>(
    shape: &ErrorShape,
    body: &[u8],
    jsv: bool,
) -> Option<T> {
    let value: serde_json::Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(_) if jsv => from_jsv::<T>(body)?,
        Err(_) => return None,
    };
    if !marked(shape, &value) {
        return None;
    }
    serde_json::from_value(value).ok()
}

#[cfg(feature = "jsv")]
fn from_jsv<T: serde::de::DeserializeOwned + serde::Serialize>(
    body: &[u8],
) -> Option<serde_json::Value> {
    let typed: T = crate::jsv::from_slice(body).ok()?;
    serde_json::to_value(typed).ok()
}

#[cfg(not(feature = "jsv"))]
#[allow(clippy::extra_unused_type_parameters)]
fn from_jsv<T>(_: &[u8]) -> Option<serde_json::Value> {
    None
}

/// The summary `Display` shows of an error body (codes and titles; details may echo input).
pub(crate) fn summary(shape: &ErrorShape, body: &serde_json::Value) -> String {
    let mut parts = Vec::new();
    for group in shape.summary {
        let mut items = Vec::new();
        each(body, group.each, &mut items);
        for item in items {
            if let Some(text) = group.show.iter().find_map(|t| fill(t, item)) {
                parts.push(text);
            }
        }
    }
    parts.join(shape.join)
}

/// The support id of an error body, if its declared place holds one.
pub(crate) fn request_id(shape: &ErrorShape, body: &serde_json::Value) -> Option<String> {
    if shape.request_id.is_empty() {
        return None;
    }
    let mut found = Vec::new();
    each(body, shape.request_id, &mut found);
    found.into_iter().find_map(text)
}

/// The values at `path` (a `*` step goes into each item of a list).
fn each<'a>(value: &'a serde_json::Value, path: &[&str], out: &mut Vec<&'a serde_json::Value>) {
    let Some((step, rest)) = path.split_first() else {
        out.push(value);
        return;
    };
    if *step == "*" {
        for item in value.as_array().into_iter().flatten() {
            each(item, rest, out);
        }
        return;
    }
    match value.get(*step) {
        // A list at the end of the path is each of its items.
        Some(serde_json::Value::Array(items)) if rest.is_empty() => out.extend(items),
        Some(next) => each(next, rest, out),
        None => {}
    }
}

/// A value as text: a string as it is, a number or boolean as JSON; nothing for null or a
/// container.
fn text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// `template` with each `{pointer}` replaced by the text at that pointer of `item` (steps
/// separated by `/`); `None` when one has no value.
fn fill(template: &str, item: &serde_json::Value) -> Option<String> {
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('}')? + open;
        let mut value = item;
        for step in rest[open + 1..close].split('/') {
            value = value.get(step)?;
        }
        out.push_str(&text(value)?);
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    Some(out)
}

/// A fresh KSUID, for a header declared `x-payclients-client-fills: ksuid`.
#[cfg(feature = "ksuid")]
#[allow(dead_code)] // used by the APIs whose spec fills a header with KSUIDs
pub(crate) fn fresh_ksuid() -> String {
    crate::Ksuid::new().to_string()
}

/// A fresh UUID (version 4), for a header declared `x-payclients-client-fills: uuid`.
#[cfg(feature = "uuid")]
#[allow(dead_code)] // used by the APIs whose spec fills a header with UUIDs
pub(crate) fn fresh_uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const SHAPE: ErrorShape = ErrorShape {
        schema: "ErrorDocument",
        marker: Some("errors"),
        summary: &[SummaryGroup {
            each: &["errors"],
            show: &["{code} ({title})", "{code}", "{title}", "error"],
        }],
        join: ", ",
        request_id: &["errors", "*", "meta", "supportId"],
    };

    #[test]
    fn summaries_take_the_first_template_that_has_every_value() {
        let body = json!({"errors": [
            {"code": "not_found", "title": "Not Found"},
            {"code": 42},
            {"title": "Bad"},
            {"detail": "only a detail"},
        ]});
        assert_eq!(
            summary(&SHAPE, &body),
            "not_found (Not Found), 42, Bad, error"
        );
    }

    #[test]
    fn request_ids_are_found_in_any_item() {
        let body = json!({"errors": [{"meta": {}}, {"meta": {"supportId": "abc"}}]});
        assert_eq!(request_id(&SHAPE, &body).as_deref(), Some("abc"));
        assert_eq!(request_id(&SHAPE, &json!({"errors": []})), None);
    }

    #[test]
    fn a_body_is_the_error_only_with_its_marker() {
        assert!(marked(&SHAPE, &json!({"errors": []})));
        assert!(!marked(&SHAPE, &json!({"errors": null})));
        assert!(!marked(&SHAPE, &json!({"message": "x"})));
        let unmarked = ErrorShape {
            marker: None,
            ..SHAPE
        };
        assert!(marked(&unmarked, &json!({})));
        assert!(!marked(&unmarked, &json!([1])));
    }

    #[test]
    fn templates_with_a_missing_or_unclosed_placeholder_are_skipped() {
        assert_eq!(
            fill("{a}: {b}", &json!({"a": 1, "b": "x"})).as_deref(),
            Some("1: x")
        );
        assert_eq!(fill("{a}: {b}", &json!({"a": 1})), None);
        assert_eq!(fill("{a", &json!({"a": 1})), None);
        assert_eq!(
            fill("{s/c}", &json!({"s": {"c": true}})).as_deref(),
            Some("true")
        );
    }
}
