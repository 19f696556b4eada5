//! Storing what a live-response command printed.

use std::io::{Seek, Write};
use std::path::Path;

use scelle_archive::layout;
use scelle_manifest::{ItemKind, OutputRecord};

use super::Collector;
use crate::command::{self, Ran};
use crate::metadata::unexamined_item;
use crate::Error;

impl<W: Write, M: Write> Collector<'_, W, M> {
    /// Stores a command's outputs as `data/commands/NNN-slug.stdout|.stderr`
    /// and records it.
    pub fn store_command(&mut self, index: usize, ran: Ran) -> Result<(), Error> {
        let mut record = ran.record;
        let mut item = unexamined_item(
            Path::new(&record.command_line),
            ItemKind::Command,
            String::new(),
        );
        item.status = ran.status;
        item.reason = ran.reason;
        let stem = command::member_stem(index, &record.command_line);
        for (stream, captured) in [("stdout", ran.stdout), ("stderr", ran.stderr)] {
            let Some(mut captured) = captured else {
                continue;
            };
            captured.file.rewind()?;
            let member = format!("commands/{stem}.{stream}");
            let stored = self.store(&member, captured.size, 0, &mut captured.file)?;
            if let Some(error) = stored.read_error {
                return Err(Error::Output(error));
            }
            let output = OutputRecord {
                archive_path: format!("{}{member}", layout::DATA),
                size: captured.size,
                sha256: stored.sha256,
                bytes_written: captured.bytes_written,
                truncated: captured.bytes_written > captured.size,
            };
            if stream == "stdout" {
                item.archive_path = Some(output.archive_path.clone());
                item.size = output.size;
                item.sha256 = Some(output.sha256);
                record.stdout = Some(output);
            } else {
                record.stderr = Some(output);
            }
        }
        item.command = Some(Box::new(record));
        self.record(item)
    }
}
