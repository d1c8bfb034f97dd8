//! The `payclients` command line (feature `cli`): every operation of every enabled API from
//! its spec, raw calls, paging, and the sandbox. The binary is a thin wrapper around [`run`].
//!
//! ```text
//! payclients <api> <operation> [--<param> <value>]… [--body <json|@file|->] [--all] [--limit N]
//! payclients <api> raw <METHOD> <PATH> [NAME=VALUE]…
//! payclients [--sandbox] …          run against the in-process sandbox
//! payclients sandbox [--port N]     serve the sandbox until stopped
//! ```
//!
//! Exit codes: [`EXIT_OK`], [`EXIT_API_ERROR`], [`EXIT_USAGE`], [`EXIT_DECLINED`].

mod connect;
mod values;

pub(crate) use values::{set_from_text, value_from_json};

use std::io::Write;

use clap::{Arg, ArgAction, ArgMatches, Command};
use futures::TryStreamExt;
use serde_json::Value;

use crate::error::Api;
use crate::pagination::{Arrival, PageQuery};
use crate::sandbox::Sandbox;
use crate::sandbox::routes::{ApiRoutes, Apis, Operation};
use connect::{Settings, Target};

/// Success.
pub const EXIT_OK: i32 = 0;
/// The API answered with an error, or it could not be reached.
pub const EXIT_API_ERROR: i32 = 1;
/// The command line is wrong (clap's own code).
pub const EXIT_USAGE: i32 = 2;
/// PayNetworx processed the transaction and declined it.
pub const EXIT_DECLINED: i32 = 3;

/// Where the CLI writes, and whether JSON is pretty (a terminal) or compact (a pipe).
#[allow(missing_debug_implementations)]
pub struct Io<'a> {
    /// Standard output: results.
    pub out: &'a mut dyn Write,
    /// Standard error: errors and notes.
    pub err: &'a mut dyn Write,
    /// Pretty JSON unless `--compact` (the binary passes whether stdout is a terminal).
    pub pretty: bool,
}

/// The `clap` command tree, built from the specs.
pub fn command() -> Command {
    match Apis::shared() {
        Ok(apis) => command_for(&apis),
        Err(_) => command_for(&Apis { apis: Vec::new() }),
    }
}

fn command_for(apis: &Apis) -> Command {
    let mut root = Command::new("payclients")
        .about("Every operation of five payment APIs from the terminal, typed by their specs")
        // The same wrapping on every terminal, so that help texts can be compared.
        .term_width(100)
        .subcommand_required(true)
        .arg(
            flag("pretty", "Pretty JSON (the default on a terminal)")
                .global(true)
                .help_heading("Global options"),
        )
        .arg(
            flag("compact", "Compact JSON (the default when piped)")
                .global(true)
                .help_heading("Global options"),
        )
        .arg(
            Arg::new("config")
                .long("config")
                .value_name("FILE")
                .global(true)
                .help_heading("Global options")
                .help("Credentials and base URLs as NAME=value lines (the environment wins)"),
        )
        .subcommand(
            Command::new("sandbox")
                .about("Serve the sandbox of every API on 127.0.0.1 until stopped")
                .arg(
                    Arg::new("port")
                        .long("port")
                        .value_parser(clap::value_parser!(u16))
                        .default_value("0")
                        .help("The port (0: any free one)"),
                ),
        );
    for routes in &apis.apis {
        root = root.subcommand(api_command(routes));
    }
    root
}

fn flag(name: &'static str, help: &'static str) -> Arg {
    Arg::new(name)
        .long(name)
        .action(ArgAction::SetTrue)
        .help(help)
}

/// A parameter's flag: `jobDisplayId` → `--job-display-id`, `filter[status]` → `--filter-status`.
fn flag_name(name: &str) -> String {
    let mut out = String::new();
    let mut previous_lower = false;
    for c in name.chars() {
        if c.is_ascii_uppercase() && previous_lower {
            out.push('-');
        }
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
            previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        } else {
            if !out.ends_with('-') {
                out.push('-');
            }
            previous_lower = false;
        }
    }
    out.trim_matches('-').to_string()
}

