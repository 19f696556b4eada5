//! How an operation talks to whoever runs it, without printing: progress of
//! the long reads, and events the user must hear about as they happen.

use std::path::Path;

use serde::{Deserialize, Serialize};

/// What an operation reports while it runs. Every method does nothing by
/// default; [`NoCallbacks`] is that default. The CLI draws a progress bar on
/// a terminal and writes events to stderr; a service would log them.
pub trait Callbacks {
    /// Whether the job should be measured before it starts (for freeze, a
    /// walk of the tree): a progress bar wants the total, a log does not.
    fn wants_total(&self) -> bool {
        false
    }
    /// The job starts; `total_bytes` when [`Callbacks::wants_total`] asked for it.
    fn started(&self, _total_bytes: Option<u64>) {}
    /// An item is being read.
    fn item(&self, _path: &Path) {}
    /// `count` more bytes were read.
    fn bytes(&self, _count: u64) {}
    /// The long read is over (what follows is quick).
    fn finished(&self) {}
    /// Something the user must hear about now.
    fn event(&self, _event: &Event) {}
    /// Whether the user asked to stop (Ctrl-C, SIGTERM); extraction asks
    /// between reads and then removes what it staged.
    fn cancelled(&self) -> bool {
        false
    }
}

/// Callbacks that ignore everything.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoCallbacks;

impl Callbacks for NoCallbacks {}

/// Something that happened during an operation that is not its result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "kebab-case")]
pub enum Event {
    /// An image source is mounted read-write: its image will not be consistent.
    MountedReadWrite {
        /// The device or file.
        device: String,
        /// Where it is mounted.
        mounts: Vec<String>,
    },
    /// A trusted timestamp was obtained and stored.
    Timestamped {
        /// The TSA's genTime.
        gen_time: String,
        /// The TSA's URL.
        tsa: String,
        /// The token file written.
        token: String,
    },
    /// `.partial` files an interrupted freeze left in the output directory:
    /// they are not seals.
    LeftoverPartials {
        /// Their names.
        files: Vec<String>,
    },
    /// No trusted timestamp could be obtained; the operation went on.
    NoTimestamp {
        /// Why.
        error: String,
        /// What to do about it later.
        later: String,
    },
}

/// [`Callbacks`] seen as the lower layers' progress sink.
pub(crate) struct HashProgress<'a>(pub &'a dyn Callbacks);

impl scelle_hash::Progress for HashProgress<'_> {
    fn item(&self, path: &Path) {
        self.0.item(path);
    }

    fn bytes(&self, count: u64) {
        self.0.bytes(count);
    }

    fn cancelled(&self) -> bool {
        self.0.cancelled()
    }
}
