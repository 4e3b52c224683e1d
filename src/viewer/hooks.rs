//! The effects: each hook performs what the state asks for and reports back with an [`Action`].
//!
//! The fetch hooks abort their request when the state asks for another one (the effect's cleanup
//! runs before the next effect), and every answer carries its ticket, so even an answer that slips
//! past the abort is dropped by the reducer.

use std::any::Any;
use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use futures::future::join_all;
use futures::StreamExt;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use web_sys::AbortController;
use yew::prelude::*;

use crate::core::model::{Policy, TaskPage, TaskStatus};
use crate::core::query::TaskQuery;
use crate::core::sign::Signer;
use crate::core::time::Timestamp;
use crate::insights::export::{file_name, to_csv, to_json};
use crate::insights::stats::{duration_stats, StatusCounts};
use crate::transport::{Auth, Client, Paging, RequestOptions};

use super::boot::{send_policies, send_tasks, Prefetched};
use super::browser::{self, Listener};
use super::route::View;
use super::state::{
    Action, AuthSettings, Connection, ExportFormat, ExportRequest, ExportSummary, GlanceRequest,
    GlanceRow, Load, OverviewRequest, State, TaskRequest, UrlWrite,
};

/// Yew's `use_effect_with` with its types erased: `effect` runs after a render in which `deps`
/// changed (and the first), and what it returns runs before the next run or at unmount.
///
/// Why: Yew's effect machinery is generic over the dependencies, the effect and its cleanup, so
/// each of the viewer's effects instantiated all of it again (1.4 KB of the viewer's brotli in
/// all). Here it is instantiated once, for [`ErasedDeps`] and boxed closures; a render pays an
/// `Rc` and two boxes per effect, and compares the deps through a function pointer.
#[hook]
pub(crate) fn use_effect_on<T, F, D>(deps: T, effect: F)
where
    T: PartialEq + 'static,
    F: FnOnce(&T) -> D + 'static,
    D: TearDown,
{
    let deps = Rc::new(deps);
    let erased = ErasedDeps {
        value: deps.clone(),
        same: same_as::<T>,
    };
    let runner: ErasedEffect = Box::new(move |_| {
        let cleanup = effect(&deps);
        Box::new(move || cleanup.tear_down())
    });
    use_effect_with(erased, runner);
}

/// An effect, boxed: it returns its cleanup, boxed.
type ErasedEffect = Box<dyn FnOnce(&ErasedDeps) -> Box<dyn FnOnce()>>;

/// An effect's dependencies, of any type, with the comparison of their own type.
struct ErasedDeps {
    value: Rc<dyn Any>,
    same: fn(&dyn Any, &dyn Any) -> bool,
}

impl PartialEq for ErasedDeps {
    fn eq(&self, other: &Self) -> bool {
        (self.same)(&*self.value, &*other.value)
    }
}

/// `a == b` when both are a `T` (they always are: one call site, one type).
fn same_as<T: PartialEq + 'static>(a: &dyn Any, b: &dyn Any) -> bool {
    matches!((a.downcast_ref::<T>(), b.downcast_ref::<T>()), (Some(a), Some(b)) if a == b)
}

/// How many policies "Policies at a glance" looks at at once (each is 7 requests in parallel).
const GLANCE_CONCURRENCY: usize = 2;

/// How often the clock ticks: "updated N s ago", running durations and the auto-refresh check.
const TICK_MS: u32 = 1_000;

/// A client for a connection and project.
fn client(connection: &Connection, project_id: &str) -> Client {
    let auth = match &connection.auth {
        AuthSettings::None => Auth::None,
        AuthSettings::Token(token) => Auth::Token(token.0.clone()),
        AuthSettings::AkSk {
            access_key,
            secret_key,
        } => Auth::AkSk(Signer::new(access_key.clone(), secret_key.0.clone())),
    };
    Client::new(connection.endpoint.clone(), project_id.to_owned())
        .auth(auth)
        .timeout(Duration::from_secs(20))
}

/// A controller and the options carrying its signal (no signal if the browser refuses one).
pub(crate) fn abortable() -> (Option<AbortController>, RequestOptions) {
    let controller = AbortController::new().ok();
    let options = match &controller {
        Some(controller) => RequestOptions::new().signal(controller.signal()),
        None => RequestOptions::new(),
    };
    (controller, options)
}

/// Aborts the request `controller` switches, if there is one.
pub(crate) fn abort(controller: Option<AbortController>) {
    if let Some(controller) = controller {
        controller.abort();
    }
}

/// An effect's cleanup that aborts its request: a view that moves on leaves nothing in flight.
fn abort_on_cleanup(controller: Option<AbortController>) -> impl FnOnce() {
    move || abort(controller)
}

