//! The HTTP side: one router for the API (emulated or proxied), the fault and config endpoints and
//! the static viewer, behind the guards every request passes (Host allowlist, origin-form targets,
//! bounded headers and bodies).

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::{Json, Router};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tower::ServiceExt;
use tower_http::cors::{AllowHeaders, AllowOrigin, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use vbs_tasks::core::sign::is_header_safe;
use vbs_tasks::viewer_config::{ServerConfig, TargetInfo, CONFIG_PATH};
use vbs_tasks::{ApiPath, Signer};

use crate::access::Access;
use crate::api_error::ApiError;
use crate::auth::Auth;
use crate::config::Config;
use crate::dataset;
use crate::emulator::{Clock, Emulator};
use crate::faults::{FaultPlan, Faults, Outcome, RandomFaults};
use crate::page::ViewerPage;
use crate::proxy::{Proxy, SetupError};
use crate::targets::{NamedTargets, Plan};
use crate::viewer_files::ViewerFiles;

/// The largest request head (request line and headers) accepted.
pub const MAX_HEADER_BYTES: usize = 16 * 1024;
/// The largest request body accepted (only the fault endpoint takes one).
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// What answers `/v2/…`.
#[derive(Debug)]
#[allow(clippy::large_enum_variant)] // one per server: its layout costs nothing
pub enum Backend {
    /// The built-in emulator.
    Emulator {
        /// Data and clock.
        emulator: Emulator,
        /// Who may call it.
        auth: Auth,
        /// Injected faults.
        faults: Faults,
    },
    /// A real region behind the signing proxy.
    Proxy(Proxy),
    /// The targets of `--config`, each under `/t/{name}/` (see [`crate::targets`]).
    Targets(NamedTargets),
}

/// Shared state of the server.
#[derive(Debug)]
pub struct AppState {
    /// What answers the API.
    pub backend: Backend,
    /// The project the viewer should open (the first target's).
    pub project_id: String,
    /// Every target, as the viewer is told of them (in emulator mode, the emulator).
    pub targets: Vec<TargetInfo>,
    /// Hosts accepted in the Host header.
    pub allowed_hosts: Vec<String>,
    /// Sign-in and audit log (`--access-tokens`, `--audit-log`), when either is on.
    pub access: Option<Arc<Access>>,
}

/// Marks a response whose connection must be closed without sending it (an injected drop).
#[derive(Debug, Clone, Copy)]
pub(crate) struct DropConnection;

/// The state a configuration describes, serving what `plan` (from [`crate::targets::plan`])
/// says. `port` is the port actually bound (for the Host check).
pub fn build_state(config: &Config, port: u16, plan: Plan) -> Result<AppState, SetupError> {
    let (backend, targets) = match plan {
        Plan::Emulator => {
            let clock = if config.no_live {
                Clock::Frozen(dataset::frozen_anchor())
            } else {
                Clock::Live
            };
            let anchor = match clock {
                Clock::Frozen(at) => at,
                Clock::Live => time::OffsetDateTime::now_utc(),
            };
            let backend = Backend::Emulator {
                emulator: Emulator::new(
                    config.project_id(),
                    dataset::generate(config.seed, anchor),
                    clock,
                ),
                auth: Auth {
                    required: config.require_auth,
                    token: config.token.clone(),
                    signer: Signer::new(&config.access_key, &config.secret_key),
                },
                faults: Faults::new(
                    RandomFaults {
                        rate_503: config.fault_503_rate.clamp(0.0, 1.0),
                        max_latency: Duration::from_millis(config.fault_latency_ms),
                        rate_drop: config.fault_drop_rate.clamp(0.0, 1.0),
                    },
                    config.fault_seed,
                )
                .with_latency(Duration::from_millis(config.latency_ms)),
            };
            (backend, vec![crate::targets::emulator_info(config)])
        }
        proxied => crate::targets::proxy_backend(proxied, config)?,
    };
    let signs = match &backend {
        Backend::Proxy(proxy) => proxy.signs(),
        Backend::Targets(targets) => targets.iter().any(|(_, proxy)| proxy.signs()),
        Backend::Emulator { .. } => false,
    };
    // In `--config` mode `/v2/…` answers for no target (each is under `/t/{name}/`).
    let root_target = match &backend {
        Backend::Targets(_) => None,
        _ => targets.first().map(|target| target.name.as_str()),
    };
    let access = Access::from_config(config, signs, root_target)?;
    let mut allowed_hosts: Vec<String> = ["127.0.0.1", "localhost", "[::1]"]
        .iter()
        .map(|host| format!("{host}:{port}"))
        .collect();
    let bind = match config.bind {
        std::net::IpAddr::V6(v6) => format!("[{v6}]:{port}"),
        v4 => format!("{v4}:{port}"),
    };
    // 0.0.0.0 or :: is where to listen, not a name a client reaches the server by.
    if !config.bind.is_unspecified() {
        allowed_hosts.push(bind);
    }
    allowed_hosts.extend(config.allowed_hosts.iter().map(|h| h.to_ascii_lowercase()));
    Ok(AppState {
        backend,
        project_id: targets
            .first()
            .map_or_else(|| config.project_id(), |first| first.project_id.clone()),
        targets,
        allowed_hosts,
        access,
    })
}

/// The variables the vendor's SDKs read credentials from.
pub const AK_VAR: &str = "HUAWEICLOUD_SDK_AK";
/// See [`AK_VAR`].
pub const SK_VAR: &str = "HUAWEICLOUD_SDK_SK";
/// See [`AK_VAR`].
pub const SECURITY_TOKEN_VAR: &str = "HUAWEICLOUD_SDK_SECURITY_TOKEN";

/// The proxy's AK/SK, from the environment as `var` reads it (never from a page). None set is
/// no signing: a page's own token is passed on. A half-set pair, or a value a header cannot carry,
/// is refused by the variable's name (never its value), rather than quietly not signing.
pub fn credentials(var: impl Fn(&str) -> Option<String>) -> Result<Option<Signer>, SetupError> {
    let read = |name: &str| {
        var(name)
            .map(|value| value.trim().to_owned())
            .filter(|value| !value.is_empty())
    };
    let token = read(SECURITY_TOKEN_VAR);
    let (ak, sk) = match (read(AK_VAR), read(SK_VAR)) {
        (Some(ak), Some(sk)) => (ak, sk),
        (None, None) if token.is_none() => return Ok(None),
        (ak, sk) => {
            let names = |set: bool| {
                [
                    (AK_VAR, ak.is_some()),
                    (SK_VAR, sk.is_some()),
                    (SECURITY_TOKEN_VAR, token.is_some()),
                ]
                .into_iter()
                .filter(move |(name, is_set)| {
                    *is_set == set && (set || *name != SECURITY_TOKEN_VAR)
                })
                .map(|(name, _)| name)
                .collect::<Vec<_>>()
                .join(" and ")
            };
            return Err(SetupError(format!(
                "{} set but {} not: the proxy signs with {AK_VAR} and {SK_VAR} together \
                 (unset them all to pass a page's own token on instead)",
                names(true),
                names(false)
            )));
        }
    };
    for (name, value) in [(AK_VAR, Some(&ak)), (SECURITY_TOKEN_VAR, token.as_ref())] {
        if value.is_some_and(|value| !is_header_safe(value)) {
            return Err(SetupError(format!(
                "{name} must be printable ASCII without spaces: it is sent in a header"
            )));
        }
    }
    let signer = Signer::new(ak, sk);
    Ok(Some(match token {
        Some(token) => signer.with_security_token(token),
        None => signer,
    }))
}

/// The whole application.
pub fn router(state: Arc<AppState>, config: &Config) -> Router {
    let mut app = Router::new()
        .route(CONFIG_PATH, get(viewer_config_json))
        .route("/v2", any(api))
        .route("/v2/", any(api))
        .route("/v2/{*rest}", any(api))
        .route("/v3", any(crate::cbr::cbr_api))
        .route("/v3/", any(crate::cbr::cbr_api))
        .route("/v3/{*rest}", any(crate::cbr::cbr_api))
        .route("/t", any(crate::targets::target_api))
        .route("/t/", any(crate::targets::target_api))
        .route("/t/{*rest}", any(crate::targets::target_api));
    if matches!(state.backend, Backend::Emulator { .. }) {
        app = app
            .route(
                "/__emulator/faults",
                get(fault_counts).post(add_faults).delete(clear_faults),
            )
            .route(
                crate::iam::PROJECTS_PATH,
                get(crate::iam::emulator_projects),
            );
    }
    // Read once at start: the page is served with the config in it, and its loader is hashed
    // into the CSP.
    let viewer = ViewerFiles::choose(config.dist.as_deref());
    let index_html = viewer.index_html();
    // Behind a login the config is not given to whoever loads the page: the viewer fetches it,
    // and a 401 shows the sign-in form.
    let page = index_html.as_deref().map(|html| match &state.access {
        Some(access) if access.requires_sign_in() => ViewerPage::without_config(html),
        _ => ViewerPage::new(html, &viewer_config(&state).to_json()),
    });
    let mut app = app.fallback_service(viewer.serve(page));
    if let Some(access) = &state.access {
        app = crate::access::protect(app, access); // inside the Host check
    }
    let app = app
        .layer(middleware::from_fn_with_state(state.clone(), guard))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            content_security_policy(index_html.as_deref()),
        ))
        .with_state(state);
    match cors(&config.cors_origins) {
        Some(cors) => app.layer(cors),
        None => app,
    }
}

