//! The counts per status: of the shown policy (the status overview) and of every policy, of one
//! target or of all (the policies at a glance).

use std::future::Future;
use std::rc::Rc;

use futures::future::join_all;
use futures::StreamExt;
use vbs_tasks::core::cbr::{OpLogQuery, OpLogStatus, VaultQuery};
use vbs_tasks::core::model::TaskStatus;
use vbs_tasks::core::query::TaskQuery;
use vbs_tasks::core::taskrow::TaskRow;
use vbs_tasks::transport::{Client, RequestOptions};
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use super::cbr::read_policy;
use super::requests::{abort_on_cleanup, abortable, client};
use super::use_effect_on;
use crate::browser;
use crate::insights::stats::StatusCounts;
use crate::state::{
    Action, Fetch, GlanceAction, GlanceRequest, GlanceRow, OverviewAction, OverviewRequest, State,
};

/// How many policies "Policies at a glance" looks at at once (each is 7 requests in parallel).
const GLANCE_CONCURRENCY: usize = 2;

/// How many targets' policy lists the glance asks for at once: one request each, and a target
/// that is slow to answer (or down, while its retries run) must not hold up the others.
const GLANCE_LIST_CONCURRENCY: usize = 4;

/// Waits for the next task of the event loop. The status counts are secondary: sent from the
/// task that runs the effects of the first render, their six `fetch` calls (~5 ms of main thread
/// each on a cold load) would hold up whatever the browser queued after that render.
async fn after_this_task() {
    gloo_timers::future::TimeoutFuture::new(0).await;
}

/// Counts the tasks `counted` names per status: for a VBS policy or a CBR filter, one `limit=1`
/// request per status, in parallel; for a CBR `Policy` filter, its rows read whole.
async fn counts_of(
    client: &Client,
    counted: &Fetch,
    options: &RequestOptions,
) -> vbs_tasks::Result<StatusCounts> {
    match counted {
        Fetch::Vbs { policy_id, .. } => status_counts(client, policy_id, options).await,
        Fetch::Cbr {
            query,
            policy_id: Some(policy_id),
        } => {
            let rows = read_policy(client, policy_id, query, options, |_| ()).await?;
            let mut counts = StatusCounts::default();
            for row in &rows.rows {
                counts.add(&row.status, 1);
            }
            Ok(counts)
        }
        Fetch::Cbr {
            query,
            policy_id: None,
        } => cbr_status_counts(client, query, options).await,
    }
}

/// The counts of one request per status, sent together; the first failure fails them all.
async fn summed(
    calls: impl IntoIterator<Item = impl Future<Output = vbs_tasks::Result<(TaskStatus, u64)>>>,
) -> vbs_tasks::Result<StatusCounts> {
    let mut counts = StatusCounts::default();
    for answer in join_all(calls).await {
        let (status, n) = answer?;
        counts.add(&status, n);
    }
    Ok(counts)
}

/// Counts a CBR filter's tasks per status: one `limit=1` request per status, in parallel.
async fn cbr_status_counts(
    client: &Client,
    filter: &OpLogQuery,
    options: &RequestOptions,
) -> vbs_tasks::Result<StatusCounts> {
    let calls = TaskStatus::KNOWN.iter().filter_map(|status| {
        let query = filter
            .clone()
            .status(OpLogStatus::from_task_status(status)?)
            .limit(1);
        Some(async move {
            client
                .list_operation_logs_with(&query, options)
                .await
                .map(|page| (status.clone(), page.count))
        })
    });
    summed(calls).await
}

/// Counts a policy's tasks per status: one `limit=1` request per status, in parallel.
async fn status_counts(
    client: &Client,
    policy_id: &str,
    options: &RequestOptions,
) -> vbs_tasks::Result<StatusCounts> {
    let calls = TaskStatus::KNOWN.iter().map(|status| {
        let query = TaskQuery::new().status(status.clone()).limit(1);
        async move {
            client
                .list_tasks_with(policy_id, &query, options)
                .await
                .map(|page| (status.clone(), page.count))
        }
    });
    summed(calls).await
}

/// A VBS policy's line: its latest task and counts per status.
async fn policy_line(
    client: &Client,
    policy_id: &str,
    options: &RequestOptions,
) -> vbs_tasks::Result<GlanceRow> {
    let latest = client
        .list_tasks_with(policy_id, &TaskQuery::new().limit(1), options)
        .await?
        .tasks
        .first()
        .map(TaskRow::from);
    let counts = status_counts(client, policy_id, options).await?;
    Ok(GlanceRow { latest, counts })
}

