//! What a CBR task list needs around it (contract §8): the vaults (`GET /v3/{project_id}/vaults`)
//! and the policies (`GET /v3/{project_id}/policies`), to filter tasks by vault or by policy.
//! Only the members a viewer or a client shows are kept; the decoder skips the rest, and reads
//! with the same rules as the task list.

use super::model::ResourceType;
use super::query::MAX_LIMIT;
use crate::core::error::Error;
use crate::core::query::query_string;
use crate::core::read::cbr_lists;
use crate::core::time::Timestamp;

/// The query of `GET /v3/{project_id}/vaults`: the filters a task view needs (§8 step 2).
///
/// ```
/// use vbs_tasks::core::cbr::VaultQuery;
/// let query = VaultQuery::new().policy_id("pol-1").limit(1000);
/// assert_eq!(query.to_query_string(), "limit=1000&policy_id=pol-1");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct VaultQuery {
    limit: Option<u32>,
    name: Option<String>,
    offset: Option<u32>,
    policy_id: Option<String>,
}

impl VaultQuery {
    /// No filter: the first page of every vault.
    pub fn new() -> Self {
        Self::default()
    }

    /// Only the vaults this policy is applied to.
    pub fn policy_id(mut self, policy_id: impl Into<String>) -> Self {
        self.policy_id = Some(policy_id.into());
        self
    }

    /// Only vaults of this name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Page size, 1–1000 (the service's default is 1000).
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit);
        self
    }

    /// Vaults to skip.
    pub fn offset(mut self, offset: u32) -> Self {
        self.offset = Some(offset);
        self
    }

    /// Refuses a page size outside 1–1000 and an empty filter, before any request.
    pub fn validate(&self) -> Result<(), Error> {
        if let Some(limit) = self.limit.filter(|limit| !(1..=MAX_LIMIT).contains(limit)) {
            return Err(Error::invalid_input(
                "limit",
                format!("must be from 1 to {MAX_LIMIT}, got {limit}"),
            ));
        }
        non_empty("name", &self.name)?;
        non_empty("policy_id", &self.policy_id)
    }

    /// The parameters that are set, alphabetically, unencoded.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::with_capacity(4);
        pairs.extend(self.limit.map(|limit| ("limit", limit.to_string())));
        pairs.extend(self.name.clone().map(|name| ("name", name)));
        pairs.extend(self.offset.map(|offset| ("offset", offset.to_string())));
        pairs.extend(self.policy_id.clone().map(|id| ("policy_id", id)));
        pairs
    }

    /// The encoded query string (without `?`).
    pub fn to_query_string(&self) -> String {
        query_string(&self.to_pairs())
    }
}

/// The query of `GET /v3/{project_id}/policies`: its two filters (§8 step 1). The list has no
/// paging.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CbrPolicyQuery {
    operation_type: Option<String>,
    vault_id: Option<String>,
}

/// The values of [`CbrPolicyQuery::operation_type`].
pub const POLICY_OPERATION_TYPES: [&str; 2] = ["backup", "replication"];

impl CbrPolicyQuery {
    /// Every policy.
    pub fn new() -> Self {
        Self::default()
    }

    /// Only `backup` or only `replication` policies.
    pub fn operation_type(mut self, operation_type: impl Into<String>) -> Self {
        self.operation_type = Some(operation_type.into());
        self
    }

    /// Only the policies applied to this vault.
    pub fn vault_id(mut self, vault_id: impl Into<String>) -> Self {
        self.vault_id = Some(vault_id.into());
        self
    }

    /// Refuses an operation type other than `backup` or `replication`, and an empty vault ID.
    pub fn validate(&self) -> Result<(), Error> {
        if let Some(kind) = &self.operation_type {
            if !POLICY_OPERATION_TYPES.contains(&kind.as_str()) {
                return Err(Error::invalid_input(
                    "operation_type",
                    "must be backup or replication",
                ));
            }
        }
        non_empty("vault_id", &self.vault_id)
    }

    /// The parameters that are set, alphabetically, unencoded.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::with_capacity(2);
        pairs.extend(self.operation_type.clone().map(|t| ("operation_type", t)));
        pairs.extend(self.vault_id.clone().map(|id| ("vault_id", id)));
        pairs
    }

    /// The encoded query string (without `?`).
    pub fn to_query_string(&self) -> String {
        query_string(&self.to_pairs())
    }
}

