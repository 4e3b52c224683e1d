//! The wording of values, natively.

use super::*;
use vbs_tasks::core::model::Task;

fn at(text: &str) -> Timestamp {
    Timestamp::parse(text).unwrap()
}

#[test]
fn statuses_read_as_words_and_unknown_ones_as_sent() {
    assert_eq!(status_label(&TaskStatus::ExecuteFail), "Failed");
    assert_eq!(status_label(&TaskStatus::ExecuteTimeout), "Timed out");
    let odd = TaskStatus::Unknown("EXECUTE_PARTIAL".into());
    assert_eq!(status_label(&odd), "EXECUTE_PARTIAL");
    assert_eq!(status_tone(&odd), "unknown");
    for status in TaskStatus::KNOWN {
        assert_ne!(status_tone(&status), "unknown", "{status}");
    }
}

#[test]
fn counts_get_thousands_separators() {
    assert_eq!(thousands(0), "0");
    assert_eq!(thousands(999), "999");
    assert_eq!(thousands(1000), "1,000");
    assert_eq!(thousands(10_317), "10,317");
    assert_eq!(thousands(1_234_567), "1,234,567");
}

#[test]
fn the_summary_names_the_rows_shown() {
    assert_eq!(page_summary(2, 20, 10_317, 20), "21–40 of 10,317");
    assert_eq!(page_summary(1, 20, 5, 5), "1–5 of 5");
    assert_eq!(page_summary(516, 20, 10_317, 17), "10,301–10,317 of 10,317");
    assert_eq!(page_summary(1, 20, 0, 0), "No tasks");
    assert_eq!(page_summary(900, 20, 10_317, 0), "0 of 10,317");
}

#[test]
fn shares_and_second_counts_read_as_words() {
    assert_eq!(percent(0.9412), "94.1%");
    assert_eq!(percent(1.0), "100.0%");
    assert_eq!(percent(0.0), "0.0%");
    assert_eq!(percent(0.33333), "33.3%");
}

#[test]
fn fixed_points_round_and_pad() {
    assert_eq!(fixed(12.34567, 3), "12.346");
    assert_eq!(fixed(0.5, 2), "0.50");
    assert_eq!(fixed(-1.25, 1), "-1.3");
    assert_eq!(fixed(-0.0001, 2), "0.00");
    assert_eq!(fixed(7.0, 0), "7");
    assert_eq!(fixed(f64::NAN, 3), "0");
    assert_eq!(fixed(f64::INFINITY, 3), "0");
    for value in [0.0, 0.001, 1.5, 99.999, 12_345.678_9, -4.567_89] {
        for decimals in 0..5 {
            let expected = format!("{value:.prec$}", prec = decimals as usize);
            let ours = fixed(value, decimals);
            let (a, b): (f64, f64) = (expected.parse().unwrap(), ours.parse().unwrap());
            assert!(
                (a - b).abs() <= 10f64.powi(-(decimals as i32)) * 1.000_001,
                "{value} {decimals}: {ours} vs {expected}"
            );
        }
    }
    assert_eq!(seconds(192.4), "3 min 12 s");
    assert_eq!(seconds(0.25), "250 ms");
}

#[test]
fn the_last_page_rounds_up_and_is_at_least_one() {
    assert_eq!(last_page(10_317, 20), 516);
    assert_eq!(last_page(10_300, 20), 515);
    assert_eq!(last_page(0, 20), 1);
    assert_eq!(last_page(5, 0), 5);
}

#[test]
fn page_links_keep_first_last_and_neighbours() {
    use PageLink::{Gap, Page};
    assert_eq!(page_links(1, 1), vec![Page(1)]);
    assert_eq!(page_links(1, 3), vec![Page(1), Page(2), Page(3)]);
    assert_eq!(
        page_links(1, 516),
        vec![Page(1), Page(2), Page(3), Gap, Page(516)]
    );
    assert_eq!(
        page_links(10, 516),
        vec![
            Page(1),
            Gap,
            Page(8),
            Page(9),
            Page(10),
            Page(11),
            Page(12),
            Gap,
            Page(516)
        ]
    );
    assert_eq!(
        page_links(516, 516),
        vec![Page(1), Gap, Page(514), Page(515), Page(516)]
    );
    // No gap stands for a single page: it is shown instead.
    assert_eq!(page_links(4, 7), (1..=7).map(Page).collect::<Vec<_>>());
    assert_eq!(page_links(99, 3).last(), Some(&Page(3)));
}

#[test]
fn the_zone_label_names_the_offsets_of_the_local_times() {
    assert_eq!(zone_label(&[0]), "UTC+00:00");
    assert_eq!(zone_label(&[8 * 60]), "UTC+08:00");
    assert_eq!(zone_label(&[-7 * 60]), "UTC-07:00");
    assert_eq!(zone_label(&[5 * 60 + 45]), "UTC+05:45");
    assert_eq!(zone_label(&[-(3 * 60 + 30)]), "UTC-03:30");
    assert_eq!(zone_label(&[14 * 60]), "UTC+14:00");
    // Both sides of a daylight-saving change.
    assert_eq!(zone_label(&[60, 120]), "UTC+01:00/+02:00");
    assert_eq!(zone_label(&[-210, -150]), "UTC-03:30/-02:30");
}

#[test]
fn times_read_in_the_local_zone_with_utc_exact() {
    let created = at("2026-11-27T06:03:12.706");
    assert_eq!(local_time(created, 0), "2026-11-27 06:03:12");
    assert_eq!(local_time(created, 8 * 60), "2026-11-27 14:03:12");
    assert_eq!(local_time(created, -7 * 60), "2026-11-26 23:03:12");
    assert_eq!(utc_time(created), "2026-11-27 06:03:12.706 UTC");
}

