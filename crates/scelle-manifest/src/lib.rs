//! The record of a seal: `scelle/manifest.json`, and how source paths become
//! archive member names.
//!
//! * [`names`]: Linux paths are arbitrary bytes, BagIt member names must be
//!   UTF-8 without CR, LF or `%`. [`names::member_name`] maps any path to a
//!   safe name and [`names::original_path`] maps it back, losslessly.
//! * [`LosslessText`]: bytes kept exactly in JSON, as text where they are
//!   UTF-8, base64 otherwise (ripgrep's JSON convention).
//! * [`Item`], [`Header`], [`Footer`]: the typed manifest.
//! * [`ManifestWriter`] writes manifest.json one item at a time, so a million
//!   items never sit in memory; [`ManifestLineReader`] reads it back the same way.
//!
//! ```
//! use scelle_manifest::names::{member_name, original_path};
//!
//! let path = b"/tmp/a\nb%c";
//! let member = member_name(path);
//! assert_eq!(member, "tmp/a^0Ab^25c");
//! assert_eq!(original_path(&member).unwrap(), path);
//! ```

mod lossless;
mod model;
pub mod names;
mod reader;
mod writer;

pub use lossless::LosslessText;
pub use model::*;
pub use reader::{ManifestLine, ManifestLineReader};
pub use writer::ManifestWriter;

/// The `format` value of every manifest.json.
pub const FORMAT_NAME: &str = "scelle-evidence";
/// The container and manifest version this crate writes.
pub const FORMAT_VERSION: u32 = 1;
