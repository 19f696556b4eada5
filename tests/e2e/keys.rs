//! Keys and signatures, including interoperability with minisign both ways.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use crate::util::{clear_key, run, run_with_input, scelle, shell, Run};

fn sign(secret: &Path, file: &Path) -> Run {
    run(scelle().args(["sign", "--key"]).arg(secret).arg(file))
}

fn verify_signature(public: &Path, file: &Path, json: bool) -> Run {
    let mut command = scelle();
    command.arg("verify-signature");
    if json {
        command.arg("--json");
    }
    run(command.arg("--pubkey").arg(public).arg(file))
}

#[test]
fn key_show_fingerprint_matches_the_standard_tool_check() {
    let dir = tempfile::tempdir().unwrap();
    let (secret, public) = clear_key(dir.path(), "responder");
    let mode = fs::metadata(&secret).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "secret key must be private");

    let shown = run(scelle().args(["key", "show", "--json"]).arg(&public)).expect(0);
    let typed: scelle_core::ops::keys::KeyReport = crate::util::typed(&shown.stdout);
    let json: serde_json::Value = serde_json::from_str(&shown.stdout).unwrap();
    assert_eq!(json["key_id"], typed.key_id);
    let standard = shell(
        dir.path(),
        "tail -n 1 responder.pub | base64 -d | sha256sum",
    )
    .expect(0);
    let expected = standard.stdout.split_whitespace().next().unwrap();
    assert_eq!(json["fingerprint_sha256"], expected);
    let key_id = json["key_id"].as_str().unwrap();
    assert!(fs::read_to_string(&public).unwrap().contains(key_id));
}

#[test]
fn generate_never_overwrites_a_key() {
    let dir = tempfile::tempdir().unwrap();
    let (secret, _) = clear_key(dir.path(), "k");
    let before = fs::read(&secret).unwrap();
    let again = run(scelle()
        .args(["key", "generate", "--no-password", "--out"])
        .arg(dir.path().join("k")))
    .expect(2);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    assert_eq!(fs::read(&secret).unwrap(), before);
}

#[test]
fn sign_then_verify_and_tampering_is_caught() {
    let dir = tempfile::tempdir().unwrap();
    let (secret, public) = clear_key(dir.path(), "k");
    let file = dir.path().join("report.txt");
    fs::write(&file, "procès-verbal\n").unwrap();
    sign(&secret, &file).expect(0);

    let ok = verify_signature(&public, &file, false).expect(0);
    assert!(ok.stdout.contains("file:report.txt"), "{}", ok.stdout);

    fs::write(&file, "procès-verbal!\n").unwrap();
    let bad = verify_signature(&public, &file, true).expect(1);
    let checks: Vec<scelle_core::ops::keys::SignatureCheck> = crate::util::typed(&bad.stdout);
    assert!(!checks[0].valid);
    let json: serde_json::Value = serde_json::from_str(&bad.stdout).unwrap();
    assert_eq!(json[0]["valid"], false);
    assert!(json[0]["error"]
        .as_str()
        .unwrap()
        .contains("verification failed"));
}

#[test]
fn signature_by_another_key_names_both_ids() {
    let dir = tempfile::tempdir().unwrap();
    let (secret, _) = clear_key(dir.path(), "a");
    let (_, other_public) = clear_key(dir.path(), "b");
    let file = dir.path().join("f");
    fs::write(&file, "x").unwrap();
    sign(&secret, &file).expect(0);
    let bad = verify_signature(&other_public, &file, false).expect(1);
    assert!(bad.stdout.contains("signed by key"), "{}", bad.stdout);
    assert!(
        bad.stdout.contains("but the public key given is"),
        "{}",
        bad.stdout
    );
}

#[test]
fn sign_refuses_to_overwrite_an_existing_signature() {
    let dir = tempfile::tempdir().unwrap();
    let (secret, _) = clear_key(dir.path(), "k");
    let file = dir.path().join("f");
    fs::write(&file, "x").unwrap();
    sign(&secret, &file).expect(0);
    let again = sign(&secret, &file).expect(2);
    assert!(
        again.stderr.contains("f.minisig already exists"),
        "{}",
        again.stderr
    );
}

