//! `scelle extract`: verify while extracting; keep nothing unless intact.

use anyhow::{bail, Context};
use scelle_verify::Report;
use serde::Serialize;

use crate::cli::ExtractArgs;
use crate::cmd::verify;
use crate::exit::Status;
use crate::{output, sanitize};

#[derive(Serialize)]
struct JsonOutcome<'a> {
    extracted_to: Option<String>,
    files: u64,
    refused: Option<&'a str>,
    verdict: verify::Verdict,
    report: &'a Report,
}

pub fn run(args: &ExtractArgs) -> anyhow::Result<Status> {
    if !args.to.is_dir() {
        bail!("--to {} is not an existing directory", args.to.display());
    }
    if args.archive.is_dir() {
        bail!(
            "{} is a directory: extract takes an archive (a bag directory is already extracted)",
            args.archive.display()
        );
    }
    let options = verify::options(args.pubkey.as_deref(), args.expect.as_deref())?;
    let extraction = scelle_verify::extract_archive(
        &args.archive,
        &options,
        &args.to,
        args.allow_unauthenticated,
    )
    .with_context(|| format!("cannot extract {}", args.archive.display()))?;
    let verdict = verify::verdict(&extraction.report);
    if args.json {
        output::json(&JsonOutcome {
            extracted_to: extraction
                .extracted_to
                .as_ref()
                .map(|path| path.display().to_string()),
            files: extraction.files,
            refused: extraction.refused.as_deref(),
            verdict,
            report: &extraction.report,
        })?;
    } else {
        verify::print(&extraction.report, verdict)?;
        match (&extraction.extracted_to, &extraction.refused) {
            (Some(path), _) => output::line(&format!(
                "extracted:   {} files into {} (read-only, recorded mtimes)",
                extraction.files,
                sanitize::for_terminal(&path.display().to_string())
            ))?,
            (None, reason) => output::line(&format!(
                "NOT EXTRACTED: {}",
                sanitize::for_terminal(reason.as_deref().unwrap_or("unknown reason"))
            ))?,
        }
    }
    let mut draft = verify::outcome_draft("extracted", &extraction.report, verdict)
        .detail("files", extraction.files);
    draft = match &extraction.extracted_to {
        Some(path) => draft.detail("to", path.display().to_string()),
        None => draft.detail("refused", extraction.refused.clone().unwrap_or_default()),
    };
    super::custody::record(&args.record, &args.archive, draft)?;
    Ok(if extraction.extracted_to.is_some() {
        Status::Success
    } else {
        Status::Failed
    })
}
