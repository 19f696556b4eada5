//! Reading manifest.json line by line, as [`crate::ManifestWriter`] lays it
//! out: the header and the opening of `items` on the first line, one item per
//! line, then `],` and the footer. Memory stays bounded by the longest line.

use serde::Deserialize;

use crate::{Footer, Header, Item};

/// One line of a manifest.json.
#[derive(Debug)]
pub enum ManifestLine {
    /// The first line.
    Header(Box<Header>),
    /// An item line.
    Item(Box<Item>),
    /// The line closing `items`, with the footer.
    Footer(Box<Footer>),
    /// An empty line (after the footer, or an empty item list).
    Blank,
}

/// Tracks where in the layout the next line falls.
#[derive(Debug, Default)]
pub struct ManifestLineReader {
    lines: u64,
    items: u64,
    ended: bool,
}

impl ManifestLineReader {
    /// A reader at the start of the file.
    pub fn new() -> Self {
        Self::default()
    }

    /// Items read so far.
    pub fn items(&self) -> u64 {
        self.items
    }

    /// Parses the next line (without its `\n`). The error says what is wrong
    /// in plain words; after an error the layout cannot be followed further.
    pub fn line(&mut self, line: &[u8]) -> Result<ManifestLine, String> {
        self.lines += 1;
        let text =
            std::str::from_utf8(line).map_err(|_| format!("line {} is not UTF-8", self.lines))?;
        if self.ended {
            return if text.is_empty() {
                Ok(ManifestLine::Blank)
            } else {
                Err("text after the end of manifest.json".into())
            };
        }
        if self.lines == 1 {
            #[derive(Deserialize)]
            struct HeaderLine {
                #[serde(flatten)]
                header: Header,
            }
            if !text.ends_with("\"items\":[") {
                return Err(
                    "its first line is not the record's header as scelle writes it: \
                            manifest.json was rewritten or damaged"
                        .into(),
                );
            }
            let parsed: HeaderLine = serde_json::from_str(&format!("{text}]}}"))
                .map_err(|error| format!("header: {error}"))?;
            return Ok(ManifestLine::Header(Box::new(parsed.header)));
        }
        if let Some(rest) = text.strip_prefix("],") {
            self.ended = true;
            let footer: Footer = serde_json::from_str(&format!("{{{rest}"))
                .map_err(|error| format!("footer: {error}"))?;
            return Ok(ManifestLine::Footer(Box::new(footer)));
        }
        if text.is_empty() {
            return Ok(ManifestLine::Blank);
        }
        self.items += 1;
        let item_text = text.strip_suffix(',').unwrap_or(text);
        let item: Item = serde_json::from_str(item_text)
            .map_err(|error| format!("item {}: {error}", self.items))?;
        Ok(ManifestLine::Item(Box::new(item)))
    }

    /// Whether the footer was read.
    pub fn ended(&self) -> bool {
        self.ended
    }
}
