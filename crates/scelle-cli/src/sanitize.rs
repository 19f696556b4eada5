//! Untrusted names (file names from a compromised host, comments from a
//! hostile archive) must never reach a terminal raw: escape sequences in them
//! could rewrite what the user sees.

/// Replaces control characters with visible escapes (`\n`, `\t`, `\x1b`, `\u{9b}`).
pub fn for_terminal(text: &str) -> String {
    let mut shown = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => shown.push_str("\\n"),
            '\r' => shown.push_str("\\r"),
            '\t' => shown.push_str("\\t"),
            c if c.is_control() => shown.push_str(&c.escape_unicode().to_string()),
            c => shown.push(c),
        }
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_terminal_controls() {
        assert_eq!(for_terminal("a\nb"), "a\\nb");
        assert_eq!(for_terminal("\x1b[2J"), "\\u{1b}[2J");
        assert_eq!(for_terminal("\u{9b}"), "\\u{9b}");
        assert_eq!(for_terminal("café"), "café");
    }
}
