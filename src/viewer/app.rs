//! The root component: wires the state, the effects and the components together.

use yew::prelude::*;

use super::browser;
use super::components::details::Details;
use super::components::empty_state::EmptyState;
use super::components::error_panel::ErrorPanel;
use super::components::filters_bar::FiltersBar;
use super::components::header::Header;
use super::components::pager::Pager;
use super::components::policy_picker::PolicyPicker;
use super::components::refresh_bar::RefreshBar;
use super::components::settings::Settings;
use super::components::task_table::TaskTable;
use super::format::thousands;
use super::hooks::{use_boot, use_clock, use_escape, use_policies, use_tasks, use_url_sync};
use super::route::View;
use super::state::{Action, Display, State};

/// The viewer.
#[function_component]
pub fn App() -> Html {
    let state = use_reducer(|| {
        State::new(
            View::from_query(&browser::location_search()),
            browser::now_ms(),
        )
    });
    let dispatcher = state.dispatcher();
    use_boot(dispatcher.clone());
    use_policies(&state, dispatcher.clone());
    use_tasks(&state, dispatcher.clone());
    use_clock(dispatcher.clone());
    use_url_sync(&state, dispatcher.clone());
    use_escape(&state, dispatcher.clone());

    let dispatch = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |action: Action| dispatcher.dispatch(action))
    };
    let send = |action: Action| {
        let dispatch = dispatch.clone();
        Callback::from(move |()| dispatch.emit(action.clone()))
    };
    let view = &state.view;
    let now_ms = state.now_ms;

    // The count stays known while another page of the same filter loads, so the pager keeps its
    // shape instead of jumping.
    let count = state.current_page().map(|page| page.count).or_else(|| {
        state.loaded.as_ref().and_then(|loaded| {
            let same_filter = View {
                page: view.page,
                ..loaded.view.clone()
            } == *view;
            match &loaded.outcome {
                Ok(page) if same_filter => Some(page.count),
                _ => None,
            }
        })
    });

    let results = match state.display() {
        Display::Skeleton => html! {
            <TaskTable page={None} skeleton_rows={view.page_size.min(10)} now_ms={now_ms}
                       selected={None::<AttrValue>} onopen={Callback::noop()} />
        },
        Display::Rows(_) => html! {
            <TaskTable page={state.current_page().cloned()} skeleton_rows={0} now_ms={now_ms}
                       selected={state.details.as_ref().map(|task| AttrValue::from(task.job_id.clone()))}
                       busy={state.loading}
                       onopen={ let dispatch = dispatch.clone(); Callback::from(move |task| dispatch.emit(Action::OpenDetails(task))) } />
        },
        Display::Error(error) => html! {
            <ErrorPanel error={error.clone()} onretry={send(Action::Refresh)} onsettings={send(Action::ShowSettings(true))} />
        },
        Display::NoMatch => html! {
            <EmptyState title="No tasks match these filters"
                        text="No task of this policy has this status or job ID."
                        action={Some((AttrValue::from("Clear filters"), send(Action::ClearFilters)))} />
        },
        Display::NoTasks => html! {
            <EmptyState title="No backup tasks yet" text="This policy has not run any backup task." />
        },
        Display::PastTheEnd { last_page } => html! {
            <EmptyState title="This page is past the end"
                        text={format!("There are {} pages of tasks.", thousands(last_page))}
                        action={Some((AttrValue::from("Go to the last page"), send(Action::GoToPage(last_page))))} />
        },
        Display::NoPolicies => html! {
            <EmptyState title="No backup policies" text="This project has no backup policy yet." />
        },
        Display::NotConnected => html! {
            <EmptyState title="Not connected" text="Enter the endpoint and project to see backup tasks."
                        action={Some((AttrValue::from("Open settings"), send(Action::ShowSettings(true))))} />
        },
    };
    let shown = state.current_page().map_or(0, |page| page.tasks.len());
    let connection = state.connection.as_ref();

    html! {
        <div class={classes!("app", state.details.is_some().then_some("app--details"))}>
            <a class="skip-link" href="#results">{ "Skip to tasks" }</a>
            <Header endpoint={connection.map(|c| AttrValue::from(c.endpoint.clone()))}
                    project_id={view.project_id.clone()}
                    mode={connection.and_then(|c| c.server_mode.clone()).map(AttrValue::from)}
                    onsettings={send(Action::ShowSettings(true))} />
            <main class="main">
                <div class="toolbar">
                    <PolicyPicker policies={state.policies.clone()}
                                  selected={view.policy_id.clone().map(AttrValue::from)}
                                  onselect={ let dispatch = dispatch.clone(); Callback::from(move |id: String| if !id.is_empty() { dispatch.emit(Action::SelectPolicy(id)) }) } />
                    <RefreshBar updated_at={state.updated_at()} now_ms={now_ms} loading={state.loading}
                                auto_refresh={state.auto_refresh} live={state.shows_active_tasks()}
                                onrefresh={send(Action::Refresh)}
                                ontoggle={ let dispatch = dispatch.clone(); Callback::from(move |on| dispatch.emit(Action::SetAutoRefresh(on))) } />
                </div>
                <FiltersBar view={view.clone()} ondispatch={dispatch.clone()} />
                <div class="content">
                    <section id="results" class="results" aria-label="Tasks">
                        { results }
                        <Pager page={view.page} page_size={view.page_size} count={count} shown={shown} loading={state.loading}
                               ongo={ let dispatch = dispatch.clone(); Callback::from(move |page| dispatch.emit(Action::GoToPage(page))) } />
                    </section>
                    if let Some(task) = &state.details {
                        <Details task={task.clone()} now_ms={now_ms} onclose={send(Action::CloseDetails)} />
                    }
                </div>
            </main>
            if state.settings_open {
                <Settings connection={state.connection.clone()} policy_id={view.policy_id.clone().map(AttrValue::from)}
                          ondispatch={dispatch.clone()} />
            }
        </div>
    }
}
