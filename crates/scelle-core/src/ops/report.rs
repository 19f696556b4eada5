//! `report`: the case report, with every archive verified again.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::Utc;
use scelle_case::report::{
    self, report_finding, AppendixFacts, Audience, Authorship, CustodyFacts, CustodyStep,
    EvidenceFacts, HostFacts, IncompleteItem, Lang, ReportFinding, ReportInput, TimestampFacts,
    Verdict,
};
use scelle_case::CaseDir;
use scelle_custody::Keyring;
use scelle_manifest::{ManifestLine, ManifestLineReader};
use scelle_verify::Options;
use serde::{Deserialize, Serialize};

use crate::callbacks::NoCallbacks;
use crate::error::{refuse, Context, Result};
use crate::ops::custody::details;
use crate::ops::custody::TrustOptions;
use crate::ops::{case, keys, timestamp, verify};

mod appendix;

/// Incomplete items and findings listed per archive; the counts go on.
const MAX_LISTED: usize = 200;

/// What the report covers and where it goes.
#[derive(Clone, Debug, Default)]
#[cfg_attr(feature = "clap", derive(clap::Args))]
pub struct ReportOptions {
    /// The case directory.
    #[cfg_attr(feature = "clap", arg(long, value_name = "DIR"))]
    pub case_dir: PathBuf,
    /// fr or en (the command line's global `--lang`, or the locale).
    #[cfg_attr(feature = "clap", arg(skip))]
    pub lang: String,
    /// annex: the annex to a procès-verbal, which the other side may read
    /// (facts and evidence, no deadline assessment); counsel: counsel's
    /// confidential copy, with the notification deadlines.
    #[cfg_attr(feature = "clap", arg(long, value_name = "WHO", default_value = "annex", value_parser = ["annex", "counsel"]))]
    pub audience: String,
    /// Who makes the report, "NAME, QUALITY" (left blank to fill by hand if not given).
    #[cfg_attr(feature = "clap", arg(long, value_name = "NAME"))]
    pub author: Option<String>,
    /// The annex number in the procès-verbal (left blank if not given).
    #[cfg_attr(feature = "clap", arg(long, value_name = "N"))]
    pub annex_number: Option<String>,
    /// The date of the procès-verbal de constat (left blank if not given).
    #[cfg_attr(feature = "clap", arg(long, value_name = "DATE"))]
    pub pv_date: Option<String>,
    /// The report: FILE.html (self-contained, prints to PDF) or FILE.md. Never overwritten.
    #[cfg_attr(feature = "clap", arg(long, value_name = "FILE"))]
    pub out: PathBuf,
    /// Public keys trusted for the archives, their custody logs and the journal.
    #[cfg_attr(feature = "clap", command(flatten))]
    pub trust: TrustOptions,
    /// Deadlines as they stand at this time, RFC 3339 (default: now).
    #[cfg_attr(feature = "clap", arg(long, value_name = "RFC3339"))]
    pub at: Option<String>,
    /// CA certificates trusted to certify the TSA of the archives' timestamps.
    #[cfg_attr(feature = "clap", arg(long, value_name = "FILE"))]
    pub tsa_ca: Option<PathBuf>,
    /// Sealed archives to verify and describe.
    #[cfg_attr(feature = "clap", arg(value_name = "ARCHIVE"))]
    pub archives: Vec<PathBuf>,
}

/// What `report` wrote.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ReportSummary {
    /// The report file.
    pub out: PathBuf,
    /// Its SHA-256: what goes in the procès-verbal.
    pub sha256: scelle_hash::Sha256Digest,
    /// Its signature, FILE.minisig, when signed.
    pub signature: Option<PathBuf>,
    /// The item lists written beside it, with their SHA-256 (also in the report).
    pub appendices: Vec<(PathBuf, scelle_hash::Sha256Digest)>,
    /// Archives examined.
    pub archives: usize,
    /// Of which not intact.
    pub not_intact: usize,
    /// The case journal has no finding.
    pub journal_consistent: bool,
}

impl ReportSummary {
    /// Every archive intact (or unauthenticated) and the journal consistent.
    pub fn clean(&self) -> bool {
        self.not_intact == 0 && self.journal_consistent
    }
}

