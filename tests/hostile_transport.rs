//! The transport against hostile loopback servers: bodies that never end stop at the client's
//! limit, redirects are not followed (no body, credential or query goes anywhere else), path
//! parameters cannot climb out of their endpoint, and the retry budget runs dry in an outage.
// ABConnect's JobPayment routes are deprecated by the vendor (8.01) but documented by the seed:
// they are still exercised here.
#![allow(deprecated)]
#![cfg(all(
    feature = "abconnect",
    feature = "paynetworx",
    feature = "paylock",
    feature = "unit"
))]

#[path = "support/scripted.rs"]
mod scripted;

use std::time::Duration;

use futures::TryStreamExt;
use payclients::ErrorKind;
use payclients::retry::{RetryPolicy, RetryQuota};
use scripted::{Scripted, Step};
use serde_json::json;

const LIMIT: usize = 1024 * 1024;

fn policy() -> RetryPolicy {
    RetryPolicy::none().attempt_timeout(Some(Duration::from_secs(20)))
}

fn unit(base: &str) -> payclients::unit::Client {
    payclients::unit::Client::new(base, "unit-token")
        .unwrap()
        .with_retry_policy(policy())
        .with_max_body_size(LIMIT)
}

fn assert_too_large(error: &payclients::Error, what: &str) {
    assert_eq!(error.kind(), ErrorKind::BodyTooLarge, "{what}: {error}");
    assert!(error.is_body_too_large());
    assert_eq!(error.status().map(|s| s.as_u16()), Some(200), "{what}");
    assert_eq!(
        error
            .headers()
            .and_then(|h| h.get("x-marker"))
            .and_then(|v| v.to_str().ok()),
        Some("kept"),
        "{what}: the headers are kept"
    );
    assert!(
        error.to_string().contains(&format!("{LIMIT} bytes")),
        "{what}: the limit is named: {error}"
    );
}

fn endless() -> Step {
    Step::Endless(200, vec![("x-marker", "kept".to_string())])
}

#[tokio::test]
async fn a_body_that_never_ends_stops_at_the_limit_for_typed_raw_and_paged_calls() {
    let server = Scripted::start(vec![endless()]).await;
    let client = unit(&server.base_url);

    let error = client.get_received_payment().id("1").await.unwrap_err();
    assert_too_large(&error, "typed call");

    let error = client
        .raw(reqwest::Method::GET, "/received-payments/{id}")
        .param("id", "1")
        .await
        .unwrap_err();
    assert_too_large(&error, "raw call");

    let error = client
        .list_received_payments()
        .stream()
        .concurrency(4)
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert_too_large(&error, "a page of a stream");

    // Each read stopped: what the server managed to write is the limit plus what the socket
    // buffers hold, not the endless body (it would write until the process died).
    let written = server.endless_bytes_written();
    assert!(
        written < 3 * 16 * LIMIT,
        "{written} bytes written for three or more reads"
    );
}

#[tokio::test]
async fn a_jsv_body_that_never_ends_stops_at_the_limit() {
    let server = Scripted::start(vec![Step::Endless(
        200,
        vec![
            ("content-type", "text/jsv".into()),
            ("x-marker", "kept".into()),
        ],
    )])
    .await;
    let client = payclients::paylock::Client::new(&server.base_url, "paylock-token")
        .unwrap()
        .with_retry_policy(policy())
        .with_max_body_size(LIMIT)
        .with_format(payclients::paylock::Format::Jsv);
    let error = client
        .get_payment()
        .collectionattemptid("7b0e8c1e4f0a4d9b9a571f1c2a3b4c5d")
        .customer_id("5e6f7a8b9c0d41e2f3a4b5c6d7e8f9a0")
        .await
        .unwrap_err();
    assert_too_large(&error, "JSV");
}

