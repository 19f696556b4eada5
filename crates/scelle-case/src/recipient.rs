//! Who a notification goes to: a documented set of bodies scelle knows
//! (only they can discharge a deadline), and free text for anyone else,
//! accepted with a warning so that a misspelt CNIL never leaves a duty open
//! without a word.

/// A body scelle knows: its name in the journal, and the other spellings a
/// responder may type.
#[derive(Debug, PartialEq, Eq)]
pub struct Known {
    /// The name recorded (upper case).
    pub name: &'static str,
    /// Other first words accepted for it (upper case, accents removed).
    pub aliases: &'static [&'static str],
}

/// Every body scelle knows (docs/CASE.md lists them).
pub const KNOWN: &[Known] = &[
    Known {
        name: "CNIL",
        aliases: &[],
    },
    Known {
        name: "ANSSI",
        aliases: &[],
    },
    Known {
        name: "CERT-FR",
        aliases: &["CERTFR"],
    },
    Known {
        name: "CSIRT",
        aliases: &[],
    },
    Known {
        name: "ACPR",
        aliases: &[],
    },
    Known {
        name: "AMF",
        aliases: &[],
    },
    Known {
        name: "CONTROLLER",
        aliases: &["RESPONSABLE", "RESPONSABLE-DE-TRAITEMENT"],
    },
    Known {
        name: "DATA-SUBJECTS",
        aliases: &["PERSONNES", "PERSONNES-CONCERNEES"],
    },
    Known {
        name: "PARQUET",
        aliases: &["PROSECUTOR", "PROCUREUR"],
    },
    Known {
        name: "BEFTI",
        aliases: &[],
    },
    Known {
        name: "OFAC",
        aliases: &[],
    },
    Known {
        name: "C3N",
        aliases: &[],
    },
    Known {
        name: "POLICE",
        aliases: &[],
    },
    Known {
        name: "GENDARMERIE",
        aliases: &[],
    },
];

/// A recipient as typed, understood: the known body it names (by its first
/// word: `CNIL (téléservice)` is the CNIL), and what followed that word.
#[derive(Debug, PartialEq, Eq)]
pub struct Understood {
    /// The name to record: a known body's, or the text itself (upper case).
    pub name: String,
    /// The known body, if it is one.
    pub known: Option<&'static Known>,
    /// What followed the body's name ("(téléservice)"), if anything.
    pub detail: Option<String>,
}

/// Understands `text` (`--to`).
pub fn understand(text: &str) -> Understood {
    let text = text.trim();
    let end = text
        .find(|c: char| c.is_whitespace() || matches!(c, '(' | ',' | ':' | ';' | '/'))
        .unwrap_or(text.len());
    let (first, rest) = text.split_at(end);
    let first = plain(first);
    let known = KNOWN
        .iter()
        .find(|known| known.name == first || known.aliases.contains(&first.as_str()));
    match known {
        Some(known) => Understood {
            name: known.name.to_string(),
            known: Some(known),
            detail: Some(rest.trim().to_string()).filter(|rest| !rest.is_empty()),
        },
        None => Understood {
            name: text.to_uppercase(),
            known: None,
            detail: None,
        },
    }
}

/// The warning, in `lang`, for a recipient scelle does not know.
pub fn unknown_warning(name: &str, lang: scelle_l10n::Lang) -> String {
    let names: Vec<&str> = KNOWN.iter().map(|known| known.name).collect();
    let known = names.join(", ");
    lang.format(
        "case-unknown-recipient",
        &[
            scelle_l10n::text_arg("name", name),
            scelle_l10n::text_arg("known", &known),
        ],
    )
}

/// Upper case, accents removed (so `Personnes-concernées` is `PERSONNES-CONCERNEES`).
fn plain(word: &str) -> String {
    word.chars()
        .map(|c| match c {
            'à' | 'â' | 'ä' | 'À' | 'Â' | 'Ä' => 'A',
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => 'E',
            'î' | 'ï' | 'Î' | 'Ï' => 'I',
            'ô' | 'ö' | 'Ô' | 'Ö' => 'O',
            'ù' | 'û' | 'ü' | 'Ù' | 'Û' | 'Ü' => 'U',
            'ç' | 'Ç' => 'C',
            other => other.to_ascii_uppercase(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_known_body_is_found_by_its_first_word_whatever_follows() {
        let cnil = understand("  cnil (téléservice) ");
        assert_eq!(cnil.name, "CNIL");
        assert_eq!(cnil.detail.as_deref(), Some("(téléservice)"));
        assert_eq!(understand("CERT-FR").name, "CERT-FR");
        assert_eq!(
            understand("Personnes-concernées, par courriel").name,
            "DATA-SUBJECTS"
        );
        assert_eq!(understand("Procureur de Paris").name, "PARQUET");
    }

    #[test]
    fn anything_else_is_kept_as_typed_and_known_to_be_unknown() {
        let insurer = understand("Assureur cyber");
        assert_eq!(insurer.name, "ASSUREUR CYBER");
        assert!(insurer.known.is_none());
        // A name that only starts like a known one is not it.
        assert!(understand("CNILX").known.is_none());
        let english = unknown_warning("ASSUREUR CYBER", scelle_l10n::Lang::En);
        assert!(english.contains("discharges no deadline"), "{english}");
        let french = unknown_warning("ASSUREUR CYBER", scelle_l10n::Lang::Fr);
        assert!(french.contains("ne décharge aucun délai"), "{french}");
    }
}
