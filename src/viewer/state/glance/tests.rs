use std::rc::Rc;

use vbs_tasks::core::error::Error;
use vbs_tasks::core::model::{Policy, TaskStatus};

use super::*;
use crate::state::testing::*;
use crate::state::{reduce, Action, DetailsAction, Load, UrlWrite};

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
    target_loaded(id, "", policy_id, result)
}

fn target_loaded(
    id: RequestId,
    target: &str,
    policy_id: &str,
    result: Result<GlanceRow, Error>,
) -> Action {
    Action::Glance(GlanceAction::Loaded {
        id,
        target: target.into(),
        policy_id: policy_id.into(),
        result,
    })
}

/// The policy ids the only target of a round over the shown project asks for.
fn policy_ids(request: &GlanceRequest) -> Vec<String> {
    assert_eq!(request.targets.len(), 1);
    assert_eq!(request.targets[0].target, "");
    request.targets[0]
        .policy_ids
        .clone()
        .expect("the list is in hand")
}

#[test]
fn the_glance_fills_in_as_answers_arrive_and_puts_failures_first() {
    let state = ready();
    assert!(state.glance_request().is_none());
    assert!(state.shown_glance().is_none());
    let open = reduce(state.clone(), show(true));
    // It replaces the tasks once it is asked for and the policies are in.
    let (_, sections) = open.shown_glance().expect("the glance is shown");
    // One section, without a heading, of the shown project's policies.
    assert_eq!(sections.len(), 1);
    assert_eq!(sections[0].target, None);
    let shown = match &sections[0].policies {
        Some(Ok(list)) => list.clone(),
        other => panic!("the list is in hand: {other:?}"),
    };
    assert_eq!(shown.len(), 2);
    let request = open.glance_request().unwrap();
    assert_eq!(
        policy_ids(&request),
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
            .order("", &policies)
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
        failed.glance.round.as_ref().unwrap().row("", "daily"),
        Some(Err(_))
    ));
    let refreshed = reduce(failed, Action::Refresh);
    let round = refreshed.glance_request().expect("the glance asks again");
    assert!(round.id > id);
    assert_eq!(policy_ids(&round), ["daily", "weekly"]);
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
    glance.set_row(String::new(), "p".into(), Err(Error::http(503, None, None)));
    glance.set_row(String::new(), "p".into(), Ok(glance_row(None, 3)));
    assert_eq!(glance.answered(), 1);
    assert!(matches!(glance.row("", "p"), Some(Ok(row)) if row.counts.total() == 3));
}

fn listed(id: RequestId, target: &str, result: Result<Vec<Policy>, Error>) -> Action {
    Action::Glance(GlanceAction::Listed {
        id,
        target: target.into(),
        result,
    })
}

/// The policy list a section shows, if it is in.
fn section_ids(section: &GlanceSection) -> Option<Vec<String>> {
    match &section.policies {
        Some(Ok(list)) => Some(list.iter().map(|p| p.id.clone()).collect()),
        _ => None,
    }
}

#[test]
fn across_targets_every_target_is_listed_and_its_lines_fill_in() {
    let state = ready_with_targets();
    assert!(state.glance_across_targets());
    assert!(state.glance_available());
    let open = reduce(state, show(true));
    let request = open.glance_request().expect("a round across targets");
    let asked: Vec<_> = request
        .targets
        .iter()
        .map(|t| {
            (
                t.target.as_str(),
                t.connection.endpoint.as_str(),
                t.project_id.as_str(),
                t.policy_ids.is_none(),
            )
        })
        .collect();
    assert_eq!(
        asked,
        [
            ("prod-cn4", "/t/prod-cn4", "pa", true),
            ("dev", "/t/dev", "pb", true)
        ],
        "each target through its endpoint, its list asked first"
    );
    // Shown at once, a section per target in the server's order, each listing.
    let (_, sections) = open.shown_glance().expect("shown before any list is in");
    assert_eq!(sections.len(), 2);
    assert_eq!(sections[0].target, Some(target_cn4()));
    assert_eq!(sections[1].target_name(), "dev");
    assert!(sections.iter().all(|s| s.policies.is_none()));

    let id = request.id;
    let dev = reduce(open, listed(id, "dev", Ok(vec![policy("daily")])));
    let both = reduce(
        dev,
        listed(id, "prod-cn4", Ok(vec![policy("daily"), policy("weekly")])),
    );
    let (_, sections) = both.shown_glance().unwrap();
    assert_eq!(section_ids(&sections[0]).unwrap(), ["daily", "weekly"]);
    assert_eq!(section_ids(&sections[1]).unwrap(), ["daily"]);
    // The same policy id in two targets: two lines.
    let cn4_failed = reduce(
        both,
        target_loaded(
            id,
            "prod-cn4",
            "daily",
            Ok(glance_row(Some(TaskStatus::ExecuteFail), 1)),
        ),
    );
    let dev_ok = reduce(
        cn4_failed,
        target_loaded(
            id,
            "dev",
            "daily",
            Ok(glance_row(Some(TaskStatus::ExecuteSuccess), 9)),
        ),
    );
    let round = dev_ok.glance.round.as_ref().unwrap();
    assert_eq!(round.answered(), 2);
    assert!(matches!(round.row("prod-cn4", "daily"), Some(Ok(row)) if row.counts.total() == 1));
    assert!(matches!(round.row("dev", "daily"), Some(Ok(row)) if row.counts.total() == 9));
    assert!(round.row("", "daily").is_none());
    assert!(round.row("dev", "weekly").is_none());
    // Order rules hold within each target.
    let cn4 = [policy("weekly"), policy("daily")];
    let order: Vec<_> = round
        .order("prod-cn4", &cn4)
        .iter()
        .map(|p| p.id.clone())
        .collect();
    assert_eq!(order, ["daily", "weekly"], "the failed latest first");
    let order: Vec<_> = round
        .order("dev", &cn4)
        .iter()
        .map(|p| p.id.clone())
        .collect();
    assert_eq!(order, ["weekly", "daily"], "loading before settled");
    // Refresh lists every target again in a new round.
    let refreshed = reduce(dev_ok, Action::Refresh);
    let again = refreshed.glance_request().unwrap();
    assert!(again.id > id);
    assert!(again.targets.iter().all(|t| t.policy_ids.is_none()));
    let (_, sections) = refreshed.shown_glance().unwrap();
    assert!(sections.iter().all(|s| s.policies.is_none()));
    let late = reduce(refreshed.clone(), listed(id, "dev", Ok(vec![])));
    assert!(
        Rc::ptr_eq(&late, &refreshed),
        "a list of an older round is dropped"
    );
}

