//! `scelle report`: the case report, with every archive verified again.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{bail, Context};
use chrono::Utc;
use scelle_case::report::{
    self, CustodyFacts, CustodyStep, EvidenceFacts, IncompleteItem, Lang, ReportInput,
    TimestampFacts, Verdict,
};
use scelle_case::CaseDir;
use scelle_custody::Keyring;
use scelle_manifest::{ManifestLine, ManifestLineReader};
use scelle_verify::Options;

use crate::cli::ReportArgs;
use crate::exit::Status;
use crate::{output, sanitize};

/// Incomplete items and findings listed per archive; the counts go on.
const MAX_LISTED: usize = 200;

pub fn run(args: &ReportArgs) -> anyhow::Result<Status> {
    let html = match args.out.extension().and_then(|e| e.to_str()) {
        Some("html" | "htm") => true,
        Some("md") => false,
        _ => bail!(
            "--out {}: name the report FILE.html (printable) or FILE.md (Markdown)",
            args.out.display()
        ),
    };
    let lang = Lang::parse(&args.lang).context("--lang is fr or en")?;
    let keyring = super::custody::keyring(&args.trust)?;
    let case = CaseDir::new(&args.case_dir).load(&keyring)?;
    let now = super::case::as_of(args.at.as_deref())?;
    let deadlines = scelle_case::deadline::deadlines(&case.facts, &case.notifications, now)?;
    let evidence = args
        .archives
        .iter()
        .map(|archive| examine(archive, &keyring, args.tsa_ca.as_deref()))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let document = report::report(&ReportInput {
        case: &case,
        deadlines: &deadlines,
        evidence: &evidence,
        generated: Utc::now(),
        as_of: now,
        tool_version: env!("CARGO_PKG_VERSION"),
        lang,
    });
    let text = if html {
        document.to_html()
    } else {
        document.to_markdown()
    };
    super::key::write_new_file(&args.out, text, 0o644)?;

    let not_intact = evidence
        .iter()
        .filter(|e| e.verdict == Verdict::NotIntact)
        .count();
    output::line(&format!(
        "report written to {}: {} archive(s), {} not intact; journal {}",
        sanitize::for_terminal(&args.out.display().to_string()),
        evidence.len(),
        not_intact,
        if case.findings.is_empty() {
            "consistent"
        } else {
            "NOT INTACT"
        }
    ))?;
    Ok(if not_intact > 0 || !case.findings.is_empty() {
        Status::Failed
    } else {
        Status::Success
    })
}

/// What the report says about one archive: its manifest read, then a full
/// verification with the trusted key matching its signer, then its custody log.
fn examine(
    archive: &Path,
    keyring: &Keyring,
    tsa_ca: Option<&Path>,
) -> anyhow::Result<EvidenceFacts> {
    let mut facts = EvidenceFacts {
        file: archive.display().to_string(),
        evidence_id: None,
        seal_sha256: None,
        signer_key_id: None,
        signer_fingerprint_sha256: None,
        host: None,
        acquisition: None,
        items: 0,
        payload_files: 0,
        payload_bytes: 0,
        kinds: Vec::new(),
        incomplete: Vec::new(),
        incomplete_total: 0,
        verdict: Verdict::NotIntact,
        findings: Vec::new(),
        findings_total: 0,
        custody: None,
        timestamp: None,
    };
    let mut reader = ManifestLineReader::new();
    let mut kinds: BTreeMap<String, u64> = BTreeMap::new();
    let mut started = None;
    let mut unreadable_manifest = None;
    // A damaged archive still gets a report: the verification says why.
    let _ = scelle_verify::manifest_lines(archive, &mut |line| {
        if unreadable_manifest.is_some() {
            return;
        }
        match reader.line(line) {
            Ok(ManifestLine::Header(header)) => {
                facts.evidence_id = Some(header.evidence_id.clone());
                facts.host = header.host.hostname.clone();
                started = Some(header.acquisition.started.clone());
            }
            Ok(ManifestLine::Item(item)) => {
                *kinds.entry(item.kind.name().to_string()).or_default() += 1;
                if item.status.is_incomplete() {
                    facts.incomplete_total += 1;
                    if facts.incomplete.len() < MAX_LISTED {
                        facts.incomplete.push(IncompleteItem {
                            path: item.path.to_display(),
                            status: item.status.name().to_string(),
                            reason: item.reason.clone().unwrap_or_default(),
                        });
                    }
                }
            }
            Ok(ManifestLine::Footer(footer)) => {
                facts.items = footer.totals.items;
                facts.payload_files = footer.totals.payload_files;
                facts.payload_bytes = footer.totals.payload_bytes;
                facts.signer_key_id = Some(footer.signer.key_id.clone());
                facts.signer_fingerprint_sha256 =
                    Some(footer.signer.public_key_fingerprint_sha256.to_string());
                facts.acquisition = started.take().map(|start| (start, footer.ended.clone()));
            }
            Ok(ManifestLine::Blank) => {}
            Err(message) => unreadable_manifest = Some(message),
        }
    });
    facts.kinds = kinds.into_iter().collect();

    let public_key = facts.signer_key_id.as_ref().and_then(|id| {
        keyring
            .public_keys()
            .find(|key| key.key_id().to_string() == *id)
            .cloned()
    });
    let options = Options {
        public_key,
        expect_seal: None,
    };
    let verified = super::verify::check(archive, &options)?;
    facts.seal_sha256 = verified.seal_sha256.map(|seal| seal.to_string());
    facts.findings_total = verified.findings_total;
    facts.findings = verified
        .findings
        .iter()
        .take(MAX_LISTED)
        .map(|finding| match &finding.member {
            Some(member) => format!("{member}: {}", finding.message),
            None => finding.message.clone(),
        })
        .collect();
    if let Some(message) = unreadable_manifest {
        facts.findings.push(format!("manifest.json: {message}"));
    }
    facts.verdict = match super::verify::verdict(&verified) {
        super::verify::Verdict::Intact => Verdict::Intact,
        super::verify::Verdict::Unauthenticated => Verdict::Unauthenticated,
        super::verify::Verdict::NotIntact => Verdict::NotIntact,
    };

    facts.timestamp = super::timestamp::check_token(
        archive,
        None,
        tsa_ca,
        verified.manifest_sha256,
        verified.signature.trusted_comment.as_deref(),
    )?
    .map(|timestamp| TimestampFacts {
        gen_time: timestamp.info.as_ref().map(|info| info.gen_time.clone()),
        tsa: timestamp.info.and_then(|info| info.signer),
        problems: timestamp.problems,
        tsa_authenticated: timestamp.tsa_authenticated,
    });
    let log = scelle_custody::log_path_for(archive);
    if log.exists() {
        // The verification above already hashed the archive: no second read.
        let custody = scelle_custody::verify_log_with_seal(&log, verified.seal_sha256, keyring)?;
        facts.custody = Some(CustodyFacts {
            steps: custody
                .entries
                .iter()
                .map(|verified| CustodyStep {
                    time: verified.entry.time.clone(),
                    event: verified.entry.event.clone(),
                    actor: verified.entry.actor.clone(),
                    key_id: verified.entry.key_id.clone(),
                })
                .collect(),
            findings: custody
                .findings
                .iter()
                .map(|finding| format!("line {}: {}", finding.line, finding.message))
                .collect(),
            signers_checked: custody.signers_checked,
        });
    }
    Ok(facts)
}
