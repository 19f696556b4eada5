//! `scelle inspect`: printed as the manifest streams by.

use scelle_core::ops::inspect;
use scelle_core::render::{JsonInspect, TextInspect};

use crate::cli::InspectArgs;
use crate::exit::Status;
use crate::output;

pub fn run(args: &InspectArgs) -> anyhow::Result<Status> {
    if args.json {
        let mut render = JsonInspect::new(output::line);
        inspect::inspect(&args.options, &mut render)?;
        render.finish()?;
    } else {
        let mut render = TextInspect::new(output::line);
        inspect::inspect(&args.options, &mut render)?;
        render.finish()?;
    }
    Ok(Status::Success)
}
