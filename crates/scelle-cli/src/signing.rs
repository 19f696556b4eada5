//! Opening the signer `--key` names — a minisign secret key file (asking for
//! its passphrase only when it is encrypted), an ssh-agent key
//! (`ssh-agent:[FINGERPRINT|KEY-ID|COMMENT]`) or a PKCS#11 token key
//! (`pkcs11:token=...;object=...`) — and recording outcomes in a custody
//! log with it.

use std::path::Path;

use scelle_core::ops::custody::{self, Signer};
use scelle_custody::Draft;
use scelle_sign::agent::{self, AgentSigner};

use crate::cli::{RecordArgs, SignerArgs};
use crate::{output, passphrase};

/// What signs: boxed, whichever holds the key.
pub type KeySigner = Box<dyn scelle_sign::Signer>;

/// Opens the signer `key` names. An agent or a token is asked for the key
/// now, so that a missing agent, an absent token or a wrong PIN stops the
/// command before it does anything.
pub fn open_signer(key: &Path, passphrase_file: Option<&Path>) -> anyhow::Result<KeySigner> {
    let spec = key.to_string_lossy();
    if let Some(selector) = spec
        .strip_prefix("ssh-agent:")
        .or_else(|| spec.strip_prefix("agent:"))
        .or((spec == "ssh-agent").then_some(""))
    {
        let socket = agent::socket_from_environment()?;
        let selector = (!selector.is_empty()).then_some(selector);
        let signer = AgentSigner::connect(&socket, selector)?;
        probe(&signer)?;
        return Ok(Box::new(signer));
    }
    if spec.starts_with("pkcs11:") {
        return crate::token::open(&spec, passphrase_file);
    }
    let file = scelle_sign::SecretKeyFile::load(key)?;
    if !file.is_encrypted() {
        return Ok(Box::new(file.open(None)?));
    }
    let passphrase = match passphrase_file {
        Some(path) => passphrase::from_file(path)?,
        None => passphrase::ask(&format!("Passphrase for {}: ", key.display()), false)?,
    };
    Ok(Box::new(file.open(Some(passphrase.as_bytes()))?))
}

/// One signature now, so that an agent that will not sign (a confirmation
/// declined, a key locked) stops the command before an acquisition of
/// hours, not after it.
pub fn probe(signer: &dyn scelle_sign::Signer) -> anyhow::Result<()> {
    use anyhow::Context;
    signer
        .sign_bytes(b"scelle: checking that this key signs")
        .context("the key does not sign; nothing was done")?;
    Ok(())
}

/// The signer and stated name (default: the login name).
pub fn signer(args: &SignerArgs) -> anyhow::Result<(KeySigner, Option<String>)> {
    let key = open_signer(&args.key, args.passphrase.passphrase_file.as_deref())?;
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
    let key = open_signer(key_path, args.passphrase_file.as_deref())?;
    let actor = scelle_core::identity::actor_or_operator(&args.actor);
    let log = custody::log_path(args.log.as_deref(), Some(archive))?;
    let signer = Signer {
        key: key.as_ref(),
        actor: &actor,
    };
    let recorded = custody::append(&log, &signer, draft)?;
    output::lines(&scelle_core::render::recorded(&recorded))?;
    Ok(())
}
