//! The case file as text.

use scelle_case::report::finding_text;
use scelle_l10n::{FluentValue, Lang};

use crate::ops::case::CaseStatus;
use crate::text::Untrusted;

/// `case status`: the case, its journal, its deadlines, the steps of the
/// response and its evidence, in `lang`.
pub fn status(status: &CaseStatus, lang: Lang) -> Vec<String> {
    let say = |id: &str, args: &[(&str, FluentValue<'_>)]| lang.format(id, args);
    let show = |text: &str| Untrusted(text).to_string();
    let facts = &status.case;
    // Local time in the case's zone, then UTC (as recorded when it does not parse).
    let local = |time: &str| {
        scelle_case::parse_time(time, "time").map_or_else(
            |_| show(time),
            |time| scelle_case::report::local_time(time, facts),
        )
    };
    let journal_state = &status.journal;
    let mut lines = vec![
        say(
            "case-status-case",
            &[
                ("id", show(&facts.case_id).into()),
                ("title", show(&facts.title).into()),
            ],
        ),
        say(
            "case-status-discovered",
            &[("time", local(&facts.discovered).into())],
        ),
        say(
            "case-status-as-of",
            &[("time", local(&status.as_of).into())],
        ),
        say(
            if !journal_state.findings.is_empty() {
                "case-status-journal-broken"
            } else if journal_state.signers_checked {
                "case-status-journal-intact"
            } else {
                "case-status-journal-unchecked"
            },
            &[("entries", journal_state.entries.into())],
        ),
    ];
    for finding in &journal_state.findings {
        let finding = scelle_case::report::report_finding("case", finding);
        lines.push(format!("  ! {}", show(&finding_text(lang, &finding))));
    }
    lines.push(say(
        "case-status-receipt",
        &[
            ("entries", journal_state.recorded.into()),
            ("head", journal_state.head_sha256.clone().into()),
        ],
    ));
    lines.push(String::new());
    lines.push(say(
        if status.deadlines.is_empty() {
            "case-status-no-deadline"
        } else {
            "case-status-deadlines"
        },
        &[],
    ));
    for row in scelle_case::report::deadline_rows(&status.deadlines, facts, lang) {
        let [duty, recipient, due, state, done] = &row[..] else {
            continue;
        };
        lines.push(format!("  - {}", show(duty)));
        lines.push(say(
            "case-status-deadline",
            &[
                ("recipient", show(recipient).into()),
                ("due", due.clone().into()),
                ("state", show(state).into()),
            ],
        ));
        if done != "—" {
            lines.push(say("case-status-met-by", &[("by", show(done).into())]));
        }
    }
    lines.push(String::new());
    lines.push(say("case-status-steps", &[]));
    for step in &status.checklist {
        let name = lang.text(&format!("report-step-{}", step.step.name()));
        lines.push(match (&step.done, step.line) {
            (Some(done), Some(line)) => say(
                "case-status-step-done",
                &[
                    ("step", name.into()),
                    ("name", step.step.name().into()),
                    ("time", local(done).into()),
                    ("line", line.into()),
                ],
            ),
            _ => say(
                "case-status-step-pending",
                &[("step", name.into()), ("name", step.step.name().into())],
            ),
        });
    }
    lines.push(String::new());
    lines.push(say(
        if status.evidence.is_empty() {
            "case-status-no-evidence"
        } else {
            "case-status-evidence"
        },
        &[],
    ));
    for evidence in &status.evidence {
        lines.push(say(
            "case-status-sealed",
            &[
                ("id", show(evidence.evidence_id.as_str()).into()),
                ("seal", evidence.seal_sha256.to_string().into()),
                ("items", evidence.items.into()),
                ("bytes", evidence.payload_bytes.into()),
                ("incomplete", evidence.incomplete.into()),
            ],
        ));
    }
    lines
}

/// `case show`: the journal as a timeline in the case's local time, in
/// `lang`, then whether it holds together.
pub fn case_show(state: &scelle_case::CaseState, lang: scelle_l10n::Lang) -> Vec<String> {
    let mut lines = Vec::new();
    if let scelle_case::Block::Table { rows, .. } = scelle_case::report::timeline(state, lang) {
        for row in rows {
            let [line, time, signer, event, key] = &row[..] else {
                continue;
            };
            lines.push(format!("{line:>3}  {time}"));
            lines.push(format!("     {}", Untrusted(event)));
            lines.push(format!("     {} ({key})", Untrusted(signer)));
        }
    }
    lines.push(String::new());
    lines.push(format!(
        "journal: {} entries, head SHA-256 {}; {}",
        state.journal_entries,
        state.journal_head_sha256,
        if !state.findings.is_empty() {
            "NOT INTACT"
        } else if state.signers_checked {
            "intact, signers checked"
        } else {
            "consistent, signers NOT checked (give --pubkey or --keyring)"
        }
    ));
    for finding in &state.findings {
        lines.push(format!("  - {}", Untrusted(&finding.message)));
    }
    lines
}
