//! `scelle freeze`: the responder's main job.

use std::io::{BufWriter, IsTerminal};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use chrono::Utc;
use scelle_archive::ContainerOptions;
use scelle_atomic::AtomicFile;
use scelle_manifest::{Case, Status as ItemStatus, Totals};
use scelle_sign::SecretKey;
use scelle_snapshot::{FreezeOutcome, FreezeRequest, MAX_LISTED_INCOMPLETE};
use serde::Serialize;

use crate::cli::FreezeArgs;
use crate::exit::Status;
use crate::progress::FreezeBar;
use crate::{output, passphrase, sanitize};

/// Longest evidence id accepted (it names a directory and a file).
const MAX_ID_LEN: usize = 128;

pub fn run(args: &FreezeArgs) -> anyhow::Result<Status> {
    let streaming = args.out.as_os_str() == "-";
    let out_dir = if streaming {
        if std::io::stdout().is_terminal() {
            bail!("--out - writes the archive to standard output, which is a terminal; redirect it (> FILE, | ssh HOST 'cat > FILE')");
        }
        None
    } else {
        let dir = std::fs::canonicalize(&args.out)
            .with_context(|| format!("output directory {} is not usable", args.out.display()))?;
        if !dir.is_dir() {
            bail!("--out {} is not a directory", args.out.display());
        }
        Some(dir)
    };
    let temp_dir = match (&args.temp_dir, &out_dir) {
        (Some(dir), _) => {
            std::fs::canonicalize(dir).with_context(|| format!("--temp-dir {}", dir.display()))?
        }
        (None, Some(dir)) => dir.clone(),
        (None, None) => std::env::temp_dir(),
    };
    // A bad profile or reference time is refused before anything runs.
    let profile = args
        .profile
        .as_deref()
        .map(scelle_snapshot::load_profile)
        .transpose()
        .map_err(anyhow::Error::msg)?;
    let clock_reference = args
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
    for (path, options) in profile_roots {
        if let Ok(real) = std::fs::canonicalize(&path) {
            root_options.insert(real.clone(), options);
            all_roots.push(real);
        }
    }
    all_roots.extend(resolve_roots(&args.paths)?);
    let roots = outermost(all_roots);
    let images: Vec<PathBuf> = args
        .image
        .iter()
        .map(|path| {
            std::fs::canonicalize(path).with_context(|| format!("cannot image {}", path.display()))
        })
        .collect::<anyhow::Result<_>>()?;
    for image in &images {
        let facts = scelle_snapshot::device_facts(image);
        if facts.mounted_read_write {
            output::error_line(&format!(
                "scelle: WARNING: {} is mounted READ-WRITE ({}): the image will not be consistent, and the volume may change while it is read. Unmount it or remount it read-only if you can.",
                image.display(),
                facts.mounted.join(", ")
            ));
        }
    }
    let evidence_id = match &args.id {
        Some(id) => validate_id(id)?,
        None => default_id(),
    };
    let custody_log = match (&args.custody_out, &out_dir) {
        (Some(path), _) => path.clone(),
        (None, Some(dir)) => dir.join(format!("{evidence_id}.custody.jsonl")),
        (None, None) => {
            bail!("--out - needs --custody-out FILE: where the chain of custody starts")
        }
    };
    if custody_log.symlink_metadata().is_ok() {
        bail!(
            "{} already exists; refusing to overwrite a custody log",
            custody_log.display()
        );
    }
    let secret =
        passphrase::open_secret_key(&args.key, args.passphrase.passphrase_file.as_deref())?;
    let case_dir = args.case_dir.as_deref().map(scelle_case::CaseDir::new);
    let case = case_dir
        .as_ref()
        .map(super::case::load_for_sealing)
        .transpose()?;
    let never_collect = out_dir
        .iter()
        .chain([&temp_dir])
        .cloned()
        .chain(
            args.case_dir
                .iter()
                .filter_map(|dir| std::fs::canonicalize(dir).ok()),
        )
        .collect();
    let mut request = request(args, evidence_id.clone(), roots, &temp_dir, never_collect);
    if let Some(case) = &case {
        super::case::describe_in_manifest(case, &mut request.case);
    }
    request.images = images;
    request.root_options = root_options;
    request.missing = missing
        .into_iter()
        .map(|path| (path, "not present on this host (profile path)".to_string()))
        .collect();
    let timeout = std::time::Duration::from_secs(args.command_timeout);
    if let Some(profile) = &profile {
        request.commands = profile.command_specs(timeout, args.command_max_bytes);
        request.profile = Some(scelle_manifest::ProfileRecord {
            name: profile.name.clone(),
            sha256: profile.sha256,
        });
    }
    request.commands.extend(
        args.command
            .iter()
            .map(|line| scelle_snapshot::CommandSpec {
                line: line.clone(),
                shell: args.command_shell,
                timeout,
                max_bytes: args.command_max_bytes,
            }),
    );
    request.clock_reference = clock_reference;
    let bar = FreezeBar::for_terminal(|| {
        let image_bytes: u64 = request
            .images
            .iter()
            .filter_map(|image| image_size(image))
            .sum();
        scelle_snapshot::estimate(&request.roots).bytes + image_bytes
    });
    let progress: &dyn scelle_snapshot::Progress = match &bar {
        Some(bar) => bar,
        None => &scelle_snapshot::NoProgress,
    };

    let (outcome, location) = match &out_dir {
        Some(out_dir) => {
            let archive_path = out_dir.join(format!("{evidence_id}.tar.zst"));
            let mut archive = AtomicFile::create(&archive_path, 0o444)?;
            let outcome = seal(&request, &secret, &mut archive, progress, bar.as_ref())?;
            archive
                .commit()
                .with_context(|| format!("cannot finish {}", archive_path.display()))?;
            (outcome, archive_path.display().to_string())
        }
        None => {
            let stdout = std::io::stdout().lock();
            let outcome = seal(&request, &secret, stdout, progress, bar.as_ref())?;
            (outcome, "(standard output)".to_string())
        }
    };

    let operator = request.operator.clone();
    let mut sealed = scelle_custody::Draft::new("sealed", &evidence_id)
        .detail("seal_sha256", outcome.sealed.seal_sha256.to_string())
        .detail("archive_size", outcome.sealed.size)
        .detail("manifest_sha256", outcome.manifest_sha256.to_string())
        .detail("archive", format!("{evidence_id}.tar.zst"));
    sealed.actor = operator;
    scelle_custody::create(&custody_log, &secret, sealed).with_context(|| {
        format!(
            "the archive is sealed, but its custody log could not be started at {}",
            custody_log.display()
        )
    })?;

    let archive_path = match &out_dir {
        Some(dir) => dir.join(format!("{evidence_id}.tar.zst")),
        None => custody_log.with_file_name(format!("{evidence_id}.tar.zst")),
    };
    super::timestamp::at_freeze(
        &args.tsa,
        &archive_path,
        &outcome.manifest_sha256,
        &custody_log,
        &secret,
        request.operator.clone(),
    )?;
    if let (Some(case_dir), Some(_)) = (&case_dir, &case) {
        super::case::record_sealing(case_dir, &secret, &request, &outcome)?;
    }

    let mut summary = Summary::new(&location, &evidence_id, &outcome, &secret);
    summary.custody_log = custody_log.display().to_string();
    if let Some(receipt) = &args.receipt {
        super::key::write_new_file(
            receipt,
            &(serde_json::to_string_pretty(&summary)? + "\n"),
            0o644,
        )?;
    }
    let to_stderr = streaming;
    if args.json {
        let text = serde_json::to_string_pretty(&summary)?;
        if to_stderr {
            output::error_line(&text);
        } else {
            output::line(&text)?;
        }
    } else {
        summary.print(to_stderr)?;
    }
    Ok(if outcome.totals.incomplete() > 0 {
        Status::Incomplete
    } else {
        Status::Success
    })
}

