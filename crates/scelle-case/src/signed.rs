//! Who signed a journal or custody entry, as the report must say it: the
//! identity the keyring gives the key that signed, never the `--actor` the
//! signer typed (anyone can type a name; only the key signs). The typed
//! name is shown as declared, and flagged when it is not the keyring's.

use scelle_custody::{SignerStatus, VerifiedEntry};
use scelle_sign::KeyId;
use serde::{Deserialize, Serialize};

use crate::words::Words;

/// The signer of one entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedBy {
    /// The key that signed.
    pub key_id: KeyId,
    /// Whether the keyring knows that key.
    pub signer: SignerStatus,
    /// The keyring's name for it.
    pub name: Option<String>,
    /// The keyring's role for it.
    pub role: Option<String>,
    /// The name the signer declared (`--actor`), unchecked.
    pub declared: Option<String>,
}

impl SignedBy {
    /// The signer of a verified entry.
    pub fn of(verified: &VerifiedEntry) -> Self {
        Self {
            key_id: verified.entry.key_id,
            signer: verified.signer,
            name: verified.signer_name.clone(),
            role: verified.signer_role.clone(),
            declared: verified.entry.actor.clone(),
        }
    }

    /// The declared name is not the keyring's (it neither equals nor
    /// begins with it, case and spacing aside): worth a flag.
    pub fn declared_differs(&self) -> bool {
        let (Some(name), Some(declared)) = (&self.name, &self.declared) else {
            return false;
        };
        let plain = |text: &str| {
            text.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        };
        !plain(declared).starts_with(&plain(name))
    }

    /// The signer in words: the keyring's identity (or that there is
    /// none), then the declared name as declared.
    pub(crate) fn describe(&self, words: &Words) -> String {
        let identity = match (self.signer, &self.name) {
            (SignerStatus::Known, Some(name)) => match &self.role {
                Some(role) => format!("{name}, {role}"),
                None => name.clone(),
            },
            (SignerStatus::Known, None) => format!("{} {}", words.t("key-in-keyring"), self.key_id),
            (SignerStatus::Unknown, _) => format!("{} {}", words.t("key-unknown"), self.key_id),
            (SignerStatus::NotChecked, _) => {
                format!("{} {}", words.t("key-not-checked"), self.key_id)
            }
        };
        match &self.declared {
            Some(declared) if self.declared_differs() => {
                format!(
                    "{identity} — {} « {declared} » ({})",
                    words.t("declared"),
                    words.t("differs")
                )
            }
            Some(declared) if self.name.is_none() => {
                format!("{identity} — {} « {declared} »", words.t("declared"))
            }
            _ => identity,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signed(name: Option<&str>, declared: Option<&str>) -> SignedBy {
        SignedBy {
            key_id: "0123456789ABCDEF".parse().unwrap(),
            signer: if name.is_some() {
                SignerStatus::Known
            } else {
                SignerStatus::NotChecked
            },
            name: name.map(str::to_string),
            role: None,
            declared: declared.map(str::to_string),
        }
    }

    #[test]
    fn a_declared_name_is_checked_against_the_keyrings() {
        assert!(!signed(Some("Jean Dupont"), Some("Jean  Dupont, RSSI")).declared_differs());
        assert!(signed(Some("Me Martin"), Some("Jean Dupont")).declared_differs());
        assert!(!signed(None, Some("Jean Dupont")).declared_differs());
        let words = &Words::for_lang(crate::words::Lang::En);
        let text = signed(Some("Me Martin"), Some("Jean Dupont")).describe(words);
        assert!(text.starts_with("Me Martin — "), "{text}");
        assert!(text.contains("Jean Dupont"), "{text}");
    }
}
