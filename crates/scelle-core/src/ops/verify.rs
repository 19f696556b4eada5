//! `verify` and `extract`: the expert's checks, and the custody entries
//! that record them.

use std::path::{Path, PathBuf};

use scelle_custody::Draft;
use scelle_hash::Sha256Digest;
use scelle_verify::{Hooks, ManifestLines, Options, Report};

use crate::callbacks::{Callbacks, HashProgress, NoCallbacks};
use serde::{Deserialize, Serialize};

use crate::error::{refuse, Context, Result};
use crate::ops::custody::details;
use crate::ops::timestamp::{self, TimestampReport};
use scelle_finding::Verdict;

/// The responder's key, and what ties the evidence to the procès-verbal:
/// without `--expect` or a pinned key (`--fingerprint`, `--keyring`), a
/// valid seal is AUTHENTIC, never INTACT.
#[derive(Clone, Debug, Default)]
#[cfg_attr(feature = "clap", derive(clap::Args))]
pub struct KeyOptions {
    /// The responder's public key. Without it (or --keyring) the signer is
    /// not authenticated and the evidence is never reported intact.
    #[cfg_attr(feature = "clap", arg(long, value_name = "PUB"))]
    pub pubkey: Option<PathBuf>,
    /// The SHA-256 fingerprint of the responder's key, from the
    /// procès-verbal (`SHA256:<hex>` as `scelle key show` prints it, or the hex).
    #[cfg_attr(feature = "clap", arg(long, value_name = "SHA256"))]
    pub fingerprint: Option<String>,
    /// A JSON keyring of the people whose keys you vouch for:
    /// [{"name": ..., "role": ..., "public_key": "RWQ..."}]. A seal by one of them is anchored.
    #[cfg_attr(feature = "clap", arg(long, value_name = "FILE"))]
    pub keyring: Option<PathBuf>,
    /// The seal hash (SHA-256 of the archive) from the procès-verbal.
    #[cfg_attr(feature = "clap", arg(long, value_name = "SEAL_SHA256"))]
    pub expect: Option<String>,
}

impl KeyOptions {
    /// The verifier's options: keys loaded, the seal hash and the
    /// fingerprint parsed.
    pub fn checks(&self) -> Result<Options> {
        if self.fingerprint.is_some() && self.pubkey.is_none() && self.keyring.is_none() {
            refuse!(
                "--fingerprint pins the key given with --pubkey: give the responder's .pub file too"
            );
        }
        let mut options = Options {
            public_key: self
                .pubkey
                .as_deref()
                .map(|path| crate::ops::keys::load_public(path, "--pubkey"))
                .transpose()?,
            expect_seal: self
                .expect
                .as_deref()
                .map(|text| text.trim().parse::<Sha256Digest>())
                .transpose()
                .context("--expect")?,
            fingerprint: self
                .fingerprint
                .as_deref()
                .map(parse_fingerprint)
                .transpose()
                .context("--fingerprint")?,
            ..Default::default()
        };
        if let Some(file) = &self.keyring {
            let mut keyring = scelle_custody::Keyring::default();
            keyring.add_file(file)?;
            options.trusted_keys = keyring.public_keys().cloned().collect();
            options.pinned_keys = keyring.pinned_fingerprints().collect();
        }
        Ok(options)
    }
}

/// A key fingerprint as `scelle key show` and freeze print it
/// (`SHA256:<hex>`), or the bare hex.
fn parse_fingerprint(
    text: &str,
) -> std::result::Result<Sha256Digest, scelle_hash::ParseDigestError> {
    let text = text.trim();
    text.strip_prefix("SHA256:").unwrap_or(text).parse()
}

/// What `verify` checks, and against what.
#[derive(Clone, Debug, Default)]
#[cfg_attr(feature = "clap", derive(clap::Args))]
pub struct VerifyOptions {
    /// The key and the anchors.
    #[cfg_attr(feature = "clap", command(flatten))]
    pub keys: KeyOptions,
    /// Without --pubkey, exit 0 when every other check passes.
    #[cfg_attr(feature = "clap", arg(long))]
    pub allow_unauthenticated: bool,
    /// CA certificates (PEM or DER) trusted to certify the TSA of a
    /// timestamp token; without it the TSA is not authenticated.
    #[cfg_attr(feature = "clap", arg(long, value_name = "FILE"))]
    pub tsa_ca: Option<PathBuf>,
    /// The timestamp token to check (default: <ID>.manifest.tsr beside the archive, if there).
    #[cfg_attr(feature = "clap", arg(long, value_name = "FILE"))]
    pub tsr: Option<PathBuf>,
    /// The archive (<ID>.tar.zst) or an extracted bag directory (<ID>/).
    #[cfg_attr(feature = "clap", arg(value_name = "ARCHIVE"))]
    pub archive: PathBuf,
}

/// What `extract` checks, and where it writes.
#[derive(Clone, Debug, Default)]
#[cfg_attr(feature = "clap", derive(clap::Args))]
pub struct ExtractOptions {
    /// Directory to extract into (it must exist); the evidence lands in DIR/<ID>/.
    #[cfg_attr(feature = "clap", arg(long, value_name = "DIR"))]
    pub to: PathBuf,
    /// The key (required unless --allow-unauthenticated) and the anchors.
    #[cfg_attr(feature = "clap", command(flatten))]
    pub keys: KeyOptions,
    /// Extract even though no --pubkey authenticates the signer.
    #[cfg_attr(feature = "clap", arg(long))]
    pub allow_unauthenticated: bool,
    /// The archive (<ID>.tar.zst).
    #[cfg_attr(feature = "clap", arg(value_name = "ARCHIVE"))]
    pub archive: PathBuf,
}

