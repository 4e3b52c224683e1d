//! One attempt: resolve the URL, set the headers (signing with AK/SK where configured), send,
//! read the body, and turn whatever happens into a [`crate::Error`].
//!
//! Every attempt has its own `AbortController`, aborted (without a reason) when the attempt's
//! future is dropped: a timeout, a caller's abort, a dropped call future or a dropped stream all
//! end the HTTP request. The caller's `AbortSignal` is never handed to `fetch` (see `cancel.rs`),
//! so whatever value a caller aborts with, `fetch` only ever sees an `AbortError`.
//!
//! The request is a `gloo_net::http::Request` and the answer a `gloo_net::http::Response`. Two
//! steps are this module's own, [`send`] and [`read_body`], because gloo-net 0.7's versions of them
//! can panic (which kills the whole wasm module) or drop what the user needs to know:
//!
//! - its `fetch` binding has no `catch`: where there is no global `fetch`, or a stub throws, the
//!   exception unwinds through the wasm instead of becoming an error;
//! - it turns a rejection into an error with `unreachable!` when the value is not an `Error` (a
//!   stubbed `fetch`, a body stream errored with a string), and `panic!`s when `fetch` resolves to
//!   something that is not a `Response`;
//! - its error keeps `name: message` only, and Node's `fetch` says just "fetch failed", with the
//!   reason (`ECONNREFUSED`, a DNS failure, a TLS error…) in the error's `cause`.
//!
//! The headers are set on a `web_sys::Headers` first, whose `set` reports a value it refuses;
//! gloo-net's `Headers::set` would throw.

use js_sys::{ArrayBuffer, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, Headers, RequestCache, Url};

use crate::core::error::{Error, CORS_HINT};
use crate::core::query::query_string;
use crate::core::sign::{Signer, SigningRequest};
use crate::core::time::Timestamp;

use super::cancel::now_ms;
use super::client::Auth;
use super::retry_policy::parse_retry_after;

/// Where one call goes, worked out once before any attempt.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    /// The absolute URL to fetch.
    pub url: String,
    /// The `Host` the browser will send (`host[:port]`), for signing.
    pub host: String,
    /// The path as the browser will send it (endpoint prefix included), for signing.
    pub path: String,
    /// The decoded query pairs, for signing.
    pub query: Vec<(String, String)>,
    /// Whether the URL's origin differs from the page's (a network error then gets the CORS hint).
    pub cross_origin: bool,
}

/// The page's `location.href` and `location.origin` (window or worker), if there is a page.
fn page_location() -> Option<(String, String)> {
    let location = Reflect::get(&js_sys::global(), &JsValue::from_str("location")).ok()?;
    if location.is_undefined() || location.is_null() {
        return None;
    }
    let read = |name: &str| {
        Reflect::get(&location, &JsValue::from_str(name))
            .ok()
            .and_then(|value| value.as_string())
    };
    Some((read("href")?, read("origin")?))
}

/// Whether `endpoint` is relative and there is no page yet to resolve it against (server-side
/// rendering): it can only be checked by the first call, made from a page.
pub(crate) fn unresolvable_yet(endpoint: &str) -> bool {
    page_location().is_none() && Url::new(endpoint.trim()).is_err()
}

