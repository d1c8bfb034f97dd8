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

#[allow(missing_docs, unused_imports, rustdoc::all, clippy::all)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/paynetworx.rs"));
}

/// progenitor's typed httpmock helpers for this API (feature `mock`), for exact per-test mocks:
/// `use payclients::paynetworx::mock::MockServerExt`, then one method per operation on an
/// `httpmock::MockServer`, with typed `when`/`then` builders.
#[cfg(feature = "mock")]
#[allow(
    missing_docs,
    missing_debug_implementations,
    unused_imports,
    rustdoc::all,
    clippy::all
)]
pub mod mock {
    include!(concat!(env!("OUT_DIR"), "/paynetworx_mock.rs"));
}

mod amount;
mod result;

pub use amount::{AmountError, TransactionAmount};
pub use generated::{ByteStream, Client, ClientInfo, ResponseValue, builder, types};
pub use result::{Approval, Declined, TransactionIds, TransactionResult};

use crate::Ksuid;
use crate::error::{Api, Error};
use crate::transport::{self, Inner};

/// PayNetworx's QA host (known from integrations).
pub const QA_URL: &str = "https://api.qa.paynetworx.net";
/// PayNetworx's production host (known from integrations).
pub const PRODUCTION_URL: &str = "https://api.prod.paynetworx.net";

transport::client_hooks!();

impl Client {
    /// A client for `base_url` ([`QA_URL`], [`PRODUCTION_URL`] or a test server) with HTTP Basic
    /// credentials. Neither appears in `Debug` output or errors.
    pub fn new(
        base_url: impl transport::IntoBaseUrl,
        user: &str,
        password: &str,
    ) -> Result<Self, Error> {
        Self::with_http_client(base_url, user, password, transport::http_client()?)
            .map(Self::with_default_http_client)
    }

    /// Like [`Client::new`], with an HTTP client of your own; start from
    /// [`crate::transport::http_client_builder`].
    pub fn with_http_client(
        base_url: impl transport::IntoBaseUrl,
        user: &str,
        password: &str,
        http: reqwest::Client,
    ) -> Result<Self, Error> {
        let inner = Inner::new(Api::PayNetworx)
            .basic(user, password)?
            .request_id_header("request-id");
        Ok(Self::new_with_client(
            &transport::base_url(base_url)?,
            http,
            inner,
        ))
    }
}

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

/// Decodes PayNetworx's error body; `None` when the body is not a JSON object.
pub(crate) fn decode_error(body: &[u8]) -> Option<types::ErrorResponse> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    if !value.is_object() {
        return None;
    }
    serde_json::from_value(value).ok()
}

/// `ResponseCode: ResponseText` (or `Error`/`Message`), for `Display`.
pub(crate) fn error_summary(body: &types::ErrorResponse) -> String {
    let code = body.response_code.as_ref().map(|c| match c {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    });
    let text = body
        .response_text
        .as_ref()
        .or(body.error.as_ref())
        .or(body.message.as_ref());
    match (code, text) {
        (Some(code), Some(text)) => format!("{code} {text}"),
        (Some(code), None) => code,
        (None, Some(text)) => text.clone(),
        (None, None) => String::new(),
    }
}
