//! A tour of payclients that needs no credentials and no network: it starts the in-process
//! sandbox (every API, answering from its spec's examples) and walks through each API as a
//! user would — typed calls, streams of pages, a PayLock result over JSV, a PayNetworx decline
//! handled as a decline, a typed error.
//!
//! Run it with `cargo run --example tour`.

mod walk;

use payclients::sandbox::Sandbox;

#[tokio::main]
async fn main() {
    let sandbox = match Sandbox::start().await {
        Ok(sandbox) => sandbox,
        Err(error) => {
            eprintln!("the sandbox did not start: {error}");
            std::process::exit(1);
        }
    };
    println!(
        "payclients tour: the sandbox listens on {}\n",
        sandbox.addr()
    );
    let mut out = String::new();
    let result = walk::walk(&sandbox, &mut out).await;
    print!("{out}");
    if let Err(error) = result {
        eprintln!("tour failed: {error}");
        std::process::exit(1);
    }
}
