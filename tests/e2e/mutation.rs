//! The tamper-mutation suite: from a fresh archive and custody log, well over
//! a thousand mutations, every one of which must make verification fail; and
//! a hundred intact archives and logs, every one of which must pass.

use std::fs;
use std::path::{Path, PathBuf};

use scelle_custody::Keyring;
use scelle_sign::{PublicKey, SecretKey, SecretKeyFile, Signer};
use scelle_verify::{verify_archive, Options};

use crate::util::freeze;
use crate::verify::{compress, members, recompute_bag_manifests, tar_of};

/// A sealed scene with files, an image and a command, and its key.
struct Sealed {
    _temp: tempfile::TempDir,
    dir: PathBuf,
    archive: PathBuf,
    log: PathBuf,
    secret: SecretKey,
    public: PublicKey,
    /// SHA-256 of the archive: the seal the expert has.
    seal: scelle_hash::Sha256Digest,
}

fn seal_scene(id: &str, content: &str) -> Sealed {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().to_path_buf();
    let scene = dir.join("s");
    fs::create_dir_all(scene.join("d")).unwrap();
    fs::write(scene.join("a"), content).unwrap();
    fs::write(scene.join("d/b"), format!("{content}{content}")).unwrap();
    let image = dir.join("i.img");
    fs::write(&image, vec![7u8; 3 << 20]).unwrap();
    let frozen = freeze(
        &dir,
        id,
        &[&scene],
        &[
            "--image",
            image.to_str().unwrap(),
            "--piece-size",
            "1M",
            "--command",
            "echo hi",
        ],
    );
    frozen.run.expect(0);
    let secret = SecretKeyFile::load(&dir.join("k.key"))
        .unwrap()
        .open(None)
        .unwrap();
    Sealed {
        seal: scelle_hash::Sha256Digest::of(&fs::read(&frozen.archive).unwrap()),
        log: dir.join(format!("{id}.custody.jsonl")),
        public: secret.public_key(),
        secret,
        archive: frozen.archive,
        dir,
        _temp: temp,
    }
}

fn intact(path: &Path, public: &PublicKey) -> bool {
    intact_against(path, public, None)
}

fn intact_against(
    path: &Path,
    public: &PublicKey,
    seal: Option<scelle_hash::Sha256Digest>,
) -> bool {
    // The key is pinned by its fingerprint, so a verdict is earned by the
    // content checks alone when no seal is given.
    let options = Options {
        public_key: Some(public.clone()),
        expect_seal: seal,
        fingerprint: Some(public.fingerprint()),
        ..Default::default()
    };
    verify_archive(path, &options)
        .expect("verification runs")
        .intact()
}

/// Counts mutations tried and caught.
///
/// Every mutation must fail `verify --pubkey --expect SEAL`, as the expert
/// runs it. Without the seal, a mutation may only pass if the archive still
/// decompresses to exactly the sealed bytes (zstd has bits that do not
/// change the output): those are counted apart, and checked to be harmless.
struct Tally {
    name: &'static str,
    tried: u32,
    content_identical: u32,
    missed: Vec<String>,
}

impl Tally {
    fn new(name: &'static str) -> Self {
        Self {
            name,
            tried: 0,
            content_identical: 0,
            missed: Vec::new(),
        }
    }

    fn check(&mut self, sealed: &Sealed, what: String, bytes: &[u8]) {
        let path = sealed.dir.join("mutant.tar.zst");
        fs::write(&path, bytes).unwrap();
        self.tried += 1;
        if intact_against(&path, &sealed.public, Some(sealed.seal)) {
            self.missed.push(format!("{what} (even with the seal)"));
        } else if intact(&path, &sealed.public) {
            let sealed_tar =
                zstd::stream::decode_all(&fs::read(&sealed.archive).unwrap()[..]).unwrap();
            match zstd::stream::decode_all(bytes) {
                Ok(tar) if tar == sealed_tar => self.content_identical += 1,
                _ => self.missed.push(what),
            }
        }
    }

    fn report(&self) {
        println!(
            "{}: {} mutations, {} caught by the content checks, {} more only by the seal (same decompressed bytes), {} missed",
            self.name,
            self.tried,
            self.tried - self.content_identical - self.missed.len() as u32,
            self.content_identical,
            self.missed.len()
        );
        assert!(
            self.missed.is_empty(),
            "{} went unnoticed: {:?}",
            self.name,
            &self.missed[..self.missed.len().min(10)]
        );
    }
}

