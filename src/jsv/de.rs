//! Reading JSV: a [`Deserializer`] over text, for every type of the serde data model.
//!
//! Two forms are read, told apart by one rule: **text whose first container opens with a line
//! break is the pretty form** (ServiceStack's `Dump()` writes `{` or `[` and a new line, then
//! indents); anything else is the compact wire form, line breaks later on included.
//! - Compact: an unquoted value keeps its spaces, as ServiceStack reads it (`[ A ]` is the
//!   string ` A `, `{Name: A }` has the name ` A `; its test `Can_serialize_values_with_whitespace`).
//!   Keys and enum variant names are trimmed; numbers and booleans read into a typed target are
//!   trimmed; a value of whitespace only is empty.
//! - Pretty: whitespace around keys, values and punctuation is layout, and is skipped; an
//!   unquoted value is trimmed.
//!
//! The writer quotes any string with edge whitespace, so what it writes reads back the same in
//! either form.

use std::borrow::Cow;

use serde::de::{self, Unexpected, Visitor};

use super::RAW_VALUE_TOKEN;
mod access;

use access::{EnumAccess, MapAccess, RawValueAccess, SeqAccess, UnitVariant};

use super::error::{Category, Error, Result};
use super::scalar::{self, Plain, Scalar, is_space};
use super::search::{find_quote, find_value_end};

/// How deep objects and lists may nest before reading stops with an error, as serde_json's
/// default: deeper input would otherwise exhaust the stack.
const RECURSION_LIMIT: usize = 128;

/// Where an unquoted key stops: at `:`, or (malformed) at `,` `{` `}` `[` `]`. A value stops at
/// `,` `}` `]` ([`find_value_end`]). A table: a `matches!` of these six bytes cost document decode
/// 1.4% more instructions.
const KEY_END: [bool; 256] = {
    let mut table = [false; 256];
    let stops = b":,{}[]";
    let mut i = 0;
    while i < stops.len() {
        table[stops[i] as usize] = true;
        i += 1;
    }
    table
};

/// A scalar as read: unquoted text (trimmed) or the content of a quoted string.
enum Token<'de> {
    Unquoted(&'de str),
    Quoted(Cow<'de, str>),
}

impl Token<'_> {
    /// The text, quoted or not (for targets that do not care which).
    fn as_str(&self) -> &str {
        match self {
            Token::Unquoted(text) => text,
            Token::Quoted(text) => text,
        }
    }
}

/// A JSV reader over borrowed text.
pub struct Deserializer<'de> {
    input: &'de str,
    pos: usize,
    remaining_depth: usize,
    /// The compact form: unquoted values keep their spaces (see the module docs).
    keep_space: bool,
}

impl std::fmt::Debug for Deserializer<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Deserializer")
            .field("pos", &self.pos)
            .finish_non_exhaustive()
    }
}

impl<'de> Deserializer<'de> {
    /// A reader of `input`.
    #[allow(clippy::should_implement_trait)] // serde_json's name for the same thing
    pub fn from_str(input: &'de str) -> Self {
        Deserializer {
            input,
            pos: 0,
            remaining_depth: RECURSION_LIMIT,
            keep_space: !is_pretty(input.as_bytes()),
        }
    }

    /// Checks that only whitespace is left; call it after the value, as [`super::from_str`] does.
    pub fn end(&mut self) -> Result<()> {
        self.skip_space();
        if self.pos < self.input.len() {
            return Err(self.error(Category::Syntax, "trailing characters"));
        }
        Ok(())
    }

