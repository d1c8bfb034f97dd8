//! Fault injection on a loopback server: what is retried and what is not, the same Request-ID
//! on PayNetworx retries, `Retry-After` obeyed (the delays the policy computed, through an
//! injected sleeper, not wall time), exhaustion, the off switch, and timeouts within bounds.
#![cfg(all(feature = "unit", feature = "paynetworx"))]

#[path = "support/scripted.rs"]
mod scripted;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use payclients::ErrorKind;
use payclients::retry::RetryPolicy;
use scripted::{Scripted, Step};

const PAYMENT: &str = r#"{"data": {"type": "achReceivedPayment", "id": "1", "attributes": {"createdAt": "2022-02-01T12:03:14.406Z", "status": "Pending", "wasAdvanced": false, "amount": 1, "completionDate": "2020-07-30", "companyName": "X", "counterpartyRoutingNumber": "1", "description": "d", "traceNumber": "1", "secCode": "PPD"}, "relationships": {"account": {"data": {"type": "account", "id": "1"}}, "customer": {"data": {"type": "customer", "id": "1"}}}}}"#;
const APPROVED: &str = r#"{"TransactionID": "1XSnl0X7GC44qPT2CVV8BCz0bQi", "Approved": true}"#;

fn ok(body: &'static str) -> Step {
    Step::Respond(200, vec![], body.as_bytes())
}

fn status(code: u16) -> Step {
    Step::Respond(code, vec![], b"{}")
}

/// A policy whose waits are recorded instead of slept.
fn recorded() -> (RetryPolicy, Arc<Mutex<Vec<Duration>>>) {
    let waits = Arc::new(Mutex::new(Vec::new()));
    let log = waits.clone();
    let policy = RetryPolicy::default().sleeper(move |delay| {
        log.lock().unwrap().push(delay);
        async {}
    });
    (policy, waits)
}

fn unit(server: &Scripted, policy: RetryPolicy) -> payclients::unit::Client {
    payclients::unit::Client::new(&server.base_url, "token")
        .unwrap()
        .with_retry_policy(policy)
}

#[tokio::test]
async fn a_get_survives_503s_and_a_reset() {
    let server = Scripted::start(vec![status(503), Step::Reset, ok(PAYMENT)]).await;
    let (policy, waits) = recorded();
    let payment = unit(&server, policy)
        .get_received_payment()
        .id("1")
        .await
        .unwrap();
    assert_eq!(payment.data.id.as_str(), "1");
    let heads = server.heads();
    assert_eq!(heads.len(), 3, "the server saw three attempts");
    // Each attempt is the same request: line, query and headers (a reset attempt included).
    for (i, head) in heads.iter().enumerate() {
        assert!(
            head.starts_with("GET /received-payments/1 HTTP/1.1\r\n"),
            "attempt {i}: {head}"
        );
        assert_eq!(
            server.header(i, "authorization").as_deref(),
            Some("Bearer token")
        );
        assert_eq!(
            server.header(i, "accept").as_deref(),
            Some("application/vnd.api+json")
        );
    }
    let waits = waits.lock().unwrap().clone();
    assert_eq!(waits.len(), 2);
    assert!(
        waits[0] <= Duration::from_millis(200) && waits[1] <= Duration::from_millis(400),
        "{waits:?}"
    );
}

#[tokio::test]
async fn a_non_idempotent_post_and_a_patch_are_sent_once() {
    let server = Scripted::start(vec![status(503)]).await;
    let (policy, waits) = recorded();
    let client = unit(&server, policy);
    let error = client.advance_received_payment().id("1").await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(error.attempts(), 1);
    assert!(
        error.is_retryable(),
        "retryable in kind, but not safe to repeat"
    );
    let body: payclients::unit::types::UpdateReceivedPaymentRequest =
        serde_json::from_str(r#"{"data": {"type": "achReceivedPayment", "attributes": {}}}"#)
            .unwrap();
    let error = client
        .update_received_payment()
        .id("1")
        .body(body)
        .await
        .unwrap_err();
    assert_eq!(error.attempts(), 1);
    assert_eq!(server.heads().len(), 2, "one POST, one PATCH");
    assert!(waits.lock().unwrap().is_empty());
}

#[tokio::test]
async fn a_paynetworx_retry_repeats_the_same_request_id() {
    let server = Scripted::start(vec![Step::Reset, status(502), ok(APPROVED)]).await;
    let (policy, _) = recorded();
    let client = payclients::paynetworx::Client::new(&server.base_url, "user", "pass")
        .unwrap()
        .with_retry_policy(policy);
    let account: payclients::paynetworx::types::AchAccount = serde_json::from_value(serde_json::json!({
        "BankRoutingNumber": "999999999", "AccountNumber": "01234567890123456", "AchAccountType": "PersonalChecking",
        "CustomerName": "Polly", "EffectiveDate": "2012-04-21"
    }))
    .unwrap();
    let request = payclients::paynetworx::types::AchCreditRequest::ach(
        payclients::paynetworx::TransactionAmount::usd("25.50").unwrap(),
        account,
    );
    let result = client.ach_credit().body(request).await.unwrap();
    assert!(result.is_approved());
    assert_eq!(server.heads().len(), 3);
    let ids: Vec<_> = (0..3)
        .map(|i| server.header(i, "request-id").unwrap())
        .collect();
    assert!(ids.iter().all(|id| *id == ids[0]), "{ids:?}");
    assert_eq!(ids[0].len(), 27);
}

#[tokio::test]
async fn retry_after_is_obeyed_in_seconds_and_as_a_date_and_capped() {
    let in_three = httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(3));
    let server = Scripted::start(vec![
        Step::Respond(429, vec![("retry-after", "2".to_string())], b"{}"),
        Step::Respond(503, vec![("retry-after", in_three)], b"{}"),
        ok(PAYMENT),
    ])
    .await;
    let (policy, waits) = recorded();
    unit(&server, policy)
        .get_received_payment()
        .id("1")
        .await
        .unwrap();
    let waits = waits.lock().unwrap().clone();
    assert_eq!(waits[0], Duration::from_secs(2));
    assert!(
        waits[1] > Duration::from_secs(1) && waits[1] <= Duration::from_secs(3),
        "{waits:?}"
    );

    let server = Scripted::start(vec![
        Step::Respond(503, vec![("retry-after", "86400".to_string())], b"{}"),
        ok(PAYMENT),
    ])
    .await;
    let (policy, waits) = recorded();
    unit(&server, policy.max_retry_after(Duration::from_secs(10)))
        .get_received_payment()
        .id("1")
        .await
        .unwrap();
    assert_eq!(
        waits.lock().unwrap().clone(),
        vec![Duration::from_secs(10)],
        "capped"
    );
}

