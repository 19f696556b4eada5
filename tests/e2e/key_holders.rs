//! Keys that never touch the host (issue #20): a real ssh-agent
//! (openssh-client) and a real PKCS#11 token (SoftHSM2) sign freezes and
//! custody entries; minisign checks the result with the exported `.pub`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{extract_with_tar, fingerprint_of, manifest, run, scelle};

/// An ssh-agent in the foreground on a socket of its own, killed when
/// dropped. A key added with confirmation (`ssh-add -c`) is refused: its
/// confirmation program always declines.
struct Agent {
    dir: tempfile::TempDir,
    process: std::process::Child,
}

impl Agent {
    fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let process = Command::new("ssh-agent")
            .arg("-D")
            .arg("-a")
            .arg(dir.path().join("s"))
            .env("SSH_ASKPASS", "/bin/false")
            .env("SSH_ASKPASS_REQUIRE", "force")
            .env_remove("DISPLAY")
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("ssh-agent (openssh-client) is needed");
        let agent = Self { dir, process };
        let waited = std::time::Instant::now();
        while !agent.socket().exists() {
            assert!(waited.elapsed().as_secs() < 60, "ssh-agent made no socket");
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        agent
    }

    fn socket(&self) -> PathBuf {
        self.dir.path().join("s")
    }

    /// `ssh-add` (with `options`) of a new ed25519 key commented `comment`.
    fn add_key(&self, comment: &str, options: &[&str]) {
        let key = self.dir.path().join(comment);
        let made = Command::new("ssh-keygen")
            .args(["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f"])
            .arg(&key)
            .status()
            .unwrap();
        assert!(made.success());
        self.ssh_add(&[options, &[key.to_str().unwrap()]].concat());
    }

    fn ssh_add(&self, args: &[&str]) {
        let done = run(Command::new("ssh-add")
            .args(args)
            .env("SSH_AUTH_SOCK", self.socket()));
        assert_eq!(done.code, 0, "ssh-add {args:?}: {}", done.stderr);
    }

    fn scelle(&self) -> Command {
        let mut command = scelle();
        command.env("SSH_AUTH_SOCK", self.socket());
        command
    }
}

