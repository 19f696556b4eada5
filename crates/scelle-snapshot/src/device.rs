//! Facts about an imaging source: size, sectors, identity, mounts.

use std::fs::File;
use std::io::{Seek, SeekFrom};
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::{Path, PathBuf};

use scelle_manifest::DeviceFacts;

use crate::stat::Stat;

/// Size of `file` in bytes: for a block device, where seeking to the end lands.
pub(crate) fn source_size(file: &mut File, stat: &Stat) -> std::io::Result<u64> {
    if stat.file_type() == rustix::fs::FileType::BlockDevice {
        let size = file.seek(SeekFrom::End(0))?;
        file.seek(SeekFrom::Start(0))?;
        Ok(size)
    } else {
        Ok(stat.size())
    }
}

/// What sysfs and the mount table say about `path`.
pub fn device_facts(path: &Path) -> DeviceFacts {
    let Ok(metadata) = std::fs::metadata(path) else {
        return DeviceFacts::default();
    };
    let block = metadata.file_type().is_block_device();
    let mut facts = DeviceFacts {
        block_device: block,
        ..DeviceFacts::default()
    };
    if !block {
        return facts;
    }
    let rdev = metadata.rdev();
    let (major, minor) = (nix::sys::stat::major(rdev), nix::sys::stat::minor(rdev));
    let sys = PathBuf::from(format!("/sys/dev/block/{major}:{minor}"));
    facts.kernel_name = std::fs::canonicalize(&sys).ok().and_then(|real| {
        real.file_name()
            .map(|name| name.to_string_lossy().into_owned())
    });
    // A partition keeps its queue and device facts in its parent disk's directory.
    let attribute = |relative: &str| {
        [sys.join(relative), sys.join("..").join(relative)]
            .iter()
            .find_map(|path| std::fs::read_to_string(path).ok())
            .map(|text| text.trim().to_string())
            .filter(|text| !text.is_empty())
    };
    facts.logical_sector_size = attribute("queue/logical_block_size").and_then(|v| v.parse().ok());
    facts.physical_sector_size =
        attribute("queue/physical_block_size").and_then(|v| v.parse().ok());
    facts.model = attribute("device/model");
    facts.vendor = attribute("device/vendor");
    facts.serial = attribute("device/serial").or_else(|| attribute("serial"));
    facts.wwn = attribute("device/wwid").or_else(|| attribute("wwid"));
    let device_number = format!("{major}:{minor}");
    for line in std::fs::read_to_string("/proc/self/mountinfo")
        .unwrap_or_default()
        .lines()
    {
        let fields: Vec<&str> = line.split(' ').collect();
        if fields.len() > 5 && fields[2] == device_number {
            facts.mounted.push(format!("{} ({})", fields[4], fields[5]));
            facts.mounted_read_write |= fields[5].split(',').any(|option| option == "rw");
        }
    }
    facts
}

/// `mbr`, `gpt` or `None`, from the first bytes of a disk.
pub(crate) fn partition_table(first: &[u8], sector_size: usize) -> Option<String> {
    let gpt_at = |offset: usize| first.get(offset..offset + 8) == Some(b"EFI PART");
    if gpt_at(512) || gpt_at(sector_size) {
        Some("gpt".into())
    } else if first.get(510..512) == Some(&[0x55, 0xAA]) {
        Some("mbr".into())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_partition_tables() {
        let mut disk = vec![0u8; 8192];
        assert_eq!(partition_table(&disk, 512), None);
        disk[510] = 0x55;
        disk[511] = 0xAA;
        assert_eq!(partition_table(&disk, 512).as_deref(), Some("mbr"));
        disk[4096..4104].copy_from_slice(b"EFI PART");
        assert_eq!(partition_table(&disk, 4096).as_deref(), Some("gpt"));
    }

    #[test]
    fn a_regular_file_is_not_a_block_device() {
        let file = tempfile::NamedTempFile::new().unwrap();
        let facts = device_facts(file.path());
        assert!(!facts.block_device);
        assert!(facts.mounted.is_empty());
    }
}
