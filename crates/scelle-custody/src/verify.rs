//! Checking a whole custody log.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use scelle_archive::EvidenceId;
use scelle_finding::{Finding, Place, Verdict};
use scelle_hash::Sha256Digest;
use scelle_sign::PublicKey;
use serde::{Deserialize, Serialize};

use crate::head::{ExpectedHead, Head, HeadSearch};
use crate::line::split_line;
use crate::lines::{JsonLines, Line, MAX_LINE};
use crate::{Entry, Error, Keyring};

/// Most verified entries a report keeps (the count goes on): a hostile log
/// of a million self-signed entries must not take gigabytes.
pub const MAX_KEPT_ENTRIES: usize = 50_000;
/// Most findings (and warnings) a report keeps; the count goes on.
pub const MAX_KEPT_FINDINGS: usize = 1000;

/// Whether an entry's signer is someone known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SignerStatus {
    /// In the keyring.
    Known,
    /// Not in the keyring (a finding).
    Unknown,
    /// No keyring was given.
    NotChecked,
}

/// An entry whose signature and link hold.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct VerifiedEntry {
    /// Line number, from 1.
    pub line: u64,
    /// The entry.
    pub entry: Entry,
    /// The signer's standing.
    pub signer: SignerStatus,
    /// The signer's name and role from the keyring.
    pub signer_name: Option<String>,
    /// The signer's role from the keyring.
    pub signer_role: Option<String>,
}

/// What can be wrong with a custody log (or a case journal).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CustodyFindingKind {
    /// The last line has no newline: a crash while writing, or a cut.
    TornLine,
    /// A line over the length limit; the rest is not read.
    LineTooLong,
    /// No line at all.
    EmptyLog,
    /// A line that is not a signed custody entry.
    NotAnEntry,
    /// The entry's public key does not parse.
    BadPublicKey,
    /// The key id does not match the public key.
    KeyIdMismatch,
    /// The signature does not verify: the entry was altered.
    BadSignature,
    /// The sequence number is not the line's: an entry was deleted, inserted or moved.
    Sequence,
    /// The entry does not link to the line before it.
    BrokenLink,
    /// The first entry is not `sealed` (or `case-opened`), or that event appears again.
    FirstEvent,
    /// The sealed entry does not name a seal hash.
    MissingSeal,
    /// The archive is not the one sealed.
    SealMismatch,
    /// The entry is about another evidence id.
    OtherEvidence,
    /// Signed by a key that is not in the keyring.
    UnknownSigner,
    /// The log no longer contains the head a receipt recorded
    /// (`--head`, `--entries`): entries were dropped or rewritten.
    HeadMissing,
    /// A time earlier than the entry before (a warning: clock drift).
    ClockBackwards,
    /// A time that is not RFC 3339 (a warning).
    BadTime,
}

/// A problem at a line (0 for the log as a whole).
pub type CustodyFinding = Finding<CustodyFindingKind>;

fn at(kind: CustodyFindingKind, line: u64, message: impl Into<String>) -> CustodyFinding {
    Finding::new(kind, Place::line(line), message)
}

/// What checking a log established.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CustodyReport {
    /// The log checked.
    pub log: String,
    /// Entries whose signature and link hold, in order (the first
    /// [`MAX_KEPT_ENTRIES`]).
    pub entries: Vec<VerifiedEntry>,
    /// How many entries verified in all.
    pub entries_total: u64,
    /// Integrity problems: any makes the chain untrustworthy from that line
    /// on (the first [`MAX_KEPT_FINDINGS`]).
    pub findings: Vec<CustodyFinding>,
    /// How many findings there were in all.
    pub findings_total: u64,
    /// Things worth a look that are not proof of tampering (clocks going back).
    pub warnings: Vec<CustodyFinding>,
    /// How many warnings there were in all.
    pub warnings_total: u64,
    /// The log's head: its whole lines and the SHA-256 of the last one (for
    /// a receipt, or to compare with one).
    pub head: Option<Head>,
    /// Whether a keyring was given, so signers were checked.
    pub signers_checked: bool,
    /// SHA-256 of the archive, when one was given.
    pub archive_seal_sha256: Option<Sha256Digest>,
}

