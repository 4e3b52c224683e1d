//! What the table area shows: rows, a skeleton while they load, or why there are none.

use vbs_tasks::core::error::Error;

use super::connection::Load;
use super::State;
use crate::format::last_page;
use crate::rows::RowPage;

/// What the table area shows.
#[derive(Debug, PartialEq)]
pub enum Display<'a> {
    /// Loading: placeholder rows.
    Skeleton,
    /// No connection yet: the settings panel asks for one.
    NotConnected,
    /// The project has no policies.
    NoPolicies,
    /// The rows of the current page.
    Rows(&'a RowPage),
    /// The filters match nothing.
    NoMatch,
    /// The policy has no tasks at all.
    NoTasks,
    /// The page number is past the last page.
    PastTheEnd {
        /// The last page there is.
        last_page: u64,
    },
    /// The request failed.
    Error(&'a Error),
}

impl State {
    /// What the table area shows.
    pub fn display(&self) -> Display<'_> {
        if self.connection.connection.is_none() {
            return if self.connection.booted {
                Display::NotConnected
            } else {
                Display::Skeleton
            };
        }
        let view = &self.tasks.view;
        if view.policy_id.is_none() && !view.is_cbr() {
            return match &self.connection.policies {
                Load::Failed(error) => Display::Error(error),
                Load::Ready(list) if list.is_empty() => Display::NoPolicies,
                _ => Display::Skeleton,
            };
        }
        match &self.tasks.loaded {
            Some(loaded) if loaded.view == *view => match &loaded.outcome {
                Err(error) => Display::Error(error),
                Ok(page) if !page.rows.is_empty() => Display::Rows(page),
                Ok(page) if page.count > 0 => Display::PastTheEnd {
                    last_page: last_page(page.count, view.page_size),
                },
                Ok(_) if view.has_filters() => Display::NoMatch,
                Ok(_) => Display::NoTasks,
            },
            _ => Display::Skeleton,
        }
    }
}
