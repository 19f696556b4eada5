//! The two- and four-line text layout shared by minisign's files.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;

use crate::Error;

pub(crate) const UNTRUSTED_PREFIX: &str = "untrusted comment: ";
pub(crate) const TRUSTED_PREFIX: &str = "trusted comment: ";

/// Splits text into lines, tolerating CRLF and a missing final newline.
pub(crate) fn lines(text: &str) -> Vec<&str> {
    text.lines().collect()
}

pub(crate) fn malformed(origin: &str, reason: impl Into<String>) -> Error {
    Error::Malformed {
        origin: origin.to_string(),
        reason: reason.into(),
    }
}

/// The comment after `prefix` on `line`, or an error naming what was expected.
pub(crate) fn after_prefix<'a>(
    line: Option<&'a str>,
    prefix: &str,
    origin: &str,
    what: &str,
) -> Result<&'a str, Error> {
    line.and_then(|line| line.strip_prefix(prefix))
        .ok_or_else(|| {
            malformed(
                origin,
                format!("{what} line missing (expected \"{prefix}...\")"),
            )
        })
}

/// How many bytes the base64 `line` decodes to (0 when it is not base64).
pub(crate) fn decoded_len(line: Option<&str>) -> usize {
    line.and_then(|line| STANDARD.decode(line.trim()).ok())
        .map_or(0, |bytes| bytes.len())
}

/// Decodes one base64 line that must hold exactly `N` bytes.
pub(crate) fn decode_exact<const N: usize>(
    line: Option<&str>,
    origin: &str,
    what: &str,
) -> Result<[u8; N], Error> {
    let line =
        line.ok_or_else(|| malformed(origin, format!("{what} line missing (truncated file?)")))?;
    let bytes = STANDARD
        .decode(line.trim())
        .map_err(|error| malformed(origin, format!("{what} is not valid base64: {error}")))?;
    bytes.try_into().map_err(|bytes: Vec<u8>| {
        malformed(
            origin,
            format!("{what} holds {} bytes, expected {N}", bytes.len()),
        )
    })
}

pub(crate) fn encode(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

/// True when `comment` is one line of printable characters (no control
/// characters at all), which every minisign version accepts.
pub(crate) fn is_printable_line(comment: &str) -> bool {
    !comment.chars().any(char::is_control)
}
