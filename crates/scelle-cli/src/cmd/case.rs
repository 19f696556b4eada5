//! `scelle case ...`, and what `scelle freeze --case-dir` does with a case.

use anyhow::{bail, Context};
use chrono::{DateTime, SecondsFormat, Utc};
use scelle_case::deadline::{self, Deadline, DeadlineState};
use scelle_case::{
    CaseDir, CaseFacts, CaseState, Impact, Nis2Class, Notification, NotificationKind,
    SealedEvidence,
};
use scelle_custody::Keyring;
use scelle_sign::SecretKey;
use scelle_snapshot::{FreezeOutcome, FreezeRequest};
use serde::Serialize;

use crate::cli::{
    CaseCommand, CaseImpactArgs, CaseInitArgs, CaseLogArgs, CaseNotifyArgs, CaseStatusArgs,
    SignerArgs,
};
use crate::exit::Status;
use crate::{output, passphrase, sanitize};

pub fn run(command: &CaseCommand) -> anyhow::Result<Status> {
    match command {
        CaseCommand::Init(args) => init(args),
        CaseCommand::Log(args) => log(args),
        CaseCommand::Notify(args) => notify(args),
        CaseCommand::Impact(args) => impact(args),
        CaseCommand::Status(args) => status(args),
    }
}

/// The signer's key and stated name (default: the login name).
fn signer(signer: &SignerArgs) -> anyhow::Result<(SecretKey, Option<String>)> {
    let key =
        passphrase::open_secret_key(&signer.key, signer.passphrase.passphrase_file.as_deref())?;
    let actor = signer
        .actor
        .clone()
        .unwrap_or_else(super::freeze::default_operator);
    Ok((key, Some(actor)))
}

fn parse_impacts(names: &[String]) -> anyhow::Result<Vec<Impact>> {
    names
        .iter()
        .flat_map(|name| name.split(','))
        .map(str::trim)
        .filter(|name| !name.is_empty() && *name != "none")
        .map(|name| Impact::parse(name).map_err(anyhow::Error::from))
        .collect()
}

fn init(args: &CaseInitArgs) -> anyhow::Result<Status> {
    let (key, actor) = signer(&args.signer)?;
    let facts = CaseFacts {
        case_id: args.id.clone(),
        title: args.title.clone(),
        discovered: args.discovered.clone(),
        personal_data: args.personal_data,
        nis2: args.nis2.as_deref().map(|class| match class {
            "essential" => Nis2Class::Essential,
            _ => Nis2Class::Important,
        }),
        oiv: args.oiv,
        legal_basis: args.legal_basis.clone(),
        organization: args.organization.clone(),
        dpo: args.dpo.clone(),
        counsel: args.counsel.clone(),
        impact: parse_impacts(&args.impact)?,
        time_zone: args.time_zone.clone(),
    };
    let case = CaseDir::new(&args.dir);
    let facts = case.init(facts, &key, actor)?;
    output::line(&format!(
        "case {} opened in {}: journal signed by {}; deadlines: scelle case status --dir {}",
        sanitize::for_terminal(&facts.case_id),
        sanitize::for_terminal(&args.dir.display().to_string()),
        key.public_key().key_id(),
        sanitize::for_terminal(&args.dir.display().to_string()),
    ))?;
    Ok(Status::Success)
}

fn log(args: &CaseLogArgs) -> anyhow::Result<Status> {
    let (key, actor) = signer(&args.signer)?;
    let entry = CaseDir::new(&args.dir).note(&key, actor, &args.text)?;
    output::line(&format!(
        "journal entry {} recorded at {}",
        entry.seq, entry.time
    ))?;
    Ok(Status::Success)
}

fn notify(args: &CaseNotifyArgs) -> anyhow::Result<Status> {
    let (key, actor) = signer(&args.signer)?;
    let notification = Notification {
        to: args.to.clone(),
        reference: args.reference.clone(),
        kind: NotificationKind::parse(&args.kind)?,
        sent: args
            .sent
            .clone()
            .unwrap_or_else(|| Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true)),
    };
    let entry = CaseDir::new(&args.dir).notified(&key, actor, &notification)?;
    output::line(&format!(
        "notification to {} recorded (journal entry {})",
        sanitize::for_terminal(&notification.to.to_uppercase()),
        entry.seq
    ))?;
    Ok(Status::Success)
}

fn impact(args: &CaseImpactArgs) -> anyhow::Result<Status> {
    let (key, actor) = signer(&args.signer)?;
    let impacts = parse_impacts(&args.categories)?;
    let entry = CaseDir::new(&args.dir).set_impact(&key, actor, &impacts)?;
    let names: Vec<&str> = impacts.iter().map(|i| i.name()).collect();
    output::line(&format!(
        "impact set to {} (journal entry {})",
        if names.is_empty() {
            "none".to_string()
        } else {
            names.join(", ")
        },
        entry.seq
    ))?;
    Ok(Status::Success)
}

/// `--at`, or now.
pub fn as_of(at: Option<&str>) -> anyhow::Result<DateTime<Utc>> {
    Ok(match at {
        Some(text) => scelle_case::parse_time(text, "--at")?,
        None => Utc::now(),
    })
}

#[derive(Serialize)]
struct StatusJson<'a> {
    as_of: String,
    case: &'a CaseFacts,
    journal: JournalJson<'a>,
    deadlines: &'a [Deadline],
    evidence: &'a [SealedEvidence],
    notifications: &'a [Notification],
}

#[derive(Serialize)]
struct JournalJson<'a> {
    entries: usize,
    intact: bool,
    signers_checked: bool,
    findings: &'a [String],
    head_sha256: String,
}