fn non_empty(field: &'static str, value: &Option<String>) -> Result<(), Error> {
    match value {
        Some(value) if value.trim().is_empty() => {
            Err(Error::invalid_input(field, "must not be empty"))
        }
        _ => Ok(()),
    }
}

/// A vault: where a resource's backups are kept, bound to at most one backup policy.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Vault {
    /// Vault ID.
    pub id: String,
    /// Name.
    pub name: String,
    /// Its project.
    pub project_id: String,
    /// What kind of resources it backs up (contract §3.6).
    pub provider_id: String,
    /// Its enterprise project, when the service says.
    pub enterprise_project_id: Option<String>,
    /// When it was created.
    pub created_at: Option<Timestamp>,
    /// Capacity and state.
    pub billing: Option<VaultBilling>,
    /// The resources bound to it.
    pub resources: Vec<VaultResource>,
}

/// A vault's capacity and state (`billing`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct VaultBilling {
    /// `server`, `disk`, `turbo`, `workspace`, `vmware`, `rds`, `file`, … as written.
    pub object_type: Option<String>,
    /// `backup` or `replication`, as written.
    pub protect_type: Option<String>,
    /// `available`, `lock`, `frozen`, `deleting`, `error`, … as written.
    pub status: Option<String>,
    /// Capacity in GB.
    pub size: Option<u64>,
    /// Space used, in MB as the service counts it.
    pub used: Option<u64>,
}

/// A resource bound to a vault.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct VaultResource {
    /// Resource ID.
    pub id: String,
    /// Name, when given.
    pub name: Option<String>,
    /// Its type (`OS::Cinder::Volume`, …; unknown types kept as written).
    pub resource_type: ResourceType,
    /// Its protection state (`available`, `error`, `protecting`, …), when given.
    pub protect_status: Option<String>,
}

impl VaultResource {
    /// A resource of this type, for servers, fixtures and tests.
    pub fn new(id: impl Into<String>, resource_type: ResourceType) -> Self {
        VaultResource {
            id: id.into(),
            name: None,
            resource_type,
            protect_status: None,
        }
    }
}

impl Vault {
    /// A vault with an ID and a name, for servers, fixtures and tests.
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Self {
        Vault {
            id: id.into(),
            name: name.into(),
            ..Vault::default()
        }
    }
}

/// One page of vaults.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct VaultList {
    /// How many vaults match in all.
    pub count: u64,
    /// This page's vaults.
    pub vaults: Vec<Vault>,
    /// The effective page size, when echoed.
    pub limit: Option<u32>,
    /// The effective offset, when echoed.
    pub offset: Option<u32>,
}

impl VaultList {
    /// Decodes a 200 body of `GET …/vaults`; a wrong member is a decode error naming its path.
    pub fn from_json(body: &[u8]) -> Result<Self, Error> {
        cbr_lists::read_vaults(crate::core::model::utf8(body)?)
    }
}

/// A CBR policy: when backups (or replications) run, for which vaults.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct CbrPolicy {
    /// Policy ID.
    pub id: String,
    /// Name.
    pub name: String,
    /// `backup` or `replication`, as written.
    pub operation_type: String,
    /// Whether it runs.
    pub enabled: bool,
    /// `custom_policy`, `organization_policy_v1`, …, when given.
    pub policy_type: Option<String>,
    /// The vaults it is applied to.
    pub associated_vaults: Vec<AssociatedVault>,
}

impl CbrPolicy {
    /// A policy with an ID and a name, for servers, fixtures and tests.
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Self {
        CbrPolicy {
            id: id.into(),
            name: name.into(),
            ..CbrPolicy::default()
        }
    }
}

/// A vault a policy is applied to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct AssociatedVault {
    /// The vault.
    pub vault_id: String,
    /// For a replication policy, where replicas go.
    pub destination_vault_id: Option<String>,
}

/// The policy list (it has no paging).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct CbrPolicyList {
    /// How many policies there are.
    pub count: u64,
    /// The policies.
    pub policies: Vec<CbrPolicy>,
}

impl CbrPolicyList {
    /// Decodes a 200 body of `GET …/policies`; a wrong member is a decode error naming its path.
    pub fn from_json(body: &[u8]) -> Result<Self, Error> {
        cbr_lists::read_policies(crate::core::model::utf8(body)?)
    }
}

#[cfg(test)]
mod tests;
