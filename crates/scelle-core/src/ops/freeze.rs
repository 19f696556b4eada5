//! `freeze`: the responder's main job. The order is fixed here: seal the
//! archive, start its custody log with the `sealed` entry, ask the TSA (if
//! any), then record the seal in the case journal.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono::Utc;
use scelle_archive::ContainerOptions;
use scelle_atomic::AtomicFile;
use scelle_hash::Sha256Digest;
use scelle_manifest::{Case, Status as ItemStatus, Totals};
use scelle_sign::{KeyId, Signer as KeySigner};
use scelle_snapshot::{FreezeOutcome, FreezeRequest};
use serde::{Deserialize, Serialize};

use crate::callbacks::{Callbacks, Event, HashProgress};
use crate::error::{refuse, Context, Result};
use crate::identity::{self, EvidenceId};
use crate::ops::custody::{details, Signer};
use crate::ops::timestamp::TsaOptions;
use crate::ops::{case, timestamp};

/// The default zstd level.
pub const DEFAULT_LEVEL: i32 = 3;
/// The default time a live-response command may run, in seconds.
pub const DEFAULT_COMMAND_TIMEOUT: u64 = 60;
/// Default `--read-timeout`, seconds.
pub const DEFAULT_READ_TIMEOUT: u64 = 60;
/// The default image piece size and command output cap: 64 MiB.
pub const DEFAULT_SIZE_CAP: u64 = 64 << 20;

