//! Paged lists, served as their specs declare them (`x-payclients-paging`): each list is a
//! dataset of a few hundred items made from the spec's example (distinct ids, one hour apart),
//! narrowed by the request's equality filters, ordered by its `sort`, and cut into the page the
//! request asks for (offset, page number or cursor, in the query or a JSON header). Nothing
//! here names an API.

use http::request::Parts;
use serde_json::{Value, json};

use crate::descriptor::{PagedOperation, at};
use crate::pagination::declared::{Placement, Style};

/// How many items each list holds.
pub(crate) const DATASET: usize = 240;

/// The page of the list `declared` that `parts` asks for, in the shape of `example`.
pub(crate) fn page(
    declared: &PagedOperation,
    parts: &Parts,
    default_size: u64,
    example: &Value,
) -> Value {
    let Some(samples) = at(example, declared.items).and_then(Value::as_array) else {
        return example.clone();
    };
    if samples.is_empty() {
        return example.clone();
    }
    let paging = declared.paging;
    let query = super::routes::query_pairs(parts);
    let mut items = dataset(samples, declared.item_id);
    filter(&mut items, &query, &[paging.size, paging.position]);
    sort(&mut items, &query);

    let request = page_request(paging.placement, parts, &query);
    let size = request
        .get(paging.size)
        .and_then(number)
        .unwrap_or(default_size)
        .clamp(1, paging.max_page_size);
    let start = match paging.style {
        Style::Offset => request.get(paging.position).and_then(number).unwrap_or(0),
        Style::PageNumber => {
            let number = request.get(paging.position).and_then(number).unwrap_or(1);
            number.saturating_sub(1).saturating_mul(size)
        }
        Style::Cursor => request
            .get(paging.position)
            .and_then(|c| c.as_str()?.strip_prefix('c')?.parse().ok())
            .unwrap_or(0),
    };
    let total = items.len() as u64;
    let start = start.min(total) as usize;
    let end = (start as u64).saturating_add(size).min(total) as usize;
    let mut body = example.clone();
    set(
        &mut body,
        declared.items,
        Value::Array(items[start..end].to_vec()),
    );
    if !declared.total.is_empty() {
        set(&mut body, declared.total, json!(total));
    }
    if !declared.offset_echo.is_empty() {
        set(&mut body, declared.offset_echo, json!(start));
    }
    if !declared.next_cursor.is_empty() {
        let next = if (end as u64) < total {
            json!(format!("c{end}"))
        } else {
            Value::Null
        };
        set(&mut body, declared.next_cursor, next);
    }
    body
}

/// The page request's values by name: query parameters, or one header's JSON object.
fn page_request(
    placement: Placement,
    parts: &Parts,
    query: &[(String, String)],
) -> serde_json::Map<String, Value> {
    match placement {
        Placement::Query => query
            .iter()
            .map(|(name, value)| (name.clone(), Value::String(value.clone())))
            .collect(),
        Placement::JsonHeader(name) => parts
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|text| serde_json::from_str::<Value>(text).ok())
            .and_then(|v| v.as_object().cloned())
            .unwrap_or_default(),
    }
}

