//! The reader's access types: object members (struct keys matched in place or in any case),
//! list elements, map keys and enum variants, and serde_json's raw-value handoff.

use std::borrow::Cow;

use serde::de::{self, DeserializeSeed, IntoDeserializer, Unexpected, Visitor};

use super::super::RAW_VALUE_TOKEN;
use super::super::error::{Category, Error, Result};
use super::super::scalar;
use super::Deserializer;

pub(super) struct RawValueAccess<'de> {
    pub(super) json: Option<Cow<'de, str>>,
}

impl<'de> de::MapAccess<'de> for RawValueAccess<'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.json.is_none() {
            return Ok(None);
        }
        seed.deserialize(de::value::BorrowedStrDeserializer::new(RAW_VALUE_TOKEN))
            .map(Some)
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value> {
        match self.json.take() {
            Some(Cow::Borrowed(text)) => {
                seed.deserialize(de::value::BorrowedStrDeserializer::new(text))
            }
            Some(Cow::Owned(text)) => seed.deserialize(text.into_deserializer()),
            None => Err(Error::new(Category::Data, "raw value already taken")),
        }
    }
}

pub(super) struct MapAccess<'a, 'de> {
    de: &'a mut Deserializer<'de>,
    fields: Option<&'static [&'static str]>,
    first: bool,
    /// The field expected next: the one after the last matched (writers keep field order).
    next_field: usize,
}

impl<'a, 'de> MapAccess<'a, 'de> {
    pub(super) fn new(
        de: &'a mut Deserializer<'de>,
        fields: Option<&'static [&'static str]>,
    ) -> Self {
        MapAccess {
            de,
            fields,
            first: true,
            next_field: 0,
        }
    }

    /// A struct's key: the expected field written exactly and followed by `:` is taken
    /// without a scan; otherwise the key is read and matched (in any case).
    fn field(&mut self, fields: &'static [&'static str]) -> Result<Cow<'de, str>> {
        let de = &mut *self.de;
        if let Some(&name) = fields.get(self.next_field) {
            let rest = &de.bytes()[de.pos..];
            if rest.get(name.len()) == Some(&b':') && rest.starts_with(name.as_bytes()) {
                de.pos += name.len() + 1;
                self.next_field += 1;
                return Ok(Cow::Borrowed(name));
            }
        }
        let key = de.key()?;
        Ok(match canonical_name(&key, fields) {
            Some((index, name)) => {
                self.next_field = index + 1;
                Cow::Borrowed(name)
            }
            None => key,
        })
    }
}

impl<'de> de::MapAccess<'de> for MapAccess<'_, 'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        let de = &mut *self.de;
        match de.peek_value() {
            Some(b'}') if self.first => return Ok(None),
            Some(b'}') => return Ok(None),
            Some(b',') if !self.first => {
                de.pos += 1;
                match de.peek_value() {
                    Some(b'}') => return Err(de.error(Category::Syntax, "trailing comma")),
                    None => return Err(de.error(Category::Eof, "unclosed `{`")),
                    Some(_) => {}
                }
            }
            Some(_) if !self.first => return Err(de.error(Category::Syntax, "expected `,` or `}`")),
            Some(b',') => return Err(de.error(Category::Syntax, "expected a key")),
            Some(_) => {}
            None => return Err(de.error(Category::Eof, "unclosed `{`")),
        }
        self.first = false;
        let at = de.pos;
        let key = match self.fields {
            Some(fields) => self.field(fields)?,
            None => de.key()?,
        };
        let de = &mut *self.de;
        seed.deserialize(KeyDeserializer { key, fields: None })
            .map(Some)
            .map_err(|e| de.fix(e, at))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        seed.deserialize(&mut *self.de)
    }
}

pub(super) struct SeqAccess<'a, 'de> {
    de: &'a mut Deserializer<'de>,
    first: bool,
}

impl<'a, 'de> SeqAccess<'a, 'de> {
    pub(super) fn new(de: &'a mut Deserializer<'de>) -> Self {
        SeqAccess { de, first: true }
    }
}

impl<'de> de::SeqAccess<'de> for SeqAccess<'_, 'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        let de = &mut *self.de;
        match de.peek_value() {
            Some(b']') => return Ok(None),
            Some(b',') if !self.first => de.pos += 1,
            Some(_) if !self.first => return Err(de.error(Category::Syntax, "expected `,` or `]`")),
            Some(_) => {}
            None => return Err(de.error(Category::Eof, "unclosed `[`")),
        }
        self.first = false;
        seed.deserialize(&mut *de).map(Some)
    }
}

/// A map key, or an enum's variant name: always text. Struct fields and variants match
/// case-insensitively when no exact match exists, as ServiceStack reads them.
struct KeyDeserializer<'de> {
    key: Cow<'de, str>,
    fields: Option<&'static [&'static str]>,
}

