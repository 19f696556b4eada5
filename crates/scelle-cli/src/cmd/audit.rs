//! `scelle baseline` and `scelle audit`.

use scelle_core::ops::audit;
use scelle_core::render;

use crate::cli::{AuditArgs, BaselineArgs};
use crate::exit::Status;
use crate::output;
use crate::progress::Terminal;
use crate::signing::open_signer;

pub fn baseline(args: &BaselineArgs, lang: scelle_l10n::Lang) -> anyhow::Result<Status> {
    let secret = open_signer(&args.key, args.passphrase.passphrase_file.as_deref())?;
    let summary = audit::baseline(&args.options, &secret, &Terminal::new(lang))?;
    if args.json {
        output::json(&summary)?;
    } else {
        output::lines(&render::baseline(&summary, lang))?;
    }
    if let Some(dir) = &args.case_dir {
        let check = audit::baseline_check(&args.options, &summary);
        record(dir, secret.as_ref(), &check, lang)?;
    }
    Ok(Status::Success)
}

pub fn audit(args: &AuditArgs, lang: scelle_l10n::Lang) -> anyhow::Result<Status> {
    // The key is opened first: a passphrase asked after a long audit
    // would find the responder gone.
    let key = match &args.key {
        Some(key) => Some(open_signer(
            key,
            args.passphrase.passphrase_file.as_deref(),
        )?),
        None => None,
    };
    let report = audit::audit(&args.options, &Terminal::new(lang))?;
    if args.json {
        output::json(&report)?;
    } else {
        output::lines(&render::audit(&report, &args.options.baseline, lang))?;
    }
    if let (Some(dir), Some(key)) = (&args.case_dir, &key) {
        record(
            dir,
            key.as_ref(),
            &audit::audit_check(&args.options, &report),
            lang,
        )?;
    }
    Ok(if report.intact() {
        Status::Success
    } else {
        Status::Failed
    })
}

/// Records a baseline or an audit in the case journal, and says so on stderr
/// (stdout may be the JSON document).
fn record(
    dir: &std::path::Path,
    key: &dyn scelle_sign::Signer,
    check: &scelle_case::IntegrityCheck,
    lang: scelle_l10n::Lang,
) -> anyhow::Result<()> {
    let actor = scelle_core::identity::actor_or_operator(&None);
    let entry = scelle_core::ops::case::record_check(
        dir,
        &scelle_core::ops::custody::Signer { key, actor: &actor },
        check,
    )?;
    output::error_line(&lang.format(
        "audit-recorded",
        &[scelle_l10n::arg("entry", entry.seq + 1)],
    ));
    Ok(())
}
