//! The incident case file: `case init|log|notify|impact|status`, and what a
//! freeze with `--case-dir` takes from a case and gives back to it.

use std::path::{Path, PathBuf};

use chrono::{DateTime, SecondsFormat, Utc};
use scelle_case::deadline::{self, Deadline};
use scelle_case::{
    Art34Exemption, CaseDir, CaseFacts, CaseFinding, CaseState, Impact, Nis2Class, Notification,
    NotificationKind, Regimes, SealedEvidence,
};
use scelle_custody::{Entry, Keyring};
use scelle_sign::Signer as KeySigner;
use scelle_snapshot::{FreezeOutcome, FreezeRequest};
use serde::{Deserialize, Serialize};

use crate::callbacks::Callbacks;
use crate::error::{refuse, Context, Result};
use crate::identity::EvidenceId;
use crate::ops::custody::Signer;
use crate::ops::timestamp::{self, TimestampReport, TsaOptions};

/// The facts `case init` records.
#[derive(Clone, Debug)]
#[cfg_attr(feature = "clap", derive(clap::Args))]
pub struct CaseInitOptions {
    /// Case or file number: letters, digits, '.', '_', '-'.
    #[cfg_attr(feature = "clap", arg(long, value_name = "ID"))]
    pub id: String,
    /// Short title.
    #[cfg_attr(feature = "clap", arg(long, value_name = "TEXT"))]
    pub title: String,
    /// When the incident was discovered, RFC 3339 with offset; deadlines run from it.
    #[cfg_attr(feature = "clap", arg(long, value_name = "RFC3339"))]
    pub discovered: String,
    /// Personal data is involved: GDPR art. 33 (CNIL within 72 h) applies.
    #[cfg_attr(feature = "clap", arg(long))]
    pub personal_data: bool,
    /// The organisation is a NIS2 entity: early warning 24 h, notification 72 h, final report one month.
    #[cfg_attr(feature = "clap", arg(long, value_name = "CLASS", value_parser = ["essential", "important"]))]
    pub nis2: Option<String>,
    /// The organisation is an opérateur d'importance vitale (ANSSI without delay).
    #[cfg_attr(feature = "clap", arg(long))]
    pub oiv: bool,
    /// The order or law the work rests on.
    #[cfg_attr(feature = "clap", arg(long, value_name = "TEXT"))]
    pub legal_basis: Option<String>,
    /// The organisation that suffered the incident.
    #[cfg_attr(feature = "clap", arg(long, value_name = "TEXT"))]
    pub organization: Option<String>,
    /// Data protection officer.
    #[cfg_attr(feature = "clap", arg(long, value_name = "TEXT"))]
    pub dpo: Option<String>,
    /// Legal counsel.
    #[cfg_attr(feature = "clap", arg(long, value_name = "TEXT"))]
    pub counsel: Option<String>,
    /// Category of impact: availability, integrity, confidentiality, traceability (repeatable).
    #[cfg_attr(feature = "clap", arg(long, value_name = "CATEGORY"))]
    pub impact: Vec<String>,
    /// IANA time zone for local times and calendar-month deadlines.
    #[cfg_attr(
        feature = "clap",
        arg(long, value_name = "ZONE", default_value = "Europe/Paris")
    )]
    pub time_zone: String,
    /// When the incident began, as far as known (RFC 3339): shown, starts no clock.
    #[cfg_attr(feature = "clap", arg(long, value_name = "RFC3339"))]
    pub occurred: Option<String>,
    /// When the organisation became aware of it with reasonable certainty
    /// (RFC 3339): GDPR, NIS2 and DORA deadlines run from it (default: --discovered).
    #[cfg_attr(feature = "clap", arg(long, value_name = "RFC3339"))]
    pub aware: Option<String>,
    /// The breach is likely to result in a high risk to the persons
    /// concerned: GDPR art. 34, tell them without undue delay.
    #[cfg_attr(feature = "clap", arg(long))]
    pub high_risk: bool,
    /// The GDPR art. 34(3) exemption relied on: a (data unintelligible),
    /// b (risk no longer likely), c (public communication instead).
    #[cfg_attr(feature = "clap", arg(long, value_name = "LETTER", value_parser = ["a", "b", "c"]))]
    pub art34_exemption: Option<String>,
    /// The organisation processes the data for a controller: GDPR art.
    /// 33(2), tell the controller without undue delay (instead of the CNIL).
    #[cfg_attr(feature = "clap", arg(long))]
    pub processor: bool,
    /// A financial entity under DORA: initial notification (4 h after
    /// classification, 24 h at most), intermediate report 72 h, final one month.
    #[cfg_attr(feature = "clap", arg(long))]
    pub dora: bool,
    /// DORA: when the incident was classified as major (RFC 3339).
    #[cfg_attr(feature = "clap", arg(long, value_name = "RFC3339"))]
    pub dora_classified: Option<String>,
}

