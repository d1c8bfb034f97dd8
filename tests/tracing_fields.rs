//! Each attempt's span carries OpenTelemetry's HTTP client attributes beside the API and the
//! operation (`http.request.method`, `server.address`, `url.template`,
//! `http.response.status_code`, `http.request.resend_count`, `error.type`), and no secret, no
//! path value, no query.
#![cfg(all(feature = "sandbox", feature = "unit"))]

use std::sync::{Arc, Mutex};

use payclients::Api;
use payclients::sandbox::Sandbox;
use payclients::unit::Client;

/// A `tracing` writer into a shared buffer.
#[derive(Clone, Default)]
struct Logs(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Logs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

const TOKEN: &str = "tracing-test-token-8c1f";

#[tokio::test]
async fn spans_follow_opentelemetrys_http_client_conventions_and_carry_no_secret() {
    let logs = Logs::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let sandbox = Sandbox::start().await.unwrap();
    let client = Client::new(sandbox.base_url(Api::Unit), TOKEN).unwrap();
    client.get_received_payment().id("1337").await.unwrap();
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
    let missing = Client::with_http_client(sandbox.base_url(Api::Unit), TOKEN, http).unwrap();
    missing
        .get_received_payment()
        .id("4242")
        .include("account")
        .await
        .unwrap_err();

    let logged = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    for field in [
        "api=\"unit\"",
        "operation=\"get_received_payment\"",
        "http.request.method=\"GET\"",
        "server.address=\"127.0.0.1\"",
        "url.template=\"/received-payments/{id}\"",
        "http.response.status_code=200",
        "http.response.status_code=404",
        "error.type=\"404\"",
    ] {
        assert!(logged.contains(field), "no {field} in:\n{logged}");
    }
    assert!(!logged.contains(TOKEN), "the token is logged:\n{logged}");
    assert!(
        !logged.contains("4242"),
        "a path value is logged:\n{logged}"
    );
}

/// The CLI logs to stderr under `RUST_LOG`, and its output stays JSON.
#[cfg(feature = "cli")]
#[test]
fn the_cli_honours_rust_log_on_stderr() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_payclients"))
        .args([
            "unit",
            "get-received-payment",
            "--sandbox",
            "--id",
            "1337",
            "--compact",
        ])
        .env("RUST_LOG", "payclients=debug")
        .env_remove("UNIT_TOKEN")
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("payclients.request") && stderr.contains("url.template"),
        "{stderr}"
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["data"]["id"], "1337");
}