/// The policy for the viewer's page `index_html` (Trunk's loader script is hashed).
fn content_security_policy(index_html: Option<&str>) -> HeaderValue {
    HeaderValue::from_str(&crate::csp::policy(index_html))
        .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'; frame-ancestors 'none'"))
}

fn cors(origins: &[String]) -> Option<CorsLayer> {
    if origins.is_empty() {
        return None;
    }
    let allow = if origins.iter().any(|o| o == "*") {
        AllowOrigin::any()
    } else {
        AllowOrigin::list(origins.iter().filter_map(|o| HeaderValue::from_str(o).ok()))
    };
    Some(
        CorsLayer::new()
            .allow_origin(allow)
            .allow_methods([Method::GET, Method::POST, Method::DELETE])
            .allow_headers(AllowHeaders::mirror_request())
            .expose_headers([
                header::RETRY_AFTER,
                header::HeaderName::from_static("x-request-id"),
            ])
            .max_age(Duration::from_secs(600)),
    )
}

/// Every request: refuse absolute-form targets and unknown Host headers, then log without secrets.
async fn guard(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    if request.uri().scheme().is_some() || request.uri().authority().is_some() {
        return ApiError::refused("Absolute-form request targets are not accepted.")
            .into_response();
    }
    // Exactly one Host (RFC 9112 §3.2: two are a 400), and one this server answers to.
    let mut hosts = request.headers().get_all(header::HOST).iter();
    let host_ok = hosts
        .next()
        .filter(|_| hosts.next().is_none())
        .and_then(|h| h.to_str().ok())
        .is_some_and(|host| {
            state
                .allowed_hosts
                .iter()
                .any(|allowed| allowed.eq_ignore_ascii_case(host))
        });
    if !host_ok {
        return ApiError::refused("The Host header is not one this server answers to.")
            .into_response();
    }
    let started = Instant::now();
    let method = request.method().clone();
    // The path only: queries carry no secrets here, but tokens and signatures (headers) never are logged.
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    tracing::info!(
        "{method} {path} -> {} ({} ms)",
        response.status().as_u16(),
        started.elapsed().as_millis()
    );
    response
}

