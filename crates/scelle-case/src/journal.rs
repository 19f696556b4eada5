//! The case directory: `case.json` and `journal.jsonl`, a signed,
//! hash-linked journal written and checked exactly like a custody log.
//!
//! Journal events: `case-opened` (the facts), `note`, `impact-set`,
//! `notified` and `evidence-sealed`. The state of a case is what replaying
//! the entries that verify gives; case.json is a readable copy of the facts.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, SecondsFormat, Utc};
use scelle_archive::EvidenceId;
use scelle_atomic::AtomicFile;
use scelle_custody::{Draft, Entry, Keyring};
use scelle_finding::{Finding, Place, Verdict};
use scelle_hash::Sha256Digest;
use scelle_sign::{KeyId, Signer as KeySigner};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::facts::{parse_time, CaseFacts, CaseFile, Impact, CASE_FORMAT};
use crate::Error;

/// The facts, readable.
pub const CASE_FILE: &str = "case.json";
/// The signed journal.
pub const JOURNAL_FILE: &str = "journal.jsonl";

/// To whom a notification went and what it was.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NotificationKind {
    /// NIS2 art. 23(4)(a) early warning.
    EarlyWarning,
    /// A notification proper (GDPR art. 33, NIS2 art. 23(4)(b)).
    Notification,
    /// An intermediate or progress report (NIS2 art. 23(4)(c)).
    IntermediateReport,
    /// NIS2 art. 23(4)(d) final report.
    FinalReport,
    /// Anything else worth recording (a complaint to the police, ...).
    Other,
}

impl NotificationKind {
    /// The command-line and JSON name (`early-warning`, ...).
    pub fn name(self) -> &'static str {
        match self {
            NotificationKind::EarlyWarning => "early-warning",
            NotificationKind::Notification => "notification",
            NotificationKind::IntermediateReport => "intermediate-report",
            NotificationKind::FinalReport => "final-report",
            NotificationKind::Other => "other",
        }
    }

    /// Parses the command-line name.
    pub fn parse(text: &str) -> Result<Self, Error> {
        serde_json::from_value(Value::String(text.into())).map_err(|_| {
            Error::Invalid(format!(
                "notification kind {text:?} is not one of early-warning, notification, intermediate-report, final-report, other"
            ))
        })
    }
}

/// A notification made, as recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    /// The authority or body notified (CNIL, ANSSI, CSIRT, ...), upper case.
    pub to: String,
    /// Its reference (receipt number, ticket, ...).
    pub reference: String,
    /// What was sent.
    pub kind: NotificationKind,
    /// When it was sent, RFC 3339 UTC.
    pub sent: String,
    /// What followed the body's name when it was typed ("(téléservice)").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
    /// GDPR art. 33(1): why a notification made after 72 hours was late.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay_reasons: Option<String>,
    /// The body's acknowledgement of receipt, hashed into the journal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt: Option<Receipt>,
}

/// A file the journal vouches for by its hash (an authority's
/// acknowledgement of receipt).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    /// Its file name, as given.
    pub file: String,
    /// Its SHA-256.
    pub sha256: String,
}

/// The journal event of a report asked for by a CSIRT or an authority.
pub const REPORT_REQUESTED: &str = "report-requested";

/// A report a CSIRT or an authority asked for (NIS2 art. 23(4)(c)).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportRequest {
    /// Who asked (ANSSI, CSIRT, ...).
    pub from: String,
    /// By when, RFC 3339 UTC.
    pub due: String,
    /// The request's reference, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

/// The journal event of a baseline taken for the case.
pub const BASELINE_RECORDED: &str = "baseline-recorded";
/// The journal event of an audit run for the case.
pub const AUDIT_RUN: &str = "audit-run";

/// A baseline or an audit, as the case journal records it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntegrityCheck {
    /// Which.
    pub kind: CheckKind,
    /// The baseline file (or sealed archive) the check made or compared with.
    pub reference: String,
    /// Its SHA-256, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_sha256: Option<String>,
    /// The trees recorded or audited.
    pub paths: Vec<String>,
    /// Items recorded (baseline) or found (audit).
    pub items: u64,
    /// Audit: how many differences from the reference (0: intact).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub differences: Option<u64>,
}

/// What kind of integrity check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckKind {
    /// A signed record of a tree was taken.
    Baseline,
    /// A tree was compared with a signed record.
    Audit,
}

