//! RFC 3161 trusted timestamps: `scelle timestamp`, `freeze --tsa`, the
//! `--tsa` of custody commands, and the token checks of `verify` and
//! `custody verify` (with the `openssl ts -verify` cross-check).

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use scelle_finding::{Finding, Place, Verdict};
use scelle_hash::Sha256Digest;
use scelle_timestamp::{Checked, TimestampFinding, TimestampFindingKind as K, TokenInfo};
use serde::{Deserialize, Serialize};

use crate::callbacks::{Callbacks, Event};
use crate::error::{refuse, Context, Result};
use crate::ops::custody::{details, Signer};
use crate::text::for_terminal;

/// Where to ask for a trusted timestamp, and whom to trust for it.
#[derive(Clone, Debug, Default)]
#[cfg_attr(feature = "clap", derive(clap::Args))]
pub struct TsaOptions {
    /// RFC 3161 TSA URL (http or https): freeze stamps manifest.json into
    /// <ID>.manifest.tsr, custody commands stamp the entry they write. An
    /// unreachable TSA is recorded and warned about; it stops nothing.
    #[cfg_attr(feature = "clap", arg(long, value_name = "URL"))]
    pub tsa: Option<String>,
    /// CA certificates (PEM or DER) the TSA's certificate must chain to.
    #[cfg_attr(feature = "clap", arg(long, value_name = "FILE", requires = "tsa"))]
    pub tsa_ca: Option<PathBuf>,
}

/// How long a TSA may take to answer.
const TIMEOUT: Duration = Duration::from_secs(30);

/// A token obtained for a request and checked against it.
pub struct Stamped {
    /// The TSA's answer (a TimeStampResp), as stored in the `.tsr` file.
    pub response: Vec<u8>,
    /// What the token says and how it checked.
    pub checked: Checked,
    /// The request's nonce.
    pub nonce: Vec<u8>,
}

/// Asks the TSA at `url` for a token over `digest`. The token must stamp
/// that digest, echo the nonce and be signed by the certificate it names;
/// with `ca`, that certificate must chain to it.
pub fn obtain(url: &str, ca: Option<&Path>, digest: &Sha256Digest) -> Result<Stamped> {
    let trusted = ca
        .map(scelle_timestamp::load_certificates)
        .transpose()?
        .unwrap_or_default();
    let request = scelle_timestamp::request_for(digest)?;
    let response = scelle_timestamp::send(url, &request, TIMEOUT)?;
    let token = scelle_timestamp::token_from_response(&response)?;
    let checked = token.check(digest, Some(&request.nonce), &trusted);
    if !checked.findings.is_empty() {
        refuse!(
            "the token from {url} does not hold: {}",
            messages(&checked.findings)
        );
    }
    Ok(Stamped {
        response,
        checked,
        nonce: request.nonce,
    })
}

/// `<ID>.manifest.tsr` beside `<ID>.tar.zst`.
pub fn token_path_for(archive: &Path) -> PathBuf {
    let name = archive.file_name().unwrap_or_default().to_string_lossy();
    let stem = name.strip_suffix(".tar.zst").unwrap_or(&name);
    archive.with_file_name(format!("{stem}.manifest.tsr"))
}

/// What was stamped, for the custody entry and for checking it later.
pub struct Subject<'a> {
    /// `manifest.json`, or `custody log line N`.
    pub what: String,
    /// Its SHA-256.
    pub digest: &'a Sha256Digest,
    /// Where the token goes.
    pub token: PathBuf,
}

/// The custody entry recording a timestamp.
fn timestamped(url: &str, subject: &Subject, stamped: &Stamped) -> scelle_custody::Draft {
    let info = &stamped.checked.info;
    scelle_custody::Draft::new(details::TIMESTAMPED, "")
        .detail(details::TSA, url)
        .detail(details::TOKEN, file_name(&subject.token))
        .detail(
            details::TOKEN_SHA256,
            Sha256Digest::of(&stamped.response).to_string(),
        )
        .detail(details::STAMPED, subject.what.clone())
        .detail(details::STAMPED_SHA256, subject.digest.to_string())
        .detail(details::GEN_TIME, info.gen_time.clone())
        .detail(details::SERIAL, info.serial.clone())
        .detail(details::POLICY, info.policy.clone())
        .detail(details::NONCE, scelle_hash::hex::encode(&stamped.nonce))
        .detail(
            details::TSA_CERTIFICATE,
            info.signer.clone().unwrap_or_default(),
        )
        .detail(
            details::TSA_AUTHENTICATED,
            stamped.checked.tsa_authenticated,
        )
}

