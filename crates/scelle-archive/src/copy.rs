//! Copying a source into a member of exactly the announced size.

use std::io::{self, Read, Write};
use std::sync::mpsc;

use scelle_hash::{HashingWriter, Sha256Digest};

/// What was stored for one payload file.
#[derive(Debug)]
pub struct PayloadRecord {
    /// SHA-256 of exactly the bytes stored (source bytes, then any zero padding).
    pub sha256: Sha256Digest,
    /// Bytes taken from the source (at most the announced size).
    pub source_bytes: u64,
    /// Zeros added because the source ended early or failed.
    pub zero_padded: u64,
    /// The error that stopped reading the source early, if any.
    pub read_error: Option<io::Error>,
}

/// What [`crate::ContainerWriter::append_payload`] would record for `source`,
/// without storing it: for baselines, which keep hashes and no content.
pub fn hash_payload(
    source: &mut dyn Read,
    size: u64,
    on_bytes: &mut dyn FnMut(u64),
) -> io::Result<PayloadRecord> {
    // Sized to the file: a zeroed 1 MiB per small file is most of the work.
    let buffer_size = usize::try_from(size.clamp(1, 1 << 20)).unwrap_or(1 << 20);
    copy_exact(
        source,
        size,
        &mut io::sink(),
        &mut vec![0u8; buffer_size],
        on_bytes,
    )
}

/// Members at least this large are hashed on a thread of their own while
/// the next chunk is read and the last one compressed.
const HASH_ASIDE_MIN: u64 = 8 << 20;
/// Chunks of a large member in flight between the copy and its hasher.
const CHUNKS_IN_FLIGHT: usize = 4;

/// The source error that means "the user asked to stop": unlike other
/// source errors, it ends the copy at once (no padding) and is returned.
#[derive(Debug)]
pub struct Cancelled;

impl std::fmt::Display for Cancelled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("stopped by the user (Ctrl-C or SIGTERM)")
    }
}

impl std::error::Error for Cancelled {}

impl Cancelled {
    /// As the error a source's `read` returns.
    pub fn error() -> io::Error {
        io::Error::other(Cancelled)
    }

    /// Whether `error` is this one.
    pub fn is(error: &io::Error) -> bool {
        error.get_ref().is_some_and(|inner| inner.is::<Cancelled>())
    }
}

/// Copies up to `size` bytes of `source` into `out`, then pads with zeros to
/// exactly `size`. Source errors are recorded, not returned: the member must
/// stay well formed. Errors writing `out`, and [`Cancelled`], are returned.
pub(crate) fn copy_exact(
    source: &mut dyn Read,
    size: u64,
    out: &mut dyn Write,
    buffer: &mut [u8],
    on_bytes: &mut dyn FnMut(u64),
) -> io::Result<PayloadRecord> {
    if size >= HASH_ASIDE_MIN {
        return copy_hashing_aside(source, size, out, buffer.len(), on_bytes);
    }
    let mut out = HashingWriter::new(out);
    let mut remaining = size;
    let mut read_error = None;
    while remaining > 0 {
        let want = buffer
            .len()
            .min(usize::try_from(remaining).unwrap_or(usize::MAX));
        match source.read(&mut buffer[..want]) {
            Ok(0) => break,
            Ok(n) => {
                out.write_all(&buffer[..n])?;
                remaining -= n as u64;
                on_bytes(n as u64);
            }
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) if Cancelled::is(&error) => return Err(error),
            Err(error) => {
                read_error = Some(error);
                break;
            }
        }
    }
    let source_bytes = size - remaining;
    if remaining > 0 {
        // Only a short source needs zeros (clearing the buffer for every
        // file cost a 1 MiB memset each).
        buffer.fill(0);
    }
    while remaining > 0 {
        let n = buffer
            .len()
            .min(usize::try_from(remaining).unwrap_or(usize::MAX));
        out.write_all(&buffer[..n])?;
        remaining -= n as u64;
    }
    let (_, sha256, _) = out.finish();
    Ok(PayloadRecord {
        sha256,
        source_bytes,
        zero_padded: size - source_bytes,
        read_error,
    })
}

