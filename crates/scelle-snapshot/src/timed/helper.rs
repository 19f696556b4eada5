//! A child process that reads a file into a pipe: a read stuck in the
//! kernel then holds up that child, never the freeze's own exit.
//!
//! The child is scelle itself (`/proc/self/exe`, whatever has become of the
//! file on disk), started with [`HELPER_VARIABLE`] set and the file as its
//! standard input: a program using isolated reads calls
//! [`run_read_helper_if_asked`] first thing in `main`.

use std::fs::File;
use std::io::{self, Read, Write};
use std::os::fd::{AsFd, OwnedFd};
use std::process::{ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use nix::poll::{poll, PollFd, PollFlags, PollTimeout};

use super::{Finished, CHUNK};

/// Set to the number of bytes to copy, it makes scelle a read helper.
pub const HELPER_VARIABLE: &str = "SCELLE_READ_HELPER_BYTES";

/// The helper's exit code when the file held more than the size asked.
const EXIT_EXTRA_BYTES: i32 = 1;
/// The helper's exit code when writing the pipe failed.
const EXIT_PIPE: i32 = 2;
/// The helper's exit code for a read error is this plus the errno.
const EXIT_ERRNO: i32 = 10;

/// When this process was started as a read helper: copies the asked
/// number of bytes from standard input to standard output, probes one
/// byte further, and exits (never returns). Otherwise returns at once.
pub fn run_read_helper_if_asked() {
    let Some(size) = std::env::var_os(HELPER_VARIABLE) else {
        return;
    };
    let size: u64 = size
        .to_str()
        .and_then(|size| size.parse().ok())
        .unwrap_or(0);
    std::process::exit(copy(size));
}

/// The helper's whole job.
fn copy(size: u64) -> i32 {
    let mut input = io::stdin().lock();
    let mut output = io::stdout().lock();
    let mut buffer = vec![0u8; CHUNK];
    let mut remaining = size;
    while remaining > 0 {
        let want = buffer
            .len()
            .min(usize::try_from(remaining).unwrap_or(usize::MAX));
        match input.read(&mut buffer[..want]) {
            Ok(0) => return 0,
            Ok(n) => {
                if output
                    .write_all(&buffer[..n])
                    .and_then(|()| output.flush())
                    .is_err()
                {
                    return EXIT_PIPE;
                }
                remaining -= n as u64;
            }
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return EXIT_ERRNO + error.raw_os_error().unwrap_or(nix::libc::EIO),
        }
    }
    if matches!(input.read(&mut [0u8; 1]), Ok(1)) {
        EXIT_EXTRA_BYTES
    } else {
        0
    }
}

/// A reading child and the pipe it writes into.
pub(super) struct Child {
    child: std::process::Child,
    pipe: ChildStdout,
    file: File,
    buffer: Vec<u8>,
    /// Its exit code, once reaped.
    code: Option<i32>,
}

impl Child {
    /// Starts a helper copying `size` bytes of `file` (or up to its end).
    pub fn spawn(file: File, size: u64) -> io::Result<Self> {
        let input = OwnedFd::from(file.try_clone()?);
        let mut child = Command::new("/proc/self/exe")
            .env_clear()
            .env(HELPER_VARIABLE, size.to_string())
            .stdin(Stdio::from(input))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let pipe = child
            .stdout
            .take()
            .ok_or_else(|| io::Error::other("no pipe"))?;
        Ok(Self {
            child,
            pipe,
            file,
            buffer: vec![0u8; CHUNK],
            code: None,
        })
    }

    /// The next bytes from the pipe: `Ok(None)` at the end (the helper's
    /// read error, if any, as `Err`), `TimedOut` when nothing came in time.
    pub fn next_chunk(&mut self, timeout: Duration) -> io::Result<Option<Vec<u8>>> {
        let deadline = Instant::now() + timeout;
        loop {
            let now = Instant::now();
            if now >= deadline {
                return Err(io::ErrorKind::TimedOut.into());
            }
            let slice = (deadline - now).min(Duration::from_secs(60));
            let mut fds = [PollFd::new(self.pipe.as_fd(), PollFlags::POLLIN)];
            let millis = u16::try_from(slice.as_millis()).unwrap_or(u16::MAX);
            match poll(&mut fds, PollTimeout::from(millis)) {
                Ok(0) | Err(nix::errno::Errno::EINTR) => {}
                Ok(_) => break,
                Err(error) => return Err(error.into()),
            }
        }
        let n = loop {
            match self.pipe.read(&mut self.buffer) {
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                other => break other?,
            }
        };
        if n > 0 {
            return Ok(Some(self.buffer[..n].to_vec()));
        }
        match self.reap(timeout)? {
            code if code >= EXIT_ERRNO => Err(io::Error::from_raw_os_error(code - EXIT_ERRNO)),
            EXIT_PIPE => Err(io::Error::other(
                "the reading process could not write its pipe",
            )),
            _ => Ok(None),
        }
    }

    /// The file back, and whether it held more than asked.
    pub fn finish(mut self, timeout: Duration) -> Option<Finished> {
        let code = self.reap(timeout).ok()?;
        Some(Finished {
            file: self.file,
            extra_bytes: code == EXIT_EXTRA_BYTES,
        })
    }

    /// Kills a helper stuck in a read; it ends when the kernel lets it.
    pub fn abandon(&mut self) {
        let _ = self.child.kill();
    }

    /// Waits up to `timeout` for the helper's exit code.
    fn reap(&mut self, timeout: Duration) -> io::Result<i32> {
        if let Some(code) = self.code {
            return Ok(code);
        }
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.child.try_wait()? {
                let code = status.code().ok_or_else(|| {
                    io::Error::other(format!("the reading process ended by {status}"))
                })?;
                self.code = Some(code);
                return Ok(code);
            }
            if Instant::now() >= deadline {
                return Err(io::ErrorKind::TimedOut.into());
            }
            std::thread::sleep(Duration::from_millis(1));
        }
    }
}
