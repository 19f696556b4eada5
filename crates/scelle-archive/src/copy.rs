//! Copying a source into a member of exactly the announced size.

use std::io::{self, Read, Write};

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
    copy_exact(
        source,
        size,
        &mut io::sink(),
        &mut vec![0u8; 1 << 20],
        on_bytes,
    )
}

/// Copies up to `size` bytes of `source` into `out`, then pads with zeros to
/// exactly `size`. Source errors are recorded, not returned: the member must
/// stay well formed. Errors writing `out` are returned.
pub(crate) fn copy_exact(
    source: &mut dyn Read,
    size: u64,
    out: &mut dyn Write,
    buffer: &mut [u8],
    on_bytes: &mut dyn FnMut(u64),
) -> io::Result<PayloadRecord> {
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
    fn read_error_is_recorded_and_member_completed() {
        let mut out = Vec::new();
        let record =
            copy_exact(&mut FailsAfter(3), 8, &mut out, &mut [0u8; 2], &mut |_| {}).unwrap();
        assert_eq!(out, b"xxx\0\0\0\0\0");
        assert_eq!(record.source_bytes, 3);
        assert!(record.read_error.is_some());
    }
}
