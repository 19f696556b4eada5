//! The bag-level checks, fed member by member by an archive or directory reader.

use std::collections::HashMap;

use scelle_archive::layout::{
    self, Payload, BAGIT, BAG_INFO, MANIFEST, PAYLOAD_MANIFEST, SIGNATURE, TAG_FILES, TAG_MANIFEST,
    TAG_SIGNATURE,
};
use scelle_archive::BAGIT_TXT;
use scelle_hash::{HashingWriter, Sha256Digest};
use scelle_manifest::{Footer, Header, Item, ItemKind, ManifestLine, ManifestLineReader};
use scelle_sign::{Prehasher, PublicKey, SignatureFile};

mod headers;
mod signatures;

use headers::member_mtime;

use crate::lines::LineSplitter;
use crate::report::{FindingKind as K, Findings, Report};

/// Most bytes kept of a small tag file (bagit.txt, bag-info.txt, signature, tag manifest).
const MAX_SMALL_TAG: usize = 1 << 20;

struct PayloadMember {
    index: u64,
    sha256: Sha256Digest,
    size: u64,
    /// The tar header's modification time (archives only).
    mtime: Option<u64>,
    in_bag_manifest: bool,
    in_scelle_manifest: bool,
}

/// Where the content of the current member goes.
pub(crate) enum Sink {
    /// Read and dropped (a member already reported).
    Discard,
    /// A payload file being hashed.
    Payload {
        rel: String,
        hasher: HashingWriter<std::io::Sink>,
    },
    /// A tag file.
    Tag(Box<TagSink>),
}

impl Sink {
    /// The member's name inside the bag, and whether it is payload, when the
    /// checks accepted it (its content is worth keeping).
    pub fn accepted(&self) -> Option<(&str, bool)> {
        match self {
            Sink::Discard => None,
            Sink::Payload { rel, .. } => Some((rel, true)),
            Sink::Tag(tag) => Some((&tag.rel, false)),
        }
    }
}

pub(crate) struct TagSink {
    rel: String,
    hasher: HashingWriter<std::io::Sink>,
    lines: Option<LineSplitter>,
    prehash: Option<Prehasher>,
    small: Vec<u8>,
    too_big: bool,
}

/// Where manifest.json parsing is.
#[derive(Default)]
struct ManifestState {
    footer: Option<Footer>,
    items: u64,
    incomplete: u64,
    /// `acquisition.started`, Unix seconds: the mtime of every tag member.
    started: Option<i64>,
    /// Sealed in format 1: no tag-manifest signature, tag mtimes not derived.
    legacy: bool,
    prehash: Option<[u8; 64]>,
    layout_broken: bool,
    reader: ManifestLineReader,
}

/// Verification options.
#[derive(Debug, Default, Clone)]
pub struct Options {
    /// The signer's public key; without it the signer is not authenticated.
    pub public_key: Option<PublicKey>,
    /// Other trusted keys: without `public_key`, the one whose key id the
    /// signature names checks it (a report over archives of several
    /// responders). None matching: the signer is not authenticated.
    pub trusted_keys: Vec<PublicKey>,
    /// The seal hash the archive must have (from the procès-verbal): when it
    /// matches, the verdict is anchored.
    pub expect_seal: Option<Sha256Digest>,
    /// The SHA-256 fingerprint the signing key must have (from the
    /// procès-verbal, `--fingerprint`): a signature by another key is a
    /// finding; by this one, the verdict is anchored.
    pub fingerprint: Option<Sha256Digest>,
    /// Fingerprints of keys the caller vouches for (a keyring naming
    /// people): a signature by one of them anchors the verdict.
    pub pinned_keys: Vec<Sha256Digest>,
}

/// Receives each line of manifest.json (without its newline) as the checks
/// read it: the bytes handed over are the bytes verified, in the same pass.
/// They are trustworthy only if the report's verdict is intact.
pub type ManifestLines<'a> = &'a mut dyn FnMut(&[u8]);

