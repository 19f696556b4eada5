//! Reading a TSA's answer and checking its token as hostile input.

use chrono::{DateTime, NaiveDateTime, Utc};
use cmpv2::status::PkiStatus;
use cms::cert::CertificateChoices;
use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier, SignerInfo};
use der::asn1::{Int, OctetString};
use der::oid::ObjectIdentifier;
use der::{Any, Decode, Encode, Sequence, Tag, Tagged};
use scelle_finding::{Finding, Place};
use scelle_hash::hex::encode as hex;
use scelle_hash::Sha256Digest;
use serde::{Deserialize, Serialize};
use spki::AlgorithmIdentifierOwned;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::{BasicConstraints, ExtendedKeyUsage};
use x509_cert::ext::Extensions;
use x509_cert::Certificate;
use x509_tsp::{Accuracy, MessageImprint, TimeStampResp};

use crate::crypto::{self, HashAlg};
use crate::Error;

const SIGNED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
const TST_INFO: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.1.4");
const CONTENT_TYPE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.3");
const MESSAGE_DIGEST: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
const SIGNING_CERTIFICATE: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.12");
const SIGNING_CERTIFICATE_V2: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.47");
const SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
const EXTENDED_KEY_USAGE: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.37");
const BASIC_CONSTRAINTS: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.19");
const TIME_STAMPING: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.8");

/// Largest token file read.
pub const MAX_TOKEN: usize = 1 << 20;
/// Longest certificate chain followed.
const MAX_CHAIN: usize = 8;

/// TSTInfo (RFC 3161 §2.4.2), with genTime kept raw: DER allows fractions
/// of a second there, which the `der` crate's GeneralizedTime does not take.
#[derive(Clone, Debug, Sequence)]
struct TstInfo {
    version: Int,
    policy: ObjectIdentifier,
    message_imprint: MessageImprint,
    serial_number: Int,
    gen_time: Any,
    #[asn1(optional = "true")]
    accuracy: Option<Accuracy>,
    #[asn1(default = "Default::default")]
    ordering: bool,
    #[asn1(optional = "true")]
    nonce: Option<Int>,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    tsa: Option<GeneralName>,
    #[asn1(context_specific = "1", tag_mode = "IMPLICIT", optional = "true")]
    extensions: Option<Extensions>,
}

/// ESSCertIDv2 (RFC 5035); the hash algorithm defaults to SHA-256.
#[derive(Clone, Debug, Sequence)]
struct EssCertIdV2 {
    #[asn1(optional = "true")]
    hash_algorithm: Option<AlgorithmIdentifierOwned>,
    cert_hash: OctetString,
    #[asn1(optional = "true")]
    issuer_serial: Option<Any>,
}

#[derive(Clone, Debug, Sequence)]
struct SigningCertificateV2 {
    certs: Vec<EssCertIdV2>,
    #[asn1(optional = "true")]
    policies: Option<Any>,
}

/// ESSCertID (RFC 2634): a SHA-1 hash of the certificate.
#[derive(Clone, Debug, Sequence)]
struct EssCertId {
    cert_hash: OctetString,
    #[asn1(optional = "true")]
    issuer_serial: Option<Any>,
}

#[derive(Clone, Debug, Sequence)]
struct SigningCertificate {
    certs: Vec<EssCertId>,
    #[asn1(optional = "true")]
    policies: Option<Any>,
}

/// What a token states, for people and for the custody log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenInfo {
    /// The TSA's time, RFC 3339 UTC (fractions kept).
    pub gen_time: String,
    /// Serial number, hex.
    pub serial: String,
    /// TSA policy OID.
    pub policy: String,
    /// Hash algorithm OID of the message imprint.
    pub imprint_algorithm: String,
    /// The hash stamped, hex.
    pub imprint: String,
    /// The nonce echoed, hex.
    pub nonce: Option<String>,
    /// The TSA's name, if the token gives it.
    pub tsa_name: Option<String>,
    /// Accuracy, in words.
    pub accuracy: Option<String>,
    /// Subject of the certificate that signed the token, if it is there.
    pub signer: Option<String>,
}

