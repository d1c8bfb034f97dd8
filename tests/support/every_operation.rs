//! Calls all 30 operations of the five clients, each with a request that conforms to its spec,
//! against the base URL `base` gives for each API (one scripted server, or the sandbox).
// ABConnect's JobPayment routes are deprecated by the vendor (8.01) but documented by the seed:
// they are still exercised here.
#![allow(deprecated)]

use payclients::retry::RetryPolicy;
use payclients::{Api, Error};
use serde_json::json;

pub type Outcome = (&'static str, Result<(), Error>);

pub fn done<T>(name: &'static str, result: Result<T, Error>) -> Outcome {
    (name, result.map(|_| ()))
}

/// Calls all 30 operations of the five clients against `base`.
pub async fn every_operation(base: &dyn Fn(Api) -> String, policy: RetryPolicy) -> Vec<Outcome> {
    let mut out = Vec::new();

    let unit = payclients::unit::Client::new(base(Api::Unit), "t")
        .unwrap()
        .with_retry_policy(policy.clone());
    let update: payclients::unit::types::UpdateReceivedPaymentRequest =
        serde_json::from_value(json!({"data": {"type": "achReceivedPayment", "attributes": {}}}))
            .unwrap();
    out.push(done("unit list", unit.list_received_payments().await));
    out.push(done("unit get", unit.get_received_payment().id("1").await));
    out.push(done(
        "unit update",
        unit.update_received_payment().id("1").body(update).await,
    ));
    out.push(done(
        "unit advance",
        unit.advance_received_payment().id("1").await,
    ));
    out.push(done(
        "unit reprocess",
        unit.reprocess_received_payment().id("1").await,
    ));

    let pnx = payclients::paynetworx::Client::new(base(Api::PayNetworx), "u", "p")
        .unwrap()
        .with_retry_policy(policy.clone());
    let account: payclients::paynetworx::types::AchAccount = serde_json::from_value(json!({
        "BankRoutingNumber": "999999999", "AccountNumber": "0123456789", "AchAccountType": "PersonalChecking",
        "CustomerName": "P", "EffectiveDate": "2012-04-21"
    }))
    .unwrap();
    let credit = payclients::paynetworx::types::AchCreditRequest::ach(
        payclients::paynetworx::TransactionAmount::usd("1.00").unwrap(),
        account,
    );
    out.push(done(
        "paynetworx ach_credit",
        pnx.ach_credit().body(credit).await,
    ));

    let ab = payclients::abconnect::Client::new(base(Api::AbConnect), "t")
        .unwrap()
        .with_retry_policy(policy.clone());
    let job = "2000000";
    let attach: payclients::abconnect::types::AttachCustomerBankModel =
        serde_json::from_value(json!({})).unwrap();
    let verify = payclients::abconnect::types::VerifyBankAccountRequest {
        values: Some(vec![1]),
    };
    let source: payclients::abconnect::types::PaymentSourceDetails =
        serde_json::from_value(json!({"id": 1})).unwrap();
    out.push(done(
        "abconnect create",
        ab.get_payment_create().job_display_id(job).await,
    ));
    out.push(done(
        "abconnect session",
        ab.create_ach_payment_session().job_display_id(job).await,
    ));
    out.push(done(
        "abconnect transfer",
        ab.create_ach_credit_transfer().job_display_id(job).await,
    ));
    out.push(done(
        "abconnect payment",
        ab.get_job_payment().job_display_id(job).await,
    ));
    out.push(done(
        "abconnect attach",
        ab.attach_customer_bank()
            .job_display_id(job)
            .body(attach)
            .await,
    ));
    out.push(done(
        "abconnect verify",
        ab.verify_job_ach_source()
            .job_display_id(job)
            .body(verify)
            .await,
    ));
    out.push(done(
        "abconnect cancel",
        ab.cancel_job_ach_verification().job_display_id(job).await,
    ));
    out.push(done(
        "abconnect sources",
        ab.list_payment_sources().job_display_id(job).await,
    ));
    out.push(done(
        "abconnect bysource",
        ab.pay_by_source().job_display_id(job).body(1).await,
    ));
    out.push(done(
        "abconnect banksource",
        ab.add_bank_source().job_display_id(job).body(source).await,
    ));
    out.push(done(
        "abconnect exchange",
        ab.get_payment_exchange_url()
            .job_display_id(job)
            .job_sub_key("1")
            .origin("https://app.example.com")
            .await,
    ));

    let ls = payclients::logisense::Client::from_base_url(base(Api::LogiSense), "t")
        .unwrap()
        .with_retry_policy(policy.clone());
    let input = payclients::logisense::types::PaymentInput::default();
    let patch: payclients::logisense::types::PaymentPatchRequest =
        serde_json::from_value(json!({"details": {}})).unwrap();
    let free: payclients::logisense::types::UndocumentedObject =
        serde_json::from_value(json!({"a": 1})).unwrap();
    let page = payclients::logisense::PageRequest::new(1, 20);
    out.push(done("logisense list", ls.list_payments().await));
    out.push(done(
        "logisense paged",
        ls.list_payments_paged().pagination(page).await,
    ));
    out.push(done(
        "logisense paged detail",
        ls.list_payments_paged_detail().pagination(page).await,
    ));
    out.push(done("logisense get", ls.get_payment().id(1).await));
    out.push(done(
        "logisense detail",
        ls.get_payment_detail().id(1).await,
    ));
    out.push(done(
        "logisense create",
        ls.create_payment().body(input.clone()).await,
    ));
    out.push(done(
        "logisense update",
        ls.update_payment().id(1).body(input).await,
    ));
    out.push(done(
        "logisense patch",
        ls.patch_payment().id(1).body(patch).await,
    ));
    out.push(done("logisense delete", ls.delete_payment().id(1).await));
    out.push(done(
        "logisense reverse",
        ls.reverse_payment().body(free.clone()).await,
    ));
    out.push(done(
        "logisense reverse vendor",
        ls.reverse_vendor_payment().body(free.clone()).await,
    ));
    out.push(done(
        "logisense vendor",
        ls.create_vendor_payment().body(free).await,
    ));

    let pl = payclients::paylock::Client::new(base(Api::PayLock), "t")
        .unwrap()
        .with_retry_policy(policy.clone());
    out.push(done(
        "paylock get",
        pl.get_payment()
            .collectionattemptid("7b0e8c1e4f0a4d9b9a571f1c2a3b4c5d")
            .customer_id("5e6f7a8b9c0d41e2f3a4b5c6d7e8f9a0")
            .await,
    ));
    out
}
