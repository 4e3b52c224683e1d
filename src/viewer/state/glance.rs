//! "Policies at a glance": a line per policy (its latest task and its counts per status), shown
//! instead of the tasks and filled in as answers arrive.
//!
//! It covers the shown project's policies, or, when the server answers for several targets,
//! every policy of every target: the round then lists each target's policies itself, and a
//! target whose list fails keeps its error on its own line while the others fill in. Lines are
//! kept by target and policy, so two targets' policies of the same id never mix.
//!
//! In a CBR view it is "Vaults at a glance": a line per vault (its latest task and its counts per
//! status within the view's time range and filters), of the shown project or of every target
//! that serves CBR; opening a vault shows the CBR view filtered by it.
//!
//! Refresh starts a new round while it is shown, opening it closes the details, and opening a
//! policy from it shows that policy's tasks (switching target if need be): those touch other
//! concerns and are done by [`super::reduce`].

use std::rc::Rc;

use vbs_tasks::core::cbr::{OpLogQuery, Vault};
use vbs_tasks::core::error::Error;
use vbs_tasks::core::model::Policy;
use vbs_tasks::core::taskrow::TaskRow;
use vbs_tasks::viewer_config::TargetInfo;

use super::connection::{Connection, ConnectionState};
use super::latest::{Latest, RequestId};
use crate::insights::stats::StatusCounts;

/// One policy's line: its latest task and its counts per status.
#[derive(Debug, Clone, PartialEq)]
pub struct GlanceRow {
    /// The newest task (`None`: the policy has none).
    pub latest: Option<TaskRow>,
    /// Tasks per status, from `count`.
    pub counts: StatusCounts,
}

/// A target's policy list as a round of the glance has it: the policies, or why there are none.
pub type TargetList = Result<Rc<Vec<Policy>>, Error>;

/// A target's vault list as a CBR round of the glance has it.
pub type VaultList = Result<Rc<Vec<Vault>>, Error>;

/// What a line of the glance is of: a VBS policy or a CBR vault.
pub trait Line {
    /// Its ID, by which its answer is kept.
    fn line_id(&self) -> &str;
}

impl Line for Policy {
    fn line_id(&self) -> &str {
        &self.id
    }
}

impl Line for Vault {
    fn line_id(&self) -> &str {
        &self.id
    }
}

/// Which line: a policy of a target (`""` for the only one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlanceKey {
    /// The target's name; `""` when the glance covers the shown project only.
    pub target: String,
    /// The policy.
    pub policy_id: String,
}

/// A round of the glance: the answers so far.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Glance {
    /// The round of requests; answers for another round are dropped.
    pub id: RequestId,
    /// Each target's policy list, by target name, once it answered (across targets only).
    lists: Vec<(String, TargetList)>,
    /// Each target's vault list, by target name, once it answered (CBR, across targets only).
    vault_lists: Vec<(String, VaultList)>,
    /// The answers so far, by target and policy (an error for a policy that failed), in arrival
    /// order: a few targets of a few dozen policies at most, a scan finds one.
    rows: Vec<(GlanceKey, Result<GlanceRow, Error>)>,
}

/// A target's part of the glance, as shown: a heading and its policies' lines.
#[derive(Debug, Clone, PartialEq)]
pub struct GlanceSection {
    /// The target, when the glance covers several (its heading line); `None` for the shown
    /// project alone (no heading).
    pub target: Option<TargetInfo>,
    /// Its policies; `None` while they are being listed (or in a CBR round).
    pub policies: Option<TargetList>,
    /// Its vaults, in a CBR round; `None` while they are being listed (or in a VBS round).
    pub vaults: Option<VaultList>,
}

impl GlanceSection {
    /// The target's name as lines are keyed (`""` without a heading).
    pub fn target_name(&self) -> &str {
        self.target
            .as_ref()
            .map_or("", |target| target.name.as_str())
    }
}

impl Glance {
    /// A new round with no answers yet.
    pub fn new(id: RequestId) -> Self {
        Glance {
            id,
            lists: Vec::new(),
            vault_lists: Vec::new(),
            rows: Vec::new(),
        }
    }

    /// The answer for `policy_id` of `target`, if it came.
    pub fn row(&self, target: &str, policy_id: &str) -> Option<&Result<GlanceRow, Error>> {
        self.rows
            .iter()
            .find(|(key, _)| key.target == target && key.policy_id == policy_id)
            .map(|(_, row)| row)
    }

    /// Keeps the answer for `policy_id` of `target` (a later one replaces an earlier one).
    pub fn set_row(&mut self, target: String, policy_id: String, answer: Result<GlanceRow, Error>) {
        match self
            .rows
            .iter_mut()
            .find(|(key, _)| key.target == target && key.policy_id == policy_id)
        {
            Some((_, row)) => *row = answer,
            None => self.rows.push((GlanceKey { target, policy_id }, answer)),
        }
    }

