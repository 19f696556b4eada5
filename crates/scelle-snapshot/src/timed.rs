//! Reads that cannot hang the freeze: a file on a hung NFS or FUSE mount
//! whose `read` never returns is given up after a timeout without progress,
//! recorded with the offset reached, and the freeze goes on.
//!
//! The file is read on a thread of its own, one chunk ahead of the
//! collector (which hashes and compresses meanwhile). If no chunk comes
//! for the timeout, the collector stops waiting: the reading thread is
//! abandoned, still blocked in the kernel, holding only the file.
//!
//! On a network or FUSE filesystem a hung read blocks in a wait that no
//! signal ends, and a process cannot exit while one of its threads is in
//! it: the freeze would finish its archive and never return. There the
//! file is read by a child process instead (scelle itself as a read
//! helper, see [`helper`]), through a pipe; a stuck child is killed and
//! left behind, and the freeze ends.

use std::fs::File;
use std::io::{self, Read};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;

use scelle_manifest::Extent;

mod helper;

pub use helper::{run_read_helper_if_asked, HELPER_VARIABLE};

/// Bytes per read on the reading thread.
const CHUNK: usize = 1 << 20;
/// Chunks read ahead and not yet taken.
const AHEAD: usize = 2;

/// The default time a read may make no progress before it is given up.
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(60);

/// What the reading thread says once it has read `size` bytes (or stopped).
pub(crate) struct Finished {
    /// The file, for a last `fstat`.
    pub file: File,
    /// Whether the file held more than `size` bytes.
    pub extra_bytes: bool,
}

/// The holes of a sparse file: what lies between its data extents.
struct Holes {
    data: Vec<Extent>,
    /// The first extent that does not end before the position asked.
    next: usize,
}

impl Holes {
    fn new(data: Vec<Extent>) -> Self {
        Self { data, next: 0 }
    }

    /// Skips the extents that end at or before `position`.
    fn advance(&mut self, position: u64) {
        while self
            .data
            .get(self.next)
            .is_some_and(|extent| extent.offset + extent.length <= position)
        {
            self.next += 1;
        }
    }

    /// Where the hole `position` is in ends (`u64::MAX`: to the end of the
    /// file), or `None` when `position` is in data.
    fn at(&mut self, position: u64) -> Option<u64> {
        self.advance(position);
        match self.data.get(self.next) {
            Some(extent) if extent.offset <= position => None,
            Some(extent) => Some(extent.offset),
            None => Some(u64::MAX),
        }
    }

    /// Where the next hole after `position` (in data) begins.
    fn next_hole(&mut self, position: u64) -> Option<u64> {
        self.advance(position);
        self.data
            .get(self.next)
            .map(|extent| extent.offset + extent.length)
    }
}

/// Up to `size` bytes of a file, read on another thread or by a child process.
pub(crate) struct TimedReader {
    source: Source,
    current: Vec<u8>,
    position: usize,
    offset: u64,
    timeout: Duration,
    /// Set once a read was given up: nothing more will come.
    pub timed_out: bool,
}

/// Reads at `position`, or, from a file that cannot seek (a pipe), what
/// comes next.
fn read_at_or_in_order(file: &mut File, buffer: &mut [u8], position: u64) -> io::Result<usize> {
    match std::os::unix::fs::FileExt::read_at(file, buffer, position) {
        Err(error) if error.raw_os_error() == Some(nix::libc::ESPIPE) => file.read(buffer),
        result => result,
    }
}

/// Who reads the file.
enum Source {
    Thread {
        chunks: Receiver<io::Result<Vec<u8>>>,
        /// Chunks the collector is done with, for the thread to read into
        /// again (a fresh zeroed megabyte per read cost a memset and page
        /// faults for every byte).
        spent: mpsc::Sender<Vec<u8>>,
        finished: Receiver<Finished>,
    },
    Process(helper::Child),
}