/// A token read from a `.tsr` file or a TSA answer.
#[derive(Clone, Debug)]
pub struct Token {
    /// DER of the token (a CMS ContentInfo).
    pub der: Vec<u8>,
    signed_data: SignedData,
    tst_der: Vec<u8>,
    tst: TstInfo,
    /// What it states.
    pub info: TokenInfo,
}

/// The token inside a TimeStampResp, refusing a response whose status is
/// not granted (the TSA's reason is given).
pub fn token_from_response(response: &[u8]) -> Result<Token, Error> {
    let response = TimeStampResp::from_der(response)
        .map_err(|error| Error::Malformed(format!("not a TimeStampResp: {error}")))?;
    match response.status.status {
        PkiStatus::Accepted | PkiStatus::GrantedWithMods => {}
        status => {
            let text = response
                .status
                .status_string
                .map(|texts| {
                    texts
                        .iter()
                        .map(|text| text.to_string())
                        .collect::<Vec<_>>()
                        .join("; ")
                })
                .unwrap_or_default();
            return Err(Error::Refused(
                format!("status {status:?} {text}").trim().to_string(),
            ));
        }
    }
    let token = response
        .time_stamp_token
        .ok_or_else(|| Error::Malformed("a granted response without a token".into()))?;
    read_token_info(token)
}

/// A token from a file: a TimeStampResp (`openssl ts -reply` output) or a
/// bare token (`-token_out`).
pub fn read_token(bytes: &[u8]) -> Result<Token, Error> {
    if bytes.len() > MAX_TOKEN {
        return Err(Error::Malformed(format!(
            "larger than {MAX_TOKEN} bytes: not a timestamp token"
        )));
    }
    match token_from_response(bytes) {
        Ok(token) => Ok(token),
        Err(Error::Malformed(_)) => {
            let content = ContentInfo::from_der(bytes).map_err(|error| {
                Error::Malformed(format!(
                    "neither a TimeStampResp nor a timestamp token: {error}"
                ))
            })?;
            read_token_info(content)
        }
        Err(other) => Err(other),
    }
}

fn read_token_info(content: ContentInfo) -> Result<Token, Error> {
    let malformed = |what: &str, error: der::Error| Error::Malformed(format!("{what}: {error}"));
    if content.content_type != SIGNED_DATA {
        return Err(Error::Malformed(format!(
            "the token is a {}, not a CMS SignedData",
            content.content_type
        )));
    }
    let der = content.to_der().map_err(|e| malformed("token", e))?;
    let signed_data = content
        .content
        .decode_as::<SignedData>()
        .map_err(|e| malformed("SignedData", e))?;
    let econtent = signed_data
        .encap_content_info
        .econtent
        .as_ref()
        .ok_or_else(|| Error::Malformed("the token has no content".into()))?;
    let tst_der = econtent
        .decode_as::<OctetString>()
        .map_err(|e| malformed("token content", e))?
        .as_bytes()
        .to_vec();
    let tst = TstInfo::from_der(&tst_der).map_err(|e| malformed("TSTInfo", e))?;
    let gen_time = generalized_time(&tst.gen_time)?;
    let signer =
        signer_certificate(&signed_data).map(|cert| cert.tbs_certificate.subject.to_string());
    let info = TokenInfo {
        gen_time: gen_time.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
        serial: hex(tst.serial_number.as_bytes()),
        policy: tst.policy.to_string(),
        imprint_algorithm: tst.message_imprint.hash_algorithm.oid.to_string(),
        imprint: hex(tst.message_imprint.hashed_message.as_bytes()),
        nonce: tst.nonce.as_ref().map(|nonce| hex(nonce.as_bytes())),
        tsa_name: tst.tsa.as_ref().map(|name| match name {
            GeneralName::DirectoryName(name) => name.to_string(),
            other => format!("{other:?}"),
        }),
        accuracy: tst.accuracy.as_ref().map(|accuracy| {
            format!(
                "±{}s {}ms {}µs",
                accuracy.seconds.unwrap_or(0),
                accuracy.millis.unwrap_or(0),
                accuracy.micros.unwrap_or(0)
            )
        }),
        signer,
    };
    Ok(Token {
        der,
        signed_data,
        tst_der,
        tst,
        info,
    })
}

