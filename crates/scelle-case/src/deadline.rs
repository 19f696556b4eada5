//! Notification deadlines, computed from the time the organisation became
//! aware of the incident (the discovery, unless an awareness time was given).
//!
//! - GDPR art. 33(1): the supervisory authority (CNIL) within 72 hours of
//!   becoming aware of a personal data breach; a later notification gives
//!   the reasons for the delay (recorded with it, flagged when missing).
//!   A processor instead tells the controller without undue delay (art.
//!   33(2)).
//! - GDPR art. 34: when the breach is likely to result in a high risk, the
//!   persons concerned without undue delay, unless an art. 34(3) exemption
//!   is relied on (shown as exempt, with its letter).
//! - NIS2 art. 23(4), essential and important entities: an early warning
//!   within 24 hours, an incident notification within 72 hours, a final
//!   report within one month of the incident notification (until it is made,
//!   one month after its deadline, marked provisional).
//! - DORA art. 19 with its RTS on reporting: an initial notification within
//!   4 hours of the classification as major and no later than 24 hours of
//!   awareness, an intermediate report within 72 hours of the initial
//!   notification, a final report within one month of the intermediate
//!   report (to the ACPR or the AMF; provisional until the step before is
//!   recorded).
//! - NIS2 art. 23(4)(c): an intermediate report when the CSIRT or the
//!   authority asks for one (`case request`), by the time it gives.
//! - NIS2 art. 23(4)(e): when the incident is still being handled at the
//!   final report's deadline, a progress report is due then instead, and
//!   the final report one month after the incident is handled (`case done
//!   incident-handled`; provisional until then).
//! - OIV (code de la défense, art. R1332-41-10): ANSSI without delay; no
//!   fixed period, so it is shown as due since discovery until made.
//!
//! "Without undue delay" has no fixed time: until done it shows as due now.
//!
//! Hours are elapsed time (72 hours is 72 hours, across a DST change).
//! A month is a calendar month in the case's time zone: the same local
//! time on the same day of the next month, or its last day when shorter
//! (31 January → 28 February). A local time a DST change skips moves
//! forward past the gap; one it repeats takes the earlier instant.

use chrono::{DateTime, Duration, Months, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::facts::{parse_time, CaseFacts};
use crate::journal::{Notification, NotificationKind};
use crate::Error;

/// Recipients that satisfy NIS2 notifications in France (ANSSI hosts the
/// national CSIRT, CERT-FR).
const NIS2_RECIPIENTS: [&str; 3] = ["ANSSI", "CSIRT", "CERT-FR"];

/// The French competent authorities for DORA incident reports.
const DORA_RECIPIENTS: [&str; 2] = ["ACPR", "AMF"];

/// A duty to notify.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Obligation {
    /// GDPR art. 33: CNIL within 72 h.
    GdprNotification,
    /// NIS2 art. 23(4)(a): early warning within 24 h.
    Nis2EarlyWarning,
    /// NIS2 art. 23(4)(b): incident notification within 72 h.
    Nis2Notification,
    /// NIS2 art. 23(4)(d): final report within one month of the notification.
    Nis2FinalReport,
    /// OIV: ANSSI without delay.
    OivNotification,
    /// GDPR art. 33(2): a processor tells the controller without undue delay.
    GdprControllerNotice,
    /// GDPR art. 34: the persons concerned, without undue delay.
    GdprDataSubjects,
    /// NIS2 art. 23(4)(c): intermediate report, when asked, by the time given.
    Nis2IntermediateReport,
    /// NIS2 art. 23(4)(e): progress report, when the incident is ongoing at
    /// the final report's deadline.
    Nis2ProgressReport,
    /// DORA: initial notification, 4 h after classification, 24 h after awareness at most.
    DoraInitial,
    /// DORA: intermediate report, 72 h after the initial notification.
    DoraIntermediate,
    /// DORA: final report, one month after the intermediate report.
    DoraFinal,
}

