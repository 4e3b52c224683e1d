//! The server's targets: which one a link opens, switching to another, and that nothing of the
//! other target's answers stays.

use std::rc::Rc;

use vbs_tasks::core::error::Error;
use vbs_tasks::core::model::TaskStatus;
use vbs_tasks::core::query::SortDir;
use vbs_tasks::viewer_config::TargetInfo;

use super::connection::Secret;
use super::testing::*;
use super::*;

#[test]
fn with_several_targets_the_first_opens_and_the_link_names_it() {
    let state = boot_with_targets("", vec![target_cn4(), target_dev()]);
    assert_eq!(state.tasks.view.target.as_deref(), Some("prod-cn4"));
    assert_eq!(state.tasks.view.project_id, "pa", "the target's project");
    assert_eq!(connected_to(&state).endpoint, "/t/prod-cn4");
    assert_eq!(connected_to(&state).server_mode.as_deref(), Some("proxy"));
    assert_eq!(
        state.tasks.url_write,
        UrlWrite::Replace,
        "completed, no entry"
    );
    assert_eq!(state.tasks.view.to_query(), "target=prod-cn4&project=pa");
    assert_eq!(
        state.policy_request().map(|(c, p)| (c.endpoint, p)),
        Some(("/t/prod-cn4".into(), "pa".into()))
    );
    let ready = ready_with_targets();
    assert_eq!(
        ready.tasks.view.to_query(),
        "target=prod-cn4&project=pa&policy=daily"
    );
    assert_eq!(
        ready.task_request().unwrap().connection.endpoint,
        "/t/prod-cn4"
    );
}

#[test]
fn a_link_opens_its_target_with_its_policy_and_filters() {
    let state = boot_with_targets(
        "target=dev&policy=nightly&status=EXECUTE_FAIL&page=2",
        vec![target_cn4(), target_dev()],
    );
    assert_eq!(state.tasks.view.target.as_deref(), Some("dev"));
    assert_eq!(state.tasks.view.project_id, "pb");
    assert_eq!(state.tasks.view.status, Some(TaskStatus::ExecuteFail));
    let request = state.task_request().unwrap();
    assert_eq!(request.connection.endpoint, "/t/dev");
    assert_eq!(
        (request.project_id.as_str(), request.fetch.policy_id()),
        ("pb", "nightly")
    );
    assert_eq!(request.fetch.query().get_offset(), 20);
    // A project the link names wins over the target's.
    let named = boot_with_targets("target=dev&project=pz", vec![target_cn4(), target_dev()]);
    assert_eq!(named.tasks.view.project_id, "pz");
    assert_eq!(named.policy_request().unwrap().1, "pz");
}

#[test]
fn an_unknown_target_in_a_link_falls_back_to_the_first_and_the_url_says_so() {
    let state = boot_with_targets("target=gone&policy=p", vec![target_cn4(), target_dev()]);
    assert_eq!(state.tasks.view.target.as_deref(), Some("prod-cn4"));
    assert_eq!(connected_to(&state).endpoint, "/t/prod-cn4");
    assert_eq!(state.tasks.url_write, UrlWrite::Replace);
    assert_eq!(
        state.tasks.view.to_query(),
        "target=prod-cn4&project=pa&policy=p",
        "what the URL is rewritten to"
    );
}

#[test]
fn with_one_target_nothing_changes_and_no_target_is_written() {
    let single = boot_with_targets("target=prod-cn4", vec![target_cn4()]);
    assert_eq!(single.tasks.view.target, None);
    assert_eq!(single.tasks.view.to_query(), "project=pa");
    assert!(!single.glance_across_targets());
    // An older server lists no targets at all.
    let none = boot_with_targets("target=x", Vec::new());
    assert_eq!(none.tasks.view.target, None);
    assert_eq!(connected_to(&none).endpoint, "");
    let switched = reduce(
        single.clone(),
        Action::Connection(ConnectionAction::SelectTarget("dev".into())),
    );
    assert!(Rc::ptr_eq(&switched, &single), "no other target to pick");
}

