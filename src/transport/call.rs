//! One awaited call: the future a builder turns into ([`Call`]), and the record it owns that
//! the hooks write while it is polled ([`CallRecord`], [`record`]), so that the crate's error
//! keeps the status, headers and attempts even where progenitor's error does not.

use std::cell::RefCell;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Instant;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use crate::error::{Api, Error};

/// What one call recorded while it ran, for its error.
#[derive(Default, Debug)]
pub(crate) struct CallRecord {
    pub api: Option<Api>,
    pub operation: Option<&'static str>,
    pub status: Option<StatusCode>,
    pub headers: Option<HeaderMap>,
    pub attempts: u32,
    pub sent_request_id: Option<String>,
    /// When the call's overall timeout ends, once a token wait started it.
    pub deadline: Option<Instant>,
    /// The client's secrets, to mask in the error.
    pub secrets: Option<crate::masking::Secrets>,
    /// The client's limit on a response body (`None`: [`DEFAULT_MAX_BODY_SIZE`]).
    pub max_body_size: Option<usize>,
    /// The error of a hook (a token that could not be obtained), whole.
    pub failure: Option<Error>,
}

// The record of the call being polled on this thread. A scoped pointer to the record that the
// `Call` owns, set for the length of each poll: tokio's task-local would move the whole record
// in and out of the thread-local on every poll.
scoped_tls::scoped_thread_local!(static CALL: RefCell<CallRecord>);

pub(crate) fn record(f: impl FnOnce(&mut CallRecord)) {
    // Outside a `Call` (a page task's or a raw call's own future) there is no record to write.
    if CALL.is_set() {
        CALL.with(|call| f(&mut call.borrow_mut()));
    }
}

type BoxedSend<'a, T> =
    Pin<Box<dyn Future<Output = Result<T, progenitor_client::Error<()>>> + Send + 'a>>;

/// The future of an awaited operation builder: `client.op().arg(x).await` gives
/// `Result<ResponseValue<T>, payclients::Error>`.
#[must_use = "a call does nothing unless it is awaited"]
pub struct Call<'a, T> {
    state: CallState<'a, T>,
    /// What the hooks record while the send future is polled (see [`record`]).
    record: RefCell<CallRecord>,
}

enum CallState<'a, T> {
    Sending(BoxedSend<'a, T>),
    /// Progenitor's error on its way to the crate's (an error body may still be read).
    Failing(Pin<Box<dyn Future<Output = Error> + Send>>),
    Done,
}

impl<'a, T: Send + 'a> Call<'a, T> {
    /// Wraps the future of a builder's exchange (progenitor's send, crate-private).
    pub fn new<F>(send: F) -> Self
    where
        F: Future<Output = Result<T, progenitor_client::Error<()>>> + Send + 'a,
    {
        Call {
            state: CallState::Sending(Box::pin(send)),
            record: RefCell::default(),
        }
    }
}

impl<T> Future for Call<'_, T> {
    type Output = Result<T, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        loop {
            match &mut this.state {
                CallState::Sending(send) => {
                    let polled = CALL.set(&this.record, || send.as_mut().poll(cx));
                    match polled {
                        Poll::Pending => return Poll::Pending,
                        Poll::Ready(Ok(value)) => {
                            this.state = CallState::Done;
                            return Poll::Ready(Ok(value));
                        }
                        Poll::Ready(Err(error)) => {
                            let record = this.record.take();
                            this.state =
                                CallState::Failing(Box::pin(Error::from_progenitor(error, record)));
                        }
                    }
                }
                CallState::Failing(failing) => {
                    let error = std::task::ready!(failing.as_mut().poll(cx));
                    this.state = CallState::Done;
                    return Poll::Ready(Err(error));
                }
                CallState::Done => panic!("`Call` polled after it completed"),
            }
        }
    }
}

impl<T> fmt::Debug for Call<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Call")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn debug_names_the_call_and_nothing_it_carries() {
        let call = super::Call::new(async { Ok::<_, progenitor_client::Error<()>>("token-1") });
        assert_eq!(format!("{call:?}"), "Call");
    }
}
