//! End-to-end tests: the real `scelle` binary on temporary directories.

mod acquisition;
mod attacks;
mod audit;
mod case;
mod corpora;
mod crash;
mod custody;
mod demo;
mod extract;
mod freeze;
mod fuzz_replay;
mod image;
mod inspect;
mod key_holders;
mod keys;
mod live;
mod locker;
mod messages;
mod mutation;
mod schema;
mod test_fuse;
mod timestamp;
mod tsa;
mod util;
mod verify;
mod without_scelle;
