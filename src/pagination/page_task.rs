//! Pagination's page task: each page's call runs in a task of its own, so that several
//! receive their responses at once and decode them in parallel (parallel page fetching): a
//! large body on tokio's blocking threads, one per core at a time ([`decode_off_workers`]).
//!
//! A builder's future borrows its client and cannot be spawned. The call here owns copies of
//! the client's parts (a [`ClientState`] and a `reqwest::Client`, both cheap to clone) and sends the
//! request that the builder prepared (`into_request`, generated beside each `send`) through
//! the same hooks, retries, error decoding and call record as the generated `send`.

use std::future::Future;
use std::pin::Pin;

use futures::FutureExt;
use futures::future::{self, Either};
use progenitor_client::OperationInfo;
use serde::de::DeserializeOwned;

use crate::error::Error;
use crate::pagination::{Arrival, Fetched};
use crate::transport::{self, Call, ClientState};

/// The rest of a call once its response body has arrived: the decoding (still running in
/// its task), or the outcome if the call ended before.
type Decoding<T> = Pin<Box<dyn Future<Output = Result<T, Error>> + Send>>;

/// Sends `request` as operation `operation_id` and decodes a 200 response into `T`, in a
/// task spawned on the current tokio runtime (or in the returned future itself outside one).
/// The returned future completes once the response body has arrived, with the decoding that
/// follows, so that a caller counting requests in flight can send the next one meanwhile.
/// Dropping either future cancels the task; a panic in it resumes in the caller.
// The outer future yields the inner one on purpose: it completes when the body has arrived.
#[allow(clippy::async_yields_async)]
fn call<T>(
    inner: &ClientState,
    http: &reqwest::Client,
    request: Result<reqwest::Request, progenitor_client::Error<()>>,
    operation_id: &'static str,
) -> impl Future<Output = Decoding<T>> + Send + use<T>
where
    T: DeserializeOwned + Send + 'static,
{
    let (inner, http) = (inner.clone(), http.clone());
    let (received, on_received) = tokio::sync::oneshot::channel::<()>();
    let call = Call::new(async move {
        use progenitor_client::Error as P;
        let info = OperationInfo { operation_id };
        let response = transport::send(&inner, &http, request?, &info).await?;
        if response.status() != reqwest::StatusCode::OK {
            return Err(P::UnexpectedResponse(response));
        }
        // The headers are kept for the error only (they are not part of the stream's items).
        let (_, headers, body) = transport::read_body(response).await?;
        let _ = received.send(());
        let (body, decoded) = decode_off_workers(body).await?;
        decoded.map_err(|e| {
            transport::keep_headers(headers);
            P::InvalidResponsePayload(body, e)
        })
    });
    match tokio::runtime::Handle::try_current() {
        Ok(runtime) => {
            let (task, mut handle) = call.remote_handle();
            runtime.spawn(task);
            async move {
                // The body arrived (or the call ended early: the sender is dropped, and the
                // handle has the outcome).
                match future::select(on_received, &mut handle).await {
                    Either::Left(_) => Box::pin(handle) as Decoding<T>,
                    Either::Right((outcome, _)) => Box::pin(future::ready(outcome)),
                }
            }
            .left_future()
        }
        Err(_) => async move { Box::pin(future::ready(call.await)) as Decoding<T> }.right_future(),
    }
}

/// Bodies from this size on are decoded on tokio's blocking threads: serde_json reads a
/// typical list at roughly 150 MB/s, so 16 KiB is about the 100 µs that tokio advises a task
/// to run at most between two awaits.
const BLOCKING_DECODE_BYTES: usize = 16 * 1024;

/// The decodes allowed on blocking threads at once: one per core.
fn decoders() -> &'static tokio::sync::Semaphore {
    static DECODERS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    DECODERS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        tokio::sync::Semaphore::new(cores)
    })
}

/// Decodes `body`: a small one here, a larger one (milliseconds for a page) on tokio's
/// blocking threads, so that the runtime's workers go on with the I/O of the other pages in
/// flight and with the application's own tasks, as tokio advises for CPU-bound work.
async fn decode_off_workers<T>(
    body: bytes::Bytes,
) -> Result<(bytes::Bytes, serde_json::Result<T>), progenitor_client::Error<()>>
where
    T: DeserializeOwned + Send + 'static,
{
    let runtime = match tokio::runtime::Handle::try_current() {
        Ok(runtime) if body.len() >= BLOCKING_DECODE_BYTES => runtime,
        _ => return Ok(decode(body)),
    };
    // One decode per core at a time, in the order the bodies arrived: more would share the
    // cores and all finish late, the page read next included. The permit goes with the
    // decode, held until it ends even when this call is dropped meanwhile.
    let permit = decoders().acquire().await.ok();
    let job = move || {
        let outcome = decode(body);
        drop(permit);
        outcome
    };
    match runtime.spawn_blocking(job).await {
        Ok(outcome) => Ok(outcome),
        Err(error) if error.is_panic() => std::panic::resume_unwind(error.into_panic()),
        // Cancelled: the runtime is shutting down.
        Err(_) => {
            let message = "the response was not decoded: the runtime shut down";
            transport::record(|r| {
                r.failure = Some(Error::new(crate::ErrorKind::Communication).with_message(message));
            });
            Err(progenitor_client::Error::Custom(message.into()))
        }
    }
}

