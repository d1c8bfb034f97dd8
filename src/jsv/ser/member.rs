//! Writing a struct member or a map entry: left out when its value is `None`, as ServiceStack
//! leaves out nulls. [`Member`] decides as the value serializes itself, writing the separator
//! and the key only once a value shows it is not `None` — one pass, where probing the value
//! first and then writing it would serialize it twice.

use std::io;

use serde::ser::{self, Impossible, Serialize};

use super::{Compound, KeyWriter, Serializer};
use crate::jsv::error::{Error, Result};

/// The key of a member: a struct field's name, or a map entry's key.
pub(super) enum Key<'k, K: ?Sized> {
    Field(&'static str),
    Entry(&'k K),
}

/// Serializes a member's value after its separator and key, or nothing when it is `None`.
pub(super) struct Member<'a, 'b, 'k, W, K: ?Sized> {
    compound: &'a mut Compound<'b, W>,
    key: Key<'k, K>,
}

impl<'a, 'b, 'k, W: io::Write, K: ?Sized + Serialize> Member<'a, 'b, 'k, W, K> {
    pub(super) fn new(compound: &'a mut Compound<'b, W>, key: Key<'k, K>) -> Self {
        Member { compound, key }
    }

    /// Writes `,key:` (no comma before the first member) and hands over the serializer.
    #[inline(always)]
    fn prefix(self) -> Result<&'a mut Serializer<W>> {
        let compound = self.compound;
        compound.separator()?;
        match self.key {
            Key::Field(name) => compound.ser.write_text(name, false)?,
            Key::Entry(key) => key.serialize(KeyWriter(&mut *compound.ser))?,
        }
        compound.ser.write(b":")?;
        Ok(&mut *compound.ser)
    }
}

macro_rules! after_prefix {
    ($($method:ident($($arg:ident: $type:ty),*)),* $(,)?) => {
        $(fn $method(self, $($arg: $type),*) -> Result<()> {
            ser::Serializer::$method(self.prefix()?, $($arg),*)
        })*
    };
}

macro_rules! compound_after_prefix {
    ($($method:ident($($arg:ident: $type:ty),*) -> $ret:ident),* $(,)?) => {
        $(fn $method(self, $($arg: $type),*) -> Result<Self::$ret> {
            ser::Serializer::$method(self.prefix()?, $($arg),*)
        })*
    };
}

