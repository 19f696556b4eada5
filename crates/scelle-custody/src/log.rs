//! Creating and appending to a custody log.

use std::ffi::OsString;
use std::fs::OpenOptions;
use std::io::{BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use chrono::{SecondsFormat, Utc};
use scelle_archive::EvidenceId;
use scelle_atomic::AtomicFile;
use scelle_hash::Sha256Digest;
use scelle_sign::Signer;

use crate::line::{encode_line, split_line};
use crate::lines::{JsonLines, Line, MAX_LINE};
use crate::{Draft, Entry, Error, Head, FORMAT_VERSION};

/// `<ID>.custody.jsonl` beside `<ID>.tar.zst`.
pub fn log_path_for(archive: &Path) -> PathBuf {
    let name = archive.file_name().unwrap_or_default().to_string_lossy();
    let stem = name.strip_suffix(".tar.zst").unwrap_or(&name);
    let mut file = OsString::from(stem);
    file.push(".custody.jsonl");
    archive.with_file_name(file)
}

/// Creates a new log at `path` (never replacing one) whose first entry is `draft`.
pub fn create(path: &Path, key: &dyn Signer, draft: Draft) -> Result<Appended, Error> {
    start(path, key, draft)?.commit()
}

/// A new log written and signed but not yet in place: [`Started::commit`]
/// puts it there; dropped, it leaves nothing behind. Lets a caller sign the
/// first entry before committing what the entry is about (an archive), so
/// that a signer that refuses leaves neither.
pub struct Started {
    file: AtomicFile,
    entry: Entry,
    line: Vec<u8>,
}

impl Started {
    /// Puts the log in place.
    pub fn commit(self) -> Result<Appended, Error> {
        let path = self.file.target().to_path_buf();
        self.file.commit().map_err(|source| Error::Io {
            path: path.display().to_string(),
            source,
        })?;
        Ok(Appended::new(self.entry, &self.line))
    }
}

/// Signs the first entry of a new log at `path` and writes it beside
/// `path`, not yet in place (see [`Started`]).
pub fn start(path: &Path, key: &dyn Signer, draft: Draft) -> Result<Started, Error> {
    let io_error = |source| Error::Io {
        path: path.display().to_string(),
        source,
    };
    let evidence_id = EvidenceId::parse(&draft.evidence_id).map_err(|error| Error::Unusable {
        path: path.display().to_string(),
        reason: format!("evidence id {error}"),
    })?;
    let entry = build(
        draft,
        evidence_id,
        0,
        Sha256Digest::from_bytes([0; 32]),
        key,
    );
    let mut line = encode_line(&entry, |bytes| key.sign_bytes(bytes))?;
    line.push(b'\n');
    let mut file = AtomicFile::create(path, 0o644).map_err(io_error)?;
    file.write_all(&line).map_err(io_error)?;
    Ok(Started { file, entry, line })
}

/// An entry just written, and the log's new head: the receipt to keep.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Appended {
    /// The entry as signed.
    pub entry: Entry,
    /// The log's entry count and the SHA-256 of the line just written.
    pub head: Head,
}

impl Appended {
    /// `line` is the line written, with its newline.
    fn new(entry: Entry, line: &[u8]) -> Self {
        let head = Head {
            entries: entry.seq + 1,
            sha256: Sha256Digest::of(line.strip_suffix(b"\n").unwrap_or(line)),
        };
        Self { entry, head }
    }
}

/// Appends `draft` to the log at `path`, signed by `key`, under an exclusive
/// lock, fsynced. Refuses a log whose last line is torn or unreadable: the
/// chain would be extended from something that does not verify.
pub fn append(path: &Path, key: &dyn Signer, draft: Draft) -> Result<Appended, Error> {
    let io_error = |source| Error::Io {
        path: path.display().to_string(),
        source,
    };
    let unusable = |reason: String| Error::Unusable {
        path: path.display().to_string(),
        reason,
    };
    let mut file = OpenOptions::new().read(true).append(true).open(path).map_err(|error| {
        if error.kind() == std::io::ErrorKind::NotFound {
            unusable("no custody log here; scelle freeze creates it next to the archive (or give --log FILE)".into())
        } else {
            io_error(error)
        }
    })?;
    file.lock().map_err(io_error)?;
    file.seek(SeekFrom::Start(0)).map_err(io_error)?;
    let (last, count) = last_line(&mut file).map_err(unusable)?;
    let parts = split_line(&last).map_err(|reason| {
        unusable(format!("its last line does not parse ({reason}); run scelle custody verify; nothing was appended"))
    })?;
    if parts.entry.seq + 1 != count {
        return Err(unusable(
            "its last entry's sequence number does not match the number of lines; run scelle custody verify".into(),
        ));
    }
    if !draft.evidence_id.is_empty() && parts.entry.evidence_id != *draft.evidence_id {
        return Err(unusable(format!(
            "this log is about {}, not {}",
            parts.entry.evidence_id, draft.evidence_id
        )));
    }
    let entry = build(
        draft,
        parts.entry.evidence_id,
        count,
        Sha256Digest::of(&last),
        key,
    );
    let mut line = encode_line(&entry, |bytes| key.sign_bytes(bytes))?;
    line.push(b'\n');
    file.write_all(&line).map_err(io_error)?;
    file.sync_all().map_err(io_error)?;
    Ok(Appended::new(entry, &line))
}

/// The last complete line (without newline) and how many lines there are.
fn last_line(file: &mut impl Read) -> Result<(Vec<u8>, u64), String> {
    let mut lines = JsonLines::new(BufReader::new(file));
    let mut last = Vec::new();
    let mut count = 0u64;
    while let Some((number, line)) = lines.next_line().map_err(|error| error.to_string())? {
        match line {
            Line::Whole(line) => last = line,
            Line::TooLong => {
                return Err(format!(
                    "line {number} is longer than {MAX_LINE} bytes; run scelle custody verify"
                ))
            }
            Line::Torn(_) => return Err(format!(
                "its last line ({number}) is torn, probably by a crash while writing; run scelle custody verify; nothing was appended"
            )),
        }
        count = number;
    }
    if count == 0 {
        return Err("the log is empty".into());
    }
    Ok((last, count))
}

fn build(
    draft: Draft,
    evidence_id: EvidenceId,
    seq: u64,
    prev: Sha256Digest,
    key: &dyn Signer,
) -> Entry {
    let public = key.public_key();
    Entry {
        v: FORMAT_VERSION,
        seq,
        prev,
        time: Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true),
        event: draft.event,
        evidence_id,
        actor: draft.actor,
        host: std::fs::read_to_string("/proc/sys/kernel/hostname")
            .ok()
            .map(|name| name.trim().to_string()),
        key_id: public.key_id(),
        public_key: public.to_base64(),
        key_source: Some(key.source()),
        details: draft.details,
        extra: Default::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_sits_beside_the_archive() {
        assert_eq!(
            log_path_for(Path::new("/usb/web01-20261125T091500Z.tar.zst")),
            Path::new("/usb/web01-20261125T091500Z.custody.jsonl")
        );
        assert_eq!(
            log_path_for(Path::new("x.bin")),
            Path::new("x.bin.custody.jsonl")
        );
    }
}
