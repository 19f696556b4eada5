//! `scelle locker grant|status|list|verify|hold|fetch`.

use scelle_core::ops::locker::{self, LockerVerifyReport, StatusReport};
use scelle_core::render;
use scelle_core::text::Untrusted;
use scelle_core::Verdict;

use crate::cli::LockerCommand;
use crate::exit::Status;
use crate::output;
use crate::progress::Terminal;
use scelle_l10n::{arg, Lang};

pub fn run(command: &LockerCommand, lang: Lang) -> anyhow::Result<Status> {
    match command {
        LockerCommand::Status(args) => {
            let report = locker::status(&args.url, args.version.as_deref(), &args.store)?;
            if args.json {
                output::json(&report)?;
            } else {
                output::lines(&status_lines(&report, lang))?;
            }
            Ok(Status::Success)
        }
        LockerCommand::List(args) => {
            let listed = locker::list(&args.url, &args.store)?;
            if args.json {
                output::json(&listed)?;
            } else if listed.is_empty() {
                output::line(&lang.text("locker-empty"))?;
            } else {
                for archive in &listed {
                    let mut lines = status_lines(&archive.archive, lang);
                    let seal = archive.recorded_seal.as_deref().map_or_else(
                        || lang.text("locker-none"),
                        |seal| Untrusted(seal).to_string(),
                    );
                    lines.push(lang.format(
                        "locker-seal",
                        &[arg("seal", seal), arg("entries", archive.locked_entries)],
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
                    output::line(&lang.format(
                        "locker-grant",
                        &[
                            arg("host", Untrusted(&grant.host).to_string()),
                            arg("file", Untrusted(&grant.file).to_string()),
                            arg("archive", Untrusted(&grant.archive).to_string()),
                            arg("until", grant.expires.to_string()),
                        ],
                    ))?;
                }
            }
            Ok(Status::Success)
        }
        LockerCommand::Verify(args) => {
            let verified = locker::verify(&args.options, &Terminal::new(lang))?;
            if args.json {
                output::json(&verified)?;
            } else {
                output::lines(&verify_lines(&verified, lang))?;
            }
            Ok(Status::from_verdict(
                verified.verdict(),
                args.options.allow_unauthenticated,
            ))
        }
        LockerCommand::Hold(args) => {
            let report = locker::hold(&args.url, args.version.as_deref(), args.on, &args.store)?;
            output::lines(&status_lines(&report, lang))?;
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
                let mut lines = status_lines(&report.status, lang);
                lines.push(lang.format("locker-fetched", &[arg("bytes", report.size)]));
                lines.push(
                    lang.format("locker-sha256", &[arg("sha256", report.sha256.to_string())]),
                );
                lines.push(if report.as_expected() {
                    lang.format(
                        "locker-file",
                        &[arg("file", Untrusted(&report.file).to_string())],
                    )
                } else {
                    lang.text("locker-not-kept")
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

fn status_lines(report: &StatusReport, lang: Lang) -> Vec<String> {
    let unknown = |value: &Option<String>| {
        value.as_deref().map_or_else(
            || lang.text("locker-none"),
            |value| Untrusted(value).to_string(),
        )
    };
    let lock = if report.legal_hold {
        "locker-lock-held"
    } else {
        "locker-lock"
    };
    vec![
        lang.format(
            "locker-object",
            &[arg("url", Untrusted(&report.url).to_string())],
        ),
        lang.format(
            "locker-version",
            &[arg("version", unknown(&report.version_id))],
        ),
        lang.format(
            lock,
            &[
                arg("mode", unknown(&report.lock_mode)),
                arg("until", unknown(&report.retain_until)),
            ],
        ),
    ]
}

/// The lock, the archive's report as `scelle verify` prints it, the locked
/// custody entries and the given log, then the verdict on all of them.
fn verify_lines(verified: &LockerVerifyReport, lang: Lang) -> Vec<String> {
    let mut lines = status_lines(&verified.locked, lang);
    let contents = verified
        .versions
        .iter()
        .filter(|version| !version.delete_marker)
        .count();
    let versions = if contents == 1 {
        "locker-versions-one"
    } else {
        "locker-versions"
    };
    lines.push(lang.format(versions, &[arg("count", contents)]));
    for warning in &verified.warnings {
        lines.push(lang.format(
            "locker-warning",
            &[arg("warning", Untrusted(warning).to_string())],
        ));
    }
    if !verified.lock_in_force {
        lines.push(lang.text("locker-no-lock"));
    }
    let archive = &verified.archive;
    lines.extend(render::verify(&archive.report, archive.verdict, lang));
    if let Some(timestamp) = &archive.timestamp {
        lines.extend(render::timestamp(timestamp, lang));
    }
    let custody = &verified.locked_custody;
    lines.push(lang.format(
        "locker-custody",
        &[
            arg("entries", custody.entries),
            arg("prefix", Untrusted(&custody.prefix).to_string()),
        ],
    ));
    match &custody.report {
        Some(report) => {
            if custody.chained < custody.entries {
                lines.push(lang.format("locker-custody-gap", &[arg("last", custody.chained - 1)]));
            }
            lines.extend(
                render::custody_checked(report, lang)
                    .iter()
                    .map(|l| format!("  {l}")),
            );
        }
        None => lines.push(lang.text("locker-custody-none")),
    }
    if let Some(log) = &verified.log {
        lines.push(lang.format(
            "locker-log-given",
            &[arg("log", Untrusted(&log.log).to_string())],
        ));
        lines.extend(
            render::custody_checked(log, lang)
                .iter()
                .map(|l| format!("  {l}")),
        );
    }
    let verdict = verified.verdict();
    lines.push(match verdict {
        Verdict::NotIntact if archive.verdict() != Verdict::NotIntact => {
            lang.text("locker-overall-custody")
        }
        _ => lang.format(
            "locker-overall",
            &[arg("verdict", lang.text(verdict_word(verdict)))],
        ),
    });
    lines
}

fn verdict_word(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Intact => "locker-verdict-intact",
        Verdict::Authentic => "locker-verdict-authentic",
        Verdict::Unauthenticated => "locker-verdict-unauthenticated",
        Verdict::NotIntact => "locker-verdict-not-intact",
    }
}