#[test]
fn switching_target_keeps_nothing_of_the_other_and_opens_its_first_policy() {
    let state = loaded(
        ready_with_targets(),
        Ok(page(1, vec![task("a", TaskStatus::Running)])),
        1.0,
    );
    let state = reduce(
        state,
        Action::Details(DetailsAction::Open(task("a", TaskStatus::Running))),
    );
    let filtered = reduce(
        state,
        tasks(TasksAction::SetStatus(Some(TaskStatus::Running))),
    );
    let filtered = reduce(filtered, tasks(TasksAction::SetOrder(SortDir::Asc)));
    let old_task_id = filtered.tasks.request_id();
    let shown_view = ready_with_targets().tasks.view.clone();
    assert!(
        filtered.tasks.cache.get(&shown_view).is_some(),
        "the page shown is kept"
    );
    let old_policies = filtered.policy_request().unwrap();
    let old_overview = filtered.overview_request().expect("the overview counts");

    let dev = reduce(
        filtered,
        Action::Connection(ConnectionAction::SelectTarget("dev".into())),
    );
    assert_eq!(dev.tasks.view.to_query(), "target=dev&project=pb&order=asc");
    assert_eq!(
        dev.tasks.url_write,
        UrlWrite::Push,
        "Back returns to the other target"
    );
    assert_eq!(connected_to(&dev).endpoint, "/t/dev");
    assert_eq!(dev.connection.policies, Load::Loading);
    assert!(dev.tasks.loaded.is_none() && dev.tasks.current_page().is_none());
    assert!(
        dev.details.task.is_none(),
        "the details of the other target close"
    );
    assert!(dev.overview.current.is_none());
    assert!(
        dev.tasks.cache.get(&shown_view).is_none(),
        "no page of the other target is kept"
    );
    assert_eq!(dev.display(), Display::Skeleton);
    assert!(
        dev.task_request().is_none(),
        "no policy until its list is in"
    );

    // Late answers of the other target are dropped.
    let late_page = reduce(
        dev.clone(),
        tasks(TasksAction::Loaded {
            id: old_task_id,
            result: Ok(page(1, vec![task("a", TaskStatus::Running)])),
            at_ms: 2.0,
        }),
    );
    assert!(Rc::ptr_eq(&late_page, &dev));
    let late_list = reduce(
        dev.clone(),
        policies_loaded_through(old_policies.0, &old_policies.1, Ok(vec![policy("x")])),
    );
    assert!(Rc::ptr_eq(&late_list, &dev));
    let late_counts = reduce(
        dev.clone(),
        Action::Overview(OverviewAction::Loaded {
            scope: Scope::Policy(old_overview.counted.policy_id().into()),
            id: old_overview.id,
            result: Ok(Default::default()),
            at_ms: 2.0,
        }),
    );
    assert!(Rc::ptr_eq(&late_counts, &dev));

    // Its own list opens its first policy, through its endpoint.
    let listed = its_policies(&dev, Ok(vec![policy("nightly")]));
    let opened = reduce(dev, listed);
    let request = opened.task_request().unwrap();
    assert_eq!(request.connection.endpoint, "/t/dev");
    assert_eq!(
        (request.project_id.as_str(), request.fetch.policy_id()),
        ("pb", "nightly")
    );
    assert_eq!(opened.tasks.url_write, UrlWrite::Replace);
    assert!(opened.overview_request().is_some(), "the overview follows");
}

#[test]
fn a_list_of_the_other_target_is_dropped_even_for_the_same_project() {
    let twin = TargetInfo {
        project_id: "pa".into(),
        ..target_dev()
    };
    let booted = boot_with_targets("", vec![target_cn4(), twin]);
    let cn4_list = booted.policy_request().unwrap();
    let dev = reduce(
        booted,
        Action::Connection(ConnectionAction::SelectTarget("dev".into())),
    );
    assert_eq!(dev.tasks.view.project_id, "pa");
    let late = reduce(
        dev.clone(),
        policies_loaded_through(cn4_list.0, &cn4_list.1, Ok(vec![policy("cn4-only")])),
    );
    assert!(Rc::ptr_eq(&late, &dev));
}

