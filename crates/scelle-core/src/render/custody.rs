//! The chain of custody as text.

use scelle_custody::{CustodyReport, Head, SignerStatus};

use crate::ops::custody::Recorded;
use crate::text::{for_terminal, Untrusted};

/// One line an entry, with who signed it as far as the keyring tells.
pub fn chain(report: &CustodyReport) -> Vec<String> {
    let mut lines = vec![format!("custody log: {}", Untrusted(&report.log))];
    for verified in &report.entries {
        let entry = &verified.entry;
        let who = match (&verified.signer_name, verified.signer) {
            (Some(name), _) => format!(
                "{name}{}",
                verified
                    .signer_role
                    .as_ref()
                    .map(|role| format!(", {role}"))
                    .unwrap_or_default()
            ),
            (None, SignerStatus::Known) => format!("key {}", entry.key_id),
            (None, SignerStatus::Unknown) => format!("UNKNOWN key {}", entry.key_id),
            (None, SignerStatus::NotChecked) => format!("key {} (not checked)", entry.key_id),
        };
        let who = match &entry.key_source {
            Some(source) if source.kind() != "file" => format!("{who}, via {}", source.kind()),
            _ => who,
        };
        let details: Vec<String> = entry
            .details
            .iter()
            .map(|(key, value)| {
                format!(
                    "{key}={}",
                    value
                        .as_str()
                        .map_or_else(|| value.to_string(), str::to_string)
                )
            })
            .collect();
        lines.push(for_terminal(&format!(
            "{:>3}  {}  {:<11}  {}  [{}]  {}",
            verified.line,
            entry.time,
            entry.event,
            entry.actor.as_deref().unwrap_or("-"),
            who,
            details.join("  ")
        )));
    }
    lines
}

/// The seal, warnings, findings, the receipt and the verdict on the chain.
pub fn verdict(report: &CustodyReport) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(seal) = report.archive_seal_sha256 {
        lines.push(format!("archive seal SHA-256: {seal}"));
    }
    lines.extend(problems(report));
    lines.extend(head(report));
    lines.push(verdict_line(report));
    lines
}

/// Warnings, findings and the verdict, without the receipt (for a report
/// that shows a chain beside the archive it seals).
pub fn checked(report: &CustodyReport) -> Vec<String> {
    let mut lines = problems(report);
    lines.push(format!(
        "{} entries; {}",
        report.entries_total,
        verdict_line(report)
    ));
    lines
}

fn problems(report: &CustodyReport) -> Vec<String> {
    let mut lines = Vec::new();
    for warning in &report.warnings {
        lines.push(format!(
            "warning, line {}: {}",
            warning.place.line.unwrap_or(0),
            Untrusted(&warning.message)
        ));
    }
    for finding in &report.findings {
        lines.push(format!(
            "FINDING, line {}: {}",
            finding.place.line.unwrap_or(0),
            Untrusted(&finding.message)
        ));
    }
    if report.findings_total > report.findings.len() as u64 {
        lines.push(format!(
            "... {} more findings not listed",
            report.findings_total - report.findings.len() as u64
        ));
    }
    lines
}

fn verdict_line(report: &CustodyReport) -> String {
    if report.intact() {
        "verdict: INTACT chain of custody"
    } else if report.findings.is_empty() {
        "verdict: no finding, but signers NOT AUTHENTICATED (give --pubkey or --keyring)"
    } else {
        "verdict: BROKEN chain of custody"
    }
    .into()
}

/// An entry just appended, and the receipt to keep.
pub fn recorded(recorded: &Recorded) -> Vec<String> {
    vec![
        format!(
            "recorded {} as entry {} of {} (signed by key {})",
            recorded.entry.event,
            recorded.entry.seq + 1,
            Untrusted(&recorded.log.display().to_string()),
            recorded.entry.key_id
        ),
        receipt(&recorded.head),
    ]
}

/// The head as a receipt line, with the command that checks it later.
fn receipt(head: &Head) -> String {
    format!(
        "receipt:     {} entries, head SHA-256 {} (write both in the procès-verbal; later, \
         scelle custody verify --entries {} --head {} proves no entry up to here was dropped)",
        head.entries, head.sha256, head.entries, head.sha256
    )
}

/// The log's head, for `custody show`.
pub fn head(report: &CustodyReport) -> Vec<String> {
    let mut lines: Vec<String> = report.head.iter().map(receipt).collect();
    if report.entries_total > report.entries.len() as u64 {
        lines.push(format!(
            "... {} more entries verified (signature and chain), not listed; their timestamp tokens, if any, were not checked",
            report.entries_total - report.entries.len() as u64
        ));
    }
    lines
}
