# Findings of the checks, by kind, in words for the report and the terminal.
