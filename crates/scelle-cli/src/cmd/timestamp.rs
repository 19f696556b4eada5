//! `scelle timestamp`.

use scelle_core::ops::custody::Signer;
use scelle_core::ops::timestamp;
use scelle_core::render;

use crate::cli::TimestampArgs;
use crate::exit::Status;
use crate::{output, signing};

pub fn run(args: &TimestampArgs, lang: scelle_l10n::Lang) -> anyhow::Result<Status> {
    if args.options.verify {
        let report = timestamp::verify_file_token(&args.options)?;
        if args.json {
            output::json(&report)?;
        } else {
            output::lines(&render::timestamp(&report, lang))?;
        }
        let valid = report.findings.is_empty() && report.tsa_authenticated;
        return Ok(if valid {
            Status::Success
        } else {
            Status::Failed
        });
    }
    let key = match (&args.key, args.options.is_archive()) {
        (Some(path), true) => Some(signing::open_signer(
            path,
            args.passphrase.passphrase_file.as_deref(),
        )?),
        _ => None,
    };
    let actor = scelle_core::identity::actor_or_operator(&args.actor);
    let signer = key.as_ref().map(|key| Signer { key, actor: &actor });
    let stamped = timestamp::stamp(&args.options, signer.as_ref())?;
    output::line(&render::stamp(&stamped, lang))?;
    Ok(Status::Success)
}
