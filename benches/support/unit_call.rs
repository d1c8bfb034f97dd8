#![allow(dead_code)] // shared by several benches, each using a part
//! The call both overhead benches measure: Unit's `get_received_payment`, typed through the
//! client, and the same request with plain reqwest + serde_json decoding into the same type.

use payclients::unit::types::ReceivedPaymentDocument;

/// The response body: the spec's example.
pub const BODY: &str = r#"{"data": {"type": "achReceivedPayment", "id": "1337", "attributes": {"createdAt": "2022-02-01T12:03:14.406Z", "status": "Pending", "wasAdvanced": false, "isAdvanceable": false, "direction": "Credit", "amount": 500000, "completionDate": "2020-07-30", "companyName": "UBER LTD", "counterpartyRoutingNumber": "051402372", "description": "Paycheck", "traceNumber": "123456789123456", "secCode": "PPD"}, "relationships": {"account": {"data": {"type": "account", "id": "163575"}}, "customer": {"data": {"type": "customer", "id": "129528"}}}}}"#;

/// An HTTP client with the clients' own settings (both sides use the same).
pub fn http() -> reqwest::Client {
    payclients::transport::http_client_builder()
        .unwrap()
        .build()
        .unwrap()
}

/// The typed call.
pub async fn typed(client: &payclients::unit::Client) {
    let payment = client.get_received_payment().id("1337").await.unwrap();
    assert_eq!(payment.data.id.as_str(), "1337");
}

/// The same request with plain reqwest + serde_json. The URL is made per call from the base URL
/// and the id, as a caller fetching payments by id does (the typed call formats it too).
pub async fn raw(http: &reqwest::Client, base_url: &str) {
    let id = "1337";
    let response = http
        .get(format!("{base_url}/received-payments/{id}"))
        .header("authorization", "Bearer bench-token")
        .header("accept", "application/vnd.api+json")
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success());
    let bytes = response.bytes().await.unwrap();
    let payment: ReceivedPaymentDocument = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(payment.data.id.as_str(), "1337");
}
