//! Calls that run in a task of their own, so that several can receive and decode their
//! responses on all of the runtime's worker threads at once (parallel page fetching).
//!
//! A builder's future borrows its client and cannot be spawned. The call here owns copies of
//! the client's parts (an [`Inner`] and a `reqwest::Client`, both cheap to clone) and sends the
//! request that the builder prepared (`into_request`, generated beside each `send`) through
//! the same hooks, retries, error decoding and call record as the generated `send`.

use std::future::Future;

use futures::FutureExt;
use progenitor_client::OperationInfo;
use serde::de::DeserializeOwned;

use crate::error::Error;
use crate::transport::{self, Call, Inner};

/// Sends `request` as operation `operation_id` and decodes a `success` response into `T`, in a
/// task spawned on the current tokio runtime (or in the returned future itself outside one).
/// Dropping the returned future cancels the task; a panic in it resumes in the caller.
pub(crate) fn call<T>(
    inner: &Inner,
    http: &reqwest::Client,
    request: Result<reqwest::Request, progenitor_client::Error<()>>,
    operation_id: &'static str,
    success: u16,
) -> impl Future<Output = Result<T, Error>> + Send + 'static
where
    T: DeserializeOwned + Send + 'static,
{
    let (inner, http) = (inner.clone(), http.clone());
    let call = Call::new(async move {
        use progenitor_client::Error as P;
        let info = OperationInfo { operation_id };
        let mut request = request?;
        transport::pre::<()>(&inner, &mut request, &info).await?;
        let response = transport::exec(&inner, &http, request, &info)
            .await
            .map_err(P::CommunicationError)?;
        if response.status().as_u16() != success {
            return Err(P::UnexpectedResponse(response));
        }
        let body = response.bytes().await.map_err(P::ResponseBodyError)?;
        // As the generated decoder, but with the text checked as UTF-8 once rather than
        // string by string (serde_json's `from_slice` checks each string it reads).
        let decoded = match std::str::from_utf8(&body) {
            Ok(text) => serde_json::from_str(text),
            Err(_) => serde_json::from_slice(&body),
        };
        decoded.map_err(|e| P::InvalidResponsePayload(body, e))
    });
    match tokio::runtime::Handle::try_current() {
        Ok(runtime) => {
            let (task, handle) = call.remote_handle();
            runtime.spawn(task);
            handle.left_future()
        }
        Err(_) => call.right_future(),
    }
}
