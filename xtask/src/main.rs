//! Maintainer tasks for payclients: `cargo xtask <command>`.
//!
//! - `validate [SPEC…]`: checks every spec in `specs/` (or the files given; see validate.rs);
//!   exits non-zero on findings.
//! - `generate [--check]`: refreshes the golden copies of the generated code in `tests/golden/`;
//!   with `--check`, fails when one is stale.
//! - `mutants FILE [ARGS…]`: cargo-mutants on one runtime file with its focused test targets
//!   (see mutants.rs).

mod codegen;
mod generate;
mod mutants;
mod validate;

use std::path::PathBuf;
use std::process::ExitCode;

fn project_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask sits in the project")
        .to_path_buf()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let root = project_root();
    match args.as_slice() {
        ["validate"] => validate_all(&root),
        ["validate", files @ ..] => validate_files(files),
        ["generate"] => generate(&root, false),
        ["generate", "--check"] => generate(&root, true),
        ["mutants", file, extra @ ..] => mutants::run(&root, file, extra),
        _ => {
            eprintln!(
                "usage: cargo xtask validate [SPEC…] | generate [--check] | mutants FILE [ARGS…]"
            );
            ExitCode::from(2)
        }
    }
}

/// `validate FILE…`: the same checks on specs outside `specs/` (a new API before it is added).
fn validate_files(files: &[&str]) -> ExitCode {
    let mut total = 0;
    for file in files {
        let text = match std::fs::read_to_string(file) {
            Ok(text) => text,
            Err(e) => {
                println!("{file}: cannot read: {e}");
                total += 1;
                continue;
            }
        };
        for finding in validate::check_text(&text) {
            println!("{file}:{finding}");
            total += 1;
        }
    }
    if total > 0 {
        println!("{total} finding(s)");
        return ExitCode::FAILURE;
    }
    println!("{} spec(s) valid", files.len());
    ExitCode::SUCCESS
}

fn validate_all(root: &std::path::Path) -> ExitCode {
    let mut total = 0;
    let mut specs = 0;
    for (api, path) in codegen::specs(&root.join("specs")) {
        let file = format!("specs/{api}.yaml");
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        specs += 1;
        for finding in validate::check_text(&text) {
            println!("{file}:{finding}");
            total += 1;
        }
    }
    if total > 0 {
        eprintln!("{total} finding(s) in {specs} spec(s)");
        ExitCode::FAILURE
    } else {
        println!("{specs} spec(s) valid");
        ExitCode::SUCCESS
    }
}

fn generate(root: &std::path::Path, check: bool) -> ExitCode {
    match generate::run(root, check) {
        Ok(stale) if check && !stale.is_empty() => {
            for file in stale {
                eprintln!("{file} is stale: run `cargo xtask generate` and commit it");
            }
            ExitCode::FAILURE
        }
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
