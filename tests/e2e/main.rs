//! End-to-end tests: the real `scelle` binary on temporary directories.

mod keys;
mod util;