/// Where the policy list comes from: the connection and the project.
pub(crate) type PolicyRequest = (Connection, String);

/// The policy list `request` names.
pub(crate) async fn fetch_policies(
    (connection, project_id): PolicyRequest,
    options: RequestOptions,
) -> crate::Result<Vec<Policy>> {
    client(&connection, &project_id)
        .list_policies_with(&options)
        .await
}

/// The page of tasks `request` names.
pub(crate) async fn fetch_tasks(
    request: TaskRequest,
    options: RequestOptions,
) -> crate::Result<TaskPage> {
    client(&request.connection, &request.project_id)
        .list_tasks_with(&request.policy_id, &request.query, &options)
        .await
}

/// Fetches the policy list whenever the connection or project changes (or adopts the boot's
/// request for it; nothing is sent when the boot already has the answer).
#[hook]
pub(crate) fn use_policies(
    state: &State,
    prefetched: &Rc<Prefetched>,
    dispatch: UseReducerDispatcher<State>,
) {
    let waiting = matches!(state.policies, Load::Loading);
    let prefetched = prefetched.clone();
    use_effect_on(state.policy_request(), move |request| {
        let controller = request.clone().filter(|_| waiting).and_then(|request| {
            prefetched
                .policies
                .take(&request)
                .unwrap_or_else(|| send_policies(request))
                .on_answer(move |(_, project_id), result| {
                    dispatch.dispatch(Action::PoliciesLoaded { project_id, result })
                })
        });
        abort_on_cleanup(controller)
    });
}

/// Fetches the current view's page whenever the state issues a new ticket (or adopts the boot's
/// request for it; nothing is sent when the boot already has the answer); the previous request
/// is aborted first.
#[hook]
pub(crate) fn use_tasks(
    state: &State,
    prefetched: &Rc<Prefetched>,
    dispatch: UseReducerDispatcher<State>,
) {
    let waiting = state.loading;
    let prefetched = prefetched.clone();
    use_effect_on(state.task_request(), move |request| {
        let controller = request.clone().filter(|_| waiting).and_then(|request| {
            prefetched
                .tasks
                .take(&request)
                .unwrap_or_else(|| send_tasks(request))
                .on_answer(move |request, result| {
                    dispatch.dispatch(Action::TasksLoaded {
                        ticket: request.ticket,
                        result,
                        at_ms: browser::now_ms(),
                    })
                })
        });
        abort_on_cleanup(controller)
    });
}

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
                    dispatch.dispatch(Action::ExportFinished { id, result });
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
) -> crate::Result<ExportSummary> {
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
            return Err(crate::core::error::Error::aborted());
        }
        let page = page?;
        count += 1;
        let total = page.count;
        tasks.extend(page.tasks);
        dispatch.dispatch(Action::ExportProgressed {
            id: request.id,
            pages: count,
            tasks: tasks.len() as u64,
            total,
        });
    }
    if !alive.get() {
        return Err(crate::core::error::Error::aborted());
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
        return Err(crate::core::error::Error::network(
            "the browser refused the download",
            None,
        ));
    }
    Ok(ExportSummary {
        file_name: name,
        tasks: tasks.len() as u64,
        stats: duration_stats(&tasks),
    })
}

/// Waits for the next task of the event loop. The status counts are secondary: sent from the
/// task that runs the effects of the first render, their six `fetch` calls (~5 ms of main thread
/// each on a cold load) would hold up whatever the browser queued after that render.
async fn after_this_task() {
    gloo_timers::future::TimeoutFuture::new(0).await;
}

/// Counts a policy's tasks per status: one `limit=1` request per status, in parallel.
async fn status_counts(
    client: &Client,
    policy_id: &str,
    options: &RequestOptions,
) -> crate::Result<StatusCounts> {
    let calls = TaskStatus::KNOWN.iter().map(|status| {
        let query = TaskQuery::new().status(status.clone()).limit(1);
        async move {
            client
                .list_tasks_with(policy_id, &query, options)
                .await
                .map(|page| (status.clone(), page.count))
        }
    });
    let mut counts = StatusCounts::default();
    for answer in join_all(calls).await {
        let (status, n) = answer?;
        counts.add(&status, n);
    }
    Ok(counts)
}

