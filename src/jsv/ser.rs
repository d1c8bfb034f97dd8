//! Writing JSV: a [`Serializer`] that writes the compact form (`{a:1,b:[x,y]}`, no
//! whitespace), quoting a string only when it would not read back as itself.

use std::io;

use serde::ser::{self, Impossible, Serialize};

use super::RAW_VALUE_TOKEN;
use super::error::{Category, Error, Result};
use super::scalar::{Quoting, format_f32, format_f64, quoting};
use super::search::find_quote;

/// The methods of a serializer that takes only a few kinds of value (a map key, a raw value's
/// text): each listed scalar method, and every method of a value that holds others, gives
/// `Err($error)`.
macro_rules! refuse {
    ($error:expr; $($method:ident($($arg:ty),*)),* $(,)?) => {
        $(fn $method(self, $(_: $arg),*) -> Result<()> {
            Err($error)
        })*

        fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<()> {
            Err($error)
        }
        fn serialize_newtype_variant<T: ?Sized + Serialize>(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: &T,
        ) -> Result<()> {
            Err($error)
        }
        fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq> {
            Err($error)
        }
        fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple> {
            Err($error)
        }
        fn serialize_tuple_struct(
            self,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleStruct> {
            Err($error)
        }
        fn serialize_tuple_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleVariant> {
            Err($error)
        }
        fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap> {
            Err($error)
        }
        fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct> {
            Err($error)
        }
        fn serialize_struct_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeStructVariant> {
            Err($error)
        }
    };
}

mod member;
mod raw;

use member::{Key, Member, is_none};

/// [`super::to_vec`]'s writer: a `Vec<u8>` whose one-byte writes (the punctuation, a few per
/// value) are a push rather than a call to copy one byte.
pub(crate) struct VecWriter(pub(crate) Vec<u8>);

impl io::Write for VecWriter {
    #[inline(always)]
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_all(buf)?;
        Ok(buf.len())
    }

    #[inline(always)]
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match buf {
            [byte] => self.0.push(*byte),
            _ => self.0.extend_from_slice(buf),
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A JSV writer into any `io::Write`.
pub struct Serializer<W> {
    writer: W,
    scratch: String,
    /// `SerializeMap::serialize_key`'s written form, held until the value shows it is not
    /// `None` (here rather than in every `Compound`, which stays small).
    pending_key: Option<Vec<u8>>,
}

/// Shows no field: the scratch text and a pending key hold values written (a card number
/// written through `collect_str`, say), and the writer holds the text itself.
impl<W> std::fmt::Debug for Serializer<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Serializer").finish_non_exhaustive()
    }
}

impl<W: io::Write> Serializer<W> {
    /// A writer into `writer`.
    pub fn new(writer: W) -> Self {
        Serializer {
            writer,
            scratch: String::new(),
            pending_key: None,
        }
    }

    /// The writer back.
    pub fn into_inner(self) -> W {
        self.writer
    }

    #[inline]
    fn write(&mut self, bytes: &[u8]) -> Result<()> {
        self.writer.write_all(bytes).map_err(Error::io)
    }

    #[inline]
    fn write_text(&mut self, text: &str, as_value: bool) -> Result<()> {
        match quoting(text, as_value) {
            Quoting::Bare => self.write(text.as_bytes()),
            Quoting::Quoted => write_quoted(&mut self.writer, text, false),
            Quoting::QuotedDoubling => write_quoted(&mut self.writer, text, true),
        }
    }
}

/// `text` in quotes; with `doubling` (it holds quotes), each of its quotes doubled.
fn write_quoted<W: io::Write>(writer: &mut W, text: &str, doubling: bool) -> Result<()> {
    quoted(writer, text, doubling).map_err(Error::io)
}

fn quoted<W: io::Write>(writer: &mut W, text: &str, doubling: bool) -> io::Result<()> {
    writer.write_all(b"\"")?;
    let mut rest = text.as_bytes();
    // Inner quotes are doubled; there are no other escapes.
    while doubling && let Some(i) = find_quote(rest) {
        writer.write_all(&rest[..=i])?;
        writer.write_all(b"\"")?;
        rest = &rest[i + 1..];
    }
    writer.write_all(rest)?;
    writer.write_all(b"\"")
}

macro_rules! write_display {
    ($($method:ident($type:ty)),* $(,)?) => {
        $(fn $method(self, value: $type) -> Result<()> {
            let mut buffer = itoa::Buffer::new();
            self.write(buffer.format(value).as_bytes())
        })*
    };
}

