//! The schemas say what the wire carries: what the clients send validates against the spec
//! (as Prism and other schema-driven tools read it), and every text a schema admits decodes.
#![cfg(all(feature = "paylock", feature = "paynetworx"))]

#[path = "support/specs.rs"]
mod specs;

use payclients::openapi::validate;
use payclients::{Guid, Ksuid};
use serde_json::{Value, json};

fn schema(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn admits(spec: &Value, name: &str, value: Value) -> bool {
    validate(spec, &schema(name), &value).is_empty()
}

#[test]
fn paylock_guids_are_32_hex_digits_as_sent() {
    let spec = specs::spec("paylock");
    for text in [
        "7b0e8c1e4f0a4d9b9a571f1c2a3b4c5d",
        "7B0E8C1E-4F0A-4D9B-9A57-1F1C2A3B4C5D",
        "00000000000000000000000000000000",
    ] {
        let sent = text.parse::<Guid>().unwrap().to_string();
        assert!(admits(&spec, "Guid", json!(sent)), "{sent}");
        assert!(admits(&spec, "NullableGuid", json!(sent)), "{sent}");
    }
    // The dashed form is read by the client but is not what the wire carries.
    assert!(!admits(
        &spec,
        "Guid",
        json!("7b0e8c1e-4f0a-4d9b-9a57-1f1c2a3b4c5d")
    ));
    assert!(!admits(&spec, "Guid", json!("7b0e8c1e")));
    // null: only where the schema says so (a named nullable component, not `nullable` beside
    // `allOf`, which OpenAPI 3.0 ignores).
    assert!(!admits(&spec, "Guid", Value::Null));
    assert!(admits(&spec, "NullableGuid", Value::Null));
    assert!(admits(&spec, "NullableDateTime", Value::Null));
    let fee = &spec["components"]["schemas"]["ConvenienceFee"]["properties"];
    assert_eq!(
        fee["paymentGatewayId"]["$ref"],
        "#/components/schemas/NullableGuid"
    );
}

#[test]
fn paylock_examples_match_their_schema_field_by_field() {
    let spec = specs::spec("paylock");
    let examples = spec["paths"]["/payment/{collectionattemptid}"]["get"]["responses"]["200"]
        ["content"]["application/json"]["examples"]
        .as_object()
        .unwrap();
    assert!(examples.contains_key("seed"));
    for (name, example) in examples {
        let findings = validate(&spec, &schema("GetPaymentResult"), &example["value"]);
        assert!(findings.is_empty(), "{name}: {findings:#?}");
    }
    let seed = &examples["seed"]["value"];
    for pointer in [
        "/convenienceFee/id",
        "/convenienceFee/paymentGatewayId",
        "/prePaymentAlerts/vehicleCancelledCheckOrChargebackAlerts/0/id",
    ] {
        let value = seed.pointer(pointer).unwrap_or_else(|| panic!("{pointer}"));
        assert!(
            admits(&spec, "NullableGuid", value.clone()),
            "{pointer}: {value}"
        );
    }
}

/// A small deterministic generator of texts the pattern admits.
fn admitted_texts(count: usize) -> Vec<String> {
    const FIRST: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const REST: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let mut out = vec![
        format!("Z{}", "z".repeat(26)),
        "0".repeat(27),
        format!("0{}", "z".repeat(26)),
    ];
    while out.len() < count {
        let mut text = String::new();
        text.push(FIRST[next(FIRST.len())] as char);
        for _ in 0..26 {
            text.push(REST[next(REST.len())] as char);
        }
        out.push(text);
    }
    out
}

#[test]
fn paynetworx_ksuids_have_a_pattern_that_admits_only_ksuids() {
    let spec = specs::spec("paynetworx");
    for _ in 0..200 {
        let sent = Ksuid::new().to_string();
        assert!(admits(&spec, "Ksuid", json!(sent)), "{sent}");
    }
    for text in admitted_texts(500) {
        assert!(admits(&spec, "Ksuid", json!(text)), "{text}");
        assert!(
            text.parse::<Ksuid>().is_ok(),
            "{text} is admitted but does not decode"
        );
    }
    for refused in [
        "nope",
        "",
        "1XSnl0X7GC44qPT2CVV8BCz0bQ",
        "1XSnl0X7GC44qPT2CVV8BCz0bQi!",
        "zzzzzzzzzzzzzzzzzzzzzzzzzzz",
    ] {
        assert!(!admits(&spec, "Ksuid", json!(refused)), "{refused}");
    }
    // The seed's ids pass.
    for id in [
        "1XSnl0X7GC44qPT2CVV8BCz0bQi",
        "1XSnvq7J5ggxZg70sWuRg4kEBcu",
        "1wxhkFx6JoPktNoPYpgFpSGmTMF",
    ] {
        assert!(admits(&spec, "Ksuid", json!(id)), "{id}");
    }
    // Request-ID, the header the client fills, is a Ksuid by reference: `nope` is refused.
    let op = &spec["paths"]["/v0/transaction/achcredit"]["post"];
    let request_id = op["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "Request-ID")
        .unwrap();
    assert_eq!(request_id["schema"]["$ref"], "#/components/schemas/Ksuid");
}
