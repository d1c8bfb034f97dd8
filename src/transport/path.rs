//! Path parameters as percent-encoded path segments that cannot change the request's path.

/// The characters escaped in a path segment: progenitor's `encode_path` set, and `\\`, which
/// the URL parser reads as `/` in an http(s) URL.
const PATH_SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'/')
    .add(b'%')
    .add(b'\\');

/// A path parameter as one percent-encoded path segment (the generated code calls it in place
/// of progenitor's `encode_path`, and raw calls too). `.` and `..` are refused: the URL parser
/// would collapse them and the request would go to another endpoint
/// (`/api/job/../payment/sources` is `/api/payment/sources`), and no percent-encoding prevents
/// it (`%2e%2e` is read as `..` too). An empty value, which leaves `//` in the path, likewise.
// The error is progenitor's own type, which the generated `send` returns; not every API has
// a path parameter.
#[allow(clippy::result_large_err, dead_code)]
pub(crate) fn path_segment(value: &str) -> Result<String, progenitor_client::Error<()>> {
    encode_segment(value).map_err(progenitor_client::Error::InvalidRequest)
}

/// [`path_segment`] with its refusal as a message.
pub(crate) fn encode_segment(value: &str) -> Result<String, String> {
    if matches!(value, "" | "." | "..") {
        return Err(format!(
            "the path parameter value `{value}` would change the request's path; it is refused"
        ));
    }
    Ok(percent_encoding::utf8_percent_encode(value, PATH_SEGMENT).to_string())
}
