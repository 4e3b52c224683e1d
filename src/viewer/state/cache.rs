//! The pages already shown, and the next one fetched ahead: Next, Previous, Back and Forward show
//! their rows at once, while the request for them revalidates what is shown.
//!
//! A page is kept by the exact view it answers (project, policy, filters, order, page size, page),
//! so the rows of one filter can never be shown for another. The cache belongs to one connection,
//! project and policy: it is dropped when any of them changes, and an answer fetched ahead for a
//! cache since dropped is not taken (its [`PageCache::generation`] is another).

use std::collections::VecDeque;
use std::rc::Rc;

use crate::route::View;
use crate::rows::RowPage;

/// Pages kept: the last ones shown or fetched ahead.
pub const CACHED_PAGES: usize = 50;

/// A page as it last arrived.
#[derive(Debug, Clone, PartialEq)]
pub struct CachedPage {
    /// The view it answers.
    pub view: View,
    /// Its rows.
    pub page: Rc<RowPage>,
    /// When it arrived (ms since the epoch).
    pub at_ms: f64,
}

/// The pages kept, newest first.
#[derive(Debug, Clone, Default)]
pub struct PageCache {
    generation: u64,
    /// Bumped by every change: the state compares caches by it, not by their rows.
    revision: u64,
    pages: VecDeque<CachedPage>,
}

impl PartialEq for PageCache {
    fn eq(&self, other: &Self) -> bool {
        self.generation == other.generation && self.revision == other.revision
    }
}

impl PageCache {
    /// Which cache this is: a new one after every [`PageCache::clear`].
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The page kept for exactly `view`.
    pub fn get(&self, view: &View) -> Option<&CachedPage> {
        self.pages.iter().find(|cached| cached.view == *view)
    }

    /// Keeps `page` for `view` (replacing what was kept for it), dropping the oldest beyond
    /// [`CACHED_PAGES`].
    pub fn put(&mut self, view: View, page: Rc<RowPage>, at_ms: f64) {
        self.pages.retain(|cached| cached.view != view);
        self.pages.push_front(CachedPage { view, page, at_ms });
        self.pages.truncate(CACHED_PAGES);
        self.revision += 1;
    }

    /// Drops every page: another connection, project or policy.
    pub fn clear(&mut self) {
        self.pages.clear();
        self.generation += 1;
        self.revision += 1;
    }

    /// Pages kept.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.pages.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(page: u64) -> View {
        View {
            project_id: "p".into(),
            policy_id: Some("a".into()),
            page,
            ..View::default()
        }
    }

    #[test]
    fn a_page_is_found_by_its_exact_view_only() {
        let mut cache = PageCache::default();
        cache.put(view(2), Rc::new(RowPage::new(40, vec![])), 1.0);
        assert_eq!(cache.get(&view(2)).map(|c| c.at_ms), Some(1.0));
        assert!(cache.get(&view(1)).is_none());
        let filtered = View {
            status: Some(vbs_tasks::TaskStatus::ExecuteFail),
            ..view(2)
        };
        assert!(cache.get(&filtered).is_none(), "another filter's rows");
        cache.put(view(2), Rc::new(RowPage::new(41, vec![])), 2.0);
        assert_eq!(cache.len(), 1);
        assert_eq!(cache.get(&view(2)).map(|c| c.page.count), Some(41));
    }

    #[test]
    fn it_keeps_the_latest_pages_and_clearing_starts_a_new_generation() {
        let mut cache = PageCache::default();
        for page in 1..=(CACHED_PAGES as u64 + 5) {
            cache.put(view(page), Rc::new(RowPage::new(0, vec![])), page as f64);
        }
        assert_eq!(cache.len(), CACHED_PAGES);
        assert!(cache.get(&view(1)).is_none(), "the oldest went");
        assert!(cache.get(&view(CACHED_PAGES as u64 + 5)).is_some());
        let before = cache.generation();
        cache.clear();
        assert_eq!(cache.len(), 0);
        assert_ne!(cache.generation(), before);
    }
}
