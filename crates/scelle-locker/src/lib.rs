//! The evidence locker: sealed archives go straight from the host into an S3
//! bucket with Object Lock (WORM), where nobody — not the responder, not an
//! attacker holding the responder's laptop — can alter or delete them before
//! their retention date.
//!
//! * [`Locker`]: the store and its credentials (`AWS_*` environment), a
//!   bucket created with Object Lock enabled, small objects put locked.
//! * [`Upload`]: a multipart upload written as a stream (bounded memory: one
//!   part buffered), every part with its Content-MD5; finished, the lock is
//!   applied to the completed version and read back with HEAD, and the
//!   upload fails loudly if it is not there. Dropped unfinished, the upload
//!   is aborted: nothing that looks finished is left.

mod grant;
mod profile;
mod s3;
mod upload;

use std::io::Read;

use chrono::{DateTime, Utc};
use rusty_s3::{Credentials, Method};

pub use grant::{Grant, GrantedObject, Pinned, GRANT_FORMAT};
pub use s3::{content_md5, Answer, Request, Store};
pub use upload::{Upload, PART_SIZE};

/// Most keys a listing gathers: a case holds a few archives and their
/// custody entries, a hostile bucket may hold millions.
pub const MAX_LISTED: usize = 100_000;

/// What can go wrong with the locker.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The locker is not configured as it must be.
    #[error("evidence locker: {0}")]
    Setup(String),
    /// The store could not be reached.
    #[error("evidence locker unreachable: {0}")]
    Unreachable(String),
    /// The store refused a request.
    #[error("evidence locker refused {doing}: HTTP {status} {code} {message}")]
    Refused {
        /// What was asked.
        doing: String,
        /// HTTP status.
        status: u16,
        /// S3's error code (`AccessDenied`, `InvalidRequest`, ...).
        code: String,
        /// S3's message.
        message: String,
    },
    /// The object is not locked as asked, after the lock was applied.
    #[error("evidence locker: {0}")]
    NotLocked(String),
    /// Writing the stream into the upload failed.
    #[error("evidence locker upload: {0}")]
    Io(#[from] std::io::Error),
}

impl Error {
    /// S3's error code, when the store refused.
    pub fn code(&self) -> Option<&str> {
        match self {
            Error::Refused { code, .. } => Some(code),
            _ => None,
        }
    }
}

/// Object Lock retention mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LockMode {
    /// Nobody, not even the account's root, can shorten or remove it.
    Compliance,
    /// Users with `s3:BypassGovernanceRetention` can.
    Governance,
}

impl LockMode {
    /// As S3 spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            LockMode::Compliance => "COMPLIANCE",
            LockMode::Governance => "GOVERNANCE",
        }
    }
}

/// The lock an object must carry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lock {
    /// Retention mode.
    pub mode: LockMode,
    /// Until when (whole seconds, UTC).
    pub retain_until: DateTime<Utc>,
    /// A legal hold as well (kept until released, whatever the date).
    pub legal_hold: bool,
}

/// An object's lock state, as HEAD reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectState {
    /// The version.
    pub version_id: Option<String>,
    /// Its size.
    pub size: Option<u64>,
    /// `COMPLIANCE`, `GOVERNANCE`, or none.
    pub lock_mode: Option<String>,
    /// Retention date.
    pub retain_until: Option<DateTime<Utc>>,
    /// Legal hold on.
    pub legal_hold: bool,
}

impl ObjectState {
    /// Whether this state carries at least `lock`.
    pub fn holds(&self, lock: &Lock) -> bool {
        self.holds_retention(lock) && (self.legal_hold || !lock.legal_hold)
    }

    /// Whether this state carries at least `lock`'s retention (mode and date).
    pub fn holds_retention(&self, lock: &Lock) -> bool {
        self.lock_mode.as_deref() == Some(lock.mode.as_str())
            && self
                .retain_until
                .is_some_and(|until| until >= lock.retain_until)
    }
}

/// A bucket of the store, and where in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// The bucket.
    pub bucket: String,
    /// The key prefix (no leading or trailing `/`; may be empty).
    pub prefix: String,
}