pub(crate) struct Checker<'a> {
    options: &'a Options,
    on_manifest_line: Option<ManifestLines<'a>>,
    enforce_order: bool,
    id: Option<String>,
    stage: Option<u8>,
    first_member_seen: bool,
    payload: HashMap<String, PayloadMember>,
    payload_bytes: u64,
    tags: HashMap<String, Sha256Digest>,
    bag_manifest_lines: u64,
    order_reported: bool,
    bag_info: Option<Vec<u8>>,
    manifest: ManifestState,
    signature: Option<SignatureFile>,
    tag_manifest: Option<Vec<u8>>,
    tag_signature: Option<SignatureFile>,
    /// The mtime of the member being read, from its tar header.
    member_mtime: Option<u64>,
    /// (name in the bag, tar mtime) of each tag member.
    tag_mtimes: Vec<(String, u64)>,
    pub findings: Findings,
    pub members: u64,
    images_to_locate: Vec<ImageToLocate>,
}

/// An image whose content differs from its record, with its piece hashes.
#[derive(Debug)]
pub(crate) struct ImageToLocate {
    /// Full member name.
    pub member: String,
    /// Piece size recorded.
    pub piece_size: u64,
    /// Piece hashes recorded.
    pub pieces: Vec<Sha256Digest>,
}

impl<'a> Checker<'a> {
    pub fn new(
        options: &'a Options,
        enforce_order: bool,
        id: Option<String>,
        on_manifest_line: Option<ManifestLines<'a>>,
    ) -> Self {
        Self {
            options,
            on_manifest_line,
            enforce_order,
            id,
            stage: None,
            first_member_seen: false,
            payload: HashMap::new(),
            payload_bytes: 0,
            tags: HashMap::new(),
            bag_manifest_lines: 0,
            order_reported: false,
            bag_info: None,
            manifest: ManifestState::default(),
            signature: None,
            tag_manifest: None,
            tag_signature: None,
            member_mtime: None,
            tag_mtimes: Vec::new(),
            findings: Findings::default(),
            members: 0,
            images_to_locate: Vec::new(),
        }
    }

    /// A member starts: checks its name and kind, and says where its content goes.
    pub fn begin_member(&mut self, raw_name: &[u8], regular: bool, type_name: &str) -> Sink {
        self.members += 1;
        let first = !self.first_member_seen;
        self.first_member_seen = true;
        let Ok(name) = std::str::from_utf8(raw_name) else {
            let shown = String::from_utf8_lossy(raw_name).into_owned();
            self.findings
                .add(K::UnsafeName, Some(&shown), "member name is not UTF-8");
            return Sink::Discard;
        };
        if let Some(problem) = unsafe_name(name) {
            self.findings.add(K::UnsafeName, Some(name), problem);
            return Sink::Discard;
        }
        if !regular {
            self.findings.add(
                K::NotRegularFile,
                Some(name),
                format!("member is a {type_name}; scelle archives hold only regular files"),
            );
            return Sink::Discard;
        }
        let (top, rel) = name.split_once('/').unwrap_or((name, ""));
        let id = self.id.get_or_insert_with(|| top.to_string()).clone();
        if top != id || rel.is_empty() {
            self.findings.add(
                K::UnexpectedMember,
                Some(name),
                format!(
                    "this file lies outside the evidence directory {id}/, where scelle puts \
                     everything: it was added to the archive after sealing"
                ),
            );
            return Sink::Discard;
        }
        if first && self.enforce_order && rel != BAGIT {
            self.findings.add(
                K::MemberOrder,
                Some(name),
                format!(
                    "the archive does not start with {id}/bagit.txt as every scelle archive \
                     does: it was re-packed or altered"
                ),
            );
        }
        let Some(stage) = layout::stage_of(rel) else {
            self.findings.add(
                K::UnexpectedMember,
                Some(name),
                "scelle never writes a file by this name: it was added to the archive after sealing",
            );
            return Sink::Discard;
        };
        if stage == 1 {
            if self.payload.contains_key(rel) {
                self.findings.add(
                    K::DuplicateMember,
                    Some(name),
                    "a second member with this name",
                );
                return Sink::Discard;
            }
            if let Err(problem) = Payload::classify(rel) {
                self.findings.add(K::UnsafeName, Some(name), problem);
                return Sink::Discard;
            }
            self.check_order(stage, name);
            return Sink::Payload {
                rel: rel.to_string(),
                hasher: HashingWriter::new(std::io::sink()),
            };
        }
        if self.tags.contains_key(rel) {
            self.findings.add(
                K::DuplicateMember,
                Some(name),
                "a second member with this name",
            );
            return Sink::Discard;
        }
        self.check_order(stage, name);
        Sink::Tag(Box::new(TagSink {
            rel: rel.to_string(),
            hasher: HashingWriter::new(std::io::sink()),
            lines: matches!(rel, PAYLOAD_MANIFEST | MANIFEST).then(LineSplitter::default),
            prehash: (rel == MANIFEST).then(Prehasher::new),
            small: Vec::new(),
            too_big: false,
        }))
    }

