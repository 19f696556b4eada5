//! What a verification found.

use scelle_finding::{Place, Verdict};
use scelle_hash::Sha256Digest;
use scelle_sign::KeyId;
use serde::{Deserialize, Serialize};

/// Most findings kept in a report; the count goes on.
pub const MAX_FINDINGS: usize = 1000;

/// The kinds of disagreement verification reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingKind {
    /// The file is not a zstd stream at all: not a scelle archive (a wrong
    /// file given, or one replaced).
    NotAnArchive,
    /// The archive's SHA-256 is not the one expected.
    SealMismatch,
    /// The zstd stream is damaged (bad data or checksum).
    CompressedStream,
    /// The archive ends before its end marker.
    Truncated,
    /// Bytes after the zstd frame or after the tar end marker.
    TrailingData,
    /// A tar header is corrupt or of a kind scelle never writes.
    TarStructure,
    /// A member's tar header is not the canonical one for its name, size
    /// and recorded mtime (a re-pack, or a field changed: mode, owner, date,
    /// an extra pax record, a ustar prefix).
    NonCanonicalHeader,
    /// A member name that could escape or is not canonical.
    UnsafeName,
    /// A member that is not a regular file.
    NotRegularFile,
    /// A member outside `<ID>/` or not part of the format.
    UnexpectedMember,
    /// Two members with the same name.
    DuplicateMember,
    /// Members not in the order the format fixes.
    MemberOrder,
    /// A member's content differs from what a manifest says.
    ContentMismatch,
    /// A manifest lists a member that is not there.
    MissingMember,
    /// A member no manifest lists.
    UnlistedMember,
    /// A required tag file is missing or malformed.
    TagFile,
    /// manifest.json is malformed or disagrees with the bag.
    Manifest,
    /// The signature is missing, invalid, or by another key.
    Signature,
    /// The signing key is not the one pinned with `--fingerprint`.
    KeyNotPinned,
    /// The archive's file name is not `<ID>.tar.zst` (a warning: the
    /// evidence may be genuine, but not the one its name says).
    FileName,
    /// Sealed in an older container format that cannot be proven intact as
    /// a whole (format 1 left the tag files and tar headers unsigned).
    FormatVersion,
}

/// One disagreement, at the member concerned (if any), with both values
/// where there are two.
pub type Finding = scelle_finding::Finding<FindingKind>;

/// What ties a verification to the procès-verbal, so that a seal made by
/// whoever handed over the key is not taken for the responder's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Anchor {
    /// The archive's SHA-256 equals the seal hash given (`--expect`).
    Seal,
    /// The signing key's fingerprint equals the one given (`--fingerprint`).
    Fingerprint,
    /// The signing key is in a keyring the checker vouches for.
    Keyring,
}

/// How the manifest signature fared.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SignatureStatus {
    /// Checked against the given public key and valid.
    Verified,
    /// Checked and not valid (see findings).
    Invalid,
    /// Made by another key than the one given (see findings): the key id
    /// in the signature is not the given key's.
    OtherKey,
    /// No public key was given: the signer is not authenticated.
    NotChecked,
    /// There is no usable signature (see findings).
    Missing,
}

/// The signature part of a report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignatureReport {
    /// Outcome.
    pub status: SignatureStatus,
    /// Key id in the signature file.
    pub key_id: Option<KeyId>,
    /// The trusted comment (authenticated only when `status` is `verified`).
    pub trusted_comment: Option<String>,
    /// SHA-256 fingerprint of the public key used, when one was given.
    pub public_key_fingerprint_sha256: Option<Sha256Digest>,
    /// Where the signing key was kept (key file, ssh-agent, PKCS#11 token),
    /// as the signed manifest.json records it: only once the signature is
    /// verified, and absent for archives made before scelle 0.3.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_source: Option<scelle_sign::KeySource>,
}

