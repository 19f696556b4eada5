//! Crash safety: a freeze killed with SIGKILL at any instant never leaves an
//! archive that does not verify, nor a custody log that does not verify, and
//! the next freeze works.

use std::fs;
use std::time::{Duration, Instant};

use crate::util::{clear_key, run, scelle, shell};

#[test]
fn freeze_killed_at_twenty_instants_never_leaves_a_false_seal() {
    let temp = tempfile::tempdir().unwrap();
    let scene = temp.path().join("scene");
    fs::create_dir(&scene).unwrap();
    shell(
        &scene,
        "head -c 40000000 /dev/urandom > big.bin && for i in $(seq 1 200); do echo $i > f$i; done",
    )
    .expect(0);
    let out = temp.path().join("out");
    fs::create_dir(&out).unwrap();
    let (secret, public) = clear_key(temp.path(), "k");
    let freeze = |id: &str, extra: &[&str]| {
        scelle()
            .args([
                "freeze",
                "--threads",
                "0",
                "--level",
                "9",
                "--id",
                id,
                "--key",
            ])
            .arg(&secret)
            .arg("--out")
            .arg(&out)
            .args(extra)
            .arg(&scene)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    // How big the archive grows; the kills are placed by how much of it
    // is written, not by the clock, so machine speed moves nothing.
    assert!(freeze("sizing", &[]).wait().unwrap().success());
    let full = fs::metadata(out.join("sizing.tar.zst")).unwrap().len();

    let mut outcomes = (0, 0);
    for attempt in 0..20u32 {
        let id = format!("crash{attempt}");
        let partial = out.join(format!("{id}.tar.zst.partial"));
        if attempt == 0 {
            // Killed while a live-response command holds the freeze: always
            // before the seal, whatever the machine's speed.
            let mut child = freeze(&id, &["--command", HOLD]);
            wait_until(|| partial.exists());
            child.kill().unwrap();
            child.wait().unwrap();
        } else {
            // Spread over the whole archive, and past its end (then the
            // freeze finishes first and the kill finds nothing to stop).
            let threshold = full * u64::from(attempt - 1) / 16;
            let mut child = freeze(&id, &[]);
            loop {
                if child.try_wait().unwrap().is_some() {
                    break;
                }
                let written = fs::metadata(&partial).map_or(0, |m| m.len());
                if written >= threshold {
                    let _ = child.kill();
                    break;
                }
                std::thread::sleep(Duration::from_millis(1));
            }
            child.wait().unwrap();
        }
        let archive = out.join(format!("{id}.tar.zst"));
        let log = out.join(format!("{id}.custody.jsonl"));
        if archive.exists() {
            outcomes.1 += 1;
            run(scelle()
                .args(["verify", "--pubkey"])
                .arg(&public)
                .arg("--fingerprint")
                .arg(crate::util::fingerprint_of(&public))
                .arg(&archive))
            .expect(0);
            if log.exists() {
                run(scelle()
                    .args(["custody", "verify", "--pubkey"])
                    .arg(&public)
                    .arg(&archive))
                .expect(0);
            }
        } else {
            outcomes.0 += 1;
            assert!(!log.exists(), "a custody log without its archive");
            // A stale .partial is reported, then a rerun after removing it
            // works. Killed after the custody log's first entry was signed
            // but before the archive was put in place, both are left.
            let partial = out.join(format!("{id}.tar.zst.partial"));
            let log_partial = out.join(format!("{id}.custody.jsonl.partial"));
            if partial.exists() || log_partial.exists() {
                let refused = run(scelle()
                    .args(["freeze", "--id", &id, "--key"])
                    .arg(&secret)
                    .arg("--out")
                    .arg(&out)
                    .arg(&scene))
                .expect(2);
                assert!(
                    refused.stderr.contains("interrupted run"),
                    "{}",
                    refused.stderr
                );
                let _ = fs::remove_file(&partial);
                let _ = fs::remove_file(&log_partial);
            }
            assert!(freeze(&id, &[]).wait().unwrap().success());
            run(scelle()
                .args(["verify", "--pubkey"])
                .arg(&public)
                .arg("--fingerprint")
                .arg(crate::util::fingerprint_of(&public))
                .arg(&archive))
            .expect(0);
        }
    }
    println!(
        "20 kills (the archive is {full} bytes): {} before the seal, {} after",
        outcomes.0, outcomes.1
    );
    assert!(outcomes.0 > 0, "no kill landed during a freeze");
}

/// A live-response command that runs until scelle, its parent, is gone.
const HOLD: &str = "sh -c 'while kill -0 $PPID 2>/dev/null; do sleep 0.05; done'";

/// Waits for `condition`, failing after a minute (a hung freeze, not a slow one).
fn wait_until(condition: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !condition() {
        assert!(Instant::now() < deadline, "timed out waiting");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// A custody log's `.partial` left by a freeze killed between signing the
/// log's first entry and putting it in place is found before anything is
/// collected: the next run with that id refuses at once and writes nothing.
#[test]
fn a_stale_custody_log_partial_stops_the_next_run_before_it_collects() {
    let dir = tempfile::tempdir().unwrap();
    let (secret, _) = clear_key(dir.path(), "k");
    let out = dir.path().join("out");
    fs::create_dir(&out).unwrap();
    let stale = out.join("again.custody.jsonl.partial");
    fs::write(&stale, "{\"entry\":").unwrap();
    let refused = run(scelle()
        .args(["freeze", "--id", "again", "--key"])
        .arg(&secret)
        .arg("--out")
        .arg(&out)
        .arg(dir.path().join("k.pub")))
    .expect(2);
    assert!(
        refused
            .stderr
            .contains("again.custody.jsonl.partial is left over from an interrupted run"),
        "{}",
        refused.stderr
    );
    let left: Vec<_> = fs::read_dir(&out)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(
        left,
        vec![std::ffi::OsString::from("again.custody.jsonl.partial")]
    );
}
