//! The command line sends exactly what the typed clients send: every operation of every API,
//! once through its typed builder and once through `payclients <api> <operation> …`, against a
//! loopback listener that records each request. Method, path, query, body and headers must be
//! the same (apart from `User-Agent`, and `Request-ID`, which each call fills afresh).
// ABConnect's JobPayment routes are deprecated by the vendor but documented: they are compared too.
#![allow(deprecated)]
#![cfg(all(
    feature = "abconnect",
    feature = "logisense",
    feature = "paylock",
    feature = "paynetworx",
    feature = "unit"
))]

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use payclients::retry::RetryPolicy;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// One recorded request: the request line, the headers (lower-cased names, sorted, without
/// the ones each call makes afresh) and the body.
#[derive(Debug, Clone, PartialEq)]
struct Seen {
    line: String,
    headers: Vec<String>,
    body: String,
}

type Log = Arc<Mutex<Vec<Seen>>>;

async fn recorder() -> (String, Log) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let log: Log = Arc::default();
    let seen = log.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let seen = seen.clone();
            tokio::spawn(async move {
                let mut buffer = Vec::new();
                let mut chunk = [0u8; 8192];
                loop {
                    let head_end = loop {
                        if let Some(i) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                            break i + 4;
                        }
                        match socket.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                        }
                    };
                    let head = String::from_utf8_lossy(&buffer[..head_end]).to_string();
                    let mut lines = head.lines();
                    let line = lines.next().unwrap_or_default().to_string();
                    let mut headers: Vec<String> = lines
                        .filter(|l| !l.is_empty())
                        .map(|l| {
                            let (name, value) = l.split_once(':').unwrap_or((l, ""));
                            format!("{}: {}", name.to_ascii_lowercase(), value.trim())
                        })
                        .filter(|h| !h.starts_with("user-agent:") && !h.starts_with("request-id:"))
                        .collect();
                    headers.sort();
                    let length: usize = headers
                        .iter()
                        .find_map(|h| h.strip_prefix("content-length: "))
                        .map_or(0, |v| v.parse().unwrap_or(0));
                    while buffer.len() < head_end + length {
                        match socket.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                        }
                    }
                    let body =
                        String::from_utf8_lossy(&buffer[head_end..head_end + length]).to_string();
                    buffer.drain(..head_end + length);
                    seen.lock().unwrap().push(Seen {
                        line,
                        headers,
                        body,
                    });
                    let reply = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}";
                    if socket.write_all(reply.as_bytes()).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    (base, log)
}

type Typed = Pin<Box<dyn Future<Output = ()>>>;

