//! Uploads without credentials on the host: the lead responder, who holds
//! the credentials, starts one multipart upload per host and hands that
//! host a grant — presigned URLs for its parts, for completing or aborting
//! the upload, and for locking the result — valid for a short time. The
//! lock requests' bodies are pinned by a signed Content-MD5, so a host
//! cannot lock its evidence for less than the lead decided.

use chrono::{DateTime, SecondsFormat, Utc};
use rusty_s3::Method;
use serde::{Deserialize, Serialize};

use crate::s3::{content_md5, Request};
use crate::{Error, Lock, LockMode, Locker, ObjectState, Place};

/// What a grant file starts with.
pub const GRANT_FORMAT: &str = "scelle-locker-grant-1";

/// A request whose body is fixed by the grant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pinned {
    /// The presigned URL (Content-MD5 signed in).
    pub url: String,
    /// The body to send.
    pub body: String,
    /// Its Content-MD5, as signed.
    pub content_md5: String,
}

/// A locked object a grant lets the host write once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantedObject {
    /// `s3://BUCKET/KEY`.
    pub object: String,
    /// PUT of the object.
    pub put: String,
    /// Its retention.
    pub retention: Pinned,
    /// Its legal hold, when the lead asked for one.
    pub legal_hold: Option<Pinned>,
    /// HEAD, to read the lock back.
    pub head: String,
}

/// One host's grant: everything `freeze --out grant:FILE` needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    /// [`GRANT_FORMAT`].
    pub format: String,
    /// The evidence id the archive must have.
    pub evidence_id: String,
    /// Until when the URLs work, RFC 3339.
    pub expires: String,
    /// The lock the lead decided.
    pub lock_mode: String,
    /// Retention date, RFC 3339.
    pub retain_until: String,
    /// A legal hold as well.
    pub legal_hold: bool,
    /// Bytes per part.
    pub part_size: usize,
    /// The archive: `s3://BUCKET/KEY`.
    pub archive: String,
    /// PUT of part `n` is `parts[n - 1]`.
    pub parts: Vec<String>,
    /// POST that completes the upload (body: the parts' ETags).
    pub complete: String,
    /// DELETE that aborts it.
    pub abort: String,
    /// The archive's retention.
    pub retention: Pinned,
    /// Its legal hold.
    pub archive_legal_hold: Option<Pinned>,
    /// HEAD of the archive.
    pub head: String,
    /// The custody log's first entry, `<ID>.custody/00000000.json`.
    pub entry: GrantedObject,
}

/// Signs a grant's URLs: one bucket, one lifetime.
struct Signing<'a> {
    locker: &'a Locker,
    bucket: &'a str,
    lifetime: u64,
}

impl Signing<'_> {
    /// A presigned URL for `method` on `key` with `query`.
    fn url(&self, method: Method, key: &str, query: Vec<(&str, String)>) -> Result<String, Error> {
        self.signed(method, key, query, Vec::new())
    }

    fn signed(
        &self,
        method: Method,
        key: &str,
        query: Vec<(&str, String)>,
        headers: Vec<(&str, String)>,
    ) -> Result<String, Error> {
        let request = Request {
            method,
            bucket: self.bucket,
            key: Some(key),
            query,
            headers,
            body: &[],
        };
        Ok(self
            .locker
            .store()
            .signed_url(&request, self.lifetime)?
            .to_string())
    }

    /// A PUT of `?resource` on `key` whose body is `body`, its Content-MD5 signed in.
    fn pinned(&self, key: &str, resource: &'static str, body: String) -> Result<Pinned, Error> {
        let md5 = content_md5(body.as_bytes());
        Ok(Pinned {
            url: self.signed(
                Method::Put,
                key,
                vec![(resource, String::new())],
                vec![("content-md5", md5.clone())],
            )?,
            body,
            content_md5: md5,
        })
    }

    /// What a host needs to write `key` once and lock it with `lock`.
    fn object(&self, key: &str, lock: &Lock) -> Result<GrantedObject, Error> {
        Ok(GrantedObject {
            object: format!("s3://{}/{key}", self.bucket),
            put: self.url(Method::Put, key, Vec::new())?,
            retention: self.pinned(key, "retention", retention_body(lock))?,
            legal_hold: lock
                .legal_hold
                .then(|| self.pinned(key, "legal-hold", legal_hold_body(true)))
                .transpose()?,
            head: self.url(Method::Head, key, Vec::new())?,
        })
    }
}

