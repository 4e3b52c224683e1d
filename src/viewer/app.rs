//! The root component: wires the state, the effects and the components together.

use std::rc::Rc;

use vbs_tasks::core::model::TaskStatus;
use vbs_tasks::core::query::SortDir;
use vbs_tasks::core::taskrow::TaskRow;
use yew::prelude::*;

use crate::boot::Prefetched;
use crate::browser;
use crate::components::cbr_filters::CbrFiltersBar;
use crate::components::details::TaskDetails;
use crate::components::duration_stats::DurationStatsLine;
use crate::components::empty_state::EmptyState;
use crate::components::error_panel::ErrorPanel;
use crate::components::export_bar::ExportBar;
use crate::components::filters_bar::FiltersBar;
use crate::components::glance::GlanceView;
use crate::components::header::Header;
use crate::components::notices::EndedNotices;
use crate::components::pager::Pager;
use crate::components::policy_picker::PolicyPicker;
use crate::components::refresh_bar::RefreshBar;
use crate::components::service_picker::ServicePicker;
use crate::components::settings::SettingsPanel;
use crate::components::shortcuts_help::ShortcutsHelp;
use crate::components::status_overview::StatusOverview;
use crate::components::target_picker::TargetPicker;
use crate::components::task_table::TaskTable;
use crate::components::timeline::Timeline;
use crate::hooks::{
    use_cbr_lists, use_clock, use_effect_on, use_escape, use_export, use_glance, use_overview,
    use_policies, use_prefetch, use_shortcuts, use_tasks, use_url_sync, use_watch,
};
use crate::i18n::{pages_of_tasks, Key, Lang};
use crate::insights::stats::duration_stats;
use crate::state::{
    Action, Connection, ConnectionAction, DetailsAction, Display, ExportAction, ExportFormat,
    GlanceAction, SettingsAction, State, TasksAction, WatchAction,
};

/// What the viewer starts from (see `main`).
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

/// A callback that dispatches the action `to_action` makes of its value.
fn dispatching<T: 'static>(
    dispatcher: &UseReducerDispatcher<State>,
    to_action: fn(T) -> Action,
) -> Callback<T> {
    let dispatcher = dispatcher.clone();
    Callback::from(move |value| dispatcher.dispatch(to_action(value)))
}

/// The filters of the view's service.
fn filters(state: &State, dispatcher: &UseReducerDispatcher<State>) -> Html {
    let view = &state.tasks.view;
    let on_status = dispatching(dispatcher, |status: Option<TaskStatus>| {
        Action::Tasks(TasksAction::SetStatus(status))
    });
    let on_size = dispatching(dispatcher, |size: u32| {
        Action::Tasks(TasksAction::SetPageSize(size))
    });
    let on_clear = dispatching(dispatcher, |()| Action::Tasks(TasksAction::ClearFilters));
    if view.is_cbr() {
        return html! {
            <CbrFiltersBar view={view.clone()} lists={state.cbr_lists_load()}
                           anchor_ms={state.tasks.anchor_ms}
                           onstatus={on_status}
                           onoperation={dispatching(dispatcher, |op| Action::Tasks(TasksAction::SetOperation(op)))}
                           onvault={dispatching(dispatcher, |id| Action::Tasks(TasksAction::SetVault(id)))}
                           onpolicy={dispatching(dispatcher, |id| Action::Tasks(TasksAction::SetCbrPolicy(id)))}
                           onresource={dispatching(dispatcher, |id| Action::Tasks(TasksAction::SetResourceId(id)))}
                           onrange={dispatching(dispatcher, |range| Action::Tasks(TasksAction::SetRange(range)))}
                           onpagesize={on_size} onclear={on_clear} />
        };
    }
    html! {
        <FiltersBar view={view.clone()}
                    onstatus={on_status}
                    onjobid={dispatching(dispatcher, |job_id: String| Action::Tasks(TasksAction::SetJobId(job_id)))}
                    onorder={dispatching(dispatcher, |order: SortDir| Action::Tasks(TasksAction::SetOrder(order)))}
                    onpagesize={on_size} onclear={on_clear} />
    }
}

