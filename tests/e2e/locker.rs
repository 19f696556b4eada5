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

#[test]
fn a_freeze_streams_into_the_locker_locked_and_verifies_from_it() {
    let temp = tempfile::tempdir().unwrap();
    let (secret, public) = crate::util::clear_key(temp.path(), "k");
    let scene = temp.path().join("scene");
    fs::create_dir(&scene).unwrap();
    fs::write(scene.join("access.log"), "GET /shell.php 200\n").unwrap();
    let bucket = format!("e2e-freeze-{}", std::process::id());
    let locker = admin();
    locker.create_locked_bucket(&bucket).unwrap();

    let frozen = run(with_credentials()
        .args(["freeze", "--json", "--id", "web01", "--path-style", "--key"])
        .arg(&secret)
        .args([
            "--out",
            &format!("s3://{bucket}/INC-42"),
            "--retain-until",
            &retain_until(),
        ])
        .arg("--custody-out")
        .arg(temp.path().join("web01.custody.jsonl"))
        .arg("--temp-dir")
        .arg(temp.path())
        .arg(&scene))
    .expect(0);
    let summary: scelle_core::ops::freeze::FreezeReport = typed(&frozen.stdout);
    let locked = summary.locked.expect("the archive's lock, read back");
    assert_eq!(locked.url, format!("s3://{bucket}/INC-42/web01.tar.zst"));
    assert_eq!(locked.lock_mode.as_deref(), Some("COMPLIANCE"));
    let log = summary.locked_custody_log.expect("the custody log's lock");
    assert_eq!(log.lock_mode.as_deref(), Some("COMPLIANCE"));

    // The locked version is the sealed archive: fetched, it verifies, and
    // its SHA-256 is the seal.
    let version = locked.version_id.clone().unwrap();
    let fetched = locker
        .store()
        .send(&Request {
            method: rusty_s3::Method::Get,
            bucket: &bucket,
            key: Some("INC-42/web01.tar.zst"),
            query: vec![("versionId", version.clone())],
            headers: Vec::new(),
            body: &[],
        })
        .unwrap();
    assert_eq!(fetched.status, 200);
    let archive = temp.path().join("web01.tar.zst");
    fs::write(&archive, &fetched.body).unwrap();
    assert_eq!(
        scelle_hash::Sha256Digest::of(&fetched.body),
        summary.seal_sha256
    );
    run(scelle()
        .args([
            "verify",
            "--fingerprint",
            &fingerprint_of(&public),
            "--pubkey",
        ])
        .arg(&public)
        .arg(&archive))
    .expect(0);

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
