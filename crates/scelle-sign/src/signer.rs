//! What makes a signature: a key file opened by scelle, an ssh-agent, or a
//! PKCS#11 token. Whatever holds the key, the signatures are the same
//! minisign signatures, and each is checked against the public key before
//! it is used, so a misbehaving agent or token cannot make scelle write a
//! signature that does not verify.

use std::io::Read;

use ed25519_dalek::VerifyingKey;
use serde::{Deserialize, Serialize};

use crate::signature::{prehash, Algorithm, SignatureFile};
use crate::{text, Error, KeyId, PublicKey};

/// Where the signing key is kept, as manifests and custody entries record it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum KeySource {
    /// A minisign secret key file, read (and decrypted) by scelle on the
    /// machine that signed.
    File,
    /// An ssh-agent reached through `SSH_AUTH_SOCK` (often forwarded from
    /// the responder's own machine): the key never was on the signing host.
    SshAgent {
        /// The comment the agent gives the key (often `user@laptop`).
        comment: String,
        /// The OpenSSH fingerprint of the key (`SHA256:...`).
        fingerprint: String,
    },
    /// A PKCS#11 token (smart card, USB token, HSM): the key cannot leave it.
    Pkcs11 {
        /// The token's label.
        token_label: String,
        /// The token's serial number.
        token_serial: String,
        /// The token's manufacturer.
        manufacturer: String,
        /// The token's model.
        model: String,
        /// The label of the key object on the token.
        object_label: String,
    },
}

impl KeySource {
    /// One word for trusted comments and terminal lines: `file`,
    /// `ssh-agent`, `pkcs11`.
    pub fn kind(&self) -> &'static str {
        match self {
            KeySource::File => "file",
            KeySource::SshAgent { .. } => "ssh-agent",
            KeySource::Pkcs11 { .. } => "pkcs11",
        }
    }

    /// A short description for people: "key file", "ssh-agent key
    /// user@laptop (SHA256:...)", "PKCS#11 token LABEL (serial ...), key OBJECT".
    pub fn describe(&self) -> String {
        match self {
            KeySource::File => "key file".into(),
            KeySource::SshAgent {
                comment,
                fingerprint,
            } => format!("ssh-agent key {comment:?} (OpenSSH fingerprint {fingerprint})"),
            KeySource::Pkcs11 {
                token_label,
                token_serial,
                manufacturer,
                model,
                object_label,
            } => format!(
                "PKCS#11 token {token_label:?} ({manufacturer} {model}, serial {token_serial}), key {object_label:?}"
            ),
        }
    }
}

/// Something that signs with one Ed25519 key.
pub trait Signer {
    /// The public key of the signing key.
    fn public_key(&self) -> PublicKey;

    /// Where the key is kept.
    fn source(&self) -> KeySource;

    /// A plain Ed25519 signature over `message`, as the key's holder made
    /// it, not yet checked: use [`Signer::sign_bytes`].
    fn sign_unchecked(&self, message: &[u8]) -> Result<[u8; 64], Error>;

    /// The key id.
    fn key_id(&self) -> KeyId {
        self.public_key().key_id()
    }

    /// A plain Ed25519 signature (RFC 8032) over `message`, for records that
    /// are not files (custody log entries), checked against the public key.
    fn sign_bytes(&self, message: &[u8]) -> Result<[u8; 64], Error> {
        let signature = self.sign_unchecked(message)?;
        if !self.public_key().verify_bytes(message, &signature) {
            return Err(Error::SignerMisbehaved {
                signer: self.source().describe(),
            });
        }
        Ok(signature)
    }

    /// Signs everything `reader` yields in minisign's prehashed form ("ED"),
    /// streaming it through BLAKE2b-512 in constant memory.
    ///
    /// `trusted_comment` must be one printable line; it is covered by the
    /// global signature.
    fn sign_reader(
        &self,
        reader: &mut dyn Read,
        trusted_comment: &str,
    ) -> Result<SignatureFile, Error> {
        if !text::is_printable_line(trusted_comment) {
            return Err(Error::UnsafeTrustedComment {
                comment: trusted_comment.to_string(),
            });
        }
        let digest = prehash(reader).map_err(|source| Error::Io {
            path: "file being signed".into(),
            source,
        })?;
        let mut file = SignatureFile {
            untrusted_comment: crate::SIGNATURE_COMMENT.into(),
            algorithm: Algorithm::Prehashed,
            key_id: self.key_id(),
            signature: self.sign_bytes(&digest)?,
            trusted_comment: trusted_comment.to_string(),
            global_signature: [0u8; 64],
        };
        file.global_signature = self.sign_bytes(&file.global_message())?;
        Ok(file)
    }
}

/// The public key of an Ed25519 key held outside a minisign key file (an
/// agent, a token), with its derived key id: the first 8 bytes of the
/// SHA-256 of the 32-byte public key. The same key gets the same id
/// wherever it is held, and anyone can recompute it.
pub fn external_public_key(key: &[u8; 32], origin: &str) -> Result<PublicKey, Error> {
    let verifying = VerifyingKey::from_bytes(key).map_err(|_| {
        text::malformed(
            origin,
            "the 32 key bytes are not a valid Ed25519 public key",
        )
    })?;
    let digest = scelle_hash::Sha256Digest::of(key);
    let key_id = KeyId(digest.as_bytes()[..8].try_into().expect("8 bytes"));
    Ok(PublicKey::new(key_id, verifying))
}

impl<S: Signer + ?Sized> Signer for Box<S> {
    fn public_key(&self) -> PublicKey {
        (**self).public_key()
    }

    fn source(&self) -> KeySource {
        (**self).source()
    }

    fn sign_unchecked(&self, message: &[u8]) -> Result<[u8; 64], Error> {
        (**self).sign_unchecked(message)
    }
}
