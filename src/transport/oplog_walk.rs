//! The walk over every page of a CBR task list (contract §6): CBR pages by `offset` only and does
//! not say what `count` counts, so a walk ends at whichever comes first — an empty page, a page
//! shorter than `limit`, or `offset` reaching `count` — and hands every log out once.
//!
//! Guards, because a loop like Terraform's (`offset += len` until an empty page) never ends on a
//! server that ignores `offset`: a page that starts with the first log of an earlier page, or
//! that brings nothing new, ends the walk with a decode error instead.
//!
//! ```
//! use vbs_tasks::transport::OpLogWalk;
//! use vbs_tasks::{OpLogPage, OpLogQuery, OpLogStatus, OperationLog, Timestamp};
//!
//! let at = Timestamp::parse("2026-11-20T08:00:00.000").unwrap();
//! let log = |id: &str| OperationLog::new(id, OpLogStatus::Success, at);
//! let mut walk = OpLogWalk::new(&OpLogQuery::new().limit(2)).unwrap();
//! assert_eq!(walk.next_query().unwrap().to_query_string(), "limit=2");
//! walk.accept(OpLogPage::new(3, vec![log("a"), log("b")])).unwrap();
//! assert_eq!(walk.next_query().unwrap().to_query_string(), "limit=2&offset=2");
//! walk.accept(OpLogPage::new(3, vec![log("c")])).unwrap();
//! assert!(walk.next_query().is_none(), "a short page is the last");
//! ```

use std::collections::HashSet;

use crate::core::cbr::{OpLogPage, OpLogQuery};
use crate::core::error::Error;
use crate::core::model::{excerpt, Quoted};

/// The state of one walk over the pages of a CBR query.
#[derive(Debug, Clone)]
pub struct OpLogWalk {
    base: OpLogQuery,
    limit: u32,
    next_offset: u64,
    first_ids: HashSet<String>,
    seen: HashSet<String>,
    pages: u64,
    finished: bool,
}

impl OpLogWalk {
    /// A walk from `query`'s offset to the last page; refuses what [`OpLogQuery::validate`]
    /// refuses.
    pub fn new(query: &OpLogQuery) -> Result<Self, Error> {
        query.validate()?;
        Ok(OpLogWalk {
            base: query.clone().first_page(),
            limit: query.get_limit(),
            next_offset: u64::from(query.get_offset()),
            first_ids: HashSet::new(),
            seen: HashSet::new(),
            pages: 0,
            finished: false,
        })
    }

    /// The query of the next page, or `None` once the walk is over (or has failed).
    pub fn next_query(&self) -> Option<OpLogQuery> {
        if self.finished {
            return None;
        }
        Some(match u32::try_from(self.next_offset) {
            Ok(0) => self.base.clone(),
            Ok(offset) => self.base.clone().offset(offset),
            // Past what the API's int32 can say: nothing more can be asked for.
            Err(_) => return None,
        })
    }

    /// Takes the answer to [`OpLogWalk::next_query`]: the page to hand out, without logs received
    /// earlier in the walk, or `None` when there is nothing to hand out (an empty page after
    /// others; an empty *first* page is handed out, so that a caller sees `count`). An `Err` ends
    /// the walk.
    pub fn accept(&mut self, page: OpLogPage) -> Result<Option<OpLogPage>, Error> {
        if self.finished {
            return Err(Error::decode(
                "operation_logs",
                "a page arrived after the walk was over",
            ));
        }
        self.pages += 1;
        let OpLogPage {
            count,
            operation_logs,
            limit,
            offset,
        } = page;
        let Some(first) = operation_logs.first().map(|log| log.id.clone()) else {
            self.finished = true;
            let page = OpLogPage {
                count,
                operation_logs,
                limit,
                offset,
            };
            return Ok((self.pages == 1).then_some(page));
        };
        let received = operation_logs.len() as u64;
        let fresh: Vec<_> = operation_logs
            .into_iter()
            .filter(|log| self.seen.insert(log.id.clone()))
            .collect();
        if !self.first_ids.insert(first.clone()) || fresh.is_empty() {
            self.finished = true;
            return Err(Error::decode(
                "operation_logs",
                format!(
                    "page {} starts with task {} again: the server ignored the offset; stopping \
                     instead of looping",
                    self.pages,
                    Quoted(&excerpt(&first, 80))
                ),
            ));
        }
        self.next_offset = self.next_offset.saturating_add(received);
        if received < u64::from(self.limit) || self.next_offset >= count {
            self.finished = true;
        }
        Ok(Some(OpLogPage {
            count,
            operation_logs: fresh,
            limit,
            offset,
        }))
    }

