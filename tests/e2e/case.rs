//! The incident case file: `scelle case ...`, `freeze --case-dir`, `scelle report`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::util::{clear_key, extract_with_tar, manifest, run, scelle, Run};

/// A case directory with a key pair beside it, and the responder's clock.
///
/// Journal entries carry the time of the clock that signs them, and a
/// status "as of" a time counts only what happened by then; so the
/// November 2026 incident is recorded on a November 2026 clock: libfaketime
/// starts the commands that record at `clock` (UTC), ticking from there.
struct Case {
    dir: PathBuf,
    key: PathBuf,
    public_key: PathBuf,
    clock: std::cell::RefCell<String>,
}

impl Case {
    /// Opens INC-42, discovered 2026-11-20 14:30 Paris time, personal data,
    /// NIS2 important, at 15:00 Paris time on the responder's clock.
    fn open(root: &Path) -> Self {
        Self::open_with(root, &[])
    }

    /// INC-42 as [`Case::open`] opens it, with more `case init` flags.
    fn open_with(root: &Path, more: &[&str]) -> Self {
        let (key, public_key) = clear_key(root, "responder");
        let case = Case {
            dir: root.join("case"),
            key,
            public_key,
            clock: std::cell::RefCell::new("2026-11-20 14:00:00".into()),
        };
        case.run(
            &[
                "init",
                "--id",
                "INC-42",
                "--title",
                "Webshell on www1",
                "--discovered",
                "2026-11-20T14:30:00+01:00",
                "--personal-data",
                "--nis2",
                "important",
                "--organization",
                "ACME SAS",
                "--counsel",
                "Me Durand",
                "--actor",
                "Jean Dupont, RSSI",
            ]
            .iter()
            .chain(more)
            .copied()
            .collect::<Vec<_>>(),
        )
        .expect(0);
        case
    }

    /// Moves the responder's clock to `utc` ("YYYY-MM-DD hh:mm:ss").
    fn set_clock(&self, utc: &str) {
        *self.clock.borrow_mut() = utc.to_string();
    }

    /// scelle, run on the responder's clock.
    fn scelle(&self) -> Command {
        let mut command = Command::new("faketime");
        command
            .args(["-f", &format!("@{}", self.clock.borrow())])
            .arg(crate::util::scelle_path())
            .env("LC_ALL", crate::util::ENGLISH);
        command
    }

    /// `scelle case VERB --dir DIR --key KEY ARGS...`
    fn run(&self, args: &[&str]) -> Run {
        run(self
            .scelle()
            .arg("case")
            .arg(args[0])
            .arg("--dir")
            .arg(&self.dir)
            .arg("--key")
            .arg(&self.key)
            .args(&args[1..]))
    }

    /// `scelle case status --json` at `at`.
    fn status(&self, at: &str) -> (Run, Value) {
        let done = run(scelle()
            .args(["case", "status", "--json", "--at", at, "--dir"])
            .arg(&self.dir)
            .arg("--pubkey")
            .arg(&self.public_key));
        if done.code != 2 {
            let status: scelle_core::ops::case::CaseStatus = crate::util::typed(&done.stdout);
            assert_eq!(status.consistent(), done.code == 0);
        }
        let json = serde_json::from_str(&done.stdout).unwrap_or(Value::Null);
        (done, json)
    }

    fn journal(&self) -> PathBuf {
        self.dir.join("journal.jsonl")
    }
}

fn deadline<'a>(status: &'a Value, obligation: &str) -> &'a Value {
    status["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["obligation"] == obligation)
        .unwrap_or_else(|| panic!("no {obligation} deadline in {status}"))
}

/// Seals a small scene for the case; returns the archive.
fn seal_for_case(root: &Path, case: &Case) -> PathBuf {
    let scene = root.join("scene");
    fs::create_dir_all(scene.join("www")).unwrap();
    fs::write(
        scene.join("www/shell.php"),
        "<?php system($_GET['c']); ?>\n",
    )
    .unwrap();
    let out = root.join("out");
    fs::create_dir_all(&out).unwrap();
    run(case
        .scelle()
        .args(["freeze", "--id", "web01", "--key"])
        .arg(&case.key)
        .arg("--out")
        .arg(&out)
        .arg("--case-dir")
        .arg(&case.dir)
        .arg(&scene))
    .expect(0);
    out.join("web01.tar.zst")
}

fn sha256_of(path: &Path) -> String {
    scelle_hash::Sha256Digest::of(&fs::read(path).unwrap()).to_string()
}

#[test]
fn deadlines_follow_the_notifications_recorded() {
    let temp = tempfile::tempdir().unwrap();
    let case = Case::open(temp.path());
    let (done, status) = case.status("2026-11-21T12:00:00Z");
    done.expect(0);
    assert_eq!(status["journal"]["intact"], true);
    assert_eq!(status["case"]["discovered"], "2026-11-20T13:30:00Z");
    let early = deadline(&status, "nis2-early-warning");
    assert_eq!(early["due"], "2026-11-21T13:30:00Z");
    assert_eq!(
        (early["state"].as_str(), early["margin_seconds"].as_i64()),
        (Some("open"), Some(5400))
    );
    assert_eq!(
        deadline(&status, "gdpr-notification")["due"],
        "2026-11-23T13:30:00Z"
    );
    assert_eq!(deadline(&status, "nis2-final-report")["provisional"], true);

    // Two days later nothing was sent: the early warning is overdue.
    let (_, status) = case.status("2026-11-22T13:30:00Z");
    let early = deadline(&status, "nis2-early-warning");
    assert_eq!(
        (early["state"].as_str(), early["margin_seconds"].as_i64()),
        (Some("overdue"), Some(-86400))
    );

    // Recorded on the 24th, each as sent.
    case.set_clock("2026-11-24 10:00:00");

    case.run(&[
        "notify",
        "--to",
        "anssi",
        "--reference",
        "EW-1",
        "--kind",
        "early-warning",
        "--sent",
        "2026-11-21T10:00:00+01:00",
    ])
    .expect(0);
    case.run(&[
        "notify",
        "--to",
        "CNIL",
        "--reference",
        "NOTIF-77",
        "--sent",
        "2026-11-24T09:00:00+01:00",
    ])
    .expect(0);
    case.run(&[
        "notify",
        "--to",
        "ANSSI",
        "--reference",
        "INC-9",
        "--sent",
        "2026-11-22T18:00:00+01:00",
    ])
    .expect(0);
    let (done, status) = case.status("2026-11-25T12:00:00Z");
    done.expect(0);
    let early = deadline(&status, "nis2-early-warning");
    assert_eq!(
        (
            early["state"].as_str(),
            early["met_by"]["reference"].as_str()
        ),
        (Some("met"), Some("EW-1"))
    );
    let gdpr = deadline(&status, "gdpr-notification");
    assert_eq!(gdpr["state"], "met-late");
    assert_eq!(gdpr["margin_seconds"], -(18 * 3600 + 30 * 60));
    let last = deadline(&status, "nis2-final-report");
    assert_eq!(last["provisional"], false);
    assert_eq!(
        last["due"], "2026-12-22T17:00:00Z",
        "one calendar month after the notification"
    );
    assert_eq!(status["journal"]["entries"], 4);

    let text = run(scelle()
        .args(["case", "status", "--at", "2026-11-25T12:00:00Z", "--dir"])
        .arg(&case.dir))
    .expect(0);
    assert!(
        text.stdout.contains("met late by 18 h 30 min"),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout.contains("signers NOT checked"),
        "{}",
        text.stdout
    );
}

