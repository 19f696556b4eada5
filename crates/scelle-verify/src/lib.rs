//! The expert's side: checking a sealed archive, or an extracted bag, without
//! trusting a single byte of it.
//!
//! [`verify_archive`] reads a `.tar.zst` in one streaming pass: the seal hash
//! of the file, the zstd frame and its checksum, every tar header (with its
//! own hostile-input parser: no allocation from claimed sizes, pax headers
//! capped, only regular members), the SHA-256 of every member, then the bag's
//! manifests, manifest.json (streamed line by line) and its signature.
//! [`verify_bag_dir`] does the same checks on an extracted bag directory.
//!
//! Disagreements are **findings** in the [`Report`], not errors: `Err` means
//! the check could not run at all (unreadable file).
//!
//! ```
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use scelle_verify::{verify_archive, Options};
//!
//! let dir = tempfile::tempdir()?;
//! let garbage = dir.path().join("not-an-archive.tar.zst");
//! std::fs::write(&garbage, b"hello")?;
//! let report = verify_archive(&garbage, &Options::default())?;
//! assert!(!report.intact());
//! assert!(report.findings_total > 0);
//! # Ok(()) }
//! ```

mod checker;
mod extract;
mod inspect;
mod lines;
mod locate;
mod report;

use std::cell::RefCell;
use std::ffi::OsStr;
use std::fs::File;
use std::io::{self, BufReader, Read};
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::rc::Rc;

use scelle_hash::{HashingReader, NoProgress, Progress};

pub use checker::{ManifestLines, Options};
pub use extract::{extract_archive, Extraction};
pub use inspect::manifest_lines;
pub use report::{
    Anchor, Finding, FindingKind, KnockOn, Report, SignatureReport, SignatureStatus, MAX_FINDINGS,
};
pub use scelle_finding::{Place, Verdict};

use checker::Checker;
use report::FindingKind as K;
use scelle_archive::{layout, reader, Next, TarProblem, TarReader};

/// Why a verification could not run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Extraction would overwrite `to/<ID>`, there before the command ran.
    #[error("{} already exists: extract never overwrites", path.display())]
    TargetExists {
        /// The directory that exists.
        path: std::path::PathBuf,
    },
    /// The archive or a bag file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// What the OS said.
        source: io::Error,
    },
}

/// Remembers an error from the input itself (the file, the connection), to
/// tell it from damaged content, and reports the bytes read.
struct InputReader<'a> {
    input: Box<dyn Read + 'a>,
    error: Rc<RefCell<Option<io::Error>>>,
    /// The file's first bytes, to tell "not an archive" from "damaged".
    head: Rc<RefCell<Vec<u8>>>,
    progress: &'a dyn Progress,
}

/// How many first bytes [`InputReader`] keeps.
const HEAD_LEN: usize = 20;

impl Read for InputReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.progress.cancelled() {
            let error = || io::Error::other("interrupted (Ctrl-C or SIGTERM)");
            *self.error.borrow_mut() = Some(error());
            return Err(error());
        }
        let read = self.input.read(buf).inspect_err(|error| {
            *self.error.borrow_mut() = Some(io::Error::new(error.kind(), error.to_string()));
        })?;
        let mut head = self.head.borrow_mut();
        let wanted = HEAD_LEN.saturating_sub(head.len()).min(read);
        head.extend_from_slice(&buf[..wanted]);
        self.progress.bytes(read as u64);
        Ok(read)
    }
}

/// What a caller hears from a verification while it runs.
#[derive(Default)]
pub struct Hooks<'a> {
    /// Each line of manifest.json, as the single pass checks it: a caller
    /// that needs the record (audit, report) takes it from the pass that
    /// verified it, never from a second read that a swapped file could feed.
    pub manifest_lines: Option<ManifestLines<'a>>,
    /// Bytes of the file read (of the archive, compressed) and members reached.
    pub progress: Option<&'a dyn Progress>,
}

/// Receives the content of every member the checks accept, as it streams
/// past (used by extraction; verification alone copies nothing).
pub(crate) trait Copier {
    /// A member starts; `rel` is its name inside the bag.
    fn begin(&mut self, rel: &str, payload: bool);
    /// More of its content.
    fn chunk(&mut self, data: &[u8]);
    /// It is complete.
    fn end(&mut self);
}

