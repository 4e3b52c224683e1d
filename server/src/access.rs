//! A team behind a login (`--access-tokens`, `--audit-log`).
//!
//! With tokens, every API route and `/viewer-config.json` needs `Authorization: Bearer <token>`
//! or the session cookie `POST /login` sets; the viewer's files stay public so its sign-in form
//! can load. A Bearer token is the login's and is taken off the request before the API sees it:
//! the emulator and the proxy read `Authorization` as an AK/SK signature (`SDK-HMAC-SHA256 …`),
//! which a request signed in with the cookie may still carry.
//!
//! With an audit log, each API request (and each sign-in) is one JSON line ([`audit`]).

pub mod audit;
pub mod limiter;
pub mod sessions;
pub mod tokens;

#[cfg(test)]
mod tests;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use time::OffsetDateTime;

use crate::api_error::ApiError;
use crate::config::Config;
use crate::proxy::SetupError;
use audit::{AuditEntry, AuditLog};
use limiter::{client_key, Limiter};
use sessions::{session_cookie, Sessions, COOKIE_NAME, SESSION_LIFETIME};
use tokens::Tokens;

/// The largest sign-in form accepted.
const MAX_LOGIN_BODY: usize = 4 * 1024;

/// The access side of a server: who may sign in, who has, who failed, and the audit log.
#[derive(Debug)]
pub struct Access {
    tokens: Option<Tokens>,
    audit: Option<AuditLog>,
    sessions: Sessions,
    limiter: Limiter,
    /// Time moved forward by [`Access::pass_time`] (tests), in milliseconds.
    skipped_ms: AtomicU64,
    /// The target answering at `/v2/…` (the emulator's, or the single proxy's), for the audit.
    root_target: std::sync::OnceLock<String>,
}

impl Access {
    /// The access side `--access-tokens` and `--audit-log` describe; `None` with neither (the
    /// server then works exactly as without this module).
    pub fn from_flags(
        access_tokens: Option<&PathBuf>,
        audit_log: Option<&PathBuf>,
    ) -> Result<Option<Arc<Access>>, SetupError> {
        if access_tokens.is_none() && audit_log.is_none() {
            return Ok(None);
        }
        let tokens = access_tokens.map(|path| Tokens::read(path)).transpose()?;
        let audit = audit_log.map(|path| AuditLog::open(path)).transpose()?;
        Ok(Some(Arc::new(Access::new(tokens, audit))))
    }

    /// The access side `config` asks for, after refusing a signing server (`signs`) exposed
    /// without tokens ([`check_exposure`]).
    /// `root_target` names the target at `/v2/…` in the audit log.
    pub fn from_config(
        config: &Config,
        signs: bool,
        root_target: Option<&str>,
    ) -> Result<Option<Arc<Access>>, SetupError> {
        check_exposure(
            config.bind,
            signs,
            config.access_tokens.is_some(),
            config.i_know_this_is_open,
        )?;
        let access = Access::from_flags(config.access_tokens.as_ref(), config.audit_log.as_ref())?;
        if let (Some(access), Some(name)) = (&access, root_target) {
            let _ = access.root_target.set(name.to_owned());
        }
        Ok(access)
    }

    /// An access side with these tokens (none: no sign-in needed) and audit log.
    pub fn new(tokens: Option<Tokens>, audit: Option<AuditLog>) -> Access {
        Access {
            tokens,
            audit,
            sessions: Sessions::default(),
            limiter: Limiter::default(),
            skipped_ms: AtomicU64::new(0),
            root_target: std::sync::OnceLock::new(),
        }
    }

    /// Whether requests need a token (or a session).
    pub fn requires_sign_in(&self) -> bool {
        self.tokens.is_some()
    }

    /// How many users may sign in.
    pub fn user_count(&self) -> usize {
        self.tokens.as_ref().map_or(0, Tokens::len)
    }

    /// Moves this server's clock for sessions and lockouts forward by `by`, so tests can see a
    /// lockout or a session end without waiting.
    pub fn pass_time(&self, by: Duration) {
        let ms = u64::try_from(by.as_millis()).unwrap_or(u64::MAX);
        self.skipped_ms.fetch_add(ms, Ordering::Relaxed);
    }

    fn now(&self) -> Instant {
        let skipped = Duration::from_millis(self.skipped_ms.load(Ordering::Relaxed));
        Instant::now() + skipped
    }