impl TimedReader {
    /// Starts reading `size` bytes of `file`, by a child process when
    /// `isolated` (a file on a network or FUSE filesystem). With `data`, the
    /// data extents of a sparse file, the holes between them are not read.
    pub fn new(
        file: File,
        size: u64,
        timeout: Duration,
        isolated: bool,
        data: Option<Vec<Extent>>,
    ) -> io::Result<Self> {
        let source = if isolated {
            Source::Process(helper::Child::spawn(file, size)?)
        } else {
            Self::thread(file, size, data.map(Holes::new))?
        };
        Ok(Self {
            source,
            current: Vec::new(),
            position: 0,
            offset: 0,
            timeout,
            timed_out: false,
        })
    }

    /// Starts a thread reading `size` bytes of `file` ahead.
    fn thread(mut file: File, size: u64, holes: Option<Holes>) -> io::Result<Source> {
        let (chunk_sender, chunks) = mpsc::sync_channel(AHEAD);
        let (spent, reusable) = mpsc::channel::<Vec<u8>>();
        let (finished_sender, finished) = mpsc::sync_channel(1);
        std::thread::Builder::new()
            .name("scelle-read".into())
            .spawn(move || {
                let mut holes = holes;
                let mut position = 0u64;
                while position < size {
                    let left = usize::try_from(size - position).unwrap_or(CHUNK);
                    // A hole is zeros by definition: not read.
                    if let Some(hole_end) = holes.as_mut().and_then(|holes| holes.at(position)) {
                        let n = CHUNK
                            .min(left)
                            .min(usize::try_from(hole_end - position).unwrap_or(CHUNK));
                        position += n as u64;
                        let mut zeros = reusable.try_recv().unwrap_or_default();
                        zeros.clear();
                        zeros.resize(n, 0);
                        if chunk_sender.send(Ok(zeros)).is_err() {
                            return;
                        }
                        continue;
                    }
                    let want = holes
                        .as_mut()
                        .and_then(|holes| holes.next_hole(position))
                        .map_or(left, |hole| {
                            left.min(usize::try_from(hole - position).unwrap_or(left))
                        });
                    let mut chunk = reusable.try_recv().unwrap_or_default();
                    // Zeroed only where a reused chunk was shorter.
                    chunk.resize(CHUNK.min(want), 0);
                    match read_at_or_in_order(&mut file, &mut chunk, position) {
                        Ok(0) => break,
                        Ok(n) => {
                            chunk.truncate(n);
                            position += n as u64;
                            if chunk_sender.send(Ok(chunk)).is_err() {
                                return; // the collector gave up
                            }
                        }
                        Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                        Err(error) => {
                            let _ = chunk_sender.send(Err(error));
                            break;
                        }
                    }
                }
                let _ = chunk_sender.send(Ok(Vec::new()));
                let extra_bytes =
                    matches!(read_at_or_in_order(&mut file, &mut [0u8; 1], size), Ok(1));
                let _ = finished_sender.send(Finished { file, extra_bytes });
            })?;
        Ok(Source::Thread {
            chunks,
            spent,
            finished,
        })
    }

    /// The file back, and whether it had more than `size` bytes; `None`
    /// when its reader is stuck.
    pub fn finish(self) -> Option<Finished> {
        if self.timed_out {
            return None;
        }
        match self.source {
            Source::Thread { finished, .. } => finished.recv_timeout(self.timeout).ok(),
            Source::Process(child) => child.finish(self.timeout),
        }
    }

