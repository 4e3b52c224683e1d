//! The export: every task of the current filter, walked page by page and downloaded as CSV or
//! JSON, with its progress, Cancel, and how the last one ended.
//!
//! An export keeps the view it was started on: changing the view meanwhile does not change what
//! is exported, and its note ("Downloaded …", "Export failed") stays with its policy (or, for
//! CBR, with the CBR view of its project). A CBR export's time range counts back from the moment
//! the table's request left, so it holds the tasks the table counted.

use vbs_tasks::core::error::Error;
use vbs_tasks::core::model::Policy;
use vbs_tasks::core::query::MAX_LIMIT;

use super::cbr_lists::CbrLists;
use super::connection::Connection;
use super::fetch::{instant, Fetch};
use super::latest::{Latest, RequestId};
use crate::insights::stats::DurationStats;
use crate::route::{cbr_status, View};

/// Tasks per request while exporting (the contract's largest page).
pub const EXPORT_PAGE_SIZE: u32 = MAX_LIMIT;

/// Which file an export writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExportFormat {
    /// RFC 4180 CSV with a BOM (`insights::export::to_csv`).
    Csv,
    /// JSON in the API's field names (`insights::export::to_json`).
    Json,
}

impl ExportFormat {
    /// The file extension: `csv`, `json`.
    pub fn extension(&self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Json => "json",
        }
    }

    /// The name on its button: `CSV`, `JSON`.
    pub fn label(&self) -> &'static str {
        match self {
            ExportFormat::Csv => "CSV",
            ExportFormat::Json => "JSON",
        }
    }

    /// The MIME type of the file.
    pub fn mime(&self) -> &'static str {
        match self {
            ExportFormat::Csv => "text/csv;charset=utf-8",
            ExportFormat::Json => "application/json;charset=utf-8",
        }
    }
}

/// An export under way: it walks every page of the filter it was started on.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportJob {
    /// Its request; progress reports for another one are stale.
    pub id: RequestId,
    /// The file it writes.
    pub format: ExportFormat,
    /// The view it exports (its filter and order; the page is ignored).
    pub view: View,
    /// Pages received so far.
    pub pages: u64,
    /// Tasks received so far.
    pub tasks: u64,
    /// Tasks matching the filter (`count`), once the first page has said.
    pub total: Option<u64>,
    /// What the table said `count` was when the export started (its filter's): the walk can
    /// plan every page at once instead of waiting for the first.
    pub shown_count: Option<u64>,
    /// "Now" of a CBR time range (ms since the epoch, data clock): the table's request's.
    pub anchor_ms: f64,
}

impl ExportJob {
    /// How far it is, 0 to 100, once the total is known.
    pub fn percent(&self) -> Option<u8> {
        let total = self.total?;
        if total == 0 {
            return Some(100);
        }
        Some((self.tasks.min(total) * 100 / total) as u8)
    }
}

/// What a finished export reports.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportSummary {
    /// The file downloaded.
    pub file_name: String,
    /// Tasks in it.
    pub tasks: u64,
    /// Duration statistics over its tasks.
    pub stats: Option<DurationStats>,
}

/// How the last export ended.
#[derive(Debug, Clone, PartialEq)]
pub enum ExportOutcome {
    /// Downloaded.
    Done(ExportSummary),
    /// Stopped by the user: nothing downloaded.
    Cancelled,
    /// Failed: nothing downloaded.
    Failed(Error),
}

