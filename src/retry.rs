//! Retries and timeouts, shared by every client (they run inside the `exec` hook).
//!
//! **What is retried.** Only what is safe to repeat: `GET`, `HEAD`, `OPTIONS`, `PUT` and
//! `DELETE`, and PayNetworx's `POST`s, which are repeated with the *same* `Request-ID` (the
//! API's idempotency rule). Other `POST`s and every `PATCH` are sent once. A request is retried
//! after a connection failure, a timeout, or a `408`, `429`, `502`, `503` or `504`.
//!
//! **When.** After exponential backoff with full jitter (a random delay between 0 and
//! `initial_backoff × 2^retry`, at most `max_backoff`) — or, when the response carries
//! `Retry-After` (seconds or an HTTP date), after exactly that, capped at `max_retry_after`.
//! No retry starts if it could not finish within the overall timeout.
//!
//! **Budget.** Retries draw on a [`RetryQuota`], in the manner of aws-sdk-rust's standard
//! retry: a retry costs 5 tokens (10 after a timeout) from a bucket of 500; a call that succeeds
//! at once adds 1 back, one that succeeds after retrying refunds what its last retry cost. When
//! the bucket is empty no call retries, so that during an outage a client (a stream with 16
//! pages in flight included) sends each request once instead of three times. A policy's quota is
//! shared by every client and page fetch that uses the policy or a clone of it.
//!
//! **Defaults** ([`RetryPolicy::default`]): 3 attempts, 200 ms initial backoff, 5 s maximum
//! backoff, `Retry-After` capped at 30 s, 30 s per attempt, 60 s overall, a new
//! [`RetryQuota::default`]. [`RetryPolicy::none`] turns retries off.

use std::fmt;
use std::future::Future;
use std::hash::BuildHasher;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, SystemTime};

use reqwest::header::RETRY_AFTER;
use reqwest::{Method, StatusCode};

type SleepFuture = Pin<Box<dyn Future<Output = ()> + Send>>;
type Sleeper = Arc<dyn Fn(Duration) -> SleepFuture + Send + Sync>;

/// How a client retries, and its timeouts. Set it with a client's `with_retry_policy`.
#[derive(Clone)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
    attempt_timeout: Option<Duration>,
    overall_timeout: Option<Duration>,
    quota: Option<RetryQuota>,
    sleeper: Sleeper,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(30),
            attempt_timeout: Some(Duration::from_secs(30)),
            overall_timeout: Some(Duration::from_secs(60)),
            quota: Some(RetryQuota::default()),
            sleeper: Arc::new(|delay| Box::pin(tokio::time::sleep(delay))),
        }
    }
}

impl RetryPolicy {
    /// No retries: every request is sent once (timeouts still apply).
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// Attempts per call, the first included (default 3; 1 means no retry).
    #[must_use]
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The backoff before the first retry, doubled for each next one (default 200 ms).
    #[must_use]
    pub fn initial_backoff(mut self, delay: Duration) -> Self {
        self.initial_backoff = delay;
        self
    }

    /// The longest backoff (default 5 s).
    #[must_use]
    pub fn max_backoff(mut self, delay: Duration) -> Self {
        self.max_backoff = delay;
        self
    }

    /// The longest `Retry-After` that is honoured; longer ones wait this long (default 30 s).
    #[must_use]
    pub fn max_retry_after(mut self, delay: Duration) -> Self {
        self.max_retry_after = delay;
        self
    }

