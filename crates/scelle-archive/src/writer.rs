use std::fs::File;
use std::io::{self, BufWriter, Read, Seek, Write};
use std::path::Path;

use scelle_hash::{HashingReader, HashingWriter, Sha256Digest};

use crate::copy::{copy_exact, PayloadRecord};
use crate::tar_header::{pad, write_end, write_file_header};
use crate::{layout, BAGIT_TXT};

/// Compression settings.
#[derive(Clone, Debug)]
pub struct ContainerOptions {
    /// zstd level, 1 to 19 (higher levels would need a window above 2^27).
    pub level: i32,
    /// zstd worker threads; 0 compresses on the calling thread.
    pub threads: u32,
    /// Modification time (Unix seconds) given to tag files.
    pub tag_mtime: u64,
}

impl Default for ContainerOptions {
    fn default() -> Self {
        Self {
            level: 3,
            threads: 0,
            tag_mtime: 0,
        }
    }
}

/// The finished archive.
#[derive(Debug)]
pub struct Sealed<W> {
    /// The output, flushed (the caller fsyncs and renames it).
    pub output: W,
    /// SHA-256 of every byte written: the seal hash.
    pub seal_sha256: Sha256Digest,
    /// Size of the archive in bytes.
    pub size: u64,
}

type Compressor<W> = zstd::stream::write::Encoder<'static, HashingWriter<W>>;

/// Writes one bag into a compressed tar; see the crate documentation.
pub struct ContainerWriter<W: Write> {
    out: Compressor<W>,
    bag: String,
    options: ContainerOptions,
    /// `manifest-sha256.txt`, built on disk so a million entries cost no memory.
    /// The payload manifest's lines, until `close_payload` appends them.
    payload_manifest: Option<BufWriter<File>>,
    payload_bytes: u64,
    payload_files: u64,
    /// (name inside the bag, SHA-256) of every tag file written so far.
    tags: Vec<(String, Sha256Digest)>,
    payload_closed: bool,
    buffer: Vec<u8>,
}

/// Bytes each zstd worker compresses at a time. zstd's default at level 3
/// (8 MiB, from the window) held 128 MiB at the peak of a freeze with two
/// workers; 2 MiB jobs hold 48 MiB, for about a fifth more CPU time on
/// compressible text (docs/BENCHMARKS.md).
const JOB_SIZE: u32 = 2 << 20;

impl<W: Write> ContainerWriter<W> {
    /// Starts the archive and writes `bagit.txt`. `temp_dir` holds the
    /// payload manifest while the payload is written (an unnamed file, gone
    /// when closed).
    pub fn new(
        output: W,
        evidence_id: &str,
        options: &ContainerOptions,
        temp_dir: &Path,
    ) -> io::Result<Self> {
        // Levels above 19 would use windows above 2^MAX_WINDOW_LOG.
        let level = options.level.clamp(1, 19);
        // With cores for zstd's workers, the seal's SHA-256 is computed on
        // a thread of its own too, not on the one that feeds zstd.
        let hashing = if options.threads > 0 {
            HashingWriter::aside(output)?
        } else {
            HashingWriter::new(output)
        };
        let mut out = zstd::stream::write::Encoder::new(hashing, level)?;
        out.include_checksum(true)?;
        if options.threads > 0 {
            out.multithread(options.threads)?;
            out.set_parameter(zstd::stream::raw::CParameter::JobSize(JOB_SIZE))?;
        }
        let mut writer = Self {
            out,
            bag: evidence_id.to_string(),
            options: options.clone(),
            payload_manifest: Some(BufWriter::new(tempfile::tempfile_in(temp_dir)?)),
            payload_bytes: 0,
            payload_files: 0,
            tags: Vec::new(),
            payload_closed: false,
            buffer: vec![0u8; 1 << 20],
        };
        writer.append_tag(
            layout::BAGIT,
            BAGIT_TXT.len() as u64,
            &mut BAGIT_TXT.as_bytes(),
        )?;
        Ok(writer)
    }

    /// Appends `data/<data_path>` with exactly `size` bytes taken from
    /// `source` (cut or zero-padded as needed; see [`PayloadRecord`]).
    /// `on_bytes` hears of every chunk taken from the source.
    ///
    /// `data_path` must already be a safe member name (see
    /// [`crate::names`]): no CR, LF or `%`.
    pub fn append_payload(
        &mut self,
        data_path: &str,
        size: u64,
        mtime: u64,
        source: &mut dyn Read,
        on_bytes: &mut dyn FnMut(u64),
    ) -> io::Result<PayloadRecord> {
        assert!(!self.payload_closed, "payload appended after close_payload");
        debug_assert!(!data_path.contains(['\n', '\r', '%']));
        let name = format!("{}/data/{data_path}", self.bag);
        write_file_header(&mut self.out, &name, size, mtime)?;
        let record = copy_exact(source, size, &mut self.out, &mut self.buffer, on_bytes)?;
        pad(&mut self.out, size)?;
        writeln!(self.payload_lines(), "{}  data/{data_path}", record.sha256)?;
        self.payload_bytes += size;
        self.payload_files += 1;
        Ok(record)
    }

