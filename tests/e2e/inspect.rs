//! `scelle inspect`: the record, read without verifying, with filters.

use std::fs;

use crate::util::{freeze, run, scelle};

fn sealed() -> (tempfile::TempDir, std::path::PathBuf) {
    let temp = tempfile::tempdir().unwrap();
    let scene = temp.path().join("scene");
    fs::create_dir_all(scene.join("logs")).unwrap();
    fs::write(scene.join("logs/auth.log"), "Failed password for root\n").unwrap();
    fs::write(scene.join("notes.txt"), "n\n").unwrap();
    std::os::unix::fs::symlink("logs/auth.log", scene.join("latest")).unwrap();
    let out = temp.path().join("out");
    fs::create_dir(&out).unwrap();
    let frozen = freeze(
        &out,
        "insp",
        &[&scene],
        &["--case-id", "RG 26/01234", "--examiner", "M. Dupont"],
    );
    frozen.run.expect(0);
    (temp, frozen.archive)
}

#[test]
fn shows_the_summary_first_and_items_on_request_and_says_it_did_not_verify() {
    let (_temp, archive) = sealed();
    let shown = run(scelle().arg("inspect").arg(&archive)).expect(0);
    assert!(shown.stdout.starts_with("NOT VERIFIED"), "{}", shown.stdout);
    assert!(shown.stdout.contains("RG 26/01234"));
    assert!(shown.stdout.contains("M. Dupont"));
    // The summary, signer and totals included, without the item list.
    assert!(shown.stdout.contains("signer:"), "{}", shown.stdout);
    assert!(
        shown.stdout.contains("totals:        5 items"),
        "{}",
        shown.stdout
    );
    assert!(!shown.stdout.contains("latest -> logs/auth.log"));
    assert!(shown.stdout.contains("inspect --items"), "{}", shown.stdout);
    // Unset fields are left out rather than shown as "-".
    assert!(!shown.stdout.contains("legal basis"), "{}", shown.stdout);
    assert!(!shown.stdout.contains(" - "), "{}", shown.stdout);
    assert!(!shown.stdout.contains("(-)"), "{}", shown.stdout);

    let listed = run(scelle().args(["inspect", "--items"]).arg(&archive)).expect(0);
    assert!(listed.stdout.contains("latest -> logs/auth.log"));
    let summary_end = listed.stdout.find("tool:").unwrap();
    let first_item = listed.stdout.find("latest -> logs/auth.log").unwrap();
    assert!(summary_end < first_item, "{}", listed.stdout);
    // A filter lists what it keeps.
    let filtered = run(scelle()
        .args(["inspect", "--kind", "symlink"])
        .arg(&archive))
    .expect(0);
    assert!(filtered.stdout.contains("latest -> logs/auth.log"));
    assert!(!filtered.stdout.contains("auth.log\n  file"));
}

#[test]
fn filters_by_kind_status_and_path_and_json_parses() {
    let (_temp, archive) = sealed();
    let json = |extra: &[&str]| -> serde_json::Value {
        let shown = run(scelle()
            .args(["inspect", "--json"])
            .args(extra)
            .arg(&archive))
        .expect(0);
        let document: scelle_core::ops::inspect::InspectDocument =
            crate::util::typed(&shown.stdout);
        assert!(!document.verified);
        serde_json::from_str(&shown.stdout).unwrap()
    };
    let all = json(&[]);
    assert_eq!(all["verified"], false);
    assert_eq!(all["items"].as_array().unwrap().len(), 5);
    assert_eq!(all["footer"]["totals"]["items"], 5);
    let files = json(&["--kind", "file"]);
    assert_eq!(files["items"].as_array().unwrap().len(), 2);
    let symlinks = json(&["--kind", "symlink"]);
    assert_eq!(symlinks["items"][0]["link_target"]["text"], "logs/auth.log");
    let logs = json(&["--path", "*.log"]);
    assert_eq!(logs["items"].as_array().unwrap().len(), 1);
    let none = json(&["--status", "unreadable"]);
    assert!(none["items"].as_array().unwrap().is_empty());
    let items: Vec<scelle_manifest::Item> = serde_json::from_value(all["items"].clone()).unwrap();
    assert!(items
        .iter()
        .all(|item| item.path.to_display().contains("scene")));
}

