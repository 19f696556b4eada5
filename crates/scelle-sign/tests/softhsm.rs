//! A real SoftHSM2 token (package softhsm2), alone in this test binary:
//! PKCS#11 state and SOFTHSM2_CONF are per process.

use std::process::Command;

use scelle_sign::pkcs11::{Pkcs11Uri, TokenSigner};
use scelle_sign::{KeySource, Signer};

const MODULE: &str = "/usr/lib/softhsm/libsofthsm2.so";

/// A token in a temporary directory, a key generated on it, signatures,
/// then the refusals. One test: the binary's only thread using the module.
#[test]
fn a_softhsm_token_generates_a_key_that_signs_and_refuses_a_wrong_pin() {
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("softhsm2.conf");
    std::fs::create_dir(dir.path().join("tokens")).unwrap();
    std::fs::write(
        &conf,
        format!(
            "directories.tokendir = {}\nobjectstore.backend = file\n",
            dir.path().join("tokens").display()
        ),
    )
    .unwrap();
    // The only test of this binary: no other thread reads the environment.
    std::env::set_var("SOFTHSM2_CONF", &conf);
    let init = Command::new("softhsm2-util")
        .args(["--init-token", "--free", "--label", "scelle-unit"])
        .args(["--pin", "1234", "--so-pin", "5678"])
        .output()
        .expect("softhsm2-util (package softhsm2) is needed");
    assert!(init.status.success(), "{init:?}");
    let uri = Pkcs11Uri::parse(&format!(
        "pkcs11:token=scelle-unit;object=dupont?module-path={MODULE}"
    ))
    .unwrap();

    let generated = TokenSigner::generate(&uri, "1234").unwrap();
    let again = TokenSigner::generate(&uri, "1234").unwrap_err();
    assert!(again.to_string().contains("already holds"), "{again}");

    let signer = TokenSigner::open(&uri, "1234").unwrap();
    assert_eq!(signer.public_key(), generated);
    let signature = signer.sign_bytes(b"custody entry").unwrap();
    assert!(generated.verify_bytes(b"custody entry", &signature));
    assert!(matches!(
        signer.source(),
        KeySource::Pkcs11 { ref token_label, ref object_label, .. }
            if token_label == "scelle-unit" && object_label == "dupont"
    ));
    drop(signer);

    let wrong = TokenSigner::open(&uri, "0000").unwrap_err();
    assert!(wrong.to_string().contains("wrong PIN"), "{wrong}");
    let mut absent = uri.clone();
    absent.token = Some("not-there".into());
    let absent = TokenSigner::open(&absent, "1234").unwrap_err();
    assert!(absent.to_string().contains("no token matches"), "{absent}");
    let mut no_key = uri.clone();
    no_key.object = Some("martin".into());
    let no_key = TokenSigner::open(&no_key, "1234").unwrap_err();
    assert!(
        no_key.to_string().contains("no Ed25519 private key"),
        "{no_key}"
    );
}
