//! One typed call, a create with its filled `Idempotency-Key`, a `stream()` across three pages
//! and a typed error, against a loopback server, through the `tally` client that payclients
//! generated from `specs/tally.yaml` alone. Exits non-zero when anything differs.

use std::sync::{Arc, Mutex};

use futures::TryStreamExt;
use payclients::tally::{Client, types};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The requests the server saw: `(method, path and query, headers in lower case)`.
type Seen = Arc<Mutex<Vec<(String, String, String)>>>;

fn payout(n: u32) -> String {
    format!(
        r#"{{"id":"po_{n}","amount":{},"currency":"usd","status":"paid","destination":"000123456789"}}"#,
        n * 100
    )
}

/// `path?b=2&a=1` as `path?a=1&b=2`: the answer does not depend on the order of parameters.
fn sorted(target: &str) -> String {
    let Some((path, query)) = target.split_once('?') else {
        return target.to_string();
    };
    let mut pairs: Vec<&str> = query.split('&').collect();
    pairs.sort();
    format!("{path}?{}", pairs.join("&"))
}

/// The answer to one request: status and JSON body.
fn answer(method: &str, target: &str) -> (u16, String) {
    match (method, sorted(target).as_str()) {
        ("GET", "/v1/payouts?limit=2&status=paid") => (200, format!(r#"{{"data":[{},{}],"next_cursor":"c2"}}"#, payout(1), payout(2))),
        ("GET", "/v1/payouts?limit=2&starting_after=c2&status=paid") => (200, format!(r#"{{"data":[{},{}],"next_cursor":"c4"}}"#, payout(3), payout(4))),
        ("GET", "/v1/payouts?limit=2&starting_after=c4&status=paid") => (200, format!(r#"{{"data":[{}],"next_cursor":null}}"#, payout(5))),
        ("GET", "/v1/payouts/po_7") => (200, payout(7)),
        ("POST", "/v1/payouts") => (201, payout(8)),
        _ => (404, r#"{"error":{"type":"invalid_request_error","code":"resource_missing","message":"No such payout","param":"id","request_id":"req_42"}}"#.to_string()),
    }
}

async fn serve(listener: tokio::net::TcpListener, seen: Seen) {
    loop {
        let Ok((mut socket, _)) = listener.accept().await else {
            return;
        };
        let seen = seen.clone();
        tokio::spawn(async move {
            let mut buffer = Vec::new();
            let mut chunk = [0u8; 4096];
            // The head, then as much body as Content-Length says.
            let head_end = loop {
                let Ok(n) = socket.read(&mut chunk).await else {
                    return;
                };
                if n == 0 {
                    return;
                }
                buffer.extend_from_slice(&chunk[..n]);
                if let Some(i) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                    break i + 4;
                }
            };
            let head = String::from_utf8_lossy(&buffer[..head_end]).to_ascii_lowercase();
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .map_or(0, |v| v.trim().parse().unwrap_or(0));
            while buffer.len() < head_end + length {
                let Ok(n) = socket.read(&mut chunk).await else {
                    return;
                };
                if n == 0 {
                    break;
                }
                buffer.extend_from_slice(&chunk[..n]);
            }
            let original = String::from_utf8_lossy(&buffer[..head_end]).to_string();
            let mut words = original.split_whitespace();
            let (method, target) = (
                words.next().unwrap_or("").to_string(),
                words.next().unwrap_or("").to_string(),
            );
            seen.lock()
                .unwrap()
                .push((method.clone(), target.clone(), head));
            let (status, body) = answer(&method, &target);
            let reply = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = socket.write_all(reply.as_bytes()).await;
        });
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let base = format!("http://{}", listener.local_addr().unwrap());
    let seen: Seen = Arc::default();
    tokio::spawn(serve(listener, seen.clone()));
    let client =
        Client::new(base.as_str(), "tally-token").expect("a client from the generated constructor");

    // One typed call.
    let payout = client.get_payout().id("po_7").await.expect("get_payout");
    assert_eq!(payout.id, "po_7");
    assert_eq!(payout.amount, 700);
    assert_eq!(payout.status, types::PayoutStatus::Paid);
    assert!(
        !format!("{payout:?}").contains("000123456789"),
        "the account number is masked"
    );
    println!(
        "typed call: {} {} cents, {}",
        payout.id, payout.amount, payout.status
    );

    // A create: the client fills Idempotency-Key with a UUID.
    let body = types::PayoutCreate {
        amount: 800,
        currency: "usd".into(),
        destination: "000123456789".into(),
    };
    let created = client
        .create_payout()
        .body(body)
        .await
        .expect("create_payout");
    assert_eq!(created.id, "po_8");

    // A stream across three pages, the filter kept on each.
    let items: Vec<types::Payout> = client
        .list_payouts()
        .status(types::PayoutStatus::Paid)
        .stream()
        .page_size(2)
        .try_collect()
        .await
        .expect("the stream");
    let ids: Vec<&str> = items.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["po_1", "po_2", "po_3", "po_4", "po_5"]);
    println!("stream: {} payouts across 3 pages", items.len());

    // A typed error.
    let error = client
        .get_payout()
        .id("po_missing")
        .await
        .expect_err("a 404");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    let Some(payclients::ApiError::Tally(body)) = error.api_error() else {
        panic!("the error body is not typed: {error:?}");
    };
    assert_eq!(body.error.type_, types::ErrorType::InvalidRequestError);
    assert_eq!(error.request_id(), Some("req_42"));
    assert!(
        error
            .to_string()
            .contains("invalid_request_error resource_missing: No such payout"),
        "{error}"
    );
    assert!(!error.to_string().contains("tally-token"));
    println!("typed error: {error}");

    let seen = seen.lock().unwrap();
    let lists: Vec<&str> = seen
        .iter()
        .filter(|(m, t, _)| m == "GET" && t.starts_with("/v1/payouts?"))
        .map(|(_, t, _)| t.as_str())
        .collect();
    assert_eq!(lists.len(), 3, "three page requests: {lists:?}");
    assert!(
        seen.iter()
            .all(|(_, _, h)| h.contains("authorization: bearer tally-token")),
        "every request carries the token"
    );
    let (_, _, create_head) = seen
        .iter()
        .find(|(m, _, _)| m == "POST")
        .expect("the create was sent");
    let key = create_head
        .lines()
        .find_map(|l| l.strip_prefix("idempotency-key:"))
        .map(str::trim)
        .expect("Idempotency-Key filled");
    assert_eq!(key.len(), 36, "a UUID: {key}");
    drop(seen);

    // The sandbox serves the new API from its spec too: its list by cursor, 240 items.
    let sandbox = payclients::sandbox::Sandbox::start()
        .await
        .expect("the sandbox");
    let client = Client::new(sandbox.base_url(payclients::Api::Tally).as_str(), "any")
        .expect("a sandbox client");
    let paid: Vec<types::Payout> = client
        .list_payouts()
        .status(types::PayoutStatus::Paid)
        .stream()
        .page_size(50)
        .try_collect()
        .await
        .expect("the sandbox's cursor pages");
    assert_eq!(paid.len(), 120, "half the dataset is paid");
    assert!(paid.iter().all(|p| p.status == types::PayoutStatus::Paid));
    let error = client
        .raw(reqwest::Method::GET, "/v1/nowhere")
        .await
        .expect_err("a 404 in the declared shape");
    assert!(
        matches!(error.api_error(), Some(payclients::ApiError::Tally(_))),
        "{error:?}"
    );
    println!("sandbox: {} paid payouts across 3 cursor pages", paid.len());
    println!("ok: a sixth API from its spec alone");
}
