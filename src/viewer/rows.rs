//! A page of rows as every part of the viewer takes it, from either API: the table, the timeline,
//! the details, the watch, the overview's glance and the export all read [`TaskRow`]s
//! (`vbs_tasks::core::taskrow`, the one row view both APIs map to), never VBS `Task`s or CBR
//! `OperationLog`s directly.
//!
//! A CBR page also keeps its operation logs as they came: the details show every `extra_info`
//! block, and the JSON export writes the logs in the API's own form.

use vbs_tasks::core::cbr::{OpLogPage, OperationLog};
use vbs_tasks::core::model::TaskPage;
use vbs_tasks::core::taskrow::TaskRow;

/// One page of rows, and how many rows match the filter in all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowPage {
    /// The number of rows that match the filter, over all pages.
    pub count: u64,
    /// The rows of this page.
    pub rows: Vec<TaskRow>,
    /// A CBR page's logs, one per row in the same order; empty for VBS.
    pub logs: Vec<OperationLog>,
}

impl RowPage {
    /// A page of `rows` without logs (VBS, or tests).
    pub fn new(count: u64, rows: Vec<TaskRow>) -> Self {
        RowPage {
            count,
            rows,
            logs: Vec::new(),
        }
    }

    /// A page of CBR `logs`, each with its row.
    pub fn of_logs(count: u64, logs: Vec<OperationLog>) -> Self {
        RowPage {
            count,
            rows: logs.iter().map(TaskRow::from).collect(),
            logs,
        }
    }

    /// The operation log of the row with this ID (CBR pages only).
    pub fn log(&self, id: &str) -> Option<&OperationLog> {
        self.logs.iter().find(|log| log.id == id)
    }
}

/// Sorts CBR logs newest first, ties by ID (the contract's order, §10 Q2): how the lists of
/// several vaults read as one.
pub fn newest_first(logs: &mut [OperationLog]) {
    logs.sort_unstable_by(|a, b| {
        b.created_at
            .cmp(&a.created_at)
            .then_with(|| a.id.cmp(&b.id))
    });
}

impl From<TaskPage> for RowPage {
    fn from(page: TaskPage) -> Self {
        RowPage::new(page.count, page.tasks.iter().map(TaskRow::from).collect())
    }
}

impl From<OpLogPage> for RowPage {
    fn from(page: OpLogPage) -> Self {
        RowPage::of_logs(page.count, page.operation_logs)
    }
}

#[cfg(test)]
mod tests {
    use vbs_tasks::core::cbr::OpLogStatus;
    use vbs_tasks::core::model::{Task, TaskStatus};
    use vbs_tasks::core::taskrow::Service;
    use vbs_tasks::core::time::Timestamp;

    use super::*;

    fn at() -> Timestamp {
        Timestamp::parse("2026-01-01T00:00:00").unwrap()
    }

    #[test]
    fn a_vbs_page_becomes_rows_without_logs() {
        let page = TaskPage::new(7, vec![Task::new("j1", TaskStatus::Running, at())]);
        let rows = RowPage::from(page);
        assert_eq!(rows.count, 7);
        assert_eq!(rows.rows.len(), 1);
        assert_eq!(rows.rows[0].id, "j1");
        assert_eq!(rows.rows[0].service, Service::Vbs);
        assert!(rows.logs.is_empty());
        assert!(rows.log("j1").is_none());
    }

    #[test]
    fn logs_of_several_vaults_read_newest_first_ties_by_id() {
        let later = Timestamp::parse("2026-01-02T00:00:00").unwrap();
        let mut logs = vec![
            OperationLog::new("b", OpLogStatus::Success, at()),
            OperationLog::new("c", OpLogStatus::Success, later),
            OperationLog::new("a", OpLogStatus::Success, at()),
        ];
        newest_first(&mut logs);
        let ids: Vec<&str> = logs.iter().map(|log| log.id.as_str()).collect();
        assert_eq!(ids, ["c", "a", "b"]);
    }

    #[test]
    fn a_cbr_page_keeps_each_log_beside_its_row() {
        let logs = vec![
            OperationLog::new("a", OpLogStatus::Failed, at()),
            OperationLog::new("b", OpLogStatus::Running, at()),
        ];
        let rows = RowPage::from(OpLogPage::new(40, logs));
        assert_eq!(rows.count, 40);
        let ids: Vec<&str> = rows.rows.iter().map(|row| row.id.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
        assert_eq!(rows.rows[0].status, TaskStatus::ExecuteFail);
        assert_eq!(rows.rows[1].service, Service::Cbr);
        assert_eq!(
            rows.log("b").map(|log| &log.status),
            Some(&OpLogStatus::Running)
        );
        assert!(rows.log("c").is_none());
    }
}
