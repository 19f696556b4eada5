//! `scelle key generate`, `scelle key show` and `scelle key export`.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use anyhow::bail;
use scelle_sign::{PublicKey, ScryptCost, SecretKey, Signer as _};

use crate::cli::{KeyExportArgs, KeyGenerateArgs, KeyShowArgs};
use crate::exit::Status;
use scelle_core::files::write_new_file;
use scelle_core::text::for_terminal;

use crate::{output, passphrase};
use scelle_l10n::{arg, Lang};

/// `PREFIX` + `suffix`, keeping non-UTF-8 prefixes intact.
fn with_suffix(prefix: &Path, suffix: &str) -> PathBuf {
    let mut name = OsString::from(prefix.as_os_str());
    name.push(suffix);
    PathBuf::from(name)
}

pub fn generate(args: &KeyGenerateArgs, lang: Lang) -> anyhow::Result<Status> {
    let secret_path = with_suffix(&args.out, ".key");
    let public_path = with_suffix(&args.out, ".pub");
    if let Some(uri) = &args.pkcs11 {
        return generate_on_token(args, uri, &public_path, lang);
    }
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
            None => passphrase::ask(&lang.text("key-passphrase-new"), true)?,
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
    let id = if args.no_password {
        "key-secret-clear"
    } else {
        "key-secret"
    };
    output::line(&lang.format(id, &[path_arg(&secret_path)]))?;
    output::line(&lang.format("key-public", &[path_arg(&public_path)]))?;
    print_identity(&public, lang)?;
    Ok(Status::Success)
}

/// `key generate --pkcs11 URI`: the pair made on the token, its public key written.
fn generate_on_token(
    args: &KeyGenerateArgs,
    uri: &str,
    public_path: &Path,
    lang: Lang,
) -> anyhow::Result<Status> {
    if public_path.symlink_metadata().is_ok() {
        bail!(
            "{} already exists; refusing to overwrite a key (choose another --out)",
            public_path.display()
        );
    }
    let uri = scelle_sign::pkcs11::Pkcs11Uri::parse(uri)?;
    let secrets = crate::signing::FromFileOrTerminal(args.passphrase.passphrase_file.clone());
    let pin = scelle_core::ops::signer::token_pin(&uri, &secrets)?;
    let public = scelle_sign::pkcs11::TokenSigner::generate(&uri, &pin)?;
    let mut text = public.to_file_text();
    let first_newline = text.find('\n').expect("two lines");
    let label = uri.object.clone().unwrap_or_default();
    let token = uri.token.clone().unwrap_or_default();
    let mut comment = format!(", PKCS#11 token {token:?} key {label:?}");
    if let Some(extra) = &args.comment {
        comment.push_str(&format!(", {extra}"));
    }
    text.insert_str(first_newline, &comment.replace(char::is_control, " "));
    write_new_file(public_path, &text, 0o644)?;
    output::line(&lang.format("key-on-token", &[arg("token", for_terminal(&comment[2..]))]))?;
    output::line(&lang.format("key-public", &[path_arg(public_path)]))?;
    print_identity(&public, lang)?;
    Ok(Status::Success)
}

fn print_identity(public: &PublicKey, lang: Lang) -> anyhow::Result<()> {
    output::line(&lang.format("key-id", &[arg("id", public.key_id().to_string())]))?;
    output::line(&lang.format(
        "key-fingerprint",
        &[arg("fingerprint", public.fingerprint().to_string())],
    ))?;
    Ok(())
}

/// A path as a catalogue argument, safe for the terminal.
fn path_arg(path: &Path) -> (&'static str, scelle_l10n::FluentValue<'static>) {
    arg("path", for_terminal(&path.display().to_string()))
}

pub fn show(args: &KeyShowArgs, lang: Lang) -> anyhow::Result<Status> {
    let (public, report) = scelle_core::ops::keys::describe(&args.public_key)?;
    if args.json {
        output::json(&report)?;
    } else {
        output::line(&lang.format("key-public", &[path_arg(&args.public_key)]))?;
        print_identity(&public, lang)?;
        output::line(&lang.format("key-check", &[path_arg(&args.public_key)]))?;
    }
    Ok(Status::Success)
}

/// The public key file of any signer, its untrusted comment saying where
/// the key is kept.
pub fn export(args: &KeyExportArgs, lang: Lang) -> anyhow::Result<Status> {
    let signer =
        crate::signing::open_signer(&args.key, args.passphrase.passphrase_file.as_deref())?;
    let public = signer.public_key();
    let mut text = public.to_file_text();
    let first_newline = text.find('\n').expect("two lines");
    let held = signer.source().describe();
    text.insert_str(
        first_newline,
        &format!(", {}", held.replace(char::is_control, " ")),
    );
    write_new_file(&args.out, &text, 0o644)?;
    output::line(&lang.format(
        "key-public-held",
        &[path_arg(&args.out), arg("held", for_terminal(&held))],
    ))?;
    print_identity(&public, lang)?;
    Ok(Status::Success)
}
