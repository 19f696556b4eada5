//! A small document model rendered to Markdown or to self-contained HTML,
//! so both reports say the same things.

/// A block of content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// A paragraph of text.
    Paragraph(String),
    /// Label / value pairs.
    Facts(Vec<(String, String)>),
    /// A table with a header row.
    Table {
        /// Column titles.
        head: Vec<String>,
        /// Rows, as many cells as `head`.
        rows: Vec<Vec<String>>,
    },
    /// A list of items.
    List(Vec<String>),
}

/// A titled section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// Heading.
    pub heading: String,
    /// Content.
    pub blocks: Vec<Block>,
}

/// A whole document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    /// BCP 47 language tag (`fr`, `en`).
    pub lang: &'static str,
    /// Title.
    pub title: String,
    /// The line under the title.
    pub subtitle: String,
    /// What this copy is (an annex and to which procès-verbal, or a
    /// confidential copy), shown under the subtitle.
    pub notice: String,
    /// Repeated at the foot of every printed page, with the page number.
    pub footer: String,
    /// Sections, in order.
    pub sections: Vec<Section>,
}

impl Document {
    /// Markdown (CommonMark with pipe tables).
    pub fn to_markdown(&self) -> String {
        let mut out = format!(
            "# {}\n\n{}\n\n**{}**\n",
            md(&self.title),
            md(&self.subtitle),
            md(&self.notice)
        );
        for section in &self.sections {
            out.push_str(&format!("\n## {}\n", md(&section.heading)));
            for block in &section.blocks {
                out.push('\n');
                match block {
                    Block::Paragraph(text) => out.push_str(&format!("{}\n", md(text))),
                    Block::Facts(facts) => {
                        for (label, value) in facts {
                            out.push_str(&format!("- **{}**: {}\n", md(label), md(value)));
                        }
                    }
                    Block::List(items) => {
                        for item in items {
                            out.push_str(&format!("- {}\n", md(item)));
                        }
                    }
                    Block::Table { head, rows } => {
                        let row = |cells: &[String]| {
                            let cells: Vec<String> = cells.iter().map(|c| md(c)).collect();
                            format!("| {} |\n", cells.join(" | "))
                        };
                        out.push_str(&row(head));
                        out.push_str(&format!("|{}\n", "---|".repeat(head.len())));
                        for cells in rows {
                            out.push_str(&row(cells));
                        }
                    }
                }
            }
        }
        out.push_str(&format!("\n---\n\n{}\n", md(&self.footer)));
        out
    }

    /// One HTML file with its style inline: no script, no external resource,
    /// laid out for A4 printing.
    pub fn to_html(&self) -> String {
        let mut out = format!(
            "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}{}</style>\n</head>\n<body>\n<h1>{}</h1>\n<p class=\"subtitle\">{}</p>\n<p class=\"notice\">{}</p>\n",
            self.lang,
            escaped(&self.title),
            page_foot(&self.footer),
            html(&self.title),
            html(&self.subtitle),
            html(&self.notice)
        );
        for section in &self.sections {
            out.push_str(&format!("<section>\n<h2>{}</h2>\n", html(&section.heading)));
            for block in &section.blocks {
                match block {
                    Block::Paragraph(text) => out.push_str(&format!("<p>{}</p>\n", html(text))),
                    Block::Facts(facts) => {
                        out.push_str("<table class=\"facts\">\n");
                        for (label, value) in facts {
                            out.push_str(&format!(
                                "<tr><th scope=\"row\">{}</th><td>{}</td></tr>\n",
                                html(label),
                                html(value)
                            ));
                        }
                        out.push_str("</table>\n");
                    }
                    Block::List(items) => {
                        out.push_str("<ul>\n");
                        for item in items {
                            out.push_str(&format!("<li>{}</li>\n", html(item)));
                        }
                        out.push_str("</ul>\n");
                    }
                    Block::Table { head, rows } => {
                        out.push_str("<table>\n<thead><tr>");
                        for cell in head {
                            out.push_str(&format!("<th scope=\"col\">{}</th>", html(cell)));
                        }
                        out.push_str("</tr></thead>\n<tbody>\n");
                        for cells in rows {
                            out.push_str("<tr>");
                            for cell in cells {
                                out.push_str(&format!("<td>{}</td>", html(cell)));
                            }
                            out.push_str("</tr>\n");
                        }
                        out.push_str("</tbody>\n</table>\n");
                    }
                }
            }
            out.push_str("</section>\n");
        }
        out.push_str("</body>\n</html>\n");
        out
    }
}

