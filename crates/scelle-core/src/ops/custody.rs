//! The chain of custody: `custody transfer|receive|note|verify|show`, and
//! the entries other operations record (`verified`, `extracted`).

use std::path::{Path, PathBuf};

use scelle_custody::{CustodyReport, Draft, Entry, ExpectedHead, Head, Keyring};
use scelle_sign::Signer as KeySigner;
use serde::{Deserialize, Serialize};

use crate::callbacks::Callbacks;
use crate::error::{refuse, Context, Result};
use crate::ops::timestamp::{self, TimestampReport, TsaOptions};
use scelle_finding::Verdict;

/// The event names and detail keys of custody entries: what an expert's
/// tooling reads in `<ID>.custody.jsonl` (docs/FORMAT.md lists them).
pub mod details {
    /// Event: the archive was sealed (first entry, written by freeze).
    pub const SEALED: &str = "sealed";
    /// Event: handed over.
    pub const TRANSFERRED: &str = "transferred";
    /// Event: taken over.
    pub const RECEIVED: &str = "received";
    /// Event: a free-text note.
    pub const NOTE: &str = "note";
    /// Event: verified (with `verify --record`).
    pub const VERIFIED: &str = "verified";
    /// Event: extracted (with `extract --record`).
    pub const EXTRACTED: &str = "extracted";
    /// Event: a trusted timestamp was obtained.
    pub const TIMESTAMPED: &str = "timestamped";
    /// Event: a TSA was asked and failed.
    pub const TIMESTAMP_FAILED: &str = "timestamp-failed";

    /// `sealed`: the SHA-256 of the archive file.
    pub const SEAL_SHA256: &str = "seal_sha256";
    /// `sealed`: the archive's size in bytes.
    pub const ARCHIVE_SIZE: &str = "archive_size";
    /// `sealed`: the SHA-256 of manifest.json.
    pub const MANIFEST_SHA256: &str = "manifest_sha256";
    /// `sealed`: the archive's file name.
    pub const ARCHIVE: &str = "archive";
    /// `transferred`: to whom.
    pub const TO: &str = "to";
    /// `transferred`: how.
    pub const MEANS: &str = "means";
    /// `transferred`, `received`: where.
    pub const LOCATION: &str = "location";
    /// `note`: the text.
    pub const TEXT: &str = "text";
    /// `verified`, `extracted`: the verdict.
    pub const RESULT: &str = "result";
    /// `verified`, `extracted`: how many findings.
    pub const FINDINGS: &str = "findings";
    /// `verified`, `extracted`: the fingerprint of the key checked against.
    pub const CHECKED_WITH_KEY_SHA256: &str = "checked_with_key_sha256";
    /// `extracted`: files written.
    pub const FILES: &str = "files";
    /// `extracted`: where.
    pub const EXTRACTED_TO: &str = "to";
    /// `extracted`: why nothing was kept.
    pub const REFUSED: &str = "refused";
    /// `timestamped`, `timestamp-failed`: the TSA's URL.
    pub const TSA: &str = "tsa";
    /// `timestamped`: the token file's name.
    pub const TOKEN: &str = "token";
    /// `timestamped`: the token file's SHA-256.
    pub const TOKEN_SHA256: &str = "token_sha256";
    /// `timestamped`: what was stamped (`manifest.json`, `custody log line N`).
    pub const STAMPED: &str = "stamped";
    /// `timestamped`: its SHA-256.
    pub const STAMPED_SHA256: &str = "stamped_sha256";
    /// `timestamped`: the TSA's genTime.
    pub const GEN_TIME: &str = "gen_time";
    /// `timestamped`: the token's serial number.
    pub const SERIAL: &str = "serial";
    /// `timestamped`: the TSA policy.
    pub const POLICY: &str = "policy";
    /// `timestamped`: the request's nonce (hex).
    pub const NONCE: &str = "nonce";
    /// `timestamped`: the TSA certificate's subject.
    pub const TSA_CERTIFICATE: &str = "tsa_certificate";
    /// `timestamped`: whether the TSA chained to a trusted CA.
    pub const TSA_AUTHENTICATED: &str = "tsa_authenticated";
    /// `timestamp-failed`: why.
    pub const ERROR: &str = "error";
}

/// Who signs an entry: the key, and the name recorded as the actor.
#[derive(Clone, Copy)]
pub struct Signer<'a> {
    /// The secret key.
    pub key: &'a dyn KeySigner,
    /// The stated name (`--actor`, default the login name).
    pub actor: &'a Option<String>,
}

/// The keys whose signatures are trusted: `--pubkey` files and a `--keyring`.
#[derive(Clone, Debug, Default)]
#[cfg_attr(feature = "clap", derive(clap::Args))]
pub struct TrustOptions {
    /// A public key trusted to sign entries (repeatable).
    #[cfg_attr(feature = "clap", arg(long, value_name = "PUB"))]
    pub pubkey: Vec<PathBuf>,
    /// A JSON keyring naming people: [{"name": ..., "role": ..., "public_key": "RWQ..."}].
    #[cfg_attr(feature = "clap", arg(long, value_name = "FILE"))]
    pub keyring: Option<PathBuf>,
}

