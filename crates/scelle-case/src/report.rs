//! The case report for a bailiff's procès-verbal or a lawyer: the case, its
//! deadlines, the timeline from the journal and every piece of evidence
//! with its seal hash, signer, contents, custody and verification result.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use scelle_hash::Sha256Digest;
use scelle_sign::KeyId;
use serde::Serialize;

use crate::deadline::{format_span, Deadline, DeadlineState, Remark};
use crate::document::{Block, Document, Section};
use crate::facts::{parse_time, Impact, Nis2Class};
use crate::journal::{CaseState, NotificationKind, TimelineEntry};
pub use crate::words::Lang;
use crate::words::Words;
use scelle_l10n::text_arg;

/// How the verification of an archive came out.
pub use scelle_finding::Verdict;

/// An item recorded as incomplete at acquisition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IncompleteItem {
    /// Original path or command.
    pub path: String,
    /// `changed`, `unreadable`, ...
    pub status: String,
    /// Why.
    pub reason: String,
}

/// One step of an archive's custody log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CustodyStep {
    /// When (the signer's clock).
    pub time: String,
    /// The event.
    pub event: String,
    /// Who signed it: the keyring's identity, and the name declared.
    pub signed: crate::SignedBy,
    /// What the entry says of the step, as recorded: `to`, `means`,
    /// `location` of a hand-over, a note's `text`, a check's `result`.
    pub details: Vec<(String, String)>,
}

/// What was established about an archive's custody log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CustodyFacts {
    /// Entries that verified.
    pub steps: Vec<CustodyStep>,
    /// Problems found.
    pub findings: Vec<ReportFinding>,
    /// Whether signers were checked against trusted keys.
    pub signers_checked: bool,
}

/// What the report says about one archive (gathered by the caller).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EvidenceFacts {
    /// The archive file.
    pub file: String,
    /// Evidence id.
    pub evidence_id: Option<String>,
    /// SHA-256 of the archive file, as computed now.
    pub seal_sha256: Option<String>,
    /// Signer's key id.
    pub signer_key_id: Option<KeyId>,
    /// Signer's public key fingerprint.
    pub signer_fingerprint_sha256: Option<Sha256Digest>,
    /// Where the signer's key was kept.
    pub signer_key_source: Option<scelle_sign::KeySource>,
    /// The host it was collected on.
    pub host: Option<String>,
    /// What the manifest records of that host.
    pub host_facts: HostFacts,
    /// The program that sealed it: version, and SHA-256 of its executable.
    pub tool: Option<(String, Option<String>)>,
    /// Case facts the responder gave at sealing: `legal-basis`,
    /// `examiner`, `organization`, with their values.
    pub sealing_case: Vec<(String, String)>,
    /// The responder's notes, in order.
    pub notes: Vec<String>,
    /// SHA-256 of the signed manifest.json.
    pub manifest_sha256: Option<String>,
    /// The item list written beside the report.
    pub appendix: Option<AppendixFacts>,
    /// Acquisition start and end (host clock).
    pub acquisition: Option<(String, String)>,
    /// Items recorded.
    pub items: u64,
    /// Files stored, and their bytes.
    pub payload_files: u64,
    /// Bytes stored.
    pub payload_bytes: u64,
    /// Items by kind (file, dir, image, command, ...).
    pub kinds: Vec<(String, u64)>,
    /// Incomplete items (the first ones).
    pub incomplete: Vec<IncompleteItem>,
    /// Incomplete items in all.
    pub incomplete_total: u64,
    /// Items deliberately not collected (excluded, other filesystem), the first ones.
    pub skipped: Vec<IncompleteItem>,
    /// Skipped items in all.
    pub skipped_total: u64,
    /// How the acquisition was run, from the signed manifest.
    pub collection: Option<Collection>,
    /// Verification result.
    pub verdict: Verdict,
    /// Verification findings (the first ones).
    pub findings: Vec<ReportFinding>,
    /// Findings in all.
    pub findings_total: u64,
    /// The custody log, when found.
    pub custody: Option<CustodyFacts>,
    /// The trusted timestamp of its manifest, when there is one.
    pub timestamp: Option<TimestampFacts>,
}

/// A finding as the report shows it: its kind prefixed with the check that
/// found it (`verify-content-mismatch`, `custody-broken-link`,
/// `case-journal-chain`, `report-not-in-journal`), said in the report's
/// language from the catalogue (`finding-<kind>`), with where and which
/// values.
pub type ReportFinding = scelle_finding::Finding<String>;

