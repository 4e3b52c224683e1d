use std::rc::Rc;

use vbs_tasks::core::error::Error;
use vbs_tasks::core::model::TaskStatus;

use super::*;
use crate::state::testing::*;
use crate::state::{reduce, Action, DetailsAction};

fn glance_row(latest: Option<TaskStatus>, ok: u64) -> GlanceRow {
    let mut counts = StatusCounts::default();
    counts.add(&TaskStatus::ExecuteSuccess, ok);
    GlanceRow {
        latest: latest.map(|status| task("t", status)),
        counts,
    }
}

fn show(open: bool) -> Action {
    Action::Glance(GlanceAction::Show(open))
}

fn glance_loaded(id: RequestId, policy_id: &str, result: Result<GlanceRow, Error>) -> Action {
    Action::Glance(GlanceAction::Loaded {
        id,
        policy_id: policy_id.into(),
        result,
    })
}

#[test]
fn the_glance_fills_in_as_answers_arrive_and_puts_failures_first() {
    let state = ready();
    assert!(state.glance_request().is_none());
    assert!(state.shown_glance().is_none());
    let open = reduce(state.clone(), show(true));
    // It replaces the tasks once it is asked for and the policies are in.
    let (_, shown) = open.shown_glance().expect("the glance is shown");
    assert_eq!(shown.len(), 2);
    let request = open.glance_request().unwrap();
    assert_eq!(
        request.policy_ids,
        vec!["daily".to_owned(), "weekly".to_owned()]
    );
    assert!(Rc::ptr_eq(&reduce(open.clone(), show(true)), &open));
    let id = request.id;
    let daily = reduce(
        open,
        glance_loaded(
            id,
            "daily",
            Ok(glance_row(Some(TaskStatus::ExecuteSuccess), 5)),
        ),
    );
    let glance = daily.glance.round.as_ref().unwrap();
    assert_eq!(glance.answered(), 1);
    let policies = vec![policy("daily"), policy("weekly"), policy("nightly")];
    let ids = |glance: &Glance| {
        glance
            .order(&policies)
            .into_iter()
            .map(|p| p.id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        ids(glance),
        ["weekly", "nightly", "daily"],
        "loading before settled"
    );
    let both = reduce(
        daily,
        glance_loaded(
            id,
            "nightly",
            Ok(glance_row(Some(TaskStatus::ExecuteTimeout), 1)),
        ),
    );
    let both = reduce(both, glance_loaded(id, "weekly", Ok(glance_row(None, 0))));
    assert_eq!(
        ids(both.glance.round.as_ref().unwrap()),
        ["nightly", "daily", "weekly"]
    );
    // A late answer of an earlier round is dropped.
    let stale = reduce(
        both.clone(),
        glance_loaded(id.shifted(-1), "daily", Err(Error::http(503, None, None))),
    );
    assert!(Rc::ptr_eq(&stale, &both));
    // Refresh asks for every line again (a failed one is not stuck), in a new round.
    let failed = reduce(
        both.clone(),
        glance_loaded(id, "daily", Err(Error::http(503, None, None))),
    );
    assert!(matches!(
        failed.glance.round.as_ref().unwrap().row("daily"),
        Some(Err(_))
    ));
    let refreshed = reduce(failed, Action::Refresh);
    let round = refreshed.glance_request().expect("the glance asks again");
    assert!(round.id > id);
    assert_eq!(round.policy_ids, ["daily", "weekly"]);
    assert_eq!(refreshed.glance.round.as_ref().unwrap().answered(), 0);
    // The old round's answers are stale in the new one.
    let late = reduce(
        refreshed.clone(),
        glance_loaded(id, "daily", Ok(glance_row(None, 0))),
    );
    assert!(Rc::ptr_eq(&late, &refreshed));
    // Opening a policy shows its tasks.
    let opened = reduce(both, Action::OpenPolicy("weekly".into()));
    assert!(opened.glance.round.is_none());
    assert_eq!(opened.tasks.view.policy_id.as_deref(), Some("weekly"));
    assert!(opened.tasks.loading);
    // Showing it again starts a new round.
    let again = reduce(opened, show(true));
    assert!(again.glance_request().unwrap().id > id);
    assert!(reduce(again, show(false)).glance.round.is_none());
}

#[test]
fn opening_the_glance_closes_the_details_and_an_aborted_line_changes_nothing() {
    let details = reduce(
        ready(),
        Action::Details(DetailsAction::Open(task("r", TaskStatus::Running))),
    );
    let open = reduce(details, show(true));
    assert!(open.details.task.is_none());
    let id = open.glance_request().unwrap().id;
    let aborted = reduce(
        open.clone(),
        glance_loaded(id, "daily", Err(Error::aborted())),
    );
    assert!(Rc::ptr_eq(&aborted, &open));
    // A line answered after the glance was closed is dropped too.
    let closed = reduce(open, show(false));
    let late = reduce(
        closed.clone(),
        glance_loaded(id, "daily", Ok(glance_row(None, 0))),
    );
    assert!(Rc::ptr_eq(&late, &closed));
}

#[test]
fn a_policy_that_answers_twice_keeps_its_latest_line() {
    let mut glance = Glance::default();
    glance.set_row("p".into(), Err(Error::http(503, None, None)));
    glance.set_row("p".into(), Ok(glance_row(None, 3)));
    assert_eq!(glance.answered(), 1);
    assert!(matches!(glance.row("p"), Some(Ok(row)) if row.counts.total() == 3));
}
