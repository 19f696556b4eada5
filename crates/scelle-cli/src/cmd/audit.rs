//! `scelle baseline` and `scelle audit`.

use scelle_core::ops::audit;
use scelle_core::render;

use crate::cli::{AuditArgs, BaselineArgs};
use crate::exit::Status;
use crate::output;
use crate::progress::Terminal;
use crate::signing::open_signer;

pub fn baseline(args: &BaselineArgs) -> anyhow::Result<Status> {
    let secret = open_signer(&args.key, args.passphrase.passphrase_file.as_deref())?;
    let summary = audit::baseline(&args.options, &secret, &Terminal::default())?;
    if args.json {
        output::json(&summary)?;
    } else {
        output::lines(&render::baseline(&summary))?;
    }
    Ok(Status::Success)
}

pub fn audit(args: &AuditArgs) -> anyhow::Result<Status> {
    let report = audit::audit(&args.options, &Terminal::default())?;
    if args.json {
        output::json(&report)?;
    } else {
        output::lines(&render::audit(&report, &args.options.baseline))?;
    }
    Ok(if report.intact() {
        Status::Success
    } else {
        Status::Failed
    })
}
