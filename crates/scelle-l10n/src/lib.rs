//! Every sentence scelle shows a person, in French and in English.
//!
//! The words live in one Fluent catalogue per language (`locales/fr/*.ftl`,
//! `locales/en/*.ftl`, compiled into the binary), not in code: grammar that
//! differs between the languages — French articles before a body's name,
//! plurals — is written there with Fluent's selectors. Code asks for a
//! message by its id, with named arguments. Machine-readable output
//! (`--json`) never goes through here: it carries kinds, not sentences.
//!
//! The language comes from a flag or from the locale environment
//! (`LC_ALL`, `LC_MESSAGES`, `LANG`, as gettext reads them): French when it
//! names French, English otherwise.
//!
//! ```
//! use scelle_l10n::{Lang, arg};
//!
//! assert_eq!(Lang::Fr.text("report-yes"), "oui");
//! assert_eq!(Lang::Fr.format("report-notified-to", &[arg("to", "CNIL")]), "Notification à la CNIL");
//! assert_eq!(Lang::Fr.format("report-notified-to", &[arg("to", "ANSSI")]), "Notification à l'ANSSI");
//! assert_eq!(Lang::En.format("report-notified-to", &[arg("to", "ANSSI")]), "Notified ANSSI");
//! assert_eq!(Lang::parse("fr_FR.UTF-8"), Some(Lang::Fr));
//! ```

use std::borrow::Cow;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
pub use fluent_bundle::FluentValue;
use fluent_bundle::{FluentArgs, FluentResource};

/// A language scelle speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Français.
    Fr,
    /// English.
    En,
}

/// The French catalogue, file by file.
const FR: &[&str] = &[
    include_str!("../locales/fr/report.ftl"),
    include_str!("../locales/fr/findings.ftl"),
    include_str!("../locales/fr/verify.ftl"),
    include_str!("../locales/fr/case.ftl"),
    include_str!("../locales/fr/custody.ftl"),
    include_str!("../locales/fr/freeze.ftl"),
    include_str!("../locales/fr/errors.ftl"),
    include_str!("../locales/fr/inspect.ftl"),
    include_str!("../locales/fr/keys.ftl"),
    include_str!("../locales/fr/stamps.ftl"),
    include_str!("../locales/fr/demo.ftl"),
    include_str!("../locales/fr/locker.ftl"),
    // French only: in English, the help is cli.rs's doc comments.
    include_str!("../locales/fr/help.ftl"),
];

/// The English catalogue, file by file (the same files, the same ids).
const EN: &[&str] = &[
    include_str!("../locales/en/report.ftl"),
    include_str!("../locales/en/findings.ftl"),
    include_str!("../locales/en/verify.ftl"),
    include_str!("../locales/en/case.ftl"),
    include_str!("../locales/en/custody.ftl"),
    include_str!("../locales/en/freeze.ftl"),
    include_str!("../locales/en/errors.ftl"),
    include_str!("../locales/en/inspect.ftl"),
    include_str!("../locales/en/keys.ftl"),
    include_str!("../locales/en/stamps.ftl"),
    include_str!("../locales/en/demo.ftl"),
    include_str!("../locales/en/locker.ftl"),
];

impl Lang {
    /// `fr`, `en`, or a locale name such as `fr_FR.UTF-8` or `en-GB`.
    pub fn parse(text: &str) -> Option<Self> {
        let language = text
            .split(['_', '-', '.', '@'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match language.as_str() {
            "fr" => Some(Lang::Fr),
            "en" | "c" | "posix" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language the locale environment asks for: the first of
    /// `LC_ALL`, `LC_MESSAGES`, `LANG` that is set and not empty, as
    /// gettext reads them; French when it names French, English otherwise.
    pub fn from_env() -> Self {
        Self::from_locale(|name| std::env::var(name).ok())
    }

    /// [`Lang::from_env`] over any lookup of the variables.
    pub fn from_locale(lookup: impl Fn(&str) -> Option<String>) -> Self {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .filter_map(lookup)
            .find(|value| !value.is_empty())
            .and_then(|value| Self::parse(&value))
            .unwrap_or(Lang::En)
    }

    /// The BCP 47 tag: `fr`, `en`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// The message `id`, which takes no argument.
    pub fn text(self, id: &str) -> String {
        self.format(id, &[])
    }

    /// The message `id` with its arguments. An id the catalogue lacks comes
    /// back as itself (the catalogue test makes sure none is missing).
    pub fn format(self, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let bundle = self.bundle();
        let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
            return id.to_string();
        };
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        let mut errors = Vec::new();
        bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors)
            .into_owned()
    }

    /// Whether the catalogue has a message `id`.
    pub fn has(self, id: &str) -> bool {
        self.bundle().has_message(id)
    }

    fn bundle(self) -> &'static FluentBundle<FluentResource> {
        static BUNDLES: [OnceLock<FluentBundle<FluentResource>>; 2] =
            [OnceLock::new(), OnceLock::new()];
        let (slot, sources) = match self {
            Lang::Fr => (&BUNDLES[0], FR),
            Lang::En => (&BUNDLES[1], EN),
        };
        slot.get_or_init(|| build(self, sources))
    }
}

/// One language's bundle from its files. The files are part of the binary
/// and tested, so a syntax error in them is a build defect, not an input.
fn build(lang: Lang, sources: &[&str]) -> FluentBundle<FluentResource> {
    let tag: unic_langid::LanguageIdentifier =
        lang.tag().parse().expect("fr and en are language tags");
    let mut bundle = FluentBundle::new_concurrent(vec![tag]);
    // No Unicode isolation marks around arguments: they are bidi controls,
    // which scelle never writes to a terminal or a report.
    bundle.set_use_isolating(false);
    for source in sources {
        let resource = FluentResource::try_new(source.to_string())
            .unwrap_or_else(|(_, errors)| panic!("catalogue {}: {errors:?}", lang.tag()));
        bundle
            .add_resource(resource)
            .unwrap_or_else(|errors| panic!("catalogue {}: {errors:?}", lang.tag()));
    }
    bundle
}

/// A named argument for [`Lang::format`]: text or a number.
pub fn arg<'a>(name: &'a str, value: impl Into<FluentValue<'a>>) -> (&'a str, FluentValue<'a>) {
    (name, value.into())
}

