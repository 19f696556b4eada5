//! The names and the order of a version-2 container's members, relative to
//! the bag directory `<ID>/`. The writer, the verifier, the extractor and the
//! manifest all take them from here.

use crate::names;

/// The BagIt declaration, first.
pub const BAGIT: &str = "bagit.txt";
/// The BagIt payload manifest, right after the payload.
pub const PAYLOAD_MANIFEST: &str = "manifest-sha256.txt";
/// BagIt metadata (Payload-Oxum, Bagging-Date, External-Identifier).
pub const BAG_INFO: &str = "bag-info.txt";
/// How to check the bag with standard tools, in plain text.
pub const README: &str = "VERIFY.txt";
/// The rich, signed record.
pub const MANIFEST: &str = "scelle/manifest.json";
/// Its minisign signature.
pub const SIGNATURE: &str = "scelle/manifest.json.minisig";
/// The BagIt tag manifest: the SHA-256 of every tag file above.
pub const TAG_MANIFEST: &str = "tagmanifest-sha256.txt";
/// Its minisign signature, last: with it, every byte that is not payload is signed.
pub const TAG_SIGNATURE: &str = "tagmanifest-sha256.txt.minisig";

/// Every tag file of a version-2 bag, in the order of the archive.
pub const TAG_FILES: [&str; 8] = [
    BAGIT,
    PAYLOAD_MANIFEST,
    BAG_INFO,
    README,
    MANIFEST,
    SIGNATURE,
    TAG_MANIFEST,
    TAG_SIGNATURE,
];

/// The tag files the tag manifest lists: all but itself and its signature.
pub fn listed_in_tag_manifest(rel: &str) -> bool {
    TAG_FILES.contains(&rel) && rel != TAG_MANIFEST && rel != TAG_SIGNATURE
}

/// Where payload lives.
pub const DATA: &str = "data/";
/// Collected files: `data/files/<mapped original path>`.
pub const FILES: &str = "data/files/";
/// Disk and volume images: `data/images/<name>.raw`.
pub const IMAGES: &str = "data/images/";
/// Live-response output: `data/commands/<NNN>-<slug>.stdout|.stderr`.
pub const COMMANDS: &str = "data/commands/";

/// The member name (relative to the bag) of a collected file whose original
/// path is `path` (bytes).
pub fn file_member(path: &[u8]) -> String {
    format!("{FILES}{}", names::member_name(path))
}

/// Position of a member in the fixed order: `bagit.txt` (0), the payload
/// (1), then each tag file in turn; `None` for a name no stage holds.
pub fn stage_of(rel: &str) -> Option<u8> {
    match rel {
        BAGIT => Some(0),
        _ if rel.starts_with(DATA) => Some(1),
        PAYLOAD_MANIFEST => Some(2),
        BAG_INFO => Some(3),
        README => Some(4),
        MANIFEST => Some(5),
        SIGNATURE => Some(6),
        TAG_MANIFEST => Some(7),
        TAG_SIGNATURE => Some(8),
        _ => None,
    }
}

/// A payload member, by what it holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Payload<'a> {
    /// A collected file; the original path (bytes) it maps back to.
    File(Vec<u8>),
    /// A command's stdout or stderr: `<NNN>-<slug>.stdout|.stderr`.
    Command(&'a str),
    /// An image: `<name>.raw`.
    Image(&'a str),
}

impl<'a> Payload<'a> {
    /// What the payload member `rel` (`data/...`) is, or why it is not one
    /// a version-1 container holds.
    pub fn classify(rel: &'a str) -> Result<Self, String> {
        if let Some(mapped) = rel.strip_prefix(FILES) {
            return names::original_path(mapped)
                .map(Payload::File)
                .map_err(|error| error.to_string());
        }
        if let Some(output) = rel.strip_prefix(COMMANDS) {
            let safe = output
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-'));
            let stream = output.ends_with(".stdout") || output.ends_with(".stderr");
            return if safe && stream && !output.starts_with('.') {
                Ok(Payload::Command(output))
            } else {
                Err("command outputs are <NNN-slug>.stdout or .stderr".into())
            };
        }
        if let Some(image) = rel.strip_prefix(IMAGES) {
            let safe = image
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
            return if safe && image.ends_with(".raw") && !image.starts_with('.') {
                Ok(Payload::Image(image))
            } else {
                Err("image names are <letters, digits, '.', '_', '-'>.raw".into())
            };
        }
        Err(
            "scelle never stores a file here (only under data/files/, data/images/ and \
             data/commands/): it was added to the archive after sealing"
                .into(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_follow_the_documented_order() {
        let order: Vec<u8> = [BAGIT, "data/files/etc/passwd"]
            .into_iter()
            .chain(TAG_FILES[1..].iter().copied())
            .map(|name| stage_of(name).unwrap())
            .collect();
        assert_eq!(order, [0, 1, 2, 3, 4, 5, 6, 7, 8]);
        assert_eq!(stage_of("other.txt"), None);
    }

    #[test]
    fn payload_names_map_back_or_are_refused() {
        assert_eq!(
            Payload::classify(&file_member(b"/etc/new\nline")),
            Ok(Payload::File(b"/etc/new\nline".to_vec()))
        );
        assert_eq!(
            Payload::classify("data/commands/001-ps.stdout"),
            Ok(Payload::Command("001-ps.stdout"))
        );
        assert_eq!(
            Payload::classify("data/images/sda.raw"),
            Ok(Payload::Image("sda.raw"))
        );
        for bad in [
            "data/commands/001-PS.stdout",
            "data/images/../x.raw",
            "data/other/x",
        ] {
            assert!(Payload::classify(bad).is_err(), "{bad}");
        }
    }
}
