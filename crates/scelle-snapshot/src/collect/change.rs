//! Telling whether a file changed while it was read.

use scelle_manifest::ReadRecord;

/// Why a file's read counts as changed, or `None` if it did not change.
pub(super) fn change_reason(read: &ReadRecord, mtime_at_open_ns: i64) -> Option<String> {
    let mut seen = Vec::new();
    if read.zero_padded > 0 {
        seen.push(format!(
            "yielded {} of the {} bytes announced at opening ({} zero bytes stored in their place)",
            read.source_bytes, read.announced_size, read.zero_padded
        ));
    }
    if read.extra_bytes {
        seen.push(format!(
            "had more than the {} bytes announced at opening (the rest was not stored)",
            read.announced_size
        ));
    }
    if read.size_after != read.announced_size {
        seen.push(format!(
            "size went from {} to {} bytes",
            read.announced_size, read.size_after
        ));
    }
    if read.mtime_after_ns != mtime_at_open_ns {
        seen.push("its modification time changed".into());
    }
    (!seen.is_empty()).then(|| format!("changed during acquisition: {}", seen.join("; ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(announced: u64, source: u64, extra: bool, after: u64, mtime_after: i64) -> ReadRecord {
        ReadRecord {
            announced_size: announced,
            source_bytes: source,
            zero_padded: announced - source,
            extra_bytes: extra,
            size_after: after,
            mtime_after_ns: mtime_after,
            noatime: true,
            read_to_end: false,
            sparse: None,
        }
    }

    #[test]
    fn unchanged_read_has_no_reason() {
        assert_eq!(change_reason(&read(10, 10, false, 10, 5), 5), None);
    }

    #[test]
    fn every_kind_of_change_is_described() {
        let shrunk = change_reason(&read(10, 4, false, 4, 6), 5).unwrap();
        assert!(shrunk.contains("yielded 4 of the 10 bytes"), "{shrunk}");
        assert!(shrunk.contains("size went from 10 to 4"), "{shrunk}");
        assert!(shrunk.contains("modification time changed"), "{shrunk}");
        let grew = change_reason(&read(10, 10, true, 10, 5), 5).unwrap();
        assert!(grew.contains("more than the 10 bytes"), "{grew}");
    }
}
