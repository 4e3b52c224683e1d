use std::rc::Rc;

use vbs_tasks::core::error::Error;
use vbs_tasks::core::model::TaskStatus;
use vbs_tasks::core::time::Timestamp;

use super::*;
use crate::state::testing::*;
use crate::state::{reduce, Action, State, TasksAction};

fn export(action: ExportAction) -> Action {
    Action::Export(action)
}

#[test]
fn an_export_walks_the_current_filter_and_reports_progress() {
    let filtered = run(
        ready(),
        vec![
            tasks(TasksAction::SetStatus(Some(TaskStatus::ExecuteFail))),
            tasks(TasksAction::GoToPage(3)),
        ],
    );
    assert!(filtered.export_request().is_none());
    let started = reduce(
        filtered.clone(),
        export(ExportAction::Start(ExportFormat::Csv)),
    );
    let request = started.export_request().unwrap();
    assert_eq!(request.source.policy_id(), "daily");
    assert_eq!(request.filter, "EXECUTE_FAIL");
    assert_eq!(request.source.query().get_limit(), EXPORT_PAGE_SIZE);
    assert_eq!(
        request.source.query().get_offset(),
        0,
        "from the first page, not the shown one"
    );
    assert_eq!(
        request.source.query().get_status(),
        Some(&TaskStatus::ExecuteFail)
    );
    assert_eq!(request.format.extension(), "csv");
    // A second click while one runs changes nothing.
    let again = reduce(
        started.clone(),
        export(ExportAction::Start(ExportFormat::Json)),
    );
    assert!(Rc::ptr_eq(&again, &started));
    let id = request.id;
    let progressed = reduce(
        started.clone(),
        export(ExportAction::Progressed {
            id,
            pages: 3,
            tasks: 3_000,
            total: 10_317,
        }),
    );
    let job = progressed.export.job.as_ref().unwrap();
    assert_eq!((job.pages, job.tasks, job.percent()), (3, 3_000, Some(29)));
    assert_eq!(
        progressed.export_request(),
        started.export_request(),
        "progress does not restart the walk"
    );
    let stale = reduce(
        progressed.clone(),
        export(ExportAction::Progressed {
            id: id.shifted(7),
            pages: 9,
            tasks: 9,
            total: 9,
        }),
    );
    assert!(Rc::ptr_eq(&stale, &progressed));
    // Changing the view meanwhile does not change what is exported.
    let moved = reduce(
        progressed,
        tasks(TasksAction::SetStatus(Some(TaskStatus::Skip))),
    );
    assert_eq!(moved.export_request().unwrap().filter, "EXECUTE_FAIL");
    let stats = DurationStats {
        finished: 2,
        median_s: 60.0,
        p95_s: 90.0,
    };
    let done = reduce(
        moved,
        export(ExportAction::Finished {
            id,
            result: Ok(ExportSummary {
                file_name: "f.csv".into(),
                tasks: 10_317,
                stats: Some(stats),
            }),
        }),
    );
    assert!(done.export.job.is_none() && done.export_request().is_none());
    assert!(matches!(
        done.export.outcome,
        Some((_, ExportOutcome::Done(_)))
    ));
    assert_eq!(done.walk_stats(), None, "the walk was of another filter");
    let back = reduce(
        done,
        tasks(TasksAction::SetStatus(Some(TaskStatus::ExecuteFail))),
    );
    assert_eq!(back.walk_stats(), Some((10_317, stats)));
}

