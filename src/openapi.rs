//! Validation of JSON values against OpenAPI 3.0 schemas (the spec's own dialect, `nullable`
//! included), used by `cargo xtask validate` to check every example of a spec.
//!
//! The schema and the value are plain [`serde_json::Value`]s; `$ref`s are resolved against the
//! whole spec document. Every mismatch is reported with the JSON pointer of the offending part
//! of the value.
//!
//! ```
//! use payclients::openapi::validate;
//! use serde_json::json;
//!
//! let spec = json!({"components": {"schemas": {"Cents": {"type": "integer", "minimum": 1}}}});
//! let schema = json!({"$ref": "#/components/schemas/Cents"});
//! assert!(validate(&spec, &schema, &json!(250)).is_empty());
//! let findings = validate(&spec, &schema, &json!(0));
//! assert_eq!(findings[0].to_string(), "0 is less than the minimum 1");
//! ```

use std::fmt;

use serde_json::{Map, Value};

/// One way in which a value does not match its schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// JSON pointer into the value (`/data/0/id`); empty for the value itself.
    pub pointer: String,
    /// What is wrong.
    pub message: String,
}

/// `pointer: message`, or the message alone for the value itself.
impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.pointer.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.pointer, self.message)
        }
    }
}

/// Checks `value` against `schema`, resolving `$ref`s in `spec`. Empty when it matches.
pub fn validate(spec: &Value, schema: &Value, value: &Value) -> Vec<Finding> {
    let mut checker = Checker {
        spec,
        findings: Vec::new(),
        depth: 0,
    };
    checker.check(schema, value, "");
    checker.findings
}

/// Resolves a local `$ref` (`#/components/schemas/X`) in `spec`.
pub fn resolve<'a>(spec: &'a Value, reference: &str) -> Option<&'a Value> {
    let pointer = reference.strip_prefix('#')?;
    spec.pointer(pointer)
}

/// Escapes a key for use in a JSON pointer.
pub fn escape_pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

struct Checker<'a> {
    spec: &'a Value,
    findings: Vec<Finding>,
    depth: usize,
}

/// `$ref` chains deeper than this are reported rather than followed (a cycle).
const MAX_DEPTH: usize = 64;

impl<'a> Checker<'a> {
    fn fail(&mut self, pointer: &str, message: String) {
        self.findings.push(Finding {
            pointer: pointer.to_string(),
            message,
        });
    }

