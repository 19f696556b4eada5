//! Command-line definitions. This surface is stable: scripts depend on it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use scelle_core::ops::audit::{AuditOptions, BaselineOptions};
use scelle_core::ops::case::{BreachOptions, CaseInitOptions, NotifyOptions};
use scelle_core::ops::custody::TrustOptions;
use scelle_core::ops::freeze::FreezeOptions;
use scelle_core::ops::inspect::InspectOptions;
use scelle_core::ops::report::ReportOptions;
use scelle_core::ops::timestamp::{StampOptions, TsaOptions};
use scelle_core::ops::verify::{ExtractOptions, VerifyOptions};

/// scelle puts digital evidence under seal: one signed, verifiable archive
/// that anyone can check, with scelle or with standard tools.
#[derive(Debug, Parser)]
#[command(name = "scelle", version, after_help = AFTER_HELP)]
pub struct Cli {
    /// Language of what scelle says: fr or en (default: the locale, from
    /// LC_ALL, LC_MESSAGES or LANG; French when it names French). --json
    /// output does not depend on it.
    #[arg(long, global = true, value_name = "LANG", value_parser = ["fr", "en"])]
    pub lang: Option<String>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    /// The language asked for, or the locale's.
    pub fn language(&self) -> scelle_l10n::Lang {
        self.lang
            .as_deref()
            .and_then(scelle_l10n::Lang::parse)
            .unwrap_or_else(scelle_l10n::Lang::from_env)
    }
}

const AFTER_HELP: &str = "\
Examples:
  scelle demo
  scelle key generate --out /media/usb/dupont
  scelle freeze --key /media/usb/dupont.key --out /media/usb --profile linux-web /srv/app
  scelle verify --pubkey dupont.pub --expect <seal hash> web01-20261125T091500Z.tar.zst
  scelle custody transfer --key dupont.key --to \"Camille Martin, expert\" web01-20261125T091500Z.tar.zst

Exit codes: 0 success or intact, 1 evidence failed verification, 2 usage or
input error, 3 acquisition finished with incomplete items, 4 authentic but not
anchored in the procès-verbal, 130 interrupted (Ctrl-C).";

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
    /// archive given verified again, signed (FILE.minisig), each archive's
    /// item list beside it.
    ///
    /// Example: scelle report --case-dir /cases/INC-42 --pubkey dupont.pub --key expert.key --author "Marie Martin, expert" --out rapport.html /media/usb/*.tar.zst
    Report(ReportArgs),
    /// Timestamp a sealed archive's manifest (or any file) with an RFC 3161
    /// TSA, for responders who were offline when sealing.
    ///
    /// Example: scelle timestamp --tsa http://timestamp.example/tsa --tsa-ca tsa-ca.pem --key dupont.key web01.tar.zst
    Timestamp(TimestampArgs),
    /// Make and show minisign-compatible key pairs.
    #[command(subcommand)]
    Key(KeyCommand),
    /// The evidence locker (S3 Object Lock): lock state, and fetching a locked version.
    #[command(subcommand)]
    Locker(LockerCommand),
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

/// `scelle locker ...`
#[derive(Debug, Subcommand)]
pub enum LockerCommand {
    /// Show an object's lock: version, retention mode and date, legal hold.
    ///
    /// Example: scelle locker status --path-style s3://evidence/INC-42/web01.tar.zst
    Status(LockerStatusArgs),
    /// List a case's archives: lock state, and the seal their first locked
    /// custody entry records.
    ///
    /// Example: scelle locker list --path-style s3://evidence/INC-42
    List(LockerListArgs),
    /// For each host, a grant file (DIR/<host>.grant.json) with which
    /// `scelle freeze --out grant:FILE` on that host uploads and locks its
    /// archive without credentials. The bucket needs a default retention.
    ///
    /// Example: scelle locker grant --hosts web01,web02 --out-dir grants --valid-for 7200 --retain-until 2036-12-01T00:00:00Z s3://evidence/INC-42
    Grant(LockerGrantArgs),
    /// Verify an archive straight from the bucket, in one streamed pass
    /// (nothing stored locally): the checks and report of `scelle verify`,
    /// the lock state, and the custody entries locked beside it (with --log,
    /// the log you were given must hold the last of them).
    ///
    /// Example: scelle locker verify --pubkey dupont.pub --expect SEAL --log web01.custody.jsonl s3://evidence/INC-42/web01.tar.zst
    Verify(LockerVerifyArgs),
    /// Place (--on) or release (--off) a legal hold on a version.
    ///
    /// Example: scelle locker hold --on s3://evidence/INC-42/web01.tar.zst
    Hold(LockerHoldArgs),
    /// Fetch a locked version to a new local file, hashed on the way; with
    /// --expect, a file whose SHA-256 is not the seal is not kept (exit 1).
    ///
    /// Example: scelle locker fetch --expect 3f1a...9c --to web01.tar.zst s3://evidence/INC-42/web01.tar.zst
    Fetch(LockerFetchArgs),
}

