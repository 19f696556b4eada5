//! Where a sparse file's data lies: `SEEK_DATA` / `SEEK_HOLE`.

use std::fs::File;

use rustix::fs::SeekFrom;
use scelle_manifest::{Extent, SparseRecord};

use crate::stat::Stat;

/// The most data extents listed in a record; beyond, only counted.
const MAX_LISTED: usize = 65_536;

/// The data extents of `file` (of `stat`) when it has fewer bytes allocated
/// than its size; `None` for a dense file or where the filesystem cannot
/// tell holes.
pub(crate) fn layout(file: &File, stat: &Stat) -> Option<(SparseRecord, Vec<Extent>)> {
    let size = stat.size();
    if stat.allocated() >= size {
        return None;
    }
    let mut extents = Vec::new();
    let mut position = 0;
    while position < size {
        let data = match rustix::fs::seek(file, SeekFrom::Data(position)) {
            Ok(data) => data,
            Err(rustix::io::Errno::NXIO) => break, // only a hole is left
            Err(_) => return None,
        };
        let hole = rustix::fs::seek(file, SeekFrom::Hole(data)).ok()?.min(size);
        if hole <= data {
            break;
        }
        extents.push(Extent {
            offset: data,
            length: hole - data,
        });
        position = hole;
    }
    rustix::fs::seek(file, SeekFrom::Start(0)).ok()?;
    let total = extents.len();
    let record = SparseRecord {
        allocated_bytes: stat.allocated(),
        data: extents.iter().copied().take(MAX_LISTED).collect(),
        data_total: (total > MAX_LISTED).then_some(total as u64),
    };
    Some((record, extents))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Seek, Write};

    #[test]
    fn holes_and_data_of_a_sparse_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sparse");
        let mut file = File::create(&path).unwrap();
        file.set_len(64 << 20).unwrap();
        file.seek(std::io::SeekFrom::Start(16 << 20)).unwrap();
        file.write_all(&[7u8; 8192]).unwrap();
        file.sync_all().unwrap();
        let file = File::open(&path).unwrap();
        let stat = Stat::of(&file).unwrap();
        let (record, extents) = layout(&file, &stat).expect("a sparse file");
        assert_eq!(extents.len(), 1, "{extents:?}");
        assert!(
            extents[0].offset <= 16 << 20
                && extents[0].offset + extents[0].length >= (16 << 20) + 8192
        );
        assert!(record.allocated_bytes < 1 << 20);
        let dense = dir.path().join("dense");
        std::fs::write(&dense, [1u8; 10_000]).unwrap();
        let dense = File::open(&dense).unwrap();
        assert!(layout(&dense, &Stat::of(&dense).unwrap()).is_none());
    }
}
