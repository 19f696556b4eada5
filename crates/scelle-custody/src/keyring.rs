use std::path::Path;

use scelle_sign::PublicKey;
use serde::Deserialize;

use crate::Error;

/// A known signer.
#[derive(Clone, Debug)]
pub struct KnownKey {
    /// Who holds it.
    pub name: Option<String>,
    /// In what capacity.
    pub role: Option<String>,
    /// The key.
    pub key: PublicKey,
}

/// The keys whose signatures a verifier accepts, with the people behind them.
#[derive(Clone, Debug, Default)]
pub struct Keyring {
    keys: Vec<KnownKey>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyringEntry {
    name: String,
    role: Option<String>,
    public_key: String,
}

impl Keyring {
    /// Keys without names (from `--pubkey` files).
    pub fn from_public_keys(keys: Vec<PublicKey>) -> Self {
        Self {
            keys: keys
                .into_iter()
                .map(|key| KnownKey {
                    name: None,
                    role: None,
                    key,
                })
                .collect(),
        }
    }

    /// Adds the people of a keyring file: a JSON array of
    /// `{"name": ..., "role": ..., "public_key": "<base64 line of a .pub file>"}`.
    pub fn add_file(&mut self, path: &Path) -> Result<(), Error> {
        let error = |reason: String| Error::Keyring {
            path: path.display().to_string(),
            reason,
        };
        let text = scelle_sign::read_small_file(path).map_err(|e| error(e.to_string()))?;
        let entries: Vec<KeyringEntry> =
            serde_json::from_str(&text).map_err(|e| error(e.to_string()))?;
        for entry in entries {
            let key = PublicKey::parse(&entry.public_key, &entry.name)
                .map_err(|e| error(e.to_string()))?;
            self.keys.push(KnownKey {
                name: Some(entry.name),
                role: entry.role,
                key,
            });
        }
        Ok(())
    }

    /// Whether no key is known (signers cannot be authenticated).
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Every known public key.
    pub fn public_keys(&self) -> impl Iterator<Item = &PublicKey> {
        self.keys.iter().map(|known| &known.key)
    }

    /// The SHA-256 fingerprints of the keys a keyring file names (not
    /// those of bare `--pubkey` files): the keys the checker vouches for.
    pub fn pinned_fingerprints(&self) -> impl Iterator<Item = scelle_hash::Sha256Digest> + '_ {
        self.keys
            .iter()
            .filter(|known| known.name.is_some())
            .map(|known| known.key.fingerprint())
    }

    /// The known key equal to `key`, if any.
    pub fn find(&self, key: &PublicKey) -> Option<&KnownKey> {
        self.keys.iter().find(|known| known.key == *key)
    }
}