    fn bytes(&self) -> &'de [u8] {
        self.input.as_bytes()
    }

    #[cold]
    fn error(&self, category: Category, message: &str) -> Error {
        Error::new(category, message).at(self.bytes(), self.pos)
    }

    fn fix(&self, error: Error, offset: usize) -> Error {
        if error.has_position() {
            error
        } else {
            error.at(self.bytes(), offset)
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes().get(self.pos).copied()
    }

    fn skip_space(&mut self) {
        while let Some(&b) = self.bytes().get(self.pos) {
            if !is_space(b) {
                break;
            }
            self.pos += 1;
        }
    }

    /// Peeks past whitespace.
    fn peek_value(&mut self) -> Option<u8> {
        self.skip_space();
        self.peek()
    }

    fn enter(&mut self) -> Result<()> {
        self.remaining_depth -= 1;
        if self.remaining_depth == 0 {
            return Err(self.error(Category::Syntax, "recursion limit exceeded"));
        }
        self.pos += 1;
        Ok(())
    }

    /// The end of a container whose contents gave `value`: its closing byte, consumed. An
    /// error from the contents without a position gets the current one.
    #[inline]
    fn closed<T>(&mut self, value: Result<T>, close: u8) -> Result<T> {
        let value = value.map_err(|e| self.fix(e, self.pos))?;
        self.leave(close)?;
        Ok(value)
    }

    fn leave(&mut self, close: u8) -> Result<()> {
        self.remaining_depth += 1;
        match self.peek_value() {
            Some(b) if b == close => {
                self.pos += 1;
                Ok(())
            }
            Some(_) if close == b'}' => Err(self.error(Category::Syntax, "expected `,` or `}`")),
            Some(_) => Err(self.error(Category::Syntax, "expected `,` or `]`")),
            None if close == b'}' => Err(self.error(Category::Eof, "unclosed `{`")),
            None => Err(self.error(Category::Eof, "unclosed `[`")),
        }
    }

    /// The input from `start` to `end` without its trailing whitespace (the leading one was
    /// skipped before `start`): a byte loop, as these runs are a few bytes long.
    #[inline]
    fn trimmed(&self, start: usize, end: usize) -> &'de str {
        let bytes = self.bytes();
        let mut trimmed = end;
        while trimmed > start && is_space(bytes[trimmed - 1]) {
            trimmed -= 1;
        }
        &self.input[start..trimmed]
    }

    /// Reads a scalar at the current position (whitespace already skipped): a quoted string
    /// or unquoted text up to the next `,`, `}` or `]` (or the end), trimmed.
    fn token(&mut self) -> Result<Token<'de>> {
        if self.peek() == Some(b'"') {
            return self.quoted().map(Token::Quoted);
        }
        Ok(Token::Unquoted(self.unquoted()))
    }

    /// Unquoted text at the current position up to the next `,`, `}` or `]` (or the end):
    /// trimmed in the pretty form; in the compact form with the spaces before it (skipped on
    /// the way here, back to the `:`, `,` or `[` before the value) and after it.
    #[inline(always)]
    fn unquoted(&mut self) -> &'de str {
        let bytes = self.bytes();
        let start = self.pos;
        let end = find_value_end(&bytes[start..]).map_or(bytes.len(), |i| start + i);
        self.pos = end;
        if self.keep_space {
            return &self.input[self.spaced_start(start)..end];
        }
        self.trimmed(start, end)
    }

    /// `start` moved back over the whitespace before it.
    #[inline]
    fn spaced_start(&self, start: usize) -> usize {
        let bytes = self.bytes();
        let mut spaced = start;
        while spaced > 0 && is_space(bytes[spaced - 1]) {
            spaced -= 1;
        }
        spaced
    }

    /// A scalar's text for a typed number or boolean: without edge whitespace in either form.
    #[inline]
    fn bare<'t>(&self, token: &'t Token<'de>) -> &'t str {
        let text = token.as_str();
        if self.keep_space { bare(text) } else { text }
    }

    /// Unquoted text up to the value's end, handed to `visitor` as what [`scalar::classify`]
    /// finds it to be.
    #[inline(always)]
    fn any_unquoted<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        let text = self.unquoted();
        visit_unquoted(visitor, text, scalar::classify(text))
    }

    /// A quoted string, `"` doubled inside; borrowed unless it holds a doubled quote, and then
    /// built in one allocation once its end is known.
    fn quoted(&mut self) -> Result<Cow<'de, str>> {
        let bytes = self.bytes();
        let open = self.pos;
        let mut from = open + 1;
        let mut doubled = false;
        loop {
            let Some(i) = find_quote(&bytes[from..]) else {
                return Err(self.error(Category::Eof, "unterminated quoted string"));
            };
            let quote = from + i;
            if bytes.get(quote + 1) == Some(&b'"') {
                doubled = true;
                from = quote + 2;
                continue;
            }
            self.pos = quote + 1;
            let inner = &self.input[open + 1..quote];
            if !doubled {
                return Ok(Cow::Borrowed(inner));
            }
            let mut text = String::with_capacity(inner.len());
            let mut rest = inner;
            while let Some(i) = find_quote(rest.as_bytes()) {
                // Every quote inside is the first of a doubled pair: keep it, skip its twin.
                text.push_str(&rest[..=i]);
                rest = &rest[i + 2..];
            }
            text.push_str(rest);
            return Ok(Cow::Owned(text));
        }
    }

    /// A scalar for a visitor that wants one; an object or a list is a type error.
    fn scalar<V: Visitor<'de>>(&mut self, visitor: &V) -> Result<(Token<'de>, usize)> {
        match self.peek_value() {
            Some(b'{') => {
                Err(self.fix(de::Error::invalid_type(Unexpected::Map, visitor), self.pos))
            }
            Some(b'[') => {
                Err(self.fix(de::Error::invalid_type(Unexpected::Seq, visitor), self.pos))
            }
            _ => {
                let at = self.pos;
                Ok((self.token()?, at))
            }
        }
    }

    /// The raw text of the object or list at the current position, brackets matched and
    /// quoted strings skipped, without building anything.
    fn raw_container(&mut self) -> Result<&'de str> {
        let bytes = self.bytes();
        let start = self.pos;
        let mut stack = [0u8; RECURSION_LIMIT];
        let mut depth = 0;
        let mut token_start = true;
        while let Some(&b) = bytes.get(self.pos) {
            match b {
                b'"' if token_start => {
                    self.quoted()?;
                    token_start = false;
                    continue;
                }
                b'{' | b'[' => {
                    if depth == RECURSION_LIMIT {
                        return Err(self.error(Category::Syntax, "recursion limit exceeded"));
                    }
                    stack[depth] = if b == b'{' { b'}' } else { b']' };
                    depth += 1;
                    token_start = true;
                }
                b'}' | b']' => {
                    if depth == 0 || stack[depth - 1] != b {
                        return Err(self.error(Category::Syntax, "mismatched bracket"));
                    }
                    depth -= 1;
                    token_start = false;
                    if depth == 0 {
                        self.pos += 1;
                        return Ok(&self.input[start..self.pos]);
                    }
                }
                b',' | b':' => token_start = true,
                b if is_space(b) => {}
                _ => token_start = false,
            }
            self.pos += 1;
        }
        let message = if stack[0] == b'}' {
            "unclosed `{`"
        } else {
            "unclosed `[`"
        };
        Err(self.error(Category::Eof, message))
    }

    /// A string for `deserialize_str`: quoted text, unquoted text (a WCF date as RFC 3339),
    /// or the raw text of an object or list, as ServiceStack reads one into a string.
    fn string<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        let start = self.pos;
        let result = match self.peek_value() {
            Some(b'{' | b'[') => {
                let raw = self.raw_container()?;
                visitor.visit_borrowed_str(raw)
            }
            _ => match self.token()? {
                Token::Quoted(Cow::Borrowed(text)) => visitor.visit_borrowed_str(text),
                Token::Quoted(Cow::Owned(text)) => visitor.visit_string(text),
                Token::Unquoted(text) => match text.as_bytes().first() {
                    Some(b'/') => match scalar::wcf_date_rfc3339(text) {
                        Some(date) => visitor.visit_string(date),
                        None => visitor.visit_borrowed_str(text),
                    },
                    _ => visitor.visit_borrowed_str(text),
                },
            },
        };
        result.map_err(|e| self.fix(e, start))
    }

    fn is_empty_value(&mut self) -> bool {
        matches!(self.peek_value(), None | Some(b',' | b'}' | b']'))
    }

    fn invalid_type_here<V: Visitor<'de>>(&mut self, visitor: &V) -> Error {
        let at = self.pos;
        let unexpected = match self.peek_value() {
            Some(b'{') => Unexpected::Map,
            Some(b'[') => Unexpected::Seq,
            Some(b'"') => Unexpected::Str(""),
            None | Some(b',' | b'}' | b']') => Unexpected::Unit,
            Some(_) => {
                let save = self.pos;
                let kind = match self.token() {
                    Ok(Token::Unquoted(text)) => match scalar::classify(text) {
                        Scalar::Bool(b) => Unexpected::Bool(b),
                        Scalar::Unsigned(v) => Unexpected::Unsigned(v),
                        Scalar::Signed(v) => Unexpected::Signed(v),
                        Scalar::Float(v) => Unexpected::Float(v),
                        Scalar::Date | Scalar::Str => Unexpected::Str(""),
                    },
                    _ => Unexpected::Str(""),
                };
                self.pos = save;
                kind
            }
        };
        let error: Error = de::Error::invalid_type(unexpected, visitor);
        error.at(self.bytes(), at.max(self.pos))
    }
}