impl Grant {
    /// Starts the upload of `<ID>.tar.zst` under `place` and signs the
    /// URLs a host needs to fill and lock it, valid for `lifetime` seconds,
    /// for archives of up to `max_parts` parts.
    pub fn issue(
        locker: &Locker,
        place: &Place,
        evidence_id: &str,
        lock: &Lock,
        lifetime: u64,
        max_parts: usize,
    ) -> Result<Self, Error> {
        let bucket = &place.bucket;
        if locker.default_retention(bucket)?.is_none() {
            return Err(Error::Setup(format!(
                "the bucket {bucket} has no default retention: a grant needs one (put an Object \
                 Lock configuration with a DefaultRetention on it), so that what a host uploads \
                 is locked at creation whatever that host does afterwards — a compromised host \
                 could otherwise rewrite the retention request it is granted (Ceph RGW does not \
                 check its Content-MD5)"
            )));
        }
        let key = place.key(&format!("{evidence_id}.tar.zst"));
        let upload = locker.upload(bucket, &key, lock.clone())?;
        let upload_id = upload.detach();
        let signing = Signing {
            locker,
            bucket,
            lifetime,
        };
        let in_upload = |extra: Option<(&'static str, String)>| {
            let mut query: Vec<(&str, String)> = extra.into_iter().collect();
            query.push(("uploadId", upload_id.clone()));
            query
        };
        let parts = (1..=max_parts)
            .map(|number| {
                signing.url(
                    Method::Put,
                    &key,
                    in_upload(Some(("partNumber", number.to_string()))),
                )
            })
            .collect::<Result<Vec<_>, _>>()?;
        let entry_key = place.key(&format!("{evidence_id}.custody/00000000.json"));
        let archive = signing.object(&key, lock)?;
        Ok(Self {
            format: GRANT_FORMAT.into(),
            evidence_id: evidence_id.to_string(),
            expires: (Utc::now() + chrono::Duration::seconds(lifetime as i64))
                .to_rfc3339_opts(SecondsFormat::Secs, true),
            lock_mode: lock.mode.as_str().into(),
            retain_until: lock.retain_until.to_rfc3339_opts(SecondsFormat::Secs, true),
            legal_hold: lock.legal_hold,
            part_size: crate::PART_SIZE,
            archive: archive.object,
            parts,
            complete: signing.url(Method::Post, &key, in_upload(None))?,
            abort: signing.url(Method::Delete, &key, in_upload(None))?,
            retention: archive.retention,
            archive_legal_hold: archive.legal_hold,
            head: archive.head,
            entry: signing.object(&entry_key, lock)?,
        })
    }

    /// Reads a grant file's text, refusing anything that is not one.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let grant: Self = serde_json::from_str(text)
            .map_err(|error| Error::Setup(format!("not a grant file: {error}")))?;
        if grant.format != GRANT_FORMAT {
            return Err(Error::Setup(format!(
                "grant format {:?}, this scelle reads {GRANT_FORMAT:?}",
                grant.format
            )));
        }
        if let Ok(expires) = DateTime::parse_from_rfc3339(&grant.expires) {
            if expires < Utc::now() {
                return Err(Error::Setup(format!(
                    "this grant expired at {}; ask the lead responder for a new one",
                    grant.expires
                )));
            }
        }
        Ok(grant)
    }

    /// Stores the custody log's first entry (`line`) where the grant says,
    /// locks it and reads the lock back.
    pub fn store_entry(&self, line: &[u8]) -> Result<ObjectState, Error> {
        store_granted(&crate::s3::agent(), &self.entry, line, &self.lock()?)
    }

    /// The lock the lead decided.
    pub fn lock(&self) -> Result<Lock, Error> {
        let retain_until = DateTime::parse_from_rfc3339(&self.retain_until)
            .map_err(|error| Error::Setup(format!("grant retain_until: {error}")))?
            .with_timezone(&Utc);
        Ok(Lock {
            mode: if self.lock_mode == "GOVERNANCE" {
                LockMode::Governance
            } else {
                LockMode::Compliance
            },
            retain_until,
            legal_hold: self.legal_hold,
        })
    }
}

/// The retention document of `lock`.
pub(crate) fn retention_body(lock: &Lock) -> String {
    format!(
        "<Retention xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Mode>{}</Mode>\
         <RetainUntilDate>{}</RetainUntilDate></Retention>",
        lock.mode.as_str(),
        lock.retain_until.to_rfc3339_opts(SecondsFormat::Secs, true)
    )
}

/// The legal-hold document, `on` or off.
pub(crate) fn legal_hold_body(on: bool) -> String {
    format!(
        "<LegalHold xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Status>{}</Status></LegalHold>",
        if on { "ON" } else { "OFF" }
    )
}

/// The host's side of a granted object: written, locked, read back.
fn store_granted(
    agent: &ureq::Agent,
    object: &GrantedObject,
    body: &[u8],
    lock: &Lock,
) -> Result<ObjectState, Error> {
    let put = crate::s3::send_to(
        agent,
        Method::Put,
        &object.put,
        &[("content-md5", content_md5(body))],
        body,
    )?;
    ok(&put, &format!("storing {}", object.object))?;
    lock_granted(
        agent,
        &object.object,
        &object.retention,
        object.legal_hold.as_ref(),
        &object.head,
        lock,
    )
}

/// Locks through pinned requests, then reads the lock back with HEAD.
pub(crate) fn lock_granted(
    agent: &ureq::Agent,
    what: &str,
    retention: &Pinned,
    legal_hold: Option<&Pinned>,
    head: &str,
    lock: &Lock,
) -> Result<ObjectState, Error> {
    let read = || -> Result<ObjectState, Error> {
        let answer = crate::s3::send_to(agent, Method::Head, head, &[], &[])?;
        ok(&answer, &format!("reading the lock of {what}"))?;
        Ok(crate::state_of(&answer))
    };
    // A bucket's default retention may already lock it as long or longer
    // (COMPLIANCE cannot be shortened, so asking again would be refused).
    let already = read()?;
    let needed = [
        (!already.holds_retention(lock)).then_some(retention),
        legal_hold.filter(|_| !already.legal_hold),
    ];
    for pinned in needed.into_iter().flatten() {
        let answer = crate::s3::send_to(
            agent,
            Method::Put,
            &pinned.url,
            &[("content-md5", pinned.content_md5.clone())],
            pinned.body.as_bytes(),
        )?;
        ok(&answer, &format!("locking {what}"))?;
    }
    let state = read()?;
    crate::check_lock(what, &state, lock)?;
    Ok(state)
}

fn ok(answer: &crate::Answer, doing: &str) -> Result<(), Error> {
    if (200..300).contains(&answer.status) {
        Ok(())
    } else {
        Err(crate::s3::refused(doing, answer))
    }
}
