//! docs/VERIFY-WITHOUT-SCELLE.md and its French version, run literally:
//! their shell and Python blocks must pass on a fresh archive and fail on
//! tampered ones.

use std::ffi::OsStr;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::process::Command;

use crate::util::{clear_key, freeze, run, scelle};
use crate::verify::{compress, members, recompute_bag_manifests, tar_of};

/// The procedure in English and in French, each with the word its
/// failures start with, and the line its timestamp step ends with.
pub(crate) const DOCS: [Doc; 2] = [
    Doc {
        path: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../docs/VERIFY-WITHOUT-SCELLE.md"
        ),
        failed: "FAILED: ",
        timestamp_step: "8. the TSA vouches",
    },
    Doc {
        path: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../docs/VERIFY-WITHOUT-SCELLE.fr.md"
        ),
        failed: "ÉCHEC : ",
        timestamp_step: "8. l'autorité d'horodatage atteste",
    },
];

/// One language's procedure.
pub(crate) struct Doc {
    /// The document.
    pub path: &'static str,
    /// What every failure line starts with.
    pub failed: &'static str,
    /// What the timestamp step prints when it passes.
    pub timestamp_step: &'static str,
}

/// The fenced blocks of a language, in order.
pub(crate) fn blocks(doc: &str, language: &str) -> Vec<String> {
    let fence = format!("```{language}\n");
    let mut found = Vec::new();
    let mut rest = doc;
    while let Some(start) = rest.find(&fence) {
        let body = &rest[start + fence.len()..];
        let end = body.find("```").expect("closed block");
        found.push(body[..end].to_string());
        rest = &body[end..];
    }
    found
}

/// Runs the document's procedure in `dir`; returns the index of the first
/// shell block that failed, or None when all passed.
fn procedure(
    doc: &Doc,
    dir: &Path,
    archive: &Path,
    log: &Path,
    public_key: &Path,
    seal: &str,
    fingerprint: &str,
) -> Option<usize> {
    let failed = doc.failed;
    let doc = fs::read_to_string(doc.path).unwrap();
    for script in blocks(&doc, "python") {
        let name = script
            .lines()
            .next()
            .unwrap()
            .trim_start_matches("# ")
            .split(' ')
            .next()
            .unwrap()
            .to_string();
        assert!(
            name.ends_with(".py"),
            "a Python block must start with '# NAME.py': {name}"
        );
        fs::write(dir.join(name), &script).unwrap();
    }
    for (index, script) in blocks(&doc, "sh").iter().enumerate() {
        let done = run(Command::new("bash")
            .arg("-c")
            .arg(script)
            .current_dir(dir)
            .env("ARCHIVE", archive)
            .env("LOG", log)
            .env("PUBKEY", public_key)
            .env("SEAL", seal)
            .env("FINGERPRINT", fingerprint)
            .env("PYTHON", "python3"));
        if done.code != 0 {
            // Every failure says what failed, on a FAILED: (ÉCHEC :) line.
            assert!(
                done.stdout.contains(failed),
                "block {index} failed silently: {}{}",
                done.stdout,
                done.stderr
            );
            return Some(index);
        }
        let last = done.stdout.lines().last().unwrap_or("");
        let (number, _) = last.split_once(". ").unwrap_or(("", ""));
        assert!(
            !number.is_empty() && number.trim_end_matches('b').parse::<u32>().is_ok(),
            "block {index} passed without its numbered line: {}",
            done.stdout
        );
    }
    None
}

fn sha256_hex(path: &Path) -> String {
    scelle_hash::Sha256Digest::of(&fs::read(path).unwrap()).to_string()
}

#[test]
fn the_documented_procedure_passes_a_fresh_archive_and_fails_tampered_ones() {
    for doc in &DOCS {
        the_procedure_of(doc);
    }
}

fn the_procedure_of(doc: &Doc) {
    let temp = tempfile::tempdir().unwrap();
    let scene = temp.path().join("scene");
    fs::create_dir(&scene).unwrap();
    fs::write(scene.join("access.log"), "GET /uploads/shell.php\n").unwrap();
    fs::write(
        scene.join(OsStr::from_bytes(b"new\nline %.php")),
        "<?php ?>\n",
    )
    .unwrap();
    let out = temp.path().join("out");
    fs::create_dir(&out).unwrap();
    let frozen = freeze(&out, "doc", &[&scene], &["--command", "echo live"]);
    frozen.run.expect(0);
    let log = out.join("doc.custody.jsonl");
    let seal = sha256_hex(&frozen.archive);
    let fingerprint = crate::util::fingerprint_of(&frozen.public_key);
    let work = |name: &str| {
        let dir = temp.path().join(name);
        fs::create_dir(&dir).unwrap();
        dir
    };
    let steps = blocks(&fs::read_to_string(doc.path).unwrap(), "sh").len();
    assert!(steps >= 8, "the document lost its steps");

    assert_eq!(
        procedure(
            doc,
            &work("fresh"),
            &frozen.archive,
            &log,
            &frozen.public_key,
            &seal,
            &fingerprint
        ),
        None
    );

    // One flipped bit: the seal step fails.
    let mut bytes = fs::read(&frozen.archive).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 1;
    let flipped = temp.path().join("flipped.tar.zst");
    fs::write(&flipped, &bytes).unwrap();
    assert_eq!(
        procedure(
            doc,
            &work("flipped"),
            &flipped,
            &log,
            &frozen.public_key,
            &seal,
            &fingerprint
        ),
        Some(0)
    );

    // Payload changed, BagIt manifests recomputed, and even the seal in hand
    // replaced by the forger's: the signed record still catches it (step 5).
    let mut list = members(&frozen.archive);
    list.iter_mut()
        .find(|(name, _)| name.ends_with("access.log"))
        .unwrap()
        .1 = b"GET /index.html HTTP\n".to_vec();
    recompute_bag_manifests(&mut list, "doc", true);
    let forged = temp.path().join("forged.tar.zst");
    fs::write(&forged, compress(&tar_of(&list))).unwrap();
    let forged_seal = sha256_hex(&forged);
    let failed = procedure(
        doc,
        &work("forged"),
        &forged,
        &log,
        &frozen.public_key,
        &forged_seal,
        &fingerprint,
    );
    assert!(
        matches!(failed, Some(step) if step >= 3),
        "the forgery must fail at the record check, failed at {failed:?}"
    );

    // Another key handed over: its fingerprint is not the procès-verbal's.
    let (_, stranger) = clear_key(temp.path(), "stranger");
    assert_eq!(
        procedure(
            doc,
            &work("stranger"),
            &frozen.archive,
            &log,
            &stranger,
            &seal,
            &fingerprint
        ),
        Some(1)
    );
    // Even with its own fingerprint, it did not sign: the signature step fails.
    let stranger_fingerprint = crate::util::fingerprint_of(&stranger);
    assert_eq!(
        procedure(
            doc,
            &work("stranger-pinned"),
            &frozen.archive,
            &log,
            &stranger,
            &seal,
            &stranger_fingerprint
        ),
        Some(3)
    );

    // scelle agrees on all three.
    for archive in [&flipped, &forged] {
        run(scelle()
            .args(["verify", "--pubkey"])
            .arg(&frozen.public_key)
            .arg(archive))
        .expect(1);
    }
}
