//! The export's walk: every page of its filter, then the download.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use futures::StreamExt;
use vbs_tasks::core::error::Error;
use vbs_tasks::core::time::Timestamp;
use vbs_tasks::transport::{Paging, RequestOptions};
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use super::requests::{abort_on_cleanup, abortable, client};
use super::use_effect_on;
use crate::browser;
use crate::insights::export::{file_name, to_csv, to_json};
use crate::insights::stats::duration_stats;
use crate::state::{Action, ExportAction, ExportFormat, ExportRequest, ExportSummary, State};

/// Attempts per page of an export (a table page gets the client's default, 3).
const EXPORT_ATTEMPTS: u32 = 8;

/// Runs the export the state asks for: walks every page of its filter (1000 tasks a request, by
/// marker, so that tasks starting meanwhile do not shift the pages under the walk),
/// reports progress, and downloads the file at the end. Cancel (the request going away) aborts
/// the request in flight and drops the walk, so nothing is downloaded.
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
    let mut pages = client.pages_with(&request.policy_id, &request.query, Paging::Marker, options);
    let mut tasks = Vec::new();
    let mut count = 0;
    while let Some(page) = pages.next().await {
        if !alive.get() {
            return Err(Error::aborted());
        }
        let page = page?;
        count += 1;
        let total = page.count;
        tasks.extend(page.tasks);
        dispatch.dispatch(Action::Export(ExportAction::Progressed {
            id: request.id,
            pages: count,
            tasks: tasks.len() as u64,
            total,
        }));
    }
    if !alive.get() {
        return Err(Error::aborted());
    }
    let at = Timestamp::from_unix_millis(data_now_ms as i64)
        .or_else(|| Timestamp::from_unix_millis(browser::now_ms() as i64))
        .unwrap_or_else(|| Timestamp::from(time::OffsetDateTime::UNIX_EPOCH));
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
