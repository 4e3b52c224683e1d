//! The export's walk: every page of its filter, then the download.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use futures::{stream, StreamExt};
use vbs_tasks::core::error::Error;
use vbs_tasks::core::query::{SortDir, TaskQuery};
use vbs_tasks::core::taskrow::TaskRow;
use vbs_tasks::core::time::Timestamp;
use vbs_tasks::transport::{Client, RequestOptions};
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use super::cbr::{read_all, read_policy, ReadProgress};
use super::requests::{abort_on_cleanup, abortable, client};
use super::use_effect_on;
use crate::browser;
use crate::insights::export::{file_name, to_cbr_csv, to_cbr_json, to_csv, to_json};
use crate::insights::stats::duration_stats;
use crate::insights::walk::{ExportWalk, KeptChanging};
use crate::rows::RowPage;
use crate::state::{
    Action, ExportAction, ExportFormat, ExportRequest, ExportSummary, Fetch, State,
    EXPORT_PAGE_SIZE,
};

/// Attempts per page of an export (a table page gets the client's default, 3).
const EXPORT_ATTEMPTS: u32 = 8;

/// Requests of one export in flight at a time: enough to hide the round trips, few enough to
/// stay clear of the gateway's rate limits and the browser's six connections per host.
const CONCURRENT_PAGES: usize = 4;

/// Runs the export the state asks for and downloads the file at the end, reporting progress.
/// VBS: plans the pages of its filter (1000 tasks a request) from the count the table showed (or
/// the first page's), reads them [`CONCURRENT_PAGES`] at a time, and reads again any page a change
/// of the list put out of step (`insights::walk`). CBR: reads its filter's pages one after the
/// other by the contract's walk, which hands out every log once (the API lists newest first with
/// no order to choose, so new tasks shift the pages and none can be planned); a `Policy` filter
/// reads the policy's vaults whole (`hooks/cbr.rs`). Cancel (the request going away) aborts every
/// request in flight and drops the walk, so nothing is downloaded.
#[hook]
pub(crate) fn use_export(state: &State, dispatch: UseReducerDispatcher<State>) {
    let data_now_ms = state.data_now_ms();
    use_effect_on(state.export_request(), move |request| {
        let (controller, options) = abortable();
        let alive = Rc::new(Cell::new(true));
        if let Some(request) = request.clone() {
            let alive = alive.clone();
            spawn_local(async move {
                let id = request.id;
                let result = run_export(request, options, &alive, &dispatch, data_now_ms).await;
                if alive.get() {
                    dispatch.dispatch(Action::Export(ExportAction::Finished { id, result }));
                }
            });
        }
        let abort = abort_on_cleanup(controller);
        move || {
            alive.set(false);
            abort();
        }
    });
}