#[test]
fn picking_the_shown_or_an_unknown_target_changes_nothing() {
    let state = ready_with_targets();
    for name in ["prod-cn4", "nope", ""] {
        let after = reduce(
            state.clone(),
            Action::Connection(ConnectionAction::SelectTarget(name.into())),
        );
        assert!(Rc::ptr_eq(&after, &state), "{name}");
    }
}

#[test]
fn back_to_the_other_target_reconnects_to_it() {
    let cn4 = ready_with_targets();
    let dev = reduce(
        cn4.clone(),
        Action::Connection(ConnectionAction::SelectTarget("dev".into())),
    );
    let back = reduce(dev, tasks(TasksAction::Navigate(cn4.tasks.view.clone())));
    assert_eq!(back.tasks.view, cn4.tasks.view);
    assert_eq!(back.tasks.url_write, UrlWrite::Replace);
    assert_eq!(connected_to(&back).endpoint, "/t/prod-cn4");
    assert_eq!(back.connection.policies, Load::Loading);
    assert_eq!(back.task_request().unwrap().fetch.policy_id(), "daily");
    // Within a target, Back moves the view as before (the connection stays).
    let filtered = reduce(
        cn4.clone(),
        tasks(TasksAction::SetStatus(Some(TaskStatus::Skip))),
    );
    let unfiltered = reduce(
        filtered,
        tasks(TasksAction::Navigate(cn4.tasks.view.clone())),
    );
    assert_eq!(unfiltered.tasks.view, cn4.tasks.view);
    assert!(matches!(unfiltered.connection.policies, Load::Ready(_)));
    // A URL without a target, or with one the server lacks, is the first target's.
    let bare = reduce(
        cn4.clone(),
        tasks(TasksAction::Navigate(View::from_query("policy=weekly"))),
    );
    assert_eq!(
        bare.tasks.view.to_query(),
        "target=prod-cn4&project=pa&policy=weekly"
    );
}

#[test]
fn the_settings_panel_keeps_a_target_it_points_at_and_leaves_the_targets_otherwise() {
    let state = ready_with_targets();
    let token = Connection {
        auth: AuthSettings::Token(Secret("t".into())),
        ..connected_to(&state)
    };
    let same = reduce(state.clone(), connect(token, None));
    assert_eq!(same.tasks.view.target.as_deref(), Some("prod-cn4"));
    assert!(same.glance_across_targets());
    let elsewhere = reduce(
        state,
        connect(
            Connection {
                endpoint: "https://proxy.example".into(),
                project_id: "p9".into(),
                ..Connection::default()
            },
            None,
        ),
    );
    assert_eq!(elsewhere.tasks.view.target, None);
    assert_eq!(elsewhere.tasks.view.to_query(), "project=p9");
    assert!(!elsewhere.glance_across_targets());
}

#[test]
fn an_export_under_way_stops_when_the_target_changes() {
    let state = reduce(
        ready_with_targets(),
        Action::Export(ExportAction::Start(ExportFormat::Csv)),
    );
    assert!(state.export_request().is_some());
    let dev = reduce(
        state,
        Action::Connection(ConnectionAction::SelectTarget("dev".into())),
    );
    assert!(dev.export.job.is_none());
    assert!(dev.export_request().is_none());
}

#[test]
fn a_failed_list_of_the_new_target_is_its_error_panel() {
    let dev = reduce(
        ready_with_targets(),
        Action::Connection(ConnectionAction::SelectTarget("dev".into())),
    );
    let failed = its_policies(&dev, Err(Error::http(502, None, None)));
    let failed = reduce(dev, failed);
    assert!(matches!(failed.display(), Display::Error(error) if error.status() == Some(502)));
}