/// Stamps `subject` with the TSA of `tsa` (if any) and records the outcome
/// in `custody_log`: the token and a `timestamped` entry, or, when the TSA
/// cannot be used, a `timestamp-failed` entry and an [`Event::NoTimestamp`]
/// saying `later` (what to do about it). A TSA never makes the caller fail.
fn stamp_and_record(
    tsa: &TsaOptions,
    subject: &Subject,
    custody_log: &Path,
    signer: &Signer,
    later: &str,
    callbacks: &dyn Callbacks,
) -> Result<()> {
    let Some(url) = &tsa.tsa else {
        return Ok(());
    };
    let mut draft = match obtain(url, tsa.tsa_ca.as_deref(), subject.digest) {
        Ok(stamped) => {
            crate::files::write_new_file(&subject.token, &stamped.response, 0o444)?;
            callbacks.event(&Event::Timestamped {
                gen_time: stamped.checked.info.gen_time.clone(),
                tsa: url.clone(),
                token: subject.token.display().to_string(),
            });
            timestamped(url, subject, &stamped)
        }
        Err(error) => {
            let error = crate::error::chain(&error);
            callbacks.event(&Event::NoTimestamp {
                error: error.clone(),
                later: later.to_string(),
            });
            scelle_custody::Draft::new(details::TIMESTAMP_FAILED, "")
                .detail(details::TSA, url.as_str())
                .detail(details::STAMPED, subject.what.clone())
                .detail(details::ERROR, error)
        }
    };
    draft.actor = signer.actor.clone();
    scelle_custody::append(custody_log, signer.key, draft)
        .context("the timestamp could not be recorded in the custody log")?;
    Ok(())
}

/// After a freeze with `--tsa`: manifest.json stamped into `<ID>.manifest.tsr`.
pub(crate) fn at_freeze(
    tsa: &TsaOptions,
    archive: &Path,
    digest: &Sha256Digest,
    custody_log: &Path,
    signer: &Signer,
    callbacks: &dyn Callbacks,
) -> Result<()> {
    let later = format!(
        "The archive is sealed; when the TSA can be reached, run: scelle timestamp --tsa {} --key KEY {}",
        for_terminal(tsa.tsa.as_deref().unwrap_or("URL")),
        archive.display()
    );
    let subject = Subject {
        what: MANIFEST.into(),
        digest,
        token: token_path_for(archive),
    };
    stamp_and_record(tsa, &subject, custody_log, signer, &later, callbacks)
}

/// After a custody command with `--tsa`: line `seq` + 1 of the log (the
/// entry just written; the chain makes it vouch for every line before it)
/// stamped into `<log stem>.N.tsr`.
pub(crate) fn stamp_custody_entry(
    tsa: &TsaOptions,
    log: &Path,
    seq: u64,
    signer: &Signer,
    callbacks: &dyn Callbacks,
) -> Result<()> {
    if tsa.tsa.is_none() {
        return Ok(());
    }
    let number = seq + 1;
    let line = custody_line(log, number)?
        .with_context(|| format!("{} has no line {number}", log.display()))?;
    let digest = Sha256Digest::of(&line);
    let subject = Subject {
        what: format!("{CUSTODY_LINE}{number}"),
        digest: &digest,
        token: custody_token_path(log, number),
    };
    stamp_and_record(
        tsa,
        &subject,
        log,
        signer,
        "The entry is recorded without a timestamp.",
        callbacks,
    )
}

/// What `stamped` says for a custody entry, before its line number.
const CUSTODY_LINE: &str = "custody log line ";

/// What `stamped` says for the manifest.
const MANIFEST: &str = "manifest.json";

/// `<log stem>.N.tsr` beside the log.
fn custody_token_path(log: &Path, number: u64) -> PathBuf {
    let name = log.file_name().unwrap_or_default().to_string_lossy();
    let stem = name.strip_suffix(".jsonl").unwrap_or(&name);
    log.with_file_name(format!("{stem}.{number}.tsr"))
}

/// Line `number` (from 1) of a log, without its newline.
fn custody_line(log: &Path, number: u64) -> Result<Option<Vec<u8>>> {
    let cannot = || format!("cannot read {}", log.display());
    let file = std::fs::File::open(log).with_context(cannot)?;
    scelle_custody::lines::line_number(std::io::BufReader::new(file), number).with_context(cannot)
}

