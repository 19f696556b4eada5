//! `scelle inspect`: what an archive records, read without verifying.

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use anyhow::{bail, Context};
use globset::{Glob, GlobMatcher};
use scelle_manifest::{
    Footer, Header, Item, ManifestLine, ManifestLineReader, Status as ItemStatus,
};
use serde::Serialize;

use crate::cli::InspectArgs;
use crate::exit::Status;
use crate::{output, sanitize};

/// Incomplete items listed at most in the summary.
const MAX_LISTED: usize = 1000;

/// Which items to show.
struct Filter {
    kinds: Vec<String>,
    statuses: Vec<String>,
    path: Option<GlobMatcher>,
}

impl Filter {
    fn from_args(args: &InspectArgs) -> anyhow::Result<Self> {
        const KINDS: [&str; 7] = [
            "file", "dir", "symlink", "hardlink", "special", "image", "command",
        ];
        const STATUSES: [&str; 4] = ["complete", "changed", "unreadable", "skipped"];
        for kind in &args.kind {
            if !KINDS.contains(&kind.as_str()) {
                bail!("--kind {kind:?} is not one of {}", KINDS.join(", "));
            }
        }
        for status in &args.status {
            if !STATUSES.contains(&status.as_str()) {
                bail!("--status {status:?} is not one of {}", STATUSES.join(", "));
            }
        }
        let path = args
            .path
            .as_deref()
            .map(|glob| Glob::new(glob).map(|glob| glob.compile_matcher()))
            .transpose()
            .context("--path")?;
        Ok(Self {
            kinds: args.kind.clone(),
            statuses: args.status.clone(),
            path,
        })
    }

