//! SHA-256 digests for scelle, computed on the bytes as they stream past.
//!
//! Evidence is read exactly once, so hashing never gets its own pass: a
//! [`HashingReader`] or [`HashingWriter`] wraps the stream that is being copied
//! anyway and hands back the digest and the byte count from `finish()`.
//! [`Sha256Digest`] is the one type every other crate uses for a SHA-256 value:
//! always shown and serialised as 64 lower-case hex digits.
//!
//! ```
//! use std::io::{Read, Write};
//! use scelle_hash::{HashingReader, Sha256Digest};
//!
//! let mut reader = HashingReader::new(&b"abc"[..]);
//! let mut copy = Vec::new();
//! reader.read_to_end(&mut copy).unwrap();
//! let (digest, len) = reader.finish();
//! assert_eq!(len, 3);
//! assert_eq!(
//!     digest.to_string(),
//!     "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
//! );
//! assert_eq!(digest, Sha256Digest::of(b"abc"));
//! ```

mod aside;
mod digest;
pub mod hex;
mod progress;
mod stream;

pub use aside::AsideHasher;
pub use digest::{ParseDigestError, Sha256Digest};
pub use progress::{NoProgress, Progress};
pub use stream::{HashingReader, HashingWriter};