/// What to seal and how.
#[derive(Clone, Debug)]
#[cfg_attr(feature = "clap", derive(clap::Args))]
pub struct FreezeOptions {
    /// Directory the archive is written to (preferably not on the compromised
    /// disk), `-` to stream it to standard output (e.g. through ssh), or
    /// s3://BUCKET/PREFIX to stream it into an S3 Object Lock bucket.
    #[cfg_attr(feature = "clap", arg(long, value_name = "DIR"))]
    pub out: PathBuf,
    /// Where the manifest waits while the payload streams (default: the --out
    /// directory; with `--out -`, $TMPDIR). Never collected.
    #[cfg_attr(feature = "clap", arg(long, value_name = "DIR"))]
    pub temp_dir: Option<PathBuf>,
    /// Also write the summary (seal hash, totals, signer) as JSON to FILE.
    #[cfg_attr(feature = "clap", arg(long, value_name = "FILE"))]
    pub receipt: Option<PathBuf>,
    /// Where to start the custody log (default: <ID>.custody.jsonl beside the
    /// archive; required with `--out -`).
    #[cfg_attr(feature = "clap", arg(long, value_name = "FILE"))]
    pub custody_out: Option<PathBuf>,
    /// The incident case file (scelle case init): its facts go into the
    /// manifest, and the seal into its journal (signed with --key).
    #[cfg_attr(feature = "clap", arg(long, value_name = "DIR"))]
    pub case_dir: Option<PathBuf>,
    #[cfg_attr(feature = "clap", command(flatten))]
    /// The TSA that stamps manifest.json once sealed.
    pub tsa: TsaOptions,
    #[cfg_attr(feature = "clap", command(flatten))]
    /// With `--out s3://BUCKET/PREFIX`: the evidence locker and its lock.
    pub locker: crate::ops::locker::LockerOptions,
    /// Evidence id (letters, digits, '.', '_', '-'). Default: <hostname>-<UTC yyyymmddThhmmssZ>.
    #[cfg_attr(feature = "clap", arg(long, value_name = "ID"))]
    pub id: Option<String>,
    /// Case or file number.
    #[cfg_attr(feature = "clap", arg(long, value_name = "TEXT"))]
    pub case_id: Option<String>,
    /// Short title of the case.
    #[cfg_attr(feature = "clap", arg(long, value_name = "TEXT"))]
    pub title: Option<String>,
    /// Legal basis, e.g. "ordonnance art. 145 CPC, TJ Paris, 2026-11-20".
    #[cfg_attr(feature = "clap", arg(long, value_name = "TEXT"))]
    pub legal_basis: Option<String>,
    /// Examiner's name.
    #[cfg_attr(feature = "clap", arg(long, value_name = "NAME"))]
    pub examiner: Option<String>,
    /// Organisation acting.
    #[cfg_attr(feature = "clap", arg(long, value_name = "NAME"))]
    pub organization: Option<String>,
    /// A note for the record (repeatable).
    #[cfg_attr(feature = "clap", arg(long, value_name = "TEXT"))]
    pub note: Vec<String>,
    /// Who runs the acquisition. Default: $SUDO_USER, $USER, or the user id's name.
    #[cfg_attr(feature = "clap", arg(long, value_name = "NAME"))]
    pub operator: Option<String>,
    /// Record paths matching GLOB (matched against the absolute path; `*` crosses '/') as skipped.
    #[cfg_attr(feature = "clap", arg(long, value_name = "GLOB"))]
    pub exclude: Vec<String>,
    /// Do not descend into other filesystems below each PATH.
    #[cfg_attr(feature = "clap", arg(long))]
    pub one_file_system: bool,
    /// Follow symbolic links inside the scene (by default they are recorded, not followed).
    #[cfg_attr(feature = "clap", arg(long))]
    pub follow_symlinks: bool,
    /// zstd level, 1 to 19.
    #[cfg_attr(feature = "clap", arg(long, default_value_t = DEFAULT_LEVEL, value_parser = clap::value_parser!(i32).range(1..=19)))]
    pub level: i32,
    /// zstd worker threads (0: compress on the main thread). Default: the number of CPUs.
    #[cfg_attr(feature = "clap", arg(long, value_name = "N"))]
    pub threads: Option<u32>,
    /// A disk, volume or image file to image into data/images/ (repeatable).
    #[cfg_attr(feature = "clap", arg(long, value_name = "DEV_OR_FILE"))]
    pub image: Vec<PathBuf>,
    /// Piece size for the piecewise SHA-256 of images (bytes, or with K, M, G).
    #[cfg_attr(feature = "clap", arg(long, value_name = "SIZE", default_value = "64M", value_parser = parse_piece_size))]
    pub piece_size: u64,
    /// Stop the freeze after this many unreadable sectors in an image.
    #[cfg_attr(feature = "clap", arg(long, value_name = "N"))]
    pub max_errors: Option<u64>,
    /// Extra image digests on the same stream, for courts that ask: md5, sha1 (comma-separated).
    #[cfg_attr(feature = "clap", arg(long, value_name = "LIST", value_delimiter = ',', value_parser = ["md5", "sha1"]))]
    pub extra_hash: Vec<String>,
    /// A live-response command to run before anything is read, its output
    /// kept (repeatable, run in the order given, split into words, no shell).
    #[cfg_attr(feature = "clap", arg(long, value_name = "CMD"))]
    pub command: Vec<String>,
    /// Run each --command through /bin/sh -c (pipes, redirections, globs).
    #[cfg_attr(feature = "clap", arg(long))]
    pub command_shell: bool,
    /// Kill a command's process group after this many seconds.
    #[cfg_attr(feature = "clap", arg(long, value_name = "SECS", default_value_t = DEFAULT_COMMAND_TIMEOUT))]
    pub command_timeout: u64,
    /// Give up a file whose read makes no progress for this many seconds (a
    /// hung NFS or FUSE mount): it is recorded unreadable at the offset
    /// reached and the freeze goes on.
    #[cfg_attr(feature = "clap", arg(long, value_name = "SECS", default_value_t = DEFAULT_READ_TIMEOUT, value_parser = clap::value_parser!(u64).range(1..)))]
    pub read_timeout: u64,
    /// Keep at most this much of each command's stdout and stderr (K, M, G).
    #[cfg_attr(feature = "clap", arg(long, value_name = "SIZE", default_value = "64M", value_parser = parse_byte_size))]
    pub command_max_bytes: u64,
    /// A collection profile: a built-in name (scelle profile list) or a .toml file.
    #[cfg_attr(feature = "clap", arg(long, value_name = "NAME|FILE"))]
    pub profile: Option<String>,
    /// The time read from a trusted clock (RFC 3339, e.g. 2026-11-25T10:00:00+01:00);
    /// the manifest records the host clock's offset from it.
    #[cfg_attr(feature = "clap", arg(long, value_name = "TIME"))]
    pub reference_time: Option<String>,
    /// Files and directories to seal.
    #[cfg_attr(feature = "clap", arg(required_unless_present_any = ["image", "profile", "command"], value_name = "PATH"))]
    pub paths: Vec<PathBuf>,
    /// The exact command line, recorded in manifest.json.
    #[cfg_attr(feature = "clap", arg(skip))]
    pub command_line: Vec<std::ffi::OsString>,
}

