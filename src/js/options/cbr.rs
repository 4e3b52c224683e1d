//! The options of CBR's calls: the twelve query parameters of the task list, camelCase, read into
//! an [`OpLogQuery`] through [`OpLogQuery::set`] (their wire text) and checked by
//! [`OpLogQuery::validate`] before any request, as the emulator reads a query string; and the
//! filters of the vault and policy lists ([`VaultQuery`], [`CbrPolicyQuery`]), checked by theirs.
//!
//! `startTime` and `endTime` take a `Date` or the API's own `YYYY-MM-DDTHH:MM:SSZ`. A `Date` is
//! written in that form, its start rounded down and its end up to the second, so the window the
//! caller gave is always inside the one sent.

use serde::Deserialize;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

use super::{
    given, given_value, id_argument, number_text, read, request_options, MUST_BE_A_NUMBER,
    MUST_BE_A_SIGNAL, MUST_BE_A_STRING, SIGNAL,
};
use crate::core::cbr::query::MAX_OFFSET;
use crate::core::cbr::{CbrPolicyQuery, OpLogQuery, VaultQuery};
use crate::core::error::Error;
use crate::core::query::parse_number;
use crate::core::time::Timestamp;
use crate::transport::RequestOptions;

/// The key of the window's start.
pub(super) const START_TIME: &str = "startTime";
/// The key of the window's end.
pub(super) const END_TIME: &str = "endTime";

/// Logs per request of `operationLogs()` when `pageSize` is not given: the API's largest page,
/// sent explicitly (the §6 loop must know the size it asked for; the service's default is not
/// documented for the request).
const DEFAULT_PAGE_SIZE: u32 = 1000;

const MUST_BE_A_TIME: &str = "must be a Date or a time of the form YYYY-MM-DDTHH:MM:SSZ (UTC)";

#[wasm_bindgen]
extern "C" {
    /// `Date.prototype.getTime.call(value)`: the time of a real `Date`; anything else (another
    /// object, a `Proxy` of a `Date`) throws, which is returned here, not unwound.
    #[wasm_bindgen(js_namespace = ["Date", "prototype", "getTime"], js_name = call, catch)]
    fn date_time(value: &JsValue) -> Result<f64, JsValue>;
}

/// Options of `listOperationLogs()` and `operationLogs()`; each call takes the keys of its
/// fields table (`limit`/`offset` or `pageSize`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct OpLogOptions {
    #[serde(default, deserialize_with = "given_value")]
    start_time: Option<JsValue>,
    #[serde(default, deserialize_with = "given_value")]
    end_time: Option<JsValue>,
    #[serde(default, deserialize_with = "given")]
    status: Option<String>,
    #[serde(default, deserialize_with = "given")]
    operation_type: Option<String>,
    #[serde(default, deserialize_with = "given")]
    vault_id: Option<String>,
    #[serde(default, deserialize_with = "given")]
    vault_name: Option<String>,
    #[serde(default, deserialize_with = "given")]
    resource_id: Option<String>,
    #[serde(default, deserialize_with = "given")]
    resource_name: Option<String>,
    #[serde(default, deserialize_with = "given")]
    provider_id: Option<String>,
    #[serde(default, deserialize_with = "given")]
    enterprise_project_id: Option<String>,
    #[serde(default, deserialize_with = "given")]
    limit: Option<f64>,
    #[serde(default, deserialize_with = "given")]
    offset: Option<f64>,
    #[serde(default, deserialize_with = "given")]
    page_size: Option<f64>,
    #[serde(default, deserialize_with = "given_value")]
    signal: Option<JsValue>,
}

/// `listOperationLogs()`'s keys: the API's twelve parameters, as its documentation lists them.
const LIST_FIELDS: [(&str, &str); 13] = [
    (START_TIME, MUST_BE_A_TIME),
    (END_TIME, MUST_BE_A_TIME),
    ("status", MUST_BE_A_STRING),
    ("operationType", MUST_BE_A_STRING),
    ("vaultId", MUST_BE_A_STRING),
    ("vaultName", MUST_BE_A_STRING),
    ("resourceId", MUST_BE_A_STRING),
    ("resourceName", MUST_BE_A_STRING),
    ("providerId", MUST_BE_A_STRING),
    ("enterpriseProjectId", MUST_BE_A_STRING),
    ("limit", MUST_BE_A_NUMBER),
    ("offset", MUST_BE_A_NUMBER),
    (SIGNAL, MUST_BE_A_SIGNAL),
];

