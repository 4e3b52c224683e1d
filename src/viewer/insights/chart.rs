//! Geometry of the viewer's SVG charts, computed here so it is tested, not eyeballed.

use vbs_tasks::core::taskrow::TaskRow;
use vbs_tasks::core::time::Timestamp;

/// One segment of a stacked bar, in percent of the bar's width.
#[derive(Debug, Clone, PartialEq)]
pub struct BarSegment {
    /// What the segment counts (a status's wire value).
    pub label: String,
    /// How many.
    pub count: u64,
    /// Where it starts, 0 to 100.
    pub x: f64,
    /// How wide it is, 0 to 100.
    pub width: f64,
}

/// Lays `counts` out as one stacked bar, in the order given; zero counts get no segment.
pub fn stacked_bar(counts: &[(String, u64)]) -> Vec<BarSegment> {
    let total: u64 = counts.iter().map(|(_, n)| n).sum();
    if total == 0 {
        return Vec::new();
    }
    let mut x = 0.0;
    let mut segments = Vec::new();
    for (label, count) in counts.iter().filter(|(_, n)| *n > 0) {
        let width = *count as f64 * 100.0 / total as f64;
        segments.push(BarSegment {
            label: label.clone(),
            count: *count,
            x,
            width,
        });
        x += width;
    }
    segments
}

/// One task on the timeline, in percent of the timeline's width.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineBar {
    /// The task.
    pub job_id: String,
    /// Where it starts, 0 to 100.
    pub x: f64,
    /// How wide, at least [`MIN_BAR_WIDTH`] so short tasks stay visible.
    pub width: f64,
    /// Still running: drawn open-ended to `now`.
    pub open: bool,
}

/// The narrowest bar drawn, in percent.
pub const MIN_BAR_WIDTH: f64 = 0.4;

/// Lays tasks out on a time axis from the earliest creation to the latest end (running tasks end
/// at `now`). Returns the axis range and one bar per task, in the order given.
pub fn timeline(
    tasks: &[TaskRow],
    now: Timestamp,
) -> Option<(Timestamp, Timestamp, Vec<TimelineBar>)> {
    let end_of = |task: &TaskRow| task.ended_at.unwrap_or(now).max(task.created_at);
    let start = tasks.iter().map(|t| t.created_at).min()?;
    let end = tasks.iter().map(end_of).max()?;
    let span_ms = (end.unix_millis() - start.unix_millis()).max(1) as f64;
    let bars = tasks
        .iter()
        .map(|task| {
            let x = (task.created_at.unix_millis() - start.unix_millis()) as f64 * 100.0 / span_ms;
            let width = (end_of(task).unix_millis() - task.created_at.unix_millis()) as f64 * 100.0
                / span_ms;
            TimelineBar {
                job_id: task.id.clone(),
                x: x.min(100.0 - MIN_BAR_WIDTH),
                width: width.max(MIN_BAR_WIDTH),
                open: task.ended_at.is_none(),
            }
        })
        .collect();
    Some((start, end, bars))
}

#[cfg(test)]
mod tests {
    use super::*;
    use vbs_tasks::core::model::{Task, TaskStatus};

    #[test]
    fn a_stacked_bar_fills_exactly_the_width() {
        let bar = stacked_bar(&[
            ("EXECUTE_SUCCESS".into(), 75),
            ("EXECUTE_FAIL".into(), 0),
            ("SKIP".into(), 25),
        ]);
        assert_eq!(bar.len(), 2);
        assert_eq!((bar[0].x, bar[0].width), (0.0, 75.0));
        assert_eq!((bar[1].x, bar[1].width), (75.0, 25.0));
        assert!(stacked_bar(&[("SKIP".into(), 0)]).is_empty());
        let thirds = stacked_bar(&[("a".into(), 1), ("b".into(), 1), ("c".into(), 1)]);
        let last = thirds.last().unwrap();
        assert!((last.x + last.width - 100.0).abs() < 1e-9);
    }

    fn at(text: &str) -> Timestamp {
        Timestamp::parse(text).unwrap()
    }

    #[test]
    fn timeline_spans_first_start_to_last_end_with_running_tasks_open_to_now() {
        let mut done = Task::new(
            "done",
            TaskStatus::ExecuteSuccess,
            at("2026-01-01T00:00:00"),
        );
        done.finished_at = Some(at("2026-01-01T00:30:00"));
        let running = Task::new("running", TaskStatus::Running, at("2026-01-01T00:30:00"));
        let rows = [TaskRow::from(&done), TaskRow::from(&running)];
        let (start, end, bars) = timeline(&rows, at("2026-01-01T01:00:00")).unwrap();
        assert_eq!(
            (start, end),
            (at("2026-01-01T00:00:00"), at("2026-01-01T01:00:00"))
        );
        assert_eq!((bars[0].x, bars[0].width, bars[0].open), (0.0, 50.0, false));
        assert_eq!((bars[1].x, bars[1].width, bars[1].open), (50.0, 50.0, true));
    }

    #[test]
    fn instant_tasks_stay_visible_and_an_empty_page_has_no_timeline() {
        let skip = TaskRow::from(&Task::new("s", TaskStatus::Skip, at("2026-01-01T00:00:00")));
        let (_, _, bars) =
            timeline(std::slice::from_ref(&skip), at("2026-01-01T00:00:00")).unwrap();
        assert_eq!(bars[0].width, MIN_BAR_WIDTH);
        assert!(bars[0].x + bars[0].width <= 100.0);
        assert!(timeline(&[], at("2026-01-01T00:00:00")).is_none());
    }
}