/// `scelle locker status`
#[derive(Debug, Args)]
pub struct LockerStatusArgs {
    #[command(flatten)]
    pub store: scelle_core::ops::locker::StoreOptions,
    /// The version (default: the latest).
    #[arg(long, value_name = "ID")]
    pub version: Option<String>,
    /// Print one JSON document.
    #[arg(long)]
    pub json: bool,
    /// s3://BUCKET/KEY
    pub url: String,
}

/// `scelle locker list`
#[derive(Debug, Args)]
pub struct LockerListArgs {
    #[command(flatten)]
    pub store: scelle_core::ops::locker::StoreOptions,
    /// Print one JSON document.
    #[arg(long)]
    pub json: bool,
    /// s3://BUCKET/PREFIX
    pub url: String,
}

/// `scelle locker grant`
#[derive(Debug, Args)]
pub struct LockerGrantArgs {
    #[command(flatten)]
    pub locker: scelle_core::ops::locker::LockerOptions,
    /// The hosts, comma-separated: one grant each.
    #[arg(long, value_name = "HOST,...", value_delimiter = ',', required = true)]
    pub hosts: Vec<String>,
    /// Where to write the grant files (mode 0600; never overwritten).
    #[arg(long, value_name = "DIR")]
    pub out_dir: std::path::PathBuf,
    /// How long the grants work, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 7200)]
    pub valid_for: u64,
    /// The largest archive a grant allows, in GiB.
    #[arg(long, value_name = "GIB", default_value_t = 16)]
    pub max_size: u64,
    /// Print one JSON document.
    #[arg(long)]
    pub json: bool,
    /// s3://BUCKET/PREFIX
    pub url: String,
}

/// `scelle locker verify`
#[derive(Debug, Args)]
pub struct LockerVerifyArgs {
    #[command(flatten)]
    pub options: scelle_core::ops::locker::LockerVerifyOptions,
    /// Print one JSON document.
    #[arg(long)]
    pub json: bool,
}

/// `scelle locker hold`
#[derive(Debug, Args)]
pub struct LockerHoldArgs {
    #[command(flatten)]
    pub store: scelle_core::ops::locker::StoreOptions,
    /// Place the hold.
    #[arg(long, conflicts_with = "off", required_unless_present = "off")]
    pub on: bool,
    /// Release it.
    #[arg(long)]
    pub off: bool,
    /// The version (default: the latest); write --version=ID.
    #[arg(long, value_name = "ID")]
    pub version: Option<String>,
    /// s3://BUCKET/KEY
    pub url: String,
}

/// `scelle locker fetch`
#[derive(Debug, Args)]
pub struct LockerFetchArgs {
    #[command(flatten)]
    pub store: scelle_core::ops::locker::StoreOptions,
    /// The version (default: the latest).
    #[arg(long, value_name = "ID")]
    pub version: Option<String>,
    /// The local file to create (never overwritten).
    #[arg(long, value_name = "FILE")]
    pub to: std::path::PathBuf,
    /// The seal hash from the procès-verbal.
    #[arg(long, value_name = "SEAL")]
    pub expect: Option<String>,
    /// Print one JSON document.
    #[arg(long)]
    pub json: bool,
    /// s3://BUCKET/KEY
    pub url: String,
}

/// `scelle key ...`
#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// Create PREFIX.key (secret, mode 0600) and PREFIX.pub; never overwrites.
    /// With --pkcs11 URI, the key pair is made on the token and only PREFIX.pub is written.
    ///
    /// Example: scelle key generate --out ~/keys/responder
    /// Example: scelle key generate --out dupont --pkcs11 'pkcs11:token=CJ;object=dupont?module-path=/usr/lib/softhsm/libsofthsm2.so'
    Generate(KeyGenerateArgs),
    /// Print a public key's id and SHA-256 fingerprint (for the procès-verbal).
    ///
    /// Example: scelle key show ~/keys/responder.pub
    Show(KeyShowArgs),
    /// Write the minisign public key (.pub) of a key held by an ssh-agent or
    /// a PKCS#11 token (or of a key file), for experts and keyrings.
    ///
    /// Example: scelle key export --key ssh-agent: --out dupont.pub
    Export(KeyExportArgs),
}

