//! Where secret-key passphrases come from: a file (automation) or the terminal.

use std::path::Path;

use anyhow::{bail, Context};
use zeroize::Zeroizing;

/// A passphrase, wiped from memory when dropped.
pub type Passphrase = Zeroizing<String>;

/// The first line of `path`, without its line ending.
pub fn from_file(path: &Path) -> anyhow::Result<Passphrase> {
    let text = Zeroizing::new(
        std::fs::read_to_string(path)
            .with_context(|| format!("cannot read passphrase file {}", path.display()))?,
    );
    let first = text.lines().next().unwrap_or("");
    if first.is_empty() {
        bail!("passphrase file {} is empty", path.display());
    }
    Ok(Zeroizing::new(first.to_string()))
}

/// Asks on the terminal once (or twice, to confirm a new passphrase).
pub fn ask(prompt: &str, confirm: bool) -> anyhow::Result<Passphrase> {
    let read = |prompt: &str| -> anyhow::Result<Passphrase> {
        rpassword::prompt_password(prompt)
            .map(Zeroizing::new)
            .context("no terminal to ask for the passphrase; use --passphrase-file FILE (or --no-password when generating a key for automation)")
    };
    let first = read(prompt)?;
    if first.is_empty() {
        bail!("empty passphrase refused; use --no-password to store the key unencrypted");
    }
    if confirm {
        let second = read("Passphrase (again): ")?;
        if *first != *second {
            bail!("the two passphrases differ; nothing was written");
        }
    }
    Ok(first)
}
