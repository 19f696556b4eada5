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
mod tests_support {
    use crate::*;

    pub fn header() -> Header {
        Header {
            format: FORMAT_NAME.into(),
            format_version: FORMAT_VERSION,
            evidence_id: scelle_archive::EvidenceId::parse("web01-20261125T091500Z").unwrap(),
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

    pub fn item(path: &[u8], status: Status) -> Item {
        Item {
            kind: ItemKind::File,
            path: LosslessText::from_bytes(path),
            archive_path: Some(scelle_archive::layout::file_member(path)),
            status,
            reason: None,
            special: None,
            size: 3,
            sha256: Some(scelle_hash::Sha256Digest::of(b"abc")),
            mode: Some("0644".into()),
            uid: Some(0),
            gid: Some(0),
            user: Some("root".into()),
            group: None,
            mtime_ns: Some(1),
            atime_ns: Some(2),
            ctime_ns: Some(3),
            btime_ns: None,
            inode: Some(4),
            device: Some(5),
            rdev: None,
            nlink: Some(1),
            link_target: None,
            read: None,
            image: None,
            command: None,
            extended: None,
            listing_noatime: None,
        }
    }

    pub fn footer() -> Footer {
        Footer {
            ended: "2026-11-25T09:16:00.000000000Z".into(),
            totals: Totals::default(),
            signer: Signer {
                key_id: "E10114AABB117C68".parse().unwrap(),
                public_key_fingerprint_sha256: scelle_hash::Sha256Digest::of(b"k"),
                key_source: None,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::tests_support::{footer, header, item};
    use super::*;
    use crate::*;

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

#[cfg(test)]
mod properties {
    use super::*;
    use crate::*;
    use proptest::prelude::*;

    fn any_item() -> impl Strategy<Value = Item> {
        (
            proptest::collection::vec(any::<u8>(), 1..80),
            any::<u64>(),
            any::<i64>(),
            proptest::option::of("\\PC{0,30}"),
            prop_oneof![
                Just(Status::Complete),
                Just(Status::Changed),
                Just(Status::Unreadable),
                Just(Status::Skipped)
            ],
            any::<[u8; 32]>(),
        )
            .prop_map(|(path, size, time, reason, status, hash)| {
                let mut path = path;
                path.insert(0, b'/');
                Item {
                    kind: ItemKind::File,
                    archive_path: Some(scelle_archive::layout::file_member(&path)),
                    path: LosslessText::from_bytes(&path),
                    status,
                    reason,
                    special: None,
                    size,
                    sha256: Some(scelle_hash::Sha256Digest::from_bytes(hash)),
                    mode: Some("0640".into()),
                    uid: Some((size % 70_000) as u32),
                    gid: Some(0),
                    user: None,
                    group: Some("adm".into()),
                    mtime_ns: Some(time),
                    atime_ns: Some(time.wrapping_add(1)),
                    ctime_ns: Some(time.wrapping_sub(1)),
                    btime_ns: None,
                    inode: Some(size / 3),
                    device: Some(2049),
                    rdev: None,
                    nlink: Some(1),
                    link_target: None,
                    read: None,
                    image: None,
                    command: None,
                    extended: None,
                    listing_noatime: None,
                }
            })
    }

    proptest! {
        #[test]
        fn any_items_round_trip_through_the_line_reader(items in proptest::collection::vec(any_item(), 0..20)) {
            let mut writer = ManifestWriter::new(Vec::new(), &header()).unwrap();
            for item in &items {
                writer.item(item).unwrap();
            }
            let bytes = writer.finish(footer()).unwrap();
            let mut reader = ManifestLineReader::new();
            let mut read_back = Vec::new();
            for line in bytes.split(|&b| b == b'\n') {
                if let ManifestLine::Item(item) = reader.line(line).unwrap() {
                    read_back.push(*item);
                }
            }
            prop_assert!(reader.ended());
            prop_assert_eq!(&read_back, &items);
            let whole: Manifest = serde_json::from_slice(&bytes).unwrap();
            prop_assert_eq!(whole.items, items);
        }
    }

    fn header() -> Header {
        super::tests_support::header()
    }

    pub fn footer() -> Footer {
        super::tests_support::footer()
    }
}