#[tokio::test]
async fn exhausted_retries_and_the_off_switch() {
    let server = Scripted::start(vec![status(503)]).await;
    let (policy, waits) = recorded();
    let error = unit(&server, policy.max_attempts(4))
        .get_received_payment()
        .id("1")
        .await
        .unwrap_err();
    assert_eq!(error.attempts(), 4);
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert!(error.is_retryable());
    assert_eq!(waits.lock().unwrap().len(), 3);
    assert_eq!(server.heads().len(), 4);

    let server = Scripted::start(vec![status(503), ok(PAYMENT)]).await;
    let error = unit(&server, RetryPolicy::none())
        .get_received_payment()
        .id("1")
        .await
        .unwrap_err();
    assert_eq!((error.attempts(), server.heads().len()), (1, 1));

    // Not retryable: a 404 and a 500 are final.
    for code in [404, 500] {
        let server = Scripted::start(vec![status(code), ok(PAYMENT)]).await;
        let (policy, _) = recorded();
        let error = unit(&server, policy)
            .get_received_payment()
            .id("1")
            .await
            .unwrap_err();
        assert_eq!(
            (error.attempts(), error.is_retryable()),
            (1, false),
            "{code}"
        );
    }
}

#[tokio::test]
async fn a_hanging_server_times_out_within_the_bound() {
    let server = Scripted::start(vec![Step::Hang]).await;
    let (policy, _) = recorded();
    let policy = policy
        .attempt_timeout(Some(Duration::from_millis(300)))
        .max_attempts(2);
    let started = Instant::now();
    let error = unit(&server, policy)
        .get_received_payment()
        .id("1")
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    assert_eq!(error.kind(), ErrorKind::Timeout);
    assert!(error.is_timeout() && error.is_retryable());
    assert_eq!(error.attempts(), 2);
    assert!(
        elapsed >= Duration::from_millis(600) && elapsed < Duration::from_secs(3),
        "{elapsed:?}"
    );

    // The overall timeout bounds the whole call, retries included.
    let server = Scripted::start(vec![Step::Hang]).await;
    let policy = RetryPolicy::default()
        .attempt_timeout(Some(Duration::from_secs(10)))
        .overall_timeout(Some(Duration::from_millis(400)));
    let started = Instant::now();
    let error = unit(&server, policy)
        .get_received_payment()
        .id("1")
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

/// A peer that does not speak TLS fails the same on every try: the call fails at once with a
/// connect error, after one connection, and the policy's waits are not spent.
#[tokio::test]
async fn a_tls_failure_is_not_retried() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("https://{}", listener.local_addr().unwrap());
    let connections = Arc::new(Mutex::new(0));
    let counted = connections.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            *counted.lock().unwrap() += 1;
            let mut hello = [0u8; 512];
            let _ = socket.read(&mut hello).await;
            let _ = socket
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n")
                .await;
        }
    });
    let (policy, waits) = recorded();
    let client = payclients::unit::Client::new(&base, "token")
        .unwrap()
        .with_retry_policy(policy);
    let error = client.get_received_payment().id("1").await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Connect, "{error}");
    assert_eq!(*connections.lock().unwrap(), 1, "one connection, no retry");
    assert!(waits.lock().unwrap().is_empty());
}

/// No retry starts that could not finish within the overall timeout: a `Retry-After` past it
/// ends the call with the 503 at once, nothing waited for.
#[tokio::test]
async fn a_retry_past_the_overall_timeout_is_not_made() {
    let server = Scripted::start(vec![
        Step::Respond(503, vec![("retry-after", "20".into())], b"{}"),
        ok(PAYMENT),
    ])
    .await;
    let (policy, waits) = recorded();
    let error = unit(
        &server,
        policy.overall_timeout(Some(Duration::from_secs(10))),
    )
    .get_received_payment()
    .id("1")
    .await
    .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!((error.attempts(), server.heads().len()), (1, 1));
    assert!(waits.lock().unwrap().is_empty());
}
