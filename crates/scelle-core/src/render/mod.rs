//! Reports as lines of text, for a terminal or a log. Every field that came
//! from evidence, a log or a token goes through [`crate::text::Untrusted`]
//! on its way.

mod audit;
mod case;
mod custody;
mod evidence;
mod inspect;

pub use audit::{audit, baseline};
pub use case::{case_show, status as case_status};
pub use custody::{
    chain as custody_chain, checked as custody_checked, head as custody_head, recorded,
    verdict as custody_verdict,
};
pub use evidence::{event, extract, freeze, report, stamp, timestamp, verify};
pub use inspect::{JsonInspect, TextInspect};
