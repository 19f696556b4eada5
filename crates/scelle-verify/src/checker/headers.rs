//! The tar headers of a container: each must be the canonical one for its
//! name, size and mtime, and that mtime the one the signed record implies
//! (docs/FORMAT.md section 2.1).

use scelle_archive::{member_header, MemberHeader};
use scelle_manifest::{Item, ItemKind};

use super::{Checker, Sink};
use crate::report::FindingKind as K;

impl Checker<'_> {
    /// The tar header of the member `begin_member` just accepted: its bytes
    /// must be exactly those the writer produces for its name, size and
    /// mtime; the mtime itself is compared with the signed record later.
    pub fn member_header(&mut self, sink: &Sink, header: &MemberHeader) {
        let Some((rel, _)) = sink.accepted() else {
            return;
        };
        let name = self.member_name(rel);
        let canonical = header
            .mtime
            .map(|mtime| member_header(&name, header.size, mtime));
        // The mtime is compared with the record only in a canonical header:
        // one finding per member.
        self.member_mtime = None;
        if canonical.as_deref() != Some(&header.raw[..]) {
            let at = canonical.as_ref().map_or(0, |canonical| {
                canonical
                    .iter()
                    .zip(&header.raw)
                    .position(|(a, b)| a != b)
                    .unwrap_or(canonical.len().min(header.raw.len()))
            });
            self.findings.add(
                K::NonCanonicalHeader,
                Some(&name),
                format!(
                    "the tar header is not the one scelle writes for this member \
                     (first difference at header byte {at}: {}); tar would extract it \
                     with other metadata",
                    header_field(header.raw.len(), at)
                ),
            );
            return;
        }
        self.member_mtime = header.mtime;
    }

    /// A member's tar mtime must be the one the writer derives from the record.
    pub(super) fn check_member_mtime(&mut self, name: &str, found: Option<u64>, expected: u64) {
        if let Some(found) = found.filter(|&found| found != expected) {
            self.findings.mismatch(
                K::NonCanonicalHeader,
                Some(name),
                "the tar header's modification time differs from the signed record",
                expected,
                found,
            );
        }
    }

    /// Every tag member's tar mtime is `acquisition.started` in whole seconds.
    pub(super) fn check_tag_mtimes(&mut self) {
        let Some(started) = self.manifest.started.filter(|_| !self.manifest.legacy) else {
            return;
        };
        let expected = u64::try_from(started).unwrap_or(0);
        for (rel, found) in std::mem::take(&mut self.tag_mtimes) {
            let member = self.member_name(&rel);
            self.check_member_mtime(&member, Some(found), expected);
        }
    }
}

/// The tar mtime the writer gives a member of `item`: the source's
/// modification time in whole seconds (never negative); 0 for command output
/// (and for an item without one).
pub(super) fn member_mtime(item: &Item) -> u64 {
    if item.kind == ItemKind::Command {
        return 0;
    }
    u64::try_from(item.mtime_ns.unwrap_or(0).div_euclid(1_000_000_000)).unwrap_or(0)
}

/// Which part of a member's header byte `at` falls in, for a finding.
pub(super) fn header_field(header_len: usize, at: usize) -> &'static str {
    if at + 512 < header_len {
        return "the pax extended header";
    }
    match at % 512 {
        0..=99 => "name",
        100..=107 => "mode",
        108..=115 => "uid",
        116..=123 => "gid",
        124..=135 => "size",
        136..=147 => "mtime",
        148..=155 => "checksum",
        156 => "typeflag",
        157..=256 => "link name",
        257..=264 => "magic and version",
        265..=296 => "owner name",
        297..=328 => "group name",
        329..=344 => "device numbers",
        345..=499 => "prefix",
        _ => "padding",
    }
}
