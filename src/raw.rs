//! Raw calls: a request to any path of an API — one its spec does not describe, say — through
//! the same auth, retries, timeouts, redaction and errors as the typed calls. Every client has
//! `raw(method, path)`; the path is a template whose `{name}` parameters are filled with
//! [`RawRequest::param`] (percent-encoded; a missing or unknown one is an error).
//!
//! ```no_run
//! # #[cfg(feature = "abconnect")]
//! # async fn run() -> Result<(), payclients::Error> {
//! use payclients::abconnect::{Client, PRODUCTION_URL};
//!
//! let client = Client::new(PRODUCTION_URL, "token")?;
//! let response = client
//!     .raw(reqwest::Method::GET, "/api/job/{jobDisplayId}/payment/create")
//!     .param("jobDisplayId", "2000000")
//!     .await?;
//! println!("{} {}", response.status, response.json);
//! # Ok(())
//! # }
//! ```

use std::future::IntoFuture;

use bytes::Bytes;
use progenitor_client::OperationInfo;
use reqwest::header::{ACCEPT, HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::error::Error;
use crate::transport::{self, Call, ClientState};

/// A raw request being built; await it (or call [`RawRequest::send`]).
#[must_use = "a request does nothing unless it is awaited"]
#[derive(Debug, Clone)]
pub struct RawRequest<'a> {
    inner: &'a ClientState,
    http: &'a reqwest::Client,
    baseurl: &'a str,
    method: Method,
    template: String,
    params: Vec<(String, String)>,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Option<Value>,
    operation_id: &'static str,
    /// A request that a typed builder prepared (the CLI's operations), sent as it is.
    prepared: Option<Prepared>,
}

/// The parts of a prepared request (a `reqwest::Request` cannot be cloned).
#[derive(Debug, Clone)]
struct Prepared {
    url: reqwest::Url,
    headers: HeaderMap,
    body: Option<Bytes>,
}

/// What a raw call got: a success status, the headers, and the body as JSON (`null` when the
/// body is empty). A non-success status is an [`Error`], with the API's typed error.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct RawResponse {
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The body, parsed as JSON.
    pub json: Value,
    /// The body as it came.
    pub body: Bytes,
}