/// `report`: loads the case, verifies every archive (each with the trusted
/// key matching its signer), checks their custody logs and tokens, writes
/// each archive's item list beside the report, then the report as HTML
/// (printable) or Markdown, signed with `signer` when given
/// (`FILE.minisig`, whose trusted comment names the report's SHA-256).
pub fn report(
    options: &ReportOptions,
    signer: Option<&dyn scelle_sign::Signer>,
) -> Result<ReportSummary> {
    let html = match options.out.extension().and_then(|e| e.to_str()) {
        Some("html" | "htm") => true,
        Some("md") => false,
        _ => refuse!(
            "--out {}: name the report FILE.html (printable) or FILE.md (Markdown)",
            options.out.display()
        ),
    };
    let lang = Lang::parse(&options.lang).context("--lang is fr or en")?;
    let audience = Audience::parse(&options.audience).context("--audience is annex or counsel")?;
    let signature = signer.map(|_| keys::signature_path(&options.out));
    // Nothing is written when the report could not be: its name and its
    // signature's must be free before the item lists are written.
    for taken in std::iter::once(&options.out).chain(&signature) {
        if taken.symlink_metadata().is_ok() {
            refuse!(
                "{} exists: a report is never overwritten; choose another --out",
                taken.display()
            );
        }
    }
    let keyring = options.trust.keyring()?;
    let case_dir = CaseDir::new(&options.case_dir);
    let at = case::as_of(options.at.as_deref())?;
    let case = case_dir.load_as_of(&keyring, at)?;
    let now = at.unwrap_or_else(chrono::Utc::now);
    let deadlines = scelle_case::deadline::deadlines_with(
        &case.facts,
        &case.notifications,
        &case.handling,
        now,
    )?;
    // The journal's own tokens, each with the line it stamps.
    let journal_timestamps: Vec<(u64, TimestampFacts)> =
        case::journal_timestamps(&options.case_dir, &case, options.tsa_ca.as_deref())?
            .into_iter()
            .map(|token| (token.line.unwrap_or(0), timestamp_facts(token)))
            .collect();
    // Every sealing the journal records, whatever the time the case is seen at.
    let sealed = case_dir.load(&keyring)?.evidence;
    let mut appendices = Vec::new();
    let evidence = options
        .archives
        .iter()
        .enumerate()
        .map(|(index, archive)| {
            let list = appendix::Appendix::create(&appendix_path(&options.out, index + 1))?;
            let (facts, written) = examine(
                archive,
                list,
                &case_dir.journal(),
                &sealed,
                &keyring,
                options.tsa_ca.as_deref(),
            )?;
            appendices.push(written);
            Ok(facts)
        })
        .collect::<Result<Vec<_>>>()?;
    let authorship = Authorship {
        author: options.author.clone(),
        annex_number: options.annex_number.clone(),
        pv_date: options.pv_date.clone(),
        signing_key: signer.map(|signer| {
            let public = signer.public_key();
            (public.key_id(), public.fingerprint())
        }),
    };
    let document = report::report(&ReportInput {
        case: &case,
        deadlines: &deadlines,
        evidence: &evidence,
        generated: Utc::now(),
        as_of: now,
        tool_version: env!("CARGO_PKG_VERSION"),
        lang,
        audience,
        authorship: &authorship,
        journal_timestamps: &journal_timestamps,
    });
    let text = if html {
        document.to_html()
    } else {
        document.to_markdown()
    };
    let sha256 = scelle_hash::Sha256Digest::of(text.as_bytes());
    crate::files::write_new_file(&options.out, &text, 0o644)?;
    let appendices = appendices
        .into_iter()
        .map(|finished| finished.commit())
        .collect::<Result<Vec<_>>>()?;
    if let (Some(signer), Some(path)) = (signer, &signature) {
        let name = options
            .out
            .file_name()
            .map(|name| crate::text::for_terminal(&name.to_string_lossy()))
            .unwrap_or_default();
        let comment = format!(
            "file:{name} sha256:{sha256} case:{} signed:{}",
            crate::text::for_terminal(&case.facts.case_id).replace(' ', "_"),
            Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        );
        let signed = signer
            .sign_reader(&mut text.as_bytes(), &comment)
            .context("cannot sign the report")?;
        crate::files::write_new_file(path, signed.to_file_text(), 0o644)?;
    }
    Ok(ReportSummary {
        out: options.out.clone(),
        sha256,
        signature,
        appendices,
        archives: evidence.len(),
        not_intact: evidence
            .iter()
            .filter(|e| e.verdict == Verdict::NotIntact)
            .count(),
        journal_consistent: case.findings.is_empty()
            && journal_timestamps
                .iter()
                .all(|(_, token)| token.problems.is_empty()),
    })
}

/// The case journal must still hold the line it ended with when the
/// archive was sealed (`journal_sha256` in the signed record): a journal cut
/// or rewritten since no longer does.
fn journal_head_missing(
    journal: &Path,
    head: Option<scelle_hash::Sha256Digest>,
    keyring: &Keyring,
) -> Result<Option<ReportFinding>> {
    let Some(sha256) = head else {
        return Ok(None);
    };
    let expected = scelle_custody::ExpectedHead {
        sha256: Some(sha256),
        entries: None,
    };
    let checked = scelle_custody::verify_journal(journal, keyring, Some(expected))?;
    Ok(checked
        .findings
        .iter()
        .find(|finding| finding.kind == scelle_custody::CustodyFindingKind::HeadMissing)
        .map(|_| {
            finding(
                "report-journal-head-missing",
                format!(
                    "the case journal no longer contains its line {sha256}, on which this archive was sealed: journal entries were dropped or rewritten"
                ),
            )
            .with_values(sha256.to_string(), "—")
        }))
}

