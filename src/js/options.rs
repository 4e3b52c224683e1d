//! Reading options objects key by key.
//!
//! Query options go through [`TaskQuery::set`] with their wire text and then
//! [`TaskQuery::validate`]: the same rules the emulator reads a query string with. An unknown key,
//! a value of the wrong type or a value the API refuses is an `invalid_input` error naming the
//! JavaScript key, before any request. `undefined` values count as absent.

use std::time::Duration;

use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::AbortSignal;

use crate::core::error::Error;
use crate::core::query::{list, TaskQuery};
use crate::core::sign::Signer;
use crate::transport::{Client, Paging, RequestOptions};

/// Tasks per request of `tasks()` / `pages()` when `pageSize` is not given.
const DEFAULT_PAGE_SIZE: u32 = 100;

/// The defined `(key, value)` pairs of an options object; `undefined`/`null` is no options.
fn entries(options: &JsValue, what: &str) -> Result<Vec<(String, JsValue)>, Error> {
    if options.is_undefined() || options.is_null() {
        return Ok(Vec::new());
    }
    if !options.is_object() || options.is_function() || js_sys::Array::is_array(options) {
        return Err(Error::invalid_input(what, "must be an object"));
    }
    let object: &Object = options.unchecked_ref();
    let mut out = Vec::new();
    for key in Object::keys(object).iter() {
        let Some(name) = key.as_string() else {
            continue;
        };
        let value = Reflect::get(object, &key)
            .map_err(|_| Error::invalid_input(name.clone(), "could not be read"))?;
        if !value.is_undefined() {
            out.push((name, value));
        }
    }
    Ok(out)
}

fn unknown(key: &str, expected: &[&str]) -> Error {
    let shown: String = key.chars().take(40).collect();
    Error::invalid_input(
        shown,
        format!("is not an option; expected one of {}", list(expected)),
    )
}

fn string(key: &str, value: &JsValue) -> Result<String, Error> {
    value
        .as_string()
        .ok_or_else(|| Error::invalid_input(key, "must be a string"))
}

/// A number's wire text: whole numbers without a fraction, anything else as JavaScript prints it
/// (so that the core refuses it with its own wording: `"1.5" is not a whole number`). JavaScript's
/// own `toString`, not Rust's float formatting, which would be 14 KB of the package for this alone.
fn number_text(key: &str, value: &JsValue) -> Result<String, Error> {
    let number = value
        .as_f64()
        .ok_or_else(|| Error::invalid_input(key, "must be a number"))?;
    Ok(
        if number.is_finite() && number.fract() == 0.0 && number.abs() < 9.0e15 {
            (number as i64).to_string()
        } else {
            js_sys::Number::from(number)
                .to_string_with_radix(10)
                .map(String::from)
                .unwrap_or_default()
        },
    )
}

fn signal(value: &JsValue) -> Result<AbortSignal, Error> {
    value
        .dyn_ref::<AbortSignal>()
        .cloned()
        .ok_or_else(|| Error::invalid_input("signal", "must be an AbortSignal"))
}

/// Sets one query parameter from a JavaScript value.
fn set(
    query: TaskQuery,
    js_key: &str,
    wire_key: &str,
    value: &JsValue,
) -> Result<TaskQuery, Error> {
    let text = match wire_key {
        "limit" | "offset" => number_text(js_key, value)?,
        _ => string(js_key, value)?,
    };
    query
        .set(wire_key, &text)
        .map_err(|error| error.rename_input(&[(wire_key, js_key)]))
}

/// The filter options `listTasks()`, `tasks()` and `pages()` share: JS key → query parameter.
const FILTER_KEYS: [(&str, &str); 4] = [
    ("status", "status"),
    ("jobId", "job_id"),
    ("sortDir", "sort_dir"),
    ("sortKey", "sort_key"),
];

/// The query parameter a shared filter option sets, if `js_key` is one.
fn filter_key(js_key: &str) -> Option<&'static str> {
    FILTER_KEYS
        .iter()
        .find(|(js, _)| *js == js_key)
        .map(|(_, wire)| *wire)
}

