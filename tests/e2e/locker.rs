//! The evidence locker (issue #21) through the real binary, against the
//! one-node Ceph cluster tests/locker/ceph.sh starts (S3 with Object Lock).

use std::fs;
use std::process::Command;
use std::sync::OnceLock;

use scelle_locker::{Locker, Request, Store};

use crate::util::{fingerprint_of, run, scelle, typed};

/// `KEY=VALUE` lines the script prints once it answers.
fn cluster() -> &'static [(String, String)] {
    static ENV: OnceLock<Vec<(String, String)>> = OnceLock::new();
    ENV.get_or_init(|| {
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/locker/ceph.sh");
        let up = run(Command::new("bash").args([script, "up"]));
        assert_eq!(
            up.code, 0,
            "the test Ceph cluster did not start: {}",
            up.stderr
        );
        up.stdout
            .lines()
            .filter_map(|line| line.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    })
}

fn setting(name: &str) -> &'static str {
    cluster()
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
        .unwrap_or_else(|| panic!("{name} missing"))
}

/// `scelle` with the store's credentials in its environment, as
/// `AWS_*` variables (how a responder's machine would have them).
fn with_credentials() -> Command {
    let mut command = scelle();
    command
        .env("AWS_ACCESS_KEY_ID", setting("SCELLE_TEST_S3_ACCESS_KEY_ID"))
        .env(
            "AWS_SECRET_ACCESS_KEY",
            setting("SCELLE_TEST_S3_SECRET_ACCESS_KEY"),
        )
        .env("AWS_REGION", setting("SCELLE_TEST_S3_REGION"))
        .env("AWS_ENDPOINT_URL", setting("SCELLE_TEST_S3_ENDPOINT"));
    command
}

fn admin() -> Locker {
    let credentials = rusty_s3::Credentials::new(
        setting("SCELLE_TEST_S3_ACCESS_KEY_ID"),
        setting("SCELLE_TEST_S3_SECRET_ACCESS_KEY"),
    );
    Locker::with_store(
        Store::new(
            setting("SCELLE_TEST_S3_ENDPOINT"),
            setting("SCELLE_TEST_S3_REGION"),
            credentials,
            true,
        )
        .unwrap(),
    )
}

fn retain_until() -> String {
    (chrono::Utc::now() + chrono::Duration::days(1))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// `command` made `freeze --id ID --path-style --key SECRET --out URL
/// --retain-until (tomorrow) --custody-out LOG --temp-dir DIR SCENE`:
/// a freeze into the locker with the custody log and temporary files in DIR.
fn into_locker<'c>(
    command: &'c mut Command,
    id: &str,
    secret: &std::path::Path,
    url: &str,
    log: &std::path::Path,
    scene: &std::path::Path,
) -> &'c mut Command {
    command
        .args(["freeze", "--id", id, "--path-style", "--key"])
        .arg(secret)
        .args([
            "--out",
            url,
            "--retain-until",
            &retain_until(),
            "--custody-out",
        ])
        .arg(log)
        .arg("--temp-dir")
        .arg(log.parent().unwrap())
        .arg(scene)
}

/// A temporary directory with a clear key pair `k` and a one-file scene,
/// and a new locked bucket named after `test`.
struct Setup {
    temp: tempfile::TempDir,
    secret: std::path::PathBuf,
    public: std::path::PathBuf,
    scene: std::path::PathBuf,
    bucket: String,
}

fn setup(test: &str) -> Setup {
    let temp = tempfile::tempdir().unwrap();
    let (secret, public) = crate::util::clear_key(temp.path(), "k");
    let scene = temp.path().join("scene");
    fs::create_dir(&scene).unwrap();
    fs::write(scene.join("access.log"), "GET /shell.php 200\n").unwrap();
    let bucket = format!("e2e-{test}-{}", std::process::id());
    admin().create_locked_bucket(&bucket).unwrap();
    Setup {
        temp,
        secret,
        public,
        scene,
        bucket,
    }
}

