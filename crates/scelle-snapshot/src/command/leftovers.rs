//! Finding and killing what a command left running.
//!
//! A command can escape its process group (`setsid -f`, a daemon's double
//! fork) and keep running on the compromised host, holding its outputs
//! open. While commands run, scelle is a *child subreaper*
//! (`PR_SET_CHILD_SUBREAPER`): orphans of the command become scelle's
//! children instead of init's, so once the command has ended, every process
//! it left behind is found among scelle's children and killed.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use nix::sys::signal::{kill, Signal};
use nix::sys::wait::{waitpid, WaitPidFlag, WaitStatus};
use nix::unistd::Pid;

/// Makes orphans of this process's descendants its children.
pub(super) fn adopt_orphans() {
    // Without it (a kernel before 3.4) leftovers cannot be found; the
    // command's own process group is still killed.
    let _ = nix::sys::prctl::set_child_subreaper(true);
}

/// This process's children now: (pid, name).
pub(super) fn children() -> BTreeSet<(i32, String)> {
    let me = std::process::id() as i32;
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return BTreeSet::new();
    };
    entries
        .flatten()
        .filter_map(|entry| entry.file_name().to_str()?.parse::<i32>().ok())
        .filter_map(|pid| {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
            let (name, ppid) = parent_in_stat(&stat)?;
            (ppid == me).then_some((pid, name))
        })
        .collect()
}

/// The name and parent pid in a `/proc/PID/stat` line: `PID (NAME) STATE PPID ...`,
/// where NAME may itself hold spaces and parentheses.
fn parent_in_stat(stat: &str) -> Option<(String, i32)> {
    let open = stat.find('(')?;
    let close = stat.rfind(')')?;
    let name = stat.get(open + 1..close)?.to_string();
    let ppid = stat
        .get(close + 1..)?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    Some((name, ppid))
}

/// Kills every child of this process that was not one `before` the
/// command started, and what they leave in turn; returns "PID NAME" of
/// each killed process.
pub(super) fn kill_new_children(before: &BTreeSet<(i32, String)>) -> Vec<String> {
    let known: BTreeSet<i32> = before.iter().map(|(pid, _)| *pid).collect();
    let mut killed = Vec::new();
    // Each round kills the current generation; their orphans are the next.
    for _ in 0..64 {
        let found: Vec<(i32, String)> = children()
            .into_iter()
            .filter(|(pid, _)| !known.contains(pid))
            .collect();
        if found.is_empty() {
            break;
        }
        for (pid, name) in &found {
            let _ = kill(Pid::from_raw(*pid), Signal::SIGKILL);
            killed.push(format!("{pid} {name}"));
        }
        let deadline = Instant::now() + Duration::from_secs(2);
        for (pid, _) in &found {
            reap(Pid::from_raw(*pid), deadline);
        }
    }
    killed.sort();
    killed.dedup();
    killed
}

/// Waits for a killed child to be gone, until `deadline` (one stuck in
/// the kernel is left as a zombie rather than blocking the freeze).
fn reap(pid: Pid, deadline: Instant) {
    loop {
        match waitpid(pid, Some(WaitPidFlag::WNOHANG)) {
            Ok(WaitStatus::StillAlive) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(5));
            }
            _ => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_with_spaces_and_parentheses_are_parsed() {
        let stat = "4242 (evil) (name ) S 17 4242 4242 0 -1 4194560";
        assert_eq!(parent_in_stat(stat), Some(("evil) (name ".into(), 17)));
        assert_eq!(parent_in_stat("garbage"), None);
    }
}