impl Place {
    /// Parses `s3://BUCKET[/PREFIX]`.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let rest = text
            .strip_prefix("s3://")
            .ok_or_else(|| Error::Setup(format!("{text:?} is not s3://BUCKET/PREFIX")))?;
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket.is_empty() {
            return Err(Error::Setup(format!("{text:?} names no bucket")));
        }
        Ok(Self {
            bucket: bucket.to_string(),
            prefix: prefix.trim_matches('/').to_string(),
        })
    }

    /// The key of `name` under the prefix.
    pub fn key(&self, name: &str) -> String {
        if self.prefix.is_empty() {
            name.to_string()
        } else {
            format!("{}/{name}", self.prefix)
        }
    }
}

/// The store, reached with the usual AWS settings.
#[derive(Debug)]
pub struct Locker {
    store: Store,
}

impl Locker {
    /// Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` (and
    /// `AWS_SESSION_TOKEN`), else from the `AWS_PROFILE` profile (default
    /// `default`) of `~/.aws/credentials` (or `AWS_SHARED_CREDENTIALS_FILE`);
    /// the region from `AWS_REGION` or `AWS_DEFAULT_REGION`, else the
    /// profile's in `~/.aws/config` (or `AWS_CONFIG_FILE`), else us-east-1;
    /// the endpoint from `endpoint`, `AWS_ENDPOINT_URL`, the profile's
    /// `endpoint_url`, else AWS's for the region.
    pub fn from_environment(endpoint: Option<&str>, path_style: bool) -> Result<Self, Error> {
        let var = |name: &str| std::env::var(name).ok().filter(|value| !value.is_empty());
        let profile = profile::name();
        let shared = profile::read("AWS_SHARED_CREDENTIALS_FILE", "credentials")
            .map(|text| profile::section(&text, &profile))
            .unwrap_or_default();
        let config = profile::read("AWS_CONFIG_FILE", "config")
            .map(|text| profile::section(&text, &profile))
            .unwrap_or_default();
        let (key, secret, token) = match (var("AWS_ACCESS_KEY_ID"), var("AWS_SECRET_ACCESS_KEY")) {
            (Some(key), Some(secret)) => (key, secret, var("AWS_SESSION_TOKEN")),
            _ => match (
                profile::value(&shared, "aws_access_key_id"),
                profile::value(&shared, "aws_secret_access_key"),
            ) {
                (Some(key), Some(secret)) => {
                    (key, secret, profile::value(&shared, "aws_session_token"))
                }
                _ => {
                    return Err(Error::Setup(format!(
                        "no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or \
                         give the profile {profile:?} keys in ~/.aws/credentials (or use a \
                         grant file made by the lead responder, which needs none)"
                    )))
                }
            },
        };
        let credentials = match token {
            Some(token) => Credentials::new_with_token(key, secret, token),
            None => Credentials::new(key, secret),
        };
        let region = var("AWS_REGION")
            .or_else(|| var("AWS_DEFAULT_REGION"))
            .or_else(|| profile::value(&config, "region"))
            .unwrap_or_else(|| "us-east-1".into());
        let endpoint = endpoint
            .map(str::to_string)
            .or_else(|| var("AWS_ENDPOINT_URL"))
            .or_else(|| profile::value(&config, "endpoint_url"))
            .unwrap_or_else(|| format!("https://s3.{region}.amazonaws.com"));
        Ok(Self {
            store: Store::new(&endpoint, &region, credentials, path_style)?,
        })
    }

    /// A locker on `store`.
    pub fn with_store(store: Store) -> Self {
        Self { store }
    }

    /// The store.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Creates `bucket` with Object Lock enabled (and so versioning).
    pub fn create_locked_bucket(&self, bucket: &str) -> Result<(), Error> {
        self.store.expect_ok(
            &Request {
                method: Method::Put,
                bucket,
                key: None,
                query: Vec::new(),
                headers: vec![("x-amz-bucket-object-lock-enabled", "true".into())],
                body: &[],
            },
            &format!("creating the bucket {bucket} with Object Lock"),
        )?;
        Ok(())
    }

    /// Gives `bucket` a default retention: every new version is locked for
    /// `days` at creation, whatever its writer asks afterwards.
    pub fn set_default_retention(
        &self,
        bucket: &str,
        mode: LockMode,
        days: u32,
    ) -> Result<(), Error> {
        let body = format!(
            "<ObjectLockConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">\
             <ObjectLockEnabled>Enabled</ObjectLockEnabled><Rule><DefaultRetention>\
             <Mode>{}</Mode><Days>{days}</Days></DefaultRetention></Rule></ObjectLockConfiguration>",
            mode.as_str()
        );
        self.store.expect_ok(
            &Request {
                method: Method::Put,
                bucket,
                key: None,
                query: vec![("object-lock", String::new())],
                headers: vec![("content-md5", s3::content_md5(body.as_bytes()))],
                body: body.as_bytes(),
            },
            &format!("setting the default retention of {bucket}"),
        )?;
        Ok(())
    }

