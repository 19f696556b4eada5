//! Loading a trusted record: a signed baseline file or a sealed archive.

use std::path::Path;

use scelle_manifest::{Item, ManifestLine, ManifestLineReader};
use scelle_sign::{PublicKey, SignatureFile};

use crate::Error;

/// Items and the roots they were collected from.
#[derive(Debug, Clone, Default)]
pub struct Record {
    /// Roots, as absolute path bytes, in the order collected.
    pub roots: Vec<Vec<u8>>,
    /// Items.
    pub items: Vec<Item>,
}

impl Record {
    /// Reads a baseline or manifest laid out by `ManifestWriter`, from lines.
    pub fn from_lines(lines: impl Iterator<Item = Vec<u8>>, origin: &str) -> Result<Self, Error> {
        let mut reader = ManifestLineReader::new();
        let mut record = Record::default();
        for line in lines {
            match reader.line(&line) {
                Ok(ManifestLine::Header(header)) => {
                    record.roots = header
                        .acquisition
                        .roots
                        .iter()
                        .filter_map(|root| root.to_bytes())
                        .collect();
                }
                Ok(ManifestLine::Item(item)) => record.items.push(*item),
                Ok(_) => {}
                Err(reason) => {
                    return Err(Error::Unreadable {
                        path: origin.to_string(),
                        reason,
                    })
                }
            }
        }
        if !reader.ended() {
            return Err(Error::Unreadable {
                path: origin.to_string(),
                reason: "the record ends before its footer".into(),
            });
        }
        Ok(record)
    }
}

/// Loads `path` as a trusted record: a `.tar.zst` archive must verify intact
/// with `public`; any other file is a baseline whose `<path>.minisig` must
/// verify with `public`.
pub fn load_baseline(path: &Path, public: &PublicKey) -> Result<Record, Error> {
    let origin = path.display().to_string();
    let unreadable = |reason: String| Error::Unreadable {
        path: origin.clone(),
        reason,
    };
    let not_authentic = |reason: String| Error::NotAuthentic {
        path: origin.clone(),
        reason,
    };
    if origin.ends_with(".tar.zst") {
        let options = scelle_verify::Options {
            public_key: Some(public.clone()),
            expect_seal: None,
        };
        let report =
            scelle_verify::verify_archive(path, &options).map_err(|e| unreadable(e.to_string()))?;
        if !report.intact() {
            let first = report
                .findings
                .first()
                .map_or("signature not verified".to_string(), |f| f.message.clone());
            return Err(not_authentic(format!(
                "the archive does not verify ({first}); run scelle verify"
            )));
        }
        let mut lines = Vec::new();
        scelle_verify::manifest_lines(path, &mut |line| lines.push(line.to_vec()))
            .map_err(|e| unreadable(e.to_string()))?;
        return Record::from_lines(lines.into_iter(), &origin);
    }
    let signature_path = Path::new(&format!("{origin}.minisig")).to_path_buf();
    let signature =
        SignatureFile::load(&signature_path).map_err(|e| not_authentic(e.to_string()))?;
    // The bytes checked are the bytes parsed: read once, into memory.
    let bytes = std::fs::read(path).map_err(|e| unreadable(e.to_string()))?;
    public
        .verify_reader(
            &signature,
            &bytes[..],
            &signature_path.display().to_string(),
        )
        .map_err(|e| not_authentic(e.to_string()))?;
    Record::from_lines(bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec), &origin)
}
