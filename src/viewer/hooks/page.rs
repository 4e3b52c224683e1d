//! The page's own effects: the clock, the URL, the keyboard, and desktop notifications.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::use_effect_on;
use crate::browser::{self, Listener};
use crate::i18n::task_ended_notification;
use crate::route::View;
use crate::state::{
    Action, DetailsAction, SettingsAction, State, TasksAction, UrlWrite, WatchAction,
};

/// How often the clock ticks: "updated N s ago", running durations and the auto-refresh check.
const TICK_MS: u32 = 1_000;

/// The keyboard shortcuts: `/` focuses Job ID (CBR: Resource ID), `r` refreshes, `[` and `]`
/// page, `?` lists them. Keys typed into a field, or with a modifier, are left alone.
#[hook]
pub(crate) fn use_shortcuts(state: &State, dispatch: UseReducerDispatcher<State>) {
    let blocked = state.settings.panel_open;
    let help_open = state.settings.shortcuts_open;
    let cbr = state.tasks.view.is_cbr();
    use_effect_on(
        (blocked, help_open, cbr),
        move |(blocked, help_open, cbr)| {
            let help_open = *help_open;
            let search = if *cbr { "resource-id" } else { "job-id" };
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
                            browser::focus_id(search);
                            return;
                        }
                        "r" => Action::Refresh,
                        "[" => Action::Tasks(TasksAction::StepPage(-1)),
                        "]" => Action::Tasks(TasksAction::StepPage(1)),
                        "?" => Action::Settings(SettingsAction::ShowShortcuts(!help_open)),
                        _ => return,
                    };
                    event.prevent_default();
                    dispatch.dispatch(action);
                })
            });
            move || drop(listener)
        },
    );
}

/// Hands tasks that ended under watch to desktop notifications when allowed; without permission
/// they stay as in-page notices (the app shows `state.watch.ended`).
#[hook]
pub(crate) fn use_watch(state: &State, dispatch: UseReducerDispatcher<State>) {
    let lang = state.settings.lang;
    use_effect_on(state.watch.ended.clone(), move |ended| {
        for item in ended {
            let (title, body) = task_ended_notification(lang, &item.status, &item.job_id);
            if browser::notify(&title, &body) {
                dispatch.dispatch(Action::Watch(WatchAction::Dismiss(item.job_id.clone())));
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
/// says), and Back/Forward (`popstate`) navigate to the URL's view. Rows come in a render after
/// the one that changed the view (a kept page by `TasksAction::ShowKept`, from the fetch effect,
/// which runs after this one), so no rows stand under the previous view's URL.
#[hook]
pub(crate) fn use_url_sync(state: &State, dispatch: UseReducerDispatcher<State>) {
    use_effect_on((), move |_| {
        let listener = browser::window().map(|window| {
            Listener::new(window.unchecked_ref(), "popstate", move |_| {
                dispatch.dispatch(Action::Tasks(TasksAction::Navigate(View::from_query(
                    &browser::location_search(),
                ))));
            })
        });
        move || drop(listener)
    });
    let write = (state.tasks.view.clone(), state.tasks.url_write);
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
        state.details.task.as_ref().map(|task| task.id.clone()),
        state.settings.panel_open,
        state.settings.shortcuts_open,
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
                        dispatch.dispatch(Action::Settings(SettingsAction::ShowShortcuts(false)));
                    } else if let Some(job_id) = &details {
                        dispatch.dispatch(Action::Details(DetailsAction::Close));
                        browser::focus_task_row(job_id);
                    } else {
                        dispatch.dispatch(Action::Settings(SettingsAction::ShowPanel(false)));
                    }
                })
            });
        move || drop(listener)
    });
}
