//! The sandbox's routes, read from the embedded specs: matching a request to its operation,
//! checking it against the spec, and choosing the example to answer with.

use bytes::Bytes;
use http::request::Parts;
use http_body_util::Full;
use serde_json::{Value, json};
use serde_yaml_ng as yaml;

use crate::error::Api;
use crate::openapi;

type Reply = hyper::Response<Full<Bytes>>;

/// The APIs whose features are enabled, with their specs.
pub(crate) fn enabled_apis() -> Vec<Api> {
    specs().into_iter().map(|(api, _)| api).collect()
}

/// Each enabled API's spec, from its descriptor.
fn specs() -> Vec<(Api, &'static str)> {
    Api::ENABLED
        .iter()
        .map(|api| (*api, api.descriptor().spec))
        .collect()
}

pub(crate) struct Apis {
    pub(crate) apis: Vec<ApiRoutes>,
}

/// One API's spec and operations (also the CLI's catalogue of commands).
pub(crate) struct ApiRoutes {
    pub(crate) api: Api,
    pub(crate) spec: Value,
    auth: Auth,
    pub(crate) operations: Vec<Operation>,
}

#[derive(Clone, Copy, PartialEq)]
enum Auth {
    Bearer,
    Basic,
    None,
}

pub(crate) struct Operation {
    pub(crate) id: String,
    pub(crate) method: http::Method,
    #[cfg_attr(not(feature = "cli"), allow(dead_code))]
    pub(crate) summary: Option<String>,
    #[cfg_attr(not(feature = "cli"), allow(dead_code))]
    pub(crate) description: Option<String>,
    segments: Vec<Segment>,
    /// Path-level and operation-level parameters, `$ref`s resolved.
    pub(crate) parameters: Vec<Value>,
    /// The request body object, `$ref` resolved.
    pub(crate) body: Option<Value>,
    answers: Vec<Answer>,
}

enum Segment {
    Literal(String),
    Param(String),
}

/// One documented response: its status (`None` for `default`), media type and examples in
/// spec order.
struct Answer {
    status: Option<u16>,
    media_type: Option<String>,
    examples: Vec<(String, Value)>,
}

impl Apis {
    /// The embedded specs, read once per process: every sandbox and the CLI share them (the
    /// specs are compiled in, so they cannot change while the process runs).
    pub(crate) fn shared() -> Result<std::sync::Arc<Apis>, String> {
        static APIS: std::sync::OnceLock<Result<std::sync::Arc<Apis>, String>> =
            std::sync::OnceLock::new();
        APIS.get_or_init(|| Apis::load().map(std::sync::Arc::new))
            .clone()
    }

    fn load() -> Result<Apis, String> {
        let mut apis = Vec::new();
        for (api, text) in specs() {
            apis.push(load_api(api, text).map_err(|e| format!("{}: {e}", api.as_str()))?);
        }
        Ok(Apis { apis })
    }

    pub(crate) fn answer(&self, parts: &Parts, body: &Bytes) -> Reply {
        let path = parts.uri.path();
        let mut pieces = path.trim_start_matches('/').splitn(2, '/');
        let prefix = pieces.next().unwrap_or("");
        let rest = pieces.next().unwrap_or("");
        let Some(api) = self.apis.iter().find(|a| a.api.as_str() == prefix) else {
            let served: Vec<String> = self
                .apis
                .iter()
                .map(|a| format!("/{}", a.api.as_str()))
                .collect();
            return problem(
                404,
                &format!("no API here; the sandbox serves {}", served.join(", ")),
                &[],
            );
        };
        api.answer(parts, rest, body)
    }
}

