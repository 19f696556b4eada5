//! Baselines and audits as text.

use std::path::Path;

use scelle_audit::{AuditReport, Severity};

use crate::ops::audit::BaselineReport;
use crate::text::{for_terminal, Untrusted};

/// What a baseline wrote.
pub fn baseline(summary: &BaselineReport) -> Vec<String> {
    vec![
        format!(
            "baseline:  {} ({} items)",
            Untrusted(&summary.baseline),
            summary.items
        ),
        format!("signature: {}", Untrusted(&summary.signature)),
        format!("SHA-256:   {}", summary.sha256),
    ]
}

/// What an audit found, worst first as the report orders them.
pub fn audit(report: &AuditReport, baseline: &Path) -> Vec<String> {
    let mut lines = vec![format!(
        "audit against {} ({} items; {} now): {} difference(s)",
        for_terminal(&baseline.display().to_string()),
        report.baseline_items,
        report.live_items,
        report.differences.len()
    )];
    for difference in &report.differences {
        let label = match difference.severity {
            Severity::Critical => "CRITICAL",
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
        };
        let change = serde_json::to_value(difference.change)
            .ok()
            .and_then(|value| value.as_str().map(str::to_string))
            .unwrap_or_default();
        let from = difference
            .moved_from
            .as_ref()
            .map(|from| format!(" (from {})", for_terminal(&from.to_display())))
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
