//! Reading small files ahead on worker threads.
//!
//! A tree of many small files is bound by per-file work: open, fstat, read,
//! hash, close. The collector hands the paths of a directory to a
//! [`Prefetcher`] as soon as it lists it; worker threads read and hash the
//! small regular files among them while the collector is still storing
//! earlier ones, and the collector takes each result when its turn comes, so
//! the archive order stays the walk order.
//!
//! A worker reads a file exactly as the collector would (O_NOATIME,
//! O_NOFOLLOW, O_NONBLOCK, regular files only, never a FIFO) and only keeps a
//! clean read: the whole announced size and nothing more. Anything else
//! (errors, short or growing files, files above the size limit) is left to
//! the collector, which reads it itself and records what it sees. Memory is
//! bounded by [`HELD_BYTES`] and [`MAX_QUEUED`].

use std::collections::{HashMap, HashSet, VecDeque};
use std::ffi::{OsStr, OsString};
use std::io::Read;
use std::os::fd::{AsFd, OwnedFd};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, Weak};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use scelle_hash::Sha256Digest;

use crate::source;
use crate::stat::Stat;

/// Files larger than this are read by the collector itself.
pub(crate) const MAX_FILE_SIZE: u64 = 1 << 20;
/// Content read ahead and not yet taken; workers pause above it.
const HELD_BYTES: usize = 64 << 20;
/// Paths waiting for a worker; further paths are not read ahead.
const MAX_QUEUED: usize = 8192;

/// A small file read in full, and what was seen around the read.
pub(crate) struct Fetched {
    /// Whether O_NOATIME was in effect.
    pub noatime: bool,
    /// Metadata of the open file before reading.
    pub at_open: Stat,
    /// Exactly `at_open.size()` bytes.
    pub content: Vec<u8>,
    /// SHA-256 of `content`.
    pub sha256: Sha256Digest,
    /// Metadata of the open file after reading (and probing one byte further).
    pub after: Option<Stat>,
}

/// A file to read ahead: its name in an open directory (gone once the
/// collector has left that directory), the path it is known by, and the
/// largest size worth reading.
struct Job {
    dir: Weak<OwnedFd>,
    name: OsString,
    path: PathBuf,
    limit: u64,
}

#[derive(Default)]
struct State {
    queue: VecDeque<Job>,
    /// Paths in `queue` that nobody has claimed yet.
    queued: HashSet<PathBuf>,
    in_progress: HashSet<PathBuf>,
    done: HashMap<PathBuf, Fetched>,
    held_bytes: usize,
    stopping: bool,
}

#[derive(Default)]
struct Shared {
    state: Mutex<State>,
    /// Workers wait here for a job or for room to hold one.
    work: Condvar,
    /// The collector waits here for a read in progress.
    finished: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A worker that panicked leaves consistent state behind: every
        // change is made in one step under the lock.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Worker threads reading small files ahead of the collector.
pub(crate) struct Prefetcher {
    shared: Arc<Shared>,
    workers: Vec<JoinHandle<()>>,
}

impl Prefetcher {
    /// Starts `threads` workers.
    pub fn new(threads: usize) -> Self {
        let shared = Arc::new(Shared::default());
        let workers = (0..threads)
            .map(|_| {
                let shared = Arc::clone(&shared);
                std::thread::spawn(move || work(&shared))
            })
            .collect();
        Self { shared, workers }
    }

    /// Asks for `name` in `dir`, known as `path`, to be read ahead if it is
    /// a regular file of at most `limit` bytes. Ignored when the queue is full.
    pub fn request(&self, dir: &Arc<OwnedFd>, name: &OsStr, path: PathBuf, limit: u64) {
        let mut state = self.shared.lock();
        if state.queue.len() >= MAX_QUEUED || !state.queued.insert(path.clone()) {
            return;
        }
        state.queue.push_back(Job {
            dir: Arc::downgrade(dir),
            name: name.to_os_string(),
            path,
            limit,
        });
        drop(state);
        self.shared.work.notify_one();
    }

