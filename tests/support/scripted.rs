#![allow(dead_code)] // shared by several test binaries, each using a part
//! A loopback HTTP/1.1 server that answers requests with a script, in order — a status with
//! headers and body, a connection reset, or a hang — and records each request's head. For
//! fault injection, which httpmock's matching does not express.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

#[derive(Clone, Debug)]
pub enum Step {
    /// Answer with this status, extra headers and body.
    Respond(u16, Vec<(&'static str, String)>, &'static [u8]),
    /// Close the connection without answering.
    Reset,
    /// Never answer.
    Hang,
    /// Answer with this status and extra headers, then a chunked body that never ends.
    Endless(u16, Vec<(&'static str, String)>),
    /// Answer 200 with this body in chunks of this size (chunked transfer encoding).
    Chunked(&'static [u8], usize),
}

pub struct Scripted {
    pub base_url: String,
    heads: Arc<Mutex<Vec<String>>>,
    bodies: Arc<Mutex<Vec<Vec<u8>>>>,
    written: Arc<std::sync::atomic::AtomicUsize>,
}

impl Scripted {
    /// Serves `steps` in order; requests past the script get the last step again.
    pub async fn start(steps: Vec<Step>) -> Scripted {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let heads = Arc::new(Mutex::new(Vec::new()));
        let bodies = Arc::new(Mutex::new(Vec::new()));
        let written = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let seen = heads.clone();
        let (seen_bodies, counter) = (bodies.clone(), written.clone());
        tokio::spawn(async move {
            loop {
                let Ok((mut socket, _)) = listener.accept().await else {
                    return;
                };
                let seen = seen.clone();
                let seen_bodies = seen_bodies.clone();
                let counter = counter.clone();
                let steps = steps.clone();
                tokio::spawn(async move {
                    let mut buffer = Vec::new();
                    let mut chunk = [0u8; 4096];
                    loop {
                        let end = loop {
                            if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                                break end + 4;
                            }
                            match socket.read(&mut chunk).await {
                                Ok(0) | Err(_) => return,
                                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                            }
                        };
                        let head = String::from_utf8_lossy(&buffer[..end]).to_string();
                        let length = head
                            .lines()
                            .find_map(|l| {
                                l.to_ascii_lowercase()
                                    .strip_prefix("content-length:")
                                    .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                            })
                            .unwrap_or(0);
                        while buffer.len() < end + length {
                            match socket.read(&mut chunk).await {
                                Ok(0) | Err(_) => return,
                                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                            }
                        }
                        let body = buffer[end..end + length].to_vec();
                        buffer.drain(..end + length);
                        let index = {
                            let mut seen = seen.lock().unwrap();
                            seen.push(head);
                            seen_bodies.lock().unwrap().push(body);
                            seen.len() - 1
                        };
                        match steps[index.min(steps.len() - 1)].clone() {
                            Step::Reset => return,
                            Step::Hang => {
                                tokio::time::sleep(Duration::from_secs(3600)).await;
                                return;
                            }
                            Step::Endless(status, headers) => {
                                let mut out = format!(
                                    "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n"
                                );
                                for (name, value) in headers {
                                    out.push_str(&format!("{name}: {value}\r\n"));
                                }
                                out.push_str("\r\n");
                                if socket.write_all(out.as_bytes()).await.is_err() {
                                    return;
                                }
                                let chunk = format!(
                                    "10000\r\n{}\r\n",
                                    &"[1,".repeat(0x10000 / 3 + 1)[..0x10000]
                                );
                                loop {
                                    if socket.write_all(chunk.as_bytes()).await.is_err() {
                                        return;
                                    }
                                    counter
                                        .fetch_add(0x10000, std::sync::atomic::Ordering::Relaxed);
                                }
                            }
                            Step::Chunked(body, size) => {
                                let mut out = b"HTTP/1.1 200 X\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n".to_vec();
                                for chunk in body.chunks(size) {
                                    out.extend_from_slice(
                                        format!("{:x}\r\n", chunk.len()).as_bytes(),
                                    );
                                    out.extend_from_slice(chunk);
                                    out.extend_from_slice(b"\r\n");
                                }
                                out.extend_from_slice(b"0\r\n\r\n");
                                if socket.write_all(&out).await.is_err() {
                                    return;
                                }
                            }
                            Step::Respond(status, headers, body) => {
                                let mut out = format!(
                                    "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\n",
                                    body.len()
                                );
                                for (name, value) in headers {
                                    out.push_str(&format!("{name}: {value}\r\n"));
                                }
                                out.push_str("\r\n");
                                if socket.write_all(out.as_bytes()).await.is_err()
                                    || socket.write_all(body).await.is_err()
                                {
                                    return;
                                }
                            }
                        }
                    }
                });
            }
        });
        Scripted {
            base_url,
            heads,
            bodies,
            written,
        }
    }

    /// The bodies of the requests received so far.
    pub fn bodies(&self) -> Vec<Vec<u8>> {
        self.bodies.lock().unwrap().clone()
    }

    /// The body bytes written by `Endless` steps so far.
    pub fn endless_bytes_written(&self) -> usize {
        self.written.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The heads of the requests received so far.
    pub fn heads(&self) -> Vec<String> {
        self.heads.lock().unwrap().clone()
    }

    /// A header's value in request `index`.
    pub fn header(&self, index: usize, name: &str) -> Option<String> {
        let heads = self.heads();
        let head = heads.get(index)?;
        head.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name)
                .then(|| value.trim().to_string())
        })
    }
}
