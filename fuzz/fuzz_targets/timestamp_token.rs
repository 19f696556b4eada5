//! Any bytes as a timestamp token (`<ID>.manifest.tsr`): read and checked
//! against a trusted CA, or refused, never a panic; and never accepted for
//! a hash nobody stamped.
#![no_main]

use std::sync::OnceLock;

fn trusted() -> &'static [scelle_timestamp::Certificate] {
    static CA: OnceLock<Vec<scelle_timestamp::Certificate>> = OnceLock::new();
    CA.get_or_init(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tsa-ca.pem");
        scelle_timestamp::load_certificates(std::path::Path::new(path)).unwrap()
    })
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(token) = scelle_timestamp::read_token(data) else {
        return;
    };
    let _ = token.gen_time();
    let stamped = token.info.imprint.clone();
    let unrelated = scelle_hash::Sha256Digest::of(b"a manifest nobody stamped");
    let checked = token.check(&unrelated, None, trusted());
    assert!(
        stamped == unrelated.to_string() || !checked.problems.is_empty(),
        "a token for another hash was accepted"
    );
    let _ = token.check(&unrelated, Some(&[0x41; 8]), &[]);
});
