//! The request side: [`TaskQuery`] (the query string of `…/backuptasks`) and [`ApiPath`] (the two
//! paths of the API). Clients build them, the emulator and the proxy parse them, with the same rules.

use std::fmt;
use std::str::FromStr;

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use super::error::Error;
use super::model::{excerpt, Quoted, TaskStatus};

/// Everything but RFC 3986's unreserved characters is encoded, hex in upper case: the form both the
/// API and the AK/SK signer's canonical request use (space is `%20`, never `+`).
pub(crate) const ENCODE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// `a, b, c`: the names an error message offers (std's `join` is a 0.9 KB instance of its own).
pub(crate) fn list(names: &[&str]) -> String {
    let mut out = String::new();
    for (index, name) in names.iter().enumerate() {
        if index > 0 {
            out.push_str(", ");
        }
        out.push_str(name);
    }
    out
}

/// `key=value&…` of these pairs, values percent-encoded (keys are plain ASCII names), written
/// in place.
pub(crate) fn query_string(pairs: &[(&str, String)]) -> String {
    let mut out = String::new();
    for (index, (key, value)) in pairs.iter().enumerate() {
        if index > 0 {
            out.push('&');
        }
        out.push_str(key);
        out.push('=');
        push_encoded(&mut out, value);
    }
    out
}

/// Percent-encodes one path segment, query key or query value.
pub fn encode_component(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    push_encoded(&mut out, value);
    out
}

/// Appends `value` percent-encoded as [`encode_component`] does, without a `String` of its own.
pub(crate) fn push_encoded(out: &mut String, value: &str) {
    // The encoder yields borrowed chunks: extending with them needs no formatting machinery.
    out.extend(utf8_percent_encode(value, ENCODE));
}

/// The order of tasks by creation time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum SortDir {
    /// Newest first: the API's default.
    #[default]
    Desc,
    /// Oldest first.
    Asc,
}

impl SortDir {
    /// The wire value.
    pub fn as_str(&self) -> &'static str {
        match self {
            SortDir::Desc => "desc",
            SortDir::Asc => "asc",
        }
    }
}

impl FromStr for SortDir {
    type Err = Error;

    fn from_str(value: &str) -> Result<Self, Error> {
        match value {
            "desc" => Ok(SortDir::Desc),
            "asc" => Ok(SortDir::Asc),
            other => Err(Error::invalid_input(
                "sort_dir",
                format!(
                    "{} is not an order; expected \"desc\" or \"asc\"",
                    Quoted(&excerpt(other, 40))
                ),
            )),
        }
    }
}

/// What tasks are sorted by; the API supports only the creation time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum SortKey {
    /// `created_at`.
    #[default]
    CreatedAt,
}

impl SortKey {
    /// The wire value.
    pub fn as_str(&self) -> &'static str {
        match self {
            SortKey::CreatedAt => "created_at",
        }
    }
}

impl FromStr for SortKey {
    type Err = Error;

    fn from_str(value: &str) -> Result<Self, Error> {
        match value {
            "created_at" => Ok(SortKey::CreatedAt),
            other => Err(Error::invalid_input(
                "sort_key",
                format!(
                    "{} is not supported; the only sort key is \"created_at\"",
                    Quoted(&excerpt(other, 40))
                ),
            )),
        }
    }
}

/// The query of `GET /v2/{project_id}/backuppolicy/{policy_id}/backuptasks`.
///
/// Builder methods take and return `self`; nothing is checked until [`TaskQuery::validate`] (which
/// every client calls before sending), so a query can be built freely and refused with a reason.
///
/// ```
/// use vbs_tasks::{TaskQuery, TaskStatus, SortDir};
/// let query = TaskQuery::new().status(TaskStatus::ExecuteFail).sort_dir(SortDir::Asc).limit(50);
/// assert_eq!(query.to_query_string(), "status=EXECUTE_FAIL&sort_dir=asc&limit=50");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TaskQuery {
    status: Option<TaskStatus>,
    job_id: Option<String>,
    sort_dir: Option<SortDir>,
    sort_key: Option<SortKey>,
    limit: Option<u32>,
    offset: Option<u64>,
    marker: Option<String>,
}

