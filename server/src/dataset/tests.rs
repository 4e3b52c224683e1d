use super::generator::{MIN_RUN, TIMEOUT_LIMIT};
use super::*;
use std::collections::BTreeMap;

use time::Duration;

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
            std::iter::once(format!("{}|{}", p.policy.id, p.policy.name)).chain(p.tasks.iter().map(
                |t| {
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
                },
            ))
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
                (w[0].end.created_at, &w[0].end.job_id) < (w[1].end.created_at, &w[1].end.job_id)
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
        let volumes: HashSet<&str> = p.tasks.iter().map(|t| t.end.resource_id.as_str()).collect();
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
        if t.end.status == TaskStatus::ExecuteSuccess || t.end.status == TaskStatus::ExecuteFail {
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
