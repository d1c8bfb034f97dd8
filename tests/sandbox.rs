//! The sandbox: every operation of every client succeeds against it with the spec's examples;
//! `Prefer` selects an example or a documented status; a request that does not conform to the
//! spec gets a 4xx in the API's own error shape saying what is wrong; PayLock answers in JSV.
#![cfg(all(
    feature = "sandbox",
    feature = "abconnect",
    feature = "logisense",
    feature = "paylock",
    feature = "paynetworx",
    feature = "unit"
))]

#[path = "support/every_operation.rs"]
mod every_operation;

use payclients::retry::RetryPolicy;
use payclients::sandbox::Sandbox;
use payclients::{Api, ErrorKind};

#[tokio::test]
async fn every_client_operation_conforms_and_gets_an_example() {
    let sandbox = Sandbox::start().await.unwrap();
    let outcomes =
        every_operation::every_operation(&|api| sandbox.base_url(api), RetryPolicy::none()).await;
    assert_eq!(outcomes.len(), 29);
    for (operation, outcome) in outcomes {
        if let Err(error) = outcome {
            panic!("{operation}: {error}");
        }
    }
}