/// What `case notify` records.
#[derive(Clone, Debug)]
#[cfg_attr(feature = "clap", derive(clap::Args))]
pub struct NotifyOptions {
    /// Who was notified: CNIL, ANSSI, CERT-FR, CSIRT, ACPR, AMF, CONTROLLER,
    /// DATA-SUBJECTS, PARQUET, BEFTI, OFAC, C3N, POLICE, GENDARMERIE (then any
    /// detail: "CNIL (téléservice)"); anything else is recorded with a warning.
    #[cfg_attr(feature = "clap", arg(long, value_name = "BODY"))]
    pub to: String,
    /// The reference the body gave (receipt, ticket number).
    #[cfg_attr(feature = "clap", arg(long, value_name = "REF"))]
    pub reference: String,
    /// early-warning, notification, intermediate-report, final-report or other.
    #[cfg_attr(
        feature = "clap",
        arg(long, value_name = "KIND", default_value = "notification")
    )]
    pub kind: String,
    /// When it was sent, RFC 3339 (default: now).
    #[cfg_attr(feature = "clap", arg(long, value_name = "RFC3339"))]
    pub sent: Option<String>,
    /// GDPR art. 33(1): why a notification to the CNIL comes after 72 hours.
    #[cfg_attr(feature = "clap", arg(long, value_name = "TEXT"))]
    pub delay_reasons: Option<String>,
    /// The body's acknowledgement of receipt (a PDF, an e-mail): its SHA-256
    /// goes into the journal, so the file can be shown unchanged later.
    #[cfg_attr(feature = "clap", arg(long, value_name = "FILE"))]
    pub receipt: Option<PathBuf>,
}

/// What `case breach` records: the GDPR art. 33(3) description of the
/// breach, as far as it is known (fields not given keep their value).
#[derive(Clone, Debug, Default)]
#[cfg_attr(feature = "clap", derive(clap::Args))]
pub struct BreachOptions {
    /// The nature of the breach (data disclosed, altered, lost, encrypted...).
    #[cfg_attr(feature = "clap", arg(long, value_name = "TEXT"))]
    pub nature: Option<String>,
    /// Categories of persons concerned (repeatable: customers, employees...).
    #[cfg_attr(feature = "clap", arg(long = "persons-category", value_name = "TEXT"))]
    pub persons_categories: Vec<String>,
    /// Approximate number of persons concerned.
    #[cfg_attr(feature = "clap", arg(long, value_name = "N"))]
    pub persons: Option<u64>,
    /// Categories of records concerned (repeatable: identity, bank details...).
    #[cfg_attr(feature = "clap", arg(long = "records-category", value_name = "TEXT"))]
    pub records_categories: Vec<String>,
    /// Approximate number of records concerned.
    #[cfg_attr(feature = "clap", arg(long, value_name = "N"))]
    pub records: Option<u64>,
    /// Likely consequences for the persons.
    #[cfg_attr(feature = "clap", arg(long, value_name = "TEXT"))]
    pub consequences: Option<String>,
    /// Measures taken or proposed, including to mitigate its effects.
    #[cfg_attr(feature = "clap", arg(long, value_name = "TEXT"))]
    pub measures: Option<String>,
    /// When the breach ended, RFC 3339.
    #[cfg_attr(feature = "clap", arg(long, value_name = "RFC3339"))]
    pub ended: Option<String>,
}

/// `case breach`: records what is known of the breach; returns the
/// assessment as it now stands.
pub fn breach(
    dir: &Path,
    signer: &Signer,
    options: &BreachOptions,
) -> Result<(scelle_case::breach::Breach, Entry)> {
    let update = scelle_case::breach::Breach {
        nature: options.nature.clone(),
        persons_categories: options.persons_categories.clone(),
        persons_approx: options.persons,
        records_categories: options.records_categories.clone(),
        records_approx: options.records,
        consequences: options.consequences.clone(),
        measures: options.measures.clone(),
        ended: options.ended.clone(),
    };
    if update == scelle_case::breach::Breach::default() {
        refuse!(
            "say what is known: --nature, --persons, --records, --consequences, --measures, ..."
        );
    }
    Ok(CaseDir::new(dir).assess_breach(signer.key, signer.actor.clone(), &update)?)
}