    /// Appends `data/<data_path>` holding `content`, whose SHA-256 the
    /// caller has already computed (a file read ahead on another thread).
    pub fn append_payload_hashed(
        &mut self,
        data_path: &str,
        content: &[u8],
        sha256: Sha256Digest,
        mtime: u64,
    ) -> io::Result<()> {
        assert!(!self.payload_closed, "payload appended after close_payload");
        debug_assert!(!data_path.contains(['\n', '\r', '%']));
        let name = format!("{}/data/{data_path}", self.bag);
        let size = content.len() as u64;
        write_file_header(&mut self.out, &name, size, mtime)?;
        self.out.write_all(content)?;
        pad(&mut self.out, size)?;
        writeln!(self.payload_lines(), "{sha256}  data/{data_path}")?;
        self.payload_bytes += size;
        self.payload_files += 1;
        Ok(())
    }

    /// Where payload manifest lines go while the payload is open.
    fn payload_lines(&mut self) -> &mut BufWriter<File> {
        self.payload_manifest
            .as_mut()
            .expect("payload appended after close_payload")
    }

    /// Writes `manifest-sha256.txt` and `bag-info.txt` (the given fields,
    /// then `Bagging-Date` and `Payload-Oxum`). No payload may follow.
    pub fn close_payload(&mut self, bag_info: &[(String, String)]) -> io::Result<()> {
        self.payload_closed = true;
        let mut manifest = self
            .payload_manifest
            .take()
            .expect("close_payload is called once")
            .into_inner()
            .map_err(|error| error.into_error())?;
        let size = manifest.stream_position()?;
        manifest.rewind()?;
        self.append_tag(layout::PAYLOAD_MANIFEST, size, &mut manifest)?;

        let mut info = String::new();
        for (label, value) in bag_info {
            info.push_str(&format!("{label}: {}\n", one_line(value)));
        }
        let date =
            chrono::DateTime::from_timestamp(self.options.tag_mtime as i64, 0).unwrap_or_default();
        info.push_str(&format!("Bagging-Date: {}\n", date.format("%Y-%m-%d")));
        info.push_str(&format!(
            "Payload-Oxum: {}.{}\n",
            self.payload_bytes, self.payload_files
        ));
        self.append_tag(layout::BAG_INFO, info.len() as u64, &mut info.as_bytes())?;
        Ok(())
    }

    /// Appends a tag file `<ID>/<name>` of `size` bytes and lists it in the
    /// tag manifest. A source that does not yield exactly `size` bytes is an
    /// error: tag files are scelle's own, never evidence. Returns the file's SHA-256.
    pub fn append_tag(
        &mut self,
        name: &str,
        size: u64,
        source: &mut dyn Read,
    ) -> io::Result<Sha256Digest> {
        let full = format!("{}/{name}", self.bag);
        write_file_header(&mut self.out, &full, size, self.options.tag_mtime)?;
        let mut reader = HashingReader::new(source.take(size));
        io::copy(&mut reader, &mut self.out)?;
        let (sha256, copied) = reader.finish();
        if copied != size {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!("tag file {name}: expected {size} bytes, got {copied}"),
            ));
        }
        pad(&mut self.out, size)?;
        self.tags.push((name.to_string(), sha256));
        Ok(sha256)
    }

    /// The text of `tagmanifest-sha256.txt` for the tag files written so
    /// far: what the caller signs before [`Self::finish`].
    pub fn tag_manifest(&self) -> String {
        self.tags
            .iter()
            .map(|(name, sha256)| format!("{sha256}  {name}\n"))
            .collect()
    }

    /// Writes `tagmanifest-sha256.txt` and `tag_signature` (the minisign
    /// signature file of [`Self::tag_manifest`]), ends the tar and the zstd
    /// frame, and returns the output with the seal hash.
    pub fn finish(mut self, tag_signature: &str) -> io::Result<Sealed<W>> {
        assert!(self.payload_closed, "finish before close_payload");
        let tag_manifest = self.tag_manifest();
        for (name, text) in [
            (layout::TAG_MANIFEST, tag_manifest.as_str()),
            (layout::TAG_SIGNATURE, tag_signature),
        ] {
            let full = format!("{}/{name}", self.bag);
            let size = text.len() as u64;
            write_file_header(&mut self.out, &full, size, self.options.tag_mtime)?;
            self.out.write_all(text.as_bytes())?;
            pad(&mut self.out, size)?;
        }
        write_end(&mut self.out)?;
        let hashing = self.out.finish()?;
        let (mut output, seal_sha256, size) = hashing.finish();
        output.flush()?;
        Ok(Sealed {
            output,
            seal_sha256,
            size,
        })
    }
}