    fn keeps(&self, item: &Item) -> bool {
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

#[derive(Serialize)]
struct Incomplete {
    path: String,
    status: ItemStatus,
    reason: Option<String>,
}

pub fn run(args: &InspectArgs) -> anyhow::Result<Status> {
    let filter = Filter::from_args(args)?;
    let mut reader = ManifestLineReader::new();
    let mut render = Render::new(args.json);
    let mut problem = None;
    scelle_verify::manifest_lines(&args.archive, &mut |line| {
        if problem.is_some() {
            return;
        }
        match reader.line(line) {
            Ok(ManifestLine::Header(header)) => render.header(&header),
            Ok(ManifestLine::Item(item)) => render.item(&item, filter.keeps(&item)),
            Ok(ManifestLine::Footer(footer)) => render.footer(&footer),
            Ok(ManifestLine::Blank) => {}
            Err(message) => problem = Some(message),
        }
    })?;
    if let Some(message) = problem {
        bail!(
            "manifest.json in {} is malformed: {message}; run scelle verify",
            args.archive.display()
        );
    }
    if !reader.ended() {
        bail!(
            "manifest.json in {} ends before its footer; run scelle verify",
            args.archive.display()
        );
    }
    render.finish()?;
    Ok(Status::Success)
}

/// Prints as lines arrive, text or JSON, so memory stays flat.
struct Render {
    json: bool,
    items_shown: u64,
    incomplete: Vec<Incomplete>,
    error: Option<std::io::Error>,
}

impl Render {
    fn new(json: bool) -> Self {
        Self {
            json,
            items_shown: 0,
            incomplete: Vec::new(),
            error: None,
        }
    }

    fn emit(&mut self, text: &str) {
        if self.error.is_none() {
            if let Err(error) = output::line(text) {
                self.error = Some(error);
            }
        }
    }

    fn header(&mut self, header: &Header) {
        if self.json {
            let header = serde_json::to_string(header).unwrap_or_default();
            self.emit(&format!(
                "{{\"verified\":false,\"header\":{header},\"items\":["
            ));
            return;
        }
        let show = |value: &Option<String>| sanitize::for_terminal(value.as_deref().unwrap_or("-"));
        let case = &header.case;
        let host = &header.host;
        let acquisition = &header.acquisition;
        let command: Vec<String> = acquisition
            .command_line
            .iter()
            .map(|arg| arg.to_display())
            .collect();
        for line in [
            "NOT VERIFIED: this reads the record only; run `scelle verify --pubkey KEY.pub` to check it.".to_string(),
            format!("evidence id:   {}", sanitize::for_terminal(&header.evidence_id)),
            format!("case:          {} | {}", show(&case.case_id), show(&case.title)),
            format!("legal basis:   {}", show(&case.legal_basis)),
            format!("examiner:      {} ({})", show(&case.examiner), show(&case.organization)),
            format!("notes:         {}", sanitize::for_terminal(&case.notes.join(" / "))),
            format!("host:          {} | {} | {}", show(&host.hostname), show(&host.os_release), show(&host.kernel)),
            format!("machine id:    {} | booted {} | time zone {}", show(&host.machine_id), show(&host.boot_time), show(&host.time_zone)),
            format!("started:       {} by {} (uid {})", acquisition.started, show(&acquisition.operator), acquisition.uid),
            format!("command line:  {}", sanitize::for_terminal(&command.join(" "))),
            format!("tool:          {} {}", header.tool.name, header.tool.version),
            "items:".to_string(),
        ] {
            self.emit(&line);
        }
    }

    fn item(&mut self, item: &Item, shown: bool) {
        if item.status.is_incomplete() && self.incomplete.len() < MAX_LISTED {
            self.incomplete.push(Incomplete {
                path: item.path.to_display(),
                status: item.status,
                reason: item.reason.clone(),
            });
        }
        if !shown {
            return;
        }
        self.items_shown += 1;
        if self.json {
            let separator = if self.items_shown > 1 { "," } else { "" };
            let text = serde_json::to_string(item).unwrap_or_default();
            self.emit(&format!("{separator}{text}"));
            return;
        }
        let target = item
            .link_target
            .as_ref()
            .map(|target| format!(" -> {}", sanitize::for_terminal(&target.to_display())))
            .unwrap_or_default();
        let reason = item
            .reason
            .as_ref()
            .map(|r| format!("  ({})", sanitize::for_terminal(r)))
            .unwrap_or_default();
        let line = format!(
            "  {:<8} {:<10} {} {:>12}  {}{target}{reason}",
            item.kind.name(),
            item.status.name(),
            item.mode,
            item.size,
            sanitize::for_terminal(&item.path.to_display())
        );
        self.emit(&line);
    }

    fn footer(&mut self, footer: &Footer) {
        if self.json {
            let footer = serde_json::to_string(footer).unwrap_or_default();
            let incomplete = serde_json::to_string(&self.incomplete).unwrap_or_default();
            self.emit(&format!(
                "],\"footer\":{footer},\"incomplete\":{incomplete}}}"
            ));
            return;
        }
        let totals = &footer.totals;
        let lines = [
            format!("ended:         {}", footer.ended),
            format!("signer:        key {} (SHA256:{})", footer.signer.key_id, footer.signer.public_key_fingerprint_sha256),
            format!(
                "totals:        {} items, {} files stored ({} bytes): {} complete, {} changed, {} unreadable, {} skipped",
                totals.items, totals.payload_files, totals.payload_bytes, totals.complete, totals.changed, totals.unreadable, totals.skipped
            ),
        ];
        for line in lines {
            self.emit(&line);
        }
        if !self.incomplete.is_empty() {
            self.emit("incomplete:");
            let listed: Vec<String> = self
                .incomplete
                .iter()
                .map(|item| {
                    format!(
                        "  {:?} {}: {}",
                        item.status,
                        sanitize::for_terminal(&item.path),
                        sanitize::for_terminal(item.reason.as_deref().unwrap_or(""))
                    )
                })
                .collect();
            for line in listed {
                self.emit(&line);
            }
        }
    }

    fn finish(self) -> anyhow::Result<()> {
        match self.error {
            Some(error) => Err(error.into()),
            None => Ok(()),
        }
    }
}
