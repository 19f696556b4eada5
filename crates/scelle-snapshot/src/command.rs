//! Live-response commands: run each once, in order, before anything else is
//! read, and keep what it printed, how it ended, and what binary it was.

use std::collections::BTreeMap;
use std::fs::File;
use std::io;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use chrono::{SecondsFormat, Utc};
use nix::sys::signal::{killpg, Signal};
use nix::unistd::Pid;
use scelle_hash::Sha256Digest;
use scelle_manifest::{CommandRecord, ProgramRecord, Status};

use crate::metadata::nanos;
use crate::source;

mod drain;
mod leftovers;
mod pipeline;

use drain::Drain;

/// Held while a command runs (see [`leftovers`]).
static RUNNING: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// The PATH commands run with: system directories only, whatever the caller's.
pub const COMMAND_PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// One command to run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommandSpec {
    /// The command line as the responder wrote it.
    pub line: String,
    /// Run through `/bin/sh -c` instead of splitting into words.
    pub shell: bool,
    /// Kill its process group after this long.
    pub timeout: Duration,
    /// Keep at most this many bytes of each output stream.
    pub max_bytes: u64,
}

/// A captured output stream, waiting in an unnamed temporary file.
pub(crate) struct Captured {
    pub file: File,
    pub size: u64,
    pub bytes_written: u64,
}

/// A command that was run (or could not be).
pub(crate) struct Ran {
    pub record: CommandRecord,
    pub stdout: Option<Captured>,
    pub stderr: Option<Captured>,
    pub status: Status,
    pub reason: Option<String>,
}

/// Runs `spec` with a fixed environment, stdin from /dev/null, in its own
/// process group; never fails: what went wrong is in the result.
pub(crate) fn run(spec: &CommandSpec, temp_dir: &Path) -> Ran {
    let environment = environment();
    let mut record = CommandRecord {
        command_line: spec.line.clone(),
        shell: spec.shell,
        argv: Vec::new(),
        binary: None,
        binary_sha256: None,
        binary_mode: None,
        binary_uid: None,
        binary_size: None,
        binary_mtime_ns: None,
        binary_inode: None,
        environment: environment.clone(),
        started: now(),
        ended: String::new(),
        duration_ms: 0,
        exit_code: None,
        signal: None,
        timed_out: false,
        left_running: Vec::new(),
        programs: Vec::new(),
        timeout_secs: spec.timeout.as_secs(),
        error: None,
        stderr: None,
        stdout: None,
    };
    let not_run = |mut record: CommandRecord, status: Status, reason: String| {
        record.ended = now();
        record.error = Some(reason.clone());
        Ran {
            record,
            stdout: None,
            stderr: None,
            status,
            reason: Some(reason),
        }
    };
    let argv = if spec.shell {
        vec!["/bin/sh".to_string(), "-c".to_string(), spec.line.clone()]
    } else {
        match shlex::split(&spec.line) {
            Some(words) if !words.is_empty() => words,
            _ => {
                return not_run(
                    record,
                    Status::Skipped,
                    "cannot split the command line into words (unbalanced quotes?)".into(),
                )
            }
        }
    };
    record.argv = argv.clone();
    let Some(binary) = resolve(&argv[0]) else {
        return not_run(
            record,
            Status::Skipped,
            format!("{} not found in {COMMAND_PATH}", argv[0]),
        );
    };
    describe_binary(&binary, &mut record);
    if spec.shell {
        record.programs = pipeline::programs(&spec.line)
            .into_iter()
            .map(describe_program)
            .collect();
    }
    // One command at a time in this process: what appears among its
    // children while it runs is the command's.
    let _one_at_a_time = RUNNING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    leftovers::adopt_orphans();
    let children_before = leftovers::children();
    let started = Instant::now();
    let child = std::process::Command::new(&binary)
        .args(&argv[1..])
        .env_clear()
        .envs(&environment)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(error) => {
            return not_run(
                record,
                Status::Unreadable,
                format!("could not start {}: {error}", binary.display()),
            )
        }
    };
    let mut drains = [
        Drain::new(child.stdout.take(), temp_dir, spec.max_bytes),
        Drain::new(child.stderr.take(), temp_dir, spec.max_bytes),
    ];
    let ending = drain::until_closed(&mut child, &mut drains, started + spec.timeout);
    // Whatever the command left behind dies with it, in its group or not,
    // so its pipes close and nothing keeps running on the compromised host.
    let _ = killpg(Pid::from_raw(child.id() as i32), Signal::SIGKILL);
    let exit = match ending.exit {
        Some(exit) => Some(exit),
        None => child.wait().ok(),
    };
    record.left_running = leftovers::kill_new_children(&children_before);
    drain::leftovers(&mut drains);
    let [stdout, stderr] = drains.map(Drain::finish);
    let timed_out = ending.timed_out;
    record.ended = now();
    record.duration_ms = started.elapsed().as_millis() as u64;
    record.timed_out = timed_out;
    if let Some(status) = exit {
        record.exit_code = status.code();
        record.signal = status.signal();
    }
    let mut problems = Vec::new();
    if timed_out && ending.exit.is_some() {
        problems.push(format!(
            "its output was still held open at the {} s timeout by processes it left \
             running ({}), which were killed; the output until then is stored",
            spec.timeout.as_secs(),
            record.left_running.join(", ")
        ));
    } else if timed_out {
        problems.push(format!(
            "killed after the {} s timeout; the output until then is stored",
            spec.timeout.as_secs()
        ));
    } else if !record.left_running.is_empty() {
        problems.push(format!(
            "it left processes running, killed when it ended: {}",
            record.left_running.join(", ")
        ));
    }
    let mut keep = |stream: &str, captured: io::Result<Captured>| match captured {
        Ok(captured) => {
            if captured.bytes_written > captured.size {
                problems.push(format!(
                    "{stream}: {} bytes written, only the first {} kept (--command-max-bytes)",
                    captured.bytes_written, captured.size
                ));
            }
            Some(captured)
        }
        Err(error) => {
            problems.push(format!("{stream} could not be captured: {error}"));
            None
        }
    };
    let stdout = keep("stdout", stdout);
    let stderr = keep("stderr", stderr);
    let failure = match (record.exit_code, record.signal) {
        (Some(0), _) => None,
        (Some(code), _) => Some(format!("exited with code {code}")),
        (None, Some(signal)) if !timed_out => Some(format!("killed by signal {signal}")),
        _ => None,
    };
    let (status, reason) = match (failure, problems.is_empty()) {
        (None, true) => (Status::Complete, None),
        (None, false) => (Status::Unreadable, Some(problems.join("; "))),
        (Some(failure), _) => {
            problems.insert(0, format!("{failure}; what it printed is stored"));
            (Status::Failed, Some(problems.join("; ")))
        }
    };
    Ran {
        record,
        stdout,
        stderr,
        status,
        reason,
    }
}

