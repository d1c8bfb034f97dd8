//! JSV, ServiceStack's text format, as a serde data format — in serde_json's shape:
//! [`from_str`], [`from_slice`], [`to_string`], [`to_vec`], [`to_writer`], a [`Serializer`], a
//! [`Deserializer`] and an [`Error`] with a line, a column and a [`Category`].
//!
//! ```
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Serialize, Deserialize, PartialEq, Debug)]
//! struct Fee {
//!     name: String,
//!     amount: payclients::money::Amount,
//!     waived: bool,
//!     note: Option<String>,
//! }
//!
//! let fee = Fee { name: "Me, Junior".into(), amount: "25.50".parse()?, waived: false, note: None };
//! let text = payclients::jsv::to_string(&fee)?;
//! assert_eq!(text, r#"{name:"Me, Junior",amount:25.50,waived:False}"#);
//! assert_eq!(payclients::jsv::from_str::<Fee>(&text)?, fee);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # The format
//!
//! | serde | JSV written | also read |
//! |---|---|---|
//! | struct, map | `{a:1,b:x}`; `None` members and entries left out | whitespace around tokens (the pretty form); struct keys in any case |
//! | sequence, tuple | `[1,2,3]`; a `None` element is empty: `[1,,3]` | |
//! | `bool` | `True`, `False` | any case; `1`, `0` |
//! | integers, floats | invariant text; floats as their shortest round-trip text (`1.0`, `1e+300`), `NaN`, `Infinity`, `-Infinity` | quoted numbers |
//! | string, `char` | unquoted, unless empty, holding `"` `:` `,` `{` `}` `[` `]` CR or LF, edged with whitespace, or reading as another type; quoted with inner `"` doubled | an object or list read into a string gives its raw text |
//! | bytes | base64 (standard alphabet, padded) | |
//! | `()`, unit struct, `None` | nothing (an empty value) | |
//! | newtype struct | its content | |
//! | enum | unit variant: its name; others `{Variant:value}`, `{Variant:[…]}`, `{Variant:{…}}` (serde_json's external tagging) | variant names in any case |
//!
//! ServiceStack specifics: GUIDs are [`crate::Guid`] (32 hex digits); ServiceStack's
//! `/Date(ms±hhmm)/` dates, unquoted, reach visitors as RFC 3339 text, so chrono's types and
//! [`crate::paylock::DateTime`] read them; `yyyy-MM-dd` and ISO 8601 dates are plain text.
//!
//! # Types from text alone
//!
//! A JSV scalar carries no type. Where the target type does not say what it expects
//! (`deserialize_any`: `serde_json::Value`, untagged enums, flattened structs), an unquoted
//! scalar is read by one rule: `True`/`False` in any case → a boolean; an integer as Rust writes
//! integers that fits `i64`/`u64` → an integer; a float only when the float's shortest text
//! equals the input exactly (`1.5`, not `1.50`); a valid `/Date()/` → its RFC 3339 text;
//! anything else → a string, exactly as written. So `25.50` reaches a decimal type as the text
//! `25.50`. Quoted text is always a string; an empty value is a unit (JSON's `null`).
//!
//! Amounts ([`crate::money::Amount`], and `serde_json`'s `RawValue`) take serde_json's
//! raw-value path: a number's exact text is handed on, never a float.
//!
//! # Compact and pretty text
//!
//! Text whose first container opens with a line break (after leading whitespace, `{` or `[` and
//! then a CR or LF before the first token) is the pretty form, as ServiceStack's `Dump()` writes
//! it: its whitespace around keys, values and punctuation is layout, and unquoted values are
//! trimmed. Any other text is the compact wire form, where an unquoted value keeps its spaces as
//! ServiceStack reads it (`[ A ]` is the list of ` A `; keys, enum variants, and numbers or
//! booleans read into typed targets are trimmed; a whitespace-only value is empty).
//!
//! # Compared with ServiceStack's writer
//!
//! What is written here reads back the same in ServiceStack and here; some bytes differ where
//! matching ServiceStack would lose a round trip:
//! - A string with edge spaces is quoted (`" A "`); ServiceStack writes it bare (` A `), which
//!   reads back the same only in the compact form.
//! - A whole float is written `1.0`; ServiceStack writes `1`, which an untyped reader takes for
//!   an integer.
//! - A string that reads as another scalar (`"1"`, `"True"`, a `/Date()/`) is quoted;
//!   ServiceStack writes a typed field's string bare, which an untyped reader takes for a number,
//!   a boolean or a date.
//! - Dates: `chrono` types are written as serde gives them (RFC 3339 text, quoted where it holds
//!   `:`); ServiceStack writes `yyyy-MM-ddTHH:mm:ss.fffffffZ` bare. Both read here.
//!
//! # Round trips
//!
//! `from_str(&to_string(&x)?)? == x` for every value JSV can represent. The exceptions: `NaN`
//! (never equal to itself), `Some(None)` (reads back as `None`), a `None` map value (left out),
//! and a list whose only element is empty (`[]` is the empty list). Inside untagged enums and
//! flattened structs the rule above decides types, so a string of digits held there reads back
//! as a number.
//!
//! # Hostile input
//!
//! Reading never panics, stops at 128 levels of nesting (as serde_json), and allocates only
//! as the data it has read requires. Error messages never repeat the input's text.
//!
//! Amplification: what a text decodes into can be larger than the text. The worst case is a
//! list of empty elements, one per `,`, read into an untyped value (`serde_json::Value`): about
//! 40 bytes of memory per input byte (10 MB of `,` took 394 MB, measured for issue 20). Bound
//! the input to bound the memory: PayLock's client reads at most its body limit
//! (`with_max_body_size`, 64 MiB by default), the sandbox at most 4 MiB of request body.

