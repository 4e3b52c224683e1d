//! The request side of CBR's task list: [`OpLogQuery`] (the query string of
//! `GET /v3/{project_id}/operation-logs`) and [`CbrPath`] (the CBR paths this product uses).
//! Clients build them, the emulator and the proxy parse them, with the same rules.

use std::fmt;

use super::model::{OpLogStatus, OperationType};
use crate::core::error::Error;
use crate::core::model::{excerpt, Quoted};
use crate::core::query::{
    checked_id, decode_segment, encode_component, for_each_param, list, parse_number, query_string,
};
use crate::core::time::Timestamp;

/// The page size when `limit` is absent (the response schema's default, §10 Q3).
pub const DEFAULT_LIMIT: u32 = 1000;

/// The largest `limit` (the response schema's maximum; the emulator refuses more).
pub const MAX_LIMIT: u32 = 1000;

/// The largest `offset`: the parameter is an int32.
pub const MAX_OFFSET: u32 = i32::MAX as u32;

/// The query of `GET /v3/{project_id}/operation-logs`: all twelve parameters of the API.
///
/// Builder methods take and return `self`; nothing is checked until [`OpLogQuery::validate`]
/// (which every client calls before sending), so a query can be built freely and refused with a
/// reason. Parameters are written in alphabetical order, the order the signer sorts them in.
///
/// ```
/// use vbs_tasks::{OpLogQuery, OpLogStatus, OperationType};
/// let query = OpLogQuery::new()
///     .operation_type(OperationType::Backup)
///     .status(OpLogStatus::Failed)
///     .limit(100)
///     .offset(0);
/// assert_eq!(query.to_query_string(), "limit=100&offset=0&operation_type=backup&status=failed");
/// query.validate().unwrap();
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OpLogQuery {
    end_time: Option<String>,
    enterprise_project_id: Option<String>,
    limit: Option<u32>,
    offset: Option<u32>,
    operation_type: Option<OperationType>,
    provider_id: Option<String>,
    resource_id: Option<String>,
    resource_name: Option<String>,
    start_time: Option<String>,
    status: Option<OpLogStatus>,
    vault_id: Option<String>,
    vault_name: Option<String>,
}

/// The twelve query parameters of the call, in the order they are written.
pub const KEYS: [&str; 12] = [
    "end_time",
    "enterprise_project_id",
    "limit",
    "offset",
    "operation_type",
    "provider_id",
    "resource_id",
    "resource_name",
    "start_time",
    "status",
    "vault_id",
    "vault_name",
];

/// The value of `enterprise_project_id` that means every enterprise project the user may see.
pub const ALL_GRANTED_EPS: &str = "all_granted_eps";

impl OpLogQuery {
    /// No filter, the API's defaults (up to 1000 tasks).
    pub fn new() -> Self {
        Self::default()
    }

    /// Only tasks that started at or before this time, written `YYYY-MM-DDTHH:MM:SSZ` (UTC).
    pub fn end_time(mut self, end_time: impl Into<String>) -> Self {
        self.end_time = Some(end_time.into());
        self
    }

    /// [`OpLogQuery::end_time`] from an instant, rounded up to the second so the window holds it.
    /// An instant past the last representable second keeps its whole second.
    pub fn ended_by(self, end: Timestamp) -> Self {
        self.end_time(end.ceil_to_second().unwrap_or(end).to_filter_time())
    }

    /// Only tasks of this enterprise project ([`ALL_GRANTED_EPS`]: all the user may see).
    pub fn enterprise_project_id(mut self, id: impl Into<String>) -> Self {
        self.enterprise_project_id = Some(id.into());
        self
    }

