//! Extraction: verify first without writing a byte; then verify again
//! while writing into a private staging directory inside the target, capped
//! at what the first pass accepted, and rename it into place only if both
//! passes passed and saw the same seal.

use std::ffi::OsStr;
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Seek, SeekFrom, Write};
use std::os::fd::OwnedFd;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::PermissionsExt;
use std::path::{Component, Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use scelle_archive::layout::{self, Payload};
use scelle_manifest::{ManifestLine, ManifestLineReader};

use rustix::fs::{Mode, OFlags};
use scelle_hash::Progress;

use crate::{check_archive, Copier, Error, Hooks, LocalFile, Options, Report};

/// What an extraction did.
#[derive(Debug)]
pub struct Extraction {
    /// The verification of the archive.
    pub report: Report,
    /// Where the evidence now is, when every check passed.
    pub extracted_to: Option<PathBuf>,
    /// Payload files written.
    pub files: u64,
    /// Why nothing was kept, when nothing was.
    pub refused: Option<String>,
}

/// Verifies `archive` and, when it is authentic (no finding and a valid
/// signature, anchored or not; without a key only when
/// `allow_unauthenticated`), leaves its content in `to/<ID>/`:
/// `files/<original path>` with byte-exact names, read-only, with recorded
/// mtimes, plus the bag's tag files. Otherwise nothing is left.
///
/// Only regular files and directories are created, inside a fresh staging
/// directory (`.scelle-unverified-*`, mode 0700, removed on any failure and
/// when `progress` says the user cancelled); no member can land outside it,
/// nothing is overwritten, and the final rename refuses an existing
/// `to/<ID>` (even a symlink). An archive that does not verify leaves no
/// byte on disk: the first pass writes nothing.
pub fn extract_archive(
    archive: &Path,
    options: &Options,
    to: &Path,
    allow_unauthenticated: bool,
    progress: &dyn Progress,
) -> Result<Extraction, Error> {
    let io_error = |path: &Path, source| Error::Io {
        path: path.display().to_string(),
        source,
    };
    let accepted = |report: &Report| {
        report.authentic() || (allow_unauthenticated && report.intact_but_unauthenticated())
    };
    let refusal = |report: &Report, reason: String| Extraction {
        report: report.clone(),
        extracted_to: None,
        files: 0,
        refused: Some(reason),
    };
    let hooks = || Hooks {
        progress: Some(progress),
        ..Hooks::default()
    };
    // First pass: verify, writing nothing.
    let mut counted = CountingCopier::default();
    let first = check_archive(&LocalFile(archive), options, &mut counted, hooks())?;
    if !accepted(&first) {
        return Ok(refusal(
            &first,
            "verification failed; nothing was extracted (nothing was written)".into(),
        ));
    }
    // An earlier extraction is named before anything is staged (the final
    // rename still refuses one that appears meanwhile).
    if let Some(id) = &first.evidence_id {
        let target = to.join(id);
        if target.symlink_metadata().is_ok() {
            return Err(Error::TargetExists { path: target });
        }
    }
    // Second pass: verify again while writing, at most what the first accepted.
    let staging = tempfile::Builder::new()
        .prefix(".scelle-unverified-")
        .tempdir_in(to)
        .map_err(|error| io_error(to, error))?;
    let mut writer = StagingWriter {
        directories: Directories::open(staging.path())
            .map_err(|error| io_error(staging.path(), error))?,
        current: None,
        files: 0,
        written: 0,
        limit: counted.bytes,
        error: None,
    };
    let report = check_archive(&LocalFile(archive), options, &mut writer, hooks())?;
    if let Some(error) = writer.error.take() {
        return Ok(refusal(
            &report,
            format!("could not write the extracted files: {error}"),
        ));
    }
    if !accepted(&report) {
        return Ok(refusal(
            &report,
            "verification failed; nothing was extracted".into(),
        ));
    }
    if report.seal_sha256 != first.seal_sha256 {
        return Ok(refusal(
            &report,
            "the archive changed between the two passes; nothing was extracted".into(),
        ));
    }
    let refusal = |reason: String| refusal(&report, reason);
    let id = report.evidence_id.clone().unwrap_or_default();
    if id.is_empty() || id.starts_with('.') || id.contains(['/', '\\']) {
        return Ok(refusal(format!(
            "evidence id {id:?} cannot name a directory"
        )));
    }
    finalize(staging.path()).map_err(|error| io_error(staging.path(), error))?;
    let target = to.join(&id);
    scelle_atomic::rename_no_replace(staging.path(), &target)
        .map_err(|error| io_error(&target, error))?;
    // The staging directory is now the target: nothing left to clean up.
    let _ = staging.keep();
    Ok(Extraction {
        files: writer.files,
        report,
        extracted_to: Some(target),
        refused: None,
    })
}

/// Counts the bytes of the members the checks accept (the first pass).
#[derive(Default)]
struct CountingCopier {
    bytes: u64,
}

impl Copier for CountingCopier {
    fn begin(&mut self, _rel: &str, _payload: bool) {}
    fn chunk(&mut self, data: &[u8]) {
        self.bytes = self.bytes.saturating_add(data.len() as u64);
    }
    fn end(&mut self) {}
}

/// Writes accepted members under the staging root, sparse where zeros
/// allow, never more than `limit` bytes in all.
struct StagingWriter {
    /// The staging directory's handles: every file is created relative to a
    /// directory handle, so a 4 KiB original path under a deep target never
    /// meets the kernel's PATH_MAX.
    directories: Directories,
    current: Option<(File, u64)>,
    files: u64,
    written: u64,
    limit: u64,
    error: Option<io::Error>,
}

impl StagingWriter {
    fn open(&mut self, rel: &str, payload: bool) -> io::Result<File> {
        let relative = if payload {
            extracted_path(rel)
                .ok_or_else(|| io::Error::other(format!("unexpected payload {rel}")))?
        } else {
            PathBuf::from(rel)
        };
        if relative
            .components()
            .any(|part| !matches!(part, Component::Normal(_)))
        {
            return Err(io::Error::other(format!(
                "refusing to write {}",
                relative.display()
            )));
        }
        let flags = OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW;
        self.directories
            .file(&relative, flags, Mode::from_raw_mode(0o600), true)
    }
}

/// Handles on the directories of the staging tree, opened one component at
/// a time; the directory of the last file is kept, since members come
/// grouped by directory: one chain of opens per directory, not per file
/// (a directory open took 40 µs on this VM's disk; one chain per file made
/// 1.6 million of them for 200,000 files).
struct Directories {
    root: File,
    last: Option<(PathBuf, OwnedFd)>,
}

impl Directories {
    fn open(root: &Path) -> io::Result<Self> {
        Ok(Self {
            root: File::open(root)?,
            last: None,
        })
    }

    /// Opens the file `rel` with `flags` (and `mode` when it creates it),
    /// creating its directories when `create`.
    fn file(&mut self, rel: &Path, flags: OFlags, mode: Mode, create: bool) -> io::Result<File> {
        let (parent, name) = split(rel)?;
        if self.last.as_ref().is_none_or(|(dir, _)| *dir != parent) {
            let handle = directory_at(&self.root, &parent, create)?;
            self.last = Some((parent, handle));
        }
        let (_, directory) = self.last.as_ref().expect("just set");
        let file = rustix::fs::openat(directory, name, flags | OFlags::CLOEXEC, mode)?;
        Ok(File::from(file))
    }
}

/// `path` as its directory and its last component.
fn split(path: &Path) -> io::Result<(PathBuf, &OsStr)> {
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::other(format!("no file name in {}", path.display())))?;
    Ok((path.parent().unwrap_or(Path::new("")).to_path_buf(), name))
}

