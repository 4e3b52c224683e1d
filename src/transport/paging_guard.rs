//! The paging walk: which query fetches the next page, when the walk is over, and the loop guards.
//!
//! Pure (no I/O): the browser streams (`TaskPages` (wasm32)) are a thin loop around a
//! [`PageWalk`] — ask it for the next query, fetch, hand it the page — so every rule is unit-tested
//! natively.
//!
//! Two ways to page (see [`Paging`]):
//!
//! - **offset**: the next offset is the previous one plus the number of tasks the page held; the
//!   walk ends on an empty page or once the offset reaches the page's `count`;
//! - **marker**: the next marker is the `job_id` of the previous page's last task; the walk ends on
//!   an empty page or a page shorter than the limit (`count` is not used: with a starting marker it
//!   counts tasks before the marker too).
//!
//! Loop guards — a server that misbehaves ends the walk with a decode error instead of a walk that
//! never ends or yields a task twice:
//!
//! - every `job_id` of the walk is remembered; a page whose tasks were **all** received before (the
//!   server ignored the offset or the marker, or answered the same page again) ends the walk with an
//!   error on field `tasks`;
//! - a page with **some** tasks received before (live data shifted under an offset walk) has those
//!   tasks removed, and the walk goes on: a walk never yields a task twice;
//! - a marker the walk already sent is never sent again: a page that would lead to it ends the walk
//!   with an error on field `marker`.
//!
//! ```
//! use vbs_tasks::transport::{PageWalk, Paging};
//! use vbs_tasks::{Task, TaskPage, TaskQuery, TaskStatus, Timestamp};
//!
//! let at = Timestamp::parse("2026-01-01T00:00:00").unwrap();
//! let page = |ids: &[&str]| {
//!     TaskPage::new(3, ids.iter().map(|id| Task::new(*id, TaskStatus::Skip, at)).collect())
//! };
//! let mut walk = PageWalk::new(&TaskQuery::new().limit(2), Paging::Offset).unwrap();
//! assert_eq!(walk.next_query().unwrap().to_query_string(), "limit=2");
//! walk.accept(page(&["a", "b"])).unwrap();
//! assert_eq!(walk.next_query().unwrap().to_query_string(), "limit=2&offset=2");
//! // A server that ignores the offset and answers the first page again is caught.
//! assert!(walk.accept(page(&["a", "b"])).is_err());
//! assert!(walk.next_query().is_none());
//! ```

// Fx, not std's SipHash: the IDs come from the server the walk already trusts with its pages,
// and on wasm32-unknown-unknown std's "random" keys are allocation addresses anyway, so SipHash
// would buy no flooding resistance there and costs the npm wasm its hasher and thread-local keys.
use rustc_hash::FxHashSet as HashSet;

use crate::core::error::Error;
use crate::core::model::{excerpt, Quoted, TaskPage};
use crate::core::query::TaskQuery;

/// How a walk over all pages moves from one page to the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Paging {
    /// `offset` += tasks received; stops at `count` or an empty page.
    #[default]
    Offset,
    /// `marker` = the last `job_id` received; stops at a short or empty page.
    Marker,
}

/// The state of one walk over the pages of a query. See the module docs for the rules.
#[derive(Debug, Clone)]
pub struct PageWalk {
    mode: Paging,
    base: TaskQuery,
    limit: u32,
    next_offset: u64,
    next_marker: Option<String>,
    sent_markers: HashSet<String>,
    seen: HashSet<String>,
    pages: u64,
    finished: bool,
}

impl PageWalk {
    /// A walk from where `query` starts (its offset, or its marker) to the last page.
    ///
    /// Refuses a query that [`TaskQuery::validate`] refuses, and a start that does not fit the mode
    /// (a marker in an offset walk, an offset in a marker walk).
    pub fn new(query: &TaskQuery, mode: Paging) -> Result<Self, Error> {
        query.validate()?;
        match mode {
            Paging::Offset if query.get_marker().is_some() => {
                return Err(Error::invalid_input(
                    "marker",
                    "an offset walk cannot start from a marker; page by marker instead",
                ))
            }
            Paging::Marker if query.get_offset() != 0 => {
                return Err(Error::invalid_input(
                    "offset",
                    "a marker walk cannot start at an offset; page by offset instead",
                ))
            }
            _ => {}
        }
        let next_marker = query.get_marker().map(str::to_owned);
        let mut sent_markers = HashSet::default();
        sent_markers.extend(next_marker.clone());
        Ok(PageWalk {
            mode,
            base: query.clone().first_page(),
            limit: query.get_limit(),
            next_offset: query.get_offset(),
            next_marker,
            sent_markers,
            seen: HashSet::default(),
            pages: 0,
            finished: false,
        })
    }