    /// The timeout of one attempt (default 30 s; `None`: the HTTP client's own).
    #[must_use]
    pub fn attempt_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.attempt_timeout = timeout;
        self
    }

    /// The timeout of a whole call, retries and waits included (default 60 s; `None`: none).
    #[must_use]
    pub fn overall_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.overall_timeout = timeout;
        self
    }

    /// The retry budget (default: a new [`RetryQuota::default`]; `None`: retries are limited
    /// by `max_attempts` alone).
    #[must_use]
    pub fn retry_quota(mut self, quota: Option<RetryQuota>) -> Self {
        self.quota = quota;
        self
    }

    pub(crate) fn quota(&self) -> Option<&RetryQuota> {
        self.quota.as_ref()
    }

    /// Replaces `tokio::time::sleep` for the waits between attempts (to observe or skip them
    /// in tests).
    #[must_use]
    pub fn sleeper<F, Fut>(mut self, sleep: F) -> Self
    where
        F: Fn(Duration) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        self.sleeper = Arc::new(move |delay| Box::pin(sleep(delay)));
        self
    }

    pub(crate) fn attempts(&self) -> u32 {
        self.max_attempts
    }

    pub(crate) fn attempt_timeout_value(&self) -> Option<Duration> {
        self.attempt_timeout
    }

    pub(crate) fn overall_timeout_value(&self) -> Option<Duration> {
        self.overall_timeout
    }

    pub(crate) fn sleep(&self, delay: Duration) -> SleepFuture {
        (self.sleeper)(delay)
    }

    /// The wait before retry number `retry` (from 1), from `Retry-After` when the response has
    /// one, else from the backoff.
    pub(crate) fn delay(&self, retry: u32, response: Option<&reqwest::Response>) -> Duration {
        if let Some(after) = response.and_then(retry_after) {
            return after.min(self.max_retry_after);
        }
        let exponent = retry.saturating_sub(1).min(30);
        let ceiling = self
            .initial_backoff
            .saturating_mul(1 << exponent)
            .min(self.max_backoff);
        // Full jitter: uniform in [0, ceiling].
        ceiling.mul_f64(random_unit())
    }
}

impl fmt::Debug for RetryPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RetryPolicy")
            .field("max_attempts", &self.max_attempts)
            .field("initial_backoff", &self.initial_backoff)
            .field("max_backoff", &self.max_backoff)
            .field("max_retry_after", &self.max_retry_after)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("overall_timeout", &self.overall_timeout)
            .field("quota", &self.quota)
            .finish_non_exhaustive()
    }
}

/// A retry budget shared by the calls of a client (see the module docs): a bucket of tokens
/// that each retry takes from and successes give back. Clones share the bucket.
#[derive(Clone)]
pub struct RetryQuota {
    bucket: Arc<Bucket>,
}

struct Bucket {
    available: AtomicU32,
    capacity: u32,
    retry_cost: u32,
    timeout_cost: u32,
}

impl Default for RetryQuota {
    /// aws-sdk-rust's standard: 500 tokens, 5 per retry, 10 per retry after a timeout.
    fn default() -> Self {
        RetryQuota::new(500, 5, 10)
    }
}

impl RetryQuota {
    /// A full bucket of `capacity` tokens; a retry costs `retry_cost`, or `timeout_cost` after
    /// a timeout.
    pub fn new(capacity: u32, retry_cost: u32, timeout_cost: u32) -> Self {
        RetryQuota {
            bucket: Arc::new(Bucket {
                available: AtomicU32::new(capacity),
                capacity,
                retry_cost,
                timeout_cost,
            }),
        }
    }

    /// The tokens left.
    pub fn available(&self) -> u32 {
        self.bucket.available.load(Ordering::Relaxed)
    }

    /// What a retry after this failure costs.
    pub(crate) fn cost(&self, timed_out: bool) -> u32 {
        if timed_out {
            self.bucket.timeout_cost
        } else {
            self.bucket.retry_cost
        }
    }

    /// Takes `cost` tokens if there are that many.
    pub(crate) fn try_acquire(&self, cost: u32) -> bool {
        self.bucket
            .available
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| {
                n.checked_sub(cost)
            })
            .is_ok()
    }

    /// Gives `tokens` back, up to the capacity.
    pub(crate) fn release(&self, tokens: u32) {
        let bucket = &self.bucket;
        if tokens == 0 {
            return;
        }
        // A full bucket (the usual case) costs one load.
        if bucket.available.load(Ordering::Relaxed) >= bucket.capacity {
            return;
        }
        let _ = bucket
            .available
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| {
                Some(n.saturating_add(tokens).min(bucket.capacity))
            });
    }
}

impl fmt::Debug for RetryQuota {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RetryQuota")
            .field("available", &self.available())
            .field("capacity", &self.bucket.capacity)
            .field("retry_cost", &self.bucket.retry_cost)
            .field("timeout_cost", &self.bucket.timeout_cost)
            .finish()
    }
}

