//! Annexes counsel files with a claim, filled from the case: the exhibit
//! list of a requête under art. 145 CPC (measures of inquiry before any
//! trial), and the facts and exhibits of a criminal complaint for an attack
//! on an information system (art. 323-1 ff. code pénal).
//!
//! They hold only what the case records — the chronology from the signed
//! journal, each seal with its hash, the harm declared — and leave blank
//! what is counsel's to write (the court, the measures sought, the
//! legitimate reason, the qualification). The complaint is addressed to the
//! bodies that handle cybercrime (the Paris prosecutor's cybercrime
//! section, the BEFTI, the OFAC, the C3N), not a local police station.

use crate::document::{Block, Document, Section};
use crate::journal::CaseState;
use crate::words::{Lang, Words};

/// Which annex.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Annex {
    /// Exhibit list of a requête under art. 145 CPC.
    Requete145,
    /// Facts and exhibits of a criminal complaint.
    Complaint,
}

/// The annex, from the case.
pub fn annex(case: &CaseState, kind: Annex, lang: Lang) -> Document {
    let words = &Words::for_lang(lang);
    let facts = &case.facts;
    let zone = facts.time_zone().unwrap_or(chrono_tz::UTC);
    let blank = || "…………………………".to_string();
    let mut exhibits: Vec<Vec<String>> = case
        .evidence
        .iter()
        .map(|sealed| {
            vec![
                String::new(),
                words.with(
                    "annex-exhibit-seal",
                    &[
                        ("id", sealed.evidence_id.to_string().into()),
                        ("archive", sealed.archive.clone().into()),
                        ("items", sealed.items.into()),
                    ],
                ),
                sealed.seal_sha256.to_string(),
            ]
        })
        .collect();
    exhibits.push(vec![
        String::new(),
        words.t("annex-exhibit-journal"),
        case.journal_head_sha256.to_string(),
    ]);
    exhibits.push(vec![
        String::new(),
        words.t("annex-exhibit-report"),
        blank(),
    ]);
    for (number, row) in exhibits.iter_mut().enumerate() {
        row[0] = (number + 1).to_string();
    }
    let exhibit_table = Block::Table {
        head: words.head("annex-exhibits-head", 3),
        rows: exhibits,
    };
    let impact: Vec<String> = facts.impact.iter().map(|i| words.impact(*i)).collect();
    let harm = vec![
        (
            words.t("impact-label"),
            if impact.is_empty() {
                words.t("none-yet")
            } else {
                impact.join(", ")
            },
        ),
        (
            words.t("personal-data"),
            if facts.personal_data {
                words.t("yes")
            } else {
                words.t("no")
            },
        ),
        (words.t("annex-harm-amount"), blank()),
    ];
    let victim = vec![
        (
            words.t("organization"),
            facts.organization.clone().unwrap_or_else(blank),
        ),
        (
            words.t("counsel"),
            facts.counsel.clone().unwrap_or_else(blank),
        ),
        (
            words.t("discovered"),
            crate::report::show_time(&facts.discovered, zone),
        ),
    ];
    let (title, notice, to_fill, sections) = match kind {
        Annex::Requete145 => (
            "annex-title-requete",
            "annex-notice-requete",
            vec![
                (words.t("annex-court"), blank()),
                (words.t("annex-measures"), blank()),
                (words.t("annex-legitimate-reason"), blank()),
            ],
            vec![
                (words.t("annex-section-exhibits"), vec![exhibit_table]),
                (
                    words.t("annex-section-chronology"),
                    vec![crate::report::timeline(case, lang)],
                ),
            ],
        ),
        Annex::Complaint => (
            "annex-title-complaint",
            "annex-notice-complaint",
            vec![
                (words.t("annex-addressee"), words.t("annex-addressees")),
                (
                    words.t("annex-qualification"),
                    words.t("annex-qualification-hint"),
                ),
            ],
            vec![
                (words.t("annex-section-victim"), vec![Block::Facts(victim)]),
                (
                    words.t("annex-section-facts"),
                    vec![crate::report::timeline(case, lang)],
                ),
                (words.t("annex-section-harm"), vec![Block::Facts(harm)]),
                (words.t("annex-section-exhibits"), vec![exhibit_table]),
            ],
        ),
    };
    let mut all = vec![Section {
        heading: words.t("annex-section-to-fill"),
        blocks: vec![Block::Facts(to_fill)],
    }];
    all.extend(
        sections
            .into_iter()
            .map(|(heading, blocks)| Section { heading, blocks }),
    );
    crate::report::case_document(words, facts, title, notice, all)
}
