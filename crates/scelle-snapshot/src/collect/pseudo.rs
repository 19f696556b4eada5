//! Files of procfs, sysfs and the like, whose size says nothing of their content.

use std::io::{Read, Write};
use std::path::Path;

use scelle_archive::layout;
use scelle_hash::Sha256Digest;
use scelle_manifest::{Item, ReadRecord, Status};

use super::{skip, Collector};
use crate::source;
use crate::stat::Stat;
use crate::timed::TimedReader;
use crate::Error;

/// The most read from one file of a pseudo filesystem (`/proc/PID/maps`
/// of a large process is a few MiB).
const PSEUDO_FILE_CAP: u64 = 16 << 20;

/// Pseudo files never read: reading `kmsg` consumes the kernel log, the
/// others are memory.
const NEVER_READ: [&str; 4] = ["kmsg", "kcore", "mem", "pagemap"];

impl<W: Write, M: Write> Collector<'_, W, M> {
    /// Stores a file of a pseudo filesystem, whose `fstat` size is not its
    /// content's: read to its end, at most [`PSEUDO_FILE_CAP`] bytes. The
    /// memory and kernel-log files of procfs are never read.
    pub(super) fn collect_pseudo_file(
        &mut self,
        mut item: Item,
        path: &Path,
        member: &str,
        source: source::Source,
        at_open: &Stat,
    ) -> Result<(), Error> {
        let name = path.file_name().unwrap_or_default();
        if NEVER_READ.iter().any(|never| name == *never) {
            skip(
                &mut item,
                "never read: reading kmsg takes the messages from the system log, and \
                 kcore, mem and pagemap are memory (use a memory acquisition tool)"
                    .into(),
            );
            return self.record(item);
        }
        let mut content = Vec::new();
        let mut reader = TimedReader::new(
            source.file,
            PSEUDO_FILE_CAP,
            self.rules.read_timeout,
            false,
            None,
        )?;
        let read_error = reader.read_to_end(&mut content).err();
        let finished = reader.finish();
        let longer = finished
            .as_ref()
            .is_some_and(|finished| finished.extra_bytes);
        let sha256 = Sha256Digest::of(&content);
        let stored = self.store_held(member, at_open.mtime_seconds(), &content, sha256)?;
        let after = finished.and_then(|finished| Stat::of(&finished.file).ok());
        let read = ReadRecord {
            announced_size: at_open.size(),
            source_bytes: stored.source_bytes,
            zero_padded: 0,
            extra_bytes: longer,
            size_after: after.as_ref().map_or(at_open.size(), Stat::size),
            mtime_after_ns: after.as_ref().map_or(at_open.mtime_ns(), Stat::mtime_ns),
            noatime: source.noatime,
            read_to_end: true,
            sparse: None,
        };
        if let Some(error) = read_error {
            item.status = Status::Unreadable;
            item.reason = Some(format!(
                "read error after {} bytes of a pseudo file: {error}; the bytes before it are stored",
                content.len()
            ));
        } else if longer {
            item.status = Status::Unreadable;
            item.reason = Some(format!(
                "a pseudo file longer than {PSEUDO_FILE_CAP} bytes: only the first {PSEUDO_FILE_CAP} are stored"
            ));
        } else if read.mtime_after_ns != at_open.mtime_ns() {
            item.status = Status::Changed;
            item.reason = Some("changed during acquisition: its modification time changed".into());
        }
        item.size = stored.source_bytes;
        item.archive_path = self
            .container
            .is_some()
            .then(|| format!("{}{member}", layout::DATA));
        item.sha256 = Some(sha256);
        item.read = Some(read);
        self.record(item)
    }
}