/// `scelle key export`
#[derive(Debug, Args)]
pub struct KeyExportArgs {
    /// The key: ssh-agent:[FINGERPRINT|KEY-ID|COMMENT], pkcs11:URI, or a key file.
    #[arg(long, value_name = "KEY")]
    pub key: PathBuf,
    #[command(flatten)]
    pub passphrase: PassphraseArgs,
    /// The public key file to write (never overwritten).
    #[arg(long, value_name = "FILE.pub")]
    pub out: PathBuf,
}

/// `scelle report`
#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub options: ReportOptions,
    /// The key that signs the report (FILE.minisig beside it).
    #[arg(long, value_name = "KEY", required_unless_present = "unsigned")]
    pub key: Option<PathBuf>,
    #[command(flatten)]
    pub passphrase: PassphraseArgs,
    /// Write the report without signing it (a draft; the report says it is not signed).
    #[arg(long, conflicts_with = "key")]
    pub unsigned: bool,
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
    /// Generate the key pair on a PKCS#11 token instead (the private key
    /// never exists outside it); writes only PREFIX.pub. The PIN comes from
    /// the URI's pin-source, --passphrase-file, or a prompt.
    #[arg(long, value_name = "URI", conflicts_with = "no_password")]
    pub pkcs11: Option<String>,
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
    #[command(flatten)]
    pub options: FreezeOptions,
    /// Print the summary as one JSON document on stdout.
    #[arg(long)]
    pub json: bool,
}

/// `scelle verify`
#[derive(Debug, Args)]
pub struct VerifyArgs {
    #[command(flatten)]
    pub options: VerifyOptions,
    /// Print the report as one JSON document on stdout.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub record: RecordArgs,
}

/// `scelle timestamp`
#[derive(Debug, Args)]
pub struct TimestampArgs {
    #[command(flatten)]
    pub options: StampOptions,
    /// Your secret key: for an archive, the timestamp is recorded in its custody log.
    #[arg(long, value_name = "KEY")]
    pub key: Option<PathBuf>,
    #[command(flatten)]
    pub passphrase: PassphraseArgs,
    /// Who you are, as it should read in the custody log.
    #[arg(long, value_name = "NAME")]
    pub actor: Option<String>,
    /// With --verify: print the check as one JSON document.
    #[arg(long, requires = "verify")]
    pub json: bool,
}

/// `scelle inspect`
#[derive(Debug, Args)]
pub struct InspectArgs {
    #[command(flatten)]
    pub options: InspectOptions,
    /// List the items too, one line each, after the summary (implied by
    /// --kind, --status and --path).
    #[arg(long)]
    pub items: bool,
    /// Print one JSON document on stdout.
    #[arg(long)]
    pub json: bool,
}

/// `scelle extract`
#[derive(Debug, Args)]
pub struct ExtractArgs {
    #[command(flatten)]
    pub options: ExtractOptions,
    /// Print the outcome as one JSON document on stdout.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub record: RecordArgs,
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
    /// The evidence locker where the archive is (s3://BUCKET/PREFIX): new
    /// entries are also stored there, locked like the archive; verify
    /// checks the log holds the last locked entry, so dropped lines show.
    #[arg(long, value_name = "S3-URL")]
    pub locker: Option<String>,
    #[command(flatten)]
    pub store: scelle_core::ops::locker::StoreOptions,
}

/// Who signs an entry.
#[derive(Debug, Args)]
pub struct SignerArgs {
    /// Your secret key (a file, ssh-agent: or pkcs11:). Default: $SCELLE_KEY.
    #[arg(long, value_name = "KEY", env = "SCELLE_KEY")]
    pub key: PathBuf,
    #[command(flatten)]
    pub passphrase: PassphraseArgs,
    /// Who you are, as it should read in the log ("NAME, ROLE"). Default: your login name.
    #[arg(long, value_name = "NAME")]
    pub actor: Option<String>,
}

