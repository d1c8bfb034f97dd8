//! `from_str(&to_string(&x)?)? == x` for arbitrary values of every serde shape (but the
//! exceptions the format documents: NaN, `Some(None)`, a list whose only element is `None`).
#![no_main]

use std::collections::BTreeMap;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use payclients::jsv;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Arbitrary, Serialize, Deserialize)]
enum Shape {
    Unit,
    Newtype(String),
    Tuple(i32, Option<String>),
    Struct { x: i64, label: Option<String> },
}

#[derive(Debug, Clone, PartialEq, Arbitrary, Serialize, Deserialize)]
struct Value {
    flag: bool,
    small: i8,
    big: u64,
    wide: i128,
    ratio: f64,
    tiny: f32,
    letter: char,
    text: String,
    maybe: Option<String>,
    list: Vec<Option<u16>>,
    words: Vec<String>,
    tuple: (u8, String, bool),
    shapes: Vec<Shape>,
    map: BTreeMap<String, Vec<String>>,
    numbered: BTreeMap<i16, Option<bool>>,
    nested: Option<Box<Value>>,
}

/// Brings a value inside what JSV represents: NaN becomes 0, a lone `None` element goes,
/// `None` map values go (they are left out when written), nesting stops well before the
/// reader's limit of 128 levels.
fn representable(value: Value) -> Value {
    representable_at(value, 0)
}

fn representable_at(mut value: Value, depth: usize) -> Value {
    if value.ratio.is_nan() {
        value.ratio = 0.0;
    }
    if value.tiny.is_nan() {
        value.tiny = 0.0;
    }
    if value.list == [None] {
        value.list.clear();
    }
    value.numbered.retain(|_, v| v.is_some());
    value.nested = match value.nested {
        Some(inner) if depth < 40 => Some(Box::new(representable_at(*inner, depth + 1))),
        _ => None,
    };
    value
}

fuzz_target!(|value: Value| {
    let value = representable(value);
    let text = jsv::to_string(&value).expect("every value is writable");
    let back: Value =
        jsv::from_str(&text).unwrap_or_else(|e| panic!("{text:?} does not read back: {e}"));
    assert_eq!(back, value, "{text:?}");
});