/// A finding made while the report is made (kind `report-...`).
fn finding(kind: &str, message: String) -> ReportFinding {
    scelle_finding::Finding::new(kind.to_string(), scelle_finding::Place::none(), message)
}

/// What the report says of a token.
fn timestamp_facts(timestamp: timestamp::TimestampReport) -> TimestampFacts {
    TimestampFacts {
        gen_time: timestamp.info.as_ref().map(|info| info.gen_time.clone()),
        tsa: timestamp.info.and_then(|info| info.signer),
        problems: timestamp
            .findings
            .into_iter()
            .map(|finding| finding.message)
            .collect(),
        tsa_authenticated: timestamp.tsa_authenticated,
    }
}

/// The item list of the `number`th archive: `REPORT-items-N.tsv` beside
/// the report.
fn appendix_path(report: &Path, number: usize) -> PathBuf {
    let stem = report
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default();
    report.with_file_name(format!("{stem}-items-{number}.tsv"))
}

/// An argument as a shell would need it written: quoted when it holds
/// anything but plain characters, so the command line reads unambiguously.
fn shell_word(arg: &str) -> String {
    let plain = !arg.is_empty()
        && arg
            .chars()
            .all(|c| c.is_alphanumeric() || "-_./=:,+@%".contains(c));
    if plain {
        arg.to_string()
    } else {
        format!("'{}'", arg.replace('\'', "'\\''"))
    }
}

