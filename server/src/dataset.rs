//! The emulator's seeded data: a project with policies of very different sizes and their tasks.
//!
//! Every task is *planned* over its whole life (created, started, finished), so the emulator can show
//! it as it stands at any instant: in live mode the clock moves and tasks start, finish and appear;
//! with `--no-live` the clock stands still at the anchor and answers never change.

use std::collections::HashSet;

use rand::{Rng, RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_pcg::Pcg64Mcg;
use time::{Duration, OffsetDateTime, Time, UtcOffset, Weekday};
use vbs_tasks::{Policy, Schedule, Task, TaskStatus, Timestamp};

/// The project ID the emulator serves unless `--project-id` says otherwise.
pub const DEFAULT_PROJECT_ID: &str = "0605767e9a80d5f52f8cc00f94d4e2fb";

/// The instant `--no-live` freezes the clock at, so that tests see the same data on every run.
pub fn frozen_anchor() -> OffsetDateTime {
    time::macros::datetime!(2026-11-20 08:00:00 UTC)
}

/// One project's worth of data.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// The policies, in the order the list-policies call returns them.
    pub policies: Vec<PolicyData>,
}

/// A policy and every task it will ever have.
#[derive(Debug, Clone)]
pub struct PolicyData {
    /// The policy as the list-policies call returns it.
    pub policy: Policy,
    /// Its tasks sorted by `(created_at, job_id)` ascending, including tasks planned after the
    /// anchor (visible in live mode only once their `created_at` has passed).
    pub tasks: Vec<PlannedTask>,
}

/// A task over its whole life.
#[derive(Debug, Clone)]
pub struct PlannedTask {
    /// The task as it ends: final status (never RUNNING or WAITING unless it never ends),
    /// `finished_at` set, and `code`/`message` for failures.
    pub end: Task,
    /// When it leaves WAITING for RUNNING (between `created_at` and `finished_at`).
    pub started_at: Timestamp,
}

impl PlannedTask {
    /// Whether the task exists yet at `now`.
    pub fn is_visible_at(&self, now: Timestamp) -> bool {
        self.end.created_at <= now
    }

    /// The status the task has at `now` (assumes it is visible).
    pub fn status_at(&self, now: Timestamp) -> TaskStatus {
        match self.end.finished_at {
            Some(finished) if finished <= now => self.end.status.clone(),
            _ if self.started_at <= now => TaskStatus::Running,
            _ => TaskStatus::Waiting,
        }
    }

