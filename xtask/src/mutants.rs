//! `cargo xtask mutants FILE [ARGS…]`: cargo-mutants on one runtime file with the test targets
//! that exercise it, so that a run takes minutes rather than the whole suite per mutant. Not in
//! CI (hundreds of builds on 2 cores); run it after changing one of these files and read the
//! missed mutants in `mutants.out/missed.txt`. ARGS go to cargo-mutants (`--list`, `-j 2` …).
//! A test that hangs past 60 s counts as a catch (cargo-mutants reports it as a timeout): the
//! slowest test target here takes 16 s.
//!
//! The survivors known to be equivalent (they cannot change what a caller sees):
//! - `src/auth.rs`, `<` → `<=` in `access_token_before`: they differ only when the clock reads
//!   exactly a renewal instant that is already past when the check runs;
//! - `src/transport/state.rs`, `has_token_provider` → `true`: a client without a token provider
//!   then keeps a copy of each request for a resend after a 401 that it can never make (it has
//!   no fresh token to send), so it costs one copy and changes nothing else.

use std::path::Path;
use std::process::{Command, ExitCode};

/// Each runtime file and the test targets that exercise it (as `cargo test` arguments).
pub const TARGETS: &[(&str, &[&str])] = &[
    (
        "src/retry.rs",
        &["--test", "retry", "--test", "hostile_transport", "--lib"],
    ),
    (
        "src/auth.rs",
        &[
            "--test",
            "hostile_auth",
            "--test",
            "abconnect",
            "--test",
            "logisense",
            "--lib",
        ],
    ),
    // --lib: declared.rs's unit tests page by cursor (no bundled API does).
    ("src/pagination/mod.rs", &["--test", "pagination", "--lib"]),
    (
        "src/pagination/declared.rs",
        &[
            "--test",
            "pagination",
            "--test",
            "sandbox_declared",
            "--lib",
        ],
    ),
    (
        "src/pagination/page_task.rs",
        &["--test", "pagination", "--lib"],
    ),
    (
        "src/transport/attempts.rs",
        &[
            "--test",
            "retry",
            "--test",
            "hostile_transport",
            "--test",
            "hostile_auth",
            "--test",
            "tracing_fields",
            "--lib",
        ],
    ),
    (
        "src/transport/body.rs",
        &[
            "--test",
            "hostile",
            "--test",
            "hostile_transport",
            "--test",
            "hostile_auth",
        ],
    ),
    (
        "src/transport/http.rs",
        &["--test", "hostile_transport", "--test", "raw", "--lib"],
    ),
    ("src/transport/hooks.rs", TRANSPORT),
    ("src/transport/call.rs", TRANSPORT),
    ("src/transport/state.rs", TRANSPORT),
    ("src/transport/path.rs", TRANSPORT),
    ("src/transport/format.rs", TRANSPORT),
    (
        "src/masking.rs",
        &["--test", "secrets", "--test", "hostile_shown", "--lib"],
    ),
];

/// The transport's smaller files (the hooks that fill each request, the call record, the
/// client's state and `Debug`, path segments, the JSV answer format) are exercised through
/// every API's client: the vendors' tests and the hostile ones.
const TRANSPORT: &[&str] = &[
    "--test",
    "abconnect",
    "--test",
    "logisense",
    "--test",
    "paylock",
    "--test",
    "paylock_jsv",
    "--test",
    "paynetworx",
    "--test",
    "unit",
    "--test",
    "hostile",
    "--test",
    "hostile_auth",
    "--test",
    "hostile_transport",
    "--test",
    "hostile_shown",
    "--test",
    "secrets",
    "--test",
    "raw",
    "--test",
    "tracing_fields",
    "--test",
    "api_ergonomics",
    "--lib",
];

/// Runs cargo-mutants on `file` (a path from the repository's root) with its targets.
pub fn run(root: &Path, file: &str, extra: &[&str]) -> ExitCode {
    let Some((_, targets)) = TARGETS.iter().find(|(known, _)| *known == file) else {
        eprintln!("no test targets are listed for {file}; known files:");
        for (known, targets) in TARGETS {
            eprintln!("  {known}  (cargo test {})", targets.join(" "));
        }
        return ExitCode::from(2);
    };
    let mut command = Command::new("cargo");
    command
        .current_dir(root)
        .args(["mutants", "--file", file, "--timeout", "60"])
        .args(extra)
        .arg("--")
        .args(*targets);
    eprintln!("running: {command:?}");
    match command.status() {
        Ok(status) if status.success() => ExitCode::SUCCESS,
        Ok(_) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("cannot run cargo mutants ({e}): `cargo install cargo-mutants` first");
            ExitCode::FAILURE
        }
    }
}