const LIST_TASKS_KEYS: [&str; 8] = [
    "status", "jobId", "sortDir", "sortKey", "limit", "offset", "marker", "signal",
];
const LIST_TASKS_NAMES: [(&str, &str); 3] = [
    ("job_id", "jobId"),
    ("sort_dir", "sortDir"),
    ("sort_key", "sortKey"),
];

/// `listTasks()` options: the query and the request options.
pub(crate) fn list_tasks(options: &JsValue) -> Result<(TaskQuery, RequestOptions), Error> {
    let mut query = TaskQuery::new();
    let mut request = RequestOptions::new();
    for (key, value) in entries(options, "options")? {
        if let Some(wire_key) = filter_key(&key) {
            query = set(query, &key, wire_key, &value)?;
            continue;
        }
        query = match key.as_str() {
            "limit" => set(query, &key, "limit", &value)?,
            "offset" => set(query, &key, "offset", &value)?,
            "marker" => set(query, &key, "marker", &value)?,
            "signal" => {
                request = request.signal(signal(&value)?);
                query
            }
            _ => return Err(unknown(&key, &LIST_TASKS_KEYS)),
        };
    }
    query
        .validate()
        .map_err(|error| error.rename_input(&LIST_TASKS_NAMES))?;
    Ok((query, request))
}

const ITERATE_KEYS: [&str; 7] = [
    "status", "jobId", "sortDir", "sortKey", "pageSize", "paging", "signal",
];
const ITERATE_NAMES: [(&str, &str); 4] = [
    ("job_id", "jobId"),
    ("sort_dir", "sortDir"),
    ("sort_key", "sortKey"),
    ("limit", "pageSize"),
];

/// `tasks()` / `pages()` options: the first page's query, the paging mode and the request options.
pub(crate) fn iterate(options: &JsValue) -> Result<(TaskQuery, Paging, RequestOptions), Error> {
    let mut query = TaskQuery::new();
    let mut paging = Paging::default();
    let mut request = RequestOptions::new();
    for (key, value) in entries(options, "options")? {
        if let Some(wire_key) = filter_key(&key) {
            query = set(query, &key, wire_key, &value)?;
            continue;
        }
        query = match key.as_str() {
            "pageSize" => set(query, &key, "limit", &value)?,
            "paging" => {
                paging = match string(&key, &value)?.as_str() {
                    "offset" => Paging::Offset,
                    "marker" => Paging::Marker,
                    _ => {
                        return Err(Error::invalid_input(
                            "paging",
                            "must be \"offset\" or \"marker\"",
                        ))
                    }
                };
                query
            }
            "signal" => {
                request = request.signal(signal(&value)?);
                query
            }
            _ => return Err(unknown(&key, &ITERATE_KEYS)),
        };
    }
    if !query.has_limit() {
        query = query.limit(DEFAULT_PAGE_SIZE);
    }
    query
        .validate()
        .map_err(|error| error.rename_input(&ITERATE_NAMES))?;
    Ok((query, paging, request))
}

/// `listPolicies()` options.
pub(crate) fn list_policies(options: &JsValue) -> Result<RequestOptions, Error> {
    let mut request = RequestOptions::new();
    for (key, value) in entries(options, "options")? {
        match key.as_str() {
            "signal" => request = request.signal(signal(&value)?),
            _ => return Err(unknown(&key, &["signal"])),
        }
    }
    Ok(request)
}

/// A policy ID argument: a non-empty string.
pub(crate) fn policy_id(value: &JsValue) -> Result<String, Error> {
    let id = string("policyId", value)?;
    if id.trim().is_empty() {
        return Err(Error::invalid_input("policyId", "must not be empty"));
    }
    Ok(id)
}

const CLIENT_KEYS: [&str; 8] = [
    "endpoint",
    "projectId",
    "token",
    "accessKey",
    "secretKey",
    "securityToken",
    "timeoutMs",
    "retries",
];

/// The most retries a client may be configured with.
const MAX_RETRIES: u32 = 10;

