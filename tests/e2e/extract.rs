//! `scelle extract`: verified extraction that never writes outside its target.

use std::ffi::OsStr;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;

use crate::util::{freeze, run, scelle, Run};
use crate::verify::{compress, members, raw_member};

fn extract(archive: &Path, to: &Path, public_key: &Path) -> Run {
    let args = |command: &mut std::process::Command| {
        command
            .arg("--pubkey")
            .arg(public_key)
            .arg("--to")
            .arg(to)
            .arg(archive);
    };
    let mut text = scelle();
    text.arg("extract");
    args(&mut text);
    let done = run(&mut text);
    // The same refusal in JSON, parsed into its type (a refused extraction
    // leaves nothing, so it can run again).
    if done.code == 1 {
        let mut json = scelle();
        json.args(["extract", "--json"]);
        args(&mut json);
        let refused = run(&mut json).expect(1);
        let report: scelle_core::ops::verify::ExtractReport = crate::util::typed(&refused.stdout);
        assert!(report.extracted_to.is_none() && report.refused.is_some());
    }
    done
}

fn leftovers(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn intact_archive_extracts_with_original_names_modes_and_mtimes() {
    let temp = tempfile::tempdir().unwrap();
    let scene = temp.path().join("scene");
    fs::create_dir(&scene).unwrap();
    let names: [&[u8]; 3] = [b"new\nline.php", b"bad\xffbyte", b"100% sure"];
    for name in names {
        fs::write(scene.join(OsStr::from_bytes(name)), name).unwrap();
    }
    let out = temp.path().join("out");
    fs::create_dir(&out).unwrap();
    let frozen = freeze(&out, "xt", &[&scene], &[]);
    frozen.run.expect(0);
    let to = temp.path().join("expert");
    fs::create_dir(&to).unwrap();

    extract(&frozen.archive, &to, &frozen.public_key).expect(0);
    let extracted_scene = to.join("xt/files").join(scene.strip_prefix("/").unwrap());
    for name in names {
        let source = scene.join(OsStr::from_bytes(name));
        let copy = extracted_scene.join(OsStr::from_bytes(name));
        assert_eq!(fs::read(&copy).unwrap(), name);
        let metadata = fs::metadata(&copy).unwrap();
        assert_eq!(metadata.permissions().mode() & 0o777, 0o444);
        let original = fs::metadata(&source).unwrap();
        assert_eq!(
            (metadata.mtime(), metadata.mtime_nsec()),
            (original.mtime(), original.mtime_nsec())
        );
    }
    assert!(to.join("xt/scelle/manifest.json.minisig").is_file());

    // Never overwrite: a second extraction into the same place is refused.
    let before = fs::read(to.join("xt/scelle/manifest.json")).unwrap();
    let again = extract(&frozen.archive, &to, &frozen.public_key).expect(2);
    assert!(again.stderr.contains("xt"), "{}", again.stderr);
    assert_eq!(
        fs::read(to.join("xt/scelle/manifest.json")).unwrap(),
        before
    );
    assert_eq!(leftovers(&to), ["xt"], "no staging directory left behind");

    // Years later, the working copy is checked against the signed record,
    // under its original names.
    let fingerprint = crate::util::fingerprint_of(&frozen.public_key);
    let verify_copy = || {
        let done = run(scelle()
            .args([
                "verify",
                "--json",
                "--fingerprint",
                &fingerprint,
                "--pubkey",
            ])
            .arg(&frozen.public_key)
            .arg(to.join("xt")));
        let report: scelle_verify::Report = serde_json::from_str(&done.stdout).unwrap();
        (done.code, report)
    };
    let (code, report) = verify_copy();
    assert_eq!(code, 0, "{:#?}", report.findings);
    assert_eq!(report.source_kind, "extracted-directory");
    assert_eq!(report.payload_files, 3);
    let changed = extracted_scene.join(OsStr::from_bytes(names[0]));
    fs::set_permissions(&changed, fs::Permissions::from_mode(0o644)).unwrap();
    fs::write(&changed, "altered").unwrap();
    let (code, report) = verify_copy();
    assert_eq!(code, 1);
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.kind == scelle_verify::FindingKind::ContentMismatch),
        "{:#?}",
        report.findings
    );
}