#[test]
fn a_freeze_streams_into_the_locker_locked_and_verifies_from_it() {
    let Setup {
        temp,
        secret,
        public,
        scene,
        bucket,
    } = setup("freeze");
    let locker = admin();

    let frozen = run(into_locker(
        &mut with_credentials(),
        "web01",
        &secret,
        &format!("s3://{bucket}/INC-42"),
        &temp.path().join("web01.custody.jsonl"),
        &scene,
    )
    .arg("--json"))
    .expect(0);
    let summary: scelle_core::ops::freeze::FreezeReport = typed(&frozen.stdout);
    let locked = summary.locked.expect("the archive's lock, read back");
    assert_eq!(locked.url, format!("s3://{bucket}/INC-42/web01.tar.zst"));
    assert_eq!(locked.lock_mode.as_deref(), Some("COMPLIANCE"));
    let entry = summary
        .locked_custody_entry
        .expect("the custody entry's lock");
    assert_eq!(entry.lock_mode.as_deref(), Some("COMPLIANCE"));
    assert_eq!(
        entry.url,
        format!("s3://{bucket}/INC-42/web01.custody/00000000.json")
    );

    // The locked version is the sealed archive: fetched with the seal as
    // expected, it verifies; with another seal, nothing is kept.
    let version = locked.version_id.clone().unwrap();
    let url = format!("s3://{bucket}/INC-42/web01.tar.zst");
    let status = run(with_credentials().args(["locker", "status", "--path-style", &url])).expect(0);
    assert!(
        status.stdout.contains("COMPLIANCE until"),
        "{}",
        status.stdout
    );
    let archive = temp.path().join("web01.tar.zst");
    let seal = summary.seal_sha256.to_string();
    let wrong = temp.path().join("wrong.tar.zst");
    let refused = run(with_credentials()
        .args([
            "locker",
            "fetch",
            "--path-style",
            "--expect",
            &"0".repeat(64),
            "--to",
        ])
        .arg(&wrong)
        .arg(&url))
    .expect(1);
    assert!(refused.stdout.contains("NOT KEPT"), "{}", refused.stdout);
    assert!(!wrong.exists());
    run(with_credentials()
        .args([
            "locker",
            "fetch",
            "--path-style",
            &format!("--version={version}"),
            "--expect",
            &seal,
            "--to",
        ])
        .arg(&archive)
        .arg(&url))
    .expect(0);
    run(scelle()
        .args([
            "verify",
            "--expect",
            &seal,
            "--fingerprint",
            &fingerprint_of(&public),
            "--pubkey",
        ])
        .arg(&public)
        .arg(&archive))
    .expect(0);

    // The case's listing names it with its lock and recorded seal; a legal
    // hold is placed and read back.
    let listed = run(with_credentials().args([
        "locker",
        "list",
        "--path-style",
        &format!("s3://{bucket}/INC-42"),
    ]))
    .expect(0);
    assert!(listed.stdout.contains(&seal), "{}", listed.stdout);
    assert!(
        listed.stdout.contains("1 entry locked"),
        "{}",
        listed.stdout
    );
    let held =
        run(with_credentials().args(["locker", "hold", "--on", "--path-style", &url])).expect(0);
    assert!(held.stdout.contains("legal hold"), "{}", held.stdout);

    // Nobody can delete it, even with the store's credentials.
    let deleted = locker
        .store()
        .send(&Request {
            method: rusty_s3::Method::Delete,
            bucket: &bucket,
            key: Some("INC-42/web01.tar.zst"),
            query: vec![("versionId", version)],
            headers: Vec::new(),
            body: &[],
        })
        .unwrap();
    assert_eq!(deleted.status, 403);
    assert_eq!(deleted.xml("Code").as_deref(), Some("AccessDenied"));
}

