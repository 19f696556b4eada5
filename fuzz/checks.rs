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

/// A member of the seed bag: name, content, tar mtime.
pub type SeedMember = (String, Vec<u8>, u64);

/// The members of the genuine sealed bag in fuzz/seed/, read with scelle's
/// own tar reader, and the key that signed it.
pub fn seed_bag(dir: &std::path::Path) -> (Vec<SeedMember>, scelle_sign::PublicKey) {
    let file = std::fs::File::open(dir.join("bag.tar.zst")).unwrap();
    let mut tar = scelle_archive::reader::open(std::io::BufReader::new(file)).unwrap();
    let mut members = Vec::new();
    while let Ok(scelle_archive::Next::Member(header)) = tar.next_member() {
        let mut content = Vec::new();
        tar.content(header.size, |chunk| content.extend_from_slice(chunk))
            .unwrap();
        let name = String::from_utf8(header.name).unwrap();
        members.push((name, content, header.mtime.unwrap()));
    }
    let public = scelle_sign::PublicKey::load(&dir.join("bag.pub")).unwrap();
    (members, public)
}

/// Structured input: `data` is a list of edits to the members of a genuine
/// sealed bag, which is then re-packed in the canonical container (valid
/// headers, a valid zstd frame), so the fuzzer reaches the manifest, item
/// and signature checks instead of dying in zstd. Verified with the signing
/// key pinned, the result must be intact exactly when no byte changed.
pub fn bag_members(data: &[u8], seed: &[SeedMember], public: &scelle_sign::PublicKey) {
    let mut members = seed.to_vec();
    let mut input = data.iter().copied();
    let mut next = || input.next();
    while let Some(op) = next() {
        if members.is_empty() {
            break;
        }
        let index = usize::from(next().unwrap_or(0)) % members.len();
        let at = usize::from(next().unwrap_or(0)) << 4 | usize::from(next().unwrap_or(0) >> 4);
        match op % 8 {
            0 => {
                let content = &mut members[index].1;
                if !content.is_empty() {
                    let at = at % content.len();
                    content[at] = next().unwrap_or(0);
                }
            }
            1 => {
                let content = &mut members[index].1;
                let at = at.min(content.len());
                content.truncate(at);
            }
            2 => {
                let content = &mut members[index].1;
                let at = at.min(content.len());
                content.insert(at, next().unwrap_or(b'\n'));
            }
            3 => {
                members.remove(index);
            }
            4 => {
                let copy = members[index].clone();
                members.insert(index, copy);
            }
            5 => {
                let other = usize::from(next().unwrap_or(0)) % members.len();
                members.swap(index, other);
            }
            6 => members[index].2 = members[index].2.wrapping_add(1),
            _ => recompute_bag_manifests(&mut members),
        }
    }
    let mut tar = Vec::new();
    for (name, content, mtime) in &members {
        tar.extend_from_slice(&scelle_archive::member_header(
            name,
            content.len() as u64,
            *mtime,
        ));
        tar.extend_from_slice(content);
        tar.resize(tar.len().next_multiple_of(512), 0);
    }
    tar.resize(tar.len() + 1024, 0);
    let archive = zstd::stream::encode_all(&tar[..], 1).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fuzz-seed.tar.zst");
    std::fs::write(&path, archive).unwrap();
    let options = scelle_verify::Options {
        public_key: Some(public.clone()),
        fingerprint: Some(public.fingerprint()),
        ..Default::default()
    };
    let report = scelle_verify::verify_archive(&path, &options).unwrap();
    let unchanged = members.as_slice() == seed;
    assert_eq!(
        report.intact(),
        unchanged,
        "intact must mean unchanged: {:?}",
        report.findings
    );
}

/// What a forger who knows BagIt does after an edit: both bag manifests
/// recomputed to match the members.
fn recompute_bag_manifests(members: &mut [SeedMember]) {
    use std::fmt::Write;
    let Some(id) = members
        .first()
        .and_then(|(name, _, _)| name.split_once('/'))
        .map(|(id, _)| format!("{id}/"))
    else {
        return;
    };
    let digest = |data: &[u8]| scelle_hash::Sha256Digest::of(data).to_string();
    let mut payload = String::new();
    for (name, content, _) in members.iter() {
        if let Some(rel) = name
            .strip_prefix(&id)
            .filter(|rel| rel.starts_with("data/"))
        {
            let _ = writeln!(payload, "{}  {rel}", digest(content));
        }
    }
    for (name, content, _) in members.iter_mut() {
        if name.strip_prefix(&id) == Some("manifest-sha256.txt") {
            *content = payload.clone().into_bytes();
        }
    }
    let mut tags = String::new();
    for (name, content, _) in members.iter() {
        let Some(rel) = name.strip_prefix(&id) else {
            continue;
        };
        if !rel.starts_with("data/") && !rel.starts_with("tagmanifest-sha256.txt") {
            let _ = writeln!(tags, "{}  {rel}", digest(content));
        }
    }
    for (name, content, _) in members.iter_mut() {
        if name.strip_prefix(&id) == Some("tagmanifest-sha256.txt") {
            *content = tags.clone().into_bytes();
        }
    }
}
