//! `key show` and `verify-signature`: what a key is, and whether files'
//! `.minisig` signatures hold.

use std::ffi::OsString;
use std::fs::File;
use std::path::{Path, PathBuf};

use scelle_sign::PublicKey;
use serde::{Deserialize, Serialize};

use crate::error::{Context, Result};

/// A public key as `key show --json` describes it: what goes in the
/// procès-verbal.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct KeyReport {
    /// The key file.
    pub path: String,
    /// The minisign key id.
    pub key_id: String,
    /// SHA-256 of the raw key line (`tail -n 1 KEY.pub | base64 -d | sha256sum`).
    pub fingerprint_sha256: String,
    /// The base64 key line.
    pub public_key: String,
}

/// Loads the public key file given to `option` (`--pubkey`); a failure
/// names the option.
pub fn load_public(path: &Path, option: &'static str) -> Result<PublicKey> {
    PublicKey::load(path).map_err(|error| crate::Error::given(option, error))
}

/// Describes the public key in `path`.
pub fn describe(path: &Path) -> Result<(PublicKey, KeyReport)> {
    let public = PublicKey::load(path)?;
    let report = KeyReport {
        path: path.display().to_string(),
        key_id: public.key_id().to_string(),
        fingerprint_sha256: public.fingerprint().to_string(),
        public_key: public
            .to_file_text()
            .lines()
            .nth(1)
            .unwrap_or_default()
            .to_string(),
    };
    Ok((public, report))
}

/// `FILE.minisig` beside `FILE`.
pub fn signature_path(file: &Path) -> PathBuf {
    let mut name = OsString::from(file.as_os_str());
    name.push(".minisig");
    PathBuf::from(name)
}

/// How one file's signature fared, as `verify-signature --json` lists it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SignatureCheck {
    /// The signed file.
    pub file: String,
    /// Its signature file.
    pub signature: String,
    /// The signature holds for the given key.
    pub valid: bool,
    /// The signer's key id, when valid.
    pub key_id: Option<String>,
    /// `ED` (prehashed) or `Ed` (legacy), when valid.
    pub algorithm: Option<String>,
    /// The signed trusted comment, when valid.
    pub trusted_comment: Option<String>,
    /// Why not, when not.
    pub error: Option<String>,
    /// Not valid because the signature does not verify (rather than a file
    /// that cannot be read): the evidence failed, the check ran.
    #[serde(skip)]
    pub invalid_signature: bool,
}

/// Checks `file` against `FILE.minisig` with `public`.
pub fn check_signature(public: &PublicKey, file: &Path) -> SignatureCheck {
    let signature_file = signature_path(file);
    let mut check = SignatureCheck {
        file: file.display().to_string(),
        signature: signature_file.display().to_string(),
        valid: false,
        key_id: None,
        algorithm: None,
        trusted_comment: None,
        error: None,
        invalid_signature: false,
    };
    match verify_one(public, file, &signature_file) {
        Ok(verified) => {
            check.valid = true;
            check.key_id = Some(verified.key_id.to_string());
            check.algorithm = Some(
                match verified.algorithm {
                    scelle_sign::Algorithm::Prehashed => "ED",
                    scelle_sign::Algorithm::Legacy => "Ed",
                }
                .into(),
            );
            check.trusted_comment = Some(verified.trusted_comment);
        }
        Err(error) => {
            check.invalid_signature = error.is_invalid_signature();
            check.error = Some(crate::error::chain(&error));
        }
    }
    check
}

fn verify_one(
    public: &PublicKey,
    file: &Path,
    signature_file: &Path,
) -> Result<scelle_sign::Verified> {
    let signature = scelle_sign::SignatureFile::load(signature_file)?;
    let reader = File::open(file).with_context(|| format!("cannot open {}", file.display()))?;
    Ok(public.verify_reader(&signature, reader, &signature_file.display().to_string())?)
}