/// The responder's trusted time, and the host clock's offset from it.
fn clock_reference(text: &str) -> anyhow::Result<scelle_manifest::ClockReference> {
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

/// An image source's size, for the progress bar.
fn image_size(path: &Path) -> Option<u64> {
    use std::io::Seek;
    std::fs::File::open(path)
        .ok()?
        .seek(std::io::SeekFrom::End(0))
        .ok()
}

/// Runs the freeze into `output` (buffered), removing the progress bar after.
fn seal<W: std::io::Write>(
    request: &FreezeRequest,
    secret: &SecretKey,
    output: W,
    progress: &dyn scelle_snapshot::Progress,
    bar: Option<&FreezeBar>,
) -> anyhow::Result<FreezeOutcome<()>> {
    let outcome = scelle_snapshot::freeze(
        request,
        secret,
        BufWriter::with_capacity(1 << 20, output),
        progress,
    );
    if let Some(bar) = bar {
        bar.finish();
    }
    let outcome = outcome.with_context(|| {
        format!(
            "freeze of {} failed; no archive was written",
            request.evidence_id
        )
    })?;
    outcome_without_output(outcome)
}

/// Drops the borrowed output writer (flushing it) so the file can be committed.
fn outcome_without_output<W: std::io::Write>(
    outcome: FreezeOutcome<BufWriter<W>>,
) -> anyhow::Result<FreezeOutcome<()>> {
    outcome
        .sealed
        .output
        .into_inner()
        .map_err(|error| error.into_error())
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
    args: &FreezeArgs,
    evidence_id: String,
    roots: Vec<PathBuf>,
    temp_dir: &Path,
    never_collect: Vec<PathBuf>,
) -> FreezeRequest {
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get() as u32));
    FreezeRequest {
        evidence_id,
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
        operator: Some(args.operator.clone().unwrap_or_else(default_operator)),
        command_line: std::env::args_os().collect(),
        temp_dir: temp_dir.to_path_buf(),
        root_options: Default::default(),
        missing: Vec::new(),
        commands: Vec::new(),
        clock_reference: None,
        profile: None,
    }
}