impl CustodyReport {
    /// No finding and every signer known.
    pub fn intact(&self) -> bool {
        self.findings.is_empty() && self.signers_checked
    }

    /// The verdict on the chain: not intact with any finding, unauthenticated
    /// when no keyring was given (warnings do not count).
    pub fn verdict(&self) -> Verdict {
        Verdict::of(&self.findings, self.signers_checked)
    }

    fn finding(&mut self, finding: CustodyFinding) {
        self.findings_total += 1;
        if self.findings.len() < MAX_KEPT_FINDINGS {
            self.findings.push(finding);
        }
    }

    fn warning(&mut self, warning: CustodyFinding) {
        self.warnings_total += 1;
        if self.warnings.len() < MAX_KEPT_FINDINGS {
            self.warnings.push(warning);
        }
    }
}

/// Checks every line of the log at `path`: layout, signature, sequence, link
/// to the previous line, signer (against `keyring`), that the first entry is
/// `sealed` and, given `archive`, that its seal hash is the archive's.
pub fn verify_log(
    path: &Path,
    archive: Option<&Path>,
    keyring: &Keyring,
) -> Result<CustodyReport, Error> {
    let archive_seal = archive.map(seal_of).transpose()?;
    verify_log_with_seal(path, archive_seal, keyring)
}

/// The seal hash of an archive: the SHA-256 of the whole file.
pub fn seal_of(archive: &Path) -> Result<Sha256Digest, Error> {
    Sha256Digest::of_file(archive).map_err(|source| Error::Io {
        path: archive.display().to_string(),
        source,
    })
}

/// [`verify_log`] for a caller that has already hashed the archive (a
/// verification computes the seal on its way): `archive_seal` is compared
/// with the sealed entry's.
pub fn verify_log_with_seal(
    path: &Path,
    archive_seal: Option<Sha256Digest>,
    keyring: &Keyring,
) -> Result<CustodyReport, Error> {
    verify_chain(path, archive_seal, keyring, FirstEvent::Sealed, None)
}

/// [`verify_log_with_seal`], and the log must still contain `head` (from a
/// receipt): a finding of kind `head-missing` otherwise.
pub fn verify_log_against(
    path: &Path,
    archive_seal: Option<Sha256Digest>,
    keyring: &Keyring,
    head: ExpectedHead,
) -> Result<CustodyReport, Error> {
    verify_chain(path, archive_seal, keyring, FirstEvent::Sealed, Some(head))
}

/// Checks an incident case journal the way [`verify_log`] checks a custody
/// log; its first entry must be `case-opened`.
pub fn verify_journal(
    path: &Path,
    keyring: &Keyring,
    head: Option<ExpectedHead>,
) -> Result<CustodyReport, Error> {
    verify_chain(path, None, keyring, FirstEvent::CaseOpened, head)
}

/// The event that must open a log, and only it.
#[derive(Clone, Copy, Default)]
enum FirstEvent {
    /// A custody log: `sealed`, with the seal hash.
    #[default]
    Sealed,
    /// A case journal: `case-opened`.
    CaseOpened,
}

/// [`verify_log_against`] for a log that is not a file: `lines`, its
/// entries joined by newlines (those the evidence locker holds, say), named
/// `name` in the report.
pub fn verify_lines(
    name: &str,
    lines: &[u8],
    archive_seal: Option<Sha256Digest>,
    keyring: &Keyring,
    head: Option<ExpectedHead>,
) -> CustodyReport {
    let checked = check_chain(name, lines, archive_seal, keyring, FirstEvent::Sealed, head);
    checked.expect("reading from memory cannot fail")
}

