//! `scelle baseline` and `scelle audit`.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use chrono::{SecondsFormat, Utc};
use scelle_atomic::AtomicFile;
use scelle_audit::{AuditReport, Record, RecordBuilder, Severity};
use scelle_sign::PublicKey;
use scelle_snapshot::FreezeRequest;
use serde::Serialize;

use crate::cli::{AuditArgs, BaselineArgs};
use crate::exit::Status;
use crate::{output, passphrase, sanitize};

/// A freeze request for recording `paths` (no content is copied).
fn record_request(
    name: &str,
    paths: &[PathBuf],
    excludes: &[String],
    one_file_system: bool,
) -> anyhow::Result<FreezeRequest> {
    let roots = super::freeze::outermost(super::freeze::resolve_roots(paths)?);
    let mut request = FreezeRequest::new(name, roots, std::env::temp_dir());
    request.excludes = excludes.to_vec();
    request.one_file_system = one_file_system;
    request.operator = Some(super::freeze::default_operator());
    Ok(request)
}

#[derive(Serialize)]
struct BaselineSummary {
    baseline: String,
    signature: String,
    items: u64,
    files_hashed: u64,
    sha256: String,
}

pub fn baseline(args: &BaselineArgs) -> anyhow::Result<Status> {
    let secret =
        passphrase::open_secret_key(&args.key, args.passphrase.passphrase_file.as_deref())?;
    let name = args
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
    let request = record_request(&name, &args.paths, &args.exclude, args.one_file_system)?;
    let signature_path = PathBuf::from(format!("{}.minisig", args.out.display()));
    if signature_path.exists() {
        anyhow::bail!(
            "{} already exists; refusing to overwrite it",
            signature_path.display()
        );
    }
    let mut file = AtomicFile::create(&args.out, 0o644)?;
    let (writer, totals) = scelle_snapshot::baseline(
        &request,
        &secret.public_key(),
        BufWriter::new(&mut file),
        &scelle_snapshot::NoProgress,
    )?;
    writer
        .into_inner()
        .map_err(|error| error.into_error())?
        .flush()?;
    file.commit()
        .with_context(|| format!("cannot finish {}", args.out.display()))?;
    let comment = format!(
        "baseline:{name} signed:{}",
        Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true)
    );
    // Streamed: a baseline of a million files is hundreds of megabytes.
    let mut written = scelle_hash::HashingReader::new(
        std::fs::File::open(&args.out)
            .with_context(|| format!("cannot read back {}", args.out.display()))?,
    );
    let signature = secret.sign_reader(&mut written, &comment)?;
    let (sha256, _) = written.finish();
    super::key::write_new_file(&signature_path, signature.to_file_text(), 0o644)?;
    let summary = BaselineSummary {
        baseline: args.out.display().to_string(),
        signature: signature_path.display().to_string(),
        items: totals.items,
        files_hashed: totals.complete,
        sha256: sha256.to_string(),
    };
    if args.json {
        output::json(&summary)?;
    } else {
        output::line(&format!(
            "baseline:  {} ({} items)",
            sanitize::for_terminal(&summary.baseline),
            summary.items
        ))?;
        output::line(&format!(
            "signature: {}",
            sanitize::for_terminal(&summary.signature)
        ))?;
        output::line(&format!("SHA-256:   {}", summary.sha256))?;
    }
    Ok(Status::Success)
}

pub fn audit(args: &AuditArgs) -> anyhow::Result<Status> {
    let public = PublicKey::load(&args.pubkey)?;
    let trusted = scelle_audit::load_baseline(&args.baseline, &public)?;
    let live = live_record(&args.paths, &public)?;
    let report = scelle_audit::compare(&trusted, &live, &args.ignore)?;
    if args.json {
        output::json(&report)?;
    } else {
        print(&report, &args.baseline)?;
    }
    Ok(if report.differences.is_empty() {
        Status::Success
    } else {
        Status::Failed
    })
}

/// Hashes the live tree the same way a baseline does, parsing the record
/// as it is written (a million items make hundreds of megabytes of it).
fn live_record(paths: &[PathBuf], public: &PublicKey) -> anyhow::Result<Record> {
    let request = record_request("audit", paths, &[], false)?;
    let (writer, _) = scelle_snapshot::baseline(
        &request,
        public,
        BufWriter::with_capacity(1 << 20, RecordBuilder::new("the audited tree")),
        &scelle_snapshot::NoProgress,
    )?;
    let builder = writer.into_inner().map_err(|error| error.into_error())?;
    Ok(builder.finish()?)
}

fn print(report: &AuditReport, baseline: &Path) -> anyhow::Result<()> {
    output::line(&format!(
        "audit against {} ({} items; {} now): {} difference(s)",
        sanitize::for_terminal(&baseline.display().to_string()),
        report.baseline_items,
        report.live_items,
        report.differences.len()
    ))?;
    for difference in &report.differences {
        let label = match difference.severity {
            Severity::Critical => "CRITICAL",
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
        };
        let change = serde_json::to_value(difference.change)?
            .as_str()
            .unwrap_or_default()
            .to_string();
        let from = difference
            .moved_from
            .as_ref()
            .map(|from| format!(" (from {})", sanitize::for_terminal(&from.to_display())))
            .unwrap_or_default();
        output::line(&format!(
            "{label:<8} {change:<8} {}{from}",
            sanitize::for_terminal(&difference.path.to_display())
        ))?;
        for field in &difference.fields {
            output::line(&format!(
                "           {}: {} -> {}",
                field.field,
                sanitize::for_terminal(&field.old),
                sanitize::for_terminal(&field.new)
            ))?;
        }
    }
    Ok(())
}
