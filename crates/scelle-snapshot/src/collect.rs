//! Walking the scene and turning each thing found into an item (and, for
//! regular files, a payload member).

use std::collections::{HashMap, HashSet};
use std::ffi::{OsStr, OsString};
use std::io::{self, Read, Write};
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::GlobSet;
use rustix::fs::{OFlags, CWD};
use scelle_archive::{layout, names, Cancelled, ContainerWriter, PayloadRecord};
use scelle_hash::Sha256Digest;
use scelle_manifest::{Item, ItemKind, LosslessText, ManifestWriter, ReadRecord, Status};

use crate::filesystem::{Filesystem, Filesystems};
use crate::freeze::{Incomplete, MAX_LISTED_INCOMPLETE};
use crate::metadata::{item_from_metadata, unexamined_item, Names};
use crate::prefetch::{self, Fetched, Prefetcher, Take};
use crate::stat::{Identity, Stat};
use crate::timed::TimedReader;
use crate::{extended, source, sparse, walk, Error, Progress};

mod change;
mod image;
mod outputs;
mod pseudo;

use change::change_reason;

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
    /// Directories (and files) never collected, whatever path reaches them.
    pub never_collect: HashSet<Identity>,
    /// How long a read may make no progress before the file is given up.
    pub read_timeout: std::time::Duration,
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
    pub stored_links: HashMap<Identity, PathBuf>,
    /// Directories entered, by (device, inode), to stop symlink loops when following links.
    pub entered_dirs: HashSet<Identity>,
    /// The directories above the root being collected (a followed link to
    /// one of them would walk the root again).
    root_ancestors: HashSet<Identity>,
    /// The device of the root being collected (`--one-file-system`).
    root_device: u64,
    /// Whether the root being collected is on procfs, sysfs or the like.
    root_is_pseudo: bool,
    /// The kind of filesystem of each device seen.
    filesystems: Filesystems,
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
            root_ancestors: HashSet::new(),
            root_device: 0,
            root_is_pseudo: false,
            filesystems: Filesystems::read(),
            incomplete: Vec::new(),
            image_names: HashSet::new(),
            current: RootOptions::default(),
            prefetcher: Prefetcher::new(read_ahead_threads),
        }
    }
}

/// How many directories of the path being walked are kept open; above
/// them, directories are closed and reopened through `..` on the way back
/// (checked to be the same directory), so any depth can be walked within
/// the open-file limit.
const MAX_OPEN_LEVELS: usize = 64;

/// A directory being walked and the names in it still to visit.
struct Level {
    /// Its handle; `None` while closed to save descriptors (a far ancestor).
    dir: Option<Arc<OwnedFd>>,
    identity: Identity,
    path: PathBuf,
    names: std::vec::IntoIter<OsString>,
}

/// Where an object is found: a name in an open directory. The root of a
/// collection is its absolute path, resolved by the kernel as the
/// responder typed it.
#[derive(Clone, Copy)]
struct Place<'p> {
    dir: BorrowedFd<'p>,
    name: &'p OsStr,
    path: &'p Path,
    /// Open it following a final symlink: a root, or a link followed
    /// under `--follow-symlinks`.
    follow: bool,
}

