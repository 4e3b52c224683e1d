//! The actions that touch several concerns, and what the table area shows.

use std::rc::Rc;

use vbs_tasks::core::error::Error;
use vbs_tasks::core::model::TaskStatus;
use vbs_tasks::core::time::Timestamp;
use vbs_tasks::viewer_config::ServerConfig;

use super::testing::*;
use super::*;
use crate::i18n::Remedy;

#[test]
fn without_server_config_or_settings_the_settings_panel_asks() {
    let state = reduce(fresh(), boot(None));
    assert!(state.settings.panel_open);
    assert_eq!(state.display(), Display::NotConnected);
    assert!(state.task_request().is_none());
    assert!(state.policy_request().is_none());
    assert_eq!(fresh().display(), Display::Skeleton, "not booted yet");
}

#[test]
fn booting_with_the_server_config_takes_its_project_and_opens_the_first_policy() {
    let booted = reduce(fresh(), boot(Some(connection())));
    assert_eq!(booted.tasks.view.project_id, PROJECT);
    assert_eq!(
        booted.policy_request().map(|(_, p)| p),
        Some(PROJECT.into())
    );
    assert_eq!(booted.connection.policies, Load::Loading);
    assert!(booted.task_request().is_none(), "no policy yet");
    assert_eq!(booted.display(), Display::Skeleton);

    let state = ready();
    assert_eq!(state.tasks.view.policy_id.as_deref(), Some("daily"));
    assert_eq!(
        state.tasks.url_write,
        UrlWrite::Replace,
        "completing the view adds no history entry"
    );
    let request = state.task_request().unwrap();
    assert_eq!(request.fetch.policy_id(), "daily");
    assert_eq!(
        request.fetch.query().to_query_string(),
        "sort_dir=desc&limit=20&offset=0"
    );
    assert!(state.tasks.loading);
    assert_eq!(state.display(), Display::Skeleton);
}

#[test]
fn a_policy_in_the_link_is_kept_when_the_list_arrives() {
    let view = View::from_query("policy=weekly&page=3");
    let state = run(
        Rc::new(State::new(view, 0.0)),
        vec![
            boot(Some(connection())),
            policies_loaded(PROJECT, Ok(vec![policy("daily")])),
        ],
    );
    assert_eq!(state.tasks.view.policy_id.as_deref(), Some("weekly"));
    assert_eq!(state.tasks.view.page, 3);
    assert_eq!(state.task_request().unwrap().fetch.query().get_offset(), 40);
}

#[test]
fn empty_results_say_why() {
    let empty = page(0, vec![]);
    assert_eq!(
        loaded(ready(), Ok(empty.clone()), 1.0).display(),
        Display::NoTasks
    );
    let filtered = reduce(
        ready(),
        tasks(TasksAction::SetStatus(Some(TaskStatus::Skip))),
    );
    assert_eq!(loaded(filtered, Ok(empty), 1.0).display(), Display::NoMatch);
    let far = reduce(ready(), tasks(TasksAction::GoToPage(9_999)));
    assert_eq!(
        loaded(far, Ok(page(10_317, vec![])), 1.0).display(),
        Display::PastTheEnd { last_page: 516 }
    );
    let none = run(
        fresh(),
        vec![
            boot(Some(connection())),
            policies_loaded(PROJECT, Ok(vec![])),
        ],
    );
    assert_eq!(none.display(), Display::NoPolicies);
}

#[test]
fn a_policy_list_that_fails_is_the_error_shown() {
    let failed = run(
        fresh(),
        vec![
            boot(Some(connection())),
            policies_loaded(PROJECT, Err(Error::http(503, None, None))),
        ],
    );
    assert!(matches!(failed.display(), Display::Error(error) if error.status() == Some(503)));
    let booted = reduce(fresh(), boot(Some(connection())));
    let aborted = reduce(
        booted.clone(),
        policies_loaded(PROJECT, Err(Error::aborted())),
    );
    assert!(Rc::ptr_eq(&aborted, &booted));
}