/// The environment every command gets: known PATH, C locale, nothing else
/// from the (possibly compromised) caller but HOME and USER.
fn environment() -> BTreeMap<String, String> {
    let mut environment = BTreeMap::from([
        ("PATH".to_string(), COMMAND_PATH.to_string()),
        ("LC_ALL".to_string(), "C".to_string()),
        ("TERM".to_string(), "dumb".to_string()),
    ]);
    for name in ["HOME", "USER"] {
        if let Ok(value) = std::env::var(name) {
            environment.insert(name.to_string(), value);
        }
    }
    environment
}

/// The executable `name` stands for: itself if it holds a '/', else the
/// first executable file of that name in [`COMMAND_PATH`].
fn resolve(name: &str) -> Option<PathBuf> {
    let executable = |path: &Path| {
        std::fs::metadata(path)
            .is_ok_and(|metadata| metadata.is_file() && metadata.permissions().mode() & 0o111 != 0)
    };
    if name.contains('/') {
        return executable(Path::new(name)).then(|| PathBuf::from(name));
    }
    COMMAND_PATH
        .split(':')
        .map(|dir| Path::new(dir).join(name))
        .find(|candidate| executable(candidate))
}

/// Records the executable's hash and metadata (read with O_NOATIME).
fn describe_binary(binary: &Path, record: &mut CommandRecord) {
    let real = std::fs::canonicalize(binary).unwrap_or_else(|_| binary.to_path_buf());
    record.binary = Some(real.display().to_string());
    if let Ok(opened) = source::open(&real, rustix::fs::OFlags::empty()) {
        if let Ok(metadata) = opened.file.metadata() {
            record.binary_mode = Some(format!("{:04o}", metadata.mode() & 0o7777));
            record.binary_uid = Some(metadata.uid());
            record.binary_size = Some(metadata.size());
            record.binary_mtime_ns = Some(nanos(metadata.mtime(), metadata.mtime_nsec()));
            record.binary_inode = Some(metadata.ino());
        }
        record.binary_sha256 = Sha256Digest::of_reader(opened.file).ok();
    }
}

/// A program named in a shell line: where it resolves and its hash.
fn describe_program(name: String) -> ProgramRecord {
    let binary = resolve(&name).map(|path| std::fs::canonicalize(&path).unwrap_or(path));
    let binary_sha256 = binary.as_ref().and_then(|path| {
        let opened = source::open(path, rustix::fs::OFlags::empty()).ok()?;
        Sha256Digest::of_reader(opened.file).ok()
    });
    ProgramRecord {
        name,
        binary: binary.map(|path| path.display().to_string()),
        binary_sha256,
    }
}

fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Nanos, true)
}

