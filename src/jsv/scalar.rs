//! What an unquoted JSV scalar means when the target type does not say (`deserialize_any`),
//! and therefore which strings the writer must quote. Both sides use these functions, so
//! what is written reads back as what it was.
//!
//! The rule: `True`/`False` in any case → a boolean; an integer written as Rust writes
//! integers (`0`, `-12`, no `+`, no leading zero) that fits `i64`/`u64` → an integer; a
//! float only when the float's shortest text (as this module writes floats) equals the
//! input exactly; a valid `/Date(ms±hhmm)/` → its RFC 3339 text; anything else → a string.

use chrono::{FixedOffset, SecondsFormat};

/// What an unquoted scalar is read as by `deserialize_any`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Scalar {
    Bool(bool),
    Unsigned(u64),
    Signed(i64),
    Float(f64),
    /// ServiceStack's WCF date, to be handed on as RFC 3339 text.
    Date,
    Str,
}

/// Branches on the [`FIRST_BYTE`] table's class by comparisons, not a `match` on the byte: the
/// jump table that compiled to mispredicted four times in five on a document's varied text.
pub(crate) fn classify(text: &str) -> Scalar {
    let Some(&first) = text.as_bytes().first() else {
        return Scalar::Str;
    };
    let class = FIRST_BYTE[first as usize];
    if class == NEVER {
        Scalar::Str
    } else if class == NUMBER {
        number(text)
    } else if class == ANY_LENGTH {
        if wcf_date(text).is_some() {
            Scalar::Date
        } else {
            Scalar::Str
        }
    } else if usize::from(class) != text.len() {
        Scalar::Str
    } else if text == "NaN" {
        Scalar::Float(f64::NAN)
    } else if text == "Infinity" {
        Scalar::Float(f64::INFINITY)
    } else {
        match parse_bool_word(text) {
            Some(value) => Scalar::Bool(value),
            None => Scalar::Str,
        }
    }
}

fn number(text: &str) -> Scalar {
    let bytes = text.as_bytes();
    let digits = bytes.strip_prefix(b"-").unwrap_or(bytes);
    let canonical_integer = !digits.is_empty()
        && digits.iter().all(u8::is_ascii_digit)
        && (digits[0] != b'0' || digits.len() == 1)
        && text != "-0";
    if canonical_integer {
        if bytes[0] == b'-' {
            if let Ok(value) = text.parse::<i64>() {
                return Scalar::Signed(value);
            }
        } else if let Ok(value) = text.parse::<u64>() {
            return Scalar::Unsigned(value);
        }
    }
    if text == "-Infinity" {
        return Scalar::Float(f64::NEG_INFINITY);
    }
    // What is not even a JSON number (a leading zero, a date such as `2024-01-31`) is text
    // without parsing it: the float writer's output always is one.
    if !is_json_number(text) {
        return Scalar::Str;
    }
    match text.parse::<f64>() {
        Ok(value) if is_plain_shortest(digits) => Scalar::Float(value),
        Ok(value) if format_f64(value, &mut zmij::Buffer::new()) == text => Scalar::Float(value),
        _ => Scalar::Str,
    }
}

/// What [`plain_number`] found at the start of an unquoted value.
#[derive(Debug)]
pub(crate) enum Plain {
    /// A number, as [`classify`] reads its text, and the text's length.
    Number(Scalar, usize),
    /// Certainly text, whatever follows up to the value's end: digits with a leading zero
    /// (zip, routing and account numbers) or followed by a byte no number has there
    /// (`2024-01-31`, `12 Main St`), which [`classify`] reads as a string.
    Text,
    /// Anything else, for the general path.
    Unknown,
}

/// The most digits an integer or a float's digits may have in [`plain_number`]'s one pass: 19
/// decimal digits always fit a `u64`.
const PLAIN_DIGITS: usize = 19;

