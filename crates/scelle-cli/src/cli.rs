//! Command-line definitions. This surface is stable: scripts depend on it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// scelle puts digital evidence under seal: one signed, verifiable archive
/// that anyone can check, with scelle or with standard tools.
#[derive(Debug, Parser)]
#[command(name = "scelle", version, after_help = AFTER_HELP)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

const AFTER_HELP: &str = "\
Examples:
  scelle demo
  scelle key generate --out /media/usb/dupont
  scelle freeze --key /media/usb/dupont.key --out /media/usb --profile linux-web /srv/app
  scelle verify --pubkey dupont.pub --expect <seal hash> web01-20261125T091500Z.tar.zst
  scelle custody transfer --key dupont.key --to \"Camille Martin, expert\" web01-20261125T091500Z.tar.zst

Exit codes: 0 success or intact, 1 evidence failed verification, 2 usage or
input error, 3 acquisition finished with incomplete items.";

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
    /// Hash and record a tree without copying it: a signed integrity baseline.
    ///
    /// Example: scelle baseline --key ops.key --out web01-before.baseline /srv/www /etc
    Baseline(BaselineArgs),
    /// Compare a live tree or a restored backup with a signed baseline or a sealed archive.
    ///
    /// Example: scelle audit --baseline web01-before.baseline --pubkey ops.pub /mnt/restore/srv/www /mnt/restore/etc
    Audit(AuditArgs),
    /// The chain of custody that travels with an archive (<ID>.custody.jsonl).
    #[command(subcommand)]
    Custody(CustodyCommand),
    /// The incident case file: facts, signed journal, notification deadlines.
    #[command(subcommand)]
    Case(CaseCommand),
    /// Write the case report (HTML for printing, or Markdown) with every
    /// archive given verified again.
    ///
    /// Example: scelle report --case-dir /cases/INC-42 --pubkey dupont.pub --out rapport.html /media/usb/*.tar.zst
    Report(ReportArgs),
    /// Timestamp a sealed archive's manifest (or any file) with an RFC 3161
    /// TSA, for responders who were offline when sealing.
    ///
    /// Example: scelle timestamp --tsa http://timestamp.example/tsa --tsa-ca tsa-ca.pem --key dupont.key web01.tar.zst
    Timestamp(TimestampArgs),
    /// Make and show minisign-compatible key pairs.
    #[command(subcommand)]
    Key(KeyCommand),
    /// List and show collection profiles.
    #[command(subcommand)]
    Profile(ProfileCommand),
    /// Print the man page (roff) on stdout.
    ///
    /// Example: scelle manpage > /usr/local/share/man/man1/scelle.1
    Manpage,
    /// Print a shell completion script on stdout.
    ///
    /// Example: scelle completions bash > /etc/bash_completion.d/scelle
    Completions {
        /// bash, zsh, fish, elvish or powershell.
        shell: clap_complete::Shell,
    },
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
    /// Where to start the custody log (default: <ID>.custody.jsonl beside the
    /// archive; required with `--out -`).
    #[arg(long, value_name = "FILE")]
    pub custody_out: Option<PathBuf>,
    /// The incident case file (scelle case init): its facts go into the
    /// manifest, and the seal into its journal (signed with --key).
    #[arg(long, value_name = "DIR")]
    pub case_dir: Option<PathBuf>,
    #[command(flatten)]
    pub tsa: TsaArgs,
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
    /// A disk, volume or image file to image into data/images/ (repeatable).
    #[arg(long, value_name = "DEV_OR_FILE")]
    pub image: Vec<PathBuf>,
    /// Piece size for the piecewise SHA-256 of images (bytes, or with K, M, G).
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = parse_piece_size)]
    pub piece_size: u64,
    /// Stop the freeze after this many unreadable sectors in an image.
    #[arg(long, value_name = "N")]
    pub max_errors: Option<u64>,
    /// Extra image digests on the same stream, for courts that ask: md5, sha1 (comma-separated).
    #[arg(long, value_name = "LIST", value_delimiter = ',', value_parser = ["md5", "sha1"])]
    pub extra_hash: Vec<String>,
    /// A live-response command to run before anything is read, its output
    /// kept (repeatable, run in the order given, split into words, no shell).
    #[arg(long, value_name = "CMD")]
    pub command: Vec<String>,
    /// Run each --command through /bin/sh -c (pipes, redirections, globs).
    #[arg(long)]
    pub command_shell: bool,
    /// Kill a command's process group after this many seconds.
    #[arg(long, value_name = "SECS", default_value_t = 60)]
    pub command_timeout: u64,
    /// Keep at most this much of each command's stdout and stderr (K, M, G).
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = parse_byte_size)]
    pub command_max_bytes: u64,
    /// A collection profile: a built-in name (scelle profile list) or a .toml file.
    #[arg(long, value_name = "NAME|FILE")]
    pub profile: Option<String>,
    /// The time read from a trusted clock (RFC 3339, e.g. 2026-11-25T10:00:00+01:00);
    /// the manifest records the host clock's offset from it.
    #[arg(long, value_name = "TIME")]
    pub reference_time: Option<String>,
    /// Files and directories to seal.
    #[arg(required_unless_present_any = ["image", "profile", "command"], value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