    /// The policy list of `target`, once it answered.
    pub fn list(&self, target: &str) -> Option<&TargetList> {
        self.lists
            .iter()
            .find(|(name, _)| name == target)
            .map(|(_, list)| list)
    }

    /// Keeps the policy list of `target` (a later one replaces an earlier one).
    fn set_list(&mut self, target: String, list: TargetList) {
        match self.lists.iter_mut().find(|(name, _)| *name == target) {
            Some((_, known)) => *known = list,
            None => self.lists.push((target, list)),
        }
    }

    /// Keeps the vault list of `target` (a later one replaces an earlier one).
    fn set_vault_list(&mut self, target: String, list: VaultList) {
        match self
            .vault_lists
            .iter_mut()
            .find(|(name, _)| *name == target)
        {
            Some((_, known)) => *known = list,
            None => self.vault_lists.push((target, list)),
        }
    }

    /// One section per target, in the server's order, each with its list as far as it came.
    pub fn sections(&self, targets: &[TargetInfo]) -> Vec<GlanceSection> {
        targets
            .iter()
            .map(|target| GlanceSection {
                target: Some(target.clone()),
                policies: self.list(&target.name).cloned(),
                vaults: None,
            })
            .collect()
    }

    /// One section per target of a CBR round (those that serve CBR), each with its vaults as far
    /// as they came.
    pub fn vault_sections(&self, targets: &[&TargetInfo]) -> Vec<GlanceSection> {
        targets
            .iter()
            .map(|target| GlanceSection {
                target: Some((*target).clone()),
                policies: None,
                vaults: self
                    .vault_lists
                    .iter()
                    .find(|(name, _)| *name == target.name)
                    .map(|(_, list)| list.clone()),
            })
            .collect()
    }

    /// How many policies have answered.
    #[cfg(test)]
    pub fn answered(&self) -> usize {
        self.rows.len()
    }

    /// The policies of `target` in the order to show them: those whose latest task failed or
    /// timed out first, then those still loading or in error, then the rest; each group in list
    /// order.
    pub fn order<'a, L: Line>(&self, target: &str, policies: &'a [L]) -> Vec<&'a L> {
        let rank = |policy: &L| match self.row(target, policy.line_id()) {
            Some(Ok(row)) if row.latest.as_ref().is_some_and(|t| t.status.is_failure()) => 0,
            Some(Err(_)) => 1,
            None => 2,
            Some(Ok(_)) => 3,
        };
        // Group by group, each in list order: what a stable sort by rank gives, without
        // shipping a stable sort (~3.5 KB of wasm) for a handful of policies.
        (0..4)
            .flat_map(|group| policies.iter().filter(move |policy| rank(policy) == group))
            .collect()
    }
}

/// What the glance hook must request: a round over one or more targets.
#[derive(Debug, Clone, PartialEq)]
pub struct GlanceRequest {
    /// The round.
    pub id: RequestId,
    /// The targets to look at, in the order to list them.
    pub targets: Vec<GlanceTargetRequest>,
}

/// What the glance hook must request of one target.
#[derive(Debug, Clone, PartialEq)]
pub struct GlanceTargetRequest {
    /// The target's name, reported back with its answers (`""` for the shown project alone).
    pub target: String,
    /// Where to send the requests.
    pub connection: Connection,
    /// The project.
    pub project_id: String,
    /// The policies (a CBR round: the vaults) to look at, when their list is in hand; `None`:
    /// list them first (and report the list, [`GlanceAction::Listed`] or
    /// [`GlanceAction::VaultsListed`]).
    pub policy_ids: Option<Vec<String>>,
    /// A CBR round: the filter each vault's line is counted in (its time range at the view's
    /// "now"); the hook adds the vault, and each status.
    pub cbr: Option<OpLogQuery>,
}

/// The glance, while it is shown, and its rounds of requests.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GlanceState {
    /// The round shown; `None` while the tasks are shown instead.
    pub round: Option<Glance>,
    requests: Latest,
}

/// What changes the glance.
// A line's answer (a whole task) is larger than the other variants; an action lives for one
// dispatch, so boxing it would only add an allocation per answer.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum GlanceAction {
    /// Show "Policies at a glance" (a new round of requests), or go back to the tasks.
    Show(bool),
    /// A target's policy list arrived (across targets).
    Listed {
        /// The round.
        id: RequestId,
        /// The target.
        target: String,
        /// Its policies, or why there are none.
        result: Result<Vec<Policy>, Error>,
    },
    /// A target's vault list arrived (a CBR round across targets).
    VaultsListed {
        /// The round.
        id: RequestId,
        /// The target.
        target: String,
        /// Its vaults, or why there are none.
        result: Result<Vec<Vault>, Error>,
    },
    /// A policy's (or vault's) line arrived.
    Loaded {
        /// The round.
        id: RequestId,
        /// The target (`""` for the shown project alone).
        target: String,
        /// The policy.
        policy_id: String,
        /// Its latest task and counts, or why there are none.
        result: Result<GlanceRow, Error>,
    },
}

