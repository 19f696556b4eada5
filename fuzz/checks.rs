//! The property each fuzz target checks, one function a target. The fuzz
//! targets (built with sanitizers by cargo fuzz) and the ordinary test that
//! replays the committed corpora (`tests/e2e/fuzz_replay.rs`) both call these,
//! so CI replays every corpus input without building the sanitizer targets.

/// Any bytes as an archive: verification must report, never panic.
pub fn verify_archive(data: &[u8]) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fuzz.tar.zst");
    std::fs::write(&path, data).unwrap();
    let report = scelle_verify::verify_archive(&path, &scelle_verify::Options::default()).unwrap();
    assert!(!report.intact(), "no key was given: never intact");
    let _ = scelle_verify::manifest_lines(&path, &mut |_| {});
}

/// Any bytes as manifest.json lines: parsed or refused, never a panic.
pub fn manifest_lines(data: &[u8]) {
    let mut reader = scelle_manifest::ManifestLineReader::new();
    for line in data.split(|&b| b == b'\n') {
        if reader.line(line).is_err() {
            break;
        }
    }
    let _ = serde_json::from_slice::<scelle_manifest::Manifest>(data);
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(path) = scelle_archive::names::original_path(text) {
            assert_eq!(scelle_archive::names::member_name(&path), text);
        }
    }
}

/// Any bytes as a custody log: checked or refused, never a panic.
pub fn custody_log(data: &[u8]) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fuzz.custody.jsonl");
    std::fs::write(&path, data).unwrap();
    let report =
        scelle_custody::verify_log(&path, None, &scelle_custody::Keyring::default()).unwrap();
    assert!(!report.intact(), "no key was given: never intact");
    for line in data.split(|&b| b == b'\n') {
        let _ = scelle_custody::split_line(line);
    }
}

/// Any text as minisign key and signature files: parsed or refused, never a panic.
pub fn minisign_files(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let public = scelle_sign::PublicKey::parse(text, "fuzz.pub");
    let signature = scelle_sign::SignatureFile::parse(text, "fuzz.minisig");
    if let (Ok(public), Ok(signature)) = (public, signature) {
        let _ = public.verify_reader(&signature, &b"data"[..], "fuzz");
    }
    if let Ok(secret) = scelle_sign::SecretKeyFile::parse(text, "fuzz.key") {
        // Only clear keys: an encrypted one would run scrypt at the cost the file claims.
        if !secret.is_encrypted() {
            let _ = secret.open(None);
        }
    }
}

/// Any text as a collection profile: parsed or refused, never a panic.
pub fn profile(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = scelle_snapshot::parse_profile(text, "fuzz.toml");
}

/// Any bytes as a timestamp token (`<ID>.manifest.tsr`): read and checked
/// against the trusted CA `trusted` (fuzz/tsa-ca.pem), or refused, never a
/// panic; and never accepted for a hash nobody stamped.
pub fn timestamp_token(data: &[u8], trusted: &[scelle_timestamp::Certificate]) {
    let Ok(token) = scelle_timestamp::read_token(data) else {
        return;
    };
    let _ = token.gen_time();
    let stamped = token.info.imprint.clone();
    let unrelated = scelle_hash::Sha256Digest::of(b"a manifest nobody stamped");
    let checked = token.check(&unrelated, None, trusted);
    assert!(
        stamped == unrelated.to_string() || !checked.findings.is_empty(),
        "a token for another hash was accepted"
    );
    let _ = token.check(&unrelated, Some(&[0x41; 8]), &[]);
}