#[test]
fn a_target_whose_list_fails_shows_its_error_and_the_others_stay() {
    let open = reduce(ready_with_targets(), show(true));
    let id = open.glance_request().unwrap().id;
    let cn4 = reduce(open, listed(id, "prod-cn4", Ok(vec![policy("daily")])));
    let cn4 = reduce(
        cn4,
        target_loaded(id, "prod-cn4", "daily", Ok(glance_row(None, 4))),
    );
    let failed = reduce(
        cn4,
        listed(
            id,
            "dev",
            Err(Error::http(502, Some("APIGW.0101".into()), None)),
        ),
    );
    let (round, sections) = failed.shown_glance().unwrap();
    assert_eq!(section_ids(&sections[0]).unwrap(), ["daily"]);
    assert!(matches!(&sections[1].policies, Some(Err(error)) if error.status() == Some(502)));
    assert!(
        matches!(round.row("prod-cn4", "daily"), Some(Ok(_))),
        "the other's line stays"
    );
    // An aborted list changes nothing (the round moved on or the glance closed).
    let aborted = reduce(failed.clone(), listed(id, "dev", Err(Error::aborted())));
    assert!(Rc::ptr_eq(&aborted, &failed));
}

#[test]
fn opening_a_policy_of_another_target_from_the_glance_switches_to_it() {
    let open = reduce(ready_with_targets(), show(true));
    let open_policy = |target: &str, policy_id: &str| Action::OpenTargetPolicy {
        target: target.into(),
        policy_id: policy_id.into(),
    };
    let dev = reduce(open.clone(), open_policy("dev", "nightly"));
    assert!(dev.glance.round.is_none());
    assert_eq!(
        dev.tasks.view.to_query(),
        "target=dev&project=pb&policy=nightly"
    );
    assert_eq!(dev.tasks.url_write, UrlWrite::Push);
    let request = dev
        .task_request()
        .expect("the policy's tasks are asked at once");
    assert_eq!(request.connection.endpoint, "/t/dev");
    assert_eq!(dev.connection.policies, Load::Loading);
    // Its list then keeps the policy open.
    let listed = its_policies(&dev, Ok(vec![policy("daily"), policy("nightly")]));
    let kept = reduce(dev, listed);
    assert_eq!(kept.tasks.view.policy_id.as_deref(), Some("nightly"));
    // A policy of the shown target opens as from the `Policy` control.
    let same = reduce(open.clone(), open_policy("prod-cn4", "weekly"));
    assert!(same.glance.round.is_none());
    assert_eq!(
        same.tasks.view.to_query(),
        "target=prod-cn4&project=pa&policy=weekly"
    );
    assert!(
        matches!(same.connection.policies, Load::Ready(_)),
        "no new list"
    );
    let single = reduce(reduce(ready(), show(true)), open_policy("", "weekly"));
    assert_eq!(single.tasks.view.policy_id.as_deref(), Some("weekly"));
    assert!(single.glance.round.is_none());
}

#[test]
fn with_one_target_the_glance_waits_for_the_list_as_before() {
    let booted = reduce(fresh(), boot(Some(connection())));
    assert!(!booted.glance_available(), "no list yet");
    let open = reduce(booted, show(true));
    assert!(open.shown_glance().is_none() && open.glance_request().is_none());
    assert!(ready().glance_available());
}
