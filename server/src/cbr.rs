//! CBR on the emulator: `GET /v3/{project_id}/operation-logs[/{id}]`, `…/policies` and `…/vaults`
//! from the seeded data (`dataset::cbr`), with the contract's section 10 semantics.
//!
//! The path is read by the core's `CbrPath` and the task-list query by its `OpLogQuery` (the
//! rules the clients validate with); the answers are the core's `OpLogPage` / `OperationLog`,
//! written by the core's CBR writer.

use std::collections::HashSet;

use axum::http::{HeaderMap, Method};
use serde_json::json;
use vbs_tasks::core::cbr::query::ALL_GRANTED_EPS;
use vbs_tasks::core::cbr::{CbrPath, OpLogPage, OpLogQuery, OperationLog};

use crate::api_error::ApiError;
use crate::auth::{form_pairs, Auth, TokenRefusal};
use crate::dataset::cbr::{CbrVault, PlannedLog};
use crate::emulator::Emulator;

mod route;
pub use route::{cbr_api, cbr_path};

/// The fault-script key of CBR requests that are not about one vault (see [`fault_key`]).
pub const FAULT_KEY: &str = "cbr";

/// The key scripted faults are looked up by: the `vault_id` filter of a task-list request, else
/// [`FAULT_KEY`] (one log, the policies, the vaults, an unfiltered list).
pub fn fault_key<'a>(path: &CbrPath, raw_query: &'a str) -> std::borrow::Cow<'a, str> {
    if let CbrPath::OperationLogs { .. } = path {
        if let Some((_, vault)) = form_pairs(raw_query)
            .into_iter()
            .find(|(key, _)| key == "vault_id")
        {
            return vault.into();
        }
    }
    FAULT_KEY.into()
}

/// Checks a CBR request's credentials (§10 Q13): an AK/SK signature as on the VBS routes, or the
/// emulator's token, in CBR's 401 `APIGW.0301` shape. A request with neither is refused only with
/// `--require-auth`, the one rule of the emulator's two APIs: the real gateway always asks, but
/// the built-in demo's viewer holds no credentials, for `/v2` or for `/v3`.
pub fn check_auth(
    auth: &Auth,
    method: &Method,
    raw_path: &str,
    raw_query: &str,
    headers: &HeaderMap,
) -> Result<(), ApiError> {
    if headers.contains_key("authorization") {
        return auth.check(method.as_str(), raw_path, raw_query, headers);
    }
    auth.check_token(headers).map_err(|refusal| match refusal {
        TokenRefusal::Missing => ApiError::cbr_unauthenticated("x-auth-token not found"),
        TokenRefusal::Invalid => ApiError::cbr_unauthenticated("decrypt token fail"),
    })
}

/// The logs that exist at the emulator's "now", newest first (§10 Q2: `created_at` descending,
/// ties by `id` ascending), as stored in reverse.
fn visible(emulator: &Emulator) -> impl Iterator<Item = &PlannedLog> {
    let now = emulator.now();
    let logs = &emulator.dataset().cbr.logs;
    logs[..logs.partition_point(|log| log.is_visible_at(now))]
        .iter()
        .rev()
}

/// The log as served: as it stands now, in this project.
fn served(emulator: &Emulator, log: &PlannedLog) -> OperationLog {
    let mut log = log.at(emulator.now());
    log.project_id = emulator.project_id().to_owned();
    log
}

fn matches(log: &PlannedLog, query: &OpLogQuery, emulator: &Emulator) -> bool {
    let end = &log.end;
    let text =
        |key: &str, value: Option<&str>| query.get(key).is_none_or(|want| value == Some(want));
    let resource = end.resource();
    let (start, stop) = query.window();
    let started = end.started_at.unwrap_or(end.created_at);
    query
        .get_status()
        .is_none_or(|status| log.status_at(emulator.now()) == *status)
        && query
            .get_operation_type()
            .is_none_or(|kind| end.operation_type.as_ref() == Some(kind))
        && text("provider_id", end.provider_id.as_deref())
        && text("vault_id", end.vault_id.as_deref())
        && text("vault_name", end.vault_name.as_deref())
        && text("resource_id", resource.map(|r| r.id.as_str()))
        && text("resource_name", resource.and_then(|r| r.name.as_deref()))
        && query
            .get("enterprise_project_id")
            .is_none_or(|ep| ep == ALL_GRANTED_EPS || ep == log.enterprise_project_id)
        && start.is_none_or(|start| start <= started)
        && stop.is_none_or(|stop| started <= stop)
}

/// `GET /v3/{project_id}/operation-logs?{raw_query}`. An unknown project or vault is an empty
/// list (§10 Q11); `ignore_paging` answers the first page whatever the offset (a fault).
pub fn list_logs(
    emulator: &Emulator,
    project_id: &str,
    raw_query: &str,
    ignore_paging: bool,
) -> Result<OpLogPage, ApiError> {
    let mut query =
        OpLogQuery::from_query_str(raw_query).map_err(ApiError::cbr_invalid_parameter)?;
    if ignore_paging {
        query = query.first_page();
    }
    let (limit, offset) = (query.get_limit(), query.get_offset());
    let mut count = 0u64;
    let mut logs = Vec::new();
    if project_id == emulator.project_id() {
        for log in visible(emulator).filter(|log| matches(log, &query, emulator)) {
            if count >= u64::from(offset) && logs.len() < limit as usize {
                logs.push(served(emulator, log));
            }
            count += 1;
        }
    }
    let mut page = OpLogPage::new(count, logs);
    page.limit = Some(limit);
    page.offset = Some(offset);
    Ok(page)
}

