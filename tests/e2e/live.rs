//! Live response: commands captured in order, and collection profiles.

use std::fs;
use std::path::Path;

use scelle_manifest::{Item, ItemKind, Status};

use crate::util::{extract_with_scelle, extract_with_tar, freeze, manifest, run, scelle};

fn command_items(bag: &Path) -> Vec<Item> {
    manifest(bag)
        .items
        .into_iter()
        .filter(|item| item.kind == ItemKind::Command)
        .collect()
}

#[test]
fn commands_are_captured_with_exit_status_timeout_and_missing_binary() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("out");
    fs::create_dir(&out).unwrap();
    let frozen = freeze(
        &out,
        "live",
        &[],
        &[
            "--command-timeout",
            "2",
            "--command",
            "sh -c 'echo to-stdout; echo to-stderr >&2; exit 4'",
            "--command",
            "sleep 60",
            "--command",
            "no-such-tool-here --all",
            "--command",
            "setsid -f sh -c 'echo early; sleep 40; echo late'",
            "--reference-time",
            "2026-11-25T10:00:00+01:00",
        ],
    );
    let run_result = frozen.run.expect(3);
    let summary: serde_json::Value = serde_json::from_str(&run_result.stdout).unwrap();
    assert_eq!(
        summary["incomplete_items"], 3,
        "the command that failed, the sleeper and the daemon are incomplete"
    );

    // Extracted, command outputs are read-only like every other file.
    let to = extract_with_scelle(&frozen.archive, &frozen.public_key, temp.path());
    let commands_dir = to.join("live/commands");
    let outputs: Vec<_> = fs::read_dir(&commands_dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    assert_eq!(
        outputs.len(),
        6,
        "stdout and stderr of the three commands that ran: {outputs:?}"
    );
    for output in &outputs {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(output).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o444, "{}", output.display());
    }
    let bag = extract_with_tar(&frozen.archive, temp.path(), "live");
    let items = command_items(&bag);
    assert_eq!(items.len(), 4);

    let first = items[0].command.as_ref().unwrap();
    assert_eq!(items[0].status, Status::Failed);
    assert!(
        items[0]
            .reason
            .as_ref()
            .unwrap()
            .contains("exited with code 4"),
        "{:?}",
        items[0].reason
    );
    assert_eq!(first.exit_code, Some(4));
    assert_eq!(
        first.argv,
        ["sh", "-c", "echo to-stdout; echo to-stderr >&2; exit 4"]
    );
    assert!(first.binary_sha256.is_some());
    assert_eq!(
        fs::read_to_string(bag.join(items[0].archive_path.as_ref().unwrap())).unwrap(),
        "to-stdout\n"
    );
    let stderr = first.stderr.as_ref().unwrap();
    assert_eq!(
        stderr.archive_path,
        "data/commands/001-sh-c-echo-to-stdout-echo-to-stderr-2-exi.stderr"
    );
    assert_eq!(
        fs::read_to_string(bag.join(&stderr.archive_path)).unwrap(),
        "to-stderr\n"
    );

    let sleeper = items[1].command.as_ref().unwrap();
    assert!(sleeper.timed_out);
    assert_eq!(sleeper.signal, Some(9));
    // Killed at its 2 s timeout, long before `sleep 60` would have ended.
    assert!(
        (2_000..60_000).contains(&sleeper.duration_ms),
        "{}",
        sleeper.duration_ms
    );
    assert_eq!(items[1].status, Status::Unreadable);

    assert_eq!(items[2].status, Status::Skipped);
    assert!(items[2].reason.as_ref().unwrap().contains("not found"));

    // Issue #19.2: a daemon (its own session, out of the command's process
    // group) holding stdout open: reading stops at the 2 s timeout, the
    // daemon is killed, and what it prints later is not recorded as output.
    let daemon = items[3].command.as_ref().unwrap();
    assert!(daemon.timed_out, "{:?}", items[3].reason);
    assert_eq!(items[3].status, Status::Unreadable);
    assert!(
        (2_000..40_000).contains(&daemon.duration_ms),
        "{}",
        daemon.duration_ms
    );
    assert!(!daemon.left_running.is_empty());
    assert_eq!(
        fs::read_to_string(bag.join(items[3].archive_path.as_ref().unwrap())).unwrap(),
        "early\n"
    );
    for process in &daemon.left_running {
        let pid = process.split(' ').next().unwrap();
        assert!(
            !std::path::Path::new(&format!("/proc/{pid}")).exists(),
            "{process} still runs after the freeze"
        );
    }

    let acquisition = manifest(&bag).header.acquisition;
    let reference = acquisition.clock_reference.unwrap();
    assert_eq!(reference.reference_time, "2026-11-25T10:00:00+01:00");
    let command_started = chrono::DateTime::parse_from_rfc3339(&first.started).unwrap();
    let header_started = chrono::DateTime::parse_from_rfc3339(&acquisition.started).unwrap();
    assert!(
        command_started >= header_started,
        "commands run after the start is recorded"
    );
}

