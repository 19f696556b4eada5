//! Any text as a collection profile: parsed or refused, never a panic.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = scelle_snapshot::parse_profile(text, "fuzz.toml");
});
