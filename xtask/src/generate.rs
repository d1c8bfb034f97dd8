//! `cargo xtask generate [--check]`: writes the generated code of each API to its committed
//! golden copies, `tests/golden/<api>.rs` (the client) and `tests/golden/<api>_mock.rs` (its
//! httpmock helpers), so that reviewers see what a spec change does to the Rust API. `--check` fails instead when a copy is stale (CI runs it; so does `cargo test`).

use std::path::Path;

use crate::codegen::{generate, generate_mock, specs};

/// Regenerates (or, with `check`, compares) every golden file. Returns the stale ones.
pub fn run(root: &Path, check: bool) -> Result<Vec<String>, String> {
    let mut stale = Vec::new();
    for (api, spec) in specs(&root.join("specs")) {
        let api = api.as_str();
        let Ok(text) = std::fs::read_to_string(&spec) else {
            continue;
        };
        // The golden copies are formatted (the build's own output is not: `tokens_text`).
        let client = generate(api, &text, prettyplease::unparse)
            .map_err(|e| format!("specs/{api}.yaml: {e}"))?;
        let mock = generate_mock(api, &text, prettyplease::unparse)
            .map_err(|e| format!("specs/{api}.yaml: {e}"))?;
        for (name, code) in [
            (format!("tests/golden/{api}.rs"), client),
            (format!("tests/golden/{api}_mock.rs"), mock),
        ] {
            let golden = root.join(&name);
            let current = std::fs::read_to_string(&golden).unwrap_or_default();
            if current == code {
                continue;
            }
            if !check {
                std::fs::write(&golden, &code).map_err(|e| format!("{name}: {e}"))?;
                println!("wrote {name}");
            }
            stale.push(name);
        }
    }
    Ok(stale)
}
