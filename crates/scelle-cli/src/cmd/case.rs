//! `scelle case ...`.

use scelle_core::ops::case;
use scelle_core::ops::custody::Signer;
use scelle_core::render;
use scelle_core::text::Untrusted;

use crate::cli::{CaseCommand, SignerArgs};
use crate::exit::Status;
use crate::progress::Terminal;
use crate::{output, signing};

pub fn run(command: &CaseCommand, lang: scelle_l10n::Lang) -> anyhow::Result<Status> {
    match command {
        CaseCommand::Request(args) => with_signer(&args.signer, |signer| {
            let dir = args.case.resolve()?;
            let entry = case::request(
                &dir,
                signer,
                &args.from,
                &args.due,
                args.reference.as_deref(),
            )?;
            Ok(lang.format(
                "case-said-request",
                &[
                    ("from", Untrusted(&args.from).to_string().into()),
                    ("line", (entry.seq + 1).into()),
                ],
            ))
        }),
        CaseCommand::Done(args) => with_signer(&args.signer, |signer| {
            let dir = args.case.resolve()?;
            let entry = case::done(
                &dir,
                signer,
                &args.step,
                args.at.as_deref(),
                args.note.as_deref(),
            )?;
            case::stamp(&dir, &args.tsa, &entry, signer, &Terminal::new(lang))?;
            Ok(lang.format(
                "case-said-done",
                &[
                    ("step", Untrusted(&args.step).to_string().into()),
                    ("line", (entry.seq + 1).into()),
                ],
            ))
        }),
        CaseCommand::Breach(args) => with_signer(&args.signer, |signer| {
            let dir = args.case.resolve()?;
            let (_, entry) = case::breach(&dir, signer, &args.options)?;
            case::stamp(&dir, &args.tsa, &entry, signer, &Terminal::new(lang))?;
            Ok(lang.format("case-said-breach", &[("line", (entry.seq + 1).into())]))
        }),
        CaseCommand::Export(args) => {
            let dir = args.case.resolve()?;
            let kind = case::ExportKind::parse(&args.what)?;
            let exported = case::export(&dir, &args.trust.keyring()?, kind, &args.out, lang)?;
            output::line(&format!(
                "written to {} (SHA-256 {})",
                Untrusted(&exported.out.display().to_string()),
                exported.sha256
            ))?;
            if !exported.missing.is_empty() {
                output::error_line(&format!(
                    "still to complete before sending (scelle case breach ...): {}",
                    exported.missing.join("; ")
                ));
            }
            Ok(Status::Success)
        }
        CaseCommand::Show(args) => {
            let dir = args.case.resolve()?;
            let state = case::show(&dir, &args.trust.keyring()?)?;
            output::lines(&render::case_show(&state, lang))?;
            Ok(if state.findings.is_empty() {
                Status::Success
            } else {
                Status::Failed
            })
        }
        CaseCommand::Init(args) => with_signer(&args.signer, |signer| {
            let dir = case::new_case_dir(args.dir.as_deref())?;
            let facts = case::init(&dir, &args.options, signer)?;
            let dir = Untrusted(&dir.display().to_string()).to_string();
            Ok(lang.format(
                "case-said-opened",
                &[
                    ("id", Untrusted(&facts.case_id).to_string().into()),
                    ("dir", dir.into()),
                    ("key", signer.key.public_key().key_id().to_string().into()),
                ],
            ))
        }),
        CaseCommand::Log(args) => with_signer(&args.signer, |signer| {
            let dir = args.case.resolve()?;
            let entry = case::log(&dir, signer, &args.text)?;
            case::stamp(&dir, &args.tsa, &entry, signer, &Terminal::new(lang))?;
            Ok(lang.format(
                "case-said-logged",
                &[
                    ("line", (entry.seq + 1).into()),
                    ("time", entry.time.clone().into()),
                ],
            ))
        }),
        CaseCommand::Notify(args) => with_signer(&args.signer, |signer| {
            let dir = args.case.resolve()?;
            let notified = case::notify(&dir, signer, &args.options)?;
            case::stamp(
                &dir,
                &args.tsa,
                &notified.entry,
                signer,
                &Terminal::new(lang),
            )?;
            if let Some(name) = &notified.unknown_recipient {
                let warning = scelle_case::recipient::unknown_warning(name, lang);
                output::error_line(&Untrusted(&warning).to_string());
            }
            Ok(lang.format(
                "case-said-notified",
                &[
                    (
                        "to",
                        Untrusted(&notified.notification.to).to_string().into(),
                    ),
                    ("line", (notified.entry.seq + 1).into()),
                ],
            ))
        }),
        CaseCommand::Impact(args) => with_signer(&args.signer, |signer| {
            let dir = args.case.resolve()?;
            let (impacts, entry) = case::impact(&dir, signer, &args.categories)?;
            case::stamp(&dir, &args.tsa, &entry, signer, &Terminal::new(lang))?;
            let names: Vec<&str> = impacts.iter().map(|i| i.name()).collect();
            Ok(lang.format(
                "case-said-impact",
                &[
                    (
                        "impact",
                        if names.is_empty() {
                            lang.text("case-said-no-impact")
                        } else {
                            names.join(", ")
                        }
                        .into(),
                    ),
                    ("line", (entry.seq + 1).into()),
                ],
            ))
        }),
        CaseCommand::Status(args) => {
            let at = case::as_of(args.at.as_deref())?;
            let head = match (&args.head, args.entries) {
                (Some(_), Some(_)) => Some(scelle_core::ops::custody::expected_head(
                    args.head.as_deref(),
                    args.entries,
                )?),
                _ => None,
            };
            let dir = args.case.resolve()?;
            let status = case::status(&dir, &args.trust.keyring()?, at, head)?;
            if args.json {
                output::json(&status)?;
            } else {
                output::lines(&render::case_status(&status, lang))?;
            }
            Ok(if status.consistent() {
                Status::Success
            } else {
                Status::Failed
            })
        }
    }
}

/// Opens the signer's key, runs `act` with it and prints the line it returns.
fn with_signer(
    args: &SignerArgs,
    act: impl FnOnce(&Signer) -> anyhow::Result<String>,
) -> anyhow::Result<Status> {
    let (key, actor) = signing::signer(args)?;
    let line = act(&Signer {
        key: &key,
        actor: &actor,
    })?;
    output::line(&line)?;
    Ok(Status::Success)
}
