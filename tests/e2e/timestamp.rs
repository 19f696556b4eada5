//! RFC 3161 timestamps against a real local TSA, checked by scelle and by
//! `openssl ts -verify`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::tsa::{make_ca, Behaviour, Tsa};
use crate::util::{extract_with_tar, freeze, run, scelle, Run};

/// A scene frozen with `extra` flags into `root/out`.
fn freeze_scene(root: &Path, id: &str, extra: &[&str]) -> (Run, PathBuf, PathBuf) {
    let scene = root.join(format!("scene-{id}"));
    fs::create_dir_all(&scene).unwrap();
    fs::write(
        scene.join("access.log"),
        format!("GET /shell.php?c=id {id}\n"),
    )
    .unwrap();
    let out = root.join("out");
    fs::create_dir_all(&out).unwrap();
    let frozen = freeze(&out, id, &[&scene], extra);
    (frozen.run, frozen.archive, frozen.public_key)
}

fn verify(archive: &Path, public_key: &Path, extra: &[&str]) -> (Run, Value) {
    let done = run(scelle()
        .args(["verify", "--json", "--pubkey"])
        .arg(public_key)
        .arg("--fingerprint")
        .arg(crate::util::fingerprint_of(public_key))
        .args(extra)
        .arg(archive));
    if done.code != 2 {
        let report: scelle_core::ops::verify::VerifyReport = crate::util::typed(&done.stdout);
        assert_eq!(
            report.verdict() == scelle_core::Verdict::Intact,
            done.code == 0
        );
    }
    let json = serde_json::from_str(&done.stdout).unwrap_or(Value::Null);
    (done, json)
}

fn custody_events(archive: &Path) -> Vec<Value> {
    let log = scelle_custody::log_path_for(archive);
    fs::read_to_string(log)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str::<Value>(line).unwrap()["entry"].clone())
        .collect()
}

/// SHA-256 of the archive's manifest.json, taken out with GNU tar.
fn manifest_sha256(archive: &Path, root: &Path, id: &str) -> String {
    let bag = extract_with_tar(archive, &root.join(format!("x-{id}")), id);
    scelle_hash::Sha256Digest::of(&fs::read(bag.join("scelle/manifest.json")).unwrap()).to_string()
}

/// Whether `openssl ts -verify` accepts `token` for `digest` under `ca`.
fn openssl_accepts(token: &Path, digest: &str, ca: &Path) -> bool {
    let done = run(Command::new("openssl")
        .args(["ts", "-verify", "-digest", digest, "-in"])
        .arg(token)
        .arg("-CAfile")
        .arg(ca));
    done.code == 0 && done.stdout.contains("Verification: OK")
}