/// A size like `64M`, `1G` or `4096` (bytes, powers of 1024).
fn parse_byte_size(text: &str) -> Result<u64, String> {
    scelle_snapshot::parse_size(text)
}

/// A piece size: a size like `64M`, at least 1 MiB.
fn parse_piece_size(text: &str) -> Result<u64, String> {
    let size = scelle_snapshot::parse_size(text)?;
    if size < 1 << 20 {
        return Err("pieces must be at least 1M".into());
    }
    Ok(size)
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
    #[command(flatten)]
    pub record: RecordArgs,
    /// CA certificates (PEM or DER) trusted to certify the TSA of a
    /// timestamp token; without it the TSA is not authenticated.
    #[arg(long, value_name = "FILE")]
    pub tsa_ca: Option<PathBuf>,
    /// The timestamp token to check (default: <ID>.manifest.tsr beside the archive, if there).
    #[arg(long, value_name = "FILE")]
    pub tsr: Option<PathBuf>,
    /// The archive (<ID>.tar.zst) or an extracted bag directory (<ID>/).
    #[arg(value_name = "ARCHIVE")]
    pub archive: PathBuf,
}

/// `--tsa`: a trusted timestamp from an RFC 3161 Time-Stamping Authority.
#[derive(Debug, Args)]
pub struct TsaArgs {
    /// RFC 3161 TSA URL (http or https): freeze stamps manifest.json into
    /// <ID>.manifest.tsr, custody commands stamp the entry they write. An
    /// unreachable TSA is recorded and warned about; it stops nothing.
    #[arg(long, value_name = "URL")]
    pub tsa: Option<String>,
    /// CA certificates (PEM or DER) the TSA's certificate must chain to.
    #[arg(long, value_name = "FILE", requires = "tsa")]
    pub tsa_ca: Option<PathBuf>,
}

/// `scelle timestamp`
#[derive(Debug, Args)]
pub struct TimestampArgs {
    /// RFC 3161 TSA URL (http or https).
    #[arg(long, value_name = "URL")]
    pub tsa: String,
    /// CA certificates (PEM or DER) the TSA's certificate must chain to.
    #[arg(long, value_name = "FILE")]
    pub tsa_ca: Option<PathBuf>,
    /// Your secret key: for an archive, the timestamp is recorded in its custody log.
    #[arg(long, value_name = "KEY")]
    pub key: Option<PathBuf>,
    #[command(flatten)]
    pub passphrase: PassphraseArgs,
    /// Who you are, as it should read in the custody log.
    #[arg(long, value_name = "NAME")]
    pub actor: Option<String>,
    /// A sealed archive (its manifest.json is stamped, into <ID>.manifest.tsr)
    /// or any file (stamped whole, into FILE.tsr).
    #[arg(value_name = "ARCHIVE|FILE")]
    pub target: PathBuf,
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
    #[command(flatten)]
    pub record: RecordArgs,
    /// The archive (<ID>.tar.zst).
    #[arg(value_name = "ARCHIVE")]
    pub archive: PathBuf,
}

/// `scelle custody ...`
#[derive(Debug, Subcommand)]
pub enum CustodyCommand {
    /// Show the chain: who held the evidence, when, and what they did.
    ///
    /// Example: scelle custody show --keyring people.json web01.tar.zst
    Show(CustodyShowArgs),
    /// Check every link and signature, the signers, and the seal of the archive.
    ///
    /// Example: scelle custody verify --keyring people.json web01.tar.zst
    Verify(CustodyVerifyArgs),
    /// Record handing the evidence over (signed by the one who releases it).
    ///
    /// Example: scelle custody transfer --key dupont.key --to "Mme Martin, greffière" --means "hand delivery" web01.tar.zst
    Transfer(CustodyTransferArgs),
    /// Record taking the evidence (signed by the one who takes it).
    ///
    /// Example: scelle custody receive --key martin.key --note "scellé n°1 intact" web01.tar.zst
    Receive(CustodyReceiveArgs),
    /// Add a signed note.
    ///
    /// Example: scelle custody note --key dupont.key web01.tar.zst "stored in safe 3"
    Note(CustodyNoteArgs),
}

