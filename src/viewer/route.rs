//! The URL query ⇄ [`View`] conversion, in one place.
//!
//! A view is what a link must reproduce: target, service, project, policy, filters, order, page
//! size and page. The service is VBS unless the link says `service=cbr`; a CBR view has its own
//! filters ([`cbr`]) and no order (the API has none).
//!
//! Credentials are never part of a view, so they can never reach the URL; unknown keys (including a
//! `token` someone pasted into a link) are dropped when the view is written back.
//!
//! Values keep the API's spelling (`status=EXECUTE_FAIL`, `order=asc`) so that a link reads like the
//! call it makes. Defaults are left out, so the plain view of a policy is a short link.

mod cbr;

pub use cbr::{cbr_status, read_cbr_status, CbrFilter, RangePreset, TimeRange};

use vbs_tasks::core::cbr::OpLogQuery;
use vbs_tasks::core::model::TaskStatus;
use vbs_tasks::core::query::{
    encode_component, SortDir, TaskQuery, DEFAULT_LIMIT, MAX_JOB_ID_LEN, MAX_LIMIT,
};
use vbs_tasks::core::taskrow::Service;
use vbs_tasks::core::time::Timestamp;

/// The page sizes the viewer offers (the `Page size` control); 20 is the API's default. The
/// largest is the contract's largest page, as the export asks for: a long stretch of a policy's
/// history on one page, for the browser's find.
pub const PAGE_SIZES: [u32; 5] = [10, 20, 50, 100, MAX_LIMIT];

/// What the table shows, exactly as a link describes it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct View {
    /// The server's target (`?target=prod-cn4`) when it answers for several; `None` with one
    /// target or without a server config (the state resolves a name it does not know).
    pub target: Option<String>,
    /// The API whose tasks are shown (`?service=cbr`; VBS when the link names none).
    pub service: Service,
    /// The project; empty until a link or the connection names one.
    pub project_id: String,
    /// The VBS policy; `None` until a link names one or the policy list opens its first (a CBR
    /// view's policy is one of its filters, [`CbrFilter::policy_id`]).
    pub policy_id: Option<String>,
    /// Only tasks with this status (a documented one: a link cannot filter by an unknown value),
    /// in the common form; a CBR link writes it CBR's way (`status=failed`).
    pub status: Option<TaskStatus>,
    /// Only the task with this job ID (VBS).
    pub job_id: Option<String>,
    /// Newest or oldest first (VBS; CBR lists newest first).
    pub order: SortDir,
    /// The CBR view's filters.
    pub cbr: CbrFilter,
    /// Tasks per page, one of [`PAGE_SIZES`].
    pub page_size: u32,
    /// The page, counted from 1.
    pub page: u64,
}

impl Default for View {
    fn default() -> Self {
        View {
            target: None,
            service: Service::Vbs,
            project_id: String::new(),
            policy_id: None,
            status: None,
            job_id: None,
            order: SortDir::Desc,
            page_size: DEFAULT_LIMIT,
            page: 1,
            cbr: CbrFilter::default(),
        }
    }
}

impl View {
    /// Reads a URL query (`?policy=…&status=…`, with or without the `?`).
    ///
    /// Lenient on purpose: a link is typed or pasted by people, so a bad value falls back to the
    /// default instead of failing the page (the URL is then rewritten to what is shown).
    pub fn from_query(raw: &str) -> View {
        let pairs: Vec<(String, String)> =
            form_urlencoded::parse(raw.trim_start_matches('?').as_bytes())
                .map(|(key, value)| (key.into_owned(), value.trim().to_owned()))
                .collect();
        let mut view = View::default();
        // The service says how the other keys read, wherever it stands in the link.
        if pairs
            .iter()
            .any(|(key, value)| key == "service" && value == "cbr")
        {
            view.service = Service::Cbr;
        }
        let cbr = view.is_cbr();
        let mut window = cbr::Window::default();
        for (key, value) in &pairs {
            let value = value.as_str();
            if cbr && view.cbr.read(key, value, &mut window) {
                continue;
            }
            match key.as_str() {
                "target" => view.target = non_empty(value),
                "project" => view.project_id = value.to_owned(),
                "status" if cbr => view.status = read_cbr_status(value),
                // A CBR link's `job_id` and `order` are not its filters: left out.
                "job_id" | "order" if cbr => {}
                "policy" => view.policy_id = non_empty(value),
                "status" => view.status = value.parse::<TaskStatus>().ok(),
                // Longer than a job ID can be: the request would be refused.
                "job_id" => {
                    view.job_id =
                        non_empty(value).filter(|id| id.encode_utf16().count() <= MAX_JOB_ID_LEN)
                }
                "order" => view.order = value.parse().unwrap_or_default(),
                "page_size" => {
                    view.page_size = value
                        .parse()
                        .ok()
                        .filter(|size| PAGE_SIZES.contains(size))
                        .unwrap_or(DEFAULT_LIMIT)
                }
                "page" => view.page = value.parse().ok().filter(|&page| page >= 1).unwrap_or(1),
                _ => {}
            }
        }
        view.cbr.range = window.range();
        view
    }

