use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::{Deserialize, Serialize};

/// Bytes kept exactly in JSON: `{"text": "..."}` when they are UTF-8,
/// `{"bytes": "<base64>"}` otherwise.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", deny_unknown_fields)]
pub enum LosslessText {
    /// Valid UTF-8, as is.
    Text(String),
    /// Anything else, base64 (RFC 4648, with padding).
    Bytes(String),
}

impl LosslessText {
    /// Wraps raw bytes.
    pub fn from_bytes(bytes: &[u8]) -> Self {
        match std::str::from_utf8(bytes) {
            Ok(text) => Self::Text(text.to_string()),
            Err(_) => Self::Bytes(STANDARD.encode(bytes)),
        }
    }

    /// Wraps an OS string (a path or an argument).
    pub fn from_os(text: &OsStr) -> Self {
        Self::from_bytes(text.as_bytes())
    }

    /// The original bytes, or `None` if the base64 is invalid.
    pub fn to_bytes(&self) -> Option<Vec<u8>> {
        match self {
            Self::Text(text) => Some(text.as_bytes().to_vec()),
            Self::Bytes(encoded) => STANDARD.decode(encoded).ok(),
        }
    }

    /// Readable form: the text, or the bytes with invalid sequences replaced.
    pub fn to_display(&self) -> String {
        match self {
            Self::Text(text) => text.clone(),
            Self::Bytes(_) => {
                String::from_utf8_lossy(&self.to_bytes().unwrap_or_default()).into_owned()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_bytes_forms() {
        let text = LosslessText::from_bytes(b"/etc/passwd");
        assert_eq!(
            serde_json::to_string(&text).unwrap(),
            r#"{"text":"/etc/passwd"}"#
        );
        let bytes = LosslessText::from_bytes(b"/tmp/\xff");
        assert_eq!(
            serde_json::to_string(&bytes).unwrap(),
            r#"{"bytes":"L3RtcC//"}"#
        );
        let back: LosslessText = serde_json::from_str(r#"{"bytes":"L3RtcC//"}"#).unwrap();
        assert_eq!(back.to_bytes().unwrap(), b"/tmp/\xff");
    }
}