/// Whether a request may be sent again: its method is idempotent, or the API makes the POST
/// idempotent (PayNetworx's Request-ID).
pub(crate) fn may_repeat(method: &Method, idempotent_post: bool) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::PUT | Method::DELETE
    ) || (*method == Method::POST && idempotent_post)
}

/// Statuses worth another attempt.
pub(crate) fn retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 429 | 502 | 503 | 504)
}

/// Transport failures worth another attempt: no connection, a timeout, a connection lost on
/// the way — reqwest files every failure of sending under `is_request` (`is_connect` and
/// `is_timeout` are finer views of it). Not a request that could not be built (`is_builder`),
/// nor a TLS failure (a certificate refused, a peer that does not speak TLS): those come back
/// the same on every try.
pub(crate) fn retryable_error(error: &reqwest::Error) -> bool {
    error.is_request() && !is_tls_failure(error)
}

/// Whether rustls refused the connection, somewhere in the error's chain of causes (an
/// `io::Error`'s `source()` skips the error it wraps, so that one is followed instead).
fn is_tls_failure(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause = Some(error);
    while let Some(error) = cause {
        if error.is::<rustls::Error>() {
            return true;
        }
        cause = match error
            .downcast_ref::<std::io::Error>()
            .and_then(std::io::Error::get_ref)
        {
            Some(wrapped) => Some(wrapped),
            None => error.source(),
        };
    }
    false
}

