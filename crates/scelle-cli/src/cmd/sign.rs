//! `scelle sign` and `scelle verify-signature`.

use std::fs::File;
use std::path::Path;

use anyhow::Context;
use chrono::{SecondsFormat, Utc};
use scelle_core::files::write_new_file;
use scelle_core::ops::keys::{self, SignatureCheck};
use scelle_core::text::for_terminal;
use scelle_sign::Signer as _;

use crate::cli::{SignArgs, VerifySignatureArgs};
use crate::exit::Status;

use crate::{output, signing};
use scelle_l10n::{arg, Lang};

/// The default trusted comment: one printable line naming the file and time.
fn default_trusted_comment(file: &Path) -> String {
    let name = file
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let now = Utc::now();
    format!(
        "timestamp:{} file:{} signed:{}",
        now.timestamp(),
        for_terminal(&name),
        now.to_rfc3339_opts(SecondsFormat::Secs, true)
    )
}

pub fn sign(args: &SignArgs, lang: Lang) -> anyhow::Result<Status> {
    let secret = signing::open_signer(&args.key, args.passphrase.passphrase_file.as_deref())?;
    for file in &args.files {
        let comment = match &args.trusted_comment {
            Some(comment) => comment.clone(),
            None => default_trusted_comment(file),
        };
        let mut reader =
            File::open(file).with_context(|| format!("cannot open {}", file.display()))?;
        let signature = secret
            .sign_reader(&mut reader, &comment)
            .with_context(|| format!("cannot sign {}", file.display()))?;
        let path = keys::signature_path(file);
        write_new_file(&path, signature.to_file_text(), 0o644)?;
        output::line(&lang.format(
            "signature-written",
            &[
                arg("file", for_terminal(&file.display().to_string())),
                arg("signature", for_terminal(&path.display().to_string())),
            ],
        ))?;
    }
    Ok(Status::Success)
}

pub fn verify(args: &VerifySignatureArgs, lang: Lang) -> anyhow::Result<Status> {
    let public = scelle_core::ops::keys::load_public(&args.pubkey, "--pubkey")?;
    let checks: Vec<SignatureCheck> = args
        .files
        .iter()
        .map(|file| keys::check_signature(&public, file))
        .collect();
    if args.json {
        output::json(&checks)?;
    } else {
        for check in &checks {
            let file = for_terminal(&check.file);
            match (&check.trusted_comment, &check.error) {
                (Some(comment), _) => {
                    output::line(&lang.format(
                        "signature-ok",
                        &[
                            arg("file", file.as_str()),
                            arg("key", check.key_id.as_deref().unwrap_or_default()),
                            arg("algorithm", check.algorithm.as_deref().unwrap_or_default()),
                        ],
                    ))?;
                    output::line(&lang.format(
                        "signature-comment",
                        &[arg("comment", for_terminal(comment))],
                    ))?;
                }
                (None, Some(error)) => output::line(&lang.format(
                    "signature-failed",
                    &[
                        arg("file", file.as_str()),
                        arg("error", for_terminal(error)),
                    ],
                ))?,
                (None, None) => unreachable!("a check is either valid or has an error"),
            }
        }
    }
    Ok(checks
        .iter()
        .map(|check| match (check.valid, check.invalid_signature) {
            (true, _) => Status::Success,
            (false, true) => Status::Failed,
            (false, false) => Status::Error,
        })
        .max()
        .unwrap_or(Status::Success))
}
