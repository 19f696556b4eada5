//! Any bytes as manifest.json lines: parsed or refused, never a panic.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let mut reader = scelle_manifest::ManifestLineReader::new();
    for line in data.split(|&b| b == b'\n') {
        if reader.line(line).is_err() {
            break;
        }
    }
    let _ = serde_json::from_slice::<scelle_manifest::Manifest>(data);
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(path) = scelle_manifest::names::original_path(text) {
            assert_eq!(scelle_manifest::names::member_name(&path), text);
        }
    }
});
