//! Localising damage inside an image: when an image's SHA-256 differs from its
//! record, a second pass hashes it piece by piece and names the byte ranges
//! that changed, so one bad sector does not condemn a whole disk.

use std::collections::HashMap;
use std::io::{BufReader, Read};
use std::path::Path;

use scelle_hash::Sha256Digest;
use sha2::{Digest, Sha256};

use crate::checker::ImageToLocate;
use crate::report::{FindingKind, Findings};
use scelle_archive::{reader, Next};

/// Most piece findings reported per image; the count of the rest follows.
const MAX_PIECES_LISTED: usize = 100;

/// Piece hashes of a stream.
struct PieceHasher {
    size: u64,
    filled: u64,
    current: Sha256,
    done: Vec<Sha256Digest>,
}

impl PieceHasher {
    fn new(size: u64) -> Self {
        Self {
            size: size.max(1),
            filled: 0,
            current: Sha256::new(),
            done: Vec::new(),
        }
    }

    fn update(&mut self, mut data: &[u8]) {
        while !data.is_empty() {
            let take = data.len().min((self.size - self.filled) as usize);
            self.current.update(&data[..take]);
            self.filled += take as u64;
            data = &data[take..];
            if self.filled == self.size {
                let piece = std::mem::take(&mut self.current);
                self.done
                    .push(Sha256Digest::from_bytes(piece.finalize().into()));
                self.filled = 0;
            }
        }
    }

    fn finish(mut self) -> Vec<Sha256Digest> {
        if self.filled > 0 {
            self.done
                .push(Sha256Digest::from_bytes(self.current.finalize().into()));
        }
        self.done
    }
}

/// Re-reads the archive and reports the pieces of each target that differ.
pub(crate) fn locate_in_archive(
    archive: &dyn crate::Source,
    targets: &[ImageToLocate],
    findings: &mut Findings,
) {
    let Ok(file) = archive.open() else {
        return;
    };
    let Ok(mut tar) = reader::open(BufReader::with_capacity(1 << 20, file)) else {
        return;
    };
    let mut actual: HashMap<&str, Vec<Sha256Digest>> = HashMap::new();
    while let Ok(Next::Member(header)) = tar.next_member() {
        let target = targets
            .iter()
            .find(|t| t.member.as_bytes() == header.name.as_slice() && header.is_regular());
        let mut hasher = target.map(|t| PieceHasher::new(t.piece_size));
        let read = tar.content(header.content_size(), |chunk| {
            if let Some(hasher) = &mut hasher {
                hasher.update(chunk);
            }
        });
        if read.is_err() {
            break;
        }
        if let (Some(target), Some(hasher)) = (target, hasher) {
            actual.insert(&target.member, hasher.finish());
        }
    }
    report(targets, &actual, findings);
}

/// Reads image files of an extracted bag (`<bag>/data/images/...`).
pub(crate) fn locate_in_dir(bag: &Path, targets: &[ImageToLocate], findings: &mut Findings) {
    let mut actual: HashMap<&str, Vec<Sha256Digest>> = HashMap::new();
    for target in targets {
        let Some((_, rel)) = target.member.split_once('/') else {
            continue;
        };
        let Ok(mut file) = crate::open_regular(&bag.join(rel)) else {
            continue;
        };
        let mut hasher = PieceHasher::new(target.piece_size);
        let mut buffer = vec![0u8; 1 << 20];
        while let Ok(n) = file.read(&mut buffer) {
            if n == 0 {
                break;
            }
            hasher.update(&buffer[..n]);
        }
        actual.insert(&target.member, hasher.finish());
    }
    report(targets, &actual, findings);
}

fn report(
    targets: &[ImageToLocate],
    actual: &HashMap<&str, Vec<Sha256Digest>>,
    findings: &mut Findings,
) {
    for target in targets {
        let Some(found) = actual.get(target.member.as_str()) else {
            continue;
        };
        let differing: Vec<usize> = (0..target.pieces.len().max(found.len()))
            .filter(|&k| target.pieces.get(k) != found.get(k))
            .collect();
        let count = target.pieces.len().max(found.len());
        for &k in differing.iter().take(MAX_PIECES_LISTED) {
            let start = (k as u64).saturating_mul(target.piece_size);
            let end = start.saturating_add(target.piece_size - 1);
            let show = |piece: Option<&Sha256Digest>| {
                piece.map_or("(none)".to_string(), Sha256Digest::to_string)
            };
            findings.mismatch(
                FindingKind::ContentMismatch,
                Some(&target.member),
                format!("image bytes {start}-{end} differ (piece {} of {count}); the other pieces match", k + 1),
                show(target.pieces.get(k)),
                show(found.get(k)),
            );
        }
        if differing.len() > MAX_PIECES_LISTED {
            findings.add(
                FindingKind::ContentMismatch,
                Some(&target.member),
                format!(
                    "... and {} more differing pieces",
                    differing.len() - MAX_PIECES_LISTED
                ),
            );
        }
    }
}
