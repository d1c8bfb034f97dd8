//! What every generated client shares at run time, one concern per file:
//!
//! | file | its job |
//! |---|---|
//! | `state.rs` | [`ClientState`]: the per-client state progenitor carries as its inner value |
//! | `call.rs` | [`Call`]: the future of an awaited builder, and the record the hooks write |
//! | `hooks.rs` | `pre` and `exec`, which each API's generated `ClientHooks` impl calls |
//! | `attempts.rs` | the attempts of one request: timeouts, retries, a 401's renewal, tracing |
//! | `body.rs` | reading a body up to the client's limit, decoding a success body |
//! | `format.rs` | a second text format (ServiceStack's JSV) turned into JSON |
//! | `path.rs` | path parameters as segments that cannot change the path |
//! | `http.rs` | the TLS client the constructors build, and [`BaseUrl`] |
//!
//! Awaiting a builder runs the call with a call record that the [`Call`] owns and the hooks
//! reach while it is polled: `exec` writes the status and the attempts into it, and a success
//! body that fails its headers (`read_body`, `keep_headers`), so the crate's [`crate::Error`]
//! keeps them even where progenitor's error does not.
//!
//! The files depend on each other in one direction, with no circle: `hooks` uses `attempts`,
//! `format` and `state`; `attempts` uses `state`; `state` uses `format` (the format a client
//! asks for); `format` uses `body`; `hooks`, `attempts`, `format` and `body` write the `call`
//! record; `http` and `path` stand alone.

use std::time::Duration;

mod attempts;
pub(crate) mod body;
mod call;
#[cfg(feature = "jsv")]
mod format;
mod hooks;
mod http;
mod path;
mod state;

pub use call::Call;
pub use http::{BaseUrl, IntoBaseUrl, http_client_builder};
pub use state::ClientState;

// Which of these the crate uses depends on the enabled APIs (auth, JSV, path parameters).
#[allow(unused_imports)]
pub(crate) use body::{BodyError, keep_headers, read_body, read_limited, response_value};
pub(crate) use call::{CallRecord, record};
#[cfg(feature = "jsv")]
pub(crate) use format::ResponseFormat;
pub(crate) use hooks::{exec, pre, send};
pub(crate) use http::{base_url, http_client};
#[allow(unused_imports)]
pub(crate) use path::{encode_segment, path_segment};

/// The per-client state's former name.
#[deprecated(note = "renamed `ClientState`")]
pub type Inner = ClientState;

/// The default connect timeout of the HTTP client that constructors build.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The default timeout of one request (connect, send and read the whole response).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// The default limit on a response body (64 MiB): far above the largest documented page (a
/// Unit page of 1000 payments is about 2 MiB), far below what exhausts a server's memory.
/// Set per client with `with_max_body_size`.
pub const DEFAULT_MAX_BODY_SIZE: usize = 64 * 1024 * 1024;