impl Obligation {
    /// The legal text, as cited.
    pub fn basis(self) -> &'static str {
        match self {
            Obligation::GdprNotification => "RGPD/GDPR art. 33(1)",
            Obligation::Nis2EarlyWarning => "NIS2 art. 23(4)(a)",
            Obligation::Nis2Notification => "NIS2 art. 23(4)(b)",
            Obligation::Nis2FinalReport => "NIS2 art. 23(4)(d)",
            Obligation::OivNotification => "code de la défense art. R1332-41-10",
            Obligation::Nis2IntermediateReport => "NIS2 art. 23(4)(c)",
            Obligation::Nis2ProgressReport => "NIS2 art. 23(4)(e)",
            Obligation::GdprControllerNotice => "RGPD/GDPR art. 33(2)",
            Obligation::GdprDataSubjects => "RGPD/GDPR art. 34",
            Obligation::DoraInitial => "DORA art. 19(4)(a)",
            Obligation::DoraIntermediate => "DORA art. 19(4)(b)",
            Obligation::DoraFinal => "DORA art. 19(4)(c)",
        }
    }

    /// Who is to be notified.
    pub fn recipient(self) -> &'static str {
        match self {
            Obligation::GdprNotification => "CNIL",
            Obligation::Nis2EarlyWarning
            | Obligation::Nis2Notification
            | Obligation::Nis2FinalReport
            | Obligation::Nis2IntermediateReport
            | Obligation::Nis2ProgressReport => "ANSSI (CSIRT)",
            Obligation::OivNotification => "ANSSI",
            Obligation::GdprControllerNotice => "CONTROLLER",
            Obligation::GdprDataSubjects => "DATA-SUBJECTS",
            Obligation::DoraInitial | Obligation::DoraIntermediate | Obligation::DoraFinal => {
                "ACPR / AMF"
            }
        }
    }

    /// Whether `notification` discharges this duty.
    fn satisfied_by(self, notification: &Notification) -> bool {
        let nis2 = NIS2_RECIPIENTS.contains(&notification.to.as_str());
        let dora = DORA_RECIPIENTS.contains(&notification.to.as_str());
        match self {
            Obligation::GdprNotification => notification.to == "CNIL",
            // An incident notification made within 24 hours is also the early warning.
            Obligation::Nis2EarlyWarning => {
                nis2 && matches!(
                    notification.kind,
                    NotificationKind::EarlyWarning | NotificationKind::Notification
                )
            }
            Obligation::Nis2Notification => {
                nis2 && notification.kind == NotificationKind::Notification
            }
            Obligation::Nis2FinalReport => {
                nis2 && notification.kind == NotificationKind::FinalReport
            }
            Obligation::OivNotification => notification.to == "ANSSI",
            // A progress report is an intermediate report sent at the
            // final report's deadline.
            Obligation::Nis2IntermediateReport | Obligation::Nis2ProgressReport => {
                nis2 && notification.kind == NotificationKind::IntermediateReport
            }
            Obligation::GdprControllerNotice => notification.to == "CONTROLLER",
            Obligation::GdprDataSubjects => notification.to == "DATA-SUBJECTS",
            Obligation::DoraInitial => {
                dora && matches!(
                    notification.kind,
                    NotificationKind::EarlyWarning | NotificationKind::Notification
                )
            }
            Obligation::DoraIntermediate => {
                dora && notification.kind == NotificationKind::IntermediateReport
            }
            Obligation::DoraFinal => dora && notification.kind == NotificationKind::FinalReport,
        }
    }
}

/// Where a deadline stands at a given time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DeadlineState {
    /// Done in time.
    Met,
    /// Done, after the deadline.
    MetLate,
    /// Not done; time is left.
    Open,
    /// Not done; the deadline has passed (or, without a fixed period, it is due now).
    Overdue,
    /// Not owed: an exemption the law provides is relied on (GDPR art. 34(3)).
    Exempt,
}

/// One deadline and where it stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    /// The duty.
    pub obligation: Obligation,
    /// Its legal basis.
    pub basis: String,
    /// Who is to be notified.
    pub recipient: String,
    /// When it falls due; `None`: without delay.
    pub due: Option<DateTime<Utc>>,
    /// The due time depends on a step not taken yet.
    pub provisional: bool,
    /// The first notification that discharged it.
    pub met_by: Option<Notification>,
    /// Where it stands.
    pub state: DeadlineState,
    /// Seconds left (positive) or past the deadline (negative); for a met
    /// deadline, how early (positive) or late (negative) it was met.
    pub margin_seconds: Option<i64>,
    /// What the state needs said: the art. 34(3) exemption relied on, the
    /// reasons given for a late GDPR notification, or that none were.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remark: Option<Remark>,
}

/// A remark on a deadline's state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "text")]
pub enum Remark {
    /// Exempt under GDPR art. 34(3), this letter.
    Exemption(String),
    /// Late, with these reasons (GDPR art. 33(1)).
    DelayReasons(String),
    /// Late, and no reasons were given, which GDPR art. 33(1) requires.
    NoDelayReasons,
}

