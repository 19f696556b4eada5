//! `scelle verify` and `scelle extract`.

use scelle_core::ops::custody::details;
use scelle_core::ops::verify;
use scelle_core::render;

use crate::cli::{ExtractArgs, RecordArgs, VerifyArgs};
use crate::exit::Status;
use crate::progress::Terminal;
use crate::{output, signing};

pub fn run(args: &VerifyArgs, lang: scelle_l10n::Lang) -> anyhow::Result<Status> {
    refuse_key_without_record(&args.record)?;
    let verified = verify::verify(&args.options, &Terminal::new(lang))?;
    if args.json {
        output::json(&verified)?;
    } else {
        output::lines(&render::verify(&verified.report, verified.verdict, lang))?;
        if let Some(timestamp) = &verified.timestamp {
            output::lines(&render::timestamp(timestamp, lang))?;
        }
    }
    let draft = verify::outcome_draft(details::VERIFIED, &verified.report, verified.verdict);
    signing::record(&args.record, &args.options.archive, draft, lang)?;
    Ok(Status::from_verdict(
        verified.verdict(),
        args.options.allow_unauthenticated,
    ))
}

pub fn extract(args: &ExtractArgs, lang: scelle_l10n::Lang) -> anyhow::Result<Status> {
    refuse_key_without_record(&args.record)?;
    let terminal = Terminal::stoppable(lang)?;
    let extraction = verify::extract(&args.options, &terminal);
    if terminal.stopped() {
        // The staging directory went with the error that stopped the job.
        output::error_line("interrupted: nothing was extracted, and nothing staged was kept");
        return Ok(Status::Interrupted);
    }
    let extraction = extraction?;
    if args.json {
        output::json(&extraction)?;
    } else {
        output::lines(&render::extract(&extraction, lang))?;
    }
    signing::record(
        &args.record,
        &args.options.archive,
        extraction.draft(),
        lang,
    )?;
    Ok(if extraction.extracted_to.is_some() {
        Status::Success
    } else {
        Status::Failed
    })
}

/// `--key` alone is almost always the signer's key meant for `--pubkey`:
/// checking nothing with it would mislead.
fn refuse_key_without_record(record: &RecordArgs) -> anyhow::Result<()> {
    match (&record.key, record.record) {
        (Some(key), false) => {
            Err(scelle_core::Problem::KeyWithoutRecord { key: key.clone() }.into())
        }
        _ => Ok(()),
    }
}
