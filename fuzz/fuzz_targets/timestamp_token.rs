//! Any bytes as a timestamp token (`<ID>.manifest.tsr`): see checks.rs.
#![no_main]

use std::sync::OnceLock;

#[allow(dead_code)] // each target uses one of the checks
#[path = "../checks.rs"]
mod checks;

fn trusted() -> &'static [scelle_timestamp::Certificate] {
    static CA: OnceLock<Vec<scelle_timestamp::Certificate>> = OnceLock::new();
    CA.get_or_init(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tsa-ca.pem");
        scelle_timestamp::load_certificates(std::path::Path::new(path)).unwrap()
    })
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::timestamp_token(data, trusted()));
