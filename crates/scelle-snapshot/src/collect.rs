//! Walking the scene and turning each thing found into an item (and, for
//! regular files, a payload member).

use std::collections::{HashMap, HashSet};
use std::ffi::OsString;
use std::fs::Metadata;
use std::io::{self, Read, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use globset::GlobSet;
use scelle_archive::{layout, names, ContainerWriter, PayloadRecord};
use scelle_manifest::{
    Item, ItemKind, LosslessText, ManifestWriter, OutputRecord, ReadRecord, Status,
};

use crate::command::{self, Ran};
use crate::freeze::{Incomplete, MAX_LISTED_INCOMPLETE};
use crate::image::{ImageOptions, ImageReader};
use crate::metadata::{item_from_metadata, nanos, unexamined_item, Names};
use crate::prefetch::{self, Fetched, Prefetcher};
use crate::{device, source, walk, Error, Progress};

/// Per-root rules (from a profile); the default collects everything.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RootOptions {
    /// Files larger than this are recorded as skipped, not stored.
    pub max_file_size: Option<u64>,
    /// Record metadata only: no content is stored below this root.
    pub metadata_only: bool,
    /// Follow symbolic links below this root.
    pub follow_symlinks: bool,
}

/// Collection rules.
pub(crate) struct Rules {
    pub excludes: GlobSet,
    pub exclude_patterns: Vec<String>,
    pub one_file_system: bool,
    pub follow_symlinks: bool,
    pub never_collect: Vec<PathBuf>,
}

/// Collects items into a container and a manifest.
pub(crate) struct Collector<'a, W: Write, M: Write> {
    /// Where content goes; `None` hashes it without storing (baselines).
    pub container: Option<&'a mut ContainerWriter<W>>,
    pub manifest: &'a mut ManifestWriter<M>,
    pub rules: &'a Rules,
    pub progress: &'a dyn Progress,
    pub names: Names,
    /// First stored name of each multiply-linked file, by (device, inode).
    pub stored_links: HashMap<(u64, u64), PathBuf>,
    /// Directories entered, by (device, inode), to stop symlink loops when following links.
    pub entered_dirs: HashSet<(u64, u64)>,
    /// Incomplete items, the first [`MAX_LISTED_INCOMPLETE`] of them.
    pub incomplete: Vec<Incomplete>,
    /// Member names already given to images.
    pub image_names: HashSet<String>,
    /// The rules of the root being collected.
    pub current: RootOptions,
    /// Reads small files ahead on the other cores.
    prefetcher: Prefetcher,
}

impl<'a, W: Write, M: Write> Collector<'a, W, M> {
    /// A collector with nothing collected yet, reading small files ahead
    /// on `read_ahead_threads` threads.
    pub fn new(
        container: Option<&'a mut ContainerWriter<W>>,
        manifest: &'a mut ManifestWriter<M>,
        rules: &'a Rules,
        progress: &'a dyn Progress,
        read_ahead_threads: usize,
    ) -> Self {
        Self {
            container,
            manifest,
            rules,
            progress,
            names: Names::default(),
            stored_links: HashMap::new(),
            entered_dirs: HashSet::new(),
            incomplete: Vec::new(),
            image_names: HashSet::new(),
            current: RootOptions::default(),
            prefetcher: Prefetcher::new(read_ahead_threads),
        }
    }
}

/// A directory being walked and the names in it still to visit.
type Level = (PathBuf, std::vec::IntoIter<OsString>);