fn load_api(api: Api, text: &str) -> Result<ApiRoutes, String> {
    let ordered: yaml::Value = yaml::from_str(text).map_err(|e| e.to_string())?;
    let spec: Value = serde_json::to_value(&ordered).map_err(|e| e.to_string())?;
    let auth = spec["security"][0]
        .as_object()
        .and_then(|s| s.keys().next())
        .map(|name| &spec["components"]["securitySchemes"][name])
        .map_or(Auth::None, |scheme| match scheme["scheme"].as_str() {
            Some("bearer") => Auth::Bearer,
            Some("basic") => Auth::Basic,
            _ => Auth::None,
        });
    let mut operations = Vec::new();
    let paths = ordered
        .get("paths")
        .and_then(yaml::Value::as_mapping)
        .ok_or("no paths")?;
    for (path, item) in paths {
        let path = path.as_str().ok_or("a path that is not text")?;
        let item_json = &spec["paths"][path];
        let shared = item_json["parameters"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let Some(methods) = item.as_mapping() else {
            continue;
        };
        for (method, op) in methods {
            let Some(method) = method.as_str() else {
                continue;
            };
            let Ok(method) = method.to_ascii_uppercase().parse::<http::Method>() else {
                continue;
            };
            if method.as_str() == "PARAMETERS" {
                continue;
            }
            let op_json = &item_json[method.as_str().to_ascii_lowercase()];
            if !op_json.is_object() {
                continue;
            }
            let parameters = shared
                .iter()
                .chain(op_json["parameters"].as_array().into_iter().flatten())
                .map(|p| resolved(&spec, p).clone())
                .collect();
            let body = op_json
                .get("requestBody")
                .map(|b| resolved(&spec, b).clone());
            operations.push(Operation {
                id: op_json["operationId"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                method,
                summary: op_json["summary"].as_str().map(str::to_string),
                description: op_json["description"].as_str().map(str::to_string),
                segments: path
                    .trim_start_matches('/')
                    .split('/')
                    .map(
                        |s| match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                            Some(name) => Segment::Param(name.to_string()),
                            None => Segment::Literal(s.to_string()),
                        },
                    )
                    .collect(),
                parameters,
                body,
                answers: answers(&ordered, &spec, op.get("responses")),
            });
        }
    }
    Ok(ApiRoutes {
        api,
        spec,
        auth,
        operations,
    })
}

/// The value a `$ref` names, or the value itself.
pub(super) fn resolved<'a>(spec: &'a Value, value: &'a Value) -> &'a Value {
    match value["$ref"].as_str() {
        Some(reference) => openapi::resolve(spec, reference).unwrap_or(value),
        None => value,
    }
}

/// A `$ref` inside the ordered document (`#/components/responses/Error`).
fn yaml_resolve<'a>(root: &'a yaml::Value, value: &'a yaml::Value) -> &'a yaml::Value {
    let Some(reference) = value.get("$ref").and_then(yaml::Value::as_str) else {
        return value;
    };
    let mut target = root;
    for key in reference.trim_start_matches("#/").split('/') {
        match target.get(key.replace("~1", "/").replace("~0", "~")) {
            Some(next) => target = next,
            None => return value,
        }
    }
    target
}

/// The documented responses in spec order, with their examples in spec order.
fn answers(root: &yaml::Value, spec: &Value, responses: Option<&yaml::Value>) -> Vec<Answer> {
    let mut out = Vec::new();
    for (status, response) in responses
        .and_then(yaml::Value::as_mapping)
        .into_iter()
        .flatten()
    {
        let response = yaml_resolve(root, response);
        let status = match status {
            yaml::Value::String(s) if s == "default" => None,
            yaml::Value::String(s) => match s.parse() {
                Ok(code) => Some(code),
                Err(_) => continue,
            },
            yaml::Value::Number(n) => match n.as_u64().and_then(|n| u16::try_from(n).ok()) {
                Some(code) => Some(code),
                None => continue,
            },
            _ => continue,
        };
        let content = response.get("content").and_then(yaml::Value::as_mapping);
        let (media_type, media) = match content.and_then(|c| c.iter().next()) {
            Some((media_type, media)) => (media_type.as_str().map(str::to_string), Some(media)),
            None => (None, None),
        };
        let mut examples = Vec::new();
        if let Some(media) = media {
            for (name, example) in media
                .get("examples")
                .and_then(yaml::Value::as_mapping)
                .into_iter()
                .flatten()
            {
                let example: Value =
                    serde_json::to_value(yaml_resolve(root, example)).unwrap_or(Value::Null);
                let example = resolved(spec, &example).clone();
                if let (Some(name), Some(value)) = (name.as_str(), example.get("value")) {
                    examples.push((name.to_string(), value.clone()));
                }
            }
            if let Some(example) = media.get("example") {
                examples.push((
                    "example".into(),
                    serde_json::to_value(example).unwrap_or(Value::Null),
                ));
            }
        }
        out.push(Answer {
            status,
            media_type,
            examples,
        });
    }
    out
}

impl ApiRoutes {
    fn answer(&self, parts: &Parts, path: &str, body: &Bytes) -> Reply {
        let segments: Vec<&str> = path.split('/').collect();
        if parts.method == http::Method::POST && segments == ["token"] && self.has_password_grant()
        {
            return token(body);
        }
        let matching: Vec<(&Operation, Vec<(String, String)>)> = self
            .operations
            .iter()
            .filter_map(|op| op.path_params(&segments).map(|params| (op, params)))
            .collect();
        if matching.is_empty() {
            return self.problem(
                404,
                &format!(
                    "no operation of the {} spec has the path /{path}",
                    self.api.as_str()
                ),
                &[],
            );
        }
        let Some((op, path_params)) = matching.iter().find(|(op, _)| op.method == parts.method)
        else {
            let allowed: Vec<&str> = matching.iter().map(|(op, _)| op.method.as_str()).collect();
            let mut reply =
                self.problem(405, &format!("/{path} takes {}", allowed.join(", ")), &[]);
            if let Ok(value) = http::HeaderValue::from_str(&allowed.join(", ")) {
                reply.headers_mut().insert(http::header::ALLOW, value);
            }
            return reply;
        };
        if let Some(problem) = self.check_auth(parts) {
            let mut reply = self.problem(401, &problem, &[]);
            let challenge = match self.auth {
                Auth::Basic => "Basic realm=\"sandbox\"",
                _ => "Bearer realm=\"sandbox\"",
            };
            reply.headers_mut().insert(
                http::header::WWW_AUTHENTICATE,
                http::HeaderValue::from_static(challenge),
            );
            return reply;
        }
        let mut problems = self.check_parameters(op, parts, path_params);
        match self.check_body(op, parts, body) {
            Ok(found) => problems.extend(found),
            Err(status_and_message) => {
                return self.problem(status_and_message.0, &status_and_message.1, &[]);
            }
        }
        if !problems.is_empty() {
            return self.problem(
                400,
                &format!("the request does not match the spec of {}", op.id),
                &problems,
            );
        }
        self.reply(op, parts, body)
    }

    fn has_password_grant(&self) -> bool {
        self.api.descriptor().password_grant
    }

    fn check_auth(&self, parts: &Parts) -> Option<String> {
        let header = parts
            .headers
            .get(http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok());
        let (scheme, example) = match self.auth {
            Auth::None => return None,
            Auth::Bearer => ("Bearer ", "Authorization: Bearer <token>"),
            Auth::Basic => ("Basic ", "Authorization: Basic <base64 user:password>"),
        };
        match header {
            Some(value)
                if value.len() > scheme.len()
                    && value[..scheme.len()].eq_ignore_ascii_case(scheme) =>
            {
                None
            }
            _ => Some(format!("the {} API needs `{example}`", self.api.as_str())),
        }
    }

    fn check_parameters(
        &self,
        op: &Operation,
        parts: &Parts,
        path_params: &[(String, String)],
    ) -> Vec<String> {
        let query = query_pairs(parts);
        let mut problems = Vec::new();
        for parameter in &op.parameters {
            let name = parameter["name"].as_str().unwrap_or_default();
            let place = parameter["in"].as_str().unwrap_or_default();
            let required = parameter["required"].as_bool().unwrap_or(false);
            let values: Vec<String> = match place {
                "path" => path_params
                    .iter()
                    .filter(|(n, _)| n == name)
                    .map(|(_, v)| v.clone())
                    .collect(),
                "query" => {
                    let nested = format!("{name}[");
                    let exact: Vec<String> = query
                        .iter()
                        .filter(|(n, _)| n == name)
                        .map(|(_, v)| v.clone())
                        .collect();
                    if exact.is_empty() && query.iter().any(|(n, _)| n.starts_with(&nested)) {
                        // A deepObject parameter (`filter[status][0]`): present, checked by the client's types.
                        continue;
                    }
                    exact
                }
                "header" => parts
                    .headers
                    .get_all(name)
                    .iter()
                    .filter_map(|v| v.to_str().ok().map(str::to_string))
                    .collect(),
                _ => continue,
            };
            if values.is_empty() {
                if required {
                    problems.push(format!("the {place} parameter `{name}` is required"));
                }
                continue;
            }
            for value in values {
                problems.extend(
                    self.check_value(parameter, &value)
                        .into_iter()
                        .map(|p| format!("the {place} parameter `{name}`: {p}")),
                );
            }
        }
        problems
    }

    /// A parameter's text checked against its schema (or its `content`'s, for JSON text).
    /// Whether a parameter's schema is one of the crate's own types (`x-payclients-type`), whose
    /// text the type itself reads (a GUID with dashes, a list of statuses with commas).
    #[cfg(feature = "cli")]
    pub(crate) fn typed_by_the_crate(&self, parameter: &Value) -> bool {
        resolved(&self.spec, &parameter["schema"])
            .get("x-payclients-type")
            .is_some()
    }

    /// A parameter's schema, `$ref` resolved.
    #[cfg(feature = "cli")]
    pub(crate) fn resolved_schema<'a>(&'a self, parameter: &'a Value) -> &'a Value {
        resolved(&self.spec, &parameter["schema"])
    }

    pub(crate) fn check_value(&self, parameter: &Value, text: &str) -> Vec<String> {
        if let Some((_, media)) = parameter["content"]
            .as_object()
            .and_then(|c| c.iter().next())
        {
            return match serde_json::from_str::<Value>(text) {
                Ok(value) => findings(&self.spec, &media["schema"], &value),
                Err(_) => vec!["is not JSON".into()],
            };
        }
        let schema = resolved(&self.spec, &parameter["schema"]);
        let value = match schema["type"].as_str() {
            Some("integer") => match text.parse::<i64>() {
                Ok(n) => Value::from(n),
                Err(_) => return vec!["is not an integer".into()],
            },
            Some("number") => match text.parse::<f64>() {
                Ok(n) => Value::from(n),
                Err(_) => return vec!["is not a number".into()],
            },
            // Any case, as the vendors' servers read it (Python's SDKs send `True`).
            Some("boolean") if text.eq_ignore_ascii_case("true") => Value::Bool(true),
            Some("boolean") if text.eq_ignore_ascii_case("false") => Value::Bool(false),
            Some("boolean") => return vec!["is not true or false".into()],
            Some("array" | "object") => return Vec::new(),
            _ => Value::String(text.to_string()),
        };
        findings(&self.spec, schema, &value)
    }

    /// The body's problems, or a status of its own (415) with a message.
    fn check_body(
        &self,
        op: &Operation,
        parts: &Parts,
        body: &Bytes,
    ) -> Result<Vec<String>, (u16, String)> {
        let Some(spec_body) = &op.body else {
            return Ok(Vec::new());
        };
        if body.is_empty() {
            return Ok(if spec_body["required"].as_bool().unwrap_or(false) {
                vec!["a request body is required".into()]
            } else {
                Vec::new()
            });
        }
        let content_type = parts
            .headers
            .get(http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(str::trim)
            .unwrap_or("");
        let content = spec_body["content"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        let Some(media) = content
            .iter()
            .find(|(media_type, _)| media_type.eq_ignore_ascii_case(content_type))
            .map(|(_, m)| m)
        else {
            let accepted: Vec<&str> = content.keys().map(String::as_str).collect();
            return Err((
                415,
                format!(
                    "Content-Type `{content_type}`; {} takes {}",
                    op.id,
                    accepted.join(", ")
                ),
            ));
        };
        match serde_json::from_slice::<Value>(body) {
            Ok(value) => Ok(findings(&self.spec, &media["schema"], &value)
                .into_iter()
                .map(|p| format!("body: {p}"))
                .collect()),
            Err(e) => Ok(vec![format!("the body is not JSON ({e})")]),
        }
    }

    fn reply(&self, op: &Operation, parts: &Parts, sent: &Bytes) -> Reply {
        let prefer = prefer(parts);
        let (answer, status) = match prefer.code {
            Some(code) => match op
                .answers
                .iter()
                .find(|a| a.status == Some(code))
                .or_else(|| {
                    op.answers
                        .iter()
                        .find(|a| a.status.is_none() && code >= 400)
                }) {
                Some(answer) => (answer, code),
                None => {
                    let documented: Vec<String> = op
                        .answers
                        .iter()
                        .map(|a| a.status.map_or("default".to_string(), |s| s.to_string()))
                        .collect();
                    return self.problem(
                        400,
                        &format!(
                            "{} documents no {code} response (it documents {})",
                            op.id,
                            documented.join(", ")
                        ),
                        &[],
                    );
                }
            },
            None => {
                let found = match &prefer.example {
                    Some(name) => op
                        .answers
                        .iter()
                        .find(|a| a.examples.iter().any(|(n, _)| n == name)),
                    None => op
                        .answers
                        .iter()
                        .find(|a| a.status.is_some_and(|s| (200..300).contains(&s))),
                };
                match (found, &prefer.example) {
                    (Some(answer), _) => (answer, answer.status.unwrap_or(500)),
                    (None, Some(name)) => return self.no_such_example(op, name),
                    (None, None) => {
                        return self.problem(
                            500,
                            &format!("{} documents no success response", op.id),
                            &[],
                        );
                    }
                }
            }
        };
        // A status that only the `default` response covers: its examples were written for
        // another status (a "not found"), so the answer says what was asked for instead.
        if answer.status.is_none() && prefer.example.is_none() {
            return self.problem(
                status,
                &format!("the {status} that `Prefer: code={status}` asked for"),
                &[],
            );
        }
        let example = match &prefer.example {
            Some(name) => match answer.examples.iter().find(|(n, _)| n == name) {
                Some((_, value)) => Some(value),
                None => return self.no_such_example(op, name),
            },
            None => answer.examples.first().map(|(_, value)| value),
        };
        let mut response = hyper::Response::builder().status(status);
        // A header the client fills (a request id) comes back, as the vendor echoes it.
        if let Some(filled) = &self.api.descriptor().filled_header
            && let Some(value) = parts.headers.get(filled.name)
        {
            response = response.header(filled.name, value);
        }
        let success = (200..300).contains(&status);
        let shaped;
        let example = match example {
            Some(value) if success && prefer.example.is_none() => {
                shaped = self.shaped(op, parts, sent, value);
                Some(&shaped)
            }
            other => other,
        };
        let body = match example {
            None => Bytes::new(),
            Some(value) => {
                #[cfg(feature = "jsv")]
                if self.api.descriptor().also_answers_jsv && accepts_jsv(parts) {
                    let text = crate::jsv::to_vec(value).unwrap_or_default();
                    return response
                        .header(http::header::CONTENT_TYPE, "text/jsv")
                        .body(Full::new(Bytes::from(text)))
                        .unwrap_or_default();
                }
                let media_type = answer.media_type.as_deref().unwrap_or("application/json");
                response = response.header(http::header::CONTENT_TYPE, media_type);
                Bytes::from(serde_json::to_vec(value).unwrap_or_default())
            }
        };
        response.body(Full::new(body)).unwrap_or_default()
    }

    /// A success example as this request would get it: a list's page of the dataset (see
    /// `paging.rs`); a PATCH's answer with what was sent in its place.
    fn shaped(&self, op: &Operation, parts: &Parts, sent: &Bytes, example: &Value) -> Value {
        if let Some(declared) = self.api.descriptor().paging(&op.id) {
            let paging = declared.paging;
            let default_size = op
                .parameters
                .iter()
                .find(|p| p["name"] == paging.size)
                .and_then(|p| resolved(&self.spec, &p["schema"])["default"].as_u64())
                .unwrap_or(paging.max_page_size);
            return super::paging::page(declared, parts, default_size, example);
        }
        let mut answer = example.clone();
        if parts.method == http::Method::PATCH
            && let Ok(patch) = serde_json::from_slice::<Value>(sent)
        {
            merge_known(&mut answer, &patch);
        }
        answer
    }

    fn no_such_example(&self, op: &Operation, name: &str) -> Reply {
        let mut names: Vec<&str> = Vec::new();
        for (example, _) in op.answers.iter().flat_map(|a| a.examples.iter()) {
            if !names.contains(&example.as_str()) {
                names.push(example);
            }
        }
        self.problem(
            400,
            &format!(
                "{} has no example `{name}` (it has: {})",
                op.id,
                names.join(", ")
            ),
            &[],
        )
    }

    /// A 4xx in the API's own error shape, so that its client decodes it into the typed error.
    fn problem(&self, status: u16, message: &str, problems: &[String]) -> Reply {
        let body =
            super::errors::body(self.api.descriptor(), &self.spec, status, message, problems);
        let media_type = self
            .api
            .descriptor()
            .media_type
            .unwrap_or("application/json");
        let mut reply = json_reply(status, &body);
        if let Ok(value) = http::HeaderValue::from_str(media_type) {
            reply
                .headers_mut()
                .insert(http::header::CONTENT_TYPE, value);
        }
        reply
    }
}

impl Operation {
    /// The path parameters when `segments` is this operation's path.
    fn path_params(&self, segments: &[&str]) -> Option<Vec<(String, String)>> {
        if segments.len() != self.segments.len() {
            return None;
        }
        let mut params = Vec::new();
        for (segment, actual) in self.segments.iter().zip(segments) {
            match segment {
                Segment::Literal(text) if text == actual => {}
                Segment::Literal(_) => return None,
                Segment::Param(_) if actual.is_empty() => return None,
                Segment::Param(name) => {
                    let value = percent_encoding::percent_decode_str(actual)
                        .decode_utf8_lossy()
                        .into_owned();
                    params.push((name.clone(), value));
                }
            }
        }
        Some(params)
    }
}

/// The request's query parameters, decoded, in order.
pub(super) fn query_pairs(parts: &Parts) -> Vec<(String, String)> {
    parts
        .uri
        .query()
        .map(|q| {
            url::form_urlencoded::parse(q.as_bytes())
                .into_owned()
                .collect()
        })
        .unwrap_or_default()
}

/// Puts `patch`'s values into `answer` where `answer` has the same place (objects merged in
/// depth; nothing the answer does not have is added).
fn merge_known(answer: &mut Value, patch: &Value) {
    let (Value::Object(answer), Value::Object(patch)) = (answer, patch) else {
        return;
    };
    for (key, new) in patch {
        if let Some(old) = answer.get_mut(key) {
            if old.is_object() && new.is_object() {
                merge_known(old, new);
            } else if old.is_object() == new.is_object() {
                *old = new.clone();
            }
        }
    }
}

pub(crate) fn findings(spec: &Value, schema: &Value, value: &Value) -> Vec<String> {
    openapi::validate(spec, schema, value)
        .iter()
        .map(ToString::to_string)
        .collect()
}

/// Prism's `Prefer` header: `example=<name>`, `code=<status>`.
#[derive(Default)]
struct Prefer {
    example: Option<String>,
    code: Option<u16>,
}

fn prefer(parts: &Parts) -> Prefer {
    let mut prefer = Prefer::default();
    for value in parts
        .headers
        .get_all("prefer")
        .iter()
        .filter_map(|v| v.to_str().ok())
    {
        for item in value.split([',', ';']) {
            match item.trim().split_once('=') {
                Some(("example", name)) => {
                    prefer.example = Some(name.trim_matches('"').to_string())
                }
                Some(("code", code)) => prefer.code = code.trim_matches('"').parse().ok(),
                _ => {}
            }
        }
    }
    prefer
}

#[cfg(feature = "jsv")]
fn accepts_jsv(parts: &Parts) -> bool {
    parts
        .headers
        .get_all(http::header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.to_ascii_lowercase().contains("text/jsv"))
}

/// The password grant's token endpoint: any credentials get a token.
fn token(body: &Bytes) -> Reply {
    let form: Vec<(String, String)> = url::form_urlencoded::parse(body).into_owned().collect();
    match form
        .iter()
        .find(|(k, _)| k == "grant_type")
        .map(|(_, v)| v.as_str())
    {
        Some("password" | "refresh_token") => json_reply(
            200,
            &json!({
                "access_token": "sandbox-access-token",
                "refresh_token": "sandbox-refresh-token",
                "token_type": "bearer",
                "expires_in": 1800,
            }),
        ),
        _ => json_reply(400, &json!({"error": "unsupported_grant_type"})),
    }
}

fn json_reply(status: u16, body: &Value) -> Reply {
    hyper::Response::builder()
        .status(status)
        .header(http::header::CONTENT_TYPE, "application/json")
        .body(Full::new(Bytes::from(
            serde_json::to_vec(body).unwrap_or_default(),
        )))
        .unwrap_or_default()
}

/// The sandbox's own answer (no API, or no request): `{"sandbox": …, "problems": […]}`, the
/// list only when there are problems.
pub(crate) fn problem(status: u16, message: &str, problems: &[String]) -> Reply {
    let body = if problems.is_empty() {
        json!({"sandbox": message})
    } else {
        json!({"sandbox": message, "problems": problems})
    };
    json_reply(status, &body)
}