/// Evidence sealed for the case (written by `scelle freeze --case-dir`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SealedEvidence {
    /// The evidence id.
    pub evidence_id: EvidenceId,
    /// The archive's file name.
    pub archive: String,
    /// SHA-256 of the archive file.
    pub seal_sha256: Sha256Digest,
    /// SHA-256 of its manifest.json.
    pub manifest_sha256: Sha256Digest,
    /// Key id of the manifest's signer.
    pub signer_key_id: KeyId,
    /// SHA-256 fingerprint of the signer's public key.
    pub signer_fingerprint_sha256: Sha256Digest,
    /// Items recorded.
    pub items: u64,
    /// Bytes stored.
    pub payload_bytes: u64,
    /// Items changed, unreadable or partly unreadable at acquisition.
    pub incomplete: u64,
}

/// One journal entry that verified, for the timeline.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TimelineEntry {
    /// Line in the journal, from 1.
    pub line: u64,
    /// When it was written (the signer's clock).
    pub time: String,
    /// The event.
    pub event: String,
    /// Who signed it: the keyring's identity, and the name declared.
    pub signed: crate::signed::SignedBy,
    /// Event facts.
    pub details: Map<String, Value>,
}

/// What can be wrong with a case file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CaseFindingKind {
    /// The journal's chain does not hold at a line (altered, removed, reordered, unknown signer).
    JournalChain,
    /// An entry verifies but its facts cannot be read.
    UnreadableEntry,
    /// case.json says something other than the journal (which prevails).
    CaseFileDiffers,
    /// case.json cannot be read.
    CaseFileUnreadable,
    /// Dates that cannot be true (a notification before the discovery, ...).
    ImpossibleChronology,
}

/// The journal's impossible dates, as findings.
fn chronology_findings(
    facts: &CaseFacts,
    opened_at: Option<&str>,
    notifications: &[Notification],
    notified_at: &[String],
) -> Vec<CaseFinding> {
    let opened = opened_at.and_then(|time| parse_time(time, "entry time").ok());
    let recorded: Vec<crate::chronology::Recorded<'_>> = notifications
        .iter()
        .zip(notified_at)
        .map(|(notification, recorded)| crate::chronology::Recorded {
            notification,
            recorded,
        })
        .collect();
    opened
        .and_then(|opened| crate::chronology::discovery_problem(facts, opened))
        .into_iter()
        .chain(crate::chronology::journal_problems(facts, &recorded))
        .map(|problem| {
            Finding::new(
                CaseFindingKind::ImpossibleChronology,
                Place::none(),
                problem,
            )
        })
        .collect()
}

/// A problem in a case file.
pub type CaseFinding = Finding<CaseFindingKind>;

/// A case as its journal tells it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CaseState {
    /// The facts, with later impact changes applied.
    pub facts: CaseFacts,
    /// Notifications made, in journal order.
    pub notifications: Vec<Notification>,
    /// Evidence sealed, in journal order.
    pub evidence: Vec<SealedEvidence>,
    /// Every entry that verified.
    pub timeline: Vec<TimelineEntry>,
    /// Integrity problems in the journal or disagreement with case.json.
    pub findings: Vec<CaseFinding>,
    /// Whether the signers were checked against trusted keys.
    pub signers_checked: bool,
    /// SHA-256 of the journal's last line: what evidence sealed now links to.
    pub journal_head_sha256: Sha256Digest,
    /// How many lines of the journal verified (all of them, whatever the
    /// time the case is seen at): with the head, the receipt to keep.
    pub journal_entries: u64,
    /// The latest assessment of the personal data breach, if any.
    #[serde(default)]
    pub breach: Option<crate::breach::Breach>,
    /// Reports asked for, and when the incident was handled.
    #[serde(default)]
    pub handling: crate::deadline::Handling,
    /// The journal's verification this state was read from (its entries
    /// and signers), so that checking its timestamp tokens does not verify
    /// it again.
    #[serde(skip)]
    pub journal: Option<scelle_custody::CustodyReport>,
}

impl CaseState {
    /// No finding, and the signers were checked.
    pub fn intact(&self) -> bool {
        self.findings.is_empty() && self.signers_checked
    }

    /// The verdict on the journal: not intact with any finding,
    /// unauthenticated when no trusted key was given.
    pub fn verdict(&self) -> Verdict {
        Verdict::of(&self.findings, self.signers_checked)
    }
}

