//! Reading options objects: serde, through serde-wasm-bindgen, into the structs below
//! (`deny_unknown_fields`, camelCase keys).
//!
//! An options object is first copied, key by key, into a plain object of its own defined values
//! ([`snapshot`]): a getter that throws or a `Proxy` becomes an `invalid_input` error there instead
//! of an exception unwinding through the wasm, and `undefined` counts as absent, as TypeScript's
//! optional properties mean. A key the call does not take is refused there too, and serde then
//! reads that copy's entries ([`Entries`], which remembers the key it is at): a value of the wrong
//! type is refused naming its key, in the façade's words (each call's [`Fields`] table). Query
//! options then go through [`TaskQuery::set`] (CBR's: [`crate::OpLogQuery::set`], in `cbr.rs`)
//! with their wire text and the query's `validate`: the same rules, and wording, the emulator
//! reads a query string with. Everything is refused before any request.

use std::time::Duration;

use js_sys::{Array, Object, Reflect};
use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};
use serde::Deserialize;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::AbortSignal;

use crate::core::error::Error;
use crate::core::query::{list, TaskQuery};
use crate::core::sign::Signer;
use crate::transport::{Client, Paging, RequestOptions};

mod cbr;

pub(crate) use cbr::{
    list_cbr_policies, list_operation_logs, list_vaults, operation_log_id, operation_logs,
};

/// Tasks per request of `tasks()` / `pages()` when `pageSize` is not given.
const DEFAULT_PAGE_SIZE: u32 = 100;

/// The most retries a client may be configured with.
const MAX_RETRIES: u32 = 10;

const MUST_BE_A_STRING: &str = "must be a string";
const MUST_BE_A_NUMBER: &str = "must be a number";
const MUST_BE_A_SIGNAL: &str = "must be an AbortSignal";

/// The keys of one options struct, in the order an unknown key's error lists them, each with what
/// its value must be (the error for a value of the wrong type).
type Fields = [(&'static str, &'static str)];

#[wasm_bindgen]
extern "C" {
    /// `Object.keys`, whose exception (a `Proxy`'s `ownKeys` trap) is returned, not unwound.
    #[wasm_bindgen(js_namespace = Object, js_name = keys, catch)]
    fn object_keys(object: &JsValue) -> Result<Array, JsValue>;

    /// `Array.isArray`, whose exception (a revoked `Proxy`) is returned, not unwound.
    #[wasm_bindgen(js_namespace = Array, js_name = isArray, catch)]
    fn is_array(value: &JsValue) -> Result<bool, JsValue>;
}

/// The one option whose value is an `AbortSignal`.
const SIGNAL: &str = "signal";

/// The options whose value may be an object: the signal, and CBR's time bounds (a `Date`).
const OBJECT_OPTIONS: [&str; 3] = [SIGNAL, cbr::START_TIME, cbr::END_TIME];

/// A key as an error names it: at most 40 characters of what the caller wrote.
fn shown(key: &str) -> String {
    key.chars().take(40).collect()
}

/// The own enumerable keys of `options` with a defined value, copied into a new plain object;
/// `undefined`/`null` options are an empty one.
///
/// An object given for any option but those of [`OBJECT_OPTIONS`] is copied as `null`: it is the
/// wrong type there, as `null` is, and serde-wasm-bindgen would look into it (its entries, a
/// description for its error message), where a `Proxy` or a throwing getter could throw through
/// the wasm. Those kept are read by their own checks, which never throw ([`signal`], `cbr.rs`).
fn snapshot(options: &JsValue) -> Result<Object, Error> {
    let copy = Object::new();
    if options.is_undefined() || options.is_null() {
        return Ok(copy);
    }
    let not_an_object = || Error::invalid_input("options", "must be an object");
    if !options.is_object() || options.is_function() {
        return Err(not_an_object());
    }
    let unreadable = || Error::invalid_input("options", "could not be read");
    if is_array(options).map_err(|_| unreadable())? {
        return Err(not_an_object());
    }
    let keys = object_keys(options).map_err(|_| unreadable())?;
    for key in keys.iter() {
        let Some(name) = key.as_string() else {
            continue;
        };
        let value = Reflect::get(options, &key)
            .map_err(|_| Error::invalid_input(shown(&name), "could not be read"))?;
        if value.is_undefined() {
            continue;
        }
        let value = if !OBJECT_OPTIONS.contains(&name.as_str())
            && (value.is_object() || value.is_function())
        {
            JsValue::NULL
        } else {
            value
        };
        // Defining a data property on a fresh plain object cannot fail.
        let _ = Reflect::set(&copy, &key, &value);
    }
    Ok(copy)
}

/// The error for a key that is not one of `fields`.
fn not_an_option(key: &str, fields: &Fields) -> Error {
    Error::invalid_input(
        shown(key),
        format!(
            "is not an option; expected one of {}",
            list(&fields.iter().map(|(name, _)| *name).collect::<Vec<_>>())
        ),
    )
}

