//! The CBR view as the whole state sees it: the service choice, the filters and their requests,
//! paging here for a `Policy` filter, the vault and policy lists, and what the overview, the
//! watch and auto-refresh make of CBR rows.

use std::rc::Rc;

use vbs_tasks::core::cbr::{CbrPolicy, OpLogStatus, OperationType, Vault};
use vbs_tasks::core::error::Error;
use vbs_tasks::core::model::TaskStatus;
use vbs_tasks::core::taskrow::Service;
use vbs_tasks::viewer_config::TargetInfo;

use super::testing::*;
use super::*;
use crate::route::{RangePreset, TimeRange};
use crate::rows::RowPage;

const NOW: &str = "2026-11-20T08:00:00";

fn select(service: Service) -> Action {
    Action::SelectService(service)
}

fn cbr_query(state: &State) -> String {
    state
        .task_request()
        .expect("a request")
        .fetch
        .cbr_query()
        .to_query_string()
}

fn running_and_failed() -> RowPage {
    let mut running = log("r", OpLogStatus::Running, "2026-11-20T07:50:00");
    running.started_at = running.created_at.into();
    let failed = log("f", OpLogStatus::Failed, "2026-11-20T07:00:00");
    log_page(2, vec![running, failed])
}

#[test]
fn switching_service_keeps_the_target_and_drops_the_other_services_answers() {
    let vbs = loaded(
        ready_at(ms(NOW)),
        Ok(page(45, vec![task("j", TaskStatus::Running)])),
        1.0,
    );
    assert!(vbs.offers_service_choice());
    let vbs = reduce(
        vbs,
        Action::Details(DetailsAction::Open(task("j", TaskStatus::Running))),
    );
    let vbs = reduce(vbs, Action::Export(ExportAction::Start(ExportFormat::Csv)));
    assert!(vbs.export.job.is_some() && vbs.details.task.is_some());
    assert!(vbs.overview.current.is_some());

    let cbr = reduce(vbs.clone(), select(Service::Cbr));
    let view = &cbr.tasks.view;
    assert_eq!(view.service, Service::Cbr);
    assert_eq!(view.project_id, PROJECT, "the same target's project");
    assert_eq!(view.policy_id, None);
    assert_eq!(view.to_query(), format!("service=cbr&project={PROJECT}"));
    assert_eq!(cbr.tasks.url_write, UrlWrite::Push);
    assert!(cbr.tasks.loaded.is_none(), "no VBS rows under the CBR view");
    assert!(
        cbr.tasks.cache.get(&vbs.tasks.view).is_none(),
        "nor kept pages"
    );
    assert!(cbr.details.task.is_none());
    assert!(cbr.export.job.is_none(), "the VBS export stops");
    assert!(
        matches!(&cbr.overview.current, Some(o) if matches!(o.scope, Scope::Cbr(_)) && o.counts.is_none()),
        "the overview counts the CBR view afresh"
    );
    assert_eq!(cbr.display(), Display::Skeleton);
    assert!(cbr.tasks.loading);
    assert_eq!(
        cbr_query(&cbr),
        "limit=20&offset=0&start_time=2026-11-13T08%3A00%3A00Z",
        "the last 7 days by default"
    );
    // The same service again changes nothing; back to VBS opens its first policy.
    assert!(Rc::ptr_eq(&reduce(cbr.clone(), select(Service::Cbr)), &cbr));
    let back = reduce(cbr, select(Service::Vbs));
    assert_eq!(back.tasks.view.policy_id.as_deref(), Some("daily"));
    assert_eq!(back.task_request().unwrap().fetch.policy_id(), "daily");
}

