//! The task whose details are open, and the task highlighted in the table and the timeline.
//!
//! A new view closes the details, and a new page of the same view keeps them current (a running
//! task finishes under the reader's eyes): [`super::reduce`] calls [`Details::close`] and
//! [`Details::follow`] for those.

use vbs_tasks::core::model::{Task, TaskPage};

/// The details panel and the highlight.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Details {
    /// The task whose details are open.
    pub task: Option<Task>,
    /// The task under the pointer or focus, in the table or the timeline (both highlight it).
    pub highlighted: Option<String>,
}

/// What changes the details or the highlight.
#[derive(Debug, Clone)]
pub enum DetailsAction {
    /// Open a task's details.
    Open(Task),
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
        self.task.take().is_some()
    }

    /// Shows the open task as `page` has it now, if the page holds it.
    pub fn follow(&mut self, page: &TaskPage) {
        if let Some(open) = &mut self.task {
            if let Some(fresh) = page.tasks.iter().find(|task| task.job_id == open.job_id) {
                *open = fresh.clone();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use vbs_tasks::core::model::TaskStatus;
    use vbs_tasks::core::time::Timestamp;

    use super::*;

    fn task(id: &str, status: TaskStatus) -> Task {
        Task::new(id, status, Timestamp::parse("2026-01-01T00:00:00").unwrap())
    }

    #[test]
    fn open_details_follow_the_page_and_close_once() {
        let mut details = Details::default();
        assert!(!details.close());
        assert!(details.reduce(DetailsAction::Open(task("r", TaskStatus::Running))));
        details.follow(&TaskPage::new(1, vec![task("other", TaskStatus::Skip)]));
        assert_eq!(
            details.task.as_ref().map(|t| &t.status),
            Some(&TaskStatus::Running),
            "a page without it leaves it as it was"
        );
        details.follow(&TaskPage::new(1, vec![task("r", TaskStatus::ExecuteFail)]));
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
}