/// Each PATH made absolute with symlinks resolved; a missing PATH is a usage
/// error caught before anything is written.
pub(crate) fn resolve_roots(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    paths
        .iter()
        .map(|path| {
            std::fs::canonicalize(path)
                .with_context(|| format!("cannot collect {}", path.display()))
        })
        .collect()
}

/// Keeps, in order, the roots not inside (or equal to) another: collecting
/// one twice would store its files twice.
pub(crate) fn outermost(roots: Vec<PathBuf>) -> Vec<PathBuf> {
    let mut kept: Vec<PathBuf> = Vec::new();
    for (index, root) in roots.iter().enumerate() {
        let inside_other = roots.iter().enumerate().any(|(other_index, other)| {
            other_index != index
                && root.starts_with(other)
                && (root != other || other_index < index)
        });
        if !inside_other {
            kept.push(root.clone());
        }
    }
    kept
}

fn validate_id(id: &str) -> anyhow::Result<String> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
    if id.is_empty()
        || id.len() > MAX_ID_LEN
        || !id.chars().all(allowed)
        || id.starts_with(['.', '-'])
    {
        bail!(
            "--id {:?} is not usable: use 1 to {MAX_ID_LEN} letters, digits, '.', '_' or '-', not starting with '.' or '-'",
            sanitize::for_terminal(id)
        );
    }
    Ok(id.to_string())
}

/// `<hostname>-<UTC yyyymmddThhmmssZ>`, with the hostname reduced to safe characters.
fn default_id() -> String {
    let host = nix::unistd::gethostname()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let host: String = host
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .take(64)
        .collect();
    let host = host.trim_start_matches(['.', '-']);
    let host = if host.is_empty() { "host" } else { host };
    format!("{host}-{}", Utc::now().format("%Y%m%dT%H%M%SZ"))
}

/// The login name of whoever runs scelle ($SUDO_USER first: responders use sudo).
pub(crate) fn default_operator() -> String {
    std::env::var("SUDO_USER")
        .or_else(|_| std::env::var("USER"))
        .ok()
        .filter(|name| !name.is_empty())
        .or_else(|| {
            nix::unistd::User::from_uid(nix::unistd::getuid())
                .ok()
                .flatten()
                .map(|user| user.name)
        })
        .unwrap_or_else(|| format!("uid {}", nix::unistd::getuid()))
}

