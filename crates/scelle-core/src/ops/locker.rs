//! `freeze --out s3://BUCKET/PREFIX`: where the evidence locker is and how
//! what lands there is locked.

use std::io::Write;
use std::path::Path;

use chrono::{DateTime, Utc};
use scelle_atomic::AtomicFile;
use scelle_hash::Sha256Digest;
use scelle_locker::{Lock, LockMode, Locker, Place};
use serde::{Deserialize, Serialize};

use crate::error::{Context, Result};

mod verify;
pub use verify::{verify, LockedCustody, LockerVerifyOptions, LockerVerifyReport};

/// Which store, and how to address it.
#[derive(Clone, Debug, Default)]
#[cfg_attr(feature = "clap", derive(clap::Args))]
pub struct StoreOptions {
    /// The S3 endpoint (default: AWS_ENDPOINT_URL, else AWS's for the region).
    #[cfg_attr(feature = "clap", arg(long, value_name = "URL"))]
    pub endpoint: Option<String>,
    /// Address buckets as ENDPOINT/BUCKET (Ceph, MinIO) rather than BUCKET.ENDPOINT.
    #[cfg_attr(feature = "clap", arg(long))]
    pub path_style: bool,
}

impl StoreOptions {
    /// The store, with credentials from the environment.
    pub fn locker(&self) -> Result<Locker> {
        Ok(Locker::from_environment(
            self.endpoint.as_deref(),
            self.path_style,
        )?)
    }
}

/// The S3 Object Lock store and the lock to apply.
#[derive(Clone, Debug, Default)]
#[cfg_attr(feature = "clap", derive(clap::Args))]
pub struct LockerOptions {
    /// With --out s3://...: keep the evidence locked until this date
    /// (RFC 3339, e.g. 2036-12-01T00:00:00Z). Required for the locker.
    #[cfg_attr(feature = "clap", arg(long, value_name = "TIME"))]
    pub retain_until: Option<String>,
    /// With --out s3://...: COMPLIANCE (nobody can shorten or remove the lock)
    /// or GOVERNANCE (users allowed to bypass it can).
    #[cfg_attr(
        feature = "clap",
        arg(long, value_name = "MODE", default_value = "compliance")
    )]
    pub lock_mode: String,
    /// With --out s3://...: also place a legal hold (kept until released).
    #[cfg_attr(feature = "clap", arg(long))]
    pub legal_hold: bool,
    #[cfg_attr(feature = "clap", command(flatten))]
    /// The store.
    pub store: StoreOptions,
}

/// Where a freeze into the locker goes: signed here with credentials, or
/// through a grant's presigned URLs.
pub enum Target {
    /// `--out s3://BUCKET/PREFIX`, with credentials on this machine.
    Direct(Box<Destination>),
    /// `--out grant:FILE`, no credentials: what the lead responder granted.
    Granted(Box<scelle_locker::Grant>),
}

impl Target {
    /// What `out` names (`s3://...` or `grant:FILE`).
    pub fn of(out: &str, options: &LockerOptions) -> Result<Self> {
        match out.strip_prefix("grant:") {
            Some(file) => {
                // 10 000 part URLs make a few MiB; anything much larger is not a grant.
                let mut text = String::new();
                std::io::Read::read_to_string(
                    &mut std::io::Read::take(
                        std::fs::File::open(file).with_context(|| format!("grant {file}"))?,
                        16 << 20,
                    ),
                    &mut text,
                )
                .with_context(|| format!("grant {file}"))?;
                Ok(Self::Granted(Box::new(scelle_locker::Grant::parse(&text)?)))
            }
            None => Ok(Self::Direct(Box::new(options.destination(out)?))),
        }
    }

    /// The evidence id a grant fixes.
    pub fn granted_id(&self) -> Option<&str> {
        match self {
            Target::Granted(grant) => Some(&grant.evidence_id),
            Target::Direct(_) => None,
        }
    }