#[test]
fn cancel_ends_an_export_and_its_late_answers_are_dropped() {
    let started = reduce(ready(), export(ExportAction::Start(ExportFormat::Json)));
    let id = started.export.job.as_ref().unwrap().id;
    let cancelled = reduce(started, export(ExportAction::Cancel));
    assert!(cancelled.export.job.is_none());
    assert!(
        cancelled.export_request().is_none(),
        "the hook aborts the walk"
    );
    assert!(matches!(
        cancelled.export.outcome,
        Some((_, ExportOutcome::Cancelled))
    ));
    let late = reduce(
        cancelled.clone(),
        export(ExportAction::Finished {
            id,
            result: Ok(ExportSummary {
                file_name: "x".into(),
                tasks: 1,
                stats: None,
            }),
        }),
    );
    assert!(Rc::ptr_eq(&late, &cancelled));
    assert!(Rc::ptr_eq(
        &reduce(cancelled.clone(), export(ExportAction::Cancel)),
        &cancelled
    ));
    // A failure is kept to be shown; the next export gets a new id.
    let again = reduce(cancelled, export(ExportAction::Start(ExportFormat::Csv)));
    let second = again.export.job.as_ref().unwrap().id;
    assert!(second > id);
    // The first export's late progress is not the second's.
    let stale = reduce(
        again.clone(),
        export(ExportAction::Progressed {
            id,
            pages: 1,
            tasks: 1,
            total: 1,
        }),
    );
    assert!(Rc::ptr_eq(&stale, &again));
    let failed = reduce(
        again,
        export(ExportAction::Finished {
            id: second,
            result: Err(Error::http(503, None, None)),
        }),
    );
    assert!(matches!(
        failed.export_note(),
        Some(ExportOutcome::Failed(_))
    ));
    // The note stays with its policy: kept through another filter of it, not shown beside
    // another policy's buttons, and there again on the way back.
    let filtered = reduce(
        failed,
        tasks(TasksAction::SetStatus(Some(TaskStatus::Skip))),
    );
    assert!(filtered.export_note().is_some());
    let other = reduce(filtered, Action::OpenPolicy("weekly".into()));
    assert_eq!(other.export_note(), None);
    let back = reduce(other, Action::OpenPolicy("daily".into()));
    assert!(back.export_note().is_some());
    // Without a policy there is nothing to export.
    let idle = Rc::new(State::new(View::default(), 0.0));
    assert!(Rc::ptr_eq(
        &reduce(idle.clone(), export(ExportAction::Start(ExportFormat::Csv))),
        &idle
    ));
}

#[test]
fn an_aborted_walk_ends_as_cancelled() {
    let started = reduce(ready(), export(ExportAction::Start(ExportFormat::Csv)));
    let id = started.export.job.as_ref().unwrap().id;
    let aborted = reduce(
        started,
        export(ExportAction::Finished {
            id,
            result: Err(Error::aborted()),
        }),
    );
    assert!(matches!(
        aborted.export_note(),
        Some(ExportOutcome::Cancelled)
    ));
}

#[test]
fn the_file_is_named_after_the_policy_when_the_list_names_it() {
    let mut export = ExportState::default();
    let view = View::from_query(&format!("project={PROJECT}&policy=daily"));
    assert!(export.reduce(ExportAction::Start(ExportFormat::Json), &view, true, None));
    let connection = connection();
    let mut named = policy("daily");
    named.name = "Daily volumes".into();
    let request = export
        .request(Some(&connection), Some(&[named]), None)
        .unwrap();
    assert_eq!(request.policy_name, "Daily volumes");
    let unnamed = export.request(Some(&connection), None, None).unwrap();
    assert_eq!(
        unnamed.policy_name, "daily",
        "its ID when the list has none"
    );
    assert_eq!(export.request(None, None, None), None, "not connected");
}

#[test]
fn export_filters_name_the_file() {
    let mut view = View::default();
    assert_eq!(export_filter(&view), "all");
    view.status = Some(TaskStatus::Skip);
    assert_eq!(export_filter(&view), "SKIP");
    view.job_id = Some("j1".into());
    assert_eq!(export_filter(&view), "SKIP_job-j1");
    let only_job = View {
        status: None,
        ..view.clone()
    };
    assert_eq!(export_filter(&only_job), "job-j1");
    let mut paged = view.clone();
    paged.page = 4;
    paged.page_size = 50;
    assert!(same_filter(&view, &paged));
    paged.status = None;
    assert!(!same_filter(&view, &paged));
}

