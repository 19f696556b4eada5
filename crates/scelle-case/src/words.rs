//! The wording of reports, in French and in English, each written for its
//! readers (a commissaire de justice and an avocat; an expert and counsel).

use crate::facts::Impact;
use crate::journal::NotificationKind;

/// Report language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    /// Français.
    Fr,
    /// English.
    En,
}

impl Lang {
    /// Parses `fr` or `en`.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "fr" => Some(Lang::Fr),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// Every phrase a report uses.
pub(crate) struct Words {
    pub tag: &'static str,
    pub report_title: &'static str,
    pub case_ref: &'static str,
    pub generated: &'static str,
    pub title: &'static str,
    pub discovered: &'static str,
    pub personal_data: &'static str,
    pub nis2: &'static str,
    pub essential: &'static str,
    pub important: &'static str,
    pub oiv: &'static str,
    pub impact_label: &'static str,
    pub none_yet: &'static str,
    pub organization: &'static str,
    pub legal_basis: &'static str,
    pub dpo: &'static str,
    pub counsel: &'static str,
    pub time_zone: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub section_case: &'static str,
    pub section_deadlines: &'static str,
    pub deadline_method: &'static str,
    pub no_deadline: &'static str,
    pub deadline_head: [&'static str; 5],
    pub gdpr: &'static str,
    pub nis2_early: &'static str,
    pub nis2_notification: &'static str,
    pub nis2_final: &'static str,
    pub oiv_notification: &'static str,
    pub provisional: &'static str,
    pub without_delay: &'static str,
    pub reference: &'static str,
    pub sent: &'static str,
    pub day_unit: &'static str,
    pub met: &'static str,
    pub before: &'static str,
    pub met_late: &'static str,
    pub open: &'static str,
    pub left: &'static str,
    pub overdue: &'static str,
    pub due_now: &'static str,
    pub section_timeline: &'static str,
    pub timeline_head: [&'static str; 5],
    pub case_opened: &'static str,
    pub notified: &'static str,
    pub impact_set: &'static str,
    pub evidence_sealed: &'static str,
    pub journal_intact: &'static str,
    pub journal_unauthenticated: &'static str,
    pub journal_broken: &'static str,
    /// Introduces the journal's receipt (entries and head).
    pub journal_receipt: &'static str,
    /// "SHA-256 of its last line".
    pub last_line_sha256: &'static str,
    pub entries: &'static str,
    pub section_evidence: &'static str,
    pub section_evidence_one: &'static str,
    pub no_evidence: &'static str,
    pub evidence_examined: &'static str,
    pub as_of: &'static str,
    pub file: &'static str,
    pub evidence_id: &'static str,
    pub seal: &'static str,
    pub signer: &'static str,
    pub key_in_file: &'static str,
    pub key_in_agent: &'static str,
    pub key_on_token: &'static str,
    pub serial: &'static str,
    pub host: &'static str,
    pub acquisition: &'static str,
    pub contents: &'static str,
    pub items: &'static str,
    pub files_stored: &'static str,
    pub bytes: &'static str,
    pub incomplete: &'static str,
    /// Items not collected on purpose.
    pub skipped: &'static str,
    /// Introduces their table.
    pub skipped_intro: &'static str,
    /// The acquisition's command line.
    pub command_line: &'static str,
    /// Who ran it.
    pub operator: &'static str,
    /// The paths given.
    pub roots: &'static str,
    /// The exclusion patterns.
    pub excludes: &'static str,
    /// The host clock.
    pub clock: &'static str,
    /// The trusted time read.
    pub clock_reference: &'static str,
    /// The host clock then.
    pub clock_host: &'static str,
    /// Its offset.
    pub clock_offset: &'static str,
    /// No trusted time was given.
    pub clock_none: &'static str,
    pub none: &'static str,
    pub verification: &'static str,
    pub timestamp: &'static str,
    pub timestamp_valid: &'static str,
    pub timestamp_unauthenticated: &'static str,
    pub timestamp_invalid: &'static str,
    pub intact: &'static str,
    pub authentic: &'static str,
    pub unauthenticated: &'static str,
    pub not_intact: &'static str,
    pub in_journal: &'static str,
    pub not_in_journal: &'static str,
    pub journal_line: &'static str,
    pub findings_intro: &'static str,
    pub incomplete_intro: &'static str,
    pub incomplete_head: [&'static str; 3],
    pub custody_intro: &'static str,
    pub custody_head: [&'static str; 4],
    /// A key the keyring knows without a name.
    pub key_in_keyring: &'static str,
    /// A key the keyring does not know.
    pub key_unknown: &'static str,
    /// A key no keyring was given to check.
    pub key_not_checked: &'static str,
    /// Introduces the name a signer typed.
    pub declared: &'static str,
    /// Says the typed name is not the keyring's.
    pub differs: &'static str,
    /// Introduces the entries signed by keys the keyring does not know.
    pub untrusted_entries: &'static str,
    pub custody_intact: &'static str,
    pub custody_unauthenticated: &'static str,
    pub custody_broken: &'static str,
    pub no_custody: &'static str,
    pub section_method: &'static str,
    pub method: &'static str,
    impacts: [&'static str; 4],
    kinds: [(&'static str, &'static str); 7],
    notification_kinds: [&'static str; 5],
}

impl Words {
    pub fn for_lang(lang: Lang) -> &'static Words {
        match lang {
            Lang::Fr => &FR,
            Lang::En => &EN,
        }
    }

    pub fn impact(&self, impact: Impact) -> &'static str {
        self.impacts[impact as usize]
    }

    /// An item kind (`file`, `dir`, ...) in words, plural.
    pub fn kind<'a>(&self, kind: &'a str) -> &'a str {
        self.kinds
            .iter()
            .find(|(name, _)| *name == kind)
            .map_or(kind, |(_, words)| words)
    }

    pub fn notification_kind(&self, kind: NotificationKind) -> &'static str {
        self.notification_kinds[kind as usize]
    }

    /// "Notification to the CNIL", "Notification à la CNIL": the body with
    /// its article in French (free-text recipients as recorded).
    pub fn notified_to(&self, to: &str) -> String {
        if self.tag != "fr" {
            return format!("{} {to}", self.notified);
        }
        let article = match to {
            "CNIL" | "BEFTI" | "POLICE" | "GENDARMERIE" => "à la ",
            "ANSSI" | "ACPR" | "AMF" | "OFAC" => "à l'",
            "CERT-FR" | "CSIRT" | "C3N" | "PARQUET" => "au ",
            "CONTROLLER" => return format!("{} au responsable de traitement", self.notified),
            "DATA-SUBJECTS" => return format!("{} aux personnes concernées", self.notified),
            _ => "à : ",
        };
        let name = match to {
            "POLICE" => "police",
            "GENDARMERIE" => "gendarmerie",
            "PARQUET" => "parquet",
            other => other,
        };
        format!("{} {article}{name}", self.notified)
    }

    /// An item's acquisition status (`changed`, `skipped`, ...) in words.
    pub fn item_status<'a>(&self, status: &'a str) -> &'a str {
        if self.tag != "fr" {
            return status;
        }
        match status {
            "complete" => "complet",
            "changed" => "modifié pendant la lecture",
            "unreadable" => "illisible",
            "skipped" => "non collecté",
            "unreadable-ranges" => "secteurs illisibles",
            "failed" => "commande en échec",
            "vanished" => "disparu avant lecture",
            other => other,
        }
    }

