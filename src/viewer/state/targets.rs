//! The choice among the server's targets, where it touches several concerns: the target a boot
//! opens, switching to another (from the `Target` control, the glance or Back/Forward), and what
//! a switch means for the rest of the page (nothing of the other target's answers stays).

use super::connection::{Connection, ConnectionState, Load};
use super::export::ExportAction;
use super::tasks::{TasksAction, UrlWrite};
use super::State;
use crate::route::View;
use vbs_tasks::core::taskrow::Service;

impl State {
    /// Connects at boot: to the target the link names (else the first) when the server answers
    /// for several, the link's view completed with it.
    pub(super) fn boot_connect(&mut self, connection: Connection) {
        let target = self
            .connection
            .resolve_target(self.tasks.view.target.as_deref())
            .cloned();
        let connection = match &target {
            Some(target) => ConnectionState::to_target(&connection, target),
            None => connection,
        };
        self.connect(connection, None, target.map(|target| target.name));
    }

    /// Shows another of the server's targets, named `name`, and `policy_id` there (else its
    /// first policy, once listed): a new view of its project, unfiltered, in the same order and
    /// page size, with a history entry. `false` when there is no such other target.
    pub(super) fn switch_target(&mut self, name: &str, policy_id: Option<String>) -> bool {
        if self.tasks.view.target.as_deref() == Some(name) || !self.connection.has_several_targets()
        {
            return false;
        }
        let (Some(connection), Some(target)) =
            (&self.connection.connection, self.connection.target(name))
        else {
            return false;
        };
        let connection = ConnectionState::to_target(connection, target);
        // Filters belong to a policy's tasks: another target starts unfiltered, in the same
        // service when it serves it and no VBS policy is asked for.
        let service = match policy_id {
            None => self.tasks.view.service,
            Some(_) => Service::Vbs,
        };
        let mut view = View {
            target: Some(target.name.clone()),
            service,
            project_id: target.project_id.clone(),
            policy_id,
            order: self.tasks.view.order,
            page_size: self.tasks.view.page_size,
            ..View::default()
        };
        self.fit_service(&mut view, &connection);
        self.enter_target(connection, view, UrlWrite::Push);
        true
    }

    /// The URL changed under the page (Back/Forward): its view, through the target it names
    /// (the first if it names none the server has) when there is a choice.
    pub(super) fn navigate(&mut self, mut view: View) -> bool {
        let target = self
            .connection
            .resolve_target(view.target.as_deref())
            .cloned();
        view.target = target.as_ref().map(|target| target.name.clone());
        match (&target, &self.connection.connection) {
            (Some(target), Some(connection)) if view.target != self.tasks.view.target => {
                let connection = ConnectionState::to_target(connection, target);
                if view.project_id.is_empty() {
                    view.project_id = target.project_id.clone();
                }
                self.fit_service(&mut view, &connection);
                self.enter_target(connection, view, UrlWrite::Replace);
                true
            }
            _ => {
                if let Some(connection) = self.connection.connection.clone() {
                    self.fit_service(&mut view, &connection);
                }
                self.navigate_within(view)
            }
        }
    }

    /// Back/Forward within the shown target.
    fn navigate_within(&mut self, view: View) -> bool {
        match self
            .tasks
            .reduce(TasksAction::Navigate(view), self.connected())
        {
            Some(change) => {
                self.after_task_change(change);
                true
            }
            None => false,
        }
    }

    /// Drops what the shown view's answers left, before another target or service is shown: its
    /// overview, glance, export (cancelled, its requests aborted), rows and kept pages. Their late
    /// answers carry stale ids.
    pub(super) fn leave_shown_answers(&mut self) {
        self.overview.forget();
        self.glance.close();
        let can_request = self.task_request().is_some();
        let shown_count = self.tasks.count();
        self.export.reduce(
            ExportAction::Cancel,
            &self.tasks.view,
            can_request,
            shown_count,
        );
        self.tasks.forget_answers();
    }

    /// Replaces the connection and the view with another target's: nothing of the other
    /// target's stays (its rows, counts, details, glance and export go; their late answers carry
    /// stale ids), and its policies are listed.
    fn enter_target(&mut self, connection: Connection, view: View, url_write: UrlWrite) {
        self.leave_shown_answers();
        self.connection.connection = Some(connection);
        let change = self.tasks.show(view, url_write, true);
        self.after_task_change(change);
        self.connection.policies = Load::Loading;
    }
}