/// What the export hook must run.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportRequest {
    /// The export's request (see [`ExportJob::id`]).
    pub id: RequestId,
    /// The file it writes.
    pub format: ExportFormat,
    /// Where to send the requests.
    pub connection: Connection,
    /// The project.
    pub project_id: String,
    /// What to read: the VBS policy and the query of the first page (the filter and order,
    /// [`EXPORT_PAGE_SIZE`] per page), or the CBR query (its filters, [`EXPORT_PAGE_SIZE`] per
    /// page) and `Policy` filter.
    pub source: Fetch,
    /// What the file is of, for its name: the VBS policy's name (its ID when the list has no
    /// name); `cbr`, with the vault's or CBR policy's name a CBR filter names.
    pub policy_name: String,
    /// The filter's words for the file name and the JSON (`EXECUTE_FAIL`, `all`; CBR:
    /// `failed_backup`).
    pub filter: String,
    /// The filter's `count` as the table showed it at the start, if it did.
    pub shown_count: Option<u64>,
}

/// The export under way and how the last one ended.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ExportState {
    /// The export under way.
    pub job: Option<ExportJob>,
    requests: Latest,
    /// How the last export ended, with the view it exported (shown until the next starts).
    pub outcome: Option<(View, ExportOutcome)>,
}

/// What changes the export.
#[derive(Debug, Clone)]
pub enum ExportAction {
    /// "Export CSV" / "Export JSON": export every task of the current filter (a CBR time range
    /// counted back from `anchor_ms`, the table's request's "now").
    Start(ExportFormat),
    /// An export received a page.
    Progressed {
        /// The export.
        id: RequestId,
        /// Pages so far.
        pages: u64,
        /// Tasks so far.
        tasks: u64,
        /// The filter's `count`.
        total: u64,
    },
    /// An export ended (downloaded, or failed).
    Finished {
        /// The export.
        id: RequestId,
        /// What was downloaded, or why nothing was.
        result: Result<ExportSummary, Error>,
    },
    /// "Cancel": stop the export (its requests are aborted, nothing is downloaded).
    Cancel,
}

impl ExportState {
    /// Applies `action` for the shown `view`, which `can_request` says can be asked for (a
    /// connection, a project and a policy) and whose filter the table says `shown_count` tasks
    /// match; `false` when it changes nothing.
    pub fn reduce(
        &mut self,
        action: ExportAction,
        view: &View,
        can_request: bool,
        shown_count: Option<u64>,
    ) -> bool {
        match action {
            ExportAction::Start(format) => {
                if self.job.is_some() || !can_request {
                    return false;
                }
                self.job = Some(ExportJob {
                    id: self.requests.issue(),
                    format,
                    view: View {
                        page: 1,
                        ..view.clone()
                    },
                    pages: 0,
                    tasks: 0,
                    total: None,
                    shown_count,
                    anchor_ms: 0.0,
                });
                self.outcome = None;
                true
            }
            ExportAction::Progressed {
                id,
                pages,
                tasks,
                total,
            } => match &mut self.job {
                Some(job) if self.requests.accepts(id) && job.id == id => {
                    job.pages = pages;
                    job.tasks = tasks;
                    job.total = Some(total);
                    true
                }
                _ => false,
            },
            ExportAction::Finished { id, result } => {
                // Cancelled, or another export's: dropped.
                let Some(job) = self
                    .job
                    .take_if(|job| self.requests.accepts(id) && job.id == id)
                else {
                    return false;
                };
                let outcome = match result {
                    Ok(summary) => ExportOutcome::Done(summary),
                    Err(error) if error.is_aborted() => ExportOutcome::Cancelled,
                    Err(error) => ExportOutcome::Failed(error),
                };
                self.outcome = Some((job.view, outcome));
                true
            }
            ExportAction::Cancel => {
                let Some(job) = self.job.take() else {
                    return false;
                };
                self.outcome = Some((job.view, ExportOutcome::Cancelled));
                true
            }
        }
    }

