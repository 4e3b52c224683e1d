//! The plans of the six policies: schedules, sizes, status mixes and forced outcomes.

use time::{Duration, OffsetDateTime, Time, Weekday};
use vbs_tasks::{Schedule, Timestamp};

use super::{
    CHINESE_VISIBLE, DAILY_VOLUMES_VISIBLE, MARKUP_VISIBLE, NIGHTLY_SMALL_VISIBLE, POLICY_NAMES,
    WEEKLY_DATABASE_VISIBLE,
};

/// How one policy's data is made.
pub(super) struct Plan {
    pub(super) name: &'static str,
    pub(super) schedule: Schedule,
    /// Time of day the runs start (UTC).
    pub(super) at: Time,
    /// The weekdays it runs on; every day when empty.
    pub(super) weekdays: &'static [Weekday],
    pub(super) volumes: usize,
    /// Tasks visible at the anchor.
    pub(super) visible: usize,
    pub(super) mix: Mix,
    pub(super) flavor: Flavor,
    /// The range a volume's typical backup run (in minutes) is drawn from.
    pub(super) typical_minutes: (i64, i64),
    /// Outcomes forced on the newest visible tasks, newest first.
    pub(super) forced: &'static [Forced],
}

/// Relative weights of the final statuses.
#[derive(Clone, Copy)]
pub(super) struct Mix {
    pub(super) success: u32,
    pub(super) fail: u32,
    pub(super) timeout: u32,
    pub(super) skip: u32,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Outcome {
    Success,
    Fail,
    Timeout,
    Skip,
}

#[derive(Clone, Copy)]
pub(super) enum Forced {
    /// Ends this way, at a time drawn as usual.
    Ends(Outcome),
    /// Running at the anchor, ending this way `minutes` after it.
    RunningUntil(Outcome, (i64, i64)),
    /// Waiting at the anchor; starts minutes after it.
    Waiting(Outcome),
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Flavor {
    Plain,
    Chinese,
    Markup,
}

pub(super) struct Volume {
    pub(super) id: String,
    pub(super) typical: Duration,
}

const EVERY_DAY: &[Weekday] = &[];
const MON_THU: &[Weekday] = &[Weekday::Monday, Weekday::Thursday];

const MIX_PLAIN: Mix = Mix {
    success: 86,
    fail: 6,
    timeout: 3,
    skip: 5,
};

pub(super) fn plans(anchor: OffsetDateTime) -> Vec<Plan> {
    // The policies that must have tasks in flight at the anchor run at a time of day just before it.
    let recent = recent_slot(anchor);
    let hhmm = |t: Time| format!("{:02}:{:02}", t.hour(), t.minute());
    let fixed = |h: u8, m: u8| Time::from_hms(h, m, 0).expect("valid time of day");

    let mut daily = Schedule::new("ON").daily(hhmm(recent), 1).keeping(30);
    daily.remain_first_backup_of_cur_month = Some("Y".into());

    let mut weekly = Schedule::new("ON");
    weekly.start_time = Some("02:00".into());
    weekly.week_frequency = MON_THU.iter().map(|d| weekday_code(*d).into()).collect();
    weekly.retention_day = Some(90);
    weekly.remain_first_backup_of_cur_month = Some("N".into());

    let mut nightly = Schedule::new("ON").daily(hhmm(recent), 1).keeping(7);
    nightly.remain_first_backup_of_cur_month = Some("N".into());

    let empty = Schedule::new("OFF").daily("04:00", 1).keeping(5);

    let mut chinese = Schedule::new("ON").daily("01:30", 1);
    chinese.retention_day = Some(30);
    chinese.remain_first_backup_of_cur_month = Some("Y".into());

    let markup = Schedule::new("ON").daily("03:00", 1).keeping(3);

    vec![
        Plan {
            name: POLICY_NAMES[0],
            schedule: daily,
            at: recent,
            weekdays: EVERY_DAY,
            volumes: 24,
            visible: DAILY_VOLUMES_VISIBLE,
            mix: MIX_PLAIN,
            flavor: Flavor::Plain,
            typical_minutes: (6, 75),
            forced: &[
                Forced::Waiting(Outcome::Success),
                Forced::Waiting(Outcome::Success),
                Forced::RunningUntil(Outcome::Success, (5, 90)),
                Forced::RunningUntil(Outcome::Fail, (4, 40)),
            ],
        },
        Plan {
            name: POLICY_NAMES[1],
            schedule: weekly,
            at: fixed(2, 0),
            weekdays: MON_THU,
            volumes: 3,
            visible: WEEKLY_DATABASE_VISIBLE,
            mix: Mix {
                success: 88,
                fail: 5,
                timeout: 3,
                skip: 4,
            },
            flavor: Flavor::Plain,
            typical_minutes: (40, 150),
            forced: &[],
        },
        Plan {
            name: POLICY_NAMES[2],
            schedule: nightly,
            at: recent,
            weekdays: EVERY_DAY,
            volumes: 1,
            visible: NIGHTLY_SMALL_VISIBLE,
            mix: MIX_PLAIN,
            flavor: Flavor::Plain,
            typical_minutes: (4, 12),
            forced: &[Forced::RunningUntil(Outcome::Success, (3, 10))],
        },
        Plan {
            name: POLICY_NAMES[3],
            schedule: empty,
            at: fixed(4, 0),
            weekdays: EVERY_DAY,
            volumes: 0,
            visible: 0,
            mix: MIX_PLAIN,
            flavor: Flavor::Plain,
            typical_minutes: (5, 10),
            forced: &[],
        },
        Plan {
            name: POLICY_NAMES[4],
            schedule: chinese,
            at: fixed(1, 30),
            weekdays: EVERY_DAY,
            volumes: 2,
            visible: CHINESE_VISIBLE,
            mix: Mix {
                success: 70,
                fail: 18,
                timeout: 6,
                skip: 6,
            },
            flavor: Flavor::Chinese,
            typical_minutes: (8, 40),
            forced: &[
                Forced::Ends(Outcome::Success),
                Forced::Ends(Outcome::Fail),
                Forced::Ends(Outcome::Success),
                Forced::Ends(Outcome::Timeout),
            ],
        },
        Plan {
            name: POLICY_NAMES[5],
            schedule: markup,
            at: fixed(3, 0),
            weekdays: EVERY_DAY,
            volumes: 3,
            visible: MARKUP_VISIBLE,
            mix: Mix {
                success: 50,
                fail: 34,
                timeout: 8,
                skip: 8,
            },
            flavor: Flavor::Markup,
            typical_minutes: (5, 20),
            forced: &[
                Forced::Ends(Outcome::Fail),
                Forced::Ends(Outcome::Success),
                Forced::Ends(Outcome::Timeout),
            ],
        },
    ]
}

/// A quarter hour 10 to 25 minutes before `anchor`.
pub(super) fn recent_slot(anchor: OffsetDateTime) -> Time {
    let t = anchor - Duration::minutes(10);
    Time::from_hms(t.hour(), t.minute() / 15 * 15, 0).expect("valid time of day")
}

pub(super) fn weekday_code(day: Weekday) -> &'static str {
    match day {
        Weekday::Monday => "MON",
        Weekday::Tuesday => "TUE",
        Weekday::Wednesday => "WED",
        Weekday::Thursday => "THU",
        Weekday::Friday => "FRI",
        Weekday::Saturday => "SAT",
        Weekday::Sunday => "SUN",
    }
}

/// The instant, truncated to the millisecond the API writes.
pub(super) fn millis(t: OffsetDateTime) -> Timestamp {
    let sub_milli = t.nanosecond() % 1_000_000;
    if sub_milli == 0 {
        return Timestamp::from(t);
    }
    let t = t
        .replace_nanosecond(t.nanosecond() - sub_milli)
        .expect("a truncated nanosecond is valid");
    Timestamp::from(t)
}