/// The field or variant name `key` stands for, with its index: itself when it is one, else
/// the one that equals it ignoring ASCII case; `None` when no name matches (an unknown key).
fn canonical_name(key: &str, names: &'static [&'static str]) -> Option<(usize, &'static str)> {
    if let Some(index) = names.iter().position(|&name| name == key) {
        return Some((index, names[index]));
    }
    names
        .iter()
        .position(|name| name.len() == key.len() && name.eq_ignore_ascii_case(key))
        .map(|index| (index, names[index]))
}

macro_rules! key_integer {
    ($method:ident, $visit:ident, $type:ty) => {
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            match self.key.parse::<$type>() {
                Ok(value) => visitor.$visit(value),
                Err(_) => Err(Error::new(
                    Category::Data,
                    concat!("expected a key that is an ", stringify!($type)),
                )),
            }
        }
    };
}

impl<'de> de::Deserializer<'de> for KeyDeserializer<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if let Some((_, name)) = self
            .fields
            .and_then(|names| canonical_name(&self.key, names))
        {
            return visitor.visit_borrowed_str(name);
        }
        match self.key {
            Cow::Borrowed(text) => visitor.visit_borrowed_str(text),
            Cow::Owned(text) => visitor.visit_string(text),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match scalar::parse_bool_word(&self.key) {
            Some(value) => visitor.visit_bool(value),
            None => Err(Error::new(
                Category::Data,
                "expected a key that is a boolean",
            )),
        }
    }

    key_integer!(deserialize_i8, visit_i8, i8);
    key_integer!(deserialize_i16, visit_i16, i16);
    key_integer!(deserialize_i32, visit_i32, i32);
    key_integer!(deserialize_i64, visit_i64, i64);
    key_integer!(deserialize_i128, visit_i128, i128);
    key_integer!(deserialize_u8, visit_u8, u8);
    key_integer!(deserialize_u16, visit_u16, u16);
    key_integer!(deserialize_u32, visit_u32, u32);
    key_integer!(deserialize_u64, visit_u64, u64);
    key_integer!(deserialize_u128, visit_u128, u128);
    key_integer!(deserialize_f32, visit_f32, f32);
    key_integer!(deserialize_f64, visit_f64, f64);

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_enum(UnitVariant {
            variant: self.key,
            variants,
        })
    }

    serde::forward_to_deserialize_any! {
        char str string bytes byte_buf unit unit_struct seq tuple tuple_struct map struct
        identifier ignored_any
    }
}

/// `{Variant:value}`.
pub(super) struct EnumAccess<'a, 'de> {
    pub(super) de: &'a mut Deserializer<'de>,
    pub(super) variant: Cow<'de, str>,
    pub(super) variants: &'static [&'static str],
    pub(super) key_at: usize,
}

impl<'a, 'de> de::EnumAccess<'de> for EnumAccess<'a, 'de> {
    type Error = Error;
    type Variant = &'a mut Deserializer<'de>;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self::Variant)> {
        let de = self.de;
        let value = seed
            .deserialize(KeyDeserializer {
                key: self.variant,
                fields: Some(self.variants),
            })
            .map_err(|e| de.fix(e, self.key_at))?;
        Ok((value, de))
    }
}

impl<'de> de::VariantAccess<'de> for &mut Deserializer<'de> {
    type Error = Error;

    fn unit_variant(self) -> Result<()> {
        // `{Variant:}`: nothing, or an empty value.
        if self.is_empty_value() {
            Ok(())
        } else {
            Err(self.error(Category::Data, "expected no value for a unit variant"))
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        de::Deserializer::deserialize_seq(self, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.object(Some(fields), visitor)
    }
}

/// A bare variant name: only unit variants can be written this way.
pub(super) struct UnitVariant<'de> {
    pub(super) variant: Cow<'de, str>,
    pub(super) variants: &'static [&'static str],
}

impl<'de> de::EnumAccess<'de> for UnitVariant<'de> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self)> {
        let value = seed.deserialize(KeyDeserializer {
            key: self.variant.clone(),
            fields: Some(self.variants),
        })?;
        Ok((value, self))
    }
}

impl<'de> de::VariantAccess<'de> for UnitVariant<'de> {
    type Error = Error;

    fn unit_variant(self) -> Result<()> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, _seed: T) -> Result<T::Value> {
        Err(de::Error::invalid_type(
            Unexpected::UnitVariant,
            &"a newtype variant as {Variant:value}",
        ))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, _visitor: V) -> Result<V::Value> {
        Err(de::Error::invalid_type(
            Unexpected::UnitVariant,
            &"a tuple variant as {Variant:[…]}",
        ))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value> {
        Err(de::Error::invalid_type(
            Unexpected::UnitVariant,
            &"a struct variant as {Variant:{…}}",
        ))
    }
}
