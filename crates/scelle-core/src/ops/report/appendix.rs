//! The item list of an archive as an appendix to the report: one
//! tab-separated line per item of its signed manifest, with its SHA-256,
//! written while the archive is verified and named, with its own SHA-256,
//! in the report (which the report's signature then covers).

use std::io::Write;
use std::path::{Path, PathBuf};

use scelle_atomic::AtomicFile;
use scelle_hash::{HashingWriter, Sha256Digest};
use scelle_manifest::Item;

use crate::error::{Context, Result};
use crate::text::Untrusted;

/// The columns, language-neutral: the appendix is for tools as much as for
/// people (`cut`, a spreadsheet).
const HEADER: &str = "path\tkind\tstatus\tsize\tsha256\tmtime_utc\n";

/// An appendix being written: nothing is at its name until [`finish`].
///
/// [`finish`]: Appendix::finish
pub struct Appendix {
    path: PathBuf,
    file: HashingWriter<AtomicFile>,
    items: u64,
    failed: Option<std::io::Error>,
}

/// An appendix written whole, not yet at its name: it appears with the
/// report ([`Finished::commit`]), or not at all.
pub struct Finished {
    path: PathBuf,
    file: AtomicFile,
    /// Its SHA-256.
    pub sha256: Sha256Digest,
    /// Items listed.
    pub items: u64,
}

impl Finished {
    /// Where it goes.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Puts it at its name; returns where, and its SHA-256.
    pub fn commit(self) -> Result<(PathBuf, Sha256Digest)> {
        self.file
            .commit()
            .with_context(|| format!("cannot write {}", self.path.display()))?;
        Ok((self.path, self.sha256))
    }
}

impl Appendix {
    /// Starts a new appendix at `path` (never replaced).
    pub fn create(path: &Path) -> Result<Self> {
        let file = AtomicFile::create(path, 0o644)
            .with_context(|| format!("cannot write {}", path.display()))?;
        let mut appendix = Appendix {
            path: path.to_path_buf(),
            file: HashingWriter::new(file),
            items: 0,
            failed: None,
        };
        appendix.write(HEADER.as_bytes());
        Ok(appendix)
    }

    /// Lists one item. A write error is kept for [`finish`](Appendix::finish).
    pub fn item(&mut self, item: &Item) {
        let line = format!(
            "{}\t{}\t{}\t{}\t{}\t{}\n",
            escaped(&item.path.to_bytes().unwrap_or_default()),
            item.kind.name(),
            item.status.name(),
            item.size,
            item.sha256.map(|d| d.to_string()).unwrap_or_default(),
            item.mtime_ns.map(utc).unwrap_or_default(),
        );
        self.items += 1;
        self.write(line.as_bytes());
    }

    fn write(&mut self, bytes: &[u8]) {
        if self.failed.is_none() {
            if let Err(error) = self.file.write_all(bytes) {
                self.failed = Some(error);
            }
        }
    }

    /// The appendix whole, and what it holds.
    pub fn finish(self) -> Result<Finished> {
        if let Some(error) = self.failed {
            return Err(error).with_context(|| format!("cannot write {}", self.path.display()));
        }
        let (file, sha256, _) = self.file.finish();
        Ok(Finished {
            path: self.path,
            file,
            sha256,
            items: self.items,
        })
    }
}

/// A path on one line of a TSV, losslessly and unable to mislead whoever
/// opens it: backslashes doubled, controls, bidi and zero-width characters
/// escaped as on a terminal ([`Untrusted`]), bytes that are not UTF-8 as
/// `\xHH`.
fn escaped(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        out.push_str(&Untrusted(&chunk.valid().replace('\\', "\\\\")).to_string());
        for byte in chunk.invalid() {
            out.push_str(&format!("\\x{byte:02x}"));
        }
    }
    out
}

/// Nanoseconds since the epoch as RFC 3339 UTC.
fn utc(ns: i64) -> String {
    chrono::DateTime::from_timestamp_nanos(ns).to_rfc3339_opts(chrono::SecondsFormat::Nanos, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_stays_on_one_line_and_loses_nothing() {
        assert_eq!(
            escaped("/a\tb\nc\\d\u{202e}".as_bytes()),
            "/a\\tb\\nc\\\\d\\u{202e}"
        );
        assert_eq!(
            escaped(b"\xff\x1b[31m\xe9t\xc3\xa9"),
            "\\xff\\u{1b}[31m\\xe9té"
        );
    }

    #[test]
    fn times_are_utc_with_nanoseconds() {
        assert_eq!(
            utc(1_700_000_000_123_456_789),
            "2023-11-14T22:13:20.123456789Z"
        );
    }
}
