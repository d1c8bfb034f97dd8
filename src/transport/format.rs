//! A text format the server can answer in besides JSON (ServiceStack's JSV): its success
//! bodies turned into the JSON that the generated code decodes.

use progenitor_client::OperationInfo;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderValue};

use crate::error::Error;

use super::body::too_large;
use super::body::{BodyError, read_limited};
use super::call::record;

/// A text format the server can answer in besides JSON (ServiceStack's JSV): the media type
/// to ask for, and how a success body in it becomes the JSON that the generated code decodes
/// (through the operation's own response type, so nothing is lost on the way).
#[cfg(feature = "jsv")]
#[derive(Clone, Copy)]
pub(crate) struct ResponseFormat {
    pub media_type: &'static str,
    /// `(operation id, body)` → JSON, or the format's decoding error.
    pub to_json: fn(&str, &[u8]) -> Result<Vec<u8>, crate::jsv::Error>,
}

/// A success response in `format` with its body turned into JSON. Error bodies stay as they
/// came: the crate's error keeps them raw and decodes the vendor's error from either form.
#[cfg(feature = "jsv")]
pub(super) async fn to_json(
    format: &ResponseFormat,
    response: reqwest::Response,
    info: &OperationInfo,
    inner_limit: usize,
) -> reqwest::Result<reqwest::Response> {
    let in_format = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|media| media.trim().eq_ignore_ascii_case(format.media_type));
    if !response.status().is_success() || !in_format {
        return Ok(response);
    }
    let status = response.status();
    let version = response.version();
    let mut response = response;
    let read = read_limited(&mut response, inner_limit).await;
    let mut headers = std::mem::take(response.headers_mut());
    let body = match read {
        Ok(body) => body,
        Err(BodyError::Transport(e)) => return Err(e),
        Err(BodyError::TooLarge) => {
            // The generated decoder then fails on an empty body; this error wins over its.
            let error = too_large(status, headers.clone(), inner_limit);
            record(|r| r.failure = Some(error));
            return Ok(rebuilt(status, version, headers, bytes::Bytes::new()));
        }
    };
    let body = match (format.to_json)(info.operation_id, &body) {
        Ok(json) => {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
            headers.remove(reqwest::header::CONTENT_LENGTH);
            bytes::Bytes::from(json)
        }
        Err(error) => {
            // The generated decoder will fail on the original body; the error it makes
            // gives way to this one, which says where the JSV went wrong.
            let failure = Error::new(crate::ErrorKind::Decode)
                .with_message(format!(
                    "the JSV response body does not match the spec: {error}"
                ))
                .with_body(body.clone());
            record(|r| r.failure = Some(failure));
            body
        }
    };
    Ok(rebuilt(status, version, headers, body))
}

#[cfg(feature = "jsv")]
fn rebuilt(
    status: StatusCode,
    version: ::http::Version,
    headers: HeaderMap,
    body: bytes::Bytes,
) -> reqwest::Response {
    let mut rebuilt = ::http::Response::new(body);
    *rebuilt.status_mut() = status;
    *rebuilt.version_mut() = version;
    *rebuilt.headers_mut() = headers;
    reqwest::Response::from(rebuilt)
}