/// What `case export` wrote.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Exported {
    /// The file.
    pub out: PathBuf,
    /// Its SHA-256.
    pub sha256: scelle_hash::Sha256Digest,
    /// What GDPR art. 33(3) asks that is not known yet (to complete).
    pub missing: Vec<String>,
}

/// What `case export` writes.
#[derive(Clone, Copy, Debug)]
pub enum ExportKind {
    /// The breach: the CNIL notification's content, or the register's entry.
    Breach(scelle_case::breach::Export),
    /// An annex for counsel: a requête art. 145 CPC's exhibits, a complaint.
    Annex(scelle_case::annex::Annex),
}

impl ExportKind {
    /// `cnil`, `register`, `requete-145` or `plainte`.
    pub fn parse(text: &str) -> Result<Self> {
        use scelle_case::{annex::Annex, breach::Export};
        Ok(match text {
            "cnil" => ExportKind::Breach(Export::Cnil),
            "register" => ExportKind::Breach(Export::Register),
            "requete-145" => ExportKind::Annex(Annex::Requete145),
            "plainte" => ExportKind::Annex(Annex::Complaint),
            other => refuse!("export {other:?}: cnil, register, requete-145 or plainte"),
        })
    }
}

/// `case export cnil|register|requete-145|plainte`: the content of the notification to the
/// CNIL (art. 33(3) and (4)) or the breach register's entry (art. 33(5)),
/// as FILE.html or FILE.md, never overwriting a file.
pub fn export(
    dir: &Path,
    keyring: &Keyring,
    kind: ExportKind,
    out: &Path,
    lang: scelle_l10n::Lang,
) -> Result<Exported> {
    let html = match out.extension().and_then(|e| e.to_str()) {
        Some("html" | "htm") => true,
        Some("md") => false,
        _ => refuse!(
            "--out {}: name the export FILE.html (printable) or FILE.md (Markdown)",
            out.display()
        ),
    };
    let case = CaseDir::new(dir).load(keyring)?;
    let (document, missing) = match kind {
        ExportKind::Breach(kind) => scelle_case::breach::export(&case, kind, lang),
        ExportKind::Annex(kind) => (scelle_case::annex::annex(&case, kind, lang), Vec::new()),
    };
    let text = if html {
        document.to_html()
    } else {
        document.to_markdown()
    };
    crate::files::write_new_file(out, &text, 0o644)?;
    Ok(Exported {
        out: out.to_path_buf(),
        sha256: scelle_hash::Sha256Digest::of(text.as_bytes()),
        missing,
    })
}

/// Impact categories from the command line: repeatable, comma-separated,
/// `none` for none.
pub fn parse_impacts(names: &[String]) -> Result<Vec<Impact>> {
    names
        .iter()
        .flat_map(|name| name.split(','))
        .map(str::trim)
        .filter(|name| !name.is_empty() && *name != "none")
        .map(|name| Impact::parse(name).map_err(Into::into))
        .collect()
}

/// The environment variable naming the current case directory, so that a
/// responder at 2 a.m. need not repeat `--dir` on every command.
pub const CURRENT_CASE: &str = "SCELLE_CASE";