/// What `scelle timestamp` is asked to do.
#[derive(Clone, Debug)]
#[cfg_attr(feature = "clap", derive(clap::Args))]
pub struct StampOptions {
    /// RFC 3161 TSA URL (http or https).
    #[cfg_attr(
        feature = "clap",
        arg(long, value_name = "URL", required_unless_present = "verify")
    )]
    pub tsa: Option<String>,
    /// CA certificates (PEM or DER) the TSA's certificate must chain to.
    #[cfg_attr(feature = "clap", arg(long, value_name = "FILE"))]
    pub tsa_ca: Option<PathBuf>,
    /// Check TOKEN (default FILE.tsr) against FILE instead of asking a TSA:
    /// any file, any token, its TSA certificate judged at the stamped time.
    #[cfg_attr(feature = "clap", arg(long, conflicts_with = "tsa"))]
    pub verify: bool,
    /// A sealed archive (its manifest.json is stamped, into <ID>.manifest.tsr)
    /// or any file (stamped whole, into FILE.tsr).
    #[cfg_attr(feature = "clap", arg(value_name = "ARCHIVE|FILE"))]
    pub target: PathBuf,
    /// With --verify: the token (default FILE.tsr).
    #[cfg_attr(feature = "clap", arg(value_name = "TOKEN", requires = "verify"))]
    pub token: Option<PathBuf>,
}

/// What `scelle timestamp` obtained.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct StampReport {
    /// The token file written.
    pub token: PathBuf,
    /// What the token states.
    pub info: TokenInfo,
}

impl StampOptions {
    /// Whether the target is a sealed archive to stamp (then a key is needed).
    pub fn is_archive(&self) -> bool {
        !self.verify && self.target.to_string_lossy().ends_with(".tar.zst")
    }

    fn tsa(&self) -> Result<&str> {
        match &self.tsa {
            Some(url) => Ok(url),
            None => refuse!("give --tsa URL to obtain a timestamp, or --verify to check one"),
        }
    }
}

/// `scelle timestamp --verify FILE [TOKEN]`: the token (default `FILE.tsr`)
/// checked against the SHA-256 of the whole file, its TSA certificate (and
/// chain, with `--tsa-ca`) judged at the token's genTime as RFC 3161 asks,
/// so a certificate that has expired since does not void it; and openssl's
/// opinion, asked at that same time.
pub fn verify_file_token(options: &StampOptions) -> Result<TimestampReport> {
    let token = options.token.clone().unwrap_or_else(|| {
        let mut token = options.target.clone().into_os_string();
        token.push(".tsr");
        PathBuf::from(token)
    });
    let digest = hash_file(&options.target)?;
    let trusted = trusted_cas(options.tsa_ca.as_deref())?;
    let mut report = examine(&token, &digest, &trusted, None, |_| None)?;
    report.stamped = options.target.display().to_string();
    if report.info.is_some() {
        cross_check_with_openssl(&mut report, &token, &digest, options.tsa_ca.as_deref());
    }
    Ok(report)
}

/// `scelle timestamp`: stamps a file, or an archive's manifest after
/// verifying the archive (a timestamp must not vouch for damaged evidence)
/// and records it in the custody log with `signer`.
pub fn stamp(options: &StampOptions, signer: Option<&Signer>) -> Result<StampReport> {
    if !options.is_archive() {
        let digest = hash_file(&options.target)?;
        let mut out = options.target.clone().into_os_string();
        out.push(".tsr");
        let out = PathBuf::from(out);
        refuse_existing(&out)?;
        let stamped = obtain(options.tsa()?, options.tsa_ca.as_deref(), &digest)?;
        crate::files::write_new_file(&out, &stamped.response, 0o444)?;
        return Ok(StampReport {
            token: out,
            info: stamped.checked.info,
        });
    }
    let signer =
        signer.context("give --key: an archive's timestamp is recorded in its custody log")?;
    let log = scelle_custody::log_path_for(&options.target);
    if !log.exists() {
        refuse!(
            "{} has no custody log beside it ({})",
            options.target.display(),
            log.display()
        );
    }
    let out = token_path_for(&options.target);
    refuse_existing(&out)?;
    let report = crate::ops::verify::check(&options.target, &Default::default())?;
    let digest = match report.manifest_sha256 {
        Some(digest) if report.findings_total == 0 => digest,
        _ => refuse!(
            "{} does not verify ({} finding(s)); a timestamp would vouch for a damaged archive. Run scelle verify",
            options.target.display(),
            report.findings_total
        ),
    };
    let stamped = obtain(options.tsa()?, options.tsa_ca.as_deref(), &digest)?;
    crate::files::write_new_file(&out, &stamped.response, 0o444)?;
    let subject = Subject {
        what: MANIFEST.into(),
        digest: &digest,
        token: out.clone(),
    };
    let mut draft = timestamped(options.tsa()?, &subject, &stamped);
    draft.actor = signer.actor.clone();
    scelle_custody::append(&log, signer.key, draft)?;
    Ok(StampReport {
        token: out,
        info: stamped.checked.info,
    })
}