#[test]
fn a_locker_freeze_without_a_retention_date_or_custody_file_is_refused() {
    let temp = tempfile::tempdir().unwrap();
    let (secret, _) = crate::util::clear_key(temp.path(), "k");
    let bucket = format!("e2e-refused-{}", std::process::id());
    admin().create_locked_bucket(&bucket).unwrap();
    let out = format!("s3://{bucket}/x");
    let no_date = run(with_credentials()
        .args(["freeze", "--id", "a", "--path-style", "--key"])
        .arg(&secret)
        .args(["--out", &out, "--custody-out"])
        .arg(temp.path().join("a.custody.jsonl"))
        .arg(temp.path()))
    .expect(2);
    assert!(
        no_date.stderr.contains("needs --retain-until"),
        "{}",
        no_date.stderr
    );
    let no_log = run(with_credentials()
        .args(["freeze", "--id", "a", "--path-style", "--key"])
        .arg(&secret)
        .args(["--out", &out, "--retain-until", &retain_until()])
        .arg(temp.path()))
    .expect(2);
    assert!(
        no_log.stderr.contains("needs --custody-out"),
        "{}",
        no_log.stderr
    );
    let head = admin().head(&bucket, "x/a.tar.zst", None).unwrap_err();
    assert!(
        matches!(head, scelle_locker::Error::Refused { status: 404, .. }),
        "{head}"
    );
}

/// A TCP relay to the gateway that cuts the connection carrying the
/// `limit`-th byte sent to it (later connections go through): the store
/// dying in the middle of a part, then coming back.
fn flaky_relay(target: &str, limit: u64) -> String {
    use std::io::{Read, Write};
    use std::net::{Shutdown, TcpListener, TcpStream};
    use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
    use std::sync::Arc;

    let target = target.trim_start_matches("http://").to_string();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let sent = Arc::new(AtomicU64::new(0));
    let cut = Arc::new(AtomicBool::new(false));
    std::thread::spawn(move || {
        for client in listener.incoming().flatten() {
            let Ok(server) = TcpStream::connect(&target) else {
                continue;
            };
            let (sent, cut) = (sent.clone(), cut.clone());
            let (mut from_client, mut to_server) =
                (client.try_clone().unwrap(), server.try_clone().unwrap());
            let (mut from_server, mut to_client) = (server, client);
            std::thread::spawn(move || {
                let _ = std::io::copy(&mut from_server, &mut to_client);
                let _ = to_client.shutdown(Shutdown::Both);
            });
            std::thread::spawn(move || {
                let mut buffer = vec![0u8; 64 * 1024];
                while let Ok(n) = from_client.read(&mut buffer) {
                    if n == 0 {
                        break;
                    }
                    let total = sent.fetch_add(n as u64, Ordering::SeqCst) + n as u64;
                    if total >= limit && !cut.swap(true, Ordering::SeqCst) {
                        break;
                    }
                    if to_server.write_all(&buffer[..n]).is_err() {
                        break;
                    }
                }
                let _ = to_server.shutdown(Shutdown::Both);
                let _ = from_client.shutdown(Shutdown::Both);
            });
        }
    });
    format!("http://{address}")
}

#[test]
fn the_store_dying_mid_upload_leaves_no_object_and_fails_the_freeze() {
    let temp = tempfile::tempdir().unwrap();
    let (secret, _) = crate::util::clear_key(temp.path(), "k");
    let scene = temp.path().join("scene");
    fs::create_dir(&scene).unwrap();
    // Incompressible, so that the archive spans three parts.
    let mut noise = vec![0u8; 40 << 20];
    let mut state = 0x9e3779b97f4a7c15u64;
    for byte in &mut noise {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        *byte = state as u8;
    }
    fs::write(scene.join("disk.bin"), &noise).unwrap();
    let bucket = format!("e2e-dying-{}", std::process::id());
    let locker = admin();
    locker.create_locked_bucket(&bucket).unwrap();
    let relay = flaky_relay(setting("SCELLE_TEST_S3_ENDPOINT"), 24 << 20);

    let failed = run(into_locker(
        with_credentials().env("AWS_ENDPOINT_URL", &relay),
        "cut",
        &secret,
        &format!("s3://{bucket}/x"),
        &temp.path().join("cut.custody.jsonl"),
        &scene,
    ));
    assert_ne!(failed.code, 0, "{}", failed.stdout);
    assert!(
        failed.stderr.contains("evidence locker"),
        "{}",
        failed.stderr
    );
    assert!(
        !temp.path().join("cut.custody.jsonl").exists(),
        "no custody log"
    );
    let head = locker.head(&bucket, "x/cut.tar.zst", None).unwrap_err();
    assert!(
        matches!(head, scelle_locker::Error::Refused { status: 404, .. }),
        "{head}"
    );
    // The multipart upload was aborted, not left pending.
    let pending = locker
        .store()
        .send(&Request {
            method: rusty_s3::Method::Get,
            bucket: &bucket,
            key: None,
            query: vec![("uploads", String::new())],
            headers: Vec::new(),
            body: &[],
        })
        .unwrap();
    assert_eq!(pending.status, 200);
    assert!(
        pending.xml("UploadId").is_none(),
        "{}",
        String::from_utf8_lossy(&pending.body)
    );
}

