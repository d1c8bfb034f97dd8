//! A flag's text and a `--body`'s JSON as the typed value a builder takes: the command line's
//! operations are built by the typed builders (the generated `prepare_from_text`), so they
//! send exactly what the typed clients send.

use serde::de::DeserializeOwned;
use serde_json::Value;

/// A parameter's value from its text: as a JSON string first (ids, dates, enum values, and the
/// crate's text types such as GUIDs or status lists), else as JSON (numbers, booleans, lists).
/// The error names the parameter, never the value (it may be a secret).
pub(crate) fn value_from_text<T: DeserializeOwned>(name: &str, text: &str) -> Result<T, String> {
    serde_json::from_value(Value::String(text.to_string()))
        .or_else(|_| serde_json::from_str(text))
        .map_err(|e| {
            format!(
                "`{name}`: not a value of its type ({})",
                crate::error::redact_values(&e.to_string())
            )
        })
}

/// `builder` with the parameter `name` set by `set` when `param` gives its text (the generated
/// `prepare_from_text` does this for each parameter of an operation).
pub(crate) fn set_from_text<B, T: DeserializeOwned>(
    builder: B,
    param: &dyn Fn(&str) -> Option<String>,
    name: &str,
    set: impl FnOnce(B, T) -> B,
) -> Result<B, String> {
    match param(name) {
        Some(text) => Ok(set(builder, value_from_text(name, &text)?)),
        None => Ok(builder),
    }
}

/// The body from its JSON.
pub(crate) fn value_from_json<T: DeserializeOwned>(body: Value) -> Result<T, String> {
    serde_json::from_value(body).map_err(|e| {
        format!(
            "the body does not match the spec: {}",
            crate::error::redact_values(&e.to_string())
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_read_as_a_string_first_then_as_json() {
        assert_eq!(value_from_text::<String>("id", "1337").unwrap(), "1337");
        assert_eq!(value_from_text::<i64>("n", "1337").unwrap(), 1337);
        assert!(value_from_text::<bool>("b", "true").unwrap());
        assert_eq!(value_from_text::<Vec<u8>>("l", "[1,2]").unwrap(), [1, 2]);
        let error = value_from_text::<i64>("page[limit]", "4111111111111111x").unwrap_err();
        assert!(
            error.starts_with("`page[limit]`: not a value of its type"),
            "{error}"
        );
        assert!(!error.contains("4111"), "{error}");
    }
}
