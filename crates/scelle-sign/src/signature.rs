use std::io::{self, Read};

use blake2::{Blake2b512, Digest};

use crate::text::{self, TRUSTED_PREFIX, UNTRUSTED_PREFIX};
use crate::{Error, KeyId};

/// Which message an Ed25519 signature covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Algorithm {
    /// "ED": the BLAKE2b-512 digest of the file (minisign's default since 0.10).
    Prehashed,
    /// "Ed": the file itself (older minisign versions).
    Legacy,
}

impl Algorithm {
    fn tag(self) -> [u8; 2] {
        match self {
            Algorithm::Prehashed => *b"ED",
            Algorithm::Legacy => *b"Ed",
        }
    }
}

/// A `.minisig` file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignatureFile {
    /// Free text, not covered by any signature.
    pub untrusted_comment: String,
    /// What the signature covers.
    pub algorithm: Algorithm,
    /// The id of the key that signed.
    pub key_id: KeyId,
    /// Ed25519 signature over the file (or its prehash).
    pub signature: [u8; 64],
    /// Text covered by the global signature.
    pub trusted_comment: String,
    /// Ed25519 signature over `signature ‖ trusted_comment`.
    pub global_signature: [u8; 64],
}

/// What a successful verification established.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verified {
    /// The signer's key id.
    pub key_id: KeyId,
    /// The signature form that was checked.
    pub algorithm: Algorithm,
    /// The trusted comment, now known to be the signer's words.
    pub trusted_comment: String,
}

impl SignatureFile {
    /// Parses a `.minisig` file; `origin` names it in errors.
    pub fn parse(text: &str, origin: &str) -> Result<Self, Error> {
        let lines = text::lines(text);
        let untrusted = text::after_prefix(
            lines.first().copied(),
            UNTRUSTED_PREFIX,
            origin,
            "untrusted comment",
        )?;
        let blob: [u8; 74] = text::decode_exact(lines.get(1).copied(), origin, "signature")?;
        let algorithm = match &blob[..2] {
            b"ED" => Algorithm::Prehashed,
            b"Ed" => Algorithm::Legacy,
            other => {
                return Err(Error::UnknownAlgorithm {
                    origin: origin.to_string(),
                    found: String::from_utf8_lossy(other).into_owned(),
                })
            }
        };
        let trusted = text::after_prefix(
            lines.get(2).copied(),
            TRUSTED_PREFIX,
            origin,
            "trusted comment",
        )?;
        let global_signature: [u8; 64] =
            text::decode_exact(lines.get(3).copied(), origin, "global signature")?;
        if lines.len() > 4 && lines[4..].iter().any(|line| !line.trim().is_empty()) {
            return Err(text::malformed(
                origin,
                "unexpected text after the global signature",
            ));
        }
        Ok(Self {
            untrusted_comment: untrusted.to_string(),
            algorithm,
            key_id: KeyId(blob[2..10].try_into().expect("8 bytes")),
            signature: blob[10..].try_into().expect("64 bytes"),
            trusted_comment: trusted.to_string(),
            global_signature,
        })
    }

    /// Reads and parses a `.minisig` file.
    pub fn load(path: &std::path::Path) -> Result<Self, Error> {
        Self::parse(&crate::read_small_file(path)?, &path.display().to_string())
    }

    /// The `.minisig` file text.
    pub fn to_file_text(&self) -> String {
        let mut blob = [0u8; 74];
        blob[..2].copy_from_slice(&self.algorithm.tag());
        blob[2..10].copy_from_slice(&self.key_id.0);
        blob[10..].copy_from_slice(&self.signature);
        format!(
            "{UNTRUSTED_PREFIX}{}\n{}\n{TRUSTED_PREFIX}{}\n{}\n",
            self.untrusted_comment,
            text::encode(&blob),
            self.trusted_comment,
            text::encode(&self.global_signature)
        )
    }

    /// The bytes the global signature covers.
    pub(crate) fn global_message(&self) -> Vec<u8> {
        let mut message = self.signature.to_vec();
        message.extend_from_slice(self.trusted_comment.as_bytes());
        message
    }
}

/// minisign's prehash (BLAKE2b-512), computed incrementally.
#[derive(Clone, Default)]
pub struct Prehasher(Blake2b512);

impl Prehasher {
    /// Starts an empty hash.
    pub fn new() -> Self {
        Self::default()
    }

    /// Feeds more of the signed file.
    pub fn update(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    /// The digest a prehashed signature covers.
    pub fn finish(self) -> [u8; 64] {
        self.0.finalize().into()
    }
}

impl std::fmt::Debug for Prehasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Prehasher")
    }
}

