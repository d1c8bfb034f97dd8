//! The committed specs, as tests read them to compare the clients with the spec's examples.
#![allow(dead_code)] // each test uses what it needs

use serde_json::Value;

/// `specs/<api>.yaml` as JSON.
pub fn spec(api: &str) -> Value {
    let path = format!("{}/specs/{api}.yaml", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_yaml_ng::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The value of the response example `name` of an operation (in its first media type).
pub fn response_example(api: &str, path: &str, method: &str, status: &str, name: &str) -> Value {
    let spec = spec(api);
    let content = &spec["paths"][path][method]["responses"][status]["content"];
    let media = content
        .as_object()
        .and_then(|c| c.values().next())
        .unwrap_or_else(|| panic!("{api} {method} {path} {status}: no content"));
    media["examples"][name]["value"].clone()
}

/// The value of the first request example of an operation.
pub fn request_example(api: &str, path: &str, method: &str) -> Value {
    let spec = spec(api);
    let examples = spec["paths"][path][method]["requestBody"]["content"]
        .as_object()
        .and_then(|c| c.values().next())
        .map(|media| media["examples"].clone())
        .unwrap_or_default();
    examples
        .as_object()
        .and_then(|e| e.values().next())
        .map(|example| example["value"].clone())
        .unwrap_or_else(|| panic!("{api} {method} {path}: no request example"))
}
