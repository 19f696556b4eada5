use std::io::{self, Write};

use crate::{Footer, Header, Item, Totals};

/// Writes manifest.json incrementally: the header, then one item per line,
/// then the footer. Memory stays constant however many items there are.
///
/// The output is a single JSON object with the header's fields, `items`, and
/// the footer's fields, in that order.
pub struct ManifestWriter<W: Write> {
    out: W,
    totals: Totals,
}

impl<W: Write> ManifestWriter<W> {
    /// Writes the header and opens the item list.
    pub fn new(mut out: W, header: &Header) -> io::Result<Self> {
        let head = serde_json::to_string(header)?;
        // `{...}` → `{...,"items":[`
        out.write_all(&head.as_bytes()[..head.len() - 1])?;
        out.write_all(b",\"items\":[")?;
        Ok(Self {
            out,
            totals: Totals::default(),
        })
    }

    /// Appends one item and counts it.
    pub fn item(&mut self, item: &Item) -> io::Result<()> {
        if self.totals.items > 0 {
            self.out.write_all(b",")?;
        }
        self.out.write_all(b"\n")?;
        serde_json::to_writer(&mut self.out, item)?;
        self.totals.add(item);
        Ok(())
    }

    /// Totals so far.
    pub fn totals(&self) -> &Totals {
        &self.totals
    }

    /// Closes the item list, writes the footer (whose totals are replaced by
    /// the counted ones) and returns the writer.
    pub fn finish(mut self, mut footer: Footer) -> io::Result<W> {
        footer.totals = self.totals.clone();
        let tail = serde_json::to_string(&footer)?;
        // `{...}` → `\n],...}`
        self.out.write_all(b"\n],")?;
        self.out.write_all(&tail.as_bytes()[1..])?;
        self.out.write_all(b"\n")?;
        self.out.flush()?;
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::*;

    fn header() -> Header {
        Header {
            format: FORMAT_NAME.into(),
            format_version: FORMAT_VERSION,
            evidence_id: "web01-20261125T091500Z".into(),
            tool: Tool {
                name: "scelle".into(),
                version: "0.1.0".into(),
                binary_sha256: None,
            },
            case: Case::default(),
            host: Host::default(),
            acquisition: Acquisition {
                started: "2026-11-25T09:15:00.000000000Z".into(),
                operator: Some("dupont".into()),
                uid: 0,
                command_line: vec![LosslessText::from_bytes(b"scelle")],
                roots: vec![LosslessText::from_bytes(b"/var/www")],
                excludes: vec![],
                one_file_system: false,
                follow_symlinks: false,
                compression_level: 3,
                clock_reference: None,
                profile: None,
            },
        }
    }

    fn item(path: &[u8], status: Status) -> Item {
        Item {
            kind: ItemKind::File,
            path: LosslessText::from_bytes(path),
            archive_path: Some(format!("data/files/{}", names::member_name(path))),
            status,
            reason: None,
            special: None,
            size: 3,
            sha256: Some(scelle_hash::Sha256Digest::of(b"abc")),
            mode: "0644".into(),
            uid: 0,
            gid: 0,
            user: Some("root".into()),
            group: None,
            mtime_ns: 1,
            atime_ns: 2,
            ctime_ns: 3,
            btime_ns: None,
            inode: 4,
            device: 5,
            rdev: None,
            nlink: 1,
            link_target: None,
            read: None,
            image: None,
            command: None,
        }
    }

    fn footer() -> Footer {
        Footer {
            ended: "2026-11-25T09:16:00.000000000Z".into(),
            totals: Totals::default(),
            signer: Signer {
                key_id: "E10114AABB117C68".into(),
                public_key_fingerprint_sha256: scelle_hash::Sha256Digest::of(b"k"),
            },
        }
    }

    #[test]
    fn streamed_manifest_parses_back_whole() {
        let mut writer = ManifestWriter::new(Vec::new(), &header()).unwrap();
        let items = vec![
            item(b"/a", Status::Complete),
            item(b"/b\xff", Status::Changed),
        ];
        for item in &items {
            writer.item(item).unwrap();
        }
        let bytes = writer.finish(footer()).unwrap();
        let manifest: Manifest = serde_json::from_slice(&bytes).unwrap();
        for item in &manifest.items {
            let json = serde_json::to_value(item).unwrap();
            assert_eq!(json["kind"], item.kind.name());
            assert_eq!(json["status"], item.status.name());
        }
        assert_eq!(manifest.header, header());
        assert_eq!(manifest.items, items);
        assert_eq!(manifest.footer.totals.items, 2);
        assert_eq!(manifest.footer.totals.changed, 1);
        assert_eq!(manifest.footer.totals.payload_bytes, 6);
    }

    #[test]
    fn line_reader_follows_the_written_layout() {
        let mut writer = ManifestWriter::new(Vec::new(), &header()).unwrap();
        writer.item(&item(b"/a", Status::Complete)).unwrap();
        writer.item(&item(b"/b", Status::Unreadable)).unwrap();
        let bytes = writer.finish(footer()).unwrap();
        let mut reader = ManifestLineReader::new();
        let mut kinds = Vec::new();
        for line in bytes.split(|&b| b == b'\n') {
            kinds.push(match reader.line(line).unwrap() {
                ManifestLine::Header(header) => format!("header {}", header.evidence_id),
                ManifestLine::Item(item) => format!("item {:?}", item.status),
                ManifestLine::Footer(footer) => format!("footer {}", footer.totals.items),
                ManifestLine::Blank => "blank".into(),
            });
        }
        assert_eq!(
            kinds,
            [
                "header web01-20261125T091500Z",
                "item Complete",
                "item Unreadable",
                "footer 2",
                "blank"
            ]
        );
        assert!(reader.ended());
    }

    #[test]
    fn line_reader_rejects_a_reformatted_manifest() {
        let mut reader = ManifestLineReader::new();
        assert!(reader.line(b"{").is_err());
    }

    #[test]
    fn empty_item_list_is_valid_json() {
        let writer = ManifestWriter::new(Vec::new(), &header()).unwrap();
        let bytes = writer.finish(footer()).unwrap();
        let manifest: Manifest = serde_json::from_slice(&bytes).unwrap();
        assert!(manifest.items.is_empty());
    }
}
