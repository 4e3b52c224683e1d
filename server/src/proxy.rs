//! Proxy mode: forwards the API's two GETs to a real region, signed with AK/SK held by the server.
//!
//! Only requests the core parses as one of the two paths (and, for tasks, whose query the core's
//! `TaskQuery` accepts) are forwarded; the upstream URL is rebuilt from those parsed values, never
//! from the raw request, so nothing the page sends can steer the proxy elsewhere.

use std::time::Duration;

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use time::OffsetDateTime;
use vbs_tasks::core::cbr::{CbrPath, OpLogQuery};
use vbs_tasks::core::query::encode_component;
use vbs_tasks::core::sign::{is_header_safe, SigningRequest};
use vbs_tasks::{ApiPath, Signer, TaskQuery};

use crate::api_error::ApiError;

/// The largest upstream body passed on.
pub const MAX_UPSTREAM_BODY: usize = 32 * 1024 * 1024;

/// The forwarding side of the server.
#[derive(Debug)]
pub struct Proxy {
    base: reqwest::Url,
    host: String,
    /// CBR's endpoint, when this target serves CBR too (`/v3/…`).
    cbr: Option<(reqwest::Url, String)>,
    /// Whether `/v2/…` is forwarded (a target's `services` may leave VBS out).
    vbs: bool,
    signer: Option<Signer>,
    client: reqwest::Client,
}

/// Why a proxy could not be set up.
#[derive(Debug)]
pub struct SetupError(pub String);

impl std::fmt::Display for SetupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Proxy {
    /// A proxy to `upstream` (scheme and host, no path), signing with `signer` when given.
    pub fn new(
        upstream: &str,
        signer: Option<Signer>,
        timeout: Duration,
    ) -> Result<Self, SetupError> {
        let (base, host) = origin(upstream)?;
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|err| SetupError(format!("cannot build the HTTP client: {err}")))?;
        Ok(Proxy {
            base,
            host,
            cbr: None,
            vbs: true,
            signer,
            client,
        })
    }

    /// The same proxy, forwarding VBS's GETs only if `vbs`.
    pub fn serving_vbs(mut self, vbs: bool) -> Self {
        self.vbs = vbs;
        self
    }

    /// The same proxy forwarding CBR's four GETs (`/v3/…`) to `cbr_upstream` too.
    pub fn with_cbr(mut self, cbr_upstream: &str) -> Result<Self, SetupError> {
        self.cbr = Some(origin(cbr_upstream)?);
        Ok(self)
    }

    /// CBR's upstream origin, when CBR is served.
    pub fn cbr_upstream(&self) -> Option<&str> {
        self.cbr
            .as_ref()
            .map(|(base, _)| base.as_str().trim_end_matches('/'))
    }

    /// Whether the proxy signs (so a page needs no credentials).
    pub fn signs(&self) -> bool {
        self.signer.is_some()
    }

    /// The upstream's origin, for the banner.
    pub fn upstream(&self) -> &str {
        self.base.as_str().trim_end_matches('/')
    }

    /// Forwards one GET already parsed as `path`.
    pub async fn forward(&self, path: &ApiPath, raw_query: &str, incoming: &HeaderMap) -> Response {
        if !self.vbs {
            return ApiError::no_such_api().into_response();
        }
        let query = match path {
            ApiPath::Policies { .. } => TaskQuery::new(),
            ApiPath::Tasks { .. } => match TaskQuery::from_query_str(raw_query) {
                Ok(query) => query,
                Err(err) => return ApiError::invalid_parameter(err).into_response(),
            },
        };
        // The signature covers the same pairs the URL carries, taken from the query, not re-parsed.
        let pairs: Vec<(String, String)> = query
            .to_pairs()
            .into_iter()
            .map(|(key, value)| (key.to_owned(), value))
            .collect();
        let upstream = (&self.base, self.host.as_str());
        self.send(
            upstream,
            &path.to_path(),
            pairs,
            path.project_id(),
            incoming,
        )
        .await
    }

    /// Forwards one CBR GET already parsed as `path` to the CBR endpoint, rebuilt from the
    /// parsed path and the parameters each call documents (the task list's through the core's
    /// `OpLogQuery`); a target without CBR knows no such API.
    pub async fn forward_cbr(
        &self,
        path: &CbrPath,
        raw_query: &str,
        incoming: &HeaderMap,
    ) -> Response {
        let Some((base, host)) = &self.cbr else {
            return ApiError::no_such_api().into_response();
        };
        let pairs: Vec<(String, String)> = match path {
            CbrPath::OperationLogs { .. } => match OpLogQuery::from_query_str(raw_query) {
                Ok(query) => query
                    .to_pairs()
                    .into_iter()
                    .map(|(key, value)| (key.to_owned(), value))
                    .collect(),
                Err(err) => return ApiError::cbr_invalid_parameter(err).into_response(),
            },
            CbrPath::Policies { .. } => {
                documented_pairs(raw_query, &["operation_type", "vault_id"])
            }
            CbrPath::Vaults { .. } => documented_pairs(raw_query, &VAULT_KEYS),
            _ => Vec::new(),
        };
        self.send(
            (base, host),
            &path.to_path(),
            pairs,
            path.project_id(),
            incoming,
        )
        .await
    }

    /// Sends a GET of `encoded_path` with the (decoded) `pairs` as its query to `upstream`,
    /// signed when the proxy has keys, and relays the answer.
    async fn send(
        &self,
        (base, host): (&reqwest::Url, &str),
        encoded_path: &str,
        pairs: Vec<(String, String)>,
        project_id: &str,
        incoming: &HeaderMap,
    ) -> Response {
        let mut url = base.clone();
        url.set_path(encoded_path);
        let query = query_string(&pairs);
        url.set_query(Some(query.as_str()).filter(|q| !q.is_empty()));

        let mut request = self
            .client
            .get(url)
            .header(header::ACCEPT, "application/json")
            // The body is relayed as it comes: it must not come compressed (without this header
            // any coding is acceptable, RFC 9110 §12.5.3).
            .header(header::ACCEPT_ENCODING, "identity");
        // X-Project-Id is optional; a project ID a header cannot carry (real ones are hex) goes in
        // the path only, and the upstream answers for it as for any unknown project.
        let project_header = Some(project_id).filter(|id| is_header_safe(id));
        if let Some(project_id) = project_header {
            request = request.header("X-Project-Id", project_id);
        }
        match &self.signer {
            Some(signer) => {
                let signing = SigningRequest {
                    method: "GET",
                    path: encoded_path,
                    query: pairs,
                    headers: std::iter::once(("host".to_owned(), host.to_owned()))
                        .chain(project_header.map(|id| ("x-project-id".to_owned(), id.to_owned())))
                        .collect(),
                    body: b"",
                };
                for (name, value) in signer.sign(&signing, OffsetDateTime::now_utc()) {
                    request = request.header(name, value);
                }
            }
            None => {
                // Without server-side keys, a page's own token is passed on (and nothing else).
                if let Some(token) = incoming.get("x-auth-token") {
                    request = request.header("X-Auth-Token", token.clone());
                }
            }
        }

        let response = match request.send().await {
            Ok(response) => response,
            Err(err) if err.is_timeout() => return upstream_timeout(),
            Err(err) => {
                let cause = root_cause(&err);
                tracing::warn!("upstream {}: {cause}", self.upstream());
                return ApiError::upstream(
                    StatusCode::BAD_GATEWAY,
                    format!("The upstream could not be reached: {cause}."),
                )
                .into_response();
            }
        };
        let secrets = self
            .signer
            .as_ref()
            .map(Signer::secrets)
            .unwrap_or_default();
        relay(response, &secrets).await
    }
}

