//! Duration statistics and status counts of a set of tasks.

use vbs_tasks::core::model::TaskStatus;
use vbs_tasks::core::taskrow::TaskRow;

/// Median and 95th percentile of the durations of finished tasks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DurationStats {
    /// How many finished tasks the figures are over.
    pub finished: usize,
    /// Median duration in seconds.
    pub median_s: f64,
    /// 95th-percentile duration in seconds (nearest rank).
    pub p95_s: f64,
}

/// The duration statistics of the tasks that have finished (SKIP included: it ended too);
/// `None` when none has.
pub fn duration_stats<'a>(tasks: impl IntoIterator<Item = &'a TaskRow>) -> Option<DurationStats> {
    let mut seconds: Vec<f64> = tasks
        .into_iter()
        .filter_map(|task| task.duration())
        .map(|d| d.as_seconds_f64())
        .collect();
    if seconds.is_empty() {
        return None;
    }
    seconds.sort_unstable_by(f64::total_cmp);
    Some(DurationStats {
        finished: seconds.len(),
        median_s: median(&seconds),
        p95_s: nearest_rank(&seconds, 0.95),
    })
}

/// Median of sorted values: the middle one, or the mean of the two middle ones.
fn median(sorted: &[f64]) -> f64 {
    let mid = sorted.len() / 2;
    if sorted.len() % 2 == 1 {
        sorted[mid]
    } else {
        (sorted[mid - 1] + sorted[mid]) / 2.0
    }
}

/// The nearest-rank percentile of sorted values: the smallest value with at least `p` of the
/// values at or below it.
fn nearest_rank(sorted: &[f64], p: f64) -> f64 {
    let rank = (p * sorted.len() as f64).ceil().max(1.0) as usize;
    sorted[rank.min(sorted.len()) - 1]
}

/// Counts per status, from `count` of one request per status (the viewer's overview) or by
/// counting tasks.
///
/// A handful of statuses at most: a `Vec` kept in status order is all it needs (a `BTreeMap`
/// of them cost the viewer ~2 KB of wasm).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatusCounts(Vec<(String, u64)>);

impl StatusCounts {
    /// Adds `n` tasks of `status`.
    pub fn add(&mut self, status: &TaskStatus, n: u64) {
        match self.position(status) {
            Ok(at) => self.0[at].1 += n,
            Err(at) => self.0.insert(at, (status.as_str().to_owned(), n)),
        }
    }

    /// Tasks of `status`.
    pub fn get(&self, status: &TaskStatus) -> u64 {
        self.position(status).map_or(0, |at| self.0[at].1)
    }

    /// Where `status` is in the sorted list, or where it would go.
    fn position(&self, status: &TaskStatus) -> Result<usize, usize> {
        let status = status.as_str();
        self.0
            .binary_search_by(|(known, _)| known.as_str().cmp(status))
    }

    /// All tasks counted.
    pub fn total(&self) -> u64 {
        self.0.iter().map(|(_, n)| n).sum()
    }

    /// Successes among tasks that ran to an end (success, failure, timeout), as 0.0 to 1.0;
    /// `None` when none did. Skipped and in-flight tasks do not count either way.
    pub fn success_rate(&self) -> Option<f64> {
        let ok = self.get(&TaskStatus::ExecuteSuccess);
        let ended = ok + self.get(&TaskStatus::ExecuteFail) + self.get(&TaskStatus::ExecuteTimeout);
        (ended > 0).then(|| ok as f64 / ended as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vbs_tasks::core::model::Task;
    use vbs_tasks::core::time::Timestamp;

    fn finished_after(seconds: i64) -> TaskRow {
        let start = Timestamp::parse("2026-01-01T00:00:00").unwrap();
        let mut task = Task::new("j", TaskStatus::ExecuteSuccess, start);
        task.finished_at = Some(Timestamp::from(
            start.as_offset_date_time() + time::Duration::seconds(seconds),
        ));
        TaskRow::from(&task)
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        let odd: Vec<TaskRow> = [30, 10, 20].into_iter().map(finished_after).collect();
        assert_eq!(duration_stats(&odd).unwrap().median_s, 20.0);
        let even: Vec<TaskRow> = [40, 10, 30, 20].into_iter().map(finished_after).collect();
        assert_eq!(duration_stats(&even).unwrap().median_s, 25.0);
    }

    #[test]
    fn p95_is_the_nearest_rank() {
        let hundred: Vec<TaskRow> = (1..=100).map(finished_after).collect();
        let stats = duration_stats(&hundred).unwrap();
        assert_eq!((stats.finished, stats.p95_s), (100, 95.0));
        let twenty: Vec<TaskRow> = (1..=20).map(finished_after).collect();
        assert_eq!(duration_stats(&twenty).unwrap().p95_s, 19.0);
        let one = [finished_after(7)];
        let stats = duration_stats(&one).unwrap();
        assert_eq!((stats.median_s, stats.p95_s), (7.0, 7.0));
    }

    #[test]
    fn running_tasks_are_left_out_and_none_finished_is_none() {
        let running = TaskRow::from(&Task::new(
            "r",
            TaskStatus::Running,
            Timestamp::parse("2026-01-01T00:00:00").unwrap(),
        ));
        assert_eq!(duration_stats(std::slice::from_ref(&running)), None);
        let stats = duration_stats(&[running, finished_after(5)]).unwrap();
        assert_eq!(stats.finished, 1);
    }

    #[test]
    fn success_rate_ignores_skipped_and_in_flight() {
        let mut counts = StatusCounts::default();
        counts.add(&TaskStatus::ExecuteSuccess, 90);
        counts.add(&TaskStatus::ExecuteFail, 6);
        counts.add(&TaskStatus::ExecuteTimeout, 4);
        counts.add(&TaskStatus::Skip, 50);
        counts.add(&TaskStatus::Running, 3);
        counts.add(&TaskStatus::Unknown("NEW".into()), 1);
        assert_eq!(counts.success_rate(), Some(0.9));
        assert_eq!(counts.total(), 154);
        assert_eq!(counts.get(&TaskStatus::Unknown("NEW".into())), 1);
        assert_eq!(StatusCounts::default().success_rate(), None);
    }
}
