//! The root component: wires the state, the effects and the components together.

use std::rc::Rc;

use yew::prelude::*;

use super::boot::Prefetched;
use super::browser;
use super::components::details::{details, DetailsProps};
use super::components::duration_stats::duration_stats_line;
use super::components::empty_state::empty_state;
use super::components::error_panel::{error_panel, ErrorPanelProps};
use super::components::export_bar::{export_bar, ExportBarProps};
use super::components::filters_bar::FiltersBar;
use super::components::glance::{glance_view, GlanceViewProps};
use super::components::header::{header, HeaderProps};
use super::components::pager::{pager, PagerProps};
use super::components::policy_picker::{policy_picker, PolicyPickerProps};
use super::components::refresh_bar::{refresh_bar, RefreshBarProps};
use super::components::settings::Settings;
use super::components::shortcuts_help::shortcuts_help;
use super::components::status_overview::{status_overview, StatusOverviewProps};
use super::components::task_table::TaskTable;
use super::components::timeline::Timeline;
use super::hooks::{
    use_clock, use_effect_on, use_escape, use_export, use_glance, use_overview, use_policies,
    use_shortcuts, use_tasks, use_url_sync, use_watch,
};
use super::i18n::{pages_of_tasks, Key, Lang};
use super::state::{Action, Display, State};
use crate::insights::stats::duration_stats;

/// What the viewer starts from (see [`super::start`]).
#[derive(Properties)]
pub(crate) struct AppProps {
    /// The first state: the URL's view, the language, the config's clock and connection, and the
    /// first answers if they came in time.
    pub(crate) state: Rc<State>,
    /// The first requests still in flight, for the fetch effects to adopt.
    pub(crate) prefetched: Rc<Prefetched>,
}

impl PartialEq for AppProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.state, &other.state) && Rc::ptr_eq(&self.prefetched, &other.prefetched)
    }
}