/// Fills in "Policies at a glance": for each policy its latest task and counts per status, a
/// few policies at a time, each reported as soon as it is in.
#[hook]
pub(crate) fn use_glance(state: &State, dispatch: UseReducerDispatcher<State>) {
    use_effect_on(state.glance_request(), move |request| {
        let (controller, options) = abortable();
        if let Some(GlanceRequest {
            generation,
            connection,
            project_id,
            policy_ids,
        }) = request.clone()
        {
            spawn_local(async move {
                after_this_task().await;
                let client = client(&connection, &project_id);
                let (client, options) = (&client, &options);
                let mut answers = futures::stream::iter(policy_ids)
                    .map(|policy_id| async move {
                        let latest = client
                            .list_tasks_with(&policy_id, &TaskQuery::new().limit(1), options)
                            .await
                            .map(|page| page.tasks.into_iter().next());
                        let result = match latest {
                            Ok(latest) => status_counts(client, &policy_id, options)
                                .await
                                .map(|counts| GlanceRow { latest, counts }),
                            Err(error) => Err(error),
                        };
                        (policy_id, result)
                    })
                    .buffer_unordered(GLANCE_CONCURRENCY);
                while let Some((policy_id, result)) = answers.next().await {
                    dispatch.dispatch(Action::GlanceLoaded {
                        generation,
                        policy_id,
                        result,
                    });
                }
            });
        }
        abort_on_cleanup(controller)
    });
}

/// Counts the shown policy's tasks per status (one `limit=1` request per status, in parallel)
/// whenever the state starts a round.
#[hook]
pub(crate) fn use_overview(state: &State, dispatch: UseReducerDispatcher<State>) {
    use_effect_on(state.overview_request(), move |request| {
        let (controller, options) = abortable();
        if let Some(OverviewRequest {
            generation,
            connection,
            project_id,
            policy_id,
        }) = request.clone()
        {
            spawn_local(async move {
                after_this_task().await;
                let client = client(&connection, &project_id);
                let result = status_counts(&client, &policy_id, &options).await;
                dispatch.dispatch(Action::OverviewLoaded {
                    policy_id,
                    generation,
                    result,
                    at_ms: browser::now_ms(),
                });
            });
        }
        abort_on_cleanup(controller)
    });
}

/// The keyboard shortcuts: `/` focuses Job ID, `r` refreshes, `[` and `]` page, `?` lists them.
/// Keys typed into a field, or with a modifier, are left alone.
#[hook]
pub(crate) fn use_shortcuts(state: &State, dispatch: UseReducerDispatcher<State>) {
    let blocked = state.settings_open;
    let help_open = state.shortcuts_open;
    use_effect_on((blocked, help_open), move |(blocked, help_open)| {
        let help_open = *help_open;
        let listener = browser::document().filter(|_| !*blocked).map(|document| {
            Listener::new(document.unchecked_ref(), "keydown", move |event| {
                let Some(key_event) = event.dyn_ref::<web_sys::KeyboardEvent>() else {
                    return;
                };
                if key_event.ctrl_key()
                    || key_event.meta_key()
                    || key_event.alt_key()
                    || browser::typing_target(&event)
                {
                    return;
                }
                let action = match key_event.key().as_str() {
                    "/" => {
                        event.prevent_default();
                        browser::focus_id("job-id");
                        return;
                    }
                    "r" => Action::Refresh,
                    "[" => Action::StepPage(-1),
                    "]" => Action::StepPage(1),
                    "?" => Action::ShowShortcuts(!help_open),
                    _ => return,
                };
                event.prevent_default();
                dispatch.dispatch(action);
            })
        });
        move || drop(listener)
    });
}

/// Hands tasks that ended under watch to desktop notifications when allowed; without permission
/// they stay as in-page notices (the app shows `state.ended`).
#[hook]
pub(crate) fn use_watch(state: &State, dispatch: UseReducerDispatcher<State>) {
    let lang = state.lang;
    use_effect_on(state.ended.clone(), move |ended| {
        for item in ended {
            let title = format!(
                "{}: {}",
                crate::viewer::i18n::status_label(lang, &item.status),
                item.job_id
            );
            if browser::notify(&title, lang.t(crate::viewer::i18n::Key::TaskEnded)) {
                dispatch.dispatch(Action::DismissEnded(item.id));
            }
        }
    });
}

/// Ticks the clock every second, and at once when the tab becomes visible again.
#[hook]
pub(crate) fn use_clock(dispatch: UseReducerDispatcher<State>) {
    use_effect_on((), move |_| {
        let tick = {
            let dispatch = dispatch.clone();
            move || {
                dispatch.dispatch(Action::Tick {
                    now_ms: browser::now_ms(),
                    visible: browser::page_visible(),
                })
            }
        };
        let interval = gloo_timers::callback::Interval::new(TICK_MS, tick.clone());
        let visibility = browser::document().map(|document| {
            let tick = tick;
            Listener::new(document.unchecked_ref(), "visibilitychange", move |_| {
                tick()
            })
        });
        move || {
            drop(interval);
            drop(visibility);
        }
    });
}

