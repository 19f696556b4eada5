//! `locker verify`: an archive checked straight from the bucket, in one
//! streamed pass (nothing stored on the way), with its lock state and the
//! custody entries locked beside it.

use std::io;
use std::path::PathBuf;

use chrono::Utc;
use scelle_custody::{CustodyReport, ExpectedHead, Keyring};
use scelle_finding::Verdict;
use scelle_hash::Sha256Digest;
use scelle_locker::{Locker, Place};
use serde::{Deserialize, Serialize};

use super::{fetch_entry, head_of, locked_entries, object, StatusReport, StoreOptions};
use crate::callbacks::{Callbacks, HashProgress};
use crate::error::Result;
use crate::ops::timestamp;
use crate::ops::verify::{KeyOptions, VerifyReport};

/// Most custody entries read from the locker for one archive.
const MAX_LOCKED_ENTRIES: usize = 10_000;

/// Most bytes of custody entries held in memory for one archive.
const MAX_LOCKED_BYTES: usize = 64 << 20;

/// What `locker verify` checks, and against what.
#[derive(Clone, Debug, Default)]
#[cfg_attr(feature = "clap", derive(clap::Args))]
pub struct LockerVerifyOptions {
    /// The key and the anchors, as for `scelle verify`.
    #[cfg_attr(feature = "clap", command(flatten))]
    pub keys: KeyOptions,
    /// Without --pubkey, exit 0 when every other check passes.
    #[cfg_attr(feature = "clap", arg(long))]
    pub allow_unauthenticated: bool,
    /// The custody log you were given: it must hold the locker's last
    /// locked entry at its place (so no entry was dropped from it).
    #[cfg_attr(feature = "clap", arg(long, value_name = "LOG"))]
    pub log: Option<PathBuf>,
    /// The archive's timestamp token (<ID>.manifest.tsr), when you were given one.
    #[cfg_attr(feature = "clap", arg(long, value_name = "FILE"))]
    pub tsr: Option<PathBuf>,
    /// CA certificates (PEM or DER) trusted to certify the TSA of the token.
    #[cfg_attr(feature = "clap", arg(long, value_name = "FILE"))]
    pub tsa_ca: Option<PathBuf>,
    /// The version to verify (default: the latest); write --version=ID.
    #[cfg_attr(feature = "clap", arg(long, value_name = "ID"))]
    pub version: Option<String>,
    /// The store.
    #[cfg_attr(feature = "clap", command(flatten))]
    pub store: StoreOptions,
    /// The archive in the locker: s3://BUCKET/PREFIX/<ID>.tar.zst
    #[cfg_attr(feature = "clap", arg(value_name = "URL"))]
    pub url: String,
}

/// The custody entries locked beside an archive, checked as a log.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct LockedCustody {
    /// Where they are: `s3://BUCKET/PREFIX/<ID>.custody/`.
    pub prefix: String,
    /// How many entries the locker holds.
    pub entries: u64,
    /// How many of them, from entry 0 on without a gap, were checked as a
    /// chain (an entry appended without `--locker` leaves a gap).
    pub chained: u64,
    /// That chain's check: signatures, links, the sealed entry's seal
    /// against the archive's; none when the locker holds no entry 0.
    pub report: Option<CustodyReport>,
}

/// What `locker verify` found.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct LockerVerifyReport {
    /// The archive's version and lock, as HEAD reported them before it was read.
    pub locked: StatusReport,
    /// A retention date still ahead: until then nobody can alter or
    /// delete this version (COMPLIANCE), or only who may bypass it (GOVERNANCE).
    pub lock_in_force: bool,
    /// Every version and delete marker of the archive's key, newest first.
    pub versions: Vec<ListedVersion>,
    /// What the locker shows that is worth the expert's attention without
    /// touching the verified version: later versions written on top of it,
    /// delete markers, custody entries written again.
    pub warnings: Vec<String>,
    /// The archive, with the same checks and report as `scelle verify`.
    pub archive: VerifyReport,
    /// The custody entries locked beside it.
    pub locked_custody: LockedCustody,
    /// The custody log given with `--log`, checked against the locked entries.
    pub log: Option<CustodyReport>,
}

impl LockerVerifyReport {
    /// The archive's verdict, made not intact by any custody finding.
    pub fn verdict(&self) -> Verdict {
        let custody_findings = self
            .locked_custody
            .report
            .iter()
            .chain(self.log.iter())
            .any(|report| report.findings_total > 0);
        if custody_findings {
            Verdict::NotIntact
        } else {
            self.archive.verdict()
        }
    }
}

