//! What scelle says when something goes wrong (#25): one plain sentence,
//! the option at fault, what to do next, each said once; one verdict for
//! damage, its knock-on findings counted rather than listed.

use std::fs;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use scelle_verify::{FindingKind, Report};

use crate::util::{clear_key, freeze, run, scelle, typed, Run};

/// A scene of `count` small files.
fn scene(dir: &Path, count: usize) -> std::path::PathBuf {
    let scene = dir.join("scene");
    fs::create_dir(&scene).unwrap();
    for index in 0..count {
        fs::write(
            scene.join(format!("f{index}.log")),
            format!("line {index}\n"),
        )
        .unwrap();
    }
    scene
}

/// stderr holds exactly one error line and one advice line, and no system
/// error code.
#[track_caller]
fn one_error_with_advice(run: &Run, error: &str, advice: &str) {
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{}", run.stderr);
    assert!(lines[0].starts_with("scelle: error: "), "{}", run.stderr);
    assert!(lines[0].contains(error), "{}", run.stderr);
    assert!(lines[1].starts_with("  what to do: "), "{}", run.stderr);
    assert!(lines[1].contains(advice), "{}", run.stderr);
    assert!(!run.stderr.contains("os error"), "{}", run.stderr);
}

#[test]
fn a_file_that_is_not_an_archive_gets_one_verdict() {
    let temp = tempfile::tempdir().unwrap();
    let file = temp.path().join("random.bin");
    fs::write(&file, b"\x89PNG\r\n\x1a\n not an archive at all").unwrap();
    let shown = run(scelle().arg("verify").arg(&file)).expect(1);
    assert!(
        shown.stdout.contains("this is not a scelle archive"),
        "{}",
        shown.stdout
    );
    assert!(shown.stdout.contains("PNG"), "{}", shown.stdout);
    assert!(
        shown.stdout.contains("checked:     nothing"),
        "{}",
        shown.stdout
    );
    assert!(!shown
        .stdout
        .contains("a file every scelle archive holds is missing"));
    assert!(!shown.stdout.contains("manifest.json (0 items"));

    let json = run(scelle().args(["verify", "--json"]).arg(&file)).expect(1);
    let report: Report = typed(&json.stdout);
    assert_eq!(report.findings_total, 1, "{:#?}", report.findings);
    assert_eq!(report.findings[0].kind, FindingKind::NotAnArchive);
    assert!(!report.knock_on.is_empty(), "knock-on findings are counted");
}

#[test]
fn a_truncated_archive_says_where_it_stops_and_counts_the_rest() {
    let temp = tempfile::tempdir().unwrap();
    let scene = scene(temp.path(), 300);
    let out = temp.path().join("out");
    fs::create_dir(&out).unwrap();
    let frozen = freeze(&out, "cut", &[&scene], &[]);
    frozen.run.expect(0);
    let bytes = fs::read(&frozen.archive).unwrap();
    let kept = bytes.len() / 2;
    let cut = temp.path().join("cut.tar.zst");
    fs::write(&cut, &bytes[..kept]).unwrap();

    let shown = run(scelle()
        .arg("verify")
        .arg("--pubkey")
        .arg(&frozen.public_key)
        .arg(&cut))
    .expect(1);
    assert!(
        shown.stdout.lines().count() < 20,
        "one verdict, not a listing:\n{}",
        shown.stdout
    );
    assert!(
        shown
            .stdout
            .contains(&format!("byte {kept}: the archive stops here")),
        "{}",
        shown.stdout
    );
    assert!(shown.stdout.contains("only the first"), "{}", shown.stdout);
    assert!(
        shown
            .stdout
            .contains("more findings that only follow from the above"),
        "{}",
        shown.stdout
    );

    let json = run(scelle()
        .args(["verify", "--json", "--pubkey"])
        .arg(&frozen.public_key)
        .arg(&cut))
    .expect(1);
    let report: Report = typed(&json.stdout);
    assert_eq!(report.findings_total, 1, "{:#?}", report.findings);
    assert_eq!(report.findings[0].kind, FindingKind::Truncated);
    assert_eq!(report.findings[0].place.offset, Some(kept as u64));
    let knock_on: u64 = report.knock_on.iter().map(|counted| counted.count).sum();
    assert!(knock_on > 7, "{:?}", report.knock_on);
}

