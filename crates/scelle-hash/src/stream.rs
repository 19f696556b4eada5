use std::io::{self, Read, Write};

use sha2::{Digest, Sha256};

use crate::{AsideHasher, Sha256Digest};

/// Where a stream's SHA-256 is computed: on the calling thread, or aside
/// on its own (see [`AsideHasher`]).
#[derive(Debug)]
enum Hasher {
    Inline(Sha256),
    Aside(AsideHasher),
}

impl Hasher {
    fn update(&mut self, bytes: &[u8]) {
        match self {
            Hasher::Inline(hasher) => hasher.update(bytes),
            Hasher::Aside(hasher) => hasher.update(bytes),
        }
    }

    fn finish(self) -> Sha256Digest {
        match self {
            Hasher::Inline(hasher) => Sha256Digest::from_bytes(hasher.finalize().into()),
            Hasher::Aside(hasher) => hasher.finish(),
        }
    }
}

/// Hashes every byte read through it.
#[derive(Debug)]
pub struct HashingReader<R> {
    inner: R,
    hasher: Hasher,
    count: u64,
}

impl<R: Read> HashingReader<R> {
    /// Wraps `inner`; nothing is read yet.
    pub fn new(inner: R) -> Self {
        Self {
            inner,
            hasher: Hasher::Inline(Sha256::new()),
            count: 0,
        }
    }

    /// Wraps `inner`, hashing on another thread (for long streams on a
    /// machine with a core to spare).
    pub fn aside(inner: R) -> io::Result<Self> {
        Ok(Self {
            inner,
            hasher: Hasher::Aside(AsideHasher::spawn()?),
            count: 0,
        })
    }

    /// Bytes read so far.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// The digest of everything read, and how many bytes that was.
    pub fn finish(self) -> (Sha256Digest, u64) {
        (self.hasher.finish(), self.count)
    }
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.count += n as u64;
        Ok(n)
    }
}

/// Hashes every byte written through it before passing it on.
#[derive(Debug)]
pub struct HashingWriter<W> {
    inner: W,
    hasher: Hasher,
    count: u64,
}

impl<W: Write> HashingWriter<W> {
    /// Wraps `inner`; nothing is written yet.
    pub fn new(inner: W) -> Self {
        Self {
            inner,
            hasher: Hasher::Inline(Sha256::new()),
            count: 0,
        }
    }

    /// Wraps `inner`, hashing on another thread (for long streams on a
    /// machine with a core to spare).
    pub fn aside(inner: W) -> io::Result<Self> {
        Ok(Self {
            inner,
            hasher: Hasher::Aside(AsideHasher::spawn()?),
            count: 0,
        })
    }

    /// Bytes written so far.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// The inner writer, the digest of everything written and its length.
    pub fn finish(self) -> (W, Sha256Digest, u64) {
        (self.inner, self.hasher.finish(), self.count)
    }
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        // Only what the inner writer accepted is hashed, so a short write
        // cannot make the digest disagree with the bytes that landed.
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.count += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Accepts at most three bytes per call, like a pipe under pressure.
    struct Dribble(Vec<u8>);

    impl Write for Dribble {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            let n = buf.len().min(3);
            self.0.extend_from_slice(&buf[..n]);
            Ok(n)
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn writer_hashes_exactly_what_was_accepted() {
        let data: Vec<u8> = (0..=255u8).cycle().take(10_000).collect();
        let mut writer = HashingWriter::new(Dribble(Vec::new()));
        writer.write_all(&data).unwrap();
        let (inner, digest, count) = writer.finish();
        assert_eq!(inner.0, data);
        assert_eq!(count, data.len() as u64);
        assert_eq!(digest, Sha256Digest::of(&data));
    }

    #[test]
    fn hashing_aside_gives_the_same_digests() {
        let data: Vec<u8> = (0..=255u8).cycle().take(3 << 20).collect();
        let mut writer = HashingWriter::aside(Dribble(Vec::new())).unwrap();
        writer.write_all(&data[..10_000]).unwrap();
        let (_, digest, count) = writer.finish();
        assert_eq!((digest, count), (Sha256Digest::of(&data[..10_000]), 10_000));
        let mut reader = HashingReader::aside(&data[..]).unwrap();
        io::copy(&mut reader, &mut io::sink()).unwrap();
        assert_eq!(
            reader.finish(),
            (Sha256Digest::of(&data), data.len() as u64)
        );
    }

    #[test]
    fn reader_counts_and_hashes() {
        let data = vec![7u8; 70_000];
        let mut reader = HashingReader::new(&data[..]);
        io::copy(&mut reader, &mut io::sink()).unwrap();
        assert_eq!(reader.count(), 70_000);
        let (digest, count) = reader.finish();
        assert_eq!(count, 70_000);
        assert_eq!(digest, Sha256Digest::of(&data));
    }
}
