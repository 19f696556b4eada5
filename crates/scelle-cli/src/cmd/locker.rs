//! `scelle locker grant|status|list|verify|hold|fetch`.

use scelle_core::ops::locker::{self, LockerVerifyReport, StatusReport};
use scelle_core::render;
use scelle_core::text::Untrusted;
use scelle_core::Verdict;

use crate::cli::LockerCommand;
use crate::exit::Status;
use crate::output;
use crate::progress::Terminal;

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
        LockerCommand::Verify(args) => {
            let verified = locker::verify(&args.options, &Terminal::new(scelle_l10n::Lang::En))?;
            if args.json {
                output::json(&verified)?;
            } else {
                output::lines(&verify_lines(&verified))?;
            }
            Ok(Status::from_verdict(
                verified.verdict(),
                args.options.allow_unauthenticated,
            ))
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

/// The lock, the archive's report as `scelle verify` prints it, the locked
/// custody entries and the given log, then the verdict on all of them.
fn verify_lines(verified: &LockerVerifyReport) -> Vec<String> {
    let mut lines = status_lines(&verified.locked);
    let contents = verified
        .versions
        .iter()
        .filter(|version| !version.delete_marker)
        .count();
    lines.push(format!(
        "versions: {contents} of this key in the locker{}",
        if contents == 1 {
            " (never rewritten)"
        } else {
            ""
        }
    ));
    for warning in &verified.warnings {
        lines.push(format!("WARNING:  {}", Untrusted(warning)));
    }
    if !verified.lock_in_force {
        lines.push(
            "WARNING:  no retention lock is in force on this version: the locker does not \
             protect it (now) against deletion or overwrite"
                .into(),
        );
    }
    let archive = &verified.archive;
    // The locker's own lines are English still: its verification too, so
    // the report reads in one language.
    lines.extend(render::verify(
        &archive.report,
        archive.verdict,
        scelle_l10n::Lang::En,
    ));
    if let Some(timestamp) = &archive.timestamp {
        lines.extend(render::timestamp(timestamp, scelle_l10n::Lang::En));
    }
    let custody = &verified.locked_custody;
    lines.push(format!(
        "locked custody entries: {} under {}",
        custody.entries,
        Untrusted(&custody.prefix)
    ));
    match &custody.report {
        Some(report) => {
            if custody.chained < custody.entries {
                lines.push(format!(
                    "  entries 0 to {} checked as a chain; the others follow a gap (an entry \
                     appended without --locker) and anchor only the log given with --log",
                    custody.chained - 1
                ));
            }
            lines.extend(
                render::custody_checked(report, scelle_l10n::Lang::En)
                    .iter()
                    .map(|l| format!("  {l}")),
            );
        }
        None => lines.push(
            "  WARNING: no locked sealed entry (00000000.json): the seal is not recorded in \
             the locker; was this archive frozen into it by scelle?"
                .into(),
        ),
    }
    if let Some(log) = &verified.log {
        lines.push(format!("custody log given: {}", Untrusted(&log.log)));
        lines.extend(
            render::custody_checked(log, scelle_l10n::Lang::En)
                .iter()
                .map(|l| format!("  {l}")),
        );
    }
    let verdict = verified.verdict();
    lines.push(match verdict {
        Verdict::NotIntact if archive.verdict() != Verdict::NotIntact => {
            "overall:     NOT INTACT (the archive checks out, but its custody does not: see \
             the findings above)"
                .into()
        }
        _ => format!(
            "overall:     {} (the archive and its custody entries; the lock is shown above)",
            verdict_word(verdict)
        ),
    });
    lines
}

fn verdict_word(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Intact => "INTACT",
        Verdict::Authentic => "AUTHENTIC, not tied to the procès-verbal",
        Verdict::Unauthenticated => "NOT AUTHENTICATED",
        Verdict::NotIntact => "NOT INTACT",
    }
}
