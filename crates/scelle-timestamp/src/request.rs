//! Building an RFC 3161 TimeStampReq and sending it to a TSA over HTTP(S).

use std::io::Read;
use std::time::Duration;

use der::asn1::{Int, OctetString};
use der::oid::db::rfc5912::ID_SHA_256;
use der::Encode;
use scelle_hash::Sha256Digest;
use spki::AlgorithmIdentifier;
use x509_tsp::{MessageImprint, TimeStampReq, TspVersion};

use crate::Error;

/// Largest TSA answer read (a response with a certificate chain is a few KiB).
pub const MAX_RESPONSE: u64 = 1 << 20;

/// A request ready to send, and its nonce (the token must echo it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// DER of the TimeStampReq (`application/timestamp-query`).
    pub der: Vec<u8>,
    /// The nonce sent, as big-endian bytes without leading zeros.
    pub nonce: Vec<u8>,
}

/// A request for a token over `digest` (SHA-256), with a random 64-bit
/// nonce and certReq set (the token then carries the TSA certificate).
pub fn request_for(digest: &Sha256Digest) -> Result<Request, Error> {
    let mut random = [0u8; 8];
    getrandom::fill(&mut random).map_err(|error| Error::Request(error.to_string()))?;
    // Positive, minimal: no leading zero byte and the high bit clear.
    random[0] = (random[0] & 0x7f) | 0x40;
    let request = TimeStampReq {
        version: TspVersion::V1,
        message_imprint: MessageImprint {
            hash_algorithm: AlgorithmIdentifier {
                oid: ID_SHA_256,
                parameters: Some(der::Any::null()),
            },
            hashed_message: OctetString::new(digest.as_bytes().to_vec())
                .map_err(|error| Error::Request(error.to_string()))?,
        },
        req_policy: None,
        nonce: Some(Int::new(&random).map_err(|error| Error::Request(error.to_string()))?),
        cert_req: true,
        extensions: None,
    };
    Ok(Request {
        der: request
            .to_der()
            .map_err(|error| Error::Request(error.to_string()))?,
        nonce: random.to_vec(),
    })
}

/// POSTs `request` to the TSA at `url` and returns its answer (DER of a
/// TimeStampResp), refusing anything but a 200 reply of at most
/// [`MAX_RESPONSE`] bytes.
pub fn send(url: &str, request: &Request, timeout: Duration) -> Result<Vec<u8>, Error> {
    let unreachable = |reason: String| Error::Unreachable {
        url: url.to_string(),
        reason,
    };
    // HTTPS servers are checked against the system's trust store (with
    // SSL_CERT_FILE honoured): a TSA inside an organisation often has a
    // certificate from that organisation's own CA.
    let tls = ureq::tls::TlsConfig::builder()
        .root_certs(ureq::tls::RootCerts::PlatformVerifier)
        .build();
    let agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .tls_config(tls)
        .build()
        .new_agent();
    let response = agent
        .post(url)
        .header("Content-Type", "application/timestamp-query")
        .header("Accept", "application/timestamp-reply")
        .send(&request.der[..])
        .map_err(|error| unreachable(error.to_string()))?;
    let status = response.status();
    if status != 200 {
        return Err(unreachable(format!("HTTP status {status}")));
    }
    let mut body = Vec::new();
    response
        .into_body()
        .into_reader()
        .take(MAX_RESPONSE + 1)
        .read_to_end(&mut body)
        .map_err(|error| unreachable(error.to_string()))?;
    if body.len() as u64 > MAX_RESPONSE {
        return Err(unreachable(format!(
            "the answer is larger than {MAX_RESPONSE} bytes"
        )));
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use der::Decode;

    #[test]
    fn request_carries_the_digest_a_fresh_nonce_and_cert_req() {
        let digest = Sha256Digest::of(b"manifest");
        let first = request_for(&digest).unwrap();
        let second = request_for(&digest).unwrap();
        assert_ne!(first.nonce, second.nonce);
        let parsed = TimeStampReq::from_der(&first.der).unwrap();
        assert_eq!(parsed.message_imprint.hash_algorithm.oid, ID_SHA_256);
        assert_eq!(
            parsed.message_imprint.hashed_message.as_bytes(),
            digest.as_bytes()
        );
        assert_eq!(parsed.nonce.unwrap().as_bytes(), &first.nonce[..]);
        assert!(parsed.cert_req);
    }
}