    /// A custody event (`sealed`, `transferred`, ...) in words.
    pub fn custody_event<'a>(&self, event: &'a str) -> &'a str {
        if self.tag != "fr" {
            return event;
        }
        match event {
            "sealed" => "mise sous scellé",
            "timestamped" => "horodatage",
            "timestamp-failed" => "horodatage échoué",
            "transferred" => "remise",
            "received" => "réception",
            "verified" => "vérification",
            "copied" => "copie",
            "extracted" => "extraction",
            "note" => "note",
            other => other,
        }
    }

    /// The legal basis of a duty, cited as a reader of that language cites it.
    pub fn basis(&self, obligation: crate::deadline::Obligation) -> &'static str {
        use crate::deadline::Obligation as O;
        match (self.tag, obligation) {
            ("fr", O::GdprNotification) => "art. 33, § 1, du RGPD",
            ("fr", O::Nis2EarlyWarning) => "directive NIS2, art. 23, § 4, a) (texte applicable : sa transposition en droit français)",
            ("fr", O::Nis2Notification) => "directive NIS2, art. 23, § 4, b) (texte applicable : sa transposition en droit français)",
            ("fr", O::Nis2FinalReport) => "directive NIS2, art. 23, § 4, d) (texte applicable : sa transposition en droit français)",
            ("fr", O::OivNotification) => "art. L. 1332-6-2 et R. 1332-41-10 du code de la défense",
            (_, O::GdprNotification) => "GDPR art. 33(1)",
            (_, O::Nis2EarlyWarning) => "NIS2 art. 23(4)(a) (binding text: the French transposition)",
            (_, O::Nis2Notification) => "NIS2 art. 23(4)(b) (binding text: the French transposition)",
            (_, O::Nis2FinalReport) => "NIS2 art. 23(4)(d) (binding text: the French transposition)",
            (_, O::OivNotification) => "French code de la défense, art. L. 1332-6-2 and R. 1332-41-10",
        }
    }
}

