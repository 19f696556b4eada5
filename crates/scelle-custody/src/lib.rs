//! The chain of custody: `<ID>.custody.jsonl`, an append-only log of signed,
//! hash-linked events that travels next to the archive.
//!
//! Nothing is implemented here yet, and no command claims otherwise: the log
//! arrives with the chain-of-custody issue (see docs/FORMAT.md when it lands).
//! The crate exists so that the workspace shows where that job will live.
