//! `scelle freeze` through the real binary, checked with standard tools.

use std::ffi::OsStr;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;

use scelle_archive::names;
use scelle_hash::Sha256Digest;
use scelle_manifest::{Item, ItemKind, SpecialKind, Status};

use crate::util::{extract_with_tar, freeze, manifest, run, scelle, shell};

fn path_of(item: &Item) -> PathBuf {
    PathBuf::from(OsStr::from_bytes(&item.path.to_bytes().unwrap()))
}

fn sha256_of_file(path: &Path) -> Sha256Digest {
    let mut reader = scelle_hash::HashingReader::new(fs::File::open(path).unwrap());
    std::io::copy(&mut reader, &mut std::io::sink()).unwrap();
    reader.finish().0
}

/// Names that break naive tools: every one must survive byte for byte.
const HARD_NAMES: &[&[u8]] = &[
    b"plain.txt",
    b"new\nline",
    b"carriage\rreturn",
    b"100%",
    b"back\\slash",
    b"with spaces.txt",
    b"inv\xffalid",
    b"caf\xc3\xa9.txt",
    b"^caret",
    b"empty",
];

/// A scene with every kind of thing freeze must handle; returns (scene, outside file).
fn build_scene(root: &Path) -> (PathBuf, PathBuf) {
    let scene = root.join("scene");
    fs::create_dir(&scene).unwrap();
    for (index, name) in HARD_NAMES.iter().enumerate() {
        let content = if *name == b"empty" {
            Vec::new()
        } else {
            format!("content {index}\n").into_bytes()
        };
        fs::write(scene.join(OsStr::from_bytes(name)), content).unwrap();
    }
    let deep = scene
        .join("d".repeat(60))
        .join("e".repeat(60))
        .join("f".repeat(60));
    fs::create_dir_all(&deep).unwrap();
    fs::write(deep.join("long-path-file.log"), "deep\n".repeat(1000)).unwrap();
    let outside = root.join("outside-secret.txt");
    fs::write(&outside, "must not be collected\n").unwrap();
    std::os::unix::fs::symlink(&outside, scene.join("to-outside")).unwrap();
    nix::unistd::mkfifo(
        &scene.join("pipe"),
        nix::sys::stat::Mode::from_bits_truncate(0o644),
    )
    .unwrap();
    fs::hard_link(scene.join("plain.txt"), scene.join("plain-again")).unwrap();
    (scene, outside)
}