impl Target {
    /// Resolves `endpoint` + the API path (encoded, from `ApiPath` or `CbrPath`) + the query's
    /// parameters (unencoded) against the page's location.
    ///
    /// Refused as invalid input: an endpoint with a query or fragment, one that is not an http(s)
    /// URL once resolved, one with a user name or password, or a relative endpoint where there is
    /// no page to resolve it against.
    pub fn new(
        endpoint: &str,
        path: &str,
        pairs: &[(&'static str, String)],
    ) -> Result<Self, Error> {
        let endpoint = endpoint.trim();
        if endpoint.contains(['?', '#']) {
            return Err(Error::invalid_input(
                "endpoint",
                "must be a base URL without a query or fragment",
            ));
        }
        let mut raw = format!("{}{path}", endpoint.trim_end_matches('/'));
        if !pairs.is_empty() {
            raw.push('?');
            raw.push_str(&query_string(pairs));
        }
        let query = pairs
            .iter()
            .map(|(key, value)| ((*key).to_owned(), value.clone()))
            .collect();
        let page = page_location();
        let url = match &page {
            Some((href, _)) => Url::new_with_base(&raw, href),
            None => Url::new(&raw),
        }
        .map_err(|_| {
            Error::invalid_input(
                "endpoint",
                if page.is_none() {
                    "is not an absolute URL, and there is no page location to resolve it against"
                } else {
                    "is not a URL"
                },
            )
        })?;
        let protocol = url.protocol();
        if protocol != "https:" && protocol != "http:" {
            return Err(Error::invalid_input(
                "endpoint",
                format!("must be an http or https URL, not {protocol}"),
            ));
        }
        // Checked on the parsed URL, whose errors never echo it: a password must not reach a
        // message (fetch's own refusal of such a URL quotes it whole).
        if !url.username().is_empty() || !url.password().is_empty() {
            return Err(Error::invalid_input(
                "endpoint",
                "must not carry a user name or password: give credentials as a token or an AK/SK",
            ));
        }
        let cross_origin = page
            .as_ref()
            .is_some_and(|(_, origin)| *origin != url.origin());
        Ok(Target {
            url: url.href(),
            host: url.host(),
            path: url.pathname(),
            query,
            cross_origin,
        })
    }
}

/// Aborts its controller when dropped, unless the attempt completed.
struct AbortOnDrop {
    controller: AbortController,
    done: bool,
}

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        if !self.done {
            // No reason given: `fetch` rejects with an `AbortError` DOMException.
            self.controller.abort();
        }
    }
}

/// A short text for a JavaScript error value.
pub(crate) fn js_reason(value: &JsValue) -> String {
    if let Some(error) = value.dyn_ref::<js_sys::Error>() {
        let name = String::from(error.name());
        let message = String::from(error.message());
        let text = if message.is_empty() {
            name
        } else {
            format!("{name}: {message}")
        };
        // Node's fetch says only "fetch failed"; the reason (ECONNREFUSED…) is in `cause`.
        let cause = Reflect::get(error, &JsValue::from_str("cause")).ok();
        let detail = cause.as_ref().and_then(|cause| {
            let field = |name: &str| {
                Reflect::get(cause, &JsValue::from_str(name))
                    .ok()
                    .and_then(|value| value.as_string())
                    .filter(|text| !text.is_empty())
            };
            field("message").or_else(|| field("code"))
        });
        return match detail {
            Some(detail) => format!("{text} ({detail})"),
            None => text,
        };
    }
    value
        .as_string()
        .unwrap_or_else(|| "the request failed".to_owned())
}

#[wasm_bindgen]
extern "C" {
    /// The global `fetch`: a window's, a worker's, or Node's (≥ 18), Deno's or Bun's. Whatever it
    /// throws or returns is handed back, never unwound through the wasm.
    #[wasm_bindgen(js_name = fetch, catch)]
    fn global_fetch(request: &web_sys::Request) -> Result<JsValue, JsValue>;

    /// `Promise.resolve`: a promise of whatever `fetch` returned, without calling into that value.
    #[wasm_bindgen(js_namespace = Promise, js_name = resolve, catch)]
    fn promise_resolve(value: &JsValue) -> Result<Promise, JsValue>;
}

/// The fetch API's globals this module calls, each checked before a request is built: gloo-net
/// calls `new Headers()` and `fetch` through bindings that would throw through the wasm without
/// them.
const FETCH_GLOBALS: [&str; 4] = ["fetch", "Request", "Headers", "AbortController"];

/// The first of [`FETCH_GLOBALS`] this JavaScript environment lacks, if any.
fn missing_fetch_global() -> Option<&'static str> {
    let global = js_sys::global();
    FETCH_GLOBALS.into_iter().find(|name| {
        !Reflect::get(&global, &JsValue::from_str(name)).is_ok_and(|value| value.is_function())
    })
}