struct NoCopy;

impl Copier for NoCopy {
    fn begin(&mut self, _rel: &str, _payload: bool) {}
    fn chunk(&mut self, _data: &[u8]) {}
    fn end(&mut self) {}
}

/// Where an archive's bytes come from: a file, or an object in the
/// evidence locker (read straight from the bucket, never stored first).
pub trait Source {
    /// How reports and errors name it (a path, an `s3://` URL).
    fn name(&self) -> String;
    /// The file name it goes by, checked against the evidence id.
    fn file_name(&self) -> Option<String>;
    /// A reader from its first byte. Called once for the checks, and once
    /// more only to locate the damaged pieces of an image.
    fn open(&self) -> io::Result<Box<dyn Read + '_>>;
}

/// An archive file on a local disk.
pub(crate) struct LocalFile<'a>(pub &'a Path);

impl Source for LocalFile<'_> {
    fn name(&self) -> String {
        self.0.display().to_string()
    }

    fn file_name(&self) -> Option<String> {
        Some(self.0.file_name()?.to_string_lossy().into_owned())
    }

    fn open(&self) -> io::Result<Box<dyn Read + '_>> {
        Ok(Box::new(File::open(self.0)?))
    }
}

/// Verifies a `.tar.zst` archive in one pass.
pub fn verify_archive(path: &Path, options: &Options) -> Result<Report, Error> {
    check_archive(&LocalFile(path), options, &mut NoCopy, Hooks::default())
}

/// [`verify_archive`], telling `hooks` what it reads as it goes.
pub fn verify_archive_with<'a>(
    path: &Path,
    options: &'a Options,
    hooks: Hooks<'a>,
) -> Result<Report, Error> {
    check_archive(&LocalFile(path), options, &mut NoCopy, hooks)
}

/// [`verify_archive_with`] for an archive read from any [`Source`]: the
/// same single pass, the same report.
pub fn verify_source_with<'a>(
    source: &dyn Source,
    options: &'a Options,
    hooks: Hooks<'a>,
) -> Result<Report, Error> {
    check_archive(source, options, &mut NoCopy, hooks)
}

/// The single pass behind [`verify_archive`] and extraction.
pub(crate) fn check_archive<'a>(
    source: &dyn Source,
    options: &'a Options,
    copier: &mut dyn Copier,
    hooks: Hooks<'a>,
) -> Result<Report, Error> {
    let progress = hooks.progress.unwrap_or(&NoProgress);
    let io_error = |source_error| Error::Io {
        path: source.name(),
        source: source_error,
    };
    let input = source.open().map_err(io_error)?;
    let input_error = Rc::new(RefCell::new(None));
    let head = Rc::new(RefCell::new(Vec::new()));
    let input = InputReader {
        input,
        error: input_error.clone(),
        head: head.clone(),
        progress,
    };
    // With a core to spare, the seal's SHA-256 is computed beside the
    // decompression and the members' hashes.
    let spare_core = std::thread::available_parallelism().is_ok_and(|cores| cores.get() > 1);
    let hashing = if spare_core {
        HashingReader::aside(input).map_err(io_error)?
    } else {
        HashingReader::new(input)
    };
    let mut checker = Checker::new(options, true, None, hooks.manifest_lines);
    let buffered = BufReader::with_capacity(1 << 20, hashing);

    let mut tar = reader::open(buffered).map_err(io_error)?;
    let problem = read_members(&mut tar, &mut checker, copier, progress);
    if let Some(error) = input_error.borrow_mut().take() {
        return Err(io_error(error));
    }
    if let Some(problem) = problem {
        let finding = stopping_finding(problem, &head.borrow(), checker.members);
        checker.findings.independent(finding);
        checker.findings.stop();
    }
    let mut rest = tar.into_inner().finish();
    let images = checker.take_images_to_locate();
    if !images.is_empty() {
        locate::locate_in_archive(source, &images, &mut checker.findings);
    }
    // Whatever follows the zstd frame, and the rest of the file after a
    // problem, still goes through the seal hash.
    let trailing = io::copy(&mut rest, &mut io::sink()).map_err(io_error)?;
    if let Some(error) = input_error.borrow_mut().take() {
        return Err(io_error(error));
    }
    if trailing > 0 && checker.findings.total == 0 && checker.findings.knock_on.is_empty() {
        checker.findings.add(
            K::TrailingData,
            None,
            format!("{trailing} bytes after the end of the zstd frame"),
        );
    }
    let (seal, archive_size) = rest.into_inner().finish();
    if let Some(expected) = options.expect_seal {
        if expected != seal {
            checker.findings.independent(
                Finding::new(
                    K::SealMismatch,
                    scelle_finding::Place::none(),
                    "the archive's SHA-256 is not the expected seal hash",
                )
                .with_values(expected, seal),
            );
        }
    }
    let mut report = checker.finish(source.name(), "archive");
    if options.expect_seal == Some(seal) {
        report.anchors.insert(0, report::Anchor::Seal);
    }
    if let Some(warning) = file_name_warning(source.file_name(), report.evidence_id.as_deref()) {
        report.warnings.push(warning);
    }
    report.seal_sha256 = Some(seal);
    report.archive_size = Some(archive_size);
    for finding in &mut report.findings {
        if finding.kind == K::Truncated {
            // Where the copy stops: what a responder compares with the original's size.
            finding.place.offset = Some(archive_size);
            finding.message = "the archive stops here, before the end of its compressed \
                               stream: it is truncated (an incomplete copy or download)"
                .to_string();
        }
    }
    Ok(report)
}