#[test]
fn encrypted_key_needs_the_right_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good");
    let bad = dir.path().join("bad");
    fs::write(&good, "correct horse battery staple\n").unwrap();
    fs::write(&bad, "wrong\n").unwrap();
    let prefix = dir.path().join("enc");
    run(scelle()
        .args(["key", "generate", "--passphrase-file"])
        .arg(&good)
        .arg("--out")
        .arg(&prefix))
    .expect(0);
    let secret = dir.path().join("enc.key");
    let text = fs::read_to_string(&secret).unwrap();
    assert!(text.starts_with("untrusted comment: minisign encrypted secret key"));

    let file = dir.path().join("f");
    fs::write(&file, "x").unwrap();
    let wrong = run(scelle()
        .args(["sign", "--key"])
        .arg(&secret)
        .arg("--passphrase-file")
        .arg(&bad)
        .arg(&file))
    .expect(2);
    assert!(
        wrong.stderr.contains("wrong passphrase"),
        "{}",
        wrong.stderr
    );
    assert!(wrong.stderr.contains("enc.key"), "{}", wrong.stderr);

    let no_terminal = sign(&secret, &file).expect(2);
    assert!(
        no_terminal.stderr.contains("--passphrase-file"),
        "{}",
        no_terminal.stderr
    );

    run(scelle()
        .args(["sign", "--key"])
        .arg(&secret)
        .arg("--passphrase-file")
        .arg(&good)
        .arg(&file))
    .expect(0);
    // minisign itself accepts the signature made with the encrypted scelle key.
    shell(dir.path(), "minisign -Vm f -p enc.pub").expect(0);
    // And minisign opens the encrypted scelle key with the same passphrase.
    fs::write(dir.path().join("g"), "y").unwrap();
    let signed = run_with_input(
        std::process::Command::new("minisign")
            .args(["-S", "-s", "enc.key", "-m", "g"])
            .current_dir(dir.path()),
        "correct horse battery staple\n",
    );
    assert_eq!(signed.code, 0, "{}", signed.stderr);
    run(scelle()
        .args(["verify-signature", "--pubkey"])
        .arg(dir.path().join("enc.pub"))
        .arg(dir.path().join("g")))
    .expect(0);
}

#[test]
fn minisign_verifies_what_scelle_signs_with_a_clear_key() {
    let dir = tempfile::tempdir().unwrap();
    let (secret, _) = clear_key(dir.path(), "k");
    let file = dir.path().join("evidence.bin");
    fs::write(&file, vec![0xA5u8; 300_000]).unwrap();
    run(scelle()
        .args([
            "sign",
            "--trusted-comment",
            "evidence:web01-20261125T091500Z",
            "--key",
        ])
        .arg(&secret)
        .arg(&file))
    .expect(0);
    // -H: minisign must see the prehashed form.
    let checked = shell(dir.path(), "minisign -H -Vm evidence.bin -p k.pub").expect(0);
    assert!(
        checked.stdout.contains("evidence:web01-20261125T091500Z"),
        "{}",
        checked.stdout
    );
}

#[test]
fn scelle_uses_keys_and_signatures_made_by_minisign() {
    let dir = tempfile::tempdir().unwrap();
    shell(dir.path(), "minisign -G -W -p m.pub -s m.key && echo data > f && minisign -S -s m.key -m f && minisign -S -l -s m.key -m f -x f.legacy").expect(0);
    let f = dir.path().join("f");
    let public = dir.path().join("m.pub");
    let ok = verify_signature(&public, &f, false).expect(0);
    assert!(ok.stdout.contains("(ED)"), "{}", ok.stdout);

    // The legacy "Ed" form, renamed to where verify-signature looks.
    let legacy = dir.path().join("l");
    fs::copy(&f, &legacy).unwrap();
    fs::rename(dir.path().join("f.legacy"), dir.path().join("l.minisig")).unwrap();
    let ok = verify_signature(&public, &legacy, false).expect(0);
    assert!(ok.stdout.contains("(Ed)"), "{}", ok.stdout);

    // scelle signs with minisign's clear key; minisign checks it.
    let other = dir.path().join("other");
    fs::write(&other, "more").unwrap();
    run(scelle()
        .args(["sign", "--key"])
        .arg(dir.path().join("m.key"))
        .arg(&other))
    .expect(0);
    shell(dir.path(), "minisign -Vm other -p m.pub").expect(0);
}