/// A check's finding, for the report: `check` names the check (`verify`,
/// `custody`, `case`, `report`).
pub fn report_finding<K: Serialize>(
    check: &str,
    finding: &scelle_finding::Finding<K>,
) -> ReportFinding {
    let kind = serde_json::to_value(&finding.kind)
        .ok()
        .and_then(|value| value.as_str().map(str::to_string))
        .unwrap_or_default();
    scelle_finding::Finding {
        kind: format!("{check}-{kind}"),
        place: finding.place.clone(),
        message: finding.message.clone(),
        expected: finding.expected.clone(),
        found: finding.found.clone(),
    }
}

/// The facts of a host as its manifest records them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct HostFacts {
    /// `PRETTY_NAME` of /etc/os-release.
    pub os: Option<String>,
    /// The kernel.
    pub kernel: Option<String>,
    /// /etc/machine-id.
    pub machine_id: Option<String>,
    /// Boot time, RFC 3339.
    pub boot_time: Option<String>,
    /// The host's time zone.
    pub time_zone: Option<String>,
}

/// An archive's item list, written as a file beside the report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AppendixFacts {
    /// Its file name.
    pub file: String,
    /// Its SHA-256.
    pub sha256: String,
    /// Items listed.
    pub items: u64,
}

/// Which copy of the report: the annex for the procès-verbal, which the
/// other side may read, or counsel's confidential copy with the deadlines.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Audience {
    /// The annex to a procès-verbal: facts and evidence, no legal assessment.
    #[default]
    Annex,
    /// Counsel's copy: everything, the notification deadlines with it.
    Counsel,
}

impl Audience {
    /// Parses `annex` or `counsel`.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "annex" => Some(Audience::Annex),
            "counsel" => Some(Audience::Counsel),
            _ => None,
        }
    }
}

/// Who makes the report, and where it is to be annexed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Authorship {
    /// The author, "NAME, QUALITY" (blank lines for a hand-written one if not given).
    pub author: Option<String>,
    /// The annex number in the procès-verbal.
    pub annex_number: Option<String>,
    /// The date of the procès-verbal.
    pub pv_date: Option<String>,
    /// The key the report is signed with: id and SHA-256 fingerprint.
    pub signing_key: Option<(KeyId, Sha256Digest)>,
}

/// How an acquisition was run, as its signed manifest records it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Collection {
    /// Who ran it (as declared, or the login name).
    pub operator: Option<String>,
    /// The exact command line.
    pub command_line: String,
    /// The paths given to collect.
    pub roots: Vec<String>,
    /// The `--exclude` patterns.
    pub excludes: Vec<String>,
    /// The trusted time the responder read, the host clock then, and the
    /// host clock's offset in milliseconds (positive: ahead).
    pub clock_reference: Option<(String, String, i64)>,
}

/// What was established about an archive's RFC 3161 timestamp.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimestampFacts {
    /// The TSA's time.
    pub gen_time: Option<String>,
    /// Who signed the token.
    pub tsa: Option<String>,
    /// Problems found; empty when the token holds.
    pub problems: Vec<String>,
    /// The TSA certificate chains to a CA the reader gave.
    pub tsa_authenticated: bool,
}

/// Everything a report is made of.
pub struct ReportInput<'a> {
    /// The case.
    pub case: &'a CaseState,
    /// Its deadlines.
    pub deadlines: &'a [Deadline],
    /// The archives examined.
    pub evidence: &'a [EvidenceFacts],
    /// When the report is made.
    pub generated: DateTime<Utc>,
    /// The time deadlines are assessed at (usually `generated`).
    pub as_of: DateTime<Utc>,
    /// The scelle version making it.
    pub tool_version: &'a str,
    /// Language.
    pub lang: Lang,
    /// Which copy.
    pub audience: Audience,
    /// Who makes it, for which procès-verbal, signed with which key.
    pub authorship: &'a Authorship,
    /// The journal's RFC 3161 tokens: the line each stamps, and what was
    /// established about it.
    pub journal_timestamps: &'a [(u64, TimestampFacts)],
}

