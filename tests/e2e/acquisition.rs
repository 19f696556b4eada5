//! Acquisition on a live host that fights back (issue #19): what freeze
//! records as `complete` is what was on the host.

use std::ffi::OsStr;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use nix::sys::signal::{kill, Signal};
use nix::unistd::Pid;
use scelle_hash::Sha256Digest;
use scelle_manifest::{Item, Status};

use crate::test_fuse::Reads;
use crate::util::{clear_key, extract_with_tar, freeze, manifest, run, scelle};

fn item<'m>(items: &'m [Item], path: &Path) -> &'m Item {
    items
        .iter()
        .find(|item| item.path.to_bytes().unwrap() == path.as_os_str().as_bytes())
        .unwrap_or_else(|| panic!("no item for {}", path.display()))
}

/// `len` bytes that zstd cannot shrink (so reading them takes a while).
fn incompressible(len: usize) -> Vec<u8> {
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect()
}

/// Whether process `pid` has `path` open.
fn has_open(pid: u32, path: &Path) -> bool {
    let Ok(entries) = fs::read_dir(format!("/proc/{pid}/fd")) else {
        return false;
    };
    entries
        .flatten()
        .any(|entry| fs::read_link(entry.path()).is_ok_and(|target| target == path))
}

/// Freezes `scene` into `out` as `id`, stopping freeze (SIGSTOP) while it
/// has `watched` open to run `meanwhile`; `None` when freeze was past
/// `watched` before it could be stopped (the caller tries a longer read).
fn freeze_interrupted(
    out: &Path,
    id: &str,
    scene: &Path,
    watched: &Path,
    meanwhile: impl FnOnce(),
) -> Option<std::process::Output> {
    let (key, _) = if out.join("k.key").exists() {
        (out.join("k.key"), out.join("k.pub"))
    } else {
        clear_key(out, "k")
    };
    // zstd's slowest level on incompressible data keeps freeze on
    // `watched` for seconds: time enough to be caught there.
    let mut child = scelle()
        .args(["freeze", "--json", "--level", "19", "--id", id, "--key"])
        .arg(&key)
        .arg("--out")
        .arg(out)
        .arg(scene)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let deadline = Instant::now() + Duration::from_secs(60);
    while !has_open(pid, watched) && Instant::now() < deadline {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    let _ = kill(Pid::from_raw(pid as i32), Signal::SIGSTOP);
    let inside = has_open(pid, watched);
    if inside {
        meanwhile();
    }
    let _ = kill(Pid::from_raw(pid as i32), Signal::SIGCONT);
    let output = child.wait_with_output().unwrap();
    inside.then_some(output)
}

/// Issue #19.1: `scene/m` is swapped for a symlink to a secret directory
/// while freeze is inside it (stopped while it reads `m/aaa`). The rest of
/// `m` must come from the directory freeze opened, never from the
/// symlink's target.
#[test]
fn a_directory_swapped_for_a_symlink_mid_walk_redirects_nothing() {
    for size in [16usize << 20, 64 << 20, 256 << 20] {
        let temp = tempfile::tempdir().unwrap();
        let scene = temp.path().join("scene");
        let m = scene.join("m");
        fs::create_dir_all(&m).unwrap();
        fs::write(m.join("aaa"), incompressible(size)).unwrap();
        let original = b"ORIGINAL bbb, the file that was in the scene\n".repeat(50_000);
        fs::write(m.join("bbb"), &original).unwrap();
        let secret = temp.path().join("secret");
        fs::create_dir(&secret).unwrap();
        let stolen = b"SECRET: root's private key\n".repeat(50_000);
        fs::write(secret.join("bbb"), &stolen).unwrap();
        let out = temp.path().join("out");
        fs::create_dir(&out).unwrap();
        let swap = || {
            fs::rename(&m, temp.path().join("moved-away")).unwrap();
            std::os::unix::fs::symlink(&secret, &m).unwrap();
        };
        let Some(output) = freeze_interrupted(&out, "swap", &scene, &m.join("aaa"), swap) else {
            continue; // stopped too late: try again with a longer read
        };
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{stderr}");
        let bag = extract_with_tar(&out.join("swap.tar.zst"), temp.path(), "swap");
        let items = manifest(&bag).items;
        let bbb = item(&items, &m.join("bbb"));
        assert_eq!(bbb.status, Status::Complete);
        assert_eq!(bbb.sha256, Some(Sha256Digest::of(&original)));
        assert!(
            items
                .iter()
                .all(|item| item.sha256 != Some(Sha256Digest::of(&stolen))),
            "the secret file was sealed as evidence"
        );
        let member = bag.join(bbb.archive_path.as_ref().unwrap());
        assert_eq!(fs::read(member).unwrap(), original);
        return;
    }
    panic!("freeze finished reading m/aaa before it could be stopped, three times");
}

/// Issue #19.11: a file deleted after its directory was listed is
/// `vanished`, and the freeze is incomplete (exit 3).
#[test]
fn a_file_deleted_after_listing_is_vanished() {
    for size in [16usize << 20, 64 << 20, 256 << 20] {
        let temp = tempfile::tempdir().unwrap();
        let scene = temp.path().join("scene");
        fs::create_dir(&scene).unwrap();
        fs::write(scene.join("aaa"), incompressible(size)).unwrap();
        // Above the read-ahead size: nobody opens it before its turn.
        fs::write(scene.join("zzz"), vec![b'z'; 2 << 20]).unwrap();
        let out = temp.path().join("out");
        fs::create_dir(&out).unwrap();
        let delete = || fs::remove_file(scene.join("zzz")).unwrap();
        let Some(output) = freeze_interrupted(&out, "gone", &scene, &scene.join("aaa"), delete)
        else {
            continue;
        };
        assert_eq!(
            output.status.code(),
            Some(3),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let bag = extract_with_tar(&out.join("gone.tar.zst"), temp.path(), "gone");
        let manifest = manifest(&bag);
        let gone = item(&manifest.items, &scene.join("zzz"));
        assert_eq!(gone.status, Status::Vanished, "{:?}", gone.reason);
        assert_eq!(gone.archive_path, None);
        // Issue #19.11: nothing known is invented (was mode 0000, uid 0 —
        // root —, times 0, kind file).
        assert_eq!(gone.kind, scelle_manifest::ItemKind::Unknown);
        assert_eq!(
            (gone.mode.as_deref(), gone.uid, gone.gid),
            (None, None, None)
        );
        assert_eq!((gone.mtime_ns, gone.inode, gone.nlink), (None, None, None));
        assert_eq!(manifest.footer.totals.vanished, 1);
        return;
    }
    panic!("freeze finished reading aaa before it could be stopped, three times");
}

/// Issue #19.14: a PATH that does not exist is recorded, not fatal; when
/// none exists, nothing is written and the message says what to do.
#[test]
fn a_missing_path_on_the_command_line_is_recorded_and_the_freeze_goes_on() {
    let temp = tempfile::tempdir().unwrap();
    let scene = temp.path().join("scene");
    fs::create_dir(&scene).unwrap();
    fs::write(scene.join("evidence.log"), "evidence\n").unwrap();
    let typo = temp.path().join("scnee");
    let out = temp.path().join("out");
    fs::create_dir(&out).unwrap();
    let frozen = freeze(&out, "typo", &[&scene, &typo], &[]);
    assert_eq!(frozen.run.code, 3, "{}", frozen.run.stderr);
    let bag = extract_with_tar(&frozen.archive, temp.path(), "typo");
    let items = manifest(&bag).items;
    let missing = item(&items, &typo);
    assert_eq!(missing.status, Status::Unreadable);
    assert!(
        missing
            .reason
            .as_deref()
            .unwrap()
            .contains("cannot be reached"),
        "{:?}",
        missing.reason
    );
    assert_eq!(
        item(&items, &scene.join("evidence.log")).status,
        Status::Complete
    );

    let nothing = freeze(&out, "nothing", &[&typo], &[]);
    assert_eq!(nothing.run.code, 2, "{}", nothing.run.stderr);
    assert!(
        nothing
            .run
            .stderr
            .contains("none of the paths to collect can be reached"),
        "{}",
        nothing.run.stderr
    );
    assert!(!nothing.archive.exists());
}

/// Undoes a bind mount when the test ends, however it ends.
struct Mounted(PathBuf);

impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

/// Issue #19.5: the output directory, bind-mounted inside the scene, is
/// recognised by device and inode and never collected (it held the
/// growing `.partial` archive).
#[test]
fn the_output_directory_reached_through_a_bind_mount_is_never_collected() {
    let temp = tempfile::tempdir().unwrap();
    let scene = temp.path().join("scene");
    let view = scene.join("view-of-out");
    fs::create_dir_all(&view).unwrap();
    fs::write(scene.join("evidence.log"), "evidence\n").unwrap();
    let out = temp.path().join("out");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("earlier.txt"), "not evidence\n").unwrap();
    let mounted = run(Command::new("mount").arg("--bind").arg(&out).arg(&view));
    assert_eq!(mounted.code, 0, "mount --bind: {}", mounted.stderr);
    let _mounted = Mounted(view.clone());

    let frozen = freeze(&out, "bind", &[&scene], &[]);
    assert_eq!(frozen.run.code, 0, "{}", frozen.run.stderr);
    let bag = extract_with_tar(&frozen.archive, temp.path(), "bind");
    let items = manifest(&bag).items;
    let skipped = item(&items, &view);
    assert_eq!(skipped.status, Status::Skipped);
    assert!(
        skipped
            .reason
            .as_deref()
            .unwrap()
            .contains("scelle's own output"),
        "{:?}",
        skipped.reason
    );
    assert!(
        items.iter().all(|item| !item
            .path
            .to_bytes()
            .unwrap()
            .starts_with(view.as_os_str().as_bytes())
            || item.path.to_bytes().unwrap() == view.as_os_str().as_bytes()),
        "something below the output directory was collected"
    );
}

/// Creates `depth` nested directories named `name` under `base` with the
/// `*at` calls (a path beyond PATH_MAX cannot be given whole), and a file
/// `deepest.txt` holding `content` at the bottom; returns the file's path.
fn nest(base: &Path, name: &str, depth: usize, content: &[u8]) -> PathBuf {
    use nix::fcntl::{openat, OFlag};
    use nix::sys::stat::{mkdirat, Mode};
    let directory = OFlag::O_DIRECTORY | OFlag::O_RDONLY;
    let mut dir = openat(nix::fcntl::AT_FDCWD, base, directory, Mode::empty()).unwrap();
    let mut path = base.to_path_buf();
    for _ in 0..depth {
        mkdirat(&dir, name, Mode::from_bits_truncate(0o755)).unwrap();
        dir = openat(&dir, name, directory, Mode::empty()).unwrap();
        path.push(name);
    }
    let file = openat(
        &dir,
        "deepest.txt",
        OFlag::O_CREAT | OFlag::O_WRONLY,
        Mode::from_bits_truncate(0o644),
    )
    .unwrap();
    std::io::Write::write_all(&mut fs::File::from(file), content).unwrap();
    path.push("deepest.txt");
    path
}

/// Issue #19.6: a path longer than PATH_MAX (4096 bytes), and a tree
/// deeper than the directories freeze keeps open at once, are collected
/// whole, and the archive verifies.
#[test]
fn paths_beyond_path_max_and_very_deep_trees_are_collected() {
    let temp = tempfile::tempdir().unwrap();
    let scene = temp.path().join("scene");
    fs::create_dir(&scene).unwrap();
    let long = nest(&scene, &"L".repeat(250), 20, b"at the end of a 5 kB path\n");
    assert!(long.as_os_str().len() > 5000);
    let deep = nest(&scene, "d", 300, b"three hundred levels down\n");
    let out = temp.path().join("out");
    fs::create_dir(&out).unwrap();

    let frozen = freeze(&out, "long", &[&scene], &[]);
    assert_eq!(frozen.run.code, 0, "{}", frozen.run.stderr);
    let listed = run(scelle().args(["inspect", "--json"]).arg(&frozen.archive));
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    let inspected: serde_json::Value = serde_json::from_str(&listed.stdout).unwrap();
    let items: Vec<Item> = serde_json::from_value(inspected["items"].clone()).unwrap();
    for (path, content) in [
        (&long, &b"at the end of a 5 kB path\n"[..]),
        (&deep, &b"three hundred levels down\n"[..]),
    ] {
        let found = item(&items, path);
        assert_eq!(found.status, Status::Complete);
        assert_eq!(found.sha256, Some(Sha256Digest::of(content)));
    }
    let verified = run(scelle()
        .args(["verify", "--pubkey"])
        .arg(&frozen.public_key)
        .arg(&frozen.archive));
    assert_eq!(verified.code, 4, "{}{}", verified.stdout, verified.stderr);
}

/// Issue #19.5 (second half) and #19.3: `--follow-symlinks /proc/PID`
/// ends, small: `root` (a link to `/`, above the root) is not followed,
/// the memory files are skipped, and procfs files are stored with their
/// content, not their 0-byte stat size.
#[test]
fn following_symlinks_through_a_process_directory_is_bounded() {
    let temp = tempfile::tempdir().unwrap();
    let cwd = temp.path().join("cwd");
    fs::create_dir(&cwd).unwrap();
    fs::write(cwd.join("note.txt"), "the process's working directory\n").unwrap();
    // No inherited output: its fds 0-2 must not lead to the test's own log.
    let mut sleeper = Command::new("sleep")
        .arg("600")
        .current_dir(&cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let process = PathBuf::from(format!("/proc/{}", sleeper.id()));
    let out = temp.path().join("out");
    fs::create_dir(&out).unwrap();
    let (key, _) = clear_key(&out, "k");
    let frozen = run(Command::new("timeout")
        .arg("300")
        .arg(crate::util::scelle_path())
        .env("LC_ALL", crate::util::ENGLISH)
        .args([
            "freeze",
            "--json",
            "--follow-symlinks",
            "--id",
            "proc",
            "--key",
        ])
        .arg(&key)
        .arg("--out")
        .arg(&out)
        .arg(&process));
    let status_text = fs::read(process.join("status")).unwrap();
    sleeper.kill().unwrap();
    sleeper.wait().unwrap();
    assert!(
        matches!(frozen.code, 0 | 3),
        "exit {}: {}",
        frozen.code,
        frozen.stderr
    );
    let archive = out.join("proc.tar.zst");
    let size = fs::metadata(&archive).unwrap().len();
    assert!(size < 64 << 20, "the archive holds {size} bytes");
    let bag = extract_with_tar(&archive, temp.path(), "proc");
    let items = manifest(&bag).items;
    let root = item(&items, &process.join("root"));
    assert_eq!(root.status, Status::Skipped, "{:?}", root.reason);
    assert_eq!(item(&items, &process.join("mem")).status, Status::Skipped);
    assert_eq!(
        item(&items, &process.join("pagemap")).status,
        Status::Skipped
    );
    let note = item(&items, &process.join("cwd/note.txt"));
    assert_eq!(note.status, Status::Complete);
    // /proc/PID/status: 0 bytes by fstat, its real text in the archive
    // (the line with the process's name does not change while it sleeps).
    let status = item(&items, &process.join("status"));
    let read = status.read.as_ref().unwrap();
    assert!(read.read_to_end);
    assert_eq!(read.announced_size, 0);
    assert!(status.size > 100, "{} bytes", status.size);
    let stored = fs::read(bag.join(status.archive_path.as_ref().unwrap())).unwrap();
    assert_eq!(stored.len() as u64, status.size);
    let first_line = |text: &[u8]| text.split(|&b| b == b'\n').next().unwrap().to_vec();
    assert_eq!(first_line(&stored), first_line(&status_text));
    assert!(OsStr::from_bytes(&first_line(&stored))
        .to_string_lossy()
        .contains("sleep"));
}

/// A process holding a deleted log open (fd 3) and running a deleted
/// binary: the implant that removed itself. Killed when dropped.
struct DeletedHolder {
    child: std::process::Child,
    log: Vec<u8>,
    binary: Vec<u8>,
}

impl DeletedHolder {
    fn start(dir: &Path) -> Self {
        let log_path = dir.join("wiped.log");
        let log = b"attacker's commands, deleted but still open\n".repeat(1000);
        fs::write(&log_path, &log).unwrap();
        let implant = dir.join("implant");
        fs::copy("/bin/sleep", &implant).unwrap();
        let binary = fs::read(&implant).unwrap();
        let child = Command::new("sh")
            .arg("-c")
            .arg(r#"exec 3<"$1"; rm "$1"; exec "$2" 600"#)
            .arg("sh")
            .arg(&log_path)
            .arg(&implant)
            .spawn()
            .unwrap();
        let holder = Self { child, log, binary };
        let fd = holder.proc().join("fd/3");
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let exe = fs::read_link(holder.proc().join("exe")).unwrap_or_default();
            let ready = exe == implant
                && fs::read_link(&fd)
                    .is_ok_and(|target| target.to_string_lossy().ends_with("(deleted)"));
            if ready {
                break;
            }
            assert!(Instant::now() < deadline, "the holder never got ready");
            std::thread::sleep(Duration::from_millis(5));
        }
        fs::remove_file(&implant).unwrap();
        holder
    }

    fn proc(&self) -> PathBuf {
        PathBuf::from(format!("/proc/{}", self.child.id()))
    }
}

impl Drop for DeletedHolder {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Issue #19.4: `/proc/PID/fd/N` of a deleted file and `/proc/PID/exe` of
/// a deleted binary are collected, given on the command line or found by a
/// profile's `only_deleted` paths, with the kernel's "(deleted)" name.
#[test]
fn deleted_but_open_files_and_deleted_binaries_are_collected() {
    let temp = tempfile::tempdir().unwrap();
    let holder = DeletedHolder::start(temp.path());
    let fd = holder.proc().join("fd/3");
    let exe = holder.proc().join("exe");
    let out = temp.path().join("out");
    fs::create_dir(&out).unwrap();

    let frozen = freeze(&out, "deleted", &[&fd, &exe], &[]);
    assert_eq!(frozen.run.code, 0, "{}", frozen.run.stderr);
    let bag = extract_with_tar(&frozen.archive, temp.path(), "deleted");
    let items = manifest(&bag).items;
    for (path, content) in [(&fd, &holder.log), (&exe, &holder.binary)] {
        let found = item(&items, path);
        assert_eq!(found.status, Status::Complete, "{:?}", found.reason);
        assert_eq!(found.nlink, Some(0), "no name left");
        assert_eq!(found.sha256, Some(Sha256Digest::of(content)));
        let target = found.link_target.as_ref().unwrap().to_bytes().unwrap();
        assert!(target.ends_with(b" (deleted)"), "{:?}", found.link_target);
        let stored = fs::read(bag.join(found.archive_path.as_ref().unwrap())).unwrap();
        assert_eq!(&stored, content);
    }

    let profile = temp.path().join("deleted.toml");
    fs::write(
        &profile,
        "name = \"deleted\"\n\
         [[path]]\npath = \"/proc/*/exe\"\nonly_deleted = true\n\
         [[path]]\npath = \"/proc/*/fd/*\"\nonly_deleted = true\n",
    )
    .unwrap();
    let out = temp.path().join("out-profile");
    fs::create_dir(&out).unwrap();
    let profiled = freeze(
        &out,
        "profiled",
        &[],
        &["--profile", profile.to_str().unwrap()],
    );
    // Other processes of the host may hold deleted files too, and end meanwhile.
    assert!(
        matches!(profiled.run.code, 0 | 3),
        "{}",
        profiled.run.stderr
    );
    let bag = extract_with_tar(&profiled.archive, &temp.path().join("p"), "profiled");
    let items = manifest(&bag).items;
    for (path, content) in [(&fd, &holder.log), (&exe, &holder.binary)] {
        let found = item(&items, path);
        assert_eq!(found.status, Status::Complete, "{:?}", found.reason);
        assert_eq!(found.sha256, Some(Sha256Digest::of(content)));
    }
    assert!(items.iter().all(|item| {
        let path = item.path.to_bytes().unwrap();
        !path.starts_with(b"/proc/self/") && !path.starts_with(b"/proc/thread-self/")
    }));

    let out = temp.path().join("out-image");
    fs::create_dir(&out).unwrap();
    let imaged = freeze(&out, "imaged", &[], &["--image", fd.to_str().unwrap()]);
    assert_eq!(imaged.run.code, 0, "{}", imaged.run.stderr);
    let bag = extract_with_tar(&imaged.archive, &temp.path().join("i"), "imaged");
    let image = item(&manifest(&bag).items, &fd).clone();
    assert_eq!(image.status, Status::Complete, "{:?}", image.reason);
    assert_eq!(image.sha256, Some(Sha256Digest::of(&holder.log)));
}

/// Clears `chattr` flags on drop, so the temporary directory can go.
struct Flagged(Vec<PathBuf>);

impl Drop for Flagged {
    fn drop(&mut self) {
        for path in &self.0 {
            let _ = Command::new("chattr").arg("-ia").arg(path).status();
        }
    }
}

/// Issue #19.7: file capabilities, POSIX ACLs, extended attributes of every
/// namespace and `chattr +i/+a` are in manifest.json, set with the real
/// tools on a real ext4 filesystem.
#[test]
fn capabilities_acls_xattrs_and_inode_flags_are_recorded() {
    // The build directory: a disk filesystem that takes chattr flags.
    let temp = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let scene = temp.path().join("scene");
    fs::create_dir(&scene).unwrap();
    let backdoor = scene.join("python-with-caps");
    fs::copy("/bin/sleep", &backdoor).unwrap();
    let shared = scene.join("shared.txt");
    fs::write(&shared, "readable by uid 1234\n").unwrap();
    let frozen_log = scene.join("immutable.log");
    fs::write(&frozen_log, "cannot be removed\n").unwrap();
    let append_log = scene.join("append-only.log");
    fs::write(&append_log, "only grows\n").unwrap();
    let dir_with_default = scene.join("inherits");
    fs::create_dir(&dir_with_default).unwrap();
    let fifo = scene.join("pipe");
    nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::from_bits_truncate(0o600)).unwrap();
    let set = |program: &str, args: &[&str], path: &Path| {
        let done = run(Command::new(program).args(args).arg(path));
        assert_eq!(done.code, 0, "{program} {args:?}: {}", done.stderr);
    };
    set("setcap", &["cap_setuid,cap_net_raw=ep"], &backdoor);
    set("setfacl", &["-m", "u:1234:r"], &shared);
    set("setfacl", &["-d", "-m", "u:1234:rx"], &dir_with_default);
    set(
        "setfattr",
        &["-n", "user.implant", "-v", "0xdeadbeef00ff"],
        &shared,
    );
    set(
        "setfattr",
        &["-n", "trusted.hidden", "-v", "root only"],
        &shared,
    );
    set("setfattr", &["-n", "trusted.on-a-fifo", "-v", "x"], &fifo);
    set("chattr", &["+i"], &frozen_log);
    set("chattr", &["+a"], &append_log);
    let _flagged = Flagged(vec![frozen_log.clone(), append_log.clone()]);
    let out = temp.path().join("out");
    fs::create_dir(&out).unwrap();

    let frozen = freeze(&out, "attrs", &[&scene], &[]);
    assert_eq!(frozen.run.code, 0, "{}", frozen.run.stderr);
    let bag = extract_with_tar(&frozen.archive, temp.path(), "attrs");
    let items = manifest(&bag).items;
    let extended = |path: &Path| {
        item(&items, path)
            .extended
            .clone()
            .unwrap_or_else(|| panic!("no extended record for {}", path.display()))
    };
    let value = |path: &Path, name: &str| {
        extended(path)
            .xattrs
            .iter()
            .find(|xattr| xattr.name.to_bytes().unwrap() == name.as_bytes())
            .and_then(|xattr| xattr.value.to_bytes())
            .unwrap_or_else(|| panic!("no {name} on {}", path.display()))
    };
    assert_eq!(
        extended(&backdoor).capabilities.as_deref(),
        Some("cap_setuid,cap_net_raw=ep")
    );
    let getcap = run(Command::new("getcap").arg(&backdoor));
    assert!(
        getcap.stdout.contains("cap_setuid,cap_net_raw=ep"),
        "{}",
        getcap.stdout
    );
    assert_eq!(
        extended(&shared).acl_access.as_deref(),
        Some("user::rw-,user:1234:r--,group::r--,mask::r--,other::r--")
    );
    assert_eq!(
        extended(&dir_with_default).acl_default.as_deref(),
        Some("user::rwx,user:1234:r-x,group::r-x,mask::r-x,other::r-x")
    );
    assert_eq!(
        value(&shared, "user.implant"),
        [0xde, 0xad, 0xbe, 0xef, 0x00, 0xff]
    );
    assert_eq!(value(&shared, "trusted.hidden"), b"root only");
    assert_eq!(value(&fifo, "trusted.on-a-fifo"), b"x");
    assert_eq!(extended(&frozen_log).flags, ["immutable"]);
    assert_eq!(extended(&append_log).flags, ["append-only"]);
    assert!(item(&items, &scene.join("inherits")).extended.is_some());
}

/// Issue #19.10: a file whose read never returns (a FUSE filesystem that
/// does not answer: the read waits in the kernel where no signal reaches
/// it) is given up after --read-timeout, recorded with the offset reached,
/// the freeze goes on to the next file, and ends with its exit code.
#[test]
fn a_file_whose_read_never_returns_is_given_up_and_the_freeze_goes_on() {
    let temp = tempfile::tempdir().unwrap();
    let scene = temp.path().join("scene");
    fs::create_dir(&scene).unwrap();
    let ok_content = b"this file answers\n".to_vec();
    let _mounted = crate::test_fuse::TestFuse::mount(
        &scene,
        vec![
            ("a-small-hung", Reads::Hang(100)),
            ("b-big-hung", Reads::Hang(2 << 20)),
            ("c-ok", Reads::Answer(ok_content.clone())),
        ],
    );
    let out = temp.path().join("out");
    fs::create_dir(&out).unwrap();
    let (key, _) = clear_key(&out, "k");
    // Should it hang after all, `timeout` ends it and the test fails.
    let frozen = run(Command::new("timeout")
        .arg("120")
        .arg(crate::util::scelle_path())
        .env("LC_ALL", crate::util::ENGLISH)
        .args([
            "freeze",
            "--json",
            "--read-timeout",
            "2",
            "--id",
            "hung",
            "--key",
        ])
        .arg(&key)
        .arg("--out")
        .arg(&out)
        .arg(&scene));
    assert_eq!(frozen.code, 3, "{}", frozen.stderr);
    let bag = extract_with_tar(&out.join("hung.tar.zst"), temp.path(), "hung");
    let items = manifest(&bag).items;
    for hung in ["a-small-hung", "b-big-hung"] {
        let hung = item(&items, &scene.join(hung));
        assert_eq!(hung.status, Status::Unreadable);
        let reason = hung.reason.as_deref().unwrap();
        assert!(reason.contains("no data for 2 s at byte 0"), "{reason}");
        assert_eq!(hung.read.as_ref().unwrap().source_bytes, 0);
    }
    let ok = item(&items, &scene.join("c-ok"));
    assert_eq!(ok.status, Status::Complete, "{:?}", ok.reason);
    assert_eq!(ok.sha256, Some(Sha256Digest::of(&ok_content)));
}

/// Issue #19.9: a sparse file's data extents and allocated size are
/// recorded, its holes not read, and the member is the full logical
/// content (what `sha256sum` and GNU tar see).
#[test]
fn a_sparse_file_is_recorded_with_its_data_extents() {
    use std::io::{Seek, SeekFrom, Write};
    let temp = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let scene = temp.path().join("scene");
    fs::create_dir(&scene).unwrap();
    let path = scene.join("sparse.img");
    let size: u64 = 1 << 30;
    {
        let mut file = fs::File::create(&path).unwrap();
        file.set_len(size).unwrap();
        for offset in [0u64, 512 << 20, size - 4096] {
            file.seek(SeekFrom::Start(offset)).unwrap();
            file.write_all(&[0xa5; 4096]).unwrap();
        }
        file.sync_all().unwrap();
    }
    let out = temp.path().join("out");
    fs::create_dir(&out).unwrap();
    let frozen = freeze(&out, "sparse", &[&scene], &[]);
    assert_eq!(frozen.run.code, 0, "{}", frozen.run.stderr);
    let bag = extract_with_tar(&frozen.archive, temp.path(), "sparse");
    let items = manifest(&bag).items;
    let found = item(&items, &path);
    assert_eq!(found.status, Status::Complete, "{:?}", found.reason);
    let sparse = found
        .read
        .as_ref()
        .unwrap()
        .sparse
        .clone()
        .expect("a sparse record");
    assert!(
        sparse.allocated_bytes < 1 << 20,
        "{}",
        sparse.allocated_bytes
    );
    let data: u64 = sparse.data.iter().map(|extent| extent.length).sum();
    assert!((3 * 4096..1 << 20).contains(&data), "{:?}", sparse.data);
    for offset in [0u64, 512 << 20, size - 4096] {
        assert!(
            sparse
                .data
                .iter()
                .any(|extent| extent.offset <= offset
                    && offset + 4096 <= extent.offset + extent.length),
            "{offset} not in {:?}",
            sparse.data
        );
    }
    let sha256sum = run(Command::new("sha256sum").arg(&path));
    assert!(
        sha256sum
            .stdout
            .starts_with(&found.sha256.unwrap().to_string()),
        "{}",
        sha256sum.stdout
    );
    let member = bag.join(found.archive_path.as_ref().unwrap());
    assert_eq!(fs::metadata(&member).unwrap().len(), size);
}