impl TrustOptions {
    /// Loads the keys.
    pub fn keyring(&self) -> Result<Keyring> {
        let keys = self
            .pubkey
            .iter()
            .map(|path| crate::ops::keys::load_public(path, "--pubkey"))
            .collect::<Result<Vec<_>, _>>()?;
        let mut keyring = Keyring::from_public_keys(keys);
        if let Some(file) = &self.keyring {
            keyring.add_file(file)?;
        }
        Ok(keyring)
    }
}

/// The log to use: `log`, or the one beside `archive`.
pub fn log_path(log: Option<&Path>, archive: Option<&Path>) -> Result<PathBuf> {
    match (log, archive) {
        (Some(log), _) => Ok(log.to_path_buf()),
        (None, Some(archive)) => Ok(scelle_custody::log_path_for(archive)),
        (None, None) => refuse!("give the ARCHIVE or --log FILE"),
    }
}

/// An entry just appended, with the receipt to keep.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Recorded {
    /// The log it went to.
    pub log: PathBuf,
    /// The entry as signed.
    pub entry: Entry,
    /// The receipt: the log's entry count and the SHA-256 of its last line.
    pub head: Head,
}

/// Appends `draft` to `log`, signed by `signer`.
pub fn append(log: &Path, signer: &Signer, mut draft: Draft) -> Result<Recorded> {
    draft.actor = signer.actor.clone();
    let appended = scelle_custody::append(log, signer.key, draft)?;
    Ok(Recorded {
        log: log.to_path_buf(),
        entry: appended.entry,
        head: appended.head,
    })
}

/// The head a receipt recorded, from `--head` and `--entries`.
pub fn expected_head(head: Option<&str>, entries: Option<u64>) -> Result<ExpectedHead> {
    Ok(ExpectedHead {
        sha256: head
            .map(|text| text.trim().parse())
            .transpose()
            .context("--head")?,
        entries,
    })
}

/// Timestamps the entry just `recorded` with the TSA `tsa` names (if any):
/// its line, which the chain makes vouch for every line before it. A TSA
/// that fails is recorded and reported through `callbacks`, not an error.
pub fn stamp_entry(
    tsa: &TsaOptions,
    recorded: &Recorded,
    signer: &Signer,
    callbacks: &dyn Callbacks,
) -> Result<()> {
    timestamp::stamp_custody_entry(tsa, &recorded.log, recorded.entry.seq, signer, callbacks)
}

/// A `transferred` entry: handed over to `to`.
pub fn transferred(to: &str, means: Option<&str>, location: Option<&str>) -> Draft {
    with_optional(
        Draft::new(details::TRANSFERRED, "").detail(details::TO, to),
        &[(details::MEANS, means), (details::LOCATION, location)],
    )
}

/// A `received` entry.
pub fn received(note: Option<&str>, location: Option<&str>) -> Draft {
    with_optional(
        Draft::new(details::RECEIVED, ""),
        &[(details::NOTE, note), (details::LOCATION, location)],
    )
}

/// A `note` entry.
pub fn note(text: &str) -> Draft {
    Draft::new(details::NOTE, "").detail(details::TEXT, text)
}

fn with_optional(mut draft: Draft, values: &[(&str, Option<&str>)]) -> Draft {
    for (key, value) in values {
        if let Some(value) = value {
            draft = draft.detail(key, *value);
        }
    }
    draft
}

/// What `custody verify` and `custody show` found.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CustodyVerification {
    /// Every line chains and every signer is trusted (the timestamps are
    /// judged in [`CustodyVerification::verdict`]).
    pub intact: bool,
    /// The checks of the tokens of `timestamped` entries.
    pub timestamps: Vec<TimestampReport>,
    /// The chain itself.
    #[serde(flatten)]
    pub report: CustodyReport,
}

impl CustodyVerification {
    /// The verdict: intact only with no finding, every signer known and
    /// every timestamp valid.
    pub fn verdict(&self) -> Verdict {
        if self.timestamps.iter().all(|t| t.findings.is_empty()) {
            self.report.verdict()
        } else {
            Verdict::NotIntact
        }
    }
}

/// `custody verify`: the chain, its signers against `keyring`, the archive's
/// seal when `archive` is given, and the tokens of its timestamped entries.
pub fn verify(
    log: &Path,
    archive: Option<&Path>,
    keyring: &Keyring,
    tsa_ca: Option<&Path>,
    head: ExpectedHead,
) -> Result<CustodyVerification> {
    let seal = archive.map(scelle_custody::seal_of).transpose()?;
    let report = scelle_custody::verify_log_against(log, seal, keyring, head)?;
    let timestamps = timestamp::check_custody_tokens(log, &report, tsa_ca)?;
    Ok(CustodyVerification {
        intact: report.intact(),
        timestamps,
        report,
    })
}

/// `custody show`: the entries, checked as far as `keyring` allows, without
/// the archive or the tokens.
pub fn show(log: &Path, keyring: &Keyring) -> Result<CustodyVerification> {
    let report = scelle_custody::verify_log(log, None, keyring)?;
    Ok(CustodyVerification {
        intact: report.intact(),
        timestamps: Vec::new(),
        report,
    })
}