/// Text as a Fluent argument, borrowed.
pub fn text_arg<'a>(name: &'a str, value: &'a str) -> (&'a str, FluentValue<'a>) {
    (name, FluentValue::String(Cow::Borrowed(value)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The message ids a catalogue defines, from its lines `id = ...`.
    fn ids(sources: &[&str]) -> Vec<String> {
        let mut ids: Vec<String> = sources
            .iter()
            .flat_map(|source| source.lines())
            .filter(|line| line.starts_with(|c: char| c.is_ascii_lowercase()))
            .filter_map(|line| line.split_once(" =").map(|(id, _)| id.to_string()))
            .collect();
        ids.sort();
        ids
    }

    #[test]
    fn both_languages_have_the_same_messages() {
        // The help summaries are French only (English: cli.rs's doc comments).
        let mut french = ids(FR);
        french.retain(|id| !id.starts_with("help-"));
        assert!(french.len() > 100, "{french:?}");
        assert_eq!(french, ids(EN));
        let mut unique = french.clone();
        unique.dedup();
        assert_eq!(unique, french, "an id is defined twice");
        for id in &french {
            assert!(Lang::Fr.has(id) && Lang::En.has(id), "{id} does not parse");
        }
    }

    #[test]
    fn no_message_carries_control_or_bidi_characters() {
        for lang in [Lang::Fr, Lang::En] {
            for id in ids(FR) {
                let text = lang.format(&id, &[arg("to", "X"), arg("count", 2)]);
                assert!(
                    !text.chars().any(|c| c.is_control() && c != '\n'
                        || ('\u{2066}'..='\u{2069}').contains(&c)
                        || ('\u{202a}'..='\u{202e}').contains(&c)),
                    "{id}: {text:?}"
                );
            }
        }
    }

    #[test]
    fn a_singular_variant_says_its_number() {
        // French's "one" also covers 0: "[one] 1 fichier" would say "1" for none.
        for file in FR.iter().chain(EN) {
            for line in file.lines() {
                if let Some(variant) = line.trim_start().strip_prefix("[one]") {
                    let literal = variant.chars().any(|c| c.is_ascii_digit());
                    assert!(!literal || variant.contains("{ $"), "{line}");
                }
            }
        }
    }

    #[test]
    fn the_locale_environment_chooses_the_language() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(key, _)| *key == name)
                    .map(|(_, value)| value.to_string())
            }
        };
        assert_eq!(Lang::from_locale(env(&[("LANG", "fr_FR.UTF-8")])), Lang::Fr);
        assert_eq!(
            Lang::from_locale(env(&[("LANG", "fr_FR.UTF-8"), ("LC_MESSAGES", "C")])),
            Lang::En
        );
        assert_eq!(
            Lang::from_locale(env(&[("LC_ALL", ""), ("LC_MESSAGES", "fr_CA")])),
            Lang::Fr
        );
        assert_eq!(Lang::from_locale(env(&[("LANG", "de_DE.UTF-8")])), Lang::En);
        assert_eq!(Lang::from_locale(env(&[])), Lang::En);
        assert_eq!(Lang::parse("xx"), None);
    }

    /// docs/VERIFY.md and VERIFY.fr.md list every verification finding
    /// with the catalogue's sentence, so an expert quoting the docs says
    /// what the report says.
    #[test]
    fn the_verify_docs_give_each_finding_the_catalogues_words() {
        let docs = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/");
        for (lang, sources, file) in [(Lang::En, EN, "VERIFY.md"), (Lang::Fr, FR, "VERIFY.fr.md")] {
            let doc = std::fs::read_to_string(format!("{docs}{file}")).unwrap();
            let kinds: Vec<String> = ids(sources)
                .into_iter()
                .filter(|id| id.starts_with("finding-verify-"))
                .collect();
            assert!(kinds.len() >= 20, "{kinds:?}");
            for id in kinds {
                let kind = id.trim_start_matches("finding-verify-");
                let row = format!("| `{kind}` | ");
                let line = doc
                    .lines()
                    .find(|line| line.starts_with(&row))
                    .unwrap_or_else(|| panic!("{file} has no row for {kind}"));
                assert!(line.contains(&lang.text(&id)), "{file}, {kind}: {line}");
            }
        }
    }

    #[test]
    fn an_unknown_id_comes_back_as_itself() {
        assert_eq!(Lang::Fr.text("no-such-message"), "no-such-message");
    }
}