fn command_name(operation_id: &str) -> String {
    operation_id.replace('_', "-")
}

fn api_command(routes: &ApiRoutes) -> Command {
    let api = routes.api;
    let mut command = Command::new(api.as_str())
        .about(api.descriptor().title)
        .after_help(connect::env_help(api))
        .subcommand_required(true)
        .arg(
            flag(
                "sandbox",
                "Run against payclients' own in-process sandbox (no credentials, no network)",
            )
            .global(true)
            .help_heading("Global options"),
        )
        .arg(
            Arg::new("base-url")
                .long("base-url")
                .value_name("URL")
                .global(true)
                .help_heading("Global options")
                .help("The API's base URL (default: <API>_BASE_URL, else the spec's first server)"),
        );
    for op in &routes.operations {
        command = command.subcommand(operation_command(routes, op));
    }
    command.subcommand(
        Command::new("raw")
            .about("Send a request to any path of the API, with its auth")
            .arg(
                Arg::new("method")
                    .required(true)
                    .help("GET, POST, PUT, PATCH, DELETE…"),
            )
            .arg(
                Arg::new("path")
                    .required(true)
                    .help("A path template, /api/job/{jobDisplayId}/payment"),
            )
            .arg(
                Arg::new("pairs")
                    .num_args(0..)
                    .value_name("NAME=VALUE")
                    .help("Fills {NAME} in the path, else adds a query parameter"),
            )
            .arg(body_arg(false)),
    )
}

fn body_arg(required: bool) -> Arg {
    Arg::new("body")
        .long("body")
        .value_name("JSON|@FILE|-")
        .required(required)
        .help("The request body: JSON text, @file, or - for standard input")
}

/// How an operation pages, from its spec's `x-payclients-paging`.
fn paging(api: Api, operation_id: &str) -> Option<&'static crate::descriptor::PagedOperation> {
    api.descriptor().paging(operation_id)
}

