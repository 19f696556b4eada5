//! `inspect` as text or as one JSON document, written line by line as the
//! manifest streams by, so memory stays flat.

use std::io;

use scelle_manifest::{Footer, Header, Item};

use crate::ops::inspect::{Incomplete, Visitor};
use crate::text::Untrusted;

/// Incomplete items listed at most in the summary.
const MAX_LISTED: usize = 1000;

/// Where rendered lines go; the first error stops the output.
type Sink<'a> = dyn FnMut(&str) -> io::Result<()> + 'a;

/// Writes `inspect` as text.
pub struct TextInspect<'a> {
    out: Lines<'a>,
}

/// Writes `inspect --json` (the shape of [`crate::ops::inspect::InspectDocument`]).
pub struct JsonInspect<'a> {
    out: Lines<'a>,
}

/// The sink, what was listed, and the first write error.
struct Lines<'a> {
    sink: Box<Sink<'a>>,
    items_shown: u64,
    incomplete: Vec<Incomplete>,
    error: Option<io::Error>,
}

impl<'a> Lines<'a> {
    fn new(sink: impl FnMut(&str) -> io::Result<()> + 'a) -> Self {
        Self {
            sink: Box::new(sink),
            items_shown: 0,
            incomplete: Vec::new(),
            error: None,
        }
    }

    fn emit(&mut self, text: &str) {
        if self.error.is_none() {
            if let Err(error) = (self.sink)(text) {
                self.error = Some(error);
            }
        }
    }

    /// Notes an incomplete item; whether the item is to be shown.
    fn count(&mut self, item: &Item, shown: bool) -> bool {
        if item.status.is_incomplete() && self.incomplete.len() < MAX_LISTED {
            self.incomplete.push(Incomplete {
                path: item.path.to_display(),
                status: item.status,
                reason: item.reason.clone(),
            });
        }
        if shown {
            self.items_shown += 1;
        }
        shown
    }

    fn finish(self) -> io::Result<()> {
        match self.error {
            Some(error) => Err(error),
            None => Ok(()),
        }
    }
}

impl<'a> TextInspect<'a> {
    /// Text lines into `sink`.
    pub fn new(sink: impl FnMut(&str) -> io::Result<()> + 'a) -> Self {
        Self {
            out: Lines::new(sink),
        }
    }

    /// The first error writing to the sink, if any.
    pub fn finish(self) -> io::Result<()> {
        self.out.finish()
    }
}

impl<'a> JsonInspect<'a> {
    /// JSON text into `sink`.
    pub fn new(sink: impl FnMut(&str) -> io::Result<()> + 'a) -> Self {
        Self {
            out: Lines::new(sink),
        }
    }

    /// The first error writing to the sink, if any.
    pub fn finish(self) -> io::Result<()> {
        self.out.finish()
    }
}

impl Visitor for JsonInspect<'_> {
    fn header(&mut self, header: &Header) {
        let header = serde_json::to_string(header).unwrap_or_default();
        self.out.emit(&format!(
            "{{\"verified\":false,\"header\":{header},\"items\":["
        ));
    }

    fn item(&mut self, item: &Item, shown: bool) {
        if self.out.count(item, shown) {
            let separator = if self.out.items_shown > 1 { "," } else { "" };
            let text = serde_json::to_string(item).unwrap_or_default();
            self.out.emit(&format!("{separator}{text}"));
        }
    }

    fn footer(&mut self, footer: &Footer) {
        let footer = serde_json::to_string(footer).unwrap_or_default();
        let incomplete = serde_json::to_string(&self.out.incomplete).unwrap_or_default();
        self.out.emit(&format!(
            "],\"footer\":{footer},\"incomplete\":{incomplete}}}"
        ));
    }
}