/// Whether `input` is the pretty form: its first container opens with a line break (after
/// leading whitespace, a `{` or `[` followed by whitespace that holds a CR or LF), as
/// ServiceStack's `Dump()` writes it. A few bytes tell, so compact text pays nothing.
fn is_pretty(input: &[u8]) -> bool {
    let mut rest = input.iter().skip_while(|&&b| is_space(b));
    if !matches!(rest.next(), Some(b'{' | b'[')) {
        return false;
    }
    rest.take_while(|&&b| is_space(b))
        .any(|&b| b == b'\n' || b == b'\r')
}

/// `text` without edge whitespace (most text has none: two byte tests).
#[inline]
fn bare(text: &str) -> &str {
    let edge = |b: Option<&u8>| b.is_some_and(|&b| is_space(b));
    let bytes = text.as_bytes();
    if edge(bytes.first()) || edge(bytes.last()) {
        text.trim_matches(|c: char| c.is_ascii() && is_space(c as u8))
    } else {
        text
    }
}

/// Hands an unquoted scalar to `visitor` as what [`scalar::classify`] found it to be.
#[inline(always)]
fn visit_unquoted<'de, V: Visitor<'de>>(
    visitor: V,
    text: &'de str,
    scalar: Scalar,
) -> Result<V::Value> {
    match scalar {
        Scalar::Bool(value) => visitor.visit_bool(value),
        Scalar::Unsigned(value) => visitor.visit_u64(value),
        Scalar::Signed(value) => visitor.visit_i64(value),
        Scalar::Float(value) => visitor.visit_f64(value),
        Scalar::Date => match scalar::wcf_date_rfc3339(text) {
            Some(date) => visitor.visit_string(date),
            None => visitor.visit_borrowed_str(text),
        },
        Scalar::Str => visitor.visit_borrowed_str(text),
    }
}

