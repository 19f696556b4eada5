//! `scelle verify` on intact archives and on one broken fixture per kind of
//! finding (`fail_*`), plus hostile archives built by hand.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use scelle_verify::{FindingKind, Report, SignatureStatus};

use crate::util::{clear_key, extract_with_tar, freeze, run, scelle, Run};

const ID: &str = "fx";

/// A fresh small sealed scene.
struct Fixture {
    _dir: tempfile::TempDir,
    root: PathBuf,
    archive: PathBuf,
    public_key: PathBuf,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    let scene = root.join("s");
    fs::create_dir_all(scene.join("sub")).unwrap();
    fs::write(scene.join("a.txt"), "first file\n").unwrap();
    fs::write(scene.join("b.log"), "second file\n").unwrap();
    fs::write(scene.join("sub/c.bin"), [0u8, 1, 2, 3, 255]).unwrap();
    let out = root.join("out");
    fs::create_dir(&out).unwrap();
    let frozen = freeze(&out, ID, &[&scene], &[]);
    frozen.run.expect(0);
    Fixture {
        _dir: dir,
        root,
        archive: frozen.archive,
        public_key: frozen.public_key,
    }
}

/// Members of an archive as (name, content), through the tar crate.
pub(crate) fn members(archive: &Path) -> Vec<(String, Vec<u8>)> {
    let tar = zstd::stream::decode_all(fs::File::open(archive).unwrap()).unwrap();
    let mut reader = tar::Archive::new(&tar[..]);
    reader
        .entries()
        .unwrap()
        .map(|entry| {
            let mut entry = entry.unwrap();
            let name = String::from_utf8(entry.path_bytes().into_owned()).unwrap();
            let mut data = Vec::new();
            entry.read_to_end(&mut data).unwrap();
            (name, data)
        })
        .collect()
}

/// One raw member: any name bytes, any type, no validation (to build hostile archives).
pub(crate) fn raw_member(tar: &mut Vec<u8>, name: &[u8], typeflag: u8, link: &[u8], data: &[u8]) {
    let mut header = tar::Header::new_ustar();
    header.set_size(data.len() as u64);
    header.set_mode(0o644);
    header.set_mtime(0);
    {
        let ustar = header.as_ustar_mut().unwrap();
        ustar.name[..name.len()].copy_from_slice(name);
        ustar.typeflag[0] = typeflag;
        ustar.linkname[..link.len()].copy_from_slice(link);
    }
    header.set_cksum();
    tar.extend_from_slice(header.as_bytes());
    tar.extend_from_slice(data);
    tar.resize(tar.len().div_ceil(512) * 512, 0);
}

/// A tar of regular members, ended properly.
pub(crate) fn tar_of(members: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut tar = Vec::new();
    for (name, data) in members {
        raw_member(&mut tar, name.as_bytes(), b'0', b"", data);
    }
    tar.extend_from_slice(&[0u8; 1024]);
    tar
}

/// A tar of `members` with the canonical headers scelle writes, each
/// member keeping the mtime it has in `original` (a new member takes that of
/// `bagit.txt`): a forger who knows the format, so only the change made shows.
pub(crate) fn canonical_tar_of(original: &Path, members: &[(String, Vec<u8>)]) -> Vec<u8> {
    let tar = zstd::stream::decode_all(fs::File::open(original).unwrap()).unwrap();
    let mut mtimes = std::collections::HashMap::new();
    for entry in tar::Archive::new(&tar[..]).entries().unwrap() {
        let entry = entry.unwrap();
        let name = String::from_utf8(entry.path_bytes().into_owned()).unwrap();
        mtimes.insert(name, entry.header().mtime().unwrap());
    }
    let tag_mtime = mtimes
        .iter()
        .find(|(name, _)| name.ends_with("/bagit.txt"))
        .map_or(0, |(_, mtime)| *mtime);
    let mut out = Vec::new();
    for (name, data) in members {
        let mtime = mtimes.get(name).copied().unwrap_or(tag_mtime);
        out.extend_from_slice(&scelle_archive::member_header(
            name,
            data.len() as u64,
            mtime,
        ));
        out.extend_from_slice(data);
        out.resize(out.len().next_multiple_of(512), 0);
    }
    out.extend_from_slice(&[0u8; 1024]);
    out
}

pub(crate) fn compress(tar: &[u8]) -> Vec<u8> {
    let mut encoder = zstd::stream::write::Encoder::new(Vec::new(), 3).unwrap();
    encoder.include_checksum(true).unwrap();
    std::io::Write::write_all(&mut encoder, tar).unwrap();
    encoder.finish().unwrap()
}

/// Writes `fail_<name>.tar.zst` beside the fixture.
fn write_fixture(fixture: &Fixture, name: &str, archive: &[u8]) -> PathBuf {
    let path = fixture.root.join(format!("fail_{name}.tar.zst"));
    fs::write(&path, archive).unwrap();
    path
}

