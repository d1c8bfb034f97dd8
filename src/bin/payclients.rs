//! `payclients`: every operation of every enabled API from the terminal (see `payclients::cli`).

use std::io::IsTerminal;

#[tokio::main]
async fn main() {
    let stdout = std::io::stdout();
    let pretty = stdout.is_terminal();
    let mut out = stdout.lock();
    let mut err = std::io::stderr();
    let mut io = payclients::cli::Io {
        out: &mut out,
        err: &mut err,
        pretty,
    };
    let code = payclients::cli::run(std::env::args().collect(), &mut io).await;
    drop(out);
    std::process::exit(code);
}
