//! The one error type of the crate: opaque, with questions to ask it (`is_timeout()`, `status()`…).
//!
//! Every message is built from values whose length is bounded, and a transport that holds secrets
//! passes them to [`Error::redact`] before handing an error out, so no token or SK reaches a user.

use std::fmt;

use super::model::{excerpt, Quoted};
use super::read::error_body::read_error_body;

/// What kind of failure an [`Error`] is. Mirrors the JavaScript `VbsError.kind` strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A query or option was refused before any request was sent.
    InvalidInput,
    /// The server answered with a non-2xx status.
    Http,
    /// No answer: connection refused, DNS, TLS, or a cross-origin request without CORS headers.
    Network,
    /// No answer in the configured time.
    Timeout,
    /// The caller cancelled the request.
    Aborted,
    /// A 2xx answer whose body is not what the API documents.
    Decode,
}

impl ErrorKind {
    /// The snake-case name used by the JavaScript façade (`"invalid_input"`, `"http"`…).
    pub fn as_str(&self) -> &'static str {
        match self {
            ErrorKind::InvalidInput => "invalid_input",
            ErrorKind::Http => "http",
            ErrorKind::Network => "network",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Aborted => "aborted",
            ErrorKind::Decode => "decode",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A failed call, with what a user needs to act on it.
pub struct Error {
    inner: Box<Inner>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
enum Inner {
    #[error("invalid {field}: {reason}")]
    InvalidInput { field: String, reason: String },
    #[error("{}", describe_http(status, code.as_deref(), message.as_deref(), request_id.as_deref(), body_excerpt.as_deref()))]
    Http {
        status: u16,
        code: Option<String>,
        message: Option<String>,
        request_id: Option<String>,
        body_excerpt: Option<String>,
        retry_after_secs: Option<u64>,
    },
    #[error("network error: {reason}{}", hint.map(|h| format!(" ({h})")).unwrap_or_default())]
    Network {
        reason: String,
        hint: Option<&'static str>,
    },
    #[error("no answer within {after_ms} ms")]
    Timeout { after_ms: u64 },
    #[error("the request was aborted")]
    Aborted,
    #[error("unexpected response body at `{field}`: {reason}")]
    Decode { field: String, reason: String },
}

/// The hint a browser transport attaches to a network error on a cross-origin call.
pub const CORS_HINT: &str = "if the server is up, the likely cause is CORS: a browser refuses a cross-origin response without CORS headers, \
and the VBS API sends none; point the client at the bundled proxy (`vbs-server --upstream https://vbs.<region>.myhuaweicloud.com`) on the page's own origin";

const MAX_TEXT: usize = 300;

fn describe_http(
    status: &u16,
    code: Option<&str>,
    message: Option<&str>,
    request_id: Option<&str>,
    body_excerpt: Option<&str>,
) -> String {
    let mut out = format!("HTTP {status}");
    if let Some(reason) = reason_phrase(*status) {
        out.push(' ');
        out.push_str(reason);
    }
    if let Some(code) = code {
        out.push_str(&format!(" [{code}]"));
    }
    match (message, body_excerpt) {
        (Some(message), _) => out.push_str(&format!(": {message}")),
        (None, Some(excerpt)) if !excerpt.is_empty() => out.push_str(&format!(
            ": the server answered with a non-API body: {}",
            Quoted(excerpt)
        )),
        _ => out.push_str(": the server answered with an empty body"),
    }
    if let Some(id) = request_id {
        out.push_str(&format!(" (request id {id})"));
    }
    out
}

fn reason_phrase(status: u16) -> Option<&'static str> {
    Some(match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        407 => "Proxy Authentication Required",
        408 => "Request Timeout",
        409 => "Conflict",
        413 => "Payload Too Large",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => return None,
    })
}

/// One line, no control characters, bounded: safe to show and to log.
fn clean(text: &str) -> String {
    let mut one_line = String::new();
    for word in text
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|word| !word.is_empty())
    {
        if !one_line.is_empty() {
            one_line.push(' ');
        }
        one_line.push_str(word);
    }
    excerpt(&one_line, MAX_TEXT)
}

