//! `payclients::jsv`, table by table: what each JSV text reads as (typed and through
//! `deserialize_any`), what each value is written as, every error with its position, the
//! ServiceStack examples of the format's notes, and round trips.
#![cfg(feature = "jsv")]

use std::collections::BTreeMap;

use payclients::jsv::{self, Category};
use payclients::money::Amount;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

fn read_any(text: &str) -> Value {
    jsv::from_str(text).unwrap_or_else(|e| panic!("{text:?}: {e}"))
}

#[test]
fn what_text_reads_as_when_the_type_does_not_say() {
    let cases: &[(&str, Value)] = &[
        // The examples of ServiceStack's documentation.
        ("{A:1,B:2}", json!({"A": 1, "B": 2})),
        ("[1,2,3]", json!([1, 2, 3])),
        ("{Greet:Hello World!}", json!({"Greet": "Hello World!"})),
        (r#"{Name:"Me, Junior"}"#, json!({"Name": "Me, Junior"})),
        (r#"{Size:"2"" x 1"""}"#, json!({"Size": "2\" x 1\""})),
        (r#""https://url.com""#, json!("https://url.com")),
        (
            "{Id:00000000000000000000000000000000,Obj:{},Day:SUN,Flag:False}",
            json!({"Id": "00000000000000000000000000000000", "Obj": {}, "Day": "SUN", "Flag": false}),
        ),
        // Scalars by the documented rule.
        ("True", json!(true)),
        ("fAlSe", json!(false)),
        ("0", json!(0)),
        ("-12", json!(-12)),
        ("18446744073709551615", json!(u64::MAX)),
        ("1.5", json!(1.5)),
        ("1e+300", json!(1e300)),
        ("1e300", json!("1e300")),
        ("25.50", json!("25.50")),
        // More digits than a u64 holds, whole and fraction together: text, not a panic.
        ("[1234567890123456789.5]", json!(["1234567890123456789.5"])),
        ("-9999999999999999999.99", json!("-9999999999999999999.99")),
        ("007", json!("007")),
        ("1", json!(1)),
        ("\"1\"", json!("1")),
        ("\"True\"", json!("True")),
        ("yes", json!("yes")),
        // Empty values are nulls; `""` is the empty string.
        ("", Value::Null),
        ("\"\"", json!("")),
        ("[1,,3]", json!([1, null, 3])),
        ("[,]", json!([null, null])),
        ("[]", json!([])),
        ("{a:}", json!({"a": null})),
        // ServiceStack's WCF dates become RFC 3339; quoted, they stay text.
        (
            "/Date(1619450727587-0500)/",
            json!("2021-04-26T10:25:27.587-05:00"),
        ),
        ("/Date(0)/", json!("1970-01-01T00:00:00Z")),
        ("\"/Date(0)/\"", json!("/Date(0)/")),
        (
            "2021-04-26T15:25:27.5870000Z",
            json!("2021-04-26T15:25:27.5870000Z"),
        ),
        // Whitespace around tokens in the pretty form (a line break outside quotes) is layout;
        // the compact form keeps a value's spaces (see the table below).
        (
            "{\n\tA: 1,\n\tB:\n\t[\n\t\tx y\n\t]\n}",
            json!({"A": 1, "B": ["x y"]}),
        ),
        ("  { a : b c }  ", json!({"a": " b c "})),
        ("{\"a:b\":1,\"\":2}", json!({"a:b": 1, "": 2})),
        ("[\" x \"]", json!([" x "])),
        // Inner quotes of unquoted text are text.
        ("{a:say \"hi\"}", json!({"a": "say \"hi\""})),
    ];
    for (text, expected) in cases {
        assert_eq!(&read_any(text), expected, "{text:?}");
    }
}

/// ServiceStack writes a string with edge spaces bare (`[ A ]`, `{Name: A }`) and reads it back
/// with its spaces (ServiceStack.Text's test `Can_serialize_values_with_whitespace`, its PR
/// #1326). The rule that tells the compact form from the pretty one: text whose first container
/// opens with a line break is pretty (as `Dump()` writes it), and its whitespace around tokens
/// is layout. Both sides of it.
#[test]
fn compact_text_keeps_a_values_spaces_and_pretty_text_is_trimmed() {
    let untyped = [
        // Compact: the first container does not open with a line break.
        ("[ A ]", json!([" A "])),
        ("{Name: A }", json!({"Name": " A "})),
        ("{Name:A,Other: B}", json!({"Name": "A", "Other": " B"})),
        ("{ Name :A}", json!({"Name": "A"})),
        ("{A: 1}", json!({"A": " 1"})),
        ("{A:1 }", json!({"A": "1 "})),
        ("[1, ,3]", json!([1, null, 3])),
        (
            "{a:\"q\" ,b:{c:1} ,d:[2] }",
            json!({"a": "q", "b": {"c": 1}, "d": [2]}),
        ),
        (" A ", json!(" A ")),
        (
            "{a:\"two\nlines\",b: x}",
            json!({"a": "two\nlines", "b": " x"}),
        ),
        ("{a:1,\nb: x}", json!({"a": 1, "b": " x"})),
        ("{ \"\n\": x}", json!({"\n": " x"})),
        // Pretty: `{` or `[` then a line break, so whitespace around tokens is skipped.
        ("[\n A \n]", json!(["A"])),
        ("{\n\tName: A \n}", json!({"Name": "A"})),
        ("{\r\nA: 1,\r\nB: x y }", json!({"A": 1, "B": "x y"})),
        (
            "  \n{ \n a: x,\n b: [ y ]\n}",
            json!({"a": "x", "b": ["y"]}),
        ),
    ];
    for (text, expected) in untyped {
        assert_eq!(read_any(text), expected, "{text:?}");
    }
    // Into strings, as ServiceStack's test does.
    assert_eq!(jsv::from_str::<Vec<String>>("[ A ]").unwrap(), [" A "]);
    assert_eq!(jsv::from_str::<String>(" A ").unwrap(), " A ");
    let named: BTreeMap<String, String> = jsv::from_str("{Name: A }").unwrap();
    assert_eq!(named["Name"], " A ");
    // Typed numbers, booleans and enum variants are read without their edge spaces.
    assert_eq!(
        jsv::from_str::<Small>("{a: 1 ,b: 2}").unwrap(),
        Small { a: 1, b: Some(2) }
    );
    assert_eq!(
        jsv::from_str::<Flag>("{on: True }").unwrap(),
        Flag { on: true }
    );
    #[derive(Debug, PartialEq, Deserialize)]
    enum Day {
        Sun,
    }
    assert_eq!(jsv::from_str::<Vec<Day>>("[ Sun ]").unwrap(), [Day::Sun]);
    let amount: BTreeMap<String, Amount> = jsv::from_str("{t: 25.50 }").unwrap();
    assert_eq!(amount["t"].to_string(), "25.50");
    // Errors keep their positions on both sides.
    let compact = jsv::from_str::<Small>("{a: x}").unwrap_err();
    assert_eq!(
        compact.to_string(),
        "expected an integer that fits u8 at line 1 column 5"
    );
    let pretty = jsv::from_str::<Small>("{\n a: x\n}").unwrap_err();
    assert_eq!(
        pretty.to_string(),
        "expected an integer that fits u8 at line 2 column 5"
    );
    // What the writer writes reads back the same in either form: it quotes edge spaces.
    let written = jsv::to_string(&vec![" A ".to_string(), "B".to_string()]).unwrap();
    assert_eq!(written, "[\" A \",B]");
    assert_eq!(
        jsv::from_str::<Vec<String>>(&written).unwrap(),
        [" A ", "B"]
    );
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Small {
    a: u8,
    #[serde(default)]
    b: Option<u8>,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Flag {
    on: bool,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Card {
    card: u8,
}

fn error_of<T: for<'de> Deserialize<'de> + std::fmt::Debug>(text: &str) -> jsv::Error {
    match jsv::from_str::<T>(text) {
        Ok(value) => panic!("{text:?} read as {value:?}"),
        Err(e) => e,
    }
}

#[test]
fn errors_say_what_and_where() {
    let deep = "[".repeat(200);
    let cases: &[(&str, jsv::Error, &str)] = &[
        (
            "{A:1",
            error_of::<Value>("{A:1"),
            "unclosed `{` at line 1 column 5",
        ),
        (
            "[1,2",
            error_of::<Value>("[1,2"),
            "unclosed `[` at line 1 column 5",
        ),
        (
            "{A}",
            error_of::<Value>("{A}"),
            "expected `:` after a key at line 1 column 3",
        ),
        (
            "{A",
            error_of::<Value>("{A"),
            "expected `:` after a key at line 1 column 3",
        ),
        (
            "{A:1,}",
            error_of::<Value>("{A:1,}"),
            "trailing comma at line 1 column 6",
        ),
        (
            "{,}",
            error_of::<Value>("{,}"),
            "expected a key at line 1 column 2",
        ),
        (
            "{A:\"x}",
            error_of::<Value>("{A:\"x}"),
            "unterminated quoted string at line 1 column 4",
        ),
        (
            "{A:\"x\"y}",
            error_of::<Value>("{A:\"x\"y}"),
            "expected `,` or `}` at line 1 column 7",
        ),
        (
            "{A:1]",
            error_of::<Value>("{A:1]"),
            "expected `,` or `}` at line 1 column 5",
        ),
        (
            "[1}",
            error_of::<Value>("[1}"),
            "expected `,` or `]` at line 1 column 3",
        ),
        (
            "[1]x",
            error_of::<Value>("[1]x"),
            "trailing characters at line 1 column 4",
        ),
        (
            "a,b",
            error_of::<Value>("a,b"),
            "trailing characters at line 1 column 2",
        ),
        (
            "[…200",
            error_of::<Value>(&deep),
            "recursion limit exceeded at line 1 column 128",
        ),
        (
            "{a:x}",
            error_of::<Small>("{a:x}"),
            "expected an integer that fits u8 at line 1 column 4",
        ),
        (
            "{a:300}",
            error_of::<Small>("{a:300}"),
            "expected an integer that fits u8 at line 1 column 4",
        ),
        (
            "pretty",
            error_of::<Small>("{\n  a: 1,\n  b: oops\n}"),
            "expected an integer that fits u8 at line 3 column 6",
        ),
        (
            "{b:1}",
            error_of::<Small>("{b:1}"),
            "missing field `a` at line 1 column 5",
        ),
        (
            "[1]",
            error_of::<Small>("[1]"),
            "invalid type: a list, expected struct Small at line 1 column 1",
        ),
        (
            "{on:yes}",
            error_of::<Flag>("{on:yes}"),
            "expected a boolean (True, False, 1 or 0) at line 1 column 5",
        ),
        (
            "{on:{}}",
            error_of::<Flag>("{on:{}}"),
            "invalid type: an object, expected a boolean at line 1 column 5",
        ),
        (
            "{on:[{x:1}]}",
            error_of::<Flag>("{on:[{x:1}]}"),
            "invalid type: a list, expected a boolean at line 1 column 5",
        ),
        (
            "secret",
            error_of::<Card>("{card:4111111111111111}"),
            "expected an integer that fits u8 at line 1 column 7",
        ),
        (
            "secret type",
            error_of::<Vec<u8>>("[tok_live_abc]"),
            "expected an integer that fits u8 at line 1 column 2",
        ),
        (
            "char",
            error_of::<char>("ab"),
            "expected a single character at line 1 column 1",
        ),
        (
            "bytes",
            error_of::<Bytes>("not base64!"),
            "expected base64 text at line 1 column 1",
        ),
    ];
    for (name, error, message) in cases {
        assert_eq!(error.to_string(), *message, "{name}");
    }
    let eof = error_of::<Value>("{a:[1,");
    assert_eq!(eof.classify(), Category::Eof);
    assert!(eof.is_eof());
    assert_eq!((eof.line(), eof.column()), (1, 7));
    assert!(error_of::<Value>("[1]x").is_syntax());
    assert!(error_of::<Small>("{a:x}").is_data());

    let bad_utf8 = jsv::from_slice::<Value>(b"{a:\n\xff}").unwrap_err();
    assert_eq!(bad_utf8.to_string(), "invalid UTF-8 at line 2 column 1");
    // Columns count characters, not bytes.
    assert_eq!(
        error_of::<Small>("{b:1,é:2,a:x}").to_string(),
        "expected an integer that fits u8 at line 1 column 12"
    );
}

#[test]
fn struct_keys_and_variants_match_in_any_case_and_unknown_keys_are_skipped() {
    assert_eq!(
        jsv::from_str::<Small>("{A:1,B:2,extra:{x:[1,{y:\"]\"}]},more:\"},\"}").unwrap(),
        Small { a: 1, b: Some(2) }
    );
    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Camel {
        net_due: u8,
        is_void: bool,
    }
    assert_eq!(
        jsv::from_str::<Camel>("{NetDue:3,ISVOID:true}").unwrap(),
        Camel {
            net_due: 3,
            is_void: true
        }
    );
    assert_eq!(jsv::from_str::<Day>("sun").unwrap(), Day::Sun);
    assert_eq!(jsv::from_str::<Day>("{MON:}").unwrap(), Day::Mon);
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
enum Day {
    Sun,
    Mon,
}

#[derive(Debug, PartialEq, Serialize, Deserialize, Clone)]
enum Shape {
    Unit,
    Newtype(i32),
    Tuple(i32, String),
    Struct { x: i32, label: Option<String> },
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct UnitStruct;

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Newtype(String);

/// Bytes through `serialize_bytes` (what serde_bytes does).
#[derive(Debug, PartialEq)]
struct Bytes(Vec<u8>);

impl Serialize for Bytes {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(&self.0)
    }
}

impl<'de> Deserialize<'de> for Bytes {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Bytes;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("bytes")
            }
            fn visit_byte_buf<E>(self, v: Vec<u8>) -> Result<Bytes, E> {
                Ok(Bytes(v))
            }
        }
        d.deserialize_byte_buf(V)
    }
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Everything {
    flag: bool,
    small: i8,
    big: u64,
    neg: i64,
    wide: i128,
    ratio: f64,
    whole: f64,
    tiny: f32,
    letter: char,
    comma: char,
    text: String,
    empty: String,
    digits: String,
    spaced: String,
    bytes: Bytes,
    missing: Option<String>,
    present: Option<String>,
    list: Vec<Option<u8>>,
    tuple: (u8, String, bool),
    unit: (),
    unit_struct: UnitStruct,
    newtype: Newtype,
    shapes: Vec<Shape>,
    map: BTreeMap<i32, String>,
    nested: Vec<Vec<String>>,
    amount: Amount,
}

fn everything() -> Everything {
    Everything {
        flag: true,
        small: -128,
        big: u64::MAX,
        neg: i64::MIN,
        wide: -170141183460469231731687303715884105728,
        ratio: 0.1,
        whole: 2.0,
        tiny: 1.5,
        letter: 'é',
        comma: ',',
        text: "Hello World!".into(),
        empty: String::new(),
        digits: "123".into(),
        spaced: " padded ".into(),
        bytes: Bytes(b"hi\0".to_vec()),
        missing: None,
        present: Some("{not: an object}".into()),
        list: vec![Some(1), None, Some(3)],
        tuple: (7, "a\"b".into(), false),
        unit: (),
        unit_struct: UnitStruct,
        newtype: Newtype("True".into()),
        shapes: vec![
            Shape::Unit,
            Shape::Newtype(-1),
            Shape::Tuple(2, "x".into()),
            Shape::Struct { x: 3, label: None },
        ],
        map: BTreeMap::from([(1, "one".into()), (-2, "two, too".into())]),
        nested: vec![vec![], vec!["a".into(), "b".into()]],
        amount: "25.50".parse().unwrap(),
    }
}

const EVERYTHING: &str = concat!(
    "{flag:True,small:-128,big:18446744073709551615,neg:-9223372036854775808,",
    "wide:-170141183460469231731687303715884105728,ratio:0.1,whole:2.0,tiny:1.5,letter:é,",
    "comma:\",\",text:Hello World!,empty:\"\",digits:\"123\",spaced:\" padded \",bytes:aGkA,",
    "present:\"{not: an object}\",list:[1,,3],tuple:[7,\"a\"\"b\",False],unit:,unit_struct:,",
    "newtype:\"True\",shapes:[Unit,{Newtype:-1},{Tuple:[2,x]},{Struct:{x:3}}],",
    "map:{-2:\"two, too\",1:one},nested:[[],[a,b]],amount:25.50}"
);

#[test]
fn every_serde_shape_is_written_compactly_and_reads_back() {
    let value = everything();
    let text = jsv::to_string(&value).unwrap();
    assert_eq!(text, EVERYTHING);
    assert_eq!(jsv::from_str::<Everything>(&text).unwrap(), value);
    let mut out = Vec::new();
    jsv::to_writer(&mut out, &value).unwrap();
    assert_eq!(out, jsv::to_vec(&value).unwrap());
    // The amount keeps its exact text both ways.
    assert_eq!(
        jsv::from_str::<Everything>(&text)
            .unwrap()
            .amount
            .to_string(),
        "25.50"
    );
}

#[test]
fn what_values_are_written_as() {
    fn w<T: Serialize + ?Sized>(value: &T) -> String {
        jsv::to_string(value).unwrap()
    }
    assert_eq!(w(&json!({"A": 1, "B": 2})), "{A:1,B:2}");
    assert_eq!(w(&[1, 2, 3]), "[1,2,3]");
    assert_eq!(w(&json!({"Greet": "Hello World!"})), "{Greet:Hello World!}");
    assert_eq!(w(&json!({"Name": "Me, Junior"})), r#"{Name:"Me, Junior"}"#);
    assert_eq!(w(&json!({"Size": "2\" x 1\""})), r#"{Size:"2"" x 1"""}"#);
    assert_eq!(w("https://url.com"), r#""https://url.com""#);
    assert_eq!(w(&json!({"a": null, "b": [null, 1]})), "{a:,b:[,1]}");
    assert_eq!(w(&f64::NAN), "NaN");
    assert_eq!(w(&f64::INFINITY), "Infinity");
    assert_eq!(w(&f64::NEG_INFINITY), "-Infinity");
    assert_eq!(w(&1e300), "1e+300");
    assert_eq!(w("line\nbreak"), "\"line\nbreak\"");
    assert_eq!(w("/Date(0)/"), "\"/Date(0)/\"");
    assert_eq!(w("NaN"), "\"NaN\"");
    assert_eq!(w("25.50"), "25.50");
    assert_eq!(w(&Some(Some(1))), "1");
    assert_eq!(
        w(&BTreeMap::from([("k", None::<u8>), ("l", Some(1))])),
        "{l:1}"
    );
    assert_eq!(w(&BTreeMap::from([(true, 1)])), "{True:1}");
    #[cfg(feature = "paylock")]
    assert_eq!(
        w(&payclients::Guid::NIL),
        "00000000000000000000000000000000"
    );
    let key_error = jsv::to_string(&BTreeMap::from([((1, 2), 3)])).unwrap_err();
    assert_eq!(
        key_error.to_string(),
        "a map key must be a string, a number, a boolean or a unit variant"
    );
    assert!(key_error.is_data());
}

#[test]
fn the_serializer_shows_nothing_it_wrote_in_debug() {
    let mut ser = jsv::Serializer::new(Vec::new());
    // collect_str keeps the last text it wrote in a scratch buffer.
    serde::Serializer::collect_str(&mut ser, &"4111111111111111").unwrap();
    assert_eq!(format!("{ser:?}"), "Serializer { .. }");
    assert_eq!(ser.into_inner(), b"\"4111111111111111\"");
}

#[test]
fn writing_to_a_failing_writer_is_an_io_error() {
    struct Full;
    impl std::io::Write for Full {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("disk full"))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let error = jsv::to_writer(Full, &everything()).unwrap_err();
    assert!(error.is_io());
    assert_eq!(error.to_string(), "disk full");
}

#[cfg(feature = "paylock")]
#[test]
fn servicestack_types_read_through_the_format() {
    #[derive(Debug, Deserialize)]
    struct Dates {
        wcf: chrono::DateTime<chrono::FixedOffset>,
        iso: chrono::DateTime<chrono::Utc>,
        day: chrono::NaiveDate,
        ours: payclients::paylock::DateTime,
        id: payclients::Guid,
    }
    let dates: Dates = jsv::from_str(
        "{wcf:/Date(1619450727587-0500)/,iso:2021-04-26T15:25:27.5870000Z,day:2021-04-26,\
         ours:/Date(1619450727587)/,id:7B0E8C1E4F0A4D9B9A571F1C2A3B4C5D}",
    )
    .unwrap();
    assert_eq!(dates.wcf.to_rfc3339(), "2021-04-26T10:25:27.587-05:00");
    assert_eq!(dates.wcf, dates.iso);
    assert_eq!(dates.day.to_string(), "2021-04-26");
    assert_eq!(dates.ours.to_utc(), dates.iso);
    assert_eq!(dates.id.to_string(), "7b0e8c1e4f0a4d9b9a571f1c2a3b4c5d");
}

#[test]
fn amounts_and_raw_values_keep_exact_text() {
    let amounts: Vec<Amount> = jsv::from_str("[25.50,0,\"7.25\",-3.000,1e2]").unwrap();
    let texts: Vec<String> = amounts.iter().map(ToString::to_string).collect();
    assert_eq!(texts, ["25.50", "0", "7.25", "-3.000", "100"]);
    assert_eq!(
        jsv::to_string(&amounts).unwrap(),
        "[25.50,0,7.25,-3.000,100]"
    );
    let not_amount = jsv::from_str::<Amount>("twenty").unwrap_err();
    assert!(
        not_amount.to_string().starts_with("not a decimal amount"),
        "{not_amount}"
    );

    // serde_json's RawValue receives valid JSON whatever the JSV held.
    let raw = |text: &str| {
        jsv::from_str::<Box<serde_json::value::RawValue>>(text)
            .unwrap()
            .get()
            .to_string()
    };
    assert_eq!(raw("25.50"), "25.50");
    assert_eq!(raw("x y"), "\"x y\"");
    assert_eq!(raw("\"a\"\"b\""), "\"a\\\"b\"");
    assert_eq!(raw("true"), "true");
    assert_eq!(raw(""), "null");
    assert_eq!(raw("{a:1,b:[x]}"), r#"{"a":1,"b":["x"]}"#);
    let back = serde_json::value::RawValue::from_string(r#"{"a":[1.50,"x y"]}"#.into()).unwrap();
    assert_eq!(jsv::to_string(&back).unwrap(), "{a:[1.5,x y]}");
}

#[test]
fn a_string_target_takes_an_object_or_list_as_its_raw_text() {
    #[derive(Deserialize)]
    struct Holder {
        text: String,
    }
    let holder: Holder = jsv::from_str("{text:{a:[1,\"]\"],b:x}}").unwrap();
    assert_eq!(holder.text, "{a:[1,\"]\"],b:x}");
    assert_eq!(
        error_of::<String>("{a:]").to_string(),
        "mismatched bracket at line 1 column 4"
    );
}

#[test]
fn the_notes_examples_round_trip_as_text() {
    for text in [
        "{A:1,B:2}",
        "[1,2,3]",
        "{Greet:Hello World!}",
        r#"{Name:"Me, Junior"}"#,
        r#"{Size:"2"" x 1"""}"#,
        r#""https://url.com""#,
    ] {
        assert_eq!(jsv::to_string(&read_any(text)).unwrap(), text);
    }
    #[derive(Serialize, Deserialize)]
    #[allow(non_snake_case)]
    struct Example {
        Id: String,
        Obj: BTreeMap<String, String>,
        Day: Day,
        Flag: bool,
    }
    let text = "{Id:00000000000000000000000000000000,Obj:{},Day:SUN,Flag:False}";
    let example: Example = jsv::from_str(text).unwrap();
    assert_eq!(jsv::to_string(&example).unwrap(), text);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn scalar() -> impl Strategy<Value = Value> {
        prop_oneof![
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(Value::from),
            ".*".prop_map(Value::from),
            // Text that looks like other scalars, or needs quotes.
            prop::sample::select(vec![
                "",
                " ",
                "True",
                "false",
                "0",
                "-0",
                "1.0",
                "25.50",
                "NaN",
                "Infinity",
                "\"",
                "a,b",
                "{",
                "]",
                "/Date(0)/",
                "x:y",
                "\r\n",
                "é"
            ])
            .prop_map(Value::from),
        ]
    }

    /// Any JSON value but those the format documents as not round-tripping: a list whose
    /// only element is null.
    fn value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![scalar(), Just(Value::Null)];
        leaf.prop_recursive(6, 64, 8, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6)
                    .prop_filter("a lone null", |items| !(items.len() == 1
                        && items[0].is_null()))
                    .prop_map(Value::Array),
                prop::collection::btree_map(".*", inner, 0..6)
                    .prop_map(|map| Value::Object(map.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn any_json_value_round_trips(value in value()) {
            let text = jsv::to_string(&value).unwrap();
            let back: Value = jsv::from_str(&text)
                .map_err(|e| TestCaseError::fail(format!("{text:?}: {e}")))?;
            prop_assert_eq!(back, value, "{:?}", text);
        }

        #[test]
        fn any_string_round_trips_as_a_typed_field(text in ".*", key in ".*") {
            let map = BTreeMap::from([(key, text)]);
            let written = jsv::to_string(&map).unwrap();
            let back: BTreeMap<String, String> = jsv::from_str(&written).unwrap();
            prop_assert_eq!(back, map);
        }

        #[test]
        fn arbitrary_text_never_panics(text in ".{0,64}") {
            let _ = jsv::from_str::<Value>(&text);
            let _ = jsv::from_str::<Everything>(&text);
        }
    }
}

#[test]
fn booleans_and_special_floats_read_in_every_documented_form() {
    for (text, expected) in [
        ("True", true),
        ("true", true),
        ("TRUE", true),
        ("1", true),
        ("False", false),
        ("false", false),
        ("0", false),
        ("\"True\"", true),
    ] {
        assert_eq!(jsv::from_str::<bool>(text).unwrap(), expected, "{text}");
    }
    assert!(jsv::from_str::<f64>("NaN").unwrap().is_nan());
    assert_eq!(jsv::from_str::<f64>("Infinity").unwrap(), f64::INFINITY);
    assert_eq!(
        jsv::from_str::<f64>("-Infinity").unwrap(),
        f64::NEG_INFINITY
    );
    assert_eq!(jsv::from_str::<f32>("1.5").unwrap(), 1.5);
    assert_eq!(jsv::from_str::<i128>("\"-5\"").unwrap(), -5);
    assert_eq!(jsv::from_str::<Option<u8>>("").unwrap(), None);
    assert_eq!(
        jsv::from_str::<Option<String>>("\"\"").unwrap(),
        Some(String::new())
    );
    assert_eq!(jsv::from_str::<()>("  ").unwrap(), ());
    assert_eq!(
        error_of::<()>("x").to_string(),
        "invalid type: a string, expected unit at line 1 column 1"
    );
}

#[test]
fn nesting_is_limited_on_every_path() {
    let deep_list = format!("{}{}", "[".repeat(129), "]".repeat(129));
    let deep_object = format!("{}1{}", "{a:".repeat(129), "}".repeat(129));
    // Through values, skipped members, and raw text taken into a string.
    assert!(
        error_of::<Value>(&deep_list)
            .to_string()
            .starts_with("recursion limit exceeded")
    );
    assert!(
        error_of::<Value>(&deep_object)
            .to_string()
            .starts_with("recursion limit exceeded")
    );
    let skipped = format!("{{a:1,skip:{deep_list}}}");
    assert!(
        error_of::<Small>(&skipped)
            .to_string()
            .starts_with("recursion limit exceeded")
    );
    assert!(
        error_of::<String>(&deep_list)
            .to_string()
            .starts_with("recursion limit exceeded")
    );
    // 127 levels are fine.
    let ok = format!("{}{}", "[".repeat(127), "]".repeat(127));
    assert!(jsv::from_str::<Value>(&ok).is_ok());
    // A long flat list is not nesting.
    let long = format!("[{}]", vec!["1"; 100_000].join(","));
    assert_eq!(jsv::from_str::<Vec<u8>>(&long).unwrap().len(), 100_000);
}