impl Default for FreezeOptions {
    fn default() -> Self {
        Self {
            out: PathBuf::new(),
            temp_dir: None,
            receipt: None,
            custody_out: None,
            case_dir: None,
            tsa: TsaOptions::default(),
            locker: Default::default(),
            id: None,
            case_id: None,
            title: None,
            legal_basis: None,
            examiner: None,
            organization: None,
            note: Vec::new(),
            operator: None,
            exclude: Vec::new(),
            one_file_system: false,
            follow_symlinks: false,
            level: DEFAULT_LEVEL,
            threads: None,
            image: Vec::new(),
            piece_size: DEFAULT_SIZE_CAP,
            max_errors: None,
            extra_hash: Vec::new(),
            command: Vec::new(),
            command_shell: false,
            command_timeout: DEFAULT_COMMAND_TIMEOUT,
            read_timeout: DEFAULT_READ_TIMEOUT,
            command_max_bytes: DEFAULT_SIZE_CAP,
            profile: None,
            reference_time: None,
            paths: Vec::new(),
            command_line: std::env::args_os().collect(),
        }
    }
}

#[cfg(feature = "clap")]
fn parse_byte_size(text: &str) -> Result<u64, String> {
    scelle_snapshot::parse_size(text)
}

#[cfg(feature = "clap")]
fn parse_piece_size(text: &str) -> Result<u64, String> {
    let size = scelle_snapshot::parse_size(text)?;
    if size < scelle_manifest::MIN_PIECE_SIZE {
        return Err("pieces must be at least 1M".into());
    }
    Ok(size)
}

impl FreezeOptions {
    /// Whether the archive goes to a stream (`--out -`) rather than a directory.
    pub fn streams(&self) -> bool {
        self.out.as_os_str() == "-"
    }

    /// Whether the archive goes to the evidence locker (`--out s3://...`
    /// or `--out grant:FILE`).
    pub fn to_locker(&self) -> bool {
        let out = self.out.to_string_lossy();
        out.starts_with("s3://") || out.starts_with("grant:")
    }
}

