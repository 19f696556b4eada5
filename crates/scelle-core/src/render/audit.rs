//! Baselines and audits as text.

use std::path::Path;

use scelle_audit::{AuditReport, Severity};

use crate::ops::audit::BaselineReport;
use crate::text::{for_terminal, Untrusted};
use scelle_l10n::{arg, Lang};

/// What a baseline wrote.
pub fn baseline(summary: &BaselineReport, lang: Lang) -> Vec<String> {
    let path = |path: &str| Untrusted(path).to_string();
    vec![
        lang.format(
            "baseline-written",
            &[
                arg("path", path(&summary.baseline)),
                arg("items", summary.items),
            ],
        ),
        lang.format(
            "baseline-signature",
            &[arg("path", path(&summary.signature))],
        ),
        lang.format(
            "baseline-sha256",
            &[arg("sha256", summary.sha256.to_string())],
        ),
    ]
}

/// What an audit found, worst first as the report orders them.
pub fn audit(report: &AuditReport, baseline: &Path, lang: Lang) -> Vec<String> {
    let mut lines = vec![lang.format(
        "audit-summary",
        &[
            arg("baseline", for_terminal(&baseline.display().to_string())),
            arg("items", report.baseline_items),
            arg("now", report.live_items),
            arg("differences", report.differences.len()),
        ],
    )];
    for difference in &report.differences {
        let label = lang.text(match difference.severity {
            Severity::Critical => "audit-critical",
            Severity::High => "audit-high",
            Severity::Medium => "audit-medium",
            Severity::Low => "audit-low",
        });
        let change = serde_json::to_value(difference.change)
            .ok()
            .and_then(|value| value.as_str().map(str::to_string))
            .unwrap_or_default();
        let from = difference
            .moved_from
            .as_ref()
            .map(|from| {
                let shown = for_terminal(&from.to_display());
                format!(" {}", lang.format("audit-from", &[arg("path", shown)]))
            })
            .unwrap_or_default();
        lines.push(format!(
            "{label:<8} {change:<8} {}{from}",
            for_terminal(&difference.path.to_display())
        ));
        for field in &difference.fields {
            lines.push(format!(
                "           {}: {} -> {}",
                field.field,
                for_terminal(&field.old),
                for_terminal(&field.new)
            ));
        }
    }
    lines
}
