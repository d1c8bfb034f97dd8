//! Generates one client per enabled API feature from `specs/<api>.yaml` into `OUT_DIR`.
//! The generation code is shared with `cargo xtask generate` (see xtask/src/codegen.rs); the
//! full validation of the specs lives in `cargo xtask validate`, not in every user's build.

#[path = "xtask/src/codegen.rs"]
#[allow(dead_code)]
mod codegen;

use std::path::PathBuf;

fn main() {
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=xtask/src/codegen.rs");
    // `payclients_oauth`: an API with the OAuth2 password grant is enabled (payclients::auth).
    println!("cargo:rustc-check-cfg=cfg(payclients_oauth)");
    let enabled = |api: &str| {
        std::env::var_os(format!("CARGO_FEATURE_{}", api.to_ascii_uppercase())).is_some()
    };
    if enabled("abconnect") || enabled("logisense") {
        println!("cargo:rustc-cfg=payclients_oauth");
    }
    // `payclients_any_api`: some API is enabled, so the shared plumbing has a user.
    println!("cargo:rustc-check-cfg=cfg(payclients_any_api)");
    if codegen::APIS.iter().any(|api| enabled(api)) {
        println!("cargo:rustc-cfg=payclients_any_api");
    }
    for api in codegen::APIS {
        let feature = format!("CARGO_FEATURE_{}", api.to_ascii_uppercase());
        if std::env::var_os(feature).is_none() {
            continue;
        }
        let spec = format!("specs/{api}.yaml");
        println!("cargo:rerun-if-changed={spec}");
        let result = std::fs::read_to_string(&spec)
            .map_err(|e| format!("cannot read: {e}"))
            .and_then(|text| codegen::generate(api, &text));
        match result {
            Ok(code) => {
                if let Err(e) = std::fs::write(out_dir.join(format!("{api}.rs")), code) {
                    fail(&spec, &format!("cannot write the generated code: {e}"));
                }
            }
            Err(reason) => fail(&spec, &reason),
        }
        // `mock`: progenitor's typed httpmock helpers, beside the client.
        if std::env::var_os("CARGO_FEATURE_MOCK").is_some() {
            let result = std::fs::read_to_string(&spec)
                .map_err(|e| format!("cannot read: {e}"))
                .and_then(|text| codegen::generate_mock(api, &text));
            match result {
                Ok(code) => {
                    if let Err(e) = std::fs::write(out_dir.join(format!("{api}_mock.rs")), code) {
                        fail(&spec, &format!("cannot write the generated mocks: {e}"));
                    }
                }
                Err(reason) => fail(&spec, &reason),
            }
        }
    }
}

/// A bad spec stops the build with its file and a one-line reason, not a backtrace.
fn fail(spec: &str, reason: &str) -> ! {
    eprintln!("error: {spec}: {reason}");
    std::process::exit(1);
}
