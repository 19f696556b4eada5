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
    /// Seal files and directories into DIR/<ID>.tar.zst, signed with KEY.
    ///
    /// Example: scelle freeze --key /media/usb/dupont.key --out /media/usb --case-id 2026-117 /var/www /var/log/nginx
    Freeze(Box<FreezeArgs>),
    /// Check a sealed archive (or an extracted bag directory): every hash, the
    /// bag manifests, manifest.json and its signature, in one pass.
    ///
    /// Example: scelle verify --pubkey dupont.pub --expect 3f1a...9c web01-20261125T091500Z.tar.zst
    Verify(VerifyArgs),
    /// Verify an archive while extracting it into DIR/<ID>/ (original file
    /// names, read-only, recorded mtimes); keeps nothing unless every check passes.
    ///
    /// Example: scelle extract --pubkey dupont.pub --to /cases/2026-117 web01-20261125T091500Z.tar.zst
    Extract(ExtractArgs),
    /// Show what an archive records (case, host, acquisition, signer, totals,
    /// incomplete items, items) without extracting or verifying it.
    ///
    /// Example: scelle inspect --status unreadable --status changed web01.tar.zst
    Inspect(InspectArgs),
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

/// `scelle freeze`
#[derive(Debug, Args)]
pub struct FreezeArgs {
    /// The responder's secret key (signs manifest.json).
    #[arg(long, value_name = "KEY")]
    pub key: PathBuf,
    #[command(flatten)]
    pub passphrase: PassphraseArgs,
    /// Directory the archive is written to (preferably not on the compromised
    /// disk), or `-` to stream it to standard output (e.g. through ssh).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Where the manifest waits while the payload streams (default: the --out
    /// directory; with `--out -`, $TMPDIR). Never collected.
    #[arg(long, value_name = "DIR")]
    pub temp_dir: Option<PathBuf>,
    /// Also write the summary (seal hash, totals, signer) as JSON to FILE.
    #[arg(long, value_name = "FILE")]
    pub receipt: Option<PathBuf>,
    /// Evidence id (letters, digits, '.', '_', '-'). Default: <hostname>-<UTC yyyymmddThhmmssZ>.
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
    /// Case or file number.
    #[arg(long, value_name = "TEXT")]
    pub case_id: Option<String>,
    /// Short title of the case.
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// Legal basis, e.g. "ordonnance art. 145 CPC, TJ Paris, 2026-11-20".
    #[arg(long, value_name = "TEXT")]
    pub legal_basis: Option<String>,
    /// Examiner's name.
    #[arg(long, value_name = "NAME")]
    pub examiner: Option<String>,
    /// Organisation acting.
    #[arg(long, value_name = "NAME")]
    pub organization: Option<String>,
    /// A note for the record (repeatable).
    #[arg(long, value_name = "TEXT")]
    pub note: Vec<String>,
    /// Who runs the acquisition. Default: $SUDO_USER, $USER, or the user id's name.
    #[arg(long, value_name = "NAME")]
    pub operator: Option<String>,
    /// Record paths matching GLOB (matched against the absolute path; `*` crosses '/') as skipped.
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Do not descend into other filesystems below each PATH.
    #[arg(long)]
    pub one_file_system: bool,
    /// Follow symbolic links inside the scene (by default they are recorded, not followed).
    #[arg(long)]
    pub follow_symlinks: bool,
    /// zstd level, 1 to 19.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(i32).range(1..=19))]
    pub level: i32,
    /// zstd worker threads (0: compress on the main thread). Default: the number of CPUs.
    #[arg(long, value_name = "N")]
    pub threads: Option<u32>,
    /// Print the summary as one JSON document on stdout.
    #[arg(long)]
    pub json: bool,
    /// Files and directories to seal.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

/// `scelle verify`
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The responder's public key. Without it the signer is not authenticated
    /// and the evidence is never reported intact.
    #[arg(long, value_name = "PUB")]
    pub pubkey: Option<PathBuf>,
    /// The seal hash (SHA-256 of the archive) from the procès-verbal.
    #[arg(long, value_name = "SEAL_SHA256")]
    pub expect: Option<String>,
    /// Without --pubkey, exit 0 when every other check passes.
    #[arg(long)]
    pub allow_unauthenticated: bool,
    /// Print the report as one JSON document on stdout.
    #[arg(long)]
    pub json: bool,
    /// The archive (<ID>.tar.zst) or an extracted bag directory (<ID>/).
    #[arg(value_name = "ARCHIVE")]
    pub archive: PathBuf,
}

/// `scelle inspect`
#[derive(Debug, Args)]
pub struct InspectArgs {
    /// Only items of this kind (file, dir, symlink, hardlink, special, image, command); repeatable.
    #[arg(long, value_name = "KIND")]
    pub kind: Vec<String>,
    /// Only items with this status (complete, changed, unreadable, skipped); repeatable.
    #[arg(long, value_name = "STATUS")]
    pub status: Vec<String>,
    /// Only items whose original path matches GLOB (`*` crosses '/').
    #[arg(long, value_name = "GLOB")]
    pub path: Option<String>,
    /// Print one JSON document on stdout.
    #[arg(long)]
    pub json: bool,
    /// The archive (<ID>.tar.zst) or an extracted bag directory.
    #[arg(value_name = "ARCHIVE")]
    pub archive: PathBuf,
}

/// `scelle extract`
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Directory to extract into (it must exist); the evidence lands in DIR/<ID>/.
    #[arg(long, value_name = "DIR")]
    pub to: PathBuf,
    /// The responder's public key (required unless --allow-unauthenticated).
    #[arg(long, value_name = "PUB")]
    pub pubkey: Option<PathBuf>,
    /// The seal hash (SHA-256 of the archive) from the procès-verbal.
    #[arg(long, value_name = "SEAL_SHA256")]
    pub expect: Option<String>,
    /// Extract even though no --pubkey authenticates the signer.
    #[arg(long)]
    pub allow_unauthenticated: bool,
    /// Print the outcome as one JSON document on stdout.
    #[arg(long)]
    pub json: bool,
    /// The archive (<ID>.tar.zst).
    #[arg(value_name = "ARCHIVE")]
    pub archive: PathBuf,
}