#[test]
fn a_target_without_cbr_offers_no_choice_and_a_cbr_link_opens_its_vbs_view() {
    // No server config (or a target that lists no services): VBS only.
    let state = ready();
    assert!(!state.offers_service_choice());
    assert!(Rc::ptr_eq(
        &reduce(state.clone(), select(Service::Cbr)),
        &state
    ));
    let vbs_only = TargetInfo {
        services: vec!["vbs".into()],
        ..emulator_target()
    };
    let booted = reduce(
        Rc::new(State::new(
            View::from_query("service=cbr&status=failed"),
            0.0,
        )),
        Action::Connection(ConnectionAction::Boot {
            connection: Some(connection()),
            targets: vec![vbs_only],
        }),
    );
    assert_eq!(booted.tasks.view.service, Service::Vbs);
    assert_eq!(
        booted.tasks.view.status, None,
        "the CBR filters went with it"
    );
    assert!(!booted.offers_service_choice());
    // A target that serves it opens the link's CBR view.
    let cbr = reduce(
        Rc::new(State::new(
            View::from_query("service=cbr&status=failed"),
            0.0,
        )),
        Action::Connection(ConnectionAction::Boot {
            connection: Some(connection()),
            targets: vec![emulator_target()],
        }),
    );
    assert_eq!(cbr.tasks.view.service, Service::Cbr);
    assert_eq!(cbr.tasks.view.status, Some(TaskStatus::ExecuteFail));
    assert!(cbr.task_request().is_some(), "no policy needed");
}

#[test]
fn each_cbr_filter_makes_a_new_request_from_page_one_and_a_late_answer_is_dropped() {
    let shown = loaded(ready_cbr(), Ok(running_and_failed()), 2.0);
    assert!(matches!(shown.display(), Display::Rows(page) if page.rows.len() == 2));
    let on_page_2 = reduce(shown, tasks(TasksAction::GoToPage(2)));
    let steps = [
        (
            TasksAction::SetStatus(Some(TaskStatus::ExecuteFail)),
            "status=failed",
        ),
        (
            TasksAction::SetOperation(Some(OperationType::Restore)),
            "operation=restore",
        ),
        (TasksAction::SetVault(Some("v1".into())), "vault=v1"),
        (TasksAction::SetCbrPolicy(Some("p1".into())), "policy=p1"),
        (
            TasksAction::SetResourceId("  r-9 ".into()),
            "resource_id=r-9",
        ),
        (
            TasksAction::SetRange(TimeRange::Last(RangePreset::Last30Days)),
            "range=30d",
        ),
    ];
    for (action, in_url) in steps {
        let before = on_page_2.tasks.request_id();
        let next = reduce(on_page_2.clone(), tasks(action));
        assert!(next.tasks.request_id() > before);
        assert_eq!(next.tasks.view.page, 1, "{in_url}: back to page 1");
        assert_eq!(next.tasks.url_write, UrlWrite::Push);
        assert!(
            next.tasks.view.to_query().contains(in_url),
            "{in_url} in {}",
            next.tasks.view.to_query()
        );
        assert!(next.tasks.view.has_filters());
        // The answer to the request before the change never shows under it.
        let late = reduce(
            next.clone(),
            tasks(TasksAction::Loaded {
                id: before,
                result: Ok(running_and_failed()),
                at_ms: 3.0,
            }),
        );
        assert!(Rc::ptr_eq(&late, &next), "{in_url}");
        assert_eq!(next.display(), Display::Skeleton);
    }
    let filtered = reduce(
        on_page_2,
        tasks(TasksAction::SetOperation(Some(OperationType::Sync))),
    );
    assert_eq!(
        cbr_query(&filtered),
        "limit=20&offset=0&operation_type=sync&start_time=2026-11-13T08%3A00%3A00Z"
    );
    let empty = loaded(filtered, Ok(log_page(0, vec![])), 4.0);
    assert_eq!(empty.display(), Display::NoMatch);
    let cleared = reduce(empty, tasks(TasksAction::ClearFilters));
    assert!(!cleared.tasks.view.has_filters());
    assert_eq!(cleared.tasks.view.cbr, crate::route::CbrFilter::default());
    let none = loaded(cleared, Ok(log_page(0, vec![])), 5.0);
    assert_eq!(none.display(), Display::NoTasks);
}

#[test]
fn cbr_filters_do_nothing_in_a_vbs_view() {
    let state = ready();
    for action in [
        TasksAction::SetOperation(Some(OperationType::Backup)),
        TasksAction::SetVault(Some("v".into())),
        TasksAction::SetCbrPolicy(Some("p".into())),
        TasksAction::SetResourceId("r".into()),
        TasksAction::SetRange(TimeRange::Last(RangePreset::Last24Hours)),
    ] {
        assert!(Rc::ptr_eq(&reduce(state.clone(), tasks(action)), &state));
    }
}

