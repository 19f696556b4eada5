//! `scelle inspect`: printed as the manifest streams by.

use scelle_core::ops::inspect;
use scelle_core::render::{JsonInspect, TextInspect};

use crate::cli::InspectArgs;
use crate::exit::Status;
use crate::output;

pub fn run(args: &InspectArgs, lang: scelle_l10n::Lang) -> anyhow::Result<Status> {
    if args.json {
        let mut render = JsonInspect::new(output::line);
        inspect::inspect(&args.options, &mut render)?;
        render.finish()?;
    } else {
        let filtered = !args.options.kind.is_empty()
            || !args.options.status.is_empty()
            || args.options.path.is_some();
        let mut render = TextInspect::new(output::line, lang, args.items || filtered);
        inspect::inspect(&args.options, &mut render)?;
        render.finish()?;
    }
    Ok(Status::Success)
}
