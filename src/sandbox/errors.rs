//! The sandbox's error answers in each API's declared error shape: the body its spec's error
//! schema describes, filled where its `x-payclients-error` says the codes and messages are, so
//! that the API's own client decodes it into its typed error. Nothing here names an API.

use serde_json::{Map, Value, json};

use super::routes::resolved;
use crate::descriptor::Descriptor;

/// The error body of `status` saying `message` (and each of `problems`).
pub(crate) fn body(
    declared: &Descriptor,
    spec: &Value,
    status: u16,
    message: &str,
    problems: &[String],
) -> Value {
    let text = if problems.is_empty() {
        format!("sandbox: {message}")
    } else {
        format!("sandbox: {message}: {}", problems.join("; "))
    };
    let shape = &declared.error;
    let schema = spec
        .pointer(&format!("/components/schemas/{}", shape.schema))
        .unwrap_or(&Value::Null);
    let short = format!("sandbox: {message}");
    let mut body = Value::Object(Map::new());
    if let Some(group) = shape.summary.first() {
        let template = group.show.first().copied().unwrap_or("");
        if group.each.is_empty() {
            let filler = Filler {
                spec,
                status,
                text: &text,
            };
            fill(&filler, template, schema, &mut body);
        } else {
            // A list of errors: one per problem where an error has a `detail` (JSON:API's
            // form, with the `source` at fault), else one saying everything.
            let list_schema = walk(spec, schema, group.each);
            let item_schema = resolved(spec, &list_schema["items"]).clone();
            let detailed = !item_schema["properties"]["detail"].is_null() && !problems.is_empty();
            let items: Vec<Value> = if detailed {
                problems
                    .iter()
                    .map(|problem| {
                        let filler = Filler {
                            spec,
                            status,
                            text: &short,
                        };
                        let mut item = Value::Object(Map::new());
                        fill(&filler, template, &item_schema, &mut item);
                        item["detail"] = json!(problem);
                        if let Some(source) = source(&item_schema, problem) {
                            item["source"] = source;
                        }
                        item
                    })
                    .collect()
            } else {
                let filler = Filler {
                    spec,
                    status,
                    text: &text,
                };
                let mut item = Value::Object(Map::new());
                fill(&filler, template, &item_schema, &mut item);
                vec![item]
            };
            *place(&mut body, group.each) = Value::Array(items);
        }
    }
    let filler = Filler {
        spec,
        status,
        text: &text,
    };
    if let Some(marker) = shape.marker
        && body.get(marker).is_none_or(Value::is_null)
    {
        body[marker] = Value::String(text.clone());
    }
    if !shape.request_id.is_empty() {
        let steps: Vec<&str> = shape
            .request_id
            .iter()
            .copied()
            .filter(|s| *s != "*")
            .collect();
        let leaf = walk(spec, schema, &steps);
        let id = if resolved(spec, &leaf)["format"] == "uuid" {
            "00000000-0000-0000-0000-000000000000"
        } else {
            "sandbox"
        };
        set_each(&mut body, shape.request_id, &Value::String(id.into()));
    }
    filler.required(schema, &mut body);
    body
}

/// Puts a value at each of `template`'s placeholders in `item`, and the status where the
/// schema has a `status` (JSON:API's and RFC 9457's member).
fn fill(filler: &Filler<'_>, template: &str, item_schema: &Value, item: &mut Value) {
    let status = &resolved(filler.spec, item_schema)["properties"]["status"];
    if !status.is_null() {
        *place(item, &["status"]) = filler.value("status", status);
    }
    for path in placeholders(template) {
        let steps: Vec<&str> = path.split('/').collect();
        let leaf = walk(filler.spec, item_schema, &steps);
        *place(item, &steps) = filler.value(steps.last().copied().unwrap_or(""), &leaf);
    }
}

/// JSON:API's `source` of a problem, where the error schema has one: the parameter it names
/// (`the query parameter `page[limit]`: …`) or the pointer into the body (`body: /data: …`).
fn source(item_schema: &Value, problem: &str) -> Option<Value> {
    let fields = &item_schema["properties"]["source"]["properties"];
    if !fields["parameter"].is_null()
        && let Some(rest) = problem.split(" parameter `").nth(1)
        && let Some(name) = rest.split('`').next()
    {
        return Some(json!({"parameter": name}));
    }
    if !fields["pointer"].is_null()
        && let Some(rest) = problem.strip_prefix("body: ")
    {
        let pointer = rest
            .split(": ")
            .next()
            .filter(|p| p.starts_with('/'))
            .unwrap_or("");
        return Some(json!({"pointer": pointer}));
    }
    None
}

