use std::path::Path;

/// What a freeze reports while it runs. The CLI draws a progress bar with it;
/// libraries never print.
pub trait Progress {
    /// An item is about to be examined.
    fn item(&self, _path: &Path) {}
    /// `count` more bytes of content were read from the source.
    fn bytes(&self, _count: u64) {}
}

/// Reports nothing.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoProgress;

impl Progress for NoProgress {}
