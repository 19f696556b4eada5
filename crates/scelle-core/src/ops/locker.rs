//! `freeze --out s3://BUCKET/PREFIX`: where the evidence locker is and how
//! what lands there is locked.

use chrono::{DateTime, Utc};
use scelle_locker::{Lock, LockMode, Locker, Place};

use crate::error::{Context, Result};

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
    /// The S3 endpoint (default: AWS_ENDPOINT_URL, else AWS's for the region).
    #[cfg_attr(feature = "clap", arg(long, value_name = "URL"))]
    pub endpoint: Option<String>,
    /// Address buckets as ENDPOINT/BUCKET (Ceph, MinIO) rather than BUCKET.ENDPOINT.
    #[cfg_attr(feature = "clap", arg(long))]
    pub path_style: bool,
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
        let locker = Locker::from_environment(self.endpoint.as_deref(), self.path_style)
            .map_err(crate::Error::from)?;
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
