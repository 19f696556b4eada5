//! `scelle report`.

use scelle_core::ops::report;
use scelle_core::render;

use crate::cli::ReportArgs;
use crate::exit::Status;
use crate::{output, signing};

pub fn run(args: &ReportArgs, lang: scelle_l10n::Lang) -> anyhow::Result<Status> {
    let key = match &args.key {
        Some(key) => Some(signing::open_signer(
            key,
            args.passphrase.passphrase_file.as_deref(),
        )?),
        None => None,
    };
    let options = report::ReportOptions {
        lang: lang.tag().into(),
        ..args.options.clone()
    };
    let summary = report::report(&options, key.as_deref())?;
    output::line(&render::report(&summary, lang))?;
    Ok(if summary.clean() {
        Status::Success
    } else {
        Status::Failed
    })
}
