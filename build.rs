//! Generates one client per enabled API into `OUT_DIR`: for each `specs/<name>.yaml` whose cargo
//! feature `<name>` is on, the client (`<name>.rs`), its mocks, the module that holds them
//! (`<name>_module.rs`, used by `src/apis/<name>/mod.rs` when the API has hand-written parts,
//! else the whole module), and across the APIs `modules.rs` (lib.rs) and `apis.rs` (the `Api`
//! and `ApiError` enums). No list of APIs is kept by hand: a spec and a feature line make one.
//! The generation code is shared with `cargo xtask generate` (see xtask/src/codegen.rs); the
//! full validation of the specs lives in `cargo xtask validate`, not in every user's build.

#[path = "xtask/src/codegen.rs"]
#[allow(dead_code)]
mod codegen;

use std::path::{Path, PathBuf};

use codegen::declarations::{self, Enabled};

fn main() {
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    for path in [
        "build.rs",
        "xtask/src/codegen.rs",
        "xtask/src/declarations",
        "specs",
    ] {
        println!("cargo:rerun-if-changed={path}");
    }
    // `payclients_oauth`: an enabled API declares an OAuth2 password flow (payclients::auth).
    println!("cargo:rustc-check-cfg=cfg(payclients_oauth)");
    // `payclients_any_api`: some API is enabled, so the shared plumbing has a user.
    println!("cargo:rustc-check-cfg=cfg(payclients_any_api)");
    let feature = |name: &str| {
        let name = name.to_ascii_uppercase().replace('-', "_");
        std::env::var_os(format!("CARGO_FEATURE_{name}")).is_some()
    };

    let mut apis = Vec::new();
    for (stem, spec) in codegen::specs(&root.join("specs")) {
        if !feature(&stem) {
            continue;
        }
        let shown = format!("specs/{stem}.yaml");
        let text = std::fs::read_to_string(&spec)
            .unwrap_or_else(|e| fail(&shown, &format!("cannot read: {e}")));
        let doc: serde_json::Value = serde_yaml_ng::from_str(&text)
            .unwrap_or_else(|e| fail(&shown, &format!("not valid YAML: {e}")));
        let facts = declarations::api_facts(&doc).unwrap_or_else(|e| fail(&shown, &e));
        if let Some(kind) = &facts.fills
            && !feature(kind)
        {
            fail(
                &shown,
                &format!(
                    "the client fills a header with a {kind}: add \"{kind}\" to the feature `{stem}` in Cargo.toml"
                ),
            );
        }
        let paged = !declarations::pagings(&stem, &doc)
            .unwrap_or_else(|e| fail(&shown, &e))
            .is_empty();
        let code = codegen::generate(&stem, &text, codegen::tokens_text)
            .unwrap_or_else(|e| fail(&shown, &e));
        write(&out_dir.join(format!("{stem}.rs")), &code, &shown);
        // `mock`: progenitor's typed httpmock helpers, beside the client.
        if feature("mock") {
            let mocks = codegen::generate_mock(&stem, &text, codegen::tokens_text)
                .unwrap_or_else(|e| fail(&shown, &e));
            write(&out_dir.join(format!("{stem}_mock.rs")), &mocks, &shown);
        }
        let hand_written = root.join("src/apis").join(&stem).join("mod.rs");
        let api = Enabled {
            stem: stem.clone(),
            facts,
            paged,
            hand_written: hand_written.exists().then_some(hand_written),
        };
        write(
            &out_dir.join(format!("{stem}_module.rs")),
            &declarations::module_file(&api),
            &shown,
        );
        apis.push(api);
    }
    if apis.iter().any(|api| api.facts.password_grant) {
        println!("cargo:rustc-cfg=payclients_oauth");
    }
    if !apis.is_empty() {
        println!("cargo:rustc-cfg=payclients_any_api");
    }
    let registry = declarations::registry(&apis, codegen::tokens_text);
    write(
        &out_dir.join("modules.rs"),
        &registry.modules,
        "the API modules",
    );
    write(&out_dir.join("apis.rs"), &registry.apis, "the API enum");
    write(
        &out_dir.join("api_errors.rs"),
        &registry.api_errors,
        "the API errors",
    );
    write(
        &out_dir.join("clients.rs"),
        &registry.clients,
        "the CLI's clients",
    );
}

fn write(path: &Path, text: &str, what: &str) {
    if let Err(e) = std::fs::write(path, text) {
        fail(what, &format!("cannot write {}: {e}", path.display()));
    }
}

/// A bad spec stops the build with its file and a one-line reason, not a backtrace.
fn fail(spec: &str, reason: &str) -> ! {
    eprintln!("error: {spec}: {reason}");
    std::process::exit(1);
}
