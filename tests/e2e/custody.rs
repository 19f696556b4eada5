//! The custody log through the real binary: commands, tampering, concurrency,
//! a golden log, and the Python check published in docs/FORMAT.md.

use scelle_core::ops::custody::CustodyVerification;
use scelle_core::Verdict;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{clear_key, freeze, run, scelle, Run};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/custody");

struct Sealed {
    _temp: tempfile::TempDir,
    dir: PathBuf,
    archive: PathBuf,
    log: PathBuf,
    secret: PathBuf,
    public: PathBuf,
}

fn sealed() -> Sealed {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().to_path_buf();
    let scene = dir.join("scene");
    fs::create_dir(&scene).unwrap();
    fs::write(scene.join("f"), "evidence\n").unwrap();
    let frozen = freeze(
        &dir,
        "cu",
        &[&scene],
        &["--operator", "Jean Dupont, responder"],
    );
    frozen.run.expect(0);
    Sealed {
        _temp: temp,
        log: dir.join("cu.custody.jsonl"),
        secret: dir.join("k.key"),
        public: frozen.public_key,
        archive: frozen.archive,
        dir,
    }
}

fn custody_verify(sealed: &Sealed) -> Run {
    let done = run(scelle()
        .args(["custody", "verify", "--json", "--pubkey"])
        .arg(&sealed.public)
        .arg(&sealed.archive));
    if done.code != 2 {
        let verified: CustodyVerification = crate::util::typed(&done.stdout);
        assert_eq!(verified.verdict() == Verdict::Intact, done.code == 0);
    }
    done
}

fn first_finding_line(run: &Run) -> u64 {
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    json["findings"][0]["line"].as_u64().unwrap()
}

