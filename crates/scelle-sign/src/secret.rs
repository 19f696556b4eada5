use blake2::digest::consts::U32;
use blake2::{Blake2b, Digest};
use ed25519_dalek::{Signer as _, SigningKey};
use zeroize::{Zeroize, Zeroizing};

use crate::public::KEY_ALGORITHM;
use crate::text::{self, UNTRUSTED_PREFIX};
use crate::{Error, KeyId, KeySource, PublicKey, Signer};

const KDF_SCRYPT: [u8; 2] = *b"Sc";
const KDF_NONE: [u8; 2] = [0, 0];
const CHECKSUM_ALGORITHM: [u8; 2] = *b"B2";
pub(crate) const BLOB_LEN: usize = 158;
/// Offset of key id ‖ secret key ‖ checksum, the part scrypt's stream encrypts.
const KEYNUM_SK: usize = 54;

/// Most memory a secret key file may make scrypt use (minisign's default is 1 GiB).
const SCRYPT_MEMORY_LIMIT: u64 = 2 << 30;

/// The scrypt cost written into a new encrypted key, in libsodium's terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ScryptCost {
    /// libsodium `opslimit`.
    pub opslimit: u64,
    /// libsodium `memlimit` in bytes.
    pub memlimit: u64,
}

impl ScryptCost {
    /// What `minisign -G` uses (libsodium's "sensitive" limits: N = 2^20, r = 8,
    /// p = 1, 1 GiB of memory, a few seconds).
    pub const MINISIGN_DEFAULT: Self = Self {
        opslimit: 33_554_432,
        memlimit: 1_073_741_824,
    };

    /// libsodium's `pickparams`: the (log2 N, r, p) behind the two limits.
    fn params(self) -> (u8, u32, u32) {
        let opslimit = self.opslimit.max(32_768);
        let r: u64 = 8;
        let log_n_for = |max_n: u64| (1u8..63).find(|&n| (1u64 << n) > max_n / 2).unwrap_or(63);
        if opslimit < self.memlimit / 32 {
            (log_n_for(opslimit / (r * 4)), r as u32, 1)
        } else {
            let log_n = log_n_for(self.memlimit / (r * 128));
            let max_rp = ((opslimit / 4) >> log_n).min(0x3fff_ffff);
            (log_n, r as u32, (max_rp / r) as u32)
        }
    }

    fn memory_needed(self) -> u64 {
        let (log_n, r, p) = self.params();
        128u64
            .saturating_mul(r as u64)
            .saturating_mul(1u64 << log_n)
            .saturating_add(128u64.saturating_mul(r as u64).saturating_mul(p as u64))
    }

    /// XORs `data` with the scrypt stream for `passphrase` and `salt`.
    fn apply(
        self,
        passphrase: &[u8],
        salt: &[u8; 32],
        data: &mut [u8],
        origin: &str,
    ) -> Result<(), Error> {
        let memory = self.memory_needed();
        if memory > SCRYPT_MEMORY_LIMIT {
            return Err(Error::ScryptTooCostly {
                origin: origin.to_string(),
                memory_mib: memory >> 20,
                limit_mib: SCRYPT_MEMORY_LIMIT >> 20,
            });
        }
        let (log_n, r, p) = self.params();
        let params =
            scrypt::Params::new(log_n, r, p, scrypt::Params::RECOMMENDED_LEN).map_err(|error| {
                text::malformed(origin, format!("unusable scrypt parameters: {error}"))
            })?;
        let mut stream = Zeroizing::new(vec![0u8; data.len()]);
        scrypt::scrypt(passphrase, salt, &params, &mut stream)
            .map_err(|error| text::malformed(origin, format!("scrypt failed: {error}")))?;
        for (byte, mask) in data.iter_mut().zip(stream.iter()) {
            *byte ^= mask;
        }
        Ok(())
    }
}

/// An Ed25519 signing key with its minisign key id. Wiped from memory on drop.
pub struct SecretKey {
    key_id: KeyId,
    signing: SigningKey,
}

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SecretKey({}, ..)", self.key_id)
    }
}