async fn run_export(
    request: ExportRequest,
    options: RequestOptions,
    alive: &Cell<bool>,
    dispatch: &UseReducerDispatcher<State>,
    data_now_ms: f64,
) -> vbs_tasks::Result<ExportSummary> {
    // An export is one long walk: a page that fails after the table's three attempts would throw
    // away every page before it, so each page gets more attempts and a longer budget.
    let client = client(&request.connection, &request.project_id)
        .attempts(EXPORT_ATTEMPTS)
        .timeout(Duration::from_secs(90));
    let progress = |pages: u64, tasks: u64, total: u64| {
        dispatch.dispatch(Action::Export(ExportAction::Progressed {
            id: request.id,
            pages,
            tasks: tasks.min(total),
            total,
        }))
    };
    let at = Timestamp::from_unix_millis(data_now_ms as i64)
        .or_else(|| Timestamp::from_unix_millis(browser::now_ms() as i64))
        .unwrap_or_else(|| Timestamp::from(time::OffsetDateTime::UNIX_EPOCH));
    let (rows, content) = match &request.source {
        Fetch::Vbs { policy_id, query } => {
            let tasks = walk_vbs(
                &client, policy_id, query, &request, &options, alive, &progress,
            )
            .await?;
            let content = match request.format {
                ExportFormat::Csv => to_csv(policy_id, &tasks),
                ExportFormat::Json => to_json(policy_id, &request.filter, at, &tasks),
            };
            (tasks, content)
        }
        Fetch::Cbr { query, policy_id } => {
            let heard = |read: ReadProgress| {
                if alive.get() {
                    progress(read.pages, read.tasks, read.total)
                }
            };
            let logs = match policy_id {
                None => read_all(&client, query, &options, heard).await?,
                Some(policy_id) => {
                    read_policy(&client, policy_id, query, &options, heard)
                        .await?
                        .logs
                }
            };
            let rows: Vec<TaskRow> = logs.iter().map(TaskRow::from).collect();
            let content = match request.format {
                ExportFormat::Csv => to_cbr_csv(&logs),
                ExportFormat::Json => to_cbr_json(&request.filter, query, at, &logs),
            };
            (rows, content)
        }
    };
    if !alive.get() {
        return Err(Error::aborted());
    }
    let name = file_name(
        &request.policy_name,
        &request.filter,
        at,
        request.format.extension(),
    );
    if !browser::download(&name, &content, request.format.mime()) {
        return Err(Error::network("the browser refused the download", None));
    }
    Ok(ExportSummary {
        file_name: name,
        tasks: rows.len() as u64,
        stats: duration_stats(&rows),
    })
}

/// Every task of a VBS policy's filter, planned and read [`CONCURRENT_PAGES`] pages at a time
/// (see `insights::walk`), in the order the view shows.
async fn walk_vbs(
    client: &Client,
    policy_id: &str,
    query: &TaskQuery,
    request: &ExportRequest,
    options: &RequestOptions,
    alive: &Cell<bool>,
    progress: &impl Fn(u64, u64, u64),
) -> vbs_tasks::Result<Vec<TaskRow>> {
    // Oldest first by offset, so that the pages can be planned once `count` is known (see
    // `insights::walk`); the file is written in the order the view shows.
    let oldest_first = query.clone().sort_dir(SortDir::Asc);
    let page_query = |walk: &ExportWalk, number: u64| {
        oldest_first
            .clone()
            .limit(EXPORT_PAGE_SIZE)
            .offset(walk.offset(number))
    };
    // The table's count of this filter plans every page at once; without it the first page says.
    let (mut walk, mut pages) = match request.shown_count {
        Some(count) => (ExportWalk::planned(EXPORT_PAGE_SIZE, count), 0),
        None => {
            let first = client
                .list_tasks_with(policy_id, &oldest_first, options)
                .await
                .map(RowPage::from)?;
            (ExportWalk::new(EXPORT_PAGE_SIZE, first), 1)
        }
    };
    let report = |walk: &ExportWalk, pages: u64| progress(pages, walk.received(), walk.total());
    if pages > 0 {
        report(&walk, pages);
    }
    loop {
        let mut wanted = walk.unread();
        if wanted.is_empty() {
            wanted = walk.out_of_step().map_err(|KeptChanging| {
                Error::network(
                    "the task list kept changing while it was exported: export again",
                    None,
                )
            })?;
        }
        if wanted.is_empty() {
            break;
        }
        let queries: Vec<(u64, TaskQuery)> = wanted
            .into_iter()
            .map(|number| (number, page_query(&walk, number)))
            .collect();
        let mut answers = stream::iter(queries)
            .map(|(number, query)| async move {
                (
                    number,
                    client
                        .list_tasks_with(policy_id, &query, options)
                        .await
                        .map(RowPage::from),
                )
            })
            .buffer_unordered(CONCURRENT_PAGES);
        while let Some((number, answer)) = answers.next().await {
            if !alive.get() {
                return Err(Error::aborted());
            }
            // A failed page ends the export: dropping `answers` aborts the others in flight.
            walk.accept(number, answer?);
            pages += 1;
            report(&walk, pages);
        }
    }
    if !alive.get() {
        return Err(Error::aborted());
    }
    Ok(walk.into_tasks(query.get_sort_dir()))
}