#[test]
fn round_trip_through_gnu_tar_bagit_and_minisign() {
    let temp = tempfile::tempdir().unwrap();
    let (scene, outside) = build_scene(temp.path());
    let out = temp.path().join("out");
    fs::create_dir(&out).unwrap();
    let frozen = freeze(
        &out,
        "case-1",
        &[&scene],
        &[
            "--case-id",
            "2026-117",
            "--legal-basis",
            "ordonnance art. 145 CPC",
        ],
    );
    let run = frozen.run.expect(0);
    let summary: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        summary["seal_sha256"],
        sha256_of_file(&frozen.archive).to_string()
    );
    assert_eq!(
        summary["archive_size"],
        fs::metadata(&frozen.archive).unwrap().len()
    );
    assert_eq!(summary["incomplete_items"], 0);

    let bag = extract_with_tar(&frozen.archive, temp.path(), "case-1");
    let validated = run_bagit(&bag);
    assert_eq!(
        validated.code, 0,
        "bagit-python rejected the bag: {}",
        validated.stderr
    );
    shell(
        &bag,
        &format!(
            "minisign -Vm scelle/manifest.json -p {}",
            frozen.public_key.display()
        ),
    )
    .expect(0);
    shell(
        &bag,
        "sha256sum --quiet -c manifest-sha256.txt && sha256sum --quiet -c tagmanifest-sha256.txt",
    )
    .expect(0);

    let manifest = manifest(&bag);
    assert_eq!(manifest.header.evidence_id, "case-1");
    assert_eq!(manifest.header.case.case_id.as_deref(), Some("2026-117"));
    // root + 10 names + 3 nested dirs + long file + symlink + fifo + hard link
    assert_eq!(manifest.items.len(), 1 + HARD_NAMES.len() + 3 + 1 + 3);
    assert_eq!(manifest.footer.totals.items, manifest.items.len() as u64);

    for item in &manifest.items {
        let path = path_of(item);
        let source = fs::symlink_metadata(&path).unwrap();
        assert_eq!(item.status, Status::Complete, "{path:?}");
        assert_eq!(item.size, source.size(), "{path:?}");
        assert_eq!(
            item.mode,
            Some(format!("{:04o}", source.mode() & 0o7777)),
            "{path:?}"
        );
        assert_eq!(
            (item.uid, item.gid),
            (Some(source.uid()), Some(source.gid())),
            "{path:?}"
        );
        assert_eq!(
            item.mtime_ns,
            Some(source.mtime() * 1_000_000_000 + source.mtime_nsec()),
            "{path:?}"
        );
        assert_eq!(
            item.ctime_ns,
            Some(source.ctime() * 1_000_000_000 + source.ctime_nsec()),
            "{path:?}"
        );
        assert_eq!(
            (item.inode, item.device, item.nlink),
            (Some(source.ino()), Some(source.dev()), Some(source.nlink())),
            "{path:?}"
        );
        match item.kind {
            ItemKind::File => {
                let member = item.archive_path.as_ref().unwrap();
                let stored = bag.join(member);
                assert_eq!(
                    fs::read(&stored).unwrap(),
                    fs::read(&path).unwrap(),
                    "{path:?}"
                );
                assert_eq!(item.sha256.unwrap(), sha256_of_file(&path), "{path:?}");
                let mapped = member.strip_prefix("data/files").unwrap();
                assert_eq!(
                    names::original_path(&mapped[1..]).unwrap(),
                    path.as_os_str().as_bytes()
                );
                assert!(!member.contains(['\n', '\r', '%', '\\']), "{member:?}");
                assert!(
                    item.read.as_ref().unwrap().noatime,
                    "root reads with O_NOATIME"
                );
            }
            ItemKind::Symlink => {
                assert_eq!(
                    item.link_target.as_ref().unwrap().to_bytes().unwrap(),
                    outside.as_os_str().as_bytes()
                );
                assert!(item.archive_path.is_none());
            }
            ItemKind::Special => assert_eq!(item.special, Some(SpecialKind::Fifo)),
            ItemKind::Hardlink => {
                // "plain-again" sorts first, so its content is stored and
                // "plain.txt" is the further name.
                assert_eq!(path.file_name().unwrap(), "plain.txt");
                let target = item.link_target.as_ref().unwrap().to_bytes().unwrap();
                assert_eq!(target, scene.join("plain-again").as_os_str().as_bytes());
                assert!(item.archive_path.is_none(), "content is stored once");
            }
            ItemKind::Dir => {}
            other => panic!("unexpected kind {other:?}"),
        }
    }
    let all = shell(&bag, "find . -type f | xargs -0 echo").stdout;
    assert!(
        !all.contains("outside-secret"),
        "symlink was followed: {all}"
    );
}

fn run_bagit(bag: &Path) -> crate::util::Run {
    run(Command::new("python3")
        .args(["-m", "bagit", "--validate"])
        .arg(bag))
}