fn sha256_hex(data: &[u8]) -> String {
    scelle_hash::Sha256Digest::of(data).to_string()
}

/// Rewrites tagmanifest-sha256.txt (and optionally manifest-sha256.txt) to
/// match the members, as a forger who knows BagIt would.
pub(crate) fn recompute_bag_manifests(
    members: &mut [(String, Vec<u8>)],
    id: &str,
    payload_too: bool,
) {
    let prefix = format!("{id}/");
    if payload_too {
        let lines: String = members
            .iter()
            .filter_map(|(name, data)| {
                name.strip_prefix(&prefix)
                    .filter(|rel| rel.starts_with("data/"))
                    .map(|rel| format!("{}  {rel}\n", sha256_hex(data)))
            })
            .collect();
        set(
            members,
            &format!("{prefix}manifest-sha256.txt"),
            lines.into_bytes(),
        );
    }
    let tags: String = members
        .iter()
        .filter_map(|(name, data)| {
            let rel = name.strip_prefix(&prefix)?;
            (!rel.starts_with("data/") && !rel.starts_with("tagmanifest-sha256.txt"))
                .then(|| format!("{}  {rel}\n", sha256_hex(data)))
        })
        .collect();
    set(
        members,
        &format!("{prefix}tagmanifest-sha256.txt"),
        tags.into_bytes(),
    );
}

/// Replaces the content of member `name`.
fn set(members: &mut [(String, Vec<u8>)], name: &str, data: Vec<u8>) {
    members.iter_mut().find(|(n, _)| n == name).unwrap().1 = data;
}

fn verify_with(archive: &Path, extra: &[&str]) -> (Run, Report) {
    let run = run(scelle().args(["verify", "--json"]).args(extra).arg(archive));
    let report: Report = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|error| panic!("{error}: {}{}", run.stdout, run.stderr));
    let whole: scelle_core::ops::verify::VerifyReport = crate::util::typed(&run.stdout);
    assert_eq!(whole.report, report);
    assert_eq!(whole.verdict, report.verdict());
    (run, report)
}

/// Verifies with the fixture's key, pinned by its fingerprint as an expert
/// reads it from the procès-verbal.
fn verify(fixture: &Fixture, archive: &Path) -> (Run, Report) {
    let fingerprint = crate::util::fingerprint_of(&fixture.public_key);
    verify_with(
        archive,
        &[
            "--pubkey",
            fixture.public_key.to_str().unwrap(),
            "--fingerprint",
            &fingerprint,
        ],
    )
}

#[track_caller]
fn assert_finding(report: &Report, kind: FindingKind, member_ends_with: &str) {
    assert!(
        report.findings.iter().any(|finding| finding.kind == kind
            && finding
                .place
                .member
                .as_deref()
                .unwrap_or("")
                .ends_with(member_ends_with)),
        "expected a {kind:?} finding on …{member_ends_with}, got {:#?}",
        report.findings
    );
}

#[track_caller]
fn assert_fails(run: &Run, report: &Report) {
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(!report.intact());
    assert!(report.findings_total > 0);
}