impl GlanceState {
    /// Whether the glance is shown (asked for; see [`super::State::shown_glance`] for whether
    /// it replaces the tasks yet).
    pub fn is_open(&self) -> bool {
        self.round.is_some()
    }

    /// Starts a round, every line loading.
    pub fn new_round(&mut self) {
        self.round = Some(Glance::new(self.requests.issue()));
    }

    /// Goes back to the tasks.
    pub fn close(&mut self) {
        self.round = None;
    }

    /// The round the hook must run: while the glance is shown, through a connection, for the
    /// project's policies once they are in.
    pub fn request(
        &self,
        connection: Option<&Connection>,
        project_id: &str,
        policies: Option<&Rc<Vec<Policy>>>,
    ) -> Option<GlanceRequest> {
        let round = self.round.as_ref()?;
        let connection = connection?.clone();
        let list = policies?;
        if project_id.is_empty() {
            return None;
        }
        Some(GlanceRequest {
            id: round.id,
            targets: vec![GlanceTargetRequest {
                target: String::new(),
                connection,
                project_id: project_id.to_owned(),
                policy_ids: Some(list.iter().map(|policy| policy.id.clone()).collect()),
                cbr: None,
            }],
        })
    }

    /// The round the hook must run across `targets`: while the glance is shown, through a
    /// connection (its credentials, each target's endpoint and project), every target listed.
    pub fn request_across(
        &self,
        connection: Option<&Connection>,
        targets: &[TargetInfo],
    ) -> Option<GlanceRequest> {
        let round = self.round.as_ref()?;
        let connection = connection?;
        Some(GlanceRequest {
            id: round.id,
            targets: targets
                .iter()
                .map(|target| GlanceTargetRequest {
                    target: target.name.clone(),
                    connection: ConnectionState::to_target(connection, target),
                    project_id: target.project_id.clone(),
                    policy_ids: None,
                    cbr: None,
                })
                .collect(),
        })
    }

    /// The CBR round the hook must run: while the glance is shown, through a connection, each of
    /// `targets` (`None`: the shown project alone, whose `vaults` are in hand), every vault's line
    /// counted in `filter`.
    pub fn request_vaults(
        &self,
        connection: Option<&Connection>,
        project_id: &str,
        targets: Option<&[&TargetInfo]>,
        vaults: Option<&[Vault]>,
        filter: OpLogQuery,
    ) -> Option<GlanceRequest> {
        let round = self.round.as_ref()?;
        let connection = connection?;
        let targets = match targets {
            Some(targets) => targets
                .iter()
                .map(|target| GlanceTargetRequest {
                    target: target.name.clone(),
                    connection: ConnectionState::to_target(connection, target),
                    project_id: target.project_id.clone(),
                    policy_ids: None,
                    cbr: Some(filter.clone()),
                })
                .collect(),
            None if !project_id.is_empty() => vec![GlanceTargetRequest {
                target: String::new(),
                connection: connection.clone(),
                project_id: project_id.to_owned(),
                policy_ids: Some(vaults?.iter().map(|vault| vault.id.clone()).collect()),
                cbr: Some(filter),
            }],
            None => return None,
        };
        Some(GlanceRequest {
            id: round.id,
            targets,
        })
    }

    /// The round shown, if an answer of round `id` (failed with `error`, if so) is to be kept
    /// in it: not for another round, not when the glance is closed, not an aborted request.
    fn current_round(&mut self, id: RequestId, error: Option<&Error>) -> Option<&mut Glance> {
        if !self.requests.accepts(id) || error.is_some_and(Error::is_aborted) {
            return None;
        }
        self.round.as_mut()
    }

    /// Applies `action`; `false` when it changes nothing.
    pub fn reduce(&mut self, action: GlanceAction) -> bool {
        match action {
            GlanceAction::Show(open) => {
                if self.is_open() == open {
                    return false;
                }
                if open {
                    self.new_round();
                } else {
                    self.close();
                }
                true
            }
            GlanceAction::Listed { id, target, result } => {
                match self.current_round(id, result.as_ref().err()) {
                    Some(round) => {
                        round.set_list(target, result.map(Rc::new));
                        true
                    }
                    None => false,
                }
            }
            GlanceAction::VaultsListed { id, target, result } => {
                match self.current_round(id, result.as_ref().err()) {
                    Some(round) => {
                        round.set_vault_list(target, result.map(Rc::new));
                        true
                    }
                    None => false,
                }
            }
            GlanceAction::Loaded {
                id,
                target,
                policy_id,
                result,
            } => match self.current_round(id, result.as_ref().err()) {
                Some(round) => {
                    round.set_row(target, policy_id, result);
                    true
                }
                None => false,
            },
        }
    }
}

#[cfg(test)]
mod tests;
