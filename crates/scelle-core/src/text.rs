//! Text that came from a file an attacker may have written (a file name from
//! a compromised host, a comment in a hostile archive) must never reach a
//! terminal raw: escape sequences could rewrite what the reader sees, and
//! bidirectional or zero-width characters could make one name look like
//! another.

use std::fmt;

/// Displays the wrapped text with every control, bidi-override and
/// zero-width character replaced by a visible escape (`\n`, `\u{1b}`,
/// `\u{202e}`).
#[derive(Clone, Copy, Debug)]
pub struct Untrusted<'a>(pub &'a str);

impl fmt::Display for Untrusted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            match c {
                '\n' => f.write_str("\\n")?,
                '\r' => f.write_str("\\r")?,
                '\t' => f.write_str("\\t")?,
                c if is_hidden(c) => write!(f, "{}", c.escape_unicode())?,
                c => fmt::Write::write_char(f, c)?,
            }
        }
        Ok(())
    }
}

/// C0 and C1 controls, bidi embeddings, overrides and isolates, and the
/// zero-width characters.
fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

/// `text` escaped for a terminal (see [`Untrusted`]).
pub fn for_terminal(text: &str) -> String {
    Untrusted(text).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_terminal_controls_bidi_and_zero_width() {
        assert_eq!(for_terminal("a\nb"), "a\\nb");
        assert_eq!(for_terminal("\x1b[2J"), "\\u{1b}[2J");
        assert_eq!(for_terminal("\u{9b}"), "\\u{9b}");
        assert_eq!(
            for_terminal("invoice\u{202e}fdp.exe"),
            "invoice\\u{202e}fdp.exe"
        );
        assert_eq!(for_terminal("a\u{200b}b"), "a\\u{200b}b");
        assert_eq!(for_terminal("café"), "café");
    }
}