/// Seals the scene `options` describes with `secret`. The archive goes to
/// `<out>/<ID>.tar.zst`, or into `stream` with `--out -` (then `stream`
/// must be given). Returns the summary, also written to `--receipt`.
pub fn freeze(
    options: &FreezeOptions,
    secret: &dyn KeySigner,
    stream: Option<&mut dyn Write>,
    callbacks: &dyn Callbacks,
) -> Result<FreezeReport> {
    let locker = options
        .to_locker()
        .then(|| crate::ops::locker::Target::of(&options.out.to_string_lossy(), &options.locker))
        .transpose()?;
    let out_dir = if options.streams() || locker.is_some() {
        if options.streams() && stream.is_none() {
            refuse!("--out - needs a stream to write the archive to");
        }
        None
    } else {
        let dir = std::fs::canonicalize(&options.out)
            .with_context(|| format!("output directory {} is not usable", options.out.display()))?;
        if !dir.is_dir() {
            refuse!("--out {} is not a directory", options.out.display());
        }
        Some(dir)
    };
    let temp_dir = match (&options.temp_dir, &out_dir) {
        (Some(dir), _) => {
            std::fs::canonicalize(dir).with_context(|| format!("--temp-dir {}", dir.display()))?
        }
        (None, Some(dir)) => dir.clone(),
        (None, None) => std::env::temp_dir(),
    };
    // A bad profile or reference time is refused before anything runs.
    let profile = options
        .profile
        .as_deref()
        .map(scelle_snapshot::load_profile)
        .transpose()
        .map_err(crate::Error::Refused)?;
    let clock_reference = options
        .reference_time
        .as_deref()
        .map(clock_reference)
        .transpose()?;
    let (profile_roots, missing) = profile
        .as_ref()
        .map(scelle_snapshot::Profile::expand_paths)
        .unwrap_or_default();
    let mut root_options = std::collections::HashMap::new();
    let mut all_roots = Vec::new();
    for (path, root) in profile_roots {
        if let Ok(real) = identity::resolve_root(&path) {
            root_options.insert(real.clone(), root);
            all_roots.push(real);
        }
    }
    let (given_roots, unreachable) = identity::reachable_roots(&options.paths);
    if given_roots.is_empty()
        && !unreachable.is_empty()
        && options.image.is_empty()
        && options.command.is_empty()
        && profile.is_none()
    {
        let listed: Vec<String> = unreachable
            .iter()
            .map(|(path, error)| format!("{}: {error}", path.display()))
            .collect();
        refuse!(
            "none of the paths to collect can be reached ({}); check them and run again",
            listed.join("; ")
        );
    }
    all_roots.extend(given_roots);
    let roots = identity::outermost(all_roots);
    let images: Vec<PathBuf> = options
        .image
        .iter()
        .map(|path| {
            identity::resolve_root(path).with_context(|| format!("cannot image {}", path.display()))
        })
        .collect::<Result<_>>()?;
    for image in &images {
        refuse_unimageable(image)?;
        let facts = scelle_snapshot::device_facts(image);
        if facts.mounted_read_write {
            callbacks.event(&Event::MountedReadWrite {
                device: image.display().to_string(),
                mounts: facts.mounted.clone(),
            });
        }
    }
    let granted_id = locker.as_ref().and_then(|target| target.granted_id());
    let evidence_id = match (&options.id, granted_id) {
        (Some(id), Some(granted)) if id != granted => refuse!(
            "--id {id} differs from the evidence id the grant is for ({granted}); leave --id out"
        ),
        (_, Some(granted)) => identity::evidence_id(granted)?,
        (Some(id), None) => identity::evidence_id(id)?,
        (None, None) => identity::evidence_id_for_this_host(),
    };
    let custody_log = match (&options.custody_out, &out_dir) {
        (Some(path), _) => path.clone(),
        (None, Some(dir)) => dir.join(evidence_id.custody_log_name()),
        (None, None) => {
            refuse!(
                "--out {} needs --custody-out FILE: where the chain of custody starts \
                 (on your own medium; with the locker, a locked copy goes beside the archive)",
                options.out.display()
            )
        }
    };
    if let Some(dir) = &out_dir {
        let archive = dir.join(evidence_id.archive_name());
        if archive.symlink_metadata().is_ok() {
            return Err(crate::Problem::ArchiveExists { path: archive }.into());
        }
        let leftovers = leftover_partials(dir);
        if !leftovers.is_empty() {
            callbacks.event(&Event::LeftoverPartials { files: leftovers });
        }
    }
    if custody_log.symlink_metadata().is_ok() {
        refuse!(
            "{} already exists; refusing to overwrite a custody log",
            custody_log.display()
        );
    }
    // Found now, not after the acquisition: the log is started last.
    let stale_log = scelle_atomic::partial_name(&custody_log);
    if stale_log.symlink_metadata().is_ok() {
        refuse!(
            "{} is left over from an interrupted run; inspect it and remove it (and the \
             archive's .partial, if there is one), then try again",
            stale_log.display()
        );
    }
    let case = options
        .case_dir
        .as_deref()
        .map(case::load_for_sealing)
        .transpose()?;
    let never_collect = out_dir
        .iter()
        .chain([&temp_dir])
        .cloned()
        .chain(
            options
                .case_dir
                .iter()
                .filter_map(|dir| std::fs::canonicalize(dir).ok()),
        )
        .collect();
    let mut request = request(options, &evidence_id, roots, &temp_dir, never_collect);
    if let Some(case) = &case {
        case::describe_in_manifest(case, &mut request.case);
    }
    request.images = images;
    request.root_options = root_options;
    request.missing = missing
        .into_iter()
        .map(|path| (path, "not present on this host (profile path)".to_string()))
        .collect();
    request.unreachable = unreachable
        .into_iter()
        .map(|(path, error)| {
            let reason = format!("a PATH given to collect that cannot be reached: {error}");
            (path, reason)
        })
        .collect();
    let timeout = std::time::Duration::from_secs(options.command_timeout);
    if let Some(profile) = &profile {
        request.commands = profile.command_specs(timeout, options.command_max_bytes);
        request.profile = Some(scelle_manifest::ProfileRecord {
            name: profile.name.clone(),
            sha256: profile.sha256,
        });
    }
    request.commands.extend(
        options
            .command
            .iter()
            .map(|line| scelle_snapshot::CommandSpec {
                line: line.clone(),
                shell: options.command_shell,
                timeout,
                max_bytes: options.command_max_bytes,
            }),
    );
    request.clock_reference = clock_reference;
    let total = callbacks.wants_total().then(|| {
        let image_bytes: u64 = request
            .images
            .iter()
            .filter_map(|image| image_size(image))
            .sum();
        scelle_snapshot::estimate(&request.roots).bytes + image_bytes
    });
    callbacks.started(total);

    let archive_name = evidence_id.archive_name();
    let sealed_entry = |outcome: &scelle_snapshot::FreezeOutcome<_>| {
        let mut sealed = scelle_custody::Draft::new(details::SEALED, evidence_id.as_str())
            .detail(details::SEAL_SHA256, outcome.sealed.seal_sha256.to_string())
            .detail(details::ARCHIVE_SIZE, outcome.sealed.size)
            .detail(
                details::MANIFEST_SHA256,
                outcome.manifest_sha256.to_string(),
            )
            .detail(details::ARCHIVE, archive_name.clone());
        sealed.actor = request.operator.clone();
        scelle_custody::start(&custody_log, secret, sealed).with_context(|| {
            format!(
                "the custody log could not be started at {}; no archive was kept",
                custody_log.display()
            )
        })
    };
    // The custody log's first entry is signed before the archive is put in
    // place: a signer that refuses (an agent whose key was removed, a token
    // pulled out) leaves neither behind.
    let mut locked = None;
    let (outcome, location, custody_started) = match (&out_dir, &locker, stream) {
        (Some(out_dir), _, _) => {
            let archive_path = out_dir.join(&archive_name);
            let mut archive = AtomicFile::create(&archive_path, 0o444)?;
            let outcome = seal(&request, secret, &mut archive, callbacks)?;
            let started = sealed_entry(&outcome)?;
            archive
                .commit()
                .with_context(|| format!("cannot finish {}", archive_path.display()))?;
            (outcome, archive_path.display().to_string(), started)
        }
        (None, Some(target), _) => {
            // Streamed part by part; aborted (no object) unless finished.
            let (mut upload, location) = target.upload(&archive_name)?;
            let outcome = seal(&request, secret, &mut upload, callbacks)?;
            let started = sealed_entry(&outcome)?;
            let state = upload.finish()?;
            locked = Some(LockedObject::of(&location, &state));
            (outcome, location, started)
        }
        (None, None, Some(stream)) => {
            let outcome = seal(&request, secret, stream, callbacks)?;
            let started = sealed_entry(&outcome)?;
            (outcome, "(standard output)".to_string(), started)
        }
        (None, None, None) => unreachable!("checked above"),
    };
    custody_started.commit().with_context(|| {
        format!(
            "the archive is sealed, but its custody log could not be put in place at {}",
            custody_log.display()
        )
    })?;
    let mut locked_entry = None;
    if let Some(target) = &locker {
        // The first entry as its own locked object: entries dropped from the
        // log file later are caught against it (custody verify --locker).
        let log_text = std::fs::read(&custody_log)?;
        let first = log_text.split(|&b| b == b'\n').next().unwrap_or_default();
        locked_entry = Some(
            target
                .store_first_entry(evidence_id.as_str(), first)
                .context(
                    "the archive is locked in the locker, but its custody entry could not be",
                )?,
        );
    }

    let archive_path = match &out_dir {
        Some(dir) => dir.join(&archive_name),
        None => custody_log.with_file_name(&archive_name),
    };
    let signer = Signer {
        key: secret,
        actor: &request.operator,
    };
    timestamp::at_freeze(
        &options.tsa,
        &archive_path,
        &outcome.manifest_sha256,
        &custody_log,
        &signer,
        callbacks,
    )?;
    if let (Some(case_dir), Some(_)) = (&options.case_dir, &case) {
        case::record_sealing(case_dir, secret, &evidence_id, &request, &outcome)?;
    }

    let mut summary = FreezeReport::new(&location, &evidence_id, &outcome, secret);
    summary.custody_log = custody_log.display().to_string();
    // The receipt for the procès-verbal: where the log stands now (the
    // sealed entry, and the timestamped one when a TSA answered).
    summary.custody_head =
        scelle_custody::verify_log(&custody_log, None, &scelle_custody::Keyring::default())?.head;
    summary.streamed = out_dir.is_none() && locker.is_none();
    summary.locked = locked;
    summary.locked_custody_entry = locked_entry;
    if let Some(receipt) = &options.receipt {
        crate::files::write_new_file(
            receipt,
            serde_json::to_string_pretty(&summary)? + "\n",
            0o644,
        )?;
    }
    Ok(summary)
}