/// What checking a timestamp token found.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TimestampReport {
    /// What the token is said to stamp (`manifest.json`, `custody log line N`).
    pub stamped: String,
    /// The custody log (or case journal) line it stamps, from 1, when it
    /// stamps one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// The token file checked.
    pub token: String,
    /// What it states, when it could be read.
    pub info: Option<TokenInfo>,
    /// Everything wrong; empty when it holds.
    pub findings: Vec<TimestampFinding>,
    /// The TSA certificate chains to `--tsa-ca`.
    pub tsa_authenticated: bool,
    /// The nonce was compared with the one recorded in the custody log.
    pub nonce_checked: bool,
    /// The time the host claimed for what was stamped (manifest signature,
    /// or the custody entry's time).
    pub host_signed_time: Option<String>,
    /// genTime minus the host's claimed time, in seconds: the host clock's lag.
    pub tsa_minus_host_seconds: Option<f64>,
    /// Whether `openssl ts -verify` reached the same verdict (with `--tsa-ca`,
    /// when openssl is installed).
    pub openssl_agrees: Option<bool>,
}

impl TimestampReport {
    /// Not intact with any finding; intact when the TSA chains to a trusted
    /// CA; otherwise unauthenticated (a valid signature by an unknown TSA).
    pub fn verdict(&self) -> Verdict {
        Verdict::of(&self.findings, self.tsa_authenticated)
    }

    fn new(token: &Path, host_time: Option<DateTime<Utc>>) -> Self {
        Self {
            stamped: MANIFEST.into(),
            line: None,
            token: token.display().to_string(),
            info: None,
            findings: Vec::new(),
            tsa_authenticated: false,
            nonce_checked: false,
            host_signed_time: host_time.map(|time| time.to_rfc3339()),
            tsa_minus_host_seconds: None,
            openssl_agrees: None,
        }
    }
}

/// Checks the token beside `archive` (or `explicit`) against the manifest
/// hash the verification computed; `None` when there is no token.
pub fn check_token(
    archive: &Path,
    explicit: Option<&Path>,
    tsa_ca: Option<&Path>,
    manifest_sha256: Option<Sha256Digest>,
    trusted_comment: Option<&str>,
) -> Result<Option<TimestampReport>> {
    let path = match explicit {
        Some(path) => path.to_path_buf(),
        None => {
            let beside = token_path_for(archive);
            if !beside.exists() {
                return Ok(None);
            }
            beside
        }
    };
    let trusted = trusted_cas(tsa_ca)?;
    let host_time = trusted_comment.and_then(scelle_archive::TrustedComment::signed_time);
    let Some(digest) = manifest_sha256 else {
        let mut report = TimestampReport::new(&path, host_time);
        report.findings.push(finding(
            K::NothingToCompare,
            "the archive has no manifest.json to compare the token with",
        ));
        return Ok(Some(report));
    };
    let log = scelle_custody::log_path_for(archive);
    let mut report = examine(&path, &digest, &trusted, host_time, |token| {
        recorded_nonce(&log, token)
    })?;
    cross_check_with_openssl(&mut report, &path, &digest, tsa_ca);
    Ok(Some(report))
}