/// Peak resident memory (KiB) of `command`, measured by GNU time.
fn peak_kib(command: &mut Command) -> u64 {
    let report = tempfile::NamedTempFile::new().unwrap();
    let program = command.get_program().to_os_string();
    let args: Vec<_> = command.get_args().map(|a| a.to_os_string()).collect();
    let envs: Vec<_> = command
        .get_envs()
        .filter_map(|(k, v)| Some((k.to_os_string(), v?.to_os_string())))
        .collect();
    let done = run(Command::new("/usr/bin/time")
        .args(["-f", "%M", "-o"])
        .arg(report.path())
        .arg(program)
        .args(args)
        .envs(envs));
    assert_eq!(done.code, 0, "{}", done.stderr);
    fs::read_to_string(report.path())
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

#[test]
fn streaming_into_the_locker_holds_one_part_in_memory_not_the_archive() {
    let temp = tempfile::tempdir().unwrap();
    let (secret, _) = crate::util::clear_key(temp.path(), "k");
    let scene = temp.path().join("scene");
    fs::create_dir(&scene).unwrap();
    let made = run(Command::new("sh").arg("-c").arg(format!(
        "head -c 160M /dev/urandom > {}",
        scene.join("big").display()
    )));
    assert_eq!(made.code, 0);
    let out = temp.path().join("out");
    fs::create_dir(&out).unwrap();
    // Two zstd workers, as on the 2-core machine CI runs on, whatever this one has.
    let local = peak_kib(
        scelle()
            .args(["freeze", "--threads", "2", "--id", "local", "--key"])
            .arg(&secret)
            .arg("--out")
            .arg(&out)
            .arg(&scene),
    );
    let bucket = format!("e2e-memory-{}", std::process::id());
    admin().create_locked_bucket(&bucket).unwrap();
    let streamed = peak_kib(
        into_locker(
            &mut with_credentials(),
            "locker",
            &secret,
            &format!("s3://{bucket}/m"),
            &out.join("locker.custody.jsonl"),
            &scene,
        )
        .args(["--threads", "2"]),
    );
    // One 16 MiB part and the HTTP client's buffers above a local freeze
    // of the same 160 MiB; holding the archive would be 160 MiB more. And
    // the whole within issue #21's budget: 64 MiB and the part buffer.
    let part = (scelle_locker::PART_SIZE / 1024) as u64;
    assert!(
        streamed <= local + part + 24 * 1024,
        "peak RSS: local freeze {local} KiB, into the locker {streamed} KiB"
    );
    assert!(
        streamed <= 64 * 1024 + part,
        "peak RSS into the locker: {streamed} KiB, over 64 MiB + one part"
    );
    println!("peak RSS: local freeze {local} KiB, into the locker {streamed} KiB");
}

#[test]
fn custody_lines_dropped_from_the_log_are_caught_against_the_locker() {
    let Setup {
        temp,
        secret,
        public,
        scene,
        bucket,
    } = setup("custody");
    let place = format!("s3://{bucket}/INC-7");
    let log = temp.path().join("ev.custody.jsonl");
    run(into_locker(
        &mut with_credentials(),
        "ev",
        &secret,
        &place,
        &log,
        &scene,
    ))
    .expect(0);
    for to in ["Me Martin, commissaire de justice", "M. Durand, expert"] {
        let moved = run(with_credentials()
            .args([
                "custody",
                "transfer",
                "--path-style",
                "--locker",
                &place,
                "--to",
                to,
            ])
            .arg("--key")
            .arg(&secret)
            .arg("--log")
            .arg(&log))
        .expect(0);
        assert!(moved.stderr.contains("entry locked:"), "{}", moved.stderr);
    }
    let verify = |json: bool| {
        let mut command = with_credentials();
        command.args(["custody", "verify", "--path-style", "--locker", &place]);
        if json {
            command.arg("--json");
        }
        run(command.arg("--pubkey").arg(&public).arg("--log").arg(&log))
    };
    verify(false).expect(0);

    // The last transfer cut from the log: the chain that is left is whole
    // and signed, so only the locker tells.
    let text = fs::read_to_string(&log).unwrap();
    let kept: Vec<&str> = text.lines().take(2).collect();
    fs::write(&log, kept.join("\n") + "\n").unwrap();
    run(scelle()
        .args(["custody", "verify", "--pubkey"])
        .arg(&public)
        .arg("--log")
        .arg(&log))
    .expect(0);
    let caught = verify(false).expect(1);
    assert!(
        caught.stdout.contains("BROKEN chain of custody"),
        "{}",
        caught.stdout
    );
    let verified: serde_json::Value = typed(&verify(true).stdout);
    let head_missing =
        serde_json::to_value(scelle_custody::CustodyFindingKind::HeadMissing).unwrap();
    let findings = verified["findings"].as_array().unwrap();
    assert!(
        findings
            .iter()
            .any(|finding| finding["kind"] == head_missing),
        "{findings:?}"
    );
}

#[test]
fn credentials_and_endpoint_come_from_an_aws_profile_too() {
    let Setup {
        temp,
        secret,
        scene,
        bucket,
        ..
    } = setup("profile");
    let aws = temp.path().join("home/.aws");
    fs::create_dir_all(&aws).unwrap();
    fs::write(
        aws.join("credentials"),
        format!(
            "[default]\naws_access_key_id = WRONG\naws_secret_access_key = WRONG\n\n\
             [ceph]\naws_access_key_id = {}\naws_secret_access_key = {}\n",
            setting("SCELLE_TEST_S3_ACCESS_KEY_ID"),
            setting("SCELLE_TEST_S3_SECRET_ACCESS_KEY")
        ),
    )
    .unwrap();
    fs::write(
        aws.join("config"),
        format!(
            "[profile ceph]\nregion = {}\nendpoint_url = {}\n",
            setting("SCELLE_TEST_S3_REGION"),
            setting("SCELLE_TEST_S3_ENDPOINT")
        ),
    )
    .unwrap();
    let mut freeze = scelle();
    for name in [
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
        "AWS_ENDPOINT_URL",
        "AWS_SHARED_CREDENTIALS_FILE",
        "AWS_CONFIG_FILE",
    ] {
        freeze.env_remove(name);
    }
    run(into_locker(
        freeze
            .env("HOME", temp.path().join("home"))
            .env("AWS_PROFILE", "ceph"),
        "p",
        &secret,
        &format!("s3://{bucket}/x"),
        &temp.path().join("p.custody.jsonl"),
        &scene,
    ))
    .expect(0);
    let state = admin().head(&bucket, "x/p.tar.zst", None).unwrap();
    assert_eq!(state.lock_mode.as_deref(), Some("COMPLIANCE"));
}

/// `scelle` with no AWS credentials anywhere it could find them.
fn without_credentials(home: &std::path::Path) -> Command {
    let mut command = scelle();
    for name in [
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_PROFILE",
        "AWS_ENDPOINT_URL",
        "AWS_SHARED_CREDENTIALS_FILE",
        "AWS_CONFIG_FILE",
    ] {
        command.env_remove(name);
    }
    command.env("HOME", home);
    command
}

#[test]
fn three_hosts_freeze_at_once_through_grants_without_credentials() {
    let Setup {
        temp,
        secret,
        scene,
        bucket,
        ..
    } = setup("grants");
    let url = format!("s3://{bucket}/INC-5");
    let grants = temp.path().join("grants");
    fs::create_dir(&grants).unwrap();
    let lead = || {
        let mut command = with_credentials();
        command
            .args([
                "locker",
                "grant",
                "--path-style",
                "--hosts",
                "web01,web02,db01",
            ])
            .arg("--out-dir")
            .arg(&grants)
            .args(["--retain-until", &retain_until(), &url]);
        command
    };
    // Without a default retention on the bucket, the lead is told why not.
    let refused = run(&mut lead()).expect(2);
    assert!(
        refused.stderr.contains("default retention"),
        "{}",
        refused.stderr
    );
    admin()
        .set_default_retention(&bucket, scelle_locker::LockMode::Compliance, 1)
        .unwrap();
    run(&mut lead()).expect(0);

    let home = temp.path().join("empty-home");
    fs::create_dir(&home).unwrap();
    let hosts = ["web01", "web02", "db01"];
    let children: Vec<_> = hosts
        .iter()
        .map(|host| {
            let grant = grants.join(format!("{host}.grant.json"));
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                fs::metadata(&grant).unwrap().permissions().mode() & 0o777,
                0o600
            );
            let log = temp.path().join(format!("{host}.custody.jsonl"));
            without_credentials(&home)
                .args(["freeze", "--json", "--key"])
                .arg(&secret)
                .arg("--out")
                .arg(format!("grant:{}", grant.display()))
                .arg("--custody-out")
                .arg(&log)
                .arg("--temp-dir")
                .arg(temp.path())
                .arg(&scene)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for (host, child) in hosts.iter().zip(children) {
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "{host}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let summary: scelle_core::ops::freeze::FreezeReport =
            typed(&String::from_utf8_lossy(&output.stdout));
        assert!(summary
            .evidence_id
            .as_str()
            .starts_with(&format!("{host}-")));
        let locked = summary.locked.unwrap();
        assert_eq!(locked.lock_mode.as_deref(), Some("COMPLIANCE"));
        assert!(summary.locked_custody_entry.is_some());
    }
    let listed = run(with_credentials().args(["locker", "list", "--path-style", &url])).expect(0);
    assert_eq!(
        listed.stdout.matches("COMPLIANCE until").count(),
        3,
        "{}",
        listed.stdout
    );
}

/// The names under `dir`, sorted: what a run left on the local disk.
fn names_under(dir: &std::path::Path) -> Vec<String> {
    let mut names = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            names.extend(names_under(&path));
        }
        names.push(path.display().to_string());
    }
    names.sort();
    names
}