#[test]
fn every_archive_mutation_is_caught_and_no_intact_archive_is_flagged() {
    let sealed = seal_scene("mu", "evidence\n");
    let original = fs::read(&sealed.archive).unwrap();
    let list = members(&sealed.archive);
    assert!(intact(&sealed.archive, &sealed.public));

    let mut flips = Tally::new("bit flips");
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    for round in 0..900 {
        // Evenly spread positions, then pseudo-random ones.
        let position = if round < 350 {
            round * original.len() / 350
        } else {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % original.len() as u64) as usize
        };
        let mut bytes = original.clone();
        bytes[position] ^= 1 << (round % 8);
        flips.check(
            &sealed,
            format!("bit {} of byte {position}", round % 8),
            &bytes,
        );
    }
    flips.report();

    let mut cuts = Tally::new("truncations and appended bytes");
    for step in 1..=100 {
        let length = original.len() * step / 101;
        cuts.check(&sealed, format!("cut at {length}"), &original[..length]);
    }
    for extra in [
        &b"\0"[..],
        b"\n",
        b"x",
        &[0u8; 512],
        &[0u8; 1024],
        b"(\xb5/\xfd",
    ] {
        let mut bytes = original.clone();
        bytes.extend_from_slice(extra);
        cuts.check(&sealed, format!("{} bytes appended", extra.len()), &bytes);
    }
    let mut tar_tail = tar_of(&list);
    tar_tail.extend_from_slice(&[0u8; 512]);
    cuts.check(
        &sealed,
        "a zero block after the tar end".into(),
        &compress(&tar_tail),
    );
    cuts.report();

    let mut structure = Tally::new("member removals, duplications, reorders, renames");
    for index in 0..list.len() {
        let mut removed = list.clone();
        removed.remove(index);
        structure.check(
            &sealed,
            format!("remove {}", list[index].0),
            &compress(&tar_of(&removed)),
        );
        let mut duplicated = list.clone();
        duplicated.insert(index, list[index].clone());
        structure.check(
            &sealed,
            format!("duplicate {}", list[index].0),
            &compress(&tar_of(&duplicated)),
        );
        let mut renamed = list.clone();
        renamed[index].0.push('x');
        structure.check(
            &sealed,
            format!("rename {}", list[index].0),
            &compress(&tar_of(&renamed)),
        );
        for other in index + 1..list.len() {
            let mut swapped = list.clone();
            swapped.swap(index, other);
            structure.check(
                &sealed,
                format!("swap {index} and {other}"),
                &compress(&tar_of(&swapped)),
            );
        }
    }
    structure.report();

    let mut forged = Tally::new("payload changed with BagIt manifests recomputed");
    for index in 0..list.len() {
        if !list[index].0.contains("/data/") {
            continue;
        }
        for change in 0..10usize {
            let mut copy = list.clone();
            let data = &mut copy[index].1;
            if data.is_empty() {
                data.push(b'!');
            } else {
                let at = change * data.len() / 10;
                data[at] ^= 0x20;
            }
            recompute_bag_manifests(&mut copy, "mu", true);
            forged.check(
                &sealed,
                format!("change {} at {change}/10", list[index].0),
                &compress(&tar_of(&copy)),
            );
        }
    }
    forged.report();

    let mut resigned = Tally::new("manifest.json changed and re-signed, signatures swapped");
    let stranger = SecretKey::generate().unwrap();
    let manifest_index = list
        .iter()
        .position(|(name, _)| name.ends_with("scelle/manifest.json"))
        .unwrap();
    let signature_index = list
        .iter()
        .position(|(name, _)| name.ends_with("manifest.json.minisig"))
        .unwrap();
    let text = String::from_utf8(list[manifest_index].1.clone()).unwrap();
    let edits = [
        ("\"case_id\":null", "\"case_id\":\"FORGED\""),
        ("\"status\":\"complete\"", "\"status\":\"skipped\""),
        ("\"operator\":\"", "\"operator\":\"x"),
        ("\"uid\":0", "\"uid\":1"),
        ("\"mode\":\"0644\"", "\"mode\":\"0600\""),
    ];
    for (from, to) in edits {
        assert!(text.contains(from), "{from}");
        let changed = text.replacen(from, to, 1);
        for (signer, label) in [
            (&stranger, "another key"),
            (&sealed.secret, "the responder's key, old signature kept"),
        ] {
            let mut copy = list.clone();
            copy[manifest_index].1 = changed.clone().into_bytes();
            if label == "another key" {
                let signature = signer
                    .sign_reader(
                        &mut changed.as_bytes(),
                        "evidence:mu file:scelle/manifest.json",
                    )
                    .unwrap();
                copy[signature_index].1 = signature.to_file_text().into_bytes();
            }
            recompute_bag_manifests(&mut copy, "mu", true);
            resigned.check(
                &sealed,
                format!("{from} -> {to}, {label}"),
                &compress(&tar_of(&copy)),
            );
        }
    }
    // The signature of another archive by the same responder.
    let other = sealed_with_key("mu", "other evidence\n", &sealed);
    let mut copy = list.clone();
    copy[signature_index].1 = members(&other)
        .into_iter()
        .find(|(name, _)| name.ends_with(".minisig"))
        .unwrap()
        .1;
    recompute_bag_manifests(&mut copy, "mu", true);
    resigned.check(
        &sealed,
        "signature of another archive".into(),
        &compress(&tar_of(&copy)),
    );
    resigned.report();

    let total = flips.tried + cuts.tried + structure.tried + forged.tried + resigned.tried;
    println!("archive mutations: {total} tried, all caught");
    assert!(total >= 1000, "only {total} mutations");

    // No false alarms: 100 fresh archives of different scenes.
    let mut alarms = 0;
    for n in 0..100 {
        let fresh = seal_scene(&format!("ok{n}"), &"x".repeat(n));
        if !intact(&fresh.archive, &fresh.public) {
            alarms += 1;
        }
    }
    println!("intact archives: 100 verified, {alarms} false alarms");
    assert_eq!(alarms, 0);
}

