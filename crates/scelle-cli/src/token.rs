//! `--key pkcs11:...`: a key on a PKCS#11 token, and its PIN.

use std::path::Path;

use scelle_sign::pkcs11::{Pkcs11Uri, TokenSigner};

use crate::passphrase::{self, Passphrase};
use crate::signing::{probe, KeySigner};

/// Opens the token key `uri` names and checks that it signs.
pub fn open(uri: &str, pin_file: Option<&Path>) -> anyhow::Result<KeySigner> {
    let uri = Pkcs11Uri::parse(uri)?;
    let pin = pin(&uri, pin_file)?;
    let signer = TokenSigner::open(&uri, &pin)?;
    probe(&signer)?;
    Ok(Box::new(signer))
}

/// The token's PIN: the URI's `pin-source` file (or `pin-value`), else
/// `--passphrase-file`, else asked on the terminal.
pub fn pin(uri: &Pkcs11Uri, pin_file: Option<&Path>) -> anyhow::Result<Passphrase> {
    if let Some(source) = &uri.pin_source {
        let path = source.strip_prefix("file:").unwrap_or(source);
        return passphrase::from_file(Path::new(path));
    }
    if let Some(value) = &uri.pin_value {
        return Ok(Passphrase::new(value.clone()));
    }
    match pin_file {
        Some(path) => passphrase::from_file(path),
        None => {
            let token = uri.token.as_deref().unwrap_or("the token");
            passphrase::ask(&format!("PIN for {token}: "), false)
        }
    }
}
