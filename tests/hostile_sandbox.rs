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
}
