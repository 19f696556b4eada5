//! The one word every check ends with.

use serde::{Deserialize, Serialize};

/// What a check concluded, in the words the text and JSON outputs share.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// No finding, and the signers were checked against trusted keys.
    Intact,
    /// No finding, but nobody checked who signed: anyone could have.
    Unauthenticated,
    /// At least one finding.
    NotIntact,
}

impl Verdict {
    /// Whether a caller may treat the evidence as good: intact, or
    /// unauthenticated when it explicitly allowed that
    /// (`--allow-unauthenticated`).
    pub fn accepted(self, allow_unauthenticated: bool) -> bool {
        match self {
            Verdict::Intact => true,
            Verdict::Unauthenticated => allow_unauthenticated,
            Verdict::NotIntact => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_intact_passes_unless_unauthenticated_is_allowed() {
        assert!(Verdict::Intact.accepted(false));
        assert!(!Verdict::Unauthenticated.accepted(false));
        assert!(Verdict::Unauthenticated.accepted(true));
        assert!(!Verdict::NotIntact.accepted(true));
        assert_eq!(
            serde_json::to_string(&Verdict::NotIntact).unwrap(),
            "\"not-intact\""
        );
    }
}
