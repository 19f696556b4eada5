//! The head of a log: how many entries it has and the SHA-256 of its last
//! line. Printed after every append, written in a procès-verbal or a
//! receipt, it lets a later check prove that no entry up to it was dropped
//! or rewritten: a log cut after line N no longer contains that head.

use std::fmt;

use scelle_hash::Sha256Digest;
use serde::{Deserialize, Serialize};

/// Where a log stood: its entry count and the SHA-256 of its last line
/// (without the newline: the value the next entry's `prev` holds).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Head {
    /// Entries (lines) up to and including the head.
    pub entries: u64,
    /// SHA-256 of the last of them.
    pub sha256: Sha256Digest,
}

impl fmt::Display for Head {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}, last line SHA-256 {}",
            self.entries,
            if self.entries == 1 {
                "entry"
            } else {
                "entries"
            },
            self.sha256
        )
    }
}

/// A head a log must still contain (from a receipt): its line's SHA-256,
/// its entry count, or both.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ExpectedHead {
    /// SHA-256 of the line.
    pub sha256: Option<Sha256Digest>,
    /// Its position: the log must have at least this many entries, and
    /// with `sha256`, line `entries` must be that line.
    pub entries: Option<u64>,
}

impl ExpectedHead {
    /// Whether anything is expected.
    pub fn is_empty(&self) -> bool {
        self.sha256.is_none() && self.entries.is_none()
    }
}

/// Follows the lines of a log and says whether the expected head is among them.
#[derive(Debug)]
pub(crate) struct HeadSearch {
    expected: ExpectedHead,
    found: bool,
}

impl HeadSearch {
    pub fn new(expected: ExpectedHead) -> Self {
        Self {
            expected,
            found: false,
        }
    }

    /// Line `number` (from 1), whose SHA-256 is `sha256`.
    pub fn line(&mut self, number: u64, sha256: Sha256Digest) {
        let at_position = self
            .expected
            .entries
            .is_none_or(|entries| entries == number);
        let same_line = self
            .expected
            .sha256
            .is_none_or(|expected| expected == sha256);
        self.found |= at_position && same_line;
    }

    /// Why the head is missing, once every line was seen; `None` when found.
    pub fn missing(&self, head: Option<Head>) -> Option<String> {
        if self.found || self.expected.is_empty() {
            return None;
        }
        let now = head.map_or("the log has no whole line".to_string(), |head| {
            format!("it now has {head}")
        });
        Some(match (self.expected.entries, self.expected.sha256) {
            (Some(entries), Some(sha256)) => format!(
                "line {entries} is not the receipt's (SHA-256 {sha256}): entries were dropped or rewritten; {now}"
            ),
            (None, Some(sha256)) => format!(
                "no line has the receipt's SHA-256 {sha256}: entries were dropped or rewritten; {now}"
            ),
            (Some(entries), None) => {
                format!("fewer than the receipt's {entries} entries: entries were dropped; {now}")
            }
            (None, None) => unreachable!("an empty expectation is always found"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn search(expected: ExpectedHead, lines: &[&[u8]]) -> bool {
        let mut search = HeadSearch::new(expected);
        for (index, line) in lines.iter().enumerate() {
            search.line(index as u64 + 1, Sha256Digest::of(line));
        }
        search.missing(None).is_none()
    }

    #[test]
    fn a_head_is_found_only_where_the_receipt_put_it() {
        let lines: [&[u8]; 3] = [b"a", b"b", b"c"];
        let b = Some(Sha256Digest::of(b"b"));
        let at = |entries, sha256| ExpectedHead { sha256, entries };
        assert!(search(at(Some(2), b), &lines));
        assert!(search(at(None, b), &lines));
        assert!(search(at(Some(3), None), &lines));
        assert!(!search(at(Some(3), b), &lines), "b is line 2, not 3");
        assert!(!search(at(Some(4), None), &lines[..]), "a line was dropped");
        assert!(!search(at(None, b), &lines[..1]), "cut before b");
        assert!(search(ExpectedHead::default(), &[]));
    }
}