#[test]
fn intact_archive_verifies_and_json_parses_back() {
    let fixture = fixture();
    let seal = sha256_hex(&fs::read(&fixture.archive).unwrap());
    let (run, report) = verify_with(
        &fixture.archive,
        &[
            "--pubkey",
            fixture.public_key.to_str().unwrap(),
            "--expect",
            &seal,
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(report.intact());
    assert_eq!(report.signature.status, SignatureStatus::Verified);
    assert_eq!(report.payload_files, 3);
    assert_eq!(report.evidence_id.as_deref(), Some(ID));
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["verdict"], "intact");

    // The same members with the same canonical headers, padded to a
    // 10240-byte record as GNU tar and Python's tarfile do: still intact.
    let mut padded = canonical_tar_of(&fixture.archive, &members(&fixture.archive));
    padded.resize(padded.len().next_multiple_of(10240), 0);
    let repadded = write_fixture(&fixture, "repadded", &compress(&padded));
    let (run, report) = verify(&fixture, &repadded);
    assert_eq!(run.code, 0, "{:#?}", report.findings);

    // Rebuilt by another tar writer (mode 0644, mtime 0): every header is a
    // finding of its own kind, and nothing else is.
    let rebuilt = write_fixture(
        &fixture,
        "rebuilt_by_another_writer",
        &compress(&tar_of(&members(&fixture.archive))),
    );
    let (run, report) = verify(&fixture, &rebuilt);
    assert_fails(&run, &report);
    assert!(
        report
            .findings
            .iter()
            .all(|finding| finding.kind == FindingKind::NonCanonicalHeader),
        "{:#?}",
        report.findings
    );
    assert_eq!(report.findings_total, report.members, "one per member");
}

#[test]
fn without_a_public_key_the_signer_is_not_authenticated() {
    let fixture = fixture();
    let (run, report) = verify_with(&fixture.archive, &[]);
    assert_eq!(run.code, 1);
    assert_eq!(report.signature.status, SignatureStatus::NotChecked);
    assert_eq!(report.findings_total, 0);
    assert!(run.stdout.contains("\"verdict\": \"unauthenticated\""));
    let allowed = crate::util::run(
        scelle()
            .args(["verify", "--allow-unauthenticated"])
            .arg(&fixture.archive),
    )
    .expect(0);
    assert!(
        allowed.stdout.contains("NOT AUTHENTICATED"),
        "{}",
        allowed.stdout
    );
}

#[test]
fn extracted_bag_directory_verifies_and_changes_are_caught() {
    let fixture = fixture();
    let bag = extract_with_tar(&fixture.archive, &fixture.root, ID);
    let renamed = fixture.root.join("renamed-by-the-expert");
    fs::rename(&bag, &renamed).unwrap();
    let (run, _) = verify(&fixture, &renamed);
    assert_eq!(run.code, 0, "{}", run.stdout);

    let file = renamed
        .join("data/files")
        .join(fixture.root.strip_prefix("/").unwrap())
        .join("s/a.txt");
    fs::write(&file, "first filE\n").unwrap();
    std::os::unix::fs::symlink("/etc/passwd", renamed.join("data/files/planted")).unwrap();
    let (run, report) = verify(&fixture, &renamed);
    assert_fails(&run, &report);
    assert_finding(&report, FindingKind::ContentMismatch, "s/a.txt");
    assert_finding(&report, FindingKind::NotRegularFile, "data/files/planted");
}

#[test]
fn fail_special_files_in_a_bag_directory_are_findings_and_never_block() {
    // A FIFO as bag-info.txt, as a payload file and as the record: opening
    // one for reading would wait forever for a writer. `timeout` turns a
    // hang into a failed assertion instead of a stuck suite.
    let fixture = fixture();
    let bag = extract_with_tar(&fixture.archive, &fixture.root, ID);
    let fifo = |path: &Path| {
        fs::remove_file(path).unwrap();
        nix::unistd::mkfifo(path, nix::sys::stat::Mode::from_bits_truncate(0o600)).unwrap();
    };
    fifo(&bag.join("bag-info.txt"));
    fifo(&bag.join("scelle/manifest.json"));
    let payload = bag
        .join("data/files")
        .join(fixture.root.strip_prefix("/").unwrap())
        .join("s/a.txt");
    fifo(&payload);
    let done = run(Command::new("timeout")
        .arg("60")
        .arg(env!("CARGO_BIN_EXE_scelle"))
        .env("LC_ALL", crate::util::ENGLISH)
        .args(["verify", "--json", "--pubkey"])
        .arg(&fixture.public_key)
        .arg(&bag));
    assert_eq!(done.code, 1, "{}{}", done.stdout, done.stderr);
    let report: Report = serde_json::from_str(&done.stdout).unwrap();
    assert_finding(&report, FindingKind::NotRegularFile, "bag-info.txt");
    assert_finding(&report, FindingKind::NotRegularFile, "scelle/manifest.json");
    assert_finding(&report, FindingKind::NotRegularFile, "s/a.txt");
    let inspected = run(Command::new("timeout")
        .arg("60")
        .arg(env!("CARGO_BIN_EXE_scelle"))
        .env("LC_ALL", crate::util::ENGLISH)
        .arg("inspect")
        .arg(&bag));
    assert_eq!(
        inspected.code, 2,
        "refused, not stuck: {}",
        inspected.stderr
    );
}

#[test]
fn fail_member_content_changed() {
    let fixture = fixture();
    let mut members = members(&fixture.archive);
    let target = members
        .iter_mut()
        .find(|(name, _)| name.ends_with("a.txt"))
        .unwrap();
    target.1 = b"first filE\n".to_vec();
    let archive = write_fixture(
        &fixture,
        "member_content_changed",
        &compress(&tar_of(&members)),
    );
    let (run, report) = verify(&fixture, &archive);
    assert_fails(&run, &report);
    assert_finding(&report, FindingKind::ContentMismatch, "s/a.txt");
    let finding = report
        .findings
        .iter()
        .find(|f| f.kind == FindingKind::ContentMismatch)
        .unwrap();
    assert_eq!(
        finding.found.as_deref(),
        Some(sha256_hex(b"first filE\n").as_str())
    );
    assert_eq!(
        finding.expected.as_deref(),
        Some(sha256_hex(b"first file\n").as_str())
    );
}

#[test]
fn fail_payload_changed_with_bag_manifests_recomputed() {
    let fixture = fixture();
    let mut members = members(&fixture.archive);
    members
        .iter_mut()
        .find(|(name, _)| name.ends_with("b.log"))
        .unwrap()
        .1 = b"forged file\n".to_vec();
    recompute_bag_manifests(&mut members, ID, true);
    let archive = write_fixture(
        &fixture,
        "payload_changed_bag_recomputed",
        &compress(&canonical_tar_of(&fixture.archive, &members)),
    );
    // bagit-python alone would accept this bag; the signed manifest.json and
    // the signed tag manifest do not.
    let (run, report) = verify(&fixture, &archive);
    assert_fails(&run, &report);
    let finding = report
        .findings
        .iter()
        .find(|f| f.kind == FindingKind::ContentMismatch)
        .unwrap();
    assert!(finding.message.contains("manifest.json"), "{finding:?}");
    assert_finding(
        &report,
        FindingKind::Signature,
        "tagmanifest-sha256.txt.minisig",
    );
    // Same length, so Payload-Oxum still agrees: only the signed records can tell.
    assert_eq!(report.findings_total, 2, "{:#?}", report.findings);
}

#[test]
fn fail_member_removed() {
    let fixture = fixture();
    let mut members = members(&fixture.archive);
    members.retain(|(name, _)| !name.ends_with("c.bin"));
    let archive = write_fixture(&fixture, "member_removed", &compress(&tar_of(&members)));
    let (run, report) = verify(&fixture, &archive);
    assert_fails(&run, &report);
    assert_finding(&report, FindingKind::MissingMember, "sub/c.bin");
}

#[test]
fn fail_member_added() {
    let fixture = fixture();
    let mut members = members(&fixture.archive);
    let position = members
        .iter()
        .position(|(name, _)| name.ends_with("manifest-sha256.txt"))
        .unwrap();
    members.insert(
        position,
        (format!("{ID}/data/files/planted.php"), b"<?php ?>".to_vec()),
    );
    let archive = write_fixture(&fixture, "member_added", &compress(&tar_of(&members)));
    let (run, report) = verify(&fixture, &archive);
    assert_fails(&run, &report);
    assert_finding(&report, FindingKind::UnlistedMember, "planted.php");
}

#[test]
fn fail_bag_manifest_and_manifest_json_disagree() {
    let fixture = fixture();
    let mut members = members(&fixture.archive);
    let name = format!("{ID}/manifest-sha256.txt");
    let text =
        String::from_utf8(members.iter().find(|(n, _)| *n == name).unwrap().1.clone()).unwrap();
    let forged = text.replacen(&sha256_hex(b"first file\n"), &sha256_hex(b"other"), 1);
    assert_ne!(forged, text);
    set(
        &mut members,
        &format!("{ID}/manifest-sha256.txt"),
        forged.into_bytes(),
    );
    recompute_bag_manifests(&mut members, ID, false);
    let archive = write_fixture(&fixture, "manifests_disagree", &compress(&tar_of(&members)));
    let (run, report) = verify(&fixture, &archive);
    assert_fails(&run, &report);
    let finding = report
        .findings
        .iter()
        .find(|f| f.kind == FindingKind::ContentMismatch)
        .unwrap();
    assert!(
        finding.message.contains("manifest-sha256.txt"),
        "{finding:?}"
    );
}

#[test]
fn fail_duplicate_member() {
    let fixture = fixture();
    let mut members = members(&fixture.archive);
    let copy = members
        .iter()
        .find(|(name, _)| name.ends_with("a.txt"))
        .unwrap()
        .clone();
    let position = members
        .iter()
        .position(|(name, _)| name.ends_with("a.txt"))
        .unwrap();
    members.insert(position + 1, (copy.0, b"second version".to_vec()));
    let archive = write_fixture(&fixture, "duplicate_member", &compress(&tar_of(&members)));
    let (run, report) = verify(&fixture, &archive);
    assert_fails(&run, &report);
    assert_finding(&report, FindingKind::DuplicateMember, "s/a.txt");
}

#[test]
fn fail_members_reordered() {
    let fixture = fixture();
    let mut members = members(&fixture.archive);
    let first = members
        .iter()
        .position(|(name, _)| name.ends_with("a.txt"))
        .unwrap();
    members.swap(first, first + 1);
    let archive = write_fixture(&fixture, "members_reordered", &compress(&tar_of(&members)));
    let (run, report) = verify(&fixture, &archive);
    assert_fails(&run, &report);
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.kind == FindingKind::MemberOrder),
        "{:#?}",
        report.findings
    );
}