#[test]
fn a_sealed_manifest_is_timestamped_and_the_token_verifies_in_scelle_and_openssl() {
    let temp = tempfile::tempdir().unwrap();
    let tsa = Tsa::start(&temp.path().join("tsa"), Behaviour::Honest);
    let ca = tsa.ca.to_str().unwrap();
    let (done, archive, public_key) =
        freeze_scene(temp.path(), "web01", &["--tsa", &tsa.url, "--tsa-ca", ca]);
    let done = done.expect(0);
    assert!(done.stderr.contains("timestamp:"), "{}", done.stderr);
    let token = temp.path().join("out/web01.manifest.tsr");
    assert!(token.exists());

    let events = custody_events(&archive);
    assert_eq!(events[1]["event"], "timestamped");
    let details = &events[1]["details"];
    let digest = manifest_sha256(&archive, temp.path(), "web01");
    assert_eq!(details["stamped_sha256"], digest.as_str());
    assert_eq!(details["tsa_authenticated"], true);
    assert_eq!(details["policy"], "1.2.3.4.1");

    let (done, report) = verify(&archive, &public_key, &["--tsa-ca", ca]);
    done.expect(0);
    let timestamp = &report["timestamp"];
    assert_eq!(timestamp["findings"], serde_json::json!([]));
    assert_eq!(timestamp["tsa_authenticated"], true);
    assert_eq!(timestamp["nonce_checked"], true);
    assert_eq!(
        timestamp["openssl_agrees"], true,
        "scelle ran openssl ts -verify too"
    );
    assert_eq!(timestamp["info"]["gen_time"], details["gen_time"]);
    let offset = timestamp["tsa_minus_host_seconds"]
        .as_f64()
        .expect("clock offset shown");
    assert!(offset.abs() < 120.0, "same machine, same clock: {offset}");
    let text = run(scelle()
        .args(["verify", "--pubkey"])
        .arg(&public_key)
        .arg("--expect")
        .arg(crate::util::seal_of(&archive))
        .args(["--tsa-ca", ca])
        .arg(&archive))
    .expect(0);
    assert!(
        text.stdout
            .contains("valid; the TSA certificate chains to --tsa-ca"),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout.contains("TSA time minus host time"),
        "{}",
        text.stdout
    );

    // Without --tsa-ca the token is checked but its TSA is not authenticated.
    let (done, report) = verify(&archive, &public_key, &[]);
    done.expect(0);
    assert_eq!(report["timestamp"]["tsa_authenticated"], false);

    // openssl agrees, and the step documented for experts passes as written.
    assert!(openssl_accepts(&token, &digest, &tsa.ca));
    for doc in &crate::without_scelle::DOCS {
        let text = fs::read_to_string(doc.path).unwrap();
        let [step] = &crate::without_scelle::blocks(&text, "shell")[..] else {
            panic!("one shell block (the timestamp step) in {}", doc.path);
        };
        let documented = run(Command::new("bash")
            .arg("-c")
            .arg(step)
            .current_dir(temp.path())
            .env("ARCHIVE", &archive)
            .env("TSR", &token)
            .env("TSA_CA", &tsa.ca));
        assert!(
            documented.code == 0
                && documented.stdout.contains("Verification: OK")
                && documented.stdout.contains(doc.timestamp_step)
                && documented.stdout.contains("Time stamp: "),
            "{}: {}{}",
            doc.path,
            documented.stdout,
            documented.stderr
        );
    }

    // The case report shows the timestamp.
    let key = temp.path().join("out/k.key");
    let case = temp.path().join("case");
    run(scelle()
        .args([
            "case",
            "init",
            "--id",
            "C-1",
            "--title",
            "t",
            "--discovered",
            "2026-11-20T10:00:00Z",
            "--dir",
        ])
        .arg(&case)
        .arg("--key")
        .arg(&key))
    .expect(0);
    let report_file = temp.path().join("report.md");
    run(scelle()
        .args([
            "report",
            "--unsigned",
            "--lang",
            "en",
            "--tsa-ca",
            ca,
            "--case-dir",
        ])
        .arg(&case)
        .arg("--pubkey")
        .arg(&public_key)
        .arg("--out")
        .arg(&report_file)
        .arg(&archive))
    .expect(0);
    let text = fs::read_to_string(&report_file).unwrap();
    assert!(
        text.contains("Trusted timestamp (RFC 3161) of the manifest"),
        "{text}"
    );
    assert!(
        text.contains("valid token, TSA certified by the CA given"),
        "{text}"
    );
    assert!(text.contains("CN=scelle test TSA"), "{text}");

    // The custody chain still verifies with the new event in it.
    run(scelle()
        .args(["custody", "verify", "--pubkey"])
        .arg(&public_key)
        .arg(&archive))
    .expect(0);
}

