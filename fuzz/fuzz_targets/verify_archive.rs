//! Any bytes as an archive: verification must report, never panic.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fuzz.tar.zst");
    std::fs::write(&path, data).unwrap();
    let report = scelle_verify::verify_archive(&path, &scelle_verify::Options::default()).unwrap();
    assert!(!report.intact(), "no key was given: never intact");
    let _ = scelle_verify::manifest_lines(&path, &mut |_| {});
});