#[test]
fn fail_hostile_names_and_links() {
    let fixture = fixture();
    let mut tar = Vec::new();
    for (name, data) in members(&fixture.archive) {
        raw_member(&mut tar, name.as_bytes(), b'0', b"", &data);
    }
    raw_member(&mut tar, b"other-bag/x", b'0', b"", b"outside");
    raw_member(
        &mut tar,
        format!("{ID}/data/files/../../../../tmp/escape").as_bytes(),
        b'0',
        b"",
        b"dotdot",
    );
    raw_member(&mut tar, b"/etc/cron.d/evil", b'0', b"", b"absolute");
    raw_member(
        &mut tar,
        format!("{ID}/data/files/link").as_bytes(),
        b'2',
        b"/etc",
        b"",
    );
    raw_member(
        &mut tar,
        format!("{ID}/data/files/link/passwd").as_bytes(),
        b'0',
        b"",
        b"through the link",
    );
    raw_member(
        &mut tar,
        format!("{ID}/data/files/hard").as_bytes(),
        b'1',
        b"/etc/passwd",
        b"",
    );
    tar.extend_from_slice(&[0u8; 1024]);
    let archive = write_fixture(&fixture, "hostile_names", &compress(&tar));
    let (run, report) = verify(&fixture, &archive);
    assert_fails(&run, &report);
    assert_finding(&report, FindingKind::UnexpectedMember, "other-bag/x");
    assert_finding(&report, FindingKind::UnsafeName, "tmp/escape");
    assert_finding(&report, FindingKind::UnsafeName, "/etc/cron.d/evil");
    assert_finding(&report, FindingKind::NotRegularFile, "data/files/link");
    assert_finding(&report, FindingKind::NotRegularFile, "data/files/hard");
    assert_finding(
        &report,
        FindingKind::UnlistedMember,
        "data/files/link/passwd",
    );
}

