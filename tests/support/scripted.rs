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
}

pub struct Scripted {
    pub base_url: String,
    heads: Arc<Mutex<Vec<String>>>,
}

impl Scripted {
    /// Serves `steps` in order; requests past the script get the last step again.
    pub async fn start(steps: Vec<Step>) -> Scripted {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let heads = Arc::new(Mutex::new(Vec::new()));
        let seen = heads.clone();
        tokio::spawn(async move {
            loop {
                let Ok((mut socket, _)) = listener.accept().await else {
                    return;
                };
                let seen = seen.clone();
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
                        buffer.drain(..end + length);
                        let index = {
                            let mut seen = seen.lock().unwrap();
                            seen.push(head);
                            seen.len() - 1
                        };
                        match steps[index.min(steps.len() - 1)].clone() {
                            Step::Reset => return,
                            Step::Hang => {
                                tokio::time::sleep(Duration::from_secs(3600)).await;
                                return;
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
        Scripted { base_url, heads }
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
