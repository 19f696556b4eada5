use std::fmt;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_like_minisign() {
        // Bytes as stored in a key made by minisign 0.11, and the id it printed.
        let id = KeyId([0x68, 0x7c, 0x11, 0xbb, 0xaa, 0x14, 0x01, 0xe1]);
        assert_eq!(id.to_string(), "E10114AABB117C68");
    }
}