/// `Retry-After` as a delay: delta-seconds or an HTTP date (a date in the past is 0).
fn retry_after(response: &reqwest::Response) -> Option<Duration> {
    let value = response.headers().get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(
        date.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

/// A number in [0, 1) from the standard library's randomly seeded hasher (no extra crate).
fn random_unit() -> f64 {
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let bits = std::collections::hash_map::RandomState::new().hash_one(n);
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(retry_after: Option<&str>) -> reqwest::Response {
        let mut builder = http::Response::builder().status(503);
        if let Some(value) = retry_after {
            builder = builder.header("retry-after", value);
        }
        reqwest::Response::from(builder.body(Vec::<u8>::new()).unwrap())
    }

    #[test]
    fn backoff_is_full_jitter_under_a_doubling_ceiling() {
        let policy = RetryPolicy::default();
        for retry in 1..=8u32 {
            let ceiling =
                Duration::from_millis(200 * (1 << (retry - 1))).min(Duration::from_secs(5));
            for _ in 0..50 {
                assert!(policy.delay(retry, None) <= ceiling, "retry {retry}");
            }
        }
        let delays: Vec<_> = (0..50).map(|_| policy.delay(3, None)).collect();
        assert!(delays.iter().any(|d| *d != delays[0]), "jittered");
    }

    #[test]
    fn retry_after_in_seconds_and_as_a_date_capped() {
        let policy = RetryPolicy::default();
        assert_eq!(
            policy.delay(1, Some(&response(Some("7")))),
            Duration::from_secs(7)
        );
        assert_eq!(
            policy.delay(1, Some(&response(Some("3600")))),
            Duration::from_secs(30),
            "capped"
        );
        let in_ten = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(10));
        let delay = policy.delay(1, Some(&response(Some(&in_ten))));
        assert!(
            delay <= Duration::from_secs(10) && delay >= Duration::from_secs(8),
            "{delay:?}"
        );
        let past = httpdate::fmt_http_date(SystemTime::now() - Duration::from_secs(60));
        assert_eq!(
            policy.delay(1, Some(&response(Some(&past)))),
            Duration::ZERO
        );
        // Garbage falls back to the backoff.
        assert!(policy.delay(1, Some(&response(Some("soon")))) <= Duration::from_millis(200));
    }

    #[test]
    fn the_quota_is_spent_by_retries_and_refilled_by_successes() {
        let quota = RetryQuota::new(12, 5, 10);
        assert_eq!(quota.cost(false), 5);
        assert_eq!(quota.cost(true), 10);
        assert!(quota.try_acquire(5));
        assert!(quota.try_acquire(5));
        assert_eq!(quota.available(), 2);
        assert!(!quota.try_acquire(5), "spent");
        assert_eq!(quota.available(), 2, "a refused retry takes nothing");
        quota.release(1);
        assert_eq!(quota.available(), 3);
        quota.release(100);
        assert_eq!(quota.available(), 12, "never above the capacity");
        let shared = quota.clone();
        assert!(shared.try_acquire(12));
        assert_eq!(quota.available(), 0, "clones share the bucket");
        assert_eq!(
            format!("{quota:?}"),
            "RetryQuota { available: 0, capacity: 12, retry_cost: 5, timeout_cost: 10 }"
        );
    }

    #[test]
    fn the_backoff_setters_set_the_backoff() {
        let short = RetryPolicy::default()
            .initial_backoff(Duration::from_millis(1))
            .max_backoff(Duration::from_millis(3));
        let long = RetryPolicy::default()
            .initial_backoff(Duration::from_secs(10))
            .max_backoff(Duration::from_secs(60));
        let samples = |policy: &RetryPolicy, retry| -> Vec<Duration> {
            (0..50).map(|_| policy.delay(retry, None)).collect()
        };
        assert!(
            samples(&short, 1)
                .iter()
                .all(|d| *d <= Duration::from_millis(1))
        );
        assert!(
            samples(&short, 9)
                .iter()
                .all(|d| *d <= Duration::from_millis(3))
        );
        // The defaults (200 ms doubling, at most 5 s) would stay under 5 s.
        assert!(
            samples(&long, 3)
                .iter()
                .any(|d| *d > Duration::from_secs(5))
        );
        assert!(
            samples(&long, 9)
                .iter()
                .all(|d| *d <= Duration::from_secs(60))
        );
        assert!(
            samples(&long, 9)
                .iter()
                .any(|d| *d > Duration::from_secs(40))
        );
    }

    #[test]
    fn debug_shows_every_setting() {
        assert_eq!(
            format!("{:?}", RetryPolicy::default()),
            "RetryPolicy { max_attempts: 3, initial_backoff: 200ms, max_backoff: 5s, \
             max_retry_after: 30s, attempt_timeout: Some(30s), overall_timeout: Some(60s), \
             quota: Some(RetryQuota { available: 500, capacity: 500, retry_cost: 5, \
             timeout_cost: 10 }), .. }"
        );
        let custom = RetryPolicy::none()
            .max_retry_after(Duration::from_secs(2))
            .attempt_timeout(None)
            .overall_timeout(Some(Duration::from_secs(9)))
            .retry_quota(None);
        assert_eq!(
            format!("{custom:?}"),
            "RetryPolicy { max_attempts: 1, initial_backoff: 200ms, max_backoff: 5s, \
             max_retry_after: 2s, attempt_timeout: None, overall_timeout: Some(9s), \
             quota: None, .. }"
        );
    }

    #[tokio::test]
    async fn what_transport_failures_are_retried() {
        let http = crate::transport::http_client().unwrap();
        // A request that cannot be built (a scheme reqwest does not send) is not retried.
        let builder = http.get("ftp://127.0.0.1/").send().await.unwrap_err();
        assert!(builder.is_builder(), "{builder:?}");
        assert!(!retryable_error(&builder));
        // No one listening: retried.
        let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/", closed.local_addr().unwrap());
        drop(closed);
        let refused = http.get(&url).send().await.unwrap_err();
        assert!(
            refused.is_connect() && retryable_error(&refused),
            "{refused:?}"
        );
        // No answer in time: retried.
        let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/", silent.local_addr().unwrap());
        let late = http
            .get(&url)
            .timeout(Duration::from_millis(50))
            .send()
            .await
            .unwrap_err();
        assert!(late.is_timeout() && retryable_error(&late), "{late:?}");
        drop(silent);
        // A peer that does not speak TLS is not retried: tests/retry.rs, a_tls_failure_is_not_retried.
    }

    #[test]
    fn only_safe_requests_repeat() {
        for method in [
            Method::GET,
            Method::HEAD,
            Method::OPTIONS,
            Method::PUT,
            Method::DELETE,
        ] {
            assert!(may_repeat(&method, false));
        }
        assert!(!may_repeat(&Method::POST, false));
        assert!(may_repeat(&Method::POST, true));
        assert!(!may_repeat(&Method::PATCH, true));
        for status in [408, 429, 502, 503, 504] {
            assert!(retryable_status(StatusCode::from_u16(status).unwrap()));
        }
        for status in [400, 401, 404, 409, 500, 501] {
            assert!(!retryable_status(StatusCode::from_u16(status).unwrap()));
        }
    }
}