#[test]
fn impact_can_change_and_the_journal_keeps_the_history() {
    let temp = tempfile::tempdir().unwrap();
    let case = Case::open(temp.path());
    case.run(&["impact", "integrity"]).expect(0);
    case.run(&["impact", "confidentiality,integrity", "traceability"])
        .expect(0);
    let (_, status) = case.status("2026-11-21T00:00:00Z");
    assert_eq!(
        status["case"]["impact"],
        serde_json::json!(["integrity", "confidentiality", "traceability"])
    );
    let copy: Value =
        serde_json::from_slice(&fs::read(case.dir.join("case.json")).unwrap()).unwrap();
    assert_eq!(copy["impact"], status["case"]["impact"]);
    let journal = fs::read_to_string(case.journal()).unwrap();
    assert_eq!(journal.matches("\"event\":\"impact-set\"").count(), 2);
    let bad = case.run(&["impact", "reputation"]).expect(2);
    assert!(
        bad.stderr.contains("\"reputation\" is not one of"),
        "{}",
        bad.stderr
    );
}

#[test]
fn journal_tampering_is_detected() {
    let temp = tempfile::tempdir().unwrap();
    let case = Case::open(temp.path());
    case.run(&["log", "Host isolated at 15:02"]).expect(0);
    case.run(&["log", "Backups of 11-19 kept aside"]).expect(0);
    let original = fs::read_to_string(case.journal()).unwrap();

    // A word changed in a signed entry.
    fs::write(case.journal(), original.replace("15:02", "16:02")).unwrap();
    let (done, status) = case.status("2026-11-21T00:00:00Z");
    done.expect(1);
    assert_eq!(status["journal"]["intact"], false);
    assert!(
        status["journal"]["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("signature invalid"),
        "{status}"
    );
    assert_eq!(
        status["journal"]["findings"][0]["kind"], "journal-chain",
        "{status}"
    );

    // An entry removed.
    let lines: Vec<&str> = original.lines().collect();
    fs::write(case.journal(), format!("{}\n{}\n", lines[0], lines[2])).unwrap();
    let (done, status) = case.status("2026-11-21T00:00:00Z");
    done.expect(1);
    assert!(
        status["journal"]["findings"]
            .to_string()
            .contains("deleted"),
        "{status}"
    );

    // Sealing for a case whose journal does not verify is refused.
    let refused = run(scelle()
        .args(["freeze", "--id", "x", "--key"])
        .arg(&case.key)
        .arg("--out")
        .arg(temp.path())
        .arg("--case-dir")
        .arg(&case.dir)
        .arg(&case.dir));
    let refused = refused.expect(2);
    assert!(
        refused.stderr.contains("journal does not verify"),
        "{}",
        refused.stderr
    );
    assert!(!temp.path().join("x.tar.zst").exists());

    // case.json edited behind the journal's back.
    fs::write(case.journal(), &original).unwrap();
    let copy = fs::read_to_string(case.dir.join("case.json")).unwrap();
    fs::write(
        case.dir.join("case.json"),
        copy.replace("\"personal_data\": true", "\"personal_data\": false"),
    )
    .unwrap();
    let (done, status) = case.status("2026-11-21T00:00:00Z");
    done.expect(1);
    assert!(status["journal"]["findings"][0]["message"]
        .as_str()
        .unwrap()
        .contains("differs from the facts the journal records"));
    assert_eq!(
        status["journal"]["findings"][0]["kind"],
        "case-file-differs"
    );
    assert_eq!(
        status["case"]["personal_data"], true,
        "the journal prevails"
    );
}

#[test]
fn bad_case_input_is_refused_clearly() {
    let temp = tempfile::tempdir().unwrap();
    let (key, _) = clear_key(temp.path(), "k");
    let init = |extra: &[&str]| {
        run(scelle()
            .args(["case", "init", "--dir"])
            .arg(temp.path().join("c"))
            .arg("--key")
            .arg(&key)
            .args(["--title", "t"])
            .args(extra))
    };
    let done = init(&["--id", "C1", "--discovered", "20/11/2026 14:30"]).expect(2);
    assert!(
        done.stderr.contains("not an RFC 3339 time"),
        "{}",
        done.stderr
    );
    let done = init(&["--id", "../etc", "--discovered", "2026-11-20T14:30:00Z"]).expect(2);
    assert!(done.stderr.contains("case id"), "{}", done.stderr);
    let done = init(&[
        "--id",
        "C1",
        "--discovered",
        "2026-11-20T14:30:00Z",
        "--time-zone",
        "Paris",
    ])
    .expect(2);
    assert!(done.stderr.contains("IANA"), "{}", done.stderr);
    assert!(
        !temp.path().join("c/journal.jsonl").exists(),
        "nothing written on refusal"
    );
    init(&["--id", "C1", "--discovered", "2026-11-20T14:30:00Z"]).expect(0);
    let again = init(&["--id", "C1", "--discovered", "2026-11-20T14:30:00Z"]).expect(2);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    let nowhere = run(scelle()
        .args(["case", "log", "--dir"])
        .arg(temp.path())
        .arg("--key")
        .arg(&key)
        .arg("text"));
    let nowhere = nowhere.expect(2);
    assert!(
        nowhere.stderr.contains("not a case directory"),
        "{}",
        nowhere.stderr
    );
}

#[test]
fn freeze_binds_the_archive_and_the_journal_both_ways() {
    let temp = tempfile::tempdir().unwrap();
    let case = Case::open(temp.path());
    case.run(&["impact", "integrity"]).expect(0);
    let journal_before = fs::read_to_string(case.journal()).unwrap();
    let last_line = journal_before.lines().last().unwrap();
    let archive = seal_for_case(temp.path(), &case);

    let bag = extract_with_tar(&archive, temp.path(), "web01");
    crate::schema::validate(&bag.join("scelle/manifest.json")).expect(0);
    let header = manifest(&bag).header;
    assert_eq!(header.case.case_id.as_deref(), Some("INC-42"));
    assert_eq!(header.case.organization.as_deref(), Some("ACME SAS"));
    let incident = header.case.incident.expect("case facts in the manifest");
    assert_eq!(incident.discovered, "2026-11-20T13:30:00Z");
    assert_eq!(incident.impact, vec!["integrity".to_string()]);
    assert_eq!(
        incident.journal_sha256,
        scelle_hash::Sha256Digest::of(last_line.as_bytes())
    );

    let (_, status) = case.status("2026-11-21T00:00:00Z");
    let sealed = &status["evidence"][0];
    assert_eq!(sealed["seal_sha256"], sha256_of(&archive));
    assert_eq!(sealed["evidence_id"], "web01");
    assert_eq!(sealed["items"], 3);
    assert_eq!(status["journal"]["intact"], true);
}

/// `scelle report` into `out`, trusting the responder's key: counsel's
/// copy (with the deadlines), signed with the responder's key.
fn report(case: &Case, out: &Path, lang: &str, archives: &[&Path]) -> Run {
    report_as(
        case,
        out,
        &["--lang", lang, "--audience", "counsel"],
        archives,
    )
}

/// Counsel's copy in French as of `at`, written under `dir`; its text.
fn counsel_copy_at(case: &Case, dir: &Path, at: &str) -> String {
    let out = dir.join(format!("conseil-{at}.md"));
    report_as(
        case,
        &out,
        &["--lang", "fr", "--audience", "counsel", "--at", at],
        &[],
    )
    .expect(0);
    fs::read_to_string(&out).unwrap()
}

/// `scelle report ARGS` into `out`, signed with the responder's key,
/// trusting it; as of 2026-11-22 12:00 UTC unless ARGS say `--at`.
fn report_as(case: &Case, out: &Path, args: &[&str], archives: &[&Path]) -> Run {
    let at = if args.contains(&"--at") {
        &[][..]
    } else {
        &["--at", "2026-11-22T12:00:00Z"][..]
    };
    run(scelle()
        .arg("report")
        .args(args)
        .args(at)
        .arg("--key")
        .arg(&case.key)
        .arg("--case-dir")
        .arg(&case.dir)
        .arg("--keyring")
        .arg(crate::util::keyring_for(&case.public_key, "Jean Dupont"))
        .arg("--out")
        .arg(out)
        .args(archives))
}

#[test]
fn reports_say_what_a_bailiff_needs_in_both_languages() {
    let temp = tempfile::tempdir().unwrap();
    let case = Case::open(temp.path());
    case.run(&["log", "Serveur www1 isolé du réseau à 15 h 02"])
        .expect(0);
    case.set_clock("2026-11-21 10:00:00");
    case.run(&[
        "notify",
        "--to",
        "ANSSI",
        "--reference",
        "EW-1",
        "--kind",
        "early-warning",
        "--sent",
        "2026-11-21T10:00:00+01:00",
    ])
    .expect(0);
    let archive = seal_for_case(temp.path(), &case);
    let seal = sha256_of(&archive);
    let fingerprint = scelle_sign::PublicKey::load(&case.public_key)
        .unwrap()
        .fingerprint()
        .to_string();

    let french = temp.path().join("rapport.md");
    report(&case, &french, "fr", &[&archive]).expect(0);
    let text = fs::read_to_string(&french).unwrap();
    for expected in [
        "Rapport d'incident et de scellés numériques",
        "INC-42",
        &seal,
        &fingerprint,
        "INTÈGRE — aucune anomalie, signature vérifiée",
        "Serveur www1 isolé du réseau à 15 h 02",
        "Alerte précoce (24 heures)",
        "respecté (4 h 30 min d'avance)",
        "Notification à la CNIL de la violation de données à caractère personnel (72 heures)",
        "art. 33, § 1, du RGPD",
        "en cours — il reste 1 j 1 h 30 min",
        "Notification à l'ANSSI (alerte précoce)",
        "mise sous scellé",
        "Chaîne de possession intègre, signataires vérifiés.",
        "Me Durand",
        "fichiers: 1",
        "clé conservée dans un fichier",
        "ce n'est pas un scellé judiciaire au sens des articles 56 et 97 du code de procédure pénale",
        "l'horloge du signataire, sauf horodatage RFC 3161",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
    // Issue #22, defect 8: no English left in the French report.
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .map(str::to_lowercase)
        .collect();
    for english in [
        "sealed",
        "transferred",
        "received",
        "verified",
        "unreadable",
        "notified",
        "early-warning",
        "notification-kind",
        "findings",
        "entry",
        "line",
        "journal-chain",
    ] {
        assert!(
            !words.iter().any(|word| word == english),
            "English {english:?} in the French report:\n{text}"
        );
    }
    let english = temp.path().join("report.html");
    report(&case, &english, "en", &[&archive]).expect(0);
    let html = fs::read_to_string(&english).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<html lang=\"en\">"));
    assert!(
        !html.contains("<script") && !html.contains("http://") && !html.contains("https://"),
        "self-contained"
    );
    // The seal in HTML prints grouped (defect 7): its first half, 4 groups of 8.
    let first_half: Vec<&str> = (0..4)
        .map(|group| &seal[group * 8..group * 8 + 8])
        .collect();
    let first_half = first_half.join(" ");
    for expected in [
        &first_half,
        "INTACT — no finding",
        "Early warning (24 hours)",
        "met (4 h 30 min early)",
    ] {
        assert!(html.contains(expected), "{expected:?} missing");
    }
    let again = report(&case, &english, "en", &[&archive]).expect(2);
    assert!(
        again.stderr.contains("report.html"),
        "never overwritten: {}",
        again.stderr
    );
    let wrong = report(&case, &temp.path().join("r.pdf"), "en", &[]).expect(2);
    assert!(wrong.stderr.contains("FILE.html"), "{}", wrong.stderr);

    // A damaged archive is reported as such, and the command says so.
    let mut bytes = fs::read(&archive).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x40;
    fs::write(&archive, bytes).unwrap();
    let damaged = temp.path().join("damaged.md");
    report(&case, &damaged, "en", &[&archive]).expect(1);
    let text = fs::read_to_string(&damaged).unwrap();
    assert!(text.contains("NOT INTACT — findings:"), "{text}");
    assert!(
        text.contains("Recorded in the case journal**: not recorded"),
        "the seal changed: {text}"
    );
}

