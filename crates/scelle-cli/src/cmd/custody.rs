//! `scelle custody ...`, and the custody entries other commands record.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use scelle_custody::{CustodyReport, Draft, Keyring, SignerStatus};
use scelle_sign::PublicKey;
use serde::Serialize;

use crate::cli::{
    CustodyCommand, CustodyNoteArgs, CustodyReceiveArgs, CustodyShowArgs, CustodyTransferArgs,
    CustodyVerifyArgs, LogTarget, RecordArgs, SignerArgs, TrustArgs, TsaArgs,
};
use crate::exit::Status;
use crate::{output, passphrase, sanitize};

pub fn run(command: &CustodyCommand) -> anyhow::Result<Status> {
    match command {
        CustodyCommand::Show(args) => show(args),
        CustodyCommand::Verify(args) => verify(args),
        CustodyCommand::Transfer(args) => transfer(args),
        CustodyCommand::Receive(args) => receive(args),
        CustodyCommand::Note(args) => note(args),
    }
}

/// The log to use: `--log`, or the one beside the archive.
fn log_path(target: &LogTarget, archive: Option<&Path>) -> anyhow::Result<PathBuf> {
    match (&target.log, archive) {
        (Some(log), _) => Ok(log.clone()),
        (None, Some(archive)) => Ok(scelle_custody::log_path_for(archive)),
        (None, None) => bail!("give the ARCHIVE or --log FILE"),
    }
}

pub(crate) fn keyring(trust: &TrustArgs) -> anyhow::Result<Keyring> {
    let keys = trust
        .pubkey
        .iter()
        .map(|path| PublicKey::load(path))
        .collect::<Result<Vec<_>, _>>()?;
    let mut keyring = Keyring::from_public_keys(keys);
    if let Some(file) = &trust.keyring {
        keyring.add_file(file)?;
    }
    Ok(keyring)
}

/// Appends `draft` to `log`, signed by `signer`, and timestamps the new
/// entry when `tsa` names a TSA; the actor defaults to the login name.
fn sign_and_append(
    signer: &SignerArgs,
    log: &Path,
    mut draft: Draft,
    tsa: Option<&TsaArgs>,
) -> anyhow::Result<Status> {
    let key =
        passphrase::open_secret_key(&signer.key, signer.passphrase.passphrase_file.as_deref())?;
    draft.actor = Some(
        signer
            .actor
            .clone()
            .unwrap_or_else(super::freeze::default_operator),
    );
    let entry = scelle_custody::append(log, &key, draft)?;
    output::line(&format!(
        "recorded {} as entry {} of {} (signed by key {})",
        entry.event,
        entry.seq + 1,
        sanitize::for_terminal(&log.display().to_string()),
        entry.key_id
    ))?;
    if let Some(tsa) = tsa {
        super::timestamp::stamp_custody_entry(tsa, log, entry.seq, &key, entry.actor.clone())?;
    }
    Ok(Status::Success)
}

fn optional(draft: Draft, key: &str, value: &Option<String>) -> Draft {
    match value {
        Some(value) => draft.detail(key, value.clone()),
        None => draft,
    }
}

fn transfer(args: &CustodyTransferArgs) -> anyhow::Result<Status> {
    let log = log_path(&args.target, args.archive.as_deref())?;
    let draft = Draft::new("transferred", "").detail("to", args.to.clone());
    let draft = optional(
        optional(draft, "means", &args.means),
        "location",
        &args.location,
    );
    sign_and_append(&args.signer, &log, draft, Some(&args.tsa))
}

fn receive(args: &CustodyReceiveArgs) -> anyhow::Result<Status> {
    let log = log_path(&args.target, args.archive.as_deref())?;
    let draft = optional(
        optional(Draft::new("received", ""), "note", &args.note),
        "location",
        &args.location,
    );
    sign_and_append(&args.signer, &log, draft, Some(&args.tsa))
}

fn note(args: &CustodyNoteArgs) -> anyhow::Result<Status> {
    let (archive, text) = match (args.words.as_slice(), &args.target.log) {
        ([text], Some(_)) => (None, text),
        ([archive, text], _) => (Some(Path::new(archive)), text),
        _ => bail!("give ARCHIVE TEXT, or --log FILE TEXT"),
    };
    let log = log_path(&args.target, archive)?;
    sign_and_append(
        &args.signer,
        &log,
        Draft::new("note", "").detail("text", text.clone()),
        Some(&args.tsa),
    )
}