/// A duty found to apply: what, when it is due (none: without delay),
/// whether that time is provisional, and the earliest time a notification
/// can discharge it (the discovery, or the request it answers).
type Duty = (Obligation, Option<DateTime<Utc>>, bool, DateTime<Utc>);

/// What the handling of the incident adds to its deadlines: the reports
/// the CSIRT or the authority asked for, and when the incident was handled.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Handling {
    /// Intermediate reports asked for (NIS2 art. 23(4)(c)), each with the
    /// time it was asked and the time it is due.
    pub requests: Vec<(DateTime<Utc>, DateTime<Utc>)>,
    /// When the incident was handled, if it has been.
    pub handled: Option<DateTime<Utc>>,
}

/// The deadlines of a case as they stand at `now`, before any request or
/// the end of the incident's handling is known (see [`deadlines_with`]).
pub fn deadlines(
    facts: &CaseFacts,
    notifications: &[Notification],
    now: DateTime<Utc>,
) -> Result<Vec<Deadline>, Error> {
    deadlines_with(facts, notifications, &Handling::default(), now)
}

/// The deadlines of a case as they stand at `now`, with what its handling
/// added (reports asked for, the incident handled).
pub fn deadlines_with(
    facts: &CaseFacts,
    notifications: &[Notification],
    handling: &Handling,
    now: DateTime<Utc>,
) -> Result<Vec<Deadline>, Error> {
    let discovered = facts.discovered_at()?;
    let aware = facts.aware_at()?;
    let zone = facts.time_zone()?;
    let regimes = &facts.regimes;
    let sent_for = |obligation| -> Result<Option<DateTime<Utc>>, Error> {
        Ok(first_satisfying(obligation, notifications, discovered, now)?.map(|(_, sent)| sent))
    };
    let mut duties: Vec<Duty> = Vec::new();
    if facts.personal_data {
        if regimes.processor {
            duties.push((Obligation::GdprControllerNotice, None, false, discovered));
        } else {
            duties.push((
                Obligation::GdprNotification,
                Some(aware + Duration::hours(72)),
                false,
                discovered,
            ));
            if regimes.high_risk {
                duties.push((Obligation::GdprDataSubjects, None, false, discovered));
            }
        }
    }
    if facts.nis2.is_some() {
        let notification_due = aware + Duration::hours(72);
        duties.push((
            Obligation::Nis2EarlyWarning,
            Some(aware + Duration::hours(24)),
            false,
            discovered,
        ));
        duties.push((
            Obligation::Nis2Notification,
            Some(notification_due),
            false,
            discovered,
        ));
        let (from, provisional) = match sent_for(Obligation::Nis2Notification)? {
            Some(sent) => (sent, false),
            None => (notification_due, true),
        };
        let final_due = add_months(from, 1, zone);
        // Still being handled when the final report falls due (as of now,
        // or when it was handled): a progress report then, and the final
        // report one month after the handling ends (art. 23(4)(e)).
        let ongoing_at_final = match handling.handled {
            Some(handled) => handled > final_due,
            None => now >= final_due,
        };
        if ongoing_at_final {
            duties.push((
                Obligation::Nis2ProgressReport,
                Some(final_due),
                provisional,
                from,
            ));
            let (end, provisional) = match handling.handled {
                Some(handled) => (handled, false),
                None => (final_due, true),
            };
            duties.push((
                Obligation::Nis2FinalReport,
                Some(add_months(end, 1, zone)),
                provisional,
                discovered,
            ));
        } else {
            duties.push((
                Obligation::Nis2FinalReport,
                Some(final_due),
                provisional,
                discovered,
            ));
        }
        for (asked, due) in &handling.requests {
            duties.push((
                Obligation::Nis2IntermediateReport,
                Some(*due),
                false,
                *asked,
            ));
        }
    }
    if regimes.dora {
        let latest = aware + Duration::hours(24);
        let classified = regimes
            .dora_classified
            .as_deref()
            .map(|time| parse_time(time, "dora-classified"))
            .transpose()?;
        let initial_due = classified.map_or(latest, |at| (at + Duration::hours(4)).min(latest));
        duties.push((
            Obligation::DoraInitial,
            Some(initial_due),
            classified.is_none(),
            discovered,
        ));
        let (initial, provisional) = match sent_for(Obligation::DoraInitial)? {
            Some(sent) => (sent, false),
            None => (initial_due, true),
        };
        let intermediate_due = initial + Duration::hours(72);
        duties.push((
            Obligation::DoraIntermediate,
            Some(intermediate_due),
            provisional,
            discovered,
        ));
        let (intermediate, provisional) = match sent_for(Obligation::DoraIntermediate)? {
            Some(sent) => (sent, false),
            None => (intermediate_due, true),
        };
        duties.push((
            Obligation::DoraFinal,
            Some(add_months(intermediate, 1, zone)),
            provisional,
            discovered,
        ));
    }
    if facts.oiv {
        duties.push((Obligation::OivNotification, None, false, discovered));
    }
    duties
        .into_iter()
        .map(|(obligation, due, provisional, after)| {
            let met = first_satisfying(obligation, notifications, after, now)?;
            let (state, margin_seconds) = match (&met, due) {
                (Some((_, sent)), Some(due)) => {
                    let margin = (due - *sent).num_seconds();
                    (
                        if margin >= 0 {
                            DeadlineState::Met
                        } else {
                            DeadlineState::MetLate
                        },
                        Some(margin),
                    )
                }
                (Some(_), None) => (DeadlineState::Met, None),
                (None, Some(due)) => {
                    let margin = (due - now).num_seconds();
                    (
                        if margin >= 0 {
                            DeadlineState::Open
                        } else {
                            DeadlineState::Overdue
                        },
                        Some(margin),
                    )
                }
                (None, None) => (DeadlineState::Overdue, None),
            };
            let exemption = regimes
                .art34_exemption
                .filter(|_| obligation == Obligation::GdprDataSubjects && met.is_none());
            let (state, remark) = match (exemption, state) {
                (Some(letter), _) => (
                    DeadlineState::Exempt,
                    Some(Remark::Exemption(letter.letter().to_string())),
                ),
                (None, DeadlineState::MetLate) if obligation == Obligation::GdprNotification => {
                    let reasons = delay_reasons(obligation, notifications, discovered, now)?;
                    (
                        state,
                        Some(reasons.map_or(Remark::NoDelayReasons, Remark::DelayReasons)),
                    )
                }
                (None, state) => (state, None),
            };
            let margin_seconds = margin_seconds.filter(|_| state != DeadlineState::Exempt);
            Ok(Deadline {
                obligation,
                basis: obligation.basis().to_string(),
                recipient: obligation.recipient().to_string(),
                due,
                provisional,
                met_by: met.map(|(notification, _)| notification.clone()),
                state,
                margin_seconds,
                remark,
            })
        })
        .collect()
}

