//! The URL query ⇄ [`View`] conversion, in one place.
//!
//! A view is what a link must reproduce: target, project, policy, filters, order, page size and
//! page.
//! Credentials are never part of a view, so they can never reach the URL; unknown keys (including a
//! `token` someone pasted into a link) are dropped when the view is written back.
//!
//! Values keep the API's spelling (`status=EXECUTE_FAIL`, `order=asc`) so that a link reads like the
//! call it makes. Defaults are left out, so the plain view of a policy is a short link.

use vbs_tasks::core::model::TaskStatus;
use vbs_tasks::core::query::{
    encode_component, SortDir, TaskQuery, DEFAULT_LIMIT, MAX_JOB_ID_LEN, MAX_LIMIT,
};

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
    /// The project; empty until a link or the connection names one.
    pub project_id: String,
    /// The policy; `None` until a link names one or the policy list opens its first.
    pub policy_id: Option<String>,
    /// Only tasks with this status (a documented one: a link cannot filter by an unknown value).
    pub status: Option<TaskStatus>,
    /// Only the task with this job ID.
    pub job_id: Option<String>,
    /// Newest or oldest first.
    pub order: SortDir,
    /// Tasks per page, one of [`PAGE_SIZES`].
    pub page_size: u32,
    /// The page, counted from 1.
    pub page: u64,
}

impl Default for View {
    fn default() -> Self {
        View {
            target: None,
            project_id: String::new(),
            policy_id: None,
            status: None,
            job_id: None,
            order: SortDir::Desc,
            page_size: DEFAULT_LIMIT,
            page: 1,
        }
    }
}

impl View {
    /// Reads a URL query (`?policy=…&status=…`, with or without the `?`).
    ///
    /// Lenient on purpose: a link is typed or pasted by people, so a bad value falls back to the
    /// default instead of failing the page (the URL is then rewritten to what is shown).
    pub fn from_query(raw: &str) -> View {
        let mut view = View::default();
        for (key, value) in form_urlencoded::parse(raw.trim_start_matches('?').as_bytes()) {
            let value = value.trim();
            match key.as_ref() {
                "target" => view.target = non_empty(value),
                "project" => view.project_id = value.to_owned(),
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
        view
    }

    /// The URL query for this view, without `?`; defaults are left out, keys in a fixed order.
    pub fn to_query(&self) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if let Some(target) = &self.target {
            pairs.push(("target", target.clone()));
        }
        if !self.project_id.is_empty() {
            pairs.push(("project", self.project_id.clone()));
        }
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

    /// Whether a filter that narrows the result (status or job ID) is set.
    pub fn has_filters(&self) -> bool {
        self.status.is_some() || self.job_id.is_some()
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

fn non_empty(value: &str) -> Option<String> {
    (!value.is_empty()).then(|| value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full_view() -> View {
        View {
            target: Some("prod-cn4".into()),
            project_id: "0605767e9a80d5f52f8cc00f94d4e2fb".into(),
            policy_id: Some("每日备份 & <b>".into()),
            status: Some(TaskStatus::ExecuteFail),
            job_id: Some("0781095c-b8ab-4ce5".into()),
            order: SortDir::Asc,
            page_size: 50,
            page: 7,
        }
    }

    #[test]
    fn the_default_view_is_an_empty_query() {
        assert_eq!(View::default().to_query(), "");
        assert_eq!(View::default().to_search(), "");
        assert_eq!(View::from_query(""), View::default());
        assert_eq!(View::from_query("?"), View::default());
    }

    #[test]
    fn a_full_view_round_trips() {
        let view = full_view();
        let query = view.to_query();
        assert_eq!(View::from_query(&query), view);
        assert_eq!(View::from_query(&view.to_search()), view);
    }

    #[test]
    fn keys_are_written_in_a_fixed_order_with_the_api_spelling() {
        assert_eq!(
            full_view().to_query(),
            "target=prod-cn4&project=0605767e9a80d5f52f8cc00f94d4e2fb&policy=%E6%AF%8F%E6%97%A5%E5%A4%87%E4%BB%BD%20%26%20%3Cb%3E\
             &status=EXECUTE_FAIL&job_id=0781095c-b8ab-4ce5&order=asc&page_size=50&page=7"
        );
    }

    #[test]
    fn defaults_are_left_out() {
        let view = View {
            policy_id: Some("p".into()),
            order: SortDir::Desc,
            page_size: 20,
            page: 1,
            ..View::default()
        };
        assert_eq!(view.to_query(), "policy=p");
    }

    #[test]
    fn bad_values_fall_back_to_defaults() {
        let view = View::from_query(
            "target=%20&policy=&status=running&order=sideways&page_size=37&page=0&job_id=%20%20",
        );
        assert_eq!(view, View::default());
        assert_eq!(View::from_query("page=-3").page, 1);
        assert_eq!(View::from_query("page=abc").page, 1);
        assert_eq!(View::from_query("page_size=500").page_size, 20);
        assert_eq!(View::from_query("page_size=1001").page_size, 20);
        assert_eq!(View::from_query("status=NOT_A_STATUS").status, None);
        let longest = "j".repeat(MAX_JOB_ID_LEN);
        assert_eq!(
            View::from_query(&format!("job_id={longest}")).job_id,
            Some(longest.clone())
        );
        assert_eq!(View::from_query(&format!("job_id={longest}j")).job_id, None);
    }

    #[test]
    fn plus_reads_as_a_space_as_browsers_write_it() {
        assert_eq!(
            View::from_query("policy=a+b").policy_id.as_deref(),
            Some("a b")
        );
    }

    #[test]
    fn every_page_size_and_status_round_trips() {
        for size in PAGE_SIZES {
            let view = View {
                page_size: size,
                ..View::default()
            };
            assert_eq!(View::from_query(&view.to_query()).page_size, size);
        }
        for status in TaskStatus::KNOWN {
            let view = View {
                status: Some(status.clone()),
                ..View::default()
            };
            assert_eq!(View::from_query(&view.to_query()).status, Some(status));
        }
    }

    #[test]
    fn a_secret_in_a_link_is_never_written_back() {
        let view = View::from_query("policy=p&token=MIIEsecret&sk=abc&X-Auth-Token=t");
        assert_eq!(view.to_query(), "policy=p");
    }

    #[test]
    fn the_task_query_pages_by_offset() {
        let query = full_view().task_query();
        assert_eq!(
            query.to_query_string(),
            "status=EXECUTE_FAIL&job_id=0781095c-b8ab-4ce5&sort_dir=asc&limit=50&offset=300"
        );
        query.validate().unwrap();
        assert_eq!(View::default().task_query().get_offset(), 0);
        assert_eq!(View::default().task_query().get_limit(), 20);
    }

    #[test]
    fn filters_are_status_and_job_id() {
        assert!(!View::default().has_filters());
        assert!(View {
            status: Some(TaskStatus::Skip),
            ..View::default()
        }
        .has_filters());
        assert!(View {
            job_id: Some("j".into()),
            ..View::default()
        }
        .has_filters());
        assert!(!View {
            order: SortDir::Asc,
            page: 3,
            ..View::default()
        }
        .has_filters());
    }
}