    /// A member of the format at `stage`, after members of a later one:
    /// the archive was re-packed (a file that is not part of the format is
    /// reported as such, not as out of order).
    fn check_order(&mut self, stage: u8, name: &str) {
        if self.enforce_order && self.stage.is_some_and(|current| stage < current) {
            self.findings.add(
                K::MemberOrder,
                Some(name),
                "this file comes after files scelle always writes later: the archive was \
                 re-packed, or the file added after sealing",
            );
        }
        self.stage = Some(self.stage.map_or(stage, |current| current.max(stage)));
    }

    /// More content of the current member.
    pub fn feed(&mut self, sink: &mut Sink, chunk: &[u8]) {
        use std::io::Write;
        match sink {
            Sink::Discard => {}
            Sink::Payload { hasher, .. } => {
                hasher
                    .write_all(chunk)
                    .expect("writing to a sink cannot fail");
            }
            Sink::Tag(tag) => {
                tag.hasher
                    .write_all(chunk)
                    .expect("writing to a sink cannot fail");
                if let Some(prehash) = &mut tag.prehash {
                    prehash.update(chunk);
                }
                if let Some(mut lines) = tag.lines.take() {
                    let rel = tag.rel.clone();
                    lines.push(chunk, &mut |line| self.line(&rel, line));
                    tag.lines = Some(lines);
                } else if tag.small.len() + chunk.len() <= MAX_SMALL_TAG {
                    tag.small.extend_from_slice(chunk);
                } else {
                    tag.too_big = true;
                }
            }
        }
    }

    /// The current member is complete.
    pub fn end_member(&mut self, sink: Sink) {
        match sink {
            Sink::Discard => {}
            Sink::Payload { rel, hasher } => {
                let (_, sha256, size) = hasher.finish();
                self.payload_bytes = self.payload_bytes.saturating_add(size);
                let index = self.payload.len() as u64;
                self.payload.insert(
                    rel,
                    PayloadMember {
                        index,
                        sha256,
                        size,
                        mtime: self.member_mtime.take(),
                        in_bag_manifest: false,
                        in_scelle_manifest: false,
                    },
                );
            }
            Sink::Tag(mut tag) => {
                if let Some(lines) = tag.lines.take() {
                    let overflowed = lines.overflowed;
                    if let Some(last) = lines.finish() {
                        self.line(&tag.rel, &last);
                    }
                    if overflowed {
                        let member = self.member_name(&tag.rel);
                        self.findings.add(
                            K::TagFile,
                            Some(&member),
                            "a line is longer than scelle ever writes",
                        );
                    }
                }
                let (_, sha256, _) = tag.hasher.finish();
                self.tags.insert(tag.rel.clone(), sha256);
                if let Some(mtime) = self.member_mtime.take() {
                    self.tag_mtimes.push((tag.rel.clone(), mtime));
                }
                if tag.too_big {
                    let member = self.member_name(&tag.rel);
                    self.findings.add(
                        K::TagFile,
                        Some(&member),
                        "tag file is larger than scelle ever writes",
                    );
                    return;
                }
                match tag.rel.as_str() {
                    BAGIT if tag.small != BAGIT_TXT.as_bytes() => {
                        let member = self.member_name(BAGIT);
                        self.findings.mismatch(
                            K::TagFile,
                            Some(&member),
                            "bagit.txt is not the BagIt 1.0 declaration",
                            BAGIT_TXT.escape_debug(),
                            String::from_utf8_lossy(&tag.small).escape_debug(),
                        );
                    }
                    BAG_INFO => self.bag_info = Some(tag.small),
                    MANIFEST => self.manifest.prehash = tag.prehash.map(Prehasher::finish),
                    SIGNATURE => self.signature = self.parse_signature(SIGNATURE, &tag.small),
                    TAG_MANIFEST => self.tag_manifest = Some(tag.small),
                    TAG_SIGNATURE => self.parse_tag_signature(&tag.small),
                    _ => {}
                }
            }
        }
    }

