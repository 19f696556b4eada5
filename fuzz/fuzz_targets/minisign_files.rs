//! Any text as minisign key and signature files: parsed or refused, never a panic.
#![no_main]

#[allow(dead_code)] // each target uses one of the checks
#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::minisign_files(data));
