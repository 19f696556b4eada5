//! `scelle verify`: the expert's check.

use anyhow::Context;
use scelle_hash::Sha256Digest;
use scelle_sign::PublicKey;
use scelle_verify::{Options, Report, SignatureStatus};
use serde::Serialize;

use crate::cli::VerifyArgs;
use crate::exit::Status;
use crate::{output, sanitize};

/// The verdict words, shared by the text and JSON outputs.
#[derive(Serialize, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// No finding, signature verified against the given key.
    Intact,
    /// No finding, but nobody checked who signed.
    Unauthenticated,
    /// Findings.
    NotIntact,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    verdict: Verdict,
    intact: bool,
    timestamp: Option<&'a super::timestamp::TimestampReport>,
    #[serde(flatten)]
    report: &'a Report,
}

/// Options from the command line: the public key and the expected seal.
pub fn options(pubkey: Option<&std::path::Path>, expect: Option<&str>) -> anyhow::Result<Options> {
    Ok(Options {
        public_key: pubkey.map(PublicKey::load).transpose()?,
        expect_seal: expect
            .map(|text| text.trim().parse::<Sha256Digest>())
            .transpose()
            .context("--expect")?,
    })
}

/// Checks an archive or a bag directory.
pub fn check(path: &std::path::Path, options: &Options) -> anyhow::Result<Report> {
    let metadata =
        std::fs::metadata(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(if metadata.is_dir() {
        scelle_verify::verify_bag_dir(path, options)?
    } else {
        scelle_verify::verify_archive(path, options)?
    })
}

pub fn verdict(report: &Report) -> Verdict {
    if report.intact() {
        Verdict::Intact
    } else if report.intact_but_unauthenticated() {
        Verdict::Unauthenticated
    } else {
        Verdict::NotIntact
    }
}

pub fn run(args: &VerifyArgs) -> anyhow::Result<Status> {
    let options = options(args.pubkey.as_deref(), args.expect.as_deref())?;
    let report = check(&args.archive, &options)?;
    let verdict = verdict(&report);
    let timestamp = super::timestamp::check_token(
        &args.archive,
        args.tsr.as_deref(),
        args.tsa_ca.as_deref(),
        report.manifest_sha256,
        report.signature.trusted_comment.as_deref(),
    )?;
    if args.json {
        output::json(&JsonReport {
            verdict,
            intact: verdict == Verdict::Intact,
            timestamp: timestamp.as_ref(),
            report: &report,
        })?;
    } else {
        print(&report, verdict)?;
        if let Some(timestamp) = &timestamp {
            super::timestamp::print(timestamp)?;
        }
    }
    let timestamp_failed = timestamp.as_ref().is_some_and(|t| !t.problems.is_empty());
    super::custody::record(
        &args.record,
        &args.archive,
        outcome_draft("verified", &report, verdict),
    )?;
    Ok(match verdict {
        _ if timestamp_failed => Status::Failed,
        Verdict::Intact => Status::Success,
        Verdict::Unauthenticated if args.allow_unauthenticated => Status::Success,
        _ => Status::Failed,
    })
}

/// A custody entry describing a verification's outcome.
pub fn outcome_draft(event: &str, report: &Report, verdict: Verdict) -> scelle_custody::Draft {
    let mut draft = scelle_custody::Draft::new(event, "")
        .detail("result", serde_json::to_value(verdict).unwrap_or_default())
        .detail("findings", report.findings_total);
    if let Some(seal) = report.seal_sha256 {
        draft = draft.detail("seal_sha256", seal.to_string());
    }
    if let Some(fingerprint) = report.signature.public_key_fingerprint_sha256 {
        draft = draft.detail("checked_with_key_sha256", fingerprint.to_string());
    }
    draft
}

/// The readable report.
pub fn print(report: &Report, verdict: Verdict) -> anyhow::Result<()> {
    let show = |text: &str| sanitize::for_terminal(text);
    output::line(&format!(
        "source:      {} ({})",
        show(&report.source),
        report.source_kind
    ))?;
    output::line(&format!(
        "evidence id: {}",
        show(report.evidence_id.as_deref().unwrap_or("(none found)"))
    ))?;
    if let Some(seal) = report.seal_sha256 {
        let against = match report.expected_seal_sha256 {
            Some(expected) if expected == seal => " (matches --expect)",
            Some(_) => " (DOES NOT MATCH --expect)",
            None => " (no --expect given: compare it with the procès-verbal)",
        };
        output::line(&format!("seal SHA-256: {seal}{against}"))?;
    }
    output::line(&format!(
        "checked:     {} members; {} payload files ({} bytes) hashed; bag manifests; manifest.json ({} items, {} recorded incomplete at acquisition)",
        report.members, report.payload_files, report.payload_bytes, report.manifest_items, report.incomplete_items
    ))?;
    let signature = &report.signature;
    let key = signature.key_id.as_deref().unwrap_or("?");
    output::line(&match signature.status {
        SignatureStatus::Verified => format!(
            "signature:   valid, key {key}; trusted comment: {}",
            show(signature.trusted_comment.as_deref().unwrap_or(""))
        ),
        SignatureStatus::Invalid => format!("signature:   INVALID for key {key} (see findings)"),
        SignatureStatus::NotChecked => format!(
            "signature:   NOT CHECKED: no --pubkey given, so the signer (key {key}) is not authenticated"
        ),
        SignatureStatus::Missing => "signature:   MISSING or unusable (see findings)".to_string(),
    })?;
    if report.findings_total == 0 {
        output::line("findings:    none")?;
    } else {
        output::line(&format!("findings:    {}", report.findings_total))?;
        for finding in &report.findings {
            let member = finding
                .member
                .as_deref()
                .map(|m| format!("{}: ", show(m)))
                .unwrap_or_default();
            output::line(&format!("  - {member}{}", show(&finding.message)))?;
            if let (Some(expected), Some(found)) = (&finding.expected, &finding.found) {
                output::line(&format!("      recorded: {}", show(expected)))?;
                output::line(&format!("      found:    {}", show(found)))?;
            }
        }
        if report.findings_total > report.findings.len() as u64 {
            output::line(&format!(
                "  ... {} more not listed",
                report.findings_total - report.findings.len() as u64
            ))?;
        }
    }
    output::line(match verdict {
        Verdict::Intact => "verdict:     INTACT",
        Verdict::Unauthenticated => {
            "verdict:     no finding, but NOT AUTHENTICATED (give --pubkey)"
        }
        Verdict::NotIntact => "verdict:     NOT INTACT",
    })?;
    Ok(())
}
