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
  #1337 is Pending; advanceable: no
  a missing payment, as expected: HTTP 404, Received payment 1 not found; support id 8b4bd8b2-3a6f-4c0a-9e3c-6b9b2f5d1c71

PayNetworx: an ACH credit of 25.50 USD, approved, then declined
  approved: transaction 1XSnl0X7GC44qPT2CVV8BCz0bQi
  paynetworx declined the transaction: ACH request declined (transaction 1XSnl0X7GC44qPT2CVV8BCz0bQi)

PayLock: a paid boot release, asked for in ServiceStack's JSV (`Accept: text/jsv`)
  net due 0.0; paid 154.95 through ExampleGateway, of which a fee of 4.95 (exact decimals, read from JSV)

LogiSense: every payment, page by page (pages of 100 in a `Pagination` header; an exact total)
  240 payments in 3 pages; the first two:
  payment #1: 1235.89
  payment #2: 1235.89

ABConnect: a job's payment sources, with a password grant
  a token came from the password grant at abconnect/token
  #4021 Operating account at First Example Bank, account ****6789

Done: five APIs against the sandbox, every answer decoded into its typed value (two streams of three pages, a decline, JSV, a password grant, masked account numbers, a typed error).
";
    assert_eq!(out, expected);
    assert!(!out.contains("0123456789"), "an account number shows");
}