/// `NNN-slug`: the position and a file-name-safe digest of the command line.
pub(crate) fn member_stem(index: usize, line: &str) -> String {
    let mut slug = String::new();
    for c in line.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
        if slug.len() >= 40 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    format!(
        "{:03}-{}",
        index + 1,
        if slug.is_empty() { "command" } else { slug }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(line: &str, timeout: u64) -> CommandSpec {
        CommandSpec {
            line: line.into(),
            shell: false,
            timeout: Duration::from_secs(timeout),
            max_bytes: 1 << 20,
        }
    }

    fn text(captured: &mut Option<Captured>) -> String {
        use std::io::{Read, Seek};
        let captured = captured.as_mut().unwrap();
        captured.file.rewind().unwrap();
        let mut out = String::new();
        captured.file.read_to_string(&mut out).unwrap();
        out
    }

    #[test]
    fn both_streams_and_exit_code_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let mut ran = run(
            &spec("sh -c 'echo out; echo err >&2; exit 3'", 10),
            dir.path(),
        );
        assert_eq!(ran.status, Status::Failed);
        assert!(ran
            .reason
            .as_deref()
            .unwrap()
            .starts_with("exited with code 3"));
        assert_eq!(ran.record.exit_code, Some(3));
        assert_eq!(text(&mut ran.stdout), "out\n");
        assert_eq!(text(&mut ran.stderr), "err\n");
        assert!(
            ran.record.binary.as_deref().unwrap().ends_with("sh")
                || ran.record.binary.as_deref().unwrap().contains("dash")
        );
        assert!(ran.record.binary_sha256.is_some());
        assert_eq!(ran.record.environment["LC_ALL"], "C");
    }

    #[test]
    fn a_sleeper_is_killed_at_the_timeout() {
        let dir = tempfile::tempdir().unwrap();
        let started = Instant::now();
        let ran = run(&spec("sleep 30", 1), dir.path());
        assert!(started.elapsed() < Duration::from_secs(10));
        assert!(ran.record.timed_out);
        assert_eq!(ran.record.signal, Some(9));
        assert_eq!(ran.status, Status::Unreadable);
        assert!(ran.reason.unwrap().contains("timeout"));
    }

    #[test]
    fn a_daemon_holding_the_output_open_is_stopped_at_the_timeout_and_killed() {
        let dir = tempfile::tempdir().unwrap();
        let started = Instant::now();
        let mut ran = run(
            &spec("setsid -f sh -c 'echo early; sleep 100000; echo late'", 2),
            dir.path(),
        );
        assert!(started.elapsed() < Duration::from_secs(20));
        assert!(ran.record.timed_out);
        assert_eq!(
            ran.record.exit_code,
            Some(0),
            "setsid itself exited at once"
        );
        assert_eq!(ran.status, Status::Unreadable);
        assert!(ran.reason.as_deref().unwrap().contains("still held open"));
        assert!(
            ran.record
                .left_running
                .iter()
                .any(|process| process.ends_with(" sh") || process.ends_with(" sleep")),
            "{:?}",
            ran.record.left_running
        );
        assert_eq!(text(&mut ran.stdout), "early\n");
        for process in &ran.record.left_running {
            let pid = process.split(' ').next().unwrap();
            assert!(
                !Path::new(&format!("/proc/{pid}")).exists(),
                "{process} still runs"
            );
        }
    }

    #[test]
    fn a_shell_line_records_the_programs_it_names() {
        let dir = tempfile::tempdir().unwrap();
        let mut shell = spec("ls / | sort -r | head -n 1", 10);
        shell.shell = true;
        let ran = run(&shell, dir.path());
        let names: Vec<&str> = ran
            .record
            .programs
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        assert_eq!(names, ["ls", "sort", "head"]);
        for program in &ran.record.programs {
            let binary = program.binary.as_deref().unwrap();
            let expected = scelle_hash::Sha256Digest::of(&std::fs::read(binary).unwrap());
            assert_eq!(program.binary_sha256, Some(expected), "{binary}");
        }
    }

    #[test]
    fn missing_binary_is_skipped_and_big_output_truncated() {
        let dir = tempfile::tempdir().unwrap();
        let missing = run(&spec("no-such-tool-scelle --all", 5), dir.path());
        assert_eq!(missing.status, Status::Skipped);
        assert!(missing.reason.unwrap().contains("not found"));
        let mut capped = spec("head -c 100000 /dev/zero", 10);
        capped.max_bytes = 1000;
        let ran = run(&capped, dir.path());
        let stdout = ran.stdout.as_ref().unwrap();
        assert_eq!((stdout.size, stdout.bytes_written), (1000, 100_000));
        assert_eq!(ran.status, Status::Unreadable);
    }

    #[test]
    fn member_stems_are_numbered_and_safe() {
        assert_eq!(member_stem(0, "ss -tanp"), "001-ss-tanp");
        assert_eq!(
            member_stem(11, "ps -eo pid,ppid,args --forest"),
            "012-ps-eo-pid-ppid-args-forest"
        );
        assert_eq!(member_stem(2, "../../"), "003-command");
    }
}
