//! The OAuth2 token provider against hostile token endpoints: any `expires_in`, short
//! lifetimes, a hanging or failing endpoint with many callers waiting, revoked tokens, and
//! token URLs that break the base-URL rule.
// ABConnect's JobPayment routes are deprecated by the vendor (8.01) but documented by the seed:
// they are still exercised here.
#![allow(deprecated)]
#![cfg(feature = "abconnect")]

#[path = "support/scripted.rs"]
mod scripted;

use std::time::Duration;

use payclients::ErrorKind;
use payclients::abconnect::{self, Client};
use payclients::auth::{PasswordGrant, TokenProvider};
use payclients::retry::RetryPolicy;
use scripted::{Scripted, Step};

fn grant(token: &Scripted) -> PasswordGrant {
    abconnect::password_grant(
        &format!("{}/connect/token", token.base_url),
        "me@example.com",
        "pa55word!",
        "portal",
        "client-secret-9f2",
    )
}

fn token_step(body: &str) -> Step {
    Step::Respond(
        200,
        vec![],
        Box::leak(body.to_string().into_boxed_str()).as_bytes(),
    )
}

fn client(api: &Scripted, token: &Scripted, policy: RetryPolicy) -> Client {
    Client::with_password_grant(&api.base_url, grant(token))
        .unwrap()
        .with_retry_policy(policy)
}

async fn sources(client: &Client) -> Result<(), payclients::Error> {
    client
        .list_payment_sources()
        .job_display_id("2000000")
        .await
        .map(|_| ())
}

#[tokio::test]
async fn a_huge_expires_in_gives_a_cached_token_not_a_panic() {
    let token = Scripted::start(vec![token_step(
        r#"{"access_token":"a1","expires_in":18446744073709551615}"#,
    )])
    .await;
    let api = Scripted::start(vec![Step::Respond(200, vec![], b"[]")]).await;
    let client = client(&api, &token, RetryPolicy::none());
    for _ in 0..3 {
        sources(&client).await.unwrap();
    }
    assert_eq!(token.heads().len(), 1, "fetched once and kept");
    assert_eq!(api.header(2, "authorization").as_deref(), Some("Bearer a1"));
}

#[tokio::test]
async fn a_bad_expires_in_is_an_auth_error_that_says_so() {
    for (body, says) in [
        (
            r#"{"access_token":"a1","expires_in":-5}"#,
            "negative expires_in",
        ),
        (
            r#"{"access_token":"a1","expires_in":"soon"}"#,
            "expires_in that is not a number",
        ),
        (
            r#"{"access_token":"a1","expires_in":{}}"#,
            "expires_in that is not a number",
        ),
        (r#"{"expires_in":3600}"#, "has no access_token"),
    ] {
        let token = Scripted::start(vec![token_step(body)]).await;
        let api = Scripted::start(vec![Step::Respond(200, vec![], b"[]")]).await;
        let error = sources(&client(&api, &token, RetryPolicy::none()))
            .await
            .unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Auth, "{body}");
        assert!(error.to_string().contains(says), "{body}: {error}");
        assert!(api.heads().is_empty());
    }
    // Decimal and string forms are read.
    for body in [
        r#"{"access_token":"a1","expires_in":3599.5}"#,
        r#"{"access_token":"a1","expires_in":"3600"}"#,
    ] {
        let token = Scripted::start(vec![token_step(body)]).await;
        let api = Scripted::start(vec![Step::Respond(200, vec![], b"[]")]).await;
        sources(&client(&api, &token, RetryPolicy::none()))
            .await
            .unwrap_or_else(|e| panic!("{body}: {e}"));
    }
}

#[tokio::test]
async fn a_token_that_expires_at_once_still_serves_every_call_that_waited_for_it() {
    let token = Scripted::start(vec![token_step(
        r#"{"access_token":"short","expires_in":1}"#,
    )])
    .await;
    let api = Scripted::start(vec![Step::Respond(200, vec![], b"[]")]).await;
    let client = client(&api, &token, RetryPolicy::none());
    let calls = (0..10).map(|_| sources(&client));
    for outcome in futures::future::join_all(calls).await {
        outcome.unwrap();
    }
    assert_eq!(token.heads().len(), 1, "one fetch for ten waiting calls");
    assert_eq!(api.heads().len(), 10);
}