/// What can be wrong with a timestamp token.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TimestampFindingKind {
    /// The token cannot be read or is not a timestamp token.
    Malformed,
    /// The token's content is not a TSTInfo.
    NotTstInfo,
    /// It stamps a hash made with another algorithm than SHA-256.
    NotSha256,
    /// It stamps another hash than the one checked.
    WrongImprint,
    /// Its nonce is not the request's: it answers another request.
    WrongNonce,
    /// The TSA's signature, or the certificate it names, does not hold.
    Signature,
    /// The TSA certificate does not chain to a trusted CA.
    UntrustedTsa,
    /// What the token stamps is not there to compare with.
    NothingToCompare,
    /// `openssl ts -verify` reaches the other verdict.
    OpensslDisagrees,
}

/// A problem with a timestamp token.
pub type TimestampFinding = Finding<TimestampFindingKind>;

fn problem(kind: TimestampFindingKind, message: impl Into<String>) -> TimestampFinding {
    Finding::new(kind, Place::none(), message)
}

/// What checking a token established.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checked {
    /// What the token states.
    pub info: TokenInfo,
    /// Everything wrong with it; empty when it holds.
    pub findings: Vec<TimestampFinding>,
    /// The TSA certificate chains to a trusted CA (and nothing is wrong).
    pub tsa_authenticated: bool,
}

impl Token {
    /// The TSA's time.
    pub fn gen_time(&self) -> Result<DateTime<Utc>, Error> {
        generalized_time(&self.tst.gen_time)
    }

    /// Checks the token: it stamps `digest` (SHA-256), echoes `nonce` when
    /// one is given, is signed by the certificate it names over exactly its
    /// content, and, when `trusted` CA certificates are given, that
    /// certificate is a time-stamping certificate chaining to one of them
    /// and valid at the stamped time.
    pub fn check(
        &self,
        digest: &Sha256Digest,
        nonce: Option<&[u8]>,
        trusted: &[Certificate],
    ) -> Checked {
        use TimestampFindingKind as K;
        let mut findings = Vec::new();
        if self.signed_data.encap_content_info.econtent_type != TST_INFO {
            findings.push(problem(
                K::NotTstInfo,
                "the token's content is not a TSTInfo",
            ));
        }
        let imprint = &self.tst.message_imprint;
        if imprint.hash_algorithm.oid != SHA256 {
            findings.push(problem(
                K::NotSha256,
                format!(
                    "the token stamps a hash made with {}, not SHA-256",
                    imprint.hash_algorithm.oid
                ),
            ));
        } else if imprint.hashed_message.as_bytes() != digest.as_bytes() {
            let stamped = hex(imprint.hashed_message.as_bytes());
            findings.push(
                problem(
                    K::WrongImprint,
                    format!(
                        "the token is for another hash: it stamps {stamped}, manifest.json's SHA-256 is {digest}"
                    ),
                )
                .with_values(digest, stamped),
            );
        }
        if let Some(expected) = nonce {
            let found = self.tst.nonce.as_ref().map(|n| n.as_bytes());
            if found != Some(expected) {
                let found = found.map_or("absent".to_string(), hex);
                findings.push(
                    problem(
                        K::WrongNonce,
                        format!(
                            "the nonce is {found}, the request's was {}: this token answers another request",
                            hex(expected)
                        ),
                    )
                    .with_values(hex(expected), found),
                );
            }
        }
        let mut chained = false;
        match self.signer_problems(trusted) {
            Ok(signer) => {
                if !trusted.is_empty() {
                    match self.chain(signer, trusted) {
                        Ok(()) => chained = true,
                        Err(why) => findings.push(problem(
                            K::UntrustedTsa,
                            format!(
                                "the TSA certificate ({}) is not trusted: {why}",
                                signer.tbs_certificate.subject
                            ),
                        )),
                    }
                }
            }
            Err(why) => findings.push(problem(K::Signature, why)),
        }
        Checked {
            info: self.info.clone(),
            tsa_authenticated: chained && findings.is_empty(),
            findings,
        }
    }

