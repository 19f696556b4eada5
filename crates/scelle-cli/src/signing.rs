//! Opening the user's secret key (asking for its passphrase only when it is
//! encrypted) and recording outcomes in a custody log with it.

use std::path::Path;

use scelle_core::ops::custody::{self, Signer};
use scelle_custody::Draft;
use scelle_sign::SecretKey;

use crate::cli::{RecordArgs, SignerArgs};
use crate::{output, passphrase};

/// Opens a secret key file.
pub fn open_secret_key(key: &Path, passphrase_file: Option<&Path>) -> anyhow::Result<SecretKey> {
    let file = scelle_sign::SecretKeyFile::load(key)?;
    if !file.is_encrypted() {
        return Ok(file.open(None)?);
    }
    let passphrase = match passphrase_file {
        Some(path) => passphrase::from_file(path)?,
        None => passphrase::ask(&format!("Passphrase for {}: ", key.display()), false)?,
    };
    Ok(file.open(Some(passphrase.as_bytes()))?)
}

/// The signer's key and stated name (default: the login name).
pub fn signer(args: &SignerArgs) -> anyhow::Result<(SecretKey, Option<String>)> {
    let key = open_secret_key(&args.key, args.passphrase.passphrase_file.as_deref())?;
    Ok((key, scelle_core::identity::actor_or_operator(&args.actor)))
}

/// Appends the outcome of verify/extract to the custody log when `--record` was given.
pub fn record(args: &RecordArgs, archive: &Path, draft: Draft) -> anyhow::Result<()> {
    if !args.record {
        return Ok(());
    }
    let key_path = args
        .key
        .as_deref()
        .ok_or_else(|| anyhow::anyhow!("--record needs --key"))?;
    let key = open_secret_key(key_path, args.passphrase_file.as_deref())?;
    let actor = scelle_core::identity::actor_or_operator(&args.actor);
    let log = custody::log_path(args.log.as_deref(), Some(archive))?;
    let signer = Signer {
        key: &key,
        actor: &actor,
    };
    let recorded = custody::append(&log, &signer, draft)?;
    output::lines(&scelle_core::render::recorded(&recorded))?;
    Ok(())
}
