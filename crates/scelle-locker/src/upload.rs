//! A multipart upload written as a stream: parts of [`PART_SIZE`] bytes, each
//! sent with its Content-MD5 as soon as it is full; one part in memory. The
//! requests are signed here with the store's credentials, or come presigned
//! in a host's grant.

use std::io::{self, Write};

use rusty_s3::Method;

use crate::s3::{content_md5, refused, send_to, Answer, Request};
use crate::{grant, Error, Grant, Lock, Locker, ObjectState};

/// Bytes per part (S3's minimum is 5 MiB for all parts but the last; 10 000
/// parts of 16 MiB allow archives up to 156 GiB).
pub const PART_SIZE: usize = 16 << 20;

/// An upload whose requests are signed here with the store's credentials.
struct SignedUpload<'a> {
    locker: &'a Locker,
    bucket: String,
    key: String,
    upload_id: String,
}

impl SignedUpload<'_> {
    /// A request on the upload (`uploadId` and `extra` in its query).
    fn send(
        &self,
        method: Method,
        extra: Option<(&'static str, String)>,
        headers: Vec<(&'static str, String)>,
        body: &[u8],
    ) -> Result<Answer, Error> {
        let mut query: Vec<(&str, String)> = extra.into_iter().collect();
        query.push(("uploadId", self.upload_id.clone()));
        self.locker.store().send(&Request {
            method,
            bucket: &self.bucket,
            key: Some(&self.key),
            query,
            headers,
            body,
        })
    }
}

/// Who signs the upload's requests.
enum Route<'a> {
    /// The store's credentials, here.
    Signed(SignedUpload<'a>),
    /// The lead responder, in advance (a grant's presigned URLs).
    Granted {
        grant: &'a Grant,
        agent: ureq::Agent,
    },
}

impl Route<'_> {
    fn put_part(&self, number: usize, body: &[u8]) -> Result<Answer, Error> {
        let md5 = vec![("content-md5", content_md5(body))];
        match self {
            Route::Signed(upload) => upload.send(
                Method::Put,
                Some(("partNumber", number.to_string())),
                md5,
                body,
            ),
            Route::Granted { grant, agent } => {
                let url = grant.parts.get(number - 1).ok_or_else(|| {
                    Error::Setup(format!(
                        "the archive is larger than the grant allows ({} parts of {} bytes)",
                        grant.parts.len(),
                        grant.part_size
                    ))
                })?;
                send_to(agent, Method::Put, url, &md5, body)
            }
        }
    }

    fn complete(&self, body: &str) -> Result<Answer, Error> {
        let md5 = vec![("content-md5", content_md5(body.as_bytes()))];
        match self {
            Route::Signed(upload) => upload.send(Method::Post, None, md5, body.as_bytes()),
            Route::Granted { grant, agent } => {
                send_to(agent, Method::Post, &grant.complete, &md5, body.as_bytes())
            }
        }
    }

    fn abort(&self) {
        let _ = match self {
            Route::Signed(upload) => upload.send(Method::Delete, None, Vec::new(), &[]),
            Route::Granted { grant, agent } => {
                send_to(agent, Method::Delete, &grant.abort, &[], &[])
            }
        };
    }

    fn lock(&self, version: Option<&str>, lock: &Lock) -> Result<ObjectState, Error> {
        match self {
            Route::Signed(upload) => upload
                .locker
                .lock(&upload.bucket, &upload.key, version, lock),
            Route::Granted { grant, agent } => grant::lock_granted(
                agent,
                &grant.archive,
                &grant.retention,
                grant.archive_legal_hold.as_ref(),
                &grant.head,
                lock,
            ),
        }
    }

    fn name(&self) -> &str {
        match self {
            Route::Signed(upload) => &upload.key,
            Route::Granted { grant, .. } => &grant.archive,
        }
    }
}

/// An upload in progress. [`Upload::finish`] completes it and locks the
/// object; dropped before that, the upload is aborted and no object appears.
pub struct Upload<'a> {
    route: Route<'a>,
    lock: Lock,
    part: Vec<u8>,
    etags: Vec<String>,
    finished: bool,
}

impl<'a> Upload<'a> {
    pub(crate) fn start(
        locker: &'a Locker,
        bucket: &str,
        key: &str,
        lock: Lock,
    ) -> Result<Self, Error> {
        let answer = locker.store().expect_ok(
            &Request {
                method: Method::Post,
                bucket,
                key: Some(key),
                query: vec![("uploads", String::new())],
                headers: Vec::new(),
                body: &[],
            },
            &format!("starting the upload of {key}"),
        )?;
        let upload_id = answer
            .xml("UploadId")
            .ok_or_else(|| Error::Setup("the store gave no UploadId".into()))?;
        Ok(Self::new(
            Route::Signed(SignedUpload {
                locker,
                bucket: bucket.to_string(),
                key: key.to_string(),
                upload_id,
            }),
            lock,
        ))
    }

    /// The upload a grant prepared, through its presigned URLs only.
    pub fn granted(grant: &'a Grant) -> Result<Self, Error> {
        let lock = grant.lock()?;
        Ok(Self::new(
            Route::Granted {
                grant,
                agent: crate::s3::agent(),
            },
            lock,
        ))
    }

    fn new(route: Route<'a>, lock: Lock) -> Self {
        Self {
            route,
            lock,
            part: Vec::with_capacity(PART_SIZE),
            etags: Vec::new(),
            finished: false,
        }
    }

    /// Leaves the upload open for someone else (a grant's holder) and
    /// returns its id.
    pub(crate) fn detach(mut self) -> String {
        self.finished = true;
        match &self.route {
            Route::Signed(upload) => upload.upload_id.clone(),
            Route::Granted { .. } => String::new(),
        }
    }

    fn send_part(&mut self) -> Result<(), Error> {
        let number = self.etags.len() + 1;
        let answer = self.route.put_part(number, &self.part)?;
        if !(200..300).contains(&answer.status) {
            return Err(refused(
                &format!("part {number} of {}", self.route.name()),
                &answer,
            ));
        }
        let etag = answer
            .header("etag")
            .ok_or_else(|| Error::Setup(format!("no ETag for part {number}")))?
            .to_string();
        self.etags.push(etag);
        self.part.clear();
        Ok(())
    }

    /// Sends the last part, completes the upload, locks the completed
    /// version and checks the lock with HEAD.
    pub fn finish(mut self) -> Result<ObjectState, Error> {
        self.send_part()?;
        let mut body = String::from("<CompleteMultipartUpload>");
        for (index, etag) in self.etags.iter().enumerate() {
            body.push_str(&format!(
                "<Part><PartNumber>{}</PartNumber><ETag>{etag}</ETag></Part>",
                index + 1
            ));
        }
        body.push_str("</CompleteMultipartUpload>");
        let answer = self.route.complete(&body)?;
        // S3 may answer 200 with an error document.
        if !(200..300).contains(&answer.status) || answer.xml("Code").is_some() {
            return Err(refused(
                &format!("completing {}", self.route.name()),
                &answer,
            ));
        }
        self.finished = true;
        let version = answer.header("x-amz-version-id").map(str::to_string);
        self.route.lock(version.as_deref(), &self.lock)
    }
}

impl Write for Upload<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let room = PART_SIZE - self.part.len();
        let taken = room.min(bytes.len());
        self.part.extend_from_slice(&bytes[..taken]);
        if self.part.len() == PART_SIZE {
            self.send_part().map_err(io::Error::other)?;
        }
        Ok(taken)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Drop for Upload<'_> {
    fn drop(&mut self) {
        if !self.finished {
            self.route.abort();
        }
    }
}
