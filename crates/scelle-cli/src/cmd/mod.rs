//! One module per verb; each returns the exit status it earned.

mod audit;
mod case;
mod custody;
mod demo;
mod freeze;
mod inspect;
mod key;
mod locker;
mod profile;
mod report;
mod sign;
mod timestamp;
mod verify;

use crate::cli::{Cli, Command, KeyCommand};
use crate::exit::Status;

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<Status> {
    let lang = cli.language();
    match cli.command {
        Command::Audit(args) => audit::audit(&args, lang),
        Command::Baseline(args) => audit::baseline(&args, lang),
        Command::Case(command) => case::run(&command, lang),
        Command::Custody(command) => custody::run(&command, lang),
        Command::Demo => demo::run(lang),
        Command::Extract(args) => verify::extract(&args, lang),
        Command::Freeze(args) => freeze::run(&args, lang),
        Command::Inspect(args) => inspect::run(&args, lang),
        Command::Key(KeyCommand::Generate(args)) => key::generate(&args, lang),
        Command::Key(KeyCommand::Show(args)) => key::show(&args, lang),
        Command::Key(KeyCommand::Export(args)) => key::export(&args, lang),
        Command::Locker(command) => locker::run(&command, lang),
        Command::Profile(command) => profile::run(&command, lang),
        Command::Report(args) => report::run(&args, lang),
        Command::Manpage => {
            let mut page = Vec::new();
            clap_mangen::Man::new(<Cli as clap::CommandFactory>::command()).render(&mut page)?;
            crate::output::line(String::from_utf8_lossy(&page).trim_end())?;
            Ok(Status::Success)
        }
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(
                shell,
                &mut <Cli as clap::CommandFactory>::command(),
                "scelle",
                &mut script,
            );
            crate::output::line(String::from_utf8_lossy(&script).trim_end())?;
            Ok(Status::Success)
        }
        Command::Sign(args) => sign::sign(&args, lang),
        Command::Timestamp(args) => timestamp::run(&args, lang),
        Command::Verify(args) => verify::run(&args, lang),
        Command::VerifySignature(args) => sign::verify(&args, lang),
    }
}