impl Drop for Agent {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

fn scene(dir: &Path) -> PathBuf {
    let scene = dir.join("scene");
    fs::create_dir(&scene).unwrap();
    fs::write(
        scene.join("auth.log"),
        "Dec  1 03:12:44 sshd[812]: Accepted\n",
    )
    .unwrap();
    scene
}

/// What a freeze signed by a key holder gave.
struct Sealed {
    archive: PathBuf,
    bag: PathBuf,
    /// What `minisign -Vm manifest.json` printed.
    minisign: String,
    /// What `scelle verify` printed.
    verify: String,
}

/// Freezes a scene with `freeze` (`scelle freeze` carrying the key
/// holder's environment and `--key` arguments) into `temp/out`, then checks
/// the bag's manifest.json with minisign and the archive with scelle
/// verify, both against `public` (the exported `.pub`).
fn freeze_and_check(mut freeze: Command, temp: &Path, id: &str, public: &Path) -> Sealed {
    let out = temp.join("out");
    fs::create_dir(&out).unwrap();
    let scene = scene(temp);
    run(freeze.args(["--id", id, "--out"]).arg(&out).arg(&scene)).expect(0);
    let archive = out.join(format!("{id}.tar.zst"));
    let bag = extract_with_tar(&archive, temp, id);
    let minisign = run(Command::new("minisign")
        .arg("-Vm")
        .arg(bag.join("scelle/manifest.json"))
        .arg("-p")
        .arg(public))
    .expect(0)
    .stdout;
    let verify = run(scelle()
        .args([
            "verify",
            "--fingerprint",
            &fingerprint_of(public),
            "--pubkey",
        ])
        .arg(public)
        .arg(&archive))
    .expect(0)
    .stdout;
    Sealed {
        archive,
        bag,
        minisign,
        verify,
    }
}

#[test]
fn a_freeze_signed_through_an_ssh_agent_is_a_plain_minisign_signature() {
    let temp = tempfile::tempdir().unwrap();
    let agent = Agent::start();
    agent.add_key("dupont@laptop", &[]);
    let public = temp.path().join("dupont.pub");
    let exported = run(agent
        .scelle()
        .args(["key", "export", "--key", "ssh-agent:", "--out"])
        .arg(&public))
    .expect(0);
    assert!(
        exported.stdout.contains("dupont@laptop"),
        "{}",
        exported.stdout
    );

    let mut freeze = agent.scelle();
    freeze.args(["freeze", "--key", "ssh-agent:dupont@laptop"]);
    let sealed = freeze_and_check(freeze, temp.path(), "agent", &public);
    assert!(
        sealed.minisign.contains("key:ssh-agent"),
        "{}",
        sealed.minisign
    );
    assert!(matches!(
        manifest(&sealed.bag).footer.signer.key_source,
        Some(scelle_sign::KeySource::SshAgent { ref comment, .. }) if comment == "dupont@laptop"
    ));
    assert!(
        sealed
            .verify
            .contains("key kept in: ssh-agent key \"dupont@laptop\""),
        "{}",
        sealed.verify
    );

    let inspected = run(scelle().arg("inspect").arg(&sealed.archive)).expect(0);
    assert!(
        inspected.stdout.contains("ssh-agent key \"dupont@laptop\""),
        "{}",
        inspected.stdout
    );

    // Custody signed through the agent too, and checked with the same .pub.
    run(agent
        .scelle()
        .args([
            "custody",
            "transfer",
            "--key",
            "ssh-agent:",
            "--to",
            "Me Martin",
        ])
        .arg(&sealed.archive))
    .expect(0);
    let log = temp.path().join("out/agent.custody.jsonl");
    let report: scelle_custody::CustodyReport = crate::util::typed(
        &run(scelle()
            .args(["custody", "verify", "--json", "--pubkey"])
            .arg(&public)
            .arg("--log")
            .arg(&log))
        .expect(0)
        .stdout,
    );
    assert_eq!(report.entries.len(), 2);
    for entry in &report.entries {
        assert_eq!(
            entry.entry.key_source.as_ref().map(|s| s.kind()),
            Some("ssh-agent")
        );
    }
}

#[test]
fn an_agent_that_will_not_sign_leaves_nothing_that_looks_finished() {
    let temp = tempfile::tempdir().unwrap();
    let scene = scene(temp.path());
    let out = temp.path().join("out");
    fs::create_dir(&out).unwrap();

    // A confirm-each-use key with no one to confirm: refused at once.
    let agent = Agent::start();
    agent.add_key("confirm", &["-c"]);
    let refused = run(agent
        .scelle()
        .args(["freeze", "--id", "c", "--key", "ssh-agent:", "--out"])
        .arg(&out)
        .arg(&scene))
    .expect(2);
    assert!(
        refused.stderr.contains("refused to sign"),
        "{}",
        refused.stderr
    );
    assert_eq!(fs::read_dir(&out).unwrap().count(), 0, "nothing written");

    // The key removed while the freeze runs (its command waits for it):
    // the seal cannot be signed, and neither archive nor log is left.
    let agent = Agent::start();
    agent.add_key("removed", &[]);
    let started = temp.path().join("started");
    let gone = temp.path().join("gone");
    let line = format!(
        "touch {0}; while [ ! -e {1} ]; do sleep 0.05; done",
        started.display(),
        gone.display()
    );
    let mut freeze = agent.scelle();
    freeze
        .args([
            "freeze",
            "--id",
            "r",
            "--key",
            "ssh-agent:",
            "--command-shell",
        ])
        .args(["--command", &line, "--out"])
        .arg(&out)
        .arg(&scene)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let child = freeze.spawn().unwrap();
    let waited = std::time::Instant::now();
    while !started.exists() {
        assert!(
            waited.elapsed().as_secs() < 120,
            "the command never started"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    agent.ssh_add(&["-D"]);
    fs::write(&gone, "").unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("refused to sign"), "{stderr}");
    let left: Vec<_> = fs::read_dir(&out)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

/// A SoftHSM2 token initialised in a temporary directory, for the child
/// processes only (SOFTHSM2_CONF is given to each, never set here).
struct Token {
    dir: tempfile::TempDir,
}

const MODULE: &str = "/usr/lib/softhsm/libsofthsm2.so";

impl Token {
    fn init(label: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("tokens")).unwrap();
        fs::write(
            dir.path().join("softhsm2.conf"),
            format!(
                "directories.tokendir = {}\n",
                dir.path().join("tokens").display()
            ),
        )
        .unwrap();
        fs::write(dir.path().join("pin"), "4321\n").unwrap();
        fs::write(dir.path().join("wrong-pin"), "1111\n").unwrap();
        let token = Self { dir };
        let done = run(token
            .env(&mut Command::new("softhsm2-util"))
            .args(["--init-token", "--free", "--label", label])
            .args(["--pin", "4321", "--so-pin", "87654321"]));
        assert_eq!(
            done.code, 0,
            "softhsm2-util (package softhsm2): {}",
            done.stderr
        );
        token
    }

    fn env<'c>(&self, command: &'c mut Command) -> &'c mut Command {
        command.env("SOFTHSM2_CONF", self.dir.path().join("softhsm2.conf"))
    }