impl<'a, W: io::Write> ser::Serializer for &'a mut Serializer<W> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a, W>;
    type SerializeTuple = Compound<'a, W>;
    type SerializeTupleStruct = Compound<'a, W>;
    type SerializeTupleVariant = Compound<'a, W>;
    type SerializeMap = Compound<'a, W>;
    type SerializeStruct = Compound<'a, W>;
    type SerializeStructVariant = Compound<'a, W>;

    fn serialize_bool(self, value: bool) -> Result<()> {
        self.write(if value { b"True" } else { b"False" })
    }

    write_display! {
        serialize_i8(i8), serialize_i16(i16), serialize_i32(i32), serialize_i64(i64),
        serialize_i128(i128), serialize_u8(u8), serialize_u16(u16), serialize_u32(u32),
        serialize_u64(u64), serialize_u128(u128),
    }

    fn serialize_f32(self, value: f32) -> Result<()> {
        let mut buffer = zmij::Buffer::new();
        self.write(format_f32(value, &mut buffer).as_bytes())
    }

    fn serialize_f64(self, value: f64) -> Result<()> {
        let mut buffer = zmij::Buffer::new();
        self.write(format_f64(value, &mut buffer).as_bytes())
    }

    fn serialize_char(self, value: char) -> Result<()> {
        self.write_text(value.encode_utf8(&mut [0; 4]), true)
    }

    fn serialize_str(self, value: &str) -> Result<()> {
        self.write_text(value, true)
    }

    fn collect_str<T: ?Sized + std::fmt::Display>(self, value: &T) -> Result<()> {
        // GUIDs, KSUIDs and dates come this way: format into a reused buffer, not a new
        // String each time.
        use std::fmt::Write;
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        write!(scratch, "{value}")
            .map_err(|_| Error::new(Category::Data, "a Display implementation failed"))?;
        let result = self.write_text(&scratch, true);
        self.scratch = scratch;
        result
    }

    fn serialize_bytes(self, value: &[u8]) -> Result<()> {
        use base64::Engine;
        // Base64 holds no special character, and never reads as a number or boolean
        // unless quoted: quote whatever the check says.
        let text = base64::engine::general_purpose::STANDARD.encode(value);
        self.write_text(&text, true)
    }

    fn serialize_none(self) -> Result<()> {
        Ok(())
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<()> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<()> {
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<()> {
        Ok(())
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<()> {
        self.write_text(variant, true)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<()> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<()> {
        self.write(b"{")?;
        self.write_text(variant, false)?;
        self.write(b":")?;
        value.serialize(&mut *self)?;
        self.write(b"}")
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a, W>> {
        self.write(b"[")?;
        Ok(Compound::new(self, Close::List))
    }

    fn serialize_tuple(self, len: usize) -> Result<Compound<'a, W>> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Compound<'a, W>> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a, W>> {
        self.write(b"{")?;
        self.write_text(variant, false)?;
        self.write(b":[")?;
        Ok(Compound::new(self, Close::ListInVariant))
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a, W>> {
        self.write(b"{")?;
        Ok(Compound::new(self, Close::Object))
    }

    fn serialize_struct(self, name: &'static str, _len: usize) -> Result<Compound<'a, W>> {
        if name == RAW_VALUE_TOKEN {
            return Ok(Compound::new(self, Close::Raw));
        }
        self.write(b"{")?;
        Ok(Compound::new(self, Close::Object))
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a, W>> {
        self.write(b"{")?;
        self.write_text(variant, false)?;
        self.write(b":{")?;
        Ok(Compound::new(self, Close::ObjectInVariant))
    }
}

/// The state of an object or list being written.
#[derive(Debug)]
pub struct Compound<'a, W> {
    ser: &'a mut Serializer<W>,
    close: Close,
    first: bool,
}

/// What ends a compound. Small on purpose, as `Compound` is: every object and list returns
/// one by value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Close {
    List,
    Object,
    /// A tuple variant's list inside its `{Variant:…}`.
    ListInVariant,
    /// A struct variant's object inside its `{Variant:…}`.
    ObjectInVariant,
    /// serde_json's raw-value protocol: the one field is JSON text, written as JSV.
    Raw,
}

impl<'a, W: io::Write> Compound<'a, W> {
    fn new(ser: &'a mut Serializer<W>, close: Close) -> Self {
        Compound {
            ser,
            close,
            first: true,
        }
    }

    fn separator(&mut self) -> Result<()> {
        if self.first {
            self.first = false;
            Ok(())
        } else {
            self.ser.write(b",")
        }
    }

    fn element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.separator()?;
        value.serialize(&mut *self.ser)
    }

    fn finish(self) -> Result<()> {
        self.ser.write(match self.close {
            Close::List => b"]",
            Close::Object => b"}",
            Close::ListInVariant => b"]}",
            Close::ObjectInVariant => b"}}",
            Close::Raw => b"",
        })
    }

    /// The field of a raw value: its JSON text, written as JSV (see the `raw` module). Out of line and
    /// cold: every field of every struct checks for it, and it is rare.
    #[cold]
    #[inline(never)]
    fn raw_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        value.serialize(raw::RawText(&mut *self.ser))
    }
}

impl<W: io::Write> ser::SerializeSeq for Compound<'_, W> {
    type Ok = ();
    type Error = Error;

    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.element(value)
    }

    fn end(self) -> Result<()> {
        self.finish()
    }
}

impl<W: io::Write> ser::SerializeTuple for Compound<'_, W> {
    type Ok = ();
    type Error = Error;

    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.element(value)
    }

    fn end(self) -> Result<()> {
        self.finish()
    }
}