    /// The read of `path`, waiting up to `timeout` for a worker that is on
    /// it.
    pub fn take(&self, path: &Path, timeout: Duration) -> Take {
        let deadline = Instant::now() + timeout;
        let mut state = self.shared.lock();
        loop {
            if let Some(fetched) = state.done.remove(path) {
                state.held_bytes -= fetched.content.len();
                drop(state);
                self.shared.work.notify_all();
                return Take::Read(Box::new(fetched));
            }
            if !state.in_progress.contains(path) {
                // Not started: no worker will read it in vain.
                state.queued.remove(path);
                return Take::NotRead;
            }
            let now = Instant::now();
            if now >= deadline {
                return Take::Hung;
            }
            state = self
                .shared
                .finished
                .wait_timeout(state, deadline - now)
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .0;
        }
    }
}

/// What became of a file asked to be read ahead.
pub(crate) enum Take {
    /// Read in full by a worker.
    Read(Box<Fetched>),
    /// Not read ahead: the caller reads it.
    NotRead,
    /// A worker's read of it has not returned within the timeout (a hung
    /// filesystem): reading it again would hang the caller too.
    Hung,
}

impl Drop for Prefetcher {
    fn drop(&mut self) {
        let mut state = self.shared.lock();
        state.stopping = true;
        // A worker stuck in a read that never returns cannot be joined:
        // then the workers are left to end on their own.
        let stuck = !state.in_progress.is_empty();
        drop(state);
        self.shared.work.notify_all();
        for worker in self.workers.drain(..) {
            if !stuck {
                // A worker's panic has already been reported; the
                // collector's own reads did not depend on it.
                let _ = worker.join();
            }
        }
    }
}

fn work(shared: &Shared) {
    loop {
        let job = {
            let mut state = shared.lock();
            loop {
                if state.stopping {
                    return;
                }
                if state.held_bytes < HELD_BYTES {
                    if let Some(job) = state.queue.pop_front() {
                        if state.queued.remove(&job.path) {
                            state.in_progress.insert(job.path.clone());
                            break job;
                        }
                        continue;
                    }
                }
                state = shared
                    .work
                    .wait(state)
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
            }
        };
        let fetched = job
            .dir
            .upgrade()
            .and_then(|dir| fetch(&dir, &job.name, job.limit));
        let mut state = shared.lock();
        state.in_progress.remove(&job.path);
        if let Some(fetched) = fetched {
            state.held_bytes += fetched.content.len();
            state.done.insert(job.path, fetched);
        }
        drop(state);
        shared.finished.notify_all();
    }
}

/// Reads `name` in `dir` in full if it is a regular file of at most `limit`
/// bytes and the read is clean.
fn fetch(dir: &OwnedFd, name: &OsStr, limit: u64) -> Option<Fetched> {
    let listed = Stat::at(dir.as_fd(), name, false).ok()?;
    if !listed.is_file() || listed.size() > limit {
        return None;
    }
    let source = source::open_at(dir.as_fd(), name, false, rustix::fs::OFlags::empty()).ok()?;
    let mut file = source.file;
    let at_open = Stat::of(&file).ok()?;
    if !at_open.is_file() || at_open.size() > limit {
        return None;
    }
    let mut content = vec![0u8; usize::try_from(at_open.size()).ok()?];
    file.read_exact(&mut content).ok()?;
    if !matches!(file.read(&mut [0u8; 1]), Ok(0)) {
        return None;
    }
    let after = Stat::of(&file).ok();
    Some(Fetched {
        noatime: source.noatime,
        sha256: Sha256Digest::of(&content),
        at_open,
        content,
        after,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const LONG: Duration = Duration::from_secs(60);

    /// Waits for a worker to have read `path` (taking it before would
    /// rightly cancel the read).
    fn wait_until_read(prefetcher: &Prefetcher, path: &Path) {
        for _ in 0..1000 {
            if prefetcher.shared.lock().done.contains_key(path) {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        panic!("{} was never read ahead", path.display());
    }

    #[test]
    fn small_files_are_read_ahead_and_others_left_to_the_caller() {
        let dir = tempfile::tempdir().unwrap();
        let small = dir.path().join("small");
        let large = dir.path().join("large");
        std::fs::write(&small, b"evidence").unwrap();
        std::fs::write(&large, vec![7u8; 100]).unwrap();
        let prefetcher = Prefetcher::new(2);
        let handle = Arc::new(OwnedFd::from(std::fs::File::open(dir.path()).unwrap()));
        let parent = Arc::new(OwnedFd::from(std::fs::File::open("/").unwrap()));
        prefetcher.request(&handle, OsStr::new("small"), small.clone(), 50);
        prefetcher.request(&handle, OsStr::new("large"), large.clone(), 50);
        prefetcher.request(&parent, dir.path().as_os_str(), dir.path().into(), 50);
        wait_until_read(&prefetcher, &small);
        let Take::Read(fetched) = prefetcher.take(&small, LONG) else {
            panic!("a small file is read ahead");
        };
        assert_eq!(fetched.content, b"evidence");
        assert_eq!(fetched.sha256, Sha256Digest::of(b"evidence"));
        assert_eq!(fetched.at_open.size(), 8);
        assert!(
            matches!(prefetcher.take(&large, LONG), Take::NotRead),
            "above the limit"
        );
        assert!(
            matches!(prefetcher.take(dir.path(), LONG), Take::NotRead),
            "not a file"
        );
        assert!(
            matches!(prefetcher.take(&small, LONG), Take::NotRead),
            "taken once"
        );
    }

    #[test]
    fn nothing_is_read_once_the_directory_is_closed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, b"x").unwrap();
        let prefetcher = Prefetcher::new(1);
        let handle = Arc::new(OwnedFd::from(std::fs::File::open(dir.path()).unwrap()));
        // Queued and closed under the lock: the worker cannot start before
        // the directory is gone.
        let mut state = prefetcher.shared.lock();
        state.queued.insert(path.clone());
        state.queue.push_back(Job {
            dir: Arc::downgrade(&handle),
            name: OsString::from("f"),
            path: path.clone(),
            limit: 10,
        });
        drop(handle);
        drop(state);
        prefetcher.shared.work.notify_one();
        for _ in 0..1000 {
            let state = prefetcher.shared.lock();
            if state.queue.is_empty() && state.in_progress.is_empty() {
                assert!(
                    state.done.is_empty(),
                    "read although its directory was closed"
                );
                return;
            }
            drop(state);
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        panic!("the job was never taken by the worker");
    }

    #[test]
    fn memory_held_is_released_when_taken() {
        let dir = tempfile::tempdir().unwrap();
        let prefetcher = Prefetcher::new(1);
        let handle = Arc::new(OwnedFd::from(std::fs::File::open(dir.path()).unwrap()));
        let paths: Vec<_> = (0..20)
            .map(|i| {
                let path = dir.path().join(i.to_string());
                std::fs::write(&path, vec![i as u8; 1000]).unwrap();
                let name = OsString::from(i.to_string());
                prefetcher.request(&handle, &name, path.clone(), MAX_FILE_SIZE);
                path
            })
            .collect();
        for (i, path) in paths.iter().enumerate() {
            if let Take::Read(fetched) = prefetcher.take(path, LONG) {
                assert_eq!(fetched.content, vec![i as u8; 1000]);
            }
        }
        let state = prefetcher.shared.lock();
        assert_eq!(state.held_bytes, 0);
        assert!(state.done.is_empty() && state.queued.is_empty());
    }
}