    /// Ends the walk early (after a failed request: a stream yields one error and stops).
    pub fn finish(&mut self) {
        self.finished = true;
    }

    /// Whether the walk is over.
    pub fn is_finished(&self) -> bool {
        self.finished
    }

    /// Distinct logs received so far.
    pub fn logs_received(&self) -> usize {
        self.seen.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::cbr::{OpLogStatus, OperationLog};
    use crate::core::error::ErrorKind;
    use crate::core::time::Timestamp;

    fn page(count: u64, ids: &[&str]) -> OpLogPage {
        let at = Timestamp::parse("2026-11-20T08:00:00.000").unwrap();
        let logs = ids
            .iter()
            .map(|id| OperationLog::new(*id, OpLogStatus::Success, at))
            .collect();
        OpLogPage::new(count, logs)
    }

    /// Serves `total` logs by offset and limit, as the emulator does; every log once.
    fn walk_all(total: usize, limit: u32, start: u32) -> (Vec<String>, usize) {
        let ids: Vec<String> = (0..total).map(|n| format!("log-{n}")).collect();
        let mut walk = OpLogWalk::new(&OpLogQuery::new().limit(limit).offset(start)).unwrap();
        let (mut got, mut requests) = (Vec::new(), 0);
        while let Some(query) = walk.next_query() {
            requests += 1;
            let from = (query.get_offset() as usize).min(total);
            let to = (from + query.get_limit() as usize).min(total);
            let refs: Vec<&str> = ids[from..to].iter().map(String::as_str).collect();
            if let Some(page) = walk.accept(page(total as u64, &refs)).unwrap() {
                got.extend(page.operation_logs.into_iter().map(|log| log.id));
            }
        }
        (got, requests)
    }

    #[test]
    fn every_log_comes_once_whatever_the_page_size() {
        for (total, limit) in [(0, 10), (1, 10), (10, 10), (11, 10), (25, 7), (1000, 1000)] {
            let (got, requests) = walk_all(total, limit, 0);
            let expected: Vec<String> = (0..total).map(|n| format!("log-{n}")).collect();
            assert_eq!(got, expected, "{total} by {limit}");
            // Ends at `count` without asking for an empty page when the last page is full.
            assert_eq!(
                requests,
                total.div_ceil(limit as usize).max(1),
                "{total} by {limit}"
            );
        }
        let (from_five, _) = walk_all(12, 5, 5);
        assert_eq!(from_five.first().map(String::as_str), Some("log-5"));
        assert_eq!(from_five.len(), 7);
    }

    #[test]
    fn a_short_page_ends_the_walk_even_when_count_says_more() {
        // `count` is not documented as the total: a page shorter than the limit is the last.
        let mut walk = OpLogWalk::new(&OpLogQuery::new().limit(3)).unwrap();
        walk.accept(page(100, &["a", "b"])).unwrap();
        assert!(walk.next_query().is_none());
        // And a `count` that is only the page's length does not stop a full page's walk early
        // unless the offset reaches it.
        let mut walk = OpLogWalk::new(&OpLogQuery::new().limit(2)).unwrap();
        walk.accept(page(0, &["a", "b"])).unwrap();
        assert!(walk.is_finished(), "offset 2 has reached a count of 0");
    }

    #[test]
    fn a_server_that_ignores_the_offset_ends_the_walk_with_an_error() {
        let mut walk = OpLogWalk::new(&OpLogQuery::new().limit(2)).unwrap();
        walk.accept(page(10, &["a", "b"])).unwrap();
        let error = walk.accept(page(10, &["a", "b"])).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Decode);
        assert!(error.to_string().contains("ignored the offset"), "{error}");
        assert!(walk.next_query().is_none());
        // A page that overlaps the last one hands out only what is new.
        let mut walk = OpLogWalk::new(&OpLogQuery::new().limit(2)).unwrap();
        walk.accept(page(10, &["a", "b"])).unwrap();
        let next = walk.accept(page(10, &["b", "c"])).unwrap().unwrap();
        let ids: Vec<&str> = next.operation_logs.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(ids, ["c"]);
        assert_eq!(walk.logs_received(), 3);
    }

    #[test]
    fn an_empty_first_page_is_handed_out_and_an_invalid_query_refused() {
        let mut walk = OpLogWalk::new(&OpLogQuery::new()).unwrap();
        let first = walk.accept(page(0, &[])).unwrap();
        assert_eq!(first.map(|p| p.count), Some(0));
        assert!(walk.accept(page(0, &[])).is_err(), "nothing after the end");
        let error = OpLogWalk::new(&OpLogQuery::new().limit(0)).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidInput);
    }
}