    /// The export the hook must run, while one is under way.
    pub fn request(
        &self,
        connection: Option<&Connection>,
        policies: Option<&[Policy]>,
        cbr_lists: Option<&CbrLists>,
    ) -> Option<ExportRequest> {
        let job = self.job.as_ref()?;
        let connection = connection?.clone();
        let (source, policy_name) = if job.view.is_cbr() {
            let view = &job.view;
            let query = view
                .cbr
                .query(view.status.as_ref(), instant(job.anchor_ms))
                .limit(EXPORT_PAGE_SIZE);
            let named = |id: &Option<String>, name: fn(&CbrLists, &str) -> Option<String>| {
                id.as_ref().map(|id| {
                    cbr_lists
                        .and_then(|lists| name(lists, id))
                        .unwrap_or(id.clone())
                })
            };
            let policy = named(&view.cbr.policy_id, |lists, id| {
                lists.policy_name(id).map(str::to_owned)
            });
            let vault = named(&view.cbr.vault_id, |lists, id| {
                lists.vault_name(id).map(str::to_owned)
            });
            let name = ["cbr".to_owned()]
                .into_iter()
                .chain(policy)
                .chain(vault)
                .collect::<Vec<_>>()
                .join("_");
            let source = Fetch::Cbr {
                query,
                policy_id: view.cbr.policy_id.clone(),
            };
            (source, name)
        } else {
            let policy_id = job.view.policy_id.clone()?;
            let policy_name = policies
                .and_then(|list| {
                    list.iter()
                        .find(|policy| policy.id == policy_id && !policy.name.is_empty())
                })
                .map_or_else(|| policy_id.clone(), |policy| policy.name.clone());
            let query = View {
                page: 1,
                page_size: EXPORT_PAGE_SIZE,
                ..job.view.clone()
            }
            .task_query()
            .first_page();
            (Fetch::Vbs { policy_id, query }, policy_name)
        };
        Some(ExportRequest {
            id: job.id,
            format: job.format,
            connection,
            project_id: job.view.project_id.clone(),
            source,
            policy_name,
            filter: export_filter(&job.view),
            shown_count: job.shown_count,
        })
    }

    /// How the last export ended, while its policy is the one `view` shows: another policy's
    /// "Export failed" beside this one's buttons would read as this one's.
    pub fn note(&self, view: &View) -> Option<&ExportOutcome> {
        match &self.outcome {
            Some((exported, outcome)) if same_policy(exported, view) => Some(outcome),
            _ => None,
        }
    }

    /// The duration statistics of the last export's walk, if it covered `view`'s filter.
    pub fn walk_stats(&self, view: &View) -> Option<(u64, DurationStats)> {
        match &self.outcome {
            Some((exported, ExportOutcome::Done(summary))) if same_filter(exported, view) => {
                summary.stats.map(|stats| (summary.tasks, stats))
            }
            _ => None,
        }
    }
}

/// Whether two views show the same policy of the same project (CBR: the CBR view of the same
/// project).
pub fn same_policy(a: &View, b: &View) -> bool {
    a.project_id == b.project_id && a.service == b.service && a.policy_id == b.policy_id
}

/// Whether two views show the same set of tasks (project, policy, status, job ID; CBR: status
/// and every CBR filter).
pub fn same_filter(a: &View, b: &View) -> bool {
    same_policy(a, b) && a.status == b.status && a.job_id == b.job_id && a.cbr == b.cbr
}

/// The filter's words for an export's file name: `EXECUTE_FAIL`, `job-…`, `all`; CBR: its status
/// and operation (`failed_backup`), or `all`.
pub fn export_filter(view: &View) -> String {
    if view.is_cbr() {
        let words: Vec<String> = view
            .status
            .as_ref()
            .and_then(cbr_status)
            .into_iter()
            .chain(view.cbr.operation.as_ref().map(|op| op.as_str().to_owned()))
            .collect();
        return if words.is_empty() {
            "all".to_owned()
        } else {
            words.join("_")
        };
    }
    match (&view.status, &view.job_id) {
        (None, None) => "all".to_owned(),
        (Some(status), None) => status.as_str().to_owned(),
        (None, Some(job_id)) => format!("job-{job_id}"),
        (Some(status), Some(job_id)) => format!("{}_job-{job_id}", status.as_str()),
    }
}

#[cfg(test)]
mod tests;