/// A JSON string of exactly `len` bytes, quotes included.
fn json_of_len(len: usize) -> &'static [u8] {
    Box::leak(
        format!("\"{}\"", "a".repeat(len - 2))
            .into_bytes()
            .into_boxed_slice(),
    )
}

#[tokio::test]
async fn a_body_of_exactly_the_limit_is_read_and_one_byte_more_is_not() {
    let exact = json_of_len(LIMIT);
    let over = json_of_len(LIMIT + 1);
    // With a Content-Length, in one piece and in many chunks; then chunked without a length.
    for (what, step, ok) in [
        ("length, exact", Step::Respond(200, vec![], exact), true),
        ("length, one more", Step::Respond(200, vec![], over), false),
        ("chunked, exact", Step::Chunked(exact, 4096), true),
        ("chunked, one more", Step::Chunked(over, 4096), false),
        ("one chunk, exact", Step::Chunked(exact, LIMIT), true),
        ("one chunk, one more", Step::Chunked(over, LIMIT + 1), false),
    ] {
        let server = Scripted::start(vec![step]).await;
        let outcome = unit(&server.base_url)
            .raw(reqwest::Method::GET, "/received-payments")
            .await;
        match (outcome, ok) {
            (Ok(response), true) => assert_eq!(response.body.len(), LIMIT, "{what}"),
            (Err(error), false) => assert_eq!(error.kind(), ErrorKind::BodyTooLarge, "{what}"),
            (Ok(_), false) => panic!("{what}: read past the limit"),
            (Err(error), true) => panic!("{what}: {error}"),
        }
    }
}

/// A small limit, so that a whole body arrives as one chunk (hyper splits a 1 MiB one).
#[tokio::test]
async fn a_first_chunk_of_exactly_the_limit_is_read() {
    for (body, ok) in [
        (&b"\"0123456789abcd\""[..], true),
        (&b"\"0123456789abcde\""[..], false),
    ] {
        let server = Scripted::start(vec![Step::Chunked(body, body.len())]).await;
        let outcome = unit(&server.base_url)
            .with_max_body_size(16)
            .raw(reqwest::Method::GET, "/received-payments")
            .await;
        match outcome {
            Ok(response) => assert!(ok && response.body.len() == 16, "{}", response.body.len()),
            Err(error) => assert!(!ok && error.is_body_too_large(), "{error}"),
        }
    }
}

#[test]
fn the_body_limit_is_a_client_setting_with_a_stated_default() {
    use progenitor_client::ClientInfo;
    let client = payclients::unit::Client::new("https://api.s.unit.sh", "t").unwrap();
    assert_eq!(client.inner().max_body_size(), 64 * 1024 * 1024);
    assert_eq!(
        payclients::transport::DEFAULT_MAX_BODY_SIZE,
        64 * 1024 * 1024
    );
    assert_eq!(
        client.with_max_body_size(LIMIT).inner().max_body_size(),
        LIMIT
    );
}

#[tokio::test]
async fn a_declared_length_over_the_limit_fails_before_the_body_is_read() {
    static BODY: [u8; 2 * LIMIT] = [b' '; 2 * LIMIT];
    let server = Scripted::start(vec![Step::Respond(
        200,
        vec![("x-marker", "kept".into())],
        &BODY,
    )])
    .await;
    let error = unit(&server.base_url)
        .get_received_payment()
        .id("1")
        .await
        .unwrap_err();
    assert_too_large(&error, "Content-Length over the limit");
    // Under the limit, the same body is read (and fails to decode, being blanks).
    let error = unit(&server.base_url)
        .with_max_body_size(4 * LIMIT)
        .get_received_payment()
        .id("1")
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode, "{error}");
}

fn pnx_account() -> payclients::paynetworx::types::AchAccount {
    serde_json::from_value(json!({
        "BankRoutingNumber": "999999999", "AccountNumber": "0123456789", "AchAccountType": "PersonalChecking",
        "CustomerName": "P", "EffectiveDate": "2012-04-21"
    }))
    .unwrap()
}

