//! The task whose details are open, and the task highlighted in the table and the timeline.
//!
//! A new view closes the details, and a new page of the same view keeps them current (a running
//! task finishes under the reader's eyes): [`super::reduce`] calls [`Details::close`] and
//! [`Details::follow`] for those.

use vbs_tasks::core::cbr::OperationLog;
use vbs_tasks::core::taskrow::TaskRow;

use crate::rows::RowPage;

/// The details panel and the highlight.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Details {
    /// The task whose details are open.
    pub task: Option<TaskRow>,
    /// Its operation log, when it is a CBR task (every `extra_info` block is shown).
    pub log: Option<OperationLog>,
    /// The task under the pointer or focus, in the table or the timeline (both highlight it).
    pub highlighted: Option<String>,
}

/// What changes the details or the highlight.
// A row is larger than the other variants; an action lives for one dispatch, so boxing it would
// only add an allocation per click.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum DetailsAction {
    /// Open a task's details (its log, for CBR, is taken from the page shown).
    Open(TaskRow),
    /// Close the details.
    Close,
    /// The pointer or focus is on this task's row or timeline bar (`None`: on none).
    Highlight(Option<String>),
}

impl Details {
    /// Applies `action`; `false` when it changes nothing.
    pub fn reduce(&mut self, action: DetailsAction) -> bool {
        match action {
            DetailsAction::Open(task) => {
                self.task = Some(task);
                self.log = None;
                true
            }
            DetailsAction::Close => self.close(),
            DetailsAction::Highlight(job_id) => {
                if self.highlighted == job_id {
                    return false;
                }
                self.highlighted = job_id;
                true
            }
        }
    }

    /// Closes the details; `false` if they were not open.
    pub fn close(&mut self) -> bool {
        self.log = None;
        self.task.take().is_some()
    }

    /// Shows the open task as `page` has it now, if the page holds it (with its log, for CBR).
    pub fn follow(&mut self, page: &RowPage) {
        if let Some(open) = &mut self.task {
            if let Some(fresh) = page.rows.iter().find(|row| row.id == open.id) {
                *open = fresh.clone();
                if let Some(log) = page.log(&open.id) {
                    self.log = Some(log.clone());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use vbs_tasks::core::cbr::OpLogStatus;
    use vbs_tasks::core::model::{Task, TaskStatus};
    use vbs_tasks::core::time::Timestamp;

    use super::*;

    fn at() -> Timestamp {
        Timestamp::parse("2026-01-01T00:00:00").unwrap()
    }

    fn task(id: &str, status: TaskStatus) -> TaskRow {
        TaskRow::from(&Task::new(id, status, at()))
    }

    #[test]
    fn open_details_follow_the_page_and_close_once() {
        let mut details = Details::default();
        assert!(!details.close());
        assert!(details.reduce(DetailsAction::Open(task("r", TaskStatus::Running))));
        details.follow(&RowPage::new(1, vec![task("other", TaskStatus::Skip)]));
        assert_eq!(
            details.task.as_ref().map(|t| &t.status),
            Some(&TaskStatus::Running),
            "a page without it leaves it as it was"
        );
        details.follow(&RowPage::new(1, vec![task("r", TaskStatus::ExecuteFail)]));
        assert_eq!(
            details.task.as_ref().map(|t| &t.status),
            Some(&TaskStatus::ExecuteFail)
        );
        assert!(details.reduce(DetailsAction::Close));
        assert!(!details.reduce(DetailsAction::Close));
        assert!(details.reduce(DetailsAction::Highlight(Some("r".into()))));
        assert!(!details.reduce(DetailsAction::Highlight(Some("r".into()))));
        assert!(details.reduce(DetailsAction::Highlight(None)));
    }

    #[test]
    fn a_cbr_task_s_details_carry_its_log_from_the_page() {
        let mut log = OperationLog::new("l1", OpLogStatus::Running, at());
        log.vault_name = Some("vault-a".into());
        let page = RowPage::of_logs(1, vec![log.clone()]);
        let mut details = Details::default();
        assert!(details.reduce(DetailsAction::Open(page.rows[0].clone())));
        assert_eq!(details.log, None, "not until the page is followed");
        details.follow(&page);
        assert_eq!(details.log.as_ref(), Some(&log));
        let mut failed = log.clone();
        failed.status = OpLogStatus::Failed;
        failed.error_info.code = "BackupService.7101".into();
        details.follow(&RowPage::of_logs(1, vec![failed.clone()]));
        assert_eq!(
            details.log.as_ref(),
            Some(&failed),
            "the log follows the page too"
        );
        assert_eq!(
            details.task.as_ref().and_then(|t| t.code.as_deref()),
            Some("BackupService.7101")
        );
        assert!(details.close());
        assert_eq!(details.log, None, "closing forgets the log");
    }
}