    /// Page size, 1 to 1000.
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit);
        self
    }

    /// How many matching tasks to skip (a record count, not a page number).
    pub fn offset(mut self, offset: u32) -> Self {
        self.offset = Some(offset);
        self
    }

    /// Only tasks of this kind.
    pub fn operation_type(mut self, operation_type: OperationType) -> Self {
        self.operation_type = Some(operation_type);
        self
    }

    /// Only tasks of this backup provider (server, disk, SFS Turbo…).
    pub fn provider_id(mut self, id: impl Into<String>) -> Self {
        self.provider_id = Some(id.into());
        self
    }

    /// Only tasks on the resource with this ID.
    pub fn resource_id(mut self, id: impl Into<String>) -> Self {
        self.resource_id = Some(id.into());
        self
    }

    /// Only tasks on the resource with this name.
    pub fn resource_name(mut self, name: impl Into<String>) -> Self {
        self.resource_name = Some(name.into());
        self
    }

    /// Only tasks that started at or after this time, written `YYYY-MM-DDTHH:MM:SSZ` (UTC).
    pub fn start_time(mut self, start_time: impl Into<String>) -> Self {
        self.start_time = Some(start_time.into());
        self
    }

    /// [`OpLogQuery::start_time`] from an instant, its fraction of a second dropped (which can
    /// only widen the window).
    pub fn started_from(self, start: Timestamp) -> Self {
        self.start_time(start.to_filter_time())
    }

    /// Only tasks with this status.
    pub fn status(mut self, status: OpLogStatus) -> Self {
        self.status = Some(status);
        self
    }

    /// Only tasks of the vault with this ID.
    pub fn vault_id(mut self, id: impl Into<String>) -> Self {
        self.vault_id = Some(id.into());
        self
    }

    /// Only tasks of the vault with this name.
    pub fn vault_name(mut self, name: impl Into<String>) -> Self {
        self.vault_name = Some(name.into());
        self
    }

    /// The same query without an offset: where paging starts.
    pub fn first_page(mut self) -> Self {
        self.offset = None;
        self
    }

    /// The page size (default 1000).
    pub fn get_limit(&self) -> u32 {
        self.limit.unwrap_or(DEFAULT_LIMIT)
    }

    /// Whether the page size was set explicitly.
    pub fn has_limit(&self) -> bool {
        self.limit.is_some()
    }

    /// The offset (default 0).
    pub fn get_offset(&self) -> u32 {
        self.offset.unwrap_or(0)
    }

    /// The status filter.
    pub fn get_status(&self) -> Option<&OpLogStatus> {
        self.status.as_ref()
    }

    /// The operation-type filter.
    pub fn get_operation_type(&self) -> Option<&OperationType> {
        self.operation_type.as_ref()
    }

    /// The value of a text parameter (`vault_id`, `start_time`, …) as set; `None` when unset or
    /// not a text parameter.
    pub fn get(&self, key: &str) -> Option<&str> {
        match key {
            "end_time" => self.end_time.as_deref(),
            "enterprise_project_id" => self.enterprise_project_id.as_deref(),
            "provider_id" => self.provider_id.as_deref(),
            "resource_id" => self.resource_id.as_deref(),
            "resource_name" => self.resource_name.as_deref(),
            "start_time" => self.start_time.as_deref(),
            "vault_id" => self.vault_id.as_deref(),
            "vault_name" => self.vault_name.as_deref(),
            _ => None,
        }
    }

    /// The time window `(start, end)` as instants, each bound when set and well formed.
    pub fn window(&self) -> (Option<Timestamp>, Option<Timestamp>) {
        let read = |time: &Option<String>| time.as_deref().and_then(Timestamp::parse_filter_time);
        (read(&self.start_time), read(&self.end_time))
    }

    /// Checks what the API (as the contract's emulator rules it, §10 Q3–Q8) would refuse.
    pub fn validate(&self) -> Result<(), Error> {
        if let Some(status) = &self.status {
            if !status.is_known() {
                // Re-parse to get the one wording of this refusal.
                status.as_str().parse::<OpLogStatus>()?;
            }
        }
        if let Some(operation_type) = &self.operation_type {
            if !operation_type.is_known() {
                operation_type.as_str().parse::<OperationType>()?;
            }
        }
        if let Some(limit) = self.limit {
            if !(1..=MAX_LIMIT).contains(&limit) {
                return Err(Error::invalid_input(
                    "limit",
                    format!("must be from 1 to {MAX_LIMIT}, got {limit}"),
                ));
            }
        }
        if let Some(offset) = self.offset {
            if offset > MAX_OFFSET {
                return Err(Error::invalid_input(
                    "offset",
                    format!("must be from 0 to {MAX_OFFSET}, got {offset}"),
                ));
            }
        }
        for key in KEYS {
            if self.get(key).is_some_and(|value| value.trim().is_empty()) {
                return Err(Error::invalid_input(key, "must not be empty"));
            }
        }
        let mut window = [None, None];
        for (slot, key) in window.iter_mut().zip(["start_time", "end_time"]) {
            if let Some(text) = self.get(key) {
                *slot = Some(Timestamp::parse_filter_time(text).ok_or_else(|| {
                    Error::invalid_input(
                        key,
                        format!(
                            "{} is not a time of the form YYYY-MM-DDTHH:MM:SSZ (UTC)",
                            Quoted(&excerpt(text, 40))
                        ),
                    )
                })?);
            }
        }
        if let [Some(start), Some(end)] = window {
            if start > end {
                return Err(Error::invalid_input(
                    "start_time",
                    "must not be after end_time",
                ));
            }
        }
        Ok(())
    }

    /// The parameters that are set, in [`KEYS`] order, unencoded.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::with_capacity(KEYS.len());
        for key in KEYS {
            let value = match key {
                "limit" => self.limit.map(|limit| limit.to_string()),
                "offset" => self.offset.map(|offset| offset.to_string()),
                "operation_type" => self.operation_type.as_ref().map(|t| t.as_str().to_owned()),
                "status" => self.status.as_ref().map(|s| s.as_str().to_owned()),
                text => self.get(text).map(str::to_owned),
            };
            if let Some(value) = value {
                pairs.push((key, value));
            }
        }
        pairs
    }

    /// The encoded query string, without `?`; empty when nothing is set.
    pub fn to_query_string(&self) -> String {
        query_string(&self.to_pairs())
    }

    /// Parses a raw query string (as a server receives it) with the rules of
    /// [`OpLogQuery::validate`]. `+` reads as a space; unknown keys are ignored (§10 Q8); a known
    /// key given twice is refused.
    pub fn from_query_str(raw: &str) -> Result<Self, Error> {
        let mut query = OpLogQuery::new();
        for_each_param(raw, &KEYS, |key, value| {
            query = std::mem::take(&mut query).set(key, value)?;
            Ok(())
        })?;
        query.validate()?;
        Ok(query)
    }

    /// Sets one parameter from its wire text (the emulator and the JS façade both come through here).
    pub fn set(self, key: &str, value: &str) -> Result<Self, Error> {
        Ok(match key {
            "end_time" => self.end_time(value),
            "enterprise_project_id" => self.enterprise_project_id(value),
            "limit" => self.limit(parse_number("limit", value, u32::MAX.into())?),
            "offset" => self.offset(parse_number("offset", value, u32::MAX.into())?),
            "operation_type" => self.operation_type(value.parse()?),
            "provider_id" => self.provider_id(value),
            "resource_id" => self.resource_id(value),
            "resource_name" => self.resource_name(value),
            "start_time" => self.start_time(value),
            "status" => self.status(value.parse()?),
            "vault_id" => self.vault_id(value),
            "vault_name" => self.vault_name(value),
            other => {
                return Err(Error::invalid_input(
                    excerpt(other, 40),
                    format!("is not a query parameter; expected one of {}", list(&KEYS)),
                ))
            }
        })
    }
}