/// The case directory to open: `dir` when given, else `$SCELLE_CASE`, else
/// the working directory when it holds a case journal.
pub fn case_dir(dir: Option<&Path>) -> Result<PathBuf> {
    if let Some(dir) = dir {
        return Ok(dir.to_path_buf());
    }
    if let Some(dir) = std::env::var_os(CURRENT_CASE).filter(|dir| !dir.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    let here = std::env::current_dir().context("cannot read the working directory")?;
    if here.join(scelle_case::JOURNAL_FILE).is_file() {
        return Ok(here);
    }
    refuse!(
        "which case? Give --dir DIR, set {CURRENT_CASE}=DIR (export it once for the session), or run \
         the command inside the case directory"
    )
}

/// The directory `case init` creates the case in: `dir` when given, else
/// `$SCELLE_CASE`.
pub fn new_case_dir(dir: Option<&Path>) -> Result<PathBuf> {
    match dir {
        Some(dir) => Ok(dir.to_path_buf()),
        None => match std::env::var_os(CURRENT_CASE).filter(|dir| !dir.is_empty()) {
            Some(dir) => Ok(PathBuf::from(dir)),
            None => refuse!("where? Give --dir DIR, or set {CURRENT_CASE}=DIR"),
        },
    }
}

/// `case init`: opens the case in `dir`, its journal signed by `signer`.
pub fn init(dir: &Path, options: &CaseInitOptions, signer: &Signer) -> Result<CaseFacts> {
    let facts = CaseFacts {
        case_id: options.id.clone(),
        title: options.title.clone(),
        discovered: options.discovered.clone(),
        personal_data: options.personal_data,
        nis2: options.nis2.as_deref().map(|class| match class {
            "essential" => Nis2Class::Essential,
            _ => Nis2Class::Important,
        }),
        oiv: options.oiv,
        legal_basis: options.legal_basis.clone(),
        organization: options.organization.clone(),
        dpo: options.dpo.clone(),
        counsel: options.counsel.clone(),
        impact: parse_impacts(&options.impact)?,
        time_zone: options.time_zone.clone(),
        regimes: Regimes {
            occurred: options.occurred.clone(),
            aware: options.aware.clone(),
            high_risk: options.high_risk,
            art34_exemption: options
                .art34_exemption
                .as_deref()
                .map(Art34Exemption::parse)
                .transpose()?,
            processor: options.processor,
            dora: options.dora,
            dora_classified: options.dora_classified.clone(),
        },
    };
    Ok(CaseDir::new(dir).init(facts, signer.key, signer.actor.clone())?)
}

/// `case log`: a free-text journal entry.
pub fn log(dir: &Path, signer: &Signer, text: &str) -> Result<Entry> {
    Ok(CaseDir::new(dir).note(signer.key, signer.actor.clone(), text)?)
}

/// What `case notify` recorded, and a warning when the recipient is not a
/// body scelle knows (the notification then discharges no deadline).
pub struct Notified {
    /// The notification as recorded.
    pub notification: Notification,
    /// Its journal entry.
    pub entry: Entry,
    /// The recipient, when it is not a body scelle knows: the notification
    /// then discharges no deadline (said by
    /// [`scelle_case::recipient::unknown_warning`]).
    pub unknown_recipient: Option<String>,
}

/// `case notify`: a notification made to an authority.
pub fn notify(dir: &Path, signer: &Signer, options: &NotifyOptions) -> Result<Notified> {
    let notification = Notification {
        to: options.to.clone(),
        reference: options.reference.clone(),
        kind: NotificationKind::parse(&options.kind)?,
        sent: options
            .sent
            .clone()
            .unwrap_or_else(|| Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true)),
        via: None,
        delay_reasons: options.delay_reasons.clone(),
        receipt: options
            .receipt
            .as_deref()
            .map(|file| -> Result<scelle_case::Receipt> {
                let sha256 = scelle_hash::Sha256Digest::of_file(file)
                    .with_context(|| format!("--receipt: cannot read {}", file.display()))?;
                Ok(scelle_case::Receipt {
                    file: file
                        .file_name()
                        .map(|name| name.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    sha256: sha256.to_string(),
                })
            })
            .transpose()?,
    };
    let (notification, entry) =
        CaseDir::new(dir).notified(signer.key, signer.actor.clone(), &notification)?;
    let unknown_recipient = scelle_case::recipient::understand(&notification.to)
        .known
        .is_none()
        .then(|| notification.to.clone());
    Ok(Notified {
        notification,
        entry,
        unknown_recipient,
    })
}

/// `case impact`: the impact categories as now known.
pub fn impact(dir: &Path, signer: &Signer, categories: &[String]) -> Result<(Vec<Impact>, Entry)> {
    let impacts = parse_impacts(categories)?;
    let entry = CaseDir::new(dir).set_impact(signer.key, signer.actor.clone(), &impacts)?;
    Ok((impacts, entry))
}

/// The time `--at` names, if given (without it: now, and the whole journal).
pub fn as_of(at: Option<&str>) -> Result<Option<DateTime<Utc>>> {
    Ok(at
        .map(|text| scelle_case::parse_time(text, "--at"))
        .transpose()?)
}

/// What `case status` shows: the case, its journal's state, the deadlines
/// as of a time, the evidence sealed and the notifications made.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CaseStatus {
    /// The time the deadlines are judged at.
    pub as_of: String,
    /// The facts, with later impact changes applied.
    pub case: CaseFacts,
    /// The journal's state.
    pub journal: JournalStatus,
    /// Every notification obligation and where it stands.
    pub deadlines: Vec<Deadline>,
    /// Evidence sealed for the case.
    pub evidence: Vec<SealedEvidence>,
    /// Notifications made.
    pub notifications: Vec<Notification>,
    /// The steps of the response, and which the journal shows done.
    #[serde(default)]
    pub checklist: Vec<scelle_case::checklist::StepState>,
}

