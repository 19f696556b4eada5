# The same checks CI runs (.ci/run), without the package installation.

default: lint test

# The whole test suite (the README's command).
test:
    cargo test --workspace --no-fail-fast

# Formatting and lints, warnings as errors.
lint:
    cargo fmt --all --check
    cargo clippy --workspace --all-targets -- -D warnings
    RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --quiet

# The whole job on a built-in demo scene.
demo:
    cargo run --release -p scelle-cli -- demo

# Benchmarks against peer tools (needs hyperfine dc3dd ewf-tools hashdeep); see docs/BENCHMARKS.md.
bench data="/tmp/scelle-bench" runs="3":
    bench/run.sh {{data}} {{runs}}

# Fuzz every parser of untrusted input for SECS seconds each (cargo install cargo-fuzz).
fuzz secs="600":
    cd fuzz && for t in verify_archive bag_members manifest_lines custody_log minisign_files profile timestamp_token; do \
        RUSTC_BOOTSTRAP=1 cargo fuzz run -O $t corpus/$t -- -max_total_time={{secs}} -rss_limit_mb=512 -max_len=65536; done

# Replay the committed fuzz corpora under libFuzzer with AddressSanitizer and a
# 512 MiB cap (CI replays them without sanitizers, in tests/e2e/fuzz_replay.rs).
fuzz-replay:
    cd fuzz && for t in verify_archive bag_members manifest_lines custody_log minisign_files profile timestamp_token; do \
        RUSTC_BOOTSTRAP=1 cargo fuzz run -O $t corpus/$t -- -runs=0 -rss_limit_mb=512; done

# The man page and shell completions, generated from the clap definitions.
man:
    mkdir -p target/man target/completions
    cargo run -q -p scelle-cli -- manpage > target/man/scelle.1
    for shell in bash zsh fish; do cargo run -q -p scelle-cli -- completions $shell > target/completions/scelle.$shell; done
