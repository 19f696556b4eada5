//! Structured edits to a genuine sealed bag, re-packed canonically: the
//! verdict must be intact exactly when nothing changed.
#![no_main]

#[allow(dead_code)] // each target uses one of the checks
#[path = "../checks.rs"]
mod checks;

use std::sync::OnceLock;

static SEED: OnceLock<(Vec<checks::SeedMember>, scelle_sign::PublicKey)> = OnceLock::new();

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let (members, public) = SEED.get_or_init(|| {
        checks::seed_bag(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seed"))
    });
    checks::bag_members(data, members, public)
});