/// An upstream origin (scheme and host, no path) and its `host` as signed.
fn origin(upstream: &str) -> Result<(reqwest::Url, String), SetupError> {
    let base = reqwest::Url::parse(upstream)
        .map_err(|err| SetupError(format!("--upstream {upstream:?} is not a URL: {err}")))?;
    // Checked first, so that no message below repeats a password given here.
    if !base.username().is_empty() || base.password().is_some() {
        return Err(SetupError(
            "--upstream must not carry a user name or password: the proxy signs with \
             HUAWEICLOUD_SDK_AK / HUAWEICLOUD_SDK_SK"
                .into(),
        ));
    }
    if !matches!(base.scheme(), "http" | "https") || base.host_str().is_none() {
        return Err(SetupError(format!(
            "--upstream {upstream:?} must be an http(s) URL with a host"
        )));
    }
    if base.path() != "/" || base.query().is_some() {
        return Err(SetupError(format!(
            "--upstream {upstream:?} must have no path or query"
        )));
    }
    let host = match (base.host_str(), base.port()) {
        (Some(host), Some(port)) => format!("{host}:{port}"),
        (Some(host), None) => host.to_owned(),
        (None, _) => unreachable!("checked above"),
    };
    Ok((base, host))
}

/// The parameters of `GET /v3/{project_id}/vaults` the proxy passes on (contract §8).
const VAULT_KEYS: [&str; 9] = [
    "policy_id",
    "limit",
    "offset",
    "name",
    "cloud_type",
    "protect_type",
    "object_type",
    "enterprise_project_id",
    "resource_ids",
];

