//! The case file as text.

use scelle_case::deadline::{self, DeadlineState};

use crate::ops::case::CaseStatus;
use crate::text::Untrusted;

/// `case status`: the case, its journal, its deadlines and its evidence.
pub fn status(status: &CaseStatus) -> Vec<String> {
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
        format!("case {} — {}", show(&facts.case_id), show(&facts.title)),
        format!("discovered: {}", local(&facts.discovered)),
        format!("as of:      {}", local(&status.as_of)),
    ];
    let journal = if !journal_state.findings.is_empty() {
        "NOT INTACT"
    } else if journal_state.signers_checked {
        "intact, signers checked"
    } else {
        "consistent, signers NOT checked (give --pubkey or --keyring)"
    };
    lines.push(format!(
        "journal:    {} entries, {journal}",
        journal_state.entries
    ));
    for finding in &journal_state.findings {
        lines.push(format!("  ! {}", show(&finding.message)));
    }
    lines.push(format!(
        "receipt:    {} entries, head SHA-256 {} (keep both; later, case status --entries {} \
         --head {} shows whether an entry was dropped)",
        journal_state.recorded,
        journal_state.head_sha256,
        journal_state.recorded,
        journal_state.head_sha256
    ));
    lines.push(String::new());
    if status.deadlines.is_empty() {
        lines.push("deadlines: none (no personal data, not NIS2, not OIV)".into());
    } else {
        lines.push("deadlines:".into());
    }
    for deadline in &status.deadlines {
        let due = deadline.due.map_or("without delay".to_string(), |due| {
            scelle_case::report::local_time(due, &status.case)
        });
        let margin = deadline
            .margin_seconds
            .map(|s| deadline::format_span(s, "d"))
            .unwrap_or_default();
        let state_text = match deadline.state {
            DeadlineState::Met if deadline.due.is_some() => format!("met, {margin} early"),
            DeadlineState::Met => "met".into(),
            DeadlineState::MetLate => format!("MET LATE by {margin}"),
            DeadlineState::Open => format!("open, {margin} left"),
            DeadlineState::Overdue if deadline.due.is_some() => format!("OVERDUE by {margin}"),
            DeadlineState::Overdue => "DUE NOW".into(),
            DeadlineState::Exempt => "not owed (exemption relied on)".into(),
        };
        let remark = match &deadline.remark {
            Some(deadline::Remark::Exemption(letter)) => format!(": GDPR art. 34(3)({letter})"),
            Some(deadline::Remark::DelayReasons(reasons)) => {
                format!("; reasons for the delay: {}", show(reasons))
            }
            Some(deadline::Remark::NoDelayReasons) => {
                "; NO reasons for the delay, which GDPR art. 33(1) requires (case notify --delay-reasons)".into()
            }
            None => String::new(),
        };
        let by = deadline.met_by.as_ref().map_or(String::new(), |n| {
            format!(
                " — {} ref. {} sent {}",
                show(&n.to),
                show(&n.reference),
                n.sent
            )
        });
        lines.push(format!(
            "  {} to {} ({}): due {due}{}: {state_text}{remark}{by}",
            deadline.obligation.summary(),
            deadline.recipient,
            deadline.basis,
            if deadline.provisional {
                " (provisional)"
            } else {
                ""
            },
        ));
    }
    lines.push(String::new());
    lines.push("steps of the response (scelle case done STEP):".into());
    for step in &status.checklist {
        lines.push(match (&step.done, step.line) {
            (Some(done), Some(line)) => format!(
                "  [x] {:<18} {} (journal entry {line})",
                step.step.name(),
                local(done)
            ),
            _ => format!("  [ ] {}", step.step.name()),
        });
    }
    lines.push(String::new());
    if status.evidence.is_empty() {
        lines.push("evidence sealed: none yet (scelle freeze --case-dir)".into());
    } else {
        lines.push("evidence sealed:".into());
    }
    for evidence in &status.evidence {
        lines.push(format!(
            "  {}  seal {}  {} items, {} bytes, {} incomplete",
            show(evidence.evidence_id.as_str()),
            evidence.seal_sha256,
            evidence.items,
            evidence.payload_bytes,
            evidence.incomplete
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
