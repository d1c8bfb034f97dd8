//! Every operation of every client, fed hostile responses from a loopback server — truncated
//! JSON, an HTML 502 page, the wrong media type, invalid UTF-8, an empty body, a 10 MB body —
//! returns a typed error with the status kept: no panic, no hang.
#![cfg(all(
    feature = "abconnect",
    feature = "logisense",
    feature = "paylock",
    feature = "paynetworx",
    feature = "unit"
))]

#[path = "support/scripted.rs"]
mod scripted;

use std::time::Duration;

use payclients::retry::RetryPolicy;
use payclients::{Error, ErrorKind};
use scripted::{Scripted, Step};
use serde_json::json;

type Outcome = (&'static str, Result<(), Error>);

fn done<T>(name: &'static str, result: Result<T, Error>) -> Outcome {
    (name, result.map(|_| ()))
}

fn policy() -> RetryPolicy {
    RetryPolicy::none().attempt_timeout(Some(Duration::from_secs(10)))
}

/// Calls all 29 operations of the five clients against `base`.
async fn every_operation(base: &str) -> Vec<Outcome> {
    let mut out = Vec::new();

    let unit = payclients::unit::Client::new(base, "t")
        .unwrap()
        .with_retry_policy(policy());
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

    let pnx = payclients::paynetworx::Client::new(base, "u", "p")
        .unwrap()
        .with_retry_policy(policy());
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

    let ab = payclients::abconnect::Client::new(base, "t")
        .unwrap()
        .with_retry_policy(policy());
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

    let ls = payclients::logisense::Client::from_base_url(base, "t")
        .unwrap()
        .with_retry_policy(policy());
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

    let pl = payclients::paylock::Client::new(base, "t")
        .unwrap()
        .with_retry_policy(policy());
    out.push(done(
        "paylock get",
        pl.get_payment()
            .collectionattemptid("7b0e8c1e4f0a4d9b9a571f1c2a3b4c5d")
            .customer_id("5e6f7a8b9c0d41e2f3a4b5c6d7e8f9a0")
            .await,
    ));
    out
}

#[tokio::test]
async fn hostile_bodies_give_typed_errors_for_every_operation() {
    let ten_megabytes: &'static [u8] = Box::leak(
        format!("{{\"data\": [{}]}}", "1,".repeat(5 * 1024 * 1024))
            .into_bytes()
            .into_boxed_slice(),
    );
    let cases: Vec<(&str, u16, &str, &'static [u8])> = vec![
        (
            "truncated JSON",
            200,
            "application/json",
            br#"{"data": {"type": "achReceivedPayment", "id": "1"#,
        ),
        (
            "an HTML 502 page",
            502,
            "text/html",
            b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
        ),
        (
            "the wrong media type",
            200,
            "application/xml",
            b"<payment><id>1</id></payment>",
        ),
        // (serde_json does not check UTF-8 inside members it skips, so a body must be invalid
        // where it is read: here, from its first byte.)
        (
            "invalid UTF-8",
            200,
            "application/json",
            b"\xff\xfe\xfd{\"data\": 1}",
        ),
        ("an empty body", 200, "application/json", b""),
        ("a 10 MB body", 200, "application/json", ten_megabytes),
    ];
    for (what, status, media_type, body) in cases {
        let server = Scripted::start(vec![Step::Respond(
            status,
            vec![("content-type", media_type.to_string())],
            body,
        )])
        .await;
        let outcomes =
            tokio::time::timeout(Duration::from_secs(120), every_operation(&server.base_url))
                .await
                .unwrap_or_else(|_| panic!("{what}: an operation hung"));
        assert_eq!(outcomes.len(), 29);
        for (operation, outcome) in outcomes {
            let error = match outcome {
                Ok(()) => panic!("{what}: {operation} succeeded"),
                Err(error) => error,
            };
            let expected = if status == 200 {
                ErrorKind::Decode
            } else {
                ErrorKind::Status
            };
            assert_eq!(error.kind(), expected, "{what}: {operation}: {error}");
            assert_eq!(
                error.status().map(|s| s.as_u16()),
                Some(status),
                "{what}: {operation}"
            );
            let text = error.to_string();
            assert!(
                text.len() < 500 && !text.contains("nginx") && !text.contains("<payment>"),
                "{what}: {operation}: {text}"
            );
        }
    }
}