/// The files of a case directory.
#[derive(Clone, Debug)]
pub struct CaseDir(PathBuf);

impl CaseDir {
    /// The case directory at `dir`.
    pub fn new(dir: &Path) -> Self {
        Self(dir.to_path_buf())
    }

    /// `case.json`.
    pub fn case_file(&self) -> PathBuf {
        self.0.join(CASE_FILE)
    }

    /// `journal.jsonl`.
    pub fn journal(&self) -> PathBuf {
        self.0.join(JOURNAL_FILE)
    }

    /// Creates the case: the directory if needed, the journal's
    /// `case-opened` entry and case.json. Refuses to touch an existing case.
    pub fn init(
        &self,
        facts: CaseFacts,
        key: &dyn KeySigner,
        actor: Option<String>,
    ) -> Result<CaseFacts, Error> {
        let facts = facts.normalized()?;
        if let Some(problem) = crate::chronology::discovery_problem(&facts, Utc::now()) {
            return Err(Error::Invalid(format!(
                "{problem}; give the time the incident was discovered (--discovered)"
            )));
        }
        fs::create_dir_all(&self.0).map_err(|source| Error::io(&self.0, source))?;
        for existing in [self.case_file(), self.journal()] {
            if existing.exists() {
                return Err(Error::Invalid(format!(
                    "{} already exists: a case is opened once (use scelle case log to add to it)",
                    existing.display()
                )));
            }
        }
        let mut draft = Draft::new("case-opened", &facts.case_id);
        draft.actor = actor;
        draft.details = to_map(&facts);
        scelle_custody::create(&self.journal(), key, draft)?;
        self.write_case_file(&facts)?;
        Ok(facts)
    }

    /// Appends a `note`: "document everything".
    pub fn note(
        &self,
        key: &dyn KeySigner,
        actor: Option<String>,
        text: &str,
    ) -> Result<Entry, Error> {
        if text.trim().is_empty() {
            return Err(Error::Invalid("the journal entry is empty".into()));
        }
        self.append(
            key,
            actor,
            "note",
            Map::from_iter([("text".into(), text.into())]),
        )
    }

    /// Records what is known of the personal data breach: the fields of
    /// `update` replace those recorded before, the others are kept.
    pub fn assess_breach(
        &self,
        key: &dyn KeySigner,
        actor: Option<String>,
        update: &crate::breach::Breach,
    ) -> Result<(crate::breach::Breach, Entry), Error> {
        let case = self.load(&Keyring::default())?;
        let mut update = update.clone();
        if let Some(ended) = &update.ended {
            let time = parse_time(ended, "--ended")?;
            if case
                .facts
                .regimes
                .occurred
                .as_deref()
                .is_some_and(|occurred| {
                    parse_time(occurred, "occurred").is_ok_and(|occurred| time < occurred)
                })
            {
                return Err(Error::Invalid(format!(
                    "--ended {ended} is before the incident occurred"
                )));
            }
            update.ended = Some(time.to_rfc3339_opts(SecondsFormat::Secs, true));
        }
        let assessed = case.breach.unwrap_or_default().updated(&update);
        let entry = self.append(
            key,
            actor,
            crate::breach::BREACH_ASSESSED,
            to_map(&assessed),
        )?;
        Ok((assessed, entry))
    }

    /// Records an intermediate report asked for (NIS2 art. 23(4)(c)).
    pub fn report_requested(
        &self,
        key: &dyn KeySigner,
        actor: Option<String>,
        request: &ReportRequest,
    ) -> Result<Entry, Error> {
        let mut request = request.clone();
        request.from = crate::recipient::understand(&request.from).name;
        request.due = parse_time(&request.due, "--due")?.to_rfc3339_opts(SecondsFormat::Secs, true);
        self.append(key, actor, REPORT_REQUESTED, to_map(&request))
    }

