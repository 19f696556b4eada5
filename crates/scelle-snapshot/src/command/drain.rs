//! Reading a command's stdout and stderr until they close or the deadline
//! passes, whichever comes first, whatever its children do.

use std::fs::File;
use std::io::{self, Read, Write};
use std::os::fd::{AsFd, OwnedFd};
use std::path::Path;
use std::process::{Child, ExitStatus};
use std::time::{Duration, Instant};

use nix::poll::{poll, PollFd, PollFlags, PollTimeout};

use super::Captured;

/// How often the exit of the command is looked at while its outputs stay open.
const TICK: Duration = Duration::from_millis(20);

/// One output stream, drained into an unnamed temporary file.
pub(super) struct Drain {
    pipe: Option<File>,
    /// Not yet at end of file (nor failed).
    open: bool,
    kept: io::Result<File>,
    size: u64,
    written: u64,
    max_bytes: u64,
    error: Option<io::Error>,
}

impl Drain {
    /// Drains `pipe` (or reports that there is none) into a file in `temp_dir`.
    pub fn new(pipe: Option<impl Into<OwnedFd>>, temp_dir: &Path, max_bytes: u64) -> Self {
        let pipe = pipe.map(|pipe| File::from(pipe.into()));
        Self {
            open: pipe.is_some(),
            error: pipe.is_none().then(|| io::Error::other("no pipe")),
            pipe,
            kept: tempfile::tempfile_in(temp_dir),
            size: 0,
            written: 0,
            max_bytes,
        }
    }

    /// One read of what the pipe holds now; whether another may find more
    /// without waiting (not at end of file, not failed, not would-block).
    fn read_once(&mut self, buffer: &mut [u8]) -> bool {
        let Some(pipe) = self.pipe.as_mut().filter(|_| self.open) else {
            return false;
        };
        match pipe.read(buffer) {
            Ok(0) => self.open = false,
            Ok(n) => {
                self.keep(&buffer[..n]);
                return true;
            }
            Err(error) if error.kind() == io::ErrorKind::Interrupted => return true,
            Err(error) if error.kind() == io::ErrorKind::WouldBlock => {}
            Err(error) => {
                self.open = false;
                self.error = Some(error);
            }
        }
        false
    }

    fn keep(&mut self, bytes: &[u8]) {
        self.written += bytes.len() as u64;
        let keep = self
            .max_bytes
            .saturating_sub(self.size)
            .min(bytes.len() as u64) as usize;
        if keep == 0 {
            return;
        }
        if let Ok(file) = &mut self.kept {
            match file.write_all(&bytes[..keep]) {
                Ok(()) => self.size += keep as u64,
                Err(error) => self.error = Some(error),
            }
        }
    }

    /// Reads what is left in the pipe without waiting for more: the
    /// processes that wrote it are dead, or are not waited for.
    fn drain_without_waiting(&mut self, buffer: &mut [u8]) {
        let Some(pipe) = self.pipe.as_ref().filter(|_| self.open) else {
            return;
        };
        if rustix::fs::fcntl_setfl(pipe, rustix::fs::OFlags::NONBLOCK).is_err() {
            return;
        }
        while self.read_once(buffer) {}
    }

    /// What was kept, or why nothing could be.
    pub fn finish(self) -> io::Result<Captured> {
        if let Some(error) = self.error {
            return Err(error);
        }
        Ok(Captured {
            file: self.kept?,
            size: self.size,
            bytes_written: self.written,
        })
    }
}

/// How the command's run ended.
pub(super) struct Ending {
    /// Its exit status, once it exited (`None` if it is still running).
    pub exit: Option<ExitStatus>,
    /// The deadline passed before it exited and closed both outputs.
    pub timed_out: bool,
}

/// Reads both outputs until the command has exited and both are closed,
/// or until `deadline`. Never waits past the deadline: a daemon the
/// command started may hold the outputs open forever.
pub(super) fn until_closed(
    child: &mut Child,
    drains: &mut [Drain; 2],
    deadline: Instant,
) -> Ending {
    let mut buffer = vec![0u8; 64 * 1024];
    let mut exit = None;
    loop {
        if exit.is_none() {
            match child.try_wait() {
                Ok(status) => exit = status,
                Err(_) => {
                    return Ending {
                        exit: None,
                        timed_out: false,
                    }
                }
            }
        }
        let open: Vec<usize> = (0..drains.len()).filter(|&i| drains[i].open).collect();
        if exit.is_some() && open.is_empty() {
            return Ending {
                exit,
                timed_out: false,
            };
        }
        let now = Instant::now();
        if now >= deadline {
            return Ending {
                exit,
                timed_out: true,
            };
        }
        let wait = (deadline - now).min(TICK);
        if open.is_empty() {
            std::thread::sleep(wait);
            continue;
        }
        let ready: Vec<usize> = {
            let mut fds: Vec<PollFd> = open
                .iter()
                .filter_map(|&i| drains[i].pipe.as_ref())
                .map(|pipe| PollFd::new(pipe.as_fd(), PollFlags::POLLIN))
                .collect();
            let millis = u16::try_from(wait.as_millis()).unwrap_or(u16::MAX);
            if poll(&mut fds, PollTimeout::from(millis)).is_err() {
                continue;
            }
            open.iter()
                .zip(&fds)
                .filter(|(_, fd)| fd.revents().is_some_and(|events| !events.is_empty()))
                .map(|(&i, _)| i)
                .collect()
        };
        for i in ready {
            drains[i].read_once(&mut buffer);
        }
    }
}

/// Reads what the outputs still hold once everything the command started is dead.
pub(super) fn leftovers(drains: &mut [Drain; 2]) {
    let mut buffer = vec![0u8; 64 * 1024];
    for drain in drains {
        drain.drain_without_waiting(&mut buffer);
    }
}
