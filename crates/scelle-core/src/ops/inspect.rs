//! `inspect`: what an archive records, read without verifying it.

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobMatcher};
use scelle_manifest::{
    Footer, Header, Item, ManifestLine, ManifestLineReader, Status as ItemStatus,
};
use serde::{Deserialize, Serialize};

use crate::error::{refuse, Result};

/// Which items of which archive to show.
#[derive(Clone, Debug, Default)]
#[cfg_attr(feature = "clap", derive(clap::Args))]
pub struct InspectOptions {
    /// Only items of this kind (file, dir, symlink, hardlink, special, image, command); repeatable.
    #[cfg_attr(feature = "clap", arg(long, value_name = "KIND"))]
    pub kind: Vec<String>,
    /// Only items with this status (complete, changed, unreadable, skipped, unreadable-ranges, failed, vanished); repeatable.
    #[cfg_attr(feature = "clap", arg(long, value_name = "STATUS"))]
    pub status: Vec<String>,
    /// Only items whose original path matches GLOB (`*` crosses '/').
    #[cfg_attr(feature = "clap", arg(long, value_name = "GLOB"))]
    pub path: Option<String>,
    /// The archive (<ID>.tar.zst) or an extracted bag directory.
    #[cfg_attr(feature = "clap", arg(value_name = "ARCHIVE"))]
    pub archive: PathBuf,
}

/// Which items to show.
pub struct Filter {
    kinds: Vec<String>,
    statuses: Vec<String>,
    path: Option<GlobMatcher>,
}

impl Filter {
    /// Checks the options and compiles the glob.
    pub fn new(args: &InspectOptions) -> Result<Self> {
        const KINDS: [&str; 7] = [
            "file", "dir", "symlink", "hardlink", "special", "image", "command",
        ];
        const STATUSES: [&str; 7] = [
            "complete",
            "changed",
            "unreadable",
            "skipped",
            "unreadable-ranges",
            "failed",
            "vanished",
        ];
        for kind in &args.kind {
            if !KINDS.contains(&kind.as_str()) {
                refuse!("--kind {kind:?} is not one of {}", KINDS.join(", "));
            }
        }
        for status in &args.status {
            if !STATUSES.contains(&status.as_str()) {
                refuse!("--status {status:?} is not one of {}", STATUSES.join(", "));
            }
        }
        let path = args
            .path
            .as_deref()
            .map(|glob| Glob::new(glob).map(|glob| glob.compile_matcher()))
            .transpose()
            .map_err(|error| crate::Error::refused(format!("--path: {error}")))?;
        Ok(Self {
            kinds: args.kind.clone(),
            statuses: args.status.clone(),
            path,
        })
    }

    /// Whether `item` is to be shown.
    pub fn keeps(&self, item: &Item) -> bool {
        (self.kinds.is_empty() || self.kinds.iter().any(|kind| kind == item.kind.name()))
            && (self.statuses.is_empty()
                || self
                    .statuses
                    .iter()
                    .any(|status| status == item.status.name()))
            && self.path.as_ref().is_none_or(|glob| {
                glob.is_match(Path::new(OsStr::from_bytes(
                    &item.path.to_bytes().unwrap_or_default(),
                )))
            })
    }
}

/// Receives manifest.json as it is read, so memory stays flat.
pub trait Visitor {
    /// The header (first line).
    fn header(&mut self, header: &Header);
    /// An item; `shown` when the filter keeps it.
    fn item(&mut self, item: &Item, shown: bool);
    /// The footer (last line).
    fn footer(&mut self, footer: &Footer);
}

/// `inspect`: streams the manifest of `options.archive` into `visitor`.
/// Nothing is verified: the caller must say so.
pub fn inspect(options: &InspectOptions, visitor: &mut dyn Visitor) -> Result<()> {
    let filter = Filter::new(options)?;
    let mut reader = ManifestLineReader::new();
    let mut problem = None;
    scelle_verify::manifest_lines(&options.archive, &mut |line| {
        if problem.is_some() {
            return;
        }
        match reader.line(line) {
            Ok(ManifestLine::Header(header)) => visitor.header(&header),
            Ok(ManifestLine::Item(item)) => visitor.item(&item, filter.keeps(&item)),
            Ok(ManifestLine::Footer(footer)) => visitor.footer(&footer),
            Ok(ManifestLine::Blank) => {}
            Err(message) => problem = Some(message),
        }
    })?;
    if let Some(message) = problem {
        refuse!(
            "manifest.json in {} is malformed: {message}; run scelle verify",
            options.archive.display()
        );
    }
    if !reader.ended() {
        refuse!(
            "manifest.json in {} ends before its footer; run scelle verify",
            options.archive.display()
        );
    }
    Ok(())
}

/// An item not completely acquired, as `inspect` lists it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Incomplete {
    /// Its original path, for display.
    pub path: String,
    /// What happened.
    pub status: ItemStatus,
    /// Why.
    pub reason: Option<String>,
}

/// The document `inspect --json` streams out.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct InspectDocument {
    /// Always false: inspect reads, it does not verify.
    pub verified: bool,
    /// manifest.json's header.
    pub header: Header,
    /// The items the filter kept.
    pub items: Vec<Item>,
    /// manifest.json's footer.
    pub footer: Footer,
    /// The first incomplete items, filtered or not.
    pub incomplete: Vec<Incomplete>,
}
