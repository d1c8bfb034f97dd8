//! What a spec declares beyond what progenitor reads, turned into Rust beside the generated
//! client (included by `codegen.rs`, so by `build.rs` and `cargo xtask generate` alike):
//!
//! - `paging.rs`: `x-payclients-paging` → `stream()` on a list operation's builder, over the
//!   shared `crate::pagination::declared` runtime, and the paging statics;
//! - `api.rs`: the API's descriptor (media type, filled header, declines, error body shape),
//!   its error decoding, client hooks and constructors from the security schemes;
//! - `dispatch.rs`: the CLI's text-to-builder dispatch (`prepare_from_text`);
//! - `registry.rs`: across the enabled APIs, the modules, the `Api`/`ApiError` enums and the
//!   CLI's `AnyClient`.
//!
//! Each function reads the spec as JSON (`$ref`s resolved here) and answers a one-line error
//! for a declaration it cannot follow; `cargo xtask validate` checks the same words with a
//! failing fixture per rule (see specs/README.md for the words).

use proc_macro2::TokenStream;
use quote::format_ident;
use serde_json::Value;

mod api;
mod dispatch;
mod paging;
mod registry;

pub use api::*;
pub use dispatch::*;
pub use paging::*;
#[allow(unused_imports)] // build.rs uses the registry, xtask does not
pub use registry::*;

/// `/a/b` → `["a", "b"]` (JSON Pointer, `~1` and `~0` unescaped).
fn parse_pointer(word: &str, pointer: &str) -> Result<Vec<String>, String> {
    let rest = pointer
        .strip_prefix('/')
        .ok_or_else(|| format!("`{word}` must be a JSON pointer (`/data`), not `{pointer}`"))?;
    Ok(rest
        .split('/')
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect())
}

fn join(path: &[String]) -> String {
    format!("/{}", path.join("/"))
}

/// The schema a `$ref` names (components only), or the value itself.
pub fn resolve<'a>(doc: &'a Value, value: &'a Value) -> &'a Value {
    let mut value = value;
    for _ in 0..16 {
        match value.get("$ref").and_then(Value::as_str) {
            Some(r) => match r.strip_prefix('#').and_then(|p| doc.pointer(p)) {
                Some(target) => value = target,
                None => return value,
            },
            None => return value,
        }
    }
    value
}

/// The JSON schema of the operation's first 2xx response.
fn success_schema<'a>(doc: &'a Value, operation: &'a Value) -> Result<&'a Value, String> {
    let responses = operation
        .get("responses")
        .and_then(Value::as_object)
        .ok_or("no responses")?;
    let (_, response) = responses
        .iter()
        .find(|(status, _)| status.starts_with('2'))
        .ok_or("no 2xx response")?;
    let content = resolve(doc, response)
        .get("content")
        .and_then(Value::as_object)
        .ok_or("its 2xx response has no content")?;
    content
        .iter()
        .find(|(media, _)| media.contains("json"))
        .and_then(|(_, c)| c.get("schema"))
        .ok_or_else(|| "its 2xx response has no JSON schema".to_string())
}

/// The schema at `path` below `schema` (through `$ref`s and `allOf`).
fn walk<'a>(doc: &'a Value, schema: &'a Value, path: &[String]) -> Result<&'a Value, String> {
    let mut here = schema;
    for segment in path {
        here = property(doc, here, segment)
            .ok_or_else(|| format!("the response has no {}", join(path)))?;
    }
    Ok(here)
}

fn property<'a>(doc: &'a Value, schema: &'a Value, name: &str) -> Option<&'a Value> {
    let schema = resolve(doc, schema);
    if let Some(found) = schema.get("properties").and_then(|p| p.get(name)) {
        return Some(found);
    }
    schema
        .get("allOf")
        .and_then(Value::as_array)?
        .iter()
        .find_map(|part| property(doc, part, name))
}

/// Whether `name` is a required property of `schema` (or of one of its `allOf` parts).
fn required(doc: &Value, schema: &Value, name: &str) -> bool {
    let schema = resolve(doc, schema);
    schema
        .get("required")
        .and_then(Value::as_array)
        .is_some_and(|r| r.iter().any(|n| n == name))
        || schema
            .get("allOf")
            .and_then(Value::as_array)
            .is_some_and(|parts| parts.iter().any(|part| required(doc, part, name)))
}

/// The Rust type of a named component schema: `types::Name`, or its `x-payclients-type`.
fn component_type(api: &str, doc: &Value, schema: &Value) -> Result<TokenStream, String> {
    let reference = schema
        .get("$ref")
        .and_then(Value::as_str)
        .ok_or("the items must be a named component (`$ref`)")?;
    let name = reference
        .strip_prefix("#/components/schemas/")
        .ok_or_else(|| format!("`{reference}` is not a component schema"))?;
    let replaced = resolve(doc, schema)
        .get(super::REPLACE_EXTENSION)
        .and_then(Value::as_str);
    let path = match replaced {
        Some(path) if path.starts_with("crate::") => path.to_string(),
        Some(path) => format!("crate::{api}::{path}"),
        None => format!("types::{name}"),
    };
    path.parse()
        .map_err(|_| format!("`{path}` is not a Rust path"))
}

/// A JSON property name as typify names its field (`totalCount` → `total_count`).
pub fn field_name(property: &str) -> String {
    let mut out = String::new();
    let mut previous_lower = false;
    for c in property.chars() {
        if c.is_ascii_uppercase() {
            if previous_lower {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            previous_lower = false;
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
            previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        } else {
            if !out.ends_with('_') {
                out.push('_');
            }
            previous_lower = false;
        }
    }
    match out.as_str() {
        "type" | "ref" | "self" | "match" | "struct" | "enum" | "impl" | "mod" | "use" => {
            format!("{out}_")
        }
        _ => out,
    }
}

/// A builder's type name: `list_received_payments` → `ListReceivedPayments`.
fn builder_name(operation_id: &str) -> syn::Ident {
    let mut out = String::new();
    for part in operation_id.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    format_ident!("{}", out)
}

/// An operation's parameters and its path item's, `$ref`s resolved.
fn parameters<'a>(doc: &'a Value, item: &'a Value, operation: &'a Value) -> Vec<&'a Value> {
    [item, operation]
        .into_iter()
        .filter_map(|v| v.get("parameters").and_then(Value::as_array))
        .flatten()
        .map(|parameter| resolve(doc, parameter))
        .collect()
}

/// Every operation of the spec with its path item.
fn operations(doc: &Value) -> Vec<(&Value, &Value)> {
    let mut out = Vec::new();
    for item in doc
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|paths| paths.values())
    {
        for (method, operation) in item.as_object().into_iter().flatten() {
            if super::is_method(method) {
                out.push((item, operation));
            }
        }
    }
    out
}

fn pointer_steps(word: &str, value: Option<&Value>) -> Result<Vec<String>, String> {
    match value.and_then(Value::as_str) {
        None => Ok(Vec::new()),
        Some(p) => parse_pointer(word, p),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_follow_typify() {
        assert_eq!(field_name("totalCount"), "total_count");
        assert_eq!(field_name("identity"), "identity");
        assert_eq!(field_name("id"), "id");
        assert_eq!(field_name("type"), "type_");
        assert_eq!(field_name("page[limit]"), "page_limit_");
    }

    #[test]
    fn builder_names() {
        assert_eq!(
            builder_name("list_received_payments"),
            "ListReceivedPayments"
        );
    }
}
