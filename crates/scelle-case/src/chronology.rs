//! Dates that cannot be true: a discovery after the case was opened, a
//! notification before the discovery or dated after it was recorded, a
//! final report before the notification it closes. Refused when recorded,
//! and named when a journal holding them is read (it may have been written
//! by another tool, or by hand).

use chrono::{DateTime, Duration, Utc};

use crate::facts::{parse_time, CaseFacts};
use crate::journal::{Notification, NotificationKind};
use crate::Error;

/// How far a declared time may run ahead of the signer's clock (clocks drift).
pub const CLOCK_SLACK: Duration = Duration::minutes(5);

/// A notification and when its journal entry was written.
pub struct Recorded<'a> {
    /// The notification.
    pub notification: &'a Notification,
    /// Its entry's time (the signer's clock).
    pub recorded: &'a str,
}

/// Why a discovery time recorded at `recorded` cannot be true, if it cannot.
pub fn discovery_problem(facts: &CaseFacts, recorded: DateTime<Utc>) -> Option<String> {
    let discovered = facts.discovered_at().ok()?;
    (discovered > recorded + CLOCK_SLACK).then(|| {
        format!(
            "the discovery ({}) is dated after the case was opened ({}): an incident is \
             discovered before its case is opened",
            facts.discovered, recorded
        )
    })
}

/// Why `notification`, recorded at `recorded`, cannot be true in the case
/// `facts` beside its `other` notifications, if it cannot.
pub fn notification_problem(
    facts: &CaseFacts,
    notification: &Notification,
    recorded: DateTime<Utc>,
    others: &[&Notification],
) -> Result<Option<String>, Error> {
    let sent = parse_time(&notification.sent, "sent")?;
    let discovered = facts.discovered_at()?;
    if sent < discovered {
        return Ok(Some(format!(
            "the notification to {} is dated {}, before the incident was discovered ({}): it \
             cannot discharge a duty the discovery started",
            notification.to, notification.sent, facts.discovered
        )));
    }
    if sent > recorded + CLOCK_SLACK {
        return Ok(Some(format!(
            "the notification to {} is dated {}, after it was recorded ({}): record what was \
             sent, once it is",
            notification.to, notification.sent, recorded
        )));
    }
    if notification.kind == NotificationKind::FinalReport {
        let first_notification = others
            .iter()
            .filter(|other| {
                other.to == notification.to && other.kind == NotificationKind::Notification
            })
            .filter_map(|other| parse_time(&other.sent, "sent").ok())
            .min();
        if first_notification.is_none_or(|first| sent < first) {
            return Ok(Some(format!(
                "the final report to {} ({}) comes before any incident notification to it: a \
                 final report closes a notification",
                notification.to, notification.sent
            )));
        }
    }
    Ok(None)
}

/// The problems of a whole journal's notifications, in order.
pub fn journal_problems(facts: &CaseFacts, notifications: &[Recorded<'_>]) -> Vec<String> {
    let mut problems = Vec::new();
    for (at, recorded) in notifications.iter().enumerate() {
        let others: Vec<&Notification> = notifications
            .iter()
            .enumerate()
            .filter(|(other, _)| *other != at)
            .map(|(_, other)| other.notification)
            .collect();
        let Ok(time) = parse_time(recorded.recorded, "entry time") else {
            continue;
        };
        match notification_problem(facts, recorded.notification, time, &others) {
            Ok(Some(problem)) => problems.push(problem),
            Ok(None) => {}
            Err(error) => problems.push(error.to_string()),
        }
    }
    problems
}