#[test]
fn source_atimes_are_left_alone() {
    // The scene lives on a tmpfs mounted in a mount namespace of its own:
    // no other process on the machine can see it, so nothing but the
    // freeze can read it. `strictatime` makes every read and every
    // directory listing update the atime, stricter than the usual relatime.
    let temp = tempfile::tempdir().unwrap();
    let private = temp.path().join("private");
    fs::create_dir(&private).unwrap();
    let script = r#"
        set -eu
        mount -t tmpfs -o strictatime,mode=700 scelle-atime-test "$1"
        cd "$1"
        mkdir -p scene/sub out
        echo line > scene/sub/log
        touch -a -d '2020-01-02 03:04:05' scene/sub/log scene/sub scene
        before=$(stat -c %X scene scene/sub scene/sub/log)
        "$2" key generate --no-password --out out/k >/dev/null
        "$2" freeze --id atime --key out/k.key --out out scene >/dev/null
        after=$(stat -c %X scene scene/sub scene/sub/log)
        # A control read outside the scene shows that reads do move atimes here.
        echo control > control
        touch -a -d '2020-01-02 03:04:05' control
        cat control >/dev/null
        echo "control $(stat -c %X control)"
        echo before $before
        echo after $after
    "#;
    let done = run(Command::new("unshare")
        .args([
            "--mount",
            "--propagation",
            "private",
            "bash",
            "-c",
            script,
            "bash",
        ])
        .arg(&private)
        .arg(env!("CARGO_BIN_EXE_scelle"))
        .env("LC_ALL", crate::util::ENGLISH))
    .expect(0);
    let times = |label: &str| -> Vec<i64> {
        let line = done
            .stdout
            .lines()
            .find_map(|line| line.strip_prefix(label))
            .unwrap_or_else(|| panic!("no {label:?} line in {}", done.stdout));
        line.split_whitespace()
            .map(|t| t.parse().unwrap())
            .collect()
    };
    let before = times("before ");
    assert_eq!(before.len(), 3);
    assert!(before.iter().all(|&t| t < 1_600_000_000), "{before:?}");
    assert_eq!(before, times("after "));
    assert!(times("control ")[0] > 1_600_000_000, "{}", done.stdout);
}

#[test]
fn file_growing_during_the_freeze_is_marked_changed() {
    use std::io::Write;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;

    let temp = tempfile::tempdir().unwrap();
    let scene = temp.path().join("scene");
    fs::create_dir(&scene).unwrap();
    let log = scene.join("access.log");
    fs::write(&log, vec![b'a'; 64 << 20]).unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let stop = stop.clone();
        let log = log.clone();
        std::thread::spawn(move || {
            let mut file = fs::OpenOptions::new().append(true).open(log).unwrap();
            while !stop.load(Ordering::Relaxed) {
                file.write_all(&[b'b'; 4096]).unwrap();
            }
        })
    };
    let out = temp.path().join("out");
    fs::create_dir(&out).unwrap();
    let frozen = freeze(&out, "growing", &[&scene], &[]);
    stop.store(true, Ordering::Relaxed);
    writer.join().unwrap();
    let run = frozen.run.expect(3);
    let summary: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(summary["incomplete_items"], 1);
    assert_eq!(summary["incomplete"][0]["status"], "changed");

    let bag = extract_with_tar(&frozen.archive, temp.path(), "growing");
    let manifest = manifest(&bag);
    let item = manifest
        .items
        .iter()
        .find(|item| item.kind == ItemKind::File)
        .unwrap();
    assert_eq!(item.status, Status::Changed);
    let read = item.read.as_ref().unwrap();
    assert!(
        read.extra_bytes || read.size_after > read.announced_size,
        "{read:?}"
    );
    assert!(item
        .reason
        .as_ref()
        .unwrap()
        .contains("changed during acquisition"));
    // What is stored is exactly what the manifest describes, and the bag still validates.
    let stored = bag.join(item.archive_path.as_ref().unwrap());
    assert_eq!(fs::metadata(&stored).unwrap().len(), read.announced_size);
    assert_eq!(sha256_of_file(&stored), item.sha256.unwrap());
    assert_eq!(run_bagit(&bag).code, 0);
}