/// `html` printed to PDF by headless Chromium, read back with pdftotext.
fn printed(html: &Path, dir: &Path) -> String {
    let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|path| Path::new(path).exists())
        .expect("Chromium is needed for this test: apt-get install chromium poppler-utils (.ci/run does)");
    let pdf = html.with_extension("pdf");
    let printed = run(Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display())));
    assert!(pdf.exists(), "Chromium printed no PDF:\n{}", printed.stderr);
    run(Command::new("pdftotext").arg(&pdf).arg("-"))
        .expect(0)
        .stdout
}

#[test]
fn the_html_report_prints_in_headless_chromium() {
    let temp = tempfile::tempdir().unwrap();
    let case = Case::open(temp.path());
    let archive = seal_for_case(temp.path(), &case);
    let html = temp.path().join("rapport.html");
    report(&case, &html, "fr", &[&archive]).expect(0);
    let text = printed(&html, temp.path());
    let compact: String = text.split_whitespace().collect();
    assert!(
        text.contains("Rapport d'incident et de scellés numériques"),
        "{text}"
    );
    assert!(
        compact.contains(&sha256_of(&archive)),
        "the seal hash is in the printed text:\n{text}"
    );
    // Issue #22, defect 7: printed in groups of 8, each half of the hash
    // whole on one line, wherever the page wraps.
    let seal = sha256_of(&archive);
    for half in [&seal[..32], &seal[32..]] {
        let grouped: Vec<&str> = (0..4)
            .map(|group| &half[group * 8..group * 8 + 8])
            .collect();
        let grouped = grouped.join(" ");
        assert!(
            text.lines().any(|line| line.contains(&grouped)),
            "{grouped:?} is not whole on one printed line:\n{text}"
        );
    }
    assert!(compact.contains("INTÈGRE"), "{text}");
}

#[test]
fn fail_a_journal_cut_below_the_line_an_archive_was_sealed_on_is_reported() {
    let temp = tempfile::tempdir().unwrap();
    let case = Case::open(temp.path());
    case.run(&["log", "Serveur www1 isolé du réseau"]).expect(0);
    let archive = seal_for_case(temp.path(), &case);
    let out = temp.path().join("before.md");
    report(&case, &out, "en", &[&archive]).expect(0);
    let before = fs::read_to_string(&out).unwrap();
    assert!(!before.contains("no longer contains"), "{before}");

    // Keep only the case-opened line: every line left still verifies.
    let journal = case.dir.join("journal.jsonl");
    let text = fs::read_to_string(&journal).unwrap();
    let first = text.split_inclusive('\n').next().unwrap().to_string();
    fs::write(&journal, first).unwrap();
    let out = temp.path().join("after.md");
    report(&case, &out, "en", &[&archive]).expect(1);
    let after = fs::read_to_string(&out).unwrap();
    assert!(
        after.contains("the case journal no longer contains its line"),
        "{after}"
    );
    assert!(after.contains("NOT INTACT"), "{after}");
}

/// Issue #22, defect 1: as of T, only what had happened by T counts.
#[test]
fn a_status_as_of_a_past_time_ignores_what_happened_after_it() {
    let root = tempfile::tempdir().unwrap();
    let case = Case::open(root.path());
    case.set_clock("2026-11-22 09:00:00");
    case.run(&[
        "notify",
        "--to",
        "CNIL",
        "--reference",
        "NOTIF-1",
        "--sent",
        "2026-11-22T09:00:00+01:00",
    ])
    .expect(0);
    let (done, before) = case.status("2026-11-21T12:00:00Z");
    done.expect(0);
    let gdpr = deadline(&before, "gdpr-notification");
    assert_eq!(gdpr["state"], "open", "{gdpr}");
    assert!(gdpr["met_by"].is_null(), "{gdpr}");
    assert!(
        before["notifications"].as_array().unwrap().is_empty(),
        "{before}"
    );
    let (done, after) = case.status("2026-11-22T12:00:00Z");
    done.expect(0);
    assert_eq!(deadline(&after, "gdpr-notification")["state"], "met");
}