    /// Records a step of the response done (`scelle case done`), at the
    /// time declared (`at`, RFC 3339; default: the entry's time).
    pub fn step_done(
        &self,
        key: &dyn KeySigner,
        actor: Option<String>,
        step: crate::checklist::Step,
        at: Option<&str>,
        note: Option<&str>,
    ) -> Result<Entry, Error> {
        let mut details = Map::from_iter([("step".to_string(), Value::from(step.name()))]);
        if let Some(at) = at {
            let time = parse_time(at, "--at")?;
            if time > Utc::now() + crate::chronology::CLOCK_SLACK {
                return Err(Error::Invalid(format!(
                    "--at {at} is in the future: record a step once it is done"
                )));
            }
            details.insert(
                "at".into(),
                time.to_rfc3339_opts(SecondsFormat::Secs, true).into(),
            );
        }
        if let Some(note) = note {
            details.insert("note".into(), note.into());
        }
        self.append(key, actor, crate::checklist::STEP_DONE, details)
    }

    /// Records a baseline taken or an audit run (`scelle baseline|audit
    /// --case-dir`): what was compared with what, and what came out.
    pub fn integrity_check(
        &self,
        key: &dyn KeySigner,
        actor: Option<String>,
        check: &IntegrityCheck,
    ) -> Result<Entry, Error> {
        let event = match check.kind {
            CheckKind::Baseline => BASELINE_RECORDED,
            CheckKind::Audit => AUDIT_RUN,
        };
        self.append(key, actor, event, to_map(check))
    }

    /// Records a notification made; returns it as recorded (the recipient
    /// understood: a known body's name, see [`crate::recipient`]).
    pub fn notified(
        &self,
        key: &dyn KeySigner,
        actor: Option<String>,
        notification: &Notification,
    ) -> Result<(Notification, Entry), Error> {
        let mut notification = notification.clone();
        let recipient = crate::recipient::understand(&notification.to);
        notification.to = recipient.name;
        if recipient.detail.is_some() {
            notification.via = recipient.detail;
        }
        if notification.to.is_empty() || notification.reference.trim().is_empty() {
            return Err(Error::Invalid(
                "a notification needs a recipient (--to) and a reference (--reference)".into(),
            ));
        }
        notification.sent =
            parse_time(&notification.sent, "sent")?.to_rfc3339_opts(SecondsFormat::Secs, true);
        let case = self.load(&Keyring::default())?;
        let others: Vec<&Notification> = case.notifications.iter().collect();
        if let Some(problem) = crate::chronology::notification_problem(
            &case.facts,
            &notification,
            Utc::now(),
            &others,
        )? {
            return Err(Error::Invalid(format!(
                "{problem}; nothing was recorded (check --sent, --kind and --to)"
            )));
        }
        let entry = self.append(key, actor, "notified", to_map(&notification))?;
        Ok((notification, entry))
    }

    /// Sets the categories of impact and rewrites case.json.
    pub fn set_impact(
        &self,
        key: &dyn KeySigner,
        actor: Option<String>,
        impact: &[Impact],
    ) -> Result<Entry, Error> {
        let mut impact = impact.to_vec();
        impact.sort();
        impact.dedup();
        let mut facts = self.read_case_file()?;
        let names: Vec<Value> = impact.iter().map(|i| i.name().into()).collect();
        let entry = self.append(
            key,
            actor,
            "impact-set",
            Map::from_iter([("impact".into(), Value::Array(names))]),
        )?;
        facts.impact = impact;
        self.write_case_file(&facts)?;
        Ok(entry)
    }

    /// Records evidence sealed for the case.
    pub fn sealed(
        &self,
        key: &dyn KeySigner,
        actor: Option<String>,
        evidence: &SealedEvidence,
    ) -> Result<Entry, Error> {
        self.append(key, actor, "evidence-sealed", to_map(evidence))
    }

    /// The facts in case.json.
    pub fn read_case_file(&self) -> Result<CaseFacts, Error> {
        let path = self.case_file();
        let text = fs::read(&path).map_err(|source| Error::io(&path, source))?;
        let file: CaseFile = serde_json::from_slice(&text).map_err(|error| {
            Error::Invalid(format!("{} is not a case file: {error}", path.display()))
        })?;
        if file.format != CASE_FORMAT || file.format_version != 1 {
            return Err(Error::Invalid(format!(
                "{} is not a version 1 {CASE_FORMAT} file",
                path.display()
            )));
        }
        Ok(file.facts)
    }

    /// Checks the journal (signers against `keyring` when it is not empty)
    /// and replays it.
    pub fn load(&self, keyring: &Keyring) -> Result<CaseState, Error> {
        self.load_as_of(keyring, None)
    }

