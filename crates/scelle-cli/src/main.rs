//! `scelle`: puts digital evidence under seal and lets anyone check the seal.
//!
//! This crate is glue: it parses flags ([`cli`]), calls the library crates and
//! renders what they return. Exit codes are listed in [`exit`].

// The clap doc comments are the help text, where `<ID>.tar.zst` is literal
// text, not HTML, and URLs are examples, not links.
#![allow(rustdoc::invalid_html_tags, rustdoc::bare_urls)]

mod cli;
mod cmd;
mod exit;
mod help;
mod output;
mod passphrase;
mod progress;
mod signing;

use crate::exit::Status;

fn main() -> std::process::ExitCode {
    // Started by a freeze to read one file of a network or FUSE filesystem.
    scelle_snapshot::run_read_helper_if_asked();
    let cli = help::parse();
    let lang = cli.language();
    match cmd::run(cli) {
        Ok(status) => status.into(),
        Err(error) => {
            let status = exit::status_of_error(&error);
            output::error(&error, lang);
            status.into()
        }
    }
}

impl From<Status> for std::process::ExitCode {
    fn from(status: Status) -> Self {
        std::process::ExitCode::from(status as u8)
    }
}
