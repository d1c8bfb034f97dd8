//! `cargo xtask validate`: every check a spec must pass before progenitor sees it. Each finding
//! names the file, a JSON pointer into the spec and a reason; every rule has a small failing
//! spec under `tests/spec-rules/` that proves it fires.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use payclients::openapi::{escape_pointer, resolve, validate};
use serde_json::{Map, Value};

use crate::codegen::{MONEY_WORDS, is_json_media_type, is_method};

/// One problem in a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// A short, stable name of the rule that fired.
    pub rule: &'static str,
    /// JSON pointer into the spec.
    pub pointer: String,
    /// What is wrong, and what to do about it.
    pub reason: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        write!(f, "{at}: {} [{}]", self.reason, self.rule)
    }
}

/// Checks the text of one spec.
pub fn check_text(text: &str) -> Vec<Finding> {
    match serde_yaml_ng::from_str::<Value>(text) {
        Ok(doc) => check(&doc),
        Err(e) => vec![Finding {
            rule: "yaml",
            pointer: String::new(),
            reason: format!("not valid YAML: {e}"),
        }],
    }
}

/// Checks a parsed spec.
pub fn check(doc: &Value) -> Vec<Finding> {
    let mut c = Checks {
        doc,
        findings: Vec::new(),
    };
    c.version();
    c.structure();
    c.servers_and_security();
    c.refs(doc, String::new());
    c.operations();
    c.schemas();
    c.declarations();
    c.findings
        .sort_by(|a, b| a.pointer.cmp(&b.pointer).then(a.rule.cmp(b.rule)));
    c.findings.dedup();
    c.findings
}

struct Checks<'a> {
    doc: &'a Value,
    findings: Vec<Finding>,
}

fn ptr(parts: &[&str]) -> String {
    parts
        .iter()
        .map(|p| format!("/{}", escape_pointer(p)))
        .collect()
}

impl<'a> Checks<'a> {
    fn add(&mut self, rule: &'static str, pointer: String, reason: impl Into<String>) {
        self.findings.push(Finding {
            rule,
            pointer,
            reason: reason.into(),
        });
    }

    /// Follows a `$ref` (once per level) to what it names.
    fn deref(&self, value: &'a Value) -> &'a Value {
        let mut value = value;
        for _ in 0..16 {
            match value
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| resolve(self.doc, r))
            {
                Some(target) => value = target,
                None => break,
            }
        }
        value
    }

    /// The `x-payclients-*` words that generation follows (`codegen::declarations`): an
    /// operation's paging must name what its response holds.
    fn declarations(&mut self) {
        for (rule, reason) in crate::codegen::declarations::checks(self.doc) {
            self.add(rule, String::new(), reason);
        }
    }

    fn version(&mut self) {
        match self.doc.get("openapi").and_then(Value::as_str) {
            Some(v) if v.starts_with("3.0.") => {}
            Some(v) => self.add(
                "openapi-version",
                "/openapi".into(),
                format!("version {v} is not OpenAPI 3.0.x (progenitor reads only 3.0)"),
            ),
            None => self.add(
                "openapi-version",
                "/openapi".into(),
                "no `openapi: 3.0.x` field (Swagger 2 and 3.1 are not supported)",
            ),
        }
    }

    fn structure(&mut self) {
        if let Err(e) = serde_json::from_value::<openapiv3::OpenAPI>(self.doc.clone()) {
            self.add(
                "structure",
                String::new(),
                format!("not a well-formed OpenAPI 3.0 document: {e}"),
            );
        }
    }

    fn servers_and_security(&mut self) {
        let servers = self.doc.get("servers").and_then(Value::as_array);
        if servers.is_none_or(|s| s.is_empty()) {
            self.add(
                "servers",
                "/servers".into(),
                "no servers: list the vendor's hosts",
            );
        }
        let schemes = self
            .doc
            .pointer("/components/securitySchemes")
            .and_then(Value::as_object);
        if schemes.is_none_or(|s| s.is_empty()) {
            self.add(
                "security",
                "/components/securitySchemes".into(),
                "no security scheme: say how the API authenticates",
            );
        }
    }