    /// [`CaseDir::load`] as the case stood at `at`: the whole journal is
    /// checked, but only what had happened by then is replayed — entries
    /// recorded later, and notifications sent later whenever recorded, are
    /// left out (the case's opening always counts).
    pub fn load_as_of(
        &self,
        keyring: &Keyring,
        at: Option<DateTime<Utc>>,
    ) -> Result<CaseState, Error> {
        self.load_checked(keyring, at, None)
    }

    /// [`CaseDir::load_as_of`], and the journal must still hold `head`
    /// (from the procès-verbal or an earlier report): a `journal-chain`
    /// finding otherwise, since entries were dropped.
    pub fn load_checked(
        &self,
        keyring: &Keyring,
        at: Option<DateTime<Utc>>,
        head: Option<scelle_custody::ExpectedHead>,
    ) -> Result<CaseState, Error> {
        let later =
            |time: &str| at.is_some_and(|at| parse_time(time, "time").is_ok_and(|time| time > at));
        let journal = self.journal();
        if !journal.exists() {
            return Err(Error::Invalid(format!(
                "{} has no journal: not a case directory (scelle case init creates one)",
                self.0.display()
            )));
        }
        let report = scelle_custody::verify_journal(&journal, keyring, head)?;
        let line_of = |finding: &scelle_custody::CustodyFinding| finding.place.line.unwrap_or(0);
        let mut findings: Vec<CaseFinding> = report
            .findings
            .iter()
            .map(|finding| {
                Finding::new(
                    CaseFindingKind::JournalChain,
                    Place::line(line_of(finding)),
                    format!("journal line {}: {}", line_of(finding), finding.message),
                )
            })
            .collect();
        let mut facts: Option<CaseFacts> = None;
        let mut opened_at: Option<String> = None;
        let mut notified_at: Vec<String> = Vec::new();
        let mut notifications = Vec::new();
        let mut evidence = Vec::new();
        let mut timeline = Vec::new();
        let mut breach = None;
        let mut handling = crate::deadline::Handling::default();
        for verified in &report.entries {
            let entry = &verified.entry;
            let happened_later = match entry.event.as_str() {
                "case-opened" => false,
                "notified" => from_map::<Notification>(&entry.details)
                    .is_ok_and(|notification| later(&notification.sent)),
                _ => later(&entry.time),
            };
            if happened_later {
                continue;
            }
            let mut bad = |what: &str, error: String| {
                findings.push(Finding::new(
                    CaseFindingKind::UnreadableEntry,
                    Place::line(verified.line),
                    format!("journal line {}: {what}: {error}", verified.line),
                ))
            };
            match entry.event.as_str() {
                "case-opened" => match from_map::<CaseFacts>(&entry.details) {
                    Ok(opened) => {
                        facts = Some(opened);
                        opened_at = Some(entry.time.clone());
                    }
                    Err(error) => bad("case facts unreadable", error),
                },
                "impact-set" => match (facts.as_mut(), from_map::<ImpactSet>(&entry.details)) {
                    (Some(facts), Ok(set)) => facts.impact = set.impact,
                    (_, Err(error)) => bad("impact unreadable", error),
                    (None, Ok(_)) => {}
                },
                "notified" => match from_map::<Notification>(&entry.details) {
                    Ok(notification) => {
                        notifications.push(notification);
                        notified_at.push(entry.time.clone());
                    }
                    Err(error) => bad("notification unreadable", error),
                },
                "evidence-sealed" => match from_map::<SealedEvidence>(&entry.details) {
                    Ok(sealed) => evidence.push(sealed),
                    Err(error) => bad("sealed evidence unreadable", error),
                },
                REPORT_REQUESTED => {
                    match from_map::<ReportRequest>(&entry.details).and_then(|request| {
                        let due = parse_time(&request.due, "due").map_err(|e| e.to_string())?;
                        let asked = parse_time(&entry.time, "time").map_err(|e| e.to_string())?;
                        Ok((asked, due))
                    }) {
                        Ok(request) => handling.requests.push(request),
                        Err(error) => bad("report request unreadable", error),
                    }
                }
                crate::checklist::STEP_DONE
                    if entry.details.get("step").and_then(|v| v.as_str())
                        == Some(crate::checklist::Step::IncidentHandled.name()) =>
                {
                    let at = entry
                        .details
                        .get("at")
                        .and_then(|v| v.as_str())
                        .unwrap_or(&entry.time);
                    match parse_time(at, "at") {
                        Ok(at) => {
                            // To the second, as every deadline is shown.
                            handling
                                .handled
                                .get_or_insert(chrono::SubsecRound::trunc_subsecs(at, 0));
                        }
                        Err(error) => bad("step time unreadable", error.to_string()),
                    }
                }
                crate::breach::BREACH_ASSESSED => match from_map(&entry.details) {
                    Ok(assessed) => breach = Some(assessed),
                    Err(error) => bad("breach assessment unreadable", error),
                },
                _ => {}
            }
            timeline.push(TimelineEntry {
                line: verified.line,
                time: entry.time.clone(),
                event: entry.event.clone(),
                signed: crate::signed::SignedBy::of(verified),
                details: entry.details.clone(),
            });
        }
        let Some(facts) = facts else {
            return Err(Error::Invalid(format!(
                "{}: no verifiable case-opened entry; the journal cannot be used ({})",
                journal.display(),
                findings
                    .iter()
                    .map(|finding| finding.message.as_str())
                    .collect::<Vec<_>>()
                    .join("; ")
            )));
        };
        findings.extend(chronology_findings(
            &facts,
            opened_at.as_deref(),
            &notifications,
            &notified_at,
        ));
        match self.read_case_file() {
            Ok(copy) if copy == facts => {}
            Ok(_) => findings.push(Finding::new(
                CaseFindingKind::CaseFileDiffers,
                Place::none(),
                format!(
                    "{CASE_FILE} differs from the facts the journal records (the journal prevails)"
                ),
            )),
            Err(error) => findings.push(Finding::new(
                CaseFindingKind::CaseFileUnreadable,
                Place::none(),
                error.to_string(),
            )),
        }
        Ok(CaseState {
            facts,
            notifications,
            evidence,
            timeline,
            findings,
            signers_checked: report.signers_checked,
            journal_head_sha256: last_line_sha256(&journal)?,
            journal_entries: report.entries_total,
            breach,
            handling,
            journal: Some(report),
        })
    }

