//! `baseline` and `audit`: a signed record of a tree, and what differs from it.

use std::io::{BufWriter, Write};
use std::path::PathBuf;

use chrono::{SecondsFormat, Utc};
use scelle_atomic::AtomicFile;
use scelle_audit::{AuditReport, Record, RecordBuilder};
use scelle_sign::{PublicKey, Signer as KeySigner};
use scelle_snapshot::FreezeRequest;
use serde::{Deserialize, Serialize};

use crate::callbacks::{Callbacks, HashProgress};
use scelle_case::{CheckKind, IntegrityCheck};

use crate::error::{refuse, Context, Result};
use crate::identity;

/// What `baseline` records.
#[derive(Clone, Debug, Default)]
#[cfg_attr(feature = "clap", derive(clap::Args))]
pub struct BaselineOptions {
    /// The baseline file to write (FILE.minisig is written beside it).
    #[cfg_attr(feature = "clap", arg(long, value_name = "FILE"))]
    pub out: PathBuf,
    /// Record paths matching GLOB as skipped (`*` crosses '/').
    #[cfg_attr(feature = "clap", arg(long, value_name = "GLOB"))]
    pub exclude: Vec<String>,
    /// Do not descend into other filesystems below each PATH.
    #[cfg_attr(feature = "clap", arg(long))]
    pub one_file_system: bool,
    /// Trees to record.
    #[cfg_attr(feature = "clap", arg(required = true, value_name = "PATH"))]
    pub paths: Vec<PathBuf>,
}

/// What `audit` compares.
#[derive(Clone, Debug, Default)]
#[cfg_attr(feature = "clap", derive(clap::Args))]
pub struct AuditOptions {
    /// A baseline file (with FILE.minisig beside it) or a sealed archive (<ID>.tar.zst).
    #[cfg_attr(feature = "clap", arg(long, value_name = "FILE|ARCHIVE"))]
    pub baseline: PathBuf,
    /// The public key the baseline or archive must be signed with.
    #[cfg_attr(feature = "clap", arg(long, value_name = "PUB"))]
    pub pubkey: PathBuf,
    /// Fields to leave out (mtime, mode, owner, size, content, link, kind), comma-separated.
    #[cfg_attr(feature = "clap", arg(long, value_name = "LIST", value_delimiter = ',', value_parser = ["mtime", "mode", "owner", "size", "content", "link", "kind"]))]
    pub ignore: Vec<String>,
    /// The trees to audit, one per root of the baseline, in the same order.
    #[cfg_attr(feature = "clap", arg(required = true, value_name = "PATH"))]
    pub paths: Vec<PathBuf>,
}

/// A freeze request for recording `paths` (no content is copied).
fn record_request(
    name: &str,
    paths: &[PathBuf],
    excludes: &[String],
    one_file_system: bool,
) -> Result<FreezeRequest> {
    let roots = identity::outermost(identity::resolve_roots(paths)?);
    let mut request = FreezeRequest::new(name, roots, std::env::temp_dir());
    request.excludes = excludes.to_vec();
    request.one_file_system = one_file_system;
    request.operator = Some(identity::default_operator());
    Ok(request)
}

/// What `baseline` wrote.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct BaselineReport {
    /// The baseline file.
    pub baseline: String,
    /// Its signature (`.minisig`).
    pub signature: String,
    /// Items recorded.
    pub items: u64,
    /// Files whose content was hashed.
    pub files_hashed: u64,
    /// SHA-256 of the baseline file.
    pub sha256: String,
}