#[test]
fn key_files_of_the_wrong_kind_or_missing_are_named_with_their_option() {
    let temp = tempfile::tempdir().unwrap();
    let (secret, public) = clear_key(temp.path(), "me");
    let scene = scene(temp.path(), 1);
    let out = temp.path().join("out");
    fs::create_dir(&out).unwrap();

    let missing = run(scelle()
        .args(["freeze", "--id", "j1", "--key", "nonexistent.key", "--out"])
        .arg(&out)
        .arg(&scene)
        .current_dir(temp.path()))
    .expect(2);
    one_error_with_advice(
        &missing,
        "--key nonexistent.key: no such file",
        "scelle key generate",
    );
    assert_eq!(missing.stderr.matches("nonexistent.key").count(), 1);

    let public_as_secret = run(scelle()
        .args(["freeze", "--id", "j1", "--key"])
        .arg(&public)
        .arg("--out")
        .arg(&out)
        .arg(&scene))
    .expect(2);
    one_error_with_advice(
        &public_as_secret,
        "is a public key (.pub), not the secret key (.key) needed here",
        "give the .key file",
    );
    assert!(public_as_secret.stderr.contains("--key "));

    let frozen = freeze(&out, "j2", &[&scene], &[]);
    frozen.run.expect(0);
    let secret_as_public = run(scelle()
        .arg("verify")
        .arg("--pubkey")
        .arg(&secret)
        .arg(&frozen.archive))
    .expect(2);
    one_error_with_advice(
        &secret_as_public,
        "is a secret key (.key), not the public key (.pub) needed here",
        "give the signer's .pub file",
    );
    assert!(secret_as_public.stderr.contains("--pubkey "));

    // --key alone is the signer's key meant for --pubkey: refused, not ignored.
    let key_alone = run(scelle()
        .arg("verify")
        .arg("--key")
        .arg(&frozen.public_key)
        .arg(&frozen.archive))
    .expect(2);
    one_error_with_advice(
        &key_alone,
        "is used only with --record",
        "--pubkey FILE.pub",
    );

    let french = run(scelle()
        .args(["--lang", "fr", "freeze", "--id", "j1", "--key"])
        .arg(&public)
        .arg("--out")
        .arg(&out)
        .arg(&scene))
    .expect(2);
    assert!(
        french.stderr.starts_with("scelle : erreur : --key "),
        "{}",
        french.stderr
    );
    assert!(
        french.stderr.contains("est une clé publique"),
        "{}",
        french.stderr
    );
    assert!(
        french.stderr.contains("  que faire : "),
        "{}",
        french.stderr
    );
}

#[test]
fn outputs_that_exist_are_named_once_before_anything_runs() {
    let temp = tempfile::tempdir().unwrap();
    let scene = scene(temp.path(), 1);
    let out = temp.path().join("out");
    fs::create_dir(&out).unwrap();
    let frozen = freeze(&out, "j2", &[&scene], &[]);
    frozen.run.expect(0);

    // The archive, not the custody log, is what the responder must hear about.
    let again = run(scelle()
        .args(["freeze", "--id", "j2", "--key"])
        .arg(out.join("k.key"))
        .arg("--out")
        .arg(&out)
        .arg(&scene))
    .expect(2);
    one_error_with_advice(
        &again,
        "j2.tar.zst already exists: freeze never overwrites an archive",
        "choose another --id",
    );
    assert!(!again.stderr.contains("custody"), "{}", again.stderr);

    let to = temp.path().join("work");
    fs::create_dir(&to).unwrap();
    let extract = || {
        run(scelle()
            .arg("extract")
            .arg("--pubkey")
            .arg(&frozen.public_key)
            .arg("--to")
            .arg(&to)
            .arg(&frozen.archive))
    };
    extract().expect(0);
    let twice = extract().expect(2);
    one_error_with_advice(
        &twice,
        "j2 already exists: extract never overwrites",
        "extracted there before",
    );
    assert!(!twice.stderr.contains("appeared while writing"));
    assert_eq!(twice.stderr.matches("already exists").count(), 1);
}

