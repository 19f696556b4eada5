use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The 8-byte id minisign gives each key pair.
///
/// Shown as minisign shows it: the bytes read as a little-endian integer and
/// printed as 16 upper-case hex digits (so the file's bytes appear reversed).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyId(pub [u8; 8]);

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016X}", u64::from_le_bytes(self.0))
    }
}

impl fmt::Debug for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KeyId({self})")
    }
}

/// Text that is not a key id as scelle and minisign show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseKeyIdError {
    /// What was given (at most 40 characters).
    pub given: String,
}

impl fmt::Display for ParseKeyIdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} is not a key id (16 upper-case hexadecimal digits)",
            self.given
        )
    }
}

impl std::error::Error for ParseKeyIdError {}

impl FromStr for KeyId {
    type Err = ParseKeyIdError;

    /// Accepts exactly what [`fmt::Display`] writes: 16 upper-case hex
    /// digits, so one key has one spelling.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let canonical = text.len() == 16
            && text
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b));
        let value = u64::from_str_radix(text, 16).ok().filter(|_| canonical);
        value
            .map(|value| KeyId(value.to_le_bytes()))
            .ok_or_else(|| ParseKeyIdError {
                given: text.chars().take(40).collect(),
            })
    }
}

impl Serialize for KeyId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for KeyId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_like_minisign() {
        // Bytes as stored in a key made by minisign 0.11, and the id it printed.
        let id = KeyId([0x68, 0x7c, 0x11, 0xbb, 0xaa, 0x14, 0x01, 0xe1]);
        assert_eq!(id.to_string(), "E10114AABB117C68");
        assert_eq!("E10114AABB117C68".parse::<KeyId>(), Ok(id));
        for bad in [
            "e10114aabb117c68",
            "E10114AABB117C6",
            "+10114AABB117C68",
            "",
        ] {
            assert!(bad.parse::<KeyId>().is_err(), "{bad}");
        }
    }
}