    fn refs(&mut self, value: &'a Value, at: String) {
        match value {
            Value::Object(map) => {
                if let Some(reference) = map.get("$ref").and_then(Value::as_str)
                    && resolve(self.doc, reference).is_none()
                {
                    self.add(
                        "unresolved-ref",
                        format!("{at}/$ref"),
                        format!("$ref {reference} does not resolve (progenitor panics)"),
                    );
                }
                for (k, v) in map {
                    self.refs(v, format!("{at}/{}", escape_pointer(k)));
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    self.refs(v, format!("{at}/{i}"));
                }
            }
            _ => {}
        }
    }

    fn operations(&mut self) {
        let Some(paths) = self.doc.get("paths").and_then(Value::as_object) else {
            return;
        };
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        for (path, item) in paths {
            let Some(item) = item.as_object() else {
                continue;
            };
            let shared_params = item.get("parameters").and_then(Value::as_array);
            if let Some(params) = shared_params {
                self.parameters(params, &ptr(&["paths", path, "parameters"]));
            }
            for (method, op) in item.iter().filter(|(m, _)| is_method(m)) {
                let at = ptr(&["paths", path, method]);
                match op.get("operationId").and_then(Value::as_str) {
                    None => self.add(
                        "operation-id",
                        at.clone(),
                        "no operationId (progenitor needs one per operation)",
                    ),
                    Some(id) => {
                        if let Some(first) = seen.get(id) {
                            self.add(
                                "operation-id",
                                format!("{at}/operationId"),
                                format!("operationId `{id}` is also used at {first}"),
                            );
                        } else {
                            seen.insert(id.to_string(), at.clone());
                        }
                    }
                }
                if let Some(params) = op.get("parameters").and_then(Value::as_array) {
                    self.parameters(params, &format!("{at}/parameters"));
                }
                if let Some(body) = op.get("requestBody") {
                    self.request_body(self.deref(body), &format!("{at}/requestBody"));
                }
                if let Some(responses) = op.get("responses").and_then(Value::as_object) {
                    self.responses(responses, &format!("{at}/responses"));
                }
            }
        }
    }

    fn parameters(&mut self, params: &'a [Value], at: &str) {
        for (i, param) in params.iter().enumerate() {
            let here = format!("{at}/{i}");
            let param = self.deref(param);
            let location = param.get("in").and_then(Value::as_str).unwrap_or("");
            if location == "cookie" {
                self.add(
                    "parameter",
                    here.clone(),
                    "cookie parameters are not supported by progenitor",
                );
            }
            if param.get("style").and_then(Value::as_str) == Some("deepObject") {
                self.add(
                    "parameter",
                    here.clone(),
                    "style: deepObject is rejected by progenitor; use an exploded form object",
                );
            }
            if param.get("content").is_some() {
                self.add(
                    "parameter",
                    here.clone(),
                    "parameters with `content` are not supported by progenitor; use `schema`",
                );
            }
            if let Some(schema) = param.get("schema") {
                self.inline_enums(schema, &format!("{here}/schema"));
                for (name, example) in examples(self.doc, param) {
                    self.example(schema, example, &format!("{here}/{name}"));
                }
            }
        }
    }

    fn request_body(&mut self, body: &'a Value, at: &str) {
        let Some(content) = body.get("content").and_then(Value::as_object) else {
            return;
        };
        let supported = |t: &str| {
            is_json_media_type(t)
                || matches!(
                    t,
                    "application/x-www-form-urlencoded"
                        | "application/octet-stream"
                        | "text/plain"
                        | "text/x-markdown"
                )
        };
        let typed: Vec<&String> = content.keys().filter(|t| is_json_media_type(t)).collect();
        if typed.is_empty() && content.len() > 1 {
            self.add(
                "media-type",
                format!("{at}/content"),
                "several media types on one body make progenitor panic",
            );
        }
        for (media_type, media) in content {
            let here = format!("{at}/content/{}", escape_pointer(media_type));
            if !supported(media_type) && typed.is_empty() {
                self.add(
                    "media-type",
                    here.clone(),
                    format!("progenitor cannot send {media_type}"),
                );
            }
            self.media(media, &here);
        }
    }