/// What the report says about one archive: its manifest read, then a full
/// verification with the trusted key matching its signer, in one pass over
/// the archive, then its custody log.
fn examine(
    archive: &Path,
    mut list: appendix::Appendix,
    journal: &Path,
    sealed: &[scelle_case::SealedEvidence],
    keyring: &Keyring,
    tsa_ca: Option<&Path>,
) -> Result<(EvidenceFacts, appendix::Finished)> {
    let mut facts = EvidenceFacts {
        file: archive.display().to_string(),
        evidence_id: None,
        seal_sha256: None,
        signer_key_id: None,
        signer_fingerprint_sha256: None,
        signer_key_source: None,
        host: None,
        host_facts: HostFacts::default(),
        tool: None,
        sealing_case: Vec::new(),
        notes: Vec::new(),
        manifest_sha256: None,
        appendix: None,
        acquisition: None,
        items: 0,
        payload_files: 0,
        payload_bytes: 0,
        kinds: Vec::new(),
        incomplete: Vec::new(),
        incomplete_total: 0,
        skipped: Vec::new(),
        skipped_total: 0,
        collection: None,
        verdict: Verdict::NotIntact,
        findings: Vec::new(),
        findings_total: 0,
        custody: None,
        timestamp: None,
    };
    let mut reader = ManifestLineReader::new();
    let mut kinds: BTreeMap<String, u64> = BTreeMap::new();
    let mut started = None;
    let mut journal_head = None;
    let mut unreadable_manifest = None;
    let options = Options {
        trusted_keys: keyring.public_keys().cloned().collect(),
        pinned_keys: keyring.pinned_fingerprints().collect(),
        ..Default::default()
    };
    // One pass: the facts come from the manifest lines the verification
    // checks (a damaged archive still gets a report; the verdict says why).
    let mut on_line = |line: &[u8]| {
        if unreadable_manifest.is_some() {
            return;
        }
        match reader.line(line) {
            Ok(ManifestLine::Header(header)) => {
                facts.evidence_id = Some(header.evidence_id.to_string());
                facts.host = header.host.hostname.clone();
                let host = &header.host;
                facts.host_facts = HostFacts {
                    os: host.os_release.clone(),
                    kernel: host.kernel.clone(),
                    machine_id: host.machine_id.clone(),
                    boot_time: host.boot_time.clone(),
                    time_zone: host.time_zone.clone(),
                };
                facts.tool = Some((
                    header.tool.version.clone(),
                    header.tool.binary_sha256.map(|digest| digest.to_string()),
                ));
                let sealing = &header.case;
                facts.sealing_case = [
                    ("legal-basis", &sealing.legal_basis),
                    ("examiner", &sealing.examiner),
                    ("organization", &sealing.organization),
                ]
                .into_iter()
                .filter_map(|(key, value)| Some((key.to_string(), value.clone()?)))
                .collect();
                facts.notes = sealing.notes.clone();
                started = Some(header.acquisition.started.clone());
                let acquisition = &header.acquisition;
                facts.collection = Some(scelle_case::report::Collection {
                    operator: acquisition.operator.clone(),
                    command_line: acquisition
                        .command_line
                        .iter()
                        .map(|arg| shell_word(&arg.to_display()))
                        .collect::<Vec<_>>()
                        .join(" "),
                    roots: acquisition
                        .roots
                        .iter()
                        .map(|root| root.to_display())
                        .collect(),
                    excludes: acquisition.excludes.clone(),
                    clock_reference: acquisition.clock_reference.as_ref().map(|clock| {
                        (
                            clock.reference_time.clone(),
                            clock.host_clock.clone(),
                            clock.host_offset_ms,
                        )
                    }),
                });
                journal_head = header
                    .case
                    .incident
                    .as_ref()
                    .map(|incident| incident.journal_sha256);
            }
            Ok(ManifestLine::Item(item)) => {
                list.item(&item);
                *kinds.entry(item.kind.name().to_string()).or_default() += 1;
                let listed = if item.status == scelle_manifest::Status::Skipped {
                    Some((&mut facts.skipped, &mut facts.skipped_total))
                } else if item.status.is_incomplete() {
                    Some((&mut facts.incomplete, &mut facts.incomplete_total))
                } else {
                    None
                };
                if let Some((list, total)) = listed {
                    *total += 1;
                    if list.len() < MAX_LISTED {
                        list.push(IncompleteItem {
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
                facts.signer_key_id = Some(footer.signer.key_id);
                facts.signer_fingerprint_sha256 = Some(footer.signer.public_key_fingerprint_sha256);
                facts.signer_key_source = footer.signer.key_source.clone();
                facts.acquisition = started.take().map(|start| (start, footer.ended.clone()));
            }
            Ok(ManifestLine::Blank) => {}
            Err(message) => unreadable_manifest = Some(message),
        }
    };
    let verified = verify::check_with(archive, &options, Some(&mut on_line), &NoCallbacks)?;
    facts.kinds = kinds.into_iter().collect();
    facts.seal_sha256 = verified.seal_sha256.map(|seal| seal.to_string());
    facts.manifest_sha256 = verified.manifest_sha256.map(|digest| digest.to_string());
    let written = list.finish()?;
    facts.appendix = Some(AppendixFacts {
        file: written
            .path()
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default(),
        sha256: written.sha256.to_string(),
        items: written.items,
    });
    facts.findings_total = verified.findings_total;
    facts.findings = verified
        .findings
        .iter()
        .take(MAX_LISTED)
        .map(|found| report_finding("verify", found))
        .collect();
    if let Some(message) = unreadable_manifest {
        facts.findings.push(scelle_finding::Finding::new(
            "report-manifest-unreadable".to_string(),
            scelle_finding::Place::member("scelle/manifest.json"),
            message,
        ));
    }
    facts.verdict = verified.verdict();
    if let Some(missing) = journal_head_missing(journal, journal_head, keyring)? {
        facts.findings.push(missing);
        facts.verdict = Verdict::NotIntact;
    }
    // Sealed for this case (its record names the journal's head), so the
    // journal must say so: freeze wrote an evidence-sealed entry with its seal.
    if let (Some(_), Some(seal)) = (journal_head, verified.seal_sha256) {
        if !sealed.iter().any(|evidence| evidence.seal_sha256 == seal) {
            facts.findings.push(finding(
                "report-not-in-journal",
                format!(
                    "the case journal records no sealing of this archive (no evidence-sealed entry \
                     with seal {seal}), though the archive was sealed for this case: the entry was \
                     dropped from the journal, or the freeze stopped before writing it"
                ),
            ));
            facts.verdict = Verdict::NotIntact;
        }
    }

    facts.timestamp = timestamp::check_token(
        archive,
        None,
        tsa_ca,
        verified.manifest_sha256,
        verified.signature.trusted_comment.as_deref(),
    )?
    .map(timestamp_facts);
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
                    signed: scelle_case::SignedBy::of(verified),
                    details: [
                        details::TO,
                        details::MEANS,
                        details::LOCATION,
                        details::TEXT,
                        details::RESULT,
                    ]
                    .into_iter()
                    .filter_map(|key| {
                        let value = verified.entry.details.get(key)?.as_str()?;
                        Some((key.to_string(), value.to_string()))
                    })
                    .collect(),
                })
                .collect(),
            findings: custody
                .findings
                .iter()
                .map(|found| report_finding("custody", found))
                .collect(),
            signers_checked: custody.signers_checked,
        });
    }
    Ok((facts, written))
}
