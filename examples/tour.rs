//! A tour of payclients that needs no credentials and no network: it starts a mock server on
//! 127.0.0.1 that answers with the examples of `specs/unit.yaml` (embedded at compile time),
//! points the real Unit client at it, and prints what each call returns.
//!
//! Run it with `cargo run --example tour`.

use httpmock::Method::{GET, PATCH, POST};
use httpmock::MockServer;
use payclients::unit::types::{ReceivedPaymentSort, ReceivedPaymentStatus};
use payclients::unit::{Client, StatusFilter, TagsFilter};
use serde_json::Value;

const SPEC: &str = include_str!("../specs/unit.yaml");

fn example(spec: &Value, path: &str, method: &str, status: &str, name: &str) -> Value {
    let pointer = format!(
        "/paths/{}/{method}/responses/{status}/content/application~1vnd.api+json/examples/{name}/value",
        path.replace('/', "~1")
    );
    spec.pointer(&pointer).cloned().unwrap_or(Value::Null)
}

/// Serves the spec's examples: the list, one payment, its update, its advance, and a 404.
async fn start_mock_server(spec: &Value) -> MockServer {
    let server = MockServer::start_async().await;
    let list = example(spec, "/received-payments", "get", "200", "seed");
    let one = example(
        spec,
        "/received-payments/{id}",
        "get",
        "200",
        "withIncluded",
    );
    let tagged = example(spec, "/received-payments/{id}", "patch", "200", "tagged");
    let advanced = example(
        spec,
        "/received-payments/{id}/advance",
        "post",
        "200",
        "advanced",
    );
    let not_found = spec
        .pointer(
            "/components/responses/Error/content/application~1vnd.api+json/examples/notFound/value",
        )
        .cloned()
        .unwrap_or(Value::Null);
    server
        .mock_async(|when, then| {
            when.method(GET).path("/received-payments");
            then.status(200)
                .header("content-type", "application/vnd.api+json")
                .json_body(list);
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/received-payments/1337");
            then.status(200)
                .header("content-type", "application/vnd.api+json")
                .json_body(one);
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(PATCH).path("/received-payments/1337");
            then.status(200)
                .header("content-type", "application/vnd.api+json")
                .json_body(tagged);
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(POST).path("/received-payments/1337/advance");
            then.status(200)
                .header("content-type", "application/vnd.api+json")
                .json_body(advanced);
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/received-payments/1");
            then.status(404)
                .header("content-type", "application/vnd.api+json")
                .json_body(not_found);
        })
        .await;
    server
}

/// The tour itself: a user's calls, with what they print.
async fn tour(base_url: &str) -> Result<(), payclients::Error> {
    let client = Client::new(base_url, "sandbox-token")?;

    println!("Unit: list received payments (status Pending or Completed, newest first)");
    let page = client
        .list_received_payments()
        .filter_status(StatusFilter::from([
            ReceivedPaymentStatus::Pending,
            ReceivedPaymentStatus::Completed,
        ]))
        .sort(ReceivedPaymentSort::CreatedAtDesc)
        .page_limit(100)
        .await?;
    for payment in &page.data {
        let a = &payment.attributes;
        println!(
            "  #{:<5} {:<10} {:>9} cents  from {} ({})",
            payment.id.as_str(),
            a.status,
            a.amount,
            a.company_name,
            a.description
        );
    }
    if let Some(p) = page.meta.as_ref().and_then(|m| m.pagination.as_ref()) {
        println!(
            "  page: offset {} limit {} of about {}",
            p.offset, p.limit, p.total
        );
    }

    println!("\nUnit: get #1337 with its account and customer");
    let one = client
        .get_received_payment()
        .id("1337")
        .include("account,customer")
        .await?;
    let a = &one.data.attributes;
    println!(
        "  status {}, advanceable {:?}, completes {}",
        a.status, a.is_advanceable, a.completion_date
    );
    for resource in &one.included {
        println!("  included {} #{}", resource.type_, resource.id);
    }

    println!("\nUnit: tag #1337, then advance it");
    let tags = TagsFilter::from([("by", "Richard Hendricks")]);
    println!(
        "  (a list filter on these tags would send filter[tags]={})",
        tags.to_json()
    );
    let body: payclients::unit::types::UpdateReceivedPaymentRequest = serde_json::from_value(serde_json::json!({
        "data": {"type": "achReceivedPayment", "attributes": {"tags": {"by": "Richard Hendricks"}}}
    }))
    .expect("a valid update body");
    let updated = client
        .update_received_payment()
        .id("1337")
        .body(body)
        .await?;
    if let Some(tags) = &updated.data.attributes.tags {
        let tags: Vec<String> = tags
            .iter()
            .map(|(k, v)| format!("{k}={}", v.as_str()))
            .collect();
        println!("  tags now {}", tags.join(", "));
    }
    let advanced = client.advance_received_payment().id("1337").await?;
    println!("  status now {}", advanced.data.attributes.status);

    println!("\nUnit: a payment that does not exist gives a typed error");
    match client.get_received_payment().id("1").await {
        Ok(_) => println!("  unexpectedly found"),
        Err(error) => {
            println!("  error: {error}");
            if let Some(payclients::ApiError::Unit(doc)) = error.api_error() {
                println!("  support id to quote: {}", doc.support_id().unwrap_or("-"));
            }
        }
    }
    Ok(())
}

#[tokio::main]
async fn main() {
    let spec: Value = serde_yaml_ng::from_str(SPEC).expect("specs/unit.yaml is valid YAML");
    let server = start_mock_server(&spec).await;
    println!(
        "payclients tour: a mock Unit API at {}\n",
        server.base_url()
    );
    if let Err(error) = tour(&server.base_url()).await {
        eprintln!("tour failed: {error}");
        std::process::exit(1);
    }
}