    /// Checks the signer info and returns the signing certificate.
    fn signer_problems<'a>(
        &'a self,
        trusted: &'a [Certificate],
    ) -> Result<&'a Certificate, String> {
        let signers = &self.signed_data.signer_infos.0;
        let [signer] = signers.as_slice() else {
            return Err(format!(
                "the token has {} signer infos, not one",
                signers.len()
            ));
        };
        let certificate = find_certificate(&self.signed_data, &signer.sid)
            .or_else(|| trusted.iter().find(|cert| matches_sid(cert, &signer.sid)))
            .ok_or("the token does not carry the TSA certificate, and it is not among the trusted ones")?;
        let digest = HashAlg::from_oid(&signer.digest_alg.oid)
            .ok_or_else(|| format!("digest algorithm {} is not accepted", signer.digest_alg.oid))?;
        let attributes = signer
            .signed_attrs
            .as_ref()
            .ok_or("the token has no signed attributes")?;
        let attribute = |oid: ObjectIdentifier| {
            attributes
                .iter()
                .find(|attribute| attribute.oid == oid)
                .and_then(|attribute| attribute.values.iter().next())
        };
        match attribute(CONTENT_TYPE).map(|value| value.decode_as::<ObjectIdentifier>()) {
            Some(Ok(oid)) if oid == TST_INFO => {}
            _ => return Err("the signed content-type attribute is not TSTInfo".into()),
        }
        match attribute(MESSAGE_DIGEST).map(|value| value.decode_as::<OctetString>()) {
            Some(Ok(value)) if value.as_bytes() == digest.digest(&self.tst_der) => {}
            Some(Ok(_)) => {
                return Err(
                    "the TSTInfo was altered: its digest differs from the one the TSA signed"
                        .into(),
                )
            }
            _ => return Err("the token has no message-digest attribute".into()),
        }
        let signed = attributes
            .to_der()
            .map_err(|error| format!("signed attributes unreadable: {error}"))?;
        crypto::verify(
            &certificate.tbs_certificate.subject_public_key_info,
            &signer.signature_algorithm,
            Some(digest),
            &signed,
            signer.signature.as_bytes(),
        )
        .map_err(|problem| {
            format!("the TSA's signature over the token does not hold: {problem}")
        })?;
        check_signing_certificate(signer, certificate)?;
        let gen_time = self.gen_time().map_err(|error| error.to_string())?;
        check_validity(certificate, gen_time)?;
        check_time_stamping_usage(certificate)?;
        Ok(certificate)
    }

    /// Follows issuers from `signer` to a certificate in `trusted`.
    fn chain(&self, signer: &Certificate, trusted: &[Certificate]) -> Result<(), String> {
        let gen_time = self.gen_time().map_err(|error| error.to_string())?;
        let carried: Vec<&Certificate> = carried_certificates(&self.signed_data).collect();
        let mut current = signer;
        for _ in 0..MAX_CHAIN {
            if trusted.contains(current) {
                return Ok(());
            }
            let tbs = current
                .tbs_certificate
                .to_der()
                .map_err(|error| format!("certificate unreadable: {error}"))?;
            let issuer = trusted
                .iter()
                .chain(carried.iter().copied())
                .filter(|candidate| {
                    candidate.tbs_certificate.subject == current.tbs_certificate.issuer
                })
                .find(|candidate| {
                    crypto::verify(
                        &candidate.tbs_certificate.subject_public_key_info,
                        &current.signature_algorithm,
                        None,
                        &tbs,
                        current.signature.raw_bytes(),
                    )
                    .is_ok()
                })
                .ok_or_else(|| {
                    format!(
                        "no trusted or carried certificate signed {}",
                        current.tbs_certificate.subject
                    )
                })?;
            if !is_ca(issuer) {
                return Err(format!(
                    "{} is not a CA certificate",
                    issuer.tbs_certificate.subject
                ));
            }
            check_validity(issuer, gen_time)?;
            if trusted.contains(issuer) {
                return Ok(());
            }
            current = issuer;
        }
        Err(format!("no trusted CA within {MAX_CHAIN} certificates"))
    }
}