#[test]
fn freeze_starts_the_chain_and_each_command_extends_it() {
    let sealed = sealed();
    let secret = sealed.secret.to_str().unwrap();
    run(scelle()
        .args([
            "custody",
            "transfer",
            "--key",
            secret,
            "--to",
            "Camille Martin, expert",
            "--means",
            "hand delivery",
        ])
        .arg(&sealed.archive))
    .expect(0);
    let (receiver_secret, receiver_public) = clear_key(&sealed.dir, "martin");
    run(scelle()
        .args([
            "custody",
            "receive",
            "--actor",
            "Camille Martin, expert",
            "--note",
            "seal intact",
            "--key",
        ])
        .arg(&receiver_secret)
        .arg(&sealed.archive))
    .expect(0);
    run(scelle()
        .args(["verify", "--record", "--key"])
        .arg(&receiver_secret)
        .arg("--pubkey")
        .arg(&sealed.public)
        .arg("--expect")
        .arg(crate::util::seal_of(&sealed.archive))
        .arg(&sealed.archive))
    .expect(0);
    let to = sealed.dir.join("expert");
    fs::create_dir(&to).unwrap();
    run(scelle()
        .args(["extract", "--record", "--key"])
        .arg(&receiver_secret)
        .arg("--pubkey")
        .arg(&sealed.public)
        .arg("--to")
        .arg(&to)
        .arg(&sealed.archive))
    .expect(0);
    run(scelle()
        .args(["custody", "note", "--key", secret])
        .arg(&sealed.archive)
        .arg("stored in safe 3"))
    .expect(0);

    let keyring = sealed.dir.join("people.json");
    let key_line = |path: &Path| {
        fs::read_to_string(path)
            .unwrap()
            .lines()
            .nth(1)
            .unwrap()
            .to_string()
    };
    fs::write(
        &keyring,
        format!(
            r#"[{{"name":"Jean Dupont","role":"responder","public_key":"{}"}},{{"name":"Camille Martin","role":"expert","public_key":"{}"}}]"#,
            key_line(&sealed.public),
            key_line(&receiver_public)
        ),
    )
    .unwrap();
    let verified = run(scelle()
        .args(["custody", "verify", "--json", "--keyring"])
        .arg(&keyring)
        .arg(&sealed.archive))
    .expect(0);
    let typed: CustodyVerification = crate::util::typed(&verified.stdout);
    assert_eq!(typed.verdict(), Verdict::Intact);
    let report: serde_json::Value = serde_json::from_str(&verified.stdout).unwrap();
    let events: Vec<&str> = report["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["entry"]["event"].as_str().unwrap())
        .collect();
    assert_eq!(
        events,
        [
            "sealed",
            "transferred",
            "received",
            "verified",
            "extracted",
            "note"
        ]
    );
    assert_eq!(report["entries"][3]["signer_name"], "Camille Martin");
    assert_eq!(report["entries"][3]["entry"]["details"]["result"], "intact");
    assert_eq!(
        report["entries"][0]["entry"]["actor"],
        "Jean Dupont, responder"
    );
    let shown = run(scelle()
        .args(["custody", "show", "--keyring"])
        .arg(&keyring)
        .arg(&sealed.archive))
    .expect(0);
    assert!(
        shown.stdout.contains("Camille Martin, expert"),
        "{}",
        shown.stdout
    );

    // Only the responder's key: Camille's entries are by an unknown signer.
    let partial = custody_verify(&sealed).expect(1);
    assert_eq!(first_finding_line(&partial), 3);
}

#[test]
fn tampering_is_named_at_the_first_bad_line() {
    let sealed = sealed();
    let secret = sealed.secret.to_str().unwrap();
    for text in ["one", "two", "three"] {
        run(scelle()
            .args(["custody", "note", "--key", secret])
            .arg(&sealed.archive)
            .arg(text))
        .expect(0);
    }
    let original = fs::read_to_string(&sealed.log).unwrap();
    let lines: Vec<&str> = original.lines().collect();
    let rewrite = |lines: Vec<&str>| fs::write(&sealed.log, lines.join("\n") + "\n").unwrap();

    rewrite([&lines[..2], &lines[3..]].concat());
    assert_eq!(
        first_finding_line(&custody_verify(&sealed).expect(1)),
        3,
        "deleted line"
    );
    rewrite(vec![lines[0], lines[2], lines[1], lines[3]]);
    assert_eq!(
        first_finding_line(&custody_verify(&sealed).expect(1)),
        2,
        "reordered lines"
    );
    rewrite(vec![lines[0], lines[1], lines[1], lines[2], lines[3]]);
    assert_eq!(
        first_finding_line(&custody_verify(&sealed).expect(1)),
        3,
        "duplicated line"
    );
    let altered = lines[2].replace("\"text\":\"two\"", "\"text\":\"tw0\"");
    rewrite(vec![lines[0], lines[1], &altered, lines[3]]);
    let run = custody_verify(&sealed).expect(1);
    assert_eq!(first_finding_line(&run), 3, "changed byte");
    assert!(run.stdout.contains("signature invalid"), "{}", run.stdout);

    fs::write(&sealed.log, &original).unwrap();
    custody_verify(&sealed).expect(0);
    // Another archive under the same name.
    fs::remove_file(&sealed.archive).unwrap();
    fs::write(&sealed.archive, b"not the sealed archive").unwrap();
    let swapped = custody_verify(&sealed).expect(1);
    assert!(
        swapped.stdout.contains("not the one sealed"),
        "{}",
        swapped.stdout
    );
}

#[test]
fn torn_last_line_is_reported_and_appending_refused() {
    let sealed = sealed();
    let mut bytes = fs::read(&sealed.log).unwrap();
    bytes.extend_from_slice(b"{\"entry\":{\"v\":1,\"seq\":1");
    fs::write(&sealed.log, &bytes).unwrap();
    let run = custody_verify(&sealed).expect(1);
    assert!(run.stdout.contains("torn"), "{}", run.stdout);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        json["entries"].as_array().unwrap().len(),
        1,
        "the entry before the tear still verifies"
    );
    let refused = crate::util::run(
        scelle()
            .args(["custody", "note", "--key"])
            .arg(&sealed.secret)
            .arg(&sealed.archive)
            .arg("after the crash"),
    )
    .expect(2);
    assert!(refused.stderr.contains("torn"), "{}", refused.stderr);
}

