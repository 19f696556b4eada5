//! `scelle demo`, the README's first command: the whole job on its own scene.

use crate::util::{run, scelle};

#[test]
fn the_demo_seals_verifies_catches_tampering_and_reports() {
    let temp = tempfile::tempdir().unwrap();
    let done = run(scelle().arg("demo").env("TMPDIR", temp.path())).expect(0);
    for step in [
        "scelle case init",
        "verdict:     INTACT",
        "verdict:     NOT INTACT",
        "starts with the seal: 1 entry, intact",
        "report written to",
        "The original verifies INTACT and the tampered copy is caught.",
    ] {
        assert!(
            done.stdout.contains(step),
            "{step:?} missing:\n{}",
            done.stdout
        );
    }
    let demo = std::fs::read_dir(temp.path())
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let report = std::fs::read_to_string(demo.join("rapport-demo.html")).unwrap();
    assert!(
        report.contains("Notification à la CNIL de la violation de données à caractère personnel"),
        "personal data: the CNIL deadline"
    );
    assert!(report.contains("INTÈGRE"));
    let journal = std::fs::read_to_string(demo.join("case/journal.jsonl")).unwrap();
    assert!(journal.contains("\"event\":\"evidence-sealed\""));
}

#[test]
fn the_demo_narrates_in_french_for_a_french_locale() {
    let temp = tempfile::tempdir().unwrap();
    let done = run(scelle()
        .arg("demo")
        .env("LC_ALL", "fr_FR.UTF-8")
        .env("TMPDIR", temp.path()))
    .expect(0);
    for step in [
        "1. Un serveur web compromis",
        "verdict :          INTÈGRE",
        "verdict :          NON INTÈGRE",
        "commence par le scellé : 1 entrée, intègre",
        "rapport écrit dans",
        "L'original est vérifié INTÈGRE et la copie altérée est détectée.",
    ] {
        assert!(
            done.stdout.contains(step),
            "{step:?} missing:\n{}",
            done.stdout
        );
    }
}