impl fmt::Display for OpLogQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_query_string())
    }
}

/// One of the CBR paths this product calls, with its IDs decoded: the task list and one task
/// (ListOpLogs, ShowOpLog), and the policy and vault lists the viewer's policy filter needs (§8).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CbrPath {
    /// `GET /v3/{project_id}/operation-logs`.
    OperationLogs {
        /// The project.
        project_id: String,
    },
    /// `GET /v3/{project_id}/operation-logs/{operation_log_id}`.
    OperationLog {
        /// The project.
        project_id: String,
        /// The task.
        operation_log_id: String,
    },
    /// `GET /v3/{project_id}/policies`.
    Policies {
        /// The project.
        project_id: String,
    },
    /// `GET /v3/{project_id}/vaults`.
    Vaults {
        /// The project.
        project_id: String,
    },
}

impl CbrPath {
    /// The task-list path; refuses an empty project ID.
    pub fn operation_logs(project_id: &str) -> Result<Self, Error> {
        Ok(CbrPath::OperationLogs {
            project_id: checked_id("project_id", project_id)?,
        })
    }

    /// The one-task path; refuses an empty ID.
    pub fn operation_log(project_id: &str, operation_log_id: &str) -> Result<Self, Error> {
        Ok(CbrPath::OperationLog {
            project_id: checked_id("project_id", project_id)?,
            operation_log_id: checked_id("operation_log_id", operation_log_id)?,
        })
    }