/// BLAKE2b-512 of everything `reader` yields, in 64 KiB steps.
pub(crate) fn prehash(reader: &mut (impl Read + ?Sized)) -> io::Result<[u8; 64]> {
    let mut hasher = Prehasher::new();
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        match reader.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => hasher.update(&buffer[..n]),
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        }
    }
    Ok(hasher.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{PublicKey, SecretKeyFile, Signer};

    // A key and signatures made by minisign 0.11 (`-G -W`, then `-S` on "hello\n").
    const KEY: &str = "untrusted comment: minisign encrypted secret key\n\
RWQAAEIyAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAaHwRu6oUAeF+4+vzu9yV9DVxQaPrMDsSJzyEOxQg1DyIBVGGUw6OEcnFBDdBDcfK/55snIL9xTqpL1WoyNFlsntMIVnZDsnWAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n";
    const PUB: &str = "untrusted comment: minisign public key E10114AABB117C68\n\
RWRofBG7qhQB4cnFBDdBDcfK/55snIL9xTqpL1WoyNFlsntMIVnZDsnW\n";
    const SIG: &str = "untrusted comment: signature from minisign secret key\n\
RURofBG7qhQB4WYpFF7VoDcW4EnmFYoSDSe6TBRFdULy3OYmbX2ciXJzQ12x7vtoZ29t11P7Ol8tXuz/OZOz8JTq3Tcw/88eVwE=\n\
trusted comment: timestamp:1795598389\tfile:f\thashed\n\
33WUOcaLLb/6jwwbnddBmN4V/7Oor7cQnFEIjwoBP0hIaUjHe1jUztSY6GVEe8BB495AwoCfMr8KDI9L6dOXBg==\n";

    #[test]
    fn verifies_a_signature_made_by_minisign() {
        let public = PublicKey::parse(PUB, "t.pub").unwrap();
        let signature = SignatureFile::parse(SIG, "f.minisig").unwrap();
        let verified = public
            .verify_reader(&signature, &b"hello\n"[..], "f.minisig")
            .unwrap();
        assert_eq!(verified.algorithm, Algorithm::Prehashed);
        assert_eq!(
            verified.trusted_comment,
            "timestamp:1795598389\tfile:f\thashed"
        );
    }

    #[test]
    fn changed_file_fails() {
        let public = PublicKey::parse(PUB, "t.pub").unwrap();
        let signature = SignatureFile::parse(SIG, "f.minisig").unwrap();
        let error = public
            .verify_reader(&signature, &b"hellO\n"[..], "f.minisig")
            .unwrap_err();
        assert!(matches!(error, Error::BadSignature { .. }));
        assert!(error.is_invalid_signature());
    }

    #[test]
    fn altered_trusted_comment_fails() {
        let public = PublicKey::parse(PUB, "t.pub").unwrap();
        let mut signature = SignatureFile::parse(SIG, "f.minisig").unwrap();
        signature.trusted_comment = "timestamp:1795598389\tfile:g\thashed".into();
        let error = public
            .verify_reader(&signature, &b"hello\n"[..], "f.minisig")
            .unwrap_err();
        assert!(matches!(error, Error::BadTrustedComment { .. }));
    }

    #[test]
    fn other_key_is_named() {
        let other = crate::SecretKey::generate().unwrap().public_key();
        let signature = SignatureFile::parse(SIG, "f.minisig").unwrap();
        let error = other
            .verify_reader(&signature, &b"hello\n"[..], "f.minisig")
            .unwrap_err();
        assert!(
            error.to_string().contains("signed by key E10114AABB117C68"),
            "{error}"
        );
    }

    #[test]
    fn legacy_signatures_verify() {
        use ed25519_dalek::{Signer, SigningKey};
        let secret = SecretKeyFile::parse(KEY, "t.key")
            .unwrap()
            .open(None)
            .unwrap();
        let mut keypair = [0u8; 64];
        let blob = {
            use base64::Engine;
            base64::engine::general_purpose::STANDARD
                .decode(KEY.lines().nth(1).unwrap())
                .unwrap()
        };
        keypair.copy_from_slice(&blob[62..126]);
        let signing = SigningKey::from_keypair_bytes(&keypair).unwrap();
        let mut file = SignatureFile {
            untrusted_comment: "legacy".into(),
            algorithm: Algorithm::Legacy,
            key_id: secret.key_id(),
            signature: signing.sign(b"hello\n").to_bytes(),
            trusted_comment: "old".into(),
            global_signature: [0; 64],
        };
        file.global_signature = signing.sign(&file.global_message()).to_bytes();
        let reparsed = SignatureFile::parse(&file.to_file_text(), "l.minisig").unwrap();
        let verified = secret
            .public_key()
            .verify_reader(&reparsed, &b"hello\n"[..], "l.minisig")
            .unwrap();
        assert_eq!(verified.algorithm, Algorithm::Legacy);
    }

    #[test]
    fn truncated_signature_files_are_malformed() {
        let two_lines: String = SIG.lines().take(2).map(|l| format!("{l}\n")).collect();
        let error = SignatureFile::parse(&two_lines, "f.minisig")
            .unwrap_err()
            .to_string();
        assert!(error.contains("trusted comment line missing"), "{error}");
        let three_lines: String = SIG.lines().take(3).map(|l| format!("{l}\n")).collect();
        let error = SignatureFile::parse(&three_lines, "f.minisig")
            .unwrap_err()
            .to_string();
        assert!(error.contains("global signature line missing"), "{error}");
    }

    #[test]
    fn sign_refuses_control_characters_in_trusted_comment() {
        let secret = SecretKeyFile::parse(KEY, "t.key")
            .unwrap()
            .open(None)
            .unwrap();
        let error = secret
            .sign_reader(&mut &b"x"[..], "two\nlines")
            .unwrap_err();
        assert!(matches!(error, Error::UnsafeTrustedComment { .. }));
    }
}