/// The final summary; `--json` prints it as is.
#[derive(Serialize)]
struct Summary {
    archive: String,
    custody_log: String,
    evidence_id: String,
    seal_sha256: String,
    archive_size: u64,
    manifest_sha256: String,
    started: String,
    ended: String,
    signer_key_id: String,
    signer_fingerprint_sha256: String,
    totals: Totals,
    incomplete_items: u64,
    incomplete: Vec<IncompleteItem>,
}

#[derive(Serialize)]
struct IncompleteItem {
    path: String,
    status: ItemStatus,
    reason: String,
}

impl Summary {
    fn new(
        archive: &str,
        evidence_id: &str,
        outcome: &FreezeOutcome<()>,
        secret: &SecretKey,
    ) -> Self {
        let public = secret.public_key();
        Self {
            archive: archive.to_string(),
            custody_log: String::new(),
            evidence_id: evidence_id.to_string(),
            seal_sha256: outcome.sealed.seal_sha256.to_string(),
            archive_size: outcome.sealed.size,
            manifest_sha256: outcome.manifest_sha256.to_string(),
            started: outcome.started.clone(),
            ended: outcome.ended.clone(),
            signer_key_id: public.key_id().to_string(),
            signer_fingerprint_sha256: public.fingerprint().to_string(),
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

    /// The readable summary, on stdout or (when the archive went there) stderr.
    fn print(&self, to_stderr: bool) -> anyhow::Result<()> {
        let mut lines = Vec::new();
        let totals = &self.totals;
        lines.push(format!(
            "archive:      {}",
            sanitize::for_terminal(&self.archive)
        ));
        lines.push(format!(
            "custody log:  {}",
            sanitize::for_terminal(&self.custody_log)
        ));
        lines.push(format!("evidence id:  {}", self.evidence_id));
        lines.push(format!("seal SHA-256: {}", self.seal_sha256));
        lines.push(format!("size:         {} bytes", self.archive_size));
        lines.push(format!(
            "items:        {} ({} files stored, {} bytes; {} complete, {} changed, {} unreadable, {} skipped)",
            totals.items,
            totals.payload_files,
            totals.payload_bytes,
            totals.complete,
            totals.changed,
            totals.unreadable,
            totals.skipped
        ));
        lines.push(format!(
            "signed by:    key {} (SHA256:{})",
            self.signer_key_id, self.signer_fingerprint_sha256
        ));
        lines.push(format!("time:         {} -> {}", self.started, self.ended));
        if self.incomplete_items > 0 {
            lines.push(format!("INCOMPLETE:   {} items", self.incomplete_items));
            for item in &self.incomplete {
                lines.push(format!(
                    "  {:?} {}: {}",
                    item.status,
                    sanitize::for_terminal(&item.path),
                    sanitize::for_terminal(&item.reason)
                ));
            }
            if self.incomplete_items > self.incomplete.len() as u64 {
                lines.push(format!(
                    "  ... and {} more (first {MAX_LISTED_INCOMPLETE} shown; all are in manifest.json)",
                    self.incomplete_items - self.incomplete.len() as u64
                ));
            }
        }
        for line in lines {
            if to_stderr {
                output::error_line(&line);
            } else {
                output::line(&line)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_and_repeated_roots_are_collected_once() {
        let roots = ["/var/log", "/srv", "/var", "/srv", "/etc/passwd"]
            .map(PathBuf::from)
            .to_vec();
        assert_eq!(
            outermost(roots),
            ["/srv", "/var", "/etc/passwd"].map(PathBuf::from)
        );
    }

    #[test]
    fn ids_are_filename_safe() {
        assert!(validate_id("web01-20261125T091500Z").is_ok());
        for bad in [
            "",
            "../x",
            "a/b",
            ".hidden",
            "-flag",
            "é",
            "a b",
            &"x".repeat(129),
        ] {
            assert!(validate_id(bad).is_err(), "{bad:?}");
        }
        assert!(validate_id(&default_id()).is_ok());
    }
}