/// Issue #22, defect 2: dates that cannot be true are refused when
/// recorded, and named when a journal holding them is read.
#[test]
fn impossible_chronologies_are_refused_or_flagged() {
    let root = tempfile::tempdir().unwrap();
    let case = Case::open(root.path());
    let kind = serde_json::to_value(scelle_case::CaseFindingKind::ImpossibleChronology).unwrap();

    // Before the discovery (2026-11-20 14:30 Paris).
    let early = case.run(&[
        "notify",
        "--to",
        "CNIL",
        "--reference",
        "N-0",
        "--sent",
        "2026-11-16T10:00:00+01:00",
    ]);
    let early = early.expect(2);
    assert!(
        early.stderr.contains("before the incident was discovered"),
        "{}",
        early.stderr
    );
    // A final report with no notification before it.
    case.set_clock("2026-11-21 12:00:00");
    let final_first = case.run(&[
        "notify",
        "--to",
        "ANSSI",
        "--reference",
        "F-1",
        "--kind",
        "final-report",
        "--sent",
        "2026-11-21T10:00:00+01:00",
    ]);
    let final_first = final_first.expect(2);
    assert!(
        final_first
            .stderr
            .contains("comes before any incident notification"),
        "{}",
        final_first.stderr
    );
    // Sent in the future.
    case.run(&[
        "notify",
        "--to",
        "CNIL",
        "--reference",
        "N-9",
        "--sent",
        "2099-01-01T00:00:00Z",
    ])
    .expect(2);
    let journal_lines = fs::read_to_string(case.journal()).unwrap().lines().count();
    assert_eq!(journal_lines, 1, "nothing was recorded");

    // A discovery in 2030 is refused at opening.
    let later = root.path().join("later");
    fs::create_dir(&later).unwrap();
    let future = run(case
        .scelle()
        .args(["case", "init", "--id", "INC-1", "--title", "t"])
        .args(["--discovered", "2030-01-01T00:00:00Z", "--dir"])
        .arg(later.join("case"))
        .arg("--key")
        .arg(&case.key));
    let future = future.expect(2);
    assert!(
        future.stderr.contains("after the case was opened"),
        "{}",
        future.stderr
    );

    // A journal that holds one anyway (written by hand, signed with the
    // case key through another tool): flagged, and it discharges nothing.
    let key = scelle_sign::SecretKeyFile::load(&case.key)
        .unwrap()
        .open(None)
        .unwrap();
    let draft = scelle_custody::Draft::new("notified", "")
        .detail("to", "CNIL")
        .detail("reference", "N-0")
        .detail("kind", "notification")
        .detail("sent", "2026-11-16T09:00:00Z");
    scelle_custody::append(&case.journal(), &key, draft).unwrap();
    let (done, status) = case.status("2026-11-25T12:00:00Z");
    done.expect(1);
    let findings = status["journal"]["findings"].as_array().unwrap();
    assert!(
        findings.iter().any(|finding| finding["kind"] == kind),
        "{findings:?}"
    );
    assert_eq!(deadline(&status, "gdpr-notification")["state"], "overdue");
}

