//! PayNetworx ACH credit: credit a customer's bank account.
//!
//! The client and its types are generated from `specs/paynetworx.yaml`; this module adds the
//! constructors (HTTP Basic), [`TransactionAmount`] (exact totals at the currency's scale),
//! [`TransactionResult`] (approval or decline, never confused), the request shapes the vendor
//! documents, and the `Request-ID` rule.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use payclients::Ksuid;
//! use payclients::paynetworx::{Client, TransactionAmount, types};
//!
//! let client = Client::new(payclients::paynetworx::QA_URL, "api-user", "api-password")?;
//! let account = types::AchAccount::builder()
//!     .bank_routing_number("999999999")
//!     .account_number("01234567890123456")
//!     .ach_account_type(types::AchAccountType::PersonalChecking)
//!     .customer_name("Polly Paynetworx")
//!     .effective_date("2012-04-21".parse::<chrono::NaiveDate>()?);
//! let request = types::AchCreditRequest::ach(TransactionAmount::usd("25.50")?, account.try_into()?);
//!
//! // Keep the Request-ID to repeat a failed request with the same one.
//! let request_id = Ksuid::new();
//! let result = client.ach_credit().request_id(request_id).body(request).await?;
//! let approval = result.into_inner().into_approved()?; // a decline is an error here
//! println!("{:?}", approval.ids.transaction_id);
//! # Ok(())
//! # }
//! ```
//!
//! **Request-ID.** Every call carries a `Request-ID` KSUID. The client generates one unless the
//! builder is given one (`.request_id(..)`); a failed call's error tells which was sent
//! ([`crate::Error::sent_request_id`]), and repeating the request with that id is PayNetworx's
//! only idempotency rule.

// The generated client, its builders, types and mocks (build.rs, from specs/paynetworx.yaml).
include!(concat!(env!("OUT_DIR"), "/paynetworx_module.rs"));

mod amount;
mod result;

pub use amount::{AmountError, TransactionAmount};
pub use result::{Approval, Declined, TransactionIds, TransactionResult};

use crate::Ksuid;

/// PayNetworx's QA host (known from integrations).
pub const QA_URL: &str = "https://api.qa.paynetworx.net";
/// PayNetworx's production host (known from integrations).
pub const PRODUCTION_URL: &str = "https://api.prod.paynetworx.net";

impl types::AchCreditRequest {
    /// A credit to a bank account given by its routing and account numbers.
    pub fn ach(amount: TransactionAmount, account: types::AchAccount) -> Self {
        types::AchCreditRequest {
            amount,
            payment_method: types::PaymentMethod::AchPaymentMethod(types::AchPaymentMethod {
                ach: account,
            }),
            data_action: None,
            detail: None,
        }
    }

    /// A credit to a bank account that PayNetworx also stores as a token (`DataAction:
    /// token/add`); the response's `Token` names it for later credits.
    pub fn ach_and_add_token(amount: TransactionAmount, account: types::AchAccount) -> Self {
        types::AchCreditRequest {
            data_action: Some(types::DataAction::TokenAdd),
            ..Self::ach(amount, account)
        }
    }

    /// A credit to the bank account behind a token from an earlier `token/add`.
    pub fn with_token(
        amount: TransactionAmount,
        token_id: Ksuid,
        details: types::AchTokenDetails,
    ) -> Self {
        types::AchCreditRequest {
            amount,
            payment_method: types::PaymentMethod::TokenPaymentMethod(types::TokenPaymentMethod {
                token: types::TokenReference { token_id },
                ach: details,
            }),
            data_action: None,
            detail: None,
        }
    }

    /// The same request with transaction details (merchant data, entry information).
    pub fn with_detail(self, detail: types::TransactionDetail) -> Self {
        types::AchCreditRequest {
            detail: Some(detail),
            ..self
        }
    }
}