    /// The bucket's default retention (mode, and days or years as S3 says
    /// them), if it has one.
    pub fn default_retention(&self, bucket: &str) -> Result<Option<String>, Error> {
        let answer = self.store.send(&Request {
            method: Method::Get,
            bucket,
            key: None,
            query: vec![("object-lock", String::new())],
            headers: Vec::new(),
            body: &[],
        })?;
        if answer.status == 404 {
            return Ok(None);
        }
        if !(200..300).contains(&answer.status) {
            return Err(s3::refused(
                &format!("reading the lock configuration of {bucket}"),
                &answer,
            ));
        }
        let Some(mode) = answer.xml("Mode") else {
            return Ok(None);
        };
        let period = answer
            .xml("Days")
            .map(|days| format!("{days} days"))
            .or_else(|| answer.xml("Years").map(|years| format!("{years} years")))
            .unwrap_or_default();
        Ok(Some(format!("{mode} {period}")))
    }

    /// Puts a small object and locks it; returns its checked state.
    pub fn put_locked(
        &self,
        bucket: &str,
        key: &str,
        body: &[u8],
        lock: &Lock,
    ) -> Result<ObjectState, Error> {
        let answer = self.store.expect_ok(
            &Request {
                method: Method::Put,
                bucket,
                key: Some(key),
                query: Vec::new(),
                headers: vec![("content-md5", s3::content_md5(body))],
                body,
            },
            &format!("storing {key}"),
        )?;
        let version = answer.header("x-amz-version-id").map(str::to_string);
        self.lock(bucket, key, version.as_deref(), lock)
    }

    /// Applies `lock` to a version of `key` (retention, then legal hold),
    /// then reads it back: an error unless HEAD shows the lock.
    pub fn lock(
        &self,
        bucket: &str,
        key: &str,
        version: Option<&str>,
        lock: &Lock,
    ) -> Result<ObjectState, Error> {
        // A bucket's default retention may already lock it as long or longer
        // (COMPLIANCE cannot be shortened, so asking again would be refused).
        let already = self.head(bucket, key, version)?;
        if !already.holds_retention(lock) {
            let retention = grant::retention_body(lock);
            self.put_subresource(bucket, key, version, "retention", &retention)?;
        }
        if lock.legal_hold && !already.legal_hold {
            self.set_legal_hold(bucket, key, version, true)?;
        }
        let state = self.head(bucket, key, version)?;
        check_lock(key, &state, lock)?;
        Ok(state)
    }

    /// Sets or releases the legal hold of a version.
    pub fn set_legal_hold(
        &self,
        bucket: &str,
        key: &str,
        version: Option<&str>,
        on: bool,
    ) -> Result<(), Error> {
        self.put_subresource(
            bucket,
            key,
            version,
            "legal-hold",
            &grant::legal_hold_body(on),
        )
    }

    fn put_subresource(
        &self,
        bucket: &str,
        key: &str,
        version: Option<&str>,
        resource: &'static str,
        body: &str,
    ) -> Result<(), Error> {
        let mut query = vec![(resource, String::new())];
        if let Some(version) = version {
            query.push(("versionId", version.to_string()));
        }
        self.store.expect_ok(
            &Request {
                method: Method::Put,
                bucket,
                key: Some(key),
                query,
                headers: vec![("content-md5", s3::content_md5(body.as_bytes()))],
                body: body.as_bytes(),
            },
            &format!("setting the {resource} of {key}"),
        )?;
        Ok(())
    }

    /// The lock state of a version of `key` (the latest when `None`).
    pub fn head(
        &self,
        bucket: &str,
        key: &str,
        version: Option<&str>,
    ) -> Result<ObjectState, Error> {
        let query = version
            .map(|version| vec![("versionId", version.to_string())])
            .unwrap_or_default();
        let answer = self.store.expect_ok(
            &Request {
                method: Method::Head,
                bucket,
                key: Some(key),
                query,
                headers: Vec::new(),
                body: &[],
            },
            &format!("reading the state of {key}"),
        )?;
        Ok(state_of(&answer))
    }

