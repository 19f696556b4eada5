//! The operations, one module a verb.

pub mod audit;
pub mod case;
pub mod custody;
pub mod demo;
pub mod freeze;
pub mod inspect;
pub mod keys;
pub mod locker;
pub mod report;
pub mod signer;
pub mod timestamp;
pub mod verify;