#[test]
fn fail_signature_missing_corrupt_or_by_another_key() {
    let fixture = fixture();
    let mut without = members(&fixture.archive);
    without.retain(|(name, _)| !name.ends_with(".minisig"));
    let archive = write_fixture(&fixture, "signature_missing", &compress(&tar_of(&without)));
    let (run, report) = verify(&fixture, &archive);
    assert_fails(&run, &report);
    assert_eq!(report.signature.status, SignatureStatus::Missing);
    assert_finding(&report, FindingKind::TagFile, "manifest.json.minisig");

    let mut corrupt = members(&fixture.archive);
    let signature = corrupt
        .iter_mut()
        .find(|(name, _)| name.ends_with(".minisig"))
        .unwrap();
    let text = String::from_utf8(signature.1.clone()).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    lines[1] = flip_last_signature_byte(&lines[1]);
    signature.1 = (lines.join("\n") + "\n").into_bytes();
    recompute_bag_manifests(&mut corrupt, ID, false);
    let archive = write_fixture(&fixture, "signature_corrupt", &compress(&tar_of(&corrupt)));
    let (run, report) = verify(&fixture, &archive);
    assert_fails(&run, &report);
    assert!(matches!(
        report.signature.status,
        SignatureStatus::Invalid | SignatureStatus::Missing
    ));
    assert_finding(&report, FindingKind::Signature, "manifest.json.minisig");

    let (_, other_public) = clear_key(&fixture.root, "other");
    let (run, report) = verify_with(
        &fixture.archive,
        &["--pubkey", other_public.to_str().unwrap()],
    );
    assert_fails(&run, &report);
    assert_eq!(report.signature.status, SignatureStatus::OtherKey);
    // One finding names both keys; the tag manifest's signature by the same
    // other key is counted as its consequence, not said again.
    assert_eq!(report.findings_total, 1, "{:#?}", report.findings);
    let finding = &report.findings[0];
    assert_eq!(finding.kind, FindingKind::Signature);
    assert!(
        finding.message.contains("another key than the one given"),
        "{finding:?}"
    );
    let given = fs::read_to_string(&other_public).unwrap();
    let given_id = given.lines().next().unwrap().rsplit(' ').next().unwrap();
    assert!(
        finding.expected.as_ref().unwrap().starts_with(given_id),
        "{finding:?}"
    );
    assert!(
        finding.expected.as_ref().unwrap().contains("SHA256:"),
        "{finding:?}"
    );
    assert!(
        finding.found.as_ref().unwrap().contains("SHA256:"),
        "{finding:?}"
    );
    assert_eq!(report.knock_on.len(), 1, "{:?}", report.knock_on);
    assert_eq!(report.knock_on[0].kind, FindingKind::Signature);
    let shown = crate::util::run(
        scelle()
            .arg("verify")
            .arg("--pubkey")
            .arg(&other_public)
            .arg(&fixture.archive),
    )
    .expect(1);
    let text = &shown.stdout;
    assert!(text.contains("NOT by the key you gave"), "{text}");
    let line = text.lines().find(|line| line.contains(".minisig")).unwrap();
    assert_eq!(
        line.matches(".minisig").count(),
        1,
        "member named twice: {line}"
    );
}

