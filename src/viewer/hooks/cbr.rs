//! CBR reads that take more than one call: every task of a filter (the export), and every task a
//! CBR policy started (the `Policy` filter, which the API does not have).

use std::collections::HashSet;

use futures::StreamExt;
use vbs_tasks::core::cbr::{CbrPolicyQuery, OpLogQuery, OperationLog};
use vbs_tasks::transport::{Client, RequestOptions};

use crate::rows::{newest_first, RowPage};

/// How far a read of many pages is: pages and tasks received, and how many tasks there are to
/// read as far as the pages so far say.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ReadProgress {
    /// Pages received.
    pub pages: u64,
    /// Tasks received.
    pub tasks: u64,
    /// Tasks to read (the sum of the `count`s of each vault's first page).
    pub total: u64,
}

/// Every task of `query`'s filter, from its first page to its last (the contract's §6 walk: every
/// log once), newest first as the API lists them; `on_page` hears of each page.
pub(crate) async fn read_all(
    client: &Client,
    query: &OpLogQuery,
    options: &RequestOptions,
    mut on_page: impl FnMut(ReadProgress),
) -> vbs_tasks::Result<Vec<OperationLog>> {
    let mut logs = Vec::new();
    let mut progress = ReadProgress::default();
    read_into(client, query, options, &mut progress, &mut on_page, |log| {
        logs.push(log)
    })
    .await?;
    Ok(logs)
}

/// Reads every page of `query` into `keep`, counting into `progress`.
async fn read_into(
    client: &Client,
    query: &OpLogQuery,
    options: &RequestOptions,
    progress: &mut ReadProgress,
    on_page: &mut impl FnMut(ReadProgress),
    mut keep: impl FnMut(OperationLog),
) -> vbs_tasks::Result<()> {
    let mut pages = client.operation_log_pages_with(query, options.clone());
    let mut first = true;
    while let Some(page) = pages.next().await {
        let page = page?;
        if first {
            progress.total += page.count;
            first = false;
        }
        progress.pages += 1;
        progress.tasks += page.operation_logs.len() as u64;
        page.operation_logs.into_iter().for_each(&mut keep);
        on_page(*progress);
    }
    Ok(())
}

/// Every task of `query`'s filter that CBR policy `policy_id` started (contract §8): the policy's
/// vaults (of them, the one `query` names, if it names one) are read whole with `query`'s other
/// filters, and the tasks whose `policy_id` is the policy are kept, newest first (ties by ID, as
/// the API orders). A policy the project does not have started nothing: no tasks.
pub(crate) async fn read_policy(
    client: &Client,
    policy_id: &str,
    query: &OpLogQuery,
    options: &RequestOptions,
    mut on_page: impl FnMut(ReadProgress),
) -> vbs_tasks::Result<RowPage> {
    let policies = client
        .list_cbr_policies_with(&CbrPolicyQuery::new(), options)
        .await?;
    let named = query.get("vault_id");
    let mut vaults: Vec<String> = Vec::new();
    for associated in policies
        .policies
        .iter()
        .filter(|policy| policy.id == policy_id)
        .flat_map(|policy| &policy.associated_vaults)
    {
        let vault = &associated.vault_id;
        if named.is_none_or(|named| named == vault) && !vaults.contains(vault) {
            vaults.push(vault.clone());
        }
    }
    let mut logs: Vec<OperationLog> = Vec::new();
    let mut seen = HashSet::new();
    let mut progress = ReadProgress::default();
    for vault in vaults {
        let of_vault = query.clone().vault_id(vault);
        read_into(
            client,
            &of_vault,
            options,
            &mut progress,
            &mut on_page,
            |log| {
                if log.policy_id.as_deref() == Some(policy_id) && seen.insert(log.id.clone()) {
                    logs.push(log)
                }
            },
        )
        .await?;
    }
    newest_first(&mut logs);
    Ok(RowPage::of_logs(logs.len() as u64, logs))
}
