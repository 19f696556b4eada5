//! `scelle demo`.

use scelle_core::ops::demo;

use crate::exit::Status;
use crate::output;

pub fn run(lang: scelle_l10n::Lang) -> anyhow::Result<Status> {
    let mut failed_to_write = None;
    let caught = demo::run(
        &mut |line| {
            if failed_to_write.is_none() {
                failed_to_write = output::line(line).err();
            }
        },
        lang,
    )?;
    if let Some(error) = failed_to_write {
        return Err(error.into());
    }
    Ok(if caught {
        Status::Success
    } else {
        Status::Failed
    })
}