/// Keeps the URL and the view in step: a changed view is written (pushed or replaced, as the state
/// says), and Back/Forward (`popstate`) navigate to the URL's view.
#[hook]
pub(crate) fn use_url_sync(state: &State, dispatch: UseReducerDispatcher<State>) {
    use_effect_on((), move |_| {
        let listener = browser::window().map(|window| {
            Listener::new(window.unchecked_ref(), "popstate", move |_| {
                dispatch.dispatch(Action::Navigate(View::from_query(
                    &browser::location_search(),
                )));
            })
        });
        move || drop(listener)
    });
    let write = (state.view.clone(), state.url_write);
    use_effect_on(write, |(view, url_write)| {
        // A URL that already says this view (in another order, or with a default spelled out) is
        // left as typed: rewriting it costs a history update right after the first render.
        if View::from_query(&browser::location_search()) != *view {
            browser::write_url(&view.to_search(), *url_write == UrlWrite::Push);
        }
    });
}

/// Esc closes the shortcuts' help, else the details, else the settings panel.
#[hook]
pub(crate) fn use_escape(state: &State, dispatch: UseReducerDispatcher<State>) {
    let open = (
        state.details.as_ref().map(|task| task.job_id.clone()),
        state.settings_open,
        state.shortcuts_open,
    );
    use_effect_on(open, move |(details, settings_open, shortcuts_open)| {
        let (details, settings_open, shortcuts_open) =
            (details.clone(), *settings_open, *shortcuts_open);
        let listener = browser::document()
            .filter(|_| details.is_some() || settings_open || shortcuts_open)
            .map(|document| {
                Listener::new(document.unchecked_ref(), "keydown", move |event| {
                    let Some(event) = event.dyn_ref::<web_sys::KeyboardEvent>() else {
                        return;
                    };
                    if event.key() != "Escape" {
                        return;
                    }
                    if shortcuts_open {
                        dispatch.dispatch(Action::ShowShortcuts(false));
                    } else if let Some(job_id) = &details {
                        dispatch.dispatch(Action::CloseDetails);
                        browser::focus_task_row(job_id);
                    } else {
                        dispatch.dispatch(Action::ShowSettings(false));
                    }
                })
            });
        move || drop(listener)
    });
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;

    use gloo_timers::future::TimeoutFuture;
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    use super::*;

    wasm_bindgen_test_configure!(run_in_browser);

    thread_local! {
        static LOG: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    }

    fn log(line: String) {
        LOG.with(|log| log.borrow_mut().push(line));
    }

    fn logged() -> Vec<String> {
        LOG.with(|log| std::mem::take(&mut *log.borrow_mut()))
    }

    #[derive(Properties, PartialEq)]
    struct ProbeProps {
        deps: (u32, String),
        shown: u32,
    }

    #[function_component]
    fn Probe(props: &ProbeProps) -> Html {
        use_effect_on(props.deps.clone(), |(n, s)| {
            log(format!("run {n} {s}"));
            let s = s.clone();
            move || log(format!("clean {s}"))
        });
        html! { <i>{ props.shown }</i> }
    }

    /// Yew runs effects after the render, from its scheduler: give it a turn.
    async fn settle() {
        TimeoutFuture::new(30).await;
    }

    #[wasm_bindgen_test]
    async fn an_erased_effect_runs_only_when_its_deps_change_and_cleans_up_first() {
        let document = browser::document().expect("a document");
        let root = document.create_element("div").expect("a div");
        document
            .body()
            .expect("a body")
            .append_child(&root)
            .expect("in the page");
        let props = |n: u32, s: &str, shown: u32| ProbeProps {
            deps: (n, s.to_owned()),
            shown,
        };
        let mut app =
            yew::Renderer::<Probe>::with_root_and_props(root.clone(), props(1, "a", 0)).render();
        settle().await;
        assert_eq!(logged(), ["run 1 a"]);

        // A render with equal deps (of a type the hook has never seen) runs nothing.
        app.update(props(1, "a", 1));
        settle().await;
        assert_eq!(root.text_content().as_deref(), Some("1"), "not re-rendered");
        assert_eq!(logged(), Vec::<String>::new());

        app.update(props(1, "b", 2));
        settle().await;
        assert_eq!(logged(), ["clean a", "run 1 b"]);
        app.update(props(2, "b", 3));
        settle().await;
        assert_eq!(logged(), ["clean b", "run 2 b"]);

        app.destroy();
        settle().await;
        assert_eq!(logged(), ["clean b"]);
    }
}