    /// The upload of the archive `archive_name`, and its `s3://` location.
    pub fn upload(&self, archive_name: &str) -> Result<(scelle_locker::Upload<'_>, String)> {
        match self {
            Target::Direct(destination) => {
                let key = destination.place.key(archive_name);
                let upload = destination.locker.upload(
                    &destination.place.bucket,
                    &key,
                    destination.lock.clone(),
                )?;
                Ok((upload, format!("s3://{}/{key}", destination.place.bucket)))
            }
            Target::Granted(grant) => Ok((
                scelle_locker::Upload::granted(grant)?,
                grant.archive.clone(),
            )),
        }
    }

    /// Stores the custody log's first entry (`line`) beside the archive, locked.
    pub fn store_first_entry(&self, evidence_id: &str, line: &[u8]) -> Result<StatusReport> {
        match self {
            Target::Direct(destination) => {
                let key = entry_key(&destination.place, evidence_id, 0);
                let state = destination.locker.put_locked(
                    &destination.place.bucket,
                    &key,
                    line,
                    &destination.lock,
                )?;
                Ok(StatusReport::of(
                    &format!("s3://{}/{key}", destination.place.bucket),
                    &state,
                ))
            }
            Target::Granted(grant) => {
                let state = grant.store_entry(line)?;
                Ok(StatusReport::of(&grant.entry.object, &state))
            }
        }
    }
}

/// Where the archive goes in the locker, with what lock.
pub struct Destination {
    /// The store.
    pub locker: Locker,
    /// Bucket and prefix.
    pub place: Place,
    /// The lock every object gets.
    pub lock: Lock,
}

impl LockerOptions {
    /// The destination `out` (`s3://BUCKET/PREFIX`) names, or a refusal
    /// saying what is missing.
    pub fn destination(&self, out: &str) -> Result<Destination> {
        let place = Place::parse(out).map_err(crate::Error::from)?;
        let Some(until) = &self.retain_until else {
            return Err(crate::Error::refused(
                "--out s3://... needs --retain-until TIME (RFC 3339): the date before which \
                 nobody may alter or delete the evidence",
            ));
        };
        let retain_until = DateTime::parse_from_rfc3339(until)
            .with_context(|| format!("--retain-until {until:?} is not an RFC 3339 time"))?
            .with_timezone(&Utc);
        if retain_until <= Utc::now() {
            return Err(crate::Error::refused(format!(
                "--retain-until {until} is in the past: the evidence would not be locked"
            )));
        }
        let mode = match self.lock_mode.to_ascii_lowercase().as_str() {
            "compliance" => LockMode::Compliance,
            "governance" => LockMode::Governance,
            other => {
                return Err(crate::Error::refused(format!(
                    "--lock-mode {other:?}: say compliance or governance"
                )))
            }
        };
        let locker = self.store.locker()?;
        Ok(Destination {
            locker,
            place,
            lock: Lock {
                mode,
                retain_until,
                legal_hold: self.legal_hold,
            },
        })
    }
}

/// The largest custody entry read from the locker (a log's line limit).
const ENTRY_LIMIT: u64 = scelle_custody::lines::MAX_LINE;

/// The key of custody entry `seq` of `evidence_id` under `place`:
/// `PREFIX/<ID>.custody/<seq, 8 digits>.json` (so that keys sort by seq).
pub fn entry_key(place: &Place, evidence_id: &str, seq: u64) -> String {
    place.key(&format!("{evidence_id}.custody/{seq:08}.json"))
}

/// The expected head of the custody log of `evidence_id` that the locker
/// holds under `place`: its highest-numbered locked entry, in the version
/// first written (as `locker verify` reads it). The log must
/// hold that line at that position; with the chain intact, every earlier
/// line is then the one the locker implies.
pub fn locked_head(
    place: &Place,
    evidence_id: &str,
    store: &StoreOptions,
) -> Result<scelle_custody::ExpectedHead> {
    let locker = store.locker()?;
    // Entries written again after they were locked are told by `locker verify`.
    let entries = locked_entries(&locker, place, evidence_id, &mut Vec::new())?;
    head_of(&locker, place, evidence_id, &entries)?.ok_or_else(|| {
        crate::Error::refused(format!(
            "the locker holds no custody entry under s3://{}/{}",
            place.bucket,
            place.key(&format!("{evidence_id}.custody/"))
        ))
    })
}