/// Asks `openssl ts -verify` about the same token, when openssl is
/// installed and a CA was given, and records whether it agrees; a
/// disagreement either way is a problem worth an expert's look.
fn cross_check_with_openssl(
    report: &mut TimestampReport,
    token: &Path,
    digest: &Sha256Digest,
    tsa_ca: Option<&Path>,
) {
    let Some(ca) = tsa_ca else {
        return;
    };
    let mut command = std::process::Command::new("openssl");
    command
        .args(["ts", "-verify", "-digest", &digest.to_string(), "-in"])
        .arg(token)
        .arg("-CAfile")
        .arg(ca)
        // A token may leave its TSA certificate out (RFC 3161 certReq
        // FALSE); the CA file may hold it, as scelle's own check allows.
        .arg("-untrusted")
        .arg(ca)
        .stdin(std::process::Stdio::null());
    // openssl judges certificates now unless told otherwise; RFC 3161 asks
    // for the stamped time, when the TSA certificate had to be valid.
    if let Some(gen_time) = report
        .info
        .as_ref()
        .and_then(|info| DateTime::parse_from_rfc3339(&info.gen_time).ok())
    {
        command.args(["-attime", &gen_time.timestamp().to_string()]);
    }
    let Ok(output) = command.output() else {
        return; // openssl is not installed: nothing to compare with.
    };
    let accepts = output.status.success()
        && String::from_utf8_lossy(&output.stdout).contains("Verification: OK");
    report.openssl_agrees = Some(accepts == report.findings.is_empty());
    if !accepts && report.findings.is_empty() {
        let said = String::from_utf8_lossy(&output.stderr);
        let said = said
            .lines()
            .find(|line| !line.trim().is_empty() && !line.starts_with("Using configuration"))
            .unwrap_or("");
        report.findings.push(finding(
            K::OpensslDisagrees,
            format!("openssl ts -verify does not accept this token although scelle does: {said}"),
        ));
    } else if accepts && !report.findings.is_empty() {
        report.findings.push(finding(
            K::OpensslDisagrees,
            "openssl ts -verify accepts this token; scelle does not, for the reasons above",
        ));
    }
}

/// Checks the tokens of the custody log's timestamped entries (those made
/// with `--tsa` on custody commands): each must stamp the line it names, as
/// it now reads, with the nonce the entry recorded.
pub fn check_custody_tokens(
    log: &Path,
    report: &scelle_custody::CustodyReport,
    tsa_ca: Option<&Path>,
) -> Result<Vec<TimestampReport>> {
    let trusted = trusted_cas(tsa_ca)?;
    // The lines the timestamped entries name are hashed in one pass over
    // the log, not one pass per entry (a hostile log made that quadratic).
    let stamped_lines: std::collections::HashSet<u64> = report
        .entries
        .iter()
        .filter_map(stamped_line_number)
        .collect();
    let line_digests = digests_of_lines(log, &stamped_lines)?;
    let mut reports = Vec::new();
    for verified in &report.entries {
        let details = &verified.entry.details;
        let text = |key: &str| {
            details
                .get(key)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
        };
        let Some(number) = stamped_line_number(verified) else {
            continue;
        };
        let token = log.with_file_name(
            Path::new(text(details::TOKEN))
                .file_name()
                .unwrap_or_default(),
        );
        let digest = line_digests.get(&number);
        let stamped_entry_time = report
            .entries
            .binary_search_by_key(&number, |other| other.line)
            .ok()
            .and_then(|index| DateTime::parse_from_rfc3339(&report.entries[index].entry.time).ok())
            .map(|time| time.with_timezone(&Utc));
        let mut checked = match digest {
            Some(digest) => {
                let mut checked = examine(&token, digest, &trusted, stamped_entry_time, |_| {
                    scelle_hash::hex::decode(text(details::NONCE))
                })?;
                // A token that could not even be read has nothing for openssl to check.
                if checked.info.is_some() {
                    cross_check_with_openssl(&mut checked, &token, digest, tsa_ca);
                }
                checked
            }
            None => TimestampReport::new(&token, None),
        };
        if digest.is_none() {
            checked.findings.push(finding(
                K::NothingToCompare,
                format!("the custody log has no line {number} any more"),
            ));
        }
        checked.stamped = format!("{CUSTODY_LINE}{number}");
        checked.line = Some(number);
        reports.push(checked);
    }
    Ok(reports)
}

/// The custody line a `timestamped` entry says it stamps, if it is one.
fn stamped_line_number(verified: &scelle_custody::VerifiedEntry) -> Option<u64> {
    if verified.entry.event != details::TIMESTAMPED {
        return None;
    }
    verified
        .entry
        .details
        .get(details::STAMPED)?
        .as_str()?
        .strip_prefix(CUSTODY_LINE)?
        .parse()
        .ok()
}

