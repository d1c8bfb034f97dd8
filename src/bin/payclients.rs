//! `payclients`: every operation of every enabled API from the terminal (see `payclients::cli`).

use std::io::IsTerminal;

#[tokio::main]
async fn main() {
    // `RUST_LOG=payclients=debug` logs each attempt's span to stderr (OpenTelemetry's HTTP
    // attributes; never a secret, a path value or a query).
    if std::env::var_os("RUST_LOG").is_some() {
        let subscriber = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
            .with_writer(std::io::stderr)
            .with_ansi(false)
            .finish();
        let _ = tracing::subscriber::set_global_default(subscriber);
    }
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