#[test]
fn bad_tokens_are_refused_and_openssl_agrees() {
    let temp = tempfile::tempdir().unwrap();
    let tsa = Tsa::start(&temp.path().join("tsa"), Behaviour::Honest);
    let ca = tsa.ca.to_str().unwrap();
    let (done, first, public_key) =
        freeze_scene(temp.path(), "first", &["--tsa", &tsa.url, "--tsa-ca", ca]);
    done.expect(0);
    let (done, second, _) = freeze_scene(temp.path(), "second", &[]);
    done.expect(0);
    let out = temp.path().join("out");

    // Another archive's token beside this one: a token for another hash.
    fs::copy(
        out.join("first.manifest.tsr"),
        out.join("second.manifest.tsr"),
    )
    .unwrap();
    let (done, report) = verify(&second, &public_key, &["--tsa-ca", ca]);
    done.expect(1);
    let problems = report["timestamp"]["findings"].to_string();
    assert!(
        problems.contains("the token is for another hash"),
        "{problems}"
    );
    assert_eq!(
        report["timestamp"]["findings"][0]["kind"], "wrong-imprint",
        "{problems}"
    );
    assert_eq!(
        report["timestamp"]["openssl_agrees"], true,
        "openssl refuses it too"
    );
    let digest = manifest_sha256(&second, temp.path(), "second");
    assert!(!openssl_accepts(
        &out.join("second.manifest.tsr"),
        &digest,
        &tsa.ca
    ));

    // A TSA the expert does not trust.
    let other_ca = make_ca(&temp.path().join("other-ca"), "another root CA");
    let (done, report) = verify(
        &first,
        &public_key,
        &["--tsa-ca", other_ca.to_str().unwrap()],
    );
    done.expect(1);
    assert!(
        report["timestamp"]["findings"]
            .to_string()
            .contains("is not trusted"),
        "{report}"
    );
    assert!(
        report["timestamp"]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|finding| finding["kind"] == "untrusted-tsa"),
        "{report}"
    );
    let digest = manifest_sha256(&first, temp.path(), "first");
    assert!(!openssl_accepts(
        &out.join("first.manifest.tsr"),
        &digest,
        &other_ca
    ));
    assert!(openssl_accepts(
        &out.join("first.manifest.tsr"),
        &digest,
        &tsa.ca
    ));

    // A byte changed in the token (the TSA's time, say).
    let tampered = out.join("tampered.tsr");
    let mut bytes = fs::read(out.join("first.manifest.tsr")).unwrap();
    let gen_time = bytes
        .windows(2)
        .position(|w| w == b"20")
        .expect("a GeneralizedTime")
        + 3;
    bytes[gen_time] ^= 0x01;
    fs::write(&tampered, &bytes).unwrap();
    let (done, report) = verify(
        &first,
        &public_key,
        &["--tsa-ca", ca, "--tsr", tampered.to_str().unwrap()],
    );
    done.expect(1);
    assert!(
        !report["timestamp"]["findings"]
            .as_array()
            .unwrap()
            .is_empty(),
        "{report}"
    );
    assert!(!openssl_accepts(&tampered, &digest, &tsa.ca));

    // Garbage in place of a token.
    fs::write(&tampered, b"not a token").unwrap();
    let (done, report) = verify(&first, &public_key, &["--tsr", tampered.to_str().unwrap()]);
    done.expect(1);
    assert!(
        report["timestamp"]["findings"]
            .to_string()
            .contains("neither a TimeStampResp nor a timestamp token"),
        "{report}"
    );
    assert_eq!(report["timestamp"]["findings"][0]["kind"], "malformed");
}