/// The directory `rel` under `root`, opened one component at a time (and
/// created, mode 0755, with `create`), never through a symbolic link.
fn directory_at(root: &File, rel: &Path, create: bool) -> io::Result<OwnedFd> {
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    let mut current = rustix::fs::openat(root, ".", flags, Mode::empty())?;
    for part in rel.components() {
        let Component::Normal(name) = part else {
            return Err(io::Error::other(format!("refusing {}", rel.display())));
        };
        if create {
            match rustix::fs::mkdirat(&current, name, Mode::from_raw_mode(0o755)) {
                Ok(()) | Err(rustix::io::Errno::EXIST) => {}
                Err(error) => return Err(error.into()),
            }
        }
        current = rustix::fs::openat(&current, name, flags, Mode::empty())?;
    }
    Ok(current)
}

/// Opens the existing file `rel` of the tree for writing its metadata.
fn file_at(directories: &mut Directories, rel: &Path) -> io::Result<File> {
    directories.file(rel, OFlags::WRONLY | OFlags::NOFOLLOW, Mode::empty(), false)
}

impl Copier for StagingWriter {
    fn begin(&mut self, rel: &str, payload: bool) {
        if self.error.is_some() {
            return;
        }
        match self.open(rel, payload) {
            Ok(file) => {
                self.current = Some((file, 0));
                if payload {
                    self.files += 1;
                }
            }
            Err(error) => {
                self.error = Some(io::Error::new(error.kind(), format!("{rel}: {error}")))
            }
        }
    }

