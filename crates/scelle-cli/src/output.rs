//! Writing to the terminal. A closed stdout pipe (`scelle inspect | head`) is
//! not an error: output simply stops and the exit code still tells the result.

use std::io::{self, Write};

/// Prints `text` and a newline on stdout, ignoring a closed pipe.
pub fn line(text: &str) -> io::Result<()> {
    let mut stdout = io::stdout().lock();
    match writeln!(stdout, "{text}").and_then(|()| stdout.flush()) {
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Prints `value` as one pretty JSON document on stdout.
pub fn json(value: &impl serde::Serialize) -> anyhow::Result<()> {
    line(&serde_json::to_string_pretty(value)?)?;
    Ok(())
}

/// Reports an error on stderr: what went wrong on one line (each cause
/// once, in plain words), then what to do when scelle knows.
pub fn error(error: &anyhow::Error, lang: scelle_l10n::Lang) {
    let explained = scelle_core::explain(error.as_ref(), lang);
    let mut stderr = io::stderr().lock();
    let _ = writeln!(
        stderr,
        "{} {}",
        lang.text("error-prefix"),
        scelle_core::text::for_terminal(&explained.message)
    );
    if let Some(advice) = explained.advice {
        let _ = writeln!(
            stderr,
            "{} {}",
            lang.text("advice-prefix"),
            scelle_core::text::for_terminal(&advice)
        );
    }
}

/// Prints each of `lines` on stdout.
pub fn lines(lines: &[String]) -> io::Result<()> {
    lines.iter().try_for_each(|text| line(text))
}

/// A line on stderr (when stdout carries data, such as an archive).
pub fn error_line(text: &str) {
    let _ = writeln!(io::stderr(), "{text}");
}
