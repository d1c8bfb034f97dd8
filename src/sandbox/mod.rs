//! An in-process sandbox of every enabled API, built from the specs: it answers each operation
//! with the spec's examples and checks each request against the spec first, as stripe-mock and
//! Prism do — with nothing to install and no network.
//!
//! ```
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use payclients::sandbox::Sandbox;
//!
//! let sandbox = Sandbox::start().await?;
//! for api in sandbox.apis() {
//!     // Give the API's client this base URL, with any credentials.
//!     println!("{api}: {}", sandbox.base_url(api));
//! }
//! # Ok(())
//! # }
//! ```
//!
//! The README's "The sandbox" section shows a typed client against it.
//!
//! - Each API is served under its own prefix, its spec's name (`http://127.0.0.1:<port>/<api>`;
//!   [`Sandbox::base_url`]); APIs with an OAuth2 password grant also get a token endpoint
//!   ([`Sandbox::token_url`]) that grants any credentials.
//! - A request is checked against its operation: the method and path, path parameters, required
//!   query and header parameters, the auth header the spec's security scheme asks for, and the
//!   body against its schema (with [`crate::openapi::validate`]). A request that does not conform
//!   gets a 4xx in the API's own error shape and media type (its spec's error schema, filled where
//!   its `x-payclients-error` puts codes and messages), so the API's client decodes it into its
//!   typed error; a 401 carries `WWW-Authenticate`, a 405 `Allow`. A path outside every API gets
//!   `{"sandbox": "…"}`.
//! - The answer is the first example of the first success response, unless the request asks for
//!   another in Prism's convention: `Prefer: example=<name>` or `Prefer: code=<status>` (a
//!   documented error status; its example if the spec has one).
//! - A paged list (`x-payclients-paging`) is a dataset of 240 items made from its example
//!   (distinct ids, date-times an hour apart), narrowed by equality filters on the items'
//!   properties (`status=…`, `filter[status][0]=…`), ordered by `sort=[-]field`, and cut into the
//!   page asked for by offset, page number or cursor, with the declared total and next cursor.
//! - A PATCH's answer carries what was sent where the example has the same place; a header the
//!   client fills (a request id) is echoed; booleans are read in any case, as the vendors'
//!   servers do.
//! - An API that also answers in JSV (`x-payclients-also-answers`) does so when asked
//!   (`Accept: text/jsv`).
//! - It holds up against misbehaving peers ([`Limits`]): a request head must arrive within 10 s
//!   (an idle keep-alive connection closes then too), its body within 10 s more (else a 408), at
//!   most 256 connections are open at once (more are closed as they come), a request body is at
//!   most 4 MiB, and the accept loop backs off when accepting fails (out of descriptors, say)
//!   instead of spinning. A JSV request body decodes into at most about 40 times its size in
//!   memory (each `,` of a list is an element), so 4 MiB of JSV costs at most about 160 MiB.

mod errors;
mod paging;
pub(crate) mod routes;

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::error::Api;

/// Request bodies above this size are refused (413) before they are read whole.
const MAX_BODY: usize = 4 * 1024 * 1024;

/// How much a sandbox lets its peers hold: the defaults suit a test or a developer's machine.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// The longest wait for a request's head (default 10 s); the connection closes then.
    pub header_read_timeout: Duration,
    /// The most connections open at once (default 256); more are closed as they are accepted.
    pub max_connections: usize,
    /// The longest wait for a request's body once its head has come (default 10 s); then the
    /// answer is a 408 and the connection closes.
    pub body_read_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_read_timeout: Duration::from_secs(10),
            max_connections: 256,
            body_read_timeout: Duration::from_secs(10),
        }
    }
}

/// How long the accept loop waits after accepting fails (out of descriptors, say).
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

/// A running sandbox; it stops when dropped.
#[derive(Debug)]
pub struct Sandbox {
    addr: SocketAddr,
    stop: watch::Sender<bool>,
}