/// The reasons for a late GDPR notification: those of the first
/// notification to the authority that gives any, by `now`. Art. 33(4) lets
/// the information come in phases, so a complementary notification may
/// supply what the initial one lacked (it is still the first that met the
/// duty, late).
fn delay_reasons(
    obligation: Obligation,
    notifications: &[Notification],
    discovered: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Option<String>, Error> {
    let mut given: Option<(DateTime<Utc>, String)> = None;
    for notification in notifications.iter().filter(|n| obligation.satisfied_by(n)) {
        let sent = parse_time(&notification.sent, "notification time")?;
        let Some(reasons) = &notification.delay_reasons else {
            continue;
        };
        if sent < discovered || sent > now {
            continue;
        }
        if given.as_ref().is_none_or(|(earliest, _)| sent < *earliest) {
            given = Some((sent, reasons.clone()));
        }
    }
    Ok(given.map(|(_, reasons)| reasons))
}

/// The earliest notification (by time sent) that discharges `obligation`:
/// sent between the discovery and `now` (one dated before the incident was
/// discovered is impossible and discharges nothing; the journal's check
/// names it).
fn first_satisfying(
    obligation: Obligation,
    notifications: &[Notification],
    discovered: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Option<(&Notification, DateTime<Utc>)>, Error> {
    let mut best: Option<(&Notification, DateTime<Utc>)> = None;
    for notification in notifications.iter().filter(|n| obligation.satisfied_by(n)) {
        let sent = parse_time(&notification.sent, "notification time")?;
        if sent < discovered || sent > now {
            continue;
        }
        if best.is_none_or(|(_, earliest)| sent < earliest) {
            best = Some((notification, sent));
        }
    }
    Ok(best)
}

/// A duration (sign ignored) in days, hours and minutes; `day` is the
/// unit word for days ("d", "j").
pub fn format_span(seconds: i64, day: &str) -> String {
    let minutes = seconds.unsigned_abs() / 60;
    let (days, hours, minutes) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    if days > 0 {
        format!("{days} {day} {hours} h {minutes:02} min")
    } else {
        format!("{hours} h {minutes:02} min")
    }
}

/// `time` plus `months` calendar months in `zone` (see the module notes).
pub fn add_months(time: DateTime<Utc>, months: u32, zone: Tz) -> DateTime<Utc> {
    let local = time.with_timezone(&zone).naive_local();
    let target = local
        .checked_add_months(Months::new(months))
        .expect("dates stay far within chrono's range");
    let mut candidate = target;
    loop {
        if let Some(instant) = zone.from_local_datetime(&candidate).earliest() {
            return instant.with_timezone(&Utc);
        }
        // Skipped by a DST change: the first local minute after the gap.
        candidate += Duration::minutes(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::Impact;

    fn at(text: &str) -> DateTime<Utc> {
        parse_time(text, "test").unwrap()
    }

    fn case(discovered: &str, personal_data: bool, nis2: bool, oiv: bool) -> CaseFacts {
        CaseFacts {
            case_id: "C1".into(),
            title: "t".into(),
            discovered: discovered.into(),
            personal_data,
            nis2: nis2.then_some(crate::facts::Nis2Class::Essential),
            oiv,
            legal_basis: None,
            organization: None,
            dpo: None,
            counsel: None,
            impact: vec![Impact::Confidentiality],
            time_zone: "Europe/Paris".into(),
            regimes: Default::default(),
        }
    }

    fn sent(to: &str, kind: NotificationKind, when: &str) -> Notification {
        Notification {
            to: to.into(),
            reference: "R-1".into(),
            kind,
            sent: when.into(),
            via: None,
            delay_reasons: None,
            receipt: None,
        }
    }

    fn find(list: &[Deadline], obligation: Obligation) -> &Deadline {
        list.iter().find(|d| d.obligation == obligation).unwrap()
    }

    #[test]
    fn seventy_two_hours_are_elapsed_hours_across_the_spring_change() {
        // Paris springs forward on 2026-03-29: 10:00 CET + 72 h = 11:00 CEST.
        let facts = case("2026-03-28T10:00:00+01:00", true, false, false);
        let list = deadlines(&facts, &[], at("2026-03-28T12:00:00Z")).unwrap();
        let gdpr = find(&list, Obligation::GdprNotification);
        assert_eq!(gdpr.due, Some(at("2026-03-31T11:00:00+02:00")));
        assert_eq!(gdpr.state, DeadlineState::Open);
        assert_eq!(gdpr.margin_seconds, Some(72 * 3600 - 3 * 3600));
    }

    #[test]
    fn a_month_is_a_calendar_month_in_local_time() {
        let paris: Tz = "Europe/Paris".parse().unwrap();
        // Month end: 31 January → 28 February.
        assert_eq!(
            add_months(at("2026-01-31T12:00:00+01:00"), 1, paris),
            at("2026-02-28T12:00:00+01:00")
        );
        // Leap year.
        assert_eq!(
            add_months(at("2028-01-31T12:00:00+01:00"), 1, paris),
            at("2028-02-29T12:00:00+01:00")
        );
        // Across the spring change: same local noon, one hour less elapsed.
        assert_eq!(
            add_months(at("2026-03-15T12:00:00+01:00"), 1, paris),
            at("2026-04-15T12:00:00+02:00")
        );
        // Across the autumn change.
        assert_eq!(
            add_months(at("2026-10-10T09:00:00+02:00"), 1, paris),
            at("2026-11-10T09:00:00+01:00")
        );
        // Landing in the skipped hour (29 March 2026, 02:00-03:00): after the gap.
        assert_eq!(
            add_months(at("2026-01-29T02:30:00+01:00"), 2, paris),
            at("2026-03-29T03:00:00+02:00")
        );
        // Landing in the repeated hour (25 October 2026, 02:00-03:00): the earlier one.
        assert_eq!(
            add_months(at("2026-09-25T02:30:00+02:00"), 1, paris),
            at("2026-10-25T02:30:00+02:00")
        );
    }

    #[test]
    fn nis2_deadlines_and_their_states() {
        let facts = case("2026-11-20T14:30:00+01:00", false, true, false);
        let notifications = [
            sent(
                "ANSSI",
                NotificationKind::EarlyWarning,
                "2026-11-21T10:00:00+01:00",
            ),
            sent(
                "CSIRT",
                NotificationKind::Notification,
                "2026-11-24T09:00:00+01:00",
            ),
        ];
        let list = deadlines(&facts, &notifications, at("2026-11-25T12:00:00Z")).unwrap();
        let early = find(&list, Obligation::Nis2EarlyWarning);
        assert_eq!(early.state, DeadlineState::Met);
        assert_eq!(early.margin_seconds, Some((4 * 60 + 30) * 60));
        let notification = find(&list, Obligation::Nis2Notification);
        assert_eq!(
            notification.state,
            DeadlineState::MetLate,
            "{notification:?}"
        );
        assert_eq!(notification.margin_seconds, Some(-(18 * 3600 + 30 * 60)));
        let last = find(&list, Obligation::Nis2FinalReport);
        assert!(!last.provisional);
        assert_eq!(last.due, Some(at("2026-12-24T09:00:00+01:00")));
        assert_eq!(last.state, DeadlineState::Open);
    }

    #[test]
    fn unmet_deadlines_become_overdue_and_the_final_report_is_provisional() {
        let facts = case("2026-11-20T14:30:00+01:00", true, true, true);
        let list = deadlines(&facts, &[], at("2026-11-24T14:30:00+01:00")).unwrap();
        assert_eq!(list.len(), 5);
        let gdpr = find(&list, Obligation::GdprNotification);
        assert_eq!(gdpr.state, DeadlineState::Overdue);
        assert_eq!(gdpr.margin_seconds, Some(-24 * 3600));
        let last = find(&list, Obligation::Nis2FinalReport);
        assert!(last.provisional);
        assert_eq!(last.due, Some(at("2026-12-23T14:30:00+01:00")));
        let oiv = find(&list, Obligation::OivNotification);
        assert_eq!((oiv.state, oiv.due), (DeadlineState::Overdue, None));
    }

    #[test]
    fn a_notification_to_the_wrong_body_meets_nothing() {
        let facts = case("2026-11-20T14:30:00+01:00", true, true, false);
        let list = deadlines(
            &facts,
            &[sent(
                "POLICE",
                NotificationKind::Notification,
                "2026-11-20T15:00:00Z",
            )],
            at("2026-11-20T16:00:00Z"),
        )
        .unwrap();
        assert!(list.iter().all(|d| d.met_by.is_none()));
    }

    #[test]
    fn the_earliest_qualifying_notification_counts() {
        let facts = case("2026-11-20T14:30:00+01:00", true, false, false);
        let list = deadlines(
            &facts,
            &[
                sent("CNIL", NotificationKind::Other, "2026-11-26T10:00:00Z"),
                sent(
                    "CNIL",
                    NotificationKind::Notification,
                    "2026-11-21T10:00:00Z",
                ),
            ],
            at("2026-11-27T00:00:00Z"),
        )
        .unwrap();
        let gdpr = find(&list, Obligation::GdprNotification);
        assert_eq!(gdpr.state, DeadlineState::Met);
        assert_eq!(gdpr.met_by.as_ref().unwrap().sent, "2026-11-21T10:00:00Z");
    }

    #[test]
    fn the_clocks_run_from_awareness_when_it_is_given() {
        let mut facts = case("2026-11-20T10:00:00Z", true, true, false);
        facts.regimes.aware = Some("2026-11-20T20:00:00Z".into());
        let list = deadlines(&facts, &[], at("2026-11-21T00:00:00Z")).unwrap();
        assert_eq!(
            find(&list, Obligation::GdprNotification).due,
            Some(at("2026-11-23T20:00:00Z"))
        );
        assert_eq!(
            find(&list, Obligation::Nis2EarlyWarning).due,
            Some(at("2026-11-21T20:00:00Z"))
        );
    }

    #[test]
    fn a_processor_tells_its_controller_and_not_the_cnil() {
        let mut facts = case("2026-11-20T10:00:00Z", true, false, false);
        facts.regimes.processor = true;
        facts.regimes.high_risk = true;
        let list = deadlines(&facts, &[], at("2026-11-20T11:00:00Z")).unwrap();
        assert_eq!(list.len(), 1, "{list:?}");
        let notice = find(&list, Obligation::GdprControllerNotice);
        assert_eq!((notice.state, notice.due), (DeadlineState::Overdue, None));
        let told = sent(
            "CONTROLLER",
            NotificationKind::Notification,
            "2026-11-20T12:00:00Z",
        );
        let list = deadlines(&facts, &[told], at("2026-11-20T13:00:00Z")).unwrap();
        assert_eq!(
            find(&list, Obligation::GdprControllerNotice).state,
            DeadlineState::Met
        );
    }

    #[test]
    fn a_high_risk_breach_is_told_to_the_persons_unless_exempt() {
        let mut facts = case("2026-11-20T10:00:00Z", true, false, false);
        facts.regimes.high_risk = true;
        let list = deadlines(&facts, &[], at("2026-11-20T11:00:00Z")).unwrap();
        let subjects = find(&list, Obligation::GdprDataSubjects);
        assert_eq!(
            subjects.state,
            DeadlineState::Overdue,
            "due now: {subjects:?}"
        );
        facts.regimes.art34_exemption = Some(crate::facts::Art34Exemption::Protected);
        let list = deadlines(&facts, &[], at("2026-11-20T11:00:00Z")).unwrap();
        let subjects = find(&list, Obligation::GdprDataSubjects);
        assert_eq!(subjects.state, DeadlineState::Exempt);
        assert_eq!(subjects.remark, Some(Remark::Exemption("a".into())));
    }

    #[test]
    fn a_late_gdpr_notification_carries_its_reasons_or_is_flagged() {
        let facts = case("2026-11-20T10:00:00Z", true, false, false);
        let mut late = sent(
            "CNIL",
            NotificationKind::Notification,
            "2026-11-24T10:00:00Z",
        );
        let list = deadlines(
            &facts,
            std::slice::from_ref(&late),
            at("2026-11-25T00:00:00Z"),
        )
        .unwrap();
        let gdpr = find(&list, Obligation::GdprNotification);
        assert_eq!(gdpr.state, DeadlineState::MetLate);
        assert_eq!(gdpr.remark, Some(Remark::NoDelayReasons));
        // A complementary notification (art. 33(4)) may give the reasons
        // the initial one lacked; one sent after `now` does not count yet.
        let mut complement = sent("CNIL", NotificationKind::Other, "2026-11-26T10:00:00Z");
        complement.delay_reasons = Some("périmètre établi le 23/11".into());
        let both = [late.clone(), complement];
        let list = deadlines(&facts, &both, at("2026-11-25T00:00:00Z")).unwrap();
        let gdpr = find(&list, Obligation::GdprNotification);
        assert_eq!(gdpr.remark, Some(Remark::NoDelayReasons));
        let list = deadlines(&facts, &both, at("2026-11-27T00:00:00Z")).unwrap();
        let gdpr = find(&list, Obligation::GdprNotification);
        assert_eq!(gdpr.met_by.as_ref().unwrap().sent, "2026-11-24T10:00:00Z");
        assert_eq!(
            gdpr.remark,
            Some(Remark::DelayReasons("périmètre établi le 23/11".into()))
        );
        late.delay_reasons = Some("périmètre établi le 23/11".into());
        let list = deadlines(&facts, &[late], at("2026-11-25T00:00:00Z")).unwrap();
        assert_eq!(
            find(&list, Obligation::GdprNotification).remark,
            Some(Remark::DelayReasons("périmètre établi le 23/11".into()))
        );
    }

    #[test]
    fn dora_runs_from_classification_within_a_day_of_awareness() {
        let mut facts = case("2026-11-20T10:00:00Z", false, false, false);
        facts.regimes.dora = true;
        // Not classified yet: 24 h after awareness, provisional.
        let list = deadlines(&facts, &[], at("2026-11-20T11:00:00Z")).unwrap();
        let initial = find(&list, Obligation::DoraInitial);
        assert_eq!(initial.due, Some(at("2026-11-21T10:00:00Z")));
        assert!(initial.provisional);
        // Classified at 12:00: 4 h later.
        facts.regimes.dora_classified = Some("2026-11-20T12:00:00Z".into());
        let list = deadlines(&facts, &[], at("2026-11-20T13:00:00Z")).unwrap();
        assert_eq!(
            find(&list, Obligation::DoraInitial).due,
            Some(at("2026-11-20T16:00:00Z"))
        );
        // Classified late in the day: the 24 h bound wins.
        facts.regimes.dora_classified = Some("2026-11-21T08:00:00Z".into());
        let list = deadlines(&facts, &[], at("2026-11-21T09:00:00Z")).unwrap();
        assert_eq!(
            find(&list, Obligation::DoraInitial).due,
            Some(at("2026-11-21T10:00:00Z"))
        );
        // Each report runs from the one before it.
        let made = [
            sent(
                "ACPR",
                NotificationKind::Notification,
                "2026-11-21T09:30:00Z",
            ),
            sent(
                "ACPR",
                NotificationKind::IntermediateReport,
                "2026-11-23T09:30:00Z",
            ),
        ];
        let list = deadlines(&facts, &made, at("2026-11-24T00:00:00Z")).unwrap();
        assert_eq!(
            find(&list, Obligation::DoraInitial).state,
            DeadlineState::Met
        );
        let intermediate = find(&list, Obligation::DoraIntermediate);
        assert_eq!(intermediate.due, Some(at("2026-11-24T09:30:00Z")));
        assert_eq!(intermediate.state, DeadlineState::Met);
        let last = find(&list, Obligation::DoraFinal);
        assert_eq!(last.due, Some(at("2026-12-23T09:30:00Z")));
        assert!(!last.provisional);
        // A report to the CNIL is not a DORA report.
        let list = deadlines(
            &facts,
            &[sent(
                "CNIL",
                NotificationKind::Notification,
                "2026-11-21T09:30:00Z",
            )],
            at("2026-11-24T00:00:00Z"),
        )
        .unwrap();
        assert!(find(&list, Obligation::DoraInitial).met_by.is_none());
    }

    #[test]
    fn an_intermediate_report_is_due_when_asked_and_met_only_after_the_request() {
        let facts = case("2026-11-20T10:00:00Z", false, true, false);
        let handling = Handling {
            requests: vec![(at("2026-11-23T10:00:00Z"), at("2026-11-25T10:00:00Z"))],
            handled: None,
        };
        let before_request = sent(
            "ANSSI",
            NotificationKind::IntermediateReport,
            "2026-11-22T10:00:00Z",
        );
        let list = deadlines_with(
            &facts,
            std::slice::from_ref(&before_request),
            &handling,
            at("2026-11-24T00:00:00Z"),
        )
        .unwrap();
        let asked = find(&list, Obligation::Nis2IntermediateReport);
        assert_eq!(asked.due, Some(at("2026-11-25T10:00:00Z")));
        assert_eq!(
            asked.state,
            DeadlineState::Open,
            "a report sent before the request does not answer it"
        );
        let answer = sent(
            "ANSSI",
            NotificationKind::IntermediateReport,
            "2026-11-24T10:00:00Z",
        );
        let list = deadlines_with(
            &facts,
            &[before_request, answer],
            &handling,
            at("2026-11-25T00:00:00Z"),
        )
        .unwrap();
        assert_eq!(
            find(&list, Obligation::Nis2IntermediateReport).state,
            DeadlineState::Met
        );
    }

    #[test]
    fn an_incident_still_ongoing_at_the_final_deadline_owes_a_progress_report() {
        let facts = case("2026-11-20T10:00:00Z", false, true, false);
        let notified = sent(
            "ANSSI",
            NotificationKind::Notification,
            "2026-11-21T10:00:00Z",
        );
        // Before the final report's deadline: the final report as usual.
        let list = deadlines(
            &facts,
            std::slice::from_ref(&notified),
            at("2026-12-01T00:00:00Z"),
        )
        .unwrap();
        assert!(list
            .iter()
            .all(|d| d.obligation != Obligation::Nis2ProgressReport));
        // Past it, not handled: a progress report then, the final one provisional.
        let list = deadlines(
            &facts,
            std::slice::from_ref(&notified),
            at("2026-12-22T00:00:00Z"),
        )
        .unwrap();
        let progress = find(&list, Obligation::Nis2ProgressReport);
        assert_eq!(progress.due, Some(at("2026-12-21T10:00:00Z")));
        assert!(find(&list, Obligation::Nis2FinalReport).provisional);
        // Handled on 10 January: the final report one month after.
        let handling = Handling {
            requests: vec![],
            handled: Some(at("2027-01-10T09:00:00Z")),
        };
        let list =
            deadlines_with(&facts, &[notified], &handling, at("2027-01-11T00:00:00Z")).unwrap();
        let last = find(&list, Obligation::Nis2FinalReport);
        assert_eq!(last.due, Some(at("2027-02-10T09:00:00Z")));
        assert!(!last.provisional);
    }
}
