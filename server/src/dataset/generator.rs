//! Tasks drawn from a plan: IDs, runs, outcomes, names and messages.

use std::collections::HashSet;

use rand::{Rng, RngCore, SeedableRng};
use rand_pcg::Pcg64Mcg;
use time::{Duration, OffsetDateTime};
use vbs_tasks::{Policy, Task, TaskStatus, Timestamp};

use super::plans::{millis, Flavor, Forced, Mix, Outcome, Plan, Volume};
use super::{PlannedTask, PolicyData, FUTURE_DAYS};

/// The run time after which a backup task is stopped as `EXECUTE_TIMEOUT`.
pub(super) const TIMEOUT_LIMIT: Duration = Duration::hours(4);
/// The shortest run of a backup that is actually taken.
pub(super) const MIN_RUN: Duration = Duration::minutes(3);

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

pub(super) struct Generator<'a> {
    rng: Pcg64Mcg,
    /// Every job ID handed out so far, across policies.
    job_ids: &'a mut HashSet<String>,
    anchor: OffsetDateTime,
    /// The anchor as a timestamp: a task is visible when `created_at <= now`.
    now: Timestamp,
    /// The last instant tasks are planned for.
    horizon: Timestamp,
}

impl<'a> Generator<'a> {
    /// A generator of one policy's tasks around `anchor`, drawing from its own stream `seed`, so
    /// one policy's shape never shifts another's. PCG is much faster than ChaCha unoptimised,
    /// and, like it, reproducible across platforms.
    pub(super) fn new(seed: u64, job_ids: &'a mut HashSet<String>, anchor: OffsetDateTime) -> Self {
        Generator {
            rng: Pcg64Mcg::seed_from_u64(seed),
            job_ids,
            anchor,
            now: Timestamp::from(anchor),
            horizon: Timestamp::from(anchor + Duration::days(FUTURE_DAYS)),
        }
    }

    pub(super) fn policy(&mut self, plan: &Plan) -> PolicyData {
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