/// Every operation: its name, the typed call, and the same call as command-line arguments.
fn cases(base: &str) -> Vec<(&'static str, Typed, Vec<String>)> {
    let policy = RetryPolicy::none();
    let unit = payclients::unit::Client::new(base, "t")
        .unwrap()
        .with_retry_policy(policy.clone());
    let pnx = payclients::paynetworx::Client::new(base, "u", "p")
        .unwrap()
        .with_retry_policy(policy.clone());
    let ab = payclients::abconnect::Client::new(base, "t")
        .unwrap()
        .with_retry_policy(policy.clone());
    let ls = payclients::logisense::Client::from_base_url(base, "t")
        .unwrap()
        .with_retry_policy(policy.clone());
    let pl = payclients::paylock::Client::new(base, "t")
        .unwrap()
        .with_retry_policy(policy);
    let args = |list: &[&str]| -> Vec<String> { list.iter().map(|s| s.to_string()).collect() };
    let guid = "7B0E8C1E-4F0A-4D9B-9A57-1F1C2A3B4C5D";
    let customer = "5e6f7a8b-9c0d-41e2-f3a4-b5c6d7e8f9a0";
    let update =
        json!({"data": {"type": "achReceivedPayment", "attributes": {"tags": {"by": "Richard"}}}});
    let credit = json!({
        "Amount": {"Total": 25.5, "Currency": "USD"},
        "PaymentMethod": {"ACH": {"BankRoutingNumber": "999999999", "AccountNumber": "0123456789",
            "AchAccountType": "PersonalChecking", "CustomerName": "P", "EffectiveDate": "2012-04-21"}},
        "DataAction": "token/add"
    });
    let attach = json!({"bankTokenId": "btok_1", "customerInfo": {"name": "Polly", "email": "p@example.com"}});
    let source = json!({"id": 7, "accountNumber": "000123456789"});
    let payment_input = json!({"amount": 12.5, "currencyCode": "USD"});
    let patch = json!({"details": {}});
    let free = json!({"a": 1});
    let body = |v: &serde_json::Value| v.to_string();
    // The typed call, on a copy of the client that the future owns.
    macro_rules! typed {
        ($client:ident, $($call:tt)*) => {{
            let $client = $client.clone();
            Box::pin(async move {
                let _ = $client.$($call)*.await;
            }) as Typed
        }};
    }
    let typed_json = |v: &serde_json::Value| v.clone();
    vec![
        (
            "unit list",
            typed!(
                unit,
                list_received_payments()
                    .filter_status(payclients::unit::StatusFilter::from([
                        payclients::unit::types::ReceivedPaymentStatus::Pending,
                        payclients::unit::types::ReceivedPaymentStatus::Advanced,
                    ]))
                    .filter_tags(payclients::unit::TagsFilter::from([("by", "Richard")]))
                    .filter_include_completed(true)
                    .filter_since("2021-06-01".parse::<chrono::NaiveDate>().unwrap())
                    .sort(payclients::unit::types::ReceivedPaymentSort::CreatedAtDesc)
                    .page_limit(10)
                    .include("customer,account")
            ),
            args(&[
                "unit",
                "list-received-payments",
                "--filter-status",
                "Pending,Advanced",
                "--filter-tags",
                r#"{"by":"Richard"}"#,
                "--filter-include-completed",
                "true",
                "--filter-since",
                "2021-06-01",
                "--sort=-createdAt",
                "--page-limit",
                "10",
                "--include",
                "customer,account",
            ]),
        ),
        (
            "unit get",
            typed!(unit, get_received_payment().id("1337").include("account")),
            args(&[
                "unit",
                "get-received-payment",
                "--id",
                "1337",
                "--include",
                "account",
            ]),
        ),
        (
            "unit update",
            {
                let u: payclients::unit::types::UpdateReceivedPaymentRequest =
                    serde_json::from_value(typed_json(&update)).unwrap();
                typed!(unit, update_received_payment().id("1337").body(u))
            },
            args(&[
                "unit",
                "update-received-payment",
                "--id",
                "1337",
                "--body",
                &body(&update),
            ]),
        ),
        (
            "unit advance",
            typed!(unit, advance_received_payment().id("1337")),
            args(&["unit", "advance-received-payment", "--id", "1337"]),
        ),
        (
            "unit reprocess",
            typed!(unit, reprocess_received_payment().id("1337")),
            args(&["unit", "reprocess-received-payment", "--id", "1337"]),
        ),
        (
            "paynetworx ach_credit",
            {
                let c: payclients::paynetworx::types::AchCreditRequest =
                    serde_json::from_value(typed_json(&credit)).unwrap();
                typed!(pnx, ach_credit().body(c))
            },
            args(&["paynetworx", "ach-credit", "--body", &body(&credit)]),
        ),
        (
            "abconnect create",
            typed!(ab, get_payment_create().job_display_id("2000000")),
            args(&[
                "abconnect",
                "get-payment-create",
                "--job-display-id",
                "2000000",
            ]),
        ),
        (
            "abconnect session",
            typed!(ab, create_ach_payment_session().job_display_id("2000000")),
            args(&[
                "abconnect",
                "create-ach-payment-session",
                "--job-display-id",
                "2000000",
            ]),
        ),
        (
            "abconnect transfer",
            typed!(ab, create_ach_credit_transfer().job_display_id("2000000")),
            args(&[
                "abconnect",
                "create-ach-credit-transfer",
                "--job-display-id",
                "2000000",
            ]),
        ),
        (
            "abconnect payment",
            typed!(
                ab,
                get_job_payment()
                    .job_display_id("2000000")
                    .job_sub_key("k1")
            ),
            args(&[
                "abconnect",
                "get-job-payment",
                "--job-display-id",
                "2000000",
                "--job-sub-key",
                "k1",
            ]),
        ),
        (
            "abconnect attach",
            {
                let a: payclients::abconnect::types::AttachCustomerBankModel =
                    serde_json::from_value(typed_json(&attach)).unwrap();
                typed!(ab, attach_customer_bank().job_display_id("2000000").body(a))
            },
            args(&[
                "abconnect",
                "attach-customer-bank",
                "--job-display-id",
                "2000000",
                "--body",
                &body(&attach),
            ]),
        ),
        (
            "abconnect verify",
            typed!(
                ab,
                verify_job_ach_source().job_display_id("2000000").body(
                    payclients::abconnect::types::VerifyBankAccountRequest {
                        values: Some(vec![32, 45])
                    }
                )
            ),
            args(&[
                "abconnect",
                "verify-job-ach-source",
                "--job-display-id",
                "2000000",
                "--body",
                r#"{"values":[32,45]}"#,
            ]),
        ),
        (
            "abconnect cancel",
            typed!(ab, cancel_job_ach_verification().job_display_id("2000000")),
            args(&[
                "abconnect",
                "cancel-job-ach-verification",
                "--job-display-id",
                "2000000",
            ]),
        ),
        (
            "abconnect sources",
            typed!(ab, list_payment_sources().job_display_id("2000000")),
            args(&[
                "abconnect",
                "list-payment-sources",
                "--job-display-id",
                "2000000",
            ]),
        ),
        (
            "abconnect bysource",
            typed!(ab, pay_by_source().job_display_id("2000000").body(7)),
            args(&[
                "abconnect",
                "pay-by-source",
                "--job-display-id",
                "2000000",
                "--body",
                "7",
            ]),
        ),
        (
            "abconnect banksource",
            {
                let s: payclients::abconnect::types::PaymentSourceDetails =
                    serde_json::from_value(typed_json(&source)).unwrap();
                typed!(ab, add_bank_source().job_display_id("2000000").body(s))
            },
            args(&[
                "abconnect",
                "add-bank-source",
                "--job-display-id",
                "2000000",
                "--body",
                &body(&source),
            ]),
        ),
        (
            "abconnect exchange",
            typed!(
                ab,
                get_payment_exchange_url()
                    .job_display_id("2000000")
                    .job_sub_key("k 1/2")
                    .origin("https://app.example.com")
            ),
            args(&[
                "abconnect",
                "get-payment-exchange-url",
                "--job-display-id",
                "2000000",
                "--job-sub-key",
                "k 1/2",
                "--origin",
                "https://app.example.com",
            ]),
        ),
        (
            "logisense list",
            typed!(ls, list_payments()),
            args(&["logisense", "list-payments"]),
        ),
        (
            "logisense paged",
            typed!(
                ls,
                list_payments_paged().pagination(payclients::logisense::PageRequest::new(2, 20))
            ),
            args(&[
                "logisense",
                "list-payments-paged",
                "--pagination",
                r#"{"pageNumber":2,"pageSize":20}"#,
            ]),
        ),
        (
            "logisense paged detail",
            typed!(
                ls,
                list_payments_paged_detail()
                    .pagination(payclients::logisense::PageRequest::new(1, 5))
            ),
            args(&[
                "logisense",
                "list-payments-paged-detail",
                "--pagination",
                r#"{"pageNumber":1,"pageSize":5}"#,
            ]),
        ),
        (
            "logisense get",
            typed!(ls, get_payment().id(42)),
            args(&["logisense", "get-payment", "--id", "42"]),
        ),
        (
            "logisense detail",
            typed!(ls, get_payment_detail().id(42)),
            args(&["logisense", "get-payment-detail", "--id", "42"]),
        ),
        (
            "logisense create",
            {
                let i: payclients::logisense::types::PaymentInput =
                    serde_json::from_value(typed_json(&payment_input)).unwrap();
                typed!(ls, create_payment().body(i))
            },
            args(&[
                "logisense",
                "create-payment",
                "--body",
                &body(&payment_input),
            ]),
        ),
        (
            "logisense update",
            {
                let i: payclients::logisense::types::PaymentInput =
                    serde_json::from_value(typed_json(&payment_input)).unwrap();
                typed!(ls, update_payment().id(42).body(i))
            },
            args(&[
                "logisense",
                "update-payment",
                "--id",
                "42",
                "--body",
                &body(&payment_input),
            ]),
        ),
        (
            "logisense patch",
            {
                let p: payclients::logisense::types::PaymentPatchRequest =
                    serde_json::from_value(typed_json(&patch)).unwrap();
                typed!(ls, patch_payment().id(42).body(p))
            },
            args(&[
                "logisense",
                "patch-payment",
                "--id",
                "42",
                "--body",
                &body(&patch),
            ]),
        ),
        (
            "logisense delete",
            typed!(ls, delete_payment().id(42)),
            args(&["logisense", "delete-payment", "--id", "42"]),
        ),
        (
            "logisense reverse",
            {
                let f: payclients::logisense::types::UndocumentedObject =
                    serde_json::from_value(typed_json(&free)).unwrap();
                typed!(ls, reverse_payment().body(f))
            },
            args(&["logisense", "reverse-payment", "--body", &body(&free)]),
        ),
        (
            "logisense reverse vendor",
            {
                let f: payclients::logisense::types::UndocumentedObject =
                    serde_json::from_value(typed_json(&free)).unwrap();
                typed!(ls, reverse_vendor_payment().body(f))
            },
            args(&[
                "logisense",
                "reverse-vendor-payment",
                "--body",
                &body(&free),
            ]),
        ),
        (
            "logisense vendor",
            {
                let f: payclients::logisense::types::UndocumentedObject =
                    serde_json::from_value(typed_json(&free)).unwrap();
                typed!(ls, create_vendor_payment().body(f))
            },
            args(&["logisense", "create-vendor-payment", "--body", &body(&free)]),
        ),
        (
            "paylock get",
            typed!(
                pl,
                get_payment()
                    .collectionattemptid(guid)
                    .customer_id(customer)
                    .payment_method(2)
            ),
            args(&[
                "paylock",
                "get-payment",
                "--collectionattemptid",
                guid,
                "--customer-id",
                customer,
                "--payment-method",
                "2",
            ]),
        ),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_sends_the_same_request_from_the_cli_as_from_its_typed_client() {
    let (base, log) = recorder().await;
    let config = std::env::temp_dir().join(format!("payclients-parity-{}.env", std::process::id()));
    std::fs::write(
        &config,
        "UNIT_TOKEN=t\nABCONNECT_TOKEN=t\nLOGISENSE_TOKEN=t\nPAYLOCK_TOKEN=t\nPAYNETWORX_USER=u\nPAYNETWORX_PASSWORD=p\n",
    )
    .unwrap();
    let cases = cases(&base);
    assert_eq!(cases.len(), 30, "every operation of the five APIs");
    let mut compared = 0;
    for (name, typed, cli) in cases {
        log.lock().unwrap().clear();
        typed.await;
        let from_typed = std::mem::take(&mut *log.lock().unwrap());

        let mut argv = vec!["payclients".to_string(), "--compact".to_string()];
        argv.extend(cli);
        argv.extend(["--base-url".to_string(), base.clone()]);
        argv.extend(["--config".to_string(), config.display().to_string()]);
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let mut io = payclients::cli::Io {
            out: &mut out,
            err: &mut err,
            pretty: false,
        };
        let code = payclients::cli::run(argv.clone(), &mut io).await;
        let from_cli = std::mem::take(&mut *log.lock().unwrap());

        assert_eq!(
            from_typed.len(),
            1,
            "{name}: the typed call sent {from_typed:?}"
        );
        assert_eq!(
            from_cli.len(),
            1,
            "{name}: the CLI (exit {code}) sent {from_cli:?}: {}",
            String::from_utf8_lossy(&err)
        );
        assert_eq!(from_cli[0], from_typed[0], "{name}: {argv:?}");
        // The typed layer's rules, now the CLI's too: Unit's indexed status list, PayLock's
        // GUIDs as 32 lowercase hex digits.
        let line = &from_cli[0].line;
        match name {
            "unit list" => assert!(
                line.contains(
                    "filter%5Bstatus%5D%5B0%5D=Pending&filter%5Bstatus%5D%5B1%5D=Advanced"
                ),
                "{line}"
            ),
            "paylock get" => assert!(
                line.contains("/payment/7b0e8c1e4f0a4d9b9a571f1c2a3b4c5d?")
                    && line.contains("CustomerId=5e6f7a8b9c0d41e2f3a4b5c6d7e8f9a0"),
                "{line}"
            ),
            _ => {}
        }
        compared += 1;
    }
    let _ = std::fs::remove_file(&config);
    assert_eq!(compared, 30);
}
