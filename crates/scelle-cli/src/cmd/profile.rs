//! `scelle profile list` and `scelle profile show`.

use crate::cli::ProfileCommand;
use crate::exit::Status;
use crate::output;

pub fn run(command: &ProfileCommand) -> anyhow::Result<Status> {
    match command {
        ProfileCommand::List => {
            for (name, _) in scelle_snapshot::BUILTIN_PROFILES {
                let profile = scelle_snapshot::load_profile(name).map_err(anyhow::Error::msg)?;
                output::line(&format!("{name:<14} {}", profile.description))?;
            }
        }
        ProfileCommand::Show { name } => {
            let profile = scelle_snapshot::load_profile(name).map_err(anyhow::Error::msg)?;
            output::line(&format!(
                "profile:  {} (SHA-256 {})",
                profile.name, profile.sha256
            ))?;
            output::line(&format!("about:    {}", profile.description))?;
            output::line("commands, run first, in this order:")?;
            for command in &profile.commands {
                let timeout = command
                    .timeout
                    .map(|t| format!("  [timeout {t} s]"))
                    .unwrap_or_default();
                let shell = if command.shell { "  [sh -c]" } else { "" };
                output::line(&format!("  {}{shell}{timeout}", command.run))?;
            }
            output::line("paths:")?;
            for path in &profile.paths {
                let mut notes = Vec::new();
                if let Some(size) = &path.max_size {
                    notes.push(format!("files over {size} recorded only"));
                }
                if path.metadata_only {
                    notes.push("metadata only".into());
                }
                if path.follow_symlinks {
                    notes.push("follows symlinks".into());
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
