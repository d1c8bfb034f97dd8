//! The `payclients` binary, run as a user runs it: typed operations and raw calls against the
//! sandbox for every API; paging, API errors, declines and secrets against httpmock; usage
//! errors; `payclients sandbox` serving plain HTTP; golden `--help` texts.
#![cfg(all(
    feature = "cli",
    feature = "abconnect",
    feature = "logisense",
    feature = "paylock",
    feature = "paynetworx",
    feature = "unit"
))]

use std::io::{BufRead, BufReader};
use std::process::{Command, Output, Stdio};

use httpmock::Method::{GET, POST};
use httpmock::MockServer;
use serde_json::{Value, json};

const SECRET: &str = "cli-secret-token-31337";

/// The binary with a clean environment: no credentials unless a test sets them.
fn payclients(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_payclients"));
    command
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default());
    command
}

fn run(command: &mut Command) -> (i32, String, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = command.output().unwrap();
    (
        status.code().unwrap_or(-1),
        String::from_utf8(stdout).unwrap(),
        String::from_utf8(stderr).unwrap(),
    )
}

#[test]
fn a_typed_operation_and_a_raw_call_per_api_against_the_sandbox() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["unit", "get-received-payment", "--id", "1337"],
            "/data/id",
        ),
        (
            &[
                "paylock",
                "get-payment",
                "--collectionattemptid",
                "7b0e8c1e4f0a4d9b9a571f1c2a3b4c5d",
                "--customer-id",
                "5e6f7a8b9c0d41e2f3a4b5c6d7e8f9a0",
            ],
            "/paymentMethod",
        ),
        (
            &["logisense", "get-payment", "--id", "1"],
            "/instance/identity",
        ),
        (
            &[
                "abconnect",
                "list-payment-sources",
                "--job-display-id",
                "2000000",
            ],
            "/0/id",
        ),
        (
            &["unit", "raw", "GET", "/received-payments/{id}", "id=1337"],
            "/data/id",
        ),
        (
            &[
                "abconnect",
                "raw",
                "GET",
                "/api/job/{jobDisplayId}/payment/sources",
                "jobDisplayId=2000000",
            ],
            "/0/id",
        ),
        (
            &[
                "paylock",
                "raw",
                "GET",
                "/payment/{id}",
                "id=7b0e8c1e4f0a4d9b9a571f1c2a3b4c5d",
                "CustomerId=5e6f7a8b9c0d41e2f3a4b5c6d7e8f9a0",
            ],
            "/paymentMethod",
        ),
        (
            &["logisense", "raw", "GET", "/Payment/{id}", "id=1"],
            "/instance/identity",
        ),
    ];
    for (args, pointer) in cases {
        let mut command = payclients(args);
        command.arg("--sandbox");
        let (code, out, err) = run(&mut command);
        assert_eq!(code, 0, "{args:?}: {err}");
        let value: Value =
            serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: {e}: {out}"));
        assert!(value.pointer(pointer).is_some(), "{args:?}: {out}");
    }
    // PayNetworx, with a body from a file; the sandbox's first example is an approval.
    let body = std::env::temp_dir().join("payclients-cli-ach.json");
    std::fs::write(
        &body,
        json!({"Amount": {"Total": 25.50, "Currency": "USD"},
               "PaymentMethod": {"ACH": {"BankRoutingNumber": "999999999", "AccountNumber": "0123456789",
                 "AchAccountType": "PersonalChecking", "CustomerName": "P", "EffectiveDate": "2026-11-23"}}})
        .to_string(),
    )
    .unwrap();
    let at_file = format!("@{}", body.display());
    let (code, out, err) = run(&mut payclients(&[
        "paynetworx",
        "ach-credit",
        "--sandbox",
        "--body",
        &at_file,
    ]));
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("\"Approved\": true") || out.contains("\"Approved\":true"),
        "{out}"
    );
}