#[test]
fn the_triage_profile_runs_for_real() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("out");
    fs::create_dir(&out).unwrap();
    let frozen = freeze(&out, "triage", &[], &["--profile", "linux-triage"]);
    let code = frozen.run.code;
    assert!(code == 0 || code == 3, "{}", frozen.run.stderr);
    crate::util::run(
        scelle()
            .args(["verify", "--pubkey"])
            .arg(&frozen.public_key)
            .arg("--expect")
            .arg(crate::util::seal_of(&frozen.archive))
            .arg(&frozen.archive),
    )
    .expect(0);
    let bag = extract_with_tar(&frozen.archive, temp.path(), "triage");
    let manifest = manifest(&bag);
    assert_eq!(
        manifest.header.acquisition.profile.as_ref().unwrap().name,
        "linux-triage"
    );

    let commands = command_items(&bag);
    for expected in [
        "date -u", "uptime", "hostname", "id", "ps -eo", "ss -anp", "ip addr", "mount", "df -h",
        "lastlog",
    ] {
        let item = commands
            .iter()
            .find(|item| {
                let line = item.path.to_display();
                line == expected || line.starts_with(&format!("{expected} "))
            })
            .unwrap_or_else(|| panic!("no {expected} command"));
        assert_eq!(
            item.status,
            Status::Complete,
            "{expected}: {:?}",
            item.reason
        );
        assert!(item.size > 0, "{expected} printed nothing");
    }
    let hostname = commands
        .iter()
        .find(|item| item.path.to_display() == "hostname")
        .unwrap();
    let printed = fs::read_to_string(bag.join(hostname.archive_path.as_ref().unwrap())).unwrap();
    assert_eq!(
        printed.trim(),
        fs::read_to_string("/proc/sys/kernel/hostname")
            .unwrap()
            .trim()
    );

    let by_path = |path: &str| {
        manifest
            .items
            .iter()
            .find(|item| item.path.to_display() == path)
    };
    for stored in [
        "/etc/passwd",
        "/etc/group",
        "/etc/hosts",
        "/etc/resolv.conf",
    ] {
        let item = by_path(stored).unwrap_or_else(|| panic!("{stored} missing"));
        assert_eq!(item.status, Status::Complete, "{stored}");
        assert!(item.archive_path.is_some(), "{stored} content stored");
    }
    let tmp_files = manifest
        .items
        .iter()
        .filter(|item| item.path.to_display().starts_with("/tmp/") && item.kind == ItemKind::File);
    for item in tmp_files {
        assert!(
            item.archive_path.is_none(),
            "/tmp is metadata only: {}",
            item.path.to_display()
        );
    }
}