/// Issue #22, defect 3: a recipient is a known body, found by its first
/// word; anything else is recorded with a warning.
#[test]
fn recipients_are_known_bodies_and_anything_else_is_recorded_with_a_warning() {
    let root = tempfile::tempdir().unwrap();
    let case = Case::open(root.path());
    case.set_clock("2026-11-21 10:00:00");
    let cnil = case
        .run(&[
            "notify",
            "--to",
            "CNIL (téléservice)",
            "--reference",
            "N-1",
            "--sent",
            "2026-11-21T09:00:00Z",
        ])
        .expect(0);
    assert!(!cnil.stderr.contains("warning"), "{}", cnil.stderr);
    let insurer = case
        .run(&[
            "notify",
            "--to",
            "Assureur cyber",
            "--reference",
            "S-1",
            "--kind",
            "other",
            "--sent",
            "2026-11-21T09:30:00Z",
        ])
        .expect(0);
    assert!(
        insurer.stderr.contains("discharges no deadline"),
        "{}",
        insurer.stderr
    );
    let (done, status) = case.status("2026-11-22T00:00:00Z");
    done.expect(0);
    let gdpr = deadline(&status, "gdpr-notification");
    assert_eq!(gdpr["state"], "met", "{gdpr}");
    assert_eq!(gdpr["met_by"]["to"], "CNIL");
    assert_eq!(gdpr["met_by"]["via"], "(téléservice)");
    let recorded: Vec<&str> = status["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["to"].as_str().unwrap())
        .collect();
    assert_eq!(recorded, ["CNIL", "ASSUREUR CYBER"]);
}

/// Issue #22, defect 5: the journal's last entry dropped — the archive's
/// own sealing entry, or any later one — no longer goes unseen.
#[test]
fn dropping_the_journals_last_entry_is_caught_by_the_archive_and_by_the_receipt() {
    let temp = tempfile::tempdir().unwrap();
    let case = Case::open(temp.path());
    let archive = seal_for_case(temp.path(), &case);
    let (done, status) = case.status("2026-11-21T00:00:00Z");
    done.expect(0);
    let entries = status["journal"]["recorded"].as_u64().unwrap().to_string();
    let head = status["journal"]["head_sha256"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(entries, "2");
    let out = temp.path().join("before.md");
    report(&case, &out, "fr", &[&archive]).expect(0);
    let before = fs::read_to_string(&out).unwrap();
    assert!(
        before.contains(&head),
        "the report prints the journal head:\n{before}"
    );

    // The evidence-sealed line cut: what is left still chains and verifies.
    let text = fs::read_to_string(case.journal()).unwrap();
    let first = text.split_inclusive('\n').next().unwrap().to_string();
    fs::write(case.journal(), first).unwrap();
    case.status("2026-11-21T00:00:00Z").0.expect(0);
    let out = temp.path().join("after.md");
    report(&case, &out, "en", &[&archive]).expect(1);
    let after = fs::read_to_string(&out).unwrap();
    assert!(
        after.contains("the case journal records no sealing of this archive"),
        "{after}"
    );
    // And the receipt taken before tells, without the archive.
    let held = run(scelle()
        .args([
            "case",
            "status",
            "--json",
            "--entries",
            &entries,
            "--head",
            &head,
        ])
        .arg("--dir")
        .arg(&case.dir))
    .expect(1);
    let status: Value = serde_json::from_str(&held.stdout).unwrap();
    let findings = status["journal"]["findings"].as_array().unwrap();
    assert!(
        findings
            .iter()
            .any(|finding| finding["message"].as_str().unwrap().contains("head")),
        "{findings:?}"
    );
}

/// Issue #22, defect 4: the report names who holds the key that signed,
/// from the keyring, never the name the signer typed; a typed name that
/// is not the key's holder is flagged, and entries signed by a key the
/// keyring does not know are listed apart.
#[test]
fn the_report_names_signers_from_the_keyring_not_from_what_they_typed() {
    let temp = tempfile::tempdir().unwrap();
    let case = Case::open(temp.path());
    let (bailiff_key, bailiff_public) = clear_key(temp.path(), "martin");
    let (stranger_key, _) = clear_key(temp.path(), "stranger");
    let line = |public: &Path| {
        fs::read_to_string(public)
            .unwrap()
            .lines()
            .nth(1)
            .unwrap()
            .to_string()
    };
    let keyring = temp.path().join("keyring.json");
    fs::write(
        &keyring,
        serde_json::json!([
            {"name": "Jean Dupont", "role": "RSSI", "public_key": line(&case.public_key)},
            {"name": "Me Martin", "role": "commissaire de justice", "public_key": line(&bailiff_public)},
        ])
        .to_string(),
    )
    .unwrap();
    for (key, text) in [
        (&bailiff_key, "Scellés remis au commissaire"),
        (&stranger_key, "Tout va bien"),
    ] {
        run(case
            .scelle()
            .args(["case", "log", "--actor", "Jean Dupont, RSSI", "--dir"])
            .arg(&case.dir)
            .arg("--key")
            .arg(key)
            .arg(text))
        .expect(0);
    }
    let out = temp.path().join("rapport.md");
    run(scelle()
        .args([
            "report",
            "--unsigned",
            "--lang",
            "fr",
            "--at",
            "2026-11-22T12:00:00Z",
            "--case-dir",
        ])
        .arg(&case.dir)
        .arg("--keyring")
        .arg(&keyring)
        .arg("--out")
        .arg(&out))
    .expect(1);
    let text = fs::read_to_string(&out).unwrap();
    let row = |needle: &str| {
        text.lines()
            .find(|line| line.contains(needle))
            .unwrap_or_else(|| panic!("no line with {needle:?}:\n{text}"))
            .to_string()
    };
    let opened = row("Ouverture du dossier");
    assert!(opened.contains("Jean Dupont, RSSI"), "{opened}");
    assert!(!opened.contains("déclaré"), "{opened}");
    let handed = row("Scellés remis au commissaire");
    assert!(
        handed.contains("Me Martin, commissaire de justice — déclaré : « Jean Dupont, RSSI » (ce n'est PAS le titulaire de la clé)"),
        "{handed}"
    );
    assert!(
        text.contains("Entrées signées par une clé absente du trousseau"),
        "{text}"
    );
    let stranger = row("Tout va bien");
    assert!(stranger.contains("CLÉ INCONNUE"), "{stranger}");
    assert!(!text.contains("signataires vérifiés"), "{text}");
}

/// Issue #22, defect 6 (first part): the report says how the acquisition
/// ran, from the signed manifest — command line, operator, roots,
/// exclusions and what they left out, the clock against a reference.
#[test]
fn the_report_says_how_the_acquisition_ran_and_what_it_left_out() {
    let temp = tempfile::tempdir().unwrap();
    let case = Case::open(temp.path());
    let scene = temp.path().join("scene");
    fs::create_dir(&scene).unwrap();
    fs::write(scene.join("access.log"), "GET /shell.php\n").unwrap();
    fs::write(scene.join("dump.bak"), "old\n").unwrap();
    let out = temp.path().join("out");
    fs::create_dir(&out).unwrap();
    run(case
        .scelle()
        .args([
            "freeze",
            "--id",
            "web01",
            "--operator",
            "Jean Dupont",
            "--key",
        ])
        .arg(&case.key)
        .arg("--out")
        .arg(&out)
        .arg("--case-dir")
        .arg(&case.dir)
        .args([
            "--exclude",
            "*.bak",
            "--reference-time",
            "2026-11-20T15:00:00+01:00",
        ])
        .arg(&scene))
    .expect(0);
    let report_file = temp.path().join("rapport.md");
    report(&case, &report_file, "fr", &[&out.join("web01.tar.zst")]).expect(0);
    let text = fs::read_to_string(&report_file).unwrap();
    for expected in [
        "**Commande de la collecte (exacte)**:",
        "--exclude '\\*.bak'",
        "**Opérateur déclaré**: Jean Dupont",
        &format!("**Chemins collectés**: {}", scene.display()),
        "**Motifs d'exclusion**: \\*.bak",
        "**Éléments non collectés (exclusions, autre système de fichiers)**: 1",
        "dump.bak | non collecté |",
        "heure de référence relevée : 2026-11-20T15:00:00+01:00",
        "décalage :",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
}

/// Issue #22, defects 6 and 9: the annex a commissaire de justice can
/// attach unchanged — host facts, the sealing tool's hash, the notes, the
/// manifest's hash, the item list as a signed-over appendix, the custody
/// hand-over with its details, the annex line, page "x / y", a footer
/// with the case and the seal, a signature block — and the report itself
/// signed (checked by minisign) with its hash printed; the deadline table
/// only in counsel's confidential copy.
#[test]
fn the_annex_holds_what_a_proces_verbal_needs_and_is_signed() {
    let temp = tempfile::tempdir().unwrap();
    let case = Case::open(temp.path());
    let scene = temp.path().join("scene");
    fs::create_dir(&scene).unwrap();
    let shell = b"<?php system($_GET['c']); ?>\n";
    fs::write(scene.join("shell.php"), shell).unwrap();
    let out = temp.path().join("out");
    fs::create_dir(&out).unwrap();
    run(case
        .scelle()
        .args(["freeze", "--id", "web01", "--key"])
        .arg(&case.key)
        .arg("--out")
        .arg(&out)
        .arg("--case-dir")
        .arg(&case.dir)
        .args([
            "--note",
            "Webshell trouvé dans uploads/",
            "--legal-basis",
            "ordonnance art. 145 CPC, TJ Paris, 2026-11-20",
        ])
        .arg(&scene))
    .expect(0);
    let archive = out.join("web01.tar.zst");
    run(case
        .scelle()
        .args(["custody", "transfer", "--key"])
        .arg(&case.key)
        .args([
            "--to",
            "Me Leroy, commissaire de justice",
            "--means",
            "remise en main propre",
            "--location",
            "Paris 8e",
        ])
        .arg(&archive))
    .expect(0);
    let bag = crate::util::extract_with_tar(&archive, temp.path(), "web01");
    let manifest = manifest(&bag);
    // Defect 8: the French half of VERIFY.txt is written with its accents.
    let readme = fs::read_to_string(bag.join("VERIFY.txt")).unwrap();
    for french in [
        "a été placée sous scellé",
        "inscrite au procès-verbal",
        "métadonnées",
    ] {
        assert!(
            readme.contains(french),
            "{french:?} missing from VERIFY.txt:\n{readme}"
        );
    }

    let html = temp.path().join("annexe.html");
    let made = report_as(
        &case,
        &html,
        &[
            "--lang",
            "fr",
            "--author",
            "Marie Martin, expert près la cour d'appel de Paris",
            "--annex-number",
            "3",
            "--pv-date",
            "22/11/2026",
        ],
        &[&archive],
    )
    .expect(0);
    let text = fs::read_to_string(&html).unwrap();
    let report_sha256 = sha256_of(&html);
    assert!(
        made.stdout.contains(&report_sha256),
        "the report's hash is printed: {}",
        made.stdout
    );

    // The report's signature holds for minisign, and names its hash.
    let signature = temp.path().join("annexe.html.minisig");
    let checked = run(Command::new("minisign")
        .arg("-Vm")
        .arg(&html)
        .arg("-p")
        .arg(&case.public_key))
    .expect(0);
    assert!(
        checked.stdout.contains(&format!("sha256:{report_sha256}")),
        "{}",
        checked.stdout
    );
    assert!(signature.exists());

    // The item list beside it, whose hash the report gives.
    let appendix = temp.path().join("annexe-items-1.tsv");
    let list = fs::read_to_string(&appendix).unwrap();
    let shell_sha256 = scelle_hash::Sha256Digest::of(shell).to_string();
    assert!(
        list.lines()
            .any(|line| line.contains("shell.php") && line.contains(&shell_sha256)),
        "{list}"
    );
    assert!(list.starts_with("path\tkind\tstatus\tsize\tsha256\tmtime_utc\n"));

    let host = &manifest.header.host;
    let plain = |value: &str| value.replace('&', "&amp;").replace('\'', "&#39;");
    let annex_facts = [
        "Annexe n° 3 au procès-verbal de constat du 22/11/2026".to_string(),
        host.os_release.clone().unwrap(),
        host.kernel.clone().unwrap(),
        host.machine_id.clone().unwrap(),
        "Démarrage de la machine".into(),
        manifest.header.tool.binary_sha256.unwrap().to_string()[..8].to_string(),
        "Webshell trouvé dans uploads/".into(),
        "ordonnance art. 145 CPC, TJ Paris, 2026-11-20".into(),
        sha256_of(&bag.join("scelle/manifest.json"))[..8].to_string(),
        format!("annexe-items-1.tsv : {} éléments", manifest.items.len()),
        sha256_of(&appendix)[..8].to_string(),
        "aucun : le manifeste n'a pas été horodaté".into(),
        "remis à : Me Leroy, commissaire de justice ; moyen : remise en main propre ; lieu : Paris 8e".into(),
        "Marie Martin, expert près la cour d'appel de Paris".into(),
        "Fait à, le".into(),
        "signé électroniquement avec la clé".into(),
    ];
    for expected in &annex_facts {
        assert!(
            text.contains(&plain(expected)),
            "{expected:?} missing from the annex:\n{text}"
        );
    }
    // The deadline assessment is not in the annex the other side reads.
    assert!(!text.contains("Délais de notification"), "{text}");
    assert!(!text.contains("Alerte précoce"), "{text}");

    // Printed: the annex line, page x / y and the footer on every page.
    let pdf = printed(&html, temp.path());
    let seal = sha256_of(&archive);
    assert!(
        pdf.contains("Annexe n° 3 au procès-verbal de constat du 22/11/2026"),
        "{pdf}"
    );
    // Every annex fact is on paper too (spaces aside: the printed lines
    // wrap, and hashes print in groups).
    let squeezed = |text: &str| text.split_whitespace().collect::<String>();
    let printed_text = squeezed(&pdf);
    for expected in &annex_facts {
        assert!(
            printed_text.contains(&squeezed(expected)),
            "{expected:?} missing from the printed annex:\n{pdf}"
        );
    }
    let pages = pdf.matches('\u{c}').count().max(1);
    // pdftotext reads "1 / 3" back as "1/3".
    let compact: Vec<String> = pdf
        .lines()
        .map(|line| line.split_whitespace().collect())
        .collect();
    for page in 1..=pages {
        assert!(
            compact.contains(&format!("{page}/{pages}")),
            "page {page} / {pages} not numbered:\n{pdf}"
        );
    }
    assert_eq!(
        pdf.lines()
            .filter(|line| line.contains("Dossier INC-42") && line.contains(&seal))
            .count(),
        pages,
        "the footer with the case and the whole seal on each of {pages} pages:\n{pdf}"
    );

    // Counsel's copy has the deadlines, and says it is confidential.
    let counsel = temp.path().join("conseil.md");
    report_as(
        &case,
        &counsel,
        &["--lang", "fr", "--audience", "counsel"],
        &[&archive],
    )
    .expect(0);
    let text = fs::read_to_string(&counsel).unwrap();
    assert!(text.contains("CONFIDENTIELLE"), "{text}");
    assert!(text.contains("Délais de notification"), "{text}");
    // Signed or explicitly not: no key and no --unsigned is refused.
    let refused = run(scelle()
        .args(["report", "--case-dir"])
        .arg(&case.dir)
        .arg("--out")
        .arg(temp.path().join("r.md")))
    .expect(2);
    assert!(refused.stderr.contains("--key"), "{}", refused.stderr);
    assert!(!temp.path().join("r.md").exists());
}

/// Issue #22, defect 8: what the checks find is said in French in the
/// French report — the archive's, the custody log's and the journal's
/// findings, by kind from the catalogue, with where and both values — and
/// no English sentence of the checks is left in it.
#[test]
fn fail_findings_in_the_french_report_are_in_french() {
    let temp = tempfile::tempdir().unwrap();
    let case = Case::open(temp.path());
    case.run(&["log", "Serveur www1 isolé du réseau"]).expect(0);
    let archive = seal_for_case(temp.path(), &case);
    run(case
        .scelle()
        .args(["custody", "transfer", "--key"])
        .arg(&case.key)
        .args(["--to", "Me Leroy, commissaire de justice"])
        .arg(&archive))
    .expect(0);
    // A flipped bit in the archive, a custody entry and a journal entry
    // rewritten (their signatures no longer hold).
    let mut bytes = fs::read(&archive).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    fs::write(&archive, bytes).unwrap();
    let log = temp.path().join("out/web01.custody.jsonl");
    let text = fs::read_to_string(&log).unwrap();
    fs::write(&log, text.replace("Me Leroy", "Me Lerox")).unwrap();
    let journal = case.journal();
    let text = fs::read_to_string(&journal).unwrap();
    fs::write(&journal, text.replace("isolé du réseau", "isolé du reseau")).unwrap();

    let french = temp.path().join("rapport.md");
    report(&case, &french, "fr", &[&archive]).expect(1);
    let text = fs::read_to_string(&french).unwrap();
    if std::env::var_os("SHOW").is_some() {
        eprintln!("{text}");
    }
    for expected in [
        "NON INTÈGRE",
        "la signature d'une entrée n'est pas valide : l'entrée a été modifiée",
        "ligne 2 —",
        "le journal du dossier est rompu",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
    assert!(!text.contains("finding-"), "a kind without words: {text}");
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .collect();
    for english in [
        "the",
        "not",
        "differs",
        "missing",
        "listed",
        "damaged",
        "broken",
        "line",
        "entry",
        "error",
        "found",
        "expected",
        "recorded",
        "signature_invalid",
        "does",
    ] {
        assert!(
            !words.iter().any(|word| word == english),
            "English {english:?} in the French report:\n{text}"
        );
    }
    // The English report keeps each check's own detailed message too.
    let english = temp.path().join("report.md");
    report(&case, &english, "en", &[&archive]).expect(1);
    let text = fs::read_to_string(&english).unwrap();
    assert!(
        text.contains("line 2 — an entry's signature is not valid: the entry was changed ("),
        "{text}"
    );
}

/// Issue #22, missing duties: separate clocks (awareness starts GDPR's and
/// NIS2's), GDPR art. 34 with an art. 34(3) exemption, the reasons for a
/// late notification (art. 33(1)), DORA's three reports; all through the
/// command line, in the status and in counsel's report.
#[test]
fn the_regimes_follow_awareness_high_risk_and_dora() {
    let temp = tempfile::tempdir().unwrap();
    let case = Case::open_with(
        temp.path(),
        &[
            "--occurred",
            "2026-11-18T03:00:00+01:00",
            "--aware",
            "2026-11-20T18:00:00+01:00",
            "--high-risk",
            "--art34-exemption",
            "a",
            "--dora",
            "--dora-classified",
            "2026-11-20T19:00:00+01:00",
        ],
    );
    let (done, status) = case.status("2026-11-20T19:00:00Z");
    done.expect(0);
    // GDPR and NIS2 run from awareness (17:00 UTC), not the discovery (13:30 UTC).
    assert_eq!(
        deadline(&status, "gdpr-notification")["due"],
        "2026-11-23T17:00:00Z"
    );
    assert_eq!(
        deadline(&status, "nis2-early-warning")["due"],
        "2026-11-21T17:00:00Z"
    );
    let subjects = deadline(&status, "gdpr-data-subjects");
    assert_eq!(subjects["state"], "exempt");
    assert_eq!(subjects["remark"]["kind"], "exemption");
    assert_eq!(subjects["remark"]["text"], "a");
    // DORA: 4 h after the classification (18:00 UTC), within 24 h of awareness.
    assert_eq!(
        deadline(&status, "dora-initial")["due"],
        "2026-11-20T22:00:00Z"
    );
    assert_eq!(deadline(&status, "dora-intermediate")["provisional"], true);

    // A late CNIL notification without its reasons is flagged; once a
    // complementary notification gives them (art. 33(4)), they show.
    case.set_clock("2026-11-24 10:00:00");
    case.run(&[
        "notify",
        "--to",
        "CNIL",
        "--reference",
        "CNIL-9",
        "--sent",
        "2026-11-24T10:00:00Z",
    ])
    .expect(0);
    let (_, status) = case.status("2026-11-24T12:00:00Z");
    let gdpr = deadline(&status, "gdpr-notification");
    assert_eq!(gdpr["state"], "met-late");
    assert_eq!(gdpr["remark"]["kind"], "no-delay-reasons");
    let text = run(scelle()
        .args(["case", "status", "--at", "2026-11-24T12:00:00Z", "--dir"])
        .arg(&case.dir)
        .arg("--pubkey")
        .arg(&case.public_key))
    .expect(0)
    .stdout;
    assert!(
        text.contains("WITHOUT the reasons for the delay GDPR art. 33(1) requires"),
        "{text}"
    );
    case.run(&[
        "notify",
        "--to",
        "CNIL",
        "--reference",
        "CNIL-10",
        "--kind",
        "other",
        "--sent",
        "2026-11-24T10:05:00Z",
        "--delay-reasons",
        "périmètre de la violation établi le 23/11",
    ])
    .expect(0);

    let text = counsel_copy_at(&case, temp.path(), "2026-11-24T12:00:00Z");
    for expected in [
        "Prise de connaissance (point de départ des délais RGPD, NIS2 et DORA)",
        "Survenance de l'incident (déclarée)",
        "Communication de la violation aux personnes concernées",
        "non due : exception de l'art. 34, § 3, a), du RGPD invoquée",
        // The complementary notification gave the reasons (art. 33(4)).
        "motifs du retard : périmètre de la violation établi le 23/11",
        "Notification initiale DORA",
        "règlement (UE) 2022/2554 (DORA), art. 19, § 4, a)",
        "| personnes concernées |",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }

    // Impossible clocks are refused when the case is opened.
    let refused = run(scelle()
        .args([
            "case",
            "init",
            "--id",
            "X",
            "--title",
            "x",
            "--discovered",
            "2026-11-20T10:00:00Z",
            "--aware",
            "2026-11-20T09:00:00Z",
            "--dir",
        ])
        .arg(temp.path().join("other"))
        .arg("--key")
        .arg(&case.key))
    .expect(2);
    assert!(refused.stderr.contains("awareness"), "{}", refused.stderr);
}

/// Issue #22, 2 a.m. usability: the current case ($SCELLE_CASE, or the
/// working directory) and the key ($SCELLE_KEY) need not be repeated;
/// `case show` prints the journal as a timeline in the case's local time;
/// `case status` gives times in local time too.
#[test]
fn the_current_case_and_key_need_not_be_repeated() {
    let temp = tempfile::tempdir().unwrap();
    let case = Case::open(temp.path());
    let current = |command: &mut Command| {
        command
            .env("SCELLE_CASE", &case.dir)
            .env("SCELLE_KEY", &case.key)
            .env("LC_ALL", crate::util::ENGLISH);
    };
    let mut log = case.scelle();
    current(&mut log);
    run(log.args(["case", "log", "Pare-feu : règle de blocage posée"])).expect(0);

    // Inside the case directory, with nothing set.
    let shown = run(scelle()
        .current_dir(&case.dir)
        .args(["case", "show", "--lang", "fr", "--keyring"])
        .arg(crate::util::keyring_for(&case.public_key, "Jean Dupont")))
    .expect(0);
    for expected in [
        "  1  2026-11-20 15:00:00 +01:00 (Europe/Paris) = 2026-11-20T14:00:00Z",
        "Ouverture du dossier",
        "Pare-feu : règle de blocage posée",
        "Jean Dupont",
        "intact, signers checked",
    ] {
        assert!(
            shown.stdout.contains(expected),
            "{expected:?} missing:\n{}",
            shown.stdout
        );
    }
    let mut status = scelle();
    current(&mut status);
    let status = run(status.args(["case", "status", "--at", "2026-11-21T12:00:00Z"])).expect(0);
    assert!(
        status.stdout.contains(
            "discovered: 2026-11-20 14:30:00 +01:00 (Europe/Paris) = 2026-11-20T13:30:00Z"
        ),
        "{}",
        status.stdout
    );
    assert!(
        status
            .stdout
            .contains("due 2026-11-21 14:30:00 +01:00 (Europe/Paris)"),
        "{}",
        status.stdout
    );
    // Nowhere to find a case: say how to name one.
    let lost = run(scelle()
        .current_dir(temp.path())
        .env_remove("SCELLE_CASE")
        .args(["case", "show"]))
    .expect(2);
    assert!(
        lost.stderr.contains("--dir DIR") && lost.stderr.contains("SCELLE_CASE"),
        "{}",
        lost.stderr
    );
}

/// Issue #22: the phase checklist — some steps shown done by what the
/// journal holds (a note, a sealing), the others recorded with `case done`
/// ("DPO informé le …"); in the status and in counsel's report.
#[test]
fn the_steps_of_the_response_are_checked_off_from_the_journal() {
    let temp = tempfile::tempdir().unwrap();
    let case = Case::open(temp.path());
    case.run(&["log", "Serveur www1 isolé du réseau"]).expect(0);
    seal_for_case(temp.path(), &case);
    case.set_clock("2026-11-20 16:00:00");
    let said = case
        .run(&[
            "done",
            "dpo-informed",
            "--lang",
            "fr",
            "--at",
            "2026-11-20T16:10:00+01:00",
            "--note",
            "par téléphone",
        ])
        .expect(0);
    // Numbered as the report numbers the journal's entries.
    assert!(
        said.stdout
            .contains("étape dpo-informed consignée comme accomplie (entrée n° 4 du journal)"),
        "{}",
        said.stdout
    );
    let refused = case.run(&["done", "lunch"]).expect(2);
    assert!(
        refused.stderr.contains("backups-inspected"),
        "{}",
        refused.stderr
    );
    let refused = case
        .run(&["done", "communication", "--at", "2099-01-01T00:00:00Z"])
        .expect(2);
    assert!(refused.stderr.contains("future"), "{}", refused.stderr);

    let (done, status) = case.status("2026-11-21T12:00:00Z");
    done.expect(0);
    let step = |name: &str| {
        status["checklist"]
            .as_array()
            .unwrap()
            .iter()
            .find(|step| step["step"] == name)
            .unwrap_or_else(|| panic!("no {name} in {status}"))
            .clone()
    };
    assert_eq!(step("documented")["line"], 2);
    assert!(step("scene-frozen")["line"].as_u64().is_some());
    assert_eq!(step("dpo-informed")["done"], "2026-11-20T15:10:00Z");
    assert!(step("backups-inspected")["line"].is_null());
    // The status speaks French too.
    let french = run(scelle()
        .args([
            "case",
            "status",
            "--lang",
            "fr",
            "--at",
            "2026-11-21T12:00:00Z",
            "--dir",
        ])
        .arg(&case.dir))
    .expect(0)
    .stdout;
    for expected in [
        "découverte :     2026-11-20 14:30:00 +01:00 (Europe/Paris)",
        "Alerte précoce (24 heures)",
        "[x] DPO informé : 2026-11-20 16:10:00 +01:00 (Europe/Paris)",
        "[ ] Inspecter les sauvegardes avant remise en production (backups-inspected)",
        "scellés :",
    ] {
        assert!(french.contains(expected), "{expected:?} missing:\n{french}");
    }

    let out = temp.path().join("conseil.md");
    report(&case, &out, "fr", &[]).expect(0);
    let text = fs::read_to_string(&out).unwrap();
    for expected in [
        "Étapes de la réponse",
        "| DPO informé | 2026-11-20 16:10:00 +01:00 (Europe/Paris) = 2026-11-20T15:10:00Z |",
        "| Inspecter les sauvegardes avant remise en production | à faire |",
        "Étape accomplie : DPO informé — 2026-11-20 16:10:00 +01:00",
        "par téléphone",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
    // Not in the annex the other side reads.
    let annex = temp.path().join("annexe.md");
    report_as(&case, &annex, &["--lang", "fr"], &[]).expect(0);
    assert!(!fs::read_to_string(&annex)
        .unwrap()
        .contains("Étapes de la réponse"));
}

/// Issue #22: `case export cnil` gives the art. 33(3) content from the
/// case, says what is still missing, lists the initial and complementary
/// notifications (art. 33(4)) with the CNIL's acknowledgement hashed into
/// the journal; `case export register` the register's entry (art. 33(5)).
#[test]
fn the_cnil_notification_and_the_register_come_from_the_case() {
    let temp = tempfile::tempdir().unwrap();
    let case = Case::open_with(
        temp.path(),
        &[
            "--dpo",
            "Claire Petit, dpo@acme.example",
            "--occurred",
            "2026-11-19T23:00:00+01:00",
        ],
    );
    case.run(&[
        "breach",
        "--nature",
        "exfiltration de la base clients",
        "--persons",
        "1200",
        "--persons-category",
        "clients",
    ])
    .expect(0);
    let draft = temp.path().join("brouillon.md");
    let early = run(scelle()
        .args(["case", "export", "cnil", "--lang", "fr", "--dir"])
        .arg(&case.dir)
        .arg("--out")
        .arg(&draft))
    .expect(0);
    assert!(
        early.stderr.contains("Conséquences probables") && early.stderr.contains("Mesures prises"),
        "what is missing is said: {}",
        early.stderr
    );
    // The assessment grows: fields given later replace, the others stay.
    case.set_clock("2026-11-21 09:00:00");
    case.run(&[
        "breach",
        "--persons",
        "15000",
        "--records-category",
        "identité",
        "--records",
        "15000",
        "--consequences",
        "hameçonnage ciblé",
        "--measures",
        "mots de passe réinitialisés",
        "--ended",
        "2026-11-20T15:00:00+01:00",
    ])
    .expect(0);
    let receipt = temp.path().join("accuse-cnil.pdf");
    fs::write(&receipt, b"%PDF-1.4 accuse de reception").unwrap();
    case.run(&[
        "notify",
        "--to",
        "CNIL (téléservice)",
        "--reference",
        "CNIL-2026-77",
        "--sent",
        "2026-11-21T09:00:00Z",
        "--receipt",
        receipt.to_str().unwrap(),
    ])
    .expect(0);
    case.set_clock("2026-11-22 09:00:00");
    case.run(&[
        "notify",
        "--to",
        "CNIL",
        "--reference",
        "CNIL-2026-77-bis",
        "--kind",
        "other",
        "--sent",
        "2026-11-22T09:00:00Z",
    ])
    .expect(0);

    let out = temp.path().join("notification-cnil.md");
    let done = run(scelle()
        .args(["case", "export", "cnil", "--lang", "fr", "--dir"])
        .arg(&case.dir)
        .arg("--pubkey")
        .arg(&case.public_key)
        .arg("--out")
        .arg(&out))
    .expect(0);
    assert!(
        !done.stderr.contains("still to complete"),
        "{}",
        done.stderr
    );
    let text = fs::read_to_string(&out).unwrap();
    let receipt_sha256 = sha256_of(&receipt);
    for expected in [
        "(art. 33, § 3, du RGPD)",
        "Claire Petit, dpo@acme.example",
        "exfiltration de la base clients",
        "≈ 15000",
        "**Catégories de personnes concernées**: clients",
        "hameçonnage ciblé",
        "mots de passe réinitialisés",
        "**Fin de la violation**: 2026-11-20 15:00:00 +01:00",
        "| initiale | 2026-11-21 10:00:00 +01:00 (Europe/Paris) = 2026-11-21T09:00:00Z | CNIL-2026-77 |",
        "| complémentaire |",
        &format!("accuse-cnil.pdf (SHA-256 {receipt_sha256})"),
    ] {
        assert!(text.contains(expected), "{expected:?} missing from:\n{text}");
    }
    assert!(!text.contains("À compléter avant envoi"), "{text}");
    let register = temp.path().join("registre.md");
    run(scelle()
        .args(["case", "export", "register", "--lang", "fr", "--dir"])
        .arg(&case.dir)
        .arg("--out")
        .arg(&register))
    .expect(0);
    assert!(fs::read_to_string(&register)
        .unwrap()
        .contains("Registre des violations de données à caractère personnel"));
    // Never overwritten; a receipt that cannot be read is refused.
    run(scelle()
        .args(["case", "export", "cnil", "--dir"])
        .arg(&case.dir)
        .arg("--out")
        .arg(&out))
    .expect(2);
    let missing = case
        .run(&[
            "notify",
            "--to",
            "CNIL",
            "--reference",
            "X",
            "--receipt",
            "/nonexistent.pdf",
        ])
        .expect(2);
    assert!(missing.stderr.contains("--receipt"), "{}", missing.stderr);
}

/// Issue #22: annexes for counsel filled from the case — the exhibit list
/// of a requête art. 145 CPC with each seal's hash and the journal's head,
/// and a complaint addressed to the cybercrime units (not the local police
/// station) with the facts from the signed journal and the harm declared.
#[test]
fn the_requete_145_and_complaint_annexes_list_the_seals() {
    let temp = tempfile::tempdir().unwrap();
    let case = Case::open(temp.path());
    case.run(&["log", "Serveur www1 isolé du réseau"]).expect(0);
    let archive = seal_for_case(temp.path(), &case);
    let seal = sha256_of(&archive);
    let export = |what: &str, out: &Path| {
        run(scelle()
            .args(["case", "export", what, "--lang", "fr", "--dir"])
            .arg(&case.dir)
            .arg("--pubkey")
            .arg(&case.public_key)
            .arg("--out")
            .arg(out))
    };
    let requete = temp.path().join("requete-145.md");
    export("requete-145", &requete).expect(0);
    let text = fs::read_to_string(&requete).unwrap();
    for expected in [
        "Bordereau de pièces — requête sur le fondement de l'article 145 du code de procédure civile",
        &format!("| 1 | Scellé numérique web01 (fichier web01.tar.zst, 3 éléments), avec sa chaîne de possession | {seal} |"),
        "| 2 | Journal signé du dossier d'incident (empreinte de sa dernière ligne) |",
        "Motif légitime de conserver ou d'établir la preuve",
        "Serveur www1 isolé du réseau",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from:\n{text}");
    }
    let complaint = temp.path().join("plainte.html");
    export("plainte", &complaint).expect(0);
    let html = fs::read_to_string(&complaint).unwrap();
    for expected in [
        "art. 323-1 et suivants du code pénal",
        "section de lutte contre la cybercriminalité",
        "BEFTI",
        "non au commissariat de quartier",
        "ACME SAS",
    ] {
        assert!(
            html.contains(expected),
            "{expected:?} missing from:\n{html}"
        );
    }
}

/// Issue #22, NIS2 art. 23(4)(c) and (e): an intermediate report asked for
/// is a deadline, met only by a report sent after the request; an incident
/// still handled at the final report's deadline owes a progress report,
/// and the final report runs from its end (`case done incident-handled`).
#[test]
fn nis2_reports_asked_for_and_the_progress_report_are_deadlines() {
    let temp = tempfile::tempdir().unwrap();
    let case = Case::open(temp.path());
    case.set_clock("2026-11-21 09:00:00");
    case.run(&[
        "notify",
        "--to",
        "ANSSI",
        "--reference",
        "N-1",
        "--sent",
        "2026-11-21T09:00:00Z",
    ])
    .expect(0);
    case.set_clock("2026-11-23 09:00:00");
    case.run(&[
        "request",
        "--from",
        "CERT-FR",
        "--due",
        "2026-11-25T12:00:00+01:00",
        "--reference",
        "CERTFR-77",
    ])
    .expect(0);
    let (_, status) = case.status("2026-11-24T00:00:00Z");
    let asked = deadline(&status, "nis2-intermediate-report");
    assert_eq!(asked["due"], "2026-11-25T11:00:00Z");
    assert_eq!(asked["state"], "open");

    // Past the final report's deadline (21 December) and still handled.
    let (_, status) = case.status("2026-12-22T00:00:00Z");
    assert_eq!(
        deadline(&status, "nis2-progress-report")["due"],
        "2026-12-21T09:00:00Z"
    );
    assert_eq!(deadline(&status, "nis2-final-report")["provisional"], true);
    case.set_clock("2027-01-10 09:00:00");
    case.run(&["done", "incident-handled", "--at", "2027-01-10T09:00:00Z"])
        .expect(0);
    let (_, status) = case.status("2027-01-11T00:00:00Z");
    let last = deadline(&status, "nis2-final-report");
    assert_eq!(last["due"], "2027-02-10T09:00:00Z");
    assert_eq!(last["provisional"], false);

    let text = counsel_copy_at(&case, temp.path(), "2027-01-11T00:00:00Z");
    for expected in [
        "Rapport intermédiaire NIS2 (à la demande",
        "Rapport d'avancement NIS2",
        "directive NIS2, art. 23, § 4, e)",
        "Rapport intermédiaire demandé par CERT-FR",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
}
