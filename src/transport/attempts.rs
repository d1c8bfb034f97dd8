//! The attempts of one request: timeouts, retries with backoff and `Retry-After`, the retry
//! quota, a 401 that renews the token once, and a `tracing` span per attempt.

use std::time::{Duration, Instant};

use progenitor_client::OperationInfo;
use reqwest::StatusCode;
use reqwest::header::{AUTHORIZATION, HeaderValue};

use super::call::record;
use super::state::ClientState;
use crate::retry::{self};

pub(super) async fn exec_attempts(
    inner: &ClientState,
    client: &reqwest::Client,
    mut request: reqwest::Request,
    info: &OperationInfo,
) -> reqwest::Result<reqwest::Response> {
    let policy = &inner.retry;
    // The deadline that `pre` set when it waited for a token, else one from now.
    let mut recorded = None;
    record(|r| recorded = r.deadline);
    let deadline = recorded.or_else(|| policy.overall_timeout_value().map(|t| Instant::now() + t));
    let repeatable = retry::may_repeat(request.method(), inner.idempotent_post);
    let mut retries = 0;
    // What the last retry took from the quota, refunded when the call succeeds.
    let mut spent = 0;
    // A 401 renews the token and repeats the request once (a password grant's client only).
    let mut renew_on_401 = inner.has_token_provider();
    loop {
        let remaining = deadline.map(|deadline| deadline.saturating_duration_since(Instant::now()));
        let timeout = attempt_timeout(
            policy.attempt_timeout_value(),
            remaining,
            inner.http_timeout,
        );
        // The copy for a next attempt is identical, PayNetworx's Request-ID included (taken
        // before the timeout is set: each attempt sets its own).
        let may_retry = retries + 1 < policy.attempts();
        let next = (repeatable && (renew_on_401 || may_retry))
            .then(|| copy_request(&request))
            .flatten();
        if timeout.is_some() {
            *request.timeout_mut() = timeout;
        }
        record(|r| r.attempts += 1);
        // OpenTelemetry's HTTP client attributes beside the API and the operation; never the
        // URL's path or query (ids, secrets), only its template.
        let span = tracing::info_span!(
            "payclients.request",
            api = inner.api.as_str(),
            operation = info.operation_id,
            attempt = retries + 1,
            http.request.method = request.method().as_str(),
            server.address = request.url().host_str().unwrap_or_default(),
            server.port = request.url().port_or_known_default(),
            url.template = inner.api.descriptor().url_template(info.operation_id),
            http.request.resend_count = (retries > 0).then_some(retries),
            http.response.status_code = tracing::field::Empty,
            error.r#type = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        let sent_authorization = renew_on_401
            .then(|| request.headers().get(AUTHORIZATION).cloned())
            .flatten();
        let result = if span.is_disabled() {
            client.execute(request).await
        } else {
            traced(client, request, span).await
        };
        // The status only: an error status keeps its whole response in progenitor's error, and a
        // success body that fails records its headers there (`read_body`, `keep_headers`).
        if let Ok(response) = &result {
            record(|r| r.status = Some(response.status()));
        }
        if renew_on_401
            && let Ok(response) = &result
            && response.status() == StatusCode::UNAUTHORIZED
        {
            renew_on_401 = false;
            forget_token(inner, sent_authorization.as_ref());
            if let Some(mut next) = next
                && let Some(value) = fresh_authorization(inner, deadline).await
            {
                next.headers_mut().insert(AUTHORIZATION, value);
                drop(result);
                request = next;
                continue;
            }
            return result;
        }
        let retryable = match &result {
            Ok(response) => retry::retryable_status(response.status()),
            Err(error) => retry::retryable_error(error),
        };
        let quota = policy.quota();
        if !retryable {
            if let (Some(quota), Ok(_)) = (quota, &result) {
                // A success gives back what its last retry cost, or a token if it needed none.
                quota.release(if retries == 0 { 1 } else { spent });
            }
            return result;
        }
        let Some(next) = next.filter(|_| may_retry) else {
            return result;
        };
        retries += 1;
        let delay = policy.delay(retries, result.as_ref().ok());
        if deadline.is_some_and(|deadline| Instant::now() + delay >= deadline) {
            return result;
        }
        if let Some(quota) = quota {
            let cost = quota.cost(result.as_ref().is_err_and(reqwest::Error::is_timeout));
            if !quota.try_acquire(cost) {
                // The budget is spent: during an outage each request goes once.
                return result;
            }
            spent = cost;
        }
        // Let the connection go before waiting.
        drop(result);
        policy.sleep(delay).await;
        request = next;
    }
}

/// After a `401`: forgets the token that was sent, unless another call renewed it already
/// (the next call, or this one's repeat, gets a new one).
#[allow(unused_variables)]
fn forget_token(inner: &ClientState, sent: Option<&HeaderValue>) {
    #[cfg(payclients_oauth)]
    if let Some(provider) = &inner.token_provider
        && let Some(token) = sent
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
    {
        provider.invalidate_sent(token);
    }
}

/// A new `Authorization` from the client's token provider, got before `deadline`; `None` when
/// there is none to get.
#[allow(unused_variables)]
async fn fresh_authorization(
    inner: &ClientState,
    deadline: Option<Instant>,
) -> Option<HeaderValue> {
    #[cfg(payclients_oauth)]
    if let Some(provider) = &inner.token_provider {
        return provider.authorization(deadline).await.ok();
    }
    None
}

/// The timeout to set on one attempt: the policy's attempt timeout, never past what is left of
/// the overall one; `None` when there is none, or when the HTTP client applies that very
/// timeout by itself (`http_timeout`).
fn attempt_timeout(
    attempt: Option<Duration>,
    remaining: Option<Duration>,
    http_timeout: Option<Duration>,
) -> Option<Duration> {
    let timeout = match (attempt, remaining) {
        (Some(attempt), Some(remaining)) => Some(attempt.min(remaining)),
        (attempt, remaining) => attempt.or(remaining),
    };
    timeout.filter(|&t| Some(t) != http_timeout)
}

/// A copy of `request` for its next attempt, `None` when its body cannot be copied (a stream).
///
/// `Request::try_clone` sets the copy's timeout through its extensions map before replacing the
/// map by a clone of the original's: three allocations and their frees on every call, for
/// nothing. The requests sent here are built by `reqwest::Client::request`, whose only extension
/// is that timeout, so a request without a body is copied field by field instead.
fn copy_request(request: &reqwest::Request) -> Option<reqwest::Request> {
    if request.body().is_some() {
        return request.try_clone();
    }
    let mut copy = reqwest::Request::new(request.method().clone(), request.url().clone());
    *copy.headers_mut() = request.headers().clone();
    *copy.version_mut() = request.version();
    if let Some(timeout) = request.timeout() {
        *copy.timeout_mut() = Some(*timeout);
    }
    Some(copy)
}

/// One attempt inside its span, with the status and duration recorded (only when a
/// subscriber wants the span: timing a call nobody sees costs two clock reads).
async fn traced(
    client: &reqwest::Client,
    request: reqwest::Request,
    span: tracing::Span,
) -> reqwest::Result<reqwest::Response> {
    let started = Instant::now();
    let result = tracing::Instrument::instrument(client.execute(request), span.clone()).await;
    span.record("duration_ms", started.elapsed().as_millis() as u64);
    match &result {
        Ok(response) => {
            let status = response.status();
            span.record("http.response.status_code", status.as_u16());
            if status.is_client_error() || status.is_server_error() {
                // OpenTelemetry's error.type of an HTTP error: its status code.
                span.record("error.type", status.as_str());
            }
            tracing::debug!(parent: &span, "response");
        }
        Err(error) => {
            let kind = if error.is_timeout() {
                "timeout"
            } else if error.is_connect() {
                "connect"
            } else {
                "transport"
            };
            span.record("error.type", kind);
            tracing::debug!(parent: &span, failure = kind, "no response");
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_attempt_timeout_is_set_unless_the_http_client_applies_the_same() {
        let s = Duration::from_secs;
        // (attempt, remaining of the overall, the HTTP client's own) -> set on the request
        let table = [
            ((Some(s(30)), Some(s(60)), None), Some(s(30))),
            ((Some(s(30)), Some(s(10)), None), Some(s(10))),
            ((None, Some(s(10)), None), Some(s(10))),
            ((Some(s(5)), None, None), Some(s(5))),
            ((None, None, None), None),
            // The constructors' client already times out at 30 s: nothing to set.
            ((Some(s(30)), Some(s(60)), Some(s(30))), None),
            // A retry with less time left than that still sets its own.
            ((Some(s(30)), Some(s(12)), Some(s(30))), Some(s(12))),
            ((Some(s(5)), Some(s(60)), Some(s(30))), Some(s(5))),
            ((None, None, Some(s(30))), None),
        ];
        for ((attempt, remaining, http), expected) in table {
            assert_eq!(
                attempt_timeout(attempt, remaining, http),
                expected,
                "{attempt:?} {remaining:?} {http:?}"
            );
        }
    }
}