    fn scelle(&self) -> Command {
        let mut command = scelle();
        self.env(&mut command);
        command
    }

    fn pin(&self, wrong: bool) -> PathBuf {
        self.dir
            .path()
            .join(if wrong { "wrong-pin" } else { "pin" })
    }
}

#[test]
fn a_key_generated_on_a_pkcs11_token_signs_freezes_that_minisign_checks() {
    let temp = tempfile::tempdir().unwrap();
    let token = Token::init("Scellés CJ");
    let uri = format!("pkcs11:token=Scell%C3%A9s%20CJ;object=martin?module-path={MODULE}");
    let prefix = temp.path().join("martin");
    run(token
        .scelle()
        .args(["key", "generate", "--pkcs11", &uri, "--passphrase-file"])
        .arg(token.pin(false))
        .arg("--out")
        .arg(&prefix))
    .expect(0);
    let public = temp.path().join("martin.pub");
    assert!(public.exists());
    assert!(
        !temp.path().join("martin.key").exists(),
        "no secret key file"
    );
    // pkcs11-tool (opensc) sees the private key on the token, not extractable.
    let listed = run(token.env(&mut Command::new("pkcs11-tool")).args([
        "--module",
        MODULE,
        "--login",
        "--pin",
        "4321",
        "--list-objects",
    ]))
    .expect(0);
    assert!(listed.stdout.contains("martin"), "{}", listed.stdout);
    assert!(
        listed.stdout.contains("never extractable"),
        "{}",
        listed.stdout
    );

    let mut freeze = token.scelle();
    freeze
        .args(["freeze", "--key", &uri, "--passphrase-file"])
        .arg(token.pin(false));
    let sealed = freeze_and_check(freeze, temp.path(), "token", &public);
    assert!(
        sealed.minisign.contains("key:pkcs11"),
        "{}",
        sealed.minisign
    );
    assert!(matches!(
        manifest(&sealed.bag).footer.signer.key_source,
        Some(scelle_sign::KeySource::Pkcs11 { ref token_label, ref object_label, ref model, .. })
            if token_label == "Scellés CJ" && object_label == "martin" && model == "SoftHSM v2"
    ));
    assert!(
        sealed.verify.contains("key kept in: PKCS#11 token"),
        "{}",
        sealed.verify
    );
}

#[test]
fn a_wrong_pin_or_an_absent_token_is_refused_before_anything_is_written() {
    let temp = tempfile::tempdir().unwrap();
    let token = Token::init("CJ");
    let uri = format!("pkcs11:token=CJ;object=k?module-path={MODULE}");
    run(token
        .scelle()
        .args(["key", "generate", "--pkcs11", &uri, "--passphrase-file"])
        .arg(token.pin(false))
        .arg("--out")
        .arg(temp.path().join("k")))
    .expect(0);
    let out = temp.path().join("out");
    fs::create_dir(&out).unwrap();
    let scene = scene(temp.path());
    let freeze = |uri: &str, wrong: bool| {
        run(token
            .scelle()
            .args(["freeze", "--id", "x", "--key", uri, "--passphrase-file"])
            .arg(token.pin(wrong))
            .arg("--out")
            .arg(&out)
            .arg(&scene))
        .expect(2)
    };
    let wrong = freeze(&uri, true);
    assert!(
        wrong.stderr.contains("wrong PIN for the token \"CJ\""),
        "{}",
        wrong.stderr
    );
    let absent = freeze(
        &format!("pkcs11:token=USB;object=k?module-path={MODULE}"),
        false,
    );
    assert!(
        absent.stderr.contains("no token matches"),
        "{}",
        absent.stderr
    );
    assert!(
        absent.stderr.contains("present: \"CJ\""),
        "{}",
        absent.stderr
    );
    let no_module = freeze("pkcs11:token=CJ;object=k", false);
    assert!(
        no_module.stderr.contains("module-path"),
        "{}",
        no_module.stderr
    );
    assert_eq!(fs::read_dir(&out).unwrap().count(), 0, "nothing written");
}