/// Which log: the one beside ARCHIVE, or --log FILE.
#[derive(Debug, Args)]
pub struct LogTarget {
    /// The custody log itself (default: <ID>.custody.jsonl beside ARCHIVE).
    #[arg(long, value_name = "FILE")]
    pub log: Option<PathBuf>,
}

/// Who signs an entry.
#[derive(Debug, Args)]
pub struct SignerArgs {
    /// Your secret key.
    #[arg(long, value_name = "KEY")]
    pub key: PathBuf,
    #[command(flatten)]
    pub passphrase: PassphraseArgs,
    /// Who you are, as it should read in the log ("NAME, ROLE"). Default: your login name.
    #[arg(long, value_name = "NAME")]
    pub actor: Option<String>,
}

/// Which keys are trusted to sign custody entries.
#[derive(Debug, Args)]
pub struct TrustArgs {
    /// A public key trusted to sign entries (repeatable).
    #[arg(long, value_name = "PUB")]
    pub pubkey: Vec<PathBuf>,
    /// A JSON keyring naming people: [{"name": ..., "role": ..., "public_key": "RWQ..."}].
    #[arg(long, value_name = "FILE")]
    pub keyring: Option<PathBuf>,
}

/// `scelle custody show`
#[derive(Debug, Args)]
pub struct CustodyShowArgs {
    #[command(flatten)]
    pub target: LogTarget,
    #[command(flatten)]
    pub trust: TrustArgs,
    /// Print one JSON document.
    #[arg(long)]
    pub json: bool,
    /// The archive.
    #[arg(value_name = "ARCHIVE", required_unless_present = "log")]
    pub archive: Option<PathBuf>,
}

/// `scelle custody verify`
#[derive(Debug, Args)]
pub struct CustodyVerifyArgs {
    #[command(flatten)]
    pub target: LogTarget,
    #[command(flatten)]
    pub trust: TrustArgs,
    /// Exit 0 without --pubkey/--keyring when every other check passes.
    #[arg(long)]
    pub allow_unauthenticated: bool,
    /// CA certificates (PEM or DER) trusted to certify the TSA of the
    /// timestamped custody entries; without it their TSA is not authenticated.
    #[arg(long, value_name = "FILE")]
    pub tsa_ca: Option<PathBuf>,
    /// Print one JSON document.
    #[arg(long)]
    pub json: bool,
    /// The archive (its seal hash is compared with the sealed entry).
    #[arg(value_name = "ARCHIVE", required_unless_present = "log")]
    pub archive: Option<PathBuf>,
}

/// `scelle custody transfer`
#[derive(Debug, Args)]
pub struct CustodyTransferArgs {
    #[command(flatten)]
    pub signer: SignerArgs,
    #[command(flatten)]
    pub tsa: TsaArgs,
    #[command(flatten)]
    pub target: LogTarget,
    /// Who receives it ("NAME, ROLE").
    #[arg(long, value_name = "NAME")]
    pub to: String,
    /// How it travels (hand delivery, registered mail, ...).
    #[arg(long, value_name = "TEXT")]
    pub means: Option<String>,
    /// Where the hand-over happens.
    #[arg(long, value_name = "TEXT")]
    pub location: Option<String>,
    /// The archive.
    #[arg(value_name = "ARCHIVE", required_unless_present = "log")]
    pub archive: Option<PathBuf>,
}

/// `scelle custody receive`
#[derive(Debug, Args)]
pub struct CustodyReceiveArgs {
    #[command(flatten)]
    pub signer: SignerArgs,
    #[command(flatten)]
    pub tsa: TsaArgs,
    #[command(flatten)]
    pub target: LogTarget,
    /// What you observed on receipt.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// Where you received it.
    #[arg(long, value_name = "TEXT")]
    pub location: Option<String>,
    /// The archive.
    #[arg(value_name = "ARCHIVE", required_unless_present = "log")]
    pub archive: Option<PathBuf>,
}

/// `scelle custody note`
#[derive(Debug, Args)]
pub struct CustodyNoteArgs {
    #[command(flatten)]
    pub signer: SignerArgs,
    #[command(flatten)]
    pub tsa: TsaArgs,
    #[command(flatten)]
    pub target: LogTarget,
    /// ARCHIVE TEXT, or TEXT alone with --log.
    #[arg(value_name = "ARCHIVE TEXT", required = true, num_args = 1..=2)]
    pub words: Vec<String>,
}