#[test]
fn a_custom_profile_with_globs_caps_and_missing_paths() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path().join("host");
    for user in ["alice", "bob"] {
        fs::create_dir_all(root.join(format!("home/{user}/.ssh"))).unwrap();
        fs::write(
            root.join(format!("home/{user}/.ssh/authorized_keys")),
            format!("ssh-ed25519 AAAA {user}\n"),
        )
        .unwrap();
    }
    fs::write(root.join("home/alice/big.log"), vec![b'x'; 5000]).unwrap();
    let profile = temp.path().join("incident.toml");
    fs::write(
        &profile,
        format!(
            r#"name = "incident-2026-117"
description = "keys and logs"
[[command]]
run = "echo profile command ran"
[[path]]
path = "{root}/home/*/.ssh"
[[path]]
path = "{root}/home/alice/*.log"
max_size = "1K"
[[path]]
path = "{root}/opt/absent"
"#,
            root = root.display()
        ),
    )
    .unwrap();
    let out = temp.path().join("out");
    fs::create_dir(&out).unwrap();
    let frozen = freeze(
        &out,
        "custom",
        &[],
        &["--profile", profile.to_str().unwrap()],
    );
    frozen.run.expect(0);
    let bag = extract_with_tar(&frozen.archive, temp.path(), "custom");
    let manifest = manifest(&bag);
    let recorded = manifest.header.acquisition.profile.as_ref().unwrap();
    assert_eq!(recorded.name, "incident-2026-117");
    assert_eq!(
        recorded.sha256,
        scelle_hash::Sha256Digest::of(&fs::read(&profile).unwrap())
    );
    let find = |suffix: &str| {
        manifest
            .items
            .iter()
            .find(|item| item.path.to_display().ends_with(suffix))
            .unwrap()
    };
    assert!(find("alice/.ssh/authorized_keys").archive_path.is_some());
    assert!(find("bob/.ssh/authorized_keys").archive_path.is_some());
    let big = find("big.log");
    assert_eq!(big.status, Status::Skipped);
    assert!(big.reason.as_ref().unwrap().contains("cap"));
    let absent = find("opt/absent");
    assert_eq!(absent.status, Status::Skipped);
    assert_eq!(command_items(&bag).len(), 1);
}

#[test]
fn bad_profile_or_reference_time_stops_before_anything_runs() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("out");
    fs::create_dir(&out).unwrap();
    let marker = temp.path().join("ran");
    let profile = temp.path().join("bad.toml");
    fs::write(
        &profile,
        "name = \"bad\"\n[[path]]\npath = \"/etc\"\nmax_size = \"lots\"\n",
    )
    .unwrap();
    let touch = format!("touch {}", marker.display());
    let bad = freeze(
        &out,
        "bad",
        &[],
        &["--profile", profile.to_str().unwrap(), "--command", &touch],
    )
    .run
    .expect(2);
    assert!(
        bad.stderr.contains("bad.toml") && bad.stderr.contains("lots"),
        "{}",
        bad.stderr
    );
    fs::write(&profile, "name = \"bad\"\n[[command]\nrun = 1\n").unwrap();
    let broken = freeze(
        &out,
        "bad",
        &[],
        &["--profile", profile.to_str().unwrap(), "--command", &touch],
    )
    .run
    .expect(2);
    assert!(broken.stderr.contains("bad.toml"), "{}", broken.stderr);
    let clock = freeze(
        &out,
        "bad",
        &[],
        &["--reference-time", "noon", "--command", &touch],
    )
    .run
    .expect(2);
    assert!(
        clock.stderr.contains("--reference-time"),
        "{}",
        clock.stderr
    );
    assert!(
        !marker.exists(),
        "no command may run when the request is refused"
    );
    assert!(!out.join("bad.tar.zst").exists());
    let listed = run(scelle().args(["profile", "show", "linux-web"])).expect(0);
    assert!(
        listed.stdout.contains("nginx -T") && listed.stdout.contains("/var/log"),
        "{}",
        listed.stdout
    );
}
