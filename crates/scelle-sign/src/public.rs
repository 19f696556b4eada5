use std::io::Read;

use ed25519_dalek::{Signature, VerifyingKey};
use scelle_hash::Sha256Digest;

use crate::signature::{prehash, Algorithm, SignatureFile, Verified};
use crate::text::{self, UNTRUSTED_PREFIX};
use crate::{Error, KeyId};

/// Signature algorithm tag of minisign key files: Ed25519.
pub(crate) const KEY_ALGORITHM: [u8; 2] = *b"Ed";

/// Bytes of a public key's base64 line: algorithm, key id, key.
pub(crate) const BLOB_LEN: usize = 42;

/// A minisign public key: an Ed25519 key and its key id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicKey {
    key_id: KeyId,
    key: VerifyingKey,
}

impl PublicKey {
    pub(crate) fn new(key_id: KeyId, key: VerifyingKey) -> Self {
        Self { key_id, key }
    }

    /// Parses a public key file; `origin` names it in errors.
    ///
    /// Accepts the full two-line file, or the base64 line alone (as
    /// `minisign -P` takes it on the command line).
    pub fn parse(text: &str, origin: &str) -> Result<Self, Error> {
        let lines = text::lines(text);
        let key_line = match lines.as_slice() {
            [single] if !single.starts_with(UNTRUSTED_PREFIX) => Some(*single),
            [first, rest @ ..] if first.starts_with(UNTRUSTED_PREFIX) => rest.first().copied(),
            [] => return Err(text::malformed(origin, "empty file")),
            _ => {
                return Err(text::malformed(
                    origin,
                    "not a minisign public key (first line must be \"untrusted comment: ...\")",
                ))
            }
        };
        if text::decoded_len(key_line) == crate::secret::BLOB_LEN {
            return Err(Error::SecretKeyGiven {
                origin: origin.to_string(),
            });
        }
        let blob: [u8; BLOB_LEN] = text::decode_exact(key_line, origin, "public key")?;
        Self::from_blob(&blob, origin)
    }

    /// Reads and parses a public key file.
    pub fn load(path: &std::path::Path) -> Result<Self, Error> {
        Self::parse(&crate::read_small_file(path)?, &path.display().to_string())
    }

    fn from_blob(blob: &[u8; 42], origin: &str) -> Result<Self, Error> {
        if blob[..2] != KEY_ALGORITHM {
            return Err(Error::UnknownAlgorithm {
                origin: origin.to_string(),
                found: String::from_utf8_lossy(&blob[..2]).into_owned(),
            });
        }
        let key_id = KeyId(blob[2..10].try_into().expect("8 bytes"));
        let key_bytes: [u8; 32] = blob[10..].try_into().expect("32 bytes");
        let key = VerifyingKey::from_bytes(&key_bytes).map_err(|_| {
            text::malformed(
                origin,
                "the 32 key bytes are not a valid Ed25519 public key",
            )
        })?;
        Ok(Self { key_id, key })
    }

    /// The key id.
    pub fn key_id(&self) -> KeyId {
        self.key_id
    }

    /// `"Ed"` ‖ key id ‖ key: the bytes of the file's base64 line.
    pub fn to_blob(&self) -> [u8; 42] {
        let mut blob = [0u8; 42];
        blob[..2].copy_from_slice(&KEY_ALGORITHM);
        blob[2..10].copy_from_slice(&self.key_id.0);
        blob[10..].copy_from_slice(self.key.as_bytes());
        blob
    }

    /// SHA-256 of the decoded public-key line, i.e. of
    /// `tail -n 1 KEY.pub | base64 -d`: checkable with standard tools.
    pub fn fingerprint(&self) -> Sha256Digest {
        Sha256Digest::of(&self.to_blob())
    }

    /// Checks a plain Ed25519 signature made by [`crate::Signer::sign_bytes`].
    pub fn verify_bytes(&self, message: &[u8], signature: &[u8; 64]) -> bool {
        self.key
            .verify_strict(message, &Signature::from_bytes(signature))
            .is_ok()
    }

    /// The base64 line of the public key file (what `minisign -P` takes).
    pub fn to_base64(&self) -> String {
        text::encode(&self.to_blob())
    }

    /// The public key file, as minisign writes it.
    pub fn to_file_text(&self) -> String {
        format!(
            "{UNTRUSTED_PREFIX}minisign public key {}\n{}\n",
            self.key_id,
            self.to_base64()
        )
    }

    /// Checks `signature` over everything `signed` yields, then the global
    /// signature over the trusted comment. Prehashed signatures are checked in
    /// constant memory; legacy ones need the whole file in memory, as in minisign.
    pub fn verify_reader(
        &self,
        signature: &SignatureFile,
        mut signed: impl Read,
        origin: &str,
    ) -> Result<Verified, Error> {
        let io_error = |source| Error::Io {
            path: origin.to_string(),
            source,
        };
        match signature.algorithm {
            Algorithm::Prehashed => {
                let digest = prehash(&mut signed).map_err(io_error)?;
                self.verify_message(signature, &digest, origin)
            }
            Algorithm::Legacy => {
                let mut whole = Vec::new();
                signed.read_to_end(&mut whole).map_err(io_error)?;
                self.verify_message(signature, &whole, origin)
            }
        }
    }