/// Where `needle` first occurs in `haystack`: a plain scan of two short needles.
fn find(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|window| window == needle.as_bytes())
}

/// The readable text of an HTML page: its `<title>` if it has one, else its text without tags.
fn html_text(body: &str) -> String {
    let lower = body.to_ascii_lowercase();
    if let (Some(start), Some(end)) = (find(&lower, "<title>"), find(&lower, "</title>")) {
        if start + 7 <= end {
            let title = clean(&body[start + 7..end]);
            if !title.is_empty() {
                return title;
            }
        }
    }
    let mut text = String::with_capacity(body.len().min(4096));
    let mut in_tag = false;
    for c in body.chars().take(20_000) {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    clean(&text)
}

impl Error {
    fn new(inner: Inner) -> Self {
        Error {
            inner: Box::new(inner),
        }
    }

    /// A refused query value or option; `field` names it.
    pub fn invalid_input(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Self::new(Inner::InvalidInput {
            field: field.into(),
            reason: reason.into(),
        })
    }

    /// A network failure with its reason, and where it applies a hint (see [`CORS_HINT`]).
    pub fn network(reason: impl Into<String>, hint: Option<&'static str>) -> Self {
        Self::new(Inner::Network {
            reason: clean(&reason.into()),
            hint,
        })
    }

    /// No answer within `after_ms` milliseconds.
    pub fn timeout(after_ms: u64) -> Self {
        Self::new(Inner::Timeout { after_ms })
    }

    /// The caller cancelled.
    pub fn aborted() -> Self {
        Self::new(Inner::Aborted)
    }

    /// A 2xx body that does not match the API; `field` is the JSON path (`tasks[3].created_at`).
    pub fn decode(field: impl Into<String>, reason: impl Into<String>) -> Self {
        let field = field.into();
        Self::new(Inner::Decode {
            field: if field.is_empty() {
                ".".to_owned()
            } else {
                clean(&field)
            },
            reason: clean(&reason.into()),
        })
    }

    /// An HTTP error with the fields already known (servers and tests use this).
    pub fn http(status: u16, code: Option<String>, message: Option<String>) -> Self {
        Self::new(Inner::Http {
            status,
            code: code.map(|c| clean(&c)),
            message: message.map(|m| clean(&m)),
            request_id: None,
            body_excerpt: None,
            retry_after_secs: None,
        })
    }

    /// Reads a non-2xx answer: either documented JSON shape, or an HTML/text/empty body kept as a
    /// short excerpt. Never fails: whatever the body, the status is kept.
    pub fn from_response(status: u16, body: &[u8]) -> Self {
        let text = String::from_utf8_lossy(&body[..body.len().min(64 * 1024)]);
        let trimmed = text.trim();
        let body = read_error_body(trimmed).unwrap_or_default();
        let (service, gateway) = (body.service, body.gateway);
        let shown = |text: Option<String>| text.map(|text| clean(&text)).filter(|t| !t.is_empty());
        // The service's own words win; a blank one gives way to the gateway's.
        let code = shown(service.code).or_else(|| shown(gateway.code));
        let message = shown(service.message).or_else(|| shown(gateway.message));
        let request_id = shown(gateway.request_id);
        let body_excerpt = if code.is_some() || message.is_some() {
            None
        } else if trimmed.starts_with('<') {
            Some(html_text(trimmed))
        } else {
            Some(clean(trimmed))
        };
        Self::new(Inner::Http {
            status,
            code,
            message,
            request_id,
            body_excerpt,
            retry_after_secs: None,
        })
    }

    /// The same error, remembering a `Retry-After` the server sent (in seconds).
    pub fn with_retry_after(mut self, secs: Option<u64>) -> Self {
        if let Inner::Http {
            retry_after_secs, ..
        } = self.inner.as_mut()
        {
            *retry_after_secs = secs;
        }
        self
    }

    /// The same error with each secret replaced by `[redacted]` wherever it occurs, whole or
    /// by its first [`CUT_SECRET_MIN`] characters or more, ASCII case ignored.
    ///
    /// A server may echo a header back in its error text; this keeps tokens and keys out of what a
    /// user sees or logs. The beginning of a secret counts because error texts are cut to 300
    /// characters and an IAM token is several KB: an echoed token always arrives cut short.
    /// Secrets shorter than 4 characters are ignored (they would mangle text).
    pub fn redact(mut self, secrets: &[&str]) -> Self {
        let scrub = |text: &mut String| {
            redact_all(text, secrets);
        };
        match self.inner.as_mut() {
            Inner::InvalidInput { reason, .. } => scrub(reason),
            Inner::Http {
                code,
                message,
                request_id,
                body_excerpt,
                ..
            } => {
                for text in [code, message, request_id, body_excerpt]
                    .into_iter()
                    .flatten()
                {
                    scrub(text);
                }
            }
            Inner::Network { reason, .. } => scrub(reason),
            Inner::Decode { field, reason } => {
                scrub(field);
                scrub(reason);
            }
            Inner::Timeout { .. } | Inner::Aborted => {}
        }
        self
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        match self.inner.as_ref() {
            Inner::InvalidInput { .. } => ErrorKind::InvalidInput,
            Inner::Http { .. } => ErrorKind::Http,
            Inner::Network { .. } => ErrorKind::Network,
            Inner::Timeout { .. } => ErrorKind::Timeout,
            Inner::Aborted => ErrorKind::Aborted,
            Inner::Decode { .. } => ErrorKind::Decode,
        }
    }

    /// The hint a network error carries ([`CORS_HINT`] on a cross-origin call), if any.
    pub fn hint(&self) -> Option<&'static str> {
        match self.inner.as_ref() {
            Inner::Network { hint, .. } => *hint,
            _ => None,
        }
    }

    /// Refused before any request was sent.
    pub fn is_invalid_input(&self) -> bool {
        self.kind() == ErrorKind::InvalidInput
    }

    /// The server answered with a non-2xx status.
    pub fn is_status(&self) -> bool {
        self.kind() == ErrorKind::Http
    }

    /// No answer reached the client.
    pub fn is_network(&self) -> bool {
        self.kind() == ErrorKind::Network
    }

    /// The deadline passed.
    pub fn is_timeout(&self) -> bool {
        self.kind() == ErrorKind::Timeout
    }

    /// The caller cancelled.
    pub fn is_aborted(&self) -> bool {
        self.kind() == ErrorKind::Aborted
    }

    /// The body was not what the API documents.
    pub fn is_decode(&self) -> bool {
        self.kind() == ErrorKind::Decode
    }

    /// The HTTP status, for an HTTP error.
    pub fn status(&self) -> Option<u16> {
        match self.inner.as_ref() {
            Inner::Http { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The API's error code (`AutoBackup.0205`, `APIGW.0301`), when the body had one.
    pub fn code(&self) -> Option<&str> {
        match self.inner.as_ref() {
            Inner::Http { code, .. } => code.as_deref(),
            _ => None,
        }
    }

    /// The API's error message, when the body had one.
    pub fn message(&self) -> Option<&str> {
        match self.inner.as_ref() {
            Inner::Http { message, .. } => message.as_deref(),
            _ => None,
        }
    }

    /// The gateway's request id, when it sent one: quote it to support.
    pub fn request_id(&self) -> Option<&str> {
        match self.inner.as_ref() {
            Inner::Http { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// A short, cleaned excerpt of a non-API body (an HTML error page's title, say).
    pub fn body_excerpt(&self) -> Option<&str> {
        match self.inner.as_ref() {
            Inner::Http { body_excerpt, .. } => body_excerpt.as_deref(),
            _ => None,
        }
    }

    /// The field an invalid-input or decode error is about.
    pub fn field(&self) -> Option<&str> {
        match self.inner.as_ref() {
            Inner::InvalidInput { field, .. } | Inner::Decode { field, .. } => Some(field),
            _ => None,
        }
    }

    /// The same error naming its input as a façade spells it: `(from, to)` pairs, e.g.
    /// `("job_id", "jobId")`. Other errors, and other fields, are left as they are.
    pub fn rename_input(mut self, names: &[(&str, &str)]) -> Self {
        if let Inner::InvalidInput { field, .. } = self.inner.as_mut() {
            if let Some((_, to)) = names.iter().find(|(from, _)| from == field) {
                *field = (*to).to_owned();
            }
        }
        self
    }

    /// The server's `Retry-After`, in seconds, when it sent one.
    pub fn retry_after_secs(&self) -> Option<u64> {
        match self.inner.as_ref() {
            Inner::Http {
                retry_after_secs, ..
            } => *retry_after_secs,
            _ => None,
        }
    }

    /// Whether the same idempotent request may succeed if sent again: 429, 502, 503, 504 and
    /// network failures. A timeout is not: it already spent the caller's whole budget.
    pub fn is_retryable(&self) -> bool {
        match self.inner.as_ref() {
            Inner::Http { status, .. } => matches!(status, 429 | 502 | 503 | 504),
            Inner::Network { .. } => true,
            _ => false,
        }
    }

    /// Whether the credentials were refused (401, 403): ask for a new token or key.
    pub fn is_auth(&self) -> bool {
        matches!(self.status(), Some(401 | 403))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.inner, f)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.kind())
            .field("message", &self.to_string())
            .finish()
    }
}

impl Clone for Error {
    fn clone(&self) -> Self {
        Error {
            inner: self.inner.clone(),
        }
    }
}

impl PartialEq for Error {
    fn eq(&self, other: &Self) -> bool {
        self.inner == other.inner
    }
}

impl std::error::Error for Error {}

/// `text` with each of `secrets` (4 characters or more) redacted as [`Error::redact`] does, or
/// `None` when none occurs (e.g. an error body a proxy relays).
pub fn redact_text(text: &str, secrets: &[&str]) -> Option<String> {
    let mut out = text.to_owned();
    redact_all(&mut out, secrets).then_some(out)
}

/// Redacts each of `secrets` (4 characters or more) in `text`; whether any occurred.
fn redact_all(text: &mut String, secrets: &[&str]) -> bool {
    let mut found = false;
    for secret in secrets.iter().filter(|s| s.len() >= 4) {
        if let Some(redacted) = redact_in(text, secret) {
            *text = redacted;
            found = true;
        }
    }
    found
}

/// How many leading characters of a secret count as the secret when it is not there whole.
pub const CUT_SECRET_MIN: usize = 8;

/// `text` with each occurrence of `secret` replaced by `[redacted]` (leftmost first, not
/// overlapping; ASCII case ignored), and each run of its first [`CUT_SECRET_MIN`] bytes or more
/// (a secret cut short), or `None` if there is none. A plain scan: error texts are short, and
/// `str`'s two-way searcher, used only here, is ~2 KB of wasm.
fn redact_in(text: &str, secret: &str) -> Option<String> {
    let needle = secret.as_bytes();
    let mut out = String::new();
    let mut rest = text;
    let mut found = false;
    while let Some(c) = rest.chars().next() {
        let mut shared = rest
            .bytes()
            .zip(needle)
            .take_while(|(a, b)| a.eq_ignore_ascii_case(b))
            .count();
        while !rest.is_char_boundary(shared) {
            shared -= 1;
        }
        if shared > 0 && (shared == needle.len() || shared >= CUT_SECRET_MIN) {
            out.push_str("[redacted]");
            rest = &rest[shared..];
            found = true;
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    found.then_some(out)
}

#[cfg(test)]
mod tests;