/// Another archive with the same id, sealed by the same key.
fn sealed_with_key(id: &str, content: &str, by: &Sealed) -> PathBuf {
    let dir = by.dir.join("other");
    fs::create_dir_all(dir.join("s")).unwrap();
    fs::write(dir.join("s/a"), content).unwrap();
    let run = crate::util::run(
        crate::util::scelle()
            .args(["freeze", "--id", id, "--key"])
            .arg(by.dir.join("k.key"))
            .arg("--out")
            .arg(&dir)
            .arg(dir.join("s")),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    dir.join(format!("{id}.tar.zst"))
}

#[test]
fn every_custody_log_mutation_is_caught_and_no_intact_log_is_flagged() {
    let sealed = seal_scene("cl", "evidence\n");
    for text in ["one", "two", "three"] {
        scelle_custody::append(
            &sealed.log,
            &sealed.secret,
            scelle_custody::Draft::new("note", "").detail("text", text),
        )
        .unwrap();
    }
    let keyring = Keyring::from_public_keys(vec![sealed.public.clone()]);
    let check = |bytes: &[u8]| {
        let path = sealed.dir.join("mutant.jsonl");
        fs::write(&path, bytes).unwrap();
        let report = scelle_custody::verify_log(&path, Some(&sealed.archive), &keyring).unwrap();
        report.intact() && report.entries.len() == 4
    };
    let original = fs::read(&sealed.log).unwrap();
    assert!(check(&original));
    let lines: Vec<Vec<u8>> = original
        .split_inclusive(|&b| b == b'\n')
        .map(<[u8]>::to_vec)
        .collect();
    let (mut tried, mut missed) = (0u32, Vec::new());
    let mut attempt = |what: String, bytes: Vec<u8>| {
        tried += 1;
        if check(&bytes) {
            missed.push(what);
        }
    };
    for position in 0..original.len() {
        let mut bytes = original.clone();
        bytes[position] ^= 1;
        attempt(format!("flip byte {position}"), bytes);
    }
    for index in 0..lines.len() {
        let mut removed = lines.clone();
        removed.remove(index);
        attempt(format!("remove line {index}"), removed.concat());
        let mut duplicated = lines.clone();
        duplicated.insert(index, lines[index].clone());
        attempt(format!("duplicate line {index}"), duplicated.concat());
        for other in index + 1..lines.len() {
            let mut swapped = lines.clone();
            swapped.swap(index, other);
            attempt(format!("swap lines {index} and {other}"), swapped.concat());
        }
    }
    for cut in 1..original.len() {
        attempt(format!("truncate at {cut}"), original[..cut].to_vec());
    }
    println!("custody mutations: {tried} tried, {} missed", missed.len());
    assert!(missed.is_empty(), "{:?}", &missed[..missed.len().min(10)]);

    let mut alarms = 0;
    for n in 0..100 {
        let dir = sealed.dir.join(format!("log{n}"));
        fs::create_dir(&dir).unwrap();
        let log = dir.join("l.custody.jsonl");
        let mut draft =
            scelle_custody::Draft::new("sealed", "cl").detail("seal_sha256", "00".repeat(32));
        draft.actor = Some(format!("person {n}"));
        scelle_custody::create(&log, &sealed.secret, draft).unwrap();
        for k in 0..n % 5 {
            scelle_custody::append(
                &log,
                &sealed.secret,
                scelle_custody::Draft::new("note", "").detail("k", k),
            )
            .unwrap();
        }
        if !scelle_custody::verify_log(&log, None, &keyring)
            .unwrap()
            .intact()
        {
            alarms += 1;
        }
    }
    println!("intact custody logs: 100 verified, {alarms} false alarms");
    assert_eq!(alarms, 0);
}
