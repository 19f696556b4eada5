//! Progress of the long reads: freeze, baseline, audit, verify, extract.

use std::path::Path;

/// What a long read (a freeze, a verification) reports while it runs: the
/// CLI draws a progress bar with it; libraries never print.
pub trait Progress {
    /// An item is about to be examined.
    fn item(&self, _path: &Path) {}
    /// `count` more bytes of content were read from the source.
    fn bytes(&self, _count: u64) {}
    /// Whether the user asked to stop (Ctrl-C, SIGTERM): a long read that
    /// can stop cleanly asks between reads and gives up with an error.
    fn cancelled(&self) -> bool {
        false
    }
}

/// Reports nothing.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoProgress;

impl Progress for NoProgress {}