#[test]
fn scelle_opens_an_encrypted_minisign_key() {
    let dir = tempfile::tempdir().unwrap();
    let made = run_with_input(
        std::process::Command::new("minisign")
            .args(["-G", "-p", "m.pub", "-s", "m.key"])
            .current_dir(dir.path()),
        "s3cret\ns3cret\n",
    );
    assert_eq!(made.code, 0, "{}", made.stderr);
    fs::write(dir.path().join("pass"), "s3cret\n").unwrap();
    fs::write(dir.path().join("f"), "x").unwrap();
    run(scelle()
        .args(["sign", "--passphrase-file"])
        .arg(dir.path().join("pass"))
        .arg("--key")
        .arg(dir.path().join("m.key"))
        .arg(dir.path().join("f")))
    .expect(0);
    shell(dir.path(), "minisign -Vm f -p m.pub").expect(0);
}

#[test]
fn bad_key_and_signature_files_get_one_line_errors() {
    let dir = tempfile::tempdir().unwrap();
    let (secret, public) = clear_key(dir.path(), "k");
    let file = dir.path().join("f");
    fs::write(&file, "x").unwrap();
    sign(&secret, &file).expect(0);
    let signature = dir.path().join("f.minisig");
    let good_signature = fs::read_to_string(&signature).unwrap();

    // Truncated public key.
    let truncated = dir.path().join("truncated.pub");
    fs::write(
        &truncated,
        fs::read_to_string(&public).unwrap().lines().next().unwrap(),
    )
    .unwrap();
    let r = verify_signature(&truncated, &file, false).expect(2);
    assert!(
        r.stderr.contains("truncated.pub: public key line missing"),
        "{}",
        r.stderr
    );

    // Truncated secret key.
    let truncated_secret = dir.path().join("truncated.key");
    let secret_text = fs::read_to_string(&secret).unwrap();
    fs::write(&truncated_secret, &secret_text[..secret_text.len() / 2]).unwrap();
    let r = run(scelle()
        .args(["sign", "--key"])
        .arg(&truncated_secret)
        .arg(dir.path().join("k.pub")))
    .expect(2);
    assert!(r.stderr.contains("truncated.key"), "{}", r.stderr);

    // Corrupt signature line.
    let lines: Vec<&str> = good_signature.lines().collect();
    fs::write(
        &signature,
        format!("{}\n@@@@\n{}\n{}\n", lines[0], lines[2], lines[3]),
    )
    .unwrap();
    let r = verify_signature(&public, &file, false).expect(2);
    assert!(
        r.stdout
            .contains("f.minisig: signature is not valid base64"),
        "{}",
        r.stdout
    );

    // Unknown algorithm tag.
    use base64::Engine;
    let engine = base64::engine::general_purpose::STANDARD;
    let mut blob = engine.decode(lines[1]).unwrap();
    blob[..2].copy_from_slice(b"XX");
    fs::write(
        &signature,
        format!(
            "{}\n{}\n{}\n{}\n",
            lines[0],
            engine.encode(&blob),
            lines[2],
            lines[3]
        ),
    )
    .unwrap();
    let r = verify_signature(&public, &file, false).expect(2);
    assert!(
        r.stdout.contains("unsupported algorithm \"XX\""),
        "{}",
        r.stdout
    );

    // Altered trusted comment: an invalid signature, exit 1.
    fs::write(&signature, good_signature.replace("file:f", "file:g")).unwrap();
    let r = verify_signature(&public, &file, false).expect(1);
    assert!(
        r.stdout.contains("trusted comment does not match"),
        "{}",
        r.stdout
    );

    // Missing signature file.
    fs::remove_file(&signature).unwrap();
    let r = verify_signature(&public, &file, false).expect(2);
    assert!(r.stdout.contains("f.minisig"), "{}", r.stdout);

    // A huge "key" (a device or the wrong file) is refused without reading it all.
    let r = run(scelle()
        .args(["verify-signature", "--pubkey", "/dev/zero"])
        .arg(&file))
    .expect(2);
    assert!(r.stderr.contains("/dev/zero: larger than"), "{}", r.stderr);
}