    /// Whether this is a CBR view.
    pub fn is_cbr(&self) -> bool {
        self.service == Service::Cbr
    }

    /// The URL query for this view, without `?`; defaults are left out, keys in a fixed order.
    pub fn to_query(&self) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if let Some(target) = &self.target {
            pairs.push(("target", target.clone()));
        }
        if self.is_cbr() {
            pairs.push(("service", "cbr".to_owned()));
        }
        if !self.project_id.is_empty() {
            pairs.push(("project", self.project_id.clone()));
        }
        if self.is_cbr() {
            if let Some(policy) = &self.cbr.policy_id {
                pairs.push(("policy", policy.clone()));
            }
            if let Some(status) = self.status.as_ref().and_then(cbr_status) {
                pairs.push(("status", status));
            }
            self.cbr.write(&mut pairs);
        } else {
            if let Some(policy) = &self.policy_id {
                pairs.push(("policy", policy.clone()));
            }
            if let Some(status) = &self.status {
                pairs.push(("status", status.as_str().to_owned()));
            }
            if let Some(job_id) = &self.job_id {
                pairs.push(("job_id", job_id.clone()));
            }
            if self.order != SortDir::Desc {
                pairs.push(("order", self.order.as_str().to_owned()));
            }
        }
        if self.page_size != DEFAULT_LIMIT {
            pairs.push(("page_size", self.page_size.to_string()));
        }
        if self.page != 1 {
            pairs.push(("page", self.page.to_string()));
        }
        let mut query = String::new();
        for (key, value) in pairs {
            if !query.is_empty() {
                query.push('&');
            }
            query.push_str(key);
            query.push('=');
            query.push_str(&encode_component(&value));
        }
        query
    }

    /// The search part of a URL for this view: `?…`, or empty for the default view.
    pub fn to_search(&self) -> String {
        let query = self.to_query();
        if query.is_empty() {
            query
        } else {
            format!("?{query}")
        }
    }

    /// Whether a filter that narrows the result is set: status or job ID (VBS); status, or a CBR
    /// filter other than the default time range (CBR).
    pub fn has_filters(&self) -> bool {
        if self.is_cbr() {
            self.status.is_some() || self.cbr.is_set()
        } else {
            self.status.is_some() || self.job_id.is_some()
        }
    }

    /// Whether the CBR view's pages are cut here rather than by the API: its `Policy` filter is
    /// kept by reading every task of the policy's vaults (contract §8).
    pub fn pages_locally(&self) -> bool {
        self.is_cbr() && self.cbr.policy_id.is_some()
    }

    /// The CBR API query of this view's page at `now` (offset paging); without the page when it
    /// is cut here ([`View::pages_locally`]), as many tasks a request as the API gives.
    pub fn cbr_query(&self, now: Timestamp) -> OpLogQuery {
        let query = self.cbr.query(self.status.as_ref(), now);
        if self.pages_locally() {
            return query.limit(CBR_WALK_LIMIT);
        }
        let offset = self
            .page
            .saturating_sub(1)
            .saturating_mul(u64::from(self.page_size));
        // An offset past an int32 is refused by the query's validation, with its reason.
        query
            .limit(self.page_size)
            .offset(u32::try_from(offset).unwrap_or(u32::MAX))
    }

    /// The API query that fetches this view's page (offset paging, so any page is one request).
    pub fn task_query(&self) -> TaskQuery {
        let mut query = TaskQuery::new()
            .sort_dir(self.order)
            .limit(self.page_size)
            .offset(
                self.page
                    .saturating_sub(1)
                    .saturating_mul(u64::from(self.page_size)),
            );
        if let Some(status) = &self.status {
            query = query.status(status.clone());
        }
        if let Some(job_id) = &self.job_id {
            query = query.job_id(job_id.clone());
        }
        query
    }
}

/// Tasks a request when a CBR view reads every task of a filter (the API's largest page).
pub const CBR_WALK_LIMIT: u32 = vbs_tasks::core::cbr::query::MAX_LIMIT;

fn non_empty(value: &str) -> Option<String> {
    (!value.is_empty()).then(|| value.to_owned())
}

#[cfg(test)]
mod tests;
