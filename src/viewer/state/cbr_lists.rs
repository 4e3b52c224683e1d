//! The vaults and CBR policies of the shown project: the choices of the CBR view's `Vault` and
//! `Policy` filters. Listed when a CBR view is shown through a connection to a project, again
//! when either changes, and again on Refresh after a failure; an answer to an older listing is
//! dropped ([`super::latest`]).

use std::rc::Rc;

use vbs_tasks::core::cbr::{CbrPolicy, Vault};
use vbs_tasks::core::error::Error;

use super::connection::{Connection, Load, PolicyRequest};
use super::latest::{Latest, RequestId};

/// A project's vaults and CBR policies, in the API's order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CbrLists {
    /// The vaults.
    pub vaults: Vec<Vault>,
    /// The backup and replication policies.
    pub policies: Vec<CbrPolicy>,
}

impl CbrLists {
    /// The name of the vault with this ID, when it has one.
    pub fn vault_name(&self, id: &str) -> Option<&str> {
        self.vaults
            .iter()
            .find(|vault| vault.id == id && !vault.name.is_empty())
            .map(|vault| vault.name.as_str())
    }

    /// The name of the CBR policy with this ID, when it has one.
    pub fn policy_name(&self, id: &str) -> Option<&str> {
        self.policies
            .iter()
            .find(|policy| policy.id == id && !policy.name.is_empty())
            .map(|policy| policy.name.as_str())
    }
}

/// What the lists' hook must request.
#[derive(Debug, Clone, PartialEq)]
pub struct CbrListsRequest {
    /// The listing (see [`super::latest`]).
    pub id: RequestId,
    /// Where to send it.
    pub connection: Connection,
    /// The project.
    pub project_id: String,
}

/// The lists of the shown project, and their listings.
#[derive(Debug, Clone, PartialEq)]
pub struct CbrListsState {
    /// Whose lists these are: the connection and project they were asked through.
    key: Option<PolicyRequest>,
    /// The lists.
    pub load: Load<Rc<CbrLists>>,
    requests: Latest,
}

impl Default for CbrListsState {
    fn default() -> Self {
        CbrListsState {
            key: None,
            load: Load::Idle,
            requests: Latest::default(),
        }
    }
}

impl CbrListsState {
    /// The lists are wanted for `key` (a CBR view is shown through it): listed unless they are
    /// in hand or on their way for it.
    pub fn want(&mut self, key: PolicyRequest) {
        if self.key.as_ref() != Some(&key) || matches!(self.load, Load::Idle) {
            self.key = Some(key);
            self.load = Load::Loading;
            self.requests.issue();
        }
    }

    /// Lists again if the last listing failed (Refresh).
    pub fn retry(&mut self) {
        if matches!(self.load, Load::Failed(_)) {
            self.load = Load::Loading;
            self.requests.issue();
        }
    }

    /// The lists of `key`, once they are in.
    pub fn ready(&self, key: Option<&PolicyRequest>) -> Option<&Rc<CbrLists>> {
        match &self.load {
            Load::Ready(lists) if self.key.as_ref() == key => Some(lists),
            _ => None,
        }
    }

    /// How the lists of `key` stand (`Idle` for another key's).
    pub fn load(&self, key: Option<&PolicyRequest>) -> Load<Rc<CbrLists>> {
        if self.key.as_ref() == key {
            self.load.clone()
        } else {
            Load::Idle
        }
    }

    /// The listing the hook must run, while one is on its way.
    pub fn request(&self) -> Option<CbrListsRequest> {
        let (connection, project_id) = self.key.clone()?;
        matches!(self.load, Load::Loading).then(|| CbrListsRequest {
            id: self.requests.id(),
            connection,
            project_id,
        })
    }

    /// Takes the answer of listing `id`; `false` for an older listing's, or an aborted one.
    pub fn loaded(&mut self, id: RequestId, result: Result<CbrLists, Error>) -> bool {
        if !self.requests.accepts(id) || !matches!(self.load, Load::Loading) {
            return false;
        }
        self.load = match result {
            Err(error) if error.is_aborted() => return false,
            Err(error) => Load::Failed(error),
            Ok(lists) => Load::Ready(Rc::new(lists)),
        };
        true
    }
}

#[cfg(test)]
mod tests {
    use vbs_tasks::core::cbr::{CbrPolicy, Vault};

    use super::*;

    fn key(project: &str) -> PolicyRequest {
        (Connection::default(), project.to_owned())
    }

    fn lists() -> CbrLists {
        CbrLists {
            vaults: vec![Vault::new("v1", "vault-one"), Vault::new("v2", "")],
            policies: vec![CbrPolicy::new("p1", "daily")],
        }
    }

    #[test]
    fn lists_are_asked_once_per_project_and_only_the_latest_answer_is_taken() {
        let mut state = CbrListsState::default();
        assert_eq!(state.request(), None, "not wanted yet");
        state.want(key("a"));
        let first = state.request().expect("asked");
        assert_eq!(first.project_id, "a");
        state.want(key("a"));
        assert_eq!(
            state.request(),
            Some(first.clone()),
            "the same listing goes on"
        );
        state.want(key("b"));
        let second = state.request().expect("asked for b");
        assert!(second.id > first.id);
        assert!(!state.loaded(first.id, Ok(lists())), "a's answer is stale");
        assert!(state.ready(Some(&key("b"))).is_none());
        assert!(!state.loaded(second.id, Err(Error::aborted())));
        assert!(state.loaded(second.id, Ok(lists())));
        assert_eq!(state.request(), None, "in hand");
        let ready = state.ready(Some(&key("b"))).expect("b's lists");
        assert_eq!(ready.vault_name("v1"), Some("vault-one"));
        assert_eq!(ready.vault_name("v2"), None, "no name");
        assert_eq!(ready.policy_name("p1"), Some("daily"));
        assert!(state.ready(Some(&key("a"))).is_none(), "not a's");
        assert_eq!(state.load(Some(&key("a"))), Load::Idle);
        state.want(key("b"));
        assert_eq!(state.request(), None, "b's are in hand: not asked again");
    }

    #[test]
    fn a_failed_listing_is_asked_again_on_retry_only() {
        let mut state = CbrListsState::default();
        state.want(key("a"));
        let first = state.request().unwrap();
        assert!(state.loaded(first.id, Err(Error::http(503, None, None))));
        assert!(matches!(state.load(Some(&key("a"))), Load::Failed(_)));
        assert_eq!(state.request(), None);
        state.retry();
        let again = state.request().expect("asked again");
        assert!(again.id > first.id);
        assert!(state.loaded(again.id, Ok(lists())));
        state.retry();
        assert_eq!(state.request(), None, "nothing failed: nothing asked");
    }
}
