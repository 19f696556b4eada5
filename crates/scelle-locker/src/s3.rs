//! The few S3 requests the locker makes, signed with AWS SigV4 (query-string
//! form, through rusty-s3) and sent with ureq. Every body sent carries its
//! Content-MD5 (S3 refuses Object Lock writes without a checksum); every
//! answer read is bounded.

use std::io::Read;
use std::time::Duration;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use md5::{Digest, Md5};
use rusty_s3::{Bucket, Credentials, Method, UrlStyle};

use crate::Error;

/// Largest answer read (XML documents of a few hundred bytes).
const MAX_ANSWER: u64 = 1 << 20;

/// How long a signed request stays valid.
const SIGNATURE_LIFETIME: u64 = 600;

/// An S3 endpoint and the credentials to use it.
pub struct Store {
    endpoint: url::Url,
    region: String,
    credentials: Credentials,
    style: UrlStyle,
    agent: ureq::Agent,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the secret.
        write!(f, "Store({}, {})", self.endpoint, self.region)
    }
}

/// An answer: status, the headers the locker reads, and the body.
#[derive(Debug)]
pub struct Answer {
    /// HTTP status.
    pub status: u16,
    headers: Vec<(String, String)>,
    /// The body (at most 1 MiB is read).
    pub body: Vec<u8>,
}

impl Answer {
    /// The value of header `name` (lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// The text of the first `<tag>` of the body.
    pub fn xml(&self, tag: &str) -> Option<String> {
        self.all_xml(tag).into_iter().next()
    }

    /// The texts of every `<tag>` of the body, in order, with XML's five
    /// entities decoded.
    pub fn all_xml(&self, tag: &str) -> Vec<String> {
        let text = String::from_utf8_lossy(&self.body);
        elements(&text, tag).into_iter().map(decode).collect()
    }
}

/// The raw contents of every `<tag>` element of `text`, in order (S3's
/// answers are flat XML without attributes on the elements read here).
pub(crate) fn elements<'t>(text: &'t str, tag: &str) -> Vec<&'t str> {
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(&open) {
        let after = &rest[at + open.len()..];
        let Some(end) = after.find(&close) else {
            break;
        };
        found.push(&after[..end]);
        rest = &after[end + close.len()..];
    }
    found
}