    /// The next chunk: `Ok(None)` at the end, `Err` with `TimedOut` when
    /// none came in time.
    fn next_chunk(&mut self) -> io::Result<Option<Vec<u8>>> {
        let next = match &mut self.source {
            Source::Thread { chunks, .. } => match chunks.recv_timeout(self.timeout) {
                Ok(Ok(chunk)) if chunk.is_empty() => Ok(None),
                Ok(Ok(chunk)) => Ok(Some(chunk)),
                Ok(Err(error)) => Err(error),
                Err(RecvTimeoutError::Disconnected) => Ok(None),
                Err(RecvTimeoutError::Timeout) => Err(io::ErrorKind::TimedOut.into()),
            },
            Source::Process(child) => child.next_chunk(self.timeout),
        };
        match next {
            Err(error) if error.kind() == io::ErrorKind::TimedOut => {
                self.timed_out = true;
                if let Source::Process(child) = &mut self.source {
                    child.abandon();
                }
                Err(io::Error::new(
                    io::ErrorKind::TimedOut,
                    format!(
                        "no data for {} s at byte {} (a hung network or FUSE filesystem?); reading was given up",
                        self.timeout.as_secs(),
                        self.offset
                    ),
                ))
            }
            other => other,
        }
    }
}

impl Read for TimedReader {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        if self.timed_out {
            return Ok(0);
        }
        if self.position == self.current.len() {
            match self.next_chunk()? {
                None => return Ok(0),
                Some(chunk) => {
                    let spent = std::mem::replace(&mut self.current, chunk);
                    if let Source::Thread { spent: back, .. } = &self.source {
                        // The thread may be gone (done or abandoned).
                        let _ = back.send(spent);
                    }
                    self.position = 0;
                }
            }
        }
        let n = buffer.len().min(self.current.len() - self.position);
        buffer[..n].copy_from_slice(&self.current[self.position..self.position + n]);
        self.position += n;
        self.offset += n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_read_whole_and_handed_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        let content: Vec<u8> = (0..3 * CHUNK + 17).map(|i| i as u8).collect();
        std::fs::write(&path, &content).unwrap();
        // Thread mode only: the isolated mode's helper is the scelle binary
        // (tested end to end).
        let file = File::open(&path).unwrap();
        let size = content.len() as u64 - 1;
        let mut reader = TimedReader::new(file, size, DEFAULT_READ_TIMEOUT, false, None).unwrap();
        let mut read = Vec::new();
        reader.read_to_end(&mut read).unwrap();
        assert_eq!(read, content[..content.len() - 1]);
        let finished = reader.finish().unwrap();
        assert!(
            finished.extra_bytes,
            "one byte was left past the size asked"
        );
    }

    #[test]
    fn holes_come_as_zeros_and_data_as_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        let content: Vec<u8> = (0..3 * CHUNK as u32).map(|i| (i % 251) as u8 + 1).collect();
        std::fs::write(&path, &content).unwrap();
        // Pretend [CHUNK + 10, 2 * CHUNK) is the only data: the rest must
        // come as zeros, unread.
        let data = vec![Extent {
            offset: CHUNK as u64 + 10,
            length: CHUNK as u64 - 10,
        }];
        let file = File::open(&path).unwrap();
        let size = content.len() as u64;
        let mut reader =
            TimedReader::new(file, size, DEFAULT_READ_TIMEOUT, false, Some(data)).unwrap();
        let mut read = Vec::new();
        reader.read_to_end(&mut read).unwrap();
        assert_eq!(read.len(), content.len());
        assert!(read[..CHUNK + 10].iter().all(|&b| b == 0));
        assert_eq!(read[CHUNK + 10..2 * CHUNK], content[CHUNK + 10..2 * CHUNK]);
        assert!(read[2 * CHUNK..].iter().all(|&b| b == 0));
        assert!(!reader.finish().unwrap().extra_bytes);
    }

    #[test]
    fn a_read_that_never_returns_is_given_up() {
        // A FIFO with a writer that never writes: a read that blocks.
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::from_bits_truncate(0o600)).unwrap();
        let writer = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(&fifo)
            .unwrap();
        let file = File::open(&fifo).unwrap();
        let mut reader =
            TimedReader::new(file, 100, Duration::from_millis(200), false, None).unwrap();
        let error = reader.read(&mut [0u8; 10]).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::TimedOut);
        assert!(error.to_string().contains("at byte 0"), "{error}");
        assert!(reader.finish().is_none());
        drop(writer);
    }
}