#[tokio::test]
async fn a_redirect_is_returned_not_followed_and_nothing_goes_to_its_target() {
    let elsewhere = Scripted::start(vec![Step::Respond(200, vec![], b"{}")]).await;
    let target = format!("{}/collect?filter[accountId]=1", elsewhere.base_url);
    for status in [301u16, 302, 303, 307, 308] {
        let server = Scripted::start(vec![Step::Respond(
            status,
            vec![("location", target.clone())],
            b"",
        )])
        .await;
        let client = payclients::paynetworx::Client::new(&server.base_url, "user", "pa55word!")
            .unwrap()
            .with_retry_policy(policy());
        let credit = payclients::paynetworx::types::AchCreditRequest::ach(
            payclients::paynetworx::TransactionAmount::usd("1.00").unwrap(),
            pnx_account(),
        );
        let error = client.ach_credit().body(credit).await.unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Redirect, "{status}: {error}");
        assert!(error.is_redirect());
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(error.redirect_location(), Some(target.as_str()));
        assert!(
            !error.to_string().contains("accountId"),
            "the Location is not printed: {error}"
        );
        assert_eq!(server.heads().len(), 1);
    }
    // Unit's list with a filter in its query, redirected: nothing reaches the target either.
    let server = Scripted::start(vec![Step::Respond(
        307,
        vec![("location", target.clone())],
        b"",
    )])
    .await;
    let error = unit(&server.base_url)
        .list_received_payments()
        .filter_account_id("1")
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Redirect, "{error}");
    assert!(elsewhere.heads().is_empty(), "{:?}", elsewhere.heads());
    assert_eq!(server.header(0, "referer"), None, "no Referer is sent");
}

#[tokio::test]
async fn a_redirected_token_endpoint_gets_no_password_anywhere_else() {
    let elsewhere = Scripted::start(vec![Step::Respond(200, vec![], b"{}")]).await;
    let token = Scripted::start(vec![Step::Respond(
        307,
        vec![("location", format!("{}/steal", elsewhere.base_url))],
        b"",
    )])
    .await;
    let api = Scripted::start(vec![Step::Respond(200, vec![], b"[]")]).await;
    let grant = payclients::abconnect::password_grant(
        &format!("{}/connect/token", token.base_url),
        "me@example.com",
        "pa55word!",
        "portal",
        "client-secret-9f2",
    );
    let client = payclients::abconnect::Client::with_password_grant(&api.base_url, grant)
        .unwrap()
        .with_retry_policy(policy());
    let error = client
        .list_payment_sources()
        .job_display_id("2000000")
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Auth, "{error}");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(307));
    assert!(error.to_string().contains("redirect"), "{error}");
    assert!(elsewhere.heads().is_empty());
    assert!(api.heads().is_empty(), "without a token nothing is sent");
}

#[tokio::test]
async fn path_parameters_that_would_change_the_path_are_refused_before_sending() {
    let server = Scripted::start(vec![Step::Respond(200, vec![], b"[]")]).await;
    let ab = payclients::abconnect::Client::new(&server.base_url, "ab-token")
        .unwrap()
        .with_retry_policy(policy());
    for value in ["..", ".", ""] {
        let error = ab
            .list_payment_sources()
            .job_display_id(value)
            .await
            .unwrap_err();
        assert_eq!(
            error.kind(),
            ErrorKind::InvalidRequest,
            "{value:?}: {error}"
        );
        assert!(error.to_string().contains("path"), "{error}");
        let error = ab
            .raw(reqwest::Method::GET, "/api/job/{id}/payment/sources")
            .param("id", value)
            .await
            .unwrap_err();
        assert_eq!(
            error.kind(),
            ErrorKind::InvalidRequest,
            "raw {value:?}: {error}"
        );
        let error = unit(&server.base_url)
            .get_received_payment()
            .id(value)
            .await
            .unwrap_err();
        assert_eq!(
            error.kind(),
            ErrorKind::InvalidRequest,
            "unit {value:?}: {error}"
        );
    }
    assert!(
        server.heads().is_empty(),
        "nothing was sent: {:?}",
        server.heads()
    );

    // Encoded forms stay inside their segment: `%` and `\` (a `/` to the URL parser) are escaped.
    for (value, sent) in [
        ("%2e%2e", "/api/job/%252e%252e/payment/sources"),
        ("..\\..", "/api/job/..%5C../payment/sources"),
        ("a/../b", "/api/job/a%2F..%2Fb/payment/sources"),
        ("...", "/api/job/.../payment/sources"),
    ] {
        let before = server.heads().len();
        let _ = ab.list_payment_sources().job_display_id(value).await;
        let head = server.heads()[before].clone();
        assert!(
            head.starts_with(&format!("GET {sent} HTTP/1.1")),
            "{value:?}: {head}"
        );
    }
}

