//! SHA-256 on another thread: the bytes are copied into chunks that a
//! hashing thread digests while the caller goes on (reading, compressing,
//! writing). On two cores this moves the SHA-256 of an archive's whole
//! output, or input, off the thread that drives zstd.

use std::sync::mpsc::{self, Receiver, SyncSender};
use std::thread::JoinHandle;

use sha2::{Digest, Sha256};

use crate::Sha256Digest;

/// Bytes handed over at a time.
const CHUNK: usize = 1 << 20;
/// Chunks in flight: bounds the memory to `CHUNKS × CHUNK`.
const CHUNKS: usize = 4;

/// A SHA-256 computed on its own thread from what [`AsideHasher::update`]
/// hands it, in order.
#[derive(Debug)]
pub struct AsideHasher {
    pending: Vec<u8>,
    to_hasher: Option<SyncSender<Vec<u8>>>,
    free: Receiver<Vec<u8>>,
    thread: Option<JoinHandle<Sha256Digest>>,
}

impl AsideHasher {
    /// Starts the hashing thread.
    pub fn spawn() -> std::io::Result<Self> {
        let (to_hasher, chunks) = mpsc::sync_channel::<Vec<u8>>(CHUNKS);
        let (give_back, free) = mpsc::channel::<Vec<u8>>();
        for _ in 0..CHUNKS {
            // Cannot fail: `free` is alive.
            let _ = give_back.send(Vec::with_capacity(CHUNK));
        }
        let thread = std::thread::Builder::new()
            .name("sha256-aside".into())
            .spawn(move || {
                let mut hasher = Sha256::new();
                for mut chunk in chunks {
                    hasher.update(&chunk);
                    chunk.clear();
                    // Nobody takes it back once the caller is done.
                    let _ = give_back.send(chunk);
                }
                Sha256Digest::from_bytes(hasher.finalize().into())
            })?;
        let pending = free.recv().expect("the chunks were just made");
        Ok(Self {
            pending,
            to_hasher: Some(to_hasher),
            free,
            thread: Some(thread),
        })
    }

    /// Hashes `bytes` after everything before them.
    pub fn update(&mut self, mut bytes: &[u8]) {
        while !bytes.is_empty() {
            let take = (CHUNK - self.pending.len()).min(bytes.len());
            self.pending.extend_from_slice(&bytes[..take]);
            bytes = &bytes[take..];
            if self.pending.len() == CHUNK {
                self.hand_over();
            }
        }
    }

    /// Sends the pending chunk and takes a free one (waiting for the
    /// hashing thread when every chunk is in flight).
    fn hand_over(&mut self) {
        let next = match self.free.recv() {
            Ok(chunk) => chunk,
            // The thread is gone (it panicked): `finish` reports it.
            Err(_) => Vec::with_capacity(CHUNK),
        };
        let full = std::mem::replace(&mut self.pending, next);
        if let Some(sender) = &self.to_hasher {
            let _ = sender.send(full);
        }
    }

    /// The digest of everything handed over.
    pub fn finish(mut self) -> Sha256Digest {
        if !self.pending.is_empty() {
            self.hand_over();
        }
        drop(self.to_hasher.take());
        let thread = self.thread.take().expect("joined once");
        match thread.join() {
            Ok(digest) => digest,
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_as_one_pass_whatever_the_pieces() {
        let data: Vec<u8> = (0..5 * CHUNK + 12345)
            .map(|i| (i * 7 % 251) as u8)
            .collect();
        for piece in [1, 4096, CHUNK - 1, CHUNK, 3 * CHUNK] {
            let mut aside = AsideHasher::spawn().unwrap();
            for part in data.chunks(piece) {
                aside.update(part);
            }
            assert_eq!(aside.finish(), Sha256Digest::of(&data), "pieces of {piece}");
        }
        assert_eq!(
            AsideHasher::spawn().unwrap().finish(),
            Sha256Digest::of(b"")
        );
    }
}