    /// Streams a version of `key` (the latest when `None`) into `into`;
    /// returns its size and SHA-256 (the seal, for an archive).
    pub fn fetch(
        &self,
        bucket: &str,
        key: &str,
        version: Option<&str>,
        into: &mut dyn std::io::Write,
    ) -> Result<(u64, scelle_hash::Sha256Digest), Error> {
        let mut reader = scelle_hash::HashingReader::new(self.open(bucket, key, version)?);
        std::io::copy(&mut reader, into)?;
        let (sha256, size) = reader.finish();
        Ok((size, sha256))
    }

    /// A small object (a custody entry, a timestamp token) read whole, or
    /// a refusal when it is larger than `limit` bytes: what a bucket holds
    /// is not trusted to be small.
    pub fn fetch_small(
        &self,
        bucket: &str,
        key: &str,
        version: Option<&str>,
        limit: u64,
    ) -> Result<Vec<u8>, Error> {
        let mut body = Vec::new();
        self.open(bucket, key, version)?
            .take(limit + 1)
            .read_to_end(&mut body)?;
        if body.len() as u64 > limit {
            return Err(Error::Setup(format!(
                "{key} is larger than {limit} bytes: not what scelle stores there"
            )));
        }
        Ok(body)
    }

    /// A version of `key` (the latest when `None`) as a stream, read from
    /// the bucket as the caller reads it (nothing is stored on the way).
    pub fn open(
        &self,
        bucket: &str,
        key: &str,
        version: Option<&str>,
    ) -> Result<Box<dyn std::io::Read + Send>, Error> {
        let query = version
            .map(|version| vec![("versionId", version.to_string())])
            .unwrap_or_default();
        self.store.get_reader(
            &Request {
                method: Method::Get,
                bucket,
                key: Some(key),
                query,
                headers: Vec::new(),
                body: &[],
            },
            &format!("fetching {key}"),
        )
    }

    /// The keys under `prefix` in `bucket`, in S3's (byte) order.
    pub fn list(&self, bucket: &str, prefix: &str) -> Result<Vec<String>, Error> {
        let mut keys = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let mut query = vec![
                ("list-type", "2".to_string()),
                ("prefix", prefix.to_string()),
            ];
            if let Some(token) = &token {
                query.push(("continuation-token", token.clone()));
            }
            let answer = self.bucket_get(bucket, query, &format!("listing {prefix}"))?;
            keys.extend(answer.all_xml("Key"));
            if keys.len() > MAX_LISTED {
                return Err(Error::Setup(format!(
                    "more than {MAX_LISTED} objects under {prefix}: name a narrower prefix"
                )));
            }
            token = answer
                .xml("NextContinuationToken")
                .filter(|_| answer.xml("IsTruncated").as_deref() == Some("true"));
            if token.is_none() {
                return Ok(keys);
            }
        }
    }

    /// A GET on `bucket` itself (a listing) with `query`, which must succeed.
    fn bucket_get(
        &self,
        bucket: &str,
        query: Vec<(&str, String)>,
        doing: &str,
    ) -> Result<Answer, Error> {
        self.store.expect_ok(
            &Request {
                method: Method::Get,
                bucket,
                key: None,
                query,
                headers: Vec::new(),
                body: &[],
            },
            doing,
        )
    }

    /// Every version (and delete marker) of the keys under `prefix`, each
    /// key's newest first, as S3 lists them. A locked version cannot be
    /// changed, but anyone allowed to write can put a newer one on top of
    /// it: the verifying side looks at them all.
    pub fn versions(&self, bucket: &str, prefix: &str) -> Result<Vec<Version>, Error> {
        let mut versions = Vec::new();
        let mut markers: Option<(String, String)> = None;
        loop {
            let mut query = vec![("versions", String::new()), ("prefix", prefix.to_string())];
            if let Some((key, version)) = &markers {
                query.push(("key-marker", key.clone()));
                query.push(("version-id-marker", version.clone()));
            }
            let answer = self.bucket_get(
                bucket,
                query,
                &format!("listing the versions under {prefix}"),
            )?;
            let text = String::from_utf8_lossy(&answer.body);
            versions.extend(listed_versions(&text));
            if versions.len() > MAX_LISTED {
                return Err(Error::Setup(format!(
                    "more than {MAX_LISTED} versions under {prefix}: name a narrower prefix"
                )));
            }
            markers = answer
                .xml("NextKeyMarker")
                .zip(answer.xml("NextVersionIdMarker"))
                .filter(|_| answer.xml("IsTruncated").as_deref() == Some("true"));
            if markers.is_none() {
                return Ok(versions);
            }
        }
    }

    /// Starts a multipart upload of `key`, to be locked with `lock` once complete.
    pub fn upload(&self, bucket: &str, key: &str, lock: Lock) -> Result<Upload<'_>, Error> {
        Upload::start(self, bucket, key, lock)
    }
}

