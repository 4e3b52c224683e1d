//! The CBR calls of [`Client`]: the task list (one page, one task, every page, every task) and
//! the vault and policy lists a filter by vault or policy needs. The same client serves both
//! APIs: its endpoint is CBR's (`https://cbr.{region}.…`) or a proxy that serves `/v3` beside
//! `/v2` (`vbs-server`, the page's origin or a `/t/{target}` path). Auth, timeout, retries,
//! abort and redaction are the VBS calls'.

use std::pin::Pin;
use std::task::{Context, Poll};

use futures::stream::{self, LocalBoxStream, Stream, StreamExt};

use crate::core::cbr::{
    CbrPath, CbrPolicyList, CbrPolicyQuery, OpLogPage, OpLogQuery, OperationLog, VaultList,
    VaultQuery,
};
use crate::core::error::Error;

use super::client::{Client, RequestOptions};
use super::oplog_walk::OpLogWalk;

/// The pages of a CBR query, from its offset to the last page. See [`Client::operation_log_pages`].
#[must_use = "streams do nothing unless polled"]
pub struct OpLogPages {
    inner: LocalBoxStream<'static, crate::Result<OpLogPage>>,
}

/// Every log of a CBR query across its pages. See [`Client::operation_logs`].
#[must_use = "streams do nothing unless polled"]
pub struct OpLogStream {
    inner: LocalBoxStream<'static, crate::Result<OperationLog>>,
}

impl std::fmt::Debug for OpLogPages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OpLogPages { .. }")
    }
}

impl std::fmt::Debug for OpLogStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OpLogStream { .. }")
    }
}