/// Text with XML's five entities decoded.
pub(crate) fn decode(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// A request to send.
pub struct Request<'a> {
    /// The HTTP method.
    pub method: Method,
    /// The bucket.
    pub bucket: &'a str,
    /// The object key (`None`: the bucket itself).
    pub key: Option<&'a str>,
    /// Query parameters (`("retention", "")` for `?retention`).
    pub query: Vec<(&'a str, String)>,
    /// Headers, all signed.
    pub headers: Vec<(&'a str, String)>,
    /// The body.
    pub body: &'a [u8],
}

impl Store {
    /// A store at `endpoint` in `region`, with `path_style` addressing
    /// (`endpoint/bucket/key`, which Ceph and MinIO want) or virtual hosts.
    pub fn new(
        endpoint: &str,
        region: &str,
        credentials: Credentials,
        path_style: bool,
    ) -> Result<Self, Error> {
        let endpoint = url::Url::parse(endpoint)
            .map_err(|error| Error::Setup(format!("endpoint {endpoint:?}: {error}")))?;
        let agent = agent();
        Ok(Self {
            endpoint,
            region: region.to_string(),
            credentials,
            style: if path_style {
                UrlStyle::Path
            } else {
                UrlStyle::VirtualHost
            },
            agent,
        })
    }

    fn bucket(&self, name: &str) -> Result<Bucket, Error> {
        Bucket::new(
            self.endpoint.clone(),
            self.style,
            name.to_string(),
            self.region.clone(),
        )
        .map_err(|error| Error::Setup(format!("bucket {name:?}: {error}")))
    }

    /// The signed URL of `request`.
    pub fn signed_url(&self, request: &Request<'_>, lifetime: u64) -> Result<url::Url, Error> {
        let bucket = self.bucket(request.bucket)?;
        let url = match request.key {
            Some(key) => bucket.object_url(key),
            None => bucket.base_url().clone(),
        };
        // rusty-s3 merges the query and the headers with its own pairs and
        // expects both in order: unsorted, the signature covers another
        // request. (Header names are written in lower case.)
        let query = sorted(&request.query).into_iter();
        let headers = sorted(&request.headers).into_iter();
        Ok(rusty_s3::signing::sign(
            &jiff::Timestamp::now(),
            request.method,
            url,
            self.credentials.key(),
            self.credentials.secret(),
            self.credentials.token(),
            &self.region,
            lifetime,
            query,
            headers,
        ))
    }

    /// Sends `request`; any answer, whatever its status.
    pub fn send(&self, request: &Request<'_>) -> Result<Answer, Error> {
        let url = self.signed_url(request, SIGNATURE_LIFETIME)?;
        send_to(
            &self.agent,
            request.method,
            url.as_str(),
            &request.headers,
            request.body,
        )
    }

    /// Sends `request` and requires a 2xx answer; `doing` names it in errors.
    pub fn expect_ok(&self, request: &Request<'_>, doing: &str) -> Result<Answer, Error> {
        let answer = self.send(request)?;
        if !(200..300).contains(&answer.status) {
            return Err(refused(doing, &answer));
        }
        Ok(answer)
    }
}

impl Store {
    /// Sends a GET; a 2xx body comes back as a stream, read from the
    /// connection as the caller reads it.
    pub fn get_reader(
        &self,
        request: &Request<'_>,
        doing: &str,
    ) -> Result<Box<dyn std::io::Read + Send>, Error> {
        let url = self.signed_url(request, SIGNATURE_LIFETIME)?;
        let response = self
            .agent
            .get(url.as_str())
            .call()
            .map_err(|error| Error::Unreachable(redact(&error.to_string())))?;
        let status = response.status().as_u16();
        if !(200..300).contains(&status) {
            let mut body = Vec::new();
            let _ = response
                .into_body()
                .into_reader()
                .take(MAX_ANSWER)
                .read_to_end(&mut body);
            let answer = Answer {
                status,
                headers: Vec::new(),
                body,
            };
            return Err(refused(doing, &answer));
        }
        Ok(Box::new(response.into_body().into_reader()))
    }
}

/// Name-value pairs in order, borrowed.
fn sorted<'r>(pairs: &'r [(&'r str, String)]) -> Vec<(&'r str, &'r str)> {
    let mut sorted: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    sorted.sort_unstable();
    sorted
}

/// The longest a transfer may stand still before it is given up.
const STALL: Duration = Duration::from_secs(120);

/// The HTTP client: redirects not followed (a signed request goes where it
/// was signed for, or fails), statuses returned, and a deadline on every
/// step — connecting, the answer, each read and write — but none on a whole
/// body: a 100 GiB image streams for as long as it keeps moving.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .max_redirects(0)
        .timeout_connect(Some(Duration::from_secs(30)))
        .timeout_recv_response(Some(Duration::from_secs(300)))
        .timeout_per_read(Some(STALL))
        .timeout_per_write(Some(STALL))
        .http_status_as_error(false)
        .build()
        .new_agent()
}

/// Sends a request to a signed `url` (from the store, or from a grant).
pub fn send_to(
    agent: &ureq::Agent,
    method: Method,
    url: &str,
    headers: &[(&str, String)],
    body: &[u8],
) -> Result<Answer, Error> {
    let unreachable = |error: ureq::Error| Error::Unreachable(redact(&error.to_string()));
    let response = match method {
        Method::Get | Method::Head | Method::Delete => {
            let mut builder = match method {
                Method::Get => agent.get(url),
                Method::Head => agent.head(url),
                _ => agent.delete(url),
            };
            for (name, value) in headers {
                builder = builder.header(*name, value.as_str());
            }
            builder.call().map_err(unreachable)?
        }
        Method::Put | Method::Post => {
            let mut builder = match method {
                Method::Put => agent.put(url),
                _ => agent.post(url),
            };
            for (name, value) in headers {
                builder = builder.header(*name, value.as_str());
            }
            builder.send(body).map_err(unreachable)?
        }
    };
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_ascii_lowercase(),
                value.to_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let mut body = Vec::new();
    if method != Method::Head {
        response
            .into_body()
            .into_reader()
            .take(MAX_ANSWER)
            .read_to_end(&mut body)
            .map_err(|error| Error::Unreachable(error.to_string()))?;
    }
    Ok(Answer {
        status,
        headers,
        body,
    })
}

/// The base64 Content-MD5 of `body`.
pub fn content_md5(body: &[u8]) -> String {
    STANDARD.encode(Md5::digest(body))
}

/// The error for an answer that is not 2xx.
pub fn refused(doing: &str, answer: &Answer) -> Error {
    Error::Refused {
        doing: doing.to_string(),
        status: answer.status,
        code: answer.xml("Code").unwrap_or_default(),
        message: answer.xml("Message").unwrap_or_default(),
    }
}

/// `text` without the signature and credential of a presigned URL.
fn redact(text: &str) -> String {
    match text.find("X-Amz-") {
        Some(at) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// rusty-s3 merges the caller's query with its own sorted pairs: given
    /// out of order, the request sent is not the one signed (RGW answered
    /// SignatureDoesNotMatch to `?versions&prefix=`, and would have to a
    /// listing's second page, `continuation-token` after `list-type`).
    #[test]
    fn the_query_is_signed_in_order_whatever_order_it_is_given_in() {
        let store = Store::new(
            "http://127.0.0.1:7480",
            "us-east-1",
            Credentials::new("AKIDEXAMPLE", "secret"),
            true,
        )
        .unwrap();
        let url = store
            .signed_url(
                &Request {
                    method: Method::Get,
                    bucket: "b",
                    key: None,
                    query: vec![
                        ("versions", String::new()),
                        ("prefix", "INC-9/db01.tar.zst".into()),
                        ("key-marker", "k".into()),
                    ],
                    headers: vec![("x-amz-b", "2".into()), ("x-amz-a", "1".into())],
                    body: &[],
                },
                60,
            )
            .unwrap();
        // The signature itself comes last, outside the signed query.
        let names: Vec<String> = url
            .query_pairs()
            .map(|(name, _)| name.into_owned())
            .filter(|name| name != "X-Amz-Signature")
            .collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted);
        let signed = url
            .query_pairs()
            .find(|(name, _)| name == "X-Amz-SignedHeaders")
            .unwrap()
            .1
            .into_owned();
        assert_eq!(signed, "host;x-amz-a;x-amz-b");
    }
}