macro_rules! deserialize_integer {
    ($method:ident, $visit:ident, $type:ty, $what:literal) => {
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            let (token, at) = self.scalar(&visitor)?;
            let text = self.bare(&token);
            match text.parse::<$type>() {
                Ok(value) => visitor.$visit(value).map_err(|e| self.fix(e, at)),
                Err(_) => {
                    Err(Error::new(Category::Data, concat!("expected ", $what))
                        .at(self.bytes(), at))
                }
            }
        }
    };
}

macro_rules! deserialize_float {
    ($method:ident, $visit:ident, $type:ty) => {
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            let (token, at) = self.scalar(&visitor)?;
            let text = self.bare(&token);
            match text.parse::<$type>() {
                Ok(value) => visitor.$visit(value).map_err(|e| self.fix(e, at)),
                Err(_) => Err(Error::new(Category::Data, "expected a number").at(self.bytes(), at)),
            }
        }
    };
}

impl<'de> de::Deserializer<'de> for &mut Deserializer<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let at = self.pos;
        let result = match self.peek_value() {
            Some(b'{') => {
                self.enter()?;
                let value = visitor.visit_map(MapAccess::new(self, None));
                return self.closed(value, b'}');
            }
            Some(b'[') => {
                self.enter()?;
                let value = visitor.visit_seq(SeqAccess::new(self));
                return self.closed(value, b']');
            }
            None | Some(b',' | b'}' | b']') => visitor.visit_unit(),
            // Most numbers are read in one pass, without finding their end first.
            // In the compact form a number with a space before it is text (` 1` is a string).
            Some(b'0'..=b'9' | b'-')
                if self.keep_space && self.pos > 0 && is_space(self.bytes()[self.pos - 1]) =>
            {
                self.any_unquoted(visitor)
            }
            Some(b'0'..=b'9' | b'-') => match scalar::plain_number(&self.bytes()[self.pos..]) {
                Plain::Number(number, len) => {
                    let start = self.pos;
                    self.pos += len;
                    visit_unquoted(visitor, &self.input[start..self.pos], number)
                }
                Plain::Text => visitor.visit_borrowed_str(self.unquoted()),
                Plain::Unknown => self.any_unquoted(visitor),
            },
            Some(b'"') => match self.quoted()? {
                Cow::Borrowed(text) => visitor.visit_borrowed_str(text),
                Cow::Owned(text) => visitor.visit_string(text),
            },
            Some(_) => self.any_unquoted(visitor),
        };
        result.map_err(|e| self.fix(e, at))
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let (token, at) = self.scalar(&visitor)?;
        let text = self.bare(&token);
        let value = match text {
            "1" => Some(true),
            "0" => Some(false),
            _ => scalar::parse_bool_word(text),
        };
        match value {
            Some(value) => visitor.visit_bool(value).map_err(|e| self.fix(e, at)),
            None => Err(
                Error::new(Category::Data, "expected a boolean (True, False, 1 or 0)")
                    .at(self.bytes(), at),
            ),
        }
    }

    deserialize_integer!(deserialize_i8, visit_i8, i8, "an integer that fits i8");
    deserialize_integer!(deserialize_i16, visit_i16, i16, "an integer that fits i16");
    deserialize_integer!(deserialize_i32, visit_i32, i32, "an integer that fits i32");
    deserialize_integer!(deserialize_i64, visit_i64, i64, "an integer that fits i64");
    deserialize_integer!(
        deserialize_i128,
        visit_i128,
        i128,
        "an integer that fits i128"
    );
    deserialize_integer!(deserialize_u8, visit_u8, u8, "an integer that fits u8");
    deserialize_integer!(deserialize_u16, visit_u16, u16, "an integer that fits u16");
    deserialize_integer!(deserialize_u32, visit_u32, u32, "an integer that fits u32");
    deserialize_integer!(deserialize_u64, visit_u64, u64, "an integer that fits u64");
    deserialize_integer!(
        deserialize_u128,
        visit_u128,
        u128,
        "an integer that fits u128"
    );
    deserialize_float!(deserialize_f32, visit_f32, f32);
    deserialize_float!(deserialize_f64, visit_f64, f64);

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let (token, at) = self.scalar(&visitor)?;
        let text = token.as_str();
        let mut chars = text.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => visitor.visit_char(c).map_err(|e| self.fix(e, at)),
            _ => {
                Err(Error::new(Category::Data, "expected a single character").at(self.bytes(), at))
            }
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.string(visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.string(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        use base64::Engine;
        let (token, at) = self.scalar(&visitor)?;
        let text = token.as_str();
        match base64::engine::general_purpose::STANDARD.decode(text) {
            Ok(bytes) => visitor.visit_byte_buf(bytes).map_err(|e| self.fix(e, at)),
            Err(_) => Err(Error::new(Category::Data, "expected base64 text").at(self.bytes(), at)),
        }
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.is_empty_value() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.is_empty_value() {
            visitor.visit_unit()
        } else {
            Err(self.invalid_type_here(&visitor))
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        if name == RAW_VALUE_TOKEN {
            return self.raw_value(visitor);
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.peek_value() != Some(b'[') {
            return Err(self.invalid_type_here(&visitor));
        }
        self.enter()?;
        let value = visitor.visit_seq(SeqAccess::new(self));
        self.closed(value, b']')
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.object(None, visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.object(Some(fields), visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        let at = self.pos;
        match self.peek_value() {
            Some(b'{') => {
                self.enter()?;
                let key_at = self.pos;
                let variant = match self.peek_value() {
                    Some(b'}') | None => {
                        return Err(self.error(Category::Data, "expected an enum variant"));
                    }
                    Some(_) => self.key()?,
                };
                let value = visitor.visit_enum(EnumAccess {
                    de: self,
                    variant,
                    variants,
                    key_at,
                });
                self.closed(value, b'}')
            }
            Some(b'[') => Err(self.invalid_type_here(&visitor)),
            _ => {
                let at = self.pos;
                let variant = match self.token()? {
                    Token::Unquoted(text) => Cow::Borrowed(bare(text)),
                    Token::Quoted(text) => text,
                };
                visitor
                    .visit_enum(UnitVariant { variant, variants })
                    .map_err(|e| self.fix(e, at))
            }
        }
        .map_err(|e| self.fix(e, at))
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.string(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.peek_value() {
            Some(b'{' | b'[') => {
                self.raw_container()?;
            }
            _ => {
                self.token()?;
            }
        }
        visitor.visit_unit()
    }
}

impl<'de> Deserializer<'de> {
    fn object<V: Visitor<'de>>(
        &mut self,
        fields: Option<&'static [&'static str]>,
        visitor: V,
    ) -> Result<V::Value> {
        if self.peek_value() != Some(b'{') {
            return Err(self.invalid_type_here(&visitor));
        }
        self.enter()?;
        let value = visitor.visit_map(MapAccess::new(self, fields));
        self.closed(value, b'}')
    }

    /// A key up to its `:` (consumed): quoted, or unquoted and trimmed.
    fn key(&mut self) -> Result<Cow<'de, str>> {
        if self.peek() == Some(b'"') {
            let key = self.quoted()?;
            return match self.peek_value() {
                Some(b':') => {
                    self.pos += 1;
                    Ok(key)
                }
                Some(_) => Err(self.error(Category::Syntax, "expected `:` after a key")),
                None => Err(self.error(Category::Eof, "expected `:` after a key")),
            };
        }
        let bytes = self.bytes();
        let start = self.pos;
        let end = bytes[start..]
            .iter()
            .position(|&b| KEY_END[b as usize])
            .map_or(bytes.len(), |i| start + i);
        if end < bytes.len() && bytes[end] != b':' {
            self.pos = end;
            return Err(self.error(Category::Syntax, "expected `:` after a key"));
        }
        if end == bytes.len() {
            self.pos = end;
            return Err(self.error(Category::Eof, "expected `:` after a key"));
        }
        self.pos = end + 1;
        Ok(Cow::Borrowed(self.trimmed(start, end)))
    }

    /// serde_json's raw-value protocol (used by `money::Amount` and `Box<RawValue>`): the
    /// value is handed on as JSON text — a number's exact text, or the JSON form of anything
    /// else — so that a raw value is always valid JSON.
    fn raw_value<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        let at = self.pos;
        let json: Cow<'de, str> = match self.peek_value() {
            Some(b'{' | b'[') => {
                let value: serde_json::Value = de::Deserialize::deserialize(&mut *self)?;
                Cow::Owned(value.to_string())
            }
            None | Some(b',' | b'}' | b']') => Cow::Borrowed("null"),
            Some(_) => match self.token()? {
                Token::Quoted(text) => {
                    Cow::Owned(serde_json::Value::from(text.as_ref()).to_string())
                }
                Token::Unquoted(text) if scalar::is_json_number(bare(text)) => {
                    Cow::Borrowed(bare(text))
                }
                Token::Unquoted(text) => match scalar::parse_bool_word(bare(text)) {
                    Some(true) => Cow::Borrowed("true"),
                    Some(false) => Cow::Borrowed("false"),
                    None => Cow::Owned(serde_json::Value::from(text).to_string()),
                },
            },
        };
        visitor
            .visit_map(RawValueAccess { json: Some(json) })
            .map_err(|e| self.fix(e, at))
    }
}