#[test]
fn an_error_is_shown_with_its_code_and_advice() {
    let error = Error::http(
        404,
        Some("AutoBackup.0205".into()),
        Some("policy not found".into()),
    );
    let state = loaded(ready(), Err(error.clone()), 1.0);
    match state.display() {
        Display::Error(shown) => {
            assert_eq!(shown.code(), Some("AutoBackup.0205"));
            assert_eq!(Remedy::for_error(shown), Remedy::PickAnotherPolicy);
        }
        other => panic!("expected an error, got {other:?}"),
    }
}

#[test]
fn details_open_close_and_follow_a_refresh() {
    let running = task("r", TaskStatus::Running);
    let state = loaded(ready(), Ok(page(1, vec![running.clone()])), 1.0);
    let open = reduce(state, Action::Details(DetailsAction::Open(running)));
    assert_eq!(open.details.task.as_ref().map(|t| t.id.as_str()), Some("r"));
    let mut finished = task("r", TaskStatus::ExecuteFail);
    finished.code = Some("VolumeBackup.0900".into());
    let refreshed = loaded(
        reduce(open, Action::Refresh),
        Ok(page(1, vec![finished])),
        2.0,
    );
    assert_eq!(
        refreshed
            .details
            .task
            .as_ref()
            .and_then(|t| t.code.as_deref()),
        Some("VolumeBackup.0900")
    );
    let closed = reduce(refreshed.clone(), Action::Details(DetailsAction::Close));
    assert!(closed.details.task.is_none());
    assert!(Rc::ptr_eq(
        &reduce(closed.clone(), Action::Details(DetailsAction::Close)),
        &closed
    ));
    let moved = reduce(
        refreshed,
        tasks(TasksAction::SetStatus(Some(TaskStatus::Skip))),
    );
    assert!(
        moved.details.task.is_none(),
        "a new view closes the details"
    );
}

#[test]
fn a_refresh_of_the_same_view_keeps_the_details_open() {
    let running = task("r", TaskStatus::Running);
    let state = loaded(ready(), Ok(page(1, vec![running.clone()])), 1.0);
    let open = reduce(state, Action::Details(DetailsAction::Open(running)));
    let refreshing = reduce(open, Action::Refresh);
    assert!(refreshing.details.task.is_some());
}

#[test]
fn reconnecting_unchanged_keeps_the_policy_list() {
    let state = ready();
    let again = reduce(state.clone(), connect(connection(), None));
    assert!(matches!(again.connection.policies, Load::Ready(ref list) if list.len() == 2));
    assert_eq!(again.tasks.view, state.tasks.view);
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
    assert_eq!(
        other.connection.policies,
        Load::Loading,
        "a new endpoint lists again"
    );
}

#[test]
fn a_policy_list_for_another_project_is_ignored() {
    let state = ready();
    let after = reduce(state.clone(), policies_loaded("other", Ok(vec![])));
    assert!(Rc::ptr_eq(&after, &state));
}

#[test]
fn settings_connect_to_a_named_policy_with_a_new_entry() {
    let state = reduce(
        ready(),
        connect(
            Connection {
                project_id: "p2".into(),
                ..connection()
            },
            Some("nightly"),
        ),
    );
    assert_eq!(state.tasks.view.to_query(), "project=p2&policy=nightly");
    assert_eq!(state.tasks.url_write, UrlWrite::Push);
    assert!(!state.settings.panel_open);
    assert_eq!(state.connection.policies, Load::Loading);
}

#[test]
fn back_to_another_project_lists_its_policies() {
    let state = ready();
    let other = reduce(
        state,
        tasks(TasksAction::Navigate(View::from_query(
            "project=p2&policy=x",
        ))),
    );
    assert_eq!(other.connection.policies, Load::Loading);
    assert_eq!(other.policy_request().map(|(_, p)| p), Some("p2".into()));
}

