//! The page cache and the page fetched ahead, as the whole state sees them.

use std::rc::Rc;

use vbs_tasks::core::error::Error;
use vbs_tasks::core::model::TaskStatus;

use super::connection::Secret;
use super::testing::*;
use super::*;
use crate::rows::RowPage;

fn rows(ids: &[&str]) -> RowPage {
    page(
        45,
        ids.iter()
            .map(|id| task(id, TaskStatus::ExecuteSuccess))
            .collect(),
    )
}

fn shown_ids(state: &State) -> Option<Vec<String>> {
    state
        .tasks
        .current_page()
        .map(|page| page.rows.iter().map(|t| t.id.clone()).collect())
}

/// The first page of the first policy answered (45 tasks: three pages of 20).
fn first_page_shown() -> Rc<State> {
    loaded(ready(), Ok(rows(&["a1", "a2"])), 1_000.0)
}

/// The fetch effect has sent the view's request: a page kept for it is shown now.
fn request_left(state: Rc<State>) -> Rc<State> {
    let id = state.tasks.request_id();
    reduce(state, tasks(TasksAction::ShowKept { id }))
}

fn prefetched(state: Rc<State>, request: &PrefetchRequest, answer: RowPage) -> Rc<State> {
    reduce(
        state,
        tasks(TasksAction::Prefetched {
            generation: request.generation,
            view: request.view.clone(),
            result: Ok(answer),
            at_ms: 1_500.0,
        }),
    )
}

#[test]
fn the_next_page_is_fetched_ahead_once_the_shown_page_is_in() {
    assert!(ready().prefetch_request().is_none(), "nothing shown yet");
    let state = first_page_shown();
    let request = state.prefetch_request().expect("page 2 exists");
    assert_eq!(request.view.page, 2);
    assert_eq!(
        request.fetch.query().to_query_string(),
        "sort_dir=desc&limit=20&offset=20"
    );
    // Kept: nothing more to fetch ahead for this page.
    let state = prefetched(state, &request, rows(&["b1"]));
    assert!(state.prefetch_request().is_none());
    // While the shown page is asked for again, nothing is fetched ahead.
    let refreshing = reduce(state, Action::Refresh);
    assert!(refreshing.prefetch_request().is_none());
}

#[test]
fn nothing_is_fetched_ahead_from_the_last_page() {
    let state = loaded(
        ready(),
        Ok(page(20, vec![task("a1", TaskStatus::Running)])),
        1.0,
    );
    assert!(state.prefetch_request().is_none());
}

#[test]
fn next_shows_the_page_fetched_ahead_at_once_and_its_request_revalidates_it() {
    let state = first_page_shown();
    let request = state.prefetch_request().unwrap();
    let state = prefetched(state, &request, rows(&["b1", "b2"]));
    let state = reduce(state, tasks(TasksAction::StepPage(1)));
    assert_eq!(state.tasks.view.page, 2);
    // Not in the render that changes the view (and the URL), but right after it.
    assert_eq!(shown_ids(&state), None);
    let state = request_left(state);
    assert_eq!(shown_ids(&state), Some(vec!["b1".into(), "b2".into()]));
    assert!(state.tasks.loading, "the request for page 2 still goes out");
    assert!(state.task_request().is_some());
    let shown = state.tasks.current_page().unwrap().clone();
    // The same answer: the page on screen stays, as it is.
    let same = loaded(state.clone(), Ok(rows(&["b1", "b2"])), 2_000.0);
    assert!(Rc::ptr_eq(same.tasks.current_page().unwrap(), &shown));
    assert_eq!(same.tasks.updated_at(), Some(2_000.0));
    // Another answer replaces the rows.
    let changed = loaded(state, Ok(rows(&["b0", "b1"])), 2_000.0);
    assert_eq!(shown_ids(&changed), Some(vec!["b0".into(), "b1".into()]));
}