/// The custody entries locked for `evidence_id` under `place`, in order:
/// each entry's number and its first version (the one locked when it was
/// recorded; one written again is named in `warnings`).
fn locked_entries(
    locker: &Locker,
    place: &Place,
    evidence_id: &str,
    warnings: &mut Vec<String>,
) -> Result<Vec<(u64, String)>> {
    let prefix = place.key(&format!("{evidence_id}.custody/"));
    // Listings give each key's newest version first.
    let mut first_versions: Vec<(u64, String)> = Vec::new();
    for version in locker.versions(&place.bucket, &prefix)? {
        let Some(seq) = version
            .key
            .strip_prefix(&prefix)
            .and_then(|name| name.strip_suffix(".json"))
            .and_then(|digits| digits.parse::<u64>().ok())
        else {
            continue;
        };
        if version.delete_marker {
            continue;
        }
        match first_versions.last_mut() {
            Some((last, id)) if *last == seq => {
                warnings.push(format!(
                    "custody entry {seq} was written again after it was locked (version {id}); \
                     the first version is checked"
                ));
                *id = version.version_id;
            }
            _ => first_versions.push((seq, version.version_id)),
        }
    }
    first_versions.sort_unstable();
    Ok(first_versions)
}

/// The head the locker anchors: its highest-numbered entry (first version).
fn head_of(
    locker: &Locker,
    place: &Place,
    evidence_id: &str,
    entries: &[(u64, String)],
) -> Result<Option<scelle_custody::ExpectedHead>> {
    let Some((last, version)) = entries.last() else {
        return Ok(None);
    };
    let line = fetch_entry(locker, place, evidence_id, *last, version)?;
    Ok(Some(scelle_custody::ExpectedHead {
        sha256: Some(Sha256Digest::of(&line)),
        entries: Some(last + 1),
    }))
}

/// Custody entry `seq` of `evidence_id`, that `version` of it.
fn fetch_entry(
    locker: &Locker,
    place: &Place,
    evidence_id: &str,
    seq: u64,
    version: &str,
) -> Result<Vec<u8>> {
    let key = entry_key(place, evidence_id, seq);
    Ok(locker.fetch_small(&place.bucket, &key, Some(version), ENTRY_LIMIT)?)
}

/// `s3://BUCKET/KEY` taken apart (the key is the whole path).
fn object(url: &str) -> Result<(String, String)> {
    let place = Place::parse(url)?;
    if place.prefix.is_empty() {
        return Err(crate::Error::refused(format!(
            "{url:?} names a bucket, not an object: s3://BUCKET/KEY"
        )));
    }
    Ok((place.bucket, place.prefix))
}

/// An object's lock state, as `locker status` prints it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct StatusReport {
    /// `s3://BUCKET/KEY`.
    pub url: String,
    /// The version.
    pub version_id: Option<String>,
    /// Its size.
    pub size: Option<u64>,
    /// `COMPLIANCE`, `GOVERNANCE`, or none.
    pub lock_mode: Option<String>,
    /// Retention date, RFC 3339.
    pub retain_until: Option<String>,
    /// Legal hold on.
    pub legal_hold: bool,
}

impl StatusReport {
    /// The report of `state`, the object at `url`.
    pub fn of(url: &str, state: &scelle_locker::ObjectState) -> Self {
        Self {
            url: url.to_string(),
            version_id: state.version_id.clone(),
            size: state.size,
            lock_mode: state.lock_mode.clone(),
            retain_until: state
                .retain_until
                .map(|until| until.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
            legal_hold: state.legal_hold,
        }
    }
}

/// `locker status`: the lock state of a version of an object.
pub fn status(url: &str, version: Option<&str>, store: &StoreOptions) -> Result<StatusReport> {
    let (bucket, key) = object(url)?;
    let state = store.locker()?.head(&bucket, &key, version)?;
    Ok(StatusReport::of(url, &state))
}

/// What `locker fetch` brought back.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FetchReport {
    /// Where it came from, and its lock state.
    pub status: StatusReport,
    /// The local file.
    pub file: String,
    /// Bytes fetched.
    pub size: u64,
    /// SHA-256 of what was fetched: the seal, for an archive.
    pub sha256: Sha256Digest,
    /// The seal expected (`--expect`), if given.
    pub expected: Option<Sha256Digest>,
}