fn carried_certificates(signed_data: &SignedData) -> impl Iterator<Item = &Certificate> {
    signed_data
        .certificates
        .iter()
        .flat_map(|set| set.0.iter())
        .filter_map(|choice| match choice {
            CertificateChoices::Certificate(cert) => Some(cert),
            CertificateChoices::Other(_) => None,
        })
}

fn signer_certificate(signed_data: &SignedData) -> Option<&Certificate> {
    let signer = signed_data.signer_infos.0.iter().next()?;
    find_certificate(signed_data, &signer.sid)
}

fn find_certificate<'a>(
    signed_data: &'a SignedData,
    sid: &SignerIdentifier,
) -> Option<&'a Certificate> {
    carried_certificates(signed_data).find(|cert| matches_sid(cert, sid))
}

fn matches_sid(cert: &Certificate, sid: &SignerIdentifier) -> bool {
    match sid {
        SignerIdentifier::IssuerAndSerialNumber(id) => {
            cert.tbs_certificate.issuer == id.issuer
                && cert.tbs_certificate.serial_number == id.serial_number
        }
        SignerIdentifier::SubjectKeyIdentifier(ski) => cert
            .tbs_certificate
            .get::<x509_cert::ext::pkix::SubjectKeyIdentifier>()
            .ok()
            .flatten()
            .is_some_and(|(_, found)| found == *ski),
    }
}

/// The ESS signing-certificate attribute must name the signing certificate.
fn check_signing_certificate(signer: &SignerInfo, certificate: &Certificate) -> Result<(), String> {
    let cert_der = certificate
        .to_der()
        .map_err(|error| format!("certificate unreadable: {error}"))?;
    let attributes = signer
        .signed_attrs
        .as_ref()
        .map(|a| a.iter())
        .into_iter()
        .flatten();
    for attribute in attributes {
        let Some(value) = attribute.values.iter().next() else {
            continue;
        };
        if attribute.oid == SIGNING_CERTIFICATE_V2 {
            let parsed = value
                .decode_as::<SigningCertificateV2>()
                .map_err(|error| format!("signing-certificate-v2 unreadable: {error}"))?;
            let first = parsed
                .certs
                .first()
                .ok_or("signing-certificate-v2 is empty")?;
            let oid = first.hash_algorithm.as_ref().map_or(SHA256, |alg| alg.oid);
            let hash = HashAlg::from_oid(&oid)
                .ok_or_else(|| format!("certificate hash {oid} is not accepted"))?;
            return if first.cert_hash.as_bytes() == hash.digest(&cert_der) {
                Ok(())
            } else {
                Err("the signing-certificate attribute names another certificate than the one that signed".into())
            };
        }
        if attribute.oid == SIGNING_CERTIFICATE {
            use sha1::Digest;
            let parsed = value
                .decode_as::<SigningCertificate>()
                .map_err(|error| format!("signing-certificate unreadable: {error}"))?;
            let first = parsed.certs.first().ok_or("signing-certificate is empty")?;
            return if first.cert_hash.as_bytes() == sha1::Sha1::digest(&cert_der).as_slice() {
                Ok(())
            } else {
                Err("the signing-certificate attribute names another certificate than the one that signed".into())
            };
        }
    }
    Err("the token has no signing-certificate attribute (RFC 3161 requires one)".into())
}