/// The viewer.
#[function_component]
pub(crate) fn App(props: &AppProps) -> Html {
    let state = use_reducer(|| (*props.state).clone());
    let dispatcher = state.dispatcher();
    let lang = state.lang;
    // `<html lang>` follows the language (fonts, screen readers).
    use_effect_on(lang, |lang| {
        browser::apply_lang(*lang, false);
    });
    // Focus moves into the details panel when it opens (or shows another task), so Esc and Tab
    // work there.
    use_effect_on(
        state.details.as_ref().map(|task| task.job_id.clone()),
        |job_id| {
            if job_id.is_some() {
                browser::focus_id("details-close");
            }
        },
    );
    use_policies(&state, &props.prefetched, dispatcher.clone());
    use_tasks(&state, &props.prefetched, dispatcher.clone());
    use_clock(dispatcher.clone());
    use_url_sync(&state, dispatcher.clone());
    use_escape(&state, dispatcher.clone());
    use_export(&state, dispatcher.clone());
    use_overview(&state, dispatcher.clone());
    use_shortcuts(&state, dispatcher.clone());
    use_glance(&state, dispatcher.clone());
    use_watch(&state, dispatcher.clone());

    let dispatch = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |action: Action| dispatcher.dispatch(action))
    };
    let send = |action: Action| {
        let dispatch = dispatch.clone();
        Callback::from(move |()| dispatch.emit(action.clone()))
    };
    let view = &state.view;
    // Task times are measured against the server's clock (a frozen emulator's); "updated N s ago"
    // against the page's.
    let now_ms = state.data_now_ms();

    // The count stays known while another page of the same filter loads, so the pager keeps its
    // shape instead of jumping.
    let count = state.count();

    let results = match state.display() {
        Display::Skeleton => html! {
            <TaskTable page={None} skeleton_rows={view.page_size.min(10)} now_ms={now_ms}
                       selected={None::<AttrValue>} onopen={Callback::noop()} />
        },
        Display::Rows(_) => html! {
            <TaskTable page={state.current_page().cloned()} skeleton_rows={0} now_ms={now_ms}
                       selected={state.details.as_ref().map(|task| AttrValue::from(task.job_id.clone()))}
                       busy={state.loading}
                       highlighted={state.highlighted.clone().map(AttrValue::from)}
                       onhover={ let dispatch = dispatch.clone(); Callback::from(move |id| dispatch.emit(Action::Highlight(id))) }
                       onopen={ let dispatch = dispatch.clone(); Callback::from(move |task| dispatch.emit(Action::OpenDetails(task))) } />
        },
        Display::Error(error) => error_panel(
            lang,
            &ErrorPanelProps {
                error: error.clone(),
                busy: state.loading,
                onretry: send(Action::Refresh),
                onsettings: send(Action::ShowSettings(true)),
            },
        ),
        Display::NoMatch => empty_state(
            lang.t(Key::NoMatchTitle).into(),
            lang.t(Key::NoMatchText).into(),
            Some((lang.t(Key::ClearFilters).into(), send(Action::ClearFilters))),
        ),
        Display::NoTasks => empty_state(
            lang.t(Key::NoTasksTitle).into(),
            lang.t(Key::NoTasksText).into(),
            None,
        ),
        Display::PastTheEnd { last_page } => empty_state(
            lang.t(Key::PastEndTitle).into(),
            pages_of_tasks(lang, last_page).into(),
            Some((
                lang.t(Key::GoToLastPage).into(),
                send(Action::GoToPage(last_page)),
            )),
        ),
        Display::NoPolicies => empty_state(
            lang.t(Key::NoPoliciesTitle).into(),
            lang.t(Key::NoPoliciesText).into(),
            None,
        ),
        Display::NotConnected => empty_state(
            lang.t(Key::NotConnectedTitle).into(),
            lang.t(Key::NotConnectedText).into(),
            Some((
                lang.t(Key::OpenSettings).into(),
                send(Action::ShowSettings(true)),
            )),
        ),
    };
    let shown = state.current_page().map_or(0, |page| page.tasks.len());
    let connection = state.connection.as_ref();

    html! {
        <ContextProvider<Lang> context={lang}>
        <div class={classes!("app", state.details.is_some().then_some("app--details"))}>
            // To the main content: the tasks, or the policies at a glance while they replace them.
            if state.shown_glance().is_some() {
                <a class="skip-link" href="#glance">{ lang.t(Key::SkipToGlance) }</a>
            } else {
                <a class="skip-link" href="#results">{ lang.t(Key::SkipToTasks) }</a>
            }
            { header(lang, &HeaderProps {
                endpoint: connection.map(|c| AttrValue::from(c.endpoint.clone())),
                project_id: view.project_id.clone().into(),
                mode: connection.and_then(|c| c.server_mode.clone()).map(AttrValue::from),
                onsettings: send(Action::ShowSettings(true)),
                onlang: { let dispatch = dispatch.clone(); Callback::from(move |lang: Lang| {
                    browser::apply_lang(lang, true);
                    dispatch.emit(Action::SetLang(lang))
                }) },
                children: html! {
                    <button type="button" class={classes!("button", "glance-toggle", state.glance.is_some().then_some("button--primary"))}
                            aria-pressed={state.glance.is_some().to_string()}
                            disabled={!matches!(state.policies, super::state::Load::Ready(_))}
                            onclick={ let (dispatch, open) = (dispatch.clone(), state.glance.is_none()); Callback::from(move |_: MouseEvent| dispatch.emit(Action::ShowGlance(open))) }>
                        { lang.t(Key::PoliciesAtAGlance) }
                    </button>
                },
            }) }
            <main class="main">
                <div class="toolbar">
                    { policy_picker(lang, &PolicyPickerProps {
                        policies: state.policies.clone(),
                        selected: view.policy_id.clone().map(AttrValue::from),
                        onselect: { let dispatch = dispatch.clone(); Callback::from(move |id: String| if !id.is_empty() { dispatch.emit(Action::OpenPolicy(id)) }) },
                    }) }
                    { refresh_bar(lang, &RefreshBarProps {
                        updated_at: state.updated_at(),
                        now_ms: state.now_ms,
                        loading: state.loading,
                        failure: state.refresh_failure.as_ref().map(|failure| failure.error.clone()),
                        auto_refresh: state.auto_refresh,
                        live: state.shows_active_tasks(),
                        onrefresh: send(Action::Refresh),
                        ontoggle: { let dispatch = dispatch.clone(); Callback::from(move |on| dispatch.emit(Action::SetAutoRefresh(on))) },
                        watch: state.watch,
                        onwatch: { let dispatch = dispatch.clone(); Callback::from(move |on: bool| {
                            if on { browser::request_notifications(); }
                            dispatch.emit(Action::SetWatch(on))
                        }) },
                    }) }
                </div>
                if let Some((glance, list)) = state.shown_glance() {
                    { glance_view(lang, &GlanceViewProps {
                        glance: glance.clone(),
                        policies: list.clone(),
                        now_ms,
                        onopen: { let dispatch = dispatch.clone(); Callback::from(move |id| dispatch.emit(Action::OpenPolicy(id))) },
                        onclose: send(Action::ShowGlance(false)),
                    }) }
                } else {
                <FiltersBar view={view.clone()} ondispatch={dispatch.clone()} />
                if view.policy_id.is_some() && state.connection.is_some() {
                    <section class="insights" aria-label={lang.t(Key::Insights)}>
                        { status_overview(lang, &StatusOverviewProps {
                            overview: state.overview.clone(),
                            active: view.status.clone(),
                            onselect: { let dispatch = dispatch.clone(); Callback::from(move |status| dispatch.emit(Action::SetStatus(status))) },
                        }) }
                        <div class="insights__row">
                            { duration_stats_line(lang, state.current_page().and_then(|page| duration_stats(&page.tasks)), state.walk_stats()) }
                            { export_bar(lang, &ExportBarProps {
                                job: state.export.clone(),
                                outcome: state.export_note().cloned(),
                                enabled: state.task_request().is_some(),
                                ondispatch: dispatch.clone(),
                            }) }
                        </div>
                    </section>
                }
                <div class="content">
                    <section id="results" class="results" aria-label={lang.t(Key::Tasks)}>
                        { results }
                        { pager(lang, &PagerProps {
                            page: view.page,
                            page_size: view.page_size,
                            count,
                            shown,
                            loading: state.loading,
                            ongo: { let dispatch = dispatch.clone(); Callback::from(move |page| dispatch.emit(Action::GoToPage(page))) },
                        }) }
                        if let Some(page) = state.current_page() {
                            <Timeline page={page.clone()} now_ms={now_ms}
                                      highlighted={state.highlighted.clone().map(AttrValue::from)}
                                      onhover={ let dispatch = dispatch.clone(); Callback::from(move |id| dispatch.emit(Action::Highlight(id))) } />
                        }
                    </section>
                    if let Some(task) = &state.details {
                        { details(lang, &DetailsProps { task: task.clone(), now_ms, onclose: send(Action::CloseDetails) }) }
                    }
                </div>
                }
            </main>
            if !state.ended.is_empty() {
                <div class="toasts" aria-live="polite" aria-label={lang.t(Key::Notices)}>
                    { for state.ended.iter().map(|ended| {
                        let id = ended.id;
                        let dismiss = { let dispatch = dispatch.clone(); Callback::from(move |_: MouseEvent| dispatch.emit(Action::DismissEnded(id))) };
                        html! {
                            <div class={classes!("toast", format!("toast--{}", super::format::status_tone(&ended.status)))}
                                 data-job-id={ended.job_id.clone()} data-status={ended.status.as_str().to_owned()}>
                                <strong>{ super::i18n::status_label(lang, &ended.status).to_owned() }</strong>
                                <code class="id">{ ended.job_id.clone() }</code>
                                <span>{ lang.t(Key::TaskEnded) }</span>
                                <button type="button" class="button button--ghost" onclick={dismiss}>{ lang.t(Key::Dismiss) }</button>
                            </div>
                        }
                    }) }
                </div>
            }
            if state.shortcuts_open {
                { shortcuts_help(lang, send(Action::ShowShortcuts(false))) }
            }
            if state.settings_open {
                <Settings connection={state.connection.clone()} policy_id={view.policy_id.clone().map(AttrValue::from)}
                          ondispatch={dispatch.clone()} />
            }
        </div>
        </ContextProvider<Lang>>
    }
}