impl FetchReport {
    /// Whether what was fetched is what was expected (or nothing was).
    pub fn as_expected(&self) -> bool {
        self.expected.is_none_or(|expected| expected == self.sha256)
    }
}

/// `locker fetch`: a version of an object into `to` (never overwritten),
/// hashed on the way. With `expect`, a file whose SHA-256 differs is not
/// kept: unverified bytes never land where they could be taken for evidence.
pub fn fetch(
    url: &str,
    version: Option<&str>,
    to: &Path,
    expect: Option<Sha256Digest>,
    store: &StoreOptions,
) -> Result<FetchReport> {
    let (bucket, key) = object(url)?;
    let locker = store.locker()?;
    let state = status(url, version, store)?;
    // The version HEAD saw, so that status and bytes belong together.
    let version = state.version_id.clone().or(version.map(str::to_string));
    let mut file = AtomicFile::create(to, 0o444)?;
    let (size, sha256) = locker.fetch(&bucket, &key, version.as_deref(), &mut file)?;
    file.flush()?;
    let report = FetchReport {
        status: state,
        file: to.display().to_string(),
        size,
        sha256,
        expected: expect,
    };
    if report.as_expected() {
        file.commit()
            .with_context(|| format!("cannot finish {}", to.display()))?;
    }
    Ok(report)
}

/// Line `seq` of the custody log at `log` (without its newline).
fn log_line(log: &Path, seq: u64) -> Result<Vec<u8>> {
    let text = std::fs::read(log).with_context(|| format!("cannot read {}", log.display()))?;
    let line = text.split(|&b| b == b'\n').nth(seq as usize);
    line.map(<[u8]>::to_vec)
        .ok_or_else(|| crate::Error::refused(format!("{} has no line {seq}", log.display())))
}

/// The evidence id the custody log at `log` is about (its first entry's).
pub fn evidence_id_of_log(log: &Path) -> Result<String> {
    let first = log_line(log, 0)?;
    let parts = scelle_custody::split_line(&first).map_err(|reason| {
        crate::Error::refused(format!(
            "{}: its first line does not parse: {reason}",
            log.display()
        ))
    })?;
    Ok(parts.entry.evidence_id.to_string())
}

/// Stores custody entry `seq` of the log at `log` as its own locked object
/// under `url` (`s3://BUCKET/PREFIX`, where the archive is), locked like the
/// archive `<ID>.tar.zst` there (its mode and retention date, read with HEAD).
pub fn lock_entry(
    url: &str,
    log: &Path,
    evidence_id: &str,
    seq: u64,
    store: &StoreOptions,
) -> Result<StatusReport> {
    let place = Place::parse(url)?;
    let locker = store.locker()?;
    let archive = place.key(&format!("{evidence_id}.tar.zst"));
    let held = locker.head(&place.bucket, &archive, None)?;
    let (Some(mode), Some(retain_until)) = (held.lock_mode.as_deref(), held.retain_until) else {
        return Err(crate::Error::refused(format!(
            "s3://{}/{archive} carries no retention lock: refusing to add custody entries beside it",
            place.bucket
        )));
    };
    let lock = Lock {
        mode: if mode == "GOVERNANCE" {
            LockMode::Governance
        } else {
            LockMode::Compliance
        },
        retain_until,
        legal_hold: false,
    };
    let key = entry_key(&place, evidence_id, seq);
    let state = locker.put_locked(&place.bucket, &key, &log_line(log, seq)?, &lock)?;
    Ok(StatusReport::of(
        &format!("s3://{}/{key}", place.bucket),
        &state,
    ))
}

/// One archive of a case in the locker, as `locker list` shows it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ListedArchive {
    /// The archive's object and lock state.
    pub archive: StatusReport,
    /// The seal hash its locked first custody entry records (signed, but
    /// not checked here: `locker fetch --expect` and `verify` check it).
    pub recorded_seal: Option<String>,
    /// How many custody entries are locked beside it.
    pub locked_entries: usize,
}

