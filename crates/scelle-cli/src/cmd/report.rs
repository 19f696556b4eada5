//! `scelle report`.

use scelle_core::ops::report::{self, ReportOptions};
use scelle_core::render;

use crate::exit::Status;
use crate::output;

pub fn run(options: &ReportOptions) -> anyhow::Result<Status> {
    let summary = report::report(options)?;
    output::line(&render::report(&summary))?;
    Ok(if summary.clean() {
        Status::Success
    } else {
        Status::Failed
    })
}
