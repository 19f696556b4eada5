//! Reports as lines of text, for a terminal or a log. Every field that came
//! from evidence, a log or a token goes through [`crate::text::Untrusted`]
//! on its way.

use scelle_l10n::{FluentValue, Lang};

mod audit;
mod case;
mod custody;
mod evidence;
mod inspect;

pub use audit::{audit, baseline};
pub use case::{case_show, status as case_status};
pub use custody::{
    chain as custody_chain, checked as custody_checked, head as custody_head, recorded,
    verdict as custody_verdict,
};
pub use evidence::{event, extract, freeze, report, stamp, timestamp, verify};
pub use inspect::{JsonInspect, TextInspect};

/// Where a signing key was kept, in words: English keeps the key source's
/// own description, other languages the catalogue's.
fn key_kept(source: &scelle_sign::KeySource, lang: Lang) -> String {
    match lang {
        Lang::En => source.describe(),
        _ => scelle_case::report::key_kept_text(lang, source),
    }
}

/// The totals of a sealed record as catalogue arguments (freeze's summary
/// and inspect say them alike).
fn totals_args(totals: &scelle_manifest::Totals) -> [(&'static str, FluentValue<'static>); 9] {
    [
        ("items", totals.items.into()),
        ("files", totals.payload_files.into()),
        ("bytes", totals.payload_bytes.into()),
        ("complete", totals.complete.into()),
        ("changed", totals.changed.into()),
        ("unreadable", totals.unreadable.into()),
        ("skipped", totals.skipped.into()),
        ("failed", totals.failed.into()),
        ("vanished", totals.vanished.into()),
    ]
}
