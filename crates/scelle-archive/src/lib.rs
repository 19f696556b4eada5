//! The evidence container, version 2: `<ID>.tar.zst`.
//!
//! A zstd stream (with its content checksum) of a POSIX pax tar holding one
//! BagIt bag (RFC 8493) named `<ID>/`. [`ContainerWriter`] writes it in one
//! pass, in the member order docs/FORMAT.md fixes:
//!
//! 1. `bagit.txt` ([`ContainerWriter::new`]);
//! 2. payload files under `data/` ([`ContainerWriter::append_payload`]), each
//!    copied from its source exactly once, hashed on the way, and held to the
//!    size announced in its tar header whatever the source does;
//! 3. `manifest-sha256.txt` and `bag-info.txt` ([`ContainerWriter::close_payload`]);
//! 4. further tag files such as `scelle/manifest.json` ([`ContainerWriter::append_tag`]);
//! 5. `tagmanifest-sha256.txt` ([`ContainerWriter::tag_manifest`] gives its
//!    text to sign), its signature and the end of the archive
//!    ([`ContainerWriter::finish`]), which returns the **seal hash**: the
//!    SHA-256 of the compressed file, computed while it was written.
//!
//! Every tar header is in one canonical form, a function of the member's
//! name, size and modification time ([`member_header`]).
//!
//! This crate owns the format on both sides: the member names and their
//! order ([`layout`]), the reversible mapping of source paths to member
//! names ([`names`]), the signed trusted comment ([`TrustedComment`]), and
//! the reading side ([`reader::open`], a hostile-input tar parser over a
//! capped zstd stream). The verifier keeps the checks, not the format.
//!
//! ```
//! use scelle_archive::{ContainerOptions, ContainerWriter};
//!
//! let temp = tempfile::tempdir().unwrap();
//! let mut bag = ContainerWriter::new(Vec::new(), "demo-1", &ContainerOptions::default(), temp.path()).unwrap();
//! let stored = bag.append_payload("files/tmp/note", 5, 0, &mut &b"hello"[..], &mut |_| {}).unwrap();
//! assert_eq!(stored.source_bytes, 5);
//! bag.close_payload(&[("External-Identifier".into(), "demo-1".into())]).unwrap();
//! let tag_manifest = bag.tag_manifest();
//! # let tag_signature = format!("(the minisign signature of {} bytes)", tag_manifest.len());
//! let sealed = bag.finish(&tag_signature).unwrap();
//! assert_eq!(sealed.size, sealed.output.len() as u64);
//! assert_eq!(sealed.seal_sha256, scelle_hash::Sha256Digest::of(&sealed.output));
//! ```

mod comment;
mod copy;
mod id;
pub mod layout;
pub mod names;
pub mod reader;
mod tar_header;
mod tar_reader;
mod writer;

pub use comment::TrustedComment;
pub use copy::{hash_payload, Cancelled, PayloadRecord};
pub use id::{EvidenceId, InvalidEvidenceId, MAX_ID_LEN};
pub use reader::ContainerReader;
pub use tar_header::member_header;
pub use tar_reader::{MemberHeader, Next, TarProblem, TarReader, MAX_ZERO_PADDING};
pub use writer::{ContainerOptions, ContainerWriter, Sealed};

/// `bagit.txt` as every scelle bag carries it.
pub const BAGIT_TXT: &str = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";

/// Largest zstd window (log2) scelle writes, so plain `zstd -d` and
/// `tar --zstd` open every archive without extra flags.
pub const MAX_WINDOW_LOG: u32 = 27;