static FR: Words = Words {
    tag: "fr",
    report_title: "Rapport d'incident et de scellés numériques",
    case_ref: "Dossier",
    generated: "établi le",
    title: "Intitulé",
    discovered: "Découverte de l'incident",
    personal_data: "Données à caractère personnel concernées",
    nis2: "Entité soumise à NIS2",
    essential: "entité essentielle",
    important: "entité importante",
    oiv: "Opérateur d'importance vitale",
    impact_label: "Catégories d'atteinte déclarées",
    none_yet: "non encore qualifiées",
    organization: "Organisme",
    legal_basis: "Fondement juridique",
    dpo: "Délégué à la protection des données",
    counsel: "Conseil",
    time_zone: "Fuseau horaire de référence",
    yes: "oui",
    no: "non",
    section_case: "1. Le dossier",
    section_deadlines: "2. Délais de notification",
    deadline_method: "Les délais en heures courent de la découverte de l'incident, en temps écoulé ; le délai d'un mois est calendaire, dans le fuseau du dossier. ",
    no_deadline: "Au vu des éléments déclarés (pas de données personnelles, ni entité NIS2, ni OIV), aucun délai de notification réglementaire ne s'applique.",
    deadline_head: ["Obligation", "Destinataire", "Échéance", "État", "Accomplie par"],
    gdpr: "Notification à la CNIL de la violation de données à caractère personnel (72 heures)",
    nis2_early: "Alerte précoce (24 heures)",
    nis2_notification: "Notification d'incident (72 heures)",
    nis2_final: "Rapport final (un mois)",
    oiv_notification: "Déclaration de l'incident à l'ANSSI (sans délai)",
    provisional: "(provisoire : le délai court de la notification d'incident)",
    without_delay: "sans délai",
    reference: "réf.",
    sent: "envoyée le",
    day_unit: "j",
    met: "respecté",
    before: "d'avance",
    met_late: "accompli avec un retard de",
    open: "en cours",
    left: "il reste",
    overdue: "dépassé de",
    due_now: "à accomplir sans délai",
    section_timeline: "3. Chronologie (journal signé)",
    timeline_head: ["N°", "Date", "Signataire (selon le trousseau de clés)", "Événement", "Clé de signature"],
    case_opened: "Ouverture du dossier",
    notified: "Notification",
    impact_set: "Catégories d'atteinte déclarées :",
    evidence_sealed: "Mise sous scellé de",
    journal_intact: "Journal intègre : chaque entrée est signée, chaînée à la précédente, et les signataires ont été vérifiés avec les clés publiques fournies",
    journal_unauthenticated: "Journal cohérent : chaque entrée est signée et chaînée à la précédente ; les signataires n'ont pas été vérifiés faute de clé publique fournie",
    journal_broken: "ATTENTION : le journal présente des anomalies ; seules les entrées vérifiées figurent ci-dessus",
    journal_receipt: "Reçu du journal (à reporter au procès-verbal ; scelle case status --entries N --head H montre ensuite si une entrée a été retirée) :",
    last_line_sha256: "SHA-256 de sa dernière ligne",
    entries: "entrées",
    section_evidence: "4. Scellés",
        section_evidence_one: "Scellé",
        no_evidence: "Aucun scellé n'a été examiné pour ce rapport.",
    evidence_examined: "Nombre de scellés examinés et vérifiés pour le présent rapport :",
    as_of: "État apprécié au",
    file: "Fichier",
    evidence_id: "Identifiant du scellé",
    seal: "Empreinte SHA-256 du scellé",
    signer: "Signataire (clé Ed25519)",
    key_in_file: "clé conservée dans un fichier",
    key_in_agent: "clé tenue par un agent ssh",
    key_on_token: "clé sur le jeton PKCS#11",
    serial: "n° de série",
    host: "Machine d'origine",
    acquisition: "Acquisition (horloge de la machine)",
    contents: "Contenu",
    items: "éléments",
    files_stored: "fichiers conservés",
    bytes: "octets",
    incomplete: "Éléments incomplets",
    skipped: "Éléments non collectés (exclusions, autre système de fichiers)",
    skipped_intro: "Éléments délibérément non collectés, avec leur motif :",
    command_line: "Commande de la collecte (exacte)",
    operator: "Opérateur déclaré",
    roots: "Chemins collectés",
    excludes: "Motifs d'exclusion",
    clock: "Horloge de la machine",
    clock_reference: "heure de référence relevée :",
    clock_host: "horloge de la machine à cet instant :",
    clock_offset: "décalage :",
    clock_none: "non comparée à une heure de référence (--reference-time non donné)",
    none: "aucun",
        verification: "Vérification",
    timestamp: "Horodatage (RFC 3161) du manifeste",
    timestamp_valid: "jeton valide, autorité d'horodatage certifiée par l'AC fournie",
    timestamp_unauthenticated: "jeton valide, mais autorité d'horodatage non authentifiée (aucune AC fournie)",
    timestamp_invalid: "JETON NON VALIDE :",
    intact: "INTÈGRE — aucune anomalie, signature vérifiée avec une clé dont l'empreinte a été fournie (trousseau), ou empreinte du scellé comparée",
    authentic: "AUTHENTIQUE — aucune anomalie, signature valide, mais ni l'empreinte du scellé ni celle de la clé n'ont été comparées au procès-verbal",
    unauthenticated: "aucune anomalie, mais signataire non authentifié (aucune clé publique fournie)",
    not_intact: "NON INTÈGRE — anomalies constatées :",
    in_journal: "Inscription au journal du dossier",
    not_in_journal: "non inscrit",
    journal_line: "entrée n°",
    findings_intro: "Anomalies constatées lors de la vérification :",
    incomplete_intro: "Éléments que l'acquisition signale comme incomplets (modifiés pendant la lecture, illisibles) :",
    incomplete_head: ["Chemin ou commande", "État", "Motif"],
    custody_intro: "Chaîne de possession (journal signé joint au scellé) :",
    custody_head: ["Date", "Événement", "Signataire (selon le trousseau de clés)", "Clé de signature"],
    key_in_keyring: "clé du trousseau",
    key_unknown: "CLÉ INCONNUE du trousseau",
    key_not_checked: "signataire non vérifié, clé",
    declared: "déclaré :",
    differs: "ce n'est PAS le titulaire de la clé",
    untrusted_entries: "Entrées signées par une clé absente du trousseau (leur auteur n'est pas établi) :",
    custody_intact: "Chaîne de possession intègre, signataires vérifiés.",
    custody_unauthenticated: "Chaîne de possession cohérente ; signataires non vérifiés faute de clé publique fournie.",
    custody_broken: "ATTENTION : la chaîne de possession présente des anomalies :",
    no_custody: "Aucun journal de possession n'a été trouvé à côté du scellé.",
    section_method: "5. Méthode",
    method: "Chaque scellé est une archive tar compressée (zstd) contenant un sac BagIt (RFC 8493) et un manifeste signé (Ed25519, format minisign). L'empreinte du scellé est le SHA-256 (FIPS 180-4) du fichier d'archive : elle peut être recalculée par tout expert avec la commande standard sha256sum, sans utiliser scelle (voir docs/VERIFY-WITHOUT-SCELLE.md). Les vérifications rapportées ci-dessus ont été refaites lors de l'établissement du présent rapport. Les dates sont données dans le fuseau du dossier puis en temps universel (UTC) ; celles qui proviennent de la machine examinée reflètent son horloge, qui peut être inexacte ; celles du journal et des chaînes de possession sont données par l'horloge du signataire, sauf horodatage RFC 3161. Le mot « scellé » désigne ici une archive numérique scellée par empreinte et signature : ce n'est pas un scellé judiciaire au sens des articles 56 et 97 du code de procédure pénale, qui relève de l'officier de police judiciaire ou du juge d'instruction.",
    impacts: ["disponibilité", "intégrité", "confidentialité", "traçabilité"],
    kinds: [
        ("file", "fichiers"),
        ("dir", "répertoires"),
        ("symlink", "liens symboliques"),
        ("hardlink", "liens physiques"),
        ("special", "fichiers spéciaux"),
        ("image", "images disque"),
        ("command", "sorties de commandes"),
    ],
    notification_kinds: [
        "alerte précoce",
        "notification",
        "rapport intermédiaire",
        "rapport final",
        "autre",
    ],
};