/// Builds the report.
pub fn report(input: &ReportInput) -> Document {
    let words = &Words::for_lang(input.lang);
    let zone: Tz = input.case.facts.time_zone().unwrap_or(chrono_tz::UTC);
    let when = |time: &str| show_time(time, zone);
    let facts = &input.case.facts;
    let subtitle = format!(
        "{} {} — {} {} — scelle {}",
        words.t("case-ref"),
        facts.case_id,
        words.t("generated"),
        show(input.generated, zone),
        input.tool_version
    );
    let mut sections = Vec::new();
    let mut numbered = 0;
    let mut number = |heading: String| {
        numbered += 1;
        (numbered, format!("{numbered}. {heading}"))
    };

    let yes_no = |value: bool| if value { words.t("yes") } else { words.t("no") }.to_string();
    let impact: Vec<String> = facts.impact.iter().map(|i| words.impact(*i)).collect();
    let mut case_facts = vec![
        (words.t("case-ref"), facts.case_id.clone()),
        (words.t("case-title"), facts.title.clone()),
        (words.t("discovered"), when(&facts.discovered)),
        (words.t("personal-data"), yes_no(facts.personal_data)),
        (
            words.t("nis2"),
            facts.nis2.map_or(words.t("no"), |c| words.nis2_class(c)),
        ),
        (words.t("oiv"), yes_no(facts.oiv)),
        (
            words.t("impact-label"),
            if impact.is_empty() {
                words.t("none-yet")
            } else {
                impact.join(", ")
            },
        ),
    ];
    let regimes = &facts.regimes;
    for (label, time) in [
        ("occurred", &regimes.occurred),
        ("aware", &regimes.aware),
        ("dora-classified", &regimes.dora_classified),
    ] {
        if let Some(time) = time {
            case_facts.push((words.t(label), when(time)));
        }
    }
    for (label, set) in [
        ("high-risk", regimes.high_risk),
        ("processor", regimes.processor),
        ("dora", regimes.dora),
    ] {
        if set {
            case_facts.push((words.t(label), words.t("yes")));
        }
    }
    for (label, value) in [
        (words.t("organization"), &facts.organization),
        (words.t("legal-basis"), &facts.legal_basis),
        (words.t("dpo"), &facts.dpo),
        (words.t("counsel"), &facts.counsel),
    ] {
        if let Some(value) = value {
            case_facts.push((label, value.clone()));
        }
    }
    case_facts.push((words.t("time-zone"), facts.time_zone.clone()));
    sections.push(Section {
        heading: number(words.t("section-case")).1,
        blocks: vec![Block::Facts(case_facts)],
    });

    let deadline_rows = deadline_rows(input.deadlines, facts, input.lang);
    // Counsel's copy only: whether a duty was met is a legal assessment
    // for counsel, not a fact for the annex the other side reads.
    if input.audience == Audience::Counsel {
        sections.push(Section {
            heading: number(words.t("section-deadlines")).1,
            blocks: if deadline_rows.is_empty() {
                vec![Block::Paragraph(words.t("no-deadline"))]
            } else {
                vec![
                    Block::Paragraph(format!(
                        "{} {} {}.",
                        words.t("deadline-method"),
                        words.t("as-of"),
                        show(input.as_of, zone)
                    )),
                    Block::Table {
                        head: words.head("deadline-head", 5),
                        rows: deadline_rows,
                    },
                ]
            },
        });
        sections.push(Section {
            heading: number(words.t("section-steps")).1,
            blocks: vec![Block::Table {
                head: words.head("steps-head", 3),
                rows: crate::checklist::checklist(input.case)
                    .into_iter()
                    .map(|state| {
                        vec![
                            words.t(&format!("step-{}", state.step.name())),
                            state.done.as_deref().map_or_else(
                                || words.t("step-pending"),
                                |time| show_time(time, zone),
                            ),
                            state.line.map_or_else(String::new, |line| line.to_string()),
                        ]
                    })
                    .collect(),
            }],
        });
    }

    let mut journal_blocks = vec![timeline(input.case, input.lang)];
    let untrusted: Vec<String> = input
        .case
        .timeline
        .iter()
        .filter(|entry| entry.signed.signer == scelle_custody::SignerStatus::Unknown)
        .map(|entry| format!("{} — {}", entry.line, entry.signed.describe(words)))
        .collect();
    if !untrusted.is_empty() {
        journal_blocks.push(Block::Paragraph(words.t("untrusted-entries")));
        journal_blocks.push(Block::List(untrusted));
    }
    journal_blocks.push(Block::Paragraph(journal_verdict(input.case, words)));
    journal_blocks.push(Block::Paragraph(format!(
        "{} {} {}, {} {}",
        words.t("journal-receipt"),
        input.case.journal_entries,
        words.t("entries"),
        words.t("last-line-sha256"),
        input.case.journal_head_sha256
    )));
    if !input.journal_timestamps.is_empty() {
        journal_blocks.push(Block::Paragraph(words.t("journal-timestamps")));
        journal_blocks.push(Block::List(
            input
                .journal_timestamps
                .iter()
                .map(|(line, token)| {
                    format!(
                        "{} {line} — {}",
                        words.t("journal-line"),
                        words.timestamp(token, zone)
                    )
                })
                .collect(),
        ));
    }
    if !input.case.findings.is_empty() {
        journal_blocks.push(Block::List(
            input
                .case
                .findings
                .iter()
                .map(|finding| words.finding(&report_finding("case", finding)))
                .collect(),
        ));
    }
    sections.push(Section {
        heading: number(words.t("section-timeline")).1,
        blocks: journal_blocks,
    });

    let (evidence_number, evidence_heading) = number(words.t("section-evidence"));
    sections.push(Section {
        heading: evidence_heading,
        blocks: vec![Block::Paragraph(if input.evidence.is_empty() {
            words.t("no-evidence")
        } else {
            format!("{} {}", words.t("evidence-examined"), input.evidence.len())
        })],
    });
    for (index, evidence) in input.evidence.iter().enumerate() {
        sections.push(evidence_section(
            (evidence_number, index + 1),
            evidence,
            input.case,
            words,
            zone,
        ));
    }
    sections.push(Section {
        heading: number(words.t("section-method")).1,
        blocks: vec![Block::Paragraph(words.t("method"))],
    });
    sections.push(signature_section(
        number(words.t("section-signature")).1,
        input.authorship,
        words,
    ));
    Document {
        lang: words.tag(),
        title: words.t("heading"),
        subtitle,
        notice: notice(input, words),
        footer: footer(input, words),
        sections,
    }
}

