//! `--help` in the user's language: the English help is the doc comments
//! of [`crate::cli`]; in another language each command's summary comes from
//! the catalogue (`help-<command>[-<subcommand>]`), the examples kept.

use clap::{CommandFactory, FromArgMatches};
use scelle_l10n::Lang;

use crate::cli::Cli;

/// Parses the command line, with help in the language `--lang` or the
/// locale asks for; exits on a usage error as clap does.
pub fn parse() -> Cli {
    let lang = asked_language(std::env::args()).unwrap_or_else(Lang::from_env);
    let matches = localized(Cli::command(), lang).get_matches();
    Cli::from_arg_matches(&matches).unwrap_or_else(|error| error.exit())
}

/// The language `--lang X` or `--lang=X` names, before clap has parsed.
fn asked_language(args: impl Iterator<Item = String>) -> Option<Lang> {
    let args: Vec<String> = args.collect();
    args.iter()
        .enumerate()
        .find_map(|(at, arg)| match arg.strip_prefix("--lang=") {
            Some(value) => Lang::parse(value),
            None if arg == "--lang" => args.get(at + 1).and_then(|value| Lang::parse(value)),
            None => None,
        })
}

/// `command` with its summaries, and those of its subcommands, in `lang`.
pub fn localized(command: clap::Command, lang: Lang) -> clap::Command {
    if lang == Lang::En {
        return command;
    }
    let command = command
        .about(lang.text("help-scelle"))
        .after_help(lang.text("help-after"))
        .mut_arg("lang", |arg| arg.help(lang.text("help-lang")));
    translate_subcommands(command, "help", lang)
}

fn translate_subcommands(mut command: clap::Command, prefix: &str, lang: Lang) -> clap::Command {
    let names: Vec<String> = command
        .get_subcommands()
        .map(|sub| sub.get_name().to_string())
        .collect();
    for name in names {
        let id = format!("{prefix}-{name}");
        command = command.mut_subcommand(&name, |sub| {
            let sub = if lang.has(&id) {
                let examples = examples(&sub, lang);
                let about = lang.text(&id);
                let long = if examples.is_empty() {
                    about.clone()
                } else {
                    format!("{about}\n\n{examples}")
                };
                sub.about(about).long_about(long)
            } else {
                sub
            };
            translate_subcommands(sub, &id, lang)
        });
    }
    command
}

/// The "Example:" lines of a command's English long help, labelled in `lang`.
fn examples(command: &clap::Command, lang: Lang) -> String {
    let Some(long) = command.get_long_about() else {
        return String::new();
    };
    let label = lang.text("help-example");
    long.to_string()
        .lines()
        .filter_map(|line| line.strip_prefix("Example:"))
        .map(|example| format!("{label}{example}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every command path, as its catalogue id.
    fn ids(command: &clap::Command, prefix: &str, into: &mut Vec<String>) {
        for sub in command.get_subcommands() {
            let id = format!("{prefix}-{}", sub.get_name());
            into.push(id.clone());
            ids(sub, &id, into);
        }
    }

    #[test]
    fn every_command_has_its_french_summary() {
        let mut all = Vec::new();
        ids(&Cli::command(), "help", &mut all);
        for id in all.iter().filter(|id| !id.ends_with("-help")) {
            assert!(Lang::Fr.has(id), "no French summary for {id}");
        }
        let french = localized(Cli::command(), Lang::Fr);
        let freeze = french.find_subcommand("freeze").unwrap();
        let about = freeze.get_about().unwrap().to_string();
        assert!(about.starts_with("Sceller"), "{about}");
        let long = freeze.get_long_about().unwrap().to_string();
        assert!(long.contains("Exemple : scelle freeze --key"), "{long}");
    }

    #[test]
    fn the_language_flag_is_read_before_parsing() {
        let args = |line: &str| {
            line.split(' ')
                .map(str::to_string)
                .collect::<Vec<_>>()
                .into_iter()
        };
        assert_eq!(
            asked_language(args("scelle --lang fr verify x")),
            Some(Lang::Fr)
        );
        assert_eq!(
            asked_language(args("scelle verify --lang=en x")),
            Some(Lang::En)
        );
        assert_eq!(asked_language(args("scelle verify x")), None);
    }
}
