//! serde_json's raw-value protocol on the JSV side: [`crate::money::Amount`] serializes as a
//! `RawValue`, a struct with one field holding JSON text. [`RawText`] takes that text (a
//! string, borrowed: no copy of it is made) and writes it as JSV — a number verbatim, its exact
//! text, anything else through `serde_json::Value`.

use std::io;

use serde::ser::{self, Impossible, Serialize};

use super::Serializer;
use crate::jsv::error::{Category, Error, Result};
use crate::jsv::scalar;

/// Writes the JSON text of a raw value's field.
pub(super) struct RawText<'a, W>(pub(super) &'a mut Serializer<W>);

fn not_text() -> Error {
    Error::new(Category::Data, "a raw value that is not JSON text")
}

impl<W: io::Write> ser::Serializer for RawText<'_, W> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Impossible<(), Error>;
    type SerializeTuple = Impossible<(), Error>;
    type SerializeTupleStruct = Impossible<(), Error>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = Impossible<(), Error>;
    type SerializeStruct = Impossible<(), Error>;
    type SerializeStructVariant = Impossible<(), Error>;

    fn serialize_str(self, json: &str) -> Result<()> {
        let json = json.trim();
        if scalar::is_json_number(json) {
            return self.0.write(json.as_bytes());
        }
        let value: serde_json::Value = serde_json::from_str(json)
            .map_err(|_| Error::new(Category::Data, "a raw value that is not JSON"))?;
        value.serialize(&mut *self.0)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<()> {
        value.serialize(self)
    }

    refuse! {
        not_text();
        serialize_bool(bool), serialize_i8(i8), serialize_i16(i16), serialize_i32(i32),
        serialize_i64(i64), serialize_i128(i128), serialize_u8(u8), serialize_u16(u16),
        serialize_u32(u32), serialize_u64(u64), serialize_u128(u128), serialize_f32(f32),
        serialize_f64(f64), serialize_char(char), serialize_bytes(&[u8]), serialize_none(),
        serialize_unit(), serialize_unit_struct(&'static str),
        serialize_unit_variant(&'static str, u32, &'static str),
    }
}