/// The responder's trusted time, and the host clock's offset from it.
fn clock_reference(text: &str) -> Result<scelle_manifest::ClockReference> {
    let reference = chrono::DateTime::parse_from_rfc3339(text).with_context(|| {
        format!(
            "--reference-time {text:?} is not an RFC 3339 time (e.g. 2026-11-25T10:00:00+01:00)"
        )
    })?;
    let host = Utc::now();
    Ok(scelle_manifest::ClockReference {
        reference_time: text.to_string(),
        host_clock: host.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        host_offset_ms: (host - reference.with_timezone(&Utc)).num_milliseconds(),
    })
}

/// An image source must be a block device or a regular file: a FIFO or a
/// character device (`/dev/nvme0`, the controller, not `/dev/nvme0n1`)
/// would seal an empty or endless "image" as complete.
fn refuse_unimageable(image: &Path) -> Result<()> {
    use std::os::unix::fs::FileTypeExt;
    let kind = std::fs::metadata(image)
        .with_context(|| format!("cannot image {}", image.display()))?
        .file_type();
    let what = if kind.is_file() || kind.is_block_device() {
        return Ok(());
    } else if kind.is_char_device() {
        "a character device, not a disk or a volume (for NVMe, image the namespace, e.g. /dev/nvme0n1, not the controller /dev/nvme0)"
    } else if kind.is_fifo() {
        "a FIFO: its content is whatever a writer sends, not a disk"
    } else if kind.is_dir() {
        "a directory: give it as a PATH to collect its files"
    } else {
        "not a block device or a regular file"
    };
    refuse!(
        "--image {}: {what}; --image takes a block device (disk, partition, volume) or an image file",
        image.display()
    )
}

