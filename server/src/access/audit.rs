//! The audit log: one JSON line per API request, appended to a file. It names who asked for
//! what and what came back; never a token, cookie, signature or key (no header is written).

use std::fs::File;
use std::io::Write;
use std::path::Path;
use std::sync::Mutex;

use serde_json::json;
use time::OffsetDateTime;

use crate::proxy::SetupError;

/// An open audit log.
#[derive(Debug)]
pub struct AuditLog {
    file: Mutex<File>,
}

/// One request, as the log records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry<'a> {
    /// The signed-in user's name; `None` without access tokens (or when refused).
    pub user: Option<&'a str>,
    /// The target the path names (`/t/{name}/…`), if any.
    pub target: Option<&'a str>,
    /// The HTTP method.
    pub method: &'a str,
    /// Path and query as received.
    pub path: &'a str,
    /// The status answered.
    pub status: u16,
    /// The upstream's `X-Request-Id`, when the request reached it.
    pub upstream_request_id: Option<&'a str>,
}

impl AuditLog {
    /// Opens (or creates) `path` for appending.
    pub fn open(path: &Path) -> Result<AuditLog, SetupError> {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(|err| {
                SetupError(format!(
                    "--audit-log {}: cannot open it: {err}",
                    path.display()
                ))
            })?;
        Ok(AuditLog {
            file: Mutex::new(file),
        })
    }

    /// Appends `entry` as one line, stamped `at`. A failed write is reported, not fatal.
    pub fn write(&self, entry: &AuditEntry<'_>, at: OffsetDateTime) {
        let mut line = audit_line(entry, at);
        line.push('\n');
        let mut file = self.file.lock().unwrap_or_else(|e| e.into_inner());
        if let Err(err) = file.write_all(line.as_bytes()) {
            tracing::warn!("audit log: cannot write: {err}");
        }
    }
}

/// The JSON line (without its newline) for `entry` at `at`.
pub fn audit_line(entry: &AuditEntry<'_>, at: OffsetDateTime) -> String {
    json!({
        "time": rfc3339(at),
        "user": entry.user,
        "target": entry.target,
        "method": entry.method,
        "path": entry.path,
        "status": entry.status,
        "upstream_request_id": entry.upstream_request_id,
    })
    .to_string()
}

/// `at` in UTC as RFC 3339 with milliseconds (`2026-11-26T09:30:00.123Z`).
pub fn rfc3339(at: OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second(),
        at.millisecond()
    )
}

/// The target a path names: `{name}` of `/t/{name}/…`.
pub fn target_of(path: &str) -> Option<&str> {
    let rest = path.strip_prefix("/t/")?;
    let name = rest.split('/').next().unwrap_or_default();
    (!name.is_empty()).then_some(name)
}
