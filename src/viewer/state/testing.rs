//! What the state's tests share: a connection, tasks and pages, a server's two targets, and a
//! state that is ready (booted, connected, policies in, the first policy open).

use std::rc::Rc;

use vbs_tasks::core::cbr::OperationLog;
use vbs_tasks::core::error::Error;
use vbs_tasks::core::model::{Policy, Schedule, Task, TaskStatus};
use vbs_tasks::core::taskrow::TaskRow;
use vbs_tasks::core::time::Timestamp;
use vbs_tasks::viewer_config::TargetInfo;

use super::{reduce, Action, Connection, ConnectionAction, State, TasksAction};
use crate::route::View;
use crate::rows::RowPage;

pub const PROJECT: &str = "0605767e9a80d5f52f8cc00f94d4e2fb";

pub fn connection() -> Connection {
    Connection {
        endpoint: String::new(),
        project_id: PROJECT.into(),
        server_mode: Some("emulator".into()),
        ..Connection::default()
    }
}

pub fn policy(id: &str) -> Policy {
    Policy::new(id, id, 1, Schedule::new("ON"))
}

/// A VBS task's row.
pub fn task(id: &str, status: TaskStatus) -> TaskRow {
    TaskRow::from(&Task::new(
        id,
        status,
        Timestamp::parse("2026-01-01T00:00:00").unwrap(),
    ))
}

pub fn page(count: u64, tasks: Vec<TaskRow>) -> RowPage {
    RowPage::new(count, tasks)
}

pub fn run(state: Rc<State>, actions: Vec<Action>) -> Rc<State> {
    actions.into_iter().fold(state, reduce)
}

/// Nothing known yet, the default view.
pub fn fresh() -> Rc<State> {
    Rc::new(State::new(View::default(), 0.0))
}

pub fn boot(connection: Option<Connection>) -> Action {
    Action::Connection(ConnectionAction::Boot {
        connection,
        targets: Vec::new(),
    })
}

pub fn connect(connection: Connection, policy_id: Option<&str>) -> Action {
    Action::Connection(ConnectionAction::Connect {
        connection,
        policy_id: policy_id.map(str::to_owned),
    })
}

/// The policy list of `project_id`, asked through [`connection`].
pub fn policies_loaded(project_id: &str, result: Result<Vec<Policy>, Error>) -> Action {
    policies_loaded_through(connection(), project_id, result)
}

/// The policy list of `project_id`, asked through `connection`.
pub fn policies_loaded_through(
    connection: Connection,
    project_id: &str,
    result: Result<Vec<Policy>, Error>,
) -> Action {
    Action::Connection(ConnectionAction::PoliciesLoaded {
        request: (connection, project_id.into()),
        result,
    })
}

/// Booted, connected, policy list in, first policy open.
pub fn ready() -> Rc<State> {
    run(
        fresh(),
        vec![
            boot(Some(connection())),
            policies_loaded(PROJECT, Ok(vec![policy("daily"), policy("weekly")])),
        ],
    )
}

/// A clock tick at `now_ms` with the page visible.
pub fn tick(state: &Rc<State>, now_ms: f64) -> Rc<State> {
    reduce(
        state.clone(),
        Action::Tick {
            now_ms,
            visible: true,
        },
    )
}

/// The answer to the latest request of the task view.
pub fn loaded(state: Rc<State>, result: Result<RowPage, Error>, at_ms: f64) -> Rc<State> {
    let id = state.tasks.request_id();
    reduce(
        state,
        Action::Tasks(TasksAction::Loaded { id, result, at_ms }),
    )
}

/// A task-view action.
pub fn tasks(action: TasksAction) -> Action {
    Action::Tasks(action)
}