/// Checks an archive or a bag directory.
pub fn check(path: &Path, options: &Options) -> Result<Report> {
    check_with(path, options, None, &NoCallbacks)
}

/// [`check`], handing each line of manifest.json to `on_line` (when
/// given) as the verification reads it (trust them only if the verdict is
/// intact), and its progress to `callbacks`.
pub fn check_with(
    path: &Path,
    options: &Options,
    on_line: Option<ManifestLines<'_>>,
    callbacks: &dyn Callbacks,
) -> Result<Report> {
    let metadata =
        std::fs::metadata(path).with_context(|| format!("cannot read {}", path.display()))?;
    let progress = HashProgress(callbacks);
    let hooks = Hooks {
        manifest_lines: on_line.map(|on_line| -> &mut dyn FnMut(&[u8]) { on_line }),
        progress: Some(&progress),
    };
    callbacks.started((!metadata.is_dir()).then_some(metadata.len()));
    let report = if metadata.is_dir() {
        scelle_verify::verify_bag_dir_with(path, options, hooks)
    } else {
        scelle_verify::verify_archive_with(path, options, hooks)
    };
    callbacks.finished();
    Ok(report?)
}

/// What `verify` found: the archive's report, its verdict, and the check of
/// its timestamp token when there is one.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct VerifyReport {
    /// The verdict on the archive itself.
    pub verdict: Verdict,
    /// `verdict` is intact.
    pub intact: bool,
    /// The timestamp token's check, when a token was found or given.
    pub timestamp: Option<TimestampReport>,
    /// Everything the verification established.
    #[serde(flatten)]
    pub report: Report,
}

impl VerifyReport {
    /// The verdict on the archive and its timestamp together: a token that
    /// does not hold makes the whole not intact.
    pub fn verdict(&self) -> Verdict {
        match &self.timestamp {
            Some(timestamp) if !timestamp.findings.is_empty() => Verdict::NotIntact,
            _ => self.verdict,
        }
    }
}

/// `verify`: the archive (or bag), then its timestamp token.
pub fn verify(options: &VerifyOptions, callbacks: &dyn Callbacks) -> Result<VerifyReport> {
    let checks = options.keys.checks()?;
    let report = check_with(&options.archive, &checks, None, callbacks)?;
    let verdict = report.verdict();
    let timestamp = timestamp::check_token(
        &options.archive,
        options.tsr.as_deref(),
        options.tsa_ca.as_deref(),
        report.manifest_sha256,
        report.signature.trusted_comment.as_deref(),
    )?;
    Ok(VerifyReport {
        verdict,
        intact: verdict == Verdict::Intact,
        timestamp,
        report,
    })
}

/// A custody entry (`verified`, `extracted`) describing a verification's outcome.
pub fn outcome_draft(event: &str, report: &Report, verdict: Verdict) -> Draft {
    let mut draft = Draft::new(event, "")
        .detail(
            details::RESULT,
            serde_json::to_value(verdict).unwrap_or_default(),
        )
        .detail(details::FINDINGS, report.findings_total);
    if let Some(seal) = report.seal_sha256 {
        draft = draft.detail(details::SEAL_SHA256, seal.to_string());
    }
    if let Some(fingerprint) = report.signature.public_key_fingerprint_sha256 {
        draft = draft.detail(details::CHECKED_WITH_KEY_SHA256, fingerprint.to_string());
    }
    draft
}

/// What `extract` did.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ExtractReport {
    /// Where the evidence now is, when every check passed.
    pub extracted_to: Option<PathBuf>,
    /// Payload files written.
    pub files: u64,
    /// Why nothing was kept, when nothing was.
    pub refused: Option<String>,
    /// The verdict on the archive.
    pub verdict: Verdict,
    /// The verification.
    pub report: Report,
}

impl ExtractReport {
    /// The custody entry recording this extraction.
    pub fn draft(&self) -> Draft {
        let draft = outcome_draft(details::EXTRACTED, &self.report, self.verdict)
            .detail(details::FILES, self.files);
        match &self.extracted_to {
            Some(path) => draft.detail(details::EXTRACTED_TO, path.display().to_string()),
            None => draft.detail(details::REFUSED, self.refused.clone().unwrap_or_default()),
        }
    }
}

/// `extract`: verifies while extracting into `to/<ID>/`; keeps nothing
/// unless every check passed.
pub fn extract(options: &ExtractOptions, callbacks: &dyn Callbacks) -> Result<ExtractReport> {
    if !options.to.is_dir() {
        return Err(crate::Problem::ToNotADirectory {
            path: options.to.clone(),
        }
        .into());
    }
    if options.archive.is_dir() {
        refuse!(
            "{} is a directory: extract takes an archive (a bag directory is already extracted)",
            options.archive.display()
        );
    }
    let metadata = std::fs::metadata(&options.archive)
        .with_context(|| format!("cannot read {}", options.archive.display()))?;
    if !metadata.is_file() {
        refuse!(
            "{} is not a regular file: extract reads the archive twice (it verifies before writing anything); copy it to a file first",
            options.archive.display()
        );
    }
    let checks = options.keys.checks()?;
    let size = Some(metadata.len());
    // Two passes: a verification, then a verification that writes.
    callbacks.started(size.map(|size| size.saturating_mul(2)));
    let extraction = scelle_verify::extract_archive(
        &options.archive,
        &checks,
        &options.to,
        options.allow_unauthenticated,
        &HashProgress(callbacks),
    );
    callbacks.finished();
    let extraction =
        extraction.with_context(|| format!("cannot extract {}", options.archive.display()))?;
    Ok(ExtractReport {
        verdict: extraction.report.verdict(),
        extracted_to: extraction.extracted_to,
        files: extraction.files,
        refused: extraction.refused,
        report: extraction.report,
    })
}