#[tokio::test]
async fn with_a_hanging_token_endpoint_each_waiter_stops_at_its_own_timeout() {
    let token = Scripted::start(vec![Step::Hang]).await;
    let api = Scripted::start(vec![Step::Respond(200, vec![], b"[]")]).await;
    let provider = std::sync::Arc::new(TokenProvider::new(grant(&token)).unwrap());
    let http = payclients::transport::http_client_builder()
        .unwrap()
        .build()
        .unwrap();
    let make = |overall: u64| {
        Client::with_token_provider(&api.base_url, provider.clone(), http.clone())
            .unwrap()
            .with_retry_policy(
                RetryPolicy::none().overall_timeout(Some(Duration::from_millis(overall))),
            )
    };
    let (quick, slow) = (make(300), make(900));
    let mut calls = Vec::new();
    for i in 0..10 {
        calls.push(if i % 2 == 0 {
            sources(&quick)
        } else {
            sources(&slow)
        });
    }
    // Before: fetches queued behind a mutex, the 10th call waited for ten fetch timeouts.
    let outcomes = tokio::time::timeout(Duration::from_secs(20), futures::future::join_all(calls))
        .await
        .expect("every waiter stops at its own timeout");
    for outcome in outcomes {
        let error = outcome.unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Timeout, "{error}");
        assert!(error.is_timeout());
        assert_eq!(error.attempts(), 0, "nothing was sent to the API");
    }
    assert_eq!(token.heads().len(), 1, "one fetch in flight, for all");
    assert!(api.heads().is_empty());
}

#[tokio::test]
async fn a_failed_fetch_fails_all_its_waiters_at_once() {
    let token = Scripted::start(vec![Step::Respond(
        500,
        vec![],
        br#"{"error":"temporarily_unavailable"}"#,
    )])
    .await;
    let api = Scripted::start(vec![Step::Respond(200, vec![], b"[]")]).await;
    let client = client(&api, &token, RetryPolicy::none());
    let outcomes = futures::future::join_all((0..10).map(|_| sources(&client))).await;
    for outcome in outcomes {
        let error = outcome.unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Auth);
        assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
        assert!(
            error.to_string().contains("temporarily_unavailable"),
            "{error}"
        );
    }
    assert_eq!(token.heads().len(), 1);
}

#[tokio::test]
async fn an_endless_token_error_body_is_read_only_in_part() {
    let token = Scripted::start(vec![Step::Endless(500, vec![])]).await;
    let api = Scripted::start(vec![Step::Respond(200, vec![], b"[]")]).await;
    let error = sources(&client(&api, &token, RetryPolicy::none()))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Auth, "{error}");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
    // The status is the news; the endless body is read only for a reason, and has none.
    assert!(
        error
            .to_string()
            .contains("answered HTTP 500 Internal Server Error: no OAuth2 error body"),
        "{error}"
    );
    assert!(token.endless_bytes_written() < 64 * 1024 * 1024);
}

