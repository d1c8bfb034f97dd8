//! Builds a Unit client, so that the generated code is built and linked.
fn main() {
    let client = payclients::unit::Client::new("https://api.s.unit.sh", "token");
    println!("{}", client.is_ok());
}
