mod codegen;
fn main() {
    let text = std::fs::read_to_string("specs/unit.yaml").unwrap();
    match codegen::generate("unit", &text) { Ok(c) => print!("{c}"), Err(e) => eprintln!("ERR {e}") }
}