    fn member_name(&self, rel: &str) -> String {
        format!("{}/{rel}", self.id.as_deref().unwrap_or("?"))
    }

    fn line(&mut self, rel: &str, line: &[u8]) {
        if rel == PAYLOAD_MANIFEST {
            self.payload_manifest_line(line);
        } else {
            self.manifest_line(line);
        }
    }

    /// `<sha256>  data/<path>` from manifest-sha256.txt.
    fn payload_manifest_line(&mut self, line: &[u8]) {
        let member = self.member_name(PAYLOAD_MANIFEST);
        let parsed = std::str::from_utf8(line)
            .ok()
            .and_then(|line| line.split_once("  "))
            .and_then(|(hash, path)| Some((hash.parse::<Sha256Digest>().ok()?, path)));
        let Some((listed, path)) = parsed else {
            self.findings.add(
                K::TagFile,
                Some(&member),
                format!("malformed line {:?}", String::from_utf8_lossy(line)),
            );
            return;
        };
        let line_index = self.bag_manifest_lines;
        self.bag_manifest_lines += 1;
        let name = self.member_name(path);
        let Some(entry) = self.payload.get_mut(path) else {
            self.findings.add(
                K::MissingMember,
                Some(&name),
                "recorded in manifest-sha256.txt at sealing, but missing from the archive: it was removed",
            );
            return;
        };
        if entry.in_bag_manifest {
            self.findings.add(
                K::TagFile,
                Some(&name),
                "listed twice in manifest-sha256.txt",
            );
            return;
        }
        entry.in_bag_manifest = true;
        let (found, index) = (entry.sha256, entry.index);
        if found != listed {
            self.findings.mismatch(
                K::ContentMismatch,
                Some(&name),
                "this file's content differs from its hash in manifest-sha256.txt: it was changed after sealing",
                listed,
                found,
            );
        }
        if self.enforce_order && index != line_index && !self.order_reported {
            self.order_reported = true;
            self.findings.add(
                K::MemberOrder,
                Some(&name),
                "the files are not in the order they were sealed in: the archive was re-packed",
            );
        }
    }

    /// One line of manifest.json: header, item or footer.
    fn manifest_line(&mut self, line: &[u8]) {
        if let Some(on_line) = self.on_manifest_line.as_mut() {
            on_line(line);
        }
        if self.manifest.layout_broken {
            return;
        }
        match self.manifest.reader.line(line) {
            Ok(ManifestLine::Header(header)) => self.check_header(&header),
            Ok(ManifestLine::Item(item)) => self.check_item(&item),
            Ok(ManifestLine::Footer(footer)) => self.manifest.footer = Some(*footer),
            Ok(ManifestLine::Blank) => {}
            Err(message) => self.broken_layout(&message),
        }
    }

    fn broken_layout(&mut self, message: &str) {
        if !self.manifest.layout_broken {
            self.manifest.layout_broken = true;
            let member = self.member_name(MANIFEST);
            self.findings
                .add(K::Manifest, Some(&member), message.to_string());
        }
    }

    fn check_header(&mut self, header: &Header) {
        let member = self.member_name(MANIFEST);
        match chrono::DateTime::parse_from_rfc3339(&header.acquisition.started) {
            Ok(started) => self.manifest.started = Some(started.timestamp()),
            Err(_) => self.findings.add(
                K::Manifest,
                Some(&member),
                "acquisition.started is not an RFC 3339 time",
            ),
        }
        if header.format == scelle_manifest::FORMAT_NAME && header.format_version == 1 {
            self.manifest.legacy = true;
            self.findings.add(
                K::FormatVersion,
                Some(&member),
                "sealed in container format 1 (scelle 0.1), which signs manifest.json but not \
                 the other tag files (bag-info.txt, VERIFY.txt, the signature's comment line) \
                 nor the tar headers: the payload and manifest.json are checked against the \
                 signature as usual, but the archive as a whole cannot be proven intact",
            );
        } else if header.format != scelle_manifest::FORMAT_NAME
            || header.format_version != scelle_manifest::FORMAT_VERSION
        {
            self.findings.mismatch(
                K::Manifest,
                Some(&member),
                "unknown manifest format",
                format!(
                    "{} {}",
                    scelle_manifest::FORMAT_NAME,
                    scelle_manifest::FORMAT_VERSION
                ),
                format!("{} {}", header.format, header.format_version),
            );
        }
        if Some(header.evidence_id.as_str()) != self.id.as_deref() {
            self.findings.mismatch(
                K::Manifest,
                Some(&member),
                "evidence id in manifest.json differs from the bag name",
                self.id.clone().unwrap_or_default(),
                &header.evidence_id,
            );
        }
    }