#[test]
fn all_streams_every_item_over_several_pages() {
    // LogiSense: the Pagination header, 3 pages of at most 100, totalCount exact.
    let server = MockServer::start();
    for page in 1..=3u64 {
        server.mock(|when, then| {
            when.method(GET).path("/Payment/Paged").header(
                "pagination",
                format!(r#"{{"pageNumber":{page},"pageSize":100}}"#),
            );
            let count = if page < 3 { 100 } else { 50 };
            let items: Vec<Value> = (0..count)
                .map(|i| json!({"identity": (page - 1) * 100 + i + 1}))
                .collect();
            then.status(200).json_body(
                json!({"trackingId": "00000000-0000-0000-0000-000000000000",
                "pagination": {"pageNumber": page, "pageSize": 100},
                "pagedResults": {"totalCount": 250, "items": items}}),
            );
        });
    }
    let mut command = payclients(&[
        "logisense",
        "list-payments-paged",
        "--all",
        "--parallel",
        "3",
        "--base-url",
        &server.base_url(),
    ]);
    command.env("LOGISENSE_TOKEN", SECRET);
    let (code, out, err) = run(&mut command);
    assert_eq!(code, 0, "{err}");
    let ids: Vec<u64> = out
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["identity"]
                .as_u64()
                .unwrap()
        })
        .collect();
    assert_eq!(ids, (1..=250).collect::<Vec<_>>());
    let mut command = payclients(&[
        "logisense",
        "list-payments-paged",
        "--limit",
        "120",
        "--base-url",
        &server.base_url(),
    ]);
    command.env("LOGISENSE_TOKEN", SECRET);
    let (code, out, _) = run(&mut command);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 120);
}

#[test]
fn api_errors_declines_and_secrets() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method(GET).path("/received-payments/1");
        then.status(404).json_body(json!({"errors": [{"status": "404", "code": "not_found", "title": "Not Found", "meta": {"supportId": "s-9"}}]}));
    });
    server.mock(|when, then| {
        when.method(POST).path("/v0/transaction/achcredit");
        then.status(200).json_body(json!({"TransactionID": "1XSnl0X7GC44qPT2CVV8BCz0bQi", "EventID": "1XSnl0X7GC44qPT2CVV8BCz0bQi",
            "RequestID": "1XSnl0X7GC44qPT2CVV8BCz0bQi", "Approved": false, "ResponseText": "Insufficient funds"}));
    });
    server.mock(|when, then| {
        when.method(GET)
            .path("/payment/7b0e8c1e4f0a4d9b9a571f1c2a3b4c5d");
        then.status(401).json_body(
            json!({"responseStatus": {"errorCode": "Unauthorized", "message": "Invalid token"}}),
        );
    });
    let mut unit = payclients(&[
        "unit",
        "get-received-payment",
        "--id",
        "1",
        "--base-url",
        &server.base_url(),
    ]);
    unit.env("UNIT_TOKEN", SECRET);
    let (code, out, err) = run(&mut unit);
    assert_eq!(code, 1);
    assert_eq!(
        err.trim(),
        "error: unit get_received_payment: HTTP 404 Not Found: not_found (Not Found)"
    );
    assert!(out.is_empty());

    let mut pnx = payclients(&[
        "paynetworx",
        "raw",
        "POST",
        "/v0/transaction/achcredit",
        "--base-url",
        &server.base_url(),
        "--body",
        "{}",
    ]);
    pnx.env("PAYNETWORX_USER", "user")
        .env("PAYNETWORX_PASSWORD", SECRET);
    let (code, out, _) = run(&mut pnx);
    assert_eq!(code, 0, "a raw call is not interpreted");
    assert!(out.contains("Insufficient funds"));
    let body = json!({"Amount": {"Total": 1.00, "Currency": "USD"},
        "PaymentMethod": {"ACH": {"BankRoutingNumber": "999999999", "AccountNumber": "0123456789",
          "AchAccountType": "PersonalChecking", "CustomerName": "P", "EffectiveDate": "2026-11-23"}}})
    .to_string();
    let mut pnx = payclients(&[
        "paynetworx",
        "ach-credit",
        "--base-url",
        &server.base_url(),
        "--body",
        &body,
    ]);
    pnx.env("PAYNETWORX_USER", "user")
        .env("PAYNETWORX_PASSWORD", SECRET);
    let (code, out, err) = run(&mut pnx);
    assert_eq!(code, 3, "{err}");
    assert!(
        out.contains("\"Approved\":false"),
        "piped output is compact: {out}"
    );
    assert_eq!(err.trim(), "declined: Insufficient funds");

    let mut paylock = payclients(&[
        "paylock",
        "get-payment",
        "--collectionattemptid",
        "7b0e8c1e4f0a4d9b9a571f1c2a3b4c5d",
        "--customer-id",
        "5e6f7a8b9c0d41e2f3a4b5c6d7e8f9a0",
        "--base-url",
        &server.base_url(),
    ]);
    paylock.env("PAYLOCK_TOKEN", SECRET);
    let (code, out, err) = run(&mut paylock);
    assert_eq!(code, 1);
    assert!(
        err.contains("HTTP 401 Unauthorized: Unauthorized: Invalid token"),
        "{err}"
    );

    // ABConnect and LogiSense errors, typed.
    server.mock(|when, then| {
        when.method(GET).path("/api/job/404/payment/sources");
        then.status(404)
            .json_body(json!({"message": "Job 404 was not found"}));
    });
    server.mock(|when, then| {
        when.method(GET).path("/Payment/77");
        then.status(400)
            .json_body(json!({"trackingId": "00000000-0000-0000-0000-000000000000",
            "type": "Error", "errors": [{"code": 1001, "message": "Payment 77 does not exist"}]}));
    });
    let mut ab = payclients(&[
        "abconnect",
        "list-payment-sources",
        "--job-display-id",
        "404",
        "--base-url",
        &server.base_url(),
    ]);
    ab.env("ABCONNECT_TOKEN", SECRET);
    let (code, _, ab_err) = run(&mut ab);
    assert_eq!(code, 1);
    assert!(
        ab_err.contains("HTTP 404 Not Found: Job 404 was not found"),
        "{ab_err}"
    );
    let mut ls = payclients(&[
        "logisense",
        "get-payment",
        "--id",
        "77",
        "--base-url",
        &server.base_url(),
    ]);
    ls.env("LOGISENSE_TOKEN", SECRET);
    let (code, _, ls_err) = run(&mut ls);
    assert_eq!(code, 1);
    assert!(
        ls_err.contains("1001 Payment 77 does not exist"),
        "{ls_err}"
    );

    // The secret appears nowhere: outputs, errors, help.
    let mut help = payclients(&["unit", "get-received-payment", "--help"]);
    help.env("UNIT_TOKEN", SECRET);
    let (_, help_out, _) = run(&mut help);
    for text in [out, err, help_out, ab_err, ls_err] {
        assert!(!text.contains(SECRET), "{text}");
    }
}

