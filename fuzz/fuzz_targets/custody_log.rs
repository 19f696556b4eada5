//! Any bytes as a custody log: checked or refused, never a panic.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fuzz.custody.jsonl");
    std::fs::write(&path, data).unwrap();
    let report =
        scelle_custody::verify_log(&path, None, &scelle_custody::Keyring::default()).unwrap();
    assert!(!report.intact(), "no key was given: never intact");
    for line in data.split(|&b| b == b'\n') {
        let _ = scelle_custody::split_line(line);
    }
});
