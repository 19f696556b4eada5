//! freeze, verify, extract, timestamps and the report, as text.

use scelle_snapshot::MAX_LISTED_INCOMPLETE;
use scelle_verify::{Anchor, FindingKind, KnockOn, Report, SignatureStatus};

use crate::callbacks::Event;
use crate::ops::freeze::FreezeReport;
use crate::ops::report::ReportSummary;
use crate::ops::timestamp::{StampReport, TimestampReport};
use crate::ops::verify::ExtractReport;
use crate::text::Untrusted;
use scelle_case::report::{finding_text, report_finding};
use scelle_finding::Verdict;
use scelle_l10n::{arg, FluentValue, Lang};

/// The summary of a freeze, in `lang`.
pub fn freeze(summary: &FreezeReport, lang: Lang) -> Vec<String> {
    let say = |id: &str, args: &[(&str, FluentValue<'_>)]| lang.format(id, args);
    let untrusted = |text: &str| FluentValue::from(Untrusted(text).to_string());
    let totals = &summary.totals;
    let mut lines = vec![
        say(
            "freeze-archive",
            &[("archive", untrusted(&summary.archive))],
        ),
        say(
            "freeze-custody-log",
            &[("log", untrusted(&summary.custody_log))],
        ),
        say(
            "freeze-custody-head",
            &[(
                "head",
                summary
                    .custody_head
                    .map_or_else(
                        || lang.text("freeze-unknown"),
                        |head| {
                            lang.format(
                                "freeze-head",
                                &[
                                    arg("entries", head.entries),
                                    arg("sha256", head.sha256.to_string()),
                                ],
                            )
                        },
                    )
                    .into(),
            )],
        ),
        say(
            "freeze-evidence-id",
            &[("id", summary.evidence_id.to_string().into())],
        ),
        say(
            "freeze-seal",
            &[("seal", summary.seal_sha256.to_string().into())],
        ),
        say("freeze-size", &[("bytes", summary.archive_size.into())]),
        say("freeze-items", &super::totals_args(totals)),
        say(
            "freeze-signed",
            &[
                ("key", summary.signer_key_id.to_string().into()),
                (
                    "fingerprint",
                    summary.signer_fingerprint_sha256.to_string().into(),
                ),
                (
                    "source",
                    summary
                        .signer_key_source
                        .as_ref()
                        .map(|source| format!(", {}", Untrusted(&super::key_kept(source, lang))))
                        .unwrap_or_default()
                        .into(),
                ),
            ],
        ),
        say(
            "freeze-time",
            &[
                ("started", summary.started.clone().into()),
                ("ended", summary.ended.clone().into()),
            ],
        ),
    ];
    for (id, locked) in [
        ("freeze-locked", &summary.locked),
        ("freeze-entry-locked", &summary.locked_custody_entry),
    ] {
        if let Some(locked) = locked {
            lines.push(say(
                id,
                &[
                    ("url", untrusted(&locked.url)),
                    (
                        "version",
                        untrusted(locked.version_id.as_deref().unwrap_or("?")),
                    ),
                    (
                        "mode",
                        untrusted(locked.lock_mode.as_deref().unwrap_or("?")),
                    ),
                    (
                        "until",
                        untrusted(locked.retain_until.as_deref().unwrap_or("?")),
                    ),
                    (
                        "hold",
                        if locked.legal_hold {
                            lang.text("freeze-legal-hold")
                        } else {
                            String::new()
                        }
                        .into(),
                    ),
                ],
            ));
        }
    }
    if summary.incomplete_items > 0 {
        lines.push(say(
            "freeze-incomplete",
            &[("count", summary.incomplete_items.into())],
        ));
        for item in &summary.incomplete {
            let status = match lang {
                Lang::En => format!("{:?}", item.status),
                _ => lang.text(&format!("report-status-{}", item.status.name())),
            };
            lines.push(format!(
                "  {status} {}: {}",
                Untrusted(&item.path),
                Untrusted(&item.reason)
            ));
        }
        if summary.incomplete_items > summary.incomplete.len() as u64 {
            lines.push(say(
                "freeze-incomplete-more",
                &[
                    (
                        "count",
                        (summary.incomplete_items - summary.incomplete.len() as u64).into(),
                    ),
                    ("shown", MAX_LISTED_INCOMPLETE.into()),
                ],
            ));
        }
    }
    lines
}

/// The readable report of a verification, in `lang`.
pub fn verify(report: &Report, verdict: Verdict, lang: Lang) -> Vec<String> {
    let say = |id: &str, args: &[(&str, FluentValue<'_>)]| lang.format(id, args);
    let untrusted = |text: &str| FluentValue::from(Untrusted(text).to_string());
    let mut lines = vec![
        say(
            "verify-source",
            &[
                ("source", untrusted(&report.source)),
                ("kind", report.source_kind.to_string().into()),
            ],
        ),
        say(
            "verify-evidence-id",
            &[(
                "id",
                report
                    .evidence_id
                    .as_deref()
                    .map_or_else(|| lang.text("verify-no-evidence-id").into(), untrusted),
            )],
        ),
    ];
    if let Some(seal) = report.seal_sha256 {
        let id = match report.expected_seal_sha256 {
            Some(expected) if expected == seal => "verify-seal-matches",
            Some(_) => "verify-seal-differs",
            None => "verify-seal-not-compared",
        };
        lines.push(say(id, &[("seal", seal.to_string().into())]));
    }
    let not_an_archive = report
        .findings
        .iter()
        .any(|finding| finding.kind == FindingKind::NotAnArchive);
    let checked = if not_an_archive {
        "verify-checked-nothing"
    } else if report.read_stopped() {
        "verify-checked-stopped"
    } else {
        "verify-checked"
    };
    lines.push(say(
        checked,
        &[
            ("members", report.members.into()),
            ("files", report.payload_files.into()),
            ("bytes", report.payload_bytes.into()),
            ("items", report.manifest_items.into()),
            ("incomplete", report.incomplete_items.into()),
        ],
    ));
    let signature = &report.signature;
    let key: FluentValue<'_> = signature
        .key_id
        .map_or_else(|| "?".to_string(), |id| id.to_string())
        .into();
    lines.push(match signature.status {
        SignatureStatus::Verified => say(
            "verify-signature-verified",
            &[
                ("key", key),
                (
                    "comment",
                    untrusted(signature.trusted_comment.as_deref().unwrap_or("")),
                ),
            ],
        ),
        SignatureStatus::Invalid => say("verify-signature-invalid", &[("key", key)]),
        SignatureStatus::OtherKey => say("verify-signature-other-key", &[("key", key)]),
        SignatureStatus::NotChecked => say("verify-signature-not-checked", &[("key", key)]),
        SignatureStatus::Missing => say("verify-signature-missing", &[]),
    });
    if let Some(fingerprint) = signature.public_key_fingerprint_sha256 {
        let id = if report.anchors.contains(&Anchor::Fingerprint) {
            "verify-key-pinned"
        } else if report.anchors.contains(&Anchor::Keyring) {
            "verify-key-in-keyring"
        } else {
            "verify-key-compare"
        };
        lines.push(say(id, &[("fingerprint", fingerprint.to_string().into())]));
    }
    if let Some(source) = &signature.key_source {
        let kept = super::key_kept(source, lang);
        lines.push(say("verify-key-kept", &[("source", untrusted(&kept))]));
    }
    for warning in &report.warnings {
        let text = match lang {
            Lang::En => warning.message.clone(),
            _ => finding_text(lang, &report_finding("verify", warning)),
        };
        lines.push(say("verify-warning", &[("warning", untrusted(&text))]));
    }
    if report.findings_total == 0 {
        lines.push(say("verify-findings-none", &[]));
    } else {
        lines.push(say(
            "verify-findings",
            &[("count", report.findings_total.into())],
        ));
        for finding in &report.findings {
            lines.extend(finding_lines(finding, lang));
        }
        if report.findings_total > report.findings.len() as u64 {
            lines.push(say(
                "verify-findings-more",
                &[(
                    "count",
                    (report.findings_total - report.findings.len() as u64).into(),
                )],
            ));
        }
        if !report.knock_on.is_empty() {
            lines.push(knock_on_line(&report.knock_on, lang));
        }
    }
    lines.push(match verdict {
        Verdict::Intact => say(
            "verify-verdict-intact",
            &[("anchors", anchored_by(&report.anchors, lang).into())],
        ),
        Verdict::Authentic => say("verify-verdict-authentic", &[]),
        Verdict::Unauthenticated => say("verify-verdict-unauthenticated", &[]),
        Verdict::NotIntact => say("verify-verdict-not-intact", &[]),
    });
    lines
}

/// One finding of a verification: in English the check's own message, the
/// values below it; in another language the catalogue's words for its kind,
/// where and both values, on one line.
fn finding_lines(finding: &scelle_verify::Finding, lang: Lang) -> Vec<String> {
    if lang != Lang::En {
        let shown = finding_text(lang, &report_finding("verify", finding));
        return vec![format!("  - {}", Untrusted(&shown))];
    }
    let place = finding.place.to_string();
    let member = if place.is_empty() {
        String::new()
    } else {
        format!("{}: ", Untrusted(&place))
    };
    let mut lines = vec![format!("  - {member}{}", Untrusted(&finding.message))];
    if let (Some(expected), Some(found)) = (&finding.expected, &finding.found) {
        for (label, value) in [("verify-recorded", expected), ("verify-found", found)] {
            lines.push(format!("      {} {}", lang.text(label), Untrusted(value)));
        }
    }
    lines
}

/// The findings that only follow from a listed one, counted by kind.
fn knock_on_line(knock_on: &[KnockOn], lang: Lang) -> String {
    let count: u64 = knock_on.iter().map(|counted| counted.count).sum();
    let kinds: Vec<String> = knock_on
        .iter()
        .map(|counted| {
            let kind = serde_json::to_value(counted.kind)
                .ok()
                .and_then(|value| value.as_str().map(str::to_string))
                .unwrap_or_default();
            format!("{} × {kind}", counted.count)
        })
        .collect();
    lang.format(
        "verify-knock-on",
        &[("count", count.into()), ("kinds", kinds.join(", ").into())],
    )
}

/// What the verdict is anchored by, in words.
fn anchored_by(anchors: &[Anchor], lang: Lang) -> String {
    let words: Vec<String> = anchors
        .iter()
        .map(|anchor| {
            lang.text(match anchor {
                Anchor::Seal => "verify-anchor-seal",
                Anchor::Fingerprint => "verify-anchor-fingerprint",
                Anchor::Keyring => "verify-anchor-keyring",
            })
        })
        .collect();
    words.join("; ")
}

/// The verification, then what was extracted or why nothing was.
pub fn extract(extraction: &ExtractReport, lang: Lang) -> Vec<String> {
    let mut lines = verify(&extraction.report, extraction.verdict, lang);
    lines.push(match (&extraction.extracted_to, &extraction.refused) {
        (Some(path), _) => format!(
            "extracted:   {} files into {} (read-only, recorded mtimes)",
            extraction.files,
            Untrusted(&path.display().to_string())
        ),
        (None, reason) => format!(
            "NOT EXTRACTED: {}",
            Untrusted(reason.as_deref().unwrap_or("unknown reason"))
        ),
    });
    lines
}

/// The timestamp part of a verification.
pub fn timestamp(report: &TimestampReport, lang: Lang) -> Vec<String> {
    let shown = |text: &str| Untrusted(text).to_string();
    let mut lines = vec![match &report.info {
        Some(info) => lang.format(
            "timestamp-token",
            &[
                arg("time", info.gen_time.as_str()),
                arg("stamped", shown(&report.stamped)),
                arg("tsa", tsa_name(info.signer.as_deref(), lang)),
                arg("token", shown(&report.token)),
                arg("serial", info.serial.to_string()),
                arg("policy", info.policy.to_string()),
            ],
        ),
        None => lang.format(
            "timestamp-token-only",
            &[arg("token", shown(&report.token))],
        ),
    }];
    if !report.findings.is_empty() {
        lines.push(lang.text("timestamp-not-valid"));
        for finding in &report.findings {
            let text = match lang {
                Lang::En => finding.message.clone(),
                _ => finding_text(lang, &report_finding("timestamp", finding)),
            };
            lines.push(format!("  - {}", Untrusted(&text)));
        }
    } else if report.tsa_authenticated {
        lines.push(lang.text("timestamp-valid"));
    } else {
        lines.push(lang.text("timestamp-unauthenticated"));
    }
    match report.openssl_agrees {
        Some(true) => lines.push(lang.text("timestamp-openssl-agrees")),
        Some(false) => lines.push(lang.text("timestamp-openssl-disagrees")),
        None => {}
    }
    if !report.nonce_checked {
        lines.push(lang.text("timestamp-nonce-unchecked"));
    }
    if let (Some(host), Some(offset)) = (&report.host_signed_time, report.tsa_minus_host_seconds) {
        lines.push(lang.format(
            "timestamp-offset",
            &[
                arg("host", host.as_str()),
                arg("offset", format!("{offset:+.3}")),
            ],
        ));
    }
    lines
}

/// The TSA's name from its certificate, or words saying it has none.
fn tsa_name(signer: Option<&str>, lang: Lang) -> String {
    match signer {
        Some(name) => Untrusted(name).to_string(),
        None => lang.text("timestamp-unnamed-tsa"),
    }
}

/// What `scelle timestamp` obtained.
pub fn stamp(stamped: &StampReport, lang: Lang) -> String {
    let info = &stamped.info;
    lang.format(
        "timestamp-obtained",
        &[
            arg("time", info.gen_time.as_str()),
            arg("tsa", tsa_name(info.signer.as_deref(), lang)),
            arg("serial", info.serial.to_string()),
            arg("policy", info.policy.to_string()),
            arg(
                "token",
                Untrusted(&stamped.token.display().to_string()).to_string(),
            ),
        ],
    )
}

/// What `scelle report` wrote.
pub fn report(summary: &ReportSummary, lang: Lang) -> String {
    let shown = |path: &std::path::Path| Untrusted(&path.display().to_string()).to_string();
    let journal = if summary.journal_consistent {
        "report-journal-consistent"
    } else {
        "report-journal-not-intact"
    };
    let mut lines = vec![
        lang.format(
            "report-written",
            &[
                arg("path", shown(&summary.out)),
                arg("archives", summary.archives),
                arg("failed", summary.not_intact),
                arg("journal", lang.text(journal)),
            ],
        ),
        lang.format(
            "report-written-sha256",
            &[arg("sha256", summary.sha256.to_string())],
        ),
    ];
    lines.push(match &summary.signature {
        Some(signature) => lang.format(
            "report-written-signed",
            &[arg("signature", shown(signature))],
        ),
        None => lang.text("report-written-unsigned"),
    });
    for (path, sha256) in &summary.appendices {
        lines.push(lang.format(
            "report-written-items",
            &[arg("path", shown(path)), arg("sha256", sha256.to_string())],
        ));
    }
    lines.join("\n")
}

/// An event, as a line for stderr.
pub fn event(event: &Event, lang: Lang) -> String {
    let shown = |text: &str| Untrusted(text).to_string();
    match event {
        Event::MountedReadWrite { device, mounts } => lang.format(
            "event-mounted-read-write",
            &[
                arg("device", shown(device)),
                arg("mounts", shown(&mounts.join(", "))),
            ],
        ),
        Event::Timestamped {
            gen_time,
            tsa,
            token,
        } => lang.format(
            "event-timestamped",
            &[
                arg("time", gen_time.as_str()),
                arg("tsa", shown(tsa)),
                arg("token", shown(token)),
            ],
        ),
        Event::NoTimestamp { error, later } => lang.format(
            "event-no-timestamp",
            &[arg("error", shown(error)), arg("later", later.as_str())],
        ),
        Event::LeftoverPartials { files } => lang.format(
            "freeze-leftovers",
            &[
                arg("count", files.len()),
                arg("names", shown(&files.join(", "))),
            ],
        ),
    }
}