/// Appends the outcome of verify/extract when `--record` was given.
pub fn record(args: &RecordArgs, archive: &Path, draft: Draft) -> anyhow::Result<()> {
    if !args.record {
        return Ok(());
    }
    let key = args.key.as_ref().context("--record needs --key")?;
    let signer = SignerArgs {
        key: key.clone(),
        passphrase: crate::cli::PassphraseArgs {
            passphrase_file: args.passphrase_file.clone(),
        },
        actor: args.actor.clone(),
    };
    let target = LogTarget {
        log: args.log.clone(),
    };
    sign_and_append(&signer, &log_path(&target, Some(archive))?, draft, None)?;
    Ok(())
}

fn verify(args: &CustodyVerifyArgs) -> anyhow::Result<Status> {
    let log = log_path(&args.target, args.archive.as_deref())?;
    let keyring = keyring(&args.trust)?;
    let report = scelle_custody::verify_log(&log, args.archive.as_deref(), &keyring)?;
    let timestamps = super::timestamp::check_custody_tokens(&log, &report, args.tsa_ca.as_deref())?;
    if args.json {
        output::json(&JsonReport::new(&report, &timestamps))?;
    } else {
        print_chain(&report)?;
        for timestamp in &timestamps {
            super::timestamp::print(timestamp)?;
        }
        print_verdict(&report)?;
    }
    let timestamps_hold = timestamps.iter().all(|t| t.problems.is_empty());
    Ok(
        if timestamps_hold
            && (report.intact() || (args.allow_unauthenticated && report.findings.is_empty()))
        {
            Status::Success
        } else {
            Status::Failed
        },
    )
}

fn show(args: &CustodyShowArgs) -> anyhow::Result<Status> {
    let log = log_path(&args.target, args.archive.as_deref())?;
    let report = scelle_custody::verify_log(&log, None, &keyring(&args.trust)?)?;
    if args.json {
        output::json(&JsonReport::new(&report, &[]))?;
    } else {
        print_chain(&report)?;
        if !report.findings.is_empty() {
            output::line(&format!(
                "WARNING: {} problem(s) in this log; run scelle custody verify",
                report.findings.len()
            ))?;
        }
    }
    Ok(Status::Success)
}

#[derive(Serialize)]
struct JsonReport<'a> {
    intact: bool,
    timestamps: &'a [super::timestamp::TimestampReport],
    #[serde(flatten)]
    report: &'a CustodyReport,
}

impl<'a> JsonReport<'a> {
    fn new(report: &'a CustodyReport, timestamps: &'a [super::timestamp::TimestampReport]) -> Self {
        Self {
            intact: report.intact(),
            timestamps,
            report,
        }
    }
}

fn print_chain(report: &CustodyReport) -> anyhow::Result<()> {
    output::line(&format!(
        "custody log: {}",
        sanitize::for_terminal(&report.log)
    ))?;
    for verified in &report.entries {
        let entry = &verified.entry;
        let who = match (&verified.signer_name, verified.signer) {
            (Some(name), _) => format!(
                "{name}{}",
                verified
                    .signer_role
                    .as_ref()
                    .map(|role| format!(", {role}"))
                    .unwrap_or_default()
            ),
            (None, SignerStatus::Known) => format!("key {}", entry.key_id),
            (None, SignerStatus::Unknown) => format!("UNKNOWN key {}", entry.key_id),
            (None, SignerStatus::NotChecked) => format!("key {} (not checked)", entry.key_id),
        };
        let details: Vec<String> = entry
            .details
            .iter()
            .map(|(key, value)| {
                format!(
                    "{key}={}",
                    value
                        .as_str()
                        .map_or_else(|| value.to_string(), str::to_string)
                )
            })
            .collect();
        output::line(&sanitize::for_terminal(&format!(
            "{:>3}  {}  {:<11}  {}  [{}]  {}",
            verified.line,
            entry.time,
            entry.event,
            entry.actor.as_deref().unwrap_or("-"),
            who,
            details.join("  ")
        )))?;
    }
    Ok(())
}

fn print_verdict(report: &CustodyReport) -> anyhow::Result<()> {
    if let Some(seal) = report.archive_seal_sha256 {
        output::line(&format!("archive seal SHA-256: {seal}"))?;
    }
    for warning in &report.warnings {
        output::line(&format!(
            "warning, line {}: {}",
            warning.line,
            sanitize::for_terminal(&warning.message)
        ))?;
    }
    for finding in &report.findings {
        output::line(&format!(
            "FINDING, line {}: {}",
            finding.line,
            sanitize::for_terminal(&finding.message)
        ))?;
    }
    output::line(if report.intact() {
        "verdict: INTACT chain of custody"
    } else if report.findings.is_empty() {
        "verdict: no finding, but signers NOT AUTHENTICATED (give --pubkey or --keyring)"
    } else {
        "verdict: BROKEN chain of custody"
    })?;
    Ok(())
}
