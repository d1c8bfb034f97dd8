//! The hooks of every generated client (`ClientHooks::pre` and `exec`, called by each API's
//! generated impl): the documented headers, the token, the filled header; then the attempts
//! and, for an API answering in another format, its conversion to JSON.

use progenitor_client::OperationInfo;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderValue};

use super::attempts::exec_attempts;
use super::call::record;
#[cfg(feature = "jsv")]
use super::format::to_json;
use super::state::ClientState;

/// Prepares one request of a generated client (`ClientHooks::pre` of every API): the
/// headers that the vendor documents, and only those.
pub(crate) async fn pre<E>(
    inner: &ClientState,
    request: &mut reqwest::Request,
    info: &OperationInfo,
) -> Result<(), progenitor_client::Error<E>> {
    record(|r| {
        r.api = Some(inner.api);
        r.operation = Some(info.operation_id);
        r.max_body_size = Some(inner.max_body_size);
        r.secrets = Some(inner.secrets.clone());
    });
    if let Some(authorization) = &inner.authorization {
        request
            .headers_mut()
            .insert(AUTHORIZATION, authorization.clone());
    }
    #[cfg(payclients_oauth)]
    if let Some(provider) = &inner.token_provider {
        // The call's overall timeout starts here: waiting for a token is part of it.
        let deadline = inner
            .retry
            .overall_timeout_value()
            .map(|t| std::time::Instant::now() + t);
        record(|r| r.deadline = deadline);
        match provider.authorization(deadline).await {
            Ok(value) => {
                request.headers_mut().insert(AUTHORIZATION, value);
            }
            Err(error) => {
                let message = error.to_string();
                record(|r| r.failure = Some(error));
                // Without a token nothing is sent.
                return Err(progenitor_client::Error::Custom(message));
            }
        }
    }
    let headers = request.headers_mut();
    if let Some(media_type) = &inner.media_type {
        headers.insert(ACCEPT, media_type.clone());
        if headers.contains_key(CONTENT_TYPE) {
            headers.insert(CONTENT_TYPE, media_type.clone());
        }
    }
    #[cfg(feature = "jsv")]
    if let Some(format) = &inner.response_format {
        headers.insert(ACCEPT, HeaderValue::from_static(format.media_type));
    }
    if let Some((name, fresh)) = &inner.request_id_header {
        let value = match headers.get(name) {
            Some(value) => value.clone(),
            None => {
                let value = HeaderValue::try_from(fresh()).map_err(|_| {
                    progenitor_client::Error::InvalidRequest("a bad filled header value".into())
                })?;
                headers.insert(name.clone(), value.clone());
                value
            }
        };
        let sent = value.to_str().ok().map(str::to_string);
        record(|r| r.sent_request_id = sent);
    }
    Ok(())
}

/// Sends one request of a generated client (`ClientHooks::exec` of every API), and sends it
/// again when the retry policy says so (see [`crate::retry`]).
///
/// Each attempt runs in a `tracing` span `payclients.request` with the API, the operation, the
/// attempt number, and, once known, the status and the duration in milliseconds — never the URL,
/// a header or a body.
pub(crate) async fn exec(
    inner: &ClientState,
    client: &reqwest::Client,
    request: reqwest::Request,
    info: &OperationInfo,
) -> reqwest::Result<reqwest::Response> {
    let response = exec_attempts(inner, client, request, info).await?;
    #[cfg(feature = "jsv")]
    if let Some(format) = &inner.response_format {
        return to_json(format, response, info, inner.max_body_size).await;
    }
    Ok(response)
}

/// Prepares and sends a request that the crate built itself (raw calls, spawned page fetches)
/// through the same hooks as a generated `send`: [`pre`], then [`exec`].
pub(crate) async fn send(
    inner: &ClientState,
    client: &reqwest::Client,
    mut request: reqwest::Request,
    info: &OperationInfo,
) -> Result<reqwest::Response, progenitor_client::Error<()>> {
    pre(inner, &mut request, info).await?;
    exec(inner, client, request, info)
        .await
        .map_err(progenitor_client::Error::CommunicationError)
}