    /// A command's stderr is a second member of the same item.
    fn check_command_stderr(&mut self, item: &Item) {
        let Some(stderr) = item
            .command
            .as_ref()
            .and_then(|command| command.stderr.as_ref())
        else {
            return;
        };
        let name = self.member_name(&stderr.archive_path);
        let Some(entry) = self.payload.get_mut(stderr.archive_path.as_str()) else {
            return self.findings.add(
                K::MissingMember,
                Some(&name),
                "recorded in manifest.json at sealing, but missing from the archive: it was removed",
            );
        };
        entry.in_scelle_manifest = true;
        let (found, size, mtime) = (entry.sha256, entry.size, entry.mtime);
        self.check_member_mtime(&name, mtime, 0);
        if found != stderr.sha256 {
            self.findings.mismatch(
                K::ContentMismatch,
                Some(&name),
                "this file's content differs from its hash in the signed record (manifest.json): it was changed after sealing",
                stderr.sha256,
                found,
            );
        }
        if size != stderr.size {
            self.findings.mismatch(
                K::ContentMismatch,
                Some(&name),
                "this file's size differs from the signed record (manifest.json): it was changed after sealing",
                stderr.size,
                size,
            );
        }
    }

    fn check_item(&mut self, item: &Item) {
        self.manifest.items += 1;
        if item.kind == ItemKind::Command {
            self.check_command_stderr(item);
        }
        if item.status.is_incomplete() {
            self.manifest.incomplete += 1;
        }
        let Some(archive_path) = &item.archive_path else {
            return;
        };
        let name = self.member_name(archive_path);
        let Some(path) = item.path.to_bytes() else {
            self.findings
                .add(K::Manifest, Some(&name), "item path is not valid base64");
            return;
        };
        if item.kind == ItemKind::File && *archive_path != layout::file_member(&path) {
            self.findings.mismatch(
                K::Manifest,
                Some(&name),
                "archive_path does not follow the path mapping of the item's path",
                layout::file_member(&path),
                archive_path,
            );
        }
        let Some(entry) = self.payload.get_mut(archive_path.as_str()) else {
            self.findings.add(
                K::MissingMember,
                Some(&name),
                "recorded in manifest.json at sealing, but missing from the archive: it was removed",
            );
            return;
        };
        if entry.in_scelle_manifest {
            self.findings
                .add(K::Manifest, Some(&name), "listed twice in manifest.json");
            return;
        }
        entry.in_scelle_manifest = true;
        let (found, size, mtime) = (entry.sha256, entry.size, entry.mtime);
        self.check_member_mtime(&name, mtime, member_mtime(item));
        if item.kind == ItemKind::Image {
            self.check_image_item(item, &name);
        }
        match item.sha256 {
            Some(recorded) if recorded != found => {
                self.findings.mismatch(
                    K::ContentMismatch,
                    Some(&name),
                    "this file's content differs from its hash in the signed record (manifest.json): it was changed after sealing",
                    recorded,
                    found,
                );
                // Pieces are located only with a piece size in range: a
                // hostile record must not make the second pass hash byte by byte.
                if let Some(image) = item
                    .image
                    .as_ref()
                    .filter(|image| image.piece_size >= scelle_manifest::MIN_PIECE_SIZE)
                {
                    self.images_to_locate.push(ImageToLocate {
                        member: name.clone(),
                        piece_size: image.piece_size,
                        pieces: image.pieces.clone(),
                    });
                }
            }
            None => self.findings.add(
                K::Manifest,
                Some(&name),
                "stored item has no sha256 in manifest.json",
            ),
            _ => {}
        }
        if item.size != size {
            self.findings.mismatch(
                K::ContentMismatch,
                Some(&name),
                "this file's size differs from the signed record (manifest.json): it was changed after sealing",
                item.size,
                size,
            );
        }
    }