/// What the viewer needs to know of this server before its first request: `/viewer-config.json`,
/// and the same in the page ([`ViewerPage`]).
fn viewer_config(state: &AppState) -> ServerConfig {
    let (mode, live, now) = match &state.backend {
        Backend::Emulator { emulator, .. } => (
            "emulator",
            emulator.is_live(),
            emulator.frozen_now().map(|t| t.to_api_string()),
        ),
        Backend::Proxy(_) | Backend::Targets(_) => ("proxy", true, None),
    };
    // The top-level fields describe the first target, for a reader that knows only one.
    let first = state.targets.first().cloned().unwrap_or_default();
    // `now`: a frozen emulator's clock (UTC, the API's form), so the page measures "5 min ago"
    // and running durations against the data's time rather than the browser's.
    ServerConfig {
        mode: mode.to_owned(),
        endpoint: first.endpoint,
        project_id: state.project_id.clone(),
        server_auth: first.server_auth,
        live,
        now,
        targets: state.targets.clone(),
    }
}

async fn viewer_config_json(State(state): State<Arc<AppState>>) -> Response {
    let content_type = (
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    let mut response = ([content_type], viewer_config(&state).to_json()).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

async fn add_faults(State(state): State<Arc<AppState>>, body: axum::body::Bytes) -> Response {
    let Backend::Emulator { faults, .. } = &state.backend else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match serde_json::from_slice::<FaultPlan>(&body) {
        Ok(plan) => {
            faults.add(plan);
            StatusCode::NO_CONTENT.into_response()
        }
        Err(err) => ApiError::invalid_parameter(err).into_response(),
    }
}

async fn fault_counts(State(state): State<Arc<AppState>>) -> Response {
    match &state.backend {
        Backend::Emulator { faults, .. } => Json(faults.counts()).into_response(),
        Backend::Proxy(_) | Backend::Targets(_) => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn clear_faults(State(state): State<Arc<AppState>>) -> Response {
    if let Backend::Emulator { faults, .. } = &state.backend {
        faults.clear();
    }
    StatusCode::NO_CONTENT.into_response()
}

/// The API path `raw_path` names, for a `method` request: one of the API's two GETs, or the
/// refusal to answer (404 for another path, 405 for another method).
pub fn api_path(method: &Method, raw_path: &str) -> Result<ApiPath, Box<Response>> {
    get_only(method, ApiPath::parse(raw_path))
}

/// `path` as parsed from a request with `method`, or the refusal to answer: a 404 when the
/// path is none of the API's, a 405 naming `Allow: GET` for any other method. The VBS and the
/// CBR paths share it.
pub fn get_only<P>(method: &Method, path: Option<P>) -> Result<P, Box<Response>> {
    let Some(path) = path else {
        return Err(Box::new(ApiError::no_such_api().into_response()));
    };
    if method != Method::GET {
        let mut response = ApiError::method_not_allowed().into_response();
        // RFC 9110 §15.5.6: a 405 names the methods that are allowed.
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET"));
        return Err(Box::new(response));
    }
    Ok(path)
}

/// `/v2/…`: one of the API's two GETs, or a refusal. The emulator names each answer with an
/// `X-Request-Id`, as the real service does (the proxy relays the upstream's).
async fn api(State(state): State<Arc<AppState>>, request: Request) -> Response {
    let emulated = matches!(state.backend, Backend::Emulator { .. });
    let response = api_answer(state, request).await;
    match emulated {
        true => crate::api_error::with_request_id(response),
        false => response,
    }
}

async fn api_answer(state: Arc<AppState>, request: Request) -> Response {
    if let Backend::Targets(targets) = &state.backend {
        return targets.root_refusal();
    }
    let uri = request.uri().clone();
    let raw_query = uri.query().unwrap_or("");
    let path = match api_path(request.method(), uri.path()) {
        Ok(path) => path,
        Err(refusal) => return *refusal,
    };
    match &state.backend {
        Backend::Targets(targets) => targets.root_refusal(),
        Backend::Proxy(proxy) => proxy.forward(&path, raw_query, request.headers()).await,
        Backend::Emulator {
            emulator,
            auth,
            faults,
        } => {
            if let Err(err) = auth.check("GET", uri.path(), raw_query, request.headers()) {
                return err.into_response();
            }
            let policy_id = match &path {
                ApiPath::Tasks { policy_id, .. } => Some(policy_id.as_str()),
                ApiPath::Policies { .. } => None,
            };
            let decision = faults.decide(policy_id);
            if !decision.delay.is_zero() {
                tokio::time::sleep(decision.delay).await;
            }
            match decision.outcome {
                Outcome::Drop => {
                    let mut response = StatusCode::INTERNAL_SERVER_ERROR.into_response();
                    response.extensions_mut().insert(DropConnection);
                    return response;
                }
                Outcome::Status(status, retry_after) => {
                    return ApiError::unavailable(status, retry_after).into_response()
                }
                Outcome::Raw(status, content_type, body) => {
                    let content_type = HeaderValue::from_str(&content_type)
                        .unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"));
                    return (status, [(header::CONTENT_TYPE, content_type)], body).into_response();
                }
                Outcome::Normal => {}
            }
            let answer = match &path {
                ApiPath::Policies { project_id } => emulator
                    .list_policies(project_id)
                    .map(|list| Json(list).into_response()),
                ApiPath::Tasks {
                    project_id,
                    policy_id,
                } => emulator
                    .list_tasks(
                        project_id,
                        policy_id,
                        raw_query,
                        faults.repeats_page(policy_id),
                    )
                    .map(|page| Json(page).into_response()),
            };
            answer.unwrap_or_else(IntoResponse::into_response)
        }
    }
}

/// Serves `app` on `listener` until the process ends. Each connection is HTTP/1.1 with a bounded
/// request head; a response marked [`DropConnection`] closes its connection unanswered.
pub async fn serve(listener: TcpListener, app: Router) {
    loop {
        let (stream, peer): (_, SocketAddr) = match listener.accept().await {
            Ok(accepted) => accepted,
            Err(err) => {
                // Out of file descriptors and the like: back off instead of spinning.
                tracing::warn!("accept failed: {err}");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let app = app.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(
                move |mut request: hyper::Request<hyper::body::Incoming>| {
                    let app = app.clone();
                    // Who is asking (sign-in lockouts, the session cookie's `Secure`).
                    request
                        .extensions_mut()
                        .insert(axum::extract::ConnectInfo(peer));
                    async move {
                        let response = app
                            .oneshot(request.map(Body::new))
                            .await
                            .unwrap_or_else(|never| match never {});
                        if response.extensions().get::<DropConnection>().is_some() {
                            Err(DroppedOnPurpose)
                        } else {
                            Ok(response)
                        }
                    }
                },
            );
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .max_buf_size(MAX_HEADER_BYTES.max(8192))
                .header_read_timeout(Duration::from_secs(10))
                .timer(hyper_util::rt::TokioTimer::new());
            let _ = builder
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

#[derive(Debug)]
struct DroppedOnPurpose;

impl std::fmt::Display for DroppedOnPurpose {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by fault injection")
    }
}

impl std::error::Error for DroppedOnPurpose {}

#[cfg(test)]
mod tests;