    fn check(&mut self, schema: &'a Value, value: &Value, at: &str) {
        let Some(schema) = schema.as_object() else {
            // `true`/`{}`-like schemas accept everything.
            return;
        };
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            if self.depth >= MAX_DEPTH {
                return self.fail(at, format!("$ref {reference} nests too deeply"));
            }
            let Some(target) = resolve(self.spec, reference) else {
                return self.fail(at, format!("$ref {reference} does not resolve"));
            };
            self.depth += 1;
            self.check(target, value, at);
            self.depth -= 1;
            return;
        }
        if value.is_null() {
            // OpenAPI 3.0.3: `nullable: true` admits null only beside a `type` in the same
            // schema; around an `allOf` or a `$ref` it has no effect, as standard validators
            // read it (`xtask validate` refuses it there).
            if schema.get("nullable").and_then(Value::as_bool) == Some(true)
                && schema.contains_key("type")
            {
                return;
            }
            if schema.contains_key("type") {
                self.fail(
                    at,
                    "null is not allowed (the schema is not nullable)".to_string(),
                );
            } else {
                self.composites(schema, value, at);
            }
            return;
        }
        if let Some(kind) = schema.get("type").and_then(Value::as_str)
            && !type_matches(kind, value)
        {
            return self.fail(at, format!("expected {kind}, found {}", describe(value)));
        }
        if let Some(options) = schema.get("enum").and_then(Value::as_array)
            && !options.contains(value)
        {
            self.fail(
                at,
                format!("{} is not one of the enum values", short(value)),
            );
        }
        match value {
            Value::String(s) => self.string(schema, s, at),
            Value::Number(_) => self.number(schema, value, at),
            Value::Array(items) => self.array(schema, items, at),
            Value::Object(map) => self.object(schema, map, at),
            _ => {}
        }
        self.composites(schema, value, at);
    }

    fn composites(&mut self, schema: &'a Map<String, Value>, value: &Value, at: &str) {
        if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
            for sub in all {
                self.check(sub, value, at);
            }
        }
        for (key, want_exactly_one) in [("oneOf", true), ("anyOf", false)] {
            let Some(options) = schema.get(key).and_then(Value::as_array) else {
                continue;
            };
            let outcomes: Vec<Vec<Finding>> = options
                .iter()
                .map(|sub| self.findings_of(sub, value))
                .collect();
            let matching = outcomes.iter().filter(|f| f.is_empty()).count();
            if matching == 0 {
                // The branch with the fewest findings is most likely the one meant.
                let closest = outcomes
                    .iter()
                    .enumerate()
                    .min_by_key(|(_, findings)| findings.len())
                    .and_then(|(index, findings)| Some((index, findings.first()?)));
                let message = match closest {
                    Some((index, finding)) => {
                        let name = options[index]
                            .get("$ref")
                            .and_then(Value::as_str)
                            .and_then(|r| r.rsplit('/').next())
                            .map(|name| format!(" ({name})"))
                            .unwrap_or_default();
                        format!(
                            "matches none of the {key} schemas; the closest, #{}{name}, fails: {finding}",
                            index + 1
                        )
                    }
                    None => format!("matches none of the {key} schemas"),
                };
                self.fail(at, message);
            } else if want_exactly_one && matching > 1 {
                self.fail(
                    at,
                    format!("matches {matching} of the oneOf schemas, not exactly one"),
                );
            }
        }
        if let Some(not) = schema.get("not")
            && self.matches(not, value)
        {
            self.fail(at, "matches the schema under `not`".to_string());
        }
    }

    fn matches(&mut self, schema: &'a Value, value: &Value) -> bool {
        self.findings_of(schema, value).is_empty()
    }

    /// What `value` gets wrong against `schema` (pointers relative to `value`).
    fn findings_of(&mut self, schema: &'a Value, value: &Value) -> Vec<Finding> {
        let mut sub = Checker {
            spec: self.spec,
            findings: Vec::new(),
            depth: self.depth,
        };
        sub.check(schema, value, "");
        sub.findings
    }

    fn string(&mut self, schema: &Map<String, Value>, s: &str, at: &str) {
        let len = s.chars().count() as u64;
        if let Some(min) = schema.get("minLength").and_then(Value::as_u64)
            && len < min
        {
            self.fail(at, format!("shorter than minLength {min}"));
        }
        if let Some(max) = schema.get("maxLength").and_then(Value::as_u64)
            && len > max
        {
            self.fail(at, format!("longer than maxLength {max}"));
        }
        if let Some(pattern) = schema.get("pattern").and_then(Value::as_str) {
            match regress::Regex::new(pattern) {
                Ok(re) if re.find(s).is_none() => self.fail(
                    at,
                    format!("{} does not match the pattern {pattern}", short_str(s)),
                ),
                Ok(_) => {}
                Err(e) => self.fail(
                    at,
                    format!("the pattern {pattern} is not a valid regex: {e}"),
                ),
            }
        }
        if let Some(format) = schema.get("format").and_then(Value::as_str)
            && let Some(problem) = check_format(format, s)
        {
            self.fail(
                at,
                format!("{} is not a valid {format}: {problem}", short_str(s)),
            );
        }
    }

    fn number(&mut self, schema: &Map<String, Value>, value: &Value, at: &str) {
        let Some(n) = value.as_f64() else { return };
        let exclusive = |key| schema.get(key).and_then(Value::as_bool) == Some(true);
        if let Some(min) = schema.get("minimum").and_then(Value::as_f64) {
            if exclusive("exclusiveMinimum") && n <= min {
                self.fail(
                    at,
                    format!("{value} is not greater than the exclusive minimum {min}"),
                );
            } else if n < min {
                self.fail(at, format!("{value} is less than the minimum {min}"));
            }
        }
        if let Some(max) = schema.get("maximum").and_then(Value::as_f64) {
            if exclusive("exclusiveMaximum") && n >= max {
                self.fail(
                    at,
                    format!("{value} is not less than the exclusive maximum {max}"),
                );
            } else if n > max {
                self.fail(at, format!("{value} is more than the maximum {max}"));
            }
        }
        if let Some(step) = schema.get("multipleOf").and_then(Value::as_f64)
            && step > 0.0
            && ((n / step) - (n / step).round()).abs() > 1e-9
        {
            self.fail(at, format!("{value} is not a multiple of {step}"));
        }
        let format = schema.get("format").and_then(Value::as_str);
        let range = match format {
            Some("int32") => Some((i32::MIN as i64, i32::MAX as i64)),
            _ => None,
        };
        if let (Some((lo, hi)), Some(i)) = (range, value.as_i64())
            && (i < lo || i > hi)
        {
            self.fail(at, format!("{value} does not fit in int32"));
        }
    }

    fn array(&mut self, schema: &'a Map<String, Value>, items: &[Value], at: &str) {
        let len = items.len() as u64;
        if let Some(min) = schema.get("minItems").and_then(Value::as_u64)
            && len < min
        {
            self.fail(at, format!("has {len} items, fewer than minItems {min}"));
        }
        if let Some(max) = schema.get("maxItems").and_then(Value::as_u64)
            && len > max
        {
            self.fail(at, format!("has {len} items, more than maxItems {max}"));
        }
        if schema.get("uniqueItems").and_then(Value::as_bool) == Some(true) {
            for (i, item) in items.iter().enumerate() {
                if items[..i].contains(item) {
                    self.fail(
                        &format!("{at}/{i}"),
                        "repeats an earlier item (uniqueItems)".into(),
                    );
                }
            }
        }
        if let Some(item_schema) = schema.get("items") {
            for (i, item) in items.iter().enumerate() {
                self.check(item_schema, item, &format!("{at}/{i}"));
            }
        }
    }

    fn object(&mut self, schema: &'a Map<String, Value>, map: &Map<String, Value>, at: &str) {
        let properties = schema.get("properties").and_then(Value::as_object);
        if let Some(required) = schema.get("required").and_then(Value::as_array) {
            for name in required.iter().filter_map(Value::as_str) {
                if !map.contains_key(name) {
                    self.fail(at, format!("the required property `{name}` is missing"));
                }
            }
        }
        let count = map.len() as u64;
        if let Some(min) = schema.get("minProperties").and_then(Value::as_u64)
            && count < min
        {
            self.fail(
                at,
                format!("has {count} properties, fewer than minProperties {min}"),
            );
        }
        if let Some(max) = schema.get("maxProperties").and_then(Value::as_u64)
            && count > max
        {
            self.fail(
                at,
                format!("has {count} properties, more than maxProperties {max}"),
            );
        }
        let additional = schema.get("additionalProperties");
        for (key, item) in map {
            let here = format!("{at}/{}", escape_pointer(key));
            if let Some(property) = properties.and_then(|p| p.get(key)) {
                self.check(property, item, &here);
            } else {
                match additional {
                    Some(Value::Bool(false)) => {
                        self.fail(&here, format!("`{key}` is not a property of this schema"))
                    }
                    Some(extra @ Value::Object(_)) => self.check(extra, item, &here),
                    _ => {}
                }
            }
        }
    }
}

