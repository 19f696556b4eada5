//! Command-line definitions. This surface is stable: scripts depend on it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Seal digital evidence into a signed, verifiable archive, and check it.
///
/// Exit codes: 0 success or intact, 1 verification failed, 2 usage or input
/// error, 3 acquisition finished with incomplete items.
#[derive(Debug, Parser)]
#[command(name = "scelle", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The verbs.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build a demo scene, seal it, verify it, and show tampering being caught.
    Demo,
    /// Make and show minisign-compatible key pairs.
    #[command(subcommand)]
    Key(KeyCommand),
    /// Sign files: writes FILE.minisig, checkable with `minisign -Vm FILE -p KEY.pub`.
    Sign(SignArgs),
    /// Check FILE.minisig signatures against a public key.
    VerifySignature(VerifySignatureArgs),
}

/// `scelle key ...`
#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// Create PREFIX.key (secret, mode 0600) and PREFIX.pub; never overwrites.
    ///
    /// Example: scelle key generate --out ~/keys/responder
    Generate(KeyGenerateArgs),
    /// Print a public key's id and SHA-256 fingerprint (for the procès-verbal).
    ///
    /// Example: scelle key show ~/keys/responder.pub
    Show(KeyShowArgs),
}

/// Where a secret key's passphrase comes from.
#[derive(Debug, Args)]
pub struct PassphraseArgs {
    /// Read the passphrase from the first line of FILE instead of asking.
    #[arg(long, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,
}

/// `scelle key generate`
#[derive(Debug, Args)]
pub struct KeyGenerateArgs {
    /// Path prefix: writes PREFIX.key and PREFIX.pub.
    #[arg(long, value_name = "PREFIX")]
    pub out: PathBuf,
    /// Store the secret key unencrypted (for automation; protect the file).
    #[arg(long, conflicts_with = "passphrase_file")]
    pub no_password: bool,
    #[command(flatten)]
    pub passphrase: PassphraseArgs,
    /// Text added to the public key's (untrusted) comment line, e.g. a name.
    #[arg(long, value_name = "TEXT")]
    pub comment: Option<String>,
}

/// `scelle key show`
#[derive(Debug, Args)]
pub struct KeyShowArgs {
    /// The public key file.
    pub public_key: PathBuf,
    /// Print one JSON document.
    #[arg(long)]
    pub json: bool,
}

/// `scelle sign`
#[derive(Debug, Args)]
pub struct SignArgs {
    /// The secret key file.
    #[arg(long, value_name = "KEY")]
    pub key: PathBuf,
    #[command(flatten)]
    pub passphrase: PassphraseArgs,
    /// Trusted comment (signed). Default: file name and signing time.
    #[arg(long, value_name = "TEXT")]
    pub trusted_comment: Option<String>,
    /// Files to sign.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

/// `scelle verify-signature`
#[derive(Debug, Args)]
pub struct VerifySignatureArgs {
    /// The signer's public key file.
    #[arg(long, value_name = "PUB")]
    pub pubkey: PathBuf,
    /// Print one JSON document.
    #[arg(long)]
    pub json: bool,
    /// Files whose FILE.minisig to check.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}
