//! The serde and `TryFrom` glue of the crate's types that travel as text (GUIDs, KSUIDs,
//! ServiceStack dates): written with `Display`, read with `FromStr`, borrowing the text where
//! the format allows, so each type only says how to parse and print itself.

/// Implements `Serialize`, `Deserialize` and `TryFrom<&str | String | &String>` for a type
/// with `Display` and `FromStr` (whose error implements `Display`).
macro_rules! text_form {
    ($type:ty) => {
        impl ::serde::Serialize for $type {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $type {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Self, D::Error> {
                let text = ::std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
                text.parse().map_err(::serde::de::Error::custom)
            }
        }

        impl TryFrom<&str> for $type {
            type Error = <$type as ::std::str::FromStr>::Err;
            fn try_from(text: &str) -> Result<Self, Self::Error> {
                text.parse()
            }
        }

        impl TryFrom<String> for $type {
            type Error = <$type as ::std::str::FromStr>::Err;
            fn try_from(text: String) -> Result<Self, Self::Error> {
                text.parse()
            }
        }

        impl TryFrom<&String> for $type {
            type Error = <$type as ::std::str::FromStr>::Err;
            fn try_from(text: &String) -> Result<Self, Self::Error> {
                text.parse()
            }
        }
    };
}
pub(crate) use text_form;