fn check_validity(certificate: &Certificate, at: DateTime<Utc>) -> Result<(), String> {
    let validity = &certificate.tbs_certificate.validity;
    let seconds = |time: &x509_cert::time::Time| time.to_unix_duration().as_secs() as i64;
    let at = at.timestamp();
    if at < seconds(&validity.not_before) || at > seconds(&validity.not_after) {
        return Err(format!(
            "{} was not valid at the stamped time ({} to {})",
            certificate.tbs_certificate.subject, validity.not_before, validity.not_after
        ));
    }
    Ok(())
}

/// RFC 3161 §2.3: the TSA certificate's extended key usage is time stamping
/// only, marked critical.
fn check_time_stamping_usage(certificate: &Certificate) -> Result<(), String> {
    let extension = certificate
        .tbs_certificate
        .extensions
        .iter()
        .flatten()
        .find(|extension| extension.extn_id == EXTENDED_KEY_USAGE)
        .ok_or("the TSA certificate has no extended key usage (time stamping is required)")?;
    let usage = ExtendedKeyUsage::from_der(extension.extn_value.as_bytes())
        .map_err(|error| format!("extended key usage unreadable: {error}"))?;
    if !extension.critical || usage.0 != [TIME_STAMPING] {
        return Err("the TSA certificate is not a time-stamping certificate (critical extended key usage timeStamping only)".into());
    }
    Ok(())
}

fn is_ca(certificate: &Certificate) -> bool {
    certificate
        .tbs_certificate
        .extensions
        .iter()
        .flatten()
        .find(|extension| extension.extn_id == BASIC_CONSTRAINTS)
        .and_then(|extension| BasicConstraints::from_der(extension.extn_value.as_bytes()).ok())
        .is_some_and(|constraints| constraints.ca)
}

/// Parses a DER GeneralizedTime, fractions of a second included.
fn generalized_time(value: &Any) -> Result<DateTime<Utc>, Error> {
    let bad = || Error::Malformed("genTime is not a GeneralizedTime".into());
    if value.tag() != Tag::GeneralizedTime {
        return Err(bad());
    }
    let text = std::str::from_utf8(value.value()).map_err(|_| bad())?;
    let text = text.strip_suffix('Z').ok_or_else(bad)?;
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |part: &str| part.chars().all(|c| c.is_ascii_digit());
    if whole.len() != 14 || !digits(whole) || !digits(fraction) || fraction.len() > 9 {
        return Err(bad());
    }
    let time = NaiveDateTime::parse_from_str(whole, "%Y%m%d%H%M%S").map_err(|_| bad())?;
    let nanos: u32 = if fraction.is_empty() {
        0
    } else {
        format!("{fraction:0<9}").parse().map_err(|_| bad())?
    };
    Ok(time.and_utc() + chrono::Duration::nanoseconds(i64::from(nanos)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generalized_time_with_and_without_fractions() {
        let time = |text: &str| {
            let any = Any::new(Tag::GeneralizedTime, text.as_bytes()).unwrap();
            generalized_time(&any).map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
        };
        assert_eq!(time("20261125101500Z").unwrap(), "2026-11-25T10:15:00Z");
        assert_eq!(
            time("20261125101500.25Z").unwrap(),
            "2026-11-25T10:15:00.250Z"
        );
        assert!(time("20261125101500").is_err());
        assert!(time("2026112510150Z").is_err());
        assert!(time("20261125101500.x5Z").is_err());
    }

    #[test]
    fn garbage_is_refused_with_words() {
        for bytes in [
            &b""[..],
            b"\x30\x03\x02\x01",
            b"not der at all",
            &[0x30; 64],
        ] {
            let error = read_token(bytes).unwrap_err().to_string();
            assert!(
                error.contains("neither a TimeStampResp nor a timestamp token")
                    || error.contains("not"),
                "{error}"
            );
        }
    }
}