    /// The policy-list path; refuses an empty project ID.
    pub fn policies(project_id: &str) -> Result<Self, Error> {
        Ok(CbrPath::Policies {
            project_id: checked_id("project_id", project_id)?,
        })
    }

    /// The vault-list path; refuses an empty project ID.
    pub fn vaults(project_id: &str) -> Result<Self, Error> {
        Ok(CbrPath::Vaults {
            project_id: checked_id("project_id", project_id)?,
        })
    }

    /// The project the path is in.
    pub fn project_id(&self) -> &str {
        match self {
            CbrPath::OperationLogs { project_id }
            | CbrPath::OperationLog { project_id, .. }
            | CbrPath::Policies { project_id }
            | CbrPath::Vaults { project_id } => project_id,
        }
    }

    /// The encoded path, starting with `/v3/`.
    pub fn to_path(&self) -> String {
        let project = encode_component(self.project_id());
        match self {
            CbrPath::OperationLogs { .. } => format!("/v3/{project}/operation-logs"),
            CbrPath::OperationLog {
                operation_log_id, ..
            } => format!(
                "/v3/{project}/operation-logs/{}",
                encode_component(operation_log_id)
            ),
            CbrPath::Policies { .. } => format!("/v3/{project}/policies"),
            CbrPath::Vaults { .. } => format!("/v3/{project}/vaults"),
        }
    }

    /// Reads a raw (encoded) request path; `None` for anything that is not exactly one of the
    /// paths. Refused on purpose, as [`crate::ApiPath::parse`] refuses them: empty or dot segments,
    /// and segments whose decoding would contain `/` or `\`.
    pub fn parse(raw_path: &str) -> Option<Self> {
        let rest = raw_path.strip_prefix("/v3/")?;
        let rest = rest.strip_suffix('/').unwrap_or(rest);
        let segments: Vec<&str> = rest.split('/').collect();
        match segments.as_slice() {
            [project, "operation-logs"] => Some(CbrPath::OperationLogs {
                project_id: decode_segment(project)?,
            }),
            [project, "operation-logs", id] => Some(CbrPath::OperationLog {
                project_id: decode_segment(project)?,
                operation_log_id: decode_segment(id)?,
            }),
            [project, "policies"] => Some(CbrPath::Policies {
                project_id: decode_segment(project)?,
            }),
            [project, "vaults"] => Some(CbrPath::Vaults {
                project_id: decode_segment(project)?,
            }),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests;