#[test]
fn two_processes_appending_at_once_both_land() {
    let sealed = sealed();
    let children: Vec<_> = (0..2)
        .map(|writer| {
            Command::new("bash")
                .arg("-c")
                .arg(format!(
                    "for i in $(seq 1 20); do {} custody note --key {} {} \"writer {writer} note $i\" >/dev/null || exit 1; done",
                    env!("CARGO_BIN_EXE_scelle"),
                    sealed.secret.display(),
                    sealed.archive.display()
                ))
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    let run = custody_verify(&sealed).expect(0);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["entries"].as_array().unwrap().len(), 41);
}

#[test]
fn golden_log_and_archive_still_verify() {
    let fixtures = Path::new(FIXTURES);
    let log = fixtures.join("golden.custody.jsonl");
    let run = run(scelle()
        .args(["custody", "verify", "--json", "--keyring"])
        .arg(fixtures.join("keyring.json"))
        .arg("--log")
        .arg(&log)
        .arg(fixtures.join("golden.tar.zst")))
    .expect(0);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let entries = json["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 3);
    assert_eq!(
        entries[1]["entry"]["details"]["to"],
        "Camille Martin, expert judiciaire"
    );
    assert_eq!(entries[0]["signer_name"], "Jean Dupont");
    // Sealed in container format 1: its payload and record still check
    // against the signature, but nothing signed its tag files, so it is not
    // called intact; the one finding says why.
    let run = crate::util::run(
        scelle()
            .args(["verify", "--json", "--pubkey"])
            .arg(fixtures.join("golden.pub"))
            .arg(fixtures.join("golden.tar.zst")),
    )
    .expect(1);
    let report: scelle_verify::Report = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        report.signature.status,
        scelle_verify::SignatureStatus::Verified
    );
    let kinds: Vec<_> = report.findings.iter().map(|finding| finding.kind).collect();
    assert_eq!(kinds, [scelle_verify::FindingKind::FormatVersion]);
}

/// The custody Python block of docs/VERIFY-WITHOUT-SCELLE.md §7, literally.
fn documented_python_check() -> String {
    let doc = fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/VERIFY-WITHOUT-SCELLE.md"
    ))
    .unwrap();
    let start = doc
        .find("```python\n# custody-check.py")
        .expect("the check is in docs/VERIFY-WITHOUT-SCELLE.md")
        + "```python\n".len();
    let end = start + doc[start..].find("```").unwrap();
    doc[start..end].to_string()
}

#[test]
fn the_documented_python_check_accepts_a_real_log_and_rejects_a_tampered_one() {
    let sealed = sealed();
    run(scelle()
        .args(["custody", "note", "--key"])
        .arg(&sealed.secret)
        .arg(&sealed.archive)
        .arg("a note"))
    .expect(0);
    let script = sealed.dir.join("custody-check.py");
    fs::write(&script, documented_python_check()).unwrap();
    let key = fs::read_to_string(&sealed.public)
        .unwrap()
        .lines()
        .nth(1)
        .unwrap()
        .to_string();
    let python = |log: &Path| run(Command::new("python3").arg(&script).arg(log).arg(&key));
    let ok = python(&sealed.log);
    assert_eq!(ok.code, 0, "{}{}", ok.stdout, ok.stderr);
    assert!(ok.stdout.contains("OK: 2 entries"), "{}", ok.stdout);
    // Several signers: a keyring file names them; a stranger's key alone fails.
    let keyring = crate::util::keyring_for(&sealed.public, "Jean Dupont");
    let (_, stranger) = clear_key(&sealed.dir, "stranger");
    let stranger_key = fs::read_to_string(&stranger).unwrap();
    let stranger_key = stranger_key.lines().nth(1).unwrap();
    let named = run(Command::new("python3")
        .arg(&script)
        .arg(&sealed.log)
        .arg(stranger_key)
        .arg(&keyring));
    assert_eq!(named.code, 0, "{}{}", named.stdout, named.stderr);
    assert!(
        named.stdout.contains("signed by Jean Dupont"),
        "{}",
        named.stdout
    );
    let unknown = run(Command::new("python3")
        .arg(&script)
        .arg(&sealed.log)
        .arg(stranger_key));
    assert!(
        unknown.code != 0
            && unknown
                .stderr
                .contains("FAILED: line 1 is signed by an unknown key"),
        "{}{}",
        unknown.stdout,
        unknown.stderr
    );

    let text = fs::read_to_string(&sealed.log).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    for (what, tampered) in [
        ("changed byte", text.replace("a note", "a nøte")),
        ("deleted first line", format!("{}\n", lines[1])),
        (
            "duplicated line",
            format!("{}\n{}\n{}\n", lines[0], lines[1], lines[1]),
        ),
        ("torn line", text[..text.len() - 10].to_string()),
    ] {
        let path = sealed.dir.join("tampered.jsonl");
        fs::write(&path, &tampered).unwrap();
        let failed = python(&path);
        assert_ne!(
            failed.code, 0,
            "{what} passed the Python check: {}",
            failed.stdout
        );
    }
    let reordered: Vec<&str> = text.lines().rev().collect();
    let path = sealed.dir.join("reordered.jsonl");
    fs::write(&path, reordered.join("\n") + "\n").unwrap();
    assert_ne!(python(&path).code, 0);
}