#[test]
fn usage_errors_exit_2_and_say_what_is_wrong() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["unit", "get-received-payment", "--sandbox"],
            "--id <IDENTIFIER>",
        ),
        (
            &["unit", "get-received-payment", "--sandbox", "--id", "abc"],
            "--id \"abc\" does not match the pattern",
        ),
        (
            &["unit", "get-received-payment", "--id", "1"],
            "UNIT_TOKEN is not set",
        ),
        (
            &["logisense", "get-payment", "--id", "1"],
            "LOGISENSE_BASE_URL or --base-url is required",
        ),
        (
            &["paynetworx", "ach-credit", "--sandbox", "--body", "{"],
            "--body is not JSON",
        ),
        (
            &["paynetworx", "ach-credit", "--sandbox", "--body", "{}"],
            "the required property `Amount` is missing",
        ),
        (
            &["unit", "raw", "GET", "/x/{id}", "--sandbox"],
            "the path parameter `id` is missing",
        ),
        (
            &["unit", "raw", "FETCH ME", "/x", "--sandbox"],
            "is not an HTTP method",
        ),
        (&["stripe"], "unrecognized subcommand 'stripe'"),
    ];
    for (args, message) in cases {
        let (code, out, err) = run(&mut payclients(args));
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        assert!(err.contains(message), "{args:?}: {err}");
    }
}

#[test]
fn the_sandbox_command_serves_plain_http() {
    let mut child = payclients(&["sandbox", "--port", "0"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut unit_url = None;
    for line in lines.by_ref().take(12) {
        let line = line.unwrap();
        if let Some(url) = line.strip_prefix("unit") {
            unit_url = Some(url.trim().to_string());
            break;
        }
    }
    let unit_url = unit_url.expect("the sandbox prints Unit's base URL");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let status = runtime.block_on(async {
        let http = payclients::transport::http_client_builder()
            .unwrap()
            .build()
            .unwrap();
        let response = http
            .get(format!("{unit_url}/received-payments/1337"))
            .bearer_auth("t")
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["data"]["id"], "1337");
        status
    });
    child.kill().unwrap();
    let _ = child.wait();
    assert_eq!(status, 200);
}

/// `--help` of the top level and of one API, compared with `tests/golden/cli/`; regenerate
/// with `PAYCLIENTS_BLESS=1 cargo test --test cli`.
#[test]
fn help_texts_match_their_golden_copies() {
    for (args, file) in [
        (&["--help"][..], "help.txt"),
        (&["unit", "--help"][..], "unit-help.txt"),
        (
            &["unit", "list-received-payments", "--help"][..],
            "unit-list-help.txt",
        ),
    ] {
        let (code, out, _) = run(&mut payclients(args));
        assert_eq!(code, 0);
        let path = format!("{}/tests/golden/cli/{file}", env!("CARGO_MANIFEST_DIR"));
        if std::env::var_os("PAYCLIENTS_BLESS").is_some() {
            std::fs::write(&path, &out).unwrap();
        }
        let golden = std::fs::read_to_string(&path).unwrap_or_default();
        assert_eq!(
            out, golden,
            "{path} is stale: PAYCLIENTS_BLESS=1 cargo test --test cli"
        );
    }
}