#[test]
fn a_misbehaving_or_unreachable_tsa_never_stops_a_freeze() {
    let temp = tempfile::tempdir().unwrap();
    let other_ca = make_ca(&temp.path().join("other-ca"), "another root CA");
    let cases = [
        (
            "hash",
            Tsa::start(&temp.path().join("tsa-hash"), Behaviour::WrongHash).url,
            None,
            "the token is for another hash",
        ),
        (
            "nonce",
            Tsa::start(&temp.path().join("tsa-nonce"), Behaviour::WrongNonce).url,
            None,
            "this token answers another request",
        ),
        (
            "trust",
            Tsa::start(&temp.path().join("tsa-trust"), Behaviour::Honest).url,
            Some(other_ca.to_str().unwrap()),
            "is not trusted",
        ),
        (
            "offline",
            "http://127.0.0.1:9/tsa".to_string(),
            None,
            "could not be used",
        ),
    ];
    for (id, url, ca, reason) in cases {
        let mut extra = vec!["--tsa", url.as_str()];
        if let Some(ca) = ca {
            extra.extend(["--tsa-ca", ca]);
        }
        let (done, archive, _) = freeze_scene(temp.path(), id, &extra);
        let done = done.expect(0);
        assert!(archive.exists(), "{id}: the archive is sealed anyway");
        assert!(
            done.stderr.contains("no trusted timestamp")
                && done.stderr.contains("scelle timestamp --tsa"),
            "{id}: {}",
            done.stderr
        );
        assert!(
            !temp.path().join(format!("out/{id}.manifest.tsr")).exists(),
            "{id}: no token kept"
        );
        let events = custody_events(&archive);
        assert_eq!(events[1]["event"], "timestamp-failed", "{id}");
        assert!(
            events[1]["details"]["error"]
                .as_str()
                .unwrap()
                .contains(reason),
            "{id}: {}",
            events[1]
        );
    }
}

#[test]
fn timestamping_later_an_archive_or_any_file() {
    let temp = tempfile::tempdir().unwrap();
    let tsa = Tsa::start(&temp.path().join("tsa"), Behaviour::Honest);
    let ca = tsa.ca.to_str().unwrap();
    let (done, archive, public_key) = freeze_scene(temp.path(), "offline", &[]);
    done.expect(0);
    let key = temp.path().join("out/k.key");

    let refused = run(scelle()
        .args(["timestamp", "--tsa", &tsa.url])
        .arg(&archive))
    .expect(2);
    assert!(refused.stderr.contains("give --key"), "{}", refused.stderr);
    let done = run(scelle()
        .args(["timestamp", "--tsa", &tsa.url, "--tsa-ca", ca, "--key"])
        .arg(&key)
        .arg(&archive))
    .expect(0);
    assert!(
        done.stdout.contains("offline.manifest.tsr"),
        "{}",
        done.stdout
    );
    let events = custody_events(&archive);
    assert_eq!(events.last().unwrap()["event"], "timestamped");
    let (done, report) = verify(&archive, &public_key, &["--tsa-ca", ca]);
    done.expect(0);
    assert_eq!(report["timestamp"]["tsa_authenticated"], true);
    let again = run(scelle()
        .args(["timestamp", "--tsa", &tsa.url, "--key"])
        .arg(&key)
        .arg(&archive))
    .expect(2);
    assert!(
        again.stderr.contains("refusing to replace"),
        "{}",
        again.stderr
    );

    // A damaged archive is not timestamped.
    let (done, damaged, _) = freeze_scene(temp.path(), "damaged", &[]);
    done.expect(0);
    let mut bytes = fs::read(&damaged).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xff;
    fs::write(&damaged, bytes).unwrap();
    let refused = run(scelle()
        .args(["timestamp", "--tsa", &tsa.url, "--key"])
        .arg(&key)
        .arg(&damaged))
    .expect(2);
    assert!(
        refused.stderr.contains("does not verify"),
        "{}",
        refused.stderr
    );

    // Any file: FILE.tsr, checkable with openssl alone.
    let report_file = temp.path().join("rapport.pdf");
    fs::write(&report_file, b"%PDF-1.4 a report").unwrap();
    run(scelle()
        .args(["timestamp", "--tsa", &tsa.url, "--tsa-ca", ca])
        .arg(&report_file))
    .expect(0);
    let checked = run(Command::new("openssl")
        .args(["ts", "-verify", "-data"])
        .arg(&report_file)
        .arg("-in")
        .arg(temp.path().join("rapport.pdf.tsr"))
        .arg("-CAfile")
        .arg(&tsa.ca));
    assert!(
        checked.stdout.contains("Verification: OK"),
        "{}{}",
        checked.stdout,
        checked.stderr
    );
}

