//! The committed copies of the generated code (`tests/golden/<api>.rs`) must match what
//! build.rs generated for this build: a spec change without `cargo xtask generate` fails here.
//! build.rs writes the tokens unformatted (formatting would cost every user's build); they are
//! formatted here as `cargo xtask generate` formats the golden copies, then compared whole.

#[allow(dead_code)] // unused when no API feature is enabled
fn assert_fresh(api: &str, generated: &str) {
    let path = format!("{}/tests/golden/{api}.rs", env!("CARGO_MANIFEST_DIR"));
    let golden = std::fs::read_to_string(&path).unwrap_or_default();
    let (header, tokens) = generated
        .split_once('\n')
        .expect("a header line, then the code");
    let file = syn::parse_file(tokens).expect("the generated code parses");
    let generated = format!("{header}\n{}", prettyplease::unparse(&file));
    assert!(
        golden == generated,
        "{path} is stale: run `cargo xtask generate` and commit the result"
    );
}

#[cfg(feature = "unit")]
#[test]
fn unit_golden_copy_is_fresh() {
    assert_fresh("unit", include_str!(concat!(env!("OUT_DIR"), "/unit.rs")));
}

#[cfg(feature = "paynetworx")]
#[test]
fn paynetworx_golden_copy_is_fresh() {
    assert_fresh(
        "paynetworx",
        include_str!(concat!(env!("OUT_DIR"), "/paynetworx.rs")),
    );
}

#[cfg(feature = "abconnect")]
#[test]
fn abconnect_golden_copy_is_fresh() {
    assert_fresh(
        "abconnect",
        include_str!(concat!(env!("OUT_DIR"), "/abconnect.rs")),
    );
}

#[cfg(feature = "logisense")]
#[test]
fn logisense_golden_copy_is_fresh() {
    assert_fresh(
        "logisense",
        include_str!(concat!(env!("OUT_DIR"), "/logisense.rs")),
    );
}

#[cfg(feature = "paylock")]
#[test]
fn paylock_golden_copy_is_fresh() {
    assert_fresh(
        "paylock",
        include_str!(concat!(env!("OUT_DIR"), "/paylock.rs")),
    );
}

/// The httpmock helpers (`mock` feature) have golden copies too.
#[cfg(feature = "mock")]
#[test]
fn mock_golden_copies_are_fresh() {
    #[allow(unused_mut)]
    let mut generated: Vec<(&str, &str)> = Vec::new();
    #[cfg(feature = "abconnect")]
    generated.push((
        "abconnect_mock",
        include_str!(concat!(env!("OUT_DIR"), "/abconnect_mock.rs")),
    ));
    #[cfg(feature = "logisense")]
    generated.push((
        "logisense_mock",
        include_str!(concat!(env!("OUT_DIR"), "/logisense_mock.rs")),
    ));
    #[cfg(feature = "paylock")]
    generated.push((
        "paylock_mock",
        include_str!(concat!(env!("OUT_DIR"), "/paylock_mock.rs")),
    ));
    #[cfg(feature = "paynetworx")]
    generated.push((
        "paynetworx_mock",
        include_str!(concat!(env!("OUT_DIR"), "/paynetworx_mock.rs")),
    ));
    #[cfg(feature = "unit")]
    generated.push((
        "unit_mock",
        include_str!(concat!(env!("OUT_DIR"), "/unit_mock.rs")),
    ));
    for (name, code) in generated {
        assert_fresh(name, code);
    }
}
