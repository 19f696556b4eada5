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

    // Shortening COMPLIANCE retention is refused (asked for directly:
    // Locker::lock leaves a longer lock as it is).
    let sooner = (state.retain_until.unwrap() - Duration::hours(1))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let body = format!(
        "<Retention xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Mode>COMPLIANCE</Mode>\
         <RetainUntilDate>{sooner}</RetainUntilDate></Retention>"
    );
    let shorter = locker
        .store()
        .send(&Request {
            method: rusty_s3::Method::Put,
            bucket: &bucket,
            key: Some("ev.tar.zst"),
            query: vec![("retention", String::new()), ("versionId", version.clone())],
            headers: Vec::new(),
            body: body.as_bytes(),
        })
        .unwrap();
    assert_eq!(
        shorter.status,
        403,
        "{}",
        String::from_utf8_lossy(&shorter.body)
    );
    assert_eq!(shorter.xml("Code").as_deref(), Some("AccessDenied"));

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

#[test]
fn a_grant_lets_a_host_without_credentials_upload_and_lock_but_not_shorten_the_lock() {
    let locker = locker();
    let bucket = bucket(&locker, "grant");
    let place = scelle_locker::Place {
        bucket: bucket.clone(),
        prefix: "INC-9".into(),
    };
    let lock = lock(2);
    // Without a default retention on the bucket, no grant: Ceph does not
    // check a retention request's Content-MD5, so only locking at creation
    // holds against the host.
    let refused =
        scelle_locker::Grant::issue(&locker, &place, "web02-x", &lock, 600, 8).unwrap_err();
    assert!(
        refused.to_string().contains("default retention"),
        "{refused}"
    );
    locker
        .set_default_retention(&bucket, LockMode::Compliance, 1)
        .unwrap();
    let grant = scelle_locker::Grant::issue(&locker, &place, "web02-x", &lock, 600, 8).unwrap();
    assert_eq!(grant.parts.len(), 8);
    // What the host holds is the grant's text alone.
    let text = serde_json::to_string(&grant).unwrap();
    let held = scelle_locker::Grant::parse(&text).unwrap();

    // A host rewriting the retention body to lock for an hour is refused:
    // the default retention already locked the version for a day.
    let mut cheat = held.clone();
    let soon = (Utc::now() + Duration::hours(1)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    cheat.entry.retention.body = format!(
        "<Retention xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Mode>COMPLIANCE</Mode>\
         <RetainUntilDate>{soon}</RetainUntilDate></Retention>"
    );

    let mut upload = scelle_locker::Upload::granted(&held).unwrap();
    let data = vec![42u8; scelle_locker::PART_SIZE + 100];
    upload.write_all(&data).unwrap();
    let state = upload.finish().unwrap();
    assert!(state.holds(&lock), "{state:?}");
    assert_eq!(state.size, Some(data.len() as u64));
    let entry = held.store_entry(b"{\"entry\":{}}").unwrap();
    assert!(entry.holds(&lock), "{entry:?}");

    let cheated = cheat.store_entry(b"{\"entry\":{}}").unwrap_err();
    assert_eq!(cheated.code(), Some("AccessDenied"), "{cheated}");
}