impl Stream for OpLogPages {
    type Item = crate::Result<OpLogPage>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl Stream for OpLogStream {
    type Item = crate::Result<OperationLog>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

struct Walk {
    client: Client,
    options: RequestOptions,
    walk: OpLogWalk,
}

impl Walk {
    /// The next page to hand out, `None` at the end; an error ends the walk.
    async fn next_page(&mut self) -> Option<crate::Result<OpLogPage>> {
        while let Some(query) = self.walk.next_query() {
            let page = match self
                .client
                .fetch_operation_logs(&query, &self.options)
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
    /// One page of the project's CBR tasks: `GET /v3/{project_id}/operation-logs?{query}`.
    ///
    /// The query is validated first ([`OpLogQuery::validate`]): invalid input fails before any
    /// request is sent.
    pub async fn list_operation_logs(&self, query: &OpLogQuery) -> crate::Result<OpLogPage> {
        self.list_operation_logs_with(query, &RequestOptions::default())
            .await
    }

    /// [`Client::list_operation_logs`] with per-call options (an `AbortSignal`).
    pub async fn list_operation_logs_with(
        &self,
        query: &OpLogQuery,
        options: &RequestOptions,
    ) -> crate::Result<OpLogPage> {
        self.fetch_operation_logs(query, options)
            .await
            .map_err(|error| self.redact(error))
    }

    /// One CBR task: `GET /v3/{project_id}/operation-logs/{operation_log_id}`.
    pub async fn show_operation_log(&self, id: &str) -> crate::Result<OperationLog> {
        self.show_operation_log_with(id, &RequestOptions::default())
            .await
    }

    /// [`Client::show_operation_log`] with per-call options (an `AbortSignal`).
    pub async fn show_operation_log_with(
        &self,
        id: &str,
        options: &RequestOptions,
    ) -> crate::Result<OperationLog> {
        let result = async {
            let path = CbrPath::operation_log(self.get_project_id(), id)?;
            let body = self.get(&path.to_path(), &[], options).await?;
            OperationLog::from_json(&body)
        }
        .await;
        result.map_err(|error| self.redact(error))
    }

    /// Every page of `query`, from its offset to the last page, by the contract's loop (§6): see
    /// [`OpLogWalk`] for where it ends and the guard against a server that ignores `offset`.
    /// Pick a large `limit` (up to 1000, the default) to walk in few requests.
    ///
    /// The query is validated first: an invalid one gives a stream of one error, and sends nothing.
    pub fn operation_log_pages(&self, query: &OpLogQuery) -> OpLogPages {
        self.operation_log_pages_with(query, RequestOptions::default())
    }

    /// [`Client::operation_log_pages`] with per-call options: aborting the signal ends the stream
    /// with an `Aborted` error (and aborts the request in flight).
    pub fn operation_log_pages_with(
        &self,
        query: &OpLogQuery,
        options: RequestOptions,
    ) -> OpLogPages {
        let walk = match OpLogWalk::new(query) {
            Ok(walk) => walk,
            Err(error) => {
                return OpLogPages {
                    inner: stream::once(std::future::ready(Err(self.redact(error)))).boxed_local(),
                }
            }
        };
        let state = Walk {
            client: self.clone(),
            options,
            walk,
        };
        let inner = stream::unfold(state, |mut state| async move {
            let item = state.next_page().await?;
            Some((item, state))
        })
        .boxed_local();
        OpLogPages { inner }
    }

    /// Every log of `query`, across all pages (see [`Client::operation_log_pages`]), each once, in
    /// the order the server sends them.
    pub fn operation_logs(&self, query: &OpLogQuery) -> OpLogStream {
        self.operation_logs_with(query, RequestOptions::default())
    }

    /// [`Client::operation_logs`] with per-call options (an `AbortSignal`).
    pub fn operation_logs_with(&self, query: &OpLogQuery, options: RequestOptions) -> OpLogStream {
        let inner = self
            .operation_log_pages_with(query, options)
            .flat_map(|page| {
                let items: Vec<crate::Result<OperationLog>> = match page {
                    Ok(page) => page.operation_logs.into_iter().map(Ok).collect(),
                    Err(error) => vec![Err::<OperationLog, Error>(error)],
                };
                stream::iter(items)
            })
            .boxed_local();
        OpLogStream { inner }
    }

    /// One page of the project's vaults: `GET /v3/{project_id}/vaults?{query}`.
    pub async fn list_vaults(&self, query: &VaultQuery) -> crate::Result<VaultList> {
        self.list_vaults_with(query, &RequestOptions::default())
            .await
    }

    /// [`Client::list_vaults`] with per-call options (an `AbortSignal`).
    pub async fn list_vaults_with(
        &self,
        query: &VaultQuery,
        options: &RequestOptions,
    ) -> crate::Result<VaultList> {
        let result = async {
            query.validate()?;
            let path = CbrPath::vaults(self.get_project_id())?;
            let body = self
                .get(&path.to_path(), &query.to_pairs(), options)
                .await?;
            VaultList::from_json(&body)
        }
        .await;
        result.map_err(|error| self.redact(error))
    }

    /// The project's CBR policies: `GET /v3/{project_id}/policies?{query}` (no paging).
    pub async fn list_cbr_policies(&self, query: &CbrPolicyQuery) -> crate::Result<CbrPolicyList> {
        self.list_cbr_policies_with(query, &RequestOptions::default())
            .await
    }

    /// [`Client::list_cbr_policies`] with per-call options (an `AbortSignal`).
    pub async fn list_cbr_policies_with(
        &self,
        query: &CbrPolicyQuery,
        options: &RequestOptions,
    ) -> crate::Result<CbrPolicyList> {
        let result = async {
            query.validate()?;
            let path = CbrPath::policies(self.get_project_id())?;
            let body = self
                .get(&path.to_path(), &query.to_pairs(), options)
                .await?;
            CbrPolicyList::from_json(&body)
        }
        .await;
        result.map_err(|error| self.redact(error))
    }

    /// `list_operation_logs` without the redaction (the streams redact what they hand out).
    async fn fetch_operation_logs(
        &self,
        query: &OpLogQuery,
        options: &RequestOptions,
    ) -> crate::Result<OpLogPage> {
        query.validate()?;
        let path = CbrPath::operation_logs(self.get_project_id())?;
        let body = self
            .get(&path.to_path(), &query.to_pairs(), options)
            .await?;
        OpLogPage::from_json(&body)
    }
}