#[test]
fn fail_manifest_changed_and_resigned_by_another_key() {
    let fixture = fixture();
    let mut members = members(&fixture.archive);
    let manifest_name = format!("{ID}/scelle/manifest.json");
    let manifest = members
        .iter()
        .find(|(n, _)| *n == manifest_name)
        .unwrap()
        .1
        .clone();
    let forged = String::from_utf8(manifest).unwrap().replacen(
        "\"case_id\":null",
        "\"case_id\":\"FORGED\"",
        1,
    );
    let work = fixture.root.join("forge");
    fs::create_dir(&work).unwrap();
    fs::write(work.join("manifest.json"), &forged).unwrap();
    let (other_secret, _) = clear_key(&work, "forger");
    run(scelle()
        .args([
            "sign",
            "--trusted-comment",
            &format!("evidence:{ID} file:scelle/manifest.json"),
            "--key",
        ])
        .arg(&other_secret)
        .arg(work.join("manifest.json")))
    .expect(0);
    set(
        &mut members,
        &format!("{ID}/scelle/manifest.json"),
        forged.into_bytes(),
    );
    set(
        &mut members,
        &format!("{ID}/scelle/manifest.json.minisig"),
        fs::read(work.join("manifest.json.minisig")).unwrap(),
    );
    recompute_bag_manifests(&mut members, ID, false);
    let archive = write_fixture(
        &fixture,
        "manifest_resigned_by_other_key",
        &compress(&tar_of(&members)),
    );
    let (run, report) = verify(&fixture, &archive);
    assert_fails(&run, &report);
    assert_eq!(report.signature.status, SignatureStatus::OtherKey);
    assert_finding(&report, FindingKind::Signature, "manifest.json.minisig");
}

#[test]
fn fail_truncated_and_trailing_bytes() {
    let fixture = fixture();
    let bytes = fs::read(&fixture.archive).unwrap();
    let truncated = write_fixture(&fixture, "truncated", &bytes[..bytes.len() * 2 / 3]);
    let (run, report) = verify(&fixture, &truncated);
    assert_fails(&run, &report);
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.kind == FindingKind::Truncated),
        "{:#?}",
        report.findings
    );

    let mut appended = bytes.clone();
    appended.extend_from_slice(b"appended");
    let after_frame = write_fixture(&fixture, "bytes_after_zstd_frame", &appended);
    let (run, report) = verify(&fixture, &after_frame);
    assert_fails(&run, &report);
    assert!(report
        .findings
        .iter()
        .any(|f| f.kind == FindingKind::TrailingData && f.message.contains("zstd frame")));

    let mut tar = tar_of(&members(&fixture.archive));
    tar.extend_from_slice(b"hidden after the end marker");
    let after_tar = write_fixture(&fixture, "bytes_after_tar_end", &compress(&tar));
    let (run, report) = verify(&fixture, &after_tar);
    assert_fails(&run, &report);
    assert!(report
        .findings
        .iter()
        .any(|f| f.kind == FindingKind::TrailingData && f.message.contains("tar archive")));
}

#[test]
fn fail_seal_mismatch() {
    let fixture = fixture();
    let wrong = "0".repeat(64);
    let (run, report) = verify_with(
        &fixture.archive,
        &[
            "--pubkey",
            fixture.public_key.to_str().unwrap(),
            "--expect",
            &wrong,
        ],
    );
    assert_fails(&run, &report);
    assert!(report
        .findings
        .iter()
        .any(|f| f.kind == FindingKind::SealMismatch));
}

#[test]
fn fail_pax_header_claiming_2_pow_60_bytes() {
    let fixture = fixture();
    let mut tar = Vec::new();
    let mut header = tar::Header::new_ustar();
    header.set_entry_type(tar::EntryType::XHeader);
    header.set_size(1 << 60);
    header.set_cksum();
    tar.extend_from_slice(header.as_bytes());
    tar.extend_from_slice(&[0u8; 4096]);
    let archive = write_fixture(&fixture, "pax_2_pow_60", &compress(&tar));
    let (run, report) = verify(&fixture, &archive);
    assert_fails(&run, &report);
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.kind == FindingKind::TarStructure),
        "{:#?}",
        report.findings
    );
}

/// Peak resident memory of a verify run, in KiB, via GNU time.
fn verify_peak_rss_kib(fixture: &Fixture, archive: &Path) -> (i32, u64) {
    let output = Command::new("/usr/bin/time")
        .args(["-f", "%M"])
        .arg(env!("CARGO_BIN_EXE_scelle"))
        .env("LC_ALL", crate::util::ENGLISH)
        .arg("verify")
        .arg("--pubkey")
        .arg(&fixture.public_key)
        .arg(archive)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let peak = stderr.lines().last().unwrap().trim().parse().unwrap();
    (output.status.code().unwrap(), peak)
}