#[test]
fn an_archive_verifies_straight_from_the_locker_and_a_version_put_on_top_is_seen() {
    let Setup {
        temp,
        secret,
        public,
        scene,
        bucket,
    } = setup("lverify");
    let place = format!("s3://{bucket}/INC-9");
    let log = temp.path().join("db01.custody.jsonl");
    let frozen = run(into_locker(
        &mut with_credentials(),
        "db01",
        &secret,
        &place,
        &log,
        &scene,
    )
    .arg("--json"))
    .expect(0);
    let summary: scelle_core::ops::freeze::FreezeReport = typed(&frozen.stdout);
    let seal = summary.seal_sha256.to_string();
    let first_version = summary.locked.unwrap().version_id.unwrap();
    run(with_credentials()
        .args(["custody", "transfer", "--path-style", "--locker", &place])
        .args(["--to", "Me Martin, commissaire de justice", "--key"])
        .arg(&secret)
        .arg("--log")
        .arg(&log))
    .expect(0);
    let url = format!("{place}/db01.tar.zst");
    let fingerprint = fingerprint_of(&public);
    let verify = |extra: &[&str]| {
        let mut command = with_credentials();
        command
            .args(["locker", "verify", "--path-style", "--fingerprint"])
            .arg(&fingerprint)
            .arg("--pubkey")
            .arg(&public)
            .args(extra);
        run(command.arg(&url))
    };
    let kinds = |findings: &serde_json::Value| -> Vec<serde_json::Value> {
        findings
            .as_array()
            .unwrap()
            .iter()
            .map(|finding| finding["kind"].clone())
            .collect()
    };

    // From the bucket, nothing stored locally: the archive's checks, its
    // lock, the two locked custody entries and the log handed over.
    let before = names_under(temp.path());
    let log_arg = log.display().to_string();
    let verified = verify(&["--expect", &seal, "--log", &log_arg]).expect(0);
    assert_eq!(names_under(temp.path()), before);
    for expected in [
        "COMPLIANCE until",
        "versions: 1 of this key in the locker (never rewritten)",
        "verdict:     INTACT",
        "locked custody entries: 2",
        "verdict: INTACT chain of custody",
        "overall:     INTACT",
    ] {
        assert!(
            verified.stdout.contains(expected),
            "{expected:?} missing:\n{}",
            verified.stdout
        );
    }
    // The same report in French, for an expert's annex.
    let french = verify(&["--lang", "fr", "--expect", &seal]).expect(0);
    for expected in [
        "versions : 1 pour cette clé dans le coffre (jamais réécrite)",
        "verdict :          INTÈGRE",
        "entrées de possession verrouillées : 2",
        "ensemble :   INTÈGRE",
    ] {
        assert!(
            french.stdout.contains(expected),
            "{expected:?} missing:\n{}",
            french.stdout
        );
    }
    let report: serde_json::Value = typed(&verify(&["--json", "--expect", &seal]).expect(0).stdout);
    assert_eq!(report["archive"]["intact"], true);
    assert_eq!(report["archive"]["seal_sha256"], seal.as_str());
    assert_eq!(report["lock_in_force"], true);
    assert_eq!(report["locked_custody"]["entries"], 2);
    assert_eq!(report["locked_custody"]["chained"], 2);
    assert_eq!(report["locked_custody"]["report"]["findings_total"], 0);

    // Another seal from the procès-verbal: not intact, the finding says why.
    let wrong: serde_json::Value = typed(
        &verify(&["--json", "--expect", &"0".repeat(64)])
            .expect(1)
            .stdout,
    );
    let seal_mismatch = serde_json::to_value(scelle_verify::FindingKind::SealMismatch).unwrap();
    assert!(kinds(&wrong["archive"]["findings"]).contains(&seal_mismatch));

    // The log with the transfer cut: the locker's head is missing from it.
    let cut = temp.path().join("cut.custody.jsonl");
    let text = fs::read_to_string(&log).unwrap();
    fs::write(&cut, text.lines().next().unwrap().to_string() + "\n").unwrap();
    let cut_arg = cut.display().to_string();
    let caught: serde_json::Value = typed(
        &verify(&["--json", "--expect", &seal, "--log", &cut_arg])
            .expect(1)
            .stdout,
    );
    let head_missing =
        serde_json::to_value(scelle_custody::CustodyFindingKind::HeadMissing).unwrap();
    assert!(kinds(&caught["log"]["findings"]).contains(&head_missing));

    // Whoever may write puts a new version on top of the locked one: the
    // first written is still what is verified, and the rewrite is named;
    // the new version itself does not verify.
    let body = b"not the evidence".as_slice();
    let put = admin()
        .store()
        .send(&Request {
            method: rusty_s3::Method::Put,
            bucket: &bucket,
            key: Some("INC-9/db01.tar.zst"),
            query: Vec::new(),
            headers: vec![("content-md5", scelle_locker::content_md5(body))],
            body,
        })
        .unwrap();
    assert_eq!(put.status, 200, "{}", String::from_utf8_lossy(&put.body));
    let rewritten = verify(&["--expect", &seal]).expect(0);
    assert!(
        rewritten
            .stdout
            .contains("1 later version(s) were written on top of the first"),
        "{}",
        rewritten.stdout
    );
    let report: serde_json::Value = typed(&verify(&["--json", "--expect", &seal]).expect(0).stdout);
    let verified_version = report["versions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|version| version["verified"] == true)
        .unwrap()["version_id"]
        .clone();
    assert_eq!(verified_version, first_version.as_str());
    let newer = report["versions"][0]["version_id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_ne!(newer, first_version);
    verify(&["--expect", &seal, &format!("--version={newer}")]).expect(1);
}
