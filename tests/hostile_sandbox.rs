//! The sandbox against peers that hold connections open: half-sent request heads are closed
//! after the header timeout, connections past the cap are closed at once, and the sandbox goes
//! on answering.
#![cfg(feature = "unit")]

use std::net::SocketAddr;
use std::time::Duration;

use payclients::Api;
use payclients::sandbox::{Limits, Sandbox};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Reads until the server closes the connection; `false` if it is still open after `wait`.
async fn closed_within(stream: &mut TcpStream, wait: Duration) -> bool {
    let mut buffer = [0u8; 1024];
    let read = async {
        loop {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
    };
    tokio::time::timeout(wait, read).await.is_ok()
}

async fn half_sent(addr: SocketAddr) -> TcpStream {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(b"GET /unit/received-payments/1337 HTTP/1.1\r\nhost: x\r\n")
        .await
        .unwrap();
    stream
}

#[tokio::test]
async fn half_sent_heads_time_out_and_connections_past_the_cap_are_closed() {
    let limits = Limits {
        header_read_timeout: Duration::from_millis(500),
        max_connections: 8,
        body_read_timeout: Duration::from_millis(500),
    };
    let sandbox = Sandbox::bind_with(SocketAddr::from(([127, 0, 0, 1], 0)), limits)
        .await
        .unwrap();
    let mut held = Vec::new();
    for _ in 0..8 {
        held.push(half_sent(sandbox.addr()).await);
    }
    // Give the accept loop the time to take the eight.
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut ninth = half_sent(sandbox.addr()).await;
    assert!(
        closed_within(&mut ninth, Duration::from_millis(400)).await,
        "past the cap, a connection is closed before the header timeout"
    );
    for (i, stream) in held.iter_mut().enumerate() {
        assert!(
            closed_within(stream, Duration::from_secs(10)).await,
            "half-sent head {i} is closed after the header timeout"
        );
    }
    // The slots are free again: a real client is answered.
    let client = payclients::unit::Client::new(sandbox.base_url(Api::Unit), "t").unwrap();
    let payment = client.get_received_payment().id("1337").await.unwrap();
    assert_eq!(payment.data.id.as_str(), "1337");
}

#[tokio::test]
async fn the_default_limits_are_stated() {
    let limits = Limits::default();
    assert_eq!(limits.header_read_timeout, Duration::from_secs(10));
    assert_eq!(limits.max_connections, 256);
    assert_eq!(limits.body_read_timeout, Duration::from_secs(10));
}

#[tokio::test]
async fn idle_keep_alive_connections_and_slow_bodies_are_closed() {
    let limits = Limits {
        header_read_timeout: Duration::from_millis(500),
        max_connections: 8,
        body_read_timeout: Duration::from_millis(500),
    };
    let sandbox = Sandbox::bind_with(SocketAddr::from(([127, 0, 0, 1], 0)), limits)
        .await
        .unwrap();
    // A whole request, its answer read, then silence: the connection does not stay forever.
    let mut idle = TcpStream::connect(sandbox.addr()).await.unwrap();
    idle.write_all(b"GET /unit/received-payments/1337 HTTP/1.1\r\nhost: x\r\nauthorization: Bearer t\r\naccept: application/vnd.api+json\r\n\r\n")
        .await
        .unwrap();
    let mut buffer = vec![0u8; 65536];
    let n = idle.read(&mut buffer).await.unwrap();
    assert!(String::from_utf8_lossy(&buffer[..n]).starts_with("HTTP/1.1 200"));
    assert!(
        closed_within(&mut idle, Duration::from_secs(10)).await,
        "an idle keep-alive connection is closed"
    );
    // A body that drips: the head is complete, the body never is.
    let mut slow = TcpStream::connect(sandbox.addr()).await.unwrap();
    slow.write_all(
        b"PATCH /unit/received-payments/1337 HTTP/1.1\r\nhost: x\r\ncontent-length: 1000\r\n\r\n{",
    )
    .await
    .unwrap();
    assert!(
        closed_within(&mut slow, Duration::from_secs(15)).await,
        "a body that never ends does not hold its connection"
    );
}