/// `operationLogs()`'s keys: the filters, and `pageSize` for `limit` and `offset` (the walk pages).
const ITERATE_FIELDS: [(&str, &str); 12] = [
    (START_TIME, MUST_BE_A_TIME),
    (END_TIME, MUST_BE_A_TIME),
    ("status", MUST_BE_A_STRING),
    ("operationType", MUST_BE_A_STRING),
    ("vaultId", MUST_BE_A_STRING),
    ("vaultName", MUST_BE_A_STRING),
    ("resourceId", MUST_BE_A_STRING),
    ("resourceName", MUST_BE_A_STRING),
    ("providerId", MUST_BE_A_STRING),
    ("enterpriseProjectId", MUST_BE_A_STRING),
    ("pageSize", MUST_BE_A_NUMBER),
    (SIGNAL, MUST_BE_A_SIGNAL),
];

/// The query's names of the parameters, as JavaScript spells them.
const NAMES: [(&str, &str); 9] = [
    ("start_time", START_TIME),
    ("end_time", END_TIME),
    ("operation_type", "operationType"),
    ("vault_id", "vaultId"),
    ("vault_name", "vaultName"),
    ("resource_id", "resourceId"),
    ("resource_name", "resourceName"),
    ("provider_id", "providerId"),
    ("enterprise_project_id", "enterpriseProjectId"),
];

/// `operationLogs()` names the page size `pageSize`.
const ITERATE_NAMES: [(&str, &str); 1] = [("limit", "pageSize")];

/// `listOperationLogs()` options: the query and the request options.
pub(crate) fn list_operation_logs(
    options: &JsValue,
) -> Result<(OpLogQuery, RequestOptions), Error> {
    let options: OpLogOptions = read(options, &LIST_FIELDS)?;
    let query = filters(&options)?;
    let query = set(query, "limit", options.limit.map(number_text))?;
    let query = set(query, "offset", options.offset.map(number_text))?;
    Ok((checked(query, &[])?, request_options(options.signal)?))
}

/// `operationLogs()` options: the first page's query (its `limit` the page size) and the request
/// options.
pub(crate) fn operation_logs(options: &JsValue) -> Result<(OpLogQuery, RequestOptions), Error> {
    let options: OpLogOptions = read(options, &ITERATE_FIELDS)?;
    let query = filters(&options)?;
    let query = match options.page_size {
        Some(size) => query
            .set("limit", &number_text(size))
            .map_err(|error| error.rename_input(&ITERATE_NAMES))?,
        None => query.limit(DEFAULT_PAGE_SIZE),
    };
    Ok((
        checked(query, &ITERATE_NAMES)?,
        request_options(options.signal)?,
    ))
}

/// An operation log's ID argument (`showOperationLog(id)`): a non-empty string.
pub(crate) fn operation_log_id(value: &JsValue) -> Result<String, Error> {
    id_argument("id", value)
}

/// Sets `value`, when given, as the wire text of `key`; a refusal names the JavaScript key.
fn set(query: OpLogQuery, key: &str, value: Option<String>) -> Result<OpLogQuery, Error> {
    match value {
        Some(value) => query
            .set(key, &value)
            .map_err(|error| error.rename_input(&NAMES)),
        None => Ok(query),
    }
}

/// The filters both calls take, set on a new query in the API's order.
fn filters(options: &OpLogOptions) -> Result<OpLogQuery, Error> {
    let (query, start) = time(OpLogQuery::new(), START_TIME, options.start_time.as_ref())?;
    let (mut query, end) = time(query, END_TIME, options.end_time.as_ref())?;
    // Compared as given: two `Date`s within one second would both round to a valid window.
    if let (Some(start), Some(end)) = (start, end) {
        if start > end {
            return Err(Error::invalid_input(
                START_TIME,
                format!("must not be after {END_TIME}"),
            ));
        }
    }
    for (key, value) in [
        ("status", &options.status),
        ("operation_type", &options.operation_type),
        ("vault_id", &options.vault_id),
        ("vault_name", &options.vault_name),
        ("resource_id", &options.resource_id),
        ("resource_name", &options.resource_name),
        ("provider_id", &options.provider_id),
        ("enterprise_project_id", &options.enterprise_project_id),
    ] {
        query = set(query, key, value.clone())?;
    }
    Ok(query)
}