/// Chooses the values of an error's fields.
struct Filler<'a> {
    spec: &'a Value,
    status: u16,
    text: &'a str,
}

impl Filler<'_> {
    /// A code-like field gets the status (or a code word where it is text), an enum its
    /// validation value, anything else the message.
    fn value(&self, name: &str, schema: &Value) -> Value {
        let schema = resolved(self.spec, schema);
        if let Some(values) = schema["enum"].as_array() {
            let pick = values
                .iter()
                .find(|v| {
                    v.as_str()
                        .is_some_and(|s| s.contains("invalid") || s.contains("validation"))
                })
                .or(values.first());
            return pick.cloned().unwrap_or(Value::Null);
        }
        let code_like = name.to_ascii_lowercase().contains("code")
            || name.eq_ignore_ascii_case("status")
            || name.eq_ignore_ascii_case("type");
        match schema["type"].as_str() {
            Some("integer" | "number") => json!(self.status),
            Some("string") if code_like && name.eq_ignore_ascii_case("status") => {
                json!(self.status.to_string())
            }
            Some("string") if code_like => json!("sandbox_validation"),
            None if code_like => json!(self.status.to_string()),
            Some("array") => json!([]),
            Some("object") => {
                let mut object = Value::Object(Map::new());
                self.required(schema, &mut object);
                object
            }
            _ => json!(self.text),
        }
    }

    /// Fills the properties that `schema` requires and `value` lacks, in depth.
    fn required(&self, schema: &Value, value: &mut Value) {
        let schema = resolved(self.spec, schema);
        if let Some(Value::Object(object)) = Some(&mut *value) {
            for name in schema["required"].as_array().into_iter().flatten() {
                let Some(name) = name.as_str() else { continue };
                let property = &schema["properties"][name];
                if object.get(name).is_none_or(Value::is_null) {
                    object.insert(name.to_string(), self.value(name, property));
                }
            }
            for (name, child) in object.iter_mut() {
                self.required(&schema["properties"][name.as_str()], child);
            }
        } else if let Value::Array(items) = value {
            for item in items {
                self.required(&schema["items"], item);
            }
        }
    }
}

/// `{a/b}` placeholders of a summary template.
fn placeholders(template: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        out.push(&rest[open + 1..open + close]);
        rest = &rest[open + close + 1..];
    }
    out
}

/// The schema at `steps` below `schema` (through `$ref`s, `allOf` and list items).
fn walk(spec: &Value, schema: &Value, steps: &[&str]) -> Value {
    let mut here = resolved(spec, schema).clone();
    for step in steps {
        let next = here["properties"][*step].clone();
        let next = if next.is_null() {
            here["allOf"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|part| resolved(spec, part)["properties"][*step].clone())
                .find(|p| !p.is_null())
                .unwrap_or(Value::Null)
        } else {
            next
        };
        here = resolved(spec, &next).clone();
    }
    here
}

/// The place at `steps` in `value`, made (as objects) where missing.
pub(super) fn place<'a>(value: &'a mut Value, steps: &[&str]) -> &'a mut Value {
    let mut here = value;
    for step in steps {
        if !here.is_object() {
            *here = Value::Object(Map::new());
        }
        here = here
            .as_object_mut()
            .expect("made an object above")
            .entry(step.to_string())
            .or_insert(Value::Null);
    }
    here
}

/// Sets `new` at `steps` (a `*` step: in each item of the list there).
fn set_each(value: &mut Value, steps: &[&str], new: &Value) {
    match steps.split_first() {
        None => *value = new.clone(),
        Some((&"*", rest)) => {
            for item in value.as_array_mut().into_iter().flatten() {
                set_each(item, rest, new);
            }
        }
        Some((step, rest)) => set_each(place(value, &[step]), rest, new),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_read_in_order() {
        assert_eq!(
            placeholders("{error/type} {code}: {message"),
            ["error/type", "code"]
        );
    }

    #[test]
    fn each_item_of_a_list_gets_the_value() {
        let mut body = json!({"errors": [{"code": "a"}, {"code": "b"}]});
        set_each(
            &mut body,
            &["errors", "*", "meta", "supportId"],
            &json!("s"),
        );
        assert_eq!(body["errors"][1]["meta"]["supportId"], "s");
        assert_eq!(body["errors"][0]["code"], "a");
    }
}