fn no_fetch_api() -> Result<(), Error> {
    match missing_fetch_global() {
        Some(name) => Err(Error::network(
            format!("this JavaScript environment has no global {name}: the fetch API is needed"),
            None,
        )),
        None => Ok(()),
    }
}

fn set_header(headers: &Headers, name: &'static str, value: &str) -> Result<(), Error> {
    headers.set(name, value).map_err(|_| {
        Error::invalid_input(
            name,
            "is not a valid header value (printable ASCII expected)",
        )
    })
}

/// The request gloo-net sends for one attempt of `target`: a GET with the JSON `Accept`, the
/// credentials of `auth`, no HTTP cache, and the attempt's own abort signal.
fn build_request(
    target: &Target,
    auth: &Auth,
    signal: &AbortSignal,
) -> Result<gloo_net::http::Request, Error> {
    let headers = Headers::new().map_err(|e| Error::network(js_reason(&e), None))?;
    set_header(&headers, "Accept", "application/json")?;
    match auth {
        Auth::None => {}
        Auth::Token(token) => set_header(&headers, "X-Auth-Token", token)?,
        Auth::AkSk(signer) => {
            for (name, value) in sign(signer, target) {
                set_header(&headers, name, &value)?;
            }
        }
    }
    gloo_net::http::Request::get(&target.url)
        .headers(gloo_net::http::Headers::from_raw(headers))
        // Task lists change by the minute: never answer from (or fill) the browser's HTTP cache.
        .cache(RequestCache::NoStore)
        .abort_signal(Some(signal))
        .build()
        .map_err(|error| Error::invalid_input("endpoint", gloo_reason(&error)))
}

/// The text of a gloo-net error (building a request only fails with a `TypeError` of the fetch
/// API, e.g. a URL it refuses).
fn gloo_reason(error: &gloo_net::Error) -> String {
    match error {
        gloo_net::Error::JsError(error) if error.message.is_empty() => error.name.clone(),
        gloo_net::Error::JsError(error) => format!("{}: {}", error.name, error.message),
        gloo_net::Error::GlooError(text) => text.clone(),
    }
}

/// Sends `request` with the global `fetch`: gloo-net's `Request::send` without its three ways to
/// panic or lose the reason (see the module's docs). A rejection keeps its `cause` (Node) and gets
/// `hint` (the CORS advice of a cross-origin call); a value that is not a `Response` is an error.
async fn send(
    request: gloo_net::http::Request,
    hint: Option<&'static str>,
) -> Result<gloo_net::http::Response, Error> {
    let request = web_sys::Request::from(request);
    let fetching = global_fetch(&request)
        .and_then(|value| promise_resolve(&value))
        .map_err(|e| Error::network(js_reason(&e), None))?;
    let answer = JsFuture::from(fetching)
        .await
        .map_err(|e| Error::network(js_reason(&e), hint))?;
    answer
        .dyn_into::<web_sys::Response>()
        .map(gloo_net::http::Response::from)
        .map_err(|_| Error::network("fetch resolved to something that is not a Response", None))
}

