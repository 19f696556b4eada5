//! The reversible mapping from source paths (bytes) to member names (text).
//!
//! A member name is the source path without its leading `/`, where every byte
//! that is not allowed is written `^XX` (two upper-case hex digits). Bytes
//! that are escaped:
//!
//! * bytes that are not part of valid UTF-8;
//! * control characters 0x01–0x1F and 0x7F (CR and LF among them: BagIt
//!   manifests are line-based), and the C1 controls U+0080–U+009F (each of
//!   their two UTF-8 bytes: `^C2^85`), which terminals obey as commands;
//! * `%` (BagIt's own escape, which bagit-python does not decode fully);
//! * `\` (escaped by `sha256sum`, and a separator on Windows);
//! * `^` itself, so the mapping stays reversible.
//!
//! Everything else, including spaces and non-ASCII UTF-8, is kept as is.

/// The escape character.
pub const ESCAPE: char = '^';

fn must_escape(c: char) -> bool {
    c.is_control() || matches!(c, '%' | '\\' | ESCAPE)
}

/// The member name for a source path given as raw bytes (leading `/` removed).
pub fn member_name(path: &[u8]) -> String {
    let path = path.strip_prefix(b"/").unwrap_or(path);
    let mut name = String::with_capacity(path.len());
    for chunk in path.utf8_chunks() {
        for c in chunk.valid().chars() {
            if must_escape(c) {
                let mut buffer = [0u8; 4];
                for &byte in c.encode_utf8(&mut buffer).as_bytes() {
                    push_escaped(&mut name, byte);
                }
            } else {
                name.push(c);
            }
        }
        for &byte in chunk.invalid() {
            push_escaped(&mut name, byte);
        }
    }
    name
}

fn push_escaped(name: &mut String, byte: u8) {
    name.push(ESCAPE);
    name.push_str(&format!("{byte:02X}"));
}

/// Why a member name cannot have come from [`member_name`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameError {
    /// The name.
    pub name: String,
    /// Byte offset of the problem.
    pub offset: usize,
}

impl std::fmt::Display for NameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "member name {:?} is not a valid scelle name mapping at byte {}",
            self.name, self.offset
        )
    }
}

impl std::error::Error for NameError {}

/// The source path (with its leading `/`) a member name was made from.
///
/// Rejects names [`member_name`] would never produce (a raw character that
/// should have been escaped, a bad escape), so two different names can never
/// map to the same path.
pub fn original_path(name: &str) -> Result<Vec<u8>, NameError> {
    let error = |offset| NameError {
        name: name.to_string(),
        offset,
    };
    let mut path = Vec::with_capacity(name.len() + 1);
    path.push(b'/');
    let mut chars = name.char_indices();
    while let Some((offset, c)) = chars.next() {
        if c == ESCAPE {
            let digits: String = chars.by_ref().take(2).map(|(_, d)| d).collect();
            let byte = (digits.len() == 2
                && digits
                    .chars()
                    .all(|d| d.is_ascii_digit() || ('A'..='F').contains(&d)))
            .then(|| u8::from_str_radix(&digits, 16).ok())
            .flatten()
            .ok_or_else(|| error(offset))?;
            // An escape must stand for something that had to be escaped.
            let needed = byte >= 0x80 || must_escape(byte as char);
            if !needed {
                return Err(error(offset));
            }
            path.push(byte);
        } else if must_escape(c) {
            return Err(error(offset));
        } else {
            let mut buffer = [0u8; 4];
            path.extend_from_slice(c.encode_utf8(&mut buffer).as_bytes());
        }
    }
    // Escaped bytes >= 0x80 must not form valid UTF-8 that should have been
    // kept as text; the round trip is the exact test of that.
    if member_name(&path) != name {
        return Err(error(0));
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn hard_cases_map_and_return() {
        let cases: &[&[u8]] = &[
            b"/var/log/nginx/access.log",
            b"/tmp/new\nline",
            b"/tmp/carriage\rreturn",
            b"/tmp/100%",
            b"/tmp/back\\slash",
            b"/tmp/with spaces/and\ttab",
            b"/tmp/caf\xc3\xa9",
            b"/tmp/invalid\xff\xfe",
            b"/tmp/^caret",
            b"/tmp/c1\xc2\x85next-line\xc2\x9bcsi",
        ];
        for &path in cases {
            let name = member_name(path);
            assert!(!name.contains(['\n', '\r', '%', '\\']), "{name:?}");
            assert!(!name.chars().any(char::is_control), "{name:?}");
            assert_eq!(original_path(&name).unwrap(), path, "{name:?}");
        }
        assert_eq!(member_name(b"/tmp/caf\xc3\xa9"), "tmp/café");
        assert_eq!(member_name(b"/tmp/invalid\xff"), "tmp/invalid^FF");
        assert_eq!(member_name(b"/tmp/\xc2\x85"), "tmp/^C2^85");
        assert!(
            original_path("tmp/\u{85}").is_err(),
            "a raw C1 control is not canonical"
        );
    }

    #[test]
    fn long_paths_survive() {
        let long = format!("/{}", "deep/".repeat(200)) + "file";
        assert_eq!(
            original_path(&member_name(long.as_bytes())).unwrap(),
            long.as_bytes()
        );
    }

    #[test]
    fn names_no_mapping_produces_are_rejected() {
        assert!(
            original_path("a^41").is_err(),
            "escaped 'A' is not canonical"
        );
        assert!(original_path("a^4").is_err());
        assert!(original_path("a^zz").is_err());
        assert!(original_path("a%b").is_err());
        assert!(original_path("a\nb").is_err());
        assert!(
            original_path("a^C3^A9").is_err(),
            "valid UTF-8 must stay text"
        );
        assert!(
            original_path("a^ff").is_err(),
            "lower-case hex is not canonical"
        );
    }

    proptest! {
        #[test]
        fn any_byte_path_round_trips(bytes in proptest::collection::vec(1u8..=255, 0..300)) {
            let mut path = b"/".to_vec();
            path.extend_from_slice(&bytes);
            let name = member_name(&path);
            prop_assert!(!name.contains(['\n', '\r', '%', '\\']));
            prop_assert_eq!(original_path(&name).unwrap(), path);
        }

        #[test]
        fn any_text_that_decodes_maps_back_to_itself(name in "\\PC{0,40}") {
            if let Ok(path) = original_path(&name) {
                prop_assert_eq!(member_name(&path), name);
            }
        }
    }
}
