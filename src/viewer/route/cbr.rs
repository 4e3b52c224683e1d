//! The CBR view's filters as a link has them: `status`, `operation`, `vault`, `policy`,
//! `resource_id` and the time range (`range=24h|30d|all`, or `from`/`to` in UTC), and the API
//! query they make.
//!
//! The time range is a preset (the last 24 hours, 7 days — the default — or 30 days, counted back
//! from the moment a request is made, with no end: a task waiting to start is still in it), or a
//! window with a start and an end, each optional. The URL has a window's bounds in UTC, in the
//! form the API takes (`2026-11-13T08:00:00Z`), so that a link means the same in every zone; the
//! page shows them in the browser's.

use time::Duration;

use vbs_tasks::core::cbr::{OpLogQuery, OpLogStatus, OperationType};
use vbs_tasks::core::model::TaskStatus;
use vbs_tasks::core::time::Timestamp;

/// A time range counted back from now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RangePreset {
    /// The last 24 hours (`range=24h`).
    Last24Hours,
    /// The last 7 days (the default: no `range` in the link).
    Last7Days,
    /// The last 30 days (`range=30d`).
    Last30Days,
}

impl RangePreset {
    /// Every preset, in the order the page offers them.
    pub const ALL: [RangePreset; 3] = [
        RangePreset::Last24Hours,
        RangePreset::Last7Days,
        RangePreset::Last30Days,
    ];

    /// How it is written in a link: `24h`, `7d`, `30d`.
    pub fn as_str(self) -> &'static str {
        match self {
            RangePreset::Last24Hours => "24h",
            RangePreset::Last7Days => "7d",
            RangePreset::Last30Days => "30d",
        }
    }

    /// How far back it reaches.
    pub fn span(self) -> Duration {
        match self {
            RangePreset::Last24Hours => Duration::hours(24),
            RangePreset::Last7Days => Duration::days(7),
            RangePreset::Last30Days => Duration::days(30),
        }
    }

    fn from_str(value: &str) -> Option<RangePreset> {
        RangePreset::ALL
            .into_iter()
            .find(|preset| preset.as_str() == value)
    }
}

/// Which tasks, by when they started (the API's `start_time`/`end_time`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimeRange {
    /// From a preset's span before now, with no end.
    Last(RangePreset),
    /// Between two instants, each optional (neither: any time, `range=all`).
    Between {
        /// The start (inclusive).
        from: Option<Timestamp>,
        /// The end (inclusive).
        to: Option<Timestamp>,
    },
}

impl Default for TimeRange {
    fn default() -> Self {
        TimeRange::Last(RangePreset::Last7Days)
    }
}

impl TimeRange {
    /// A window from `from` to `to`; bounds given the wrong way round are swapped (the window a
    /// person who typed them meant).
    pub fn between(from: Option<Timestamp>, to: Option<Timestamp>) -> TimeRange {
        match (from, to) {
            (Some(from), Some(to)) if from > to => TimeRange::Between {
                from: Some(to),
                to: Some(from),
            },
            (from, to) => TimeRange::Between { from, to },
        }
    }

    /// The window's bounds at `now`: a preset's start is `now` less its span, and it has no end.
    pub fn window(&self, now: Timestamp) -> (Option<Timestamp>, Option<Timestamp>) {
        match *self {
            TimeRange::Last(preset) => {
                let start = now.as_offset_date_time().checked_sub(preset.span());
                (start.map(Timestamp::from), None)
            }
            TimeRange::Between { from, to } => (from, to),
        }
    }
}

/// The CBR view's filters (beyond `status` and the page, which every view has).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct CbrFilter {
    /// Only tasks of this kind (a documented one: a link cannot filter by an unknown value).
    pub operation: Option<OperationType>,
    /// Only tasks of this vault.
    pub vault_id: Option<String>,
    /// Only tasks this CBR policy started: those of its vaults whose `policy_id` is it (the API
    /// has no such filter; contract §8).
    pub policy_id: Option<String>,
    /// Only tasks on the resource with this ID.
    pub resource_id: Option<String>,
    /// When they started.
    pub range: TimeRange,
}