/// [`copy_exact`] for large members: the SHA-256 is computed on another
/// thread from chunks handed over once written to `out`, so reading and
/// compressing overlap with hashing.
fn copy_hashing_aside(
    source: &mut dyn Read,
    size: u64,
    out: &mut dyn Write,
    chunk_size: usize,
    on_bytes: &mut dyn FnMut(u64),
) -> io::Result<PayloadRecord> {
    // (chunk, bytes of it to hash); the hasher gives every chunk back.
    let (to_hasher, chunks) = mpsc::sync_channel::<(Vec<u8>, usize)>(CHUNKS_IN_FLIGHT);
    let (give_back, free) = mpsc::channel::<Vec<u8>>();
    for _ in 0..CHUNKS_IN_FLIGHT {
        // Cannot fail: `free` is alive.
        let _ = give_back.send(vec![0u8; chunk_size]);
    }
    std::thread::scope(|scope| {
        let hasher = scope.spawn(move || {
            let mut hasher = HashingWriter::new(io::sink());
            for (chunk, len) in chunks {
                // Writing to a sink cannot fail.
                let _ = hasher.write_all(&chunk[..len]);
                // Nobody takes it back when the copy stopped on an error.
                let _ = give_back.send(chunk);
            }
            hasher.finish().1
        });
        let hasher_gone = || io::Error::other("the hashing thread stopped");
        let mut remaining = size;
        let mut source_bytes = 0;
        let mut read_error = None;
        let mut source_ended = false;
        while remaining > 0 {
            let mut chunk = free.recv().map_err(|_| hasher_gone())?;
            let want = chunk
                .len()
                .min(usize::try_from(remaining).unwrap_or(usize::MAX));
            let n = if source_ended {
                // Only a short source needs zeros.
                chunk[..want].fill(0);
                want
            } else {
                match source.read(&mut chunk[..want]) {
                    Ok(0) => {
                        source_ended = true;
                        0
                    }
                    Ok(n) => {
                        source_bytes += n as u64;
                        on_bytes(n as u64);
                        n
                    }
                    Err(error) if error.kind() == io::ErrorKind::Interrupted => 0,
                    Err(error) if Cancelled::is(&error) => return Err(error),
                    Err(error) => {
                        read_error = Some(error);
                        source_ended = true;
                        0
                    }
                }
            };
            out.write_all(&chunk[..n])?;
            remaining -= n as u64;
            to_hasher.send((chunk, n)).map_err(|_| hasher_gone())?;
        }
        drop(to_hasher);
        let sha256 = hasher.join().map_err(|_| hasher_gone())?;
        Ok(PayloadRecord {
            sha256,
            source_bytes,
            zero_padded: size - source_bytes,
            read_error,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    struct FailsAfter(u64);

    impl Read for FailsAfter {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.0 == 0 {
                return Err(io::Error::other("I/O error"));
            }
            let n = buf.len().min(self.0 as usize);
            buf[..n].fill(b'x');
            self.0 -= n as u64;
            Ok(n)
        }
    }

    #[test]
    fn short_source_is_padded_and_hash_covers_the_padding() {
        let mut out = Vec::new();
        let record = copy_exact(&mut &b"abc"[..], 5, &mut out, &mut [0u8; 2], &mut |_| {}).unwrap();
        assert_eq!(out, b"abc\0\0");
        assert_eq!(record.sha256, Sha256Digest::of(b"abc\0\0"));
        assert_eq!((record.source_bytes, record.zero_padded), (3, 2));
        assert!(record.read_error.is_none());
    }

    #[test]
    fn long_source_is_cut_at_the_announced_size() {
        let mut out = Vec::new();
        let mut source = &b"abcdef"[..];
        let record = copy_exact(&mut source, 4, &mut out, &mut [0u8; 3], &mut |_| {}).unwrap();
        assert_eq!(out, b"abcd");
        assert_eq!(source, b"ef", "the rest is left for the caller to notice");
        assert_eq!(record.zero_padded, 0);
    }

    #[test]
    fn large_members_are_hashed_aside_exactly_as_stored() {
        let data: Vec<u8> = (0..HASH_ASIDE_MIN + 12_345)
            .map(|i| (i % 251) as u8)
            .collect();
        for (source_len, size) in [
            (data.len(), data.len() as u64),       // exact
            (data.len(), data.len() as u64 - 7),   // cut
            (data.len() - 999, data.len() as u64), // padded
        ] {
            let mut aside = Vec::new();
            let record = copy_exact(
                &mut &data[..source_len],
                size,
                &mut aside,
                &mut [0u8; 1 << 16],
                &mut |_| {},
            )
            .unwrap();
            assert_eq!(aside.len() as u64, size);
            assert_eq!(record.sha256, Sha256Digest::of(&aside));
            assert_eq!(record.source_bytes, (source_len as u64).min(size));
            assert_eq!(record.zero_padded, size - record.source_bytes);
            assert_eq!(
                &aside[..source_len.min(size as usize)],
                &data[..source_len.min(size as usize)]
            );
        }
    }

    #[test]
    fn read_error_in_a_large_member_is_recorded_and_member_completed() {
        let size = HASH_ASIDE_MIN + 10;
        let mut out = Vec::new();
        let record = copy_exact(
            &mut FailsAfter(1 << 20),
            size,
            &mut out,
            &mut [0u8; 4096],
            &mut |_| {},
        )
        .unwrap();
        assert_eq!(out.len() as u64, size);
        assert_eq!(record.source_bytes, 1 << 20);
        assert!(out[1 << 20..].iter().all(|&b| b == 0));
        assert_eq!(record.sha256, Sha256Digest::of(&out));
        assert!(record.read_error.is_some());
    }

    #[test]
    fn read_error_is_recorded_and_member_completed() {
        let mut out = Vec::new();
        let record =
            copy_exact(&mut FailsAfter(3), 8, &mut out, &mut [0u8; 2], &mut |_| {}).unwrap();
        assert_eq!(out, b"xxx\0\0\0\0\0");
        assert_eq!(record.source_bytes, 3);
        assert!(record.read_error.is_some());
    }
}