/// `--record`: append the outcome to the custody log.
#[derive(Debug, Args)]
pub struct RecordArgs {
    /// Append the outcome to the archive's custody log, signed with --key.
    #[arg(long, requires = "key")]
    pub record: bool,
    /// Your secret key, for --record.
    #[arg(long, value_name = "KEY")]
    pub key: Option<PathBuf>,
    /// For an encrypted --key.
    #[arg(long, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,
    /// Who you are, for --record ("NAME, ROLE").
    #[arg(long, value_name = "NAME")]
    pub actor: Option<String>,
    /// The custody log, for --record (default: beside the archive).
    #[arg(long, value_name = "FILE")]
    pub log: Option<PathBuf>,
}

/// `scelle case ...`
#[derive(Debug, Subcommand)]
pub enum CaseCommand {
    /// Open a case: DIR/case.json and DIR/journal.jsonl, its first entry signed with --key.
    ///
    /// Example: scelle case init --dir /cases/INC-42 --key dupont.key --id INC-42 --title "Webshell on www1" --discovered 2026-11-20T14:30:00+01:00 --personal-data --nis2 important
    Init(Box<CaseInitArgs>),
    /// Add a signed, timestamped entry to the journal: document everything.
    ///
    /// Example: scelle case log --dir /cases/INC-42 --key dupont.key "www1 unplugged from the network"
    Log(CaseLogArgs),
    /// Record a notification made (CNIL, ANSSI, CSIRT, police...).
    ///
    /// Example: scelle case notify --dir /cases/INC-42 --key dupont.key --to CNIL --reference NOTIF-2026-1234
    Notify(CaseNotifyArgs),
    /// Set the categories of impact (replaces the previous ones).
    ///
    /// Example: scelle case impact --dir /cases/INC-42 --key dupont.key integrity confidentiality
    Impact(CaseImpactArgs),
    /// Deadlines (time left, overdue, met), evidence sealed, journal integrity.
    ///
    /// Example: scelle case status --dir /cases/INC-42 --pubkey dupont.pub
    Status(CaseStatusArgs),
}

/// `scelle case init`
#[derive(Debug, Args)]
pub struct CaseInitArgs {
    /// The case directory (created if missing; must not hold a case yet).
    #[arg(long, value_name = "DIR")]
    pub dir: PathBuf,
    #[command(flatten)]
    pub signer: SignerArgs,
    /// Case or file number: letters, digits, '.', '_', '-'.
    #[arg(long, value_name = "ID")]
    pub id: String,
    /// Short title.
    #[arg(long, value_name = "TEXT")]
    pub title: String,
    /// When the incident was discovered, RFC 3339 with offset; deadlines run from it.
    #[arg(long, value_name = "RFC3339")]
    pub discovered: String,
    /// Personal data is involved: GDPR art. 33 (CNIL within 72 h) applies.
    #[arg(long)]
    pub personal_data: bool,
    /// The organisation is a NIS2 entity: early warning 24 h, notification 72 h, final report one month.
    #[arg(long, value_name = "CLASS", value_parser = ["essential", "important"])]
    pub nis2: Option<String>,
    /// The organisation is an opérateur d'importance vitale (ANSSI without delay).
    #[arg(long)]
    pub oiv: bool,
    /// The order or law the work rests on.
    #[arg(long, value_name = "TEXT")]
    pub legal_basis: Option<String>,
    /// The organisation that suffered the incident.
    #[arg(long, value_name = "TEXT")]
    pub organization: Option<String>,
    /// Data protection officer.
    #[arg(long, value_name = "TEXT")]
    pub dpo: Option<String>,
    /// Legal counsel.
    #[arg(long, value_name = "TEXT")]
    pub counsel: Option<String>,
    /// Category of impact: availability, integrity, confidentiality, traceability (repeatable).
    #[arg(long, value_name = "CATEGORY")]
    pub impact: Vec<String>,
    /// IANA time zone for local times and calendar-month deadlines.
    #[arg(long, value_name = "ZONE", default_value = "Europe/Paris")]
    pub time_zone: String,
}

/// `scelle case log`
#[derive(Debug, Args)]
pub struct CaseLogArgs {
    /// The case directory.
    #[arg(long, value_name = "DIR")]
    pub dir: PathBuf,
    #[command(flatten)]
    pub signer: SignerArgs,
    /// What happened, what was done, what was decided.
    #[arg(value_name = "TEXT")]
    pub text: String,
}

