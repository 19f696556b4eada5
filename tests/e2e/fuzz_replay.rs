//! Every committed fuzz corpus input replayed through the same checks the
//! fuzz targets run (fuzz/checks.rs), without sanitizers: CI proves no input
//! that once mattered panics now. `just fuzz-replay` replays them under
//! libFuzzer with AddressSanitizer and a memory cap, `just fuzz` fuzzes on.

use std::path::{Path, PathBuf};

#[path = "../../fuzz/checks.rs"]
mod checks;

/// Runs `check` on every file of `fuzz/corpus/<target>`, naming the ones that panic.
fn replay(target: &str, check: impl Fn(&[u8]) + std::panic::RefUnwindSafe) {
    let dir = fuzz_dir().join("corpus").join(target);
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    inputs.sort();
    assert!(inputs.len() > 50, "{}: corpus missing", dir.display());
    let failed: Vec<String> = inputs
        .iter()
        .filter(|input| {
            let data = std::fs::read(input).unwrap();
            std::panic::catch_unwind(|| check(&data)).is_err()
        })
        .map(|input| input.display().to_string())
        .collect();
    assert!(failed.is_empty(), "{target}: inputs that panic: {failed:?}");
}

fn fuzz_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fuzz"))
}

#[test]
fn corpus_verify_archive() {
    replay("verify_archive", checks::verify_archive);
}

#[test]
fn corpus_manifest_lines() {
    replay("manifest_lines", checks::manifest_lines);
}

#[test]
fn corpus_custody_log() {
    replay("custody_log", checks::custody_log);
}

#[test]
fn corpus_minisign_files() {
    replay("minisign_files", checks::minisign_files);
}

#[test]
fn corpus_profile() {
    replay("profile", checks::profile);
}

#[test]
fn corpus_timestamp_token() {
    let trusted = scelle_timestamp::load_certificates(&fuzz_dir().join("tsa-ca.pem")).unwrap();
    replay("timestamp_token", |data| {
        checks::timestamp_token(data, &trusted)
    });
}

#[test]
fn corpus_bag_members() {
    let (members, public) = checks::seed_bag(&fuzz_dir().join("seed"));
    replay("bag_members", |data| {
        checks::bag_members(data, &members, &public)
    });
}
