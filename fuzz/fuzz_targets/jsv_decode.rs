//! The JSV decoder on any bytes: never a panic, and whatever decodes as a JSON value is
//! written back as JSV that decodes to the same value — unless it holds a list whose only
//! element is null, the format's documented exception (`[NaN]` reads as one: serde_json's
//! `Value` makes a float that is not finite a null).
#![no_main]

use libfuzzer_sys::fuzz_target;
use payclients::jsv;
use payclients::paylock::types::{ErrorResponse, GetPaymentResult};

fuzz_target!(|data: &[u8]| {
    let _ = jsv::from_slice::<GetPaymentResult>(data);
    let _ = jsv::from_slice::<ErrorResponse>(data);
    let _ = jsv::from_slice::<String>(data);
    let _ = jsv::from_slice::<Vec<Option<i64>>>(data);
    if let Ok(value) = jsv::from_slice::<serde_json::Value>(data)
        && !has_lone_null(&value)
    {
        let text = jsv::to_string(&value).expect("a decoded value is writable");
        let back: serde_json::Value = jsv::from_str(&text)
            .unwrap_or_else(|e| panic!("{text:?} does not read back: {e}"));
        assert_eq!(back, value, "{text:?}");
    }
});

fn has_lone_null(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::Array(items) => {
            (items.len() == 1 && items[0].is_null()) || items.iter().any(has_lone_null)
        }
        serde_json::Value::Object(map) => map.values().any(has_lone_null),
        _ => false,
    }
}