impl SecretKey {
    /// A new key pair from the operating system's random source.
    pub fn generate() -> Result<Self, Error> {
        let mut seed = Zeroizing::new([0u8; 32]);
        let mut key_id = [0u8; 8];
        random(seed.as_mut())?;
        random(&mut key_id)?;
        Ok(Self {
            key_id: KeyId(key_id),
            signing: SigningKey::from_bytes(&seed),
        })
    }

    /// The key id.
    pub fn key_id(&self) -> KeyId {
        self.key_id
    }

    /// The matching public key.
    pub fn public_key(&self) -> PublicKey {
        PublicKey::new(self.key_id, self.signing.verifying_key())
    }

    /// The secret key file, encrypted under `passphrase` with `cost`, or in
    /// clear when `passphrase` is `None` (like `minisign -G -W`).
    pub fn to_file_text(
        &self,
        passphrase: Option<&[u8]>,
        cost: ScryptCost,
    ) -> Result<String, Error> {
        let mut blob = Zeroizing::new([0u8; BLOB_LEN]);
        blob[..2].copy_from_slice(&KEY_ALGORITHM);
        blob[4..6].copy_from_slice(&CHECKSUM_ALGORITHM);
        blob[54..62].copy_from_slice(&self.key_id.0);
        blob[62..126].copy_from_slice(&self.signing.to_keypair_bytes());
        let checksum = checksum(&blob);
        blob[126..158].copy_from_slice(&checksum);
        let comment = match passphrase {
            Some(passphrase) => {
                let mut salt = [0u8; 32];
                random(&mut salt)?;
                blob[2..4].copy_from_slice(&KDF_SCRYPT);
                blob[6..38].copy_from_slice(&salt);
                blob[38..46].copy_from_slice(&cost.opslimit.to_le_bytes());
                blob[46..54].copy_from_slice(&cost.memlimit.to_le_bytes());
                cost.apply(passphrase, &salt, &mut blob[KEYNUM_SK..], "new secret key")?;
                "minisign encrypted secret key"
            }
            None => {
                blob[2..4].copy_from_slice(&KDF_NONE);
                "minisign secret key, NOT encrypted"
            }
        };
        Ok(format!(
            "{UNTRUSTED_PREFIX}{comment}\n{}\n",
            text::encode(blob.as_ref())
        ))
    }
}

impl Signer for SecretKey {
    fn public_key(&self) -> PublicKey {
        SecretKey::public_key(self)
    }

    fn source(&self) -> KeySource {
        KeySource::File
    }

    fn sign_unchecked(&self, message: &[u8]) -> Result<[u8; 64], Error> {
        Ok(self.signing.sign(message).to_bytes())
    }
}

/// A parsed secret key file, still encrypted if it was.
pub struct SecretKeyFile {
    blob: Zeroizing<[u8; BLOB_LEN]>,
    origin: String,
}

impl std::fmt::Debug for SecretKeyFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "SecretKeyFile({}, encrypted: {})",
            self.origin,
            self.is_encrypted()
        )
    }
}

impl SecretKeyFile {
    /// Parses a secret key file; `origin` names it in errors.
    pub fn parse(text: &str, origin: &str) -> Result<Self, Error> {
        let lines = text::lines(text);
        text::after_prefix(
            lines.first().copied(),
            UNTRUSTED_PREFIX,
            origin,
            "untrusted comment",
        )?;
        if text::decoded_len(lines.get(1).copied()) == crate::public::BLOB_LEN {
            return Err(Error::PublicKeyGiven {
                origin: origin.to_string(),
            });
        }
        let blob = Zeroizing::new(text::decode_exact::<BLOB_LEN>(
            lines.get(1).copied(),
            origin,
            "secret key",
        )?);
        if blob[..2] != KEY_ALGORITHM {
            return Err(Error::UnknownAlgorithm {
                origin: origin.to_string(),
                found: String::from_utf8_lossy(&blob[..2]).into_owned(),
            });
        }
        let kdf = [blob[2], blob[3]];
        if kdf != KDF_SCRYPT && kdf != KDF_NONE {
            return Err(text::malformed(
                origin,
                format!("unknown key derivation {:?}", String::from_utf8_lossy(&kdf)),
            ));
        }
        if blob[4..6] != CHECKSUM_ALGORITHM {
            return Err(text::malformed(
                origin,
                "unknown checksum algorithm (expected \"B2\")",
            ));
        }
        Ok(Self {
            blob,
            origin: origin.to_string(),
        })
    }

