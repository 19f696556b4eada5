//! The signer `--key` names (opened by the workflow layer, with passphrases
//! and PINs from `--passphrase-file` or the terminal), and recording
//! outcomes in a custody log with it.

use std::path::{Path, PathBuf};

use scelle_core::ops::custody::{self, Signer};
use scelle_core::ops::signer::{self as key_signer, KeySigner, Secrets};
use scelle_custody::Draft;
use zeroize::Zeroizing;

use crate::cli::{RecordArgs, SignerArgs};
use crate::{output, passphrase};

/// Passphrases and PINs: from `--passphrase-file` when given, else asked.
pub struct FromFileOrTerminal(pub Option<PathBuf>);

fn refused(error: anyhow::Error) -> scelle_core::Error {
    scelle_core::Error::refused(format!("{error:#}"))
}

impl Secrets for FromFileOrTerminal {
    fn passphrase(&self, key: &Path) -> Result<Zeroizing<String>, scelle_core::Error> {
        match &self.0 {
            Some(path) => passphrase::from_file(path),
            None => passphrase::ask(&format!("Passphrase for {}: ", key.display()), false),
        }
        .map_err(refused)
    }

    fn pin(&self, token: &str) -> Result<Zeroizing<String>, scelle_core::Error> {
        match &self.0 {
            Some(path) => passphrase::from_file(path),
            None => passphrase::ask(&format!("PIN for {token}: "), false),
        }
        .map_err(refused)
    }

    fn pin_from_file(&self, path: &Path) -> Result<Zeroizing<String>, scelle_core::Error> {
        passphrase::from_file(path).map_err(refused)
    }
}

/// Opens the signer `key` names.
pub fn open_signer(key: &Path, passphrase_file: Option<&Path>) -> anyhow::Result<KeySigner> {
    let secrets = FromFileOrTerminal(passphrase_file.map(Path::to_path_buf));
    key_signer::open(key, &secrets)
        .map_err(|error| scelle_core::Error::given("--key", error).into())
}

/// The signer and stated name (default: the login name).
pub fn signer(args: &SignerArgs) -> anyhow::Result<(KeySigner, Option<String>)> {
    let key = open_signer(&args.key, args.passphrase.passphrase_file.as_deref())?;
    Ok((key, scelle_core::identity::actor_or_operator(&args.actor)))
}

/// Appends the outcome of verify/extract to the custody log when `--record` was given.
pub fn record(
    args: &RecordArgs,
    archive: &Path,
    draft: Draft,
    lang: scelle_l10n::Lang,
) -> anyhow::Result<()> {
    if !args.record {
        return Ok(());
    }
    let key_path = args
        .key
        .as_deref()
        .ok_or_else(|| anyhow::anyhow!("--record needs --key"))?;
    let key = open_signer(key_path, args.passphrase_file.as_deref())?;
    let actor = scelle_core::identity::actor_or_operator(&args.actor);
    let log = custody::log_path(args.log.as_deref(), Some(archive))?;
    let signer = Signer {
        key: key.as_ref(),
        actor: &actor,
    };
    let recorded = custody::append(&log, &signer, draft)?;
    output::lines(&scelle_core::render::recorded(&recorded, lang))?;
    Ok(())
}