const STYLE: &str = "
@page { size: A4; margin: 18mm 15mm; }
body { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 10pt; color: #000; max-width: 180mm; margin: auto; }
h1 { font-size: 16pt; margin-bottom: 2pt; }
.subtitle { color: #333; margin-top: 0; }
.notice { font-weight: bold; border: 1px solid #000; padding: 4pt 6pt; }
h2 { font-size: 12.5pt; border-bottom: 1px solid #000; margin-top: 16pt; break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: 6pt 0; }
th, td { border: 1px solid #777; padding: 3pt 4pt; text-align: left; vertical-align: top; }
td { overflow-wrap: anywhere; }
th { overflow-wrap: normal; }
thead th { background: #e8e8e8; }
table.facts th { width: 32%; background: #f4f4f4; font-weight: normal; }
tr { break-inside: avoid; }
.hash { font-family: 'DejaVu Sans Mono', 'Courier New', monospace; font-size: 9pt; }
.hash span { white-space: nowrap; }
";

/// The printed page's foot: `footer` on the left, "x / y" on the right
/// (CSS paged media margin boxes, which Chromium prints).
fn page_foot(footer: &str) -> String {
    format!(
        "@page {{ @bottom-left {{ content: {}; font-family: 'DejaVu Sans Mono', monospace; font-size: 6.5pt; }} \
         @bottom-right {{ content: counter(page) \" / \" counter(pages); font-size: 8pt; }} }}",
        css_string(footer)
    )
}

/// Text as a CSS string literal that cannot end the string, the rule or the
/// style element: every character but plain letters, digits and spaces
/// as a CSS escape.
fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        if c.is_alphanumeric() && !c.is_control() || c == ' ' {
            out.push(c);
        } else {
            out.push_str(&format!("\\{:x} ", c as u32));
        }
    }
    out.push('"');
    out
}

/// Text safe in HTML element content, its SHA-256 values set for
/// transcription (see [`grouped_hashes`]).
fn html(text: &str) -> String {
    grouped_hashes(&escaped(text))
}

/// Text safe in HTML element content and attribute values.
fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Every run of exactly 64 hex digits (a seal hash, a key fingerprint) in
/// monospace, as 8 groups of 8, in two halves of 4 groups that are never
/// broken: a printed hash can only wrap between its halves, so nobody
/// copying it from paper loses or doubles a digit at a line end.
fn grouped_hashes(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while at < bytes.len() {
        let run = bytes[at..]
            .iter()
            .take_while(|b| b.is_ascii_hexdigit())
            .count();
        let bounded = at == 0 || !bytes[at - 1].is_ascii_alphanumeric();
        let after = bytes
            .get(at + run)
            .is_none_or(|b| !b.is_ascii_alphanumeric());
        if run == 64 && bounded && after {
            let hex = &text[at..at + 64];
            let half = |from: usize| {
                (from..from + 4)
                    .map(|group| &hex[group * 8..group * 8 + 8])
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            out.push_str(&format!(
                "<span class=\"hash\"><span>{}</span> <span>{}</span></span>",
                half(0),
                half(4)
            ));
            at += 64;
        } else {
            let step = run.max(1);
            let end = (at + step..=bytes.len())
                .find(|&end| text.is_char_boundary(end))
                .unwrap_or(bytes.len());
            out.push_str(&text[at..end]);
            at = end;
        }
    }
    out
}

/// Text that Markdown shows as written: punctuation that could start
/// markup is escaped, line breaks become spaces.
fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(hostile: &str) -> Document {
        Document {
            lang: "en",
            title: "Report".into(),
            subtitle: hostile.into(),
            notice: hostile.into(),
            footer: hostile.into(),
            sections: vec![Section {
                heading: "S".into(),
                blocks: vec![
                    Block::Facts(vec![("label".into(), hostile.into())]),
                    Block::Table {
                        head: vec!["a".into(), "b".into()],
                        rows: vec![vec![hostile.into(), "x".into()]],
                    },
                ],
            }],
        }
    }

    #[test]
    fn html_escapes_every_value() {
        let out = document("<script>alert('x')</script> & \"q\"").to_html();
        assert!(!out.contains("<script>"), "{out}");
        assert!(out.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"));
        let style = &out[out.find("<style>").unwrap() + 7..out.find("</style>").unwrap()];
        assert!(!style.contains('<'), "{style}");
        let foot = css_string("a\"; } </style><script>x\\ é 1");
        assert_eq!(foot.matches('"').count(), 2, "{foot}");
        assert!(
            !foot.contains(['<', ';', '}', '\'']) && foot.contains("é 1"),
            "the page foot cannot leave its CSS string: {foot}"
        );
    }

    #[test]
    fn a_hash_prints_in_groups_that_never_break() {
        let hash = "0123456789abcdef".repeat(4);
        let out = html(&format!(
            "seal {hash}, key SHA256:{hash}; not {hash}0 nor x{hash}"
        ));
        let grouped = "<span class=\"hash\"><span>01234567 89abcdef 01234567 89abcdef</span> \
                       <span>01234567 89abcdef 01234567 89abcdef</span></span>";
        assert_eq!(out.matches(grouped).count(), 2, "{out}");
        assert!(out.contains(&format!("{hash}0")) && out.contains(&format!("x{hash}")));
        assert_eq!(html("é — ü"), "é — ü");
    }

    #[test]
    fn markdown_cells_cannot_break_the_table() {
        let out = document("a | b\n# c").to_markdown();
        assert!(out.contains("| a \\| b \\# c | x |"), "{out}");
    }
}
