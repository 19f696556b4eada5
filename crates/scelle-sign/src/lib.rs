//! Ed25519 keys and signatures, in minisign's file formats.
//!
//! An expert must be able to check a seal with the `minisign` program alone,
//! so this crate reads and writes exactly minisign's public-key, secret-key and
//! `.minisig` files:
//!
//! * [`PublicKey`]: `untrusted comment` line + base64 of `"Ed" ‖ key id ‖ key`.
//! * [`SecretKeyFile`] / [`SecretKey`]: minisign's secret-key blob, either
//!   encrypted with a passphrase (scrypt, XOR, BLAKE2b checksum) or stored in
//!   clear for automation (`minisign -W`).
//! * [`SignatureFile`]: the prehashed "ED" form (Ed25519 over the BLAKE2b-512 of
//!   the file, streamed) and the legacy "Ed" form (Ed25519 over the file), plus
//!   the global signature over the trusted comment.
//!
//! Every [`KeyId`] is shown as minisign shows it (byte-reversed upper-case hex),
//! and [`PublicKey::fingerprint`] is the SHA-256 of the decoded public-key line,
//! the value that goes into a procès-verbal.
//!
//! ```
//! use scelle_sign::{PublicKey, SecretKey, SignatureFile, Signer};
//!
//! let secret = SecretKey::generate().unwrap();
//! let public = secret.public_key();
//! let document = b"evidence manifest";
//! let signature = secret.sign_reader(&mut &document[..], "evidence:demo").unwrap();
//!
//! // Both files go through their text form, as they would on disk.
//! let public = PublicKey::parse(&public.to_file_text(), "demo.pub").unwrap();
//! let signature = SignatureFile::parse(&signature.to_file_text(), "demo.minisig").unwrap();
//! let verified = public.verify_reader(&signature, &document[..], "demo.minisig").unwrap();
//! assert_eq!(verified.trusted_comment, "evidence:demo");
//! ```

pub mod agent;
mod error;
mod key_id;
pub mod pkcs11;
mod public;
mod secret;
mod signature;
mod signer;
mod text;

pub use error::Error;
pub use key_id::{KeyId, ParseKeyIdError};
pub use public::PublicKey;
pub use secret::{ScryptCost, SecretKey, SecretKeyFile};
pub use signature::{Algorithm, Prehasher, SignatureFile, Verified};
pub use signer::{external_public_key, KeySource, Signer};

/// Largest key or signature file accepted; real ones are a few hundred bytes.
pub const MAX_KEY_OR_SIGNATURE_FILE: u64 = 64 * 1024;

/// The untrusted comment of every signature scelle makes. It is fixed so a
/// verifier can require it: the one line of a `.minisig` no signature covers.
pub const SIGNATURE_COMMENT: &str = "signature from scelle (minisign format)";

/// Reads a key or signature file, refusing anything larger than
/// [`MAX_KEY_OR_SIGNATURE_FILE`] so a hostile path (a disk, `/dev/zero`)
/// cannot exhaust memory.
pub fn read_small_file(path: &std::path::Path) -> Result<String, Error> {
    use std::io::Read;
    let io_error = |source| Error::Io {
        path: path.display().to_string(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io_error)?;
    let mut bytes = Vec::new();
    file.take(MAX_KEY_OR_SIGNATURE_FILE + 1)
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    if bytes.len() as u64 > MAX_KEY_OR_SIGNATURE_FILE {
        return Err(Error::Malformed {
            origin: path.display().to_string(),
            reason: format!(
                "larger than {MAX_KEY_OR_SIGNATURE_FILE} bytes; not a key or signature file"
            ),
        });
    }
    String::from_utf8(bytes).map_err(|_| Error::Malformed {
        origin: path.display().to_string(),
        reason: "not UTF-8 text".into(),
    })
}
