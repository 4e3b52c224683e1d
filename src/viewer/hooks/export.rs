//! The export's walk: every page of its filter, then the download.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use futures::{stream, StreamExt};
use vbs_tasks::core::error::Error;
use vbs_tasks::core::query::{SortDir, TaskQuery};
use vbs_tasks::core::time::Timestamp;
use vbs_tasks::transport::RequestOptions;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use super::requests::{abort_on_cleanup, abortable, client};
use super::use_effect_on;
use crate::browser;
use crate::insights::export::{file_name, to_csv, to_json};
use crate::insights::stats::duration_stats;
use crate::insights::walk::{ExportWalk, KeptChanging};
use crate::rows::RowPage;
use crate::state::{
    Action, ExportAction, ExportFormat, ExportRequest, ExportSummary, State, EXPORT_PAGE_SIZE,
};

/// Attempts per page of an export (a table page gets the client's default, 3).
const EXPORT_ATTEMPTS: u32 = 8;

/// Requests of one export in flight at a time: enough to hide the round trips, few enough to
/// stay clear of the gateway's rate limits and the browser's six connections per host.
const CONCURRENT_PAGES: usize = 4;

/// Runs the export the state asks for: plans the pages of its filter (1000 tasks a request) from
/// the count the table showed (or the first page's), reads them [`CONCURRENT_PAGES`] at a time,
/// reads again any page a change of the list put out of step (`insights::walk`), reports
/// progress, and downloads the file at the end. Cancel (the request going away) aborts every request in flight and drops
/// the walk, so nothing is downloaded.
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
    // Oldest first by offset, so that the pages can be planned once `count` is known (see
    // `insights::walk`); the file is written in the order the view shows.
    let oldest_first = request.query.clone().sort_dir(SortDir::Asc);
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
                .list_tasks_with(&request.policy_id, &oldest_first, &options)
                .await
                .map(RowPage::from)?;
            (ExportWalk::new(EXPORT_PAGE_SIZE, first), 1)
        }
    };
    let progress = |walk: &ExportWalk, pages: u64| {
        dispatch.dispatch(Action::Export(ExportAction::Progressed {
            id: request.id,
            pages,
            tasks: walk.received().min(walk.total()),
            total: walk.total(),
        }))
    };
    if pages > 0 {
        progress(&walk, pages);
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
            .map(|(number, query)| {
                let (client, options) = (&client, &options);
                let policy_id = request.policy_id.as_str();
                async move {
                    (
                        number,
                        client
                            .list_tasks_with(policy_id, &query, options)
                            .await
                            .map(RowPage::from),
                    )
                }
            })
            .buffer_unordered(CONCURRENT_PAGES);
        while let Some((number, answer)) = answers.next().await {
            if !alive.get() {
                return Err(Error::aborted());
            }
            // A failed page ends the export: dropping `answers` aborts the others in flight.
            walk.accept(number, answer?);
            pages += 1;
            progress(&walk, pages);
        }
    }
    if !alive.get() {
        return Err(Error::aborted());
    }
    let at = Timestamp::from_unix_millis(data_now_ms as i64)
        .or_else(|| Timestamp::from_unix_millis(browser::now_ms() as i64))
        .unwrap_or_else(|| Timestamp::from(time::OffsetDateTime::UNIX_EPOCH));
    let tasks = walk.into_tasks(request.query.get_sort_dir());
    let name = file_name(
        &request.policy_name,
        &request.filter,
        at,
        request.format.extension(),
    );
    let content = match request.format {
        ExportFormat::Csv => to_csv(&request.policy_id, &tasks),
        ExportFormat::Json => to_json(&request.policy_id, &request.filter, at, &tasks),
    };
    if !browser::download(&name, &content, request.format.mime()) {
        return Err(Error::network("the browser refused the download", None));
    }
    Ok(ExportSummary {
        file_name: name,
        tasks: tasks.len() as u64,
        stats: duration_stats(&tasks),
    })
}
