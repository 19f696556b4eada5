//! Crash safety: a freeze killed with SIGKILL at any instant never leaves an
//! archive that does not verify, nor a custody log that does not verify, and
//! the next freeze works.

use std::fs;
use std::time::Instant;

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
    let freeze = |id: &str| {
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
            .arg(&scene)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    // How long one uninterrupted freeze takes here.
    let started = Instant::now();
    assert!(freeze("timing").wait().unwrap().success());
    let full = started.elapsed();

    let mut outcomes = (0, 0);
    for attempt in 0..20u32 {
        let id = format!("crash{attempt}");
        let mut child = freeze(&id);
        // Spread the kills over the whole run, and a little past it.
        std::thread::sleep(full.mul_f64(f64::from(attempt) / 17.0));
        let _ = child.kill();
        child.wait().unwrap();
        let archive = out.join(format!("{id}.tar.zst"));
        let log = out.join(format!("{id}.custody.jsonl"));
        if archive.exists() {
            outcomes.1 += 1;
            run(scelle()
                .args(["verify", "--pubkey"])
                .arg(&public)
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
            // The stale .partial is reported, then a rerun after removing it works.
            let partial = out.join(format!("{id}.tar.zst.partial"));
            if partial.exists() {
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
                fs::remove_file(&partial).unwrap();
            }
            assert!(freeze(&id).wait().unwrap().success());
            run(scelle()
                .args(["verify", "--pubkey"])
                .arg(&public)
                .arg(&archive))
            .expect(0);
        }
    }
    println!(
        "20 kills (one freeze takes {full:?}): {} before the seal, {} after",
        outcomes.0, outcomes.1
    );
    assert!(outcomes.0 > 0, "no kill landed during a freeze");
}