/// The API's page size when `limit` is absent.
pub const DEFAULT_LIMIT: u32 = 20;

/// The largest page the contract names (the successor service allows 1 to 1000): the emulator
/// refuses more, the viewer shows and exports at most this many a page. The client does not
/// refuse more itself; a region's API answers for its own limit.
pub const MAX_LIMIT: u32 = 1000;

/// The longest job ID a query takes, in UTF-16 code units (what a browser's `maxlength` counts;
/// the same as characters for the IDs the API gives, which are 36-character UUIDs). The contract
/// names no limit: this one leaves room for other forms of ID while refusing, before any request,
/// text that cannot be one (a pasted log line). The viewer's `Job ID` field has it as its
/// `maxlength`.
pub const MAX_JOB_ID_LEN: usize = 64;

impl TaskQuery {
    /// No filter, the API's defaults (20 tasks, newest first).
    pub fn new() -> Self {
        Self::default()
    }

    /// Only tasks with this status.
    pub fn status(mut self, status: TaskStatus) -> Self {
        self.status = Some(status);
        self
    }

    /// Only the task with this ID.
    pub fn job_id(mut self, job_id: impl Into<String>) -> Self {
        self.job_id = Some(job_id.into());
        self
    }

    /// Newest or oldest first.
    pub fn sort_dir(mut self, dir: SortDir) -> Self {
        self.sort_dir = Some(dir);
        self
    }

    /// What to sort by (only [`SortKey::CreatedAt`] exists).
    pub fn sort_key(mut self, key: SortKey) -> Self {
        self.sort_key = Some(key);
        self
    }