/// A warning when the archive's file name is not `<ID>.tar.zst`: a genuine
/// seal of other evidence renamed to this one's name must not pass unseen.
fn file_name_warning(name: Option<String>, evidence_id: Option<&str>) -> Option<Finding> {
    let id = evidence_id?;
    let name = name?;
    let expected = scelle_archive::EvidenceId::parse(id).ok()?.archive_name();
    (name != expected).then(|| {
        Finding::new(
            K::FileName,
            scelle_finding::Place::none(),
            format!(
                "the file is named {name:?} but holds evidence {id}: make sure this is the \
                 evidence the procès-verbal describes"
            ),
        )
        .with_values(expected, name)
    })
}

/// Reads every member into the checker; a structural problem stops the walk
/// (nothing after it can be located reliably) and is returned.
fn read_members<R: Read>(
    tar: &mut TarReader<R>,
    checker: &mut Checker,
    copier: &mut dyn Copier,
    progress: &dyn Progress,
) -> Option<TarProblem> {
    loop {
        let header = match tar.next_member() {
            Ok(Next::Member(header)) => header,
            Ok(Next::End) => break trailing_after_end(tar),
            Err(problem) => break Some(problem),
        };
        progress.item(Path::new(OsStr::from_bytes(&header.name)));
        let mut sink = checker.begin_member(
            &header.name,
            header.is_regular(),
            type_name(header.typeflag),
        );
        checker.member_header(&sink, &header);
        if let Some((rel, payload)) = sink.accepted() {
            copier.begin(rel, payload);
        }
        let copying = sink.accepted().is_some();
        let copied = tar.content(header.content_size(), |chunk| {
            checker.feed(&mut sink, chunk);
            if copying {
                copier.chunk(chunk);
            }
        });
        if let Err(problem) = copied {
            break Some(problem);
        }
        if copying {
            copier.end();
        }
        checker.end_member(sink);
    }
}

/// The zstd frame magic number every scelle archive starts with.
const ZSTD_MAGIC: [u8; 4] = [0x28, 0xb5, 0x2f, 0xfd];

