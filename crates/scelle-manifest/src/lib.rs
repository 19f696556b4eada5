//! The record of a seal: `scelle/manifest.json`. (How source paths become
//! member names is the container's business: `scelle_archive::names`.)
//!
//! * [`LosslessText`]: bytes kept exactly in JSON, as text where they are
//!   UTF-8, base64 otherwise (ripgrep's JSON convention).
//! * [`Item`], [`Header`], [`Footer`]: the typed manifest.
//! * [`ManifestWriter`] writes manifest.json one item at a time, so a million
//!   items never sit in memory; [`ManifestLineReader`] reads it back the same way.
//!
//! ```
//! use scelle_manifest::LosslessText;
//!
//! let path = LosslessText::from_bytes(b"/tmp/a\xffb");
//! assert_eq!(path.to_bytes().unwrap(), b"/tmp/a\xffb");
//! ```

mod lossless;
mod model;
mod reader;
mod writer;

pub use lossless::LosslessText;
pub use model::*;
pub use reader::{ManifestLine, ManifestLineReader};
pub use writer::ManifestWriter;

/// The `format` value of every manifest.json.
pub const FORMAT_NAME: &str = "scelle-evidence";
/// The container and manifest version this crate writes.
pub const FORMAT_VERSION: u32 = 2;
