//! RFC 3161 trusted timestamps: `scelle timestamp`, `freeze --tsa`, and the
//! token check in `scelle verify`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{bail, Context};
use chrono::{DateTime, Utc};
use scelle_hash::Sha256Digest;
use scelle_sign::SecretKey;
use scelle_timestamp::{Checked, TokenInfo};
use serde::Serialize;

use crate::cli::{TimestampArgs, TsaArgs};
use crate::exit::Status;
use crate::{output, passphrase, sanitize};

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
pub fn obtain(url: &str, ca: Option<&Path>, digest: &Sha256Digest) -> anyhow::Result<Stamped> {
    let trusted = ca
        .map(scelle_timestamp::load_certificates)
        .transpose()?
        .unwrap_or_default();
    let request = scelle_timestamp::request_for(digest)?;
    let response = scelle_timestamp::send(url, &request, TIMEOUT)?;
    let token = scelle_timestamp::token_from_response(&response)?;
    let checked = token.check(digest, Some(&request.nonce), &trusted);
    if !checked.problems.is_empty() {
        bail!(
            "the token from {url} does not hold: {}",
            checked.problems.join("; ")
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
    scelle_custody::Draft::new("timestamped", "")
        .detail("tsa", url)
        .detail("token", file_name(&subject.token))
        .detail(
            "token_sha256",
            Sha256Digest::of(&stamped.response).to_string(),
        )
        .detail("stamped", subject.what.clone())
        .detail("stamped_sha256", subject.digest.to_string())
        .detail("gen_time", info.gen_time.clone())
        .detail("serial", info.serial.clone())
        .detail("policy", info.policy.clone())
        .detail("nonce", scelle_timestamp::hex(&stamped.nonce))
        .detail("tsa_certificate", info.signer.clone().unwrap_or_default())
        .detail("tsa_authenticated", stamped.checked.tsa_authenticated)
}

/// Stamps `subject` with the TSA of `tsa` (if any) and records the outcome
/// in `custody_log`: the token and a `timestamped` entry, or, when the TSA
/// cannot be used, a `timestamp-failed` entry and a warning ending with
/// `later` (what to do about it). A TSA never makes the caller fail.
fn stamp_and_record(
    tsa: &TsaArgs,
    subject: &Subject,
    custody_log: &Path,
    secret: &SecretKey,
    actor: Option<String>,
    later: &str,
) -> anyhow::Result<()> {
    let Some(url) = &tsa.tsa else {
        return Ok(());
    };
    let mut draft = match obtain(url, tsa.tsa_ca.as_deref(), subject.digest) {
        Ok(stamped) => {
            super::key::write_new_file(&subject.token, &stamped.response, 0o444)?;
            output::error_line(&format!(
                "timestamp:    {} from {} (token {})",
                stamped.checked.info.gen_time,
                sanitize::for_terminal(url),
                subject.token.display()
            ));
            timestamped(url, subject, &stamped)
        }
        Err(error) => {
            output::error_line(&format!(
                "scelle: WARNING: no trusted timestamp: {}. {later}",
                sanitize::for_terminal(&format!("{error:#}")),
            ));
            scelle_custody::Draft::new("timestamp-failed", "")
                .detail("tsa", url.as_str())
                .detail("stamped", subject.what.clone())
                .detail("error", format!("{error:#}"))
        }
    };
    draft.actor = actor;
    scelle_custody::append(custody_log, secret, draft)
        .context("the timestamp could not be recorded in the custody log")?;
    Ok(())
}

/// After a freeze with `--tsa`: manifest.json stamped into `<ID>.manifest.tsr`.
pub fn at_freeze(
    tsa: &TsaArgs,
    archive: &Path,
    digest: &Sha256Digest,
    custody_log: &Path,
    secret: &SecretKey,
    actor: Option<String>,
) -> anyhow::Result<()> {
    let later = format!(
        "The archive is sealed; when the TSA can be reached, run: scelle timestamp --tsa {} --key KEY {}",
        sanitize::for_terminal(tsa.tsa.as_deref().unwrap_or("URL")),
        archive.display()
    );
    let subject = Subject {
        what: MANIFEST.into(),
        digest,
        token: token_path_for(archive),
    };
    stamp_and_record(tsa, &subject, custody_log, secret, actor, &later)
}

/// After a custody command with `--tsa`: line `seq` + 1 of the log (the
/// entry just written; the chain makes it vouch for every line before it)
/// stamped into `<log stem>.N.tsr`.
pub fn stamp_custody_entry(
    tsa: &TsaArgs,
    log: &Path,
    seq: u64,
    secret: &SecretKey,
    actor: Option<String>,
) -> anyhow::Result<()> {
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
        secret,
        actor,
        "The entry is recorded without a timestamp.",
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
fn custody_line(log: &Path, number: u64) -> anyhow::Result<Option<Vec<u8>>> {
    let text = std::fs::read(log).with_context(|| format!("cannot read {}", log.display()))?;
    let index = usize::try_from(number - 1).unwrap_or(usize::MAX);
    Ok(text
        .split(|&b| b == b'\n')
        .nth(index)
        .filter(|line| !line.is_empty())
        .map(<[u8]>::to_vec))
}

/// `scelle timestamp`.
pub fn run(args: &TimestampArgs) -> anyhow::Result<Status> {
    let is_archive = args.target.to_string_lossy().ends_with(".tar.zst");
    if !is_archive {
        let digest = hash_file(&args.target)?;
        let mut out = args.target.clone().into_os_string();
        out.push(".tsr");
        let out = PathBuf::from(out);
        refuse_existing(&out)?;
        let stamped = obtain(&args.tsa, args.tsa_ca.as_deref(), &digest)?;
        super::key::write_new_file(&out, &stamped.response, 0o444)?;
        report_stamp(&stamped.checked.info, &out)?;
        return Ok(Status::Success);
    }
    let key_path = args
        .key
        .as_deref()
        .context("give --key: an archive's timestamp is recorded in its custody log")?;
    let log = scelle_custody::log_path_for(&args.target);
    if !log.exists() {
        bail!(
            "{} has no custody log beside it ({})",
            args.target.display(),
            log.display()
        );
    }
    let out = token_path_for(&args.target);
    refuse_existing(&out)?;
    let secret = passphrase::open_secret_key(key_path, args.passphrase.passphrase_file.as_deref())?;
    let report = super::verify::check(&args.target, &Default::default())?;
    let digest = match report.manifest_sha256 {
        Some(digest) if report.findings_total == 0 => digest,
        _ => bail!(
            "{} does not verify ({} finding(s)); a timestamp would vouch for a damaged archive. Run scelle verify",
            args.target.display(),
            report.findings_total
        ),
    };
    let stamped = obtain(&args.tsa, args.tsa_ca.as_deref(), &digest)?;
    super::key::write_new_file(&out, &stamped.response, 0o444)?;
    let subject = Subject {
        what: MANIFEST.into(),
        digest: &digest,
        token: out.clone(),
    };
    let mut draft = timestamped(&args.tsa, &subject, &stamped);
    draft.actor = Some(
        args.actor
            .clone()
            .unwrap_or_else(super::freeze::default_operator),
    );
    scelle_custody::append(&log, &secret, draft)?;
    report_stamp(&stamped.checked.info, &out)?;
    Ok(Status::Success)
}

fn report_stamp(info: &TokenInfo, out: &Path) -> anyhow::Result<()> {
    output::line(&format!(
        "timestamped at {} by {} (serial {}, policy {}); token written to {}",
        info.gen_time,
        sanitize::for_terminal(info.signer.as_deref().unwrap_or("an unnamed TSA")),
        info.serial,
        info.policy,
        sanitize::for_terminal(&out.display().to_string())
    ))?;
    Ok(())
}

/// What checking a timestamp token found.
#[derive(Clone, Debug, Serialize)]
pub struct TimestampReport {
    /// What the token is said to stamp (`manifest.json`, `custody log line N`).
    pub stamped: String,
    /// The token file checked.
    pub token: String,
    /// What it states, when it could be read.
    pub info: Option<TokenInfo>,
    /// Everything wrong; empty when it holds.
    pub problems: Vec<String>,
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
    fn new(token: &Path, host_time: Option<DateTime<Utc>>) -> Self {
        Self {
            stamped: MANIFEST.into(),
            token: token.display().to_string(),
            info: None,
            problems: Vec::new(),
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
) -> anyhow::Result<Option<TimestampReport>> {
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
    let host_time = trusted_comment.and_then(signed_time);
    let Some(digest) = manifest_sha256 else {
        let mut report = TimestampReport::new(&path, host_time);
        report
            .problems
            .push("the archive has no manifest.json to compare the token with".into());
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
        .stdin(std::process::Stdio::null());
    let Ok(output) = command.output() else {
        return; // openssl is not installed: nothing to compare with.
    };
    let accepts = output.status.success()
        && String::from_utf8_lossy(&output.stdout).contains("Verification: OK");
    report.openssl_agrees = Some(accepts == report.problems.is_empty());
    if !accepts && report.problems.is_empty() {
        let said = String::from_utf8_lossy(&output.stderr);
        let said = said
            .lines()
            .find(|line| !line.trim().is_empty())
            .unwrap_or("");
        report.problems.push(format!(
            "openssl ts -verify does not accept this token although scelle does: {said}"
        ));
    } else if accepts && !report.problems.is_empty() {
        report.problems.push(
            "openssl ts -verify accepts this token; scelle does not, for the reasons above".into(),
        );
    }
}

/// Checks the tokens of the custody log's timestamped entries (those made
/// with `--tsa` on custody commands): each must stamp the line it names, as
/// it now reads, with the nonce the entry recorded.
pub fn check_custody_tokens(
    log: &Path,
    report: &scelle_custody::CustodyReport,
    tsa_ca: Option<&Path>,
) -> anyhow::Result<Vec<TimestampReport>> {
    let trusted = trusted_cas(tsa_ca)?;
    let mut reports = Vec::new();
    for verified in &report.entries {
        let details = &verified.entry.details;
        let text = |key: &str| {
            details
                .get(key)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
        };
        let Some(number) = (verified.entry.event == "timestamped")
            .then(|| {
                text("stamped")
                    .strip_prefix(CUSTODY_LINE)?
                    .parse::<u64>()
                    .ok()
            })
            .flatten()
        else {
            continue;
        };
        let token = log.with_file_name(Path::new(text("token")).file_name().unwrap_or_default());
        let line = custody_line(log, number)?;
        let stamped_entry_time = report
            .entries
            .iter()
            .find(|other| other.line == number)
            .and_then(|other| DateTime::parse_from_rfc3339(&other.entry.time).ok())
            .map(|time| time.with_timezone(&Utc));
        let mut checked = match &line {
            Some(line) => {
                let digest = Sha256Digest::of(line);
                let mut checked = examine(&token, &digest, &trusted, stamped_entry_time, |_| {
                    unhex(text("nonce"))
                })?;
                cross_check_with_openssl(&mut checked, &token, &digest, tsa_ca);
                checked
            }
            None => TimestampReport::new(&token, None),
        };
        if line.is_none() {
            checked
                .problems
                .push(format!("the custody log has no line {number} any more"));
        }
        checked.stamped = format!("{CUSTODY_LINE}{number}");
        reports.push(checked);
    }
    Ok(reports)
}

fn trusted_cas(tsa_ca: Option<&Path>) -> anyhow::Result<Vec<scelle_timestamp::Certificate>> {
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
) -> anyhow::Result<TimestampReport> {
    let mut report = TimestampReport::new(path, host_time);
    let mut bytes = Vec::new();
    let read = std::fs::File::open(path).and_then(|file| {
        use std::io::Read;
        file.take(scelle_timestamp::MAX_TOKEN as u64 + 1)
            .read_to_end(&mut bytes)
    });
    if let Err(error) = read {
        report
            .problems
            .push(format!("the token cannot be read: {error}"));
        return Ok(report);
    }
    let token = match scelle_timestamp::read_token(&bytes) {
        Ok(token) => token,
        Err(error) => {
            report.problems.push(error.to_string());
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
    report.problems = checked.problems;
    report.tsa_authenticated = checked.tsa_authenticated;
    Ok(report)
}

/// The nonce the custody log recorded for this token, if it did.
fn recorded_nonce(log: &Path, token: &[u8]) -> Option<Vec<u8>> {
    let text = std::fs::read(log).ok()?;
    let token_sha256 = Sha256Digest::of(token).to_string();
    text.split(|&b| b == b'\n')
        .filter_map(|line| scelle_custody::split_line(line).ok())
        .map(|parts| parts.entry)
        .filter(|entry| entry.event == "timestamped")
        .find(|entry| {
            entry.details.get("token_sha256").and_then(|v| v.as_str()) == Some(&token_sha256)
        })
        .and_then(|entry| entry.details.get("nonce")?.as_str().map(unhex))?
}

/// The `signed:` time of a scelle trusted comment.
fn signed_time(comment: &str) -> Option<DateTime<Utc>> {
    let value = comment
        .split_whitespace()
        .find_map(|word| word.strip_prefix("signed:"))?;
    DateTime::parse_from_rfc3339(value)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// Prints the timestamp part of a verification.
pub fn print(report: &TimestampReport) -> anyhow::Result<()> {
    let show = |text: &str| sanitize::for_terminal(text);
    match &report.info {
        Some(info) => output::line(&format!(
            "timestamp:   {} of {} by {} (token {}, serial {}, policy {})",
            info.gen_time,
            show(&report.stamped),
            show(info.signer.as_deref().unwrap_or("an unnamed TSA")),
            show(&report.token),
            info.serial,
            info.policy
        ))?,
        None => output::line(&format!("timestamp:   token {}", show(&report.token)))?,
    }
    if !report.problems.is_empty() {
        output::line("             NOT VALID:")?;
        for problem in &report.problems {
            output::line(&format!("  - {}", show(problem)))?;
        }
    } else if report.tsa_authenticated {
        output::line("             valid; the TSA certificate chains to --tsa-ca")?;
    } else {
        output::line(
            "             valid signature, but the TSA is NOT AUTHENTICATED (give --tsa-ca)",
        )?;
    }
    match report.openssl_agrees {
        Some(true) => output::line("             openssl ts -verify reaches the same verdict")?,
        Some(false) => {
            output::line("             openssl ts -verify DISAGREES (see the problems)")?
        }
        None => {}
    }
    if !report.nonce_checked {
        output::line(
            "             nonce not checked (no matching timestamped entry in the custody log)",
        )?;
    }
    if let (Some(host), Some(offset)) = (&report.host_signed_time, report.tsa_minus_host_seconds) {
        output::line(&format!(
            "             host's claimed signing time {host}; TSA time minus host time: {offset:+.3} s"
        ))?;
    }
    Ok(())
}

fn hash_file(path: &Path) -> anyhow::Result<Sha256Digest> {
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut reader = scelle_hash::HashingReader::new(file);
    std::io::copy(&mut reader, &mut std::io::sink())
        .with_context(|| format!("cannot read {}", path.display()))?;
    Ok(reader.finish().0)
}

fn refuse_existing(path: &Path) -> anyhow::Result<()> {
    if path.symlink_metadata().is_ok() {
        bail!(
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

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}
