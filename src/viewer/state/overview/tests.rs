use std::rc::Rc;

use vbs_tasks::core::error::Error;
use vbs_tasks::core::model::TaskStatus;

use super::*;
use crate::state::testing::*;
use crate::state::{reduce, Action, TasksAction};

fn counts(pairs: &[(TaskStatus, u64)]) -> StatusCounts {
    let mut counts = StatusCounts::default();
    for (status, n) in pairs {
        counts.add(status, *n);
    }
    counts
}

fn overview_loaded(
    policy_id: &str,
    id: RequestId,
    result: Result<StatusCounts, Error>,
    at_ms: f64,
) -> Action {
    Action::Overview(OverviewAction::Loaded {
        scope: Scope::Policy(policy_id.into()),
        id,
        result,
        at_ms,
    })
}

#[test]
fn the_overview_counts_each_policy_once_per_refresh_interval() {
    let state = ready();
    let request = state.overview_request().unwrap();
    assert_eq!(request.counted.policy_id(), "daily");
    let id = request.id;
    let loaded = reduce(
        state,
        overview_loaded(
            "daily",
            id,
            Ok(counts(&[
                (TaskStatus::ExecuteSuccess, 9),
                (TaskStatus::ExecuteFail, 1),
            ])),
            1_000.0,
        ),
    );
    let overview = loaded.overview.current.as_ref().unwrap();
    assert!(!overview.loading);
    assert_eq!(overview.counts.as_ref().unwrap().success_rate(), Some(0.9));
    // Filtering within the interval keeps the cached counts (no new round).
    let filtered = reduce(
        loaded.clone(),
        tasks(TasksAction::SetStatus(Some(TaskStatus::Skip))),
    );
    assert_eq!(filtered.overview_request(), loaded.overview_request());
    // A refresh after the interval asks again, keeping the counts meanwhile.
    let later = reduce(
        loaded,
        Action::Tick {
            now_ms: 1_000.0 + AUTO_REFRESH_MS,
            visible: true,
        },
    );
    let refreshed = reduce(later, Action::Refresh);
    let overview = refreshed.overview.current.as_ref().unwrap();
    assert!(overview.loading && overview.counts.is_some());
    assert!(overview.id > id);
    // An answer for an older round, or another policy, is dropped.
    let stale = reduce(
        refreshed.clone(),
        overview_loaded("daily", id, Ok(StatusCounts::default()), 2.0),
    );
    assert!(Rc::ptr_eq(&stale, &refreshed));
    let other = reduce(
        refreshed.clone(),
        overview_loaded("weekly", overview.id, Ok(StatusCounts::default()), 2.0),
    );
    assert!(Rc::ptr_eq(&other, &refreshed));
    // Another policy starts afresh.
    let weekly = reduce(refreshed, tasks(TasksAction::SelectPolicy("weekly".into())));
    let overview = weekly.overview.current.as_ref().unwrap();
    assert_eq!(overview.scope, Scope::Policy("weekly".into()));
    assert!(overview.counts.is_none() && overview.loading);
    let failed = reduce(
        weekly.clone(),
        overview_loaded(
            "weekly",
            overview.id,
            Err(Error::http(503, None, None)),
            3.0,
        ),
    );
    assert!(failed.overview.current.as_ref().unwrap().error.is_some());
    let aborted = reduce(
        weekly.clone(),
        overview_loaded("weekly", overview.id, Err(Error::aborted()), 3.0),
    );
    assert!(Rc::ptr_eq(&aborted, &weekly));
}

#[test]
fn another_connection_counts_again_and_drops_the_old_rounds_answer() {
    let state = ready();
    let old = state.overview_request().unwrap();
    let other = reduce(
        state,
        connect(
            Connection {
                endpoint: "https://proxy.example".into(),
                ..connection()
            },
            None,
        ),
    );
    let new = other.overview_request().expect("counted again");
    assert!(new.id > old.id);
    assert_eq!(new.connection.endpoint, "https://proxy.example");
    // The old connection's answer for the same policy is stale.
    let late = reduce(
        other.clone(),
        overview_loaded("daily", old.id, Ok(StatusCounts::default()), 1.0),
    );
    assert!(Rc::ptr_eq(&late, &other));
}

#[test]
fn nothing_is_counted_without_a_connection_project_or_policy() {
    let mut overview = OverviewState::default();
    let view = View::from_query(&format!("project={PROJECT}&policy=daily"));
    overview.refresh(&view, false, 0.0, 0.0);
    assert_eq!(overview.current, None, "not connected");
    overview.refresh(&View::from_query("policy=daily"), true, 0.0, 0.0);
    assert_eq!(overview.current, None, "no project");
    overview.refresh(
        &View::from_query(&format!("project={PROJECT}")),
        true,
        0.0,
        0.0,
    );
    assert_eq!(overview.current, None, "no policy");
    overview.refresh(&view, true, 0.0, 0.0);
    assert!(overview.request(&view, Some(&connection())).is_some());
    assert_eq!(overview.request(&view, None), None);
    let weekly = View::from_query(&format!("project={PROJECT}&policy=weekly"));
    assert_eq!(
        overview.request(&weekly, Some(&connection())),
        None,
        "not for a policy not counted"
    );
}
