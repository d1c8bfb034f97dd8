//! The README's first command, `cargo run --example tour`, run here as a function: every API
//! against the sandbox, and what it prints.
#![cfg(all(
    feature = "sandbox",
    feature = "abconnect",
    feature = "logisense",
    feature = "paylock",
    feature = "paynetworx",
    feature = "unit"
))]

#[path = "../examples/tour/walk.rs"]
mod walk;

#[tokio::test]
async fn the_tour_walks_every_api_and_prints_what_it_got() {
    let sandbox = payclients::sandbox::Sandbox::start().await.unwrap();
    let mut out = String::new();
    walk::walk(&sandbox, &mut out).await.unwrap();
    let expected = "\
Unit: every Pending received payment, newest first (a stream of 50-item pages, 4 in flight)
  120 payments in 3 pages; the newest three:
  #239   Pending     500000 cents from UBER LTD, created 2022-02-11 10:03
  #237   Pending     500000 cents from UBER LTD, created 2022-02-11 08:03
  #235   Pending     500000 cents from UBER LTD, created 2022-02-11 06:03
  #1337 is Pending, advanceable: Some(false)
  #1: unit get_received_payment: HTTP 404 Not Found: not_found (Not Found)

PayNetworx: an ACH credit of 25.50 USD, approved, then declined
  approved: transaction 1XSnl0X7GC44qPT2CVV8BCz0bQi
  paynetworx declined the transaction: ACH request declined (transaction 1XSnl0X7GC44qPT2CVV8BCz0bQi)

PayLock: a collection attempt's payment, in ServiceStack's JSV
  net due 0, gateway String, fee id 00000000000000000000000000000000

LogiSense: every payment, page by page (pages of 100 in a `Pagination` header; an exact total)
  240 payments in 3 pages; the first two:
  payment #1: 1235.89
  payment #2: 1235.89

ABConnect: a job's payment sources, with a password grant
";
    assert!(out.starts_with(expected), "{out}");
    let last = out.lines().last().unwrap();
    assert!(
        last.starts_with("  #4021 Operating account at First Example Bank, account "),
        "{last}"
    );
    assert!(!last.contains("0123456789"), "{last}");
}