/// The finding for the problem that stopped the read of a file whose first
/// bytes are `head`, after `members` members: a file that is not zstd at
/// all is not a scelle archive (rather than a "damaged stream" followed by
/// every file it lacks).
fn stopping_finding(problem: TarProblem, head: &[u8], members: u64) -> Finding {
    let place = scelle_finding::Place::none();
    if members == 0 && !head.starts_with(&ZSTD_MAGIC) {
        return Finding::new(
            K::NotAnArchive,
            place,
            format!("this is not a scelle archive: {}", what_it_is(head)),
        );
    }
    match problem {
        TarProblem::Truncated(message) => Finding::new(K::Truncated, place, message),
        TarProblem::Corrupt(message) => Finding::new(K::TarStructure, place, message),
        TarProblem::Trailing(message) => Finding::new(K::TrailingData, place, message),
        // Its message, with the byte where the file stops, is written once
        // the whole file has been read.
        TarProblem::Read(error) if error.kind() == io::ErrorKind::UnexpectedEof => {
            Finding::new(K::Truncated, place, error.to_string())
        }
        TarProblem::Read(error) => Finding::new(
            K::CompressedStream,
            place,
            format!("the compressed stream is damaged ({error}): the bytes were altered or badly copied"),
        ),
    }
}

/// What a file that is not zstd looks like, from its first bytes.
fn what_it_is(head: &[u8]) -> String {
    let known: &[(&[u8], &str)] = &[
        (b"\x1f\x8b", "a gzip file"),
        (b"PK\x03\x04", "a zip file"),
        (b"%PDF", "a PDF document"),
        (b"\x89PNG", "a PNG image"),
        (b"\xff\xd8\xff", "a JPEG image"),
        (b"untrusted comment:", "a minisign key or signature"),
        (b"{", "text (JSON?)"),
    ];
    let kind = known
        .iter()
        .find(|(magic, _)| head.starts_with(magic))
        .map(|(_, kind)| format!(" (it looks like {kind})"))
        .unwrap_or_default();
    if head.is_empty() {
        return "the file is empty".to_string();
    }
    let hex: Vec<String> = head
        .iter()
        .take(4)
        .map(|byte| format!("{byte:02x}"))
        .collect();
    format!(
        "it is not a zstd stream: it starts with bytes {}{kind}, where a .tar.zst starts with 28 b5 2f fd",
        hex.join(" ")
    )
}

/// After the end marker only zero blocks may follow (GNU tar and Python's
/// tarfile pad to a 10240-byte record).
fn trailing_after_end<R: Read>(tar: &mut TarReader<R>) -> Option<TarProblem> {
    tar.zero_padding().err()
}

fn type_name(typeflag: u8) -> &'static str {
    match typeflag {
        b'1' => "hard link",
        b'2' => "symbolic link",
        b'3' => "character device",
        b'4' => "block device",
        b'5' => "directory",
        b'6' => "FIFO",
        b'L' | b'K' => "GNU long-name header",
        b'S' => "GNU sparse file",
        _ => "member of unknown type",
    }
}

/// Verifies a bag directory (an archive extracted by `tar`), or a tree
/// made by `scelle extract` (`files/<original path>`, `images/`,
/// `commands/` and the tag files): each of its files is checked under the
/// member name the path mapping gives its original path, so a working copy
/// is checked against the signed record years later.
///
/// The evidence id is taken from bag-info.txt's `External-Identifier` (so a
/// renamed directory still verifies), or else from the directory name; either
/// way it must agree with the signed manifest.json.
pub fn verify_bag_dir(dir: &Path, options: &Options) -> Result<Report, Error> {
    verify_bag_dir_with(dir, options, Hooks::default())
}

