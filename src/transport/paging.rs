//! Streams over all pages, and over all items across pages: one loop for both APIs, around the
//! rules of a walk ([`PageWalk`] for VBS, [`super::OpLogWalk`] for CBR), which hold when to stop
//! and the loop guards.
//!
//! A stream yields at most one error, then ends. Dropping a stream drops its in-flight call, which
//! aborts the request.

use std::pin::Pin;
use std::task::{Context, Poll};

use futures::future::LocalBoxFuture;
use futures::stream::{self, LocalBoxStream, Stream, StreamExt};

use crate::core::error::Error;
use crate::core::model::{Task, TaskPage};
use crate::core::query::TaskQuery;

use super::client::{Client, RequestOptions};
use super::paging_guard::{PageWalk, Paging};

/// A stream of what one walk over a list's pages hands out: pages or items, each a
/// `Result`, ending after the last page or after its one error.
#[must_use = "streams do nothing unless polled"]
pub struct Walked<T> {
    inner: LocalBoxStream<'static, crate::Result<T>>,
}

impl<T> std::fmt::Debug for Walked<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Walked { .. }")
    }
}

impl<T> Stream for Walked<T> {
    type Item = crate::Result<T>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<T: 'static> Walked<T> {
    /// A stream of one error: a walk refused before it sends anything.
    pub(crate) fn failed(error: Error) -> Self {
        Walked {
            inner: stream::once(std::future::ready(Err(error))).boxed_local(),
        }
    }

    /// Every page's items, one by one, instead of the pages.
    pub(crate) fn items<I: 'static>(self, items: fn(T) -> Vec<I>) -> Walked<I> {
        let inner = self
            .flat_map(move |page| {
                let items: Vec<crate::Result<I>> = match page {
                    Ok(page) => items(page).into_iter().map(Ok).collect(),
                    Err(error) => vec![Err(error)],
                };
                stream::iter(items)
            })
            .boxed_local();
        Walked { inner }
    }
}

/// The pages of a VBS query, from its start to the last page. See [`Client::pages`].
pub type TaskPages = Walked<TaskPage>;

/// The tasks of a VBS query across all its pages. See [`Client::tasks`].
pub type TaskStream = Walked<Task>;

/// The rules of one walk (which page to ask for next, what of an answer to hand out), for
/// [`walk`]: [`PageWalk`] for VBS, `OpLogWalk` for CBR.
pub(crate) trait PageRules: 'static {
    /// What one page is asked with.
    type Query;
    /// One page.
    type Page: 'static;
    /// The next page's query, `None` at the end.
    fn next_query(&self) -> Option<Self::Query>;
    /// The page to hand out of an answer, `None` for nothing; an `Err` ends the walk.
    fn accept(&mut self, page: Self::Page) -> crate::Result<Option<Self::Page>>;
    /// Ends the walk (after a failed request).
    fn finish(&mut self);
}

/// The loop every walk runs: ask for the next page with `fetch`, hand out what the rules accept,
/// stop at the end or after one (redacted) error.
pub(crate) fn walk<R, F>(
    client: &Client,
    rules: R,
    options: RequestOptions,
    fetch: F,
) -> Walked<R::Page>
where
    R: PageRules,
    F: for<'a> Fn(
            &'a Client,
            R::Query,
            &'a RequestOptions,
        ) -> LocalBoxFuture<'a, crate::Result<R::Page>>
        + 'static,
{
    let state = (client.clone(), rules, options, fetch);
    let inner = stream::unfold(state, |(client, mut rules, options, fetch)| async move {
        let item = loop {
            let query = rules.next_query()?;
            match fetch(&client, query, &options).await {
                Err(error) => {
                    rules.finish();
                    break Err(client.redact(error));
                }
                Ok(page) => match rules.accept(page) {
                    Ok(Some(page)) => break Ok(page),
                    Ok(None) => {}
                    Err(error) => break Err(client.redact(error)),
                },
            }
        };
        Some((item, (client, rules, options, fetch)))
    })
    .boxed_local();
    Walked { inner }
}

impl PageRules for PageWalk {
    type Query = TaskQuery;
    type Page = TaskPage;

    fn next_query(&self) -> Option<TaskQuery> {
        PageWalk::next_query(self)
    }

    fn accept(&mut self, page: TaskPage) -> crate::Result<Option<TaskPage>> {
        PageWalk::accept(self, page)
    }

    fn finish(&mut self) {
        PageWalk::finish(self)
    }
}

impl Client {
    /// All pages of `query` for a policy, from where `query` starts (its offset or marker) to the
    /// last page, moving by offset or by marker.
    ///
    /// Offset: `offset += tasks received`, ending at `count` or an empty page. Marker: `marker` =
    /// the last `job_id` received, ending at a page shorter than the limit or an empty one. Pick a
    /// large `limit` (up to 1000) to walk in few requests. A server that repeats a page or a
    /// marker ends the stream with a decode error instead of looping; tasks already received are
    /// never handed out twice (see [`crate::transport::paging_guard`]).
    ///
    /// The query is validated first: an invalid one gives a stream of one error, and sends nothing.
    pub fn pages(&self, policy_id: &str, query: &TaskQuery, paging: Paging) -> TaskPages {
        self.pages_with(policy_id, query, paging, RequestOptions::default())
    }

    /// [`Client::pages`] with per-call options: aborting the signal ends the stream with an
    /// `Aborted` error (and aborts the request in flight).
    pub fn pages_with(
        &self,
        policy_id: &str,
        query: &TaskQuery,
        paging: Paging,
        options: RequestOptions,
    ) -> TaskPages {
        let rules = match PageWalk::new(query, paging) {
            Ok(rules) => rules,
            Err(error) => return Walked::failed(self.redact(error)),
        };
        let policy_id = policy_id.to_owned();
        walk(self, rules, options, move |client, query, options| {
            let policy_id = policy_id.clone();
            Box::pin(async move { client.fetch_tasks(&policy_id, &query, options).await })
        })
    }

    /// Every task of `query` for a policy, across all pages (see [`Client::pages`]), in the order
    /// the server sends them.
    pub fn tasks(&self, policy_id: &str, query: &TaskQuery, paging: Paging) -> TaskStream {
        self.tasks_with(policy_id, query, paging, RequestOptions::default())
    }

    /// [`Client::tasks`] with per-call options (an `AbortSignal`).
    pub fn tasks_with(
        &self,
        policy_id: &str,
        query: &TaskQuery,
        paging: Paging,
        options: RequestOptions,
    ) -> TaskStream {
        self.pages_with(policy_id, query, paging, options)
            .items(|page| page.tasks)
    }
}
