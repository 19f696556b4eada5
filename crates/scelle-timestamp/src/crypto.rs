//! The signature schemes a TSA or its CA may use, checked over bytes.

use der::oid::ObjectIdentifier;
use der::Encode;
use sha2::{Digest, Sha256, Sha384, Sha512};
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};

const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const SHA256_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.11");
const SHA384_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.12");
const SHA512_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.13");
const ECDSA_WITH_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");
const ECDSA_WITH_SHA384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.3");
const ECDSA_WITH_SHA512: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.4");
const EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const P256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
const P384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");

/// The hash functions accepted (SHA-1 is not: collisions are practical).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HashAlg {
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
}

impl HashAlg {
    /// The hash named by a digest-algorithm OID.
    pub fn from_oid(oid: &ObjectIdentifier) -> Option<Self> {
        match oid.to_string().as_str() {
            "2.16.840.1.101.3.4.2.1" => Some(HashAlg::Sha256),
            "2.16.840.1.101.3.4.2.2" => Some(HashAlg::Sha384),
            "2.16.840.1.101.3.4.2.3" => Some(HashAlg::Sha512),
            _ => None,
        }
    }

    /// The digest of `data`.
    pub fn digest(self, data: &[u8]) -> Vec<u8> {
        match self {
            HashAlg::Sha256 => Sha256::digest(data).to_vec(),
            HashAlg::Sha384 => Sha384::digest(data).to_vec(),
            HashAlg::Sha512 => Sha512::digest(data).to_vec(),
        }
    }
}

/// Checks that `signature` over `data` was made with the key in `key` using
/// `algorithm`. A bare rsaEncryption algorithm (as CMS signer infos may
/// say) takes its hash from `digest`. Errors say why in words.
pub fn verify(
    key: &SubjectPublicKeyInfoOwned,
    algorithm: &AlgorithmIdentifierOwned,
    digest: Option<HashAlg>,
    data: &[u8],
    signature: &[u8],
) -> Result<(), String> {
    let key_der = key
        .to_der()
        .map_err(|error| format!("public key unreadable: {error}"))?;
    let rsa_hash = match algorithm.oid {
        oid if oid == SHA256_WITH_RSA => Some(HashAlg::Sha256),
        oid if oid == SHA384_WITH_RSA => Some(HashAlg::Sha384),
        oid if oid == SHA512_WITH_RSA => Some(HashAlg::Sha512),
        oid if oid == RSA_ENCRYPTION => Some(digest.ok_or("no usable digest algorithm")?),
        _ => None,
    };
    if let Some(hash) = rsa_hash {
        use rsa::pkcs8::DecodePublicKey;
        let public = rsa::RsaPublicKey::from_public_key_der(&key_der)
            .map_err(|error| format!("not an RSA public key: {error}"))?;
        let scheme = match hash {
            HashAlg::Sha256 => rsa::Pkcs1v15Sign::new::<Sha256>(),
            HashAlg::Sha384 => rsa::Pkcs1v15Sign::new::<Sha384>(),
            HashAlg::Sha512 => rsa::Pkcs1v15Sign::new::<Sha512>(),
        };
        return public
            .verify(scheme, &hash.digest(data), signature)
            .map_err(|_| "the RSA signature does not verify".to_string());
    }
    let ecdsa_hash = match algorithm.oid {
        oid if oid == ECDSA_WITH_SHA256 => HashAlg::Sha256,
        oid if oid == ECDSA_WITH_SHA384 => HashAlg::Sha384,
        oid if oid == ECDSA_WITH_SHA512 => HashAlg::Sha512,
        oid => {
            return Err(format!(
                "signature algorithm {oid} is not supported (RSA PKCS#1 v1.5 and ECDSA are)"
            ))
        }
    };
    if key.algorithm.oid != EC_PUBLIC_KEY {
        return Err("an ECDSA signature from a key that is not an EC key".into());
    }
    let curve = key
        .algorithm
        .parameters
        .as_ref()
        .and_then(|parameters| parameters.decode_as::<ObjectIdentifier>().ok());
    let prehash = ecdsa_hash.digest(data);
    let bad = |_| "the ECDSA signature does not verify".to_string();
    use p256::ecdsa::signature::hazmat::PrehashVerifier;
    use p256::pkcs8::DecodePublicKey;
    match curve {
        Some(curve) if curve == P256 => {
            let public = p256::ecdsa::VerifyingKey::from_public_key_der(&key_der)
                .map_err(|error| format!("not a P-256 key: {error}"))?;
            let signature = p256::ecdsa::Signature::from_der(signature).map_err(bad)?;
            public.verify_prehash(&prehash, &signature).map_err(bad)
        }
        Some(curve) if curve == P384 => {
            let public = p384::ecdsa::VerifyingKey::from_public_key_der(&key_der)
                .map_err(|error| format!("not a P-384 key: {error}"))?;
            let signature = p384::ecdsa::Signature::from_der(signature).map_err(bad)?;
            public.verify_prehash(&prehash, &signature).map_err(bad)
        }
        _ => Err("the EC curve is not supported (P-256 and P-384 are)".into()),
    }
}