    /// The target a path outside `/t/{name}/` reaches: the one at `/v2/…`.
    fn root_target_of(&self, path: &str) -> Option<&str> {
        (path == "/v2" || path.starts_with("/v2/"))
            .then(|| self.root_target.get().map(String::as_str))
            .flatten()
    }

    fn audit(&self, entry: AuditEntry<'_>) {
        if let Some(log) = &self.audit {
            log.write(&entry, OffsetDateTime::now_utc());
        }
    }
}

/// Whether `path` is behind the sign-in: the API (`/v2`, `/t/{target}/…`, `/v3` for the
/// emulator's IAM), the emulator's fault endpoint and the viewer's config.
pub fn is_protected(path: &str) -> bool {
    let under = |prefix: &str| {
        path == prefix
            || path
                .strip_prefix(prefix)
                .is_some_and(|rest| rest.starts_with('/'))
    };
    path == vbs_tasks::viewer_config::CONFIG_PATH
        || ["/v2", "/v3", "/t", "/__emulator"].into_iter().any(under)
}

/// Whether the session cookie needs `Secure`: always, unless the request came from a loopback
/// peer (no TLS proxy in between that we know of) for a loopback Host, i.e. plain http on this
/// machine, where a browser would not keep a `Secure` cookie. A peer that is unknown, or a
/// public Host name (a TLS proxy in front), gets `Secure`.
pub fn cookie_needs_secure(peer: Option<IpAddr>, host: &str) -> bool {
    let host_is_loopback = {
        let name = match host.rsplit_once(':') {
            // `[::1]:8080`, `127.0.0.1:8080`, `localhost:8080`; a bare `[::1]` too.
            Some((name, port))
                if port.bytes().all(|b| b.is_ascii_digit()) && !name.ends_with(':') =>
            {
                name
            }
            _ => host,
        };
        let name = name.trim_start_matches('[').trim_end_matches(']');
        name.eq_ignore_ascii_case("localhost")
            || name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
    };
    !(peer.is_some_and(|ip| ip.is_loopback()) && host_is_loopback)
}

/// Refuses a signing server that anyone on the network could use: bound beyond loopback without
/// access tokens, unless the operator says `--i-know-this-is-open`.
pub fn check_exposure(
    bind: IpAddr,
    signs: bool,
    tokens: bool,
    open_on_purpose: bool,
) -> Result<(), SetupError> {
    if signs && !bind.is_loopback() && !tokens && !open_on_purpose {
        return Err(SetupError(format!(
            "--bind {bind} with server-side keys would let anyone who reaches this port call the \
             API with them: give --access-tokens FILE (see `vbs-server hash-token`), bind \
             127.0.0.1, or pass --i-know-this-is-open"
        )));
    }
    Ok(())
}

/// The 401 for a request without a valid token or session.
pub fn sign_in_needed() -> Response {
    let mut response = ApiError::sign_in_needed().into_response();
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Bearer realm=\"vbs-server\""),
    );
    response
}

fn peer_of(request: &Request) -> Option<IpAddr> {
    request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip())
}

fn header_str(headers: &HeaderMap, name: header::HeaderName) -> Option<&str> {
    headers.get(name).and_then(|value| value.to_str().ok())
}

/// `router` behind [`gate`]. Layered inside the Host check, so a sign-in under a name this
/// server does not answer to is refused first.
pub fn protect<S: Clone + Send + Sync + 'static>(
    router: Router<S>,
    access: &Arc<Access>,
) -> Router<S> {
    router.layer(middleware::from_fn_with_state(access.clone(), gate))
}

