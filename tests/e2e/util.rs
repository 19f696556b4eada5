//! Running the real binary and the peer tools the tests compare against.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The `scelle` binary built by cargo for these tests.
/// The binary under test, speaking English whatever the tester's locale
/// (tests that want French say `--lang fr`).
pub fn scelle() -> Command {
    let mut command = Command::new(scelle_path());
    command.env("LC_ALL", ENGLISH);
    command
}

/// The locale the tests run scelle in.
pub const ENGLISH: &str = "C.UTF-8";

/// The binary under test.
pub fn scelle_path() -> &'static str {
    env!("CARGO_BIN_EXE_scelle")
}

/// What a finished command did.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from_output(output: Output) -> Self {
        let run = Self {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        };
        assert!(
            !run.stderr.contains("panicked"),
            "the command panicked:\n{}",
            run.stderr
        );
        run
    }

    /// Asserts the exit code, showing the output when it differs.
    #[track_caller]
    pub fn expect(self, code: i32) -> Self {
        assert_eq!(
            self.code, code,
            "exit code\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

/// Runs `command` with no standard input and collects everything.
pub fn run(command: &mut Command) -> Run {
    Run::from_output(
        command
            .stdin(Stdio::null())
            .output()
            .expect("command could not start"),
    )
}

/// Runs `command` with `input` on standard input.
pub fn run_with_input(command: &mut Command, input: &str) -> Run {
    use std::io::Write;
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("command could not start");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    Run::from_output(child.wait_with_output().unwrap())
}

/// Runs a shell snippet in `dir` (for the standard-tool checks experts use).
pub fn shell(dir: &Path, script: &str) -> Run {
    run(Command::new("bash").arg("-c").arg(script).current_dir(dir))
}

/// Parses a `--json` output into its published type: the contract scripts
/// rely on (ripgrep's tests/json.rs does the same).
#[track_caller]
pub fn typed<T: serde::de::DeserializeOwned>(stdout: &str) -> T {
    serde_json::from_str(stdout).unwrap_or_else(|error| {
        panic!(
            "--json output does not parse into {}: {error}\n{stdout}",
            std::any::type_name::<T>()
        )
    })
}

/// Generates an unencrypted key pair at `dir/name.{key,pub}`.
pub fn clear_key(dir: &Path, name: &str) -> (PathBuf, PathBuf) {
    let prefix = dir.join(name);
    run(scelle()
        .args(["key", "generate", "--no-password", "--out"])
        .arg(&prefix))
    .expect(0);
    (prefix.with_extension("key"), prefix.with_extension("pub"))
}

/// A keyring file beside `public_key` naming its holder, as an expert
/// writes one from the procès-verbal: a seal by that key is anchored.
pub fn keyring_for(public_key: &Path, name: &str) -> PathBuf {
    let text = std::fs::read_to_string(public_key).unwrap();
    let line = text.lines().nth(1).unwrap();
    let path = public_key.with_extension("keyring.json");
    let entry = serde_json::json!([{"name": name, "role": "responder", "public_key": line}]);
    std::fs::write(&path, entry.to_string()).unwrap();
    path
}

/// The SHA-256 fingerprint of a `.pub` file, as `--fingerprint` takes it.
pub fn fingerprint_of(public_key: &Path) -> String {
    scelle_sign::PublicKey::load(public_key)
        .unwrap()
        .fingerprint()
        .to_string()
}

/// The SHA-256 of a file, as `--expect` takes it.
pub fn seal_of(archive: &Path) -> String {
    scelle_hash::Sha256Digest::of(&std::fs::read(archive).unwrap()).to_string()
}

/// A sealed archive and what the tests need to look inside it.
pub struct Frozen {
    pub run: Run,
    pub archive: PathBuf,
    pub public_key: PathBuf,
}

/// Freezes `paths` into `out` with a fresh clear key and id `id`.
pub fn freeze(out: &Path, id: &str, paths: &[&Path], extra: &[&str]) -> Frozen {
    let (secret, public_key) = if out.join("k.key").exists() {
        (out.join("k.key"), out.join("k.pub"))
    } else {
        clear_key(out, "k")
    };
    let run = run(scelle()
        .args(["freeze", "--json", "--id", id, "--key"])
        .arg(&secret)
        .arg("--out")
        .arg(out)
        .args(extra)
        .args(paths));
    if matches!(run.code, 0 | 3) {
        let summary: scelle_core::ops::freeze::FreezeReport = typed(&run.stdout);
        assert_eq!(summary.evidence_id, id);
        assert_eq!(summary.complete(), run.code == 0);
    }
    Frozen {
        run,
        archive: out.join(format!("{id}.tar.zst")),
        public_key,
    }
}

/// Extracts `archive` with GNU tar into a new directory under `into`; returns the bag.
pub fn extract_with_tar(archive: &Path, into: &Path, id: &str) -> PathBuf {
    let dir = into.join("extracted");
    std::fs::create_dir_all(&dir).unwrap();
    let done = run(Command::new("tar")
        .arg("--zstd")
        .arg("-xf")
        .arg(archive)
        .arg("-C")
        .arg(&dir));
    assert_eq!(done.code, 0, "GNU tar failed: {}", done.stderr);
    dir.join(id)
}

/// Reads a bag's manifest.json back into its type.
pub fn manifest(bag: &Path) -> scelle_manifest::Manifest {
    let text = std::fs::read(bag.join("scelle/manifest.json")).unwrap();
    serde_json::from_slice(&text).expect("manifest.json parses into the published model")
}

/// Extracts `archive` with `scelle extract` (verified with `public_key`) into
/// a new directory `expert` under `into`; returns that directory.
pub fn extract_with_scelle(archive: &Path, public_key: &Path, into: &Path) -> PathBuf {
    let to = into.join("expert");
    std::fs::create_dir(&to).unwrap();
    run(scelle()
        .args(["extract", "--pubkey"])
        .arg(public_key)
        .arg("--to")
        .arg(&to)
        .arg(archive))
    .expect(0);
    to
}