impl<'a, 'b, 'k, W: io::Write, K: ?Sized + Serialize> ser::Serializer for Member<'a, 'b, 'k, W, K> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a, W>;
    type SerializeTuple = Compound<'a, W>;
    type SerializeTupleStruct = Compound<'a, W>;
    type SerializeTupleVariant = Compound<'a, W>;
    type SerializeMap = Compound<'a, W>;
    type SerializeStruct = Compound<'a, W>;
    type SerializeStructVariant = Compound<'a, W>;

    fn serialize_none(self) -> Result<()> {
        if let Key::Entry(key) = self.key {
            // Left out, but the key must still be one JSV can write.
            key.serialize(KeyWriter(&mut Serializer::new(io::sink())))?;
        }
        Ok(())
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<()> {
        value.serialize(self.prefix()?)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<()> {
        // Transparent (as the serializer writes it): a wrapper of `None` is left out too.
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<()> {
        ser::Serializer::serialize_newtype_variant(self.prefix()?, name, index, variant, value)
    }

    fn collect_str<T: ?Sized + std::fmt::Display>(self, value: &T) -> Result<()> {
        ser::Serializer::collect_str(self.prefix()?, value)
    }

    after_prefix! {
        serialize_bool(v: bool), serialize_i8(v: i8), serialize_i16(v: i16),
        serialize_i32(v: i32), serialize_i64(v: i64), serialize_i128(v: i128),
        serialize_u8(v: u8), serialize_u16(v: u16), serialize_u32(v: u32),
        serialize_u64(v: u64), serialize_u128(v: u128), serialize_f32(v: f32),
        serialize_f64(v: f64), serialize_char(v: char), serialize_str(v: &str),
        serialize_bytes(v: &[u8]), serialize_unit(), serialize_unit_struct(name: &'static str),
        serialize_unit_variant(name: &'static str, index: u32, variant: &'static str),
    }

    compound_after_prefix! {
        serialize_seq(len: Option<usize>) -> SerializeSeq,
        serialize_tuple(len: usize) -> SerializeTuple,
        serialize_tuple_struct(name: &'static str, len: usize) -> SerializeTupleStruct,
        serialize_tuple_variant(
            name: &'static str, index: u32, variant: &'static str, len: usize
        ) -> SerializeTupleVariant,
        serialize_map(len: Option<usize>) -> SerializeMap,
        serialize_struct(name: &'static str, len: usize) -> SerializeStruct,
        serialize_struct_variant(
            name: &'static str, index: u32, variant: &'static str, len: usize
        ) -> SerializeStructVariant,
    }
}

/// Whether a value is `None`, found without writing anything (for `serialize_value`, whose key
/// was written apart).
struct IsNone;

macro_rules! not_none {
    ($($method:ident($($arg:ty),*)),* $(,)?) => {
        $(fn $method(self, $(_: $arg),*) -> std::result::Result<bool, NotNone> { Ok(false) })*
    };
}

/// `IsNone` never fails; the error type only satisfies serde.
#[derive(Debug)]
struct NotNone;

impl std::fmt::Display for NotNone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not none")
    }
}

impl std::error::Error for NotNone {}

impl ser::Error for NotNone {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        NotNone
    }
}

impl ser::Serializer for IsNone {
    type Ok = bool;
    type Error = NotNone;
    type SerializeSeq = Impossible<bool, NotNone>;
    type SerializeTuple = Impossible<bool, NotNone>;
    type SerializeTupleStruct = Impossible<bool, NotNone>;
    type SerializeTupleVariant = Impossible<bool, NotNone>;
    type SerializeMap = Impossible<bool, NotNone>;
    type SerializeStruct = Impossible<bool, NotNone>;
    type SerializeStructVariant = Impossible<bool, NotNone>;

    fn serialize_none(self) -> std::result::Result<bool, NotNone> {
        Ok(true)
    }

    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> std::result::Result<bool, NotNone> {
        Ok(false)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        value: &T,
    ) -> std::result::Result<bool, NotNone> {
        // A transparent wrapper of an option is an option.
        value.serialize(IsNone)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> std::result::Result<bool, NotNone> {
        Ok(false)
    }

    not_none! {
        serialize_bool(bool), serialize_i8(i8), serialize_i16(i16), serialize_i32(i32),
        serialize_i64(i64), serialize_i128(i128), serialize_u8(u8), serialize_u16(u16),
        serialize_u32(u32), serialize_u64(u64), serialize_u128(u128), serialize_f32(f32),
        serialize_f64(f64), serialize_char(char), serialize_str(&str), serialize_bytes(&[u8]),
        serialize_unit(), serialize_unit_struct(&'static str),
        serialize_unit_variant(&'static str, u32, &'static str),
    }

    fn serialize_seq(self, _: Option<usize>) -> std::result::Result<Self::SerializeSeq, NotNone> {
        Err(NotNone)
    }
    fn serialize_tuple(self, _: usize) -> std::result::Result<Self::SerializeTuple, NotNone> {
        Err(NotNone)
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> std::result::Result<Self::SerializeTupleStruct, NotNone> {
        Err(NotNone)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> std::result::Result<Self::SerializeTupleVariant, NotNone> {
        Err(NotNone)
    }
    fn serialize_map(self, _: Option<usize>) -> std::result::Result<Self::SerializeMap, NotNone> {
        Err(NotNone)
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> std::result::Result<Self::SerializeStruct, NotNone> {
        Err(NotNone)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> std::result::Result<Self::SerializeStructVariant, NotNone> {
        Err(NotNone)
    }
}

pub(super) fn is_none<T: ?Sized + Serialize>(value: &T) -> bool {
    value.serialize(IsNone).unwrap_or(false)
}