#[test]
fn bad_filter_and_damaged_archive_exit_2() {
    let (temp, archive) = sealed();
    let bad = run(scelle().args(["inspect", "--kind", "socket"]).arg(&archive)).expect(2);
    assert!(bad.stderr.contains("--kind"), "{}", bad.stderr);
    let bytes = fs::read(&archive).unwrap();
    let cut = temp.path().join("cut.tar.zst");
    fs::write(&cut, &bytes[..bytes.len() / 3]).unwrap();
    let damaged = run(scelle().arg("inspect").arg(&cut)).expect(2);
    assert!(
        damaged.stderr.contains("scelle verify"),
        "{}",
        damaged.stderr
    );
}

#[test]
fn fail_a_collected_file_named_like_the_record_is_not_shown_as_the_record() {
    // A file planted on the compromised host as `.../scelle/manifest.json`
    // is collected like any other; inspect must read the bag's own record.
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("out");
    fs::create_dir(&out).unwrap();
    let decoy_scene = temp.path().join("decoy");
    fs::create_dir(&decoy_scene).unwrap();
    fs::write(decoy_scene.join("f"), "f\n").unwrap();
    let decoy = freeze(&out, "decoy", &[&decoy_scene], &["--case-id", "FAKE-CASE"]);
    decoy.run.expect(0);
    let bag = crate::util::extract_with_tar(&decoy.archive, temp.path(), "decoy");

    let scene = temp.path().join("scene");
    fs::create_dir_all(scene.join("www/scelle")).unwrap();
    fs::copy(
        bag.join("scelle/manifest.json"),
        scene.join("www/scelle/manifest.json"),
    )
    .unwrap();
    let genuine = freeze(&out, "genuine", &[&scene], &["--case-id", "REAL-CASE"]);
    genuine.run.expect(0);
    let shown = run(scelle().args(["inspect", "--json"]).arg(&genuine.archive)).expect(0);
    let document: scelle_core::ops::inspect::InspectDocument = crate::util::typed(&shown.stdout);
    assert_eq!(document.header.evidence_id, "genuine");
    assert_eq!(document.header.case.case_id.as_deref(), Some("REAL-CASE"));
}

#[test]
fn fail_terminal_controls_in_names_and_case_fields_never_reach_the_terminal_raw() {
    use std::os::unix::ffi::OsStrExt;
    let temp = tempfile::tempdir().unwrap();
    let scene = temp.path().join("scene");
    fs::create_dir(&scene).unwrap();
    // ESC sequences, a C1 CSI, a right-to-left override and a zero-width space.
    let hostile = b"\x1b[2J\x1b]0;owned\x07clear\xc2\x9b31m-\xe2\x80\xaetxt.exe\xe2\x80\x8b";
    fs::write(scene.join(std::ffi::OsStr::from_bytes(hostile)), "x").unwrap();
    let out = temp.path().join("out");
    fs::create_dir(&out).unwrap();
    let note = "note \u{1b}[31mred\u{202e}desrever";
    let frozen = freeze(&out, "ctl", &[&scene], &["--note", note]);
    frozen.run.expect(0);
    let raw = |text: &str| {
        text.chars().any(|c| {
            (c.is_control() && c != '\n')
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200b}')
        })
    };
    for args in [
        vec!["inspect", "--items"],
        vec!["verify", "--pubkey", frozen.public_key.to_str().unwrap()],
        vec!["custody", "show"],
    ] {
        let done = run(scelle().args(&args).arg(&frozen.archive));
        assert!(done.code != 2, "{args:?}: {}", done.stderr);
        assert!(
            !raw(&done.stdout),
            "{args:?} printed a raw control: {:?}",
            done.stdout
        );
        assert!(
            !raw(&done.stderr),
            "{args:?} printed a raw control: {:?}",
            done.stderr
        );
    }
    let shown = run(scelle().args(["inspect", "--items"]).arg(&frozen.archive)).expect(0);
    assert!(
        shown.stdout.contains("clear"),
        "the name is still shown: {}",
        shown.stdout
    );
}