#[test]
fn custody_entries_can_be_timestamped_and_are_checked() {
    let temp = tempfile::tempdir().unwrap();
    let tsa = Tsa::start(&temp.path().join("tsa"), Behaviour::Honest);
    let ca = tsa.ca.to_str().unwrap();
    let (done, archive, public_key) = freeze_scene(temp.path(), "held", &[]);
    done.expect(0);
    let key = temp.path().join("out/k.key");
    run(scelle()
        .args([
            "custody",
            "transfer",
            "--to",
            "Camille Martin, expert",
            "--tsa",
            &tsa.url,
            "--tsa-ca",
            ca,
            "--key",
        ])
        .arg(&key)
        .arg(&archive))
    .expect(0);
    let token = temp.path().join("out/held.custody.2.tsr");
    assert!(token.exists(), "the token of line 2");
    let events = custody_events(&archive);
    assert_eq!(events[2]["event"], "timestamped");
    assert_eq!(events[2]["details"]["stamped"], "custody log line 2");
    let line_two = fs::read_to_string(scelle_custody::log_path_for(&archive))
        .unwrap()
        .lines()
        .nth(1)
        .unwrap()
        .to_string();
    assert!(openssl_accepts(
        &token,
        &scelle_hash::Sha256Digest::of(line_two.as_bytes()).to_string(),
        &tsa.ca
    ));

    let verify_custody = |extra: &[&str]| {
        let done = run(scelle()
            .args(["custody", "verify", "--json", "--pubkey"])
            .arg(&public_key)
            .args(extra)
            .arg(&archive));
        if done.code != 2 {
            let verified: scelle_core::ops::custody::CustodyVerification =
                crate::util::typed(&done.stdout);
            assert_eq!(
                verified.verdict() == scelle_core::Verdict::Intact,
                done.code == 0
            );
        }
        let json: Value = serde_json::from_str(&done.stdout).unwrap_or(Value::Null);
        (done, json)
    };
    let (done, report) = verify_custody(&["--tsa-ca", ca]);
    done.expect(0);
    let stamp = &report["timestamps"][0];
    assert_eq!(
        (
            stamp["findings"].clone(),
            stamp["tsa_authenticated"].clone(),
            stamp["nonce_checked"].clone()
        ),
        (serde_json::json!([]), Value::Bool(true), Value::Bool(true))
    );
    assert!(stamp["tsa_minus_host_seconds"].as_f64().unwrap().abs() < 120.0);

    // An unreachable TSA: the note is recorded, the failure too.
    let done = run(scelle()
        .args(["custody", "note", "--tsa", "http://127.0.0.1:9/", "--key"])
        .arg(&key)
        .arg(&archive)
        .arg("stored in safe 3"))
    .expect(0);
    assert!(
        done.stderr.contains("recorded without a timestamp"),
        "{}",
        done.stderr
    );
    assert_eq!(
        custody_events(&archive).last().unwrap()["event"],
        "timestamp-failed"
    );

    // A damaged token is caught.
    let mut bytes = fs::read(&token).unwrap();
    let last = bytes.len() - 10;
    bytes[last] ^= 0x55;
    fs::set_permissions(&token, std::os::unix::fs::PermissionsExt::from_mode(0o644)).unwrap();
    fs::write(&token, bytes).unwrap();
    let (done, report) = verify_custody(&["--tsa-ca", ca]);
    done.expect(1);
    assert!(
        !report["timestamps"][0]["findings"]
            .as_array()
            .unwrap()
            .is_empty(),
        "{report}"
    );
}