#[test]
fn an_export_takes_the_count_the_table_shows_for_its_filter_at_the_start() {
    let state = loaded(
        ready(),
        Ok(page(2_345, vec![task("a", TaskStatus::Running)])),
        1.0,
    );
    let started = reduce(
        state,
        Action::Export(ExportAction::Start(ExportFormat::Csv)),
    );
    let request = started.export_request().unwrap();
    assert_eq!(request.shown_count, Some(2_345));
    // A refresh that counts more later does not restart the export under way.
    let refreshed = loaded(
        reduce(started, Action::Refresh),
        Ok(page(2_400, vec![task("a", TaskStatus::Running)])),
        2.0,
    );
    assert_eq!(refreshed.export_request(), Some(request));
    // Before the table has an answer, the walk's first page will say.
    let early = reduce(
        ready(),
        Action::Export(ExportAction::Start(ExportFormat::Csv)),
    );
    assert_eq!(early.export_request().unwrap().shown_count, None);
}

mod cbr {
    use vbs_tasks::core::cbr::{CbrPolicy, OpLogStatus, OperationType, Vault};

    use super::*;
    use crate::route::{RangePreset, TimeRange};
    use crate::state::{CbrLists, Fetch};

    fn cbr_view(query: &str) -> View {
        View::from_query(&format!("service=cbr&project={PROJECT}&{query}"))
    }

    #[test]
    fn a_cbr_export_reads_the_filter_from_the_tables_now_and_names_what_it_holds() {
        let mut export = ExportState::default();
        let view = cbr_view("status=failed&operation=backup&vault=v1&policy=p1&range=24h&page=4");
        assert!(export.reduce(
            ExportAction::Start(ExportFormat::Csv),
            &view,
            true,
            Some(12)
        ));
        export.job.as_mut().unwrap().anchor_ms = Timestamp::parse("2026-11-20T08:00:00")
            .unwrap()
            .unix_millis() as f64;
        let lists = CbrLists {
            vaults: vec![Vault::new("v1", "vault-daily")],
            policies: vec![CbrPolicy::new("p1", "daily-policy")],
        };
        let request = export
            .request(Some(&connection()), None, Some(&lists))
            .unwrap();
        let Fetch::Cbr { query, policy_id } = &request.source else {
            panic!("a CBR export");
        };
        assert_eq!(policy_id.as_deref(), Some("p1"));
        assert_eq!(query.get_limit(), EXPORT_PAGE_SIZE);
        assert_eq!(
            query.get_offset(),
            0,
            "from the first task, not the shown page"
        );
        assert_eq!(query.get_status(), Some(&OpLogStatus::Failed));
        assert_eq!(query.get_operation_type(), Some(&OperationType::Backup));
        assert_eq!(query.get("vault_id"), Some("v1"));
        assert_eq!(
            query.get("start_time"),
            Some("2026-11-19T08:00:00Z"),
            "the last 24 hours before the table's now"
        );
        assert_eq!(request.policy_name, "cbr_daily-policy_vault-daily");
        assert_eq!(request.filter, "failed_backup");
        assert_eq!(request.shown_count, Some(12));
        // Without the lists, the IDs name the file.
        let unnamed = export.request(Some(&connection()), None, None).unwrap();
        assert_eq!(unnamed.policy_name, "cbr_p1_v1");
        assert_eq!(export_filter(&cbr_view("")), "all");
    }

    #[test]
    fn the_export_takes_the_tables_now_through_the_state() {
        let state = reduce(
            ready_cbr(),
            tasks(TasksAction::SetRange(TimeRange::Last(
                RangePreset::Last30Days,
            ))),
        );
        assert!(state.tasks.view.is_cbr());
        let anchor = state.tasks.anchor_ms;
        assert_eq!(anchor, ms("2026-11-20T08:00:00"));
        // The clock moves on; the export still reads the window the table counted.
        let later = tick(&state, 4_000.0);
        assert_eq!(later.data_now_ms(), anchor + 4_000.0);
        let started = reduce(later, export(ExportAction::Start(ExportFormat::Json)));
        assert_eq!(started.export.job.as_ref().unwrap().anchor_ms, anchor);
    }

    #[test]
    fn a_cbr_export_s_note_stays_with_the_cbr_view_of_its_project() {
        let vbs = View::from_query(&format!("project={PROJECT}&policy=daily"));
        let cbr = cbr_view("");
        let filtered = cbr_view("status=failed");
        assert!(same_policy(&cbr, &filtered));
        assert!(!same_filter(&cbr, &filtered));
        assert!(!same_policy(&cbr, &vbs), "another service");
        assert!(same_filter(&cbr, &cbr_view("page=3")));
    }
}