impl<'a> RawRequest<'a> {
    #[cfg_attr(not(payclients_any_api), allow(dead_code))]
    pub(crate) fn new(
        inner: &'a ClientState,
        http: &'a reqwest::Client,
        baseurl: &'a str,
        method: Method,
        path: &str,
    ) -> Self {
        RawRequest {
            inner,
            http,
            baseurl,
            method,
            template: path.to_string(),
            params: Vec::new(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            operation_id: "raw",
            prepared: None,
        }
    }

    /// A request that a typed builder prepared, sent through the same hooks as `operation_id`.
    #[cfg(feature = "cli")]
    #[cfg_attr(not(payclients_any_api), allow(dead_code))]
    pub(crate) fn from_request(
        inner: &'a ClientState,
        http: &'a reqwest::Client,
        request: reqwest::Request,
        operation_id: &'static str,
    ) -> Self {
        let mut raw = RawRequest::new(inner, http, "", request.method().clone(), "");
        raw.operation_id = operation_id;
        raw.prepared = Some(Prepared {
            body: request
                .body()
                .and_then(reqwest::Body::as_bytes)
                .map(Bytes::copy_from_slice),
            headers: request.headers().clone(),
            url: request.url().clone(),
        });
        raw
    }

    /// The request for one page of a declared paging (the CLI's `--all`).
    #[cfg(feature = "cli")]
    pub(crate) fn page(
        mut self,
        paging: &crate::pagination::declared::Paging,
        query: crate::pagination::PageQuery,
        cursor: Option<&str>,
    ) -> Self {
        if let Some(prepared) = &mut self.prepared {
            paging.apply_parts(&mut prepared.url, &mut prepared.headers, query, cursor);
        }
        self
    }

    /// The client's secrets (the CLI masks them in what it prints).
    #[cfg(feature = "cli")]
    pub(crate) fn secrets(&self) -> crate::masking::Secrets {
        self.inner.secrets().clone()
    }

    /// Fills the path parameter `{name}`.
    pub fn param(mut self, name: &str, value: impl ToString) -> Self {
        self.params.push((name.to_string(), value.to_string()));
        self
    }

    /// Adds a query parameter.
    pub fn query(mut self, name: &str, value: impl ToString) -> Self {
        self.query.push((name.to_string(), value.to_string()));
        self
    }

    /// Adds a request header (the client's own auth headers win over an `Authorization` here).
    pub fn header(mut self, name: &str, value: impl ToString) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// Sends `body` as JSON.
    pub fn json(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }

    /// The path with its parameters filled and percent-encoded.
    fn path(&self) -> Result<String, Error> {
        let mut out = String::new();
        let mut rest = self.template.as_str();
        let mut used = Vec::new();
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|i| open + i) else {
                return Err(Error::invalid_request(format!(
                    "the path `{}` has an unclosed `{{`",
                    self.template
                )));
            };
            out.push_str(&rest[..open]);
            let name = &rest[open + 1..close];
            let Some((_, value)) = self.params.iter().find(|(n, _)| n == name) else {
                return Err(Error::invalid_request(format!(
                    "the path parameter `{name}` is missing"
                )));
            };
            let segment = transport::encode_segment(value).map_err(Error::invalid_request)?;
            out.push_str(&segment);
            used.push(name.to_string());
            rest = &rest[close + 1..];
        }
        out.push_str(rest);
        if let Some((name, _)) = self.params.iter().find(|(n, _)| !used.contains(n)) {
            return Err(Error::invalid_request(format!(
                "the path `{}` has no parameter `{name}`",
                self.template
            )));
        }
        if !out.starts_with('/') {
            out.insert(0, '/');
        }
        Ok(out)
    }

    fn build(&self) -> Result<reqwest::Request, Error> {
        if let Some(prepared) = &self.prepared {
            let mut request = reqwest::Request::new(self.method.clone(), prepared.url.clone());
            *request.headers_mut() = prepared.headers.clone();
            if let Some(body) = &prepared.body {
                *request.body_mut() = Some(body.clone().into());
            }
            return Ok(request);
        }
        let url = format!("{}{}", self.baseurl, self.path()?);
        let mut builder = self
            .http
            .request(self.method.clone(), url)
            .header(ACCEPT, HeaderValue::from_static("application/json"));
        if !self.query.is_empty() {
            builder = builder.query(&self.query);
        }
        for (name, value) in &self.headers {
            let name = HeaderName::try_from(name.as_str())
                .map_err(|_| Error::invalid_request(format!("`{name}` is not a header name")))?;
            let value = HeaderValue::try_from(value.as_str()).map_err(|_| {
                Error::invalid_request(format!("the value of header `{name}` cannot be sent"))
            })?;
            builder = builder.header(name, value);
        }
        if let Some(body) = &self.body {
            builder = builder.json(body);
        }
        builder.build().map_err(Error::from_reqwest)
    }

    /// Sends the request.
    pub async fn send(self) -> Result<RawResponse, Error> {
        self.into_future().await
    }
}

impl<'a> IntoFuture for RawRequest<'a> {
    type Output = Result<RawResponse, Error>;
    type IntoFuture = Call<'a, RawResponse>;

    fn into_future(self) -> Self::IntoFuture {
        let built = self.build();
        let (inner, http) = (self.inner, self.http);
        let info = OperationInfo {
            operation_id: self.operation_id,
        };
        Call::new(async move {
            use progenitor_client::Error as P;
            let request = built.map_err(|e| P::Custom(e.to_string()))?;
            let response = transport::send(inner, http, request, &info).await?;
            if !response.status().is_success() {
                return Err(P::UnexpectedResponse(response));
            }
            let (status, headers, body) = transport::read_body(response).await?;
            let json = if body.is_empty() {
                Value::Null
            } else {
                match serde_json::from_slice(&body) {
                    Ok(json) => json,
                    Err(e) => {
                        transport::keep_headers(headers);
                        return Err(P::InvalidResponsePayload(body, e));
                    }
                }
            };
            Ok(RawResponse {
                status,
                headers,
                json,
                body,
            })
        })
    }
}