#[test]
fn ten_gib_of_zeros_compressed_to_kilobytes_is_checked_in_bounded_memory() {
    let fixture = fixture();
    let path = fixture.root.join("fail_zero_bomb.tar.zst");
    {
        let file = fs::File::create(&path).unwrap();
        let mut encoder = zstd::stream::write::Encoder::new(file, 1).unwrap();
        encoder.include_checksum(true).unwrap();
        encoder.multithread(2).unwrap();
        let mut tar = Vec::new();
        let mut header = tar::Header::new_ustar();
        header.set_size(10 << 30);
        header.set_mode(0o644);
        header.as_ustar_mut().unwrap().name[..15].copy_from_slice(b"fx/data/files/z");
        header.set_cksum();
        tar.extend_from_slice(header.as_bytes());
        std::io::Write::write_all(&mut encoder, &tar).unwrap();
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..(10 << 10) {
            std::io::Write::write_all(&mut encoder, &zeros).unwrap();
        }
        std::io::Write::write_all(&mut encoder, &[0u8; 1024]).unwrap();
        encoder.finish().unwrap();
    }
    assert!(
        fs::metadata(&path).unwrap().len() < 4 << 20,
        "the bomb should be small"
    );
    let (code, peak_kib) = verify_peak_rss_kib(&fixture, &path);
    assert_eq!(code, 1);
    assert!(peak_kib < 256 * 1024, "verify used {peak_kib} KiB");
}

/// The base64 signature line of a `.minisig` with the last byte of the
/// Ed25519 signature inverted: always a different, invalid signature.
fn flip_last_signature_byte(line: &str) -> String {
    use base64::Engine;
    let engine = base64::engine::general_purpose::STANDARD;
    let mut bytes = engine.decode(line.trim()).unwrap();
    *bytes.last_mut().unwrap() ^= 0xff;
    engine.encode(bytes)
}

#[test]
fn a_verdict_is_intact_only_when_anchored_in_the_proces_verbal() {
    let fixture = fixture();
    let public = fixture.public_key.to_str().unwrap();
    let seal = crate::util::seal_of(&fixture.archive);
    let fingerprint = crate::util::fingerprint_of(&fixture.public_key);
    let anchors = |extra: &[&str]| {
        let (run, report) = verify_with(&fixture.archive, extra);
        (run.code, report.anchors.clone(), report)
    };

    // A key handed over with the archive proves nothing by itself.
    let (code, found, report) = anchors(&["--pubkey", public]);
    assert_eq!((code, found), (4, vec![]));
    assert_eq!(report.verdict(), scelle_verify::Verdict::Authentic);
    let text = run(scelle()
        .args(["verify", "--pubkey", public])
        .arg(&fixture.archive));
    assert_eq!(text.code, 4);
    assert!(
        text.stdout
            .contains("AUTHENTIC — seal not compared with the procès-verbal"),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout
            .contains(&format!("key SHA-256: SHA256:{fingerprint}")),
        "the full fingerprint is shown: {}",
        text.stdout
    );

    let (code, found, _) = anchors(&["--pubkey", public, "--expect", &seal]);
    assert_eq!((code, found), (0, vec![scelle_verify::Anchor::Seal]));
    let pinned = format!("SHA256:{fingerprint}");
    let (code, found, _) = anchors(&["--pubkey", public, "--fingerprint", &pinned]);
    assert_eq!((code, found), (0, vec![scelle_verify::Anchor::Fingerprint]));
    let keyring = crate::util::keyring_for(&fixture.public_key, "Jean Dupont");
    let (code, found, _) = anchors(&["--keyring", keyring.to_str().unwrap()]);
    assert_eq!((code, found), (0, vec![scelle_verify::Anchor::Keyring]));

    // Another key's fingerprint: a finding of its own kind.
    let (_, other) = clear_key(&fixture.root, "other");
    let other_fingerprint = crate::util::fingerprint_of(&other);
    let (code, _, report) = anchors(&["--pubkey", public, "--fingerprint", &other_fingerprint]);
    assert_eq!(code, 1);
    assert_finding(&report, FindingKind::KeyNotPinned, "manifest.json.minisig");

    let refused = run(scelle()
        .args(["verify", "--fingerprint", &fingerprint])
        .arg(&fixture.archive));
    assert_eq!(refused.code, 2);
    assert!(
        refused.stderr.contains("give the responder's .pub file"),
        "{}",
        refused.stderr
    );
}

