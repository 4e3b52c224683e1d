//! The choice between the APIs a target serves (VBS, CBR), where it touches several concerns:
//! which services the shown target offers, a link's service fitted to them, switching service
//! (nothing of the other service's answers stays), and the vault and policy lists a CBR view's
//! filters need.

use vbs_tasks::core::taskrow::Service;
use vbs_tasks::viewer_config::{TargetInfo, SERVICE_CBR, SERVICE_VBS};

use std::rc::Rc;

use super::cbr_lists::{CbrLists, CbrListsRequest};
use super::connection::{Connection, Load};
use super::fetch::instant;
use super::glance::{Glance, GlanceRequest, GlanceSection};
use super::tasks::{TasksAction, UrlWrite};
use super::State;
use crate::route::{CbrFilter, View};

/// The name of a service in a target's `services`.
fn service_name(service: Service) -> &'static str {
    match service {
        Service::Cbr => SERVICE_CBR,
        _ => SERVICE_VBS,
    }
}

impl State {
    /// The server's target that requests through `connection` reach, for a view of `target`:
    /// the one it names, else (one target, or a connection from the settings panel) the one
    /// whose endpoint the connection has.
    fn target_of(&self, target: Option<&str>, connection: &Connection) -> Option<&TargetInfo> {
        match target {
            Some(name) => self.connection.target(name),
            None => self
                .connection
                .targets
                .iter()
                .find(|info| info.endpoint == connection.endpoint),
        }
    }

    /// Whether the shown target serves `service`. A target that lists no services, and a
    /// connection to no target of the server's (no server config, or an endpoint of the
    /// settings panel), serve VBS only.
    pub fn serves(&self, service: Service) -> bool {
        let Some(connection) = &self.connection.connection else {
            return service == Service::Vbs;
        };
        self.serves_through(self.tasks.view.target.as_deref(), connection, service)
    }

    fn serves_through(
        &self,
        target: Option<&str>,
        connection: &Connection,
        service: Service,
    ) -> bool {
        match self.target_of(target, connection) {
            Some(info) if !info.services.is_empty() => info
                .services
                .iter()
                .any(|name| name == service_name(service)),
            _ => service == Service::Vbs,
        }
    }

    /// Whether the `Service` control is offered: the shown target serves both.
    pub fn offers_service_choice(&self) -> bool {
        self.serves(Service::Vbs) && self.serves(Service::Cbr)
    }

    /// A view's service made one its target serves through `connection`: a link's CBR view of
    /// a target without CBR opens that target's VBS view.
    pub(super) fn fit_service(&self, view: &mut View, connection: &Connection) {
        if view.service != Service::Vbs
            && !self.serves_through(view.target.as_deref(), connection, view.service)
        {
            *view = View {
                target: view.target.clone(),
                project_id: view.project_id.clone(),
                page_size: view.page_size,
                ..View::default()
            };
        }
    }

    /// Shows `service`'s tasks of the shown target: a fresh view (VBS opens the first policy
    /// listed), in the same page size, with a history entry; the other service's rows, kept
    /// pages, overview, glance and export go, as when switching target. `false` when it is the
    /// shown service or one the target does not serve.
    pub(super) fn select_service(&mut self, service: Service) -> bool {
        if self.tasks.view.service == service || !self.serves(service) {
            return false;
        }
        let first_policy = match (&self.connection.policies, service) {
            (Load::Ready(list), Service::Vbs) => list.first().map(|policy| policy.id.clone()),
            _ => None,
        };
        let view = View {
            target: self.tasks.view.target.clone(),
            service,
            project_id: self.tasks.view.project_id.clone(),
            policy_id: first_policy,
            page_size: self.tasks.view.page_size,
            ..View::default()
        };
        self.leave_shown_answers();
        let connected = self.connected();
        let change = self.tasks.show(view, UrlWrite::Push, connected);
        self.after_task_change(change);
        true
    }

    /// A CBR view is shown: its project's vaults and policies are listed (once per connection
    /// and project).
    pub(super) fn want_cbr_lists(&mut self) {
        if !self.tasks.view.is_cbr() {
            return;
        }
        if let Some(key) = self.policy_request() {
            self.cbr_lists.want(key);
        }
    }

    /// The listing of vaults and CBR policies the hook must run.
    pub fn cbr_lists_request(&self) -> Option<CbrListsRequest> {
        self.cbr_lists.request()
    }

    /// The shown project's vaults and CBR policies, as far as they are.
    pub fn cbr_lists_load(&self) -> Load<Rc<CbrLists>> {
        self.cbr_lists.load(self.policy_request().as_ref())
    }

    /// The shown project's vaults, once listed (for the CBR glance of one target).
    pub(super) fn shown_vaults(&self) -> Option<Rc<CbrLists>> {
        self.cbr_lists
            .ready(self.policy_request().as_ref())
            .cloned()
    }

    /// The targets a CBR glance across targets covers: those that serve CBR, in the server's
    /// order.
    fn cbr_targets(&self) -> Vec<&TargetInfo> {
        self.connection
            .targets
            .iter()
            .filter(|target| target.services.iter().any(|name| name == SERVICE_CBR))
            .collect()
    }

    /// The CBR glance's round: each vault's line counted in the view's filters (not its
    /// status, vault or policy), its time range at the view's "now".
    pub(super) fn vault_glance_request(&self) -> Option<GlanceRequest> {
        let view = &self.tasks.view;
        let filter = CbrFilter {
            vault_id: None,
            policy_id: None,
            ..view.cbr.clone()
        }
        .query(None, instant(self.tasks.anchor_ms));
        let connection = self.connection.connection.as_ref();
        if self.glance_across_targets() {
            let targets = self.cbr_targets();
            return self.glance.request_vaults(
                connection,
                &view.project_id,
                Some(&targets),
                None,
                filter,
            );
        }
        let lists = self.shown_vaults()?;
        self.glance.request_vaults(
            connection,
            &view.project_id,
            None,
            Some(&lists.vaults),
            filter,
        )
    }

    /// The CBR glance's sections: a heading per target that serves CBR, or the shown project's
    /// vaults without one.
    pub(super) fn vault_sections(&self, round: &Glance) -> Option<Vec<GlanceSection>> {
        if self.glance_across_targets() {
            return Some(round.vault_sections(&self.cbr_targets()));
        }
        let lists = self.shown_vaults()?;
        Some(vec![GlanceSection {
            target: None,
            policies: None,
            vaults: Some(Ok(Rc::new(lists.vaults.clone()))),
        }])
    }

    /// Shows the CBR view of `target` (`""`: the shown one) filtered by `vault_id` (the glance
    /// closes); `false` when there is no such target serving CBR.
    pub(super) fn open_vault(&mut self, target: &str, vault_id: String) -> bool {
        let elsewhere = !target.is_empty() && self.tasks.view.target.as_deref() != Some(target);
        if elsewhere && !self.switch_target(target, None) {
            return false;
        }
        if !self.tasks.view.is_cbr() {
            return false;
        }
        let connected = self.connected();
        if let Some(change) = self
            .tasks
            .reduce(TasksAction::SetVault(Some(vault_id)), connected)
        {
            self.after_task_change(change);
        }
        self.glance.close();
        true
    }
}