#[test]
fn tampered_archive_leaves_nothing() {
    let temp = tempfile::tempdir().unwrap();
    let scene = temp.path().join("scene");
    fs::create_dir(&scene).unwrap();
    fs::write(scene.join("a"), "evidence\n").unwrap();
    let out = temp.path().join("out");
    fs::create_dir(&out).unwrap();
    let frozen = freeze(&out, "tp", &[&scene], &[]);
    let mut list = members(&frozen.archive);
    list.iter_mut()
        .find(|(name, _)| name.ends_with("/a"))
        .unwrap()
        .1 = b"Evidence\n".to_vec();
    let tampered = temp.path().join("tampered.tar.zst");
    fs::write(&tampered, compress(&crate::verify::tar_of(&list))).unwrap();
    let to = temp.path().join("expert");
    fs::create_dir(&to).unwrap();
    let refused = extract(&tampered, &to, &frozen.public_key).expect(1);
    assert!(
        refused.stdout.contains("NOT EXTRACTED"),
        "{}",
        refused.stdout
    );
    assert!(leftovers(&to).is_empty(), "{:?}", leftovers(&to));
}

#[test]
fn hostile_members_never_land_outside_the_target() {
    let temp = tempfile::tempdir().unwrap();
    let scene = temp.path().join("scene");
    fs::create_dir(&scene).unwrap();
    fs::write(scene.join("a"), "x").unwrap();
    let out = temp.path().join("out");
    fs::create_dir(&out).unwrap();
    let frozen = freeze(&out, "hx", &[&scene], &[]);
    let escape = temp.path().join("escaped");
    let escape_rel = escape.to_str().unwrap().trim_start_matches('/');
    let mut tar = Vec::new();
    for (name, data) in members(&frozen.archive) {
        raw_member(&mut tar, name.as_bytes(), b'0', b"", &data);
    }
    raw_member(
        &mut tar,
        format!("hx/data/files/../../../../../../{escape_rel}").as_bytes(),
        b'0',
        b"",
        b"1",
    );
    raw_member(
        &mut tar,
        format!("/{escape_rel}").as_bytes(),
        b'0',
        b"",
        b"2",
    );
    raw_member(
        &mut tar,
        b"hx/data/files/link",
        b'2',
        temp.path().to_str().unwrap().as_bytes(),
        b"",
    );
    raw_member(&mut tar, b"hx/data/files/link/escaped", b'0', b"", b"3");
    raw_member(&mut tar, b"hx/data/files/hard", b'1', b"/etc/passwd", b"");
    tar.extend_from_slice(&[0u8; 1024]);
    let hostile = temp.path().join("hostile.tar.zst");
    fs::write(&hostile, compress(&tar)).unwrap();

    let to = temp.path().join("expert");
    fs::create_dir(&to).unwrap();
    // A symlink planted where the evidence would land is not followed either.
    std::os::unix::fs::symlink(temp.path(), to.join("hx")).unwrap();
    extract(&hostile, &to, &frozen.public_key).expect(1);
    assert!(!escape.exists(), "a member escaped the target");
    assert!(!temp.path().join("a").exists());
    assert_eq!(leftovers(&to), ["hx"]);
    assert!(fs::symlink_metadata(to.join("hx"))
        .unwrap()
        .file_type()
        .is_symlink());

    // The intact archive is refused too while the planted symlink is there.
    let refused = extract(&frozen.archive, &to, &frozen.public_key).expect(2);
    assert!(refused.stderr.contains("hx"), "{}", refused.stderr);
    assert_eq!(leftovers(&to), ["hx"]);
}