impl Visitor for TextInspect<'_> {
    fn header(&mut self, header: &Header) {
        let show = |value: &Option<String>| Untrusted(value.as_deref().unwrap_or("-")).to_string();
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
            format!("evidence id:   {}", Untrusted(header.evidence_id.as_str())),
            format!("case:          {} | {}", show(&case.case_id), show(&case.title)),
            format!("legal basis:   {}", show(&case.legal_basis)),
            format!("examiner:      {} ({})", show(&case.examiner), show(&case.organization)),
            format!("notes:         {}", Untrusted(&case.notes.join(" / "))),
            format!("host:          {} | {} | {}", show(&host.hostname), show(&host.os_release), show(&host.kernel)),
            format!("machine id:    {} | booted {} | time zone {}", show(&host.machine_id), show(&host.boot_time), show(&host.time_zone)),
            format!("started:       {} by {} (uid {})", acquisition.started, show(&acquisition.operator), acquisition.uid),
            format!("command line:  {}", Untrusted(&command.join(" "))),
            format!("tool:          {} {}", header.tool.name, header.tool.version),
            "items:".to_string(),
        ] {
            self.out.emit(&line);
        }
    }

    fn item(&mut self, item: &Item, shown: bool) {
        if !self.out.count(item, shown) {
            return;
        }
        let target = item
            .link_target
            .as_ref()
            .map(|target| format!(" -> {}", Untrusted(&target.to_display())))
            .unwrap_or_default();
        let reason = item
            .reason
            .as_ref()
            .map(|r| format!("  ({})", Untrusted(r)))
            .unwrap_or_default();
        let extended = item
            .extended
            .as_deref()
            .map(extended_summary)
            .unwrap_or_default();
        let line = format!(
            "  {:<8} {:<10} {} {:>12}  {}{target}{extended}{reason}",
            item.kind.name(),
            item.status.name(),
            item.mode.as_deref().unwrap_or("----"),
            item.size,
            Untrusted(&item.path.to_display())
        );
        self.out.emit(&line);
    }

    fn footer(&mut self, footer: &Footer) {
        let totals = &footer.totals;
        let lines = [
            format!("ended:         {}", footer.ended),
            format!(
                "signer:        key {} (SHA256:{}){}",
                footer.signer.key_id,
                footer.signer.public_key_fingerprint_sha256,
                footer.signer.key_source.as_ref().map(|source| format!(", {}", Untrusted(&source.describe()))).unwrap_or_default()
            ),
            format!(
                "totals:        {} items, {} files stored ({} bytes): {} complete, {} changed, {} unreadable, {} skipped, {} failed, {} vanished",
                totals.items, totals.payload_files, totals.payload_bytes, totals.complete, totals.changed, totals.unreadable, totals.skipped, totals.failed, totals.vanished
            ),
        ];
        for line in lines {
            self.out.emit(&line);
        }
        if !self.out.incomplete.is_empty() {
            self.out.emit("incomplete:");
            let listed: Vec<String> = self
                .out
                .incomplete
                .iter()
                .map(|item| {
                    format!(
                        "  {:?} {}: {}",
                        item.status,
                        Untrusted(&item.path),
                        Untrusted(item.reason.as_deref().unwrap_or(""))
                    )
                })
                .collect();
            for line in listed {
                self.out.emit(&line);
            }
        }
    }
}

/// What an item's extended record holds, in brackets: capabilities, flags,
/// ACLs and how many extended attributes.
fn extended_summary(extended: &scelle_manifest::Extended) -> String {
    let mut parts = Vec::new();
    if let Some(capabilities) = &extended.capabilities {
        parts.push(Untrusted(capabilities).to_string());
    }
    parts.extend(extended.flags.iter().cloned());
    if extended.acl_access.is_some() || extended.acl_default.is_some() {
        parts.push("acl".to_string());
    }
    if !extended.xattrs.is_empty() {
        parts.push(format!("{} xattr(s)", extended.xattrs.len()));
    }
    if extended.xattrs_error.is_some() {
        parts.push("xattrs unreadable".to_string());
    }
    format!(" [{}]", parts.join(", "))
}