/// `GET /v3/{project_id}/operation-logs/{operation_log_id}`.
pub fn show_log(emulator: &Emulator, project_id: &str, id: &str) -> Result<OperationLog, ApiError> {
    if project_id != emulator.project_id() {
        return Err(ApiError::cbr_log_not_found());
    }
    visible(emulator)
        .find(|log| log.end.id == id)
        .map(|log| served(emulator, log))
        .ok_or_else(ApiError::cbr_log_not_found)
}

/// The query's pairs, each key at most once (§10 Q8); unknown keys are kept (callers ignore them).
fn single_pairs(raw_query: &str) -> Result<Vec<(String, String)>, ApiError> {
    let pairs = form_pairs(raw_query);
    let mut seen = HashSet::new();
    for (key, _) in &pairs {
        if !seen.insert(key.as_str()) {
            return Err(ApiError::cbr_invalid_parameter(format!(
                "{key} is given more than once"
            )));
        }
    }
    Ok(pairs)
}

fn pair<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// `GET /v3/{project_id}/policies[?operation_type=backup|replication][&vault_id=…]` (§8).
pub fn list_policies(
    emulator: &Emulator,
    project_id: &str,
    raw_query: &str,
) -> Result<serde_json::Value, ApiError> {
    let pairs = single_pairs(raw_query)?;
    let kind = pair(&pairs, "operation_type");
    if let Some(kind) = kind.filter(|k| !matches!(*k, "backup" | "replication")) {
        return Err(ApiError::cbr_invalid_parameter(format!(
            "operation_type {kind:?} is not backup or replication"
        )));
    }
    let vault = pair(&pairs, "vault_id");
    let policies: Vec<_> = emulator
        .dataset()
        .cbr
        .policies
        .iter()
        .filter(|_| project_id == emulator.project_id())
        .filter(|p| kind.is_none_or(|k| p.operation_type == k))
        .filter(|p| vault.is_none_or(|v| p.associated_vaults.iter().any(|a| a.vault_id == v)))
        .collect();
    Ok(json!({"count": policies.len(), "policies": policies}))
}

/// A vault-list `limit`/`offset` as §8 and §10 Q3–Q4 rule them.
fn paging_number(
    pairs: &[(String, String)],
    key: &str,
    range: std::ops::RangeInclusive<u32>,
    default: u32,
) -> Result<u32, ApiError> {
    match pair(pairs, key) {
        None => Ok(default),
        Some(text) => text
            .parse::<u32>()
            .ok()
            .filter(|n| range.contains(n))
            .ok_or_else(|| {
                ApiError::cbr_invalid_parameter(format!(
                    "{key} must be a whole number from {} to {}",
                    range.start(),
                    range.end()
                ))
            }),
    }
}

/// `GET /v3/{project_id}/vaults` with the filters of §8 this data can answer (`policy_id`,
/// `name`, `object_type`, `protect_type`, `cloud_type`, `enterprise_project_id`, `resource_ids`)
/// and `limit`/`offset` paging; others are ignored.
pub fn list_vaults(
    emulator: &Emulator,
    project_id: &str,
    raw_query: &str,
) -> Result<serde_json::Value, ApiError> {
    let pairs = single_pairs(raw_query)?;
    let limit = paging_number(&pairs, "limit", 1..=1000, 1000)?;
    let offset = paging_number(&pairs, "offset", 0..=i32::MAX as u32, 0)?;
    let billing = |vault: &CbrVault, key: &str| {
        pair(&pairs, key).is_none_or(|want| vault.billing[key] == want)
    };
    let resource_ids: Option<Vec<&str>> =
        pair(&pairs, "resource_ids").map(|ids| ids.split(',').collect());
    let matching: Vec<CbrVault> = emulator
        .dataset()
        .cbr
        .vaults
        .iter()
        .filter(|_| project_id == emulator.project_id())
        .filter(|v| pair(&pairs, "policy_id").is_none_or(|p| v.policy_id == p))
        .filter(|v| pair(&pairs, "name").is_none_or(|n| v.name == n))
        .filter(|v| {
            billing(v, "object_type") && billing(v, "protect_type") && billing(v, "cloud_type")
        })
        .filter(|v| {
            pair(&pairs, "enterprise_project_id")
                .is_none_or(|ep| ep == ALL_GRANTED_EPS || ep == v.enterprise_project_id)
        })
        .filter(|v| {
            resource_ids.as_ref().is_none_or(|ids| {
                v.resources
                    .iter()
                    .any(|r| ids.iter().any(|id| r["id"] == *id))
            })
        })
        .cloned()
        .map(|mut vault| {
            vault.project_id = emulator.project_id().to_owned();
            vault
        })
        .collect();
    let page: Vec<_> = matching
        .iter()
        .skip(offset as usize)
        .take(limit as usize)
        .collect();
    Ok(json!({"count": matching.len(), "vaults": page, "limit": limit, "offset": offset}))
}

#[cfg(test)]
mod tests;