/// `scelle case notify`
#[derive(Debug, Args)]
pub struct CaseNotifyArgs {
    /// The case directory.
    #[arg(long, value_name = "DIR")]
    pub dir: PathBuf,
    #[command(flatten)]
    pub signer: SignerArgs,
    /// Who was notified: CNIL, ANSSI, CSIRT, CERT-FR, POLICE, ...
    #[arg(long, value_name = "BODY")]
    pub to: String,
    /// The reference the body gave (receipt, ticket number).
    #[arg(long, value_name = "REF")]
    pub reference: String,
    /// early-warning, notification, intermediate-report, final-report or other.
    #[arg(long, value_name = "KIND", default_value = "notification")]
    pub kind: String,
    /// When it was sent, RFC 3339 (default: now).
    #[arg(long, value_name = "RFC3339")]
    pub sent: Option<String>,
}

/// `scelle case impact`
#[derive(Debug, Args)]
pub struct CaseImpactArgs {
    /// The case directory.
    #[arg(long, value_name = "DIR")]
    pub dir: PathBuf,
    #[command(flatten)]
    pub signer: SignerArgs,
    /// availability, integrity, confidentiality, traceability (none: no category).
    #[arg(value_name = "CATEGORY", required = true)]
    pub categories: Vec<String>,
}

/// `scelle case status`
#[derive(Debug, Args)]
pub struct CaseStatusArgs {
    /// The case directory.
    #[arg(long, value_name = "DIR")]
    pub dir: PathBuf,
    #[command(flatten)]
    pub trust: TrustArgs,
    /// Deadlines as they stand at this time, RFC 3339 (default: now).
    #[arg(long, value_name = "RFC3339")]
    pub at: Option<String>,
    /// Machine-readable output.
    #[arg(long)]
    pub json: bool,
}

/// `scelle report`
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The case directory.
    #[arg(long, value_name = "DIR")]
    pub case_dir: PathBuf,
    /// fr or en.
    #[arg(long, value_name = "LANG", default_value = "fr", value_parser = ["fr", "en"])]
    pub lang: String,
    /// The report: FILE.html (self-contained, prints to PDF) or FILE.md. Never overwritten.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Public keys trusted for the archives, their custody logs and the journal.
    #[command(flatten)]
    pub trust: TrustArgs,
    /// Deadlines as they stand at this time, RFC 3339 (default: now).
    #[arg(long, value_name = "RFC3339")]
    pub at: Option<String>,
    /// CA certificates trusted to certify the TSA of the archives' timestamps.
    #[arg(long, value_name = "FILE")]
    pub tsa_ca: Option<PathBuf>,
    /// Sealed archives to verify and describe.
    #[arg(value_name = "ARCHIVE")]
    pub archives: Vec<PathBuf>,
}

/// `scelle profile ...`
#[derive(Debug, Subcommand)]
pub enum ProfileCommand {
    /// The built-in profiles.
    List,
    /// A profile's commands and paths (a built-in name or a .toml file).
    ///
    /// Example: scelle profile show linux-triage
    Show {
        /// Profile name or file.
        name: String,
    },
}

/// `scelle baseline`
#[derive(Debug, Args)]
pub struct BaselineArgs {
    /// The secret key that signs the baseline.
    #[arg(long, value_name = "KEY")]
    pub key: PathBuf,
    #[command(flatten)]
    pub passphrase: PassphraseArgs,
    /// The baseline file to write (FILE.minisig is written beside it).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Record paths matching GLOB as skipped (`*` crosses '/').
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Do not descend into other filesystems below each PATH.
    #[arg(long)]
    pub one_file_system: bool,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
    /// Trees to record.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

/// `scelle audit`
#[derive(Debug, Args)]
pub struct AuditArgs {
    /// A baseline file (with FILE.minisig beside it) or a sealed archive (<ID>.tar.zst).
    #[arg(long, value_name = "FILE|ARCHIVE")]
    pub baseline: PathBuf,
    /// The public key the baseline or archive must be signed with.
    #[arg(long, value_name = "PUB")]
    pub pubkey: PathBuf,
    /// Fields to leave out (mtime, mode, owner, size, content, link, kind), comma-separated.
    #[arg(long, value_name = "LIST", value_delimiter = ',', value_parser = ["mtime", "mode", "owner", "size", "content", "link", "kind"])]
    pub ignore: Vec<String>,
    /// Print the report as one JSON document.
    #[arg(long)]
    pub json: bool,
    /// The trees to audit, one per root of the baseline, in the same order.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}
