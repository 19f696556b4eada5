//! The evidence workflow as a library: every front end (the `scelle` CLI, a
//! service, a fleet runner) calls these operations, so the order of the steps
//! and the rules between them live in one place.
//!
//! Each operation in [`ops`] takes an options struct and, when it runs long
//! or has something to say while it runs, a [`Callbacks`]; it returns a
//! report that serialises to the documented JSON. The order a freeze
//! follows is fixed here: seal the archive, start its custody log with the
//! `sealed` entry, ask the TSA (if any) and record the answer, then write
//! the case journal's `evidence-sealed` entry.
//!
//! Nothing here prints or prompts: secret keys arrive opened (the CLI asks
//! for passphrases), and [`render`] turns reports into lines of text that
//! the caller writes where it likes.
//!
//! ```
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use scelle_core::ops::custody;
//!
//! let dir = tempfile::tempdir()?;
//! let log = dir.path().join("missing.custody.jsonl");
//! // A log that does not exist cannot be checked: an error, not a verdict.
//! assert!(custody::verify(&log, None, &Default::default(), None, Default::default()).is_err());
//! # Ok(()) }
//! ```

// The options' doc comments are the command line's help text, where
// `<ID>.tar.zst` is literal text, not HTML, and URLs are examples, not links.
#![allow(rustdoc::invalid_html_tags, rustdoc::bare_urls)]

mod callbacks;
mod error;
pub mod files;
pub mod identity;
pub mod ops;
pub mod problem;
pub mod render;
pub mod text;

pub use callbacks::{Callbacks, Event, NoCallbacks};
pub use error::{chain, Context, Error, Result};
pub use problem::{explain, Explanation, Problem};
pub use scelle_finding::{Finding, Place, Verdict};