/// The journal's state in a [`CaseStatus`].
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct JournalStatus {
    /// Entries that verified and count at the time judged.
    pub entries: usize,
    /// Lines of the journal that verified, whatever the time judged: the
    /// receipt's entry count, beside `head_sha256`.
    pub recorded: u64,
    /// No finding, and the signers were checked.
    pub intact: bool,
    /// The signers were checked against trusted keys.
    pub signers_checked: bool,
    /// What does not verify.
    pub findings: Vec<CaseFinding>,
    /// SHA-256 of the last line.
    pub head_sha256: String,
    /// The RFC 3161 tokens of its timestamped entries (`--tsa` on a case
    /// verb), each checked against the line it stamps.
    #[serde(default)]
    pub timestamps: Vec<TimestampReport>,
}

impl CaseStatus {
    /// Whether the journal has no finding and every token of it holds
    /// (signers and TSAs may be unchecked).
    pub fn consistent(&self) -> bool {
        self.journal.findings.is_empty()
            && self
                .journal
                .timestamps
                .iter()
                .all(|token| token.findings.is_empty())
    }
}

/// `case status`: loads the case in `dir`, checks its journal against
/// `keyring`, and judges the deadlines now, or as the case stood `at` (what
/// happened later does not count).
/// With `head` (a receipt: entries and last line's SHA-256), the journal
/// must still hold it.
pub fn status(
    dir: &Path,
    keyring: &Keyring,
    at: Option<DateTime<Utc>>,
    head: Option<scelle_custody::ExpectedHead>,
) -> Result<CaseStatus> {
    let now = at.unwrap_or_else(Utc::now);
    let state = CaseDir::new(dir).load_checked(keyring, at, head)?;
    let deadlines =
        deadline::deadlines_with(&state.facts, &state.notifications, &state.handling, now)?;
    let timestamps = journal_timestamps(dir, &state, None)?;
    let checklist = scelle_case::checklist::checklist(&state);
    let journal = JournalStatus {
        timestamps,
        entries: state.timeline.len(),
        recorded: state.journal_entries,
        intact: state.intact(),
        signers_checked: state.signers_checked,
        head_sha256: state.journal_head_sha256.to_string(),
        findings: state.findings,
    };
    Ok(CaseStatus {
        checklist,
        as_of: now.to_rfc3339_opts(SecondsFormat::Secs, true),
        case: state.facts,
        journal,
        deadlines,
        evidence: state.evidence,
        notifications: state.notifications,
    })
}

/// `case request`: an intermediate report asked for by `from`, due `due`
/// (NIS2 art. 23(4)(c)).
pub fn request(
    dir: &Path,
    signer: &Signer,
    from: &str,
    due: &str,
    reference: Option<&str>,
) -> Result<Entry> {
    let request = scelle_case::ReportRequest {
        from: from.to_string(),
        due: due.to_string(),
        reference: reference.map(str::to_string),
    };
    Ok(CaseDir::new(dir).report_requested(signer.key, signer.actor.clone(), &request)?)
}

/// `case done`: a step of the response recorded as done.
pub fn done(
    dir: &Path,
    signer: &Signer,
    step: &str,
    at: Option<&str>,
    note: Option<&str>,
) -> Result<Entry> {
    let step = scelle_case::checklist::Step::parse(step)?;
    Ok(CaseDir::new(dir).step_done(signer.key, signer.actor.clone(), step, at, note)?)
}

/// Records a baseline taken or an audit run in the case journal.
pub fn record_check(
    dir: &Path,
    signer: &Signer,
    check: &scelle_case::IntegrityCheck,
) -> Result<Entry> {
    Ok(CaseDir::new(dir).integrity_check(signer.key, signer.actor.clone(), check)?)
}