#[test]
fn relative_times_pick_one_unit() {
    let now = 1_000_000_000_000.0;
    assert_eq!(relative(now, now - 2_000.0), "just now");
    assert_eq!(relative(now, now - 12_000.0), "12 s ago");
    assert_eq!(relative(now, now - 5.0 * 60_000.0), "5 min ago");
    assert_eq!(relative(now, now - 3.0 * 3_600_000.0), "3 h ago");
    assert_eq!(relative(now, now - 49.0 * 3_600_000.0), "2 d ago");
    assert_eq!(relative(now, now + 5.0 * 60_000.0), "in 5 min");
    assert_eq!(updated_ago(now, now - 3_400.0), "updated 3 s ago");
    assert_eq!(updated_ago(now, now - 120_000.0), "updated 2 min ago");
}

#[test]
fn durations_use_two_units_at_most() {
    assert_eq!(duration(Duration::milliseconds(850)), "850 ms");
    assert_eq!(duration(Duration::milliseconds(999)), "999 ms");
    assert_eq!(duration(Duration::milliseconds(1_000)), "1 s");
    assert_eq!(duration(Duration::milliseconds(-500)), "0 ms");
    assert_eq!(duration(Duration::seconds(45)), "45 s");
    assert_eq!(duration(Duration::seconds(192)), "3 min 12 s");
    assert_eq!(
        duration(Duration::seconds(2 * 3600 + 5 * 60 + 9)),
        "2 h 05 min"
    );
    assert_eq!(duration(Duration::hours(76)), "3 d 4 h");
    assert_eq!(duration(Duration::seconds(-5)), "0 ms");
}

#[test]
fn running_tasks_tick_and_finished_ones_do_not() {
    let created = at("2026-01-01T00:00:00");
    let now = created.unix_millis() as f64 + 90_000.0;
    let running = TaskRow::from(&Task::new("r", TaskStatus::Running, created));
    assert_eq!(
        task_duration(&running, now),
        Some(("1 min 30 s".into(), true))
    );
    let mut done = Task::new("d", TaskStatus::ExecuteSuccess, created);
    done.finished_at = Some(at("2026-01-01T00:00:45"));
    let done = TaskRow::from(&done);
    assert_eq!(task_duration(&done, now), Some(("45 s".into(), false)));
    let waiting = TaskRow::from(&Task::new("w", TaskStatus::Waiting, created));
    assert_eq!(task_duration(&waiting, now), None);
}

#[test]
fn a_cbr_task_runs_from_its_start_not_its_creation() {
    use vbs_tasks::core::cbr::{OpLogStatus, OperationLog};
    let created = at("2026-01-01T00:00:00");
    let mut log = OperationLog::new("l", OpLogStatus::Running, created);
    log.started_at = Some(at("2026-01-01T00:01:00"));
    let now = created.unix_millis() as f64 + 90_000.0;
    assert_eq!(
        task_duration(&TaskRow::from(&log), now),
        Some(("30 s".into(), true))
    );
    log.status = OpLogStatus::Success;
    log.ended_at = Some(at("2026-01-01T00:03:00"));
    assert_eq!(
        task_duration(&TaskRow::from(&log), now),
        Some(("2 min 0 s".into(), false)),
        "start to end"
    );
}

#[test]
fn a_target_reads_as_its_name_then_where_it_is_when_known() {
    let mut target = TargetInfo {
        name: "prod-cn4".into(),
        cloud: "huawei".into(),
        region: "cn-north-4".into(),
        ..TargetInfo::default()
    };
    assert_eq!(target_label(&target), "prod-cn4 — huawei cn-north-4");
    target.cloud.clear();
    assert_eq!(target_label(&target), "prod-cn4 — cn-north-4");
    target.region.clear();
    assert_eq!(target_label(&target), "prod-cn4");
}

#[test]
fn a_time_field_shows_and_reads_local_time_to_the_minute() {
    let at = Timestamp::parse("2026-11-20T08:00:59").unwrap();
    assert_eq!(input_time(at, 480), "2026-11-20T16:00");
    assert_eq!(input_time(at, -210), "2026-11-20T04:30");
    assert_eq!(input_time(at, 0), "2026-11-20T08:00");
    let utc8 = |_: f64| 480;
    assert_eq!(
        read_input_time("2026-11-20T16:00", utc8),
        Timestamp::parse("2026-11-20T08:00:00").ok()
    );
    assert_eq!(
        read_input_time("2026-11-20T16:00:30", utc8),
        Timestamp::parse("2026-11-20T08:00:30").ok()
    );
    for bad in [
        "",
        "2026-11-20",
        "yesterday",
        "2026-13-01T00:00",
        "2026-11-20T16:00Z",
    ] {
        assert_eq!(read_input_time(bad, utc8), None, "{bad:?}");
    }
}

#[test]
fn a_time_field_reads_with_the_offset_in_force_at_the_time_it_names() {
    // A zone at UTC+1 before 2026-03-29T01:00Z and UTC+2 from then (Central Europe).
    let change = Timestamp::parse("2026-03-29T01:00:00")
        .unwrap()
        .unix_millis() as f64;
    let europe = |at_ms: f64| if at_ms < change { 60 } else { 120 };
    assert_eq!(
        read_input_time("2026-03-29T12:00", europe),
        Timestamp::parse("2026-03-29T10:00:00").ok(),
        "summer time"
    );
    assert_eq!(
        read_input_time("2026-03-28T12:00", europe),
        Timestamp::parse("2026-03-28T11:00:00").ok(),
        "winter time"
    );
    let shown = Timestamp::parse("2026-03-29T10:00:00").unwrap();
    assert_eq!(
        input_time(shown, europe(shown.unix_millis() as f64)),
        "2026-03-29T12:00"
    );
}