/// Bytes that do not compress: a freeze and an extraction of them take a while.
fn noise(len: usize) -> Vec<u8> {
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

#[test]
fn sigterm_during_extraction_leaves_nothing_staged() {
    let temp = tempfile::tempdir().unwrap();
    let scene = temp.path().join("scene");
    fs::create_dir(&scene).unwrap();
    fs::write(scene.join("big.bin"), noise(192 << 20)).unwrap();
    let out = temp.path().join("out");
    fs::create_dir(&out).unwrap();
    let frozen = freeze(&out, "sig", &[&scene], &["--level", "1"]);
    frozen.run.expect(0);
    // Stopped while its second pass writes (the staging directory holds part
    // of the payload), then sent SIGTERM: exit 130 and nothing left. A run
    // that got past the payload before it was stopped proves nothing and
    // is tried again on a fresh target.
    for attempt in 0..5 {
        let to = temp.path().join(format!("expert{attempt}"));
        fs::create_dir(&to).unwrap();
        let mut child = scelle()
            .arg("extract")
            .arg("--pubkey")
            .arg(&frozen.public_key)
            .arg("--to")
            .arg(&to)
            .arg(&frozen.archive)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let pid = nix::unistd::Pid::from_raw(child.id() as i32);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        let staged = loop {
            let staging = leftovers(&to)
                .into_iter()
                .find(|name| name.starts_with(".scelle-unverified-"));
            if let Some(name) = staging {
                break Some(to.join(name));
            }
            if child.try_wait().unwrap().is_some() || std::time::Instant::now() > deadline {
                break None;
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
        };
        let Some(staging) = staged else {
            panic!(
                "extraction ended before staging: {:?}",
                child.wait_with_output()
            );
        };
        nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGSTOP).unwrap();
        let written: u64 = walkdir_sizes(&staging);
        let mid_payload = written < (192 << 20);
        nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM).unwrap();
        nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGCONT).unwrap();
        let output = child.wait_with_output().unwrap();
        if !mid_payload {
            continue;
        }
        assert_eq!(
            output.status.code(),
            Some(130),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(
            String::from_utf8_lossy(&output.stderr).contains("interrupted"),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!(
            leftovers(&to),
            Vec::<String>::new(),
            "nothing staged is left"
        );
        return;
    }
    panic!("five extractions all finished their payload before they could be stopped");
}

/// Bytes in regular files under `dir` (0 for whatever vanished meanwhile).
fn walkdir_sizes(dir: &Path) -> u64 {
    let mut total = 0;
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            match entry.metadata() {
                Ok(metadata) if metadata.is_dir() => pending.push(entry.path()),
                Ok(metadata) => total += metadata.len(),
                Err(_) => {}
            }
        }
    }
    total
}

#[test]
fn any_linux_file_name_seals_verifies_and_extracts_under_a_deep_target() {
    let temp = tempfile::tempdir().unwrap();
    let scene = temp.path().join("scene");
    fs::create_dir(&scene).unwrap();
    // A C1 control (NEL), a CSI, a 255-byte component, and a path of about 4000 bytes.
    let c1 = OsStr::from_bytes(b"c1\xc2\x85name\xc2\x9b[31m");
    fs::write(scene.join(c1), "c1").unwrap();
    let long_name = "n".repeat(255);
    fs::write(scene.join(&long_name), "255").unwrap();
    let mut deep = scene.clone();
    while deep.as_os_str().len() < 3700 {
        deep.push("d".repeat(200));
    }
    fs::create_dir_all(&deep).unwrap();
    fs::write(deep.join("f".repeat(200)), "deep").unwrap();
    let deep_file = deep.join("f".repeat(200));
    assert!(deep_file.as_os_str().len() > 3900);

    let out = temp.path().join("out");
    fs::create_dir(&out).unwrap();
    let frozen = freeze(&out, "names", &[&scene], &[]);
    frozen.run.expect(0);
    let fingerprint = crate::util::fingerprint_of(&frozen.public_key);
    run(scelle()
        .args(["verify", "--fingerprint", &fingerprint, "--pubkey"])
        .arg(&frozen.public_key)
        .arg(&frozen.archive))
    .expect(0);

    // The target itself is deep: target + original path is beyond PATH_MAX.
    let to = temp.path().join("expert").join("x".repeat(200));
    fs::create_dir_all(&to).unwrap();
    run(scelle()
        .args(["extract", "--pubkey"])
        .arg(&frozen.public_key)
        .arg("--to")
        .arg(&to)
        .arg(&frozen.archive))
    .expect(0);
    let files = to.join("names/files");
    let relative = |path: &Path| files.join(path.strip_prefix("/").unwrap());
    assert_eq!(fs::read(relative(&scene.join(c1))).unwrap(), b"c1");
    assert_eq!(fs::read(relative(&scene.join(&long_name))).unwrap(), b"255");
    // Read the deep file one directory at a time, as the kernel allows.
    let check = std::process::Command::new("python3")
        .arg("-c")
        .arg(
            "import os,sys\n\
             fd=os.open(sys.argv[1],os.O_RDONLY)\n\
             parts=sys.argv[2].strip('/').split('/')\n\
             for p in parts[:-1]:\n    fd=os.open(p,os.O_RDONLY,dir_fd=fd)\n\
             f=os.open(parts[-1],os.O_RDONLY,dir_fd=fd)\n\
             sys.stdout.write(os.read(f,100).decode())",
        )
        .arg(&files)
        .arg(&deep_file)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&check.stdout),
        "deep",
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
}
