//! Stoplight Prism as an independent judge of the specs and the clients (a CI step, not a test:
//! it needs Prism, which `.ci/run` installs from npm).
//!
//! ```sh
//! npm install --prefix /tmp/prism @stoplight/prism-cli@5
//! cargo run --example prism_judge -- /tmp/prism/node_modules/.bin/prism
//! ```
//!
//! 1. `prism mock --errors` per spec: every operation of every typed client is sent to it and
//!    must get the spec's example back — a request that breaks the spec (a parameter, a header,
//!    the auth scheme, the body's schema) gets a 4xx from Prism and fails the run.
//! 2. `prism mock --dynamic` per spec, five rounds: every operation gets a random response that
//!    Prism generated from the schema, and every one must decode. (Without `--errors`: Prism's
//!    generator ignores `maxProperties`, so with it Prism refuses some of its own responses.)
//!
//! Prism ignores the servers' base path, so each client's base URL is Prism's root. What Prism
//! cannot check is covered by the crate's own tests: Unit's bracketed query names
//! (`filter[status][0]`, tests/unit.rs), JSV (tests/paylock_jsv.rs, tests/jsv.rs), and
//! `nullable` beside `allOf` (refused by `cargo xtask validate`).

#[path = "../tests/support/every_operation.rs"]
mod every_operation;

use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use payclients::Api;
use payclients::retry::RetryPolicy;

const APIS: [Api; 5] = [
    Api::AbConnect,
    Api::LogiSense,
    Api::PayLock,
    Api::PayNetworx,
    Api::Unit,
];

/// Random rounds per operation against Prism's dynamic responses.
const ROUNDS: usize = 5;

/// One `prism mock` process; killed when dropped.
struct Prism {
    child: Child,
    base_url: String,
}

impl Prism {
    fn start(prism: &str, api: Api, dynamic: bool) -> Result<Prism, String> {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| format!("no free port: {e}"))?
            .port();
        let spec = format!("{}/specs/{}.yaml", env!("CARGO_MANIFEST_DIR"), api.as_str());
        let mut command = Command::new(prism);
        command.args(["mock", "-h", "127.0.0.1", "-p", &port.to_string()]);
        // Random responses without `--errors`: Prism's generator ignores `maxProperties` (Unit's
        // 15 tags) and its `--errors` would then answer 500 for its own response; the request
        // side is judged by the static pass.
        command.arg(if dynamic { "--dynamic" } else { "--errors" });
        let mut child = command
            .arg(&spec)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot run {prism}: {e}"))?;
        // Wait for "Prism is listening", then pass its log on to our stderr.
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let mut lines = BufReader::new(stdout).lines();
        let started = Instant::now();
        loop {
            match lines.next() {
                Some(Ok(line)) if line.contains("Prism is listening") => break,
                Some(Ok(_)) => {}
                _ => return Err(format!("prism for {api} exited before listening")),
            }
            if started.elapsed() > Duration::from_secs(120) {
                return Err(format!("prism for {api} did not start"));
            }
        }
        // Drained so that Prism never blocks on a full pipe; a failure's own report carries
        // Prism's findings (its `sl-violations` header and body).
        std::thread::spawn(move || for _ in lines.map_while(Result::ok) {});
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        TcpStream::connect_timeout(&addr, Duration::from_secs(5))
            .map_err(|e| format!("prism for {api} does not answer: {e}"))?;
        Ok(Prism {
            child,
            base_url: format!("http://127.0.0.1:{port}"),
        })
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_all(prism: &str, dynamic: bool) -> Result<Vec<(Api, Prism)>, String> {
    APIS.iter()
        .map(|&api| Prism::start(prism, api, dynamic).map(|p| (api, p)))
        .collect()
}

/// Runs every operation against the servers; the failures, described.
async fn failures(servers: &[(Api, Prism)]) -> (usize, Vec<String>) {
    let base = |api: Api| {
        servers
            .iter()
            .find(|(a, _)| *a == api)
            .map(|(_, p)| p.base_url.clone())
            .unwrap_or_default()
    };
    let policy = RetryPolicy::none().attempt_timeout(Some(Duration::from_secs(30)));
    let outcomes = every_operation::every_operation(&base, policy).await;
    let count = outcomes.len();
    let failed = outcomes
        .into_iter()
        .filter_map(|(operation, outcome)| {
            let error = outcome.err()?;
            let body = error
                .body()
                .map(|b| String::from_utf8_lossy(&b[..b.len().min(600)]).to_string())
                .unwrap_or_default();
            let violations = error
                .headers()
                .and_then(|h| h.get("sl-violations"))
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string();
            Some(format!(
                "{operation}: {error}\n    violations: {violations}\n    body: {body}"
            ))
        })
        .collect();
    (count, failed)
}

#[tokio::main]
async fn main() {
    let Some(prism) = std::env::args().nth(1) else {
        eprintln!("usage: cargo run --example prism_judge -- <path to prism>");
        std::process::exit(2);
    };
    let mut failed = Vec::new();

    let servers = start_all(&prism, false).unwrap_or_else(|e| {
        eprintln!("error: {e}");
        std::process::exit(1)
    });
    let (count, static_failures) = failures(&servers).await;
    println!(
        "prism mock --errors: {count} operations, {} with a request violation or an undecodable example",
        static_failures.len()
    );
    failed.extend(static_failures);
    drop(servers);

    let servers = start_all(&prism, true).unwrap_or_else(|e| {
        eprintln!("error: {e}");
        std::process::exit(1)
    });
    for round in 1..=ROUNDS {
        let (count, round_failures) = failures(&servers).await;
        println!(
            "prism mock --dynamic, round {round}: {count} operations, {} random responses that did not decode",
            round_failures.len()
        );
        failed.extend(
            round_failures
                .into_iter()
                .map(|f| format!("round {round}: {f}")),
        );
    }
    drop(servers);

    if !failed.is_empty() {
        for failure in &failed {
            eprintln!("FAILED {failure}");
        }
        std::process::exit(1);
    }
    println!("prism: every operation conforms, and every random response decodes");
}