    /// Page size, at least 1.
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit);
        self
    }

    /// How many matching tasks to skip (offset paging). Not together with a marker.
    pub fn offset(mut self, offset: u64) -> Self {
        self.offset = Some(offset);
        self
    }

    /// Start after the task with this ID (marker paging). Not together with an offset.
    pub fn marker(mut self, marker: impl Into<String>) -> Self {
        self.marker = Some(marker.into());
        self
    }

    /// The same query without offset or marker: where paging starts.
    pub fn first_page(mut self) -> Self {
        self.offset = None;
        self.marker = None;
        self
    }

    /// The status filter.
    pub fn get_status(&self) -> Option<&TaskStatus> {
        self.status.as_ref()
    }

    /// The job-ID filter.
    pub fn get_job_id(&self) -> Option<&str> {
        self.job_id.as_deref()
    }

    /// The order (default: newest first).
    pub fn get_sort_dir(&self) -> SortDir {
        self.sort_dir.unwrap_or_default()
    }

    /// The page size (default 20).
    pub fn get_limit(&self) -> u32 {
        self.limit.unwrap_or(DEFAULT_LIMIT)
    }

    /// The offset (default 0).
    pub fn get_offset(&self) -> u64 {
        self.offset.unwrap_or(0)
    }

    /// The marker.
    pub fn get_marker(&self) -> Option<&str> {
        self.marker.as_deref()
    }

    /// Whether the page size was set explicitly.
    pub fn has_limit(&self) -> bool {
        self.limit.is_some()
    }

    /// Checks what the API would refuse, and what would make two paging modes clash.
    pub fn validate(&self) -> Result<(), Error> {
        if let Some(status) = &self.status {
            if !status.is_known() {
                // Re-parse to get the one wording of this refusal.
                status.as_str().parse::<TaskStatus>()?;
            }
        }
        if self.limit == Some(0) {
            return Err(Error::invalid_input("limit", "must be at least 1, got 0"));
        }
        for (field, value) in [("job_id", &self.job_id), ("marker", &self.marker)] {
            if value.as_deref().is_some_and(|v| v.trim().is_empty()) {
                return Err(Error::invalid_input(field, "must not be empty"));
            }
        }
        if let Some(length) = self.job_id.as_deref().map(|id| id.encode_utf16().count()) {
            if length > MAX_JOB_ID_LEN {
                return Err(Error::invalid_input(
                    "job_id",
                    format!("must be at most {MAX_JOB_ID_LEN} characters long, got {length}"),
                ));
            }
        }
        if self.offset.is_some() && self.marker.is_some() {
            return Err(Error::invalid_input(
                "offset",
                "offset and marker are two paging modes; give one or the other",
            ));
        }
        Ok(())
    }

    /// The parameters that are set, in a stable order, unencoded.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::with_capacity(7);
        if let Some(status) = &self.status {
            pairs.push(("status", status.as_str().to_owned()));
        }
        if let Some(job_id) = &self.job_id {
            pairs.push(("job_id", job_id.clone()));
        }
        if let Some(dir) = self.sort_dir {
            pairs.push(("sort_dir", dir.as_str().to_owned()));
        }
        if let Some(key) = self.sort_key {
            pairs.push(("sort_key", key.as_str().to_owned()));
        }
        if let Some(limit) = self.limit {
            pairs.push(("limit", limit.to_string()));
        }
        if let Some(offset) = self.offset {
            pairs.push(("offset", offset.to_string()));
        }
        if let Some(marker) = &self.marker {
            pairs.push(("marker", marker.clone()));
        }
        pairs
    }

    /// The encoded query string, without `?`; empty when nothing is set.
    pub fn to_query_string(&self) -> String {
        query_string(&self.to_pairs())
    }

    /// Parses a raw query string (as a server receives it) with the rules of [`TaskQuery::validate`].
    ///
    /// `+` reads as a space, as browsers and Go's `url.Query` write it. Unknown keys are ignored,
    /// as the service does; a known key given twice is refused.
    pub fn from_query_str(raw: &str) -> Result<Self, Error> {
        let mut query = TaskQuery::new();
        for_each_param(raw, &KEYS, |key, value| {
            query = std::mem::take(&mut query).set(key, value)?;
            Ok(())
        })?;
        query.validate()?;
        Ok(query)
    }

    /// Sets one parameter from its wire text (the emulator and the JS façade both come through here).
    pub fn set(self, key: &str, value: &str) -> Result<Self, Error> {
        Ok(match key {
            "status" => self.status(value.parse()?),
            "job_id" => self.job_id(value),
            "sort_dir" => self.sort_dir(value.parse()?),
            "sort_key" => self.sort_key(value.parse()?),
            "limit" => self.limit(parse_number("limit", value, u32::MAX.into())?),
            "offset" => self.offset(parse_number("offset", value, u64::MAX)?),
            "marker" => self.marker(value),
            other => {
                return Err(Error::invalid_input(
                    excerpt(other, 40),
                    format!("is not a query parameter; expected one of {}", list(&KEYS)),
                ))
            }
        })
    }
}

/// The seven query parameters of the call.
pub const KEYS: [&str; 7] = [
    "status", "job_id", "sort_dir", "sort_key", "limit", "offset", "marker",
];

/// Calls `set(key, value)` for each parameter of a raw query string whose key is one of `keys`,
/// decoded (`+` as a space); other keys are ignored, as the services do. A known key given twice,
/// or a value that is not UTF-8 once percent-decoded, is refused.
pub(crate) fn for_each_param(
    raw: &str,
    keys: &[&str],
    mut set: impl FnMut(&str, &str) -> Result<(), Error>,
) -> Result<(), Error> {
    let raw = raw.trim_start_matches('?');
    // form_urlencoded decodes lossily: a value that is not UTF-8 would reach the API as
    // U+FFFD and match nothing, without a word. It is refused instead.
    for pair in raw.split('&') {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        if keys.contains(&key) && percent_decode_str(value).decode_utf8().is_err() {
            return Err(Error::invalid_input(
                key.to_owned(),
                "is not UTF-8 text once percent-decoded",
            ));
        }
    }
    let mut seen: Vec<String> = Vec::new();
    for (key, value) in form_urlencoded::parse(raw.as_bytes()) {
        let key = key.into_owned();
        if !keys.contains(&key.as_str()) {
            continue;
        }
        if seen.contains(&key) {
            return Err(Error::invalid_input(key, "is given more than once"));
        }
        set(&key, &value)?;
        seen.push(key);
    }
    Ok(())
}