/// A number at the start of `bytes`, read in one pass when it plainly is one and ends at a
/// `,` `}` `]` or the end: a canonical integer of at most 19 digits, or a float's text that
/// [`is_plain_shortest`] accepts, computed exactly (at most 15 significant digits over a power
/// of ten up to 10^19: both exact doubles, so one division rounds correctly). Gives what
/// [`classify`] gives for the same text, and how many bytes it is. Text that no number starts
/// like is [`Plain::Text`]; anything else (whitespace before the end, an exponent, `-0`, more
/// digits…) is left to the general path.
#[inline]
pub(crate) fn plain_number(bytes: &[u8]) -> Plain {
    let negative = bytes.first() == Some(&b'-');
    let start = usize::from(negative);
    let mut i = start;
    let mut mantissa: u64 = 0;
    while let Some(&b) = bytes.get(i)
        && b.is_ascii_digit()
        && i - start < PLAIN_DIGITS
    {
        mantissa = mantissa * 10 + u64::from(b - b'0');
        i += 1;
    }
    let whole = i - start;
    if whole == 0 {
        return Plain::Unknown;
    }
    if whole > 1 && bytes[start] == b'0' {
        return Plain::Text;
    }
    match bytes.get(i) {
        None | Some(b',' | b'}' | b']') => {
            let value = if !negative {
                Scalar::Unsigned(mantissa)
            } else if mantissa == 0 || mantissa > i64::MAX as u64 {
                return Plain::Unknown;
            } else {
                Scalar::Signed(-(mantissa as i64))
            };
            return Plain::Number(value, i);
        }
        Some(b'.') => {}
        Some(b'0'..=b'9' | b'e' | b'E') => return Plain::Unknown,
        Some(&b) if is_space(b) => {
            // Trailing whitespace is trimmed off a number; text after it makes the whole text.
            let next = bytes[i..].iter().find(|&&b| !is_space(b));
            return match next {
                None | Some(b',' | b'}' | b']') => Plain::Unknown,
                Some(_) => Plain::Text,
            };
        }
        Some(_) => return Plain::Text,
    }
    i += 1;
    let fraction_start = i;
    if !bytes.get(i).is_some_and(u8::is_ascii_digit) {
        return Plain::Unknown;
    }
    while let Some(&b) = bytes.get(i)
        && b.is_ascii_digit()
        && i - fraction_start < PLAIN_DIGITS
    {
        // Whole and fraction digits together may pass 19 (`1234567890123456789.5`): such a
        // number is no plain float, and the general path reads it.
        let Some(next) = mantissa
            .checked_mul(10)
            .and_then(|m| m.checked_add(u64::from(b - b'0')))
        else {
            return Plain::Unknown;
        };
        mantissa = next;
        i += 1;
    }
    if !matches!(bytes.get(i), None | Some(b',' | b'}' | b']')) {
        return Plain::Unknown;
    }
    if !is_plain_shortest_split(&bytes[start..fraction_start - 1], &bytes[fraction_start..i]) {
        return Plain::Unknown;
    }
    // At most 15 significant digits (is_plain_shortest_split) and at most 4 + 15 fraction digits.
    let magnitude = mantissa as f64 / POWERS_OF_TEN[i - fraction_start];
    Plain::Number(
        Scalar::Float(if negative { -magnitude } else { magnitude }),
        i,
    )
}

/// 10^0 to 10^19, each an exact `f64`.
const POWERS_OF_TEN: [f64; PLAIN_DIGITS + 1] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19,
];

/// Whether a float's text (sign aside), already known to be a JSON number, is certainly the
/// float writer's own output for the value it parses to, without writing that value: `I.F`
/// without an exponent, `F` ending in a non-zero digit (or `F` = `0` for an integral value), at
/// most 15 significant digits, and a magnitude in `[1e-5, 1e15)` (or zero). A decimal of at most 15 significant digits is the shortest text
/// of its nearest `f64` (a double holds 15 decimal digits exactly), and the writer uses plain
/// notation in `[1e-5, 1e16)`. Anything else is checked by writing the value (a test holds the
/// two to the same answers).
fn is_plain_shortest(digits: &[u8]) -> bool {
    let Some(point) = digits.iter().position(|&b| b == b'.') else {
        return false;
    };
    let (whole, fraction) = (&digits[..point], &digits[point + 1..]);
    fraction.iter().all(u8::is_ascii_digit) && is_plain_shortest_split(whole, fraction)
}