#[test]
fn unreadable_file_is_recorded_and_exit_is_3() {
    let temp = tempfile::tempdir().unwrap();
    let scene = temp.path().join("scene");
    fs::create_dir(&scene).unwrap();
    fs::write(scene.join("readable"), "ok\n").unwrap();
    fs::write(scene.join("secret"), "no\n").unwrap();
    fs::set_permissions(scene.join("secret"), fs::Permissions::from_mode(0o000)).unwrap();
    let out = temp.path().join("out");
    fs::create_dir(&out).unwrap();
    let (secret, _) = crate::util::clear_key(&out, "k");
    for dir in [temp.path(), &scene] {
        fs::set_permissions(dir, fs::Permissions::from_mode(0o755)).unwrap();
    }
    fs::set_permissions(&out, fs::Permissions::from_mode(0o777)).unwrap();
    fs::set_permissions(&secret, fs::Permissions::from_mode(0o644)).unwrap();

    // Issue #19.12: nothing is created in $TMPDIR (on the scene's disk)
    // when the output and temporary directories are elsewhere.
    let run = run(Command::new("setpriv")
        .env("TMPDIR", temp.path().join("no-such-directory"))
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(env!("CARGO_BIN_EXE_scelle"))
        .env("LC_ALL", crate::util::ENGLISH)
        .args(["freeze", "--json", "--id", "unpriv", "--key"])
        .arg(&secret)
        .arg("--out")
        .arg(&out)
        .arg(&scene))
    .expect(3);
    let summary: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(summary["totals"]["unreadable"], 1);
    let reason = summary["incomplete"][0]["reason"].as_str().unwrap();
    assert!(reason.contains("Permission denied"), "{reason}");

    let bag = extract_with_tar(&out.join("unpriv.tar.zst"), temp.path(), "unpriv");
    let manifest = manifest(&bag);
    let readable = manifest
        .items
        .iter()
        .find(|item| path_of(item).ends_with("readable"))
        .unwrap();
    assert_eq!(readable.status, Status::Complete);
    // nobody does not own the file: O_NOATIME is refused, and the record says so.
    assert!(!readable.read.as_ref().unwrap().noatime);
    // Nor the directory: listing it may have changed its atime (#19.12).
    let listed = manifest
        .items
        .iter()
        .find(|item| path_of(item) == scene)
        .unwrap();
    assert_eq!(listed.listing_noatime, Some(false));
}

#[test]
fn file_over_8_gib_uses_pax_size_and_hashes_right() {
    let temp = tempfile::tempdir().unwrap();
    let scene = temp.path().join("scene");
    fs::create_dir(&scene).unwrap();
    let big = scene.join("disk.img");
    let size: u64 = (8 << 30) + 4096 + 17;
    {
        use std::io::{Seek, SeekFrom, Write};
        let mut file = fs::File::create(&big).unwrap();
        file.set_len(size).unwrap();
        file.seek(SeekFrom::Start(size - 17)).unwrap();
        file.write_all(b"end of the image\n").unwrap();
    }
    let out = temp.path().join("out");
    fs::create_dir(&out).unwrap();
    let frozen = freeze(&out, "big", &[&scene], &[]);
    frozen.run.expect(0);

    // Each check below decompresses 8 GiB: two passes only.
    let listing = shell(&out, "tar --zstd -tvf big.tar.zst").expect(0);
    assert!(
        listing.stdout.contains(&format!(" {size} ")),
        "{}",
        listing.stdout
    );

    let expected = sha256_of_file(&big).to_string();
    let stored = shell(
        &out,
        "tar --zstd -xOf big.tar.zst --wildcards 'big/data/files/*' | sha256sum",
    )
    .expect(0);
    assert!(stored.stdout.starts_with(&expected), "{}", stored.stdout);
}

