//! The tour's walk through each API, against a sandbox: what a user's calls look like and
//! what they give. It writes its lines into `out`, so that a test can check them.
// ABConnect's JobPayment routes are deprecated by the vendor (8.01) but documented by the seed:
// they are still exercised here.
#![allow(deprecated)]

use std::fmt::Write;

use futures::TryStreamExt;
use payclients::Api;
use payclients::sandbox::Sandbox;

type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;

/// An HTTP client that sends Prism's `Prefer` header, to ask the sandbox for another answer
/// than its first example.
fn preferring(prefer: &'static str) -> Result<reqwest::Client> {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("prefer", reqwest::header::HeaderValue::from_static(prefer));
    Ok(payclients::transport::http_client_builder()?
        .default_headers(headers)
        .build()?)
}

pub async fn walk(sandbox: &Sandbox, out: &mut String) -> Result {
    unit(sandbox, out).await?;
    paynetworx(sandbox, out).await?;
    paylock(sandbox, out).await?;
    logisense(sandbox, out).await?;
    abconnect(sandbox, out).await?;
    writeln!(
        out,
        "\nDone: five APIs against the sandbox, every answer decoded into its typed value \
         (two streams of three pages, a decline, JSV, a password grant, masked account numbers, a typed error)."
    )?;
    Ok(())
}

async fn unit(sandbox: &Sandbox, out: &mut String) -> Result {
    use payclients::unit::types::{ReceivedPaymentSort, ReceivedPaymentStatus};
    use payclients::unit::{Client, StatusFilter};

    let client = Client::new(sandbox.base_url(Api::Unit), "sandbox-token")?;
    writeln!(
        out,
        "Unit: every Pending received payment, newest first (a stream of 50-item pages, 4 in flight)"
    )?;
    let payments: Vec<_> = client
        .list_received_payments()
        .filter_status(StatusFilter::from([ReceivedPaymentStatus::Pending]))
        .sort(ReceivedPaymentSort::CreatedAtDesc)
        .stream()
        .page_size(50)
        .concurrency(4)
        .try_collect()
        .await?;
    writeln!(
        out,
        "  {} payments in {} pages; the newest three:",
        payments.len(),
        payments.len().div_ceil(50)
    )?;
    for payment in payments.iter().take(3) {
        let a = &payment.attributes;
        writeln!(
            out,
            "  #{:<5} {:<10} {:>7} cents from {}, created {}",
            payment.id.as_str(),
            a.status,
            a.amount,
            a.company_name,
            a.created_at.format("%Y-%m-%d %H:%M")
        )?;
    }
    let one = client.get_received_payment().id("1337").await?;
    let advanceable = match one.data.attributes.is_advanceable {
        Some(true) => "yes",
        Some(false) => "no",
        None => "not said",
    };
    writeln!(
        out,
        "  #1337 is {}; advanceable: {advanceable}",
        one.data.attributes.status
    )?;

    let missing = Client::with_http_client(
        sandbox.base_url(Api::Unit),
        "sandbox-token",
        preferring("code=404")?,
    )?;
    match missing.get_received_payment().id("1").await {
        Ok(_) => writeln!(out, "  #1 unexpectedly found")?,
        Err(error) => {
            // The typed error: the status, Unit's own error document, its support id.
            let detail = match error.api_error() {
                Some(payclients::ApiError::Unit(doc)) => {
                    doc.errors.first().and_then(|e| e.detail.clone())
                }
                _ => None,
            };
            writeln!(
                out,
                "  a missing payment, as expected: HTTP {}, {}; support id {}",
                error.status().map(|s| s.as_u16()).unwrap_or_default(),
                detail.as_deref().unwrap_or("no detail"),
                error.request_id().unwrap_or("none")
            )?;
        }
    }
    Ok(())
}

