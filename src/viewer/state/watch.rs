//! "Watch": tell when a running or waiting task on screen ends. A task ended when a page shows it
//! done that, before, showed it running or waiting ([`Watch::observe`], called by
//! [`super::reduce`] for every page the task view takes).

use vbs_tasks::core::model::TaskStatus;

use crate::rows::RowPage;

/// The most in-page notices kept; older ones drop off.
pub const MAX_ENDED: usize = 5;

/// A watched task that ended on screen.
#[derive(Debug, Clone, PartialEq)]
pub struct Ended {
    /// The task (its notice is dismissed by it).
    pub job_id: String,
    /// How it ended.
    pub status: TaskStatus,
}

/// Whether watch is on, and the tasks that ended under it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Watch {
    /// "Watch" is on.
    pub on: bool,
    /// Tasks that ended under watch, not yet notified or dismissed (newest last).
    pub ended: Vec<Ended>,
}

/// What changes the watch.
#[derive(Debug, Clone)]
pub enum WatchAction {
    /// Turn "Watch" on or off (off forgets the notices).
    Set(bool),
    /// The task with this job ID was notified (desktop) or its notice dismissed.
    Dismiss(String),
}

impl Watch {
    /// Applies `action`; `false` when it changes nothing.
    pub fn reduce(&mut self, action: WatchAction) -> bool {
        match action {
            WatchAction::Set(on) => {
                if self.on == on {
                    return false;
                }
                self.on = on;
                if !on {
                    self.ended.clear();
                }
                true
            }
            WatchAction::Dismiss(job_id) => {
                let before = self.ended.len();
                self.ended.retain(|ended| ended.job_id != job_id);
                self.ended.len() != before
            }
        }
    }

    /// Notes the tasks of `after` that were running or waiting in `before` and are not any more
    /// (while watch is on); keeps the [`MAX_ENDED`] latest notices.
    pub fn observe(&mut self, before: &RowPage, after: &RowPage) {
        if !self.on {
            return;
        }
        for task in &after.rows {
            let was_active = before
                .rows
                .iter()
                .any(|old| old.id == task.id && old.status.is_active());
            if was_active && !task.status.is_active() {
                // One notice per task: a newer end replaces an older one.
                self.ended.retain(|ended| ended.job_id != task.id);
                self.ended.push(Ended {
                    job_id: task.id.clone(),
                    status: task.status.clone(),
                });
            }
        }
        let excess = self.ended.len().saturating_sub(MAX_ENDED);
        self.ended.drain(..excess);
    }
}

#[cfg(test)]
mod tests {
    use vbs_tasks::core::model::Task;
    use vbs_tasks::core::taskrow::TaskRow;
    use vbs_tasks::core::time::Timestamp;

    use super::*;

    fn page(tasks: &[(&str, TaskStatus)]) -> RowPage {
        let at = Timestamp::parse("2026-01-01T00:00:00").unwrap();
        let tasks = tasks
            .iter()
            .map(|(id, status)| TaskRow::from(&Task::new(*id, status.clone(), at)))
            .collect::<Vec<_>>();
        RowPage::new(tasks.len() as u64, tasks)
    }

    #[test]
    fn only_tasks_seen_active_then_done_are_noted_once_each() {
        let before = page(&[
            ("r", TaskStatus::Running),
            ("w", TaskStatus::Waiting),
            ("s", TaskStatus::ExecuteSuccess),
        ]);
        let after = page(&[
            ("r", TaskStatus::ExecuteFail),
            ("w", TaskStatus::Running),
            ("s", TaskStatus::ExecuteSuccess),
            ("new", TaskStatus::ExecuteSuccess),
        ]);
        let mut watch = Watch::default();
        watch.observe(&before, &after);
        assert!(watch.ended.is_empty(), "off: nothing noted");
        assert!(watch.reduce(WatchAction::Set(true)));
        watch.observe(&before, &after);
        assert_eq!(
            watch.ended,
            [Ended {
                job_id: "r".into(),
                status: TaskStatus::ExecuteFail
            }]
        );
        // The same task seen ending again is one notice, not two.
        watch.observe(&before, &after);
        assert_eq!(watch.ended.len(), 1);
        assert!(!watch.reduce(WatchAction::Dismiss("w".into())));
        assert!(watch.reduce(WatchAction::Dismiss("r".into())));
        assert!(watch.ended.is_empty());
        watch.observe(&before, &after);
        assert!(watch.reduce(WatchAction::Set(false)));
        assert!(watch.ended.is_empty(), "off forgets the notices");
        assert!(!watch.reduce(WatchAction::Set(false)));
    }

    mod through_the_state {
        use std::rc::Rc;

        use vbs_tasks::core::model::TaskStatus;
        use vbs_tasks::core::taskrow::TaskRow;

        use crate::state::testing::*;
        use crate::state::watch::MAX_ENDED;
        use crate::state::{reduce, Action, WatchAction};

        fn watch(on: bool) -> Action {
            Action::Watch(WatchAction::Set(on))
        }

        #[test]
        fn watch_tells_when_a_running_or_waiting_task_on_screen_ends() {
            let running = page(
                3,
                vec![
                    task("r", TaskStatus::Running),
                    task("w", TaskStatus::Waiting),
                    task("s", TaskStatus::ExecuteSuccess),
                ],
            );
            let mut done = running.clone();
            done.rows[0].status = TaskStatus::ExecuteFail;
            done.rows[1].status = TaskStatus::Running;
            // Unwatched: nothing is told.
            let shown = loaded(ready(), Ok(running.clone()), 1.0);
            let unwatched = loaded(
                reduce(shown.clone(), Action::Refresh),
                Ok(done.clone()),
                2.0,
            );
            assert!(unwatched.watch.ended.is_empty());
            // Watched: the running task that failed is told; the waiting one that started is not.
            let watched = reduce(shown, watch(true));
            let after = loaded(reduce(watched, Action::Refresh), Ok(done.clone()), 2.0);
            assert_eq!(after.watch.ended.len(), 1);
            assert_eq!(after.watch.ended[0].job_id, "r");
            assert_eq!(after.watch.ended[0].status, TaskStatus::ExecuteFail);
            // Another refresh with the same answer tells nothing new.
            let again = loaded(reduce(after.clone(), Action::Refresh), Ok(done), 3.0);
            assert_eq!(again.watch.ended.len(), 1);
            let dismiss = Action::Watch(WatchAction::Dismiss(after.watch.ended[0].job_id.clone()));
            let dismissed = reduce(after.clone(), dismiss.clone());
            assert!(dismissed.watch.ended.is_empty());
            assert!(Rc::ptr_eq(&reduce(dismissed.clone(), dismiss), &dismissed));
            let off = reduce(after, watch(false));
            assert!(!off.watch.on && off.watch.ended.is_empty());
        }

        #[test]
        fn watch_keeps_only_the_latest_notices() {
            let many: Vec<TaskRow> = (0..8)
                .map(|i| task(&format!("r{i}"), TaskStatus::Running))
                .collect();
            let shown = reduce(loaded(ready(), Ok(page(8, many.clone())), 1.0), watch(true));
            let finished: Vec<TaskRow> = many
                .into_iter()
                .map(|mut t| {
                    t.status = TaskStatus::ExecuteSuccess;
                    t
                })
                .collect();
            let after = loaded(reduce(shown, Action::Refresh), Ok(page(8, finished)), 2.0);
            assert_eq!(after.watch.ended.len(), MAX_ENDED);
            assert_eq!(
                after.watch.ended.last().map(|e| e.job_id.as_str()),
                Some("r7")
            );
        }
    }
}
