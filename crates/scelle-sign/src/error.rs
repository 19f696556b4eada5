/// Everything that can go wrong with keys and signatures.
///
/// `origin` names the file (or label) the bytes came from, so that every
/// message says which file is at fault.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file involved.
        path: String,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The text is not a minisign key or signature file.
    #[error("{origin}: {reason}")]
    Malformed {
        /// The file involved.
        origin: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A public key file where a secret key is needed (`--key me.pub`).
    #[error("{origin} is a public key; a secret key (the .key file) is needed here")]
    PublicKeyGiven {
        /// The file involved.
        origin: String,
    },
    /// A secret key file where a public key is needed (`--pubkey me.key`).
    #[error("{origin} is a secret key; a public key (the .pub file) is needed here")]
    SecretKeyGiven {
        /// The file involved.
        origin: String,
    },
    /// An algorithm tag this crate does not implement.
    #[error("{origin}: unsupported algorithm {found:?} (scelle knows Ed25519 keys \"Ed\", and signatures \"ED\" or legacy \"Ed\")")]
    UnknownAlgorithm {
        /// The file involved.
        origin: String,
        /// The two-byte tag found, shown as text where possible.
        found: String,
    },
    /// The secret key's checksum does not match after decryption.
    #[error("{origin}: wrong passphrase, or the secret key file is damaged (checksum mismatch)")]
    WrongPassphrase {
        /// The secret key file.
        origin: String,
    },
    /// An encrypted secret key was opened without a passphrase.
    #[error("{origin}: this secret key is encrypted; a passphrase is needed")]
    PassphraseRequired {
        /// The secret key file.
        origin: String,
    },
    /// The key file asks for more scrypt work than scelle allows.
    #[error("{origin}: scrypt parameters ask for {memory_mib} MiB of memory, above the {limit_mib} MiB scelle allows")]
    ScryptTooCostly {
        /// The secret key file.
        origin: String,
        /// Memory the parameters need.
        memory_mib: u64,
        /// The ceiling.
        limit_mib: u64,
    },
    /// The signature was made by another key than the one given.
    #[error("{origin}: signed by key {found}, but the public key given is {expected}")]
    KeyMismatch {
        /// The signature file.
        origin: String,
        /// The public key's id.
        expected: crate::KeyId,
        /// The id recorded in the signature.
        found: crate::KeyId,
    },
    /// The signature does not match the signed file.
    #[error("{origin}: signature verification failed: the signed file has changed or the signature is forged")]
    BadSignature {
        /// The signature file.
        origin: String,
    },
    /// The trusted comment was altered after signing.
    #[error("{origin}: the trusted comment does not match its global signature: it was altered")]
    BadTrustedComment {
        /// The signature file.
        origin: String,
    },
    /// A trusted comment that would not survive minisign's rules.
    #[error("trusted comment {comment:?} must be one line of printable characters")]
    UnsafeTrustedComment {
        /// The comment refused.
        comment: String,
    },
    /// An agent or token returned a signature that does not verify with
    /// its own public key.
    #[error("the {signer} returned a signature that does not verify with its public key; nothing was signed")]
    SignerMisbehaved {
        /// The signer, described.
        signer: String,
    },
    /// An ssh-agent could not be used.
    #[error("ssh-agent: {0}")]
    Agent(String),
    /// A PKCS#11 token could not be used.
    #[error("PKCS#11: {0}")]
    Pkcs11(String),
    /// The operating system's random source failed.
    #[error("cannot get random bytes from the operating system: {0}")]
    Random(String),
}

impl Error {
    /// True when the inputs were well formed but the signature does not hold:
    /// the evidence failed verification (exit 1), as opposed to bad input (exit 2).
    pub fn is_invalid_signature(&self) -> bool {
        matches!(
            self,
            Error::KeyMismatch { .. }
                | Error::BadSignature { .. }
                | Error::BadTrustedComment { .. }
        )
    }
}