    fn responses(&mut self, responses: &'a Map<String, Value>, at: &str) {
        let mut success: BTreeSet<String> = BTreeSet::new();
        let mut error: BTreeSet<String> = BTreeSet::new();
        let (mut inline_success, mut inline_error) = (false, false);
        for (status, response) in responses {
            let here = format!("{at}/{}", escape_pointer(status));
            let response = self.deref(response);
            let Some(content) = response.get("content").and_then(Value::as_object) else {
                continue;
            };
            for (media_type, media) in content {
                let media_at = format!("{here}/content/{}", escape_pointer(media_type));
                if !is_json_media_type(media_type) {
                    self.media(media, &media_at);
                    continue;
                }
                let Some(schema) = media.get("schema") else {
                    self.add(
                        "response-schema",
                        media_at,
                        "a JSON response with no schema (progenitor panics)",
                    );
                    continue;
                };
                let is_success = status.starts_with('2');
                let inline = schema.get("$ref").is_none();
                let key = schema.to_string();
                if is_success {
                    success.insert(key);
                    inline_success |= inline;
                } else {
                    error.insert(key);
                    inline_error |= inline;
                }
                self.media(media, &media_at);
            }
        }
        if success.len() > 1 {
            self.add(
                "response-schema",
                at.to_string(),
                "several success schemas (progenitor panics); use one",
            )
        }
        if error.len() > 1 {
            self.add(
                "response-schema",
                at.to_string(),
                "several error schemas (progenitor panics); use one",
            )
        }
        if inline_success && inline_error {
            self.add("response-schema", at.to_string(), "inline success and error schemas are merged into one type by progenitor; use named $refs");
        }
    }

    fn media(&mut self, media: &'a Value, at: &str) {
        let Some(schema) = media.get("schema") else {
            return;
        };
        self.inline_enums(schema, &format!("{at}/schema"));
        for (name, example) in examples(self.doc, media) {
            self.example(schema, example, &format!("{at}/{name}"));
        }
    }

    fn example(&mut self, schema: &Value, example: &Value, at: &str) {
        for finding in validate(self.doc, schema, example) {
            self.add(
                "example",
                at.to_string(),
                format!("the example does not match its schema: {finding}"),
            );
        }
    }

    /// String enums must be named components: build.rs opens only those.
    fn inline_enums(&mut self, schema: &'a Value, at: &str) {
        self.inline_enums_from(schema, at, None);
    }

    fn inline_enums_below(&mut self, schema: &'a Value, at: &str) {
        self.inline_enums_from(schema, at, Some(at));
    }

    fn inline_enums_from(&mut self, schema: &'a Value, at: &str, skip: Option<&str>) {
        walk_schemas(schema, at, &mut |s, here| {
            if Some(here) != skip
                && s.get("enum").is_some()
                && s.get("type").and_then(Value::as_str) == Some("string")
            {
                self.add("inline-enum", here.to_string(), "an inline string enum; make it a named component so that unknown values decode");
            }
        });
    }

    fn schemas(&mut self) {
        let Some(schemas) = self
            .doc
            .pointer("/components/schemas")
            .and_then(Value::as_object)
        else {
            return;
        };
        for (name, schema) in schemas {
            let at = ptr(&["components", "schemas", name]);
            // The component itself may be an enum (build.rs opens it); its nested schemas may not.
            self.inline_enums_below(schema, &at);
            walk_schemas(schema, &at, &mut |s, here| {
                // OpenAPI 3.0.3: `nullable` adds null to the `type` of the same schema only;
                // beside `allOf`, `oneOf` or a `$ref` standard validators ignore it.
                if s.get("nullable").and_then(Value::as_bool) == Some(true)
                    && s.get("type").is_none()
                {
                    self.add(
                        "nullable",
                        format!("{here}/nullable"),
                        "`nullable` without a `type` in the same schema has no effect in OpenAPI 3.0.3; make a nullable named component with its type",
                    );
                }
                if let Some(example) = s.get("example") {
                    for f in validate(self.doc, s, example) {
                        self.findings.push(Finding {
                            rule: "example",
                            pointer: format!("{here}/example"),
                            reason: format!("the example does not match its schema: {f}"),
                        });
                    }
                }
                for (prop, prop_schema) in s
                    .get("properties")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                {
                    if let Some(reason) = money_problem(prop, prop_schema) {
                        self.findings.push(Finding {
                            rule: "money",
                            pointer: format!("{here}/properties/{}", escape_pointer(prop)),
                            reason,
                        });
                    }
                }
            });
        }
    }
}

