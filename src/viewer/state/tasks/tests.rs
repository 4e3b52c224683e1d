use std::rc::Rc;

use vbs_tasks::core::error::Error;
use vbs_tasks::core::model::TaskStatus;
use vbs_tasks::core::query::SortDir;

use super::*;
use crate::state::testing::*;
use crate::state::{reduce, Action, Display, State};

#[test]
fn rows_show_once_the_current_request_answers() {
    let state = loaded(
        ready(),
        Ok(page(2, vec![task("a", TaskStatus::Skip)])),
        10.0,
    );
    assert!(!state.tasks.loading);
    assert!(matches!(state.display(), Display::Rows(p) if p.rows[0].id == "a"));
    assert_eq!(state.tasks.updated_at(), Some(10.0));
}

#[test]
fn a_stale_answer_never_overwrites_a_newer_view() {
    let state = ready();
    let old_id = state.tasks.request_id();
    let state = reduce(state, tasks(TasksAction::SetStatus(Some(TaskStatus::Skip))));
    assert!(state.tasks.request_id() > old_id);
    let late = reduce(
        state.clone(),
        tasks(TasksAction::Loaded {
            id: old_id,
            result: Ok(page(1, vec![task("old", TaskStatus::ExecuteFail)])),
            at_ms: 5.0,
        }),
    );
    assert!(Rc::ptr_eq(&late, &state), "a stale answer changes nothing");
    assert_eq!(late.display(), Display::Skeleton);
    let fresh = loaded(late, Ok(page(1, vec![task("new", TaskStatus::Skip)])), 6.0);
    assert!(matches!(fresh.display(), Display::Rows(p) if p.rows[0].id == "new"));
}

#[test]
fn an_aborted_answer_is_ignored() {
    let state = ready();
    let after = loaded(state.clone(), Err(Error::aborted()), 1.0);
    assert!(Rc::ptr_eq(&after, &state));
    assert!(after.tasks.loading);
}

#[test]
fn each_filter_goes_back_to_page_one_with_a_new_history_entry() {
    let on_page_4 = reduce(ready(), tasks(TasksAction::GoToPage(4)));
    assert_eq!(on_page_4.tasks.view.page, 4);
    assert_eq!(on_page_4.tasks.url_write, UrlWrite::Push);
    let cases: Vec<(TasksAction, &str)> = vec![
        (
            TasksAction::SetStatus(Some(TaskStatus::ExecuteFail)),
            "status=EXECUTE_FAIL",
        ),
        (TasksAction::SetJobId("  j-1 ".into()), "job_id=j-1"),
        (TasksAction::SetOrder(SortDir::Asc), "order=asc"),
        (TasksAction::SetPageSize(50), "page_size=50"),
    ];
    for (action, expected) in cases {
        let state = reduce(on_page_4.clone(), tasks(action));
        assert_eq!(state.tasks.view.page, 1);
        assert_eq!(state.tasks.url_write, UrlWrite::Push);
        assert!(state.tasks.request_id() > on_page_4.tasks.request_id());
        assert_eq!(
            state.tasks.view.to_query(),
            format!("project={PROJECT}&policy=daily&{expected}")
        );
    }
}

#[test]
fn setting_a_filter_to_its_current_value_changes_nothing() {
    let state = ready();
    for action in [
        TasksAction::SetStatus(None),
        TasksAction::SetJobId("   ".into()),
        TasksAction::SetOrder(SortDir::Desc),
        TasksAction::SetPageSize(20),
        TasksAction::ClearFilters,
        TasksAction::GoToPage(1),
        TasksAction::SelectPolicy("daily".into()),
    ] {
        let after = reduce(state.clone(), tasks(action.clone()));
        assert!(Rc::ptr_eq(&after, &state), "{action:?}");
    }
}

#[test]
fn a_page_size_of_zero_is_refused() {
    let state = ready();
    let after = reduce(state.clone(), tasks(TasksAction::SetPageSize(0)));
    assert!(Rc::ptr_eq(&after, &state));
}

#[test]
fn clear_filters_drops_status_and_job_id_only() {
    let state = run(
        ready(),
        vec![
            tasks(TasksAction::SetOrder(SortDir::Asc)),
            tasks(TasksAction::SetStatus(Some(TaskStatus::ExecuteFail))),
            tasks(TasksAction::SetJobId("j".into())),
            tasks(TasksAction::ClearFilters),
        ],
    );
    assert!(!state.tasks.view.has_filters());
    assert_eq!(state.tasks.view.order, SortDir::Asc);
}

#[test]
fn a_refresh_keeps_the_rows_while_it_loads() {
    let state = loaded(ready(), Ok(page(1, vec![task("a", TaskStatus::Skip)])), 1.0);
    let refreshing = reduce(state.clone(), Action::Refresh);
    assert!(refreshing.tasks.loading);
    assert!(refreshing.tasks.request_id() > state.tasks.request_id());
    assert!(matches!(refreshing.display(), Display::Rows(_)));
}

