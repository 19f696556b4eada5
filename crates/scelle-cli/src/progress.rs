//! The progress bar: on stderr, only when stderr is a terminal.

use std::cell::Cell;
use std::io::IsTerminal;
use std::path::Path;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::sanitize;

/// A freeze progress bar (bytes, rate, ETA, items, current file).
pub struct FreezeBar {
    bar: ProgressBar,
    items: Cell<u64>,
}

impl FreezeBar {
    /// A bar for the bytes `total_bytes` sizes, or `None` when stderr is
    /// not a terminal (then nothing is sized: it costs a walk of the tree).
    pub fn for_terminal(total_bytes: impl FnOnce() -> u64) -> Option<Self> {
        if !std::io::stderr().is_terminal() {
            return None;
        }
        let total_bytes = total_bytes();
        let bar = ProgressBar::with_draw_target(Some(total_bytes), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template(
                "{bytes:>10}/{total_bytes} {bytes_per_sec:>11} ETA {eta:>4} [{bar:30}] {msg}",
            )
            .expect("valid template")
            .progress_chars("=> "),
        );
        Some(Self {
            bar,
            items: Cell::new(0),
        })
    }

    /// Removes the bar.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl scelle_snapshot::Progress for FreezeBar {
    fn item(&self, path: &Path) {
        self.items.set(self.items.get() + 1);
        let shown = sanitize::for_terminal(&path.to_string_lossy());
        let skip = shown.chars().count().saturating_sub(50);
        let tail: String = shown.chars().skip(skip).collect();
        self.bar
            .set_message(format!("{} items  {tail}", self.items.get()));
    }

    fn bytes(&self, count: u64) {
        self.bar.inc(count);
    }
}