/// A property whose name looks like money must be an exact decimal or an integer.
fn money_problem(name: &str, schema: &Value) -> Option<String> {
    let lower = name.to_ascii_lowercase();
    if !MONEY_WORDS.iter().any(|w| lower.contains(w))
        || schema.get("type").and_then(Value::as_str) != Some("number")
    {
        return None;
    }
    match schema.get("format").and_then(Value::as_str) {
        Some("decimal") => {
            let extra: Vec<&String> = schema
                .as_object()?
                .keys()
                .filter(|k| {
                    !matches!(
                        k.as_str(),
                        "type"
                            | "format"
                            | "nullable"
                            | "description"
                            | "title"
                            | "example"
                            | "readOnly"
                            | "writeOnly"
                            | "deprecated"
                    )
                })
                .collect();
            (!extra.is_empty()).then(|| format!("`{name}`: {extra:?} next to `format: decimal` defeats the decimal conversion (it would become f64)"))
        }
        other => Some(format!(
            "`{name}` looks like money but is a {} number; use `type: number, format: decimal` (or an integer for cents)",
            other.unwrap_or("plain")
        )),
    }
}

/// The `example` and `examples.*.value` of a media type or parameter, `$ref`s resolved.
fn examples<'a>(doc: &'a Value, holder: &'a Value) -> Vec<(String, &'a Value)> {
    let mut out = Vec::new();
    if let Some(example) = holder.get("example") {
        out.push(("example".to_string(), example));
    }
    for (name, example) in holder
        .get("examples")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let example = match example.get("$ref").and_then(Value::as_str) {
            Some(r) => resolve(doc, r).unwrap_or(example),
            None => example,
        };
        if let Some(value) = example.get("value") {
            out.push((format!("examples/{}/value", escape_pointer(name)), value));
        }
    }
    out
}

/// Calls `f` on a schema and every schema nested in it (not following `$ref`s).
fn walk_schemas<'a>(schema: &'a Value, at: &str, f: &mut dyn FnMut(&'a Value, &str)) {
    let Some(map) = schema.as_object() else {
        return;
    };
    f(schema, at);
    for (key, sub) in map {
        let here = format!("{at}/{}", escape_pointer(key));
        match key.as_str() {
            "properties" => {
                for (name, s) in sub.as_object().into_iter().flatten() {
                    walk_schemas(s, &format!("{here}/{}", escape_pointer(name)), f);
                }
            }
            "items" | "additionalProperties" | "not" => walk_schemas(sub, &here, f),
            "allOf" | "oneOf" | "anyOf" => {
                for (i, s) in sub.as_array().into_iter().flatten().enumerate() {
                    walk_schemas(s, &format!("{here}/{i}"), f);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn root() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .unwrap()
            .to_path_buf()
    }

    /// Each file `tests/spec-rules/<rule>.yaml` must fire its rule (and the real specs none).
    #[test]
    fn every_rule_fires_on_its_failing_spec() {
        let dir = root().join("tests/spec-rules");
        let mut rules_seen = BTreeSet::new();
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let stem = path.file_stem().unwrap().to_str().unwrap().to_string();
            let rule = stem.split("--").next().unwrap().to_string();
            let findings = check_text(&std::fs::read_to_string(&path).unwrap());
            assert!(
                findings.iter().any(|f| f.rule == rule),
                "{} should fire `{rule}`, found: {findings:#?}",
                path.display()
            );
            rules_seen.insert(rule);
        }
        let all = [
            "openapi-version",
            "structure",
            "servers",
            "security",
            "unresolved-ref",
            "operation-id",
            "parameter",
            "media-type",
            "response-schema",
            "example",
            "inline-enum",
            "money",
            "nullable",
            "paging",
            "api-name",
            "error-body",
            "client-fills",
            "decline",
            "constructors",
        ];
        for rule in all {
            assert!(
                rules_seen.contains(rule),
                "no failing spec for rule `{rule}`"
            );
        }
    }

    #[test]
    fn findings_name_the_place() {
        let findings = check_text(
            &std::fs::read_to_string(root().join("tests/spec-rules/example.yaml")).unwrap(),
        );
        let texts: Vec<String> = findings.iter().map(ToString::to_string).collect();
        assert!(
            texts.contains(&"/paths/~1things/get/responses/200/content/application~1json/examples/bad/value: the example does not match its schema: /count: expected integer, found the string \"three\" [example]".to_string()),
            "{texts:#?}"
        );
    }

    #[test]
    fn the_crate_specs_pass() {
        for (_, path) in crate::codegen::specs(&root().join("specs")) {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let findings = check_text(&text);
            assert!(findings.is_empty(), "{}: {findings:#?}", path.display());
        }
    }
}