/// The line under the title that says which copy this is: the annex, with
/// its number and procès-verbal (blanks to fill by hand when not given), or
/// counsel's confidential copy.
fn notice(input: &ReportInput, words: &Words) -> String {
    let blank = || "____".to_string();
    match input.audience {
        Audience::Annex => words.with(
            "notice-annex",
            &[
                (
                    "number",
                    input
                        .authorship
                        .annex_number
                        .clone()
                        .unwrap_or_else(blank)
                        .into(),
                ),
                (
                    "date",
                    input
                        .authorship
                        .pv_date
                        .clone()
                        .unwrap_or_else(blank)
                        .into(),
                ),
            ],
        ),
        Audience::Counsel => words.t("notice-counsel"),
    }
}

/// What every printed page repeats at its foot: the case and the seal of
/// each archive (page numbers are added by the printed form).
fn footer(input: &ReportInput, words: &Words) -> String {
    let seals: Vec<String> = input
        .evidence
        .iter()
        .map(|evidence| {
            format!(
                "{} {}",
                evidence.evidence_id.as_deref().unwrap_or("?"),
                evidence.seal_sha256.as_deref().unwrap_or("?")
            )
        })
        .collect();
    let case = format!("{} {}", words.t("case-ref"), input.case.facts.case_id);
    match seals.len() {
        0 => case,
        1 | 2 => format!("{case} — {} {}", words.t("footer-seal"), seals.join(" ; ")),
        n => format!(
            "{case} — {}",
            words.with("footer-seals", &[("count", n.into())])
        ),
    }
}

/// The closing block: who made the report, where and when, a place to
/// sign, and what its electronic signature is.
fn signature_section(heading: String, authorship: &Authorship, words: &Words) -> Section {
    let blank = || "…………………………………………".to_string();
    let mut blocks = vec![Block::Facts(vec![
        (
            words.t("signature-author"),
            authorship.author.clone().unwrap_or_else(blank),
        ),
        (words.t("signature-place-date"), blank()),
        (words.t("signature-signature"), String::new()),
    ])];
    blocks.push(Block::Paragraph(match &authorship.signing_key {
        Some((key_id, fingerprint)) => words.with(
            "signature-signed",
            &[
                ("key", key_id.to_string().into()),
                ("fingerprint", fingerprint.to_string().into()),
            ],
        ),
        None => words.t("signature-unsigned"),
    }));
    Section { heading, blocks }
}