static EN: Words = Words {
    tag: "en",
    report_title: "Incident and digital evidence report",
    case_ref: "Case",
    generated: "made on",
    title: "Title",
    discovered: "Incident discovered",
    personal_data: "Personal data involved",
    nis2: "NIS2 entity",
    essential: "essential entity",
    important: "important entity",
    oiv: "Operator of vital importance (OIV)",
    impact_label: "Impact categories declared",
    none_yet: "not assessed yet",
    organization: "Organisation",
    legal_basis: "Legal basis",
    dpo: "Data protection officer",
    counsel: "Counsel",
    time_zone: "Reference time zone",
    yes: "yes",
    no: "no",
    section_case: "1. The case",
    section_deadlines: "2. Notification deadlines",
    deadline_method: "Deadlines in hours run from the discovery of the incident, in elapsed time; the one-month deadline is a calendar month in the case's time zone. ",
    no_deadline: "On the facts declared (no personal data, not a NIS2 entity, not an OIV), no statutory notification deadline applies.",
    deadline_head: ["Obligation", "Recipient", "Due", "State", "Met by"],
    gdpr: "Personal data breach notification to the CNIL (72 hours)",
    nis2_early: "Early warning (24 hours)",
    nis2_notification: "Incident notification (72 hours)",
    nis2_final: "Final report (one month)",
    oiv_notification: "Incident report to ANSSI (without delay)",
    provisional: "(provisional: runs from the incident notification)",
    without_delay: "without delay",
    reference: "ref.",
    sent: "sent",
    day_unit: "d",
    met: "met",
    before: "early",
    met_late: "met late by",
    open: "open",
    left: "left",
    overdue: "overdue by",
    due_now: "due now",
    section_timeline: "3. Timeline (signed journal)",
    timeline_head: ["No.", "Time", "Signer (per the keyring)", "Event", "Signing key"],
    case_opened: "Case opened",
    notified: "Notified",
    impact_set: "Impact categories declared:",
    evidence_sealed: "Evidence sealed:",
    journal_intact: "Journal intact: every entry is signed and linked to the previous one, and the signers were checked against the public keys given",
    journal_unauthenticated: "Journal consistent: every entry is signed and linked to the previous one; the signers were not checked (no public key given)",
    journal_broken: "WARNING: the journal has integrity problems; only entries that verify are listed above",
    journal_receipt: "Journal receipt (write it in the procès-verbal; scelle case status --entries N --head H later shows whether an entry was dropped):",
    last_line_sha256: "SHA-256 of its last line",
    entries: "entries",
    section_evidence: "4. Sealed evidence",
        section_evidence_one: "Evidence",
        no_evidence: "No sealed evidence was examined for this report.",
    evidence_examined: "Sealed archives examined and verified for this report:",
    as_of: "States as of",
    file: "File",
    evidence_id: "Evidence id",
    seal: "Seal hash (SHA-256)",
    signer: "Signer (Ed25519 key)",
    key_in_file: "key kept in a file",
    key_in_agent: "key held by an ssh-agent",
    key_on_token: "key on the PKCS#11 token",
    serial: "serial",
    host: "Source host",
    acquisition: "Acquisition (host clock)",
    contents: "Contents",
    items: "items",
    files_stored: "files stored",
    bytes: "bytes",
    incomplete: "Incomplete items",
    skipped: "Items not collected (exclusions, other filesystem)",
    skipped_intro: "Items deliberately not collected, with the reason:",
    command_line: "Acquisition command (exact)",
    operator: "Operator (declared)",
    roots: "Paths collected",
    excludes: "Exclusion patterns",
    clock: "Host clock",
    clock_reference: "reference time read:",
    clock_host: "host clock then:",
    clock_offset: "offset:",
    clock_none: "not compared with a reference time (no --reference-time)",
    none: "none",
        verification: "Verification",
    timestamp: "Trusted timestamp (RFC 3161) of the manifest",
    timestamp_valid: "valid token, TSA certified by the CA given",
    timestamp_unauthenticated: "valid token, but the TSA is not authenticated (no CA given)",
    timestamp_invalid: "TOKEN NOT VALID:",
    intact: "INTACT — no finding, signature verified with a key pinned by fingerprint (keyring), or seal hash compared",
    authentic: "AUTHENTIC — no finding, signature valid, but neither the seal hash nor the key's fingerprint was compared with the procès-verbal",
    unauthenticated: "no finding, but the signer is not authenticated (no public key given)",
    not_intact: "NOT INTACT — findings:",
    in_journal: "Recorded in the case journal",
    not_in_journal: "not recorded",
    journal_line: "entry no.",
    findings_intro: "Findings of the verification:",
    incomplete_intro: "Items the acquisition records as incomplete (changed while read, unreadable):",
    incomplete_head: ["Path or command", "Status", "Reason"],
    custody_intro: "Chain of custody (signed log kept with the archive):",
    custody_head: ["Time", "Event", "Signer (per the keyring)", "Signing key"],
    key_in_keyring: "keyring key",
    key_unknown: "key NOT IN the keyring",
    key_not_checked: "signer not checked, key",
    declared: "declared:",
    differs: "NOT the key's holder",
    untrusted_entries: "Entries signed by a key not in the keyring (who wrote them is not established):",
    custody_intact: "Chain of custody intact, signers checked.",
    custody_unauthenticated: "Chain of custody consistent; signers not checked (no public key given).",
    custody_broken: "WARNING: the chain of custody has integrity problems:",
    no_custody: "No custody log was found next to the archive.",
    section_method: "5. Method",
    method: "Each piece of evidence is a zstd-compressed tar archive holding a BagIt bag (RFC 8493) and a signed manifest (Ed25519, minisign format). The seal hash is the SHA-256 (FIPS 180-4) of the archive file: any expert can recompute it with the standard sha256sum command, without scelle (see docs/VERIFY-WITHOUT-SCELLE.md). The verifications reported above were run again when this report was made. Times are given in the case's time zone, then in UTC; times that come from the examined host reflect its clock, which may be wrong; times in the journal and the custody logs are the signer's clock, unless timestamped (RFC 3161). \"Seal\" (scellé) here means a digital archive sealed by hash and signature: it is not a judicial seal within articles 56 and 97 of the French code de procédure pénale, which is the act of a judicial police officer or an investigating judge.",
    impacts: ["availability", "integrity", "confidentiality", "traceability"],
    kinds: [
        ("file", "files"),
        ("dir", "directories"),
        ("symlink", "symbolic links"),
        ("hardlink", "hard links"),
        ("special", "special files"),
        ("image", "disk images"),
        ("command", "command outputs"),
    ],
    notification_kinds: [
        "early warning",
        "notification",
        "intermediate report",
        "final report",
        "other",
    ],
};
