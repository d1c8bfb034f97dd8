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

#[path = "support/every_operation.rs"]
mod every_operation;
#[path = "support/scripted.rs"]
mod scripted;

use std::time::Duration;

use payclients::ErrorKind;
use payclients::retry::RetryPolicy;
use scripted::{Scripted, Step};

fn policy() -> RetryPolicy {
    RetryPolicy::none().attempt_timeout(Some(Duration::from_secs(10)))
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
        let outcomes = tokio::time::timeout(
            Duration::from_secs(120),
            every_operation::every_operation(&|_| server.base_url.clone(), policy()),
        )
        .await
        .unwrap_or_else(|_| panic!("{what}: an operation hung"));
        assert_eq!(outcomes.len(), 30);
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

/// JSON text must be UTF-8 (RFC 8259): a body with a bad byte in a member nobody reads is
/// refused whole, by a single call and by a page of a stream alike (both read through one
/// decoder), with where the bad byte starts, and the status and headers kept.
#[tokio::test]
async fn invalid_utf8_in_an_unread_member_is_a_decode_error_everywhere() {
    let body: &'static [u8] =
        b"{\"data\": [], \"junk\": \"\xff\", \"meta\": {\"pagination\": {\"total\": 0}}}";
    let offset = body.iter().position(|&b| b == 0xff).unwrap();
    let headers = || {
        vec![
            ("content-type", "application/json".to_string()),
            ("x-request-id", "req-7".to_string()),
        ]
    };
    let server = Scripted::start(vec![
        Step::Respond(200, headers(), body),
        Step::Respond(200, headers(), body),
    ])
    .await;
    let client = payclients::unit::Client::new(&server.base_url, "t").unwrap();
    let single = client.list_received_payments().await.unwrap_err();
    let mut stream = client.list_received_payments().stream();
    let paged = futures::StreamExt::next(&mut stream)
        .await
        .unwrap()
        .unwrap_err();
    for error in [single, paged] {
        assert_eq!(error.kind(), ErrorKind::Decode, "{error}");
        assert_eq!(error.status().map(|s| s.as_u16()), Some(200));
        // The response's headers are kept for the error, as its status is.
        assert_eq!(error.headers().unwrap()["x-request-id"], "req-7");
        let text = error.to_string();
        assert!(
            text.contains(&format!("invalid UTF-8 at byte {offset} of the body")),
            "{text}"
        );
    }
}