    /// An image item must name its member under data/images/ and list one
    /// piece hash per piece.
    fn check_image_item(&mut self, item: &Item, name: &str) {
        if !item
            .archive_path
            .as_deref()
            .unwrap_or("")
            .starts_with("data/images/")
        {
            self.findings
                .add(K::Manifest, Some(name), "image stored outside data/images/");
        }
        let Some(image) = &item.image else {
            return self.findings.add(
                K::Manifest,
                Some(name),
                "image item without its image record",
            );
        };
        if image.piece_size < scelle_manifest::MIN_PIECE_SIZE {
            return self.findings.mismatch(
                K::Manifest,
                Some(name),
                "image piece size is below the smallest scelle writes",
                format!("at least {}", scelle_manifest::MIN_PIECE_SIZE),
                image.piece_size,
            );
        }
        let expected = item.size.div_ceil(image.piece_size);
        if image.pieces.len() as u64 != expected {
            self.findings.mismatch(
                K::Manifest,
                Some(name),
                "number of piece hashes does not match the image size",
                expected,
                image.pieces.len(),
            );
        }
    }

    /// Images whose content differs, to be located piece by piece.
    pub fn take_images_to_locate(&mut self) -> Vec<ImageToLocate> {
        std::mem::take(&mut self.images_to_locate)
    }

    /// Cross-checks what needs every member, and builds the report.
    pub fn finish(mut self, source: String, source_kind: &str) -> Report {
        for required in TAG_FILES {
            let legacy_absent = self.manifest.legacy && required == TAG_SIGNATURE;
            if !self.tags.contains_key(required) && !legacy_absent {
                let member = self.member_name(required);
                self.findings
                    .add(K::TagFile, Some(&member), "a file every scelle archive holds is missing: it was removed, or the archive is incomplete");
            }
        }
        if self.tags.contains_key(MANIFEST)
            && !self.manifest.layout_broken
            && self.manifest.footer.is_none()
        {
            let member = self.member_name(MANIFEST);
            self.findings.add(
                K::Manifest,
                Some(&member),
                "manifest.json ends before its footer",
            );
        }
        self.check_unlisted_payload();
        self.check_bag_info();
        self.check_tag_mtimes();
        self.check_tag_signature();
        self.check_tag_manifest();
        self.check_totals();
        let signature = self.check_signature();
        let anchors = self.key_anchor(&signature).into_iter().collect();
        Report {
            source,
            source_kind: source_kind.to_string(),
            evidence_id: self.id,
            seal_sha256: None,
            expected_seal_sha256: self.options.expect_seal,
            archive_size: None,
            members: self.members,
            payload_files: self.payload.len() as u64,
            payload_bytes: self.payload_bytes,
            manifest_items: self.manifest.items,
            incomplete_items: self.manifest.incomplete,
            manifest_sha256: self.tags.get(MANIFEST).copied(),
            signature,
            anchors,
            warnings: Vec::new(),
            findings: self.findings.list,
            findings_total: self.findings.total,
            knock_on: self.findings.knock_on,
        }
    }

    fn check_unlisted_payload(&mut self) {
        let id = self.id.clone().unwrap_or_default();
        let mut unlisted: Vec<(&String, &PayloadMember)> = self
            .payload
            .iter()
            .filter(|(_, entry)| !entry.in_bag_manifest || !entry.in_scelle_manifest)
            .collect();
        unlisted.sort_by_key(|(_, entry)| entry.index);
        for (rel, entry) in unlisted {
            let message = match (entry.in_bag_manifest, entry.in_scelle_manifest) {
                (false, false) => "this file is recorded in no manifest: it was added to the archive after sealing",
                (false, true) => "this file is missing from manifest-sha256.txt although the signed record lists it: the bag's manifest was rewritten",
                _ => "this file is missing from the signed record (manifest.json) although manifest-sha256.txt lists it: it was added after sealing",
            };
            self.findings
                .add(K::UnlistedMember, Some(&format!("{id}/{rel}")), message);
        }
    }

