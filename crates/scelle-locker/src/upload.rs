//! A multipart upload written as a stream: parts of [`PART_SIZE`] bytes, each
//! sent with its Content-MD5 as soon as it is full; one part in memory.

use std::io::{self, Write};

use rusty_s3::Method;

use crate::s3::{content_md5, refused, Request};
use crate::{Error, Lock, Locker, ObjectState};

/// Bytes per part (S3's minimum is 5 MiB for all parts but the last; 10 000
/// parts of 16 MiB allow archives up to 156 GiB).
pub const PART_SIZE: usize = 16 << 20;

/// An upload in progress. [`Upload::finish`] completes it and locks the
/// object; dropped before that, the upload is aborted and no object appears.
pub struct Upload<'a> {
    locker: &'a Locker,
    bucket: String,
    key: String,
    upload_id: String,
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
        Ok(Self {
            locker,
            bucket: bucket.to_string(),
            key: key.to_string(),
            upload_id,
            lock,
            part: Vec::with_capacity(PART_SIZE),
            etags: Vec::new(),
            finished: false,
        })
    }

    fn send_part(&mut self) -> Result<(), Error> {
        let number = self.etags.len() + 1;
        let answer = self.locker.store().expect_ok(
            &Request {
                method: Method::Put,
                bucket: &self.bucket,
                key: Some(&self.key),
                query: vec![
                    ("partNumber", number.to_string()),
                    ("uploadId", self.upload_id.clone()),
                ],
                headers: vec![("content-md5", content_md5(&self.part))],
                body: &self.part,
            },
            &format!("part {number} of {}", self.key),
        )?;
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
        let answer = self.locker.store().send(&Request {
            method: Method::Post,
            bucket: &self.bucket,
            key: Some(&self.key),
            query: vec![("uploadId", self.upload_id.clone())],
            headers: vec![("content-md5", content_md5(body.as_bytes()))],
            body: body.as_bytes(),
        })?;
        // S3 may answer 200 with an error document.
        if !(200..300).contains(&answer.status) || answer.xml("Code").is_some() {
            return Err(refused(&format!("completing {}", self.key), &answer));
        }
        self.finished = true;
        let version = answer.header("x-amz-version-id").map(str::to_string);
        self.locker
            .lock(&self.bucket, &self.key, version.as_deref(), &self.lock)
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
            let _ = self.locker.store().send(&Request {
                method: Method::Delete,
                bucket: &self.bucket,
                key: Some(&self.key),
                query: vec![("uploadId", self.upload_id.clone())],
                headers: Vec::new(),
                body: &[],
            });
        }
    }
}