/// A parameter's value name by its type or form (`INT`, `DATE`, `GUID`…), and its values when
/// the spec lists them.
fn value_name(routes: &ApiRoutes, parameter: &serde_json::Value) -> (String, Option<String>) {
    let schema = &parameter["schema"];
    let resolved = routes.resolved_schema(parameter);
    let values = resolved["enum"].as_array().map(|values| {
        values
            .iter()
            .filter_map(|v| v.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    });
    let name = match (resolved["type"].as_str(), resolved["format"].as_str()) {
        _ if values.is_some() => "VALUE".to_string(),
        (Some("integer"), _) => "INT".to_string(),
        (Some("number"), _) => "NUMBER".to_string(),
        (Some("boolean"), _) => "true|false".to_string(),
        (Some("string"), Some("date")) => "DATE".to_string(),
        (Some("string"), Some("date-time")) => "DATETIME".to_string(),
        _ => match schema["$ref"].as_str().and_then(|r| r.rsplit('/').next()) {
            // A named schema (an id, a GUID, a filter) says what the value is.
            Some(name) => name.to_ascii_uppercase(),
            None if parameter.get("content").is_some() => "JSON".to_string(),
            None => "TEXT".to_string(),
        },
    };
    (name, values)
}

fn operation_command(routes: &ApiRoutes, op: &Operation) -> Command {
    let api = routes.api;
    let mut command = Command::new(command_name(&op.id));
    if let Some(summary) = &op.summary {
        command = command.about(summary.clone());
    }
    if let Some(description) = &op.description {
        command = command.long_about(description.clone());
    }
    for parameter in &op.parameters {
        let name = parameter["name"].as_str().unwrap_or_default();
        let place = parameter["in"].as_str().unwrap_or_default();
        // The client fills these (a request id declared `x-payclients-client-fills`).
        let client_fills = parameter.get("x-payclients-client-fills").is_some();
        let required = parameter["required"].as_bool().unwrap_or(false) && !client_fills;
        let mut help = format!("{place} parameter `{name}`");
        if let Some(description) = parameter["description"].as_str() {
            help = format!("{help}: {description}");
        }
        let (value, values) = value_name(routes, parameter);
        if let Some(values) = values {
            help = format!("{help} [one of: {values}]");
        }
        command = command.arg(
            Arg::new(name.to_string())
                .long(flag_name(name))
                .value_name(value)
                .required(required)
                .help(help),
        );
    }
    if let Some(body) = &op.body {
        command = command.arg(body_arg(body["required"].as_bool().unwrap_or(false)));
    }
    if paging(api, &op.id).is_some() {
        command = command
            .arg(flag(
                "all",
                "Stream every item of every page, one JSON per line",
            ))
            .arg(
                Arg::new("limit")
                    .long("limit")
                    .value_name("N")
                    .value_parser(clap::value_parser!(u64))
                    .help("Stream at most N items (implies --all)"),
            )
            .arg(
                Arg::new("parallel")
                    .long("parallel")
                    .value_name("N")
                    .value_parser(clap::value_parser!(usize))
                    .default_value("1")
                    .help("Pages fetched at once while streaming"),
            );
    }
    command
}

/// Runs the command line `args` (the program name first); returns the exit code.
pub async fn run(args: Vec<String>, io: &mut Io<'_>) -> i32 {
    let apis = match Apis::shared() {
        Ok(apis) => apis,
        Err(message) => return usage(io, &message),
    };
    let matches = match command_for(&apis).try_get_matches_from(args) {
        Ok(matches) => matches,
        Err(error) => {
            let code = if error.use_stderr() {
                EXIT_USAGE
            } else {
                EXIT_OK
            };
            let text = error.render().to_string();
            let _ = if error.use_stderr() {
                write!(io.err, "{text}")
            } else {
                write!(io.out, "{text}")
            };
            return code;
        }
    };
    if matches.get_flag("pretty") {
        io.pretty = true;
    }
    if matches.get_flag("compact") {
        io.pretty = false;
    }
    let settings = match Settings::load(matches.get_one::<String>("config").map(String::as_str)) {
        Ok(settings) => settings,
        Err(message) => return usage(io, &message),
    };
    match matches.subcommand() {
        Some(("sandbox", sub)) => serve_sandbox(sub, io).await,
        Some((api_name, sub)) => {
            let Some(routes) = apis.apis.iter().find(|r| r.api.as_str() == api_name) else {
                return usage(io, &format!("no API {api_name}"));
            };
            run_api(routes, sub, &settings, io).await
        }
        None => usage(io, "a subcommand is required"),
    }
}

fn usage(io: &mut Io<'_>, message: &str) -> i32 {
    let _ = writeln!(io.err, "error: {message}");
    EXIT_USAGE
}

async fn serve_sandbox(matches: &ArgMatches, io: &mut Io<'_>) -> i32 {
    let port = matches.get_one::<u16>("port").copied().unwrap_or(0);
    let sandbox = match Sandbox::bind(std::net::SocketAddr::from(([127, 0, 0, 1], port))).await {
        Ok(sandbox) => sandbox,
        Err(error) => {
            let _ = writeln!(io.err, "error: the sandbox did not start: {error}");
            return EXIT_API_ERROR;
        }
    };
    let _ = writeln!(
        io.out,
        "payclients sandbox on http://{} (Ctrl-C stops it)",
        sandbox.addr()
    );
    for api in sandbox.apis() {
        let _ = writeln!(io.out, "{:<11} {}", api.as_str(), sandbox.base_url(api));
        if api.descriptor().password_grant {
            let _ = writeln!(
                io.out,
                "{:<11} {}",
                "",
                format_args!("token: {}", sandbox.token_url(api))
            );
        }
    }
    let _ = io.out.flush();
    let _ = tokio::signal::ctrl_c().await;
    EXIT_OK
}

async fn run_api(
    routes: &ApiRoutes,
    matches: &ArgMatches,
    settings: &Settings,
    io: &mut Io<'_>,
) -> i32 {
    let api = routes.api;
    let (sandbox, target) = if matches.get_flag("sandbox") {
        let sandbox = match Sandbox::start().await {
            Ok(sandbox) => sandbox,
            Err(error) => {
                let _ = writeln!(io.err, "error: the sandbox did not start: {error}");
                return EXIT_API_ERROR;
            }
        };
        let target = Target {
            base_url: sandbox.base_url(api),
            token_url: Some(sandbox.token_url(api)),
            sandbox: true,
        };
        (Some(sandbox), target)
    } else {
        let env_name = format!("{}_BASE_URL", api.as_str().to_uppercase());
        let base_url = matches
            .get_one::<String>("base-url")
            .cloned()
            .or_else(|| std::env::var(&env_name).ok())
            .or_else(|| connect::default_base_url(api).map(str::to_string));
        let Some(base_url) = base_url else {
            return usage(io, &format!("{env_name} or --base-url is required"));
        };
        (
            None,
            Target {
                base_url,
                token_url: None,
                sandbox: false,
            },
        )
    };
    let client = match connect::client(api, &target, settings) {
        Ok(client) => client,
        Err(message) => return usage(io, &message),
    };
    // Everything printed from here on has the client's secrets masked, line by line: a server
    // may echo a credential in a body or an error message.
    let secrets = client.secrets();
    let mut out = Masked::new(&mut *io.out, secrets.clone());
    let mut err = Masked::new(&mut *io.err, secrets);
    let io = &mut Io {
        out: &mut out,
        err: &mut err,
        pretty: io.pretty,
    };
    let result = match matches.subcommand() {
        Some(("raw", sub)) => raw(&client, sub, io).await,
        Some((name, sub)) => match routes
            .operations
            .iter()
            .find(|op| command_name(&op.id) == name)
        {
            Some(op) => operation(routes, op, &client, sub, io).await,
            None => usage(io, &format!("no operation {name}")),
        },
        None => usage(io, "an operation is required"),
    };
    drop(sandbox);
    result
}

/// A writer that masks a client's secrets in each line before passing it on (the rest when
/// flushed or dropped).
struct Masked<'a> {
    out: &'a mut dyn Write,
    secrets: crate::masking::Secrets,
    pending: Vec<u8>,
}