fn verify_chain(
    path: &Path,
    archive_seal: Option<Sha256Digest>,
    keyring: &Keyring,
    first_event: FirstEvent,
    expected_head: Option<ExpectedHead>,
) -> Result<CustodyReport, Error> {
    let file = File::open(path).map_err(|source| Error::Io {
        path: path.display().to_string(),
        source,
    })?;
    check_chain(
        &path.display().to_string(),
        file,
        archive_seal,
        keyring,
        first_event,
        expected_head,
    )
    .map_err(|source| Error::Io {
        path: path.display().to_string(),
        source,
    })
}

/// The checks of [`verify_chain`] on whatever `log` reads.
fn check_chain(
    name: &str,
    log: impl std::io::Read,
    archive_seal: Option<Sha256Digest>,
    keyring: &Keyring,
    first_event: FirstEvent,
    expected_head: Option<ExpectedHead>,
) -> std::io::Result<CustodyReport> {
    let mut report = CustodyReport {
        log: name.to_string(),
        entries: Vec::new(),
        entries_total: 0,
        findings: Vec::new(),
        findings_total: 0,
        warnings: Vec::new(),
        warnings_total: 0,
        head: None,
        signers_checked: !keyring.is_empty(),
        archive_seal_sha256: archive_seal,
    };
    let mut head_search = HeadSearch::new(expected_head.unwrap_or_default());
    let mut lines = JsonLines::new(BufReader::new(log));
    let mut state = ChainState {
        first_event,
        ..ChainState::default()
    };
    let mut number = 0u64;
    while let Some((at_line, line)) = lines.next_line()? {
        number = at_line;
        match line {
            Line::Whole(raw) => {
                check_line(&raw, number, &mut state, keyring, &mut report);
                let sha256 = state.previous_line.expect("set by check_line");
                head_search.line(number, sha256);
                report.head = Some(Head {
                    entries: number,
                    sha256,
                });
            }
            Line::TooLong => report.finding(at(
                CustodyFindingKind::LineTooLong,
                number,
                format!("line is longer than {MAX_LINE} bytes; the rest of the log was not read"),
            )),
            Line::Torn(_) => report.finding(at(
                CustodyFindingKind::TornLine,
                number,
                "the last line is torn (incomplete, probably a crash while writing); the entries before it are checked",
            )),
        }
    }
    if number == 0 {
        report.finding(at(CustodyFindingKind::EmptyLog, 0, "the log is empty"));
    }
    if let Some(missing) = head_search.missing(report.head) {
        report.finding(at(
            CustodyFindingKind::HeadMissing,
            0,
            format!("the log does not contain the head of the receipt: {missing}"),
        ));
    }
    if let (Some(actual), Some(sealed)) = (archive_seal, &state.sealed_seal) {
        if actual != *sealed {
            report.finding(
                at(
                    CustodyFindingKind::SealMismatch,
                    1,
                    format!("the archive is not the one sealed: its SHA-256 is {actual}, the sealed entry says {sealed}"),
                )
                .with_values(sealed, actual),
            );
        }
    }
    Ok(report)
}

#[derive(Default)]
struct ChainState {
    previous_line: Option<Sha256Digest>,
    previous_time: Option<chrono::DateTime<chrono::FixedOffset>>,
    evidence_id: Option<EvidenceId>,
    sealed_seal: Option<Sha256Digest>,
    first_event: FirstEvent,
}

