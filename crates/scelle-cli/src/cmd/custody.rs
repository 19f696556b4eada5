//! `scelle custody ...`.

use std::path::Path;

use anyhow::bail;
use scelle_core::ops::custody::{self, Signer};
use scelle_core::ops::timestamp::TsaOptions;
use scelle_core::render;
use scelle_custody::Draft;
use scelle_l10n::Lang;

use crate::cli::{CustodyCommand, LogTarget, SignerArgs};
use crate::exit::Status;
use crate::output;
use crate::progress::Terminal;
use crate::signing;

pub fn run(command: &CustodyCommand, lang: Lang) -> anyhow::Result<Status> {
    match command {
        CustodyCommand::Show(args) => {
            let log = custody::log_path(args.log.as_deref(), args.archive.as_deref())?;
            let shown = custody::show(&log, &args.trust.keyring()?)?;
            if args.json {
                output::json(&shown)?;
            } else {
                output::lines(&render::custody_chain(&shown.report, lang))?;
                output::lines(&render::custody_head(&shown.report, lang))?;
                if shown.report.findings_total > 0 {
                    output::line(&format!(
                        "WARNING: {} problem(s) in this log; run scelle custody verify",
                        shown.report.findings_total
                    ))?;
                }
            }
            Ok(Status::Success)
        }
        CustodyCommand::Verify(args) => {
            let log = custody::log_path(args.target.log.as_deref(), args.archive.as_deref())?;
            let keyring = args.trust.keyring()?;
            let head = match &args.target.locker {
                Some(url) => {
                    if args.head.is_some() || args.entries.is_some() {
                        bail!("give --locker or --head/--entries, not both");
                    }
                    let place = scelle_locker::Place::parse(url)?;
                    let id = scelle_core::ops::locker::evidence_id_of_log(&log)?;
                    scelle_core::ops::locker::locked_head(&place, &id, &args.target.store)?
                }
                None => custody::expected_head(args.head.as_deref(), args.entries)?,
            };
            let verified = custody::verify(
                &log,
                args.archive.as_deref(),
                &keyring,
                args.tsa_ca.as_deref(),
                head,
            )?;
            if args.json {
                output::json(&verified)?;
            } else {
                output::lines(&render::custody_chain(&verified.report, lang))?;
                for timestamp in &verified.timestamps {
                    output::lines(&render::timestamp(timestamp, lang))?;
                }
                output::lines(&render::custody_verdict(&verified.report, lang))?;
            }
            Ok(Status::from_verdict(
                verified.verdict(),
                args.allow_unauthenticated,
            ))
        }
        CustodyCommand::Transfer(args) => append(
            &args.signer,
            &args.target,
            args.archive.as_deref(),
            custody::transferred(&args.to, args.means.as_deref(), args.location.as_deref()),
            &args.tsa,
            args.json,
            lang,
        ),
        CustodyCommand::Receive(args) => append(
            &args.signer,
            &args.target,
            args.archive.as_deref(),
            custody::received(args.note.as_deref(), args.location.as_deref()),
            &args.tsa,
            args.json,
            lang,
        ),
        CustodyCommand::Note(args) => {
            let (archive, text) = match (args.words.as_slice(), &args.target.log) {
                ([text], Some(_)) => (None, text),
                ([archive, text], _) => (Some(Path::new(archive)), text),
                _ => bail!("give ARCHIVE TEXT, or --log FILE TEXT"),
            };
            append(
                &args.signer,
                &args.target,
                archive,
                custody::note(text),
                &args.tsa,
                args.json,
                lang,
            )
        }
    }
}

/// Signs and appends `draft`, then timestamps it when `--tsa` was given.
fn append(
    signer: &SignerArgs,
    target: &LogTarget,
    archive: Option<&Path>,
    draft: Draft,
    tsa: &TsaOptions,
    json: bool,
    lang: Lang,
) -> anyhow::Result<Status> {
    let log = &custody::log_path(target.log.as_deref(), archive)?;
    let (key, actor) = signing::signer(signer)?;
    let signer = Signer {
        key: &key,
        actor: &actor,
    };
    let recorded = custody::append(log, &signer, draft)?;
    if json {
        output::json(&recorded)?;
    } else {
        output::lines(&render::recorded(&recorded, lang))?;
    }
    if let Some(url) = &target.locker {
        let locked = scelle_core::ops::locker::lock_entry(
            url,
            log,
            recorded.entry.evidence_id.as_str(),
            recorded.entry.seq,
            &target.store,
        )?;
        output::error_line(&format!(
            "entry locked: {} ({} until {})",
            locked.url,
            locked.lock_mode.as_deref().unwrap_or("?"),
            locked.retain_until.as_deref().unwrap_or("?")
        ));
    }
    custody::stamp_entry(tsa, &recorded, &signer, &Terminal::new(lang))?;
    Ok(Status::Success)
}
