//! `inspect` as text or as one JSON document, written line by line as the
//! manifest streams by, so memory stays flat.

use std::io;

use scelle_manifest::{Footer, Header, Item};

use crate::ops::inspect::{Incomplete, Visitor};
use crate::text::Untrusted;
use scelle_l10n::{text_arg, Lang};

/// Incomplete items listed at most in the summary.
const MAX_LISTED: usize = 1000;

/// Where rendered lines go; the first error stops the output.
type Sink<'a> = dyn FnMut(&str) -> io::Result<()> + 'a;

/// Writes `inspect` as text: the record's summary (what was sealed, where,
/// by whom, the totals), then the item list only when asked for.
pub struct TextInspect<'a> {
    out: Lines<'a>,
    lang: Lang,
    list_items: bool,
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
    /// Text lines in `lang` into `sink`, with one line per item when
    /// `list_items`.
    pub fn new(
        sink: impl FnMut(&str) -> io::Result<()> + 'a,
        lang: Lang,
        list_items: bool,
    ) -> Self {
        Self {
            out: Lines::new(sink),
            lang,
            list_items,
        }
    }

    /// `id`'s line with `value`, or nothing when there is no value.
    fn labelled(&mut self, id: &str, parts: &[Option<String>], separator: &str) {
        let parts: Vec<&str> = parts
            .iter()
            .flatten()
            .map(String::as_str)
            .filter(|part| !part.is_empty())
            .collect();
        if !parts.is_empty() {
            let value = Untrusted(&parts.join(separator)).to_string();
            let line = self.lang.format(id, &[text_arg("value", &value)]);
            self.out.emit(&line);
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
        let lang = self.lang;
        let case = &header.case;
        let host = &header.host;
        let acquisition = &header.acquisition;
        let with = |id: &str, value: &Option<String>| {
            value
                .as_ref()
                .map(|value| lang.format(id, &[text_arg("value", value)]))
        };
        let command: Vec<String> = acquisition
            .command_line
            .iter()
            .map(|arg| arg.to_display())
            .collect();
        self.out.emit(&lang.text("inspect-not-verified"));
        self.labelled(
            "inspect-evidence-id",
            &[Some(header.evidence_id.to_string())],
            "",
        );
        self.labelled(
            "inspect-case",
            &[case.case_id.clone(), case.title.clone()],
            " — ",
        );
        self.labelled(
            "inspect-legal-basis",
            std::slice::from_ref(&case.legal_basis),
            "",
        );
        let organization = case.organization.as_ref().map(|name| format!("({name})"));
        self.labelled(
            "inspect-examiner",
            &[case.examiner.clone(), organization],
            " ",
        );
        self.labelled("inspect-notes", &[Some(case.notes.join(" / "))], "");
        self.labelled(
            "inspect-host",
            &[
                host.hostname.clone(),
                host.os_release.clone(),
                host.kernel.clone(),
            ],
            " | ",
        );
        self.labelled(
            "inspect-machine",
            &[
                with("inspect-machine-id", &host.machine_id),
                with("inspect-booted", &host.boot_time),
                with("inspect-time-zone", &host.time_zone),
            ],
            " | ",
        );
        let by = acquisition.operator.as_ref().map(|operator| {
            lang.format(
                "inspect-by",
                &[
                    text_arg("operator", operator),
                    ("uid", acquisition.uid.into()),
                ],
            )
        });
        self.labelled(
            "inspect-started",
            &[Some(acquisition.started.clone()), by],
            " ",
        );
        self.labelled("inspect-command-line", &[Some(command.join(" "))], "");
        self.labelled(
            "inspect-tool",
            &[
                Some(header.tool.name.clone()),
                Some(header.tool.version.clone()),
            ],
            " ",
        );
    }

    fn item(&mut self, item: &Item, shown: bool) {
        if !self.out.count(item, shown && self.list_items) {
            return;
        }
        if self.out.items_shown == 1 {
            self.out.emit(&self.lang.text("inspect-items"));
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
        let lang = self.lang;
        let totals = &footer.totals;
        let source = footer
            .signer
            .key_source
            .as_ref()
            .map(|source| format!(", {}", Untrusted(&super::key_kept(source, lang))))
            .unwrap_or_default();
        let lines = [
            lang.format("inspect-ended", &[text_arg("value", &footer.ended)]),
            lang.format(
                "inspect-signer",
                &[
                    ("key", footer.signer.key_id.to_string().into()),
                    (
                        "fingerprint",
                        footer
                            .signer
                            .public_key_fingerprint_sha256
                            .to_string()
                            .into(),
                    ),
                    ("source", source.into()),
                ],
            ),
            lang.format("inspect-totals", &super::totals_args(totals)),
        ];
        for line in lines {
            self.out.emit(&line);
        }
        if !self.out.incomplete.is_empty() {
            self.out.emit(&lang.text("inspect-incomplete"));
            let listed: Vec<String> = self
                .out
                .incomplete
                .iter()
                .map(|item| {
                    format!(
                        "  {} {}: {}",
                        item.status.name(),
                        Untrusted(&item.path),
                        Untrusted(item.reason.as_deref().unwrap_or(""))
                    )
                })
                .collect();
            for line in listed {
                self.out.emit(&line);
            }
        }
        if !self.list_items {
            self.out.emit(&lang.text("inspect-items-hint"));
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