fn status(args: &CaseStatusArgs) -> anyhow::Result<Status> {
    let keyring = super::custody::keyring(&args.trust)?;
    let state = CaseDir::new(&args.dir).load(&keyring)?;
    let now = as_of(args.at.as_deref())?;
    let deadlines = deadline::deadlines(&state.facts, &state.notifications, now)?;
    if args.json {
        output::json(&StatusJson {
            as_of: now.to_rfc3339_opts(SecondsFormat::Secs, true),
            case: &state.facts,
            journal: JournalJson {
                entries: state.timeline.len(),
                intact: state.intact(),
                signers_checked: state.signers_checked,
                findings: &state.findings,
                head_sha256: state.journal_head_sha256.to_string(),
            },
            deadlines: &deadlines,
            evidence: &state.evidence,
            notifications: &state.notifications,
        })?;
    } else {
        print_status(&state, &deadlines, now)?;
    }
    Ok(if state.findings.is_empty() {
        Status::Success
    } else {
        Status::Failed
    })
}

fn print_status(
    state: &CaseState,
    deadlines: &[Deadline],
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let show = |text: &str| sanitize::for_terminal(text);
    let facts = &state.facts;
    let mut lines = vec![
        format!("case {} — {}", show(&facts.case_id), show(&facts.title)),
        format!(
            "discovered: {} ({})",
            facts.discovered,
            show(&facts.time_zone)
        ),
        format!(
            "as of:      {}",
            now.to_rfc3339_opts(SecondsFormat::Secs, true)
        ),
    ];
    let journal = if !state.findings.is_empty() {
        "NOT INTACT"
    } else if state.signers_checked {
        "intact, signers checked"
    } else {
        "consistent, signers NOT checked (give --pubkey or --keyring)"
    };
    lines.push(format!(
        "journal:    {} entries, {journal}",
        state.timeline.len()
    ));
    for finding in &state.findings {
        lines.push(format!("  ! {}", show(finding)));
    }
    lines.push(String::new());
    if deadlines.is_empty() {
        lines.push("deadlines: none (no personal data, not NIS2, not OIV)".into());
    } else {
        lines.push("deadlines:".into());
    }
    for deadline in deadlines {
        let due = deadline.due.map_or("without delay".to_string(), |due| {
            due.to_rfc3339_opts(SecondsFormat::Secs, true)
        });
        let margin = deadline
            .margin_seconds
            .map(|s| deadline::format_span(s, "d"))
            .unwrap_or_default();
        let state_text = match deadline.state {
            DeadlineState::Met if deadline.due.is_some() => format!("met, {margin} early"),
            DeadlineState::Met => "met".into(),
            DeadlineState::MetLate => format!("MET LATE by {margin}"),
            DeadlineState::Open => format!("open, {margin} left"),
            DeadlineState::Overdue if deadline.due.is_some() => format!("OVERDUE by {margin}"),
            DeadlineState::Overdue => "DUE NOW".into(),
        };
        let by = deadline.met_by.as_ref().map_or(String::new(), |n| {
            format!(
                " — {} ref. {} sent {}",
                show(&n.to),
                show(&n.reference),
                n.sent
            )
        });
        lines.push(format!(
            "  {} to {} ({}): due {due}{}: {state_text}{by}",
            deadline.obligation.summary(),
            deadline.recipient,
            deadline.basis,
            if deadline.provisional {
                " (provisional)"
            } else {
                ""
            },
        ));
    }
    lines.push(String::new());
    if state.evidence.is_empty() {
        lines.push("evidence sealed: none yet (scelle freeze --case-dir)".into());
    } else {
        lines.push("evidence sealed:".into());
    }
    for evidence in &state.evidence {
        lines.push(format!(
            "  {}  seal {}  {} items, {} bytes, {} incomplete",
            show(&evidence.evidence_id),
            evidence.seal_sha256,
            evidence.items,
            evidence.payload_bytes,
            evidence.incomplete
        ));
    }
    for line in lines {
        output::line(&line)?;
    }
    Ok(())
}

/// The case a freeze is attached to; its journal must verify.
pub fn load_for_sealing(case: &CaseDir) -> anyhow::Result<CaseState> {
    let state = case
        .load(&Keyring::default())
        .context("--case-dir: the case cannot be used")?;
    if !state.findings.is_empty() {
        bail!(
            "--case-dir: the case journal does not verify ({}); run scelle case status before sealing evidence for it",
            state.findings.join("; ")
        );
    }
    Ok(state)
}

/// Case facts into the manifest header (command-line values win).
pub fn describe_in_manifest(state: &CaseState, case: &mut scelle_manifest::Case) {
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
pub fn record_sealing(
    case: &CaseDir,
    secret: &SecretKey,
    request: &FreezeRequest,
    outcome: &FreezeOutcome<()>,
) -> anyhow::Result<()> {
    let public = secret.public_key();
    let evidence = SealedEvidence {
        evidence_id: request.evidence_id.clone(),
        archive: format!("{}.tar.zst", request.evidence_id),
        seal_sha256: outcome.sealed.seal_sha256.to_string(),
        manifest_sha256: outcome.manifest_sha256.to_string(),
        signer_key_id: public.key_id().to_string(),
        signer_fingerprint_sha256: public.fingerprint().to_string(),
        items: outcome.totals.items,
        payload_bytes: outcome.totals.payload_bytes,
        incomplete: outcome.totals.incomplete(),
    };
    case.sealed(secret, request.operator.clone(), &evidence)
        .context("the archive is sealed, but the case journal could not record it; run scelle case log with its seal hash")?;
    Ok(())
}