#[test]
fn fail_another_evidence_renamed_to_this_name_is_flagged_and_fails_the_seal() {
    let fixture = fixture();
    let seal = crate::util::seal_of(&fixture.archive);
    // A genuine seal of other evidence, by the same responder, given this one's name.
    let out = fixture.root.join("other");
    fs::create_dir(&out).unwrap();
    fs::copy(fixture.root.join("out/k.key"), out.join("k.key")).unwrap();
    fs::copy(fixture.root.join("out/k.pub"), out.join("k.pub")).unwrap();
    let scene = fixture.root.join("s");
    let other = freeze(&out, "other-evidence", &[&scene], &[]);
    other.run.expect(0);
    let renamed = fixture.root.join(format!("renamed/{ID}.tar.zst"));
    fs::create_dir(renamed.parent().unwrap()).unwrap();
    fs::rename(&other.archive, &renamed).unwrap();

    let (run, report) = verify(&fixture, &renamed);
    assert_eq!(
        run.code, 0,
        "authentic and pinned: it is intact, as other-evidence"
    );
    assert_eq!(report.evidence_id.as_deref(), Some("other-evidence"));
    let kinds: Vec<_> = report.warnings.iter().map(|w| w.kind).collect();
    assert_eq!(kinds, [FindingKind::FileName]);
    let text = crate::util::run(
        scelle()
            .args(["verify", "--pubkey"])
            .arg(&fixture.public_key)
            .arg(&renamed),
    );
    assert!(text.stdout.contains("WARNING:"), "{}", text.stdout);

    // With the seal hash of the procès-verbal, the swap is a finding.
    let (run, report) = verify_with(
        &renamed,
        &[
            "--pubkey",
            fixture.public_key.to_str().unwrap(),
            "--expect",
            &seal,
        ],
    );
    assert_fails(&run, &report);
    assert_eq!(report.findings[0].kind, FindingKind::SealMismatch);
}

/// Issue #22, "scelle speaks French": `verify` speaks the language of
/// `--lang` or of the locale; `--json` is the same in every language.
#[test]
fn verify_speaks_french_by_the_locale_or_the_flag_and_json_does_not_change() {
    let temp = tempfile::tempdir().unwrap();
    let scene = temp.path().join("scene");
    fs::create_dir(&scene).unwrap();
    fs::write(scene.join("access.log"), "GET /shell.php\n").unwrap();
    let out = temp.path().join("out");
    fs::create_dir(&out).unwrap();
    let frozen = freeze(&out, "fr1", &[&scene], &[]);
    frozen.run.expect(0);
    let seal = scelle_hash::Sha256Digest::of(&fs::read(&frozen.archive).unwrap()).to_string();
    let verify = |locale: &str, extra: &[&str]| {
        run(Command::new(crate::util::scelle_path())
            .env("LC_ALL", locale)
            .arg("verify")
            .args(extra)
            .arg("--pubkey")
            .arg(&frozen.public_key)
            .arg("--expect")
            .arg(&seal)
            .arg(&frozen.archive))
    };
    let by_locale = verify("fr_FR.UTF-8", &[]).expect(0);
    let by_flag = verify("C.UTF-8", &["--lang", "fr"]).expect(0);
    for text in [&by_locale.stdout, &by_flag.stdout] {
        for french in [
            "empreinte SHA-256 : ",
            "(égale à --expect)",
            "anomalies :        aucune",
            "verdict :          INTÈGRE (empreinte du scellé égale à --expect)",
        ] {
            assert!(text.contains(french), "{french:?} missing:\n{text}");
        }
    }
    let english = verify("fr_FR.UTF-8", &["--lang", "en"]).expect(0);
    assert!(
        english
            .stdout
            .contains("verdict:     INTACT (seal hash equal to --expect)"),
        "{}",
        english.stdout
    );

    // A changed byte, said in French: where, what it means, both values.
    let bag = extract_with_tar(&frozen.archive, temp.path(), "fr1");
    let log = bag
        .join("data/files")
        .join(scene.strip_prefix("/").unwrap())
        .join("access.log");
    fs::write(&log, "GET /index.html\n").unwrap();
    let changed = run(Command::new(crate::util::scelle_path())
        .env("LC_ALL", "fr_FR.UTF-8")
        .args(["verify", "--pubkey"])
        .arg(&frozen.public_key)
        .arg(&bag))
    .expect(1);
    for french in [
        "le contenu d'un fichier diffère de l'empreinte consignée : il a été modifié ; attendu : ",
        "; constaté : ",
        "verdict :          NON INTÈGRE",
    ] {
        assert!(
            changed.stdout.contains(french),
            "{french:?} missing:\n{}",
            changed.stdout
        );
    }
    // The JSON is the same document whatever the language.
    let json = |locale: &str| {
        let done = run(Command::new(crate::util::scelle_path())
            .env("LC_ALL", locale)
            .args(["verify", "--json", "--pubkey"])
            .arg(&frozen.public_key)
            .arg(&bag));
        serde_json::from_str::<serde_json::Value>(&done.stdout).unwrap()
    };
    assert_eq!(json("fr_FR.UTF-8"), json("C.UTF-8"));
}