#[test]
fn the_server_clock_offset_moves_task_times_but_not_the_page_clock() {
    let config = ServerConfig::from_json(
        br#"{"mode":"emulator","projectId":"p","live":false,"now":"2026-11-20T08:00:00.000"}"#,
    )
    .unwrap();
    let server_ms = Timestamp::parse("2026-11-20T08:00:00")
        .unwrap()
        .unix_millis() as f64;
    let browser_ms = server_ms + 7.0 * 86_400_000.0;
    let offset = config.clock_offset_ms(browser_ms);
    assert_eq!(offset, -7.0 * 86_400_000.0);

    let state = reduce(
        Rc::new(State::new(View::default(), browser_ms)),
        Action::SetClockOffset(offset),
    );
    assert_eq!(state.data_now_ms(), server_ms);
    let later = reduce(
        state.clone(),
        Action::Tick {
            now_ms: browser_ms + 3_000.0,
            visible: true,
        },
    );
    assert_eq!(
        later.clock.now_ms,
        browser_ms + 3_000.0,
        "updated-ago counts real time"
    );
    assert_eq!(later.data_now_ms(), server_ms + 3_000.0);
    assert!(Rc::ptr_eq(
        &reduce(state.clone(), Action::SetClockOffset(offset)),
        &state
    ));
    assert!(Rc::ptr_eq(
        &reduce(state.clone(), Action::SetClockOffset(f64::NAN)),
        &state
    ));
}

#[test]
fn an_answer_moves_the_page_clock_forward_never_back() {
    let state = loaded(
        ready(),
        Ok(page(1, vec![task("a", TaskStatus::Skip)])),
        5_000.0,
    );
    assert_eq!(state.clock.now_ms, 5_000.0);
    let refreshed = loaded(
        reduce(state, Action::Refresh),
        Ok(page(1, vec![task("a", TaskStatus::Skip)])),
        4_000.0,
    );
    assert_eq!(refreshed.clock.now_ms, 5_000.0);
}

#[test]
fn the_shortcuts_help_opens_and_closes() {
    let state = ready();
    let show = |open| Action::Settings(SettingsAction::ShowShortcuts(open));
    let open = reduce(state.clone(), show(true));
    assert!(open.settings.shortcuts_open);
    assert!(Rc::ptr_eq(&reduce(open.clone(), show(true)), &open));
    assert!(!reduce(open, show(false)).settings.shortcuts_open);
}

#[test]
fn hovering_a_bar_or_a_row_highlights_the_task_in_both() {
    let state = ready();
    let highlight =
        |id: Option<&str>| Action::Details(DetailsAction::Highlight(id.map(str::to_owned)));
    let on = reduce(state.clone(), highlight(Some("a")));
    assert_eq!(on.details.highlighted.as_deref(), Some("a"));
    assert!(Rc::ptr_eq(&reduce(on.clone(), highlight(Some("a"))), &on));
    let off = reduce(on, highlight(None));
    assert_eq!(off.details.highlighted, None);
}

#[test]
fn the_language_changes_the_words_not_the_view() {
    let state = ready();
    let zh_cn = Action::Settings(SettingsAction::SetLang(crate::i18n::Lang::ZhCn));
    let zh = reduce(state.clone(), zh_cn.clone());
    assert_eq!(zh.settings.lang, crate::i18n::Lang::ZhCn);
    assert_eq!(zh.tasks.view, state.tasks.view);
    assert_eq!(
        zh.tasks.request_id(),
        state.tasks.request_id(),
        "no new request"
    );
    assert!(Rc::ptr_eq(&reduce(zh.clone(), zh_cn), &zh));
}

#[test]
fn the_settings_panel_opens_and_closes_and_connect_closes_it() {
    let state = ready();
    let open = reduce(state, Action::Settings(SettingsAction::ShowPanel(true)));
    assert!(open.settings.panel_open);
    let connected = reduce(open, connect(connection(), None));
    assert!(!connected.settings.panel_open);
}
