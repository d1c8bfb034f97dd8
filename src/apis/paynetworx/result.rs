//! `TransactionResult`: a 2xx response is an approval *or* a decline, and the type makes the
//! caller choose. A decline converts into an error value ([`Declined`]) with `?`.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::types::TokenInfo;
use crate::Ksuid;

/// The outcome of a transaction that the server processed (a 2xx response).
///
/// PayNetworx answers a business decline with a 2xx and `"Approved": false`; this enum keeps
/// the two apart so that a decline cannot pass for a success:
///
/// ```
/// # use payclients::paynetworx::TransactionResult;
/// # fn handle(result: TransactionResult) -> Result<(), Box<dyn std::error::Error>> {
/// let approval = result.into_approved()?; // a decline becomes an error here
/// println!("approved: {:?}", approval.ids.transaction_id);
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug, PartialEq)]
#[must_use = "a transaction result may be a decline; check it"]
pub enum TransactionResult {
    /// `"Approved": true`.
    Approved(Approval),
    /// `"Approved": false`: processed, but not approved.
    Declined(Declined),
}

/// The ids that identify a transaction, its event and its request at PayNetworx.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct TransactionIds {
    /// The transaction's lifetime id.
    pub transaction_id: Option<Ksuid>,
    /// This event's id.
    pub event_id: Option<Ksuid>,
    /// The request's id at PayNetworx.
    pub request_id: Option<Ksuid>,
}

/// An approved transaction.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Approval {
    /// The transaction's ids.
    pub ids: TransactionIds,
    /// The server's text (`ACH request submitted successfully`).
    pub response_text: Option<String>,
    /// The stored token, after `DataAction: token/add` or a payment with a token.
    pub token: Option<TokenInfo>,
}

/// A declined transaction: the server processed it and did not approve it. It is an
/// `std::error::Error`, so `result.into_approved()?` stops at a decline.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Declined {
    /// The transaction's ids.
    pub ids: TransactionIds,
    /// Why, in the server's words.
    pub response_text: Option<String>,
    /// A token, if the response carried one.
    pub token: Option<TokenInfo>,
}

impl fmt::Display for Declined {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("paynetworx declined the transaction")?;
        if let Some(text) = &self.response_text {
            write!(f, ": {text}")?;
        }
        if let Some(id) = &self.ids.transaction_id {
            write!(f, " (transaction {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for Declined {}

impl TransactionResult {
    /// True for an approval.
    pub fn is_approved(&self) -> bool {
        matches!(self, TransactionResult::Approved(_))
    }

    /// The approval, or the decline as an error.
    // A decline is a value to inspect, not a hot path: its size does not matter.
    #[allow(clippy::result_large_err)]
    pub fn into_approved(self) -> Result<Approval, Declined> {
        match self {
            TransactionResult::Approved(approval) => Ok(approval),
            TransactionResult::Declined(declined) => Err(declined),
        }
    }

    /// The ids, whichever the outcome.
    pub fn ids(&self) -> &TransactionIds {
        match self {
            TransactionResult::Approved(a) => &a.ids,
            TransactionResult::Declined(d) => &d.ids,
        }
    }

    /// The server's text, whichever the outcome.
    pub fn response_text(&self) -> Option<&str> {
        match self {
            TransactionResult::Approved(a) => a.response_text.as_deref(),
            TransactionResult::Declined(d) => d.response_text.as_deref(),
        }
    }
}

/// The response as it is on the wire (`AchCreditResponse` in the spec).
#[derive(Serialize, Deserialize)]
struct Wire {
    #[serde(
        rename = "TransactionID",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    transaction_id: Option<Ksuid>,
    #[serde(rename = "EventID", default, skip_serializing_if = "Option::is_none")]
    event_id: Option<Ksuid>,
    #[serde(rename = "RequestID", default, skip_serializing_if = "Option::is_none")]
    request_id: Option<Ksuid>,
    #[serde(
        rename = "ResponseText",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    response_text: Option<String>,
    #[serde(rename = "Approved")]
    approved: bool,
    #[serde(rename = "Token", default, skip_serializing_if = "Option::is_none")]
    token: Option<TokenInfo>,
}

impl<'de> Deserialize<'de> for TransactionResult {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = Wire::deserialize(deserializer)?;
        let ids = TransactionIds {
            transaction_id: wire.transaction_id,
            event_id: wire.event_id,
            request_id: wire.request_id,
        };
        Ok(if wire.approved {
            TransactionResult::Approved(Approval {
                ids,
                response_text: wire.response_text,
                token: wire.token,
            })
        } else {
            TransactionResult::Declined(Declined {
                ids,
                response_text: wire.response_text,
                token: wire.token,
            })
        })
    }
}

impl Serialize for TransactionResult {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (ids, response_text, token, approved) = match self {
            TransactionResult::Approved(a) => (&a.ids, &a.response_text, &a.token, true),
            TransactionResult::Declined(d) => (&d.ids, &d.response_text, &d.token, false),
        };
        Wire {
            transaction_id: ids.transaction_id,
            event_id: ids.event_id,
            request_id: ids.request_id,
            response_text: response_text.clone(),
            approved,
            token: token.clone(),
        }
        .serialize(serializer)
    }
}