/// An image source's size, for the progress bar.
fn image_size(path: &Path) -> Option<u64> {
    use std::io::Seek;
    std::fs::File::open(path)
        .ok()?
        .seek(std::io::SeekFrom::End(0))
        .ok()
}

/// Runs the freeze into `output` (buffered), then tells `callbacks` the long read is over.
fn seal<W: Write>(
    request: &FreezeRequest,
    secret: &dyn KeySigner,
    output: W,
    callbacks: &dyn Callbacks,
) -> Result<FreezeOutcome<()>> {
    let outcome = scelle_snapshot::freeze(
        request,
        secret,
        BufWriter::with_capacity(1 << 20, output),
        &HashProgress(callbacks),
    );
    callbacks.finished();
    let outcome = outcome.with_context(|| {
        format!(
            "freeze of {} failed; no archive was written",
            request.evidence_id
        )
    })?;
    outcome_without_output(outcome)
}

/// Drops the borrowed output writer (flushing it) so the file can be committed.
fn outcome_without_output<W: Write>(
    outcome: FreezeOutcome<BufWriter<W>>,
) -> Result<FreezeOutcome<()>> {
    outcome
        .sealed
        .output
        .into_inner()
        .map_err(std::io::IntoInnerError::into_error)
        .context("cannot flush the archive")?;
    Ok(FreezeOutcome {
        sealed: scelle_archive::Sealed {
            output: (),
            seal_sha256: outcome.sealed.seal_sha256,
            size: outcome.sealed.size,
        },
        manifest_sha256: outcome.manifest_sha256,
        totals: outcome.totals,
        incomplete: outcome.incomplete,
        started: outcome.started,
        ended: outcome.ended,
    })
}

fn request(
    args: &FreezeOptions,
    evidence_id: &EvidenceId,
    roots: Vec<PathBuf>,
    temp_dir: &Path,
    never_collect: Vec<PathBuf>,
) -> FreezeRequest {
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get() as u32));
    FreezeRequest {
        evidence_id: evidence_id.to_string(),
        roots,
        excludes: args.exclude.clone(),
        one_file_system: args.one_file_system,
        follow_symlinks: args.follow_symlinks,
        never_collect,
        images: Vec::new(),
        image_options: scelle_snapshot::ImageOptions {
            piece_size: args.piece_size,
            max_errors: args.max_errors,
            extra_hashes: args.extra_hash.clone(),
        },
        container: ContainerOptions {
            level: args.level,
            threads,
            tag_mtime: 0,
        },
        case: Case {
            case_id: args.case_id.clone(),
            title: args.title.clone(),
            legal_basis: args.legal_basis.clone(),
            examiner: args.examiner.clone(),
            organization: args.organization.clone(),
            notes: args.note.clone(),
            incident: None,
        },
        operator: identity::actor_or_operator(&args.operator),
        command_line: args.command_line.clone(),
        temp_dir: temp_dir.to_path_buf(),
        root_options: Default::default(),
        missing: Vec::new(),
        unreachable: Vec::new(),
        read_timeout: std::time::Duration::from_secs(args.read_timeout),
        commands: Vec::new(),
        clock_reference: None,
        profile: None,
    }
}

