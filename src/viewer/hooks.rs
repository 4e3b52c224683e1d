//! The effects: each hook performs what the state asks for and reports back with an [`Action`].
//!
//! The fetch hooks abort their request when the state asks for another one (the effect's cleanup
//! runs before the next effect), and every answer carries its ticket, so even an answer that slips
//! past the abort is dropped by the reducer.

use std::time::Duration;

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use web_sys::AbortController;
use yew::prelude::*;

use crate::core::sign::Signer;
use crate::transport::{Auth, Client, RequestOptions};

use super::browser::{self, Listener};
use super::route::View;
use super::state::{
    initial_connection, Action, AuthSettings, Connection, ServerConfig, State, TaskRequest,
    UrlWrite,
};

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
fn abortable() -> (Option<AbortController>, RequestOptions) {
    let controller = AbortController::new().ok();
    let options = match &controller {
        Some(controller) => RequestOptions::new().signal(controller.signal()),
        None => RequestOptions::new(),
    };
    (controller, options)
}

/// Reads `/viewer-config.json` and the stored settings once, then boots.
#[hook]
pub(crate) fn use_boot(dispatch: UseReducerDispatcher<State>) {
    use_effect_with((), move |_| {
        spawn_local(async move {
            let config = browser::fetch_ok_body("/viewer-config.json")
                .await
                .and_then(|body| ServerConfig::from_json(&body));
            let (stored, secret) = browser::load_settings();
            dispatch.dispatch(Action::Boot(initial_connection(
                config.as_ref(),
                stored.as_ref(),
                secret,
            )));
        });
    });
}

/// Fetches the policy list whenever the connection or project changes.
#[hook]
pub(crate) fn use_policies(state: &State, dispatch: UseReducerDispatcher<State>) {
    use_effect_with(state.policy_request(), move |request| {
        let (controller, options) = abortable();
        if let Some((connection, project_id)) = request.clone() {
            spawn_local(async move {
                let result = client(&connection, &project_id)
                    .list_policies_with(&options)
                    .await;
                dispatch.dispatch(Action::PoliciesLoaded { project_id, result });
            });
        }
        move || {
            if let Some(controller) = controller {
                controller.abort();
            }
        }
    });
}

/// Fetches the current view's page whenever the state issues a new ticket; the previous request
/// is aborted first.
#[hook]
pub(crate) fn use_tasks(state: &State, dispatch: UseReducerDispatcher<State>) {
    use_effect_with(state.task_request(), move |request| {
        let (controller, options) = abortable();
        if let Some(TaskRequest {
            ticket,
            connection,
            project_id,
            policy_id,
            query,
        }) = request.clone()
        {
            spawn_local(async move {
                let result = client(&connection, &project_id)
                    .list_tasks_with(&policy_id, &query, &options)
                    .await;
                dispatch.dispatch(Action::TasksLoaded {
                    ticket,
                    result,
                    at_ms: browser::now_ms(),
                });
            });
        }
        move || {
            if let Some(controller) = controller {
                controller.abort();
            }
        }
    });
}

/// Ticks the clock every second, and at once when the tab becomes visible again.
#[hook]
pub(crate) fn use_clock(dispatch: UseReducerDispatcher<State>) {
    use_effect_with((), move |_| {
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
    use_effect_with((), move |_| {
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
    use_effect_with(write, |(view, url_write)| {
        let wanted = view.to_search();
        if browser::location_search() != wanted {
            browser::write_url(&wanted, *url_write == UrlWrite::Push);
        }
    });
}

/// Esc closes the details, else the settings panel.
#[hook]
pub(crate) fn use_escape(state: &State, dispatch: UseReducerDispatcher<State>) {
    let open = (
        state.details.as_ref().map(|task| task.job_id.clone()),
        state.settings_open,
    );
    use_effect_with(open, move |(details, settings_open)| {
        let (details, settings_open) = (details.clone(), *settings_open);
        let listener = browser::document()
            .filter(|_| details.is_some() || settings_open)
            .map(|document| {
                Listener::new(document.unchecked_ref(), "keydown", move |event| {
                    let Some(event) = event.dyn_ref::<web_sys::KeyboardEvent>() else {
                        return;
                    };
                    if event.key() != "Escape" {
                        return;
                    }
                    if let Some(job_id) = &details {
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