/// Reads `options` into `T`; a key not in `fields` or a value of the wrong type is an
/// `invalid_input` error naming the key, worded by `fields`. The keys are checked against
/// `fields`, not only by `T`, so that calls taking some of one struct's keys share it.
fn read<T: DeserializeOwned>(options: &JsValue, fields: &Fields) -> Result<T, Error> {
    let copy = snapshot(options)?;
    for key in Object::keys(&copy).iter() {
        let key = key.as_string().unwrap_or_default();
        if !fields.iter().any(|(name, _)| *name == key) {
            return Err(not_an_option(&key, fields));
        }
    }
    let mut entries = Entries {
        entries: Object::entries(&copy).into_iter(),
        key: None,
        value: None,
    };
    T::deserialize(&mut entries).map_err(|_| {
        let Some(key) = entries.key else {
            return Error::invalid_input("options", "could not be read");
        };
        match fields.iter().find(|(name, _)| *name == key) {
            Some((name, expected)) => Error::invalid_input(*name, *expected),
            None => not_an_option(&key, fields),
        }
    })
}

/// The entries of an options object's copy, read as a map whose values serde-wasm-bindgen
/// deserializes. It reads a struct from a JavaScript object by looking up the declared fields
/// only, which would let an unknown key pass unseen: `deny_unknown_fields` needs to see every key.
/// The key being read is kept, to name it when serde refuses the key or its value.
struct Entries {
    entries: js_sys::ArrayIntoIter,
    key: Option<String>,
    value: Option<JsValue>,
}

impl<'de> de::Deserializer<'de> for &mut Entries {
    type Error = serde_wasm_bindgen::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_map(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option
        unit unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier
        ignored_any
    }
}

impl<'de> de::MapAccess<'de> for Entries {
    type Error = serde_wasm_bindgen::Error;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        let Some(entry) = self.entries.next() else {
            return Ok(None);
        };
        // `Object.entries` gives `[key, value]` pairs with string keys.
        let entry: Array = entry.unchecked_into();
        let key = entry.get(0).as_string().unwrap_or_default();
        self.value = Some(entry.get(1));
        self.key = Some(key.clone());
        seed.deserialize(key.into_deserializer()).map(Some)
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Self::Error> {
        let value = self.value.take().unwrap_or(JsValue::UNDEFINED);
        seed.deserialize(serde_wasm_bindgen::Deserializer::from(value))
    }
}

/// A value that is there: unlike `Option`'s own reading, `null` is a value of the wrong type.
fn given<'de, D: de::Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    T::deserialize(deserializer).map(Some)
}

/// A JavaScript value kept as it is (the `signal`), checked by [`signal`] after.
fn given_value<'de, D: de::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<JsValue>, D::Error> {
    serde_wasm_bindgen::preserve::deserialize(deserializer).map(Some)
}

/// The `signal` option: an `AbortSignal`, whose `aborted` reads as a boolean (a `Proxy` of one
/// passes `instanceof`, and would throw at its first use).
fn signal(value: JsValue) -> Result<AbortSignal, Error> {
    let readable = Reflect::get(&value, &JsValue::from_str("aborted"))
        .is_ok_and(|aborted| aborted.as_bool().is_some());
    value
        .dyn_into::<AbortSignal>()
        .ok()
        .filter(|_| readable)
        .ok_or_else(|| Error::invalid_input(SIGNAL, MUST_BE_A_SIGNAL))
}

fn request_options(signal_value: Option<JsValue>) -> Result<RequestOptions, Error> {
    Ok(match signal_value {
        Some(value) => RequestOptions::new().signal(signal(value)?),
        None => RequestOptions::new(),
    })
}

/// A number's wire text: whole numbers without a fraction, anything else as JavaScript prints it
/// (so that the core refuses it with its own wording: `"1.5" is not a whole number`). JavaScript's
/// own `toString`, not Rust's float formatting, which would be 14 KB of the package for this alone.
fn number_text(number: f64) -> String {
    if number.is_finite() && number.fract() == 0.0 && number.abs() < 9.0e15 {
        (number as i64).to_string()
    } else {
        js_sys::Number::from(number)
            .to_string_with_radix(10)
            .map(String::from)
            .unwrap_or_default()
    }
}

/// Sets each given query option on `query`, in this order: `(JavaScript key, query parameter,
/// wire text)`; a refused value is named by its JavaScript key.
fn set_all(
    mut query: TaskQuery,
    values: impl IntoIterator<Item = (&'static str, &'static str, Option<String>)>,
) -> Result<TaskQuery, Error> {
    for (js_key, wire_key, value) in values {
        if let Some(value) = value {
            query = query
                .set(wire_key, &value)
                .map_err(|error| error.rename_input(&[(wire_key, js_key)]))?;
        }
    }
    Ok(query)
}

