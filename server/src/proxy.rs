//! Proxy mode: forwards the API's two GETs to a real region, signed with AK/SK held by the server.
//!
//! Only requests the core parses as one of the two paths (and, for tasks, whose query the core's
//! `TaskQuery` accepts) are forwarded; the upstream URL is rebuilt from those parsed values, never
//! from the raw request, so nothing the page sends can steer the proxy elsewhere.

use std::time::Duration;

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use time::OffsetDateTime;
use vbs_tasks::core::sign::SigningRequest;
use vbs_tasks::{ApiPath, Signer, TaskQuery};

use crate::api_error::ApiError;

/// The largest upstream body passed on.
pub const MAX_UPSTREAM_BODY: usize = 32 * 1024 * 1024;

/// The forwarding side of the server.
#[derive(Debug)]
pub struct Proxy {
    base: reqwest::Url,
    host: String,
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
        let base = reqwest::Url::parse(upstream)
            .map_err(|err| SetupError(format!("--upstream {upstream:?} is not a URL: {err}")))?;
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
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|err| SetupError(format!("cannot build the HTTP client: {err}")))?;
        Ok(Proxy {
            base,
            host,
            signer,
            client,
        })
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
        let query = query.to_query_string();
        let encoded_path = path.to_path();
        let mut url = self.base.clone();
        url.set_path(&encoded_path);
        url.set_query(Some(&query).filter(|q| !q.is_empty()).map(String::as_str));

        let mut request = self
            .client
            .get(url)
            .header(header::ACCEPT, "application/json")
            .header("X-Project-Id", path.project_id());
        match &self.signer {
            Some(signer) => {
                let signing = SigningRequest {
                    method: "GET",
                    path: &encoded_path,
                    query: pairs,
                    headers: vec![
                        ("host".to_owned(), self.host.clone()),
                        ("x-project-id".to_owned(), path.project_id().to_owned()),
                    ],
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
            Err(err) if err.is_timeout() => {
                return ApiError::upstream(
                    StatusCode::GATEWAY_TIMEOUT,
                    "The upstream did not answer in time.",
                )
                .into_response()
            }
            Err(_) => {
                return ApiError::upstream(
                    StatusCode::BAD_GATEWAY,
                    "The upstream could not be reached.",
                )
                .into_response()
            }
        };
        relay(response).await
    }
}

/// Passes an upstream answer on: status, body (bounded), and the headers a client needs.
async fn relay(mut response: reqwest::Response) -> Response {
    let status =
        StatusCode::from_u16(response.status().as_u16()).unwrap_or(StatusCode::BAD_GATEWAY);
    let mut kept = HeaderMap::new();
    for name in [header::CONTENT_TYPE, header::RETRY_AFTER] {
        if let Some(value) = response.headers().get(name.as_str()) {
            if let Ok(value) = HeaderValue::from_bytes(value.as_bytes()) {
                kept.insert(name, value);
            }
        }
    }
    let mut body = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) if body.len() + chunk.len() <= MAX_UPSTREAM_BODY => {
                body.extend_from_slice(&chunk)
            }
            Ok(Some(_)) => {
                return ApiError::upstream(
                    StatusCode::BAD_GATEWAY,
                    "The upstream answer is too large.",
                )
                .into_response()
            }
            Ok(None) => break,
            Err(_) => {
                return ApiError::upstream(
                    StatusCode::BAD_GATEWAY,
                    "The upstream answer was cut off.",
                )
                .into_response()
            }
        }
    }
    (status, kept, body).into_response()
}
