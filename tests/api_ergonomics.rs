//! What a Rust developer expects of the clients' API: one way to send (`send()` and `.await`
//! give the crate's error), and streams that own what they need (`Send + 'static`: spawned,
//! stored, returned from a function).
#![cfg(all(feature = "sandbox", feature = "unit"))]

use futures::{Stream, TryStreamExt};
use payclients::sandbox::Sandbox;
use payclients::unit::{Client, types::ReceivedPayment};
use payclients::{Api, Error};

/// A stream returned from a function that borrowed the client only for the call.
fn every_payment(
    client: &Client,
) -> impl Stream<Item = Result<ReceivedPayment, Error>> + Send + 'static {
    client.list_received_payments().stream().page_size(100)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stream_outlives_its_client_and_runs_on_a_task_of_its_own() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = Client::new(sandbox.base_url(Api::Unit), "t").unwrap();
    let stream = every_payment(&client);
    drop(client);
    let task = tokio::spawn(async move { stream.try_collect::<Vec<_>>().await });
    let payments = task.await.unwrap().unwrap();
    assert_eq!(payments.len(), 240);
}

#[tokio::test]
async fn send_gives_the_crates_error_as_await_does() {
    let sandbox = Sandbox::start().await.unwrap();
    // The sandbox answers with the spec's documented 404 when asked with `Prefer: code=404`.
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        "prefer",
        reqwest::header::HeaderValue::from_static("code=404"),
    );
    let http = payclients::transport::http_client_builder()
        .unwrap()
        .default_headers(headers)
        .build()
        .unwrap();
    let missing = Client::with_http_client(sandbox.base_url(Api::Unit), "t", http).unwrap();
    // The type is the point: `send()` is not progenitor's, whose error loses the body.
    let sent: Result<_, Error> = missing.get_received_payment().id("1").send().await;
    let error = sent.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    assert!(
        matches!(error.api_error(), Some(payclients::ApiError::Unit(_))),
        "{error:?}"
    );
    let client = Client::new(sandbox.base_url(Api::Unit), "t").unwrap();
    let ok = client
        .get_received_payment()
        .id("1337")
        .send()
        .await
        .unwrap();
    assert_eq!(ok.data.id.as_str(), "1337");
}