/// The pairs of `raw_query` whose keys are in `keys`, first value of each: what the proxy
/// forwards of a policy or vault list (the upstream validates the values).
fn documented_pairs(raw_query: &str, keys: &[&str]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    for (key, value) in crate::auth::form_pairs(raw_query) {
        if keys.contains(&key.as_str()) && !pairs.iter().any(|(k, _)| *k == key) {
            pairs.push((key, value));
        }
    }
    pairs
}

/// `pairs` encoded as a query string, each part as the core's signer encodes it.
fn query_string(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(key, value)| format!("{}={}", encode_component(key), encode_component(value)))
        .collect::<Vec<_>>()
        .join("&")
}

fn upstream_timeout() -> Response {
    ApiError::upstream(
        StatusCode::GATEWAY_TIMEOUT,
        "The upstream did not answer in time.",
    )
    .into_response()
}

/// The innermost cause of a failed request ("Connection refused (os error 111)", "failed to
/// lookup address information: …"): what an operator can act on. The request's URL, which
/// reqwest's own message repeats, is left out (the banner names the upstream).
pub fn root_cause(err: &reqwest::Error) -> String {
    let mut cause: &dyn std::error::Error = err;
    while let Some(source) = cause.source() {
        cause = source;
    }
    cause.to_string()
}

/// The statuses a page is given as they are. A redirect is not followed (it would not be signed
/// for its target), a 407 is about a proxy on the way rather than the API (and a browser's fetch
/// fails on it), and a code outside HTTP's is no answer at all: each becomes a 502 that says so.
fn relayed_status(status: u16, location: Option<&str>) -> Result<StatusCode, String> {
    match status {
        200..=299 | 400..=406 | 408..=599 => {
            StatusCode::from_u16(status).map_err(|_| format!("HTTP {status}"))
        }
        300..=399 => Err(format!(
            "The upstream redirected (HTTP {status}) to {}: give --upstream the region's endpoint itself.",
            location.unwrap_or("nowhere")
        )),
        407 => Err(
            "An HTTP proxy between vbs-server and the upstream asks for authentication (HTTP 407)."
                .into(),
        ),
        _ => Err(format!("The upstream answered with HTTP {status}, which is not an answer the API gives.")),
    }
}

/// Passes an upstream answer on: status, body (bounded; an error's body without the proxy's own
/// secrets, should the upstream echo them), and the headers a client needs.
async fn relay(mut response: reqwest::Response, secrets: &[&str]) -> Response {
    let location = response
        .headers()
        .get(header::LOCATION)
        .and_then(|value| value.to_str().ok());
    let status = match relayed_status(response.status().as_u16(), location) {
        Ok(status) => status,
        Err(reason) => return ApiError::upstream(StatusCode::BAD_GATEWAY, reason).into_response(),
    };

    let mut kept = HeaderMap::new();
    // X-Request-Id names the answer for the cloud's support, and for the audit log.
    let request_id = header::HeaderName::from_static("x-request-id");
    for name in [header::CONTENT_TYPE, header::RETRY_AFTER, request_id] {
        if let Some(value) = response.headers().get(name.as_str()) {
            if let Ok(value) = HeaderValue::from_bytes(value.as_bytes()) {
                kept.insert(name, value);
            }
        }
    }
    let mut body = match read_bounded(&mut response, MAX_UPSTREAM_BODY).await {
        Ok(body) => body,
        Err(BodyError::TooLarge) => {
            return ApiError::upstream(StatusCode::BAD_GATEWAY, "The upstream answer is too large.")
                .into_response()
        }
        Err(BodyError::TimedOut) => return upstream_timeout(),
        Err(BodyError::CutOff) => {
            return ApiError::upstream(StatusCode::BAD_GATEWAY, "The upstream answer was cut off.")
                .into_response()
        }
    };
    if !status.is_success() {
        if let Some(redacted) = std::str::from_utf8(&body)
            .ok()
            .and_then(|text| vbs_tasks::core::error::redact_text(text, secrets))
        {
            body = redacted.into_bytes();
        }
    }
    (status, kept, body).into_response()
}

/// Why an answer's body was not read whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyError {
    /// It is longer than allowed.
    TooLarge,
    /// The client's timeout passed while it came.
    TimedOut,
    /// The connection ended before it did.
    CutOff,
}

/// The body of `response`, at most `max` bytes (a larger one is not read into memory whole).
pub async fn read_bounded(
    response: &mut reqwest::Response,
    max: usize,
) -> Result<Vec<u8>, BodyError> {
    let mut body = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) if body.len() + chunk.len() <= max => body.extend_from_slice(&chunk),
            Ok(Some(_)) => return Err(BodyError::TooLarge),
            Ok(None) => return Ok(body),
            Err(err) if err.is_timeout() => return Err(BodyError::TimedOut),
            Err(_) => return Err(BodyError::CutOff),
        }
    }
}