/// `new VbsClient(options)`.
pub(crate) fn client(options: &JsValue) -> Result<Client, Error> {
    if options.is_undefined() || options.is_null() {
        return Err(Error::invalid_input(
            "options",
            "are required: at least { endpoint, projectId }",
        ));
    }
    let (mut endpoint, mut project_id, mut token) = (None, None, None);
    let (mut access_key, mut secret_key, mut security_token) = (None, None, None);
    let (mut timeout, mut retries) = (None, None);
    for (key, value) in entries(options, "options")? {
        match key.as_str() {
            "endpoint" => endpoint = Some(string(&key, &value)?),
            "projectId" => project_id = Some(string(&key, &value)?),
            "token" => token = Some(string(&key, &value)?),
            "accessKey" => access_key = Some(string(&key, &value)?),
            "secretKey" => secret_key = Some(string(&key, &value)?),
            "securityToken" => security_token = Some(string(&key, &value)?),
            "timeoutMs" => {
                let ms = value.as_f64().filter(|ms| *ms > 0.0).ok_or_else(|| {
                    Error::invalid_input(
                        "timeoutMs",
                        "must be a positive number of milliseconds (Infinity for none)",
                    )
                })?;
                timeout = Some(if ms.is_finite() {
                    Some(Duration::from_millis(ms.ceil().min(u64::MAX as f64) as u64))
                } else {
                    None
                });
            }
            "retries" => {
                let count = value
                    .as_f64()
                    .filter(|n| n.fract() == 0.0 && (0.0..=f64::from(MAX_RETRIES)).contains(n))
                    .ok_or_else(|| {
                        Error::invalid_input(
                            "retries",
                            format!("must be a whole number from 0 to {MAX_RETRIES}"),
                        )
                    })?;
                retries = Some(count as u32);
            }
            _ => return Err(unknown(&key, &CLIENT_KEYS)),
        }
    }
    let endpoint =
        endpoint.ok_or_else(|| Error::invalid_input("endpoint", "is required (a base URL)"))?;
    let project_id = project_id.ok_or_else(|| Error::invalid_input("projectId", "is required"))?;
    if project_id.trim().is_empty() {
        return Err(Error::invalid_input("projectId", "must not be empty"));
    }
    let mut client = Client::new(endpoint, project_id);
    match (token, access_key, secret_key) {
        (Some(_), Some(_), _) | (Some(_), _, Some(_)) => {
            return Err(Error::invalid_input(
                "token",
                "give either a token or an accessKey and secretKey, not both",
            ))
        }
        (Some(token), None, None) => {
            if token.trim().is_empty() {
                return Err(Error::invalid_input("token", "must not be empty"));
            }
            client = client.token(token);
        }
        (None, Some(access_key), Some(secret_key)) => {
            if access_key.trim().is_empty() {
                return Err(Error::invalid_input("accessKey", "must not be empty"));
            }
            if secret_key.is_empty() {
                return Err(Error::invalid_input("secretKey", "must not be empty"));
            }
            let signer = Signer::new(access_key, secret_key);
            client = client.signer(match security_token.take() {
                Some(token) => signer.with_security_token(token),
                None => signer,
            });
        }
        (None, Some(_), None) => {
            return Err(Error::invalid_input(
                "secretKey",
                "is required with accessKey",
            ))
        }
        (None, None, Some(_)) => {
            return Err(Error::invalid_input(
                "accessKey",
                "is required with secretKey",
            ))
        }
        (None, None, None) => {}
    }
    if security_token.is_some() {
        return Err(Error::invalid_input(
            "securityToken",
            "is only used with accessKey and secretKey",
        ));
    }
    match timeout {
        Some(Some(timeout)) => client = client.timeout(timeout),
        Some(None) => client = client.no_timeout(),
        None => {}
    }
    if let Some(retries) = retries {
        client = client.attempts(retries + 1);
    }
    client
        .check()
        .map_err(|error| error.rename_input(&CLIENT_NAMES))?;
    Ok(client)
}

/// The transport's names of the client's options, as JavaScript spells them.
const CLIENT_NAMES: [(&str, &str); 4] = [
    ("access_key", "accessKey"),
    ("secret_key", "secretKey"),
    ("security_token", "securityToken"),
    ("project_id", "projectId"),
];