#[test]
fn a_preset_counts_back_from_when_the_request_left_not_from_each_tick() {
    let state = ready_cbr();
    let first = cbr_query(&state);
    let later = tick(&state, 90_000.0);
    assert_eq!(cbr_query(&later), first, "a tick leaves the request alone");
    let refreshed = reduce(later, Action::Refresh);
    assert_eq!(
        cbr_query(&refreshed),
        "limit=20&offset=0&start_time=2026-11-13T08%3A01%3A30Z",
        "Refresh asks for the last 7 days from now"
    );
    // A window with bounds is what it says, whenever asked.
    let window = reduce(
        refreshed,
        tasks(TasksAction::SetRange(TimeRange::between(
            Some(vbs_tasks::core::time::Timestamp::parse("2026-11-01T00:00:00").unwrap()),
            Some(vbs_tasks::core::time::Timestamp::parse("2026-11-02T00:00:00").unwrap()),
        ))),
    );
    assert_eq!(
        cbr_query(&window),
        "end_time=2026-11-02T00%3A00%3A00Z&limit=20&offset=0&start_time=2026-11-01T00%3A00%3A00Z"
    );
    assert_eq!(
        window.tasks.view.to_query(),
        format!("service=cbr&project={PROJECT}&from=2026-11-01T00%3A00%3A00Z&to=2026-11-02T00%3A00%3A00Z")
    );
}

#[test]
fn a_policy_filter_reads_the_filter_whole_and_pages_it_here() {
    let state = reduce(
        ready_cbr(),
        tasks(TasksAction::SetCbrPolicy(Some("p1".into()))),
    );
    let request = state.task_request().unwrap();
    let Fetch::Cbr { query, policy_id } = &request.fetch else {
        panic!("a CBR fetch");
    };
    assert_eq!(policy_id.as_deref(), Some("p1"));
    assert_eq!(query.get_limit(), 1000);
    assert_eq!(query.get_offset(), 0);
    // The answer is every row of the filter: 45 rows, pages of 20.
    let logs = (0..45)
        .map(|i| log(&format!("l{i:02}"), OpLogStatus::Success, NOW))
        .collect();
    let shown = loaded(state, Ok(log_page(45, logs)), 2.0);
    let Display::Rows(page) = shown.display() else {
        panic!("rows");
    };
    assert_eq!((page.count, page.rows.len()), (45, 20));
    assert_eq!(page.rows[0].id, "l00");
    assert_eq!(shown.tasks.count(), Some(45));
    assert_eq!(shown.prefetch_request(), None, "page 2 is kept already");
    // Next shows page 2 at once, from the cache, while its request revalidates.
    let next = reduce(shown, tasks(TasksAction::GoToPage(3)));
    let id = next.tasks.request_id();
    let kept = reduce(next, tasks(TasksAction::ShowKept { id }));
    let Display::Rows(third) = kept.display() else {
        panic!("page 3 from the cache");
    };
    assert_eq!(third.rows.len(), 5);
    assert_eq!(third.rows[0].id, "l40");
    assert!(kept.tasks.loading, "its request still revalidates");
}

#[test]
fn the_vault_and_policy_lists_are_asked_for_the_cbr_view_and_again_after_a_failure() {
    let vbs = ready_at(ms(NOW));
    assert_eq!(vbs.cbr_lists_request(), None, "a VBS view needs none");
    let cbr = reduce(vbs, select(Service::Cbr));
    let request = cbr.cbr_lists_request().expect("listed for the CBR view");
    assert_eq!(request.project_id, PROJECT);
    let failed = reduce(
        cbr,
        Action::Connection(ConnectionAction::CbrListsLoaded {
            id: request.id,
            result: Err(Error::http(503, None, None)),
        }),
    );
    assert!(matches!(failed.cbr_lists_load(), Load::Failed(_)));
    assert_eq!(failed.cbr_lists_request(), None);
    let again = reduce(failed, Action::Refresh);
    let retry = again.cbr_lists_request().expect("Refresh lists again");
    assert!(retry.id > request.id);
    let lists = CbrLists {
        vaults: vec![Vault::new("v1", "vault-daily")],
        policies: vec![CbrPolicy::new("p1", "daily")],
    };
    let listed = reduce(
        again,
        Action::Connection(ConnectionAction::CbrListsLoaded {
            id: retry.id,
            result: Ok(lists.clone()),
        }),
    );
    assert!(matches!(listed.cbr_lists_load(), Load::Ready(l) if *l == lists));
    // A filter change does not list them again.
    let filtered = reduce(listed, tasks(TasksAction::SetVault(Some("v1".into()))));
    assert_eq!(filtered.cbr_lists_request(), None);
}