impl<'a> Masked<'a> {
    fn new(out: &'a mut dyn Write, secrets: crate::masking::Secrets) -> Self {
        Masked {
            out,
            secrets,
            pending: Vec::new(),
        }
    }

    fn pass_on(&mut self, upto: usize) -> std::io::Result<()> {
        let text: Vec<u8> = self.pending.drain(..upto).collect();
        let text = String::from_utf8_lossy(&text);
        self.out
            .write_all(self.secrets.masker().mask(&text).as_bytes())
    }
}

impl Write for Masked<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(buf);
        if let Some(end) = self.pending.iter().rposition(|&b| b == b'\n') {
            self.pass_on(end + 1)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.pass_on(self.pending.len())?;
        self.out.flush()
    }
}

impl Drop for Masked<'_> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

/// The body argument's JSON: text, `@file`, or `-` for standard input.
fn read_body(matches: &ArgMatches) -> Result<Option<Value>, String> {
    let Some(source) = matches.try_get_one::<String>("body").ok().flatten() else {
        return Ok(None);
    };
    let text = if source == "-" {
        std::io::read_to_string(std::io::stdin())
            .map_err(|e| format!("cannot read standard input: {e}"))?
    } else if let Some(path) = source.strip_prefix('@') {
        std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?
    } else {
        source.clone()
    };
    serde_json::from_str(&text)
        .map(Some)
        .map_err(|e| format!("--body is not JSON: {e}"))
}

