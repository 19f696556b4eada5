//! The locker against a real Ceph RADOS Gateway with Object Lock, started
//! by tests/locker/ceph.sh (once; already running is fine).

use std::io::Write;
use std::process::Command;
use std::sync::OnceLock;

use chrono::{Duration, Utc};
use scelle_locker::{Lock, LockMode, Locker, Request, Store};

/// The environment the script prints, once per test binary.
fn ceph_env() -> &'static Vec<(String, String)> {
    static ENV: OnceLock<Vec<(String, String)>> = OnceLock::new();
    ENV.get_or_init(|| {
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/locker/ceph.sh");
        let output = Command::new("bash")
            .args([script, "up"])
            .output()
            .expect("bash");
        assert!(
            output.status.success(),
            "the test Ceph cluster did not start (needs ceph-mon, ceph-osd, radosgw, ceph-common; root):\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter_map(|line| line.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    })
}

fn var(name: &str) -> String {
    ceph_env()
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .unwrap_or_else(|| panic!("{name} missing from the script's output"))
}

fn locker() -> Locker {
    let credentials = rusty_s3::Credentials::new(
        var("SCELLE_TEST_S3_ACCESS_KEY_ID"),
        var("SCELLE_TEST_S3_SECRET_ACCESS_KEY"),
    );
    let store = Store::new(
        &var("SCELLE_TEST_S3_ENDPOINT"),
        &var("SCELLE_TEST_S3_REGION"),
        credentials,
        true,
    )
    .unwrap();
    Locker::with_store(store)
}

/// A new bucket with Object Lock, named after the test.
fn bucket(locker: &Locker, test: &str) -> String {
    let name = format!("{test}-{}", std::process::id());
    locker.create_locked_bucket(&name).unwrap();
    name
}

fn lock(days: i64) -> Lock {
    Lock {
        mode: LockMode::Compliance,
        retain_until: (Utc::now() + Duration::days(days)).with_nanosecond_zero(),
        legal_hold: false,
    }
}

trait WholeSeconds {
    fn with_nanosecond_zero(self) -> Self;
}

impl WholeSeconds for chrono::DateTime<Utc> {
    fn with_nanosecond_zero(self) -> Self {
        chrono::Timelike::with_nanosecond(&self, 0).unwrap()
    }
}

#[test]
fn a_streamed_upload_is_locked_and_cannot_be_deleted_or_unlocked() {
    let locker = locker();
    let bucket = bucket(&locker, "stream");
    let mut upload = locker.upload(&bucket, "ev.tar.zst", lock(1)).unwrap();
    // Three parts: two full, one short.
    let data: Vec<u8> = (0..(2 * scelle_locker::PART_SIZE + 12345))
        .map(|i| (i % 251) as u8)
        .collect();
    upload.write_all(&data).unwrap();
    let state = upload.finish().unwrap();
    assert_eq!(state.lock_mode.as_deref(), Some("COMPLIANCE"));
    assert_eq!(state.size, Some(data.len() as u64));
    let version = state.version_id.clone().unwrap();

    // Deleting the locked version is refused.
    let deleted = locker
        .store()
        .send(&Request {
            method: rusty_s3::Method::Delete,
            bucket: &bucket,
            key: Some("ev.tar.zst"),
            query: vec![("versionId", version.clone())],
            headers: Vec::new(),
            body: &[],
        })
        .unwrap();
    assert_eq!(
        deleted.status,
        403,
        "{:?}",
        String::from_utf8_lossy(&deleted.body)
    );
    assert_eq!(deleted.xml("Code").as_deref(), Some("AccessDenied"));

    // Shortening COMPLIANCE retention is refused.
    let shorter = locker
        .lock(
            &bucket,
            "ev.tar.zst",
            Some(&version),
            &Lock {
                retain_until: state.retain_until.unwrap() - Duration::hours(1),
                ..lock(1)
            },
        )
        .unwrap_err();
    assert!(shorter.code().is_some(), "{shorter}");

    // Still there, byte for byte.
    let got = locker
        .store()
        .send(&Request {
            method: rusty_s3::Method::Get,
            bucket: &bucket,
            key: Some("ev.tar.zst"),
            query: vec![("versionId", version)],
            headers: vec![("range", "bytes=0-99".into())],
            body: &[],
        })
        .unwrap();
    assert_eq!(got.body, data[..100]);
}

#[test]
fn an_upload_dropped_unfinished_leaves_no_object() {
    let locker = locker();
    let bucket = bucket(&locker, "abort");
    {
        let mut upload = locker.upload(&bucket, "half.tar.zst", lock(1)).unwrap();
        upload
            .write_all(&vec![7u8; scelle_locker::PART_SIZE + 10])
            .unwrap();
    }
    let head = locker.head(&bucket, "half.tar.zst", None).unwrap_err();
    assert!(
        matches!(head, scelle_locker::Error::Refused { status: 404, .. }),
        "{head}"
    );
}