#[test]
fn the_overview_counts_the_cbr_filter_but_its_status_and_follows_its_changes() {
    let state = ready_cbr();
    let request = state.overview_request().expect("counted");
    let Fetch::Cbr { query, policy_id } = &request.counted else {
        panic!("a CBR count");
    };
    assert_eq!(policy_id, &None);
    assert_eq!(
        query.to_query_string(),
        "start_time=2026-11-13T08%3A00%3A00Z"
    );
    // A status filter is the legend's: the same counts.
    let by_status = reduce(
        state.clone(),
        tasks(TasksAction::SetStatus(Some(TaskStatus::ExecuteFail))),
    );
    assert_eq!(by_status.overview_request(), Some(request.clone()));
    // Another vault is another set.
    let by_vault = reduce(state, tasks(TasksAction::SetVault(Some("v1".into()))));
    let counted = by_vault.overview_request().unwrap();
    assert!(counted.id > request.id);
    assert_eq!(
        counted.counted.cbr_query().get("vault_id"),
        Some("v1"),
        "{counted:?}"
    );
}

#[test]
fn watch_and_auto_refresh_work_on_cbr_rows() {
    let shown = loaded(
        reduce(ready_cbr(), Action::Watch(WatchAction::Set(true))),
        Ok(running_and_failed()),
        1_000.0,
    );
    assert!(shown.tasks.shows_active_tasks());
    let due = tick(&shown, 1_000.0 + tasks::AUTO_REFRESH_MS);
    assert!(due.tasks.loading, "a running CBR task is refreshed");
    let mut ended = running_and_failed();
    ended.rows[0].status = TaskStatus::ExecuteSuccess;
    let after = loaded(due, Ok(ended), 7_000.0);
    assert_eq!(after.watch.ended.len(), 1);
    assert_eq!(after.watch.ended[0].job_id, "r");
    assert_eq!(after.watch.ended[0].status, TaskStatus::ExecuteSuccess);
}

#[test]
fn a_cbr_task_s_details_show_its_log() {
    let shown = loaded(ready_cbr(), Ok(running_and_failed()), 1.0);
    let Display::Rows(page) = shown.display() else {
        panic!("rows");
    };
    let failed = page.rows[1].clone();
    let open = reduce(shown.clone(), Action::Details(DetailsAction::Open(failed)));
    assert_eq!(
        open.details.log.as_ref().map(|log| log.id.as_str()),
        Some("f")
    );
    assert_eq!(
        open.details.log.as_ref().map(|log| &log.status),
        Some(&OpLogStatus::Failed)
    );
}

fn vault_lists() -> CbrLists {
    CbrLists {
        vaults: vec![
            Vault::new("v1", "vault-daily"),
            Vault::new("v2", "vault-weekly"),
        ],
        policies: vec![CbrPolicy::new("p1", "daily")],
    }
}

fn lists_in(state: Rc<State>) -> Rc<State> {
    let id = state.cbr_lists_request().expect("listing").id;
    reduce(
        state,
        Action::Connection(ConnectionAction::CbrListsLoaded {
            id,
            result: Ok(vault_lists()),
        }),
    )
}

