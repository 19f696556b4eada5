//! Facts about the host, read at the start of an acquisition.

use std::path::Path;

use scelle_hash::{HashingReader, Sha256Digest};
use scelle_manifest::Host;

use crate::source::read_host_file;

/// Hostname, OS, kernel, machine-id, boot time and time zone, each `None`
/// where the host does not tell.
pub fn host_facts() -> Host {
    Host {
        hostname: nix::unistd::gethostname()
            .ok()
            .map(|name| name.to_string_lossy().into_owned()),
        os_release: read_host_file(Path::new("/etc/os-release"))
            .and_then(|text| os_release_name(&text)),
        kernel: nix::sys::utsname::uname().ok().map(|uts| {
            format!(
                "{} {} {} {}",
                uts.sysname().to_string_lossy(),
                uts.release().to_string_lossy(),
                uts.version().to_string_lossy(),
                uts.machine().to_string_lossy()
            )
        }),
        machine_id: read_host_file(Path::new("/etc/machine-id"))
            .map(|id| id.trim().to_string())
            .filter(|id| !id.is_empty()),
        boot_time: read_host_file(Path::new("/proc/stat")).and_then(|text| boot_time(&text)),
        time_zone: time_zone(),
    }
}

/// SHA-256 of the running executable, so an expert can find the exact build.
pub fn running_binary_sha256() -> Option<Sha256Digest> {
    let file = std::fs::File::open("/proc/self/exe").ok()?;
    let mut reader = HashingReader::new(file);
    std::io::copy(&mut reader, &mut std::io::sink()).ok()?;
    Some(reader.finish().0)
}

fn os_release_name(text: &str) -> Option<String> {
    text.lines()
        .find_map(|line| line.strip_prefix("PRETTY_NAME="))
        .map(|value| value.trim().trim_matches('"').to_string())
}

fn boot_time(proc_stat: &str) -> Option<String> {
    let seconds: i64 = proc_stat
        .lines()
        .find_map(|line| line.strip_prefix("btime "))?
        .trim()
        .parse()
        .ok()?;
    chrono::DateTime::from_timestamp(seconds, 0)
        .map(|time| time.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
}

fn time_zone() -> Option<String> {
    if let Some(zone) = read_host_file(Path::new("/etc/timezone")) {
        let zone = zone.trim();
        if !zone.is_empty() {
            return Some(zone.to_string());
        }
    }
    let link = std::fs::read_link("/etc/localtime").ok()?;
    let link = link.to_string_lossy();
    Some(
        link.split_once("zoneinfo/")
            .map_or(link.as_ref(), |(_, zone)| zone)
            .to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_os_release_and_boot_time() {
        let text = "NAME=\"Debian GNU/Linux\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n";
        assert_eq!(
            os_release_name(text).unwrap(),
            "Debian GNU/Linux 12 (bookworm)"
        );
        assert_eq!(
            boot_time("cpu 1 2\nbtime 1795600000\n").unwrap(),
            "2026-11-25T09:46:40Z"
        );
    }

    #[test]
    fn this_machine_tells_at_least_its_kernel_and_hostname() {
        let host = host_facts();
        assert!(host.kernel.unwrap().starts_with("Linux "));
        assert!(host.hostname.is_some());
        assert!(running_binary_sha256().is_some());
    }
}