impl<W: io::Write> ser::SerializeTupleStruct for Compound<'_, W> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.element(value)
    }

    fn end(self) -> Result<()> {
        self.finish()
    }
}

impl<W: io::Write> ser::SerializeTupleVariant for Compound<'_, W> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.element(value)
    }

    fn end(self) -> Result<()> {
        self.finish()
    }
}

impl<W: io::Write> ser::SerializeMap for Compound<'_, W> {
    type Ok = ();
    type Error = Error;

    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<()> {
        let mut written = Serializer::new(Vec::new());
        key.serialize(KeyWriter(&mut written))?;
        self.ser.pending_key = Some(written.into_inner());
        Ok(())
    }

    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        let key = self
            .ser
            .pending_key
            .take()
            .ok_or_else(|| Error::new(Category::Data, "a map value without a key"))?;
        if is_none(value) {
            return Ok(());
        }
        self.separator()?;
        self.ser.write(&key)?;
        self.ser.write(b":")?;
        value.serialize(&mut *self.ser)
    }

    fn serialize_entry<K: ?Sized + Serialize, V: ?Sized + Serialize>(
        &mut self,
        key: &K,
        value: &V,
    ) -> Result<()> {
        value.serialize(Member::new(self, Key::Entry(key)))
    }

    fn end(self) -> Result<()> {
        self.finish()
    }
}

impl<W: io::Write> ser::SerializeStruct for Compound<'_, W> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        if self.close == Close::Raw {
            return self.raw_field(value);
        }
        value.serialize(Member::<W, str>::new(self, Key::Field(key)))
    }

    fn end(self) -> Result<()> {
        self.finish()
    }
}

impl<W: io::Write> ser::SerializeStructVariant for Compound<'_, W> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        ser::SerializeStruct::serialize_field(self, key, value)
    }

    fn end(self) -> Result<()> {
        self.finish()
    }
}

/// Writes a map key: a string, character or unit variant as text (quoted only for special
/// characters or edge whitespace: keys are always read as text), a number or boolean as the
/// value serializer writes it; anything else cannot be a JSV key.
struct KeyWriter<'a, W>(&'a mut Serializer<W>);

fn key_error() -> Error {
    Error::new(
        Category::Data,
        "a map key must be a string, a number, a boolean or a unit variant",
    )
}

macro_rules! key_as_value {
    ($($method:ident($type:ty)),* $(,)?) => {
        $(fn $method(self, value: $type) -> Result<()> {
            ser::Serializer::$method(&mut *self.0, value)
        })*
    };
}

impl<W: io::Write> ser::Serializer for KeyWriter<'_, W> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Impossible<(), Error>;
    type SerializeTuple = Impossible<(), Error>;
    type SerializeTupleStruct = Impossible<(), Error>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = Impossible<(), Error>;
    type SerializeStruct = Impossible<(), Error>;
    type SerializeStructVariant = Impossible<(), Error>;

    fn serialize_str(self, value: &str) -> Result<()> {
        self.0.write_text(value, false)
    }

    fn serialize_char(self, value: char) -> Result<()> {
        self.0.write_text(value.encode_utf8(&mut [0; 4]), false)
    }

    key_as_value! {
        serialize_bool(bool), serialize_i8(i8), serialize_i16(i16), serialize_i32(i32),
        serialize_i64(i64), serialize_i128(i128), serialize_u8(u8), serialize_u16(u16),
        serialize_u32(u32), serialize_u64(u64), serialize_u128(u128), serialize_f32(f32),
        serialize_f64(f64),
    }

    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<()> {
        self.0.write_text(variant, false)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<()> {
        value.serialize(self)
    }

    refuse! {
        key_error();
        serialize_bytes(&[u8]), serialize_none(), serialize_unit(),
        serialize_unit_struct(&'static str),
    }
}
