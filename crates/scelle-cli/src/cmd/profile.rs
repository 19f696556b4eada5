//! `scelle profile list` and `scelle profile show`.

use scelle_l10n::{arg, Lang};

use crate::cli::ProfileCommand;
use crate::exit::Status;
use crate::output;

pub fn run(command: &ProfileCommand, lang: Lang) -> anyhow::Result<Status> {
    match command {
        ProfileCommand::List => {
            for (name, _) in scelle_snapshot::BUILTIN_PROFILES {
                let profile = scelle_snapshot::load_profile(name).map_err(anyhow::Error::msg)?;
                output::line(&format!("{name:<14} {}", profile.description))?;
            }
        }
        ProfileCommand::Show { name } => {
            let profile = scelle_snapshot::load_profile(name).map_err(anyhow::Error::msg)?;
            output::line(&lang.format(
                "profile-name",
                &[
                    arg("name", profile.name.as_str()),
                    arg("sha256", profile.sha256.to_string()),
                ],
            ))?;
            output::line(&lang.format(
                "profile-about",
                &[arg("about", profile.description.as_str())],
            ))?;
            output::line(&lang.text("profile-commands"))?;
            for command in &profile.commands {
                let timeout = command
                    .timeout
                    .map(|seconds| {
                        let said = lang.format("profile-timeout", &[arg("seconds", seconds)]);
                        format!("  {said}")
                    })
                    .unwrap_or_default();
                let shell = if command.shell { "  [sh -c]" } else { "" };
                output::line(&format!("  {}{shell}{timeout}", command.run))?;
            }
            output::line(&lang.text("profile-paths"))?;
            for path in &profile.paths {
                let mut notes = Vec::new();
                if let Some(size) = &path.max_size {
                    notes.push(lang.format("profile-max-size", &[arg("size", size.to_string())]));
                }
                if path.metadata_only {
                    notes.push(lang.text("profile-metadata-only"));
                }
                if path.follow_symlinks {
                    notes.push(lang.text("profile-follows-symlinks"));
                }
                let notes = if notes.is_empty() {
                    String::new()
                } else {
                    format!("  [{}]", notes.join(", "))
                };
                output::line(&format!("  {}{notes}", path.path))?;
            }
        }
    }
    Ok(Status::Success)
}