impl Sandbox {
    /// Starts a sandbox on a free port of 127.0.0.1.
    pub async fn start() -> std::io::Result<Sandbox> {
        Sandbox::bind(SocketAddr::from(([127, 0, 0, 1], 0))).await
    }

    /// Starts a sandbox on `addr` (the CLI's `payclients sandbox --port N`).
    pub async fn bind(addr: SocketAddr) -> std::io::Result<Sandbox> {
        Sandbox::bind_with(addr, Limits::default()).await
    }

    /// Starts a sandbox on `addr` with these limits.
    pub async fn bind_with(addr: SocketAddr, limits: Limits) -> std::io::Result<Sandbox> {
        let listener = TcpListener::bind(addr).await?;
        let open = Arc::new(tokio::sync::Semaphore::new(limits.max_connections));
        let addr = listener.local_addr()?;
        let apis = routes::Apis::shared().map_err(std::io::Error::other)?;
        let (stop, mut stopped) = watch::channel(false);
        tokio::spawn(async move {
            loop {
                let accepted = tokio::select! {
                    accepted = listener.accept() => accepted,
                    _ = stopped.changed() => return,
                };
                let stream = match accepted {
                    Ok((stream, _)) => stream,
                    Err(_) => {
                        // Out of descriptors, say: retrying at once would spin a core.
                        tokio::select! {
                            _ = tokio::time::sleep(ACCEPT_BACKOFF) => continue,
                            _ = stopped.changed() => return,
                        }
                    }
                };
                // At the cap, the connection is closed at once (dropped).
                let Ok(permit) = open.clone().try_acquire_owned() else {
                    continue;
                };
                let apis = apis.clone();
                let mut stopped = stopped.clone();
                tokio::spawn(async move {
                    let _permit = permit;
                    let body_timeout = limits.body_read_timeout;
                    let service =
                        service_fn(move |request| answer(apis.clone(), request, body_timeout));
                    let connection = hyper::server::conn::http1::Builder::new()
                        .timer(TokioTimer::new())
                        .header_read_timeout(limits.header_read_timeout)
                        .serve_connection(TokioIo::new(stream), service);
                    tokio::select! {
                        _ = connection => {}
                        _ = stopped.changed() => {}
                    }
                });
            }
        });
        Ok(Sandbox { addr, stop })
    }

    /// The address the sandbox listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The base URL to give `api`'s client (`http://127.0.0.1:<port>/<api>`); for an API whose
    /// constructors take a host, use the one that takes a base URL.
    pub fn base_url(&self, api: Api) -> String {
        format!("http://{}/{}", self.addr, api.as_str())
    }

    /// The token endpoint to give a password grant for `api` (any credentials are granted).
    pub fn token_url(&self, api: Api) -> String {
        format!("http://{}/{}/token", self.addr, api.as_str())
    }

    /// The APIs this sandbox serves: those whose features are enabled.
    pub fn apis(&self) -> Vec<Api> {
        routes::enabled_apis()
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

async fn answer(
    apis: Arc<routes::Apis>,
    request: hyper::Request<Incoming>,
    body_timeout: Duration,
) -> Result<hyper::Response<Full<Bytes>>, Infallible> {
    let (parts, body) = request.into_parts();
    let collected = tokio::time::timeout(body_timeout, Limited::new(body, MAX_BODY).collect());
    let body = match collected.await {
        Ok(Ok(collected)) => collected.to_bytes(),
        Ok(Err(_)) => {
            return Ok(routes::problem(
                413,
                "the request body is too large or was cut short",
                &[],
            ));
        }
        Err(_) => {
            let mut answer = routes::problem(408, "the request body did not arrive in time", &[]);
            // The rest of the body is not waited for: the connection closes after this answer.
            answer.headers_mut().insert(
                hyper::header::CONNECTION,
                hyper::header::HeaderValue::from_static("close"),
            );
            return Ok(answer);
        }
    };
    Ok(apis.answer(&parts, &body))
}