async fn raw(client: &connect::AnyClient, matches: &ArgMatches, io: &mut Io<'_>) -> i32 {
    let method_text = matches
        .get_one::<String>("method")
        .cloned()
        .unwrap_or_default();
    let Ok(method) = reqwest::Method::from_bytes(method_text.to_ascii_uppercase().as_bytes())
    else {
        return usage(io, &format!("`{method_text}` is not an HTTP method"));
    };
    let path = matches
        .get_one::<String>("path")
        .cloned()
        .unwrap_or_default();
    let mut request = client.raw(method, &path);
    for pair in matches.get_many::<String>("pairs").into_iter().flatten() {
        let Some((name, value)) = pair.split_once('=') else {
            return usage(io, &format!("`{pair}` is not NAME=VALUE"));
        };
        request = if path.contains(&format!("{{{name}}}")) {
            request.param(name, value)
        } else {
            request.query(name, value)
        };
    }
    match read_body(matches) {
        Ok(Some(body)) => request = request.json(body),
        Ok(None) => {}
        Err(message) => return usage(io, &message),
    }
    match request.await {
        Ok(response) => print_json(io, &response.json),
        Err(error) => api_error(io, &error),
    }
}

async fn operation(
    routes: &ApiRoutes,
    op: &Operation,
    client: &connect::AnyClient,
    matches: &ArgMatches,
    io: &mut Io<'_>,
) -> i32 {
    // One operation per process: leaking its name gives the `&'static str` errors carry.
    let operation_id: &'static str = Box::leak(op.id.clone().into_boxed_str());
    // The values are checked against the spec first (clear messages naming the flag). Those
    // of the crate's own types (GUIDs, status lists…) are read by their types, which accept
    // more forms than the wire's (a GUID with dashes): their findings count only when the type
    // refuses the value too.
    let mut problems = Vec::new();
    let mut typed_problems = Vec::new();
    for parameter in &op.parameters {
        let name = parameter["name"].as_str().unwrap_or_default();
        let Some(value) = matches.get_one::<String>(name) else {
            continue;
        };
        let found = routes
            .check_value(parameter, value)
            .into_iter()
            .map(|p| format!("--{} {p}", flag_name(name)));
        if routes.typed_by_the_crate(parameter) {
            typed_problems.extend(found);
        } else {
            problems.extend(found);
        }
    }
    let body = match read_body(matches) {
        Ok(body) => body,
        Err(message) => return usage(io, &message),
    };
    if let Some(body) = &body
        && let Some((_, media)) = op
            .body
            .as_ref()
            .and_then(|b| b["content"].as_object())
            .and_then(|c| c.iter().next())
    {
        problems.extend(
            crate::sandbox::routes::findings(&routes.spec, &media["schema"], body)
                .into_iter()
                .map(|p| format!("--body {p}")),
        );
    }
    if !problems.is_empty() {
        return usage(
            io,
            &format!(
                "the request does not match the spec of {}: {}",
                op.id,
                problems.join("; ")
            ),
        );
    }
    // Built by the operation's typed builder: what the typed client would send.
    let param = |name: &str| matches.get_one::<String>(name).cloned();
    let request = match client.prepared(operation_id, &param, body) {
        Some(Ok(request)) => request,
        Some(Err(_)) if !typed_problems.is_empty() => {
            return usage(
                io,
                &format!(
                    "the request does not match the spec of {}: {}",
                    op.id,
                    typed_problems.join("; ")
                ),
            );
        }
        Some(Err(message)) => return usage(io, &format!("{}: {message}", op.id)),
        None => return usage(io, &format!("no operation {}", op.id)),
    };
    if let Some(declared) = paging(routes.api, &op.id)
        && (matches.get_flag("all") || matches.get_one::<u64>("limit").is_some())
    {
        // Pages of the size given (`--page-limit 50`), else the spec's default page size.
        let size_parameter = op
            .parameters
            .iter()
            .find(|p| p["name"] == declared.paging.size);
        let page_size = size_parameter
            .and_then(|p| matches.get_one::<String>(p["name"].as_str()?))
            .and_then(|text| text.parse().ok())
            .or_else(|| {
                let schema = routes.resolved_schema(size_parameter?);
                schema["default"].as_u64()
            });
        return stream(declared, request, page_size, matches, io).await;
    }
    match request.await {
        Ok(response) => {
            let code = print_json(io, &response.json);
            if let Some(reason) =
                crate::descriptor::decline(routes.api.descriptor(), &op.id, &response.json)
            {
                let text = if reason.is_empty() {
                    "no reason given"
                } else {
                    &reason
                };
                let _ = writeln!(
                    io.err,
                    "declined: {}",
                    crate::masking::escape_controls(text)
                );
                return EXIT_DECLINED;
            }
            code
        }
        Err(error) => api_error(io, &error),
    }
}

