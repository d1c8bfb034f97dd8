//! Uses each dependency, so that all of it is built and linked.
fn main() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::Client::builder().build();
    let value: serde_json::Value = serde_json::from_str(r#"{"ok": true}"#).unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
    runtime.block_on(async { println!("{} {}", client.is_ok(), value["ok"]) });
}
