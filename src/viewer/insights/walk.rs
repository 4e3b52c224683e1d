//! The whole-set export's walk, planned so that its pages can be asked for at the same time.
//!
//! The walk reads the filter oldest first by offset: tasks created meanwhile go to the end, past
//! the pages already planned, so they shift none of them. Once it knows how many tasks match
//! (`count`: the table's page of the same filter says it, else the first page) every page is
//! known and may be fetched in any order; an answer with a larger `count` adds the pages it needs.
//!
//! Tasks can still leave a status filter while the walk runs (a running task finishes), which
//! shifts every later task one place to the front; a page read after that misses the task that
//! moved into the page before it. So consecutive pages overlap by one task: page `k` starts at
//! the last task of page `k - 1`. Where the two do not meet, the pages were read at times the list
//! differed, and the page that is out of step is read again until every seam holds. The tasks of
//! a walk whose seams all hold are every task of the filter exactly once, the overlaps dropped
//! (a task that left the filter while the walk ran may be in it or not, as with any walk).

use std::collections::{BTreeMap, HashSet};

use vbs_tasks::core::query::SortDir;
use vbs_tasks::core::taskrow::TaskRow;

use crate::rows::RowPage;

/// Times one page is read again before the walk gives up on a list that keeps changing.
pub const MAX_REREADS: u32 = 4;

/// A walk under way: the plan and the pages received, by their number.
#[derive(Debug, Clone)]
pub struct ExportWalk {
    /// Tasks per request (at least 2: one of them is the overlap).
    limit: u64,
    /// The largest `count` an answer gave (or the one planned with): the plan.
    total: u64,
    /// The pages' tasks by page number, as last read.
    pages: BTreeMap<u64, Vec<TaskRow>>,
    /// Re-reads per page so far.
    rereads: BTreeMap<u64, u32>,
}

/// The list kept changing under the walk: a page was still out of step after
/// [`MAX_REREADS`] readings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeptChanging;

impl ExportWalk {
    /// A walk of `count` tasks (as the table last said), `limit` tasks a request, oldest first:
    /// nothing read yet.
    pub fn planned(limit: u32, count: u64) -> ExportWalk {
        ExportWalk {
            limit: u64::from(limit.max(2)),
            total: count,
            pages: BTreeMap::new(),
            rereads: BTreeMap::new(),
        }
    }

    /// The walk after its first page (offset 0).
    pub fn new(limit: u32, first: RowPage) -> ExportWalk {
        let mut walk = ExportWalk::planned(limit, first.count);
        walk.accept(0, first);
        walk
    }

    /// The tasks the plan covers: the largest `count` so far.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// The pages the plan holds and that have not been read yet, oldest first.
    pub fn unread(&self) -> Vec<u64> {
        std::iter::once(0)
            .chain(self.remaining())
            .filter(|page| !self.pages.contains_key(page))
            .collect()
    }

    /// Where page `page` starts: one task before the end of the page before it.
    pub fn offset(&self, page: u64) -> u64 {
        page * (self.limit - 1)
    }

    /// The page numbers after the first that the plan needs to cover `total` tasks.
    pub fn remaining(&self) -> Vec<u64> {
        let after_first = self.total.saturating_sub(self.limit);
        (1..=after_first.div_ceil(self.limit - 1)).collect()
    }

    /// Keeps the answer for page `page` (a page read again replaces its earlier reading); a
    /// larger `count` than planned adds the pages that cover it.
    pub fn accept(&mut self, page: u64, answer: RowPage) {
        self.total = self.total.max(answer.count);
        self.pages.insert(page, answer.rows);
    }

    /// Distinct tasks received so far, for the progress bar.
    pub fn received(&self) -> u64 {
        let pages = self.pages.len() as u64;
        let tasks: u64 = self.pages.values().map(|tasks| tasks.len() as u64).sum();
        tasks.saturating_sub(pages.saturating_sub(1))
    }

    /// The pages to read again because a seam does not hold, each counted as read again; empty
    /// when every seam holds. A page still out of step after [`MAX_REREADS`] readings is
    /// [`KeptChanging`].
    pub fn out_of_step(&mut self) -> Result<Vec<u64>, KeptChanging> {
        let mut again = Vec::new();
        let numbers: Vec<u64> = self.pages.keys().copied().collect();
        for pair in numbers.windows(2) {
            let (before, after) = (pair[0], pair[1]);
            if let Some(page) = self.seam_breaker(before, after) {
                if !again.contains(&page) {
                    again.push(page);
                }
            }
        }
        for &page in &again {
            let rereads = self.rereads.entry(page).or_default();
            if *rereads >= MAX_REREADS {
                return Err(KeptChanging);
            }
            *rereads += 1;
        }
        Ok(again)
    }

    /// Which of two consecutive pages to read again, if their seam does not hold. Tasks are only
    /// added at the end (oldest first) and only leave elsewhere, so the page that was read while
    /// more tasks stood before the seam is the one out of step.
    fn seam_breaker(&self, before: u64, after: u64) -> Option<u64> {
        let first = &self.pages[&before];
        let second = &self.pages[&after];
        let full = first.len() as u64 == self.limit;
        match (full, second.first()) {
            // The list ended inside `before` and `after` is empty: the same moment.
            (false, None) => None,
            (true, Some(seam)) => {
                match first.iter().rposition(|task| task.id == seam.id) {
                    // Both hold the seam's task where it belongs.
                    Some(at) if at + 1 == first.len() => None,
                    // `after` starts on a task `before` holds further up: `after` was read
                    // before tasks in front of it left.
                    Some(_) => Some(after),
                    // `after` starts past `before`'s end: `before` was read before they left.
                    None => Some(before),
                }
            }
            // `before` was read when there were more tasks (`after` is empty) or fewer (it
            // ended early but `after` found some).
            (true, None) | (false, Some(_)) => Some(before),
        }
    }

    /// Every task once (the overlaps dropped), oldest first as read, or newest first.
    pub fn into_tasks(self, order: SortDir) -> Vec<TaskRow> {
        let mut seen = HashSet::new();
        let mut tasks: Vec<TaskRow> = self
            .pages
            .into_values()
            .flatten()
            .filter(|task| seen.insert(task.id.clone()))
            .collect();
        if order == SortDir::Desc {
            tasks.reverse();
        }
        tasks
    }
}

#[cfg(test)]
mod tests;
