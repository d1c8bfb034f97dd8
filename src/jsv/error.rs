//! The error of reading or writing JSV: what went wrong, of which [`Category`], and where
//! (line and column, both from 1) when the input is text.

use std::fmt::{self, Display};
use std::io;

/// Which kind of failure a JSV [`Error`] is, as `serde_json::error::Category`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Category {
    /// Writing to the underlying `io::Write` failed.
    Io,
    /// The text is not JSV (an unclosed quote, a missing `:`, trailing characters…).
    Syntax,
    /// The text is JSV, but not of the type asked for (a word where an integer belongs,
    /// a missing struct field…), or the value cannot be written as JSV.
    Data,
    /// The text ended in the middle of a value.
    Eof,
}

/// A JSV error. Its message never quotes the input's text, so a secret in a document does
/// not reach logs through an error.
pub struct Error {
    inner: Box<ErrorImpl>,
}

struct ErrorImpl {
    category: Category,
    message: String,
    line: usize,
    column: usize,
    io: Option<io::Error>,
}

/// `Result<T, jsv::Error>`.
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub(crate) fn new(category: Category, message: impl Into<String>) -> Self {
        Error {
            inner: Box::new(ErrorImpl {
                category,
                message: message.into(),
                line: 0,
                column: 0,
                io: None,
            }),
        }
    }

    pub(crate) fn io(error: io::Error) -> Self {
        let mut e = Error::new(Category::Io, error.to_string());
        e.inner.io = Some(error);
        e
    }

    /// Sets the position from a byte offset into `input`, unless one is already set.
    pub(crate) fn at(mut self, input: &[u8], offset: usize) -> Self {
        if self.inner.line == 0 {
            let (line, column) = position(input, offset);
            self.inner.line = line;
            self.inner.column = column;
        }
        self
    }

    pub(crate) fn has_position(&self) -> bool {
        self.inner.line != 0
    }

    /// The line (from 1) where the error was found; 0 when there is no position
    /// (a serializer error).
    pub fn line(&self) -> usize {
        self.inner.line
    }

    /// The column (from 1, in characters) where the error was found; 0 without a position.
    pub fn column(&self) -> usize {
        self.inner.column
    }

    /// The kind of failure.
    pub fn classify(&self) -> Category {
        self.inner.category
    }

    /// True for a failure of the underlying writer.
    pub fn is_io(&self) -> bool {
        self.inner.category == Category::Io
    }

    /// True when the input is not JSV.
    pub fn is_syntax(&self) -> bool {
        self.inner.category == Category::Syntax
    }

    /// True when the input is JSV of the wrong shape for the type.
    pub fn is_data(&self) -> bool {
        self.inner.category == Category::Data
    }

    /// True when the input ended too early.
    pub fn is_eof(&self) -> bool {
        self.inner.category == Category::Eof
    }
}

/// Line and column (from 1; the column counts characters) of a byte offset.
fn position(input: &[u8], offset: usize) -> (usize, usize) {
    let offset = offset.min(input.len());
    let before = &input[..offset];
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    // Count characters, not bytes: continuation bytes of UTF-8 do not start one.
    let column = 1 + before[line_start..]
        .iter()
        .filter(|&&b| (b & 0xC0) != 0x80)
        .count();
    (line, column)
}

impl Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.inner.line == 0 {
            f.write_str(&self.inner.message)
        } else {
            write!(
                f,
                "{} at line {} column {}",
                self.inner.message, self.inner.line, self.inner.column
            )
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Error({:?}, {:?}, line: {}, column: {})",
            self.inner.category, self.inner.message, self.inner.line, self.inner.column
        )
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.inner
            .io
            .as_ref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

impl serde::de::Error for Error {
    fn custom<T: Display>(message: T) -> Self {
        Error::new(Category::Data, message.to_string())
    }

    // serde's default messages quote the offending value; a JSV document may carry a card
    // number or a token, so these say what was found without repeating it.
    fn invalid_type(
        unexpected: serde::de::Unexpected<'_>,
        expected: &dyn serde::de::Expected,
    ) -> Self {
        Error::custom(format_args!(
            "invalid type: {}, expected {expected}",
            kind_of(&unexpected)
        ))
    }

    fn invalid_value(
        unexpected: serde::de::Unexpected<'_>,
        expected: &dyn serde::de::Expected,
    ) -> Self {
        Error::custom(format_args!(
            "invalid value: {}, expected {expected}",
            kind_of(&unexpected)
        ))
    }
}

fn kind_of(unexpected: &serde::de::Unexpected<'_>) -> &'static str {
    use serde::de::Unexpected as U;
    match unexpected {
        U::Bool(_) => "a boolean",
        U::Unsigned(_) | U::Signed(_) => "an integer",
        U::Float(_) => "a floating point number",
        U::Char(_) => "a character",
        U::Str(_) => "a string",
        U::Bytes(_) => "bytes",
        U::Unit => "an empty value",
        U::Option => "an option",
        U::NewtypeStruct => "a newtype struct",
        U::Seq => "a list",
        U::Map => "an object",
        U::Enum => "an enum",
        U::UnitVariant => "a unit variant",
        U::NewtypeVariant => "a newtype variant",
        U::TupleVariant => "a tuple variant",
        U::StructVariant => "a struct variant",
        U::Other(_) => "another kind of value",
    }
}

impl serde::ser::Error for Error {
    fn custom<T: Display>(message: T) -> Self {
        Error::new(Category::Data, message.to_string())
    }
}

impl From<Error> for io::Error {
    fn from(error: Error) -> Self {
        match error.inner.io {
            Some(io) => io,
            None => io::Error::new(io::ErrorKind::InvalidData, error.to_string()),
        }
    }
}
