//! `scelle key generate` and `scelle key show`.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use anyhow::bail;
use scelle_sign::{PublicKey, ScryptCost, SecretKey};

use crate::cli::{KeyGenerateArgs, KeyShowArgs};
use crate::exit::Status;
use scelle_core::files::write_new_file;
use scelle_core::text::for_terminal;

use crate::{output, passphrase};

/// `PREFIX` + `suffix`, keeping non-UTF-8 prefixes intact.
fn with_suffix(prefix: &Path, suffix: &str) -> PathBuf {
    let mut name = OsString::from(prefix.as_os_str());
    name.push(suffix);
    PathBuf::from(name)
}

pub fn generate(args: &KeyGenerateArgs) -> anyhow::Result<Status> {
    let secret_path = with_suffix(&args.out, ".key");
    let public_path = with_suffix(&args.out, ".pub");
    for path in [&secret_path, &public_path] {
        if path.symlink_metadata().is_ok() {
            bail!(
                "{} already exists; refusing to overwrite a key (choose another --out)",
                path.display()
            );
        }
    }
    if let Some(comment) = &args.comment {
        if comment.chars().any(char::is_control) {
            bail!("--comment must be one line without control characters");
        }
    }
    let passphrase = if args.no_password {
        None
    } else {
        Some(match &args.passphrase.passphrase_file {
            Some(file) => passphrase::from_file(file)?,
            None => passphrase::ask("Passphrase for the new key: ", true)?,
        })
    };
    let secret = SecretKey::generate()?;
    let public = secret.public_key();
    let secret_text = secret.to_file_text(
        passphrase.as_ref().map(|p| p.as_bytes()),
        ScryptCost::MINISIGN_DEFAULT,
    )?;
    let mut public_text = public.to_file_text();
    if let Some(comment) = &args.comment {
        let first_newline = public_text.find('\n').expect("two lines");
        public_text.insert_str(first_newline, &format!(", {comment}"));
    }
    write_new_file(&secret_path, &secret_text, 0o600)?;
    write_new_file(&public_path, &public_text, 0o644)?;
    output::line(&format!(
        "secret key:  {}{}",
        secret_path.display(),
        if args.no_password {
            " (NOT encrypted)"
        } else {
            ""
        }
    ))?;
    output::line(&format!("public key:  {}", public_path.display()))?;
    print_identity(&public)?;
    Ok(Status::Success)
}

fn print_identity(public: &PublicKey) -> anyhow::Result<()> {
    output::line(&format!("key id:      {}", public.key_id()))?;
    output::line(&format!("fingerprint: SHA256:{}", public.fingerprint()))?;
    Ok(())
}

pub fn show(args: &KeyShowArgs) -> anyhow::Result<Status> {
    let (public, report) = scelle_core::ops::keys::describe(&args.public_key)?;
    if args.json {
        output::json(&report)?;
    } else {
        output::line(&format!(
            "public key:  {}",
            for_terminal(&args.public_key.display().to_string())
        ))?;
        print_identity(&public)?;
        output::line(&format!(
            "check:       tail -n 1 {} | base64 -d | sha256sum",
            args.public_key.display()
        ))?;
    }
    Ok(Status::Success)
}