fn evidence_section(
    (parent, number): (usize, usize),
    evidence: &EvidenceFacts,
    case: &CaseState,
    words: &Words,
    zone: Tz,
) -> Section {
    let unknown = || "—".to_string();
    let journal_line = evidence.seal_sha256.as_ref().and_then(|seal| {
        case.timeline.iter().find(|entry| {
            entry.event == "evidence-sealed"
                && entry.details.get("seal_sha256").and_then(|v| v.as_str()) == Some(seal)
        })
    });
    let mut facts = vec![
        (words.t("file"), evidence.file.clone()),
        (
            words.t("evidence-id"),
            evidence.evidence_id.clone().unwrap_or_else(unknown),
        ),
        (
            words.t("seal"),
            evidence.seal_sha256.clone().unwrap_or_else(unknown),
        ),
        (
            words.t("signer"),
            match (&evidence.signer_key_id, &evidence.signer_fingerprint_sha256) {
                (Some(id), Some(fingerprint)) => format!(
                    "{id} (SHA-256 {fingerprint}){}",
                    evidence
                        .signer_key_source
                        .as_ref()
                        .map(|source| format!(", {}", key_kept(source, words)))
                        .unwrap_or_default()
                ),
                (Some(id), None) => id.to_string(),
                _ => unknown(),
            },
        ),
        (
            words.t("host"),
            evidence.host.clone().unwrap_or_else(unknown),
        ),
    ];
    let host = &evidence.host_facts;
    for (label, value) in [
        ("host-os", &host.os),
        ("host-kernel", &host.kernel),
        ("host-machine-id", &host.machine_id),
        ("host-time-zone", &host.time_zone),
    ] {
        facts.push((words.t(label), value.clone().unwrap_or_else(unknown)));
    }
    facts.push((
        words.t("host-boot"),
        host.boot_time
            .as_deref()
            .map_or_else(unknown, |time| show_time(time, zone)),
    ));
    if let Some((version, binary)) = &evidence.tool {
        facts.push((
            words.t("tool"),
            words.with(
                "tool-value",
                &[
                    ("version", version.clone().into()),
                    ("sha256", binary.clone().unwrap_or_else(unknown).into()),
                ],
            ),
        ));
    }
    facts.extend(
        evidence
            .sealing_case
            .iter()
            .map(|(key, value)| (words.t(&format!("sealing-{key}")), value.clone())),
    );
    if let Some((started, ended)) = &evidence.acquisition {
        facts.push((
            words.t("acquisition"),
            format!("{} → {}", show_time(started, zone), show_time(ended, zone)),
        ));
    }
    let kinds: Vec<String> = evidence
        .kinds
        .iter()
        .map(|(kind, count)| format!("{}: {count}", words.kind(kind)))
        .collect();
    facts.push((
        words.t("contents"),
        format!(
            "{} {} ({}); {}: {}, {} {}",
            evidence.items,
            words.t("items"),
            kinds.join(", "),
            words.t("files-stored"),
            evidence.payload_files,
            evidence.payload_bytes,
            words.t("bytes")
        ),
    ));
    facts.push((
        words.t("incomplete"),
        if evidence.incomplete_total == 0 {
            words.t("none")
        } else {
            evidence.incomplete_total.to_string()
        },
    ));
    facts.push((
        words.t("skipped"),
        if evidence.skipped_total == 0 {
            words.t("none")
        } else {
            evidence.skipped_total.to_string()
        },
    ));
    if let Some(collection) = &evidence.collection {
        let listed = |list: &[String]| {
            if list.is_empty() {
                words.t("none").to_string()
            } else {
                list.join(" ; ")
            }
        };
        facts.push((words.t("command-line"), collection.command_line.clone()));
        facts.push((
            words.t("operator"),
            collection.operator.clone().unwrap_or_else(unknown),
        ));
        facts.push((words.t("roots"), listed(&collection.roots)));
        facts.push((words.t("excludes"), listed(&collection.excludes)));
        facts.push((
            words.t("clock"),
            match &collection.clock_reference {
                Some((reference, host, offset_ms)) => format!(
                    "{} {reference} ; {} {host} ; {} {:+.3} s",
                    words.t("clock-reference"),
                    words.t("clock-host"),
                    words.t("clock-offset"),
                    *offset_ms as f64 / 1000.0
                ),
                None => words.t("clock-none"),
            },
        ));
    }
    facts.push((
        words.t("manifest-sha256"),
        evidence.manifest_sha256.clone().unwrap_or_else(unknown),
    ));
    facts.push((
        words.t("appendix"),
        match &evidence.appendix {
            Some(appendix) => words.with(
                "appendix-value",
                &[
                    ("file", appendix.file.clone().into()),
                    ("items", appendix.items.into()),
                    ("sha256", appendix.sha256.clone().into()),
                ],
            ),
            None => unknown(),
        },
    ));
    facts.push((words.t("verification"), words.verdict(evidence)));
    if evidence.timestamp.is_none() {
        facts.push((words.t("timestamp"), words.t("timestamp-none")));
    }
    if let Some(timestamp) = &evidence.timestamp {
        facts.push((words.t("timestamp"), words.timestamp(timestamp, zone)));
    }
    facts.push((
        words.t("in-journal"),
        journal_line.map_or(words.t("not-in-journal"), |entry| {
            format!("{} {}", words.t("journal-line"), entry.line)
        }),
    ));
    let mut blocks = vec![Block::Facts(facts)];
    if !evidence.notes.is_empty() {
        blocks.push(Block::Paragraph(words.t("notes-intro")));
        blocks.push(Block::List(evidence.notes.clone()));
    }
    if !evidence.findings.is_empty() {
        blocks.push(Block::Paragraph(words.t("findings-intro")));
        blocks.push(Block::List(
            evidence
                .findings
                .iter()
                .map(|finding| words.finding(finding))
                .collect(),
        ));
    }
    if !evidence.skipped.is_empty() {
        blocks.push(Block::Paragraph(words.t("skipped-intro")));
        blocks.push(items_table(&evidence.skipped, words));
    }
    if !evidence.incomplete.is_empty() {
        blocks.push(Block::Paragraph(words.t("incomplete-intro")));
        blocks.push(items_table(&evidence.incomplete, words));
    }
    match &evidence.custody {
        Some(custody) => {
            blocks.push(Block::Paragraph(words.t("custody-intro")));
            blocks.push(Block::Table {
                head: words.head("custody-head", 5),
                rows: custody
                    .steps
                    .iter()
                    .map(|step| {
                        vec![
                            show_time(&step.time, zone),
                            words.custody_event(&step.event).to_string(),
                            step.details
                                .iter()
                                .map(|(key, value)| {
                                    format!("{} {value}", words.named("detail", key))
                                })
                                .collect::<Vec<_>>()
                                .join(" ; "),
                            step.signed.describe(words),
                            step.signed.key_id.to_string(),
                        ]
                    })
                    .collect(),
            });
            blocks.push(Block::Paragraph(if !custody.findings.is_empty() {
                words.t("custody-broken")
            } else if custody.signers_checked {
                words.t("custody-intact")
            } else {
                words.t("custody-unauthenticated")
            }));
            if !custody.findings.is_empty() {
                blocks.push(Block::List(
                    custody
                        .findings
                        .iter()
                        .map(|finding| words.finding(finding))
                        .collect(),
                ));
            }
        }
        None => blocks.push(Block::Paragraph(words.t("no-custody"))),
    }
    Section {
        heading: format!(
            "{parent}.{number} {} — {}",
            words.t("section-evidence-one"),
            evidence.file
        ),
        blocks,
    }
}