impl<W: Write, M: Write> Collector<'_, W, M> {
    /// Collects `root` and, for a directory, everything below it, depth first
    /// in byte order of names. A symlink given as a root is followed (only
    /// the root: the responder named it).
    pub fn collect_root(&mut self, root: &Path) -> Result<(), Error> {
        let metadata = std::fs::metadata(root).map_err(|source| Error::Root {
            path: root.to_path_buf(),
            source,
        })?;
        let root_device = metadata.dev();
        let mut stack: Vec<Level> = Vec::new();
        if let Some(names) = self.visit(root, Ok(metadata), root_device)? {
            self.read_ahead(root, &names);
            stack.push((root.to_path_buf(), names.into_iter()));
        }
        while let Some((dir, names)) = stack.last_mut() {
            let Some(name) = names.next() else {
                stack.pop();
                continue;
            };
            let path = dir.join(name);
            let metadata = std::fs::symlink_metadata(&path);
            if let Some(names) = self.visit(&path, metadata, root_device)? {
                self.read_ahead(&path, &names);
                stack.push((path, names.into_iter()));
            }
        }
        Ok(())
    }

    /// Asks for the small files among `names` (in `dir`) to be read ahead,
    /// except those the rules will not store.
    fn read_ahead(&self, dir: &Path, names: &[OsString]) {
        if self.current.metadata_only {
            return;
        }
        let limit = self
            .current
            .max_file_size
            .map_or(prefetch::MAX_FILE_SIZE, |cap| {
                cap.min(prefetch::MAX_FILE_SIZE)
            });
        for name in names {
            let path = dir.join(name);
            let stored =
                !self.rules.never_collect.contains(&path) && self.excluded_by(&path).is_none();
            if stored {
                self.prefetcher.request(path, limit);
            }
        }
    }

    /// Records one thing; returns the names inside it when it is a directory
    /// to descend into.
    fn visit(
        &mut self,
        path: &Path,
        metadata: io::Result<Metadata>,
        root_device: u64,
    ) -> Result<Option<Vec<OsString>>, Error> {
        self.progress.item(path);
        let metadata = match metadata {
            Ok(metadata) => metadata,
            Err(error) => {
                let reason = format!("vanished or could not be examined: {error}");
                self.record(unexamined_item(path, ItemKind::File, reason))?;
                return Ok(None);
            }
        };
        let skip_reason = if self.rules.never_collect.iter().any(|never| never == path) {
            Some("scelle's own output is written here".to_string())
        } else {
            self.excluded_by(path)
                .map(|pattern| format!("excluded by --exclude {pattern}"))
        };
        if let Some(reason) = skip_reason {
            let mut item = item_from_metadata(path, &metadata, &mut self.names);
            skip(&mut item, reason);
            self.record(item)?;
            return Ok(None);
        }
        // With --follow-symlinks, a link stands for its target: the item
        // takes the target's kind and metadata and keeps the link text.
        let mut link_text = None;
        let mut real_path = path.to_path_buf();
        let mut metadata = metadata;
        if metadata.file_type().is_symlink() {
            let target = std::fs::read_link(path).ok();
            if self.rules.follow_symlinks || self.current.follow_symlinks {
                if let (Ok(real), Ok(target_metadata)) =
                    (std::fs::canonicalize(path), std::fs::metadata(path))
                {
                    real_path = real;
                    metadata = target_metadata;
                }
            }
            link_text = target.map(|target| LosslessText::from_os(target.as_os_str()));
        }
        let mut item = item_from_metadata(path, &metadata, &mut self.names);
        item.link_target = link_text;
        match item.kind {
            ItemKind::Dir => self.visit_dir(item, &real_path, &metadata, root_device),
            ItemKind::File => {
                self.collect_file(item, path, &real_path, &metadata)?;
                Ok(None)
            }
            _ => {
                self.record(item)?;
                Ok(None)
            }
        }
    }

    fn visit_dir(
        &mut self,
        mut item: Item,
        real_path: &Path,
        metadata: &Metadata,
        root_device: u64,
    ) -> Result<Option<Vec<OsString>>, Error> {
        if self.rules.one_file_system && metadata.dev() != root_device {
            skip(
                &mut item,
                "on another filesystem (--one-file-system)".into(),
            );
            self.record(item)?;
            return Ok(None);
        }
        if (self.rules.follow_symlinks || self.current.follow_symlinks)
            && !self.entered_dirs.insert((metadata.dev(), metadata.ino()))
        {
            skip(
                &mut item,
                "directory already collected under another path (symlink loop)".into(),
            );
            self.record(item)?;
            return Ok(None);
        }
        match walk::sorted_names(real_path) {
            Ok(names) => {
                self.record(item)?;
                Ok(Some(names))
            }
            Err(error) => {
                item.status = Status::Unreadable;
                item.reason = Some(format!("cannot list the directory: {error}"));
                self.record(item)?;
                Ok(None)
            }
        }
    }

    /// Stores a regular file's content (once per inode) and records it.
    fn collect_file(
        &mut self,
        mut item: Item,
        path: &Path,
        real_path: &Path,
        listed: &Metadata,
    ) -> Result<(), Error> {
        // Taken first, so a read ahead never lingers whatever happens below.
        let fetched = self.prefetcher.take(real_path);
        if self.current.metadata_only {
            skip(&mut item, "metadata only (collection profile)".into());
            return self.record(item);
        }
        if let Some(cap) = self
            .current
            .max_file_size
            .filter(|&cap| listed.size() > cap)
        {
            skip(
                &mut item,
                format!("larger than the profile's cap of {cap} bytes"),
            );
            return self.record(item);
        }
        let inode = (listed.dev(), listed.ino());
        if listed.nlink() > 1 {
            if let Some(first) = self.stored_links.get(&inode) {
                item.kind = ItemKind::Hardlink;
                item.link_target = Some(LosslessText::from_os(first.as_os_str()));
                return self.record(item);
            }
        }
        let opened = match fetched {
            Some(fetched) => Opened::ReadAhead(Box::new(fetched)),
            None => match source::open(real_path, 0) {
                Ok(source) => Opened::File(source),
                Err(error) => {
                    item.status = Status::Unreadable;
                    item.reason = Some(format!("cannot open: {error}"));
                    return self.record(item);
                }
            },
        };
        let at_open = match opened.metadata() {
            Ok(at_open) if at_open.is_file() && (at_open.dev(), at_open.ino()) == inode => at_open,
            Ok(_) => {
                item.status = Status::Changed;
                item.reason =
                    Some("replaced by another object between listing and opening; not read".into());
                return self.record(item);
            }
            Err(error) => {
                item.status = Status::Unreadable;
                item.reason = Some(format!("cannot examine after opening: {error}"));
                return self.record(item);
            }
        };
        // Metadata as it was when reading began: the state the content belongs to.
        let mut item = Item {
            link_target: item.link_target,
            ..item_from_metadata(path, &at_open, &mut self.names)
        };
        let member = format!("files/{}", names::member_name(path.as_os_str().as_bytes()));
        let announced = at_open.size();
        let (stored, extra_bytes, after, noatime) = match opened {
            Opened::ReadAhead(fetched) => {
                let stored = self.store_read_ahead(&member, at_open.mtime(), &fetched)?;
                (stored, false, fetched.after, fetched.noatime)
            }
            Opened::File(source) => {
                let mut file = source.file;
                let stored = self.store(&member, announced, at_open.mtime(), &mut file)?;
                let extra_bytes =
                    stored.read_error.is_none() && matches!(file.read(&mut [0u8; 1]), Ok(1));
                (stored, extra_bytes, file.metadata().ok(), source.noatime)
            }
        };
        let read = ReadRecord {
            announced_size: announced,
            source_bytes: stored.source_bytes,
            zero_padded: stored.zero_padded,
            extra_bytes,
            size_after: after.as_ref().map_or(announced, |after| after.size()),
            mtime_after_ns: after.as_ref().map_or(item.mtime_ns, |after| {
                nanos(after.mtime(), after.mtime_nsec())
            }),
            noatime,
        };
        if let Some(error) = &stored.read_error {
            item.status = Status::Unreadable;
            item.reason = Some(format!(
                "read error after {} of {announced} bytes: {error}; the remaining {} bytes are stored as zeros",
                stored.source_bytes, stored.zero_padded
            ));
        } else if let Some(reason) = change_reason(&read, item.mtime_ns) {
            item.status = Status::Changed;
            item.reason = Some(reason);
        }
        item.archive_path = self
            .container
            .is_some()
            .then(|| format!("{}{member}", layout::DATA));
        item.sha256 = Some(stored.sha256);
        item.read = Some(read);
        if at_open.nlink() > 1 {
            self.stored_links.insert(inode, path.to_path_buf());
        }
        self.record(item)
    }

    /// Images `path` (a block device or a file) into `data/images/<name>.raw`.
    /// A source that cannot be opened is recorded as unreadable; unreadable
    /// sectors are zeros listed in the item; exceeding `--max-errors` stops
    /// the freeze.
    pub fn collect_image(&mut self, path: &Path, options: &ImageOptions) -> Result<(), Error> {
        self.progress.item(path);
        let metadata = match std::fs::metadata(path) {
            Ok(metadata) => metadata,
            Err(error) => {
                let reason = format!("cannot examine the image source: {error}");
                return self.record(unexamined_item(path, ItemKind::Image, reason));
            }
        };
        let mut item = item_from_metadata(path, &metadata, &mut self.names);
        item.kind = ItemKind::Image;
        item.special = None;
        let opened = source::open(path, 0).and_then(|mut opened| {
            let size = device::source_size(&mut opened.file, &metadata)?;
            Ok((opened.file, size))
        });
        let (file, size) = match opened {
            Ok(opened) => opened,
            Err(error) => {
                item.status = Status::Unreadable;
                item.reason = Some(format!("cannot open the image source: {error}"));
                return self.record(item);
            }
        };
        let facts = device::device_facts(path);
        let sector = facts.logical_sector_size.unwrap_or(512);
        let member = format!("images/{}", self.image_name(path));
        let mut reader = ImageReader::new(file, size, sector, options);
        let stored = self.store(&member, size, metadata.mtime(), &mut reader)?;
        if let Some(message) = reader.aborted.take() {
            return Err(Error::ImageAborted {
                path: path.to_path_buf(),
                message,
            });
        }
        let record = reader.finish(facts);
        item.size = size;
        item.archive_path = self
            .container
            .is_some()
            .then(|| format!("{}{member}", layout::DATA));
        item.sha256 = Some(stored.sha256);
        if !record.unreadable_ranges.is_empty() {
            item.status = Status::UnreadableRanges;
            item.reason = Some(format!(
                "{} unreadable byte range(s), {} bytes stored as zeros (see image.unreadable_ranges)",
                record.unreadable_ranges.len(),
                record.zero_bytes_filled
            ));
        }
        item.image = Some(Box::new(record));
        self.record(item)
    }

    /// Stores a command's outputs as `data/commands/NNN-slug.stdout|.stderr`
    /// and records it.
    pub fn store_command(&mut self, index: usize, ran: Ran) -> Result<(), Error> {
        use std::io::Seek;
        let mut record = ran.record;
        let mut item = unexamined_item(
            Path::new(&record.command_line),
            ItemKind::Command,
            String::new(),
        );
        item.status = ran.status;
        item.reason = ran.reason;
        let stem = command::member_stem(index, &record.command_line);
        for (stream, captured) in [("stdout", ran.stdout), ("stderr", ran.stderr)] {
            let Some(mut captured) = captured else {
                continue;
            };
            captured.file.rewind()?;
            let member = format!("commands/{stem}.{stream}");
            let stored = self.store(&member, captured.size, 0, &mut captured.file)?;
            if let Some(error) = stored.read_error {
                return Err(Error::Output(error));
            }
            let output = OutputRecord {
                archive_path: format!("{}{member}", layout::DATA),
                size: captured.size,
                sha256: stored.sha256,
                bytes_written: captured.bytes_written,
                truncated: captured.bytes_written > captured.size,
            };
            if stream == "stdout" {
                item.archive_path = Some(output.archive_path.clone());
                item.size = output.size;
                item.sha256 = Some(output.sha256);
                record.stdout = Some(output);
            } else {
                record.stderr = Some(output);
            }
        }
        item.command = Some(Box::new(record));
        self.record(item)
    }

    /// Stores `size` bytes of `source` as `data/<member>`, or only hashes
    /// them when there is no container.
    fn store(
        &mut self,
        member: &str,
        size: u64,
        mtime: i64,
        source: &mut dyn Read,
    ) -> Result<PayloadRecord, Error> {
        let progress = self.progress;
        let mut on_bytes = |count| progress.bytes(count);
        Ok(match self.container.as_deref_mut() {
            Some(container) => container.append_payload(
                member,
                size,
                u64::try_from(mtime).unwrap_or(0),
                source,
                &mut on_bytes,
            )?,
            None => scelle_archive::hash_payload(source, size, &mut on_bytes)?,
        })
    }

    /// Stores a file a worker read and hashed ahead (see [`crate::prefetch`]).
    fn store_read_ahead(
        &mut self,
        member: &str,
        mtime: i64,
        fetched: &Fetched,
    ) -> Result<PayloadRecord, Error> {
        if let Some(container) = self.container.as_deref_mut() {
            container.append_payload_hashed(
                member,
                &fetched.content,
                fetched.sha256,
                u64::try_from(mtime).unwrap_or(0),
            )?;
        }
        let size = fetched.content.len() as u64;
        self.progress.bytes(size);
        Ok(PayloadRecord {
            sha256: fetched.sha256,
            source_bytes: size,
            zero_padded: 0,
            read_error: None,
        })
    }

    /// Records a path a profile asked for that is not on this host.
    pub fn record_missing(&mut self, path: &Path, reason: &str) -> Result<(), Error> {
        let mut item = unexamined_item(path, ItemKind::File, String::new());
        skip(&mut item, reason.to_string());
        self.record(item)
    }

    /// `<file name>.raw`, reduced to safe characters and made unique.
    fn image_name(&mut self, path: &Path) -> String {
        let base: String = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default()
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let base = base.trim_start_matches('.');
        let base = if base.is_empty() { "image" } else { base };
        let mut name = format!("{base}.raw");
        let mut counter = 2;
        while !self.image_names.insert(name.clone()) {
            name = format!("{base}-{counter}.raw");
            counter += 1;
        }
        name
    }

    /// The first `--exclude` pattern matching `path`.
    fn excluded_by(&self, path: &Path) -> Option<&str> {
        let index = *self.rules.excludes.matches(path).first()?;
        self.rules.exclude_patterns.get(index).map(String::as_str)
    }

    fn record(&mut self, item: Item) -> Result<(), Error> {
        self.manifest.item(&item)?;
        if item.status.is_incomplete() && self.incomplete.len() < MAX_LISTED_INCOMPLETE {
            self.incomplete.push(Incomplete {
                path: item.path,
                status: item.status,
                reason: item.reason.unwrap_or_default(),
            });
        }
        Ok(())
    }
}