#[test]
fn one_file_is_singular() {
    let temp = tempfile::tempdir().unwrap();
    let scene = scene(temp.path(), 1);
    let out = temp.path().join("out");
    fs::create_dir(&out).unwrap();
    let (secret, _) = clear_key(temp.path(), "k");
    let frozen = run(scelle()
        .args(["freeze", "--id", "one", "--key"])
        .arg(&secret)
        .arg("--out")
        .arg(&out)
        .arg(scene.join("f0.log")))
    .expect(0);
    assert!(
        frozen.stdout.contains("(1 file stored"),
        "{}",
        frozen.stdout
    );
    assert!(frozen.stdout.contains("1 entry,"), "{}", frozen.stdout);
    assert!(!frozen.stdout.contains("1 files"), "{}", frozen.stdout);
}

#[test]
fn a_file_added_to_the_archive_is_one_plain_finding() {
    let temp = tempfile::tempdir().unwrap();
    let scene = scene(temp.path(), 2);
    let out = temp.path().join("out");
    fs::create_dir(&out).unwrap();
    let frozen = freeze(&out, "j3", &[&scene], &[]);
    frozen.run.expect(0);
    // Append j3/data/NOTE.txt with GNU tar, as someone handling the copy might.
    let tar = temp.path().join("j3.tar");
    let note_dir = temp.path().join("note");
    fs::create_dir_all(note_dir.join("j3/data")).unwrap();
    fs::write(note_dir.join("j3/data/NOTE.txt"), "added later\n").unwrap();
    let unpacked = std::process::Command::new("zstd")
        .args(["-dq", "-o"])
        .arg(&tar)
        .arg(&frozen.archive)
        .status()
        .unwrap();
    assert!(unpacked.success());
    let appended = std::process::Command::new("tar")
        .arg("--append")
        .arg("-f")
        .arg(&tar)
        .arg("-C")
        .arg(&note_dir)
        .arg("j3/data/NOTE.txt")
        .status()
        .unwrap();
    assert!(appended.success());
    let altered = temp.path().join("j3.tar.zst");
    let packed = std::process::Command::new("zstd")
        .args(["-q", "-o"])
        .arg(&altered)
        .arg(&tar)
        .status()
        .unwrap();
    assert!(packed.success());

    let shown = run(scelle()
        .args(["verify", "--json", "--pubkey"])
        .arg(&frozen.public_key)
        .arg(&altered))
    .expect(1);
    let report: Report = typed(&shown.stdout);
    let about_note: Vec<_> = report
        .findings
        .iter()
        .filter(|finding| finding.place.member.as_deref() == Some("j3/data/NOTE.txt"))
        .collect();
    assert_eq!(about_note.len(), 1, "said once: {:#?}", report.findings);
    assert!(
        about_note[0]
            .message
            .contains("added to the archive after sealing"),
        "{:#?}",
        about_note[0]
    );
    let text = run(scelle()
        .arg("verify")
        .arg("--pubkey")
        .arg(&frozen.public_key)
        .arg(&altered))
    .expect(1);
    assert!(!text.stdout.contains("recorded:"), "{}", text.stdout);
    assert!(!text.stdout.contains("os error"), "{}", text.stdout);
}

/// A file of `size` bytes that zstd cannot shrink (so that sealing it takes
/// a while), from a xorshift generator.
fn incompressible(path: &Path, size: usize) {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut bytes = Vec::with_capacity(size);
    while bytes.len() < size {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        bytes.extend_from_slice(&state.to_le_bytes());
    }
    fs::write(path, bytes).unwrap();
}