#[test]
fn a_failed_refresh_keeps_the_rows_and_says_so_until_one_succeeds() {
    let shown = loaded(
        ready(),
        Ok(page(1, vec![task("r", TaskStatus::Running)])),
        1_000.0,
    );
    let failed = loaded(
        reduce(shown.clone(), Action::Refresh),
        Err(Error::http(503, None, None)),
        7_000.0,
    );
    assert!(!failed.tasks.loading);
    assert!(matches!(failed.display(), Display::Rows(page) if page.rows[0].id == "r"));
    assert_eq!(
        failed.tasks.updated_at(),
        Some(1_000.0),
        "the rows' own time stays"
    );
    let failure = failed
        .tasks
        .refresh_failure
        .as_ref()
        .expect("the failure is kept");
    assert_eq!(
        (failure.error.status(), failure.at_ms),
        (Some(503), 7_000.0)
    );
    // Auto-refresh tries again an interval after the failure, not at every tick.
    assert!(!tick(&failed, 8_000.0).tasks.loading);
    let retry = tick(&failed, 7_000.0 + AUTO_REFRESH_MS);
    assert!(retry.tasks.loading);
    let recovered = loaded(
        retry,
        Ok(page(1, vec![task("r", TaskStatus::ExecuteSuccess)])),
        12_500.0,
    );
    assert_eq!(recovered.tasks.refresh_failure, None);
    assert_eq!(recovered.tasks.updated_at(), Some(12_500.0));
    // New settings start afresh: their failure is the error panel's, not a notice's.
    let reconnected = reduce(failed.clone(), connect(connection(), None));
    assert_eq!(reconnected.tasks.refresh_failure, None);
    // Another view that fails shows the error itself, and leaves no stale notice.
    let moved = reduce(
        failed,
        tasks(TasksAction::SetStatus(Some(TaskStatus::Skip))),
    );
    assert_eq!(moved.tasks.refresh_failure, None);
    let moved = loaded(moved, Err(Error::http(503, None, None)), 9_000.0);
    assert!(matches!(moved.display(), Display::Error(_)));
    assert_eq!(moved.tasks.refresh_failure, None);
}

#[test]
fn auto_refresh_runs_only_while_active_tasks_are_shown_and_the_page_is_visible() {
    let active = loaded(
        ready(),
        Ok(page(1, vec![task("r", TaskStatus::Running)])),
        1_000.0,
    );
    let tick = |state: &Rc<State>, now_ms, visible| {
        reduce(state.clone(), Action::Tick { now_ms, visible })
    };
    assert!(!tick(&active, 3_000.0, true).tasks.loading, "not due yet");
    let due = tick(&active, 1_000.0 + AUTO_REFRESH_MS, true);
    assert!(due.tasks.loading);
    assert!(due.tasks.request_id() > active.tasks.request_id());
    assert!(
        !tick(&active, 60_000.0, false).tasks.loading,
        "paused while hidden"
    );
    let off = reduce(active.clone(), tasks(TasksAction::SetAutoRefresh(false)));
    assert!(!tick(&off, 60_000.0, true).tasks.loading, "turned off");
    let idle = loaded(
        ready(),
        Ok(page(1, vec![task("s", TaskStatus::ExecuteSuccess)])),
        1_000.0,
    );
    assert!(
        !tick(&idle, 60_000.0, true).tasks.loading,
        "nothing running"
    );
    assert_eq!(
        tick(&idle, 60_000.0, true).clock.now_ms,
        60_000.0,
        "the clock still moves"
    );
}

#[test]
fn auto_refresh_tries_a_failed_load_again_if_it_may_pass() {
    // The server stopped: no answer. Once it is back, the next try shows the page.
    let down = loaded(
        ready(),
        Err(Error::network("Failed to fetch", None)),
        1_000.0,
    );
    assert!(down.tasks.failed_for_now());
    assert!(!tick(&down, 3_000.0).tasks.loading, "not due yet");
    assert!(tick(&down, 1_000.0 + AUTO_REFRESH_MS).tasks.loading);
    let off = reduce(down.clone(), tasks(TasksAction::SetAutoRefresh(false)));
    assert!(!tick(&off, 60_000.0).tasks.loading, "turned off");
    // What will not pass by itself is left to the user.
    let gone = loaded(ready(), Err(Error::http(404, None, None)), 1_000.0);
    assert!(!gone.tasks.failed_for_now());
    assert!(!tick(&gone, 60_000.0).tasks.loading);
}