/// A regular file ready to be stored: open, or already read by a worker.
enum Opened {
    File(source::Source),
    ReadAhead(Box<Fetched>),
}

impl Opened {
    /// The file's metadata when it was opened.
    fn metadata(&self) -> io::Result<Metadata> {
        match self {
            Opened::File(source) => source.file.metadata(),
            Opened::ReadAhead(fetched) => Ok(fetched.at_open.clone()),
        }
    }
}

fn skip(item: &mut Item, reason: String) {
    item.status = Status::Skipped;
    item.reason = Some(reason);
}

/// Why a file's read counts as changed, or `None` if it did not change.
fn change_reason(read: &ReadRecord, mtime_at_open_ns: i64) -> Option<String> {
    let mut seen = Vec::new();
    if read.zero_padded > 0 {
        seen.push(format!(
            "yielded {} of the {} bytes announced at opening ({} zero bytes stored in their place)",
            read.source_bytes, read.announced_size, read.zero_padded
        ));
    }
    if read.extra_bytes {
        seen.push(format!(
            "had more than the {} bytes announced at opening (the rest was not stored)",
            read.announced_size
        ));
    }
    if read.size_after != read.announced_size {
        seen.push(format!(
            "size went from {} to {} bytes",
            read.announced_size, read.size_after
        ));
    }
    if read.mtime_after_ns != mtime_at_open_ns {
        seen.push("its modification time changed".into());
    }
    (!seen.is_empty()).then(|| format!("changed during acquisition: {}", seen.join("; ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(announced: u64, source: u64, extra: bool, after: u64, mtime_after: i64) -> ReadRecord {
        ReadRecord {
            announced_size: announced,
            source_bytes: source,
            zero_padded: announced - source,
            extra_bytes: extra,
            size_after: after,
            mtime_after_ns: mtime_after,
            noatime: true,
        }
    }

    #[test]
    fn unchanged_read_has_no_reason() {
        assert_eq!(change_reason(&read(10, 10, false, 10, 5), 5), None);
    }

    #[test]
    fn every_kind_of_change_is_described() {
        let shrunk = change_reason(&read(10, 4, false, 4, 6), 5).unwrap();
        assert!(shrunk.contains("yielded 4 of the 10 bytes"), "{shrunk}");
        assert!(shrunk.contains("size went from 10 to 4"), "{shrunk}");
        assert!(shrunk.contains("modification time changed"), "{shrunk}");
        let grew = change_reason(&read(10, 10, true, 10, 5), 5).unwrap();
        assert!(grew.contains("more than the 10 bytes"), "{grew}");
    }
}
