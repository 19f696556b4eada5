//! Loading a trusted record: a signed baseline file or a sealed archive.

use std::io::{Read, Write};
use std::path::Path;

use scelle_hash::Sha256Digest;
use scelle_manifest::{Item, ItemKind, LosslessText, ManifestLine, ManifestLineReader};
use scelle_sign::{PublicKey, SignatureFile};

use crate::Error;

/// What an audit compares of an item: the fields it reports on, nothing
/// more (a million items fit in a few hundred megabytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The original path, byte-exact.
    pub path: LosslessText,
    /// File, directory, link...
    pub kind: ItemKind,
    /// Content hash, for stored or hashed files.
    pub sha256: Option<Sha256Digest>,
    /// Size in bytes.
    pub size: u64,
    /// Permission bits, octal (`None` when the record has none).
    pub mode: Option<String>,
    /// Owner.
    pub uid: Option<u32>,
    /// Group.
    pub gid: Option<u32>,
    /// Modification time, nanoseconds since the epoch.
    pub mtime_ns: Option<i64>,
    /// Symbolic or hard link target.
    pub link_target: Option<LosslessText>,
}

impl From<Item> for Entry {
    fn from(item: Item) -> Self {
        Self {
            path: item.path,
            kind: item.kind,
            sha256: item.sha256,
            size: item.size,
            mode: item.mode,
            uid: item.uid,
            gid: item.gid,
            mtime_ns: item.mtime_ns,
            link_target: item.link_target,
        }
    }
}

/// Entries and the roots they were collected from.
#[derive(Debug, Clone, Default)]
pub struct Record {
    /// Roots, as absolute path bytes, in the order collected.
    pub roots: Vec<Vec<u8>>,
    /// Entries, in record order.
    pub items: Vec<Entry>,
}

/// Builds a [`Record`] from the bytes of a baseline or manifest laid out by
/// `ManifestWriter`, as they stream past: write them into it (it is a
/// [`Write`]), then [`RecordBuilder::finish`].
pub struct RecordBuilder {
    reader: ManifestLineReader,
    record: Record,
    origin: String,
    problem: Option<String>,
    /// The start of a line whose end has not arrived yet.
    pending: Vec<u8>,
}

impl RecordBuilder {
    /// A builder for the record read from `origin` (named in errors).
    pub fn new(origin: &str) -> Self {
        Self {
            reader: ManifestLineReader::new(),
            record: Record::default(),
            origin: origin.to_string(),
            problem: None,
            pending: Vec::new(),
        }
    }

    /// Takes one whole line (without its newline).
    pub fn line(&mut self, line: &[u8]) {
        if self.problem.is_some() {
            return;
        }
        match self.reader.line(line) {
            Ok(ManifestLine::Header(header)) => {
                self.record.roots = header
                    .acquisition
                    .roots
                    .iter()
                    .filter_map(|root| root.to_bytes())
                    .collect();
            }
            Ok(ManifestLine::Item(item)) => self.record.items.push(Entry::from(*item)),
            Ok(_) => {}
            Err(reason) => self.problem = Some(reason),
        }
    }

    /// The record, if every line was well formed and the footer was seen.
    pub fn finish(mut self) -> Result<Record, Error> {
        if !self.pending.is_empty() {
            let last = std::mem::take(&mut self.pending);
            self.line(&last);
        }
        let unreadable = |reason: String| Error::Unreadable {
            path: self.origin.clone(),
            reason,
        };
        if let Some(reason) = self.problem.clone() {
            return Err(unreadable(reason));
        }
        if !self.reader.ended() {
            return Err(unreadable("the record ends before its footer".into()));
        }
        Ok(self.record)
    }
}

impl Write for RecordBuilder {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let mut rest = bytes;
        while let Some(end) = rest.iter().position(|&b| b == b'\n') {
            if self.pending.is_empty() {
                self.line(&rest[..end]);
            } else {
                self.pending.extend_from_slice(&rest[..end]);
                let line = std::mem::take(&mut self.pending);
                self.line(&line);
            }
            rest = &rest[end + 1..];
        }
        self.pending.extend_from_slice(rest);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
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
            ..Default::default()
        };
        // The record comes from the pass that verifies it, kept only if
        // that pass finds the archive intact.
        let mut builder = RecordBuilder::new(&origin);
        let hooks = scelle_verify::Hooks {
            manifest_lines: Some(&mut |line| builder.line(line)),
            progress: None,
        };
        let report = scelle_verify::verify_archive_with(path, &options, hooks)
            .map_err(|e| unreadable(e.to_string()))?;
        if !report.authentic() {
            let first = report
                .findings
                .first()
                .map_or("signature not verified".to_string(), |f| f.message.clone());
            return Err(not_authentic(format!(
                "the archive does not verify ({first}); run scelle verify"
            )));
        }
        return builder.finish();
    }
    let signature_path = Path::new(&format!("{origin}.minisig")).to_path_buf();
    let signature =
        SignatureFile::load(&signature_path).map_err(|e| not_authentic(e.to_string()))?;
    // The bytes checked are the bytes parsed: parsed as they are checked,
    // and kept only if the signature over all of them holds.
    let source = std::fs::File::open(path).map_err(|e| unreadable(e.to_string()))?;
    let mut builder = RecordBuilder::new(&origin);
    public
        .verify_reader(
            &signature,
            TeeReader {
                source,
                copy: &mut builder,
            },
            &signature_path.display().to_string(),
        )
        .map_err(|e| not_authentic(e.to_string()))?;
    builder.finish()
}

/// Reads `source`, writing what it reads to `copy`.
struct TeeReader<'a, R> {
    source: R,
    copy: &'a mut dyn Write,
}

impl<R: Read> Read for TeeReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.source.read(buf)?;
        self.copy.write_all(&buf[..n])?;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A real baseline of a small tree, as bytes.
    fn baseline_bytes() -> Vec<u8> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a"), "alpha").unwrap();
        std::fs::write(dir.path().join("b\nc"), "a name with a newline").unwrap();
        let request = scelle_snapshot::FreezeRequest::new(
            "t",
            vec![dir.path().to_path_buf()],
            dir.path().to_path_buf(),
        );
        let key = scelle_sign::SecretKey::generate().unwrap();
        let (bytes, _) = scelle_snapshot::baseline(
            &request,
            scelle_manifest::Signer::of(&key.public_key(), None),
            Vec::new(),
            &scelle_snapshot::NoProgress,
        )
        .unwrap();
        bytes
    }

    #[test]
    fn lines_split_across_writes_give_the_same_record() {
        let bytes = baseline_bytes();
        let build = |chunk: usize| {
            let mut builder = RecordBuilder::new("test");
            for piece in bytes.chunks(chunk) {
                builder.write_all(piece).unwrap();
            }
            builder.finish().unwrap().items
        };
        let whole = build(bytes.len());
        assert_eq!(whole.len(), 3, "the root and two files");
        for chunk in [1, 7, 64, 4096] {
            assert_eq!(build(chunk), whole, "chunks of {chunk}");
        }
    }

    #[test]
    fn a_cut_record_is_refused() {
        let bytes = baseline_bytes();
        let mut builder = RecordBuilder::new("cut");
        builder.write_all(&bytes[..bytes.len() / 2]).unwrap();
        assert!(builder.finish().is_err());
    }
}