#[test]
fn back_shows_the_page_shown_before_from_the_cache_then_the_revalidated_rows() {
    let state = first_page_shown();
    let state = reduce(state, tasks(TasksAction::GoToPage(2)));
    assert_eq!(shown_ids(&state), None, "page 2 was never fetched");
    let state = loaded(state, Ok(rows(&["b1"])), 2_000.0);
    let back = View {
        page: 1,
        ..state.tasks.view.clone()
    };
    let state = request_left(reduce(state, tasks(TasksAction::Navigate(back))));
    assert_eq!(shown_ids(&state), Some(vec!["a1".into(), "a2".into()]));
    assert_eq!(state.tasks.updated_at(), Some(1_000.0), "as old as it is");
    let state = loaded(state, Ok(rows(&["a0", "a1"])), 3_000.0);
    assert_eq!(shown_ids(&state), Some(vec!["a0".into(), "a1".into()]));
}

#[test]
fn a_filter_never_shows_another_filters_rows_from_the_cache() {
    let state = first_page_shown();
    let state = request_left(reduce(
        state,
        tasks(TasksAction::SetStatus(Some(TaskStatus::ExecuteFail))),
    ));
    assert_eq!(shown_ids(&state), None);
    assert_eq!(state.display(), Display::Skeleton);
    // Its own answer, then back to all: the unfiltered page comes from the cache.
    let state = loaded(state, Ok(rows(&["f1"])), 2_000.0);
    let state = request_left(reduce(state, tasks(TasksAction::SetStatus(None))));
    assert_eq!(shown_ids(&state), Some(vec!["a1".into(), "a2".into()]));
}

#[test]
fn another_policy_or_connection_drops_the_cache_and_late_pages_for_it() {
    let state = first_page_shown();
    let request = state.prefetch_request().unwrap();
    let state = reduce(state, tasks(TasksAction::SelectPolicy("weekly".into())));
    assert_eq!(state.tasks.cache.generation(), request.generation + 1);
    // The page fetched ahead for the other policy arrives late: not kept, not shown.
    let state = prefetched(state, &request, rows(&["x1"]));
    assert!(state.tasks.cache.get(&request.view).is_none());
    let state = loaded(state, Ok(rows(&["w1"])), 2_000.0);
    let back = reduce(
        state.clone(),
        tasks(TasksAction::SelectPolicy("daily".into())),
    );
    assert_eq!(shown_ids(&back), None, "daily's pages went with the policy");
    // New credentials start afresh too.
    let generation = state.tasks.cache.generation();
    let reconnected = reduce(
        state,
        connect(
            Connection {
                auth: AuthSettings::Token(Secret("t2".into())),
                ..connection()
            },
            None,
        ),
    );
    assert_ne!(reconnected.tasks.cache.generation(), generation);
    assert_eq!(shown_ids(&reconnected), None);
}

#[test]
fn a_page_fetched_ahead_that_arrives_while_its_view_waits_is_shown() {
    let state = first_page_shown();
    let request = state.prefetch_request().unwrap();
    // Next before the page fetched ahead is in: nothing to show yet.
    let state = reduce(state, tasks(TasksAction::StepPage(1)));
    assert_eq!(shown_ids(&state), None);
    let state = prefetched(state, &request, rows(&["b1"]));
    assert_eq!(shown_ids(&state), Some(vec!["b1".into()]));
    assert!(state.tasks.loading, "its own request still revalidates");
    // A failed page fetched ahead changes nothing.
    let failed = reduce(
        first_page_shown(),
        tasks(TasksAction::Prefetched {
            generation: request.generation,
            view: request.view.clone(),
            result: Err(Error::network("offline", None)),
            at_ms: 1.0,
        }),
    );
    assert!(failed.tasks.cache.get(&request.view).is_none());
}

#[test]
fn a_kept_page_is_shown_only_for_the_latest_request_still_on_its_way() {
    let state = first_page_shown();
    let request = state.prefetch_request().unwrap();
    let state = prefetched(state, &request, rows(&["b1"]));
    let stale = state.tasks.request_id();
    let state = reduce(state, tasks(TasksAction::StepPage(1)));
    // A late ShowKept of the request before: nothing.
    let late = reduce(state.clone(), tasks(TasksAction::ShowKept { id: stale }));
    assert_eq!(shown_ids(&late), None);
    // Answered already: the answer stays.
    let answered = loaded(state.clone(), Ok(rows(&["b9"])), 2_000.0);
    let again = request_left(answered);
    assert_eq!(shown_ids(&again), Some(vec!["b9".into()]));
}