/// Timestamps journal entry `entry` with the TSA `tsa` names (none given:
/// nothing): its line, which the chain makes vouch for every line before
/// it, into `journal.N.tsr`, recorded by a `timestamped` entry. Journal
/// times are otherwise the signer's clock. A TSA that fails is recorded
/// and reported through `callbacks`, never an error.
pub fn stamp(
    dir: &Path,
    tsa: &TsaOptions,
    entry: &Entry,
    signer: &Signer,
    callbacks: &dyn Callbacks,
) -> Result<()> {
    timestamp::stamp_custody_entry(
        tsa,
        &CaseDir::new(dir).journal(),
        entry.seq,
        signer,
        callbacks,
    )
}

/// The RFC 3161 tokens of the journal's timestamped entries, each checked
/// against the line it stamps as it reads now (`tsa_ca`: the CAs the TSA
/// must chain to), from the verification `state` was loaded with.
pub fn journal_timestamps(
    dir: &Path,
    state: &CaseState,
    tsa_ca: Option<&Path>,
) -> Result<Vec<TimestampReport>> {
    match &state.journal {
        Some(report) => {
            timestamp::check_custody_tokens(&CaseDir::new(dir).journal(), report, tsa_ca)
        }
        None => Ok(Vec::new()),
    }
}

/// `case show`: the case and its journal, every entry that verifies, with
/// the journal's findings.
pub fn show(dir: &Path, keyring: &Keyring) -> Result<CaseState> {
    Ok(CaseDir::new(dir).load(keyring)?)
}

/// The case a freeze is attached to; its journal must verify.
pub(crate) fn load_for_sealing(dir: &Path) -> Result<CaseState> {
    let state = CaseDir::new(dir)
        .load(&Keyring::default())
        .context("--case-dir: the case cannot be used")?;
    // A wrong date in a notification is for `case status` to show; it
    // must not stop evidence from being sealed. A broken journal must.
    let broken = state
        .findings
        .iter()
        .any(|finding| finding.kind != scelle_case::CaseFindingKind::ImpossibleChronology);
    if broken {
        refuse!(
            "--case-dir: the case journal does not verify ({}); run scelle case status before sealing evidence for it",
            state
                .findings
                .iter()
                .map(|finding| finding.message.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        );
    }
    Ok(state)
}

/// Case facts into the manifest header (command-line values win).
pub(crate) fn describe_in_manifest(state: &CaseState, case: &mut scelle_manifest::Case) {
    let facts = &state.facts;
    case.case_id.get_or_insert_with(|| facts.case_id.clone());
    case.title.get_or_insert_with(|| facts.title.clone());
    if case.legal_basis.is_none() {
        case.legal_basis.clone_from(&facts.legal_basis);
    }
    if case.organization.is_none() {
        case.organization.clone_from(&facts.organization);
    }
    case.incident = Some(scelle_manifest::Incident {
        discovered: facts.discovered.clone(),
        personal_data: facts.personal_data,
        nis2: facts.nis2.map(|class| {
            match class {
                Nis2Class::Essential => "essential",
                Nis2Class::Important => "important",
            }
            .to_string()
        }),
        oiv: facts.oiv,
        impact: facts.impact.iter().map(|i| i.name().to_string()).collect(),
        journal_sha256: state.journal_head_sha256,
    });
}

/// The `evidence-sealed` journal entry after a freeze.
pub(crate) fn record_sealing(
    dir: &Path,
    secret: &dyn KeySigner,
    evidence_id: &EvidenceId,
    request: &FreezeRequest,
    outcome: &FreezeOutcome<()>,
) -> Result<()> {
    let public = secret.public_key();
    let evidence = SealedEvidence {
        evidence_id: evidence_id.clone(),
        archive: evidence_id.archive_name(),
        seal_sha256: outcome.sealed.seal_sha256,
        manifest_sha256: outcome.manifest_sha256,
        signer_key_id: public.key_id(),
        signer_fingerprint_sha256: public.fingerprint(),
        items: outcome.totals.items,
        payload_bytes: outcome.totals.payload_bytes,
        incomplete: outcome.totals.incomplete(),
    };
    CaseDir::new(dir)
        .sealed(secret, request.operator.clone(), &evidence)
        .context("the archive is sealed, but the case journal could not record it; run scelle case log with its seal hash")?;
    Ok(())
}