/// [`is_plain_shortest`] for digits already split at the point, the fraction all digits.
#[inline]
fn is_plain_shortest_split(whole: &[u8], fraction: &[u8]) -> bool {
    if fraction == b"0" {
        // An integral value: the writer adds `.0` to its digits.
        return whole.len() <= 15;
    }
    if fraction.last() == Some(&b'0') {
        return false;
    }
    if whole == b"0" {
        let zeros = fraction.iter().take_while(|&&b| b == b'0').count();
        zeros <= 4 && fraction.len() - zeros <= 15
    } else {
        whole.len() + fraction.len() <= 15
    }
}

/// `true`/`false` in any case: the writer's own `True`/`False` compared first, as nearly every
/// boolean read is one.
#[inline]
pub(crate) fn parse_bool_word(text: &str) -> Option<bool> {
    match text {
        "True" => Some(true),
        "False" => Some(false),
        _ => bool_word_in_any_case(text),
    }
}

fn bool_word_in_any_case(text: &str) -> Option<bool> {
    if text.eq_ignore_ascii_case("true") {
        Some(true)
    } else if text.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// The shortest text that reads back as the same `f64` (zmij's, as serde_json's), with .NET's
/// names for the values that are not finite.
pub(crate) fn format_f64(value: f64, buffer: &mut zmij::Buffer) -> &str {
    non_finite(value).unwrap_or_else(|| buffer.format_finite(value))
}

/// As [`format_f64`], for `f32`.
pub(crate) fn format_f32(value: f32, buffer: &mut zmij::Buffer) -> &str {
    non_finite(f64::from(value)).unwrap_or_else(|| buffer.format_finite(value))
}

fn non_finite(value: f64) -> Option<&'static str> {
    if value.is_nan() {
        Some("NaN")
    } else if value.is_infinite() {
        Some(if value > 0.0 { "Infinity" } else { "-Infinity" })
    } else {
        None
    }
}

/// What a first byte says of whether a string could read as another scalar: [`NEVER`], a
/// [`NUMBER`] (a digit or `-`: if its bytes are a number's), [`ANY_LENGTH`] (`/`, a WCF date),
/// or the one length of the word it could be (`NaN`, `Infinity`, `true`, `false`). A table and
/// not a `match`, which compiles to a jump table: an indirect branch per string written.
const FIRST_BYTE: [u8; 256] = {
    let mut table = [NEVER; 256];
    let mut digit = b'0';
    while digit <= b'9' {
        table[digit as usize] = NUMBER;
        digit += 1;
    }
    table[b'-' as usize] = NUMBER;
    table[b'/' as usize] = ANY_LENGTH;
    table[b'N' as usize] = 3;
    table[b'I' as usize] = 8;
    table[b't' as usize] = 4;
    table[b'T' as usize] = 4;
    table[b'f' as usize] = 5;
    table[b'F' as usize] = 5;
    table
};
const NEVER: u8 = 0;
const NUMBER: u8 = 1;
const ANY_LENGTH: u8 = 2;

/// Per byte: [`SPECIAL_BIT`] for the bytes that force a string into quotes wherever they
/// appear (`"` `:` `,` `{` `}` `[` `]` CR LF), [`QUOTE_BIT`] for `"` (the quotes inside must be
/// doubled), and [`NOT_NUMBER_BIT`] for every byte that a number's text never holds.
const SPECIAL: [u8; 256] = {
    let mut table = [NOT_NUMBER_BIT; 256];
    let number = b"0123456789.e+-";
    let mut i = 0;
    while i < number.len() {
        table[number[i] as usize] = 0;
        i += 1;
    }
    let specials = b"\":,{}[]\r\n";
    let mut i = 0;
    while i < specials.len() {
        table[specials[i] as usize] |= SPECIAL_BIT;
        i += 1;
    }
    table[b'"' as usize] |= QUOTE_BIT;
    table
};
const SPECIAL_BIT: u8 = 1;
const QUOTE_BIT: u8 = 2;
const NOT_NUMBER_BIT: u8 = 4;