mod de;
mod error;
mod scalar;
mod search;
mod ser;

use std::io;

use serde::{Deserialize, Serialize};

pub use de::Deserializer;
pub use error::{Category, Error, Result};
pub use ser::{Compound, Serializer};

#[cfg(feature = "paylock")]
pub(crate) use scalar::wcf_date;

/// serde_json's name for its raw-value protocol, which [`crate::money::Amount`] uses.
const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

/// Reads a `T` from JSV text (compact or pretty-printed); only whitespace may follow it.
pub fn from_str<'a, T: Deserialize<'a>>(text: &'a str) -> Result<T> {
    let mut de = Deserializer::from_str(text);
    let value = T::deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}

/// Reads a `T` from JSV bytes, which must be UTF-8.
pub fn from_slice<'a, T: Deserialize<'a>>(bytes: &'a [u8]) -> Result<T> {
    match std::str::from_utf8(bytes) {
        Ok(text) => from_str(text),
        Err(e) => Err(Error::new(Category::Syntax, "invalid UTF-8").at(bytes, e.valid_up_to())),
    }
}

/// Writes `value` as compact JSV into `writer`.
pub fn to_writer<W: io::Write, T: ?Sized + Serialize>(writer: W, value: &T) -> Result<()> {
    let mut ser = Serializer::new(writer);
    value.serialize(&mut ser)
}

/// `value` as compact JSV bytes.
pub fn to_vec<T: ?Sized + Serialize>(value: &T) -> Result<Vec<u8>> {
    let mut ser = Serializer::new(ser::VecWriter(Vec::with_capacity(128)));
    value.serialize(&mut ser)?;
    Ok(ser.into_inner().0)
}

/// `value` as compact JSV text.
pub fn to_string<T: ?Sized + Serialize>(value: &T) -> Result<String> {
    let bytes = to_vec(value)?;
    debug_assert!(std::str::from_utf8(&bytes).is_ok(), "invalid UTF-8 written");
    // SAFETY: the serializer writes only UTF-8: whole `&str`s, `&str`s cut just after an
    // ASCII quote (to double it), ASCII punctuation, digits and base64. serde_json's
    // `to_string` relies on the same property of its writer; checking it again cost ~2% of
    // encoding a document. Tests and the fuzz targets run with the debug assertion above.
    #[allow(unsafe_code)]
    Ok(unsafe { String::from_utf8_unchecked(bytes) })
}
