#![allow(dead_code)] // shared by several benches, each using a part
//! A minimal HTTP/1.1 server on 127.0.0.1 for benchmarks: keep-alive, GET only, the query
//! handed to a closure that returns the body, and a fixed latency per response. httpmock is
//! built for matching and verifying, not for serving 100 pages of 400 KB fast.

use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

pub type Handler = Arc<dyn Fn(&str) -> Arc<Vec<u8>> + Send + Sync>;

/// Starts the server; returns its base URL.
pub async fn serve(latency: Duration, handler: Handler) -> String {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1");
    let address = listener.local_addr().expect("local address");
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                continue;
            };
            // The head and the body are two writes: without this, Nagle's algorithm holds
            // the second until the client's delayed ACK (40 ms) for small bodies.
            let _ = socket.set_nodelay(true);
            let handler = handler.clone();
            tokio::spawn(async move {
                let mut buffer = Vec::with_capacity(4096);
                let mut chunk = [0u8; 4096];
                loop {
                    // Read one request head (GET: no body).
                    let end = loop {
                        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                            break end + 4;
                        }
                        match socket.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                        }
                    };
                    let head = String::from_utf8_lossy(&buffer[..end]).into_owned();
                    buffer.drain(..end);
                    let target = head.split_whitespace().nth(1).unwrap_or("/");
                    let query = target.split_once('?').map(|(_, q)| q).unwrap_or("");
                    let body = handler(query);
                    if !latency.is_zero() {
                        tokio::time::sleep(latency).await;
                    }
                    let header = format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: application/vnd.api+json\r\ncontent-length: {}\r\n\r\n",
                        body.len()
                    );
                    if socket.write_all(header.as_bytes()).await.is_err()
                        || socket.write_all(&body).await.is_err()
                    {
                        return;
                    }
                }
            });
        }
    });
    format!("http://{address}")
}

/// The value of a query parameter, percent-decoding the brackets reqwest encodes.
pub fn query_value(query: &str, name: &str) -> Option<u64> {
    query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        let key = key.replace("%5B", "[").replace("%5D", "]");
        (key == name).then(|| value.parse().ok()).flatten()
    })
}