/// A CBR vault's line: the latest task and the counts per status of `filter` (which names the
/// vault).
async fn vault_line(
    client: &Client,
    filter: OpLogQuery,
    options: &RequestOptions,
) -> vbs_tasks::Result<GlanceRow> {
    let latest = client
        .list_operation_logs_with(&filter.clone().limit(1), options)
        .await?
        .operation_logs
        .first()
        .map(TaskRow::from);
    let counts = cbr_status_counts(client, &filter, options).await?;
    Ok(GlanceRow { latest, counts })
}

/// Fills in "Policies at a glance": each target's policy list when the round must ask for it
/// (all targets at once, each reported as it comes), then for each policy its latest task and
/// counts per status, a few policies at a time, each reported as soon as it is in. A target whose
/// list fails adds no policies; the others go on. A CBR round does the same with vaults, each
/// counted in the view's filter.
#[hook]
pub(crate) fn use_glance(state: &State, dispatch: UseReducerDispatcher<State>) {
    use_effect_on(state.glance_request(), move |request| {
        let (controller, options) = abortable();
        if let Some(GlanceRequest { id, targets }) = request.clone() {
            spawn_local(async move {
                after_this_task().await;
                let (options, dispatch) = (&options, &dispatch);
                let policies = futures::stream::iter(targets)
                    .map(|target| async move {
                        let client = Rc::new(client(&target.connection, &target.project_id));
                        let cbr = target.cbr.clone();
                        let line_ids = match (target.policy_ids, &cbr) {
                            (Some(ids), _) => ids,
                            (None, None) => {
                                let result = client.list_policies_with(options).await;
                                let ids = result.as_ref().map_or_else(
                                    |_| Vec::new(),
                                    |list| list.iter().map(|policy| policy.id.clone()).collect(),
                                );
                                dispatch.dispatch(Action::Glance(GlanceAction::Listed {
                                    id,
                                    target: target.target.clone(),
                                    result,
                                }));
                                ids
                            }
                            (None, Some(_)) => {
                                let query = VaultQuery::new().limit(1000);
                                let result = client
                                    .list_vaults_with(&query, options)
                                    .await
                                    .map(|list| list.vaults);
                                let ids = result.as_ref().map_or_else(
                                    |_| Vec::new(),
                                    |list| list.iter().map(|vault| vault.id.clone()).collect(),
                                );
                                dispatch.dispatch(Action::Glance(GlanceAction::VaultsListed {
                                    id,
                                    target: target.target.clone(),
                                    result,
                                }));
                                ids
                            }
                        };
                        let name = target.target;
                        futures::stream::iter(line_ids.into_iter().map(move |line_id| {
                            (name.clone(), client.clone(), line_id, cbr.clone())
                        }))
                    })
                    .buffer_unordered(GLANCE_LIST_CONCURRENCY)
                    .flatten();
                let mut answers = policies
                    .map(|(target, client, line_id, cbr)| async move {
                        let result = match cbr {
                            None => policy_line(&client, &line_id, options).await,
                            Some(filter) => {
                                vault_line(&client, filter.vault_id(line_id.clone()), options).await
                            }
                        };
                        (target, line_id, result)
                    })
                    .buffer_unordered(GLANCE_CONCURRENCY);
                while let Some((target, policy_id, result)) = answers.next().await {
                    dispatch.dispatch(Action::Glance(GlanceAction::Loaded {
                        id,
                        target,
                        policy_id,
                        result,
                    }));
                }
            });
        }
        abort_on_cleanup(controller)
    });
}

/// Counts the shown policy's or CBR filter's tasks per status (see [`counts_of`]) whenever the
/// state starts a round.
#[hook]
pub(crate) fn use_overview(state: &State, dispatch: UseReducerDispatcher<State>) {
    use_effect_on(state.overview_request(), move |request| {
        let (controller, options) = abortable();
        if let Some(OverviewRequest {
            id,
            connection,
            project_id,
            scope,
            counted,
        }) = request.clone()
        {
            spawn_local(async move {
                after_this_task().await;
                let client = client(&connection, &project_id);
                let result = counts_of(&client, &counted, &options).await;
                dispatch.dispatch(Action::Overview(OverviewAction::Loaded {
                    scope,
                    id,
                    result,
                    at_ms: browser::now_ms(),
                }));
            });
        }
        abort_on_cleanup(controller)
    });
}