/// `baseline`: hashes and records the tree, writes the record atomically,
/// then signs it (streaming: a million files make hundreds of megabytes).
pub fn baseline(
    options: &BaselineOptions,
    secret: &dyn KeySigner,
    callbacks: &dyn Callbacks,
) -> Result<BaselineReport> {
    let name = options
        .out
        .file_stem()
        .map(|stem| {
            stem.to_string_lossy()
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                        c
                    } else {
                        '_'
                    }
                })
                .collect::<String>()
        })
        .filter(|stem| !stem.is_empty() && !stem.starts_with(['.', '-']))
        .unwrap_or_else(|| "baseline".into());
    let request = record_request(
        &name,
        &options.paths,
        &options.exclude,
        options.one_file_system,
    )?;
    let signature_path = PathBuf::from(format!("{}.minisig", options.out.display()));
    if signature_path.exists() {
        refuse!(
            "{} already exists; refusing to overwrite it",
            signature_path.display()
        );
    }
    let mut file = AtomicFile::create(&options.out, 0o644)?;
    callbacks.started(None);
    let recorded = scelle_snapshot::baseline(
        &request,
        scelle_manifest::Signer::of(&secret.public_key(), Some(secret.source())),
        BufWriter::new(&mut file),
        &HashProgress(callbacks),
    );
    callbacks.finished();
    let (writer, totals) = recorded?;
    writer
        .into_inner()
        .map_err(std::io::IntoInnerError::into_error)?
        .flush()?;
    // Signed before it is put in place: a signer that refuses leaves no
    // unsigned baseline behind.
    let comment = format!(
        "baseline:{name} signed:{}",
        Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true)
    );
    let mut written = scelle_hash::HashingReader::new(
        std::fs::File::open(file.partial())
            .with_context(|| format!("cannot read back {}", file.partial().display()))?,
    );
    let signature = secret.sign_reader(&mut written, &comment)?;
    let (sha256, _) = written.finish();
    file.commit()
        .with_context(|| format!("cannot finish {}", options.out.display()))?;
    crate::files::write_new_file(&signature_path, signature.to_file_text(), 0o644)?;
    Ok(BaselineReport {
        baseline: options.out.display().to_string(),
        signature: signature_path.display().to_string(),
        items: totals.items,
        files_hashed: totals.complete,
        sha256: sha256.to_string(),
    })
}

/// The case journal's record of a baseline just written.
pub fn baseline_check(options: &BaselineOptions, report: &BaselineReport) -> IntegrityCheck {
    IntegrityCheck {
        kind: CheckKind::Baseline,
        reference: report.baseline.clone(),
        reference_sha256: Some(report.sha256.clone()),
        paths: displayed(&options.paths),
        items: report.items,
        differences: None,
    }
}

/// The case journal's record of an audit just run.
pub fn audit_check(options: &AuditOptions, report: &AuditReport) -> IntegrityCheck {
    IntegrityCheck {
        kind: CheckKind::Audit,
        reference: options.baseline.display().to_string(),
        reference_sha256: scelle_hash::Sha256Digest::of_file(&options.baseline)
            .ok()
            .map(|digest| digest.to_string()),
        paths: displayed(&options.paths),
        items: report.live_items,
        differences: Some(report.differences.len() as u64),
    }
}

fn displayed(paths: &[PathBuf]) -> Vec<String> {
    paths
        .iter()
        .map(|path| path.display().to_string())
        .collect()
}

/// `audit`: the trusted record (a baseline or a sealed archive, checked
/// against `pubkey`), the live tree hashed the same way, and the differences.
pub fn audit(options: &AuditOptions, callbacks: &dyn Callbacks) -> Result<AuditReport> {
    let public = crate::ops::keys::load_public(&options.pubkey, "--pubkey")?;
    let trusted = scelle_audit::load_baseline(&options.baseline, &public)?;
    let live = live_record(&options.paths, &public, callbacks)?;
    Ok(scelle_audit::compare(&trusted, &live, &options.ignore)?)
}

/// Hashes the live tree the same way a baseline does, parsing the record
/// as it is written (a million items make hundreds of megabytes of it).
fn live_record(paths: &[PathBuf], public: &PublicKey, callbacks: &dyn Callbacks) -> Result<Record> {
    let request = record_request("audit", paths, &[], false)?;
    callbacks.started(None);
    let recorded = scelle_snapshot::baseline(
        &request,
        scelle_manifest::Signer::of(public, None),
        BufWriter::with_capacity(1 << 20, RecordBuilder::new("the audited tree")),
        &HashProgress(callbacks),
    );
    callbacks.finished();
    let (writer, _) = recorded?;
    let builder = writer
        .into_inner()
        .map_err(std::io::IntoInnerError::into_error)?;
    Ok(builder.finish()?)
}