#[test]
fn an_https_tsa_is_trusted_through_the_system_store_only() {
    let temp = tempfile::tempdir().unwrap();
    let tsa_dir = temp.path().join("tsa");
    let tsa = Tsa::start(&tsa_dir, Behaviour::Honest);
    let https = crate::tsa::HttpsFront::start(&tsa_dir, &tsa);
    let ca = tsa.ca.to_str().unwrap();

    // The TLS certificate's CA is not in the system store: refused, recorded, sealed anyway.
    let (done, archive, _) = freeze_scene(
        temp.path(),
        "untrusted-tls",
        &["--tsa", &https.url, "--tsa-ca", ca],
    );
    let done = done.expect(0);
    assert!(
        done.stderr.contains("no trusted timestamp"),
        "{}",
        done.stderr
    );
    assert_eq!(custody_events(&archive)[1]["event"], "timestamp-failed");

    // With the CA in the trust store (SSL_CERT_FILE), the token comes over TLS.
    let scene = temp.path().join("scene-tls");
    fs::create_dir_all(&scene).unwrap();
    fs::write(scene.join("a"), "a").unwrap();
    let out = temp.path().join("out");
    run(scelle()
        .args([
            "freeze", "--id", "tls", "--tsa", &https.url, "--tsa-ca", ca, "--key",
        ])
        .arg(out.join("k.key"))
        .arg("--out")
        .arg(&out)
        .arg(&scene)
        .env("SSL_CERT_FILE", &tsa.ca))
    .expect(0);
    let archive = out.join("tls.tar.zst");
    assert_eq!(
        custody_events(&archive)[1]["event"],
        "timestamped",
        "{:?}",
        custody_events(&archive)
    );
    assert!(out.join("tls.manifest.tsr").exists());
}

const RFC3161: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/rfc3161");

/// `scelle timestamp --verify FILE TOKEN --tsa-ca CA --json`.
fn verify_token(file: &Path, token: &str, ca: &str) -> (Run, Value) {
    let done = run(scelle()
        .args(["timestamp", "--verify", "--json"])
        .arg(file)
        .arg(format!("{RFC3161}/{token}"))
        .arg("--tsa-ca")
        .arg(format!("{RFC3161}/{ca}")));
    let json = serde_json::from_str(&done.stdout).unwrap_or(Value::Null);
    (done, json)
}

#[test]
fn tokens_from_real_tsas_verify_for_any_file_and_expired_tsa_certificates_count_at_gen_time() {
    let temp = tempfile::tempdir().unwrap();
    let hello = temp.path().join("hello");
    fs::write(&hello, "hello").unwrap();

    // The public Sigstore staging TSA, ECDSA P-384.
    let (done, json) = verify_token(
        &hello,
        "sigstage/response-sha256.tsr",
        "sigstage/ts_chain.pem",
    );
    done.expect(0);
    assert_eq!(json["info"]["gen_time"], "2025-05-09T11:58:55Z");
    assert_eq!(json["tsa_authenticated"], true);
    assert_eq!(
        json["openssl_agrees"], true,
        "openssl ts -verify ran and agreed"
    );

    // The same token over another file: a wrong-imprint finding.
    let other = temp.path().join("other");
    fs::write(&other, "hellO").unwrap();
    let (done, json) = verify_token(
        &other,
        "sigstage/response-sha256.tsr",
        "sigstage/ts_chain.pem",
    );
    done.expect(1);
    assert_eq!(json["findings"][0]["kind"], "wrong-imprint", "{json}");

    // Its signature damaged: a signature finding, and openssl agrees.
    let (done, json) = verify_token(
        &hello,
        "sigstage/response-invalid-signature.tsr",
        "sigstage/ts_chain.pem",
    );
    done.expect(1);
    assert_eq!(json["findings"][0]["kind"], "signature", "{json}");
    assert_eq!(json["openssl_agrees"], true);

    // A TSA certificate that expired in 2024 still vouches for 2023.
    let payload = Path::new(RFC3161).join("sigstore-mock/payload");
    let (done, json) = verify_token(
        &payload,
        "sigstore-mock/response-expired.tsr",
        "sigstore-mock/ts_chain.pem",
    );
    done.expect(0);
    assert_eq!(json["info"]["gen_time"], "2023-02-01T00:00:00Z");
    assert_eq!(
        json["openssl_agrees"], true,
        "openssl asked at genTime (-attime)"
    );

    // Without --tsa-ca the TSA is not authenticated: not accepted.
    let done = run(scelle()
        .args(["timestamp", "--verify"])
        .arg(&hello)
        .arg(format!("{RFC3161}/sigstage/response-sha256.tsr")));
    let done = done.expect(1);
    assert!(done.stdout.contains("NOT AUTHENTICATED"), "{}", done.stdout);
}