    /// How this walk pages.
    pub fn mode(&self) -> Paging {
        self.mode
    }

    /// The query of the next page, or `None` once the walk is over (or has failed).
    pub fn next_query(&self) -> Option<TaskQuery> {
        if self.finished {
            return None;
        }
        let query = self.base.clone();
        Some(match self.mode {
            Paging::Offset if self.next_offset == 0 => query,
            Paging::Offset => query.offset(self.next_offset),
            Paging::Marker => match &self.next_marker {
                Some(marker) => query.marker(marker.clone()),
                None => query,
            },
        })
    }

    /// Takes the answer to [`PageWalk::next_query`].
    ///
    /// Returns the page to hand to the caller — the page without tasks received earlier in the walk
    /// — or `None` when there is nothing to hand over (an empty page that ends a walk that already
    /// had pages). An empty *first* page is handed over, so that a caller sees `count`.
    /// An `Err` ends the walk (see the module docs).
    pub fn accept(&mut self, page: TaskPage) -> Result<Option<TaskPage>, Error> {
        if self.finished {
            return Err(Error::decode(
                "tasks",
                "a page arrived after the walk was over",
            ));
        }
        self.pages += 1;
        let TaskPage { count, tasks } = page;
        if tasks.is_empty() {
            self.finished = true;
            return Ok((self.pages == 1).then(|| TaskPage::new(count, tasks)));
        }
        let received = tasks.len() as u64;
        let last_id = tasks.last().map(|task| task.job_id.clone());
        let first_repeat = tasks
            .iter()
            .find(|task| self.seen.contains(&task.job_id))
            .map(|task| task.job_id.clone());
        let mut fresh = Vec::with_capacity(tasks.len());
        for task in tasks {
            if self.seen.insert(task.job_id.clone()) {
                fresh.push(task);
            }
        }
        if fresh.is_empty() {
            self.finished = true;
            return Err(Error::decode(
                "tasks",
                format!(
                    "page {} repeats only tasks already received (job_id {}): the server ignored the {}; \
                     stopping instead of looping",
                    self.pages,
                    Quoted(&excerpt(first_repeat.as_deref().unwrap_or_default(), 80)),
                    match self.mode {
                        Paging::Offset => "offset",
                        Paging::Marker => "marker",
                    }
                ),
            ));
        }
        match self.mode {
            Paging::Offset => {
                self.next_offset = self.next_offset.saturating_add(received);
                if self.next_offset >= count {
                    self.finished = true;
                }
            }
            Paging::Marker => {
                if received < u64::from(self.limit) {
                    self.finished = true;
                } else if let Some(marker) = last_id {
                    if !self.sent_markers.insert(marker.clone()) {
                        self.finished = true;
                        return Err(Error::decode(
                            "marker",
                            format!(
                                "page {} ends with task {}, a marker already sent: the server makes no progress; \
                                 stopping instead of looping",
                                self.pages,
                                Quoted(&excerpt(&marker, 80))
                            ),
                        ));
                    }
                    self.next_marker = Some(marker);
                }
            }
        }
        Ok(Some(TaskPage::new(count, fresh)))
    }

    /// Ends the walk early (after a failed request: a stream yields one error and stops).
    pub fn finish(&mut self) {
        self.finished = true;
    }

    /// Whether the walk is over.
    pub fn is_finished(&self) -> bool {
        self.finished
    }

    /// Pages accepted so far.
    pub fn pages(&self) -> u64 {
        self.pages
    }