fn type_matches(kind: &str, value: &Value) -> bool {
    match kind {
        "string" => value.is_string(),
        "number" => value.is_number(),
        "integer" => value.is_i64() || value.is_u64(),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => true,
    }
}

fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(_) => "a boolean".into(),
        Value::Number(n) if n.is_f64() => format!("the number {n}"),
        Value::Number(n) => format!("the integer {n}"),
        Value::String(s) => format!("the string {}", short_str(s)),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

fn short(value: &Value) -> String {
    match value {
        Value::String(s) => short_str(s),
        other => {
            let text = other.to_string();
            if text.chars().count() > 40 {
                format!("{}…", text.chars().take(40).collect::<String>())
            } else {
                text
            }
        }
    }
}

fn short_str(s: &str) -> String {
    if s.chars().count() > 40 {
        format!("\"{}…\"", s.chars().take(40).collect::<String>())
    } else {
        format!("\"{s}\"")
    }
}

/// The formats whose text can be checked; unknown formats (`decimal`, `password`…) pass.
fn check_format(format: &str, s: &str) -> Option<String> {
    match format {
        "date" => chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .err()
            .map(|e| e.to_string())
            .or_else(|| (s.len() != 10).then(|| "expected YYYY-MM-DD".to_string())),
        "date-time" => chrono::DateTime::parse_from_rfc3339(s)
            .err()
            .map(|e| e.to_string()),
        "uuid" => {
            let hex: String = s.chars().filter(|c| *c != '-').collect();
            let dashes_ok = s.len() == 32
                || (s.len() == 36 && [8, 13, 18, 23].iter().all(|&i| &s[i..i + 1] == "-"));
            (!(hex.len() == 32 && hex.chars().all(|c| c.is_ascii_hexdigit()) && dashes_ok))
                .then(|| "expected 32 hex digits, optionally with dashes".to_string())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn messages(schema: Value, value: Value) -> Vec<String> {
        let spec = json!({"components": {"schemas": {
            "Status": {"type": "string", "enum": ["Pending", "Done"]},
            "Node": {"type": "object", "properties": {"next": {"$ref": "#/components/schemas/Node"}}}
        }}});
        validate(&spec, &schema, &value)
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn table() {
        let cases: Vec<(Value, Value, Vec<&str>)> = vec![
            (json!({"type": "integer"}), json!(1), vec![]),
            (
                json!({"type": "integer"}),
                json!(1.5),
                vec!["expected integer, found the number 1.5"],
            ),
            (
                json!({"type": "string"}),
                json!(null),
                vec!["null is not allowed (the schema is not nullable)"],
            ),
            // Beside allOf, `nullable` has no effect (OpenAPI 3.0.3, as standard validators).
            (
                json!({"nullable": true, "allOf": [{"$ref": "#/components/schemas/Status"}]}),
                json!(null),
                vec!["null is not allowed (the schema is not nullable)"],
            ),
            (
                json!({"allOf": [{"$ref": "#/components/schemas/Status"}]}),
                json!(null),
                vec!["null is not allowed (the schema is not nullable)"],
            ),
            (
                json!({"type": "string", "nullable": true}),
                json!(null),
                vec![],
            ),
            (
                json!({"$ref": "#/components/schemas/Status"}),
                json!("Gone"),
                vec!["\"Gone\" is not one of the enum values"],
            ),
            (
                json!({"$ref": "#/components/schemas/Missing"}),
                json!(1),
                vec!["$ref #/components/schemas/Missing does not resolve"],
            ),
            (
                json!({"type": "object", "required": ["a"], "properties": {"b": {"type": "string", "maxLength": 2}}, "additionalProperties": false}),
                json!({"b": "long", "c": 1}),
                vec![
                    "the required property `a` is missing",
                    "/b: longer than maxLength 2",
                    "/c: `c` is not a property of this schema",
                ],
            ),
            (
                json!({"type": "array", "items": {"type": "string", "format": "date"}}),
                json!(["2020-07-30", "2020-7-30"]),
                vec!["/1: \"2020-7-30\" is not a valid date: expected YYYY-MM-DD"],
            ),
            (
                // The closest branch (fewest findings) is named, with why it fails.
                json!({"oneOf": [
                    {"type": "object", "required": ["a", "b"], "properties": {"a": {"type": "string"}, "b": {"type": "string"}}},
                    {"type": "object", "required": ["c"], "properties": {"c": {"type": "integer"}}}
                ]}),
                json!({"c": "x"}),
                vec![
                    "matches none of the oneOf schemas; the closest, #2, fails: /c: expected integer, found the string \"x\"",
                ],
            ),
            (
                json!({"type": "string", "pattern": "^[1-9]\\d*$"}),
                json!("0123"),
                vec!["\"0123\" does not match the pattern ^[1-9]\\d*$"],
            ),
            (
                json!({"type": "integer", "format": "int32"}),
                json!(3_000_000_000u64),
                vec!["3000000000 does not fit in int32"],
            ),
            (
                json!({"type": "number", "minimum": 0, "exclusiveMinimum": true}),
                json!(0),
                vec!["0 is not greater than the exclusive minimum 0"],
            ),
            (
                json!({"oneOf": [{"type": "string"}, {"type": "integer"}]}),
                json!(true),
                vec![
                    "matches none of the oneOf schemas; the closest, #1, fails: expected string, found a boolean",
                ],
            ),
            (
                json!({"type": "object", "additionalProperties": {"type": "string", "minLength": 1}}),
                json!({"k": ""}),
                vec!["/k: shorter than minLength 1"],
            ),
            (
                json!({"type": "string", "format": "date-time"}),
                json!("2022-02-01T12:03:14.406Z"),
                vec![],
            ),
            (
                json!({"type": "string", "format": "uuid"}),
                json!("23033b64-38f8-4dbc-91a1-313ff0156d02"),
                vec![],
            ),
            (
                json!({"$ref": "#/components/schemas/Node"}),
                json!({"next": {"next": {"next": 3}}}),
                vec!["/next/next/next: expected object, found the integer 3"],
            ),
            (
                json!({"type": "object", "properties": {"a/b": {"type": "string"}}}),
                json!({"a/b": 1}),
                vec!["/a~1b: expected string, found the integer 1"],
            ),
        ];
        for (schema, value, expected) in cases {
            assert_eq!(
                messages(schema.clone(), value.clone()),
                expected,
                "schema {schema} value {value}"
            );
        }
    }

    #[test]
    fn self_referencing_refs_stop() {
        let spec =
            json!({"components": {"schemas": {"Loop": {"$ref": "#/components/schemas/Loop"}}}});
        let findings = validate(
            &spec,
            &json!({"$ref": "#/components/schemas/Loop"}),
            &json!(1),
        );
        assert_eq!(findings.len(), 1);
        assert!(findings[0].message.contains("nests too deeply"));
    }
}