    /// Checks a prehashed ("ED") signature given the BLAKE2b-512 digest of the
    /// signed file (see [`crate::Prehasher`]), for callers that see the file
    /// once, as a stream, before its signature.
    pub fn verify_prehash(
        &self,
        signature: &SignatureFile,
        digest: &[u8; 64],
        origin: &str,
    ) -> Result<Verified, Error> {
        if signature.algorithm != Algorithm::Prehashed {
            return Err(Error::UnknownAlgorithm {
                origin: origin.to_string(),
                found: "Ed (legacy form, where a prehashed \"ED\" signature is required)".into(),
            });
        }
        self.verify_message(signature, digest, origin)
    }

    fn verify_message(
        &self,
        signature: &SignatureFile,
        message: &[u8],
        origin: &str,
    ) -> Result<Verified, Error> {
        if signature.key_id != self.key_id {
            return Err(Error::KeyMismatch {
                origin: origin.to_string(),
                expected: self.key_id,
                found: signature.key_id,
            });
        }
        self.key
            .verify_strict(message, &Signature::from_bytes(&signature.signature))
            .map_err(|_| Error::BadSignature {
                origin: origin.to_string(),
            })?;
        self.key
            .verify_strict(
                &signature.global_message(),
                &Signature::from_bytes(&signature.global_signature),
            )
            .map_err(|_| Error::BadTrustedComment {
                origin: origin.to_string(),
            })?;
        Ok(Verified {
            key_id: self.key_id,
            algorithm: signature.algorithm,
            trusted_comment: signature.trusted_comment.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Signer;

    // Made by `minisign -G -W` (0.11).
    const MINISIGN_PUB: &str = "untrusted comment: minisign public key E10114AABB117C68\n\
        RWRofBG7qhQB4cnFBDdBDcfK/55snIL9xTqpL1WoyNFlsntMIVnZDsnW\n";

    #[test]
    fn parses_a_minisign_public_key_and_round_trips() {
        let key = PublicKey::parse(MINISIGN_PUB, "t.pub").unwrap();
        assert_eq!(key.key_id().to_string(), "E10114AABB117C68");
        assert_eq!(key.to_file_text(), MINISIGN_PUB);
    }

    #[test]
    fn accepts_the_bare_base64_line() {
        let key = PublicKey::parse(
            "RWRofBG7qhQB4cnFBDdBDcfK/55snIL9xTqpL1WoyNFlsntMIVnZDsnW",
            "-P",
        )
        .unwrap();
        assert_eq!(key.key_id().to_string(), "E10114AABB117C68");
    }

    #[test]
    fn truncated_and_corrupt_keys_say_why() {
        let truncated = "untrusted comment: minisign public key\n";
        let error = PublicKey::parse(truncated, "t.pub")
            .unwrap_err()
            .to_string();
        assert!(
            error.starts_with("t.pub: public key line missing"),
            "{error}"
        );

        let short = "untrusted comment: x\nRWRofBG7qhQB4cnFBDdB\n";
        let error = PublicKey::parse(short, "t.pub").unwrap_err().to_string();
        assert!(error.contains("holds 15 bytes, expected 42"), "{error}");

        let not_base64 = "untrusted comment: x\n!!!!\n";
        let error = PublicKey::parse(not_base64, "t.pub")
            .unwrap_err()
            .to_string();
        assert!(error.contains("not valid base64"), "{error}");
    }

    #[test]
    fn unknown_algorithm_is_named() {
        let mut blob = PublicKey::parse(MINISIGN_PUB, "t").unwrap().to_blob();
        blob[..2].copy_from_slice(b"XY");
        let text = format!("untrusted comment: x\n{}\n", text::encode(&blob));
        let error = PublicKey::parse(&text, "t.pub").unwrap_err();
        assert!(matches!(error, Error::UnknownAlgorithm { ref found, .. } if found == "XY"));
    }

    #[test]
    fn plain_signatures_round_trip() {
        let secret = crate::SecretKey::generate().unwrap();
        let signature = secret.sign_bytes(b"entry").unwrap();
        assert!(secret.public_key().verify_bytes(b"entry", &signature));
        assert!(!secret.public_key().verify_bytes(b"entrY", &signature));
    }

    #[test]
    fn fingerprint_is_sha256_of_the_decoded_line() {
        let key = PublicKey::parse(MINISIGN_PUB, "t.pub").unwrap();
        assert_eq!(key.fingerprint(), Sha256Digest::of(&key.to_blob()));
    }
}