    /// Distinct tasks received so far.
    pub fn tasks_received(&self) -> usize {
        self.seen.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::error::ErrorKind;
    use crate::core::model::{Task, TaskStatus};
    use crate::core::time::Timestamp;

    fn task(id: &str) -> Task {
        let at = Timestamp::parse("2026-11-20T08:00:00.000").unwrap();
        Task::new(id, TaskStatus::ExecuteSuccess, at)
    }

    fn page(count: u64, ids: &[&str]) -> TaskPage {
        TaskPage::new(count, ids.iter().map(|id| task(id)).collect())
    }

    fn ids(page: &TaskPage) -> Vec<&str> {
        page.tasks.iter().map(|t| t.job_id.as_str()).collect()
    }

    /// A well-behaved server over `n` tasks named t0..t{n-1}, answering a query.
    fn serve(n: usize, query: &TaskQuery) -> TaskPage {
        let all: Vec<String> = (0..n).map(|i| format!("t{i}")).collect();
        let start = match query.get_marker() {
            Some(marker) => all.iter().position(|id| id == marker).unwrap() + 1,
            None => query.get_offset() as usize,
        };
        let end = (start + query.get_limit() as usize).min(n);
        let slice: Vec<&str> = all[start.min(n)..end].iter().map(String::as_str).collect();
        page(n as u64, &slice)
    }

    fn walk_all(n: usize, limit: u32, mode: Paging) -> (Vec<String>, u64) {
        let mut walk = PageWalk::new(&TaskQuery::new().limit(limit), mode).unwrap();
        let mut out = Vec::new();
        let mut requests = 0;
        while let Some(query) = walk.next_query() {
            requests += 1;
            assert!(requests < 10_000, "the walk does not end");
            if let Some(page) = walk.accept(serve(n, &query)).unwrap() {
                out.extend(page.tasks.into_iter().map(|t| t.job_id));
            }
        }
        (out, requests)
    }

    #[test]
    fn offset_walks_cover_everything_once_and_stop_at_count() {
        for (n, limit, expected_requests) in [
            (10, 3, 4),
            (9, 3, 3),
            (0, 5, 1),
            (1, 1000, 1),
            (10_317, 1000, 11),
        ] {
            let (got, requests) = walk_all(n, limit, Paging::Offset);
            let want: Vec<String> = (0..n).map(|i| format!("t{i}")).collect();
            assert_eq!(got, want, "n={n} limit={limit}");
            assert_eq!(requests, expected_requests, "n={n} limit={limit}");
        }
    }

    #[test]
    fn marker_walks_cover_everything_once_and_stop_at_a_short_page() {
        for (n, limit, expected_requests) in [
            (10, 3, 4),
            // A multiple of the limit needs one more (empty) page to know it is the end.
            (9, 3, 4),
            (0, 5, 1),
            (10_317, 1000, 11),
        ] {
            let (got, requests) = walk_all(n, limit, Paging::Marker);
            let want: Vec<String> = (0..n).map(|i| format!("t{i}")).collect();
            assert_eq!(got, want, "n={n} limit={limit}");
            assert_eq!(requests, expected_requests, "n={n} limit={limit}");
        }
    }

    #[test]
    fn queries_carry_the_filters_and_the_paging_parameter() {
        let query = TaskQuery::new()
            .status(TaskStatus::ExecuteFail)
            .limit(2)
            .offset(4);
        let mut walk = PageWalk::new(&query, Paging::Offset).unwrap();
        assert_eq!(
            walk.next_query().unwrap().to_query_string(),
            "status=EXECUTE_FAIL&limit=2&offset=4"
        );
        walk.accept(page(9, &["a", "b"])).unwrap();
        assert_eq!(
            walk.next_query().unwrap().to_query_string(),
            "status=EXECUTE_FAIL&limit=2&offset=6"
        );
        let mut walk =
            PageWalk::new(&TaskQuery::new().limit(2).marker("m0"), Paging::Marker).unwrap();
        assert_eq!(walk.next_query().unwrap().get_marker(), Some("m0"));
        walk.accept(page(9, &["a", "b"])).unwrap();
        let next = walk.next_query().unwrap();
        assert_eq!(next.get_marker(), Some("b"));
        assert_eq!(next.get_offset(), 0);
        assert_eq!(next.to_query_string(), "limit=2&marker=b");
    }

    #[test]
    fn an_empty_first_page_is_handed_over_a_later_one_is_not() {
        let mut walk = PageWalk::new(&TaskQuery::new(), Paging::Offset).unwrap();
        let first = walk.accept(page(0, &[])).unwrap().unwrap();
        assert_eq!(first.count, 0);
        assert!(walk.is_finished());
        assert!(walk.next_query().is_none());

        // count says 5 but the server runs dry after 2: the empty page ends the walk quietly.
        let mut walk = PageWalk::new(&TaskQuery::new().limit(2), Paging::Offset).unwrap();
        assert!(walk.accept(page(5, &["a", "b"])).unwrap().is_some());
        assert!(!walk.is_finished());
        assert_eq!(walk.accept(page(5, &[])).unwrap(), None);
        assert!(walk.next_query().is_none());
    }

    #[test]
    fn a_repeated_page_stops_an_offset_walk_with_an_error() {
        let mut walk = PageWalk::new(&TaskQuery::new().limit(2), Paging::Offset).unwrap();
        walk.accept(page(6, &["a", "b"])).unwrap();
        let err = walk.accept(page(6, &["a", "b"])).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Decode);
        assert_eq!(err.field(), Some("tasks"));
        assert!(err.to_string().contains("ignored the offset"), "{err}");
        assert!(walk.is_finished());
        assert!(walk.next_query().is_none());
    }