/// `locker list`: the archives under `url` (`s3://BUCKET/PREFIX`) with their
/// lock state and the seal their first locked custody entry records.
pub fn list(url: &str, store: &StoreOptions) -> Result<Vec<ListedArchive>> {
    let place = Place::parse(url)?;
    let locker = store.locker()?;
    let prefix = if place.prefix.is_empty() {
        String::new()
    } else {
        format!("{}/", place.prefix)
    };
    let keys = locker.list(&place.bucket, &prefix)?;
    let mut listed = Vec::new();
    for key in keys.iter().filter(|key| key.ends_with(".tar.zst")) {
        let id = key[prefix.len()..].trim_end_matches(".tar.zst");
        let state = locker.head(&place.bucket, key, None)?;
        let entries: Vec<&String> = keys
            .iter()
            .filter(|other| other.starts_with(&format!("{prefix}{id}.custody/")))
            .collect();
        let first = entries.iter().min();
        let recorded_seal = match first {
            Some(first) => {
                let line = locker.fetch_small(&place.bucket, first, None, ENTRY_LIMIT)?;
                scelle_custody::split_line(&line).ok().and_then(|parts| {
                    parts
                        .entry
                        .details
                        .get(crate::ops::custody::details::SEAL_SHA256)
                        .and_then(|value| value.as_str())
                        .map(str::to_string)
                })
            }
            None => None,
        };
        listed.push(ListedArchive {
            archive: StatusReport::of(&format!("s3://{}/{key}", place.bucket), &state),
            recorded_seal,
            locked_entries: entries.len(),
        });
    }
    Ok(listed)
}

/// `locker hold`: places (`on`) or releases a legal hold on a version of
/// an object, then reads the state back.
pub fn hold(
    url: &str,
    version: Option<&str>,
    on: bool,
    store: &StoreOptions,
) -> Result<StatusReport> {
    let (bucket, key) = object(url)?;
    let locker = store.locker()?;
    locker.set_legal_hold(&bucket, &key, version, on)?;
    let state = locker.head(&bucket, &key, version)?;
    if state.legal_hold != on {
        return Err(crate::Error::refused(format!(
            "{url}: the legal hold was asked {}, but the store reports it {}",
            if on { "on" } else { "off" },
            if state.legal_hold { "on" } else { "off" }
        )));
    }
    Ok(StatusReport::of(url, &state))
}

/// One host's grant, as `locker grant` reports it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct GrantReport {
    /// The host.
    pub host: String,
    /// The evidence id its archive will have.
    pub evidence_id: String,
    /// The grant file (mode 0600: its URLs are bearer secrets until they expire).
    pub file: String,
    /// Where the archive will be.
    pub archive: String,
    /// Until when the URLs work.
    pub expires: String,
}

/// `locker grant`: for each host, a grant file `DIR/<host>.grant.json`
/// letting `freeze --out grant:FILE` there upload and lock its archive
/// (up to `max_gib` GiB) under `url` within `valid_for_seconds`, without
/// credentials.
pub fn grant(
    url: &str,
    hosts: &[String],
    out_dir: &Path,
    valid_for_seconds: u64,
    max_gib: u64,
    options: &LockerOptions,
) -> Result<Vec<GrantReport>> {
    let destination = options.destination(url)?;
    let stamp = Utc::now().format("%Y%m%dT%H%M%SZ");
    let max_parts = usize::try_from((max_gib << 30).div_ceil(scelle_locker::PART_SIZE as u64))
        .unwrap_or(usize::MAX)
        .clamp(1, 10_000);
    let mut reports = Vec::new();
    for host in hosts {
        let id =
            scelle_archive::EvidenceId::parse(&format!("{host}-{stamp}")).map_err(|error| {
                crate::Error::refused(format!("host {host:?} cannot name evidence: {error}"))
            })?;
        let grant = scelle_locker::Grant::issue(
            &destination.locker,
            &destination.place,
            id.as_str(),
            &destination.lock,
            valid_for_seconds,
            max_parts,
        )?;
        let file = out_dir.join(format!("{host}.grant.json"));
        crate::files::write_new_file(&file, serde_json::to_string_pretty(&grant)? + "\n", 0o600)?;
        reports.push(GrantReport {
            host: host.clone(),
            evidence_id: id.as_str().to_string(),
            file: file.display().to_string(),
            archive: grant.archive.clone(),
            expires: grant.expires.clone(),
        });
    }
    Ok(reports)
}