#[test]
fn ctrl_c_during_a_freeze_says_nothing_was_sealed_and_leaves_nothing() {
    let temp = tempfile::tempdir().unwrap();
    let scene = temp.path().join("scene");
    fs::create_dir(&scene).unwrap();
    incompressible(&scene.join("big.bin"), 256 << 20);
    let out = temp.path().join("out");
    fs::create_dir(&out).unwrap();
    let (secret, _) = clear_key(temp.path(), "k");
    let child = scelle()
        .args(["freeze", "--id", "big", "--key"])
        .arg(&secret)
        .arg("--out")
        .arg(&out)
        .arg(&scene)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The archive's .partial appears when sealing starts; 256 MiB remain to
    // be read and compressed when the signal arrives.
    let partial = out.join("big.tar.zst.partial");
    let deadline = Instant::now() + Duration::from_secs(120);
    while !partial.exists() {
        assert!(Instant::now() < deadline, "the freeze never started");
        std::thread::sleep(Duration::from_millis(5));
    }
    let killed = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(130), "{stderr}");
    assert!(
        stderr.contains(
            "scelle: interrupted: the freeze was stopped before it ended: nothing was sealed"
        ),
        "{stderr}"
    );
    let left: Vec<_> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(left.is_empty(), "nothing is left in --out: {left:?}");

    // A .partial left by a killed run is mentioned at the next freeze there.
    fs::write(out.join("old.tar.zst.partial"), "x").unwrap();
    let next = run(scelle()
        .args(["freeze", "--id", "small", "--key"])
        .arg(&secret)
        .arg("--out")
        .arg(&out)
        .arg(temp.path().join("k.pub")))
    .expect(0);
    assert!(
        next.stderr
            .contains("old.tar.zst.partial is left over from an interrupted freeze"),
        "{}",
        next.stderr
    );
    assert!(next.stderr.contains("it is not a seal"), "{}", next.stderr);
}

/// Runs `args` under a pseudo-terminal (util-linux `script`), as a
/// responder at a console would; returns what the terminal received.
fn on_a_terminal(dir: &Path, args: &[&str]) -> String {
    let line: Vec<String> = std::iter::once(crate::util::scelle_path().to_string())
        .chain(args.iter().map(|arg| arg.to_string()))
        .collect();
    let typescript = run(std::process::Command::new("script")
        .args(["-qec", &line.join(" "), "/dev/null"])
        .env("LC_ALL", crate::util::ENGLISH)
        .current_dir(dir));
    assert!(typescript.code != 2, "{}", typescript.stdout);
    typescript.stdout
}

#[test]
fn verify_extract_and_audit_show_progress_on_a_terminal_only() {
    let temp = tempfile::tempdir().unwrap();
    let scene = temp.path().join("scene");
    fs::create_dir(&scene).unwrap();
    incompressible(&scene.join("data.bin"), 8 << 20);
    let out = temp.path().join("out");
    fs::create_dir(&out).unwrap();
    let frozen = freeze(&out, "p1", &[&scene], &[]);
    frozen.run.expect(0);
    let work = temp.path().join("work");
    fs::create_dir(&work).unwrap();
    run(scelle()
        .args(["baseline", "--key"])
        .arg(out.join("k.key"))
        .arg("--out")
        .arg(temp.path().join("b.baseline"))
        .arg(&scene))
    .expect(0);
    let scene_arg = scene.to_str().unwrap();
    for args in [
        vec!["verify", "--pubkey", "out/k.pub", "out/p1.tar.zst"],
        vec![
            "extract",
            "--pubkey",
            "out/k.pub",
            "--to",
            "work",
            "out/p1.tar.zst",
        ],
        vec![
            "audit",
            "--baseline",
            "b.baseline",
            "--pubkey",
            "out/k.pub",
            scene_arg,
        ],
    ] {
        let shown = on_a_terminal(temp.path(), &args);
        // The bar's rate ("… MiB/s") is drawn, then cleared.
        assert!(shown.contains("B/s"), "{args:?}: no progress: {shown:?}");
        // Without a terminal, stderr carries no bar.
        let piped = run(scelle().args(&args).current_dir(temp.path()));
        assert!(!piped.stderr.contains("B/s"), "{args:?}: {}", piped.stderr);
    }
}