/// Reads the whole body: gloo-net's `Response::binary` without its panic on a rejection that is
/// not an `Error`, and keeping the reason's `cause` (Node's "terminated" says why in it).
async fn read_body(response: gloo_net::http::Response) -> Result<Vec<u8>, Error> {
    let broke = |reason: &JsValue| {
        Error::network(
            format!(
                "the connection broke while reading the body: {}",
                js_reason(reason)
            ),
            None,
        )
    };
    let response = web_sys::Response::from(response);
    let reading = response.array_buffer().map_err(|e| broke(&e))?;
    let buffer = JsFuture::from(reading).await.map_err(|e| broke(&e))?;
    let buffer = buffer.dyn_into::<ArrayBuffer>().map_err(|_| {
        Error::network(
            "the body was read as something that is not an ArrayBuffer",
            None,
        )
    })?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// Sends one GET and reads the answer: the body of a 2xx, or the typed error of anything else.
pub(crate) async fn attempt(target: &Target, auth: &Auth) -> Result<Vec<u8>, Error> {
    no_fetch_api()?;
    let mut guard = AbortOnDrop {
        controller: AbortController::new().map_err(|e| Error::network(js_reason(&e), None))?,
        done: false,
    };
    let request = build_request(target, auth, &guard.controller.signal())?;
    let response = send(request, target.cross_origin.then_some(CORS_HINT)).await?;
    let status = response.status();
    // Readable cross-origin only when the server lists it in Access-Control-Expose-Headers.
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|value| parse_retry_after(&value, now_ms() as i64));
    let body = read_body(response).await?;
    guard.done = true;
    if (200..300).contains(&status) {
        Ok(body)
    } else {
        Err(Error::from_response(status, &body).with_retry_after(retry_after))
    }
}

