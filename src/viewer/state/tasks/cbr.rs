//! Paging here: a CBR view with a `Policy` filter gets every row of its filter in one answer (the
//! API cannot filter by policy: the hook reads the policy's vaults whole and keeps the tasks the
//! policy started, newest first), and cuts it into the view's pages. Every page goes into the
//! page cache, so Next, Previous and the page fetched ahead need no request of their own.

use super::super::cache::{PageCache, CACHED_PAGES};
use crate::format::last_page;
use crate::route::View;
use crate::rows::RowPage;

/// Rows `from..to` of `whole`, with their logs, as a page of `whole`'s count.
fn slice(whole: &RowPage, from: usize, to: usize) -> RowPage {
    let range = from.min(whole.rows.len())..to.min(whole.rows.len());
    RowPage {
        count: whole.count,
        rows: whole.rows[range.clone()].to_vec(),
        logs: whole.logs.get(range).map(<[_]>::to_vec).unwrap_or_default(),
    }
}

/// Page `page` of `whole` at `page_size` a page (empty past the end).
fn page_of(whole: &RowPage, page: u64, page_size: u32) -> RowPage {
    let size = page_size.max(1) as usize;
    let from = usize::try_from(page.saturating_sub(1))
        .unwrap_or(usize::MAX)
        .saturating_mul(size);
    slice(whole, from, from.saturating_add(size))
}

/// Cuts `whole`, every row of `view`'s filter, into pages: keeps the pages nearest `view`'s in
/// `cache` (as many as it holds, the nearest put last so that they stay longest), and returns
/// `view`'s page.
pub(super) fn cut(view: &View, whole: RowPage, cache: &mut PageCache, at_ms: f64) -> RowPage {
    let last = last_page(whole.count.max(whole.rows.len() as u64), view.page_size);
    let mut others: Vec<u64> = (1..=last).filter(|&page| page != view.page).collect();
    // Nearest first, then the nearest that fit, put in the cache farthest first.
    others.sort_by_key(|&page| page.abs_diff(view.page));
    others.truncate(CACHED_PAGES.saturating_sub(1));
    for &page in others.iter().rev() {
        let other = View {
            page,
            ..view.clone()
        };
        let rows = std::rc::Rc::new(page_of(&whole, page, view.page_size));
        cache.put(other, rows, at_ms);
    }
    page_of(&whole, view.page, view.page_size)
}

#[cfg(test)]
mod tests {
    use vbs_tasks::core::cbr::{OpLogStatus, OperationLog};
    use vbs_tasks::core::time::Timestamp;

    use super::*;

    fn whole(n: usize) -> RowPage {
        let at = Timestamp::parse("2026-11-20T08:00:00").unwrap();
        let logs = (0..n)
            .map(|i| OperationLog::new(format!("l{i:03}"), OpLogStatus::Success, at))
            .collect();
        RowPage::of_logs(n as u64, logs)
    }

    fn ids(page: &RowPage) -> Vec<String> {
        page.rows.iter().map(|row| row.id.clone()).collect()
    }

    fn view(page: u64) -> View {
        View::from_query(&format!("service=cbr&policy=p&page_size=10&page={page}"))
    }

    #[test]
    fn the_view_s_page_is_cut_out_and_its_neighbours_are_kept() {
        let mut cache = PageCache::default();
        let page = cut(&view(2), whole(25), &mut cache, 1.0);
        assert_eq!(page.count, 25);
        assert_eq!(
            ids(&page),
            (10..20).map(|i| format!("l{i:03}")).collect::<Vec<_>>()
        );
        assert_eq!(page.logs.len(), 10, "each row keeps its log");
        assert_eq!(page.logs[0].id, "l010");
        let third = cache.get(&view(3)).expect("the next page is kept");
        assert_eq!(ids(&third.page), ["l020", "l021", "l022", "l023", "l024"]);
        assert_eq!(
            cache.get(&view(1)).map(|kept| kept.page.rows.len()),
            Some(10)
        );
        assert!(
            cache.get(&view(2)).is_none(),
            "the view's own page is the answer's to keep"
        );
        assert!(cache.get(&view(4)).is_none(), "past the end");
    }

    #[test]
    fn a_page_past_the_end_is_empty_with_the_count() {
        let mut cache = PageCache::default();
        let page = cut(&view(9), whole(25), &mut cache, 1.0);
        assert!(page.rows.is_empty() && page.logs.is_empty());
        assert_eq!(page.count, 25);
        let none = cut(&view(1), whole(0), &mut cache, 1.0);
        assert_eq!((none.count, none.rows.len()), (0, 0));
    }

    #[test]
    fn a_long_filter_keeps_the_pages_nearest_the_view() {
        let mut cache = PageCache::default();
        cut(&view(100), whole(2_000), &mut cache, 1.0);
        assert_eq!(cache.len(), CACHED_PAGES - 1);
        assert!(cache.get(&view(99)).is_some() && cache.get(&view(101)).is_some());
        assert!(cache.get(&view(75)).is_some());
        assert!(
            cache.get(&view(1)).is_none(),
            "far away: asked for when shown"
        );
    }
}
