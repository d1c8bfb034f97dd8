//! Reading a response body up to the client's limit, and decoding a success body into
//! progenitor's `ResponseValue` with the headers moved, not copied.

use progenitor_client::ResponseValue;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use super::DEFAULT_MAX_BODY_SIZE;
use super::call::record;
use crate::error::Error;

/// A success response decoded into progenitor's `ResponseValue`: the generated `send` calls this
/// in place of `ResponseValue::from_response` (see `xtask/src/codegen.rs`). The headers are moved
/// into the value rather than copied (see [`read_body`]).
pub(crate) async fn response_value<T: DeserializeOwned, E>(
    response: reqwest::Response,
) -> Result<ResponseValue<T>, progenitor_client::Error<E>> {
    let (status, headers, body) = read_body(response).await?;
    match decode_json(&body) {
        Ok(inner) => Ok(ResponseValue::new(inner, status, headers)),
        Err(e) => {
            keep_headers(headers);
            Err(progenitor_client::Error::InvalidResponsePayload(body, e))
        }
    }
}

/// A JSON body decoded into `T`. The text is checked as UTF-8 once, not string by string as
/// serde_json's `from_slice` does, and every response goes through this one reader: a second
/// reader type (pages were read from `&str`, other answers from `&[u8]`) compiled each answer
/// type's decoder twice. JSON text must be UTF-8 (RFC 8259), so a body that is not is refused
/// whole, even where its bad bytes sit in a member nobody reads.
pub(crate) fn decode_json<T: DeserializeOwned>(body: &[u8]) -> serde_json::Result<T> {
    match std::str::from_utf8(body) {
        Ok(text) => serde_json::from_str(text),
        Err(e) => Err(not_utf8(body, e)),
    }
}

/// The error for a body that is not UTF-8: serde_json's own, with its line and column, when the
/// bad bytes break the syntax; else where they start.
#[cold]
fn not_utf8(body: &[u8], error: std::str::Utf8Error) -> serde_json::Error {
    match serde_json::from_slice::<serde::de::IgnoredAny>(body) {
        Err(syntax) => syntax,
        Ok(_) => serde::de::Error::custom(format_args!(
            "invalid UTF-8 at byte {} of the body",
            error.valid_up_to()
        )),
    }
}

/// The status, headers and body of a response, the headers moved out of it rather than copied,
/// the body read up to the client's limit ([`read_limited`]). When the body cannot be read, the
/// headers go to the call's record for the error; a caller whose decoding of the body fails
/// hands them to [`keep_headers`] likewise.
pub(crate) async fn read_body<E>(
    mut response: reqwest::Response,
) -> Result<(StatusCode, HeaderMap, bytes::Bytes), progenitor_client::Error<E>> {
    let status = response.status();
    let limit = body_limit();
    match read_limited(&mut response, limit).await {
        Ok(body) => Ok((status, std::mem::take(response.headers_mut()), body)),
        Err(BodyError::Transport(e)) => {
            keep_headers(std::mem::take(response.headers_mut()));
            Err(progenitor_client::Error::ResponseBodyError(e))
        }
        Err(BodyError::TooLarge) => {
            let error = too_large(status, std::mem::take(response.headers_mut()), limit);
            let message = error.to_string();
            record(|r| r.failure = Some(error));
            Err(progenitor_client::Error::Custom(message))
        }
    }
}

/// The limit on a response body of the call being polled.
fn body_limit() -> usize {
    let mut limit = DEFAULT_MAX_BODY_SIZE;
    record(|r| limit = r.max_body_size.unwrap_or(limit));
    limit
}

/// Why a body was not read whole.
pub(crate) enum BodyError {
    /// It is longer than the limit (by its `Content-Length`, or by what arrived).
    TooLarge,
    /// The connection failed or timed out while it was read.
    Transport(reqwest::Error),
}

async fn next_chunk(response: &mut reqwest::Response) -> Result<Option<bytes::Bytes>, BodyError> {
    response.chunk().await.map_err(BodyError::Transport)
}

/// The error of a body over `limit` bytes: it names the limit and keeps the status and headers.
pub(crate) fn too_large(status: StatusCode, headers: HeaderMap, limit: usize) -> Error {
    let mut error = Error::new(crate::ErrorKind::BodyTooLarge).with_message(format!(
        "the response body is longer than the limit of {limit} bytes (set with `with_max_body_size`)"
    ));
    error.set_response(status, headers);
    error
}

/// Reads a response body up to `limit` bytes, and stops there: a body that never ends costs at
/// most `limit` bytes of memory. A declared `Content-Length` over the limit fails before a byte
/// is read. A body that arrives in one piece is returned without a copy.
pub(crate) async fn read_limited(
    response: &mut reqwest::Response,
    limit: usize,
) -> Result<bytes::Bytes, BodyError> {
    if response
        .content_length()
        .is_some_and(|length| length > limit as u64)
    {
        return Err(BodyError::TooLarge);
    }
    let Some(first) = next_chunk(response).await? else {
        return Ok(bytes::Bytes::new());
    };
    if first.len() > limit {
        return Err(BodyError::TooLarge);
    }
    let Some(second) = next_chunk(response).await? else {
        return Ok(first);
    };
    let expected = response.content_length().unwrap_or(0) as usize;
    let mut body = Vec::with_capacity(expected.max(first.len() + second.len()));
    body.extend_from_slice(&first);
    let mut chunk = second;
    loop {
        if chunk.len() > limit - body.len() {
            return Err(BodyError::TooLarge);
        }
        body.extend_from_slice(&chunk);
        match next_chunk(response).await? {
            Some(more) => chunk = more,
            None => return Ok(bytes::Bytes::from(body)),
        }
    }
}

/// Keeps a response's headers in the call's record, for the error of a body that failed.
pub(crate) fn keep_headers(headers: HeaderMap) {
    record(|r| r.headers = Some(headers));
}