fn check_line(
    raw: &[u8],
    number: u64,
    state: &mut ChainState,
    keyring: &Keyring,
    report: &mut CustodyReport,
) {
    let expected_prev = state
        .previous_line
        .unwrap_or(Sha256Digest::from_bytes([0; 32]));
    state.previous_line = Some(Sha256Digest::of(raw));
    let mut finding =
        |kind: CustodyFindingKind, message: String| report.finding(at(kind, number, message));
    use CustodyFindingKind as K;
    let parts = match split_line(raw) {
        Ok(parts) => parts,
        Err(reason) => return finding(K::NotAnEntry, format!("not a custody line: {reason}")),
    };
    let entry = parts.entry;
    let Ok(public) = PublicKey::parse(&entry.public_key, "public_key") else {
        return finding(
            K::BadPublicKey,
            "the signer's public key is not a minisign public key".into(),
        );
    };
    if public.key_id() != entry.key_id {
        return finding(
            K::KeyIdMismatch,
            format!(
                "key_id {} does not match the public key ({})",
                entry.key_id,
                public.key_id()
            ),
        );
    }
    if !public.verify_bytes(parts.signed, &parts.signature) {
        return finding(
            K::BadSignature,
            format!(
                "signature invalid: the entry was altered after {} signed it",
                entry.key_id
            ),
        );
    }
    if entry.seq != number - 1 {
        finding(
            K::Sequence,
            format!(
                "sequence number {} where {} was expected: an entry was deleted, inserted, duplicated or moved",
                entry.seq,
                number - 1
            ),
        );
    }
    if entry.prev != expected_prev {
        finding(
            K::BrokenLink,
            if number == 1 {
                "the first entry does not start the chain (prev is not all zeros): entries before it were removed".into()
            } else {
                format!(
                    "does not link to line {}: that line was changed, removed or moved",
                    number - 1
                )
            },
        );
    }
    match (state.first_event, number, entry.event.as_str()) {
        (FirstEvent::CaseOpened, 1, "case-opened") => {}
        (FirstEvent::CaseOpened, 1, other) => finding(
            K::FirstEvent,
            format!("the first entry must be 'case-opened', not '{other}'"),
        ),
        (FirstEvent::CaseOpened, _, "case-opened") => {
            finding(K::FirstEvent, "a second 'case-opened' entry".into())
        }
        (FirstEvent::CaseOpened, _, _) => {}
        (FirstEvent::Sealed, 1, "sealed") => {
            state.sealed_seal = entry
                .details
                .get("seal_sha256")
                .and_then(|v| v.as_str())
                .and_then(|text| text.parse().ok());
            if state.sealed_seal.is_none() {
                finding(K::MissingSeal, "the sealed entry has no seal_sha256".into());
            }
        }
        (FirstEvent::Sealed, 1, other) => finding(
            K::FirstEvent,
            format!("the first entry must be 'sealed', not '{other}'"),
        ),
        (FirstEvent::Sealed, _, "sealed") => {
            finding(K::FirstEvent, "a second 'sealed' entry".into())
        }
        (FirstEvent::Sealed, _, _) => {}
    }
    match &state.evidence_id {
        Some(id) if *id != entry.evidence_id => finding(
            K::OtherEvidence,
            format!(
                "entry is about evidence {}, the log about {id}",
                entry.evidence_id
            ),
        ),
        None => state.evidence_id = Some(entry.evidence_id.clone()),
        _ => {}
    }
    let known = keyring.find(&public);
    let signer = match (known, keyring.is_empty()) {
        (Some(_), _) => SignerStatus::Known,
        (None, true) => SignerStatus::NotChecked,
        (None, false) => {
            finding(
                K::UnknownSigner,
                format!(
                    "signed by key {}, which is not in the keyring",
                    entry.key_id
                ),
            );
            SignerStatus::Unknown
        }
    };
    match chrono::DateTime::parse_from_rfc3339(&entry.time) {
        Ok(time) => {
            if state.previous_time.is_some_and(|previous| time < previous) {
                report.warning(at(
                    K::ClockBackwards,
                    number,
                    format!(
                        "time {} is earlier than the previous entry's (clock drift?)",
                        entry.time
                    ),
                ));
            }
            state.previous_time = Some(time);
        }
        Err(_) => report.warning(at(
            K::BadTime,
            number,
            format!("time {:?} is not RFC 3339", entry.time),
        )),
    }
    report.entries_total += 1;
    if report.entries.len() < MAX_KEPT_ENTRIES {
        report.entries.push(VerifiedEntry {
            line: number,
            signer,
            signer_name: known.and_then(|k| k.name.clone()),
            signer_role: known.and_then(|k| k.role.clone()),
            entry,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{append, create, encode_line, Draft};
    use scelle_sign::{SecretKey, Signer};

    const SEAL: &str = "5f2ca7cfca2108245adc3bd0750ce9e297ded0ac32c2629cf661706e506d446c";

    struct Log {
        _dir: tempfile::TempDir,
        path: std::path::PathBuf,
        key: SecretKey,
    }

    impl Log {
        fn lines(&self) -> Vec<Vec<u8>> {
            std::fs::read(&self.path)
                .unwrap()
                .split_inclusive(|&b| b == b'\n')
                .map(<[u8]>::to_vec)
                .collect()
        }

        fn write(&self, lines: &[Vec<u8>]) {
            std::fs::write(&self.path, lines.concat()).unwrap();
        }

        fn check(&self) -> CustodyReport {
            verify_log(
                &self.path,
                None,
                &Keyring::from_public_keys(vec![self.key.public_key()]),
            )
            .unwrap()
        }
    }

    /// sealed, transferred, received, note.
    fn log() -> Log {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ev.custody.jsonl");
        let key = SecretKey::generate().unwrap();
        create(
            &path,
            &key,
            Draft::new("sealed", "ev").detail("seal_sha256", SEAL),
        )
        .unwrap();
        append(
            &path,
            &key,
            Draft::new("transferred", "ev").detail("to", "Greffe, TJ Paris"),
        )
        .unwrap();
        append(
            &path,
            &key,
            Draft::new("received", "").detail("note", "scellé n°1"),
        )
        .unwrap();
        append(
            &path,
            &key,
            Draft::new("note", "").detail("text", "stored in safe 3"),
        )
        .unwrap();
        Log {
            _dir: dir,
            path,
            key,
        }
    }

    fn first_line_of(report: &CustodyReport) -> u64 {
        report
            .findings
            .first()
            .and_then(|finding| finding.place.line)
            .unwrap_or(0)
    }

    fn first_kind_of(report: &CustodyReport) -> Option<CustodyFindingKind> {
        report.findings.first().map(|finding| finding.kind)
    }

    #[test]
    fn intact_log_verifies() {
        let report = log().check();
        assert!(report.intact(), "{:?}", report.findings);
        assert_eq!(report.entries.len(), 4);
        assert_eq!(
            report.entries[2].entry.evidence_id.as_str(),
            "ev",
            "evidence id taken from the log"
        );
    }

    #[test]
    fn deleted_entry_is_detected_at_its_place() {
        let log = log();
        let mut lines = log.lines();
        lines.remove(1);
        log.write(&lines);
        let report = log.check();
        assert!(!report.intact());
        assert_eq!(first_line_of(&report), 2);
        assert_eq!(first_kind_of(&report), Some(CustodyFindingKind::Sequence));
        assert_eq!(report.verdict(), Verdict::NotIntact);
    }

    #[test]
    fn reordered_entries_are_detected() {
        let log = log();
        let mut lines = log.lines();
        lines.swap(1, 2);
        log.write(&lines);
        assert_eq!(first_line_of(&log.check()), 2);
    }

    #[test]
    fn duplicated_or_inserted_entry_is_detected() {
        let log = log();
        let mut lines = log.lines();
        lines.insert(2, lines[1].clone());
        log.write(&lines);
        let report = log.check();
        assert_eq!(first_line_of(&report), 3);
        assert_eq!(first_kind_of(&report), Some(CustodyFindingKind::Sequence));
        assert!(
            report.findings[0].message.contains("sequence number"),
            "{:?}",
            report.findings
        );
    }

    #[test]
    fn any_changed_byte_is_detected() {
        let original = log();
        let lines = original.lines();
        let total: usize = lines.iter().map(Vec::len).sum();
        // Every byte of every line (but the newlines, whose removal is a torn or merged line, covered apart).
        for position in 0..total {
            let mut bytes = lines.concat();
            if bytes[position] == b'\n' {
                continue;
            }
            bytes[position] ^= 0x01;
            std::fs::write(&original.path, &bytes).unwrap();
            let report = original.check();
            assert!(
                !report.findings.is_empty(),
                "flip at byte {position} went unnoticed"
            );
        }
    }

    #[test]
    fn torn_last_line_is_reported_and_earlier_entries_still_verify() {
        let log = log();
        let mut lines = log.lines();
        let last = lines.pop().unwrap();
        lines.push(last[..last.len() / 2].to_vec());
        log.write(&lines);
        let report = log.check();
        assert_eq!(report.entries.len(), 3);
        assert_eq!(report.findings.len(), 1);
        assert!(report.findings[0].message.contains("torn"));
        assert_eq!(report.findings[0].kind, CustodyFindingKind::TornLine);
        assert_eq!(report.findings[0].place.line, Some(4));
        let refused = append(&log.path, &log.key, Draft::new("note", "")).unwrap_err();
        assert!(refused.to_string().contains("torn"), "{refused}");
    }

    #[test]
    fn unknown_signer_and_unauthenticated_logs() {
        let log = log();
        let stranger = SecretKey::generate().unwrap();
        append(&log.path, &stranger, Draft::new("note", "")).unwrap();
        let report = log.check();
        assert_eq!(first_line_of(&report), 5);
        assert!(report.findings[0].message.contains("not in the keyring"));
        let unchecked = verify_log(&log.path, None, &Keyring::default()).unwrap();
        assert!(unchecked.findings.is_empty());
        assert!(
            !unchecked.intact(),
            "without keys the chain is not authenticated"
        );
    }

    #[test]
    fn swapped_archive_is_detected() {
        let log = log();
        let archive = log.path.with_file_name("ev.tar.zst");
        std::fs::write(&archive, b"another archive").unwrap();
        let report = verify_log(
            &log.path,
            Some(&archive),
            &Keyring::from_public_keys(vec![log.key.public_key()]),
        )
        .unwrap();
        assert!(report
            .findings
            .iter()
            .any(|f| f.message.contains("not the one sealed")));
    }

    #[test]
    fn fields_from_a_newer_version_are_kept_and_signed() {
        let log = log();
        let mut lines = log.lines();
        let last = split_line(lines[3].strip_suffix(b"\n").unwrap()).unwrap();
        let mut entry = last.entry.clone();
        entry.extra.insert("witness".into(), "huissier".into());
        let mut line = encode_line(&entry, |bytes| log.key.sign_bytes(bytes)).unwrap();
        line.push(b'\n');
        lines[3] = line;
        log.write(&lines);
        let report = log.check();
        assert!(report.intact(), "{:?}", report.findings);
        assert_eq!(report.entries[3].entry.extra["witness"], "huissier");
    }

    #[test]
    fn concurrent_appends_all_land_in_one_chain() {
        let log = log();
        let threads: Vec<_> = (0..4)
            .map(|_| {
                let path = log.path.clone();
                let key_text = log
                    .key
                    .to_file_text(None, scelle_sign::ScryptCost::MINISIGN_DEFAULT)
                    .unwrap();
                std::thread::spawn(move || {
                    let key = scelle_sign::SecretKeyFile::parse(&key_text, "k")
                        .unwrap()
                        .open(None)
                        .unwrap();
                    for _ in 0..25 {
                        append(&path, &key, Draft::new("note", "")).unwrap();
                    }
                })
            })
            .collect();
        for thread in threads {
            thread.join().unwrap();
        }
        let report = log.check();
        assert!(report.intact(), "{:?}", report.findings);
        assert_eq!(report.entries.len(), 104);
    }
}
