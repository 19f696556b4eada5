//! The wording of reports, in French and in English, each written for its
//! readers (a commissaire de justice and an avocat; an expert and counsel).
//! The sentences are in scelle's Fluent catalogue (`scelle-l10n`, ids
//! `report-*`); this module only names them.

use crate::deadline::Obligation;
use crate::facts::Impact;
use crate::journal::NotificationKind;
use scelle_l10n::text_arg;
pub use scelle_l10n::Lang;

/// The report's phrases in one language.
pub(crate) struct Words {
    lang: Lang,
}

impl Words {
    pub fn for_lang(lang: Lang) -> Words {
        Words { lang }
    }

    /// The language.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The BCP 47 tag.
    pub fn tag(&self) -> &'static str {
        self.lang.tag()
    }

    /// The phrase `report-<id>`.
    pub fn t(&self, id: &str) -> String {
        self.lang.text(&format!("report-{id}"))
    }

    /// The phrase `report-<id>` with its arguments.
    pub fn with(&self, id: &str, args: &[(&str, scelle_l10n::FluentValue<'_>)]) -> String {
        self.lang.format(&format!("report-{id}"), args)
    }

    /// A table's header: the phrases `report-<id>-1` to `report-<id>-<columns>`.
    pub fn head(&self, id: &str, columns: usize) -> Vec<String> {
        (1..=columns)
            .map(|n| self.t(&format!("{id}-{n}")))
            .collect()
    }

    /// The phrase `report-<prefix>-<name>`, or `name` itself when the
    /// catalogue has none (a value recorded by a later version).
    pub fn named(&self, prefix: &str, name: &str) -> String {
        let id = format!("report-{prefix}-{name}");
        if self.lang.has(&id) {
            self.lang.text(&id)
        } else {
            name.to_string()
        }
    }

    pub fn impact(&self, impact: Impact) -> String {
        self.t(&format!("impact-{}", impact.name()))
    }

    /// An item kind (`file`, `dir`, ...) in words, plural.
    pub fn kind(&self, kind: &str) -> String {
        self.named("kind", kind)
    }

    pub fn notification_kind(&self, kind: NotificationKind) -> String {
        self.t(&format!("notification-kind-{}", kind.name()))
    }

    /// "Notification to the CNIL", "Notification à la CNIL": the body with
    /// its article in French (free-text recipients as recorded).
    pub fn notified_to(&self, to: &str) -> String {
        self.with("notified-to", &[text_arg("to", to)])
    }

    /// An item's acquisition status (`changed`, `skipped`, ...) in words.
    pub fn item_status(&self, status: &str) -> String {
        self.named("status", status)
    }

    /// A custody event (`sealed`, `transferred`, ...) in words.
    pub fn custody_event(&self, event: &str) -> String {
        self.named("event", event)
    }

    /// The legal basis of a duty, cited as a reader of that language cites it.
    pub fn basis(&self, obligation: Obligation) -> String {
        self.t(&format!("basis-{}", obligation_id(obligation)))
    }

    /// Who is to be told, in words (a body's name stays as it is).
    pub fn recipient(&self, recipient: &str) -> String {
        self.named("recipient", recipient)
    }

    /// The duty in words.
    pub fn obligation(&self, obligation: Obligation) -> String {
        self.t(&format!("duty-{}", obligation_id(obligation)))
    }
}

/// The catalogue's name of a duty.
fn obligation_id(obligation: Obligation) -> &'static str {
    match obligation {
        Obligation::GdprNotification => "gdpr",
        Obligation::Nis2EarlyWarning => "nis2-early",
        Obligation::Nis2Notification => "nis2-notification",
        Obligation::Nis2FinalReport => "nis2-final",
        Obligation::OivNotification => "oiv",
        Obligation::Nis2IntermediateReport => "nis2-intermediate",
        Obligation::Nis2ProgressReport => "nis2-progress",
        Obligation::GdprControllerNotice => "gdpr-controller",
        Obligation::GdprDataSubjects => "gdpr-subjects",
        Obligation::DoraInitial => "dora-initial",
        Obligation::DoraIntermediate => "dora-intermediate",
        Obligation::DoraFinal => "dora-final",
    }
}