/// Sets a window bound (`startTime` or `endTime`) from a time string, which the query's checks
/// then read, or from a `Date`; with the instant it means, when it can be read.
fn time(
    query: OpLogQuery,
    key: &'static str,
    value: Option<&JsValue>,
) -> Result<(OpLogQuery, Option<Timestamp>), Error> {
    let Some(value) = value else {
        return Ok((query, None));
    };
    let wire_key = if key == START_TIME {
        "start_time"
    } else {
        "end_time"
    };
    if let Some(text) = value.as_string() {
        let at = Timestamp::parse_filter_time(&text);
        return Ok((set(query, wire_key, Some(text))?, at));
    }
    if !value.is_object() {
        return Err(Error::invalid_input(key, MUST_BE_A_TIME));
    }
    let millis = date_time(value).map_err(|_| Error::invalid_input(key, MUST_BE_A_TIME))?;
    // A `Date`'s time is NaN (an invalid date) or a whole number of milliseconds within ±8.64e15.
    let at = Some(millis)
        .filter(|millis| millis.is_finite())
        .and_then(|millis| Timestamp::from_unix_millis(millis as i64))
        .filter(|at| (0..=9999).contains(&at.as_offset_date_time().year()))
        .ok_or_else(|| Error::invalid_input(key, "must be a valid Date from the year 0 to 9999"))?;
    let query = if key == START_TIME {
        query.started_from(at)
    } else {
        query.ended_by(at)
    };
    Ok((query, Some(at)))
}

/// `query` if it passes the query's own checks; the refusal names the JavaScript key (`names`
/// first, then the parameters').
fn checked(query: OpLogQuery, names: &[(&str, &str)]) -> Result<OpLogQuery, Error> {
    query
        .validate()
        .map_err(|error| error.rename_input(names).rename_input(&NAMES))?;
    Ok(query)
}

/// Options of `listVaults()`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct VaultOptions {
    #[serde(default, deserialize_with = "given")]
    policy_id: Option<String>,
    #[serde(default, deserialize_with = "given")]
    name: Option<String>,
    #[serde(default, deserialize_with = "given")]
    limit: Option<f64>,
    #[serde(default, deserialize_with = "given")]
    offset: Option<f64>,
    #[serde(default, deserialize_with = "given_value")]
    signal: Option<JsValue>,
}

const VAULT_FIELDS: [(&str, &str); 5] = [
    ("policyId", MUST_BE_A_STRING),
    ("name", MUST_BE_A_STRING),
    ("limit", MUST_BE_A_NUMBER),
    ("offset", MUST_BE_A_NUMBER),
    (SIGNAL, MUST_BE_A_SIGNAL),
];

/// `listVaults()` options: the query and the request options.
pub(crate) fn list_vaults(options: &JsValue) -> Result<(VaultQuery, RequestOptions), Error> {
    let options: VaultOptions = read(options, &VAULT_FIELDS)?;
    let mut query = VaultQuery::new();
    if let Some(policy_id) = options.policy_id {
        query = query.policy_id(policy_id);
    }
    if let Some(name) = options.name {
        query = query.name(name);
    }
    if let Some(limit) = options.limit {
        query = query.limit(whole_number("limit", limit)?);
    }
    if let Some(offset) = options.offset {
        query = query.offset(whole_number("offset", offset)?);
    }
    query
        .validate()
        .map_err(|error| error.rename_input(&[("policy_id", "policyId")]))?;
    Ok((query, request_options(options.signal)?))
}

/// A page size or offset: a whole number an int32 holds, refused as the task list refuses one.
fn whole_number(key: &'static str, number: f64) -> Result<u32, Error> {
    let value: u32 = parse_number(key, &number_text(number), u32::MAX.into())?;
    if value > MAX_OFFSET {
        return Err(Error::invalid_input(
            key,
            format!("must be from 0 to {MAX_OFFSET}, got {value}"),
        ));
    }
    Ok(value)
}

/// Options of `listCbrPolicies()`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CbrPolicyOptions {
    #[serde(default, deserialize_with = "given")]
    operation_type: Option<String>,
    #[serde(default, deserialize_with = "given")]
    vault_id: Option<String>,
    #[serde(default, deserialize_with = "given_value")]
    signal: Option<JsValue>,
}

const CBR_POLICY_FIELDS: [(&str, &str); 3] = [
    ("operationType", MUST_BE_A_STRING),
    ("vaultId", MUST_BE_A_STRING),
    (SIGNAL, MUST_BE_A_SIGNAL),
];

/// `listCbrPolicies()` options: the query and the request options.
pub(crate) fn list_cbr_policies(
    options: &JsValue,
) -> Result<(CbrPolicyQuery, RequestOptions), Error> {
    let options: CbrPolicyOptions = read(options, &CBR_POLICY_FIELDS)?;
    let mut query = CbrPolicyQuery::new();
    if let Some(operation_type) = options.operation_type {
        query = query.operation_type(operation_type);
    }
    if let Some(vault_id) = options.vault_id {
        query = query.vault_id(vault_id);
    }
    query
        .validate()
        .map_err(|error| error.rename_input(&NAMES))?;
    Ok((query, request_options(options.signal)?))
}