#[test]
fn interrupted_freeze_leaves_no_archive_and_the_next_run_says_so() {
    let temp = tempfile::tempdir().unwrap();
    let scene = temp.path().join("scene");
    fs::create_dir(&scene).unwrap();
    // Random data at the slowest level keeps the freeze busy for seconds.
    shell(&scene, "head -c 100000000 /dev/urandom > noise").expect(0);
    let out = temp.path().join("out");
    fs::create_dir(&out).unwrap();
    let (secret, _) = crate::util::clear_key(&out, "k");
    let partial = out.join("cut.tar.zst.partial");
    // Killed once a mebibyte of the archive is written. Should the freeze
    // ever finish first (a machine stalled for seconds), it is run again
    // rather than the test depending on the machine's speed.
    let mut interrupted = false;
    for _ in 0..5 {
        let _ = fs::remove_file(out.join("cut.tar.zst"));
        let _ = fs::remove_file(out.join("cut.custody.jsonl"));
        let mut child = scelle()
            .args([
                "freeze",
                "--level",
                "19",
                "--threads",
                "0",
                "--id",
                "cut",
                "--key",
            ])
            .arg(&secret)
            .arg("--out")
            .arg(&out)
            .arg(&scene)
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        while child.try_wait().unwrap().is_none()
            && fs::metadata(&partial).map_or(0, |m| m.len()) < 1 << 20
        {
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        let _ = child.kill();
        let status = child.wait().unwrap();
        if !status.success() {
            assert_eq!(
                std::os::unix::process::ExitStatusExt::signal(&status),
                Some(9),
                "the freeze failed on its own: {status:?}"
            );
            interrupted = true;
            break;
        }
    }
    assert!(interrupted, "the freeze always finished before the kill");
    assert!(
        !out.join("cut.tar.zst").exists(),
        "a killed freeze must not leave a finished-looking archive"
    );

    let again = run(scelle()
        .args(["freeze", "--id", "cut", "--key"])
        .arg(&secret)
        .arg("--out")
        .arg(&out)
        .arg(&scene))
    .expect(2);
    assert!(again.stderr.contains("interrupted run"), "{}", again.stderr);
}

#[test]
fn usage_errors_exit_2_and_write_nothing() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("out");
    fs::create_dir(&out).unwrap();
    let (secret, _) = crate::util::clear_key(&out, "k");
    let missing = run(scelle()
        .args(["freeze", "--id", "x", "--key"])
        .arg(&secret)
        .arg("--out")
        .arg(&out)
        .arg("/no/such/path"))
    .expect(2);
    assert!(
        missing.stderr.contains("/no/such/path"),
        "{}",
        missing.stderr
    );
    let bad_id = run(scelle()
        .args(["freeze", "--id", "../escape", "--key"])
        .arg(&secret)
        .arg("--out")
        .arg(&out)
        .arg(temp.path()))
    .expect(2);
    assert!(bad_id.stderr.contains("--id"), "{}", bad_id.stderr);
    let bad_level = run(scelle()
        .args(["freeze", "--level", "22", "--key"])
        .arg(&secret)
        .arg("--out")
        .arg(&out)
        .arg(temp.path()))
    .expect(2);
    assert!(bad_level.stderr.contains("22"), "{}", bad_level.stderr);
    let entries: Vec<_> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(entries.len(), 2, "only the key pair: {entries:?}");

    let scene = temp.path().join("scene");
    fs::create_dir(&scene).unwrap();
    fs::write(scene.join("f"), "x").unwrap();
    freeze(&out, "once", &[&scene], &[]).run.expect(0);
    let before = fs::read(out.join("once.tar.zst")).unwrap();
    let twice = freeze(&out, "once", &[&scene], &[]).run.expect(2);
    assert!(twice.stderr.contains("already exists"), "{}", twice.stderr);
    assert_eq!(fs::read(out.join("once.tar.zst")).unwrap(), before);
}