fn number(value: &Value) -> Option<u64> {
    match value {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

/// `DATASET` items made from the samples: distinct ids, date-times an hour apart.
fn dataset(samples: &[Value], item_id: &str) -> Vec<Value> {
    (0..DATASET)
        .map(|i| {
            let mut item = samples[i % samples.len()].clone();
            if let Some(id) = item.get_mut(item_id) {
                let fresh = match &*id {
                    Value::Number(_) => json!(i + 1),
                    Value::String(s) if s.parse::<u64>().is_ok() => json!((i + 1).to_string()),
                    Value::String(s) => json!(format!("{s}-{}", i + 1)),
                    other => other.clone(),
                };
                *id = fresh;
            }
            shift_dates(&mut item, i as i64);
            item
        })
        .collect()
}

/// Moves every RFC 3339 date-time in `value` on by `hours`.
fn shift_dates(value: &mut Value, hours: i64) {
    match value {
        Value::String(text) => {
            if let Ok(time) = chrono::DateTime::parse_from_rfc3339(text) {
                let moved = time + chrono::Duration::hours(hours);
                *text = moved.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| shift_dates(v, hours)),
        Value::Object(map) => map.values_mut().for_each(|v| shift_dates(v, hours)),
        _ => {}
    }
}

/// An item's property by name: at its top, or among its JSON:API `attributes`.
fn property<'a>(item: &'a Value, name: &str) -> Option<&'a Value> {
    item.get(name).or_else(|| item.get("attributes")?.get(name))
}

fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Keeps the items whose properties equal the query's: `status=paid`, `filter[status]=X` or
/// `filter[status][0]=X&filter[status][1]=Y` (any of them). Parameters that name no property
/// of the items (and the paging's own) are not filters. Compared without case, as servers that
/// read `True` as `true` do.
fn filter(items: &mut Vec<Value>, query: &[(String, String)], paging: &[&str]) {
    let mut wanted: Vec<(String, Vec<String>)> = Vec::new();
    for (name, value) in query {
        if paging.contains(&name.as_str()) || name == "sort" {
            continue;
        }
        let key = name
            .strip_prefix("filter[")
            .map_or(name.as_str(), |rest| rest.split(']').next().unwrap_or(rest));
        let Some(sample) = items.first() else { return };
        if property(sample, key).is_none_or(|v| v.is_object() || v.is_array()) {
            continue;
        }
        match wanted.iter_mut().find(|(k, _)| k == key) {
            Some((_, values)) => values.push(value.clone()),
            None => wanted.push((key.to_string(), vec![value.clone()])),
        }
    }
    items.retain(|item| {
        wanted.iter().all(|(key, values)| {
            property(item, key)
                .map(text)
                .is_some_and(|have| values.iter().any(|v| v.eq_ignore_ascii_case(&have)))
        })
    });
}

/// Orders the items by `sort=field` (ascending) or `sort=-field` (descending).
fn sort(items: &mut [Value], query: &[(String, String)]) {
    let Some((_, order)) = query.iter().find(|(name, _)| name == "sort") else {
        return;
    };
    let (field, descending) = match order.strip_prefix('-') {
        Some(field) => (field, true),
        None => (order.as_str(), false),
    };
    if items.first().and_then(|i| property(i, field)).is_none() {
        return;
    }
    items.sort_by(|a, b| {
        let key = |item: &Value| property(item, field).map(text).unwrap_or_default();
        let order = key(a).cmp(&key(b));
        if descending { order.reverse() } else { order }
    });
}

/// Sets `new` at `path`, making objects on the way.
fn set(value: &mut Value, path: &[&str], new: Value) {
    *super::errors::place(value, path) = new;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datasets_have_distinct_ids_and_dates() {
        let samples = [json!({"id": "7", "attributes": {"createdAt": "2020-01-01T00:00:00Z"}})];
        let items = dataset(&samples, "id");
        assert_eq!(items.len(), DATASET);
        assert_eq!(items[1]["id"], "2");
        assert_eq!(items[1]["attributes"]["createdAt"], "2020-01-01T01:00:00Z");
    }

    #[test]
    fn filters_and_sorts() {
        let mut items = vec![
            json!({"id": 1, "attributes": {"status": "Pending", "createdAt": "b"}}),
            json!({"id": 2, "attributes": {"status": "Advanced", "createdAt": "c"}}),
            json!({"id": 3, "attributes": {"status": "Completed", "createdAt": "a"}}),
        ];
        let query = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect()
        };
        filter(
            &mut items,
            &query(&[
                ("filter[status][0]", "pending"),
                ("filter[status][1]", "Advanced"),
                ("filter[since]", "x"),
            ]),
            &[],
        );
        assert_eq!(items.len(), 2);
        sort(&mut items, &query(&[("sort", "-createdAt")]));
        assert_eq!(items[0]["id"], 2);
    }
}