    /// Reads and parses a secret key file.
    pub fn load(path: &std::path::Path) -> Result<Self, Error> {
        let mut text = crate::read_small_file(path)?;
        let parsed = Self::parse(&text, &path.display().to_string());
        text.zeroize();
        parsed
    }

    /// True when a passphrase is needed to open the key.
    pub fn is_encrypted(&self) -> bool {
        self.blob[2..4] == KDF_SCRYPT
    }

    /// Decrypts (when encrypted) and checks the key.
    pub fn open(&self, passphrase: Option<&[u8]>) -> Result<SecretKey, Error> {
        let mut blob = self.blob.clone();
        if self.is_encrypted() {
            let passphrase = passphrase.ok_or_else(|| Error::PassphraseRequired {
                origin: self.origin.clone(),
            })?;
            let salt: [u8; 32] = blob[6..38].try_into().expect("32 bytes");
            let cost = ScryptCost {
                opslimit: u64::from_le_bytes(blob[38..46].try_into().expect("8 bytes")),
                memlimit: u64::from_le_bytes(blob[46..54].try_into().expect("8 bytes")),
            };
            cost.apply(passphrase, &salt, &mut blob[KEYNUM_SK..], &self.origin)?;
        }
        let stored_checksum: [u8; 32] = blob[126..158].try_into().expect("32 bytes");
        // minisign 0.11 leaves the checksum of unencrypted keys at zero.
        let unchecked_clear_key = !self.is_encrypted() && stored_checksum == [0u8; 32];
        if !unchecked_clear_key && checksum(&blob) != stored_checksum {
            return Err(Error::WrongPassphrase {
                origin: self.origin.clone(),
            });
        }
        let keypair: Zeroizing<[u8; 64]> =
            Zeroizing::new(blob[62..126].try_into().expect("64 bytes"));
        let signing = SigningKey::from_keypair_bytes(&keypair).map_err(|_| {
            text::malformed(
                &self.origin,
                "the secret and public halves of the key do not match (damaged key)",
            )
        })?;
        Ok(SecretKey {
            key_id: KeyId(blob[54..62].try_into().expect("8 bytes")),
            signing,
        })
    }
}

/// BLAKE2b-256 of algorithm ‖ key id ‖ secret key, as minisign computes it.
fn checksum(blob: &[u8; BLOB_LEN]) -> [u8; 32] {
    let mut hasher = Blake2b::<U32>::new();
    hasher.update(&blob[..2]);
    hasher.update(&blob[54..126]);
    hasher.finalize().into()
}