#[test]
fn help_man_page_and_completions_come_from_the_definitions() {
    let help = run(scelle().arg("--help")).expect(0);
    assert!(
        help.stdout.contains("Exit codes: 0 success"),
        "{}",
        help.stdout
    );
    for verb in [
        "freeze", "verify", "extract", "inspect", "custody", "key", "profile",
    ] {
        let help = run(scelle().args([verb, "--help"])).expect(0);
        assert!(
            help.stdout.contains("Usage: scelle"),
            "{verb}: {}",
            help.stdout
        );
    }
    let freeze = run(scelle().args(["freeze", "--help"])).expect(0);
    assert!(
        freeze.stdout.contains("Example: scelle freeze"),
        "{}",
        freeze.stdout
    );
    // In French, by the flag or the locale: each command's summary, the
    // examples kept.
    let french = run(scelle().args(["--lang", "fr", "--help"])).expect(0);
    assert!(
        french.stdout.contains("Sceller des fichiers"),
        "{}",
        french.stdout
    );
    assert!(
        french.stdout.contains("Codes de sortie"),
        "{}",
        french.stdout
    );
    let french = run(scelle()
        .env("LC_ALL", "fr_FR.UTF-8")
        .args(["custody", "transfer", "--help"]))
    .expect(0);
    assert!(
        french.stdout.contains("Consigner la remise"),
        "{}",
        french.stdout
    );
    assert!(
        french.stdout.contains("Exemple : scelle custody transfer"),
        "{}",
        french.stdout
    );
    let page = run(scelle().arg("manpage")).expect(0);
    assert!(
        page.stdout.contains(".TH scelle 1") && page.stdout.contains("freeze"),
        "{}",
        page.stdout
    );
    for shell in ["bash", "zsh", "fish"] {
        let script = run(scelle().args(["completions", shell])).expect(0);
        assert!(script.stdout.contains("verify-signature"), "{shell}");
    }
    let usage = run(scelle().arg("frezee")).expect(2);
    assert!(
        usage.stderr.contains("unrecognized subcommand"),
        "{}",
        usage.stderr
    );
}

#[test]
fn key_baseline_and_audit_speak_french() {
    let temp = tempfile::tempdir().unwrap();
    let prefix = temp.path().join("fr");
    let made = run(scelle()
        .args(["--lang", "fr", "key", "generate", "--no-password", "--out"])
        .arg(&prefix))
    .expect(0);
    for expected in [
        "clé secrète :",
        "(NON chiffrée)",
        "clé publique :",
        "empreinte :      SHA256:",
    ] {
        assert!(
            made.stdout.contains(expected),
            "{expected}: {}",
            made.stdout
        );
    }
    let scene = temp.path().join("scene");
    fs::create_dir(&scene).unwrap();
    fs::write(scene.join("a.txt"), "a").unwrap();
    let baseline = temp.path().join("s.baseline");
    let recorded = run(scelle()
        .env("LC_ALL", "fr_FR.UTF-8")
        .args(["baseline", "--key"])
        .arg(prefix.with_extension("key"))
        .arg("--out")
        .arg(&baseline)
        .arg(&scene))
    .expect(0);
    assert!(
        recorded.stdout.contains("référence :"),
        "{}",
        recorded.stdout
    );
    fs::write(scene.join("a.txt"), "changed").unwrap();
    let audited = run(scelle()
        .args(["--lang", "fr", "audit", "--baseline"])
        .arg(&baseline)
        .arg("--pubkey")
        .arg(prefix.with_extension("pub"))
        .arg(&scene))
    .expect(1);
    assert!(
        audited.stdout.contains("1 différence"),
        "{}",
        audited.stdout
    );
    assert!(
        audited.stdout.contains("audit contre"),
        "{}",
        audited.stdout
    );

    let file = temp.path().join("pv.pdf");
    fs::write(&file, "procès-verbal").unwrap();
    let signed = run(scelle()
        .args(["--lang", "fr", "sign", "--key"])
        .arg(prefix.with_extension("key"))
        .arg(&file))
    .expect(0);
    assert!(signed.stdout.starts_with("signé "), "{}", signed.stdout);
    let checked = run(scelle()
        .args(["--lang", "fr", "verify-signature", "--pubkey"])
        .arg(prefix.with_extension("pub"))
        .arg(&file))
    .expect(0);
    assert!(
        checked.stdout.contains(": signé par la clé"),
        "{}",
        checked.stdout
    );
    assert!(
        checked.stdout.contains("commentaire de confiance :"),
        "{}",
        checked.stdout
    );
    fs::write(&file, "procès-verbal modifié").unwrap();
    let failed = run(scelle()
        .args(["--lang", "fr", "verify-signature", "--pubkey"])
        .arg(prefix.with_extension("pub"))
        .arg(&file))
    .expect(1);
    assert!(failed.stdout.starts_with("ÉCHEC "), "{}", failed.stdout);
}