/// One version of an object, or a delete marker, as a listing reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version {
    /// The object's key.
    pub key: String,
    /// The version id.
    pub version_id: String,
    /// Whether it is the one a plain GET returns.
    pub is_latest: bool,
    /// When it was written (RFC 3339, as the store gives it).
    pub last_modified: String,
    /// A delete marker, not a version with content: a plain GET now fails.
    pub delete_marker: bool,
}

/// The versions and delete markers of a ListObjectVersions answer, in the
/// answer's order (each key's newest first).
fn listed_versions(text: &str) -> Vec<Version> {
    let mut found = Vec::new();
    let mut rest = text;
    loop {
        let next = ["<Version>", "<DeleteMarker>"]
            .into_iter()
            .filter_map(|open| Some((rest.find(open)?, open)))
            .min();
        let Some((at, open)) = next else {
            return found;
        };
        let tag = &open[1..open.len() - 1];
        let Some(element) = s3::elements(&rest[at..], tag).into_iter().next() else {
            return found;
        };
        let field = |name: &str| {
            s3::elements(element, name)
                .first()
                .map(|text| s3::decode(text))
                .unwrap_or_default()
        };
        found.push(Version {
            key: field("Key"),
            version_id: field("VersionId"),
            is_latest: field("IsLatest") == "true",
            last_modified: field("LastModified"),
            delete_marker: tag == "DeleteMarker",
        });
        rest = &rest[at + open.len() + element.len()..];
    }
}

/// The lock state a HEAD answer reports.
pub(crate) fn state_of(answer: &Answer) -> ObjectState {
    ObjectState {
        version_id: answer.header("x-amz-version-id").map(str::to_string),
        size: answer.header("content-length").and_then(|v| v.parse().ok()),
        lock_mode: answer.header("x-amz-object-lock-mode").map(str::to_string),
        retain_until: answer
            .header("x-amz-object-lock-retain-until-date")
            .and_then(|date| DateTime::parse_from_rfc3339(date).ok())
            .map(|date| date.with_timezone(&Utc)),
        legal_hold: answer.header("x-amz-object-lock-legal-hold") == Some("ON"),
    }
}

/// An error unless `state` (of `what`, read back) carries `lock`.
pub(crate) fn check_lock(what: &str, state: &ObjectState, lock: &Lock) -> Result<(), Error> {
    if state.holds(lock) {
        return Ok(());
    }
    Err(Error::NotLocked(format!(
        "{what} was stored, but reading it back shows lock {:?} until {:?}, legal hold {} \
         instead of {} until {}{}: the bucket does not enforce Object Lock as asked",
        state.lock_mode,
        state.retain_until,
        state.legal_hold,
        lock.mode.as_str(),
        lock.retain_until,
        if lock.legal_hold {
            " with a legal hold"
        } else {
            ""
        }
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_versions_listing_keeps_its_order_and_tells_delete_markers() {
        let answer = "<?xml version=\"1.0\"?><ListVersionsResult><Name>b</Name>\
            <Version><Key>a&amp;b.tar.zst</Key><VersionId>v2</VersionId><IsLatest>false</IsLatest>\
            <LastModified>2026-12-01T10:00:01.000Z</LastModified></Version>\
            <DeleteMarker><Key>a&amp;b.tar.zst</Key><VersionId>d1</VersionId><IsLatest>true</IsLatest>\
            <LastModified>2026-12-01T10:00:01.000Z</LastModified></DeleteMarker>\
            <Version><Key>c.json</Key><VersionId>v1</VersionId><IsLatest>true</IsLatest>\
            <LastModified>2026-12-01T09:00:00.000Z</LastModified></Version></ListVersionsResult>";
        let versions = listed_versions(answer);
        let seen: Vec<(&str, &str, bool, bool)> = versions
            .iter()
            .map(|v| {
                (
                    v.key.as_str(),
                    v.version_id.as_str(),
                    v.is_latest,
                    v.delete_marker,
                )
            })
            .collect();
        assert_eq!(
            seen,
            [
                ("a&b.tar.zst", "v2", false, false),
                ("a&b.tar.zst", "d1", true, true),
                ("c.json", "v1", true, false),
            ]
        );
    }
}