/// A version of the archive's key.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ListedVersion {
    /// Its version id.
    pub version_id: String,
    /// When it was written, as the store says.
    pub last_modified: String,
    /// A delete marker (no content), not a version.
    pub delete_marker: bool,
    /// The one verified.
    pub verified: bool,
}

/// An archive version in the bucket, read as a verification reads a file.
struct LockedArchive<'a> {
    locker: &'a Locker,
    url: &'a str,
    bucket: &'a str,
    key: &'a str,
    version: Option<&'a str>,
}

impl scelle_verify::Source for LockedArchive<'_> {
    fn name(&self) -> String {
        self.url.to_string()
    }

    fn file_name(&self) -> Option<String> {
        self.key.rsplit('/').next().map(str::to_string)
    }

    fn open(&self) -> io::Result<Box<dyn io::Read + '_>> {
        let reader = self
            .locker
            .open(self.bucket, self.key, self.version)
            .map_err(io::Error::other)?;
        Ok(reader)
    }
}

/// `locker verify`: reads the version HEAD names (so the lock state and the
/// bytes belong together) once, through every check `scelle verify` makes,
/// then checks the custody entries locked beside it, and the given log
/// against them.
pub fn verify(
    options: &LockerVerifyOptions,
    callbacks: &dyn Callbacks,
) -> Result<LockerVerifyReport> {
    let (bucket, key) = object(&options.url)?;
    let Some(evidence_id) = key
        .rsplit('/')
        .next()
        .and_then(|name| name.strip_suffix(".tar.zst"))
    else {
        return Err(crate::Error::refused(format!(
            "{}: name the archive, s3://BUCKET/PREFIX/<ID>.tar.zst",
            options.url
        )));
    };
    let checks = options.keys.checks()?;
    let locker = options.store.locker()?;
    let listed: Vec<scelle_locker::Version> = locker
        .versions(&bucket, &key)?
        .into_iter()
        .filter(|version| version.key == key)
        .collect();
    let mut warnings = Vec::new();
    let version = match &options.version {
        Some(version) => version.clone(),
        None => first_written(&listed, &options.url, &mut warnings)?,
    };
    let state = locker.head(&bucket, &key, Some(&version))?;
    let locked = StatusReport::of(&options.url, &state);
    let versions = listed
        .iter()
        .map(|listed| ListedVersion {
            version_id: listed.version_id.clone(),
            last_modified: listed.last_modified.clone(),
            delete_marker: listed.delete_marker,
            verified: listed.version_id == version,
        })
        .collect();
    let version = Some(version.as_str());

    let source = LockedArchive {
        locker: &locker,
        url: &options.url,
        bucket: &bucket,
        key: &key,
        version,
    };
    let progress = HashProgress(callbacks);
    callbacks.started(state.size);
    let report = scelle_verify::verify_source_with(
        &source,
        &checks,
        scelle_verify::Hooks {
            progress: Some(&progress),
            ..Default::default()
        },
    );
    callbacks.finished();
    let report = report?;
    let verdict = report.verdict();
    let timestamp = match &options.tsr {
        // The log beside the token, if there, holds the nonce scelle asked for.
        Some(token) => timestamp::check_token(
            &token.with_file_name(format!("{evidence_id}.tar.zst")),
            Some(token),
            options.tsa_ca.as_deref(),
            report.manifest_sha256,
            report.signature.trusted_comment.as_deref(),
        )?,
        None => None,
    };
    let seal = report.seal_sha256;
    let archive = VerifyReport {
        verdict,
        intact: verdict == Verdict::Intact,
        timestamp,
        report,
    };

    let keyring = custody_keyring(&options.keys)?;
    let place = Place {
        bucket: bucket.clone(),
        prefix: key
            .rsplit_once('/')
            .map(|(prefix, _)| prefix.to_string())
            .unwrap_or_default(),
    };
    let (locked_custody, head) =
        locked_custody(&locker, &place, evidence_id, seal, &keyring, &mut warnings)?;
    let log = match &options.log {
        Some(log) => Some(scelle_custody::verify_log_against(
            log,
            seal,
            &keyring,
            head.ok_or_else(|| {
                crate::Error::refused(format!(
                    "--log: the locker holds no custody entry under {}, so there is nothing to \
                     check the log against",
                    locked_custody.prefix
                ))
            })?,
        )?),
        None => None,
    };
    Ok(LockerVerifyReport {
        lock_in_force: state
            .retain_until
            .is_some_and(|until| state.lock_mode.is_some() && until > Utc::now()),
        locked,
        versions,
        warnings,
        archive,
        locked_custody,
        log,
    })
}