#[test]
fn fail_entries_dropped_after_a_receipt_are_a_head_missing_finding() {
    let sealed = sealed();
    let transfer = |to: &str| {
        run(scelle()
            .args(["custody", "transfer", "--json", "--key"])
            .arg(&sealed.secret)
            .args(["--to", to])
            .arg(&sealed.archive))
        .expect(0)
    };
    transfer("Camille Martin, expert");
    let receipt: serde_json::Value = serde_json::from_str(&transfer("Greffe").stdout).unwrap();
    let head = receipt["head"]["sha256"].as_str().unwrap().to_string();
    assert_eq!(receipt["head"]["entries"], 3);
    let last_line = fs::read(&sealed.log).unwrap();
    let last_line = last_line[..last_line.len() - 1]
        .rsplit(|&b| b == b'\n')
        .next()
        .unwrap()
        .to_vec();
    assert_eq!(head, scelle_hash::Sha256Digest::of(&last_line).to_string());

    let text = run(scelle()
        .args(["custody", "note", "--key"])
        .arg(&sealed.secret)
        .arg(&sealed.archive)
        .arg("a later note"))
    .expect(0);
    assert!(
        text.stdout.contains("receipt:     4 entries, head SHA-256"),
        "{}",
        text.stdout
    );
    let show = run(scelle().args(["custody", "show"]).arg(&sealed.archive)).expect(0);
    assert!(
        show.stdout.contains("4 entries, head SHA-256"),
        "{}",
        show.stdout
    );

    let check = |extra: &[&str]| {
        run(scelle()
            .args(["custody", "verify", "--json", "--pubkey"])
            .arg(&sealed.public)
            .args(extra)
            .arg(&sealed.archive))
    };
    // Appends after the receipt are fine: the head is still line 3.
    check(&["--head", &head, "--entries", "3"]).expect(0);
    check(&["--head", &head]).expect(0);

    // The attacker drops the last two entries: every line left verifies.
    let log = fs::read(&sealed.log).unwrap();
    let lines: Vec<&[u8]> = log.split_inclusive(|&b| b == b'\n').collect();
    fs::write(&sealed.log, lines[..2].concat()).unwrap();
    custody_verify(&sealed).expect(0);
    for extra in [
        &["--head", &head][..],
        &["--entries", "3"],
        &["--head", &head, "--entries", "3"],
    ] {
        let done = check(extra).expect(1);
        let json: serde_json::Value = serde_json::from_str(&done.stdout).unwrap();
        assert_eq!(json["findings"][0]["kind"], "head-missing", "{extra:?}");
    }
}

/// Issue #22, "scelle speaks French": the chain of custody, the receipt
/// and what is wrong with a chain, in French by `--lang fr` or the locale.
#[test]
fn the_chain_of_custody_speaks_french() {
    let sealed = sealed();
    let transfer = run(scelle()
        .args(["custody", "transfer", "--lang", "fr", "--key"])
        .arg(&sealed.secret)
        .args(["--to", "Me Leroy, commissaire de justice"])
        .arg(&sealed.archive))
    .expect(0);
    assert!(
        transfer
            .stdout
            .contains("« remise » consigné comme entrée n° 2")
            && transfer
                .stdout
                .contains("reçu :       2 entrées, SHA-256 de la dernière ligne"),
        "{}",
        transfer.stdout
    );
    let text = fs::read_to_string(&sealed.log).unwrap();
    fs::write(&sealed.log, text.replace("Me Leroy", "Me Lerox")).unwrap();
    let verified = run(scelle()
        .env("LC_ALL", "fr_FR.UTF-8")
        .args(["custody", "verify", "--pubkey"])
        .arg(&sealed.public)
        .arg(&sealed.archive))
    .expect(1);
    for expected in [
        "chaîne de possession : ",
        "mise sous scellé",
        "ANOMALIE, ligne 2 : la signature d'une entrée n'est pas valide : l'entrée a été modifiée",
        "verdict : chaîne de possession ROMPUE",
    ] {
        assert!(
            verified.stdout.contains(expected),
            "{expected:?} missing:\n{}",
            verified.stdout
        );
    }
}