#[test]
fn excluded_paths_and_the_output_directory_are_recorded_as_skipped() {
    let temp = tempfile::tempdir().unwrap();
    let scene = temp.path().join("scene");
    fs::create_dir_all(scene.join("cache")).unwrap();
    fs::write(scene.join("cache/big.tmp"), "x").unwrap();
    fs::write(scene.join("keep.log"), "y").unwrap();
    // The archive is written inside the scene: it must not swallow itself.
    let out = scene.join("out");
    fs::create_dir(&out).unwrap();
    let frozen = freeze(&out, "ex", &[&scene], &["--exclude", "*/cache"]);
    frozen.run.expect(0);
    let bag = extract_with_tar(&frozen.archive, temp.path(), "ex");
    let manifest = manifest(&bag);
    let skipped: Vec<(PathBuf, String)> = manifest
        .items
        .iter()
        .filter(|item| item.status == Status::Skipped)
        .map(|item| (path_of(item), item.reason.clone().unwrap()))
        .collect();
    assert_eq!(skipped.len(), 2, "{skipped:?}");
    assert!(skipped
        .iter()
        .any(|(path, reason)| path.ends_with("cache") && reason.contains("*/cache")));
    assert!(skipped
        .iter()
        .any(|(path, reason)| path.ends_with("out") && reason.contains("output")));
    assert!(!manifest
        .items
        .iter()
        .any(|item| path_of(item).ends_with("big.tmp")));
}

#[test]
fn out_dash_streams_the_archive_and_the_receipt_holds_its_seal() {
    let temp = tempfile::tempdir().unwrap();
    let scene = temp.path().join("scene");
    fs::create_dir(&scene).unwrap();
    fs::write(
        scene.join("auth.log"),
        "sshd: Accepted publickey for root\n",
    )
    .unwrap();
    let (secret, public) = crate::util::clear_key(temp.path(), "k");
    let archive = temp.path().join("received.tar.zst");
    let receipt = temp.path().join("receipt.json");
    let custody = temp.path().join("piped.custody.jsonl");
    let stdout = fs::File::create(&archive).unwrap();
    let output = scelle()
        .args(["freeze", "--out", "-", "--id", "piped", "--key"])
        .arg(&secret)
        .arg("--receipt")
        .arg(&receipt)
        .arg("--custody-out")
        .arg(&custody)
        .arg(&scene)
        .stdout(stdout)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("seal SHA-256:"),
        "the summary goes to stderr: {stderr}"
    );

    let receipt: serde_json::Value = serde_json::from_slice(&fs::read(&receipt).unwrap()).unwrap();
    assert_eq!(receipt["seal_sha256"], sha256_of_file(&archive).to_string());
    assert_eq!(receipt["archive"], "(standard output)");
    // Unanchored, a valid seal is only authentic (exit 4); with the seal
    // hash the receipt holds, intact.
    run(scelle()
        .arg("verify")
        .arg("--pubkey")
        .arg(&public)
        .arg(&archive))
    .expect(4);
    run(scelle()
        .arg("verify")
        .arg("--pubkey")
        .arg(&public)
        .arg("--expect")
        .arg(receipt["seal_sha256"].as_str().unwrap())
        .arg(&archive))
    .expect(0);
}

/// Issue #22, "scelle speaks French": the summary a responder copies into
/// the procès-verbal, in French by `--lang fr`, with the same numbers.
#[test]
fn the_freeze_summary_speaks_french() {
    let temp = tempfile::tempdir().unwrap();
    let scene = temp.path().join("scene");
    fs::create_dir(&scene).unwrap();
    fs::write(scene.join("access.log"), "GET /shell.php\n").unwrap();
    let (key, _) = crate::util::clear_key(temp.path(), "k");
    let out = temp.path().join("out");
    fs::create_dir(&out).unwrap();
    let done = run(scelle()
        .args(["freeze", "--lang", "fr", "--id", "fr1", "--key"])
        .arg(&key)
        .arg("--out")
        .arg(&out)
        .arg(&scene))
    .expect(0);
    let seal =
        scelle_hash::Sha256Digest::of(&fs::read(out.join("fr1.tar.zst")).unwrap()).to_string();
    for expected in [
        format!("empreinte SHA-256 :    {seal}"),
        "scellé :               fr1".to_string(),
        "(1 fichier conservé,".to_string(),
        "clé conservée dans un fichier".to_string(),
    ] {
        assert!(
            done.stdout.contains(&expected),
            "{expected:?} missing:\n{}",
            done.stdout
        );
    }
}