/// The [`SPECIAL`] bits of all the bytes: one table load per byte, no branch inside a chunk.
/// The whole text is read (no stop at the first special byte), so that the writer knows
/// whether there are quotes to double without searching again.
#[inline]
fn special_bits(bytes: &[u8]) -> u8 {
    let mut chunks = bytes.chunks_exact(8);
    let mut found = 0;
    for chunk in &mut chunks {
        for &b in chunk {
            found |= SPECIAL[b as usize];
        }
    }
    chunks
        .remainder()
        .iter()
        .fold(found, |found, &b| found | SPECIAL[b as usize])
}

pub(crate) fn is_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\r' | b'\n')
}

/// How a string is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Quoting {
    /// As it is.
    Bare,
    /// In quotes, holding none.
    Quoted,
    /// In quotes, its own quotes doubled.
    QuotedDoubling,
}

/// How `text` must be written to be read back as itself: quoted when it is empty, holds a
/// special character, starts or ends with whitespace (unquoted text is trimmed), or would be
/// read as something else than a string.
#[inline(always)]
pub(crate) fn quoting(text: &str, as_value: bool) -> Quoting {
    let bytes = text.as_bytes();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return Quoting::Quoted;
    };
    let bits = special_bits(bytes);
    if bits & QUOTE_BIT != 0 {
        return Quoting::QuotedDoubling;
    }
    if bits & SPECIAL_BIT != 0 || is_space(first) || is_space(last) {
        return Quoting::Quoted;
    }
    // Only text that could read as a number, a boolean, NaN/Infinity or a WCF date is
    // classified: by its first byte, then its bytes (a number) or its length (a word).
    let class = FIRST_BYTE[first as usize];
    let could_be_other = if class == NUMBER {
        (bits & NOT_NUMBER_BIT == 0 && !leading_zero(bytes)) || text == "-Infinity"
    } else {
        class == ANY_LENGTH || class as usize == bytes.len()
    };
    let other_scalar = as_value && could_be_other && reads_as_other(text);
    if other_scalar {
        Quoting::Quoted
    } else {
        Quoting::Bare
    }
}

/// Whether the digits start with a `0` followed by another digit (`00861`, `-012`), which no
/// number the reader knows does: zip codes, routing and account numbers are written without
/// classifying them. [`plain_number`] finds the same (`Plain::Text`), but only behind the
/// out-of-line [`reads_as_other`]; asking here first saves that call on such strings
/// (document encode: 23.04M instructions without this check, 22.89M with it).
#[inline(always)]
fn leading_zero(bytes: &[u8]) -> bool {
    let digits = bytes.strip_prefix(b"-").unwrap_or(bytes);
    matches!(digits, [b'0', b'0'..=b'9', ..])
}

/// Whether `text` reads as something else than a string. Out of line and cold: few strings
/// get here, and inlined into the writer of every string it made them all slower. The
/// reader's one-pass number reader answers first, as it does when reading (`text` holds no
/// `,` `}` `]` here, so it reads all of it): digits such as a zip code are an integer without
/// parsing one.
#[cold]
#[inline(never)]
fn reads_as_other(text: &str) -> bool {
    match plain_number(text.as_bytes()) {
        Plain::Number(..) => true,
        Plain::Text => false,
        Plain::Unknown => classify(text) != Scalar::Str,
    }
}

/// Parses ServiceStack's `/Date(ms)/` or `/Date(ms±hhmm)/`: milliseconds since the Unix epoch
/// and the sender's offset.
pub(crate) fn wcf_date(text: &str) -> Option<chrono::DateTime<FixedOffset>> {
    let inner = text.strip_prefix("/Date(")?.strip_suffix(")/")?;
    let sign_at = inner
        .char_indices()
        .skip(1)
        .find(|(_, c)| *c == '+' || *c == '-')
        .map(|(i, _)| i);
    let (millis, offset) = match sign_at {
        Some(i) => (&inner[..i], Some(&inner[i..])),
        None => (inner, None),
    };
    let millis: i64 = millis.parse().ok()?;
    let offset = match offset {
        None => FixedOffset::east_opt(0)?,
        Some(text) => {
            let (sign, digits) = text.split_at(1);
            if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let hours: i32 = digits[..2].parse().ok()?;
            let minutes: i32 = digits[2..].parse().ok()?;
            let seconds = (hours * 3600 + minutes * 60) * if sign == "-" { -1 } else { 1 };
            FixedOffset::east_opt(seconds)?
        }
    };
    let utc = chrono::DateTime::from_timestamp_millis(millis)?;
    Some(utc.with_timezone(&offset))
}