/// Tag-file values stay on one line.
fn one_line(value: &str) -> String {
    value.replace(['\r', '\n'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn members(archive: &[u8]) -> Vec<(String, Vec<u8>)> {
        let tar = zstd::stream::decode_all(archive).unwrap();
        let mut reader = tar::Archive::new(&tar[..]);
        reader
            .entries()
            .unwrap()
            .map(|entry| {
                let mut entry = entry.unwrap();
                let name = entry.path().unwrap().to_string_lossy().into_owned();
                let mut data = Vec::new();
                entry.read_to_end(&mut data).unwrap();
                (name, data)
            })
            .collect()
    }

    #[test]
    fn members_come_in_bag_order_with_manifests() {
        let temp = tempfile::tempdir().unwrap();
        let mut out = Vec::new();
        let mut bag =
            ContainerWriter::new(&mut out, "id1", &ContainerOptions::default(), temp.path())
                .unwrap();
        bag.append_payload("files/a", 3, 0, &mut &b"abc"[..], &mut |_| {})
            .unwrap();
        let long = format!("files/{}/é", "long".repeat(40));
        bag.append_payload(&long, 2, 0, &mut &b"xy"[..], &mut |_| {})
            .unwrap();
        bag.close_payload(&[("Source-Organization".into(), "Cabinet\nX".into())])
            .unwrap();
        bag.append_tag("scelle/manifest.json", 2, &mut &b"{}"[..])
            .unwrap();
        bag.finish("signature").unwrap();

        let members = members(&out);
        let names: Vec<&str> = members.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(
            names,
            [
                "id1/bagit.txt".to_string(),
                "id1/data/files/a".into(),
                format!("id1/data/{long}"),
                "id1/manifest-sha256.txt".into(),
                "id1/bag-info.txt".into(),
                "id1/scelle/manifest.json".into(),
                "id1/tagmanifest-sha256.txt".into(),
                "id1/tagmanifest-sha256.txt.minisig".into(),
            ]
        );
        let manifest = String::from_utf8(members[3].1.clone()).unwrap();
        assert_eq!(
            manifest.lines().next().unwrap(),
            format!("{}  data/files/a", Sha256Digest::of(b"abc"))
        );
        let info = String::from_utf8(members[4].1.clone()).unwrap();
        assert!(info.contains("Source-Organization: Cabinet X\n"), "{info}");
        assert!(info.contains("Payload-Oxum: 5.2\n"), "{info}");
        let tags = String::from_utf8(members[6].1.clone()).unwrap();
        assert_eq!(tags.lines().count(), 4, "{tags}");
        assert_eq!(members[7].1, b"signature");
    }

    #[test]
    fn a_prehashed_payload_is_stored_like_a_copied_one() {
        let temp = tempfile::tempdir().unwrap();
        let archive = |prehashed: bool| {
            let options = ContainerOptions::default();
            let mut bag = ContainerWriter::new(Vec::new(), "id1", &options, temp.path()).unwrap();
            let content = b"read ahead";
            if prehashed {
                let digest = Sha256Digest::of(content);
                bag.append_payload_hashed("files/a", content, digest, 7)
                    .unwrap();
            } else {
                bag.append_payload("files/a", 10, 7, &mut &content[..], &mut |_| {})
                    .unwrap();
            }
            bag.close_payload(&[]).unwrap();
            members(&bag.finish("").unwrap().output)
                .into_iter()
                .filter(|(name, _)| {
                    name != "id1/bag-info.txt" && name != "id1/tagmanifest-sha256.txt"
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(archive(true), archive(false));
    }

    #[test]
    fn archive_has_a_zstd_content_checksum() {
        let temp = tempfile::tempdir().unwrap();
        let mut out = Vec::new();
        let mut bag =
            ContainerWriter::new(&mut out, "id", &ContainerOptions::default(), temp.path())
                .unwrap();
        bag.close_payload(&[]).unwrap();
        bag.finish("").unwrap();
        // Frame header descriptor byte, bit 2: Content_Checksum_flag.
        assert_eq!(&out[..4], &[0x28, 0xb5, 0x2f, 0xfd]);
        assert_ne!(out[4] & 0b100, 0);
    }

    #[test]
    fn window_stays_within_what_plain_zstd_accepts_even_at_the_highest_level() {
        let temp = tempfile::tempdir().unwrap();
        let data: Vec<u8> = (0..3_000_000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        let options = ContainerOptions {
            level: 22,
            ..ContainerOptions::default()
        };
        let mut out = Vec::new();
        let mut bag = ContainerWriter::new(&mut out, "id", &options, temp.path()).unwrap();
        bag.append_payload("files/x", data.len() as u64, 0, &mut &data[..], &mut |_| {})
            .unwrap();
        bag.close_payload(&[]).unwrap();
        bag.finish("").unwrap();
        let single_segment = out[4] & 0b10_0000 != 0;
        assert!(
            !single_segment,
            "a streamed frame carries a window descriptor"
        );
        let window_log = 10 + u32::from(out[5] >> 3);
        assert!(
            window_log <= crate::MAX_WINDOW_LOG,
            "window log {window_log}"
        );
    }
}
