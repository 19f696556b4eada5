//! RFC 3161 trusted timestamps for manifest.json (and any file): asking a
//! Time-Stamping Authority over HTTP(S), and checking the token it returns.
//!
//! The host's clock is the attacker's clock; a token from a third-party TSA
//! proves that a hash existed no later than the TSA's `genTime`. Tokens are
//! read as hostile input: every field is checked against the request
//! (hash, nonce), the TSA's signature against the certificate the token
//! names, and that certificate against the CA certificates the expert
//! trusts (`--tsa-ca`). The ASN.1 work is done by the RustCrypto crates.

mod crypto;
mod request;
mod token;

pub use request::{request_for, send, Request, MAX_RESPONSE};
pub use token::{
    read_token, token_from_response, Checked, TimestampFinding, TimestampFindingKind, Token,
    TokenInfo, MAX_TOKEN,
};
pub use x509_cert::Certificate;

use x509_cert::der::Decode;

/// Why a timestamp could not be obtained or read.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The request could not be built.
    #[error("cannot build the timestamp request: {0}")]
    Request(String),
    /// The TSA could not be reached or did not answer properly.
    #[error("the TSA at {url} could not be used: {reason}")]
    Unreachable {
        /// Its URL.
        url: String,
        /// What happened.
        reason: String,
    },
    /// The TSA refused the request.
    #[error("the TSA refused the request: {0}")]
    Refused(String),
    /// The answer or file is not a well-formed response or token.
    #[error("malformed timestamp: {0}")]
    Malformed(String),
    /// A CA certificate file cannot be used.
    #[error("{path}: {reason}")]
    Certificates {
        /// The file.
        path: String,
        /// What is wrong.
        reason: String,
    },
}

/// The certificates of a PEM file, read as openssl reads them: base64
/// lines of any length between the markers (RFC 7468's strict form wraps at
/// 64 columns; files from real TSAs do not always).
fn pem_certificates(bytes: &[u8]) -> Result<Vec<x509_cert::Certificate>, String> {
    use base64::Engine;
    const BEGIN: &str = "-----BEGIN CERTIFICATE-----";
    const END: &str = "-----END CERTIFICATE-----";
    let text = std::str::from_utf8(bytes).map_err(|_| "not text".to_string())?;
    let mut certificates = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(BEGIN) {
        let body = &rest[start + BEGIN.len()..];
        let end = body.find(END).ok_or("a certificate without its END line")?;
        let encoded: String = body[..end].split_whitespace().collect();
        let der = base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .map_err(|e| format!("bad base64: {e}"))?;
        certificates.push(
            x509_cert::Certificate::from_der(&der)
                .map_err(|e| format!("not a certificate: {e}"))?,
        );
        rest = &body[end + END.len()..];
    }
    Ok(certificates)
}

/// Reads trusted CA certificates: one or more PEM certificates, or one DER.
pub fn load_certificates(path: &std::path::Path) -> Result<Vec<x509_cert::Certificate>, Error> {
    let error = |reason: String| Error::Certificates {
        path: path.display().to_string(),
        reason,
    };
    let bytes = std::fs::read(path).map_err(|e| error(e.to_string()))?;
    if bytes.len() > MAX_TOKEN {
        return Err(error("larger than a certificate file can be".into()));
    }
    let certificates = if bytes.starts_with(b"-----BEGIN") {
        pem_certificates(&bytes).map_err(|e| error(format!("not PEM certificates: {e}")))?
    } else {
        vec![x509_cert::Certificate::from_der(&bytes)
            .map_err(|e| error(format!("not a DER certificate: {e}")))?]
    };
    if certificates.is_empty() {
        return Err(error("no certificate in it".into()));
    }
    Ok(certificates)
}