/// A WCF date as RFC 3339 text (`2021-04-26T10:25:27.587-05:00`; `Z` for UTC).
pub(crate) fn wcf_date_rfc3339(text: &str) -> Option<String> {
    wcf_date(text).map(|date| date.to_rfc3339_opts(SecondsFormat::AutoSi, true))
}

/// Whether `text` is a JSON number (`-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`).
pub(crate) fn is_json_number(text: &str) -> bool {
    let mut bytes = text.as_bytes();
    bytes = bytes.strip_prefix(b"-").unwrap_or(bytes);
    let int_len = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    if int_len == 0 || (int_len > 1 && bytes[0] == b'0') {
        return false;
    }
    bytes = &bytes[int_len..];
    if let Some(rest) = bytes.strip_prefix(b".") {
        let n = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        if n == 0 {
            return false;
        }
        bytes = &rest[n..];
    }
    if let Some(rest) = bytes
        .strip_prefix(b"e")
        .or_else(|| bytes.strip_prefix(b"E"))
    {
        let rest = rest
            .strip_prefix(b"+")
            .or_else(|| rest.strip_prefix(b"-"))
            .unwrap_or(rest);
        let n = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        if n == 0 {
            return false;
        }
        bytes = &rest[n..];
    }
    bytes.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classification_table() {
        let cases = [
            ("True", Scalar::Bool(true)),
            ("fALSE", Scalar::Bool(false)),
            ("0", Scalar::Unsigned(0)),
            ("18446744073709551615", Scalar::Unsigned(u64::MAX)),
            ("-9223372036854775808", Scalar::Signed(i64::MIN)),
            ("1.5", Scalar::Float(1.5)),
            ("1.0", Scalar::Float(1.0)),
            ("1e+300", Scalar::Float(1e300)),
            ("1e300", Scalar::Str),
            ("Infinity", Scalar::Float(f64::INFINITY)),
            ("-Infinity", Scalar::Float(f64::NEG_INFINITY)),
            ("/Date(0)/", Scalar::Date),
            // Not as a number would be written: kept as text.
            ("25.50", Scalar::Str),
            ("007", Scalar::Str),
            ("-0", Scalar::Str),
            ("+1", Scalar::Str),
            ("1.", Scalar::Str),
            ("1E300", Scalar::Str),
            ("18446744073709551616", Scalar::Str),
            ("inf", Scalar::Str),
            ("yes", Scalar::Str),
            ("00000000000000000000000000000000", Scalar::Str),
            ("/Date(x)/", Scalar::Str),
            // Shapes the float writer never writes are text without a parse.
            ("2024-01-31", Scalar::Str),
            ("1.5-2", Scalar::Str),
            ("1e", Scalar::Str),
            ("1e+", Scalar::Str),
            ("1.e5", Scalar::Str),
            ("1e5.5", Scalar::Str),
            ("1--2", Scalar::Str),
        ];
        for (text, expected) in cases {
            assert_eq!(classify(text), expected, "{text}");
        }
        // Whatever the float writer writes reads back as that float.
        for value in [0.1, -1.5e-7, 1e21, 123456.789, -2.5e-300, 5e-324, f64::MAX] {
            let text = format_f64(value, &mut zmij::Buffer::new()).to_string();
            assert_eq!(classify(&text), Scalar::Float(value), "{text}");
        }
        assert!(matches!(classify("NaN"), Scalar::Float(v) if v.is_nan()));
    }

    // The shortcut that skips writing a float agrees with writing it, on texts at and around
    // its limits (15 and 16 digits, magnitudes near 1e-5 and 1e15, trailing zeros) and on
    // 20,000 generated decimals.
    #[test]
    fn the_plain_float_shortcut_agrees_with_the_writer() {
        let mut texts: Vec<String> = [
            "0.1",
            "0.3",
            "0.00001",
            "0.000001",
            "0.0000123",
            "0.12345678901234",
            "0.123456789012345",
            "0.1234567890123456",
            "1.5",
            "1.50",
            "100.25",
            "99999999999999.9",
            "999999999999999.9",
            "123456789012345.6",
            "12345678901234.5",
            "1.00000000000001",
            "1.000000000000001",
            "9007199254740993.5",
            "0.30000000000000004",
            "2.675",
            "-0.5",
            "-123.456",
            "0.0000099999",
            "0.0",
            "-0.0",
            "5.0",
            "-5.0",
            "100.0",
            "999999999999999.0",
            "1000000000000000.0",
            "9007199254740993.0",
            "05.0",
            "1.00",
        ]
        .into_iter()
        .map(String::from)
        .collect();
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let whole = (seed % 17) as usize;
            let fraction = 1 + (seed >> 8) as usize % 17;
            let digit = |i: usize| char::from(b'0' + ((seed >> (i * 3 % 60)) % 10) as u8);
            let mut text: String = (0..whole).map(digit).collect();
            if text.is_empty() || text.starts_with('0') {
                text = format!("0.{}", "0".repeat((seed >> 20) as usize % 7));
            } else {
                text.push('.');
            }
            text.extend((0..fraction).map(|i| digit(i + 5)));
            texts.push(text);
            // An integral value of 1 to 17 digits, as the writer writes it (`W.0`) or not.
            let integral: String = (0..1 + whole).map(|i| digit(i + 2)).collect();
            texts.push(format!("{integral}.0"));
        }
        let mut shortcut = 0;
        for text in &texts {
            let written = match text.parse::<f64>() {
                Ok(value) if format_f64(value, &mut zmij::Buffer::new()) == text => {
                    Scalar::Float(value)
                }
                _ => Scalar::Str,
            };
            assert_eq!(classify(text), written, "{text}");
            if is_json_number(text)
                && is_plain_shortest(text.strip_prefix('-').unwrap_or(text).as_bytes())
            {
                shortcut += 1;
                assert_ne!(
                    written,
                    Scalar::Str,
                    "the shortcut took {text}, which is text"
                );
            }
        }
        assert!(
            shortcut > 5_000,
            "the shortcut was tried on {shortcut} texts only"
        );
    }

    #[test]
    fn quoting_table() {
        for (text, quoted) in [
            ("", true),
            ("Hello World!", false),
            ("Me, Junior", true),
            ("https://url.com", true),
            ("2\" x 1\"", true),
            (" lead", true),
            ("trail\t", true),
            ("a{b", true),
            ("line\nbreak", true),
            ("123", true),
            ("true", true),
            ("25.50", false),
            ("String", false),
        ] {
            assert_eq!(quoting(text, true) != Quoting::Bare, quoted, "{text:?}");
        }
        assert_eq!(
            quoting("123", false),
            Quoting::Bare,
            "keys are always strings"
        );
        assert_eq!(quoting("Me, Junior", true), Quoting::Quoted);
        for text in ["2\" x 1\"", "\"", "a, \"b\" and more than eight bytes"] {
            assert_eq!(quoting(text, true), Quoting::QuotedDoubling, "{text:?}");
        }
    }

    // Quoting classifies only the strings whose first byte, bytes or length allow another
    // scalar; the answer must be the one that classifying every string gives.
    #[test]
    fn quoting_skips_classifying_only_what_cannot_be_another_scalar() {
        let mut texts: Vec<String> = [
            "true",
            "tru",
            "trues",
            "TRUE",
            "False",
            "fals",
            "NaN",
            "Nan",
            "NaNa",
            "Infinity",
            "Infinit",
            "-Infinity",
            "-Inf",
            "/Date(0)/",
            "/x",
            "2024-01-31",
            "12 Main St",
            "00084",
            "-012",
            "00.5",
            "00",
            "0",
            "0.5",
            "-0.5",
            "0e1",
            "0.0",
            "-0.0",
            "1e5",
            "1e+300",
            "-",
            "--1",
            "-0",
            "1.5",
            "7",
            "x1",
            "1x",
        ]
        .into_iter()
        .map(String::from)
        .collect();
        let alphabet = b"0123456789.e+-tTrRuUfFaAlLsSNIn/ x";
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = 1 + (seed % 9) as usize;
            texts.push(
                (0..len)
                    .map(|i| char::from(alphabet[(seed >> (i * 5 + 4)) as usize % alphabet.len()]))
                    .collect(),
            );
        }
        for text in &texts {
            let bytes = text.as_bytes();
            let plain_text = special_bits(bytes) & SPECIAL_BIT == 0
                && !is_space(bytes[0])
                && !is_space(bytes[bytes.len() - 1]);
            let expected = if !plain_text {
                quoting(text, false)
            } else if classify(text) != Scalar::Str {
                Quoting::Quoted
            } else {
                Quoting::Bare
            };
            assert_eq!(quoting(text, true), expected, "{text:?}");
        }
    }

    #[test]
    fn the_one_pass_number_reader_agrees_with_classify() {
        let mut texts: Vec<String> = [
            "0",
            "7",
            "-7",
            "-0",
            "00",
            "01",
            "18446744073709551615",
            "18446744073709551616",
            "9999999999999999999",
            "99999999999999999999",
            "-9223372036854775808",
            "-9223372036854775807",
            "1.5",
            "1.50",
            "5.0",
            "0.0",
            "-0.0",
            "5.",
            ".5",
            "1e5",
            "1.5e3",
            "0.00001",
            "0.000001",
            "123456789012345.6",
            "1234567890123456.7",
            "0.1234567890123456789",
            "0.00001234567890123456789",
            "1234567890123456789.5",
            "9999999999999999999.99",
            "-9999999999999999999.9999999999999999999",
            "12 ",
            "1 ,",
            "1x",
            "-",
            "--1",
            "-Infinity",
            "1.5.5",
            "1.5,",
            "7}",
            "7]",
            "7,",
            "2024-01-31",
            "00501",
            "-05",
            "12 Main St",
            "12  ,",
            "12 \t}",
            "12 x,",
            "1234567890123456789012-3",
            "0x1F",
            "1e16",
            "-1e16",
            "1e-7",
            "1.5e-7",
        ]
        .into_iter()
        .map(String::from)
        .collect();
        let alphabet = b"0123456789.-,} e";
        let mut seed = 0x5851_f42d_4c95_7f2d_u64;
        for _ in 0..50_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = 1 + (seed % 23) as usize;
            let text: String = (0..len)
                .map(|i| {
                    let pick = (seed >> (i * 3 % 61)) as usize;
                    // Mostly digits, so that long numbers come up.
                    if !pick.is_multiple_of(4) {
                        char::from(b'0' + (pick / 4 % 10) as u8)
                    } else {
                        char::from(alphabet[pick / 4 % alphabet.len()])
                    }
                })
                .collect();
            texts.push(text);
        }
        let (mut taken, mut text_for_sure) = (0, 0);
        for text in &texts {
            match plain_number(text.as_bytes()) {
                Plain::Number(scalar, len) => {
                    taken += 1;
                    let rest = &text[len..];
                    assert!(
                        rest.is_empty() || rest.starts_with([',', '}', ']']),
                        "{text:?} ends at {len}"
                    );
                    assert_eq!(
                        format!("{scalar:?}"),
                        format!("{:?}", classify(&text[..len])),
                        "{text:?}"
                    );
                }
                Plain::Text => {
                    text_for_sure += 1;
                    // The value the reader takes: up to the first `,` `}` `]`, trimmed.
                    let value = text.split([',', '}', ']']).next().unwrap_or_default();
                    let value = value.trim_end_matches(|c: char| c.is_ascii() && is_space(c as u8));
                    assert_eq!(classify(value), Scalar::Str, "{text:?}");
                }
                Plain::Unknown => {}
            }
        }
        assert!(taken > 5_000, "the reader took {taken} texts only");
        assert!(
            text_for_sure > 5_000,
            "the reader called {text_for_sure} texts only text"
        );
    }

    #[test]
    fn json_numbers() {
        for ok in ["0", "-1", "25.50", "1e5", "1.5E-3", "-0.0"] {
            assert!(is_json_number(ok), "{ok}");
        }
        for bad in ["", "-", "01", "1.", ".5", "1e", "+1", "1e+", "NaN", "0x1"] {
            assert!(!is_json_number(bad), "{bad}");
        }
    }
}