/// The middleware: sign-in and sign-out, the check on protected paths, and the audit line.
pub async fn gate(State(access): State<Arc<Access>>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let path_and_query = request
        .uri()
        .path_and_query()
        .map_or_else(|| path.clone(), |pq| pq.as_str().to_owned());
    let method = request.method().clone();
    if method == Method::POST && (path == "/login" || path == "/logout") {
        let (response, user) = if path == "/login" {
            login(&access, request).await
        } else {
            logout(&access, request)
        };
        access.audit(AuditEntry {
            user: user.as_deref(),
            target: None,
            method: method.as_str(),
            path: &path_and_query,
            status: response.status().as_u16(),
            upstream_request_id: None,
        });
        return response;
    }
    if !is_protected(&path) {
        return next.run(request).await;
    }
    let (user, request) = match &access.tokens {
        None => (None, request),
        Some(tokens) => match authenticate(&access, tokens, request) {
            Ok((user, request)) => (Some(user), request),
            Err(response) => {
                let response = *response;
                access.audit(AuditEntry {
                    user: None,
                    target: audit::target_of(&path).or_else(|| access.root_target_of(&path)),
                    method: method.as_str(),
                    path: &path_and_query,
                    status: response.status().as_u16(),
                    upstream_request_id: None,
                });
                return response;
            }
        },
    };
    let response = next.run(request).await;
    access.audit(AuditEntry {
        user: user.as_deref(),
        target: audit::target_of(&path).or_else(|| access.root_target_of(&path)),
        method: method.as_str(),
        path: &path_and_query,
        status: response.status().as_u16(),
        upstream_request_id: header_str(
            response.headers(),
            header::HeaderName::from_static("x-request-id"),
        ),
    });
    response
}

/// The user a request is signed in as, and the request without its Bearer token; or the answer
/// that refuses it.
fn authenticate(
    access: &Access,
    tokens: &Tokens,
    mut request: Request,
) -> Result<(String, Request), Box<Response>> {
    let is_bearer = |value: &HeaderValue| {
        value
            .as_bytes()
            .get(..7)
            .is_some_and(|scheme| scheme.eq_ignore_ascii_case(b"bearer "))
    };
    let authorizations: Vec<HeaderValue> = request
        .headers()
        .get_all(header::AUTHORIZATION)
        .iter()
        .cloned()
        .collect();
    let bearers: Vec<&HeaderValue> = authorizations.iter().filter(|v| is_bearer(v)).collect();
    if let [bearer] = bearers.as_slice() {
        let client = client_key(peer_of(&request));
        let now = access.now();
        if let Err(wait) = access.limiter.check(client, now) {
            return Err(Box::new(ApiError::too_many_sign_ins(wait).into_response()));
        }
        let token = bearer.as_bytes().get(7..).unwrap_or_default().trim_ascii();
        let Some(user) = tokens.user_of(token) else {
            access.limiter.failed(client, now);
            return Err(Box::new(sign_in_needed()));
        };
        access.limiter.succeeded(client);
        // The rest of the server reads `Authorization` as an AK/SK signature: the login's is
        // taken off, a signature beside it stays.
        let headers = request.headers_mut();
        headers.remove(header::AUTHORIZATION);
        for value in authorizations.iter().filter(|v| !is_bearer(v)) {
            headers.append(header::AUTHORIZATION, value.clone());
        }
        return Ok((user.to_owned(), request));
    }
    if bearers.len() > 1 {
        return Err(Box::new(sign_in_needed()));
    }
    let cookies = request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok());
    match session_cookie(cookies).and_then(|id| access.sessions.user(id, access.now())) {
        Some(user) => Ok((user, request)),
        None => Err(Box::new(sign_in_needed())),
    }
}

/// Whether a request is a browser's form navigation (it is answered with a redirect back to the
/// page rather than a JSON error).
fn from_a_page(headers: &HeaderMap) -> bool {
    header_str(headers, header::ACCEPT).is_some_and(|accept| accept.contains("text/html"))
}

/// Whether a sign-in (or sign-out) comes from this server's own page. A browser's
/// `Sec-Fetch-Site` must say the same origin (or none: typed by the user); an `Origin`, when
/// sent, must be this Host's, except `null` beside a same-origin `Sec-Fetch-Site` (what a form
/// sends from a page whose Referrer-Policy is `no-referrer`, as this server's pages are). With
/// `SameSite=Strict` this keeps another site from signing a visitor in as someone else, or out.
fn same_origin(headers: &HeaderMap) -> bool {
    let host = header_str(headers, header::HOST).unwrap_or_default();
    let site = headers.get("sec-fetch-site");
    let site_ok = site.is_none_or(|site| site == "same-origin" || site == "none");
    let origin_ok = match headers.get(header::ORIGIN) {
        None => true,
        Some(origin) if origin == "null" => site.is_some_and(|site| site == "same-origin"),
        Some(origin) => origin.to_str().is_ok_and(|origin| {
            origin.eq_ignore_ascii_case(&format!("http://{host}"))
                || origin.eq_ignore_ascii_case(&format!("https://{host}"))
        }),
    };
    origin_ok && site_ok
}