/// The first of two targets of a server: a cloud region.
pub fn target_cn4() -> TargetInfo {
    TargetInfo {
        name: "prod-cn4".into(),
        cloud: "huawei".into(),
        region: "cn-north-4".into(),
        project_id: "pa".into(),
        server_auth: true,
        endpoint: "/t/prod-cn4".into(),
        services: vec!["vbs".into(), "cbr".into()],
    }
}

/// The second of two targets of a server: given by endpoint, with another project.
pub fn target_dev() -> TargetInfo {
    TargetInfo {
        name: "dev".into(),
        project_id: "pb".into(),
        server_auth: true,
        endpoint: "/t/dev".into(),
        services: vec!["vbs".into()],
        ..TargetInfo::default()
    }
}

/// Boots with a server that answers for `targets`, from a link with `query`.
pub fn boot_with_targets(query: &str, targets: Vec<TargetInfo>) -> Rc<State> {
    let first = targets.first().cloned().unwrap_or_default();
    let config_connection = Connection {
        endpoint: first.endpoint.clone(),
        project_id: first.project_id.clone(),
        server_mode: Some("proxy".into()),
        ..Connection::default()
    };
    reduce(
        Rc::new(State::new(View::from_query(query), 0.0)),
        Action::Connection(ConnectionAction::Boot {
            connection: Some(config_connection),
            targets,
        }),
    )
}

/// The connection of `state` (through the target it shows).
pub fn connected_to(state: &State) -> Connection {
    state.connection.connection.clone().expect("connected")
}

/// The policy list of the project and target `state` shows, asked as it asks.
pub fn its_policies(state: &State, result: Result<Vec<Policy>, Error>) -> Action {
    let (connection, project_id) = state.policy_request().expect("a policy list is asked");
    policies_loaded_through(connection, &project_id, result)
}

/// Booted with the two targets, the first shown, its policies in and its first policy open.
pub fn ready_with_targets() -> Rc<State> {
    let booted = boot_with_targets("", vec![target_cn4(), target_dev()]);
    let listed = its_policies(&booted, Ok(vec![policy("daily"), policy("weekly")]));
    reduce(booted, listed)
}

/// The demo emulator's one target: VBS and CBR, at the page's origin.
pub fn emulator_target() -> TargetInfo {
    TargetInfo {
        name: "emulator".into(),
        region: "cn-north-4".into(),
        project_id: PROJECT.into(),
        endpoint: String::new(),
        services: vec!["vbs".into(), "cbr".into()],
        ..TargetInfo::default()
    }
}

/// Booted through the emulator's one target with the data clock at `now_ms` (the page's clock
/// at 0, the server's offset), its VBS policies in and the first open.
pub fn ready_at(now_ms: f64) -> Rc<State> {
    run(
        fresh(),
        vec![
            Action::SetClockOffset(now_ms),
            Action::Connection(ConnectionAction::Boot {
                connection: Some(connection()),
                targets: vec![emulator_target()],
            }),
            policies_loaded(PROJECT, Ok(vec![policy("daily"), policy("weekly")])),
        ],
    )
}

/// The instant of an API timestamp, in ms since the epoch.
pub fn ms(text: &str) -> f64 {
    Timestamp::parse(text).unwrap().unix_millis() as f64
}

/// [`ready_at`] 2026-11-20T08:00:00 (the frozen emulator's now), switched to the CBR view.
pub fn ready_cbr() -> Rc<State> {
    reduce(
        ready_at(ms("2026-11-20T08:00:00")),
        Action::SelectService(vbs_tasks::core::taskrow::Service::Cbr),
    )
}

/// A CBR task's row and log: `id` of `status`, created at `created`.
pub fn log(id: &str, status: vbs_tasks::core::cbr::OpLogStatus, created: &str) -> OperationLog {
    OperationLog::new(id, status, Timestamp::parse(created).unwrap())
}

/// A CBR page of `logs`, `count` in all.
pub fn log_page(count: u64, logs: Vec<OperationLog>) -> RowPage {
    RowPage::of_logs(count, logs)
}