/// Issue #22, defect 9: a case journal entry can be timestamped (`--tsa`
/// on `case log`, `notify`, `impact`), so its time is the TSA's, not only
/// the signer's clock; the token is checked by `case status` and shown in
/// the report, and a line rewritten since is caught.
#[test]
fn case_journal_entries_can_be_timestamped_and_are_checked() {
    let temp = tempfile::tempdir().unwrap();
    let tsa = Tsa::start(&temp.path().join("tsa"), Behaviour::Honest);
    let ca = tsa.ca.to_str().unwrap();
    let (key, public_key) = crate::util::clear_key(temp.path(), "rssi");
    let case = temp.path().join("case");
    run(scelle()
        .args([
            "case",
            "init",
            "--id",
            "INC-7",
            "--title",
            "Rançongiciel",
            "--discovered",
            "2026-11-20T10:00:00Z",
            "--dir",
        ])
        .arg(&case)
        .arg("--key")
        .arg(&key))
    .expect(0);
    run(scelle()
        .args(["case", "log", "--tsa", &tsa.url, "--tsa-ca", ca, "--dir"])
        .arg(&case)
        .arg("--key")
        .arg(&key)
        .arg("Serveurs isolés"))
    .expect(0);
    let token = case.join("journal.2.tsr");
    assert!(token.exists(), "the token of line 2");
    let line_two = fs::read_to_string(case.join("journal.jsonl"))
        .unwrap()
        .lines()
        .nth(1)
        .unwrap()
        .to_string();
    assert!(openssl_accepts(
        &token,
        &scelle_hash::Sha256Digest::of(line_two.as_bytes()).to_string(),
        &tsa.ca
    ));
    let status = |at: &str| {
        run(scelle()
            .args(["case", "status", "--json", "--at", at, "--dir"])
            .arg(&case)
            .arg("--pubkey")
            .arg(&public_key))
    };
    let done = status("2026-12-31T00:00:00Z").expect(0);
    let json: Value = serde_json::from_str(&done.stdout).unwrap();
    let stamps = json["journal"]["timestamps"].as_array().unwrap();
    assert_eq!(stamps.len(), 1, "{json}");
    assert_eq!(stamps[0]["stamped"], "custody log line 2");
    assert_eq!(stamps[0]["findings"].as_array().unwrap().len(), 0);

    let report_file = temp.path().join("rapport.md");
    run(scelle()
        .args([
            "report",
            "--unsigned",
            "--lang",
            "fr",
            "--tsa-ca",
            ca,
            "--case-dir",
        ])
        .arg(&case)
        .arg("--pubkey")
        .arg(&public_key)
        .arg("--out")
        .arg(&report_file))
    .expect(0);
    let text = fs::read_to_string(&report_file).unwrap();
    for expected in [
        "Horodatages RFC 3161 du journal",
        "entrée n° 2 — ",
        "CN=scelle test TSA — jeton valide, autorité d'horodatage certifiée par l'AC fournie",
        "Horodatage RFC 3161 de l'entrée n° 2 (heure de l'autorité : ",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }

    // One bit of the token flipped (its last byte, in the TSA's
    // signature): the status says the journal's token no longer holds.
    let token_bytes = fs::read(&token).unwrap();
    fs::remove_file(&token).unwrap();
    fs::write(
        &token,
        [
            &token_bytes[..token_bytes.len() - 1],
            &[token_bytes[token_bytes.len() - 1] ^ 1],
        ]
        .concat(),
    )
    .unwrap();
    let done = status("2026-12-31T00:00:00Z").expect(1);
    let json: Value = serde_json::from_str(&done.stdout).unwrap();
    assert!(
        !json["journal"]["timestamps"][0]["findings"]
            .as_array()
            .unwrap()
            .is_empty(),
        "{json}"
    );
}