impl<W: Write, M: Write> Collector<'_, W, M> {
    /// Collects `root` and, for a directory, everything below it, depth first
    /// in byte order of names. A symlink given as a root is followed (only
    /// the root: the responder named it). Below the root, every directory is
    /// opened relative to its parent's handle and checked to be the one
    /// listed, so swapping a directory for a symlink redirects nothing.
    pub fn collect_root(&mut self, root: &Path) -> Result<(), Error> {
        let listed = match Stat::at(CWD, root.as_os_str(), true) {
            Ok(listed) => listed,
            Err(error) => {
                let reason = format!("a PATH given to collect that cannot be reached: {error}");
                return self.record_unreachable(root, &reason);
            }
        };
        self.root_device = listed.dev();
        self.root_ancestors.clear();
        self.root_is_pseudo = self.filesystems.of(&listed) == Filesystem::Pseudo;
        let place = Place {
            dir: CWD,
            name: root.as_os_str(),
            path: root,
            follow: true,
        };
        let mut stack: Vec<Level> = Vec::new();
        if let Some(level) = self.visit(place, Ok(listed))? {
            if let Some(dir) = &level.dir {
                self.root_ancestors = walk::ancestors(dir.as_fd()).into_iter().collect();
            }
            stack.push(level);
        }
        while let Some(top) = stack.last_mut() {
            let Some(name) = top.names.next() else {
                let done = stack.pop().expect("the stack has a top");
                self.resume_parent(&mut stack, &done)?;
                continue;
            };
            let dir = Arc::clone(top.dir.as_ref().expect("the deepest level is open"));
            let path = top.path.join(&name);
            let place = Place {
                dir: dir.as_fd(),
                name: &name,
                path: &path,
                follow: false,
            };
            let listed = Stat::at(dir.as_fd(), &name, false);
            if let Some(level) = self.visit(place, listed)? {
                stack.push(level);
                if let Some(far) = stack.len().checked_sub(MAX_OPEN_LEVELS + 1) {
                    stack[far].dir = None;
                }
            }
        }
        Ok(())
    }

    /// Reopens the directory at the top of `stack`, if it was closed,
    /// through the `..` of `child`, the level just finished. When `..` is
    /// no longer that directory (it was moved meanwhile), the rest of its
    /// names are recorded as not examined and the walk goes up one more.
    fn resume_parent(&mut self, stack: &mut Vec<Level>, child: &Level) -> Result<(), Error> {
        let mut child_dir = child.dir.clone();
        while let Some(top) = stack.last_mut() {
            if top.dir.is_some() {
                return Ok(());
            }
            let reopened = child_dir
                .as_ref()
                .map(|child| walk::open_parent(child.as_fd()));
            match reopened {
                Some(Ok(parent)) if parent.stat.identity() == top.identity => {
                    top.dir = Some(Arc::new(parent.fd));
                    return Ok(());
                }
                _ => {
                    let level = stack.pop().expect("the stack has a top");
                    for name in level.names {
                        let path = level.path.join(name);
                        self.progress.item(&path);
                        let reason = "not examined: its directory was moved or replaced while \
                                      a subdirectory was collected"
                            .to_string();
                        let mut item = unexamined_item(&path, ItemKind::Unknown, reason);
                        item.status = Status::Changed;
                        self.record(item)?;
                    }
                    child_dir = None;
                }
            }
        }
        Ok(())
    }

    fn follows_symlinks(&self) -> bool {
        self.rules.follow_symlinks || self.current.follow_symlinks
    }

    /// Asks for the small files of a directory just listed to be read
    /// ahead, except those the rules will not store.
    fn read_ahead(&self, level: &Level) {
        let Some(dir) = &level.dir else {
            return;
        };
        if self.current.metadata_only {
            return;
        }
        let limit = self
            .current
            .max_file_size
            .map_or(prefetch::MAX_FILE_SIZE, |cap| {
                cap.min(prefetch::MAX_FILE_SIZE)
            });
        for name in level.names.as_slice() {
            let path = level.path.join(name);
            if self.excluded_by(&path).is_none() {
                self.prefetcher.request(dir, name, path, limit);
            }
        }
    }

    /// Records one thing; returns the level to walk when it is a directory
    /// to descend into.
    fn visit(
        &mut self,
        place: Place<'_>,
        listed: io::Result<Stat>,
    ) -> Result<Option<Level>, Error> {
        let path = place.path;
        if self.progress.cancelled() {
            return Err(Error::Interrupted);
        }
        self.progress.item(path);
        let listed = match listed {
            Ok(listed) => listed,
            Err(error) if is_gone(&error) => {
                let reason = format!("listed in its directory, gone when examined: {error}");
                let mut item = unexamined_item(path, ItemKind::Unknown, reason);
                item.status = Status::Vanished;
                self.record(item)?;
                return Ok(None);
            }
            Err(error) => {
                let reason = format!("could not be examined: {error}");
                self.record(unexamined_item(path, ItemKind::Unknown, reason))?;
                return Ok(None);
            }
        };
        let skip_reason = if self.rules.never_collect.contains(&listed.identity()) {
            Some("scelle's own output is written here (whatever path reaches it)".to_string())
        } else {
            self.excluded_by(path)
                .map(|pattern| format!("excluded by --exclude {pattern}"))
        };
        if let Some(reason) = skip_reason {
            let mut item = item_from_metadata(path, &listed, &mut self.names);
            skip(&mut item, reason);
            self.record(item)?;
            return Ok(None);
        }
        // With --follow-symlinks, a link stands for its target: the item
        // takes the target's kind and metadata and keeps the link text.
        let mut link_text = None;
        let mut metadata = listed;
        let mut followed = false;
        if listed.is_symlink() {
            if let Ok(target) = rustix::fs::readlinkat(place.dir, place.name, Vec::new()) {
                link_text = Some(LosslessText::from_os(OsStr::from_bytes(target.as_bytes())));
            }
            if self.follows_symlinks() {
                if let Ok(target) = Stat::at(place.dir, place.name, true) {
                    metadata = target;
                    followed = true;
                }
            }
        }
        // A root is followed: say where a root that is a link led (a /proc
        // link to a deleted file reads "/tmp/x (deleted)").
        if place.follow && link_text.is_none() {
            if let Ok(target) = rustix::fs::readlinkat(place.dir, place.name, Vec::new()) {
                link_text = Some(LosslessText::from_os(OsStr::from_bytes(target.as_bytes())));
            }
        }
        let place = Place {
            follow: place.follow || followed,
            ..place
        };
        let mut item = item_from_metadata(path, &metadata, &mut self.names);
        item.link_target = link_text;
        item.extended = extended::read(place.dir, place.name, place.follow, metadata.attributes());
        match item.kind {
            ItemKind::Dir => self.visit_dir(item, place, &metadata, followed),
            ItemKind::File => {
                self.collect_file(item, place, &metadata, followed)?;
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
        place: Place<'_>,
        listed: &Stat,
        followed: bool,
    ) -> Result<Option<Level>, Error> {
        if self.rules.one_file_system && listed.dev() != self.root_device {
            skip(
                &mut item,
                "on another filesystem (--one-file-system)".into(),
            );
            self.record(item)?;
            return Ok(None);
        }
        if self.follows_symlinks() {
            let identity = listed.identity();
            if self.root_ancestors.contains(&identity) || !self.entered_dirs.insert(identity) {
                skip(
                    &mut item,
                    "directory already collected, or above the root (a symlink loop); not entered"
                        .into(),
                );
                self.record(item)?;
                return Ok(None);
            }
        }
        let walk::OpenedDir {
            fd: dir,
            stat: at_open,
            noatime,
        } = match walk::open_dir_at(place.dir, place.name, place.follow) {
            Ok(opened) => opened,
            Err(error) => {
                (item.status, item.reason) = open_failure(&error, "not entered");
                self.record(item)?;
                return Ok(None);
            }
        };
        if at_open.identity() != listed.identity() {
            item.status = Status::Changed;
            item.reason = Some(format!(
                "replaced between listing and opening by another directory \
                 (device {}, inode {}); not entered",
                at_open.dev(),
                at_open.ino()
            ));
            self.record(item)?;
            return Ok(None);
        }
        let filesystem = self.filesystems.of(&at_open);
        if followed && !self.root_is_pseudo && filesystem == Filesystem::Pseudo {
            skip(
                &mut item,
                "a symlink into a pseudo filesystem (procfs, sysfs, ...): not followed".into(),
            );
            self.record(item)?;
            return Ok(None);
        }
        item.listing_noatime = Some(noatime);
        match walk::sorted_names_in(dir.as_fd()) {
            Ok(names) => {
                self.record(item)?;
                // Pseudo files are read once, by the collector: reading
                // one may have effects, and their size says nothing. Remote
                // files neither: a worker stuck in a hung read is lost.
                let level = Level {
                    dir: Some(Arc::new(dir)),
                    identity: at_open.identity(),
                    path: place.path.to_path_buf(),
                    names: names.into_iter(),
                };
                if filesystem == Filesystem::Ordinary {
                    self.read_ahead(&level);
                }
                Ok(Some(level))
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
        place: Place<'_>,
        listed: &Stat,
        followed: bool,
    ) -> Result<(), Error> {
        let path = place.path;
        // Taken first, so a read ahead never lingers whatever happens below.
        let fetched = self.prefetcher.take(path, self.rules.read_timeout);
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
        let inode = listed.identity();
        // A file reached through a followed link may be reached again.
        if listed.nlink() > 1 || followed {
            if let Some(first) = self.stored_links.get(&inode) {
                item.kind = ItemKind::Hardlink;
                item.link_target = Some(LosslessText::from_os(first.as_os_str()));
                return self.record(item);
            }
        }
        let opened = match fetched {
            Take::Read(fetched) => Opened::ReadAhead(fetched),
            Take::Hung => {
                item.status = Status::Unreadable;
                item.reason = Some(format!(
                    "its read did not return within {} s (a hung network or FUSE \
                     filesystem?); given up, nothing stored",
                    self.rules.read_timeout.as_secs()
                ));
                return self.record(item);
            }
            Take::NotRead => {
                match source::open_at(place.dir, place.name, place.follow, OFlags::empty()) {
                    Ok(source) => Opened::File(source),
                    Err(error) => {
                        (item.status, item.reason) = open_failure(&error, "not read");
                        return self.record(item);
                    }
                }
            }
        };
        let at_open = match opened.metadata() {
            Ok(at_open) if at_open.is_file() && at_open.identity() == inode => at_open,
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
            extended: item.extended,
            ..item_from_metadata(path, &at_open, &mut self.names)
        };
        let member = format!("files/{}", names::member_name(path.as_os_str().as_bytes()));
        let filesystem = self.filesystems.of(&at_open);
        let opened = match opened {
            Opened::File(source) if filesystem == Filesystem::Pseudo => {
                return self.collect_pseudo_file(item, path, &member, source, &at_open);
            }
            opened => opened,
        };
        let announced = at_open.size();
        let mut sparse_record = None;
        let (stored, extra_bytes, after, noatime) = match opened {
            Opened::ReadAhead(fetched) => {
                let stored = self.store_held(
                    &member,
                    at_open.mtime_seconds(),
                    &fetched.content,
                    fetched.sha256,
                )?;
                (stored, false, fetched.after, fetched.noatime)
            }
            Opened::File(source) => {
                let isolated = filesystem == Filesystem::Remote;
                let layout = (!isolated)
                    .then(|| sparse::layout(&source.file, &at_open))
                    .flatten();
                let (sparse, data) = layout.unzip();
                sparse_record = sparse;
                let mut reader = TimedReader::new(
                    source.file,
                    announced,
                    self.rules.read_timeout,
                    isolated,
                    data,
                )?;
                let stored =
                    self.store(&member, announced, at_open.mtime_seconds(), &mut reader)?;
                let (extra_bytes, after) = match reader.finish() {
                    Some(finished) => (
                        stored.read_error.is_none() && finished.extra_bytes,
                        Stat::of(&finished.file).ok(),
                    ),
                    None => (false, None),
                };
                (stored, extra_bytes, after, source.noatime)
            }
        };
        let read = ReadRecord {
            announced_size: announced,
            source_bytes: stored.source_bytes,
            zero_padded: stored.zero_padded,
            extra_bytes,
            size_after: after.as_ref().map_or(announced, Stat::size),
            mtime_after_ns: after.as_ref().map_or(at_open.mtime_ns(), Stat::mtime_ns),
            noatime,
            read_to_end: false,
            sparse: sparse_record,
        };
        if let Some(error) = &stored.read_error {
            item.status = Status::Unreadable;
            item.reason = Some(format!(
                "read error after {} of {announced} bytes: {error}; the remaining {} bytes are stored as zeros",
                stored.source_bytes, stored.zero_padded
            ));
        } else if let Some(reason) = change_reason(&read, at_open.mtime_ns()) {
            item.status = Status::Changed;
            item.reason = Some(reason);
        }
        item.archive_path = self
            .container
            .is_some()
            .then(|| format!("{}{member}", layout::DATA));
        item.sha256 = Some(stored.sha256);
        item.read = Some(read);
        if at_open.nlink() > 1 || followed {
            self.stored_links.insert(inode, path.to_path_buf());
        }
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
        let mut source = Stoppable { source, progress };
        let stored = match self.container.as_deref_mut() {
            Some(container) => container.append_payload(
                member,
                size,
                u64::try_from(mtime).unwrap_or(0),
                &mut source,
                &mut on_bytes,
            ),
            None => scelle_archive::hash_payload(&mut source, size, &mut on_bytes),
        };
        match stored {
            Err(error) if Cancelled::is(&error) => Err(Error::Interrupted),
            other => Ok(other?),
        }
    }

    /// Stores content already read and hashed: by a worker (see
    /// [`crate::prefetch`]) or from a pseudo file.
    fn store_held(
        &mut self,
        member: &str,
        mtime: i64,
        content: &[u8],
        sha256: Sha256Digest,
    ) -> Result<PayloadRecord, Error> {
        if let Some(container) = self.container.as_deref_mut() {
            container.append_payload_hashed(
                member,
                content,
                sha256,
                u64::try_from(mtime).unwrap_or(0),
            )?;
        }
        let size = content.len() as u64;
        self.progress.bytes(size);
        Ok(PayloadRecord {
            sha256,
            source_bytes: size,
            zero_padded: 0,
            read_error: None,
        })
    }

    /// Records a path the responder asked for that cannot be reached.
    pub fn record_unreachable(&mut self, path: &Path, reason: &str) -> Result<(), Error> {
        self.record(unexamined_item(path, ItemKind::Unknown, reason.to_string()))
    }

    /// Records a path a profile asked for that is not on this host.
    pub fn record_missing(&mut self, path: &Path, reason: &str) -> Result<(), Error> {
        let mut item = unexamined_item(path, ItemKind::Unknown, String::new());
        skip(&mut item, reason.to_string());
        self.record(item)
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
    fn metadata(&self) -> io::Result<Stat> {
        match self {
            Opened::File(source) => Stat::of(&source.file),
            Opened::ReadAhead(fetched) => Ok(fetched.at_open),
        }
    }
}

/// Whether the name is no longer there (ENOENT).
fn is_gone(error: &io::Error) -> bool {
    error.kind() == io::ErrorKind::NotFound
}

/// The status and reason of an object listed but not opened. ELOOP (a
/// symlink where O_NOFOLLOW was asked) and ENOTDIR (not a directory where
/// O_DIRECTORY was) mean the name now holds another kind of object:
/// `changed`; ENOENT: `vanished`; anything else: `unreadable`. `not_done`
/// says what was therefore not done ("not read", "not entered").
fn open_failure(error: &io::Error, not_done: &str) -> (Status, Option<String>) {
    let replaced = matches!(
        rustix::io::Errno::from_io_error(error),
        Some(rustix::io::Errno::LOOP | rustix::io::Errno::NOTDIR)
    );
    let (status, reason) = if replaced {
        (
            Status::Changed,
            format!("replaced between listing and opening by another kind of object ({error}); {not_done}"),
        )
    } else if is_gone(error) {
        (
            Status::Vanished,
            format!("gone between listing and opening: {error}"),
        )
    } else {
        (
            Status::Unreadable,
            format!("cannot open: {error}; {not_done}"),
        )
    };
    (status, Some(reason))
}

fn skip(item: &mut Item, reason: String) {
    item.status = Status::Skipped;
    item.reason = Some(reason);
}

/// A source that fails with [`Cancelled`] once the user asked to stop, so
/// that a long file or image ends at once rather than padded to its size.
struct Stoppable<'a> {
    source: &'a mut dyn Read,
    progress: &'a dyn Progress,
}

impl Read for Stoppable<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.progress.cancelled() {
            return Err(Cancelled::error());
        }
        self.source.read(buf)
    }
}