/// The AK/SK headers for one attempt: `host` (as the browser will send it) and `x-sdk-date` signed.
fn sign(signer: &Signer, target: &Target) -> Vec<(&'static str, String)> {
    let request = SigningRequest {
        method: "GET",
        path: &target.path,
        query: target.query.clone(),
        headers: vec![("host".to_owned(), target.host.clone())],
        body: b"",
    };
    // The page's clock, through our own conversion: `time`'s `now_utc` on wasm divides an i128.
    let now = Timestamp::from_unix_millis(now_ms() as i64).unwrap_or(Timestamp::UNIX_EPOCH);
    signer.sign(&request, now.as_offset_date_time())
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;
    use crate::core::model::TaskStatus;
    use crate::core::query::{ApiPath, TaskQuery};
    use crate::core::sign::Authorization;

    #[wasm_bindgen_test]
    fn the_target_is_what_the_browser_will_send() {
        let path = ApiPath::tasks("p 1", "pol/é").unwrap();
        let query = TaskQuery::new()
            .status(TaskStatus::Waiting)
            .job_id("a b&c")
            .limit(5);
        let target = Target::new(
            "http://127.0.0.1:18081/proxy/",
            &path.to_path(),
            &query.to_pairs(),
        )
        .unwrap();
        assert_eq!(
            target.url,
            "http://127.0.0.1:18081/proxy/v2/p%201/backuppolicy/pol%2F%C3%A9/backuptasks\
             ?status=WAITING&job_id=a%20b%26c&limit=5"
        );
        assert_eq!(target.host, "127.0.0.1:18081");
        assert_eq!(
            target.path,
            "/proxy/v2/p%201/backuppolicy/pol%2F%C3%A9/backuptasks"
        );
        assert_eq!(target.query[1], ("job_id".to_owned(), "a b&c".to_owned()));
        // The default port is not part of Host.
        let target = Target::new("https://vbs.example.com:443", &path.to_path(), &[]).unwrap();
        assert_eq!(target.host, "vbs.example.com");
        assert!(!target.url.contains('?'));
    }

    /// The URL gloo-net sends: its `RequestBuilder` → `Request` conversion parses the URL and sets
    /// its query again, which must leave every byte as the signer saw it.
    #[wasm_bindgen_test]
    fn the_request_gloo_net_sends_has_the_url_the_signer_signed() {
        let path = ApiPath::tasks("p 1", "pol/é").unwrap();
        let queries = [
            TaskQuery::new()
                .status(TaskStatus::Waiting)
                .job_id("a b&c")
                .limit(5),
            TaskQuery::new()
                .job_id("~*'()!$+,;=:@/?#[]%é😀\"^`{|}<>")
                .marker("%41%zz"),
            TaskQuery::new(),
        ];
        let controller = AbortController::new().unwrap();
        let signer = Signer::new("AK", "SK-secret");
        for query in queries {
            let target = Target::new(
                "http://127.0.0.1:18081/proxy/",
                &path.to_path(),
                &query.to_pairs(),
            )
            .unwrap();
            let request = build_request(&target, &Auth::AkSk(signer.clone()), &controller.signal())
                .expect("a request");
            assert_eq!(request.url(), target.url);
            // The signature covers this exact path and query.
            let sent = url::parse(&request.url());
            assert_eq!(sent.0, target.path);
            assert_eq!(sent.1, query.to_query_string());
            let headers = request.headers();
            assert_eq!(headers.get("accept").as_deref(), Some("application/json"));
            assert!(headers.get("authorization").is_some());
            assert!(headers.get("x-sdk-date").is_some());
        }
        assert_eq!(
            Target::new(
                "http://127.0.0.1:18081/proxy/",
                &path.to_path(),
                &TaskQuery::new()
                    .status(TaskStatus::Waiting)
                    .job_id("a b&c")
                    .limit(5)
                    .to_pairs()
            )
            .unwrap()
            .url,
            "http://127.0.0.1:18081/proxy/v2/p%201/backuppolicy/pol%2F%C3%A9/backuptasks\
             ?status=WAITING&job_id=a%20b%26c&limit=5"
        );
    }

    /// The path and the query (without `?`) of a URL, as sent.
    mod url {
        pub fn parse(href: &str) -> (String, String) {
            let url = web_sys::Url::new(href).unwrap();
            let search = url.search();
            (
                url.pathname(),
                search.strip_prefix('?').unwrap_or(&search).to_owned(),
            )
        }
    }

    #[wasm_bindgen_test]
    fn a_token_that_is_no_header_value_is_refused_not_thrown() {
        let path = ApiPath::policies("p").unwrap();
        let target = Target::new("http://127.0.0.1:9", &path.to_path(), &[]).unwrap();
        let controller = AbortController::new().unwrap();
        let err = build_request(&target, &Auth::Token("a\nb".into()), &controller.signal())
            .expect_err("a line break cannot be sent");
        assert_eq!(err.field(), Some("X-Auth-Token"), "{err}");
    }

    #[wasm_bindgen_test]
    fn endpoints_that_cannot_be_sent_to_are_refused() {
        let path = ApiPath::policies("p").unwrap();
        for endpoint in ["ftp://h", "http://h/?a=1", "http://h/#x", "http://[bad"] {
            let err = Target::new(endpoint, &path.to_path(), &[]).unwrap_err();
            assert_eq!(err.field(), Some("endpoint"), "{endpoint}: {err}");
        }
        let err = Target::new("http://me:pw-1234@h", &path.to_path(), &[]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid endpoint: must not carry a user name or password: give credentials as a \
             token or an AK/SK"
        );
    }

    #[wasm_bindgen_test]
    fn ak_sk_signs_host_and_date_and_the_server_side_verifies() {
        let path = ApiPath::tasks("proj", "pol").unwrap();
        let query = TaskQuery::new().marker("m 1").limit(3);
        let target =
            Target::new("http://127.0.0.1:18081", &path.to_path(), &query.to_pairs()).unwrap();
        let signer = Signer::new("AK", "SK-secret");
        let headers = sign(&signer, &target);
        let get = |name: &str| {
            headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.clone())
        };
        let authorization = Authorization::parse(&get("authorization").unwrap()).unwrap();
        assert_eq!(authorization.signed_headers, ["host", "x-sdk-date"]);
        let date = get("x-sdk-date").unwrap();
        let received = |name: &str| match name {
            "host" => Some("127.0.0.1:18081".to_owned()),
            "x-sdk-date" => Some(date.clone()),
            _ => None,
        };
        signer
            .verify(
                "GET",
                &target.path,
                target.query.clone(),
                &authorization,
                received,
                b"",
            )
            .unwrap();
        // Signed for another host, the same headers do not verify.
        let elsewhere = |name: &str| match name {
            "host" => Some("127.0.0.1:18080".to_owned()),
            _ => received(name),
        };
        assert!(signer
            .verify(
                "GET",
                &target.path,
                target.query.clone(),
                &authorization,
                elsewhere,
                b""
            )
            .is_err());
    }
}
