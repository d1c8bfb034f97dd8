//! The list filters that progenitor cannot express: Unit's indexed `filter[status][N]` list and
//! its `filter[tags]` JSON-object-as-text. Both plug into the generated builder's setters
//! (`filter_status`, `filter_tags`) and put exactly Unit's parameter names on the wire.

use std::collections::BTreeMap;

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use super::types::ReceivedPaymentStatus;

/// `filter[status]`: sent as `filter[status][0]=Pending&filter[status][1]=Advanced`, in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StatusFilter(Vec<ReceivedPaymentStatus>);

impl StatusFilter {
    /// A filter on these statuses.
    pub fn new(statuses: impl IntoIterator<Item = ReceivedPaymentStatus>) -> Self {
        StatusFilter(statuses.into_iter().collect())
    }

    /// The statuses, in the order they are sent.
    pub fn statuses(&self) -> &[ReceivedPaymentStatus] {
        &self.0
    }
}

impl<const N: usize> From<[ReceivedPaymentStatus; N]> for StatusFilter {
    fn from(statuses: [ReceivedPaymentStatus; N]) -> Self {
        StatusFilter::new(statuses)
    }
}

impl From<Vec<ReceivedPaymentStatus>> for StatusFilter {
    fn from(statuses: Vec<ReceivedPaymentStatus>) -> Self {
        StatusFilter(statuses)
    }
}

impl FromIterator<ReceivedPaymentStatus> for StatusFilter {
    fn from_iter<I: IntoIterator<Item = ReceivedPaymentStatus>>(iter: I) -> Self {
        StatusFilter::new(iter)
    }
}

impl Serialize for StatusFilter {
    /// A map whose keys are the full parameter names: progenitor's query encoder writes a
    /// map parameter's entries as top-level pairs.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (index, status) in self.0.iter().enumerate() {
            map.serialize_entry(&format!("filter[status][{index}]"), status.as_str())?;
        }
        map.end()
    }
}

/// `filter[tags]`: a tags object sent as JSON text, `filter[tags]={"by":"Richard"}`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TagsFilter(BTreeMap<String, String>);

impl TagsFilter {
    /// A filter on these tag keys and values.
    pub fn new<K: Into<String>, V: Into<String>>(tags: impl IntoIterator<Item = (K, V)>) -> Self {
        TagsFilter(
            tags.into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }

    /// The tags.
    pub fn tags(&self) -> &BTreeMap<String, String> {
        &self.0
    }

    /// The JSON text that is sent (keys in order).
    pub fn to_json(&self) -> String {
        // A map of strings always serializes.
        serde_json::to_string(&self.0).unwrap_or_default()
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for TagsFilter {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        TagsFilter::new(iter)
    }
}

impl<K: Into<String>, V: Into<String>, const N: usize> From<[(K, V); N]> for TagsFilter {
    fn from(tags: [(K, V); N]) -> Self {
        TagsFilter::new(tags)
    }
}

/// The text that is sent: the JSON of the tags.
impl std::fmt::Display for TagsFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_json())
    }
}

impl Serialize for TagsFilter {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_json())
    }
}

/// Reads the statuses as a list, or as text with commas (`Pending,Advanced`: the command
/// line's form).
impl<'de> serde::Deserialize<'de> for StatusFilter {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        enum Form {
            List(Vec<ReceivedPaymentStatus>),
            Text(String),
        }
        Ok(match Form::deserialize(deserializer)? {
            Form::List(statuses) => StatusFilter(statuses),
            Form::Text(text) => text
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(ReceivedPaymentStatus::from)
                .collect(),
        })
    }
}

/// Reads the tags as an object, or as the JSON text of one (what is sent).
impl<'de> serde::Deserialize<'de> for TagsFilter {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        enum Form {
            Object(BTreeMap<String, String>),
            Text(String),
        }
        match Form::deserialize(deserializer)? {
            Form::Object(tags) => Ok(TagsFilter(tags)),
            Form::Text(text) => serde_json::from_str(&text)
                .map(TagsFilter)
                .map_err(|_| serde::de::Error::custom("tags are a JSON object of strings")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_read_the_command_lines_forms_and_their_own() {
        let from_text: StatusFilter = serde_json::from_str(r#""Pending, Advanced""#).unwrap();
        let from_list: StatusFilter = serde_json::from_str(r#"["Pending","Advanced"]"#).unwrap();
        let expected = StatusFilter::from([
            ReceivedPaymentStatus::Pending,
            ReceivedPaymentStatus::Advanced,
        ]);
        assert_eq!((from_text, from_list), (expected.clone(), expected));
        let tags: TagsFilter = serde_json::from_str(r#""{\"by\":\"Richard\"}""#).unwrap();
        assert_eq!(tags, TagsFilter::from([("by", "Richard")]));
        let object: TagsFilter = serde_json::from_str(r#"{"by":"Richard"}"#).unwrap();
        assert_eq!(object, tags);
        assert!(serde_json::from_str::<TagsFilter>(r#""not json""#).is_err());
    }
}