    #[test]
    fn an_earlier_page_coming_back_later_is_caught_too() {
        let mut walk = PageWalk::new(&TaskQuery::new().limit(2), Paging::Offset).unwrap();
        walk.accept(page(8, &["a", "b"])).unwrap();
        walk.accept(page(8, &["c", "d"])).unwrap();
        let err = walk.accept(page(8, &["a", "b"])).unwrap_err();
        assert_eq!(err.field(), Some("tasks"));
    }

    #[test]
    fn a_repeated_page_stops_a_marker_walk_with_an_error() {
        let mut walk = PageWalk::new(&TaskQuery::new().limit(2), Paging::Marker).unwrap();
        walk.accept(page(6, &["a", "b"])).unwrap();
        assert_eq!(walk.next_query().unwrap().get_marker(), Some("b"));
        let err = walk.accept(page(6, &["a", "b"])).unwrap_err();
        assert_eq!(err.field(), Some("tasks"));
        assert!(err.to_string().contains("ignored the marker"), "{err}");
        assert!(walk.next_query().is_none());
    }

    #[test]
    fn a_marker_sent_before_is_never_sent_again() {
        // The page brings a new task but ends on the marker already sent: no progress.
        let mut walk = PageWalk::new(&TaskQuery::new().limit(2), Paging::Marker).unwrap();
        walk.accept(page(6, &["a", "b"])).unwrap();
        let err = walk.accept(page(6, &["c", "b"])).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Decode);
        assert_eq!(err.field(), Some("marker"));
        assert!(walk.next_query().is_none());

        // The starting marker counts as sent.
        let mut walk =
            PageWalk::new(&TaskQuery::new().limit(2).marker("z"), Paging::Marker).unwrap();
        let err = walk.accept(page(6, &["y", "z"])).unwrap_err();
        assert_eq!(err.field(), Some("marker"));
    }

    #[test]
    fn partly_repeated_pages_lose_their_repeats_and_the_walk_goes_on() {
        // A task was inserted at the head while walking newest-first by offset: "b" shifts into
        // the second page. It is not handed over twice.
        let mut walk = PageWalk::new(&TaskQuery::new().limit(2), Paging::Offset).unwrap();
        walk.accept(page(5, &["a", "b"])).unwrap();
        let second = walk.accept(page(5, &["b", "c"])).unwrap().unwrap();
        assert_eq!(ids(&second), ["c"]);
        assert_eq!(walk.next_query().unwrap().get_offset(), 4);
        let third = walk.accept(page(5, &["d", "d"])).unwrap().unwrap();
        assert_eq!(
            ids(&third),
            ["d"],
            "a task repeated within a page is handed over once"
        );
        assert!(walk.is_finished());
        assert_eq!(walk.tasks_received(), 4);
        assert_eq!(walk.pages(), 3);
    }

    #[test]
    fn starts_that_do_not_fit_the_mode_are_refused() {
        let err = PageWalk::new(&TaskQuery::new().marker("m"), Paging::Offset).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
        assert_eq!(err.field(), Some("marker"));
        let err = PageWalk::new(&TaskQuery::new().offset(5), Paging::Marker).unwrap_err();
        assert_eq!(err.field(), Some("offset"));
        let err = PageWalk::new(&TaskQuery::new().limit(0), Paging::Marker).unwrap_err();
        assert_eq!(err.field(), Some("limit"));
    }

    #[test]
    fn nothing_is_accepted_after_the_end() {
        let mut walk = PageWalk::new(&TaskQuery::new().limit(5), Paging::Marker).unwrap();
        walk.accept(page(2, &["a", "b"])).unwrap();
        assert!(walk.is_finished());
        assert!(walk.accept(page(2, &["c"])).is_err());
        let mut walk = PageWalk::new(&TaskQuery::new(), Paging::Offset).unwrap();
        walk.finish();
        assert!(walk.next_query().is_none());
    }
}