/// Where to go after signing in: `next` when it is a path on this server, else `/`.
fn local_target(next: Option<&str>) -> &str {
    next.filter(|next| {
        next.starts_with('/')
            && !next.starts_with("//")
            && !next.starts_with("/\\")
            && next.len() <= 2048
            && next.bytes().all(|b| b.is_ascii_graphic())
    })
    .unwrap_or("/")
}

/// `next` with the note the sign-in form shows (`signin=failed`, `signin=wait`), so a browser
/// comes back to the form on the view it was opened on.
fn with_note(next: &str, note: &str) -> String {
    let separator = if next.contains('?') { '&' } else { '?' };
    format!("{next}{separator}signin={note}")
}

fn see_other(location: &str) -> Response {
    let location =
        HeaderValue::from_str(location).unwrap_or_else(|_| HeaderValue::from_static("/"));
    (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response()
}

/// `POST /login`: the form field `token` (and optionally `next`, where to go back to). Answers
/// with the session cookie and a redirect, or a refusal; also returns the user signed in.
async fn login(access: &Access, request: Request) -> (Response, Option<String>) {
    let Some(tokens) = &access.tokens else {
        return (ApiError::no_such_api().into_response(), None);
    };
    let page = from_a_page(request.headers());
    if !same_origin(request.headers()) {
        return (ApiError::cross_site_sign_in().into_response(), None);
    }
    let form_type = header_str(request.headers(), header::CONTENT_TYPE)
        .and_then(|value| value.split(';').next())
        .is_some_and(|value| {
            value
                .trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        });
    if !form_type {
        return (
            ApiError::refused("Sign in with a form: token=… as application/x-www-form-urlencoded.")
                .into_response(),
            None,
        );
    }
    let peer = peer_of(&request);
    let client = client_key(peer);
    let host = header_str(request.headers(), header::HOST)
        .unwrap_or_default()
        .to_owned();
    let Ok(body) = axum::body::to_bytes(request.into_body(), MAX_LOGIN_BODY).await else {
        return (
            ApiError::refused("The sign-in form is too large.").into_response(),
            None,
        );
    };
    let mut token = None;
    let mut next = None;
    for (name, value) in form_urlencoded::parse(&body) {
        match &*name {
            "token" => token = Some(value),
            "next" => next = Some(value),
            _ => {}
        }
    }
    let next = local_target(next.as_deref());
    let now = access.now();
    if let Err(wait) = access.limiter.check(client, now) {
        let response = if page {
            see_other(&with_note(next, "wait"))
        } else {
            ApiError::too_many_sign_ins(wait).into_response()
        };
        return (response, None);
    }
    let user = token.and_then(|token| tokens.user_of(token.trim().as_bytes()));
    let Some(user) = user else {
        access.limiter.failed(client, now);
        let response = if page {
            see_other(&with_note(next, "failed"))
        } else {
            sign_in_needed()
        };
        return (response, None);
    };
    access.limiter.succeeded(client);
    let id = access.sessions.open(user, now);
    let mut cookie = format!(
        "{COOKIE_NAME}={id}; HttpOnly; SameSite=Strict; Path=/; Max-Age={}",
        SESSION_LIFETIME.as_secs()
    );
    if cookie_needs_secure(peer, &host) {
        cookie.push_str("; Secure");
    }
    let mut response = see_other(next);
    if let Ok(cookie) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    (response, Some(user.to_owned()))
}

/// `POST /logout`: ends the session and clears the cookie; also returns whose it was.
fn logout(access: &Access, request: Request) -> (Response, Option<String>) {
    if !same_origin(request.headers()) {
        return (ApiError::cross_site_sign_in().into_response(), None);
    }
    let cookies = request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok());
    let user = session_cookie(cookies).and_then(|id| access.sessions.close(id));
    let peer = peer_of(&request);
    let host = header_str(request.headers(), header::HOST).unwrap_or_default();
    let mut cookie = format!("{COOKIE_NAME}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0");
    if cookie_needs_secure(peer, host) {
        cookie.push_str("; Secure");
    }
    let mut response = see_other("/");
    if let Ok(cookie) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    (response, user)
}