/// What a freeze sealed: the summary `--json` prints and `--receipt` keeps.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FreezeReport {
    /// Where the archive went (a path, or `(standard output)`).
    pub archive: String,
    /// The custody log started.
    pub custody_log: String,
    /// Its head after the freeze: the receipt for the procès-verbal.
    pub custody_head: Option<scelle_custody::Head>,
    /// The evidence id.
    pub evidence_id: EvidenceId,
    /// SHA-256 of the archive file: the number for the procès-verbal.
    pub seal_sha256: Sha256Digest,
    /// The archive's size in bytes.
    pub archive_size: u64,
    /// SHA-256 of manifest.json.
    pub manifest_sha256: Sha256Digest,
    /// When the acquisition started.
    pub started: String,
    /// When it ended.
    pub ended: String,
    /// The signer's key id.
    pub signer_key_id: KeyId,
    /// SHA-256 fingerprint of the signer's public key.
    pub signer_fingerprint_sha256: Sha256Digest,
    /// Where the signing key was kept (absent in receipts before scelle 0.3).
    #[serde(default)]
    pub signer_key_source: Option<scelle_sign::KeySource>,
    /// Counts by status.
    pub totals: Totals,
    /// Items not completely acquired.
    pub incomplete_items: u64,
    /// The first of them (all are in manifest.json).
    pub incomplete: Vec<IncompleteItem>,
    /// The archive went to a stream, not a file (so the summary goes to stderr).
    #[serde(skip)]
    pub streamed: bool,
    /// With `--out s3://...`: the archive's object and its lock, as read back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locked: Option<LockedObject>,
    /// With `--out s3://...`: the custody log's first entry, locked
    /// (`<ID>.custody/00000000.json` beside the archive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locked_custody_entry: Option<LockedObject>,
}

/// An object in the evidence locker and its lock, as HEAD read it back.
pub type LockedObject = crate::ops::locker::StatusReport;
/// An item not completely acquired, in a [`FreezeReport`].
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct IncompleteItem {
    /// Its original path, for display.
    pub path: String,
    /// What happened to it.
    pub status: ItemStatus,
    /// Why.
    pub reason: String,
}

impl FreezeReport {
    fn new(
        archive: &str,
        evidence_id: &EvidenceId,
        outcome: &FreezeOutcome<()>,
        secret: &dyn KeySigner,
    ) -> Self {
        let public = secret.public_key();
        Self {
            archive: archive.to_string(),
            custody_log: String::new(),
            custody_head: None,
            streamed: false,
            locked: None,
            locked_custody_entry: None,
            evidence_id: evidence_id.clone(),
            seal_sha256: outcome.sealed.seal_sha256,
            archive_size: outcome.sealed.size,
            manifest_sha256: outcome.manifest_sha256,
            started: outcome.started.clone(),
            ended: outcome.ended.clone(),
            signer_key_id: public.key_id(),
            signer_fingerprint_sha256: public.fingerprint(),
            signer_key_source: Some(secret.source()),
            totals: outcome.totals.clone(),
            incomplete_items: outcome.totals.incomplete(),
            incomplete: outcome
                .incomplete
                .iter()
                .map(|item| IncompleteItem {
                    path: item.path.to_display(),
                    status: item.status,
                    reason: item.reason.clone(),
                })
                .collect(),
        }
    }

    /// Whether every item was acquired completely.
    pub fn complete(&self) -> bool {
        self.incomplete_items == 0
    }
}

/// The `.partial` files an interrupted freeze left in `dir` (names only,
/// sorted): they are not seals, and the responder must hear about them.
pub fn leftover_partials(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| {
            name.ends_with(".tar.zst.partial") || name.ends_with(".custody.jsonl.partial")
        })
        .collect();
    names.sort();
    names
}
