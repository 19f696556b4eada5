//! `--image`: a block device or a file, read around its bad sectors.

use std::io::Write;
use std::path::Path;

use rustix::fs::{OFlags, CWD};
use scelle_archive::layout;
use scelle_manifest::{ItemKind, Status};

use super::Collector;
use crate::direct::DirectSectors;
use crate::image::{ImageOptions, ImageReader};
use crate::metadata::{item_from_metadata, unexamined_item};
use crate::stat::Stat;
use crate::{device, source, Error};

impl<W: Write, M: Write> Collector<'_, W, M> {
    /// Images `path` (a block device or a file) into `data/images/<name>.raw`.
    /// A source that cannot be opened is recorded as unreadable; unreadable
    /// sectors are zeros listed in the item; exceeding `--max-errors` stops
    /// the freeze.
    pub fn collect_image(&mut self, path: &Path, options: &ImageOptions) -> Result<(), Error> {
        self.progress.item(path);
        let metadata = match Stat::at(CWD, path.as_os_str(), true) {
            Ok(metadata) => metadata,
            Err(error) => {
                let reason = format!("cannot examine the image source: {error}");
                return self.record(unexamined_item(path, ItemKind::Image, reason));
            }
        };
        let mut item = item_from_metadata(path, &metadata, &mut self.names);
        item.kind = ItemKind::Image;
        item.special = None;
        // Resolved by the caller; a /proc link to a deleted file is followed.
        let opened =
            source::open_at(CWD, path.as_os_str(), true, OFlags::empty()).and_then(|mut opened| {
                let size = device::source_size(&mut opened.file, &metadata)?;
                Ok((opened.file, size))
            });
        let (file, size) = match opened {
            Ok(opened) => opened,
            Err(error) => {
                item.status = Status::Unreadable;
                item.reason = Some(format!("cannot open the image source: {error}"));
                return self.record(item);
            }
        };
        let facts = device::device_facts(path);
        let sector = facts.logical_sector_size.unwrap_or(512);
        let member = format!("images/{}", self.image_name(path));
        let mut reader = ImageReader::new(file, size, sector, options);
        if metadata.file_type() == rustix::fs::FileType::BlockDevice {
            let direct = source::open_at(CWD, path.as_os_str(), true, OFlags::DIRECT);
            if let Ok(direct) = direct {
                reader = reader.with_direct(DirectSectors::new(direct.file, sector as usize));
            }
        }
        let stored = self.store(&member, size, metadata.mtime_seconds(), &mut reader)?;
        if let Some(message) = reader.aborted.take() {
            return Err(Error::ImageAborted {
                path: path.to_path_buf(),
                message,
            });
        }
        let record = reader.finish(facts);
        item.size = size;
        item.archive_path = self
            .container
            .is_some()
            .then(|| format!("{}{member}", layout::DATA));
        item.sha256 = Some(stored.sha256);
        if !record.unreadable_ranges.is_empty() {
            item.status = Status::UnreadableRanges;
            item.reason = Some(format!(
                "{} unreadable byte range(s), {} bytes stored as zeros (see image.unreadable_ranges)",
                record.unreadable_ranges.len(),
                record.zero_bytes_filled
            ));
        }
        item.image = Some(Box::new(record));
        self.record(item)
    }

    /// `<file name>.raw`, reduced to safe characters and made unique.
    fn image_name(&mut self, path: &Path) -> String {
        let base: String = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default()
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let base = base.trim_start_matches('.');
        let base = if base.is_empty() { "image" } else { base };
        let mut name = format!("{base}.raw");
        let mut counter = 2;
        while !self.image_names.insert(name.clone()) {
            name = format!("{base}-{counter}.raw");
            counter += 1;
        }
        name
    }
}