    fn check_bag_info(&mut self) {
        let Some(info) = self.bag_info.take() else {
            return;
        };
        let member = self.member_name(BAG_INFO);
        let text = String::from_utf8_lossy(&info);
        let field = |label: &str| {
            text.lines()
                .find_map(|line| {
                    line.strip_prefix(label)
                        .and_then(|rest| rest.strip_prefix(": "))
                })
                .map(str::to_string)
        };
        let counted = format!("{}.{}", self.payload_bytes, self.payload.len());
        match field("Payload-Oxum") {
            Some(oxum) if oxum == counted => {}
            Some(oxum) => self.findings.mismatch(
                K::TagFile,
                Some(&member),
                "Payload-Oxum differs from the payload",
                oxum,
                counted,
            ),
            None => self
                .findings
                .add(K::TagFile, Some(&member), "Payload-Oxum is missing"),
        }
        if let (Some(listed), Some(id)) = (field("External-Identifier"), &self.id) {
            if &listed != id {
                self.findings.mismatch(
                    K::TagFile,
                    Some(&member),
                    "External-Identifier differs from the bag name",
                    id,
                    listed,
                );
            }
        }
    }

    fn check_tag_manifest(&mut self) {
        let Some(text) = self.tag_manifest.take() else {
            return;
        };
        let member = self.member_name(TAG_MANIFEST);
        let mut listed = HashMap::new();
        for line in String::from_utf8_lossy(&text).lines() {
            match line
                .split_once("  ")
                .and_then(|(hash, name)| Some((hash.parse::<Sha256Digest>().ok()?, name)))
            {
                Some((hash, name)) => {
                    if listed.insert(name.to_string(), hash).is_some() {
                        self.findings.add(
                            K::TagFile,
                            Some(&member),
                            format!("{name} listed twice"),
                        );
                    }
                }
                None => self.findings.add(
                    K::TagFile,
                    Some(&member),
                    format!("malformed line {line:?}"),
                ),
            }
        }
        let mut names: Vec<&String> = self
            .tags
            .keys()
            .filter(|name| layout::listed_in_tag_manifest(name))
            .collect();
        names.sort();
        let mut new_findings = Vec::new();
        for name in names {
            match listed.remove(name) {
                Some(hash) if hash != self.tags[name] => new_findings.push((
                    K::ContentMismatch,
                    name.clone(),
                    "this file's content differs from its hash in tagmanifest-sha256.txt: it was changed after sealing",
                    Some((hash, self.tags[name])),
                )),
                Some(_) => {}
                None => new_findings.push((
                    K::UnlistedMember,
                    name.clone(),
                    "this bag file is missing from tagmanifest-sha256.txt: it was added or the tag manifest rewritten",
                    None,
                )),
            }
        }
        for (name, _) in listed {
            let (kind, message) = if self.tags.contains_key(&name) {
                (
                    K::TagFile,
                    "listed in tagmanifest-sha256.txt, which cannot cover it",
                )
            } else {
                (
                    K::MissingMember,
                    "recorded in tagmanifest-sha256.txt at sealing, but missing from the archive: it was removed",
                )
            };
            new_findings.push((kind, name, message, None));
        }
        for (kind, name, message, values) in new_findings {
            let member = self.member_name(&name);
            match values {
                Some((expected, found)) => {
                    self.findings
                        .mismatch(kind, Some(&member), message, expected, found)
                }
                None => self.findings.add(kind, Some(&member), message),
            }
        }
    }

    fn check_totals(&mut self) {
        let Some(footer) = &self.manifest.footer else {
            return;
        };
        if footer.totals.items != self.manifest.items {
            let member = self.member_name(MANIFEST);
            let recorded = footer.totals.items;
            self.findings.mismatch(
                K::Manifest,
                Some(&member),
                "totals.items differs from the items listed",
                recorded,
                self.manifest.items,
            );
        }
    }
}

/// Why a member name is unsafe to extract, if it is.
fn unsafe_name(name: &str) -> Option<String> {
    if name.starts_with('/') {
        return Some("absolute member name".into());
    }
    if name.chars().any(|c| c.is_control() || c == '\\') {
        return Some("member name holds control characters or a backslash".into());
    }
    if name
        .split('/')
        .any(|part| part.is_empty() || part == "." || part == "..")
    {
        return Some("member name has an empty, '.' or '..' component".into());
    }
    None
}
