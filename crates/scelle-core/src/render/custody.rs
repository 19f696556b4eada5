//! The chain of custody as text, in the language asked.

use scelle_case::report::{finding_text, report_finding};
use scelle_custody::{CustodyFinding, CustodyReport, Head, SignerStatus};
use scelle_l10n::{FluentValue, Lang};

use crate::ops::custody::Recorded;
use crate::text::{for_terminal, Untrusted};

/// One line an entry, with who signed it as far as the keyring tells.
pub fn chain(report: &CustodyReport, lang: Lang) -> Vec<String> {
    let mut lines = vec![lang.format(
        "custody-log",
        &[("log", Untrusted(&report.log).to_string().into())],
    )];
    for verified in &report.entries {
        let entry = &verified.entry;
        let key = || -> [(&str, FluentValue<'_>); 1] { [("key", entry.key_id.to_string().into())] };
        let who = match (&verified.signer_name, verified.signer) {
            (Some(name), _) => format!(
                "{name}{}",
                verified
                    .signer_role
                    .as_ref()
                    .map(|role| format!(", {role}"))
                    .unwrap_or_default()
            ),
            (None, SignerStatus::Known) => lang.format("custody-who-key", &key()),
            (None, SignerStatus::Unknown) => lang.format("custody-who-unknown", &key()),
            (None, SignerStatus::NotChecked) => lang.format("custody-who-not-checked", &key()),
        };
        let who = match &entry.key_source {
            Some(source) if source.kind() != "file" => lang.format(
                "custody-who-via",
                &[("who", who.into()), ("kind", source.kind().into())],
            ),
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
            event(&entry.event, lang),
            entry.actor.as_deref().unwrap_or("-"),
            who,
            details.join("  ")
        )));
    }
    lines
}

/// A custody event's name: as recorded in English, in words otherwise.
fn event(name: &str, lang: Lang) -> String {
    let id = format!("report-event-{name}");
    if lang != Lang::En && lang.has(&id) {
        lang.text(&id)
    } else {
        name.to_string()
    }
}

/// The seal, warnings, findings, the receipt and the verdict on the chain.
pub fn verdict(report: &CustodyReport, lang: Lang) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(seal) = report.archive_seal_sha256 {
        lines.push(lang.format("custody-archive-seal", &[("seal", seal.to_string().into())]));
    }
    lines.extend(problems(report, lang));
    lines.extend(head(report, lang));
    lines.push(verdict_line(report, lang));
    lines
}

/// Warnings, findings and the verdict, without the receipt (for a report
/// that shows a chain beside the archive it seals).
pub fn checked(report: &CustodyReport, lang: Lang) -> Vec<String> {
    let mut lines = problems(report, lang);
    lines.push(lang.format(
        "custody-checked",
        &[
            ("entries", report.entries_total.into()),
            ("verdict", verdict_line(report, lang).into()),
        ],
    ));
    lines
}

fn problems(report: &CustodyReport, lang: Lang) -> Vec<String> {
    let said = |id: &str, finding: &CustodyFinding| {
        let message = match lang {
            Lang::En => finding.message.clone(),
            _ => {
                // The line is said once, before the message.
                let mut finding = report_finding("custody", finding);
                finding.place.line = None;
                finding_text(lang, &finding)
            }
        };
        lang.format(
            id,
            &[
                ("line", finding.place.line.unwrap_or(0).into()),
                ("message", Untrusted(&message).to_string().into()),
            ],
        )
    };
    let mut lines: Vec<String> = report
        .warnings
        .iter()
        .map(|warning| said("custody-warning", warning))
        .chain(
            report
                .findings
                .iter()
                .map(|finding| said("custody-finding", finding)),
        )
        .collect();
    if report.findings_total > report.findings.len() as u64 {
        lines.push(lang.format(
            "custody-more-findings",
            &[(
                "count",
                (report.findings_total - report.findings.len() as u64).into(),
            )],
        ));
    }
    lines
}

fn verdict_line(report: &CustodyReport, lang: Lang) -> String {
    lang.text(if report.intact() {
        "custody-verdict-intact"
    } else if report.findings.is_empty() {
        "custody-verdict-unauthenticated"
    } else {
        "custody-verdict-broken"
    })
}

/// An entry just appended, and the receipt to keep.
pub fn recorded(recorded: &Recorded, lang: Lang) -> Vec<String> {
    vec![
        lang.format(
            "custody-recorded",
            &[
                ("event", event(&recorded.entry.event, lang).into()),
                ("number", (recorded.entry.seq + 1).into()),
                (
                    "log",
                    Untrusted(&recorded.log.display().to_string())
                        .to_string()
                        .into(),
                ),
                ("key", recorded.entry.key_id.to_string().into()),
            ],
        ),
        receipt(&recorded.head, lang),
    ]
}

/// The head as a receipt line, with the command that checks it later.
fn receipt(head: &Head, lang: Lang) -> String {
    lang.format(
        "custody-receipt",
        &[
            ("entries", head.entries.into()),
            ("head", head.sha256.to_string().into()),
        ],
    )
}

/// The log's head, for `custody show`.
pub fn head(report: &CustodyReport, lang: Lang) -> Vec<String> {
    let mut lines: Vec<String> = report.head.iter().map(|head| receipt(head, lang)).collect();
    if report.entries_total > report.entries.len() as u64 {
        lines.push(lang.format(
            "custody-more-entries",
            &[(
                "count",
                (report.entries_total - report.entries.len() as u64).into(),
            )],
        ));
    }
    lines
}