/// Everything a verification established.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// What was checked (archive or bag directory path).
    pub source: String,
    /// `archive` or `bag-directory`.
    pub source_kind: String,
    /// The evidence id found.
    pub evidence_id: Option<String>,
    /// SHA-256 of the archive file (archives only).
    pub seal_sha256: Option<Sha256Digest>,
    /// The seal hash the user expected, if given.
    pub expected_seal_sha256: Option<Sha256Digest>,
    /// Size of the archive file.
    pub archive_size: Option<u64>,
    /// Members (or files) read.
    pub members: u64,
    /// Payload files checked.
    pub payload_files: u64,
    /// Payload bytes checked.
    pub payload_bytes: u64,
    /// Items in manifest.json.
    pub manifest_items: u64,
    /// Items manifest.json records as changed or unreadable at acquisition.
    pub incomplete_items: u64,
    /// SHA-256 of manifest.json as read (what a trusted timestamp stamps).
    pub manifest_sha256: Option<Sha256Digest>,
    /// The signature check.
    pub signature: SignatureReport,
    /// What ties this verification to the procès-verbal; without any, a
    /// valid seal is only authentic, never intact.
    pub anchors: Vec<Anchor>,
    /// Facts that do not make the evidence less intact but that a reader
    /// must see (the archive's file name names another evidence id).
    pub warnings: Vec<Finding>,
    /// Findings, at most [`MAX_FINDINGS`].
    pub findings: Vec<Finding>,
    /// How many findings there were in all (knock-on findings apart).
    pub findings_total: u64,
    /// Findings that only follow from an earlier one — the tag files and
    /// members a truncated archive no longer holds, the second signature
    /// made by the same other key — counted by kind rather than listed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub knock_on: Vec<KnockOn>,
}

/// How many findings of one kind followed from an earlier finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KnockOn {
    /// Their kind.
    pub kind: FindingKind,
    /// How many.
    pub count: u64,
}

impl Report {
    /// Whether the archive could not be read to its end (not an archive,
    /// truncated, a damaged stream or tar structure): what follows the
    /// damage was not checked.
    pub fn read_stopped(&self) -> bool {
        self.findings.iter().any(|finding| {
            matches!(
                finding.kind,
                FindingKind::NotAnArchive
                    | FindingKind::Truncated
                    | FindingKind::CompressedStream
                    | FindingKind::TarStructure
            )
        })
    }

    /// Intact: no finding, a signature verified against a given key, and
    /// an anchor (the seal hash or the key's fingerprint compared).
    pub fn intact(&self) -> bool {
        self.authentic() && !self.anchors.is_empty()
    }

    /// No finding and a signature verified against a given key.
    pub fn authentic(&self) -> bool {
        self.findings_total == 0 && self.signature.status == SignatureStatus::Verified
    }

    /// No finding, but nobody checked who signed.
    pub fn intact_but_unauthenticated(&self) -> bool {
        self.findings_total == 0 && self.signature.status == SignatureStatus::NotChecked
    }

    /// The verdict: intact, authentic (not anchored), unauthenticated (no
    /// finding, no key given) or not intact.
    pub fn verdict(&self) -> Verdict {
        if self.intact() {
            Verdict::Intact
        } else if self.authentic() {
            Verdict::Authentic
        } else if self.intact_but_unauthenticated() {
            Verdict::Unauthenticated
        } else {
            Verdict::NotIntact
        }
    }
}

/// Collects findings up to the cap; once the read stopped on damage
/// ([`Findings::stop`]), what follows is counted as knock-on.
#[derive(Debug, Default)]
pub(crate) struct Findings {
    pub list: Vec<Finding>,
    pub total: u64,
    pub knock_on: Vec<KnockOn>,
    stopped: bool,
}

impl Findings {
    /// The read stopped on the finding just added: whatever is missing
    /// from now on follows from it.
    pub fn stop(&mut self) {
        self.stopped = true;
    }

    /// Counts a finding of `kind` that follows from an earlier one.
    pub fn knock_on(&mut self, kind: FindingKind) {
        match self
            .knock_on
            .iter_mut()
            .find(|counted| counted.kind == kind)
        {
            Some(counted) => counted.count += 1,
            None => self.knock_on.push(KnockOn { kind, count: 1 }),
        }
    }

    /// A finding that stands on its own even after the read stopped (the
    /// seal hash compared with `--expect`).
    pub fn independent(&mut self, finding: Finding) {
        self.total += 1;
        if self.list.len() < MAX_FINDINGS {
            self.list.push(finding);
        }
    }

    pub fn add(&mut self, kind: FindingKind, member: Option<&str>, message: impl Into<String>) {
        self.push(Finding::new(kind, place(member), message));
    }

    pub fn mismatch(
        &mut self,
        kind: FindingKind,
        member: Option<&str>,
        message: impl Into<String>,
        expected: impl ToString,
        found: impl ToString,
    ) {
        self.push(Finding::new(kind, place(member), message).with_values(expected, found));
    }

    fn push(&mut self, finding: Finding) {
        if self.stopped {
            self.knock_on(finding.kind);
        } else {
            self.independent(finding);
        }
    }
}

fn place(member: Option<&str>) -> Place {
    member.map_or_else(Place::none, Place::member)
}
