# The same checks CI runs (.ci/run), without the package installation.

default: lint test

# The whole test suite (the README's command).
test:
    cargo test --workspace

# Formatting and lints, warnings as errors.
lint:
    cargo fmt --all --check
    cargo clippy --workspace --all-targets -- -D warnings
    RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps

# The whole job on a built-in demo scene.
demo:
    cargo run --release -p scelle-cli -- demo

# Benchmarks against peer tools: not written yet (see the performance issue).
bench:
    @echo "no benchmark harness yet: it arrives with the performance issue" >&2; exit 1

# Fuzz targets for every parser of untrusted input: not written yet (robustness issue).
fuzz:
    @echo "no fuzz targets yet: they arrive with the robustness issue" >&2; exit 1

# The man page and shell completions, generated from the clap definitions.
man:
    mkdir -p target/man target/completions
    cargo run -q -p scelle-cli -- manpage > target/man/scelle.1
    for shell in bash zsh fish; do cargo run -q -p scelle-cli -- completions $shell > target/completions/scelle.$shell; done