/// A whole number from 0 to `max` (the range of `T`, named in the refusal).
pub(crate) fn parse_number<T: FromStr>(
    field: &'static str,
    value: &str,
    max: u64,
) -> Result<T, Error> {
    value.parse().map_err(|_| {
        Error::invalid_input(
            field,
            format!(
                "{} is not a whole number from 0 to {max}",
                Quoted(&excerpt(value, 40))
            ),
        )
    })
}

impl fmt::Display for TaskQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_query_string())
    }
}

/// One of the API's two paths, with its IDs decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiPath {
    /// `GET /v2/{project_id}/backuppolicy`.
    Policies {
        /// The project.
        project_id: String,
    },
    /// `GET /v2/{project_id}/backuppolicy/{policy_id}/backuptasks`.
    Tasks {
        /// The project.
        project_id: String,
        /// The policy.
        policy_id: String,
    },
}

impl ApiPath {
    /// The list-policies path; refuses an empty project ID.
    pub fn policies(project_id: &str) -> Result<Self, Error> {
        Ok(ApiPath::Policies {
            project_id: checked_id("project_id", project_id)?,
        })
    }

    /// The backup-tasks path; refuses an empty ID.
    pub fn tasks(project_id: &str, policy_id: &str) -> Result<Self, Error> {
        Ok(ApiPath::Tasks {
            project_id: checked_id("project_id", project_id)?,
            policy_id: checked_id("policy_id", policy_id)?,
        })
    }

    /// The project the path is in.
    pub fn project_id(&self) -> &str {
        match self {
            ApiPath::Policies { project_id } | ApiPath::Tasks { project_id, .. } => project_id,
        }
    }

    /// The encoded path, starting with `/v2/`.
    pub fn to_path(&self) -> String {
        match self {
            ApiPath::Policies { project_id } => {
                format!("/v2/{}/backuppolicy", encode_component(project_id))
            }
            ApiPath::Tasks {
                project_id,
                policy_id,
            } => format!(
                "/v2/{}/backuppolicy/{}/backuptasks",
                encode_component(project_id),
                encode_component(policy_id)
            ),
        }
    }

    /// Reads a raw (encoded) request path; `None` for anything that is not exactly one of the two
    /// paths. Refused on purpose: empty or dot segments, and segments whose decoding would contain
    /// `/` or `\` (the encoded-slash trick a proxy must not forward).
    pub fn parse(raw_path: &str) -> Option<Self> {
        let rest = raw_path.strip_prefix("/v2/")?;
        let rest = rest.strip_suffix('/').unwrap_or(rest);
        let segments: Vec<&str> = rest.split('/').collect();
        let decode = decode_segment;
        match segments.as_slice() {
            [project, "backuppolicy"] => Some(ApiPath::Policies {
                project_id: decode(project)?,
            }),
            [project, "backuppolicy", policy, "backuptasks"] => Some(ApiPath::Tasks {
                project_id: decode(project)?,
                policy_id: decode(policy)?,
            }),
            _ => None,
        }
    }
}

/// One raw path segment decoded, or `None` for what a path must not smuggle: empty or dot
/// segments, and segments whose decoding contains `/`, `\` or a control character (the
/// encoded-slash trick a proxy must not forward).
pub(crate) fn decode_segment(segment: &str) -> Option<String> {
    let decoded = percent_decode_str(segment).decode_utf8().ok()?;
    let bad = decoded.is_empty()
        || decoded == "."
        || decoded == ".."
        || decoded.contains(['/', '\\'])
        || decoded.chars().any(char::is_control);
    (!bad).then(|| decoded.into_owned())
}

pub(crate) fn checked_id(field: &'static str, id: &str) -> Result<String, Error> {
    if id.trim().is_empty() {
        Err(Error::invalid_input(field, "must not be empty"))
    } else {
        Ok(id.to_owned())
    }
}

#[cfg(test)]
mod tests;