/// Options of `listTasks()`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ListTasksOptions {
    #[serde(default, deserialize_with = "given")]
    status: Option<String>,
    #[serde(default, deserialize_with = "given")]
    job_id: Option<String>,
    #[serde(default, deserialize_with = "given")]
    sort_dir: Option<String>,
    #[serde(default, deserialize_with = "given")]
    sort_key: Option<String>,
    #[serde(default, deserialize_with = "given")]
    limit: Option<f64>,
    #[serde(default, deserialize_with = "given")]
    offset: Option<f64>,
    #[serde(default, deserialize_with = "given")]
    marker: Option<String>,
    #[serde(default, deserialize_with = "given_value")]
    signal: Option<JsValue>,
}

const LIST_TASKS_FIELDS: [(&str, &str); 8] = [
    ("status", MUST_BE_A_STRING),
    ("jobId", MUST_BE_A_STRING),
    ("sortDir", MUST_BE_A_STRING),
    ("sortKey", MUST_BE_A_STRING),
    ("limit", MUST_BE_A_NUMBER),
    ("offset", MUST_BE_A_NUMBER),
    ("marker", MUST_BE_A_STRING),
    (SIGNAL, MUST_BE_A_SIGNAL),
];
const LIST_TASKS_NAMES: [(&str, &str); 3] = [
    ("job_id", "jobId"),
    ("sort_dir", "sortDir"),
    ("sort_key", "sortKey"),
];

/// `listTasks()` options: the query and the request options.
pub(crate) fn list_tasks(options: &JsValue) -> Result<(TaskQuery, RequestOptions), Error> {
    let options: ListTasksOptions = read(options, &LIST_TASKS_FIELDS)?;
    let query = set_all(
        TaskQuery::new(),
        [
            ("status", "status", options.status),
            ("jobId", "job_id", options.job_id),
            ("sortDir", "sort_dir", options.sort_dir),
            ("sortKey", "sort_key", options.sort_key),
            ("limit", "limit", options.limit.map(number_text)),
            ("offset", "offset", options.offset.map(number_text)),
            ("marker", "marker", options.marker),
        ],
    )?;
    query
        .validate()
        .map_err(|error| error.rename_input(&LIST_TASKS_NAMES))?;
    Ok((query, request_options(options.signal)?))
}

/// How `tasks()` and `pages()` move from one page to the next, as JavaScript spells it.
#[derive(Deserialize)]
#[serde(rename_all = "lowercase")]
enum PagingOption {
    Offset,
    Marker,
}

/// Options of `tasks()` and `pages()`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct IterateOptions {
    #[serde(default, deserialize_with = "given")]
    status: Option<String>,
    #[serde(default, deserialize_with = "given")]
    job_id: Option<String>,
    #[serde(default, deserialize_with = "given")]
    sort_dir: Option<String>,
    #[serde(default, deserialize_with = "given")]
    sort_key: Option<String>,
    #[serde(default, deserialize_with = "given")]
    page_size: Option<f64>,
    #[serde(default, deserialize_with = "given")]
    paging: Option<PagingOption>,
    #[serde(default, deserialize_with = "given_value")]
    signal: Option<JsValue>,
}

const ITERATE_FIELDS: [(&str, &str); 7] = [
    ("status", MUST_BE_A_STRING),
    ("jobId", MUST_BE_A_STRING),
    ("sortDir", MUST_BE_A_STRING),
    ("sortKey", MUST_BE_A_STRING),
    ("pageSize", MUST_BE_A_NUMBER),
    ("paging", "must be \"offset\" or \"marker\""),
    (SIGNAL, MUST_BE_A_SIGNAL),
];
const ITERATE_NAMES: [(&str, &str); 4] = [
    ("job_id", "jobId"),
    ("sort_dir", "sortDir"),
    ("sort_key", "sortKey"),
    ("limit", "pageSize"),
];

/// `tasks()` / `pages()` options: the first page's query, the paging mode and the request options.
pub(crate) fn iterate(options: &JsValue) -> Result<(TaskQuery, Paging, RequestOptions), Error> {
    let options: IterateOptions = read(options, &ITERATE_FIELDS)?;
    let mut query = set_all(
        TaskQuery::new(),
        [
            ("status", "status", options.status),
            ("jobId", "job_id", options.job_id),
            ("sortDir", "sort_dir", options.sort_dir),
            ("sortKey", "sort_key", options.sort_key),
        ],
    )?;
    query = match options.page_size {
        Some(size) => query
            .set("limit", &number_text(size))
            .map_err(|error| error.rename_input(&ITERATE_NAMES))?,
        None => query.limit(DEFAULT_PAGE_SIZE),
    };
    query
        .validate()
        .map_err(|error| error.rename_input(&ITERATE_NAMES))?;
    let paging = match options.paging {
        Some(PagingOption::Marker) => Paging::Marker,
        Some(PagingOption::Offset) | None => Paging::Offset,
    };
    Ok((query, paging, request_options(options.signal)?))
}