#[test]
fn vaults_at_a_glance_count_each_vault_in_the_view_s_filter_and_open_its_view() {
    let state = reduce(
        ready_cbr(),
        tasks(TasksAction::SetOperation(Some(OperationType::Backup))),
    );
    assert!(
        !state.glance_available(),
        "not before the vaults are listed"
    );
    let state = lists_in(state);
    assert!(state.glance_available());
    let open = reduce(state, Action::Glance(GlanceAction::Show(true)));
    let request = open.glance_request().expect("a round");
    assert_eq!(request.targets.len(), 1);
    let target = &request.targets[0];
    assert_eq!(target.target, "");
    assert_eq!(
        target.policy_ids.as_deref(),
        Some(&["v1".to_owned(), "v2".to_owned()][..]),
        "the vaults in hand"
    );
    assert_eq!(
        target
            .cbr
            .as_ref()
            .map(|query| query.to_query_string())
            .as_deref(),
        Some("operation_type=backup&start_time=2026-11-13T08%3A00%3A00Z"),
        "the view's filter and time range"
    );
    let (_, sections) = open.shown_glance().expect("shown");
    assert!(matches!(&sections[0].vaults, Some(Ok(vaults)) if vaults.len() == 2));
    assert!(sections[0].policies.is_none());
    let opened = reduce(
        open,
        Action::OpenTargetVault {
            target: String::new(),
            vault_id: "v2".into(),
        },
    );
    assert!(!opened.glance.is_open());
    assert_eq!(opened.tasks.view.cbr.vault_id.as_deref(), Some("v2"));
    assert_eq!(
        opened.tasks.view.cbr.operation,
        Some(OperationType::Backup),
        "the other filters stay"
    );
    assert_eq!(opened.tasks.url_write, UrlWrite::Push);
}

#[test]
fn across_targets_the_cbr_glance_covers_the_targets_that_serve_cbr() {
    // prod-cn4 serves both; dev lists no services (VBS only).
    let cbr = reduce(ready_with_targets(), select(Service::Cbr));
    assert_eq!(cbr.tasks.view.service, Service::Cbr);
    assert!(cbr.glance_available());
    let open = reduce(cbr, Action::Glance(GlanceAction::Show(true)));
    let request = open.glance_request().expect("a round across targets");
    let asked: Vec<_> = request
        .targets
        .iter()
        .map(|t| (t.target.as_str(), t.policy_ids.is_none(), t.cbr.is_some()))
        .collect();
    assert_eq!(asked, [("prod-cn4", true, true)], "its vaults listed first");
    let listed = reduce(
        open,
        Action::Glance(GlanceAction::VaultsListed {
            id: request.id,
            target: "prod-cn4".into(),
            result: Ok(vault_lists().vaults),
        }),
    );
    let (_, sections) = listed.shown_glance().unwrap();
    assert_eq!(sections.len(), 1);
    assert_eq!(sections[0].target_name(), "prod-cn4");
    assert!(matches!(&sections[0].vaults, Some(Ok(vaults)) if vaults.len() == 2));
    // A vault of a target that serves no CBR cannot be opened.
    let refused = reduce(
        listed.clone(),
        Action::OpenTargetVault {
            target: "dev".into(),
            vault_id: "v1".into(),
        },
    );
    assert_eq!(refused.tasks.view.target.as_deref(), Some("prod-cn4"));
    assert!(refused.tasks.view.is_cbr());
    assert_eq!(refused.tasks.view.cbr.vault_id, None);
}

#[test]
fn switching_target_keeps_the_cbr_view_where_the_target_serves_it() {
    let cbr = reduce(ready_with_targets(), select(Service::Cbr));
    let dev = reduce(
        cbr,
        Action::Connection(ConnectionAction::SelectTarget("dev".into())),
    );
    assert_eq!(dev.tasks.view.target.as_deref(), Some("dev"));
    assert_eq!(dev.tasks.view.service, Service::Vbs, "dev serves VBS only");
    assert!(!dev.offers_service_choice());
    let back = reduce(
        dev,
        Action::Connection(ConnectionAction::SelectTarget("prod-cn4".into())),
    );
    assert_eq!(
        back.tasks.view.service,
        Service::Vbs,
        "a new view of the target"
    );
    let cbr_again = reduce(back, select(Service::Cbr));
    assert_eq!(cbr_again.tasks.view.target.as_deref(), Some("prod-cn4"));
    assert_eq!(
        cbr_again.tasks.view.to_query(),
        "target=prod-cn4&service=cbr&project=pa"
    );
}