/// [`verify_bag_dir`], telling `hooks` what it reads as it goes.
pub fn verify_bag_dir_with<'a>(
    dir: &Path,
    options: &'a Options,
    hooks: Hooks<'a>,
) -> Result<Report, Error> {
    let progress = hooks.progress.unwrap_or(&NoProgress);
    let id = external_identifier(&dir.join(layout::BAG_INFO)).unwrap_or_else(|| {
        dir.file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default()
    });
    let mut checker = Checker::new(options, false, Some(id.clone()), hooks.manifest_lines);
    let io_error = |path: &Path, source| Error::Io {
        path: path.display().to_string(),
        source,
    };
    let mut buffer = vec![0u8; 1 << 20];
    let mut feed_file = |checker: &mut Checker, rel: &str, path: &Path| -> Result<(), Error> {
        let mut sink = checker.begin_member(format!("{id}/{rel}").as_bytes(), true, "file");
        progress.item(path);
        let mut file = open_regular(path).map_err(|error| io_error(path, error))?;
        loop {
            let n = file
                .read(&mut buffer)
                .map_err(|error| io_error(path, error))?;
            if n == 0 {
                break;
            }
            progress.bytes(n as u64);
            checker.feed(&mut sink, &buffer[..n]);
        }
        checker.end_member(sink);
        Ok(())
    };
    let known_tags = scelle_archive::layout::TAG_FILES;
    // `scelle extract` writes no data/ directory: the payload is under
    // files/, images/ and commands/ with the original names.
    let extracted = !dir.join("data").exists() && dir.join(layout::MANIFEST).is_file();
    let regular = |path: &Path| {
        std::fs::symlink_metadata(path).is_ok_and(|metadata| metadata.file_type().is_file())
    };
    if regular(&dir.join(layout::BAGIT)) {
        feed_file(&mut checker, layout::BAGIT, &dir.join(layout::BAGIT))?;
    }
    let mut others = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .min_depth(1)
    {
        let entry = entry.map_err(|error| io_error(dir, error.into()))?;
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let rel_text = rel.to_string_lossy().into_owned();
        let file_type = entry.file_type();
        if file_type.is_dir() {
            continue;
        }
        if !file_type.is_file() {
            let what = if file_type.is_symlink() {
                "symbolic link"
            } else {
                "special file"
            };
            checker.begin_member(format!("{id}/{rel_text}").as_bytes(), false, what);
            continue;
        }
        if let Some(member) = extracted.then(|| extracted_member(rel)).flatten() {
            feed_file(&mut checker, &member, entry.path())?;
        } else if !extracted && rel.starts_with("data") {
            feed_file(&mut checker, &rel_text, entry.path())?;
        } else if !known_tags.contains(&rel_text.as_str()) {
            others.push(rel_text);
        }
    }
    for tag in &known_tags[1..] {
        let path = dir.join(tag);
        if regular(&path) {
            feed_file(&mut checker, tag, &path)?;
        }
    }
    for rel in others {
        checker.begin_member(format!("{id}/{rel}").as_bytes(), true, "file");
    }
    let images = checker.take_images_to_locate();
    if !images.is_empty() {
        locate::locate_in_dir(dir, &images, &mut checker.findings);
    }
    let kind = if extracted {
        "extracted-directory"
    } else {
        "bag-directory"
    };
    Ok(checker.finish(dir.display().to_string(), kind))
}

/// The member name (`data/...`) of a file of a tree made by `scelle
/// extract`: `files/<original path>` maps back through the path mapping.
fn extracted_member(rel: &Path) -> Option<String> {
    if let Ok(original) = rel.strip_prefix("files") {
        let mut path = b"/".to_vec();
        path.extend_from_slice(original.as_os_str().as_bytes());
        return Some(layout::file_member(&path));
    }
    ["images", "commands"]
        .iter()
        .any(|top| rel.starts_with(top))
        .then(|| format!("{}{}", layout::DATA, rel.to_string_lossy()))
}

/// Opens a file of a bag directory only if it is a regular file: never
/// through a symlink, never blocking on a FIFO, never opening a device
/// (checked before the open, and again on what was opened).
pub(crate) fn open_regular(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    let not_regular = || {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file (a FIFO, device, socket or symlink is never opened)",
        )
    };
    if !std::fs::symlink_metadata(path)?.file_type().is_file() {
        return Err(not_regular());
    }
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(nix::libc::O_NONBLOCK | nix::libc::O_NOFOLLOW)
        .open(path)?;
    if !file.metadata()?.is_file() {
        return Err(not_regular());
    }
    Ok(file)
}

/// `External-Identifier` from a bag-info.txt, if readable and plausible.
fn external_identifier(bag_info: &Path) -> Option<String> {
    let mut text = String::new();
    open_regular(bag_info)
        .ok()?
        .take(1 << 20)
        .read_to_string(&mut text)
        .ok()?;
    text.lines()
        .find_map(|line| line.strip_prefix("External-Identifier: "))
        .map(str::to_string)
        .filter(|id| !id.is_empty() && !id.contains(['/', '\\']) && id != "." && id != "..")
}
