//! `scelle freeze`.

use std::io::IsTerminal;

use anyhow::bail;
use scelle_core::ops::freeze;
use scelle_core::render;

use crate::cli::FreezeArgs;
use crate::exit::Status;
use crate::output;
use crate::progress::Terminal;
use crate::signing::open_signer;

pub fn run(args: &FreezeArgs, lang: scelle_l10n::Lang) -> anyhow::Result<Status> {
    let streaming = args.options.streams();
    if streaming && std::io::stdout().is_terminal() {
        bail!("--out - writes the archive to standard output, which is a terminal; redirect it (> FILE, | ssh HOST 'cat > FILE')");
    }
    let secret = open_signer(&args.key, args.passphrase.passphrase_file.as_deref())?;
    let mut options = args.options.clone();
    options.command_line = std::env::args_os().collect();
    let mut stdout = std::io::stdout().lock();
    let stream: Option<&mut dyn std::io::Write> = streaming.then_some(&mut stdout as _);
    let terminal = Terminal::stoppable(lang)?;
    let summary = freeze::freeze(&options, &secret, stream, &terminal);
    terminal.clear();
    drop(stdout);
    if terminal.stopped() {
        say_interrupted(&options, lang);
        return Ok(Status::Interrupted);
    }
    let summary = summary?;
    let text = if args.json {
        vec![serde_json::to_string_pretty(&summary)?]
    } else {
        render::freeze(&summary, lang)
    };
    if streaming {
        text.iter().for_each(|line| output::error_line(line));
    } else {
        output::lines(&text)?;
    }
    Ok(if summary.complete() {
        Status::Success
    } else {
        Status::Incomplete
    })
}

/// After Ctrl-C: what was left in `--out`, and that it is not a seal.
fn say_interrupted(options: &freeze::FreezeOptions, lang: scelle_l10n::Lang) {
    let left = if options.streams() {
        Vec::new()
    } else {
        freeze::leftover_partials(&options.out)
    };
    let text = if left.is_empty() {
        lang.text("freeze-interrupted")
    } else {
        let names = left.join(", ");
        lang.format(
            "freeze-interrupted-left",
            &[scelle_l10n::text_arg("partial", &names)],
        )
    };
    output::error_line(&format!(
        "{} {}",
        lang.text("interrupted-prefix"),
        scelle_core::text::for_terminal(&text)
    ));
}