/// As the generated decoder ([`transport::body::decode_json`]). Gives the body back for the
/// error.
fn decode<T: DeserializeOwned>(body: bytes::Bytes) -> (bytes::Bytes, serde_json::Result<T>) {
    let decoded = transport::body::decode_json(&body);
    (body, decoded)
}

/// One page of a paged stream ([`crate::pagination::Paginator::with_arrivals`]): [`call`] with
/// the list operation's request, whose slot frees when the body has arrived; `to_page` then
/// takes the decoded list apart (on the reader's side: keep it to cheap checks).
pub(crate) fn page<'a, L, T, F>(
    inner: &ClientState,
    http: &reqwest::Client,
    request: Result<reqwest::Request, progenitor_client::Error<()>>,
    operation_id: &'static str,
    to_page: F,
) -> impl Future<Output = Arrival<'a, T>> + Send + use<'a, L, T, F>
where
    L: DeserializeOwned + Send + 'static,
    T: Send + 'a,
    F: FnOnce(L) -> Result<Fetched<T>, Error> + Send + 'a,
{
    let list = call::<L>(inner, http, request, operation_id);
    async move {
        let decoding = list.await;
        Arrival::Decoding(Box::pin(async move { to_page(decoding.await?) }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::thread::{self, ThreadId};

    /// A JSON string `n` bytes long.
    fn body(n: usize) -> bytes::Bytes {
        format!("\"{}\"", "a".repeat(n - 2)).into()
    }

    /// Decodes anything, and says on which thread.
    struct DecodedOn(ThreadId);

    impl<'de> serde::Deserialize<'de> for DecodedOn {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            serde::de::IgnoredAny::deserialize(d)?;
            Ok(DecodedOn(thread::current().id()))
        }
    }

    /// The documented threshold, written out: a test that read the constant would follow it.
    const SIXTEEN_KIB: usize = 16_384;

    async fn decoded_on(n: usize) -> ThreadId {
        let (body, decoded) = decode_off_workers::<DecodedOn>(body(n)).await.unwrap();
        assert_eq!(body.len(), n, "the body is given back");
        decoded.unwrap().0
    }

    // A current-thread runtime: its only worker is the test's thread.
    #[tokio::test]
    async fn a_body_of_16_kib_or_more_is_decoded_off_the_runtimes_thread() {
        let worker = thread::current().id();
        assert_eq!(decoded_on(2).await, worker);
        assert_eq!(decoded_on(SIXTEEN_KIB - 1).await, worker);
        assert_ne!(decoded_on(SIXTEEN_KIB).await, worker);
        assert_ne!(decoded_on(4 * SIXTEEN_KIB).await, worker);
    }

    #[test]
    fn outside_a_runtime_every_body_is_decoded_in_place() {
        let here = thread::current().id();
        let decode = decoded_on(4 * SIXTEEN_KIB);
        assert_eq!(futures::FutureExt::now_or_never(decode), Some(here));
    }

    struct Panics;

    impl<'de> serde::Deserialize<'de> for Panics {
        fn deserialize<D: serde::Deserializer<'de>>(_: D) -> Result<Self, D::Error> {
            panic!("the decoder panicked")
        }
    }

    #[tokio::test]
    async fn a_panic_while_decoding_on_a_blocking_thread_resumes_in_the_caller() {
        let decode = decode_off_workers::<Panics>(body(BLOCKING_DECODE_BYTES));
        let payload = std::panic::AssertUnwindSafe(decode)
            .catch_unwind()
            .await
            .err()
            .expect("the panic reaches the caller");
        assert_eq!(
            payload.downcast_ref::<&str>(),
            Some(&"the decoder panicked")
        );
    }

    #[tokio::test]
    async fn a_decode_the_runtime_cancels_is_an_error() {
        // A runtime that has shut down cancels the blocking decode it is handed.
        let stopped = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let handle = stopped.handle().clone();
        stopped.shutdown_background();
        let mut decode = Box::pin(decode_off_workers::<DecodedOn>(body(BLOCKING_DECODE_BYTES)));
        let outcome = future::poll_fn(|cx| {
            let _entered = handle.enter();
            decode.as_mut().poll(cx)
        })
        .await;
        match outcome {
            Err(progenitor_client::Error::Custom(message)) => assert_eq!(
                message,
                "the response was not decoded: the runtime shut down"
            ),
            other => panic!("expected the shutdown error, got {:?}", other.map(|_| ())),
        }
    }
}