/// The version a freeze wrote, when no `--version` names one: the oldest
/// of the key (anything newer was put on top of the locked one later, and
/// is named in `warnings`).
fn first_written(
    listed: &[scelle_locker::Version],
    url: &str,
    warnings: &mut Vec<String>,
) -> Result<String> {
    let contents: Vec<&scelle_locker::Version> = listed
        .iter()
        .filter(|version| !version.delete_marker)
        .collect();
    let Some(first) = contents.last() else {
        return Err(crate::Error::refused(format!(
            "{url}: the locker holds no version of this archive"
        )));
    };
    if contents.len() > 1 {
        let later: Vec<&str> = contents[..contents.len() - 1]
            .iter()
            .map(|version| version.version_id.as_str())
            .collect();
        warnings.push(format!(
            "{} later version(s) were written on top of the first: {}; the first ({}, {}) is \
             verified; name another with --version=ID",
            later.len(),
            later.join(", "),
            first.version_id,
            first.last_modified
        ));
    }
    if let Some(marker) = listed.iter().find(|version| version.delete_marker) {
        warnings.push(format!(
            "a delete marker ({}, {}) hides the archive from a plain GET: someone asked to \
             delete it; the locked versions are still there",
            marker.version_id, marker.last_modified
        ));
    }
    Ok(first.version_id.clone())
}

/// The keys custody entries must be signed with: the `--pubkey` and the
/// `--keyring` the archive is checked against.
fn custody_keyring(keys: &KeyOptions) -> Result<Keyring> {
    let public_keys = keys
        .pubkey
        .as_deref()
        .map(|path| crate::ops::keys::load_public(path, "--pubkey"))
        .transpose()?;
    let mut keyring = Keyring::from_public_keys(public_keys.into_iter().collect());
    if let Some(file) = &keys.keyring {
        keyring.add_file(file)?;
    }
    Ok(keyring)
}

/// Reads the custody entries locked under `place` for `evidence_id` and
/// checks those from entry 0 on, without a gap, as a log whose sealed entry
/// must record `seal`; also returns the head the locker anchors (its
/// highest-numbered entry).
fn locked_custody(
    locker: &Locker,
    place: &Place,
    evidence_id: &str,
    seal: Option<Sha256Digest>,
    keyring: &Keyring,
    warnings: &mut Vec<String>,
) -> Result<(LockedCustody, Option<ExpectedHead>)> {
    let prefix = place.key(&format!("{evidence_id}.custody/"));
    let shown_prefix = format!("s3://{}/{prefix}", place.bucket);
    let first_versions = locked_entries(locker, place, evidence_id, warnings)?;
    let numbers: Vec<u64> = first_versions.iter().map(|(seq, _)| *seq).collect();
    if numbers.len() > MAX_LOCKED_ENTRIES {
        return Err(crate::Error::refused(format!(
            "{shown_prefix} holds {} custody entries, more than the {MAX_LOCKED_ENTRIES} a log \
             of one archive can plausibly have",
            numbers.len()
        )));
    }
    let chained = numbers
        .iter()
        .enumerate()
        .take_while(|(position, &seq)| *position as u64 == seq)
        .count();
    // The chain from entry 0, and the last entry: the head the locker anchors.
    let mut lines = Vec::new();
    for (seq, version) in &first_versions[..chained] {
        let line = fetch_entry(locker, place, evidence_id, *seq, version)?;
        if lines.len() + line.len() > MAX_LOCKED_BYTES {
            return Err(crate::Error::refused(format!(
                "the custody entries under {shown_prefix} exceed {MAX_LOCKED_BYTES} bytes"
            )));
        }
        lines.extend_from_slice(&line);
        lines.push(b'\n');
    }
    let head = head_of(locker, place, evidence_id, &first_versions)?;
    let report = (chained > 0)
        .then(|| scelle_custody::verify_lines(&shown_prefix, &lines, seal, keyring, None));
    Ok((
        LockedCustody {
            prefix: shown_prefix,
            entries: numbers.len() as u64,
            chained: chained as u64,
            report,
        },
        head,
    ))
}
