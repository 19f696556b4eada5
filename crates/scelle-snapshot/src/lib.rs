//! Collection: walks a scene and seals it into the evidence container.
//!
//! This crate owns the responder's side of scelle. It honours the rules a
//! forensic copy lives by:
//!
//! * **Never touch the source.** Files and directories are opened read-only
//!   with `O_NOATIME` (where the kernel allows it; the manifest says where it
//!   did not), `O_NOFOLLOW` and `O_NONBLOCK`, so that neither atimes change,
//!   nor a symlink swapped in is followed, nor a FIFO blocks. FIFOs, sockets
//!   and devices are recorded, never opened. Directories are listed through
//!   the same flags (which `std::fs::read_dir` cannot do).
//! * **Read once.** Each file's bytes go once through SHA-256, tar and zstd.
//! * **Record, don't abort.** Unreadable, vanished or changing files become
//!   items with a status and a reason; the freeze goes on.
//!
//! [`freeze`] runs the whole job and returns a [`FreezeOutcome`]; the caller
//! (the CLI) provides the output file and a [`Progress`] to report through.
//!
//! ```no_run
//! use scelle_snapshot::{freeze, FreezeRequest, NoProgress};
//!
//! let key = scelle_sign::SecretKey::generate().unwrap();
//! let request = FreezeRequest::new("web01-20261125T091500Z", vec!["/var/www".into()], "/mnt/usb".into());
//! let output = std::fs::File::create("/mnt/usb/web01-20261125T091500Z.tar.zst").unwrap();
//! let outcome = freeze(&request, &key, output, &NoProgress).unwrap();
//! println!("seal: {}", outcome.sealed.seal_sha256);
//! ```

mod collect;
mod command;
mod device;
mod direct;
mod error;
mod estimate;
mod extended;
mod filesystem;
mod freeze;
mod host;
mod image;
mod metadata;
mod prefetch;
mod profile;
mod source;
mod sparse;
mod stat;
mod timed;
mod walk;

pub use collect::RootOptions;
pub use command::{CommandSpec, COMMAND_PATH};
pub use device::device_facts;
pub use error::Error;
pub use estimate::{estimate, Estimate};
pub use freeze::{
    baseline, freeze, FreezeOutcome, FreezeRequest, Incomplete, BASELINE_FORMAT,
    MAX_LISTED_INCOMPLETE,
};
pub use host::{host_facts, running_binary_sha256};
pub use image::{ImageOptions, DEFAULT_PIECE_SIZE, EXTRA_HASHES};
pub use profile::{
    expand, load_profile, parse_profile, parse_size, Profile, ProfileCommand, ProfilePath,
    BUILTIN_PROFILES,
};
pub use scelle_hash::{NoProgress, Progress};
pub use timed::{run_read_helper_if_asked, HELPER_VARIABLE};