    /// The task as the API shows it at `now`: no end time, code or message before it ends.
    pub fn at(&self, now: Timestamp) -> Task {
        let status = self.status_at(now);
        if status.is_active() {
            let mut task = self.end.clone();
            task.status = status;
            task.finished_at = None;
            task.code = None;
            task.message = None;
            task
        } else {
            self.end.clone()
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Generation
// ---------------------------------------------------------------------------------------------

/// The six policies [`generate`] creates, in list order.
pub const POLICY_NAMES: [&str; 6] = [
    "daily-volumes",
    "weekly-database",
    "nightly-small",
    "empty-policy",
    "每日备份-中文",
    "<img src=x onerror=alert(1)>",
];

/// Tasks of `daily-volumes` visible at the anchor.
pub const DAILY_VOLUMES_VISIBLE: usize = 10_317;
/// Tasks of `weekly-database` visible at the anchor.
pub const WEEKLY_DATABASE_VISIBLE: usize = 350;
/// Tasks of `nightly-small` visible at the anchor.
pub const NIGHTLY_SMALL_VISIBLE: usize = 5;
/// Tasks of the Chinese-named policy visible at the anchor.
pub const CHINESE_VISIBLE: usize = 40;
/// Tasks of the markup-named policy visible at the anchor.
pub const MARKUP_VISIBLE: usize = 12;

/// How far past the anchor tasks are planned (they appear in live mode as the clock passes).
pub const FUTURE_DAYS: i64 = 7;

/// The run time after which a backup task is stopped as `EXECUTE_TIMEOUT`.
const TIMEOUT_LIMIT: Duration = Duration::hours(4);
/// The shortest run of a backup that is actually taken.
const MIN_RUN: Duration = Duration::minutes(3);

const FAILURES: [(&str, &str); 3] = [
    (
        "VolumeBackup.0900",
        "The backup service is unavailable. Try again later.",
    ),
    (
        "AutoBackup.0019",
        "The volume is being used by another backup task.",
    ),
    (
        "VolumeBackup.0064",
        "The disk snapshot could not be created: quota exceeded.",
    ),
];
/// The contract names no code for a timed-out task; this one means nothing else there (it
/// gives AutoBackup.1100 to "policy does not exist", which a task's own code must not say).
const TIMEOUT: (&str, &str) = ("VolumeBackup.0101", "Backup timed out after 4 hours.");

const FAILURES_ZH: [(&str, &str); 3] = [
    ("VolumeBackup.0064", "备份失败：磁盘快照超时"),
    (
        "VolumeBackup.0900",
        "备份失败：备份服务暂不可用，请稍后重试。",
    ),
    (
        "AutoBackup.0019",
        "备份失败：云硬盘正在被其他备份任务使用。",
    ),
];
const TIMEOUT_ZH: (&str, &str) = ("VolumeBackup.0101", "备份超时：任务运行超过 4 小时。");
const WORDS_ZH: [&str; 5] = ["数据库", "日志盘", "系统盘", "归档", "订单库"];

const MARKUP: [&str; 4] = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "\"><svg onload=alert(1)>",
    "&amp; &lt;b&gt; & <b>bold</b>",
];

/// Builds the emulator's project: the six [`POLICY_NAMES`] and their tasks, all relative to `anchor`
/// (the dataset's "now"). The same `seed` and `anchor` always give the same dataset.
///
/// At the anchor, `daily-volumes` has exactly [`DAILY_VOLUMES_VISIBLE`] tasks (every status among
/// them, including at least two RUNNING and two WAITING from the run that started minutes before),
/// `nightly-small` has [`NIGHTLY_SMALL_VISIBLE`] with exactly one RUNNING that ends 3 to 10 minutes
/// after the anchor, and `empty-policy` none. Every policy with tasks also has tasks planned on its
/// schedule for the [`FUTURE_DAYS`] after the anchor, invisible until their creation time passes.
pub fn generate(seed: u64, anchor: OffsetDateTime) -> Dataset {
    let anchor = anchor.to_offset(UtcOffset::UTC);
    let mut root = ChaCha8Rng::seed_from_u64(seed);
    let mut job_ids = HashSet::new();
    let policies = plans(anchor)
        .iter()
        .map(|plan| {
            // Each policy draws from its own stream, so one policy's shape never shifts another's.
            // PCG is much faster than ChaCha unoptimised, and, like it, reproducible across platforms.
            let mut generator = Generator {
                rng: Pcg64Mcg::seed_from_u64(root.next_u64()),
                job_ids: &mut job_ids,
                anchor,
                now: Timestamp::from(anchor),
                horizon: Timestamp::from(anchor + Duration::days(FUTURE_DAYS)),
            };
            generator.policy(plan)
        })
        .collect();
    Dataset { policies }
}

/// How one policy's data is made.
struct Plan {
    name: &'static str,
    schedule: Schedule,
    /// Time of day the runs start (UTC).
    at: Time,
    /// The weekdays it runs on; every day when empty.
    weekdays: &'static [Weekday],
    volumes: usize,
    /// Tasks visible at the anchor.
    visible: usize,
    mix: Mix,
    flavor: Flavor,
    /// The range a volume's typical backup run (in minutes) is drawn from.
    typical_minutes: (i64, i64),
    /// Outcomes forced on the newest visible tasks, newest first.
    forced: &'static [Forced],
}

/// Relative weights of the final statuses.
#[derive(Clone, Copy)]
struct Mix {
    success: u32,
    fail: u32,
    timeout: u32,
    skip: u32,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Success,
    Fail,
    Timeout,
    Skip,
}

#[derive(Clone, Copy)]
enum Forced {
    /// Ends this way, at a time drawn as usual.
    Ends(Outcome),
    /// Running at the anchor, ending this way `minutes` after it.
    RunningUntil(Outcome, (i64, i64)),
    /// Waiting at the anchor; starts minutes after it.
    Waiting(Outcome),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Flavor {
    Plain,
    Chinese,
    Markup,
}

struct Volume {
    id: String,
    typical: Duration,
}

const EVERY_DAY: &[Weekday] = &[];
const MON_THU: &[Weekday] = &[Weekday::Monday, Weekday::Thursday];

const MIX_PLAIN: Mix = Mix {
    success: 86,
    fail: 6,
    timeout: 3,
    skip: 5,
};

fn plans(anchor: OffsetDateTime) -> Vec<Plan> {
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
fn recent_slot(anchor: OffsetDateTime) -> Time {
    let t = anchor - Duration::minutes(10);
    Time::from_hms(t.hour(), t.minute() / 15 * 15, 0).expect("valid time of day")
}

fn weekday_code(day: Weekday) -> &'static str {
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
fn millis(t: OffsetDateTime) -> Timestamp {
    let sub_milli = t.nanosecond() % 1_000_000;
    if sub_milli == 0 {
        return Timestamp::from(t);
    }
    let t = t
        .replace_nanosecond(t.nanosecond() - sub_milli)
        .expect("a truncated nanosecond is valid");
    Timestamp::from(t)
}

struct Generator<'a> {
    rng: Pcg64Mcg,
    /// Every job ID handed out so far, across policies.
    job_ids: &'a mut HashSet<String>,
    anchor: OffsetDateTime,
    /// The anchor as a timestamp: a task is visible when `created_at <= now`.
    now: Timestamp,
    /// The last instant tasks are planned for.
    horizon: Timestamp,
}

impl Generator<'_> {
    fn policy(&mut self, plan: &Plan) -> PolicyData {
        let id = self.uuid();
        let volumes: Vec<Volume> = (0..plan.volumes)
            .map(|_| {
                let id = self.uuid();
                let (lo, hi) = plan.typical_minutes;
                let typical = Duration::seconds(self.rng.random_range(lo * 60..=hi * 60));
                Volume { id, typical }
            })
            .collect();
        let tasks = self.tasks(plan, &volumes);
        let policy = Policy::new(id, plan.name, volumes.len() as u64, plan.schedule.clone());
        PolicyData { policy, tasks }
    }

    /// Walks the schedule back from the end of the planning window until `plan.visible` tasks
    /// created at or before the anchor exist; those created after it (up to the horizon) are kept too.
    fn tasks(&mut self, plan: &Plan, volumes: &[Volume]) -> Vec<PlannedTask> {
        let mut tasks =
            Vec::with_capacity(plan.visible + volumes.len() * (FUTURE_DAYS as usize + 2));
        if plan.visible == 0 || volumes.is_empty() {
            return tasks;
        }
        let mut forced = plan.forced.iter().copied();
        let mut visible = 0;
        let mut date = self.horizon.as_offset_date_time().date();
        'days: loop {
            let runs = plan.weekdays.is_empty() || plan.weekdays.contains(&date.weekday());
            let instant = date.with_time(plan.at).assume_utc();
            if runs && millis(instant) <= self.horizon {
                for volume in volumes {
                    let jitter = Duration::milliseconds(self.rng.random_range(0..=40_000));
                    let created = instant + jitter;
                    let created_ts = millis(created);
                    if created_ts > self.now {
                        if created_ts <= self.horizon {
                            let task = self.task(plan, volume, created, None);
                            tasks.push(task);
                        }
                    } else {
                        let task = self.task(plan, volume, created, forced.next());
                        tasks.push(task);
                        visible += 1;
                        if visible == plan.visible {
                            break 'days;
                        }
                    }
                }
            }
            date = date.previous_day().expect("dates stay in range");
        }
        tasks.sort_unstable_by(|a, b| {
            (a.end.created_at, &a.end.job_id).cmp(&(b.end.created_at, &b.end.job_id))
        });
        tasks
    }

    fn task(
        &mut self,
        plan: &Plan,
        volume: &Volume,
        created: OffsetDateTime,
        forced: Option<Forced>,
    ) -> PlannedTask {
        let outcome = match forced {
            Some(Forced::Ends(o) | Forced::RunningUntil(o, _) | Forced::Waiting(o)) => o,
            None => self.outcome(plan.mix),
        };
        let job_id = self.unique_job_id();
        let anchor = self.anchor;

        let (started, finished) = match forced {
            Some(Forced::RunningUntil(_, (lo, hi))) => {
                let started = (created + self.seconds_ms(1, 20)).min(anchor);
                let finished = anchor + self.minutes_ms(lo, hi);
                (started, finished.max(created + MIN_RUN))
            }
            Some(Forced::Waiting(_)) => {
                let started = anchor + self.minutes_ms(1, 12);
                let run = self.run(outcome, volume.typical, Duration::ZERO);
                (started, started + run)
            }
            _ if outcome == Outcome::Skip => {
                let finished = created + Duration::milliseconds(self.rng.random_range(150..=2_500));
                (finished, finished)
            }
            _ => {
                let queued = outcome != Outcome::Timeout && self.rng.random_bool(0.1);
                let wait = if queued {
                    self.minutes_ms(1, 25)
                } else {
                    self.seconds_ms(1, 20)
                };
                let started = created + wait;
                (started, started + self.run(outcome, volume.typical, wait))
            }
        };

        let status = match outcome {
            Outcome::Success => TaskStatus::ExecuteSuccess,
            Outcome::Fail => TaskStatus::ExecuteFail,
            Outcome::Timeout => TaskStatus::ExecuteTimeout,
            Outcome::Skip => TaskStatus::Skip,
        };
        let mut task = Task::new(job_id, status, millis(created));
        task.finished_at = Some(millis(finished));
        task.backup_name = self.backup_name(plan.flavor);
        task.resource_id = volume.id.clone();
        task.resource_type = "volume".into();
        if outcome != Outcome::Skip && self.rng.random_bool(0.63) {
            task.vbs_job_id = Some(self.uuid());
        }
        if let Some((code, message)) = self.failure(plan.flavor, outcome) {
            task.code = Some(code);
            task.message = Some(message);
        }
        PlannedTask {
            end: task,
            started_at: millis(started),
        }
    }

    fn outcome(&mut self, mix: Mix) -> Outcome {
        let total = mix.success + mix.fail + mix.timeout + mix.skip;
        let mut roll = self.rng.random_range(0..total);
        for (weight, outcome) in [
            (mix.success, Outcome::Success),
            (mix.fail, Outcome::Fail),
            (mix.timeout, Outcome::Timeout),
        ] {
            if roll < weight {
                return outcome;
            }
            roll -= weight;
        }
        Outcome::Skip
    }

    /// How long a started backup runs before it ends with `outcome`; with the `wait` before it,
    /// the task lasts 3 minutes to 4 hours, a timeout exactly the limit after it started.
    fn run(&mut self, outcome: Outcome, typical: Duration, wait: Duration) -> Duration {
        let longest = TIMEOUT_LIMIT - Duration::minutes(2) - wait;
        match outcome {
            Outcome::Timeout => TIMEOUT_LIMIT,
            Outcome::Skip => Duration::ZERO,
            Outcome::Fail => {
                let hi = typical.whole_milliseconds().max(5 * 60_000) as i64;
                Duration::milliseconds(self.rng.random_range(3 * 60_000..=hi)).min(longest)
            }
            Outcome::Success => {
                let mut factor = self.rng.random_range(0.6..1.6);
                if self.rng.random_bool(0.02) {
                    factor *= self.rng.random_range(2.0..4.0);
                }
                let ms = (typical.whole_milliseconds() as f64 * factor) as i64;
                Duration::milliseconds(ms).clamp(MIN_RUN, longest)
            }
        }
    }

    fn backup_name(&mut self, flavor: Flavor) -> String {
        let hex = self.rng.random::<u16>();
        match flavor {
            Flavor::Plain => format!("autobk_{hex:04x}"),
            Flavor::Chinese => {
                let word = WORDS_ZH[self.rng.random_range(0..WORDS_ZH.len())];
                format!("autobk_{word}_{hex:04x}")
            }
            Flavor::Markup => {
                let markup = MARKUP[self.rng.random_range(0..MARKUP.len())];
                format!("autobk_{hex:04x}{markup}")
            }
        }
    }

    fn failure(&mut self, flavor: Flavor, outcome: Outcome) -> Option<(String, String)> {
        let (table, timeout): (&[(&str, &str)], _) = match flavor {
            Flavor::Chinese => (&FAILURES_ZH, TIMEOUT_ZH),
            Flavor::Plain | Flavor::Markup => (&FAILURES, TIMEOUT),
        };
        let (code, message) = match outcome {
            Outcome::Fail => table[self.rng.random_range(0..table.len())],
            Outcome::Timeout => timeout,
            Outcome::Success | Outcome::Skip => return None,
        };
        Some(match flavor {
            Flavor::Markup => {
                let a = MARKUP[self.rng.random_range(0..MARKUP.len())];
                let b = MARKUP[self.rng.random_range(0..MARKUP.len())];
                (format!("{code}{a}"), format!("{b}{message} {a}"))
            }
            Flavor::Plain | Flavor::Chinese => (code.to_owned(), message.to_owned()),
        })
    }

    fn seconds_ms(&mut self, lo: i64, hi: i64) -> Duration {
        Duration::milliseconds(self.rng.random_range(lo * 1_000..=hi * 1_000))
    }

    fn minutes_ms(&mut self, lo: i64, hi: i64) -> Duration {
        Duration::milliseconds(self.rng.random_range(lo * 60_000..=hi * 60_000))
    }

    /// A random (version 4) UUID in its lowercase 8-4-4-4-12 form.
    fn uuid(&mut self) -> String {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut bytes = [0u8; 16];
        self.rng.fill_bytes(&mut bytes);
        bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
        bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
        let mut out = String::with_capacity(36);
        for (i, byte) in bytes.iter().enumerate() {
            if matches!(i, 4 | 6 | 8 | 10) {
                out.push('-');
            }
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0xf)]));
        }
        out
    }

    fn unique_job_id(&mut self) -> String {
        loop {
            let id = self.uuid();
            if self.job_ids.insert(id.clone()) {
                return id;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    const SEED: u64 = 42;

    fn frozen() -> Dataset {
        generate(SEED, frozen_anchor())
    }

    fn now() -> Timestamp {
        Timestamp::from(frozen_anchor())
    }

    fn policy<'a>(data: &'a Dataset, name: &str) -> &'a PolicyData {
        data.policies
            .iter()
            .find(|p| p.policy.name == name)
            .unwrap_or_else(|| panic!("no policy {name:?}"))
    }

    fn visible(data: &PolicyData, now: Timestamp) -> impl Iterator<Item = &PlannedTask> {
        data.tasks.iter().filter(move |t| t.is_visible_at(now))
    }

    fn statuses_at(data: &PolicyData, now: Timestamp) -> BTreeMap<TaskStatus, usize> {
        let mut counts = BTreeMap::new();
        for task in visible(data, now) {
            *counts.entry(task.status_at(now)).or_insert(0) += 1;
        }
        counts
    }

    fn fingerprint(data: &Dataset) -> Vec<String> {
        data.policies
            .iter()
            .flat_map(|p| {
                std::iter::once(format!("{}|{}", p.policy.id, p.policy.name)).chain(
                    p.tasks.iter().map(|t| {
                        format!(
                            "{}|{}|{}|{:?}|{}|{}|{:?}",
                            t.end.job_id,
                            t.end.status,
                            t.end.created_at,
                            t.end.finished_at,
                            t.started_at,
                            t.end.backup_name,
                            t.end.vbs_job_id
                        )
                    }),
                )
            })
            .collect()
    }

    fn is_uuid(id: &str) -> bool {
        let groups: Vec<&str> = id.split('-').collect();
        groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
            && groups
                .iter()
                .all(|g| g.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
    }

    #[test]
    fn the_same_seed_and_anchor_give_the_same_dataset() {
        assert_eq!(fingerprint(&frozen()), fingerprint(&frozen()));
        let a = frozen();
        let b = frozen();
        for (p, q) in a.policies.iter().zip(&b.policies) {
            assert_eq!(p.policy, q.policy);
            let ends = |d: &PolicyData| d.tasks.iter().map(|t| t.end.clone()).collect::<Vec<_>>();
            assert_eq!(ends(p), ends(q));
        }
    }

    #[test]
    fn a_different_seed_changes_ids_and_names() {
        let a = frozen();
        let b = generate(SEED + 1, frozen_anchor());
        let ids = |d: &Dataset| {
            d.policies
                .iter()
                .flat_map(|p| p.tasks.iter().map(|t| t.end.job_id.clone()))
                .collect::<HashSet<_>>()
        };
        assert!(ids(&a).is_disjoint(&ids(&b)));
        for (p, q) in a.policies.iter().zip(&b.policies) {
            assert_ne!(p.policy.id, q.policy.id);
            assert_eq!(p.policy.name, q.policy.name);
        }
        let names = |d: &Dataset| {
            policy(d, "daily-volumes")
                .tasks
                .iter()
                .map(|t| t.end.backup_name.clone())
                .collect::<Vec<_>>()
        };
        assert_ne!(names(&a), names(&b));
    }

    #[test]
    fn the_six_policies_come_in_order_with_their_names() {
        let data = frozen();
        let names: Vec<&str> = data
            .policies
            .iter()
            .map(|p| p.policy.name.as_str())
            .collect();
        assert_eq!(names, POLICY_NAMES);
        assert_eq!(
            names,
            [
                "daily-volumes",
                "weekly-database",
                "nightly-small",
                "empty-policy",
                "每日备份-中文",
                "<img src=x onerror=alert(1)>",
            ]
        );
        for p in &data.policies {
            assert!(is_uuid(&p.policy.id), "{}", p.policy.id);
        }
        let ids: HashSet<_> = data.policies.iter().map(|p| &p.policy.id).collect();
        assert_eq!(ids.len(), 6);
    }

    #[test]
    fn schedules_are_filled_in() {
        let data = frozen();
        for p in &data.policies {
            let s = &p.policy.schedule;
            let start = s.start_time.as_deref().expect("start_time");
            assert!(start.len() == 5 && start.as_bytes()[2] == b':', "{start:?}");
            assert!(s.retention_num.is_some() || s.retention_day.is_some());
            assert_eq!(
                s.is_on(),
                p.policy.name != "empty-policy",
                "{}",
                p.policy.name
            );
        }
        let daily = &policy(&data, "daily-volumes").policy.schedule;
        assert_eq!(daily.frequency, Some(1));
        assert!(daily.week_frequency.is_empty());
        let weekly = &policy(&data, "weekly-database").policy.schedule;
        assert_eq!(weekly.week_frequency, ["MON", "THU"]);
        assert_eq!(weekly.frequency, None);
    }

    #[test]
    fn visible_counts_at_the_frozen_anchor_are_exact() {
        let data = frozen();
        let counts: Vec<usize> = data
            .policies
            .iter()
            .map(|p| visible(p, now()).count())
            .collect();
        assert_eq!(counts, [10_317, 350, 5, 0, 40, 12]);
        assert!(policy(&data, "empty-policy").tasks.is_empty());
    }

    #[test]
    fn counts_and_invariants_hold_at_any_anchor() {
        let anchors = [
            time::macros::datetime!(2025-01-01 00:05:07.123456789 UTC),
            time::macros::datetime!(2027-03-30 23:59:59.999 UTC),
            time::macros::datetime!(2026-06-15 01:30:20 +08:00),
        ];
        for anchor in anchors {
            let data = generate(7, anchor);
            let now = Timestamp::from(anchor);
            let counts: Vec<usize> = data
                .policies
                .iter()
                .map(|p| visible(p, now).count())
                .collect();
            assert_eq!(counts, [10_317, 350, 5, 0, 40, 12], "{anchor}");
            let daily = statuses_at(policy(&data, "daily-volumes"), now);
            assert!(
                daily.get(&TaskStatus::Running).copied().unwrap_or(0) >= 2,
                "{anchor}"
            );
            assert!(
                daily.get(&TaskStatus::Waiting).copied().unwrap_or(0) >= 2,
                "{anchor}"
            );
            let nightly = statuses_at(policy(&data, "nightly-small"), now);
            assert_eq!(nightly.get(&TaskStatus::Running), Some(&1), "{anchor}");
            assert_plausible(&data, now);
        }
    }

    #[test]
    fn every_status_occurs_in_daily_volumes_at_the_anchor() {
        let data = frozen();
        let counts = statuses_at(policy(&data, "daily-volumes"), now());
        for status in TaskStatus::KNOWN {
            assert!(counts.contains_key(&status), "{status} missing: {counts:?}");
        }
        assert!(counts[&TaskStatus::Running] >= 2, "{counts:?}");
        assert!(counts[&TaskStatus::Waiting] >= 2, "{counts:?}");
        let share = |s: TaskStatus| counts[&s] as f64 / DAILY_VOLUMES_VISIBLE as f64;
        assert!(
            (0.80..0.90).contains(&share(TaskStatus::ExecuteSuccess)),
            "{counts:?}"
        );
        assert!(
            (0.04..0.08).contains(&share(TaskStatus::ExecuteFail)),
            "{counts:?}"
        );
        assert!(
            (0.02..0.045).contains(&share(TaskStatus::ExecuteTimeout)),
            "{counts:?}"
        );
        assert!(
            (0.035..0.065).contains(&share(TaskStatus::Skip)),
            "{counts:?}"
        );
    }

    #[test]
    fn active_tasks_at_the_anchor_were_created_shortly_before_it() {
        let data = frozen();
        let anchor = frozen_anchor();
        for p in &data.policies {
            for task in visible(p, now()) {
                if task.status_at(now()).is_active() {
                    let age = anchor - task.end.created_at.as_offset_date_time();
                    assert!(age <= Duration::minutes(30), "{}: {age}", p.policy.name);
                }
            }
        }
    }

    #[test]
    fn running_tasks_at_the_anchor_show_no_end() {
        let data = frozen();
        let mut seen = 0;
        for p in &data.policies {
            for task in visible(p, now()) {
                let shown = task.at(now());
                assert_eq!(shown.status, task.status_at(now()));
                if shown.status.is_active() {
                    seen += 1;
                    assert_eq!(shown.finished_at, None, "{}", shown.job_id);
                    assert_eq!(shown.code, None);
                    assert_eq!(shown.message, None);
                } else {
                    assert_eq!(shown, task.end);
                }
            }
        }
        assert!(seen >= 4);
    }

    #[test]
    fn nightly_small_has_one_running_task_that_ends_minutes_after_the_anchor() {
        let data = frozen();
        let nightly = policy(&data, "nightly-small");
        let active: Vec<&PlannedTask> = visible(nightly, now())
            .filter(|t| t.status_at(now()).is_active())
            .collect();
        assert_eq!(active.len(), 1);
        let running = active[0];
        assert_eq!(running.status_at(now()), TaskStatus::Running);
        let end = running.end.finished_at.unwrap().as_offset_date_time() - frozen_anchor();
        assert!(
            (Duration::minutes(3)..=Duration::minutes(10)).contains(&end),
            "{end}"
        );
        let later = Timestamp::from(frozen_anchor() + Duration::minutes(10));
        assert_eq!(running.status_at(later), TaskStatus::ExecuteSuccess);
        assert_eq!(running.at(later).finished_at, running.end.finished_at);
    }

    #[test]
    fn tasks_are_sorted_by_created_at_then_job_id() {
        let data = frozen();
        for p in &data.policies {
            assert!(
                p.tasks.windows(2).all(|w| {
                    (w[0].end.created_at, &w[0].end.job_id)
                        < (w[1].end.created_at, &w[1].end.job_id)
                }),
                "{}",
                p.policy.name
            );
        }
    }

    #[test]
    fn job_ids_are_unique_uuids() {
        let data = frozen();
        let mut ids = HashSet::new();
        for p in &data.policies {
            for t in &p.tasks {
                assert!(is_uuid(&t.end.job_id), "{}", t.end.job_id);
                assert!(
                    ids.insert(t.end.job_id.clone()),
                    "duplicate {}",
                    t.end.job_id
                );
                if let Some(vbs) = &t.end.vbs_job_id {
                    assert!(is_uuid(vbs), "{vbs}");
                }
            }
        }
    }

    #[test]
    fn volumes_are_uuids_counted_by_the_policy() {
        let data = frozen();
        for p in &data.policies {
            let volumes: HashSet<&str> =
                p.tasks.iter().map(|t| t.end.resource_id.as_str()).collect();
            assert_eq!(
                p.policy.resource_count,
                volumes.len() as u64,
                "{}",
                p.policy.name
            );
            assert!(volumes.iter().all(|v| is_uuid(v)));
            assert!(p.tasks.iter().all(|t| t.end.resource_type == "volume"));
        }
        assert!(policy(&data, "daily-volumes").policy.resource_count > 6);
        assert!((2..=6).contains(&policy(&data, "weekly-database").policy.resource_count));
    }

    /// Times, names and failure fields of every task are plausible.
    /// Codes the contract gives a meaning of their own (a request's errors), which no task's
    /// failure may carry.
    const REQUEST_ERROR_CODES: [&str; 6] = [
        "AutoBackup.0002",
        "AutoBackup.0003",
        "AutoBackup.0205",
        "AutoBackup.1100",
        "AutoBackup.0213",
        "common.0011",
    ];

    fn assert_plausible(data: &Dataset, now: Timestamp) {
        for p in &data.policies {
            let mut with_vbs = 0;
            for t in &p.tasks {
                let end = &t.end;
                let created = end.created_at.as_offset_date_time();
                let finished = end
                    .finished_at
                    .expect("planned tasks end")
                    .as_offset_date_time();
                let started = t.started_at.as_offset_date_time();
                for instant in [created, finished, started] {
                    assert_eq!(instant.nanosecond() % 1_000_000, 0, "{}", end.job_id);
                }
                assert!(created <= started && started <= finished, "{}", end.job_id);
                let lasted = finished - created;
                if let Some(code) = &end.code {
                    assert!(!REQUEST_ERROR_CODES.contains(&code.as_str()), "{code}");
                }
                match end.status {
                    TaskStatus::Skip => {
                        assert!(lasted < Duration::seconds(5), "{lasted}");
                        assert_eq!(
                            (&end.code, &end.message, &end.vbs_job_id),
                            (&None, &None, &None)
                        );
                    }
                    TaskStatus::ExecuteTimeout => {
                        assert!(finished - started == TIMEOUT_LIMIT || t.started_at > now);
                        assert!(end.code.is_some() && end.message.is_some());
                    }
                    TaskStatus::ExecuteFail => {
                        assert!(end.code.as_deref().is_some_and(|c| !c.is_empty()));
                        assert!(end.message.as_deref().is_some_and(|m| !m.is_empty()));
                        assert!((MIN_RUN..=TIMEOUT_LIMIT).contains(&lasted), "{lasted}");
                    }
                    TaskStatus::ExecuteSuccess => {
                        assert_eq!((&end.code, &end.message), (&None, &None));
                        assert!((MIN_RUN..=TIMEOUT_LIMIT).contains(&lasted), "{lasted}");
                    }
                    ref other => panic!("planned end status {other}"),
                }
                assert!(
                    end.backup_name.starts_with("autobk_"),
                    "{}",
                    end.backup_name
                );
                with_vbs += usize::from(end.vbs_job_id.is_some());
            }
            if p.tasks.len() > 1000 {
                let share = with_vbs as f64 / p.tasks.len() as f64;
                assert!((0.55..0.65).contains(&share), "{share}");
            }
        }
    }

    #[test]
    fn every_task_is_plausible() {
        let data = frozen();
        assert_plausible(&data, now());
        let daily = policy(&data, "daily-volumes");
        let first = daily.tasks[0].end.created_at.as_offset_date_time();
        let span = frozen_anchor() - first;
        assert!(
            (Duration::days(395)..Duration::days(460)).contains(&span),
            "{span}"
        );
        for t in &daily.tasks {
            if t.end.status == TaskStatus::ExecuteSuccess || t.end.status == TaskStatus::ExecuteFail
            {
                let name = &t.end.backup_name;
                assert!(
                    name.len() == 11
                        && name[7..]
                            .bytes()
                            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()),
                    "{name}"
                );
            }
        }
    }

    #[test]
    fn markup_and_chinese_text_are_present_where_required() {
        let data = frozen();
        let markup = policy(&data, "<img src=x onerror=alert(1)>");
        let shown: Vec<&Task> = visible(markup, now()).map(|t| &t.end).collect();
        assert!(shown.iter().all(|t| t.backup_name.contains('<')));
        let failed: Vec<&&Task> = shown
            .iter()
            .filter(|t| t.status == TaskStatus::ExecuteFail)
            .collect();
        assert!(!failed.is_empty());
        for t in shown.iter().filter(|t| t.status.is_failure()) {
            assert!(t.code.as_deref().unwrap().contains('<'));
            assert!(t.message.as_deref().unwrap().contains('<'));
        }
        let all_text: String = shown
            .iter()
            .flat_map(|t| [Some(&t.backup_name), t.code.as_ref(), t.message.as_ref()])
            .flatten()
            .map(String::as_str)
            .collect();
        for needle in ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"] {
            assert!(all_text.contains(needle), "{needle} missing");
        }

        let chinese = policy(&data, "每日备份-中文");
        let is_han = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
        let shown: Vec<&Task> = visible(chinese, now()).map(|t| &t.end).collect();
        assert!(shown.iter().all(|t| t.backup_name.chars().any(is_han)));
        let failures: Vec<&&Task> = shown.iter().filter(|t| t.status.is_failure()).collect();
        assert!(shown.iter().any(|t| t.status == TaskStatus::ExecuteFail));
        assert!(failures
            .iter()
            .all(|t| t.message.as_deref().unwrap().chars().any(is_han)));
    }

    #[test]
    fn tasks_are_planned_for_the_week_after_the_anchor() {
        let data = frozen();
        let horizon = Timestamp::from(frozen_anchor() + Duration::days(FUTURE_DAYS));
        let future: Vec<usize> = data
            .policies
            .iter()
            .map(|p| {
                let after: Vec<&PlannedTask> =
                    p.tasks.iter().filter(|t| !t.is_visible_at(now())).collect();
                assert!(after.iter().all(|t| t.end.created_at <= horizon));
                after.len()
            })
            .collect();
        // Per run: 24, 3, 1, -, 2, 3 volumes; 7 daily runs, 2 weekly ones (MON, THU).
        assert_eq!(future, [24 * 7, 3 * 2, 7, 0, 2 * 7, 3 * 7]);
        // A day later, a new run of daily-volumes has appeared.
        let tomorrow = Timestamp::from(frozen_anchor() + Duration::days(1));
        let daily = policy(&data, "daily-volumes");
        assert_eq!(visible(daily, tomorrow).count(), DAILY_VOLUMES_VISIBLE + 24);
    }

    #[test]
    fn created_at_round_trips_through_the_api_form() {
        let data = frozen();
        for p in &data.policies {
            for t in &p.tasks {
                for ts in [Some(t.end.created_at), t.end.finished_at]
                    .into_iter()
                    .flatten()
                {
                    let text = ts.to_api_string();
                    assert_eq!(Timestamp::parse(&text).unwrap(), ts, "{text}");
                }
            }
        }
    }
}