fn random(buffer: &mut [u8]) -> Result<(), Error> {
    getrandom::fill(buffer).map_err(|error| Error::Random(error.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cheap enough for unit tests; real keys use `MINISIGN_DEFAULT`.
    const TEST_COST: ScryptCost = ScryptCost {
        opslimit: 32_768,
        memlimit: 1 << 20,
    };

    // Made by `minisign -G -W` (0.11): checksum left at zero.
    const MINISIGN_CLEAR_KEY: &str = "untrusted comment: minisign encrypted secret key\n\
RWQAAEIyAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAaHwRu6oUAeF+4+vzu9yV9DVxQaPrMDsSJzyEOxQg1DyIBVGGUw6OEcnFBDdBDcfK/55snIL9xTqpL1WoyNFlsntMIVnZDsnWAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n";

    #[test]
    fn minisign_default_cost_is_n_2_20_r_8_p_1() {
        assert_eq!(ScryptCost::MINISIGN_DEFAULT.params(), (20, 8, 1));
    }

    #[test]
    fn opens_a_clear_minisign_key() {
        let file = SecretKeyFile::parse(MINISIGN_CLEAR_KEY, "t.key").unwrap();
        assert!(!file.is_encrypted());
        let key = file.open(None).unwrap();
        assert_eq!(key.key_id().to_string(), "E10114AABB117C68");
    }

    #[test]
    fn encrypted_key_round_trips_and_rejects_wrong_passphrase() {
        let key = SecretKey::generate().unwrap();
        let text = key.to_file_text(Some(b"correct horse"), TEST_COST).unwrap();
        let file = SecretKeyFile::parse(&text, "k.key").unwrap();
        assert!(file.is_encrypted());
        let opened = file.open(Some(b"correct horse")).unwrap();
        assert_eq!(opened.public_key(), key.public_key());
        assert!(matches!(
            file.open(Some(b"wrong")),
            Err(Error::WrongPassphrase { .. })
        ));
        assert!(matches!(
            file.open(None),
            Err(Error::PassphraseRequired { .. })
        ));
    }

    #[test]
    fn clear_key_round_trips_with_a_checksum() {
        let key = SecretKey::generate().unwrap();
        let text = key.to_file_text(None, TEST_COST).unwrap();
        let opened = SecretKeyFile::parse(&text, "k.key")
            .unwrap()
            .open(None)
            .unwrap();
        assert_eq!(opened.public_key(), key.public_key());
    }

    #[test]
    fn damaged_clear_key_is_caught_by_its_checksum() {
        let key = SecretKey::generate().unwrap();
        let text = key.to_file_text(None, TEST_COST).unwrap();
        let mut blob = base64_line(&text);
        blob[70] ^= 1;
        let damaged = format!("untrusted comment: x\n{}\n", text::encode(&blob));
        let error = SecretKeyFile::parse(&damaged, "k.key")
            .unwrap()
            .open(None)
            .unwrap_err();
        assert!(matches!(error, Error::WrongPassphrase { .. }), "{error}");
    }

    #[test]
    fn hostile_scrypt_cost_is_refused_before_allocating() {
        let key = SecretKey::generate().unwrap();
        let text = key.to_file_text(Some(b"p"), TEST_COST).unwrap();
        let mut blob = base64_line(&text);
        blob[38..46].copy_from_slice(&u64::MAX.to_le_bytes());
        blob[46..54].copy_from_slice(&u64::MAX.to_le_bytes());
        let hostile = format!("untrusted comment: x\n{}\n", text::encode(&blob));
        let error = SecretKeyFile::parse(&hostile, "k.key")
            .unwrap()
            .open(Some(b"p"))
            .unwrap_err();
        assert!(matches!(error, Error::ScryptTooCostly { .. }), "{error}");
    }

    #[test]
    fn truncated_secret_key_is_reported() {
        let error = SecretKeyFile::parse("untrusted comment: x\nRWQAAEIy\n", "k.key").unwrap_err();
        assert!(error.to_string().contains("expected 158"), "{error}");
    }

    #[test]
    fn each_key_file_given_for_the_other_says_so() {
        let key = SecretKey::generate().unwrap();
        let public = key.public_key().to_file_text();
        let error = SecretKeyFile::parse(&public, "me.pub").unwrap_err();
        assert!(matches!(error, Error::PublicKeyGiven { .. }), "{error}");
        let secret = key.to_file_text(None, TEST_COST).unwrap();
        let error = PublicKey::parse(&secret, "me.key").unwrap_err();
        assert!(matches!(error, Error::SecretKeyGiven { .. }), "{error}");
    }

    fn base64_line(text: &str) -> Vec<u8> {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD
            .decode(text.lines().nth(1).unwrap())
            .unwrap()
    }
}
