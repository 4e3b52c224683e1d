//! Streams over all pages, and over all tasks across pages: a thin loop around [`PageWalk`], which
//! holds the paging rules and the loop guards.
//!
//! A stream yields at most one error, then ends. Dropping a stream drops its in-flight call, which
//! aborts the request.

use std::pin::Pin;
use std::task::{Context, Poll};

use futures::stream::{self, LocalBoxStream, Stream, StreamExt};

use crate::core::error::Error;
use crate::core::model::{Task, TaskPage};
use crate::core::query::TaskQuery;

use super::client::{Client, RequestOptions};
use super::paging_guard::{PageWalk, Paging};

/// The pages of a query, from its start to the last page. See [`Client::pages`].
#[must_use = "streams do nothing unless polled"]
pub struct TaskPages {
    inner: LocalBoxStream<'static, crate::Result<TaskPage>>,
}

impl std::fmt::Debug for TaskPages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TaskPages { .. }")
    }
}

impl Stream for TaskPages {
    type Item = crate::Result<TaskPage>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

/// The tasks of a query across all its pages. See [`Client::tasks`].
#[must_use = "streams do nothing unless polled"]
pub struct TaskStream {
    inner: LocalBoxStream<'static, crate::Result<Task>>,
}

impl std::fmt::Debug for TaskStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TaskStream { .. }")
    }
}

impl Stream for TaskStream {
    type Item = crate::Result<Task>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

struct Walk {
    client: Client,
    policy_id: String,
    options: RequestOptions,
    walk: PageWalk,
}

impl Walk {
    /// The next page to hand out, `None` at the end; an error ends the walk.
    async fn next_page(&mut self) -> Option<crate::Result<TaskPage>> {
        while let Some(query) = self.walk.next_query() {
            let page = match self
                .client
                .fetch_tasks(&self.policy_id, &query, &self.options)
                .await
            {
                Ok(page) => page,
                Err(error) => {
                    self.walk.finish();
                    return Some(Err(self.client.redact(error)));
                }
            };
            match self.walk.accept(page) {
                Ok(Some(page)) => return Some(Ok(page)),
                Ok(None) => {}
                Err(error) => return Some(Err(self.client.redact(error))),
            }
        }
        None
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
        let walk = match PageWalk::new(query, paging) {
            Ok(walk) => walk,
            Err(error) => {
                return TaskPages {
                    inner: stream::once(std::future::ready(Err(self.redact(error)))).boxed_local(),
                }
            }
        };
        let state = Walk {
            client: self.clone(),
            policy_id: policy_id.to_owned(),
            options,
            walk,
        };
        let inner = stream::unfold(state, |mut state| async move {
            let item = state.next_page().await?;
            Some((item, state))
        })
        .boxed_local();
        TaskPages { inner }
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
        let inner = self
            .pages_with(policy_id, query, paging, options)
            .flat_map(|page| {
                let items: Vec<crate::Result<Task>> = match page {
                    Ok(page) => page.tasks.into_iter().map(Ok).collect(),
                    Err(error) => vec![Err::<Task, Error>(error)],
                };
                stream::iter(items)
            })
            .boxed_local();
        TaskStream { inner }
    }
}