/// Items with their acquisition status and its reason, as a table.
fn items_table(items: &[IncompleteItem], words: &Words) -> Block {
    Block::Table {
        head: words.head("incomplete-head", 3),
        rows: items
            .iter()
            .map(|item| {
                vec![
                    item.path.clone(),
                    words.item_status(&item.status).to_string(),
                    item.reason.clone(),
                ]
            })
            .collect(),
    }
}

fn journal_verdict(case: &CaseState, words: &Words) -> String {
    let count = case.timeline.len();
    if !case.findings.is_empty() {
        format!(
            "{} ({count} {})",
            words.t("journal-broken"),
            words.t("entries")
        )
    } else if case.signers_checked {
        format!(
            "{} ({count} {})",
            words.t("journal-intact"),
            words.t("entries")
        )
    } else {
        format!(
            "{} ({count} {})",
            words.t("journal-unauthenticated"),
            words.t("entries")
        )
    }
}

/// The deadlines as rows: the duty and its legal basis, who is to be
/// told, when (local time, then UTC), where it stands, and what met it —
/// for counsel's report and `case status`.
pub fn deadline_rows(
    deadlines: &[Deadline],
    facts: &crate::CaseFacts,
    lang: Lang,
) -> Vec<Vec<String>> {
    let words = &Words::for_lang(lang);
    let zone: Tz = facts.time_zone().unwrap_or(chrono_tz::UTC);
    deadlines
        .iter()
        .map(|deadline| {
            let due = match deadline.due {
                Some(due) => {
                    let shown = show(due, zone);
                    if deadline.provisional {
                        format!("{shown} {}", words.t("provisional"))
                    } else {
                        shown
                    }
                }
                None => words.t("without-delay"),
            };
            let done = deadline.met_by.as_ref().map_or("—".to_string(), |n| {
                format!(
                    "{}, {} {}, {} {}",
                    n.to,
                    words.t("reference"),
                    n.reference,
                    words.t("sent"),
                    show_time(&n.sent, zone)
                )
            });
            vec![
                format!(
                    "{} — {}",
                    words.obligation(deadline.obligation),
                    words.basis(deadline.obligation)
                ),
                words.recipient(&deadline.recipient),
                due,
                words.state(deadline),
                done,
            ]
        })
        .collect()
}

/// A document about the case (an export, an annex): its title and notice
/// from the catalogue, the case named under the title and at each page's
/// foot.
pub(crate) fn case_document(
    words: &Words,
    facts: &crate::CaseFacts,
    title: &str,
    notice: &str,
    sections: Vec<Section>,
) -> Document {
    Document {
        lang: words.tag(),
        title: words.t(title),
        subtitle: format!(
            "{} {} — {}",
            words.t("case-ref"),
            facts.case_id,
            facts.title
        ),
        notice: words.t(notice),
        footer: format!("{} {}", words.t("case-ref"), facts.case_id),
        sections,
    }
}

/// The journal as a table: number, local time, signer (by the keyring),
/// what happened, signing key — for the report and `case show`.
pub fn timeline(case: &CaseState, lang: Lang) -> Block {
    let words = &Words::for_lang(lang);
    let zone: Tz = case.facts.time_zone().unwrap_or(chrono_tz::UTC);
    Block::Table {
        head: words.head("timeline-head", 5),
        rows: case
            .timeline
            .iter()
            .map(|entry| {
                vec![
                    entry.line.to_string(),
                    show_time(&entry.time, zone),
                    entry.signed.describe(words),
                    describe(entry, words, zone),
                    entry.signed.key_id.to_string(),
                ]
            })
            .collect(),
    }
}