/// The viewer.
#[function_component]
pub(crate) fn App(props: &AppProps) -> Html {
    let state = use_reducer(|| (*props.state).clone());
    let dispatcher = state.dispatcher();
    let lang = state.settings.lang;
    // `<html lang>` follows the language (fonts, screen readers).
    use_effect_on(lang, |lang| {
        browser::apply_lang(*lang, false);
    });
    // Focus moves into the details panel when it opens (or shows another task), so Esc and Tab
    // work there.
    use_effect_on(
        state.details.task.as_ref().map(|task| task.id.clone()),
        |job_id| {
            if job_id.is_some() {
                browser::focus_id("details-close");
            }
        },
    );
    // First, so that its effect writes a new view into the URL before any rows of it come.
    use_url_sync(&state, dispatcher.clone());
    use_policies(&state, &props.prefetched, dispatcher.clone());
    use_cbr_lists(&state, dispatcher.clone());
    use_tasks(&state, &props.prefetched, dispatcher.clone());
    use_prefetch(&state, dispatcher.clone());
    use_clock(dispatcher.clone());
    use_escape(&state, dispatcher.clone());
    use_export(&state, dispatcher.clone());
    use_overview(&state, dispatcher.clone());
    use_shortcuts(&state, dispatcher.clone());
    use_glance(&state, dispatcher.clone());
    use_watch(&state, dispatcher.clone());

    // The first frame with rows is the table alone: the insights above it (in a box of their
    // size) and the timeline below (a chart of the same page) come in the frame after, so that
    // the rows a person waits for are painted sooner.
    let rows_painted = use_state_eq(|| false);
    // Only a page that opens with its rows waits for the insights, and only where their box has
    // its size before they are drawn (the stylesheet's `.insights` rule for wide windows); once
    // drawn they stay.
    let insights_wait = *use_state(|| {
        state.tasks.current_page().is_some() && browser::media_matches("(min-width: 900px)")
    }) && !*rows_painted;
    use_effect_on(state.tasks.current_page().is_some(), {
        let rows_painted = rows_painted.setter();
        move |has_rows| {
            let after = has_rows.then(|| browser::AfterPaint::new(move || rows_painted.set(true)));
            move || drop(after)
        }
    });

    // A callback that dispatches `action`, whatever its event.
    let send = |action: Action| {
        let dispatcher = dispatcher.clone();
        Callback::from(move |()| dispatcher.dispatch(action.clone()))
    };
    let view = &state.tasks.view;
    // Task times are measured against the server's clock (a frozen emulator's); "updated N s ago"
    // against the page's.
    let now_ms = state.data_now_ms();
    let current_page = state.tasks.current_page();

    let results = match state.display() {
        Display::Skeleton => html! {
            <TaskTable page={None} skeleton_rows={view.page_size.min(10)} now_ms={now_ms} service={view.service}
                       selected={None::<AttrValue>} onopen={Callback::noop()} />
        },
        Display::Rows(_) => html! {
            <TaskTable page={current_page.cloned()} skeleton_rows={0} now_ms={now_ms} service={view.service}
                       selected={state.details.task.as_ref().map(|task| AttrValue::from(task.id.clone()))}
                       busy={state.tasks.loading}
                       highlighted={state.details.highlighted.clone().map(AttrValue::from)}
                       onhover={dispatching(&dispatcher, |id: Option<String>| Action::Details(DetailsAction::Highlight(id)))}
                       onopen={dispatching(&dispatcher, |task: TaskRow| Action::Details(DetailsAction::Open(task)))} />
        },
        Display::Error(error) => html! {
            <ErrorPanel error={error.clone()} busy={state.tasks.loading}
                        onretry={send(Action::Refresh)}
                        onsettings={send(Action::Settings(SettingsAction::ShowPanel(true)))} />
        },
        Display::NoMatch => html! {
            <EmptyState title={lang.t(Key::NoMatchTitle)}
                        text={lang.t(if view.is_cbr() { Key::NoCbrMatchText } else { Key::NoMatchText })}
                        action={AttrValue::from(lang.t(Key::ClearFilters))}
                        onaction={send(Action::Tasks(TasksAction::ClearFilters))} />
        },
        Display::NoTasks if view.is_cbr() => html! {
            <EmptyState title={lang.t(Key::NoCbrTasksTitle)} text={lang.t(Key::NoCbrTasksText)} />
        },
        Display::NoTasks => html! {
            <EmptyState title={lang.t(Key::NoTasksTitle)} text={lang.t(Key::NoTasksText)} />
        },
        Display::PastTheEnd { last_page } => html! {
            <EmptyState title={lang.t(Key::PastEndTitle)} text={pages_of_tasks(lang, last_page)}
                        action={AttrValue::from(lang.t(Key::GoToLastPage))}
                        onaction={send(Action::Tasks(TasksAction::GoToPage(last_page)))} />
        },
        Display::NoPolicies => html! {
            <EmptyState title={lang.t(Key::NoPoliciesTitle)} text={lang.t(Key::NoPoliciesText)} />
        },
        Display::NotConnected => html! {
            <EmptyState title={lang.t(Key::NotConnectedTitle)} text={lang.t(Key::NotConnectedText)}
                        action={AttrValue::from(lang.t(Key::OpenSettings))}
                        onaction={send(Action::Settings(SettingsAction::ShowPanel(true)))} />
        },
    };
    let shown = current_page.map_or(0, |page| page.rows.len());
    let connection = state.connection.connection.as_ref();
    let glance_open = state.glance.is_open();
    let onlang = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |lang: Lang| {
            browser::apply_lang(lang, true);
            dispatcher.dispatch(Action::Settings(SettingsAction::SetLang(lang)))
        })
    };
    // A policy picked in the `Policy` control or the glance (the control's placeholder is "").
    let open_policy = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |id: String| {
            if !id.is_empty() {
                dispatcher.dispatch(Action::OpenPolicy(id))
            }
        })
    };
    // A policy (a vault, in a CBR view) picked in the glance, of its target ("" for the shown
    // project alone).
    let open_target_policy = if view.is_cbr() {
        dispatching(&dispatcher, |(target, vault_id): (String, String)| {
            Action::OpenTargetVault { target, vault_id }
        })
    } else {
        dispatching(&dispatcher, |(target, policy_id): (String, String)| {
            Action::OpenTargetPolicy { target, policy_id }
        })
    };
    let onwatch = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |on: bool| {
            if on {
                browser::request_notifications();
            }
            dispatcher.dispatch(Action::Watch(WatchAction::Set(on)))
        })
    };

    html! {
        <ContextProvider<Lang> context={lang}>
        <div class={classes!("app", state.details.task.is_some().then_some("app--details"))}>
            // To the main content: the tasks, or the policies at a glance while they replace them.
            if state.shown_glance().is_some() {
                <a class="skip-link" href="#glance">{ lang.t(if view.is_cbr() { Key::SkipToVaults } else { Key::SkipToGlance }) }</a>
            } else {
                <a class="skip-link" href="#results">{ lang.t(Key::SkipToTasks) }</a>
            }
            <Header endpoint={connection.map(|c| AttrValue::from(c.endpoint.clone()))}
                    project_id={view.project_id.clone()}
                    mode={connection.and_then(|c| c.server_mode.clone()).map(AttrValue::from)}
                    onsettings={send(Action::Settings(SettingsAction::ShowPanel(true)))}
                    cbr={view.is_cbr()} {onlang}>
                <button type="button" class={classes!("button", "glance-toggle", glance_open.then_some("button--primary"))}
                        aria-pressed={glance_open.to_string()}
                        disabled={!state.glance_available()}
                        onclick={send(Action::Glance(GlanceAction::Show(!glance_open))).reform(|_: MouseEvent| ())}>
                    { lang.t(if view.is_cbr() { Key::VaultsAtAGlance } else { Key::PoliciesAtAGlance }) }
                </button>
            </Header>
            <main class="main">
                <div class="toolbar">
                    if let Some(target) = &view.target {
                        <TargetPicker targets={state.connection.targets.clone()}
                                      selected={AttrValue::from(target.clone())}
                                      onselect={dispatching(&dispatcher, |name: String| Action::Connection(ConnectionAction::SelectTarget(name)))} />
                    }
                    // The service of the shown target, when it serves both: beside the target,
                    // before what the service shows.
                    if state.offers_service_choice() {
                        <ServicePicker selected={view.service}
                                       onselect={dispatching(&dispatcher, Action::SelectService)} />
                    }
                    if !view.is_cbr() {
                        <PolicyPicker policies={state.connection.policies.clone()}
                                      selected={view.policy_id.clone().map(AttrValue::from)}
                                      onselect={open_policy.clone()} />
                    }
                    <RefreshBar updated_at={state.tasks.updated_at()} now_ms={state.clock.now_ms}
                                loading={state.tasks.loading}
                                failure={state.tasks.refresh_failure.as_ref().map(|failure| failure.error.clone())}
                                auto_refresh={state.tasks.auto_refresh}
                                live={state.tasks.shows_active_tasks()}
                                onrefresh={send(Action::Refresh)}
                                ontoggle={dispatching(&dispatcher, |on: bool| Action::Tasks(TasksAction::SetAutoRefresh(on)))}
                                watch={state.watch.on} {onwatch} />
                </div>
                if let Some((glance, sections)) = state.shown_glance() {
                    <GlanceView glance={glance.clone()} {sections} now_ms={now_ms} cbr={view.is_cbr()}
                                onopen={open_target_policy}
                                onclose={send(Action::Glance(GlanceAction::Show(false)))} />
                } else {
                { filters(&state, &dispatcher) }
                if (view.policy_id.is_some() || view.is_cbr()) && connection.is_some() && insights_wait {
                    <div class="insights" aria-hidden="true"></div>
                } else if (view.policy_id.is_some() || view.is_cbr()) && connection.is_some() {
                    <section class="insights" aria-label={lang.t(Key::Insights)}>
                        <StatusOverview overview={state.overview.current.clone()}
                                        active={view.status.clone()}
                                        onselect={dispatching(&dispatcher, |status: Option<TaskStatus>| Action::Tasks(TasksAction::SetStatus(status)))} />
                        <div class="insights__row">
                            <DurationStatsLine page={current_page.and_then(|page| duration_stats(&page.rows))}
                                               walk={state.walk_stats()} />
                            <ExportBar job={state.export.job.clone()}
                                       outcome={state.export_note().cloned()}
                                       enabled={state.task_request().is_some()}
                                       onexport={dispatching(&dispatcher, |format: ExportFormat| Action::Export(ExportAction::Start(format)))}
                                       oncancel={send(Action::Export(ExportAction::Cancel))} />
                        </div>
                    </section>
                }
                <div class="content">
                    <section id="results" class="results" aria-label={lang.t(Key::Tasks)}>
                        { results }
                        // The count stays known while another page of the same filter loads, so
                        // the pager keeps its shape instead of jumping.
                        <Pager page={view.page} page_size={view.page_size} count={state.tasks.count()}
                               shown={shown} loading={state.tasks.loading}
                               ongo={dispatching(&dispatcher, |page: u64| Action::Tasks(TasksAction::GoToPage(page)))} />
                        if let Some(page) = current_page.filter(|_| *rows_painted) {
                            <Timeline page={page.clone()} now_ms={now_ms}
                                      highlighted={state.details.highlighted.clone().map(AttrValue::from)}
                                      onhover={dispatching(&dispatcher, |id: Option<String>| Action::Details(DetailsAction::Highlight(id)))} />
                        }
                    </section>
                    if let Some(task) = &state.details.task {
                        <TaskDetails task={task.clone()} log={state.details.log.clone()} now_ms={now_ms}
                                     onclose={send(Action::Details(DetailsAction::Close))} />
                    }
                </div>
                }
            </main>
            <EndedNotices ended={state.watch.ended.clone()}
                          ondismiss={dispatching(&dispatcher, |job_id: String| Action::Watch(WatchAction::Dismiss(job_id)))} />
            if state.settings.shortcuts_open {
                <ShortcutsHelp cbr={view.is_cbr()} onclose={send(Action::Settings(SettingsAction::ShowShortcuts(false)))} />
            }
            if state.settings.panel_open {
                <SettingsPanel connection={state.connection.connection.clone()}
                               policy_id={view.policy_id.clone().map(AttrValue::from)}
                               onconnect={dispatching(&dispatcher, |(connection, policy_id): (Connection, Option<String>)| Action::Connection(ConnectionAction::Connect { connection, policy_id }))}
                               oncancel={send(Action::Settings(SettingsAction::ShowPanel(false)))} />
            }
        </div>
        </ContextProvider<Lang>>
    }
}
