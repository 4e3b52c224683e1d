//! The CBR calls of [`Client`]: the task list (one page, one task, every page, every task) and
//! the vault and policy lists a filter by vault or policy needs. The same client serves both
//! APIs: its endpoint is CBR's (`https://cbr.{region}.…`) or a proxy that serves `/v3` beside
//! `/v2` (`vbs-server`, the page's origin or a `/t/{target}` path). Auth, timeout, retries,
//! abort and redaction are the VBS calls'.

use super::client::{Client, RequestOptions};
use super::oplog_walk::OpLogWalk;
use super::paging::{walk, PageRules, Walked};
use crate::core::cbr::{
    CbrPath, CbrPolicyList, CbrPolicyQuery, OpLogPage, OpLogQuery, OperationLog, VaultList,
    VaultQuery,
};

/// The pages of a CBR query, from its offset to the last page. See [`Client::operation_log_pages`].
pub type OpLogPages = Walked<OpLogPage>;

/// Every log of a CBR query across its pages. See [`Client::operation_logs`].
pub type OpLogStream = Walked<OperationLog>;

impl PageRules for OpLogWalk {
    type Query = OpLogQuery;
    type Page = OpLogPage;

    fn next_query(&self) -> Option<OpLogQuery> {
        OpLogWalk::next_query(self)
    }

    fn accept(&mut self, page: OpLogPage) -> crate::Result<Option<OpLogPage>> {
        OpLogWalk::accept(self, page)
    }

    fn finish(&mut self) {
        OpLogWalk::finish(self)
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
        match OpLogWalk::new(query) {
            Ok(rules) => walk(self, rules, options, |client, query, options| {
                Box::pin(async move { client.fetch_operation_logs(&query, options).await })
            }),
            Err(error) => Walked::failed(self.redact(error)),
        }
    }

    /// Every log of `query`, across all pages (see [`Client::operation_log_pages`]), each once, in
    /// the order the server sends them.
    pub fn operation_logs(&self, query: &OpLogQuery) -> OpLogStream {
        self.operation_logs_with(query, RequestOptions::default())
    }

    /// [`Client::operation_logs`] with per-call options (an `AbortSignal`).
    pub fn operation_logs_with(&self, query: &OpLogQuery, options: RequestOptions) -> OpLogStream {
        self.operation_log_pages_with(query, options)
            .items(|page| page.operation_logs)
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