#[tokio::test]
async fn a_401_forgets_the_token_and_a_safe_call_is_repeated_once_with_a_new_one() {
    let token = Scripted::start(vec![
        token_step(r#"{"access_token":"revoked","expires_in":3600}"#),
        token_step(r#"{"access_token":"fresh","expires_in":3600}"#),
    ])
    .await;
    let api = Scripted::start(vec![
        Step::Respond(401, vec![], br#"{"message":"token revoked"}"#),
        Step::Respond(200, vec![], b"[]"),
    ])
    .await;
    let client = client(&api, &token, RetryPolicy::none());
    sources(&client).await.unwrap();
    assert_eq!(
        api.header(0, "authorization").as_deref(),
        Some("Bearer revoked")
    );
    assert_eq!(
        api.header(1, "authorization").as_deref(),
        Some("Bearer fresh")
    );
    sources(&client).await.unwrap();
    assert_eq!(
        api.header(2, "authorization").as_deref(),
        Some("Bearer fresh")
    );
    assert_eq!(token.heads().len(), 2);

    // A 401 on the fresh token too: returned after one repeat, not looped.
    let api = Scripted::start(vec![Step::Respond(401, vec![], br#"{"message":"no"}"#)]).await;
    let client = self::client(&api, &token, RetryPolicy::none());
    let error = sources(&client).await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(api.heads().len(), 2);
}

#[tokio::test]
async fn a_401_on_a_post_is_returned_and_the_next_call_gets_a_new_token() {
    let token = Scripted::start(vec![
        token_step(r#"{"access_token":"revoked","expires_in":3600}"#),
        token_step(r#"{"access_token":"fresh","expires_in":3600}"#),
    ])
    .await;
    let api = Scripted::start(vec![
        Step::Respond(401, vec![], br#"{"message":"token revoked"}"#),
        Step::Respond(200, vec![], b"[]"),
    ])
    .await;
    let client = client(&api, &token, RetryPolicy::none());
    let body: abconnect::types::AttachCustomerBankModel =
        serde_json::from_value(serde_json::json!({})).unwrap();
    let error = client
        .attach_customer_bank()
        .job_display_id("2000000")
        .body(body)
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(api.heads().len(), 1, "a POST is not repeated");
    sources(&client).await.unwrap();
    assert_eq!(
        api.header(1, "authorization").as_deref(),
        Some("Bearer fresh")
    );
}

#[tokio::test]
async fn a_plain_http_token_url_to_another_host_is_refused_before_sending() {
    let api = Scripted::start(vec![Step::Respond(200, vec![], b"[]")]).await;
    let grant = abconnect::password_grant(
        "http://login.example.com/connect/token",
        "me@example.com",
        "pa55word!",
        "portal",
        "client-secret-9f2",
    );
    let error = Client::with_password_grant(&api.base_url, grant.clone()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Auth, "{error}");
    assert!(error.to_string().contains("token URL"), "{error}");
    assert!(TokenProvider::new(grant.clone()).is_err());
    // A provider built around its own HTTP client fails each fetch instead, sending nothing.
    let http = payclients::transport::http_client_builder()
        .unwrap()
        .build()
        .unwrap();
    let provider = TokenProvider::with_http_client(grant.clone(), http);
    assert_eq!(
        provider.access_token().await.unwrap_err().kind(),
        ErrorKind::Auth
    );
    // allow_http insists.
    assert!(TokenProvider::new(grant.allow_http()).is_ok());
}

#[tokio::test]
async fn a_token_answer_over_256_kib_is_an_error_that_names_the_limit() {
    let huge: &'static str = Box::leak(
        format!(
            r#"{{"access_token":"{}","expires_in":3600}}"#,
            "a".repeat(300 * 1024)
        )
        .into_boxed_str(),
    );
    let token = Scripted::start(vec![Step::Respond(200, vec![], huge.as_bytes())]).await;
    let api = Scripted::start(vec![Step::Respond(200, vec![], b"[]")]).await;
    let error = sources(&client(&api, &token, RetryPolicy::none()))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Auth, "{error}");
    assert!(error.to_string().contains("262144 bytes"), "{error}");
    assert!(api.heads().is_empty());
}

#[tokio::test]
async fn a_token_endpoint_that_times_out_says_so() {
    let token = Scripted::start(vec![Step::Hang]).await;
    let http = payclients::transport::http_client_builder()
        .unwrap()
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let provider = TokenProvider::with_http_client(grant(&token), http);
    let error = provider.access_token().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Auth, "{error}");
    assert!(
        error
            .to_string()
            .contains("could not be reached (timed out)"),
        "{error}"
    );
}

#[tokio::test]
async fn a_password_grant_client_retries_no_more_than_its_policy_allows() {
    let token = Scripted::start(vec![token_step(
        r#"{"access_token":"a1","expires_in":3600}"#,
    )])
    .await;
    for (policy, attempts) in [
        (RetryPolicy::none(), 1),
        (
            RetryPolicy::default().max_attempts(2).sleeper(|_| async {}),
            2,
        ),
    ] {
        let api = Scripted::start(vec![Step::Respond(503, vec![], b"{}")]).await;
        let error = sources(&client(&api, &token, policy)).await.unwrap_err();
        assert_eq!(error.attempts(), attempts, "{error}");
        assert_eq!(api.heads().len(), attempts as usize);
    }
}