/// A time in the case's time zone, then in UTC, as the report shows it.
pub fn local_time(time: DateTime<Utc>, facts: &crate::CaseFacts) -> String {
    show(time, facts.time_zone().unwrap_or(chrono_tz::UTC))
}

/// One timeline line in words.
fn describe(entry: &TimelineEntry, words: &Words, zone: Tz) -> String {
    let text = |key: &str| {
        entry
            .details
            .get(key)
            .and_then(|v| v.as_str())
            .unwrap_or("?")
            .to_string()
    };
    match entry.event.as_str() {
        "case-opened" => words.t("case-opened"),
        "note" => text("text"),
        "notified" => {
            let kind = serde_json::from_value::<NotificationKind>(
                entry.details.get("kind").cloned().unwrap_or_default(),
            )
            .map_or("?".to_string(), |kind| {
                words.notification_kind(kind).to_string()
            });
            format!(
                "{} ({kind}), {} {}, {} {}",
                words.notified_to(&text("to")),
                words.t("reference"),
                text("reference"),
                words.t("sent"),
                show_time(&text("sent"), zone)
            )
        }
        "impact-set" => {
            let names: Vec<String> = entry
                .details
                .get("impact")
                .and_then(|v| v.as_array())
                .map(|list| {
                    list.iter()
                        .filter_map(|v| v.as_str())
                        .map(|name| Impact::parse(name).map_or("?".into(), |i| words.impact(i)))
                        .collect()
                })
                .unwrap_or_default();
            format!("{} {}", words.t("impact-set"), names.join(", "))
        }
        "breach-assessed" => words.t("event-breach-assessed"),
        "report-requested" => words.with(
            "event-report-requested",
            &[
                ("from", text("from").into()),
                ("due", show_time(&text("due"), zone).into()),
            ],
        ),
        "step-done" => {
            let step = words.t(&format!("step-{}", text("step")));
            let mut said = words.with("event-step-done", &[("step", step.into())]);
            if entry.details.contains_key("at") {
                said.push_str(&format!(" — {}", show_time(&text("at"), zone)));
            }
            if entry.details.contains_key("note") {
                said.push_str(&format!(" — {}", text("note")));
            }
            said
        }
        "baseline-recorded" | "audit-run" => {
            let paths: Vec<String> = entry
                .details
                .get("paths")
                .and_then(|v| v.as_array())
                .map(|list| {
                    list.iter()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            let number = |key: &str| entry.details.get(key).and_then(|v| v.as_u64()).unwrap_or(0);
            words.with(
                &format!("event-{}", entry.event),
                &[
                    ("paths", paths.join(", ").into()),
                    ("reference", text("reference").into()),
                    ("sha256", text("reference_sha256").into()),
                    ("items", number("items").into()),
                    ("differences", number("differences").into()),
                ],
            )
        }
        "timestamped" | "timestamp-failed" => {
            // "custody log line N": the entry the token stamps.
            let stamped = text("stamped");
            let line = stamped.rsplit(' ').next().unwrap_or("?").to_string();
            if entry.event == "timestamped" {
                words.with(
                    "event-journal-timestamped",
                    &[
                        ("line", line.into()),
                        ("time", show_time(&text("gen_time"), zone).into()),
                    ],
                )
            } else {
                words.with(
                    "event-journal-timestamp-failed",
                    &[("line", line.into()), ("tsa", text("tsa").into())],
                )
            }
        }
        "evidence-sealed" => format!(
            "{} {} — {} {}",
            words.t("evidence-sealed"),
            text("evidence_id"),
            words.t("seal"),
            text("seal_sha256")
        ),
        other => other.to_string(),
    }
}

/// An RFC 3339 time as local time in `zone` with its offset, then UTC.
pub(crate) fn show_time(text: &str, zone: Tz) -> String {
    parse_time(text, "time").map_or_else(|_| text.to_string(), |time| show(time, zone))
}

fn show(time: DateTime<Utc>, zone: Tz) -> String {
    let local = time.with_timezone(&zone);
    format!(
        "{} ({}) = {}",
        local.format("%Y-%m-%d %H:%M:%S %:z"),
        zone.name(),
        time.format("%Y-%m-%dT%H:%M:%SZ")
    )
}

impl Words {
    /// A token in words: the TSA's time, who signed it, and whether it holds.
    fn timestamp(&self, timestamp: &TimestampFacts, zone: Tz) -> String {
        let when = timestamp
            .gen_time
            .as_deref()
            .map_or("—".to_string(), |time| show_time(time, zone));
        let tsa = timestamp.tsa.clone().unwrap_or_else(|| "—".to_string());
        let state = if !timestamp.problems.is_empty() {
            format!(
                "{} {}",
                self.t("timestamp-invalid"),
                timestamp.problems.join("; ")
            )
        } else if timestamp.tsa_authenticated {
            self.t("timestamp-valid")
        } else {
            self.t("timestamp-unauthenticated")
        };
        format!("{when} — {tsa} — {state}")
    }

    /// A finding in the report's language (see [`finding_text`]).
    fn finding(&self, finding: &ReportFinding) -> String {
        finding_text(self.lang(), finding)
    }

    fn state(&self, deadline: &Deadline) -> String {
        let margin = deadline
            .margin_seconds
            .map(|s| format_span(s, &self.t("day-unit")));
        let state = |id: &str, margin: String| {
            self.with(id, &[("margin", scelle_l10n::FluentValue::from(margin))])
        };
        let shown = match (deadline.state, margin) {
            (DeadlineState::Met, Some(margin)) => state("state-met", margin),
            (DeadlineState::Met, None) => self.t("met"),
            (DeadlineState::MetLate, Some(margin)) => state("state-met-late", margin),
            (DeadlineState::Open, Some(margin)) => state("state-open", margin),
            (DeadlineState::Overdue, Some(margin)) => state("state-overdue", margin),
            (DeadlineState::Overdue, None) => self.t("due-now"),
            (DeadlineState::Exempt, _) => match &deadline.remark {
                Some(Remark::Exemption(letter)) => {
                    self.with("state-exempt", &[("letter", letter.clone().into())])
                }
                _ => self.t("state-exempt-unstated"),
            },
            (_, None) => "—".into(),
        };
        match &deadline.remark {
            Some(Remark::DelayReasons(reasons)) => format!(
                "{shown} — {}",
                self.with(
                    "remark-delay-reasons",
                    &[("reasons", reasons.clone().into())]
                )
            ),
            Some(Remark::NoDelayReasons) => {
                format!("{shown} — {}", self.t("remark-no-delay-reasons"))
            }
            _ => shown,
        }
    }

    fn verdict(&self, evidence: &EvidenceFacts) -> String {
        match evidence.verdict {
            Verdict::Intact => self.t("intact"),
            Verdict::Authentic => self.t("authentic"),
            Verdict::Unauthenticated => self.t("unauthenticated"),
            Verdict::NotIntact => format!("{} {}", self.t("not-intact"), evidence.findings_total),
        }
    }

    fn nis2_class(&self, class: Nis2Class) -> String {
        match class {
            Nis2Class::Essential => self.t("essential"),
            Nis2Class::Important => self.t("important"),
        }
    }
}

/// Where a signing key was kept, in `lang`.
pub fn key_kept_text(lang: Lang, source: &scelle_sign::KeySource) -> String {
    key_kept(source, &Words::for_lang(lang))
}

/// Where the signing key was kept, in the report's language.
fn key_kept(source: &scelle_sign::KeySource, words: &Words) -> String {
    match source {
        scelle_sign::KeySource::File => words.t("key-in-file"),
        scelle_sign::KeySource::SshAgent {
            comment,
            fingerprint,
        } => format!("{} « {comment} » ({fingerprint})", words.t("key-in-agent")),
        scelle_sign::KeySource::Pkcs11 {
            token_label,
            token_serial,
            object_label,
            ..
        } => format!(
            "{} « {token_label} » ({} {token_serial}), « {object_label} »",
            words.t("key-on-token"),
            words.t("serial")
        ),
    }
}

/// A finding in `lang`, on one line: where, what it means (from the
/// catalogue, `finding-<kind>`), the values recorded and found. English
/// adds the check's own detailed message, which is English.
pub fn finding_text(lang: Lang, finding: &ReportFinding) -> String {
    let id = format!("finding-{}", finding.kind);
    let meaning = if lang.has(&id) {
        lang.text(&id)
    } else {
        finding.kind.clone()
    };
    let mut place = Vec::new();
    if let Some(member) = &finding.place.member {
        place.push(lang.format("finding-member", &[text_arg("member", member)]));
    }
    if let Some(line) = finding.place.line {
        place.push(lang.format("finding-line", &[("line", line.into())]));
    }
    if let Some(offset) = finding.place.offset {
        place.push(lang.format("finding-offset", &[("offset", offset.into())]));
    }
    let mut text = if place.is_empty() {
        meaning
    } else {
        format!("{} — {meaning}", place.join(", "))
    };
    if lang == Lang::En && !finding.message.is_empty() {
        text.push_str(&format!(" ({})", finding.message));
    }
    for (label, value) in [
        ("finding-expected", &finding.expected),
        ("finding-found", &finding.found),
    ] {
        if let Some(value) = value {
            text.push_str(&format!(" ; {} {value}", lang.text(label)));
        }
    }
    text
}