/// The SHA-256 of each whole line of `log` whose number is in `wanted`, in one pass.
fn digests_of_lines(
    log: &Path,
    wanted: &std::collections::HashSet<u64>,
) -> Result<std::collections::HashMap<u64, Sha256Digest>> {
    use scelle_custody::lines::{JsonLines, Line};
    let mut digests = std::collections::HashMap::new();
    if wanted.is_empty() {
        return Ok(digests);
    }
    let cannot = || format!("cannot read {}", log.display());
    let file = std::fs::File::open(log).with_context(cannot)?;
    let mut lines = JsonLines::new(std::io::BufReader::new(file));
    while let Some((number, line)) = lines.next_line().with_context(cannot)? {
        if let Line::Whole(bytes) = line {
            if wanted.contains(&number) && !bytes.is_empty() {
                digests.insert(number, Sha256Digest::of(&bytes));
            }
        }
    }
    Ok(digests)
}

fn trusted_cas(tsa_ca: Option<&Path>) -> Result<Vec<scelle_timestamp::Certificate>> {
    Ok(tsa_ca
        .map(scelle_timestamp::load_certificates)
        .transpose()?
        .unwrap_or_default())
}

/// Reads and checks the token at `path` against `digest`; `nonce` gives the
/// nonce recorded for these token bytes, if any.
fn examine(
    path: &Path,
    digest: &Sha256Digest,
    trusted: &[scelle_timestamp::Certificate],
    host_time: Option<DateTime<Utc>>,
    nonce: impl FnOnce(&[u8]) -> Option<Vec<u8>>,
) -> Result<TimestampReport> {
    let mut report = TimestampReport::new(path, host_time);
    let mut bytes = Vec::new();
    let read = std::fs::File::open(path).and_then(|file| {
        use std::io::Read;
        file.take(scelle_timestamp::MAX_TOKEN as u64 + 1)
            .read_to_end(&mut bytes)
    });
    if let Err(error) = read {
        report.findings.push(finding(
            K::Malformed,
            format!("the token cannot be read: {error}"),
        ));
        return Ok(report);
    }
    let token = match scelle_timestamp::read_token(&bytes) {
        Ok(token) => token,
        Err(error) => {
            report
                .findings
                .push(finding(K::Malformed, error.to_string()));
            return Ok(report);
        }
    };
    let nonce = nonce(&bytes);
    report.nonce_checked = nonce.is_some();
    let checked = token.check(digest, nonce.as_deref(), trusted);
    if let (Ok(gen_time), Some(host)) = (token.gen_time(), host_time) {
        report.tsa_minus_host_seconds = Some((gen_time - host).num_milliseconds() as f64 / 1000.0);
    }
    report.info = Some(checked.info);
    report.findings = checked.findings;
    report.tsa_authenticated = checked.tsa_authenticated;
    Ok(report)
}

/// The nonce the custody log recorded for this token, if it did.
fn recorded_nonce(log: &Path, token: &[u8]) -> Option<Vec<u8>> {
    use scelle_custody::lines::{JsonLines, Line};
    let token_sha256 = Sha256Digest::of(token).to_string();
    let mut lines = JsonLines::new(std::io::BufReader::new(std::fs::File::open(log).ok()?));
    while let Ok(Some((_, Line::Whole(line)))) = lines.next_line() {
        let Ok(parts) = scelle_custody::split_line(&line) else {
            continue;
        };
        let facts = &parts.entry.details;
        let stamps_this_token = parts.entry.event == details::TIMESTAMPED
            && facts.get(details::TOKEN_SHA256).and_then(|v| v.as_str())
                == Some(token_sha256.as_str());
        if stamps_this_token {
            return facts
                .get(details::NONCE)?
                .as_str()
                .and_then(scelle_hash::hex::decode);
        }
    }
    None
}

fn hash_file(path: &Path) -> Result<Sha256Digest> {
    Sha256Digest::of_file(path).with_context(|| format!("cannot read {}", path.display()))
}

fn refuse_existing(path: &Path) -> Result<()> {
    if path.symlink_metadata().is_ok() {
        refuse!(
            "{} already exists; refusing to replace a timestamp token",
            path.display()
        );
    }
    Ok(())
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned()
}

fn finding(kind: K, message: impl Into<String>) -> TimestampFinding {
    Finding::new(kind, Place::none(), message)
}

/// The findings' messages, for one line.
fn messages(findings: &[TimestampFinding]) -> String {
    findings
        .iter()
        .map(|finding| finding.message.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}