/// Options of the calls that take only a signal (`listPolicies()`, `showOperationLog()`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SignalOptions {
    #[serde(default, deserialize_with = "given_value")]
    signal: Option<JsValue>,
}

const SIGNAL_FIELDS: [(&str, &str); 1] = [(SIGNAL, MUST_BE_A_SIGNAL)];

/// The options of a call that takes only a signal.
pub(crate) fn signal_only(options: &JsValue) -> Result<RequestOptions, Error> {
    let options: SignalOptions = read(options, &SIGNAL_FIELDS)?;
    request_options(options.signal)
}

/// A policy ID argument: a non-empty string.
pub(crate) fn policy_id(value: &JsValue) -> Result<String, Error> {
    id_argument("policyId", value)
}

/// An ID argument named `name`: a non-empty string.
fn id_argument(name: &'static str, value: &JsValue) -> Result<String, Error> {
    let id = value
        .as_string()
        .ok_or_else(|| Error::invalid_input(name, MUST_BE_A_STRING))?;
    if id.trim().is_empty() {
        return Err(Error::invalid_input(name, "must not be empty"));
    }
    Ok(id)
}

/// Options of `new VbsClient(…)`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ClientOptions {
    #[serde(default, deserialize_with = "given")]
    endpoint: Option<String>,
    #[serde(default, deserialize_with = "given")]
    project_id: Option<String>,
    #[serde(default, deserialize_with = "given")]
    token: Option<String>,
    #[serde(default, deserialize_with = "given")]
    access_key: Option<String>,
    #[serde(default, deserialize_with = "given")]
    secret_key: Option<String>,
    #[serde(default, deserialize_with = "given")]
    security_token: Option<String>,
    #[serde(default, deserialize_with = "given")]
    timeout_ms: Option<f64>,
    #[serde(default, deserialize_with = "given")]
    retries: Option<f64>,
}

const TIMEOUT_MS: &str = "must be a positive number of milliseconds (Infinity for none)";
const RETRIES: &str = "must be a whole number from 0 to 10";
const _: () = assert!(MAX_RETRIES == 10, "RETRIES names the largest count");

const CLIENT_FIELDS: [(&str, &str); 8] = [
    ("endpoint", MUST_BE_A_STRING),
    ("projectId", MUST_BE_A_STRING),
    ("token", MUST_BE_A_STRING),
    ("accessKey", MUST_BE_A_STRING),
    ("secretKey", MUST_BE_A_STRING),
    ("securityToken", MUST_BE_A_STRING),
    ("timeoutMs", TIMEOUT_MS),
    ("retries", RETRIES),
];

/// The transport's names of the client's options, as JavaScript spells them.
const CLIENT_NAMES: [(&str, &str); 4] = [
    ("access_key", "accessKey"),
    ("secret_key", "secretKey"),
    ("security_token", "securityToken"),
    ("project_id", "projectId"),
];

/// `new VbsClient(options)`.
pub(crate) fn client(options: &JsValue) -> Result<Client, Error> {
    if options.is_undefined() || options.is_null() {
        return Err(Error::invalid_input(
            "options",
            "are required: at least { endpoint, projectId }",
        ));
    }
    let options: ClientOptions = read(options, &CLIENT_FIELDS)?;
    let endpoint = options
        .endpoint
        .ok_or_else(|| Error::invalid_input("endpoint", "is required (a base URL)"))?;
    let project_id = options
        .project_id
        .ok_or_else(|| Error::invalid_input("projectId", "is required"))?;
    if project_id.trim().is_empty() {
        return Err(Error::invalid_input("projectId", "must not be empty"));
    }
    let mut client = Client::new(endpoint, project_id);
    let mut security_token = options.security_token;
    match (options.token, options.access_key, options.secret_key) {
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
    if let Some(ms) = options.timeout_ms {
        if ms.is_nan() || ms <= 0.0 {
            return Err(Error::invalid_input("timeoutMs", TIMEOUT_MS));
        }
        client = if ms.is_finite() {
            client.timeout(Duration::from_millis(ms.ceil().min(u64::MAX as f64) as u64))
        } else {
            client.no_timeout()
        };
    }
    if let Some(count) = options.retries {
        if count.fract() != 0.0 || !(0.0..=f64::from(MAX_RETRIES)).contains(&count) {
            return Err(Error::invalid_input("retries", RETRIES));
        }
        client = client.attempts(count as u32 + 1);
    }
    client
        .check()
        .map_err(|error| error.rename_input(&CLIENT_NAMES))?;
    Ok(client)
}
