//! `scelle sign` and `scelle verify-signature`.

use std::ffi::OsString;
use std::fs::File;
use std::path::{Path, PathBuf};

use anyhow::Context;
use chrono::{SecondsFormat, Utc};
use scelle_sign::{PublicKey, SignatureFile};
use serde::Serialize;

use crate::cli::{SignArgs, VerifySignatureArgs};
use crate::exit::{status_of_error, Status};
use scelle_core::files::write_new_file;
use scelle_core::text::for_terminal;

use crate::{output, signing};

fn signature_path(file: &Path) -> PathBuf {
    let mut name = OsString::from(file.as_os_str());
    name.push(".minisig");
    PathBuf::from(name)
}

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

pub fn sign(args: &SignArgs) -> anyhow::Result<Status> {
    let secret = signing::open_secret_key(&args.key, args.passphrase.passphrase_file.as_deref())?;
    for file in &args.files {
        let comment = match &args.trusted_comment {
            Some(comment) => comment.clone(),
            None => default_trusted_comment(file),
        };
        let reader = File::open(file).with_context(|| format!("cannot open {}", file.display()))?;
        let signature = secret
            .sign_reader(reader, &comment)
            .with_context(|| format!("cannot sign {}", file.display()))?;
        let path = signature_path(file);
        write_new_file(&path, signature.to_file_text(), 0o644)?;
        output::line(&format!(
            "signed {} -> {}",
            for_terminal(&file.display().to_string()),
            for_terminal(&path.display().to_string())
        ))?;
    }
    Ok(Status::Success)
}

#[derive(Serialize)]
struct SignatureReport {
    file: String,
    signature: String,
    valid: bool,
    key_id: Option<String>,
    algorithm: Option<&'static str>,
    trusted_comment: Option<String>,
    error: Option<String>,
}

pub fn verify(args: &VerifySignatureArgs) -> anyhow::Result<Status> {
    let public = PublicKey::load(&args.pubkey)?;
    let mut reports = Vec::new();
    let mut worst = Status::Success;
    for file in &args.files {
        let signature_file = signature_path(file);
        let outcome = check_one(&public, file, &signature_file);
        let mut report = SignatureReport {
            file: file.display().to_string(),
            signature: signature_file.display().to_string(),
            valid: outcome.is_ok(),
            key_id: None,
            algorithm: None,
            trusted_comment: None,
            error: None,
        };
        match outcome {
            Ok(verified) => {
                report.key_id = Some(verified.key_id.to_string());
                report.algorithm = Some(match verified.algorithm {
                    scelle_sign::Algorithm::Prehashed => "ED",
                    scelle_sign::Algorithm::Legacy => "Ed",
                });
                report.trusted_comment = Some(verified.trusted_comment);
            }
            Err(error) => {
                worst = worst.max(status_of_error(&error));
                report.error = Some(format!("{error:#}"));
            }
        }
        reports.push(report);
    }
    if args.json {
        output::json(&reports)?;
    } else {
        for report in &reports {
            let file = for_terminal(&report.file);
            match (&report.trusted_comment, &report.error) {
                (Some(comment), _) => {
                    output::line(&format!(
                        "OK      {file}: signed by key {} ({})",
                        report.key_id.as_deref().unwrap_or_default(),
                        report.algorithm.unwrap_or_default()
                    ))?;
                    output::line(&format!(
                        "        trusted comment: {}",
                        for_terminal(comment)
                    ))?;
                }
                (None, Some(error)) => {
                    output::line(&format!("FAILED  {file}: {}", for_terminal(error)))?
                }
                (None, None) => unreachable!("a report is either valid or has an error"),
            }
        }
    }
    Ok(worst)
}

fn check_one(
    public: &PublicKey,
    file: &Path,
    signature_file: &Path,
) -> anyhow::Result<scelle_sign::Verified> {
    let signature = SignatureFile::load(signature_file)?;
    let reader = File::open(file).with_context(|| format!("cannot open {}", file.display()))?;
    Ok(public.verify_reader(&signature, reader, &signature_file.display().to_string())?)
}