/// `--all` / `--limit`: every item of every page, one compact JSON per line.
async fn stream(
    declared: &'static crate::descriptor::PagedOperation,
    request: crate::raw::RawRequest<'_>,
    page_size: Option<u64>,
    matches: &ArgMatches,
    io: &mut Io<'_>,
) -> i32 {
    use crate::descriptor::at;
    use crate::pagination::declared::Parts;
    let template = std::sync::Arc::new(request);
    let fetch = move |query: PageQuery, cursor: Option<String>| {
        let request = template
            .as_ref()
            .clone()
            .page(declared.paging, query, cursor.as_deref());
        async move {
            let page = async {
                let response = request.await?;
                let json = &response.json;
                let number = |path: &[&str]| at(json, path).and_then(Value::as_i64);
                let items = at(json, declared.items)
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .map(|item| (item[declared.item_id].to_string(), item.clone()))
                    .collect();
                let parts = Parts {
                    items,
                    total: number(declared.total),
                    offset: number(declared.offset_echo),
                    next_cursor: at(json, declared.next_cursor)
                        .and_then(Value::as_str)
                        .map(str::to_string),
                };
                declared.paging.fetched(query, parts)
            };
            Arrival::Page(page.await)
        }
    };
    let key: fn(&(String, Value)) -> String = |(id, _)| id.clone();
    let mut paginator = declared
        .paging
        .paginator(key, fetch)
        .concurrency(matches.get_one::<usize>("parallel").copied().unwrap_or(1));
    if let Some(size) = page_size {
        paginator = paginator.page_size(size);
    }
    if let Some(limit) = matches.get_one::<u64>("limit") {
        paginator = paginator.max_items(*limit);
    }
    let mut paginator = std::pin::pin!(paginator);
    loop {
        match paginator.as_mut().try_next().await {
            Ok(Some((_, item))) => {
                let _ = writeln!(io.out, "{item}");
            }
            Ok(None) => return EXIT_OK,
            Err(error) => return api_error(io, &error),
        }
    }
}

fn print_json(io: &mut Io<'_>, value: &Value) -> i32 {
    let text = if io.pretty {
        serde_json::to_string_pretty(value)
    } else {
        serde_json::to_string(value)
    };
    let _ = writeln!(io.out, "{}", text.unwrap_or_default());
    EXIT_OK
}

fn api_error(io: &mut Io<'_>, error: &crate::Error) -> i32 {
    // The crate's error prints no credential, URL query or body.
    let _ = writeln!(io.err, "error: {error}");
    if error.kind() == crate::ErrorKind::InvalidRequest {
        return EXIT_USAGE;
    }
    EXIT_API_ERROR
}