#[test]
fn back_and_forward_show_the_url_view_without_a_new_entry() {
    let state = reduce(
        ready(),
        tasks(TasksAction::SetStatus(Some(TaskStatus::Skip))),
    );
    let back = reduce(
        state.clone(),
        tasks(TasksAction::Navigate(View::from_query(&format!(
            "project={PROJECT}&policy=daily"
        )))),
    );
    assert_eq!(back.tasks.view.status, None);
    assert_eq!(back.tasks.url_write, UrlWrite::Replace);
    assert!(back.tasks.request_id() > state.tasks.request_id());
    // A URL without project keeps the current one rather than losing it.
    let bare = reduce(
        state,
        tasks(TasksAction::Navigate(View::from_query("policy=weekly"))),
    );
    assert_eq!(bare.tasks.view.project_id, PROJECT);
}

#[test]
fn selecting_a_policy_resets_filters_but_keeps_order_and_page_size() {
    let state = run(
        ready(),
        vec![
            tasks(TasksAction::SetPageSize(50)),
            tasks(TasksAction::SetStatus(Some(TaskStatus::Skip))),
            tasks(TasksAction::GoToPage(3)),
            tasks(TasksAction::SelectPolicy("weekly".into())),
        ],
    );
    assert_eq!(
        state.tasks.view.to_query(),
        format!("project={PROJECT}&policy=weekly&page_size=50")
    );
    assert_eq!(state.tasks.url_write, UrlWrite::Push);
}

#[test]
fn bracket_keys_step_within_the_pages() {
    let state = ready();
    assert!(
        Rc::ptr_eq(
            &reduce(state.clone(), tasks(TasksAction::StepPage(1))),
            &state
        ),
        "no step forward before the count is known"
    );
    let first = loaded(state, Ok(page(45, vec![task("a", TaskStatus::Skip)])), 1.0);
    let back = reduce(first.clone(), tasks(TasksAction::StepPage(-1)));
    assert!(Rc::ptr_eq(&back, &first), "page 1 is the first");
    let second = reduce(first, tasks(TasksAction::StepPage(1)));
    assert_eq!(second.tasks.view.page, 2);
    assert_eq!(second.tasks.url_write, UrlWrite::Push);
    let third = loaded(second, Ok(page(45, vec![task("b", TaskStatus::Skip)])), 2.0);
    let third = reduce(third, tasks(TasksAction::StepPage(1)));
    assert_eq!(third.tasks.view.page, 3);
    let end = loaded(third, Ok(page(45, vec![task("c", TaskStatus::Skip)])), 3.0);
    assert!(
        Rc::ptr_eq(&reduce(end.clone(), tasks(TasksAction::StepPage(1))), &end),
        "3 is the last"
    );
    assert_eq!(
        reduce(end, tasks(TasksAction::StepPage(-1)))
            .tasks
            .view
            .page,
        2
    );
}

#[test]
fn the_count_stays_while_another_page_of_the_same_filter_loads() {
    let first = loaded(
        ready(),
        Ok(page(45, vec![task("a", TaskStatus::Skip)])),
        1.0,
    );
    assert_eq!(first.tasks.count(), Some(45));
    let second = reduce(first, tasks(TasksAction::GoToPage(2)));
    assert!(second.tasks.current_page().is_none());
    assert_eq!(second.tasks.count(), Some(45), "the pager keeps its shape");
    let filtered = reduce(
        second,
        tasks(TasksAction::SetStatus(Some(TaskStatus::Skip))),
    );
    assert_eq!(filtered.tasks.count(), None, "another filter counts anew");
}

#[test]
fn the_task_view_alone_issues_a_request_per_change_and_takes_only_the_latest_answer() {
    let mut view = TaskView::new(View::from_query(&format!("project={PROJECT}&policy=p")));
    assert_eq!(view.request(None), None, "not connected");
    let connection = connection();
    let change = view.reduce(TasksAction::GoToPage(2), true);
    assert_eq!(
        change,
        Some(TaskChange::Requested {
            moved: true,
            project_changed: false
        })
    );
    let first = view.request(Some(&connection)).unwrap();
    assert_eq!(first.fetch.query().get_offset(), 20);
    view.reduce(TasksAction::GoToPage(3), true);
    let second = view.request(Some(&connection)).unwrap();
    assert!(second.id > first.id);
    let late = TasksAction::Loaded {
        id: first.id,
        result: Ok(page(1, vec![task("late", TaskStatus::Skip)])),
        at_ms: 1.0,
    };
    assert_eq!(view.reduce(late, true), None, "the first is stale");
    let answer = TasksAction::Loaded {
        id: second.id,
        result: Ok(page(1, vec![task("t", TaskStatus::Skip)])),
        at_ms: 2.0,
    };
    assert!(matches!(
        view.reduce(answer, true),
        Some(TaskChange::Answered { at_ms, before: None, page: Some(_) }) if at_ms == 2.0
    ));
    assert_eq!(
        view.reduce(TasksAction::SetAutoRefresh(false), true),
        Some(TaskChange::Own)
    );
}