    fn chunk(&mut self, data: &[u8]) {
        let Some((file, length)) = &mut self.current else {
            return;
        };
        self.written = self.written.saturating_add(data.len() as u64);
        if self.written > self.limit {
            self.error = Some(io::Error::other(
                "the archive holds more than it did when first verified",
            ));
            self.current = None;
            return;
        }
        let result = if data.iter().all(|&b| b == 0) {
            file.seek(SeekFrom::Current(data.len() as i64)).map(drop)
        } else {
            file.write_all(data)
        };
        *length += data.len() as u64;
        if let Err(error) = result {
            self.error = Some(error);
            self.current = None;
        }
    }

    fn end(&mut self) {
        // One fsync per file, as each is complete. Deferring them to one
        // syncfs per 4,096 files or one at the end was measured slower on
        // this project's 2-core VM (200,000 files: 12.8 s once, then 86 s
        // and 131 s, the kernel's own time growing with the dirty files;
        // per-file fsync: 51 s every time): docs/ROBUSTNESS.md.
        if let Some((file, length)) = self.current.take() {
            if let Err(error) = file.set_len(length).and_then(|()| file.sync_all()) {
                self.error = Some(error);
            }
        }
    }
}

/// Where a payload member lands under `<ID>/`: `files/<original path>` for
/// collected files (byte-exact names through the path mapping),
/// `images/<name>` for images, `commands/<NNN-slug>.stdout|.stderr` for
/// command output.
fn extracted_path(member: &str) -> Option<PathBuf> {
    let rel = member.strip_prefix(layout::DATA)?;
    Some(match Payload::classify(member).ok()? {
        Payload::File(original) => {
            Path::new("files").join(Path::new(OsStr::from_bytes(&original[1..])))
        }
        Payload::Command(_) | Payload::Image(_) => PathBuf::from(rel),
    })
}

/// Restores recorded mtimes, makes every file read-only, from the extracted
/// (and verified) manifest.json.
fn finalize(path: &Path) -> io::Result<()> {
    let mut directories = Directories::open(path)?;
    let manifest = BufReader::new(File::open(path.join(layout::MANIFEST))?);
    let mut reader = ManifestLineReader::new();
    for line in manifest.split(b'\n') {
        let line = line?;
        let Ok(ManifestLine::Item(item)) = reader.line(&line) else {
            continue;
        };
        let stderr = item
            .command
            .as_ref()
            .and_then(|command| command.stderr.as_ref());
        let members = item
            .archive_path
            .iter()
            .chain(stderr.map(|output| &output.archive_path));
        for member in members {
            let Some(file) = extracted_path(member) else {
                continue;
            };
            let handle = file_at(&mut directories, &file)?;
            handle.set_modified(time_of(item.mtime_ns.unwrap_or(0)))?;
            handle.set_permissions(fs::Permissions::from_mode(0o444))?;
        }
    }
    for tag in layout::TAG_FILES {
        file_at(&mut directories, Path::new(tag))?
            .set_permissions(fs::Permissions::from_mode(0o444))?;
    }
    let root = &directories.root;
    root.set_permissions(fs::Permissions::from_mode(0o755))?;
    nix::unistd::syncfs(root)?;
    root.sync_all()
}

fn time_of(nanoseconds: i64) -> SystemTime {
    if nanoseconds >= 0 {
        UNIX_EPOCH + Duration::from_nanos(nanoseconds as u64)
    } else {
        UNIX_EPOCH - Duration::from_nanos(nanoseconds.unsigned_abs())
    }
}
