//! `scelle demo`: shows the whole job on a scene it builds itself.

use std::fs;
use std::path::Path;

use anyhow::Context;
use scelle_sign::{ScryptCost, SecretKey, SignatureFile};

use crate::exit::Status;
use crate::output;

pub fn run() -> anyhow::Result<Status> {
    let dir = tempfile::Builder::new()
        .prefix("scelle-demo-")
        .tempdir()
        .context("cannot create a demo directory")?
        .keep();
    output::line(&format!("demo directory: {}", dir.display()))?;

    let secret = SecretKey::generate()?;
    let public = secret.public_key();
    super::key::write_new_file(
        &dir.join("demo.key"),
        &secret.to_file_text(None, ScryptCost::MINISIGN_DEFAULT)?,
        0o600,
    )?;
    super::key::write_new_file(&dir.join("demo.pub"), &public.to_file_text(), 0o644)?;
    output::line(&format!(
        "1. throwaway key pair: demo.key / demo.pub, key id {}",
        public.key_id()
    ))?;
    output::line(&format!("   fingerprint SHA256:{}", public.fingerprint()))?;

    let evidence = dir.join("access.log");
    fs::write(&evidence, "203.0.113.66 - - [20/Nov/2026:03:12:44 +0000] \"POST /uploads/shell.php HTTP/1.1\" 200 31\n")?;
    let signature =
        secret.sign_reader(fs::File::open(&evidence)?, "evidence:demo file:access.log")?;
    super::key::write_new_file(
        &dir.join("access.log.minisig"),
        &signature.to_file_text(),
        0o644,
    )?;
    output::line("2. signed access.log -> access.log.minisig")?;

    check(&public, &evidence, "3. verify the original")?;
    let mut bytes = fs::read(&evidence)?;
    bytes[0] ^= 0x01;
    let tampered = dir.join("access.log.tampered");
    fs::write(&tampered, bytes)?;
    fs::copy(
        dir.join("access.log.minisig"),
        dir.join("access.log.tampered.minisig"),
    )?;
    let caught = !check(&public, &tampered, "4. verify a copy with one flipped bit")?;
    output::line(&format!(
        "   check it without scelle: minisign -Vm {} -p {}",
        evidence.display(),
        dir.join("demo.pub").display()
    ))?;
    Ok(if caught {
        Status::Success
    } else {
        Status::Failed
    })
}

/// Verifies `file` against its `.minisig` and says what happened.
fn check(public: &scelle_sign::PublicKey, file: &Path, step: &str) -> anyhow::Result<bool> {
    let signature_path = file.with_file_name(format!(
        "{}.minisig",
        file.file_name().unwrap_or_default().to_string_lossy()
    ));
    let signature = SignatureFile::load(&signature_path)?;
    let verdict = public.verify_reader(
        &signature,
        fs::File::open(file)?,
        &signature_path.display().to_string(),
    );
    match &verdict {
        Ok(_) => output::line(&format!("{step}: INTACT"))?,
        Err(error) => output::line(&format!("{step}: TAMPERING DETECTED ({error})"))?,
    }
    Ok(verdict.is_ok())
}
