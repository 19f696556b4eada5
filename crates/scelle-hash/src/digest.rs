use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};

/// A SHA-256 digest (FIPS 180-4), shown as 64 lower-case hex digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sha256Digest([u8; 32]);

impl Sha256Digest {
    /// Wraps 32 raw digest bytes.
    pub const fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// The SHA-256 of a byte slice held in memory.
    pub fn of(data: &[u8]) -> Self {
        Self(Sha256::digest(data).into())
    }

    /// The digest of the whole file at `path`, streamed (a seal hash, a
    /// file to timestamp).
    pub fn of_file(path: &std::path::Path) -> std::io::Result<Self> {
        Self::of_reader(std::fs::File::open(path)?)
    }

    /// SHA-256 of everything `source` yields, streamed.
    pub fn of_reader(source: impl std::io::Read) -> std::io::Result<Self> {
        let mut reader = crate::HashingReader::new(source);
        std::io::copy(&mut reader, &mut std::io::sink())?;
        Ok(reader.finish().0)
    }

    /// The raw 32 bytes.
    pub const fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl fmt::Display for Sha256Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::hex::encode(&self.0))
    }
}

impl fmt::Debug for Sha256Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Sha256Digest({self})")
    }
}

/// The text given is not 64 hex digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseDigestError {
    /// What was given, cut to a readable length.
    pub given: String,
}

impl fmt::Display for ParseDigestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} is not a SHA-256 digest (expected 64 hex digits)",
            self.given
        )
    }
}

impl std::error::Error for ParseDigestError {}

impl FromStr for Sha256Digest {
    type Err = ParseDigestError;

    /// Accepts 64 hex digits in either case.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let error = || ParseDigestError {
            given: text.chars().take(80).collect(),
        };
        let text = text.as_bytes();
        if text.len() != 64 {
            return Err(error());
        }
        let mut bytes = [0u8; 32];
        for (byte, pair) in bytes.iter_mut().zip(text.chunks_exact(2)) {
            let high = crate::hex::digit(pair[0]).ok_or_else(error)?;
            let low = crate::hex::digit(pair[1]).ok_or_else(error)?;
            *byte = high << 4 | low;
        }
        Ok(Self(bytes))
    }
}

impl Serialize for Sha256Digest {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Sha256Digest {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_input_has_the_fips_digest() {
        assert_eq!(
            Sha256Digest::of(b"").to_string(),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn hex_round_trips_and_accepts_upper_case() {
        let digest = Sha256Digest::of(b"scelle");
        let upper = digest.to_string().to_uppercase();
        assert_eq!(upper.parse::<Sha256Digest>().unwrap(), digest);
    }

    #[test]
    fn rejects_wrong_length_and_non_hex() {
        assert!("abc".parse::<Sha256Digest>().is_err());
        let bad = "g".repeat(64);
        assert!(bad.parse::<Sha256Digest>().is_err());
        let multibyte = "é".repeat(32);
        assert!(multibyte.parse::<Sha256Digest>().is_err());
    }

    #[test]
    fn json_form_is_a_hex_string() {
        let digest = Sha256Digest::of(b"x");
        let json = serde_json::to_string(&digest).unwrap();
        assert_eq!(json, format!("\"{digest}\""));
        assert_eq!(serde_json::from_str::<Sha256Digest>(&json).unwrap(), digest);
        assert!(serde_json::from_str::<Sha256Digest>("\"00\"").is_err());
    }
}
