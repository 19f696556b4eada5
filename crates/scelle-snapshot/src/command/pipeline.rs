//! The programs a `--command-shell` line names: what the shell will run
//! besides itself, as far as can be told without running a shell.
//!
//! The line is cut at the shell's control operators (`|`, `||`, `&&`, `;`,
//! `&`, parentheses, `$(`, backquotes, newlines) outside quotes; the first
//! word of each piece that is not a variable assignment, a redirection, a
//! reserved word or a builtin is a program. Programs chosen at run time
//! (`$TOOL`, `$(which x)`) cannot be known this way.

/// Reserved words that may come before a command (`do ls`, `! grep`).
const BEFORE_A_COMMAND: [&str; 10] = [
    "if", "then", "else", "elif", "do", "while", "until", "!", "{", "time",
];

/// Words after which a piece names no program (a loop header, an end).
const NO_COMMAND: [&str; 9] = [
    "for", "case", "select", "function", "in", "done", "fi", "esac", "}",
];

/// Builtins of a POSIX shell: run by the shell itself.
const BUILTINS: [&str; 22] = [
    "echo", "printf", "cd", "test", "[", "[[", "read", "export", "exit", "return", "set", "unset",
    "shift", "local", "eval", "exec", "true", "false", ":", ".", "wait", "trap",
];

/// The program names in command position of `line`, in order, each once.
pub(super) fn programs(line: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for piece in pieces(line) {
        let Some(words) = shlex::split(&piece) else {
            continue;
        };
        let program = words.into_iter().find(|word| {
            let assignment = word.split_once('=').is_some_and(|(name, _)| {
                !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
            });
            let redirection = word.starts_with(['<', '>'])
                || word.chars().next().is_some_and(|c| c.is_ascii_digit()) && word.contains('>');
            !assignment
                && !redirection
                && !word.is_empty()
                && !BEFORE_A_COMMAND.contains(&word.as_str())
        });
        let Some(program) = program else {
            continue;
        };
        let handled_by_the_shell =
            NO_COMMAND.contains(&program.as_str()) || BUILTINS.contains(&program.as_str());
        if !handled_by_the_shell && !program.starts_with('$') && !found.contains(&program) {
            found.push(program);
        }
    }
    found
}

/// `line` cut at control operators outside single and double quotes.
fn pieces(line: &str) -> Vec<String> {
    let mut pieces = vec![String::new()];
    let (mut single, mut double, mut escaped) = (false, false, false);
    for c in line.chars() {
        let quoted = single || double || escaped;
        match c {
            _ if escaped => escaped = false,
            '\\' if !single => escaped = true,
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            '|' | '&' | ';' | '(' | ')' | '`' | '\n' if !quoted => {
                // `$(` opens a substitution: the `$` belongs to it.
                if c == '(' {
                    if let Some(last) = pieces.last_mut() {
                        if last.ends_with('$') {
                            last.pop();
                        }
                    }
                }
                pieces.push(String::new());
                continue;
            }
            _ => {}
        }
        if let Some(last) = pieces.last_mut() {
            last.push(c);
        }
    }
    pieces.retain(|piece| !piece.trim().is_empty());
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn programs_of_pipelines_lists_and_substitutions() {
        assert_eq!(
            programs("ps -ef | grep -v grep | awk '{print $2}' > /tmp/x"),
            ["ps", "grep", "awk"]
        );
        assert_eq!(
            programs("LC_ALL=C sort /etc/passwd && echo done; for u in $(cut -d: -f1 /etc/passwd); do crontab -l -u \"$u\"; done"),
            ["sort", "cut", "crontab"]
        );
        assert_eq!(programs("echo 'a | b' ; 2>/dev/null ls"), ["ls"]);
        assert_eq!(programs("time ! grep -q x /etc/hosts"), ["grep"]);
        assert!(programs("$TOOL --all").is_empty());
    }
}
