//! Opening the signer a `--key` names, for every front end: a minisign
//! secret key file, an ssh-agent key (`ssh-agent:[FINGERPRINT|KEY-ID|COMMENT]`,
//! `agent:` for short) or a key on a PKCS#11 token (`pkcs11:URI`). The front
//! end supplies passphrases and PINs ([`Secrets`]); agents and tokens are
//! asked for one signature at once, so that one that will not sign stops
//! the command before it does anything.

use std::path::Path;

use scelle_sign::agent::{self, AgentSigner};
use scelle_sign::pkcs11::{Pkcs11Uri, TokenSigner};
use scelle_sign::Signer;
use zeroize::Zeroizing;

use crate::error::{Context, Result};

/// What signs, whichever holds the key.
pub type KeySigner = Box<dyn Signer>;

/// Where passphrases and PINs come from: a file, a prompt (the front end's).
pub trait Secrets {
    /// The passphrase of the encrypted key file `key`.
    fn passphrase(&self, key: &Path) -> Result<Zeroizing<String>>;
    /// The PIN of the token labelled `token` (when no `pin-source` or
    /// `pin-value` in the URI says it).
    fn pin(&self, token: &str) -> Result<Zeroizing<String>>;
    /// The PIN in the file `path` (a URI's `pin-source`).
    fn pin_from_file(&self, path: &Path) -> Result<Zeroizing<String>>;
}

/// Opens the signer `key` names.
pub fn open(key: &Path, secrets: &dyn Secrets) -> Result<KeySigner> {
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
        let uri = Pkcs11Uri::parse(&spec)?;
        let pin = token_pin(&uri, secrets)?;
        let signer = TokenSigner::open(&uri, &pin)?;
        probe(&signer)?;
        return Ok(Box::new(signer));
    }
    let file = scelle_sign::SecretKeyFile::load(key)?;
    if !file.is_encrypted() {
        return Ok(Box::new(file.open(None)?));
    }
    let passphrase = secrets.passphrase(key)?;
    Ok(Box::new(file.open(Some(passphrase.as_bytes()))?))
}

/// The PIN of the token `uri` names: its `pin-source` file, its
/// `pin-value`, or what the front end gives.
pub fn token_pin(uri: &Pkcs11Uri, secrets: &dyn Secrets) -> Result<Zeroizing<String>> {
    if let Some(source) = &uri.pin_source {
        let path = source.strip_prefix("file:").unwrap_or(source);
        return secrets.pin_from_file(Path::new(path));
    }
    if let Some(value) = &uri.pin_value {
        return Ok(Zeroizing::new(value.clone()));
    }
    secrets.pin(uri.token.as_deref().unwrap_or("the token"))
}

/// One signature now: an agent that will not sign (a confirmation
/// declined, a key locked) stops the command before an acquisition of
/// hours, not after it.
fn probe(signer: &dyn Signer) -> Result<()> {
    signer
        .sign_bytes(b"scelle: checking that this key signs")
        .context("the key does not sign; nothing was done")?;
    Ok(())
}
