//! What the task view says and hears: its actions, the requests it asks the hooks for, and what a
//! change means for the rest of the page.

use std::rc::Rc;

use vbs_tasks::core::cbr::OperationType;
use vbs_tasks::core::error::Error;
use vbs_tasks::core::model::TaskStatus;
use vbs_tasks::core::query::SortDir;

use super::super::connection::Connection;
use super::super::fetch::Fetch;
use super::super::latest::RequestId;
use crate::route::{TimeRange, View};
use crate::rows::RowPage;

/// How the app should write the view into the address bar after a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlWrite {
    /// A new history entry: the user changed the view (Back returns to the previous one).
    Push,
    /// Rewrite the current entry: the view was completed or corrected (defaults filled in), or it
    /// came from the URL itself (Back/Forward).
    Replace,
}

/// The answer to a view's request.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    /// The view it answers.
    pub view: View,
    /// The page, or why there is none.
    pub outcome: Result<Rc<RowPage>, Error>,
    /// When it arrived (ms since the epoch).
    pub at_ms: f64,
}

/// Why the last refresh of the shown rows failed, and when.
#[derive(Debug, Clone, PartialEq)]
pub struct RefreshFailure {
    /// What went wrong.
    pub error: Error,
    /// When (ms since the epoch): auto-refresh waits its interval from here before trying again.
    pub at_ms: f64,
}

/// What the fetch hook must request, with the id to report back with.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskRequest {
    /// The request's id (see [`crate::state::latest`]).
    pub id: RequestId,
    /// Where to send it.
    pub connection: Connection,
    /// The project.
    pub project_id: String,
    /// What to ask for.
    pub fetch: Fetch,
}

/// The next page, to fetch ahead while the browser is idle (see [`crate::state::cache`]).
#[derive(Debug, Clone, PartialEq)]
pub struct PrefetchRequest {
    /// The cache it is for: an answer for one since dropped is not taken.
    pub generation: u64,
    /// The view it answers (the shown one, one page on).
    pub view: View,
    /// Where to send it.
    pub connection: Connection,
    /// What to ask for.
    pub fetch: Fetch,
}

/// What changes the task view.
#[derive(Debug, Clone)]
pub enum TasksAction {
    /// The user picked a policy.
    SelectPolicy(String),
    /// The `Status` filter (`None` for all).
    SetStatus(Option<TaskStatus>),
    /// The `Job ID` filter (blank for none).
    SetJobId(String),
    /// The `Order`.
    SetOrder(SortDir),
    /// The `Page size`.
    SetPageSize(u32),
    /// CBR's `Operation` filter (`None` for all).
    SetOperation(Option<OperationType>),
    /// CBR's `Vault` filter (`None` for all).
    SetVault(Option<String>),
    /// CBR's `Policy` filter (`None` for all).
    SetCbrPolicy(Option<String>),
    /// CBR's `Resource ID` filter (blank for none).
    SetResourceId(String),
    /// CBR's time range (`From`/`To`, or a preset).
    SetRange(TimeRange),
    /// "Clear filters": status and job ID (VBS); status and every CBR filter, the time range
    /// back to its default (CBR).
    ClearFilters,
    /// Go to a page (clamped to 1 and up).
    GoToPage(u64),
    /// Move by pages from the current one (`[` and `]`), within the first and the last page.
    StepPage(i64),
    /// The URL changed under the page (Back/Forward): show that view.
    Navigate(View),
    /// The page fetched ahead arrived (an error is dropped: the page is asked for when shown).
    Prefetched {
        /// The cache it was fetched for.
        generation: u64,
        /// The view it answers.
        view: View,
        /// The page (for a view paged here, every row of its filter), or why there is none.
        result: Result<RowPage, Error>,
        /// When it arrived (ms since the epoch).
        at_ms: f64,
    },
    /// The request with this id has left: show the page kept for its view, if there is one,
    /// while it revalidates. (Sent by the fetch effect, so that the rows come in the render after
    /// the one that wrote the view into the URL.)
    ShowKept {
        /// The request's id.
        id: RequestId,
    },
    /// An answer arrived for the request with this id.
    Loaded {
        /// The request's id.
        id: RequestId,
        /// The page (for a view paged here, [`View::pages_locally`], every row of its filter), or
        /// why there is none.
        result: Result<RowPage, Error>,
        /// When it arrived (ms since the epoch).
        at_ms: f64,
    },
    /// Turn auto-refresh on or off.
    SetAutoRefresh(bool),
}

/// What a change of the task view means for the rest of the page.
#[derive(Debug, Clone, PartialEq)]
pub enum TaskChange {
    /// Only the task view itself changed (auto-refresh turned on or off).
    Own,
    /// A new request was issued: for another view (`moved`), or for the same one again.
    Requested {
        /// The view is another one (the details of the old one close).
        moved: bool,
        /// It is of another project (its policies are listed again).
        project_changed: bool,
    },
    /// The latest request answered, at `at_ms`. `page` is the new page when there is one (not
    /// for an error); `before` the page that was shown until then (of any view).
    Answered {
        /// When the answer arrived.
        at_ms: f64,
        /// The page shown before.
        before: Option<Rc<RowPage>>,
        /// The page shown now.
        page: Option<Rc<RowPage>>,
    },
}
