//! Any text as minisign key and signature files: parsed or refused, never a panic.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
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
});
