//! `cargo xtask generate [--check]`: writes the generated code of each API to its committed
//! golden copy, `tests/golden/<api>.rs`, so that reviewers see what a spec change does to the
//! Rust API. `--check` fails instead when a copy is stale (CI runs it; so does `cargo test`).

use std::path::Path;

use crate::codegen::{APIS, generate};

/// Regenerates (or, with `check`, compares) every golden file. Returns the stale ones.
pub fn run(root: &Path, check: bool) -> Result<Vec<String>, String> {
    let mut stale = Vec::new();
    for api in APIS {
        let spec = root.join(format!("specs/{api}.yaml"));
        let Ok(text) = std::fs::read_to_string(&spec) else {
            continue;
        };
        let code = generate(api, &text).map_err(|e| format!("specs/{api}.yaml: {e}"))?;
        let golden = root.join(format!("tests/golden/{api}.rs"));
        let current = std::fs::read_to_string(&golden).unwrap_or_default();
        if current == code {
            continue;
        }
        let name = format!("tests/golden/{api}.rs");
        if !check {
            std::fs::write(&golden, &code).map_err(|e| format!("{name}: {e}"))?;
            println!("wrote {name}");
        }
        stale.push(name);
    }
    Ok(stale)
}