    fn append(
        &self,
        key: &dyn KeySigner,
        actor: Option<String>,
        event: &str,
        details: Map<String, Value>,
    ) -> Result<Entry, Error> {
        let journal = self.journal();
        if !journal.exists() {
            return Err(Error::Invalid(format!(
                "{} has no journal: not a case directory (scelle case init creates one)",
                self.0.display()
            )));
        }
        let mut draft = Draft::new(event, "");
        draft.actor = actor;
        draft.details = details;
        Ok(scelle_custody::append(&journal, key, draft)?.entry)
    }

    fn write_case_file(&self, facts: &CaseFacts) -> Result<(), Error> {
        let path = self.case_file();
        let file = CaseFile {
            format: CASE_FORMAT.into(),
            format_version: 1,
            facts: facts.clone(),
        };
        let mut text = serde_json::to_vec_pretty(&file).expect("case facts serialize");
        text.push(b'\n');
        let io = |source| Error::io(&path, source);
        // Replaced as a whole: the journal keeps the history.
        let mut out = AtomicFile::replace(&path, 0o644).map_err(io)?;
        out.write_all(&text).map_err(io)?;
        out.commit().map_err(io)?;
        Ok(())
    }
}

#[derive(Deserialize)]
struct ImpactSet {
    impact: Vec<Impact>,
}

fn to_map(value: &impl Serialize) -> Map<String, Value> {
    match serde_json::to_value(value).expect("journal details serialize") {
        Value::Object(map) => map,
        _ => unreachable!("journal details are structs"),
    }
}

fn from_map<T: DeserializeOwned>(map: &Map<String, Value>) -> Result<T, String> {
    serde_json::from_value(Value::Object(map.clone())).map_err(|error| error.to_string())
}

fn last_line_sha256(path: &Path) -> Result<Sha256Digest, Error> {
    use scelle_custody::lines::{JsonLines, Line};
    let file = fs::File::open(path).map_err(|source| Error::io(path, source))?;
    let mut lines = JsonLines::new(std::io::BufReader::new(file));
    let mut last = Vec::new();
    while let Some((_, line)) = lines
        .next_line()
        .map_err(|source| Error::io(path, source))?
    {
        match line {
            Line::Whole(line) | Line::Torn(line) => last = line,
            Line::TooLong => break,
        }
    }
    Ok(Sha256Digest::of(&last))
}
