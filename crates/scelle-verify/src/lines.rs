//! Splitting a streamed member into lines of bounded length.

/// Longest line accepted in a streamed tag file (manifest.json's header line
/// holds the case notes; items are a few hundred bytes).
pub(crate) const MAX_LINE: usize = 16 << 20;

/// Accumulates chunks and hands out complete lines (without `\n`).
#[derive(Default)]
pub(crate) struct LineSplitter {
    partial: Vec<u8>,
    /// Set once a line exceeded [`MAX_LINE`]; the splitter then stops.
    pub overflowed: bool,
}

impl LineSplitter {
    /// Feeds a chunk; calls `line` for each complete line.
    pub fn push(&mut self, mut chunk: &[u8], line: &mut dyn FnMut(&[u8])) {
        while !self.overflowed && !chunk.is_empty() {
            match chunk.iter().position(|&b| b == b'\n') {
                Some(end) => {
                    if self.partial.is_empty() {
                        line(&chunk[..end]);
                    } else {
                        self.partial.extend_from_slice(&chunk[..end]);
                        line(&std::mem::take(&mut self.partial));
                    }
                    chunk = &chunk[end + 1..];
                }
                None => {
                    if self.partial.len() + chunk.len() > MAX_LINE {
                        self.overflowed = true;
                        self.partial = Vec::new();
                    } else {
                        self.partial.extend_from_slice(chunk);
                    }
                    chunk = &[];
                }
            }
        }
    }

    /// The last line if the data did not end with `\n`.
    pub fn finish(self) -> Option<Vec<u8>> {
        (!self.partial.is_empty() && !self.overflowed).then_some(self.partial)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_across_chunks() {
        let mut splitter = LineSplitter::default();
        let mut lines = Vec::new();
        for chunk in [&b"ab"[..], b"c\nd", b"\n\nef"] {
            splitter.push(chunk, &mut |line| lines.push(line.to_vec()));
        }
        assert_eq!(lines, [b"abc".to_vec(), b"d".to_vec(), b"".to_vec()]);
        assert_eq!(splitter.finish().unwrap(), b"ef");
    }
}
