//! The one reader of JSON-lines files (custody logs, case journals): one
//! line at a time, each at most [`MAX_LINE`] bytes, a torn last line (no
//! newline: a crash while appending) told apart from a whole one. Memory
//! stays bounded whatever the file holds.

use std::io::{self, BufRead, Read};

/// Longest line accepted (scelle writes a few kilobytes at most).
pub const MAX_LINE: u64 = 1 << 20;

/// One line as read.
#[derive(Debug, PartialEq, Eq)]
pub enum Line {
    /// A line ended by its newline (the newline removed).
    Whole(Vec<u8>),
    /// The last line of the file, without a newline.
    Torn(Vec<u8>),
    /// A line over [`MAX_LINE`]; nothing after it is read.
    TooLong,
}

/// Reads the lines of a JSON-lines file, numbered from 1.
pub struct JsonLines<R> {
    reader: R,
    number: u64,
    stopped: bool,
}

impl<R: BufRead> JsonLines<R> {
    /// The lines of `reader` (give it a `BufReader`).
    pub fn new(reader: R) -> Self {
        Self {
            reader,
            number: 0,
            stopped: false,
        }
    }

    /// The next line and its number, or `None` at the end. After a torn or
    /// over-long line there is nothing more.
    pub fn next_line(&mut self) -> io::Result<Option<(u64, Line)>> {
        if self.stopped {
            return Ok(None);
        }
        let mut raw = Vec::new();
        let n = (&mut self.reader)
            .take(MAX_LINE + 1)
            .read_until(b'\n', &mut raw)?;
        if n == 0 {
            return Ok(None);
        }
        self.number += 1;
        let line = if raw.last() == Some(&b'\n') {
            raw.pop();
            Line::Whole(raw)
        } else if n as u64 > MAX_LINE {
            self.stopped = true;
            Line::TooLong
        } else {
            self.stopped = true;
            Line::Torn(raw)
        };
        Ok(Some((self.number, line)))
    }
}

/// Line `number` (from 1) of `reader`, when it is there and whole.
pub fn line_number<R: BufRead>(reader: R, number: u64) -> io::Result<Option<Vec<u8>>> {
    let mut lines = JsonLines::new(reader);
    while let Some((at, line)) = lines.next_line()? {
        if at == number {
            return Ok(match line {
                Line::Whole(bytes) if !bytes.is_empty() => Some(bytes),
                _ => None,
            });
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(bytes: &[u8]) -> Vec<(u64, Line)> {
        let mut lines = JsonLines::new(bytes);
        let mut out = Vec::new();
        while let Some(line) = lines.next_line().unwrap() {
            out.push(line);
        }
        out
    }

    #[test]
    fn whole_torn_and_over_long_lines() {
        assert_eq!(
            all(b"{}\n{\"a\":1}\n{\"b\""),
            [
                (1, Line::Whole(b"{}".to_vec())),
                (2, Line::Whole(b"{\"a\":1}".to_vec())),
                (3, Line::Torn(b"{\"b\"".to_vec())),
            ]
        );
        let long = vec![b'x'; MAX_LINE as usize + 10];
        let mut bytes = b"{}\n".to_vec();
        bytes.extend_from_slice(&long);
        bytes.extend_from_slice(b"\n{}\n");
        assert_eq!(
            all(&bytes),
            [(1, Line::Whole(b"{}".to_vec())), (2, Line::TooLong)]
        );
        assert!(all(b"").is_empty());
        assert_eq!(
            line_number(&b"a\nb\nc"[..], 2).unwrap(),
            Some(b"b".to_vec())
        );
        assert_eq!(line_number(&b"a\nb\nc"[..], 3).unwrap(), None, "torn");
        assert_eq!(line_number(&b"a\n"[..], 9).unwrap(), None);
    }
}