#[tokio::test]
async fn the_retry_budget_stops_retries_in_an_outage_and_successes_refill_it() {
    let server = Scripted::start(vec![Step::Respond(503, vec![], b"{}")]).await;
    let quota = RetryQuota::new(10, 5, 10);
    let policy = RetryPolicy::default()
        .retry_quota(Some(quota.clone()))
        .sleeper(|_| async {});
    let client = payclients::unit::Client::new(&server.base_url, "t")
        .unwrap()
        .with_retry_policy(policy);
    let error = client.get_received_payment().id("1").await.unwrap_err();
    assert_eq!(error.attempts(), 3, "two retries, 5 tokens each");
    assert_eq!(quota.available(), 0);
    let error = client.get_received_payment().id("1").await.unwrap_err();
    assert_eq!(error.attempts(), 1, "the budget is spent: sent once");
    assert_eq!(server.heads().len(), 4);

    // Successes give tokens back: one each when no retry was needed.
    let healthy = Scripted::start(vec![Step::Respond(200, vec![], b"{\"data\": []}")]).await;
    let policy = RetryPolicy::default()
        .retry_quota(Some(quota.clone()))
        .sleeper(|_| async {});
    let client = payclients::unit::Client::new(&healthy.base_url, "t")
        .unwrap()
        .with_retry_policy(policy);
    for _ in 0..5 {
        client.list_received_payments().await.unwrap();
    }
    assert_eq!(quota.available(), 5);
    // A retry that succeeds refunds its cost.
    let flaky = Scripted::start(vec![
        Step::Respond(503, vec![], b"{}"),
        Step::Respond(200, vec![], b"{\"data\": []}"),
    ])
    .await;
    let policy = RetryPolicy::default()
        .retry_quota(Some(quota.clone()))
        .sleeper(|_| async {});
    payclients::unit::Client::new(&flaky.base_url, "t")
        .unwrap()
        .with_retry_policy(policy)
        .list_received_payments()
        .await
        .unwrap();
    assert_eq!(flaky.heads().len(), 2);
    assert_eq!(quota.available(), 5, "5 taken by the retry, 5 refunded");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_cli_refuses_dot_segments_too() {
    let server = Scripted::start(vec![Step::Respond(200, vec![], b"[]")]).await;
    for args in [
        vec![
            "abconnect",
            "list-payment-sources",
            "--job-display-id",
            "..",
        ],
        vec![
            "abconnect",
            "raw",
            "GET",
            "/api/job/{id}/payment/sources",
            "id=..",
        ],
    ] {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_payclients"));
        command
            .args(&args)
            .args(["--base-url", &server.base_url])
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("ABCONNECT_TOKEN", "ab-token");
        let output = tokio::task::spawn_blocking(move || command.output().unwrap())
            .await
            .unwrap();
        let err = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("would change the request's path"), "{err}");
    }
    assert!(server.heads().is_empty(), "{:?}", server.heads());
}