impl CbrFilter {
    /// Whether a filter other than the default time range is set.
    pub fn is_set(&self) -> bool {
        *self != CbrFilter::default()
    }

    /// Reads one of the filter's keys of a link; `false` for a key that is not one of them.
    /// Lenient, as the whole link is: a bad value is no filter.
    pub(super) fn read(&mut self, key: &str, value: &str, window: &mut Window) -> bool {
        match key {
            "operation" => self.operation = value.parse().ok(),
            "vault" => self.vault_id = super::non_empty(value),
            "policy" => self.policy_id = super::non_empty(value),
            "resource_id" => self.resource_id = super::non_empty(value),
            "range" => window.range = Some(value.to_owned()),
            "from" => window.from = Timestamp::parse_filter_time(value),
            "to" => window.to = Timestamp::parse_filter_time(value),
            _ => return false,
        }
        true
    }

    /// The filter's keys for a link, in a fixed order, defaults left out (`policy` is written by
    /// the view, in its place).
    pub(super) fn write(&self, pairs: &mut Vec<(&'static str, String)>) {
        if let Some(operation) = &self.operation {
            pairs.push(("operation", operation.as_str().to_owned()));
        }
        if let Some(vault) = &self.vault_id {
            pairs.push(("vault", vault.clone()));
        }
        if let Some(resource) = &self.resource_id {
            pairs.push(("resource_id", resource.clone()));
        }
        match self.range {
            TimeRange::Last(RangePreset::Last7Days) => {}
            TimeRange::Last(preset) => pairs.push(("range", preset.as_str().to_owned())),
            TimeRange::Between {
                from: None,
                to: None,
            } => pairs.push(("range", "all".to_owned())),
            TimeRange::Between { from, to } => {
                if let Some(from) = from {
                    pairs.push(("from", from.to_filter_time()));
                }
                if let Some(to) = to {
                    pairs.push(("to", to.to_filter_time()));
                }
            }
        }
    }

    /// The API query of this filter with `status`, at `now` (no page: see the callers).
    pub fn query(&self, status: Option<&TaskStatus>, now: Timestamp) -> OpLogQuery {
        let mut query = OpLogQuery::new();
        if let Some(status) = status.and_then(OpLogStatus::from_task_status) {
            query = query.status(status);
        }
        if let Some(operation) = &self.operation {
            query = query.operation_type(operation.clone());
        }
        if let Some(vault) = &self.vault_id {
            query = query.vault_id(vault.clone());
        }
        if let Some(resource) = &self.resource_id {
            query = query.resource_id(resource.clone());
        }
        let (start, end) = self.range.window(now);
        if let Some(start) = start {
            query = query.started_from(start);
        }
        if let Some(end) = end {
            query = query.ended_by(end);
        }
        query
    }
}

/// A link's time-range keys, read before they are put together (`from`/`to` win over `range`).
#[derive(Debug, Default)]
pub(super) struct Window {
    range: Option<String>,
    from: Option<Timestamp>,
    to: Option<Timestamp>,
}

impl Window {
    /// The range the keys say; the default for none or a bad value.
    pub(super) fn range(&self) -> TimeRange {
        if self.from.is_some() || self.to.is_some() {
            return TimeRange::between(self.from, self.to);
        }
        match self.range.as_deref() {
            Some("all") => TimeRange::Between {
                from: None,
                to: None,
            },
            Some(value) => RangePreset::from_str(value)
                .map(TimeRange::Last)
                .unwrap_or_default(),
            None => TimeRange::default(),
        }
    }
}

/// A status as a CBR link writes it (`failed`); `None` for one CBR does not have.
pub fn cbr_status(status: &TaskStatus) -> Option<String> {
    OpLogStatus::from_task_status(status).map(|status| status.as_str().to_owned())
}

/// A CBR link's status (`failed`) in the common form; `None` for anything else.
pub fn read_cbr_status(value: &str) -> Option<TaskStatus> {
    value
        .parse::<OpLogStatus>()
        .ok()
        .map(|status| status.to_task_status())
}
