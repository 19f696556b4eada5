//! RFC 3161 trusted timestamps: `scelle timestamp`, `freeze --tsa`, and the
//! token check in `scelle verify`.

use std::io::Write;
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

/// The custody entry recording a timestamp.
fn timestamped(
    url: &str,
    token: &Path,
    stamped: &Stamped,
    digest: &Sha256Digest,
) -> scelle_custody::Draft {
    let info = &stamped.checked.info;
    scelle_custody::Draft::new("timestamped", "")
        .detail("tsa", url)
        .detail("token", file_name(token))
        .detail(
            "token_sha256",
            Sha256Digest::of(&stamped.response).to_string(),
        )
        .detail("stamped", "manifest.json")
        .detail("stamped_sha256", digest.to_string())
        .detail("gen_time", info.gen_time.clone())
        .detail("serial", info.serial.clone())
        .detail("policy", info.policy.clone())
        .detail("nonce", hex(&stamped.nonce))
        .detail("tsa_certificate", info.signer.clone().unwrap_or_default())
        .detail("tsa_authenticated", stamped.checked.tsa_authenticated)
}

/// After a freeze with `--tsa`: the token beside the archive and a
/// `timestamped` custody entry, or, when the TSA cannot be used, a
/// `timestamp-failed` entry and a warning saying how to stamp later.
pub fn at_freeze(
    tsa: &TsaArgs,
    archive: &Path,
    digest: &Sha256Digest,
    custody_log: &Path,
    secret: &SecretKey,
    actor: Option<String>,
) -> anyhow::Result<()> {
    let Some(url) = &tsa.tsa else {
        return Ok(());
    };
    let token = token_path_for(archive);
    let mut draft = match obtain(url, tsa.tsa_ca.as_deref(), digest) {
        Ok(stamped) => {
            write_new(&token, &stamped.response)?;
            output::error_line(&format!(
                "timestamp:    {} from {} (token {})",
                stamped.checked.info.gen_time,
                sanitize::for_terminal(url),
                token.display()
            ));
            timestamped(url, &token, &stamped, digest)
        }
        Err(error) => {
            output::error_line(&format!(
                "scelle: WARNING: no trusted timestamp: {}. The archive is sealed; when the TSA can be reached, run: scelle timestamp --tsa {} --key KEY {}",
                sanitize::for_terminal(&format!("{error:#}")),
                sanitize::for_terminal(url),
                archive.display()
            ));
            scelle_custody::Draft::new("timestamp-failed", "")
                .detail("tsa", url.as_str())
                .detail("error", format!("{error:#}"))
        }
    };
    draft.actor = actor;
    scelle_custody::append(custody_log, secret, draft).context(
        "the archive is sealed, but the timestamp could not be recorded in its custody log",
    )?;
    Ok(())
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
        write_new(&out, &stamped.response)?;
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
    write_new(&out, &stamped.response)?;
    let mut draft = timestamped(&args.tsa, &out, &stamped, &digest);
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

/// What `scelle verify` found about a timestamp token.
#[derive(Clone, Debug, Serialize)]
pub struct TimestampReport {
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
    /// The sealing time the host claimed (manifest signature's trusted comment).
    pub host_signed_time: Option<String>,
    /// genTime minus the host's claimed time, in seconds: the host clock's lag.
    pub tsa_minus_host_seconds: Option<f64>,
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
    let trusted = tsa_ca
        .map(scelle_timestamp::load_certificates)
        .transpose()?
        .unwrap_or_default();
    let mut bytes = Vec::new();
    std::fs::File::open(&path)
        .and_then(|file| {
            use std::io::Read;
            file.take(scelle_timestamp::MAX_TOKEN as u64 + 1)
                .read_to_end(&mut bytes)
        })
        .with_context(|| format!("cannot read the timestamp token {}", path.display()))?;
    let mut report = TimestampReport {
        token: path.display().to_string(),
        info: None,
        problems: Vec::new(),
        tsa_authenticated: false,
        nonce_checked: false,
        host_signed_time: trusted_comment
            .and_then(signed_time)
            .map(|t| t.to_rfc3339()),
        tsa_minus_host_seconds: None,
    };
    let token = match scelle_timestamp::read_token(&bytes) {
        Ok(token) => token,
        Err(error) => {
            report.problems.push(error.to_string());
            return Ok(Some(report));
        }
    };
    let Some(digest) = manifest_sha256 else {
        report
            .problems
            .push("the archive has no manifest.json to compare the token with".into());
        return Ok(Some(report));
    };
    let nonce = recorded_nonce(&scelle_custody::log_path_for(archive), &bytes);
    report.nonce_checked = nonce.is_some();
    let checked = token.check(&digest, nonce.as_deref(), &trusted);
    if let (Ok(gen_time), Some(host)) = (token.gen_time(), trusted_comment.and_then(signed_time)) {
        report.tsa_minus_host_seconds = Some((gen_time - host).num_milliseconds() as f64 / 1000.0);
    }
    report.info = Some(checked.info);
    report.problems = checked.problems;
    report.tsa_authenticated = checked.tsa_authenticated;
    Ok(Some(report))
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
            "timestamp:   {} by {} (token {}, serial {}, policy {})",
            info.gen_time,
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

fn write_new(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let mut file = scelle_atomic::AtomicFile::create(path, 0o444)
        .with_context(|| format!("cannot write {}", path.display()))?;
    file.write_all(bytes)?;
    file.commit()
        .with_context(|| format!("cannot finish {}", path.display()))?;
    Ok(())
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
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