async fn paynetworx(sandbox: &Sandbox, out: &mut String) -> Result {
    use payclients::paynetworx::types::{AchAccount, AchCreditRequest};
    use payclients::paynetworx::{Client, TransactionAmount, TransactionResult};

    writeln!(
        out,
        "\nPayNetworx: an ACH credit of 25.50 USD, approved, then declined"
    )?;
    let account: AchAccount = serde_json::from_value(serde_json::json!({
        "BankRoutingNumber": "999999999", "AccountNumber": "0123456789",
        "AchAccountType": "PersonalChecking", "CustomerName": "Richard Hendricks",
        "EffectiveDate": "2026-11-23"
    }))?;
    let request = AchCreditRequest::ach(TransactionAmount::usd("25.50")?, account);
    for prefer in ["example=ach", "example=declined"] {
        let client = Client::with_http_client(
            sandbox.base_url(Api::PayNetworx),
            "user",
            "password",
            preferring(prefer)?,
        )?;
        match client
            .ach_credit()
            .body(request.clone())
            .await?
            .into_inner()
        {
            TransactionResult::Approved(approval) => {
                let id = approval.ids.transaction_id.map(|id| id.to_string());
                writeln!(out, "  approved: transaction {}", id.unwrap_or_default())?
            }
            TransactionResult::Declined(declined) => writeln!(out, "  {declined}")?,
        }
    }
    Ok(())
}

async fn paylock(sandbox: &Sandbox, out: &mut String) -> Result {
    use payclients::paylock::{Client, Format};

    writeln!(
        out,
        "\nPayLock: a paid boot release, asked for in ServiceStack's JSV (`Accept: text/jsv`)"
    )?;
    let client = Client::with_http_client(
        sandbox.base_url(Api::PayLock),
        "sandbox-token",
        preferring("example=paid")?,
    )?
    .with_format(Format::Jsv);
    let result = client
        .get_payment()
        .collectionattemptid("7B0E8C1E-4F0A-4D9B-9A57-1F1C2A3B4C5D")
        .customer_id("5e6f7a8b9c0d41e2f3a4b5c6d7e8f9a0")
        .await?;
    let amount =
        |a: Option<&payclients::money::Amount>| a.map(|a| a.to_string()).unwrap_or_default();
    let fee = result.convenience_fee.as_ref();
    writeln!(
        out,
        "  net due {}; paid {} through {}, of which a fee of {} (exact decimals, read from JSV)",
        amount(result.net_due.as_ref()),
        amount(fee.and_then(|f| f.total_payment_amount.as_ref())),
        result.payment_gateway_name.as_deref().unwrap_or("-"),
        amount(fee.and_then(|f| f.fee_amount.as_ref())),
    )?;
    Ok(())
}

async fn logisense(sandbox: &Sandbox, out: &mut String) -> Result {
    use payclients::logisense::Client;

    writeln!(
        out,
        "\nLogiSense: every payment, page by page (pages of 100 in a `Pagination` header; an exact total)"
    )?;
    let client = Client::from_base_url(sandbox.base_url(Api::LogiSense), "sandbox-token")?;
    let payments: Vec<_> = client.list_payments_paged().stream().try_collect().await?;
    writeln!(
        out,
        "  {} payments in {} pages; the first two:",
        payments.len(),
        payments.len().div_ceil(100)
    )?;
    for payment in payments.iter().take(2) {
        writeln!(
            out,
            "  payment #{}: {}",
            payment
                .identity
                .map(|id| id.to_string())
                .unwrap_or_default(),
            payment.amount.map(|a| a.to_string()).unwrap_or_default()
        )?;
    }
    Ok(())
}

async fn abconnect(sandbox: &Sandbox, out: &mut String) -> Result {
    use payclients::abconnect::{Client, password_grant};

    writeln!(
        out,
        "\nABConnect: a job's payment sources, with a password grant"
    )?;
    let grant = password_grant(
        &sandbox.token_url(Api::AbConnect),
        "user",
        "password",
        "client",
        "secret",
    );
    let client = Client::with_password_grant(sandbox.base_url(Api::AbConnect), grant)?;
    let sources = client
        .list_payment_sources()
        .job_display_id("2000000")
        .await?;
    writeln!(
        out,
        "  a token came from the password grant at {}",
        sandbox
            .token_url(Api::AbConnect)
            .rsplit_once(':')
            .map_or("", |(_, port)| port)
            .split_once('/')
            .map_or("", |(_, path)| path)
    )?;
    for source in sources.iter() {
        // Account numbers are masked: only their last four digits ever show.
        writeln!(
            out,
            "  #{} {} at {}, account {}",
            source.id.unwrap_or_default(),
            source.friendly_name.as_deref().unwrap_or("-"),
            source.bank_name.as_deref().unwrap_or("-"),
            source
                .account_number
                .as_ref()
                .map_or_else(|| "-".to_string(), |n| n.masked())
        )?;
    }
    Ok(())
}
