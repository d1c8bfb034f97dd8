//! The values the JSV benchmarks encode and decode, the same in each bench.

use payclients::paylock::types::GetPaymentResult;
use serde_json::{Value, json};

/// The PayLock spec's "paid" example, varied per index so that no two values are equal.
pub fn results(count: usize) -> Vec<GetPaymentResult> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/paylock.yaml"))
        .unwrap();
    let spec: Value = serde_yaml_ng::from_str(&text).unwrap();
    let paid = spec["paths"]["/payment/{collectionattemptid}"]["get"]["responses"]["200"]
        ["content"]["application/json"]["examples"]["paid"]["value"]
        .clone();
    let base: GetPaymentResult = serde_json::from_value(paid).unwrap();
    (0..count)
        .map(|i| {
            let mut value = base.clone();
            value.net_due = Some(format!("{}.{:02}", 100 + i, i % 100).parse().unwrap());
            value.payment_method = Some(format!("Card {i}"));
            value
        })
        .collect()
}

/// ~1 MB of JSV (6,200 records): strings that need quotes, numbers, booleans, nested lists.
pub fn document() -> Value {
    let records: Vec<Value> = (0..6200)
        .map(|i| {
            json!({
                "id": i,
                "name": format!("Customer {i}, Inc."),
                "city": "Springfield",
                "balance": (i as f64) * 1.25,
                "active": i % 3 == 0,
                "tags": ["boot", "tow", format!("lot-{}", i % 17)],
                "address": {"line1": format!("{i} Main St"), "zip": format!("{:05}", i * 7 % 100000)},
                "note": if i % 5 == 0 { Value::Null } else { json!("paid: \"in full\"") },
            })
        })
        .collect();
    Value::Array(records)
}