/// `scelle custody show`
#[derive(Debug, Args)]
pub struct CustodyShowArgs {
    /// The custody log itself (default: <ID>.custody.jsonl beside ARCHIVE).
    #[arg(long, value_name = "FILE")]
    pub log: Option<PathBuf>,
    #[command(flatten)]
    pub trust: TrustOptions,
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
    pub trust: TrustOptions,
    /// Exit 0 without --pubkey/--keyring when every other check passes.
    #[arg(long)]
    pub allow_unauthenticated: bool,
    /// CA certificates (PEM or DER) trusted to certify the TSA of the
    /// timestamped custody entries; without it their TSA is not authenticated.
    #[arg(long, value_name = "FILE")]
    pub tsa_ca: Option<PathBuf>,
    /// The head a receipt recorded (SHA-256 of the log's last line then):
    /// the log must still contain that line, or entries were dropped.
    #[arg(long, value_name = "SHA256")]
    pub head: Option<String>,
    /// The entry count a receipt recorded: the log must have at least that
    /// many entries (with --head, line N must be the head).
    #[arg(long, value_name = "N")]
    pub entries: Option<u64>,
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
    pub tsa: TsaOptions,
    #[command(flatten)]
    pub target: LogTarget,
    /// Print the receipt (the entry and the log's new head) as JSON.
    #[arg(long)]
    pub json: bool,
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
    pub tsa: TsaOptions,
    #[command(flatten)]
    pub target: LogTarget,
    /// Print the receipt (the entry and the log's new head) as JSON.
    #[arg(long)]
    pub json: bool,
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
    pub tsa: TsaOptions,
    #[command(flatten)]
    pub target: LogTarget,
    /// Print the receipt (the entry and the log's new head) as JSON.
    #[arg(long)]
    pub json: bool,
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
    /// Record a report the CSIRT or the authority asked for (NIS2 art.
    /// 23(4)(c)), due by --due.
    ///
    /// Example: scelle case request --from ANSSI --due 2026-11-25T12:00:00+01:00 --reference CERTFR-2026-1234
    Request(CaseRequestArgs),
    /// Record a step of the response as done: documented, backups-secured,
    /// notified, scene-frozen, backups-inspected, communication,
    /// dpo-informed, counsel-informed, legal-action, incident-handled.
    ///
    /// Example: scelle case done dpo-informed --at 2026-11-20T16:10:00+01:00 --note "par téléphone"
    Done(CaseDoneArgs),
    /// Record what is known of the personal data breach (GDPR art. 33(3)):
    /// nature, persons and records concerned, consequences, measures.
    /// Fields not given keep their value.
    ///
    /// Example: scelle case breach --nature "exfiltration de la base clients" --persons 12000 --persons-category clients --measures "mots de passe réinitialisés"
    Breach(CaseBreachArgs),
    /// Write from the case: the content of the notification to the CNIL
    /// (cnil: art. 33(3) and (4)), the breach register's entry (register:
    /// art. 33(5)), the exhibit list of a requête art. 145 CPC
    /// (requete-145) or the facts and exhibits of a complaint (plainte).
    ///
    /// Example: scelle case export cnil --out notification-cnil.html
    Export(CaseExportArgs),
    /// The journal as a timeline, in the case's local time: who did what, when.
    ///
    /// Example: SCELLE_CASE=/cases/INC-42 scelle case show --keyring personnes.json
    Show(CaseShowArgs),
}

/// `scelle case request`
#[derive(Debug, Args)]
pub struct CaseRequestArgs {
    #[command(flatten)]
    pub case: CaseDirArg,
    #[command(flatten)]
    pub signer: SignerArgs,
    /// Who asked: ANSSI, CSIRT, CERT-FR...
    #[arg(long, value_name = "BODY")]
    pub from: String,
    /// By when, RFC 3339.
    #[arg(long, value_name = "RFC3339")]
    pub due: String,
    /// The request's reference.
    #[arg(long, value_name = "REF")]
    pub reference: Option<String>,
}

/// `scelle case done`
#[derive(Debug, Args)]
pub struct CaseDoneArgs {
    #[command(flatten)]
    pub case: CaseDirArg,
    #[command(flatten)]
    pub signer: SignerArgs,
    /// Timestamp the entry with an RFC 3161 TSA (journal times are otherwise the signer's clock).
    #[command(flatten)]
    pub tsa: TsaOptions,
    /// When it was done, RFC 3339 (default: now).
    #[arg(long, value_name = "RFC3339")]
    pub at: Option<String>,
    /// How, by whom, what was said.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// The step.
    #[arg(value_name = "STEP")]
    pub step: String,
}

/// `scelle case breach`
#[derive(Debug, Args)]
pub struct CaseBreachArgs {
    #[command(flatten)]
    pub case: CaseDirArg,
    #[command(flatten)]
    pub signer: SignerArgs,
    /// Timestamp the entry with an RFC 3161 TSA (journal times are otherwise the signer's clock).
    #[command(flatten)]
    pub tsa: TsaOptions,
    #[command(flatten)]
    pub options: BreachOptions,
}

