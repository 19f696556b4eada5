//! `scelle locker grant|status|list|hold|fetch`.

use scelle_core::ops::locker::{self, StatusReport};
use scelle_core::text::Untrusted;

use crate::cli::LockerCommand;
use crate::exit::Status;
use crate::output;

pub fn run(command: &LockerCommand) -> anyhow::Result<Status> {
    match command {
        LockerCommand::Status(args) => {
            let report = locker::status(&args.url, args.version.as_deref(), &args.store)?;
            if args.json {
                output::json(&report)?;
            } else {
                output::lines(&status_lines(&report))?;
            }
            Ok(Status::Success)
        }
        LockerCommand::List(args) => {
            let listed = locker::list(&args.url, &args.store)?;
            if args.json {
                output::json(&listed)?;
            } else if listed.is_empty() {
                output::line("no archive there")?;
            } else {
                for archive in &listed {
                    let mut lines = status_lines(&archive.archive);
                    lines.push(format!(
                        "seal:     {} (recorded in its first custody entry; {} entries locked)",
                        Untrusted(archive.recorded_seal.as_deref().unwrap_or("(none)")),
                        archive.locked_entries
                    ));
                    output::lines(&lines)?;
                }
            }
            Ok(Status::Success)
        }
        LockerCommand::Grant(args) => {
            let granted = locker::grant(
                &args.url,
                &args.hosts,
                &args.out_dir,
                args.valid_for,
                args.max_size,
                &args.locker,
            )?;
            if args.json {
                output::json(&granted)?;
            } else {
                for grant in &granted {
                    output::line(&format!(
                        "{}: {} -> {} (until {}; give the file to that host only)",
                        Untrusted(&grant.host),
                        Untrusted(&grant.file),
                        Untrusted(&grant.archive),
                        grant.expires
                    ))?;
                }
            }
            Ok(Status::Success)
        }
        LockerCommand::Hold(args) => {
            let report = locker::hold(&args.url, args.version.as_deref(), args.on, &args.store)?;
            output::lines(&status_lines(&report))?;
            Ok(Status::Success)
        }
        LockerCommand::Fetch(args) => {
            let expect = args
                .expect
                .as_deref()
                .map(str::parse)
                .transpose()
                .map_err(|error| anyhow::anyhow!("--expect: {error}"))?;
            let report = locker::fetch(
                &args.url,
                args.version.as_deref(),
                &args.to,
                expect,
                &args.store,
            )?;
            if args.json {
                output::json(&report)?;
            } else {
                let mut lines = status_lines(&report.status);
                lines.push(format!("fetched:  {} bytes", report.size));
                lines.push(format!("SHA-256:  {}", report.sha256));
                lines.push(if report.as_expected() {
                    format!("file:     {}", Untrusted(&report.file))
                } else {
                    "NOT KEPT: the SHA-256 is not the seal given with --expect".into()
                });
                output::lines(&lines)?;
            }
            Ok(if report.as_expected() {
                Status::Success
            } else {
                Status::Failed
            })
        }
    }
}

fn status_lines(report: &StatusReport) -> Vec<String> {
    let unknown =
        |value: &Option<String>| Untrusted(value.as_deref().unwrap_or("(none)")).to_string();
    vec![
        format!("object:   {}", Untrusted(&report.url)),
        format!("version:  {}", unknown(&report.version_id)),
        format!(
            "lock:     {} until {}{}",
            unknown(&report.lock_mode),
            unknown(&report.retain_until),
            if report.legal_hold {
                ", legal hold"
            } else {
                ""
            }
        ),
    ]
}