/// `scelle case export`
#[derive(Debug, Args)]
pub struct CaseExportArgs {
    /// cnil (the notification's content), register (the breach register's
    /// entry), requete-145 (exhibit list of a requête art. 145 CPC) or
    /// plainte (facts and exhibits of a criminal complaint).
    #[arg(value_name = "WHAT", value_parser = ["cnil", "register", "requete-145", "plainte"])]
    pub what: String,
    #[command(flatten)]
    pub case: CaseDirArg,
    #[command(flatten)]
    pub trust: TrustOptions,
    /// FILE.html (printable) or FILE.md. Never overwritten.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

/// `scelle case show`
#[derive(Debug, Args)]
pub struct CaseShowArgs {
    #[command(flatten)]
    pub case: CaseDirArg,
    #[command(flatten)]
    pub trust: TrustOptions,
}

/// Which case: `--dir`, else `$SCELLE_CASE`, else the working directory
/// when it holds a case.
#[derive(Debug, Args)]
pub struct CaseDirArg {
    /// The case directory. Default: $SCELLE_CASE, else the working
    /// directory when it holds a case.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

impl CaseDirArg {
    /// The case directory this names.
    pub fn resolve(&self) -> anyhow::Result<PathBuf> {
        Ok(scelle_core::ops::case::case_dir(self.dir.as_deref())?)
    }
}

/// `scelle case init`
#[derive(Debug, Args)]
pub struct CaseInitArgs {
    /// The case directory (created if missing; must not hold a case yet).
    /// Default: $SCELLE_CASE.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    #[command(flatten)]
    pub signer: SignerArgs,
    #[command(flatten)]
    pub options: CaseInitOptions,
}

/// `scelle case log`
#[derive(Debug, Args)]
pub struct CaseLogArgs {
    #[command(flatten)]
    pub case: CaseDirArg,
    #[command(flatten)]
    pub signer: SignerArgs,
    /// Timestamp the entry with an RFC 3161 TSA (journal times are otherwise the signer's clock).
    #[command(flatten)]
    pub tsa: TsaOptions,
    /// What happened, what was done, what was decided.
    #[arg(value_name = "TEXT")]
    pub text: String,
}

/// `scelle case notify`
#[derive(Debug, Args)]
pub struct CaseNotifyArgs {
    #[command(flatten)]
    pub case: CaseDirArg,
    #[command(flatten)]
    pub signer: SignerArgs,
    /// Timestamp the entry with an RFC 3161 TSA (journal times are otherwise the signer's clock).
    #[command(flatten)]
    pub tsa: TsaOptions,
    #[command(flatten)]
    pub options: NotifyOptions,
}

/// `scelle case impact`
#[derive(Debug, Args)]
pub struct CaseImpactArgs {
    #[command(flatten)]
    pub case: CaseDirArg,
    #[command(flatten)]
    pub signer: SignerArgs,
    /// Timestamp the entry with an RFC 3161 TSA (journal times are otherwise the signer's clock).
    #[command(flatten)]
    pub tsa: TsaOptions,
    /// availability, integrity, confidentiality, traceability (none: no category).
    #[arg(value_name = "CATEGORY", required = true)]
    pub categories: Vec<String>,
}

/// `scelle case status`
#[derive(Debug, Args)]
pub struct CaseStatusArgs {
    #[command(flatten)]
    pub case: CaseDirArg,
    #[command(flatten)]
    pub trust: TrustOptions,
    /// Deadlines as they stand at this time, RFC 3339 (default: now).
    #[arg(long, value_name = "RFC3339")]
    pub at: Option<String>,
    /// A receipt of the journal (from a report or the procès-verbal): the
    /// SHA-256 of its last line then; the journal must still hold it.
    #[arg(long, value_name = "SHA256", requires = "entries")]
    pub head: Option<String>,
    /// The receipt's entry count.
    #[arg(long, value_name = "N", requires = "head")]
    pub entries: Option<u64>,
    /// Machine-readable output.
    #[arg(long)]
    pub json: bool,
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
    /// Record the baseline in this case's journal, signed with --key.
    #[arg(long, value_name = "DIR")]
    pub case_dir: Option<PathBuf>,
    #[command(flatten)]
    pub options: BaselineOptions,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `scelle audit`
#[derive(Debug, Args)]
pub struct AuditArgs {
    #[command(flatten)]
    pub options: AuditOptions,
    /// Record the audit's outcome in this case's journal (needs --key).
    #[arg(long, value_name = "DIR", requires = "key")]
    pub case_dir: Option<PathBuf>,
    /// The key that signs the journal entry.
    #[arg(long, value_name = "KEY", requires = "case_dir")]
    pub key: Option<PathBuf>,
    #[command(flatten)]
    pub passphrase: PassphraseArgs,
    /// Print the report as one JSON document.
    #[arg(long)]
    pub json: bool,
}
