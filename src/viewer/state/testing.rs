//! What the state's tests share: a connection, tasks and pages, and a state that is ready (booted,
//! connected, policies in, the first policy open).

use std::rc::Rc;

use vbs_tasks::core::error::Error;
use vbs_tasks::core::model::{Policy, Schedule, Task, TaskPage, TaskStatus};
use vbs_tasks::core::time::Timestamp;

use super::{reduce, Action, Connection, ConnectionAction, State, TasksAction};
use crate::route::View;

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

pub fn task(id: &str, status: TaskStatus) -> Task {
    Task::new(id, status, Timestamp::parse("2026-01-01T00:00:00").unwrap())
}

pub fn page(count: u64, tasks: Vec<Task>) -> TaskPage {
    TaskPage::new(count, tasks)
}

pub fn run(state: Rc<State>, actions: Vec<Action>) -> Rc<State> {
    actions.into_iter().fold(state, reduce)
}

/// Nothing known yet, the default view.
pub fn fresh() -> Rc<State> {
    Rc::new(State::new(View::default(), 0.0))
}

pub fn boot(connection: Option<Connection>) -> Action {
    Action::Connection(ConnectionAction::Boot(connection))
}

pub fn connect(connection: Connection, policy_id: Option<&str>) -> Action {
    Action::Connection(ConnectionAction::Connect {
        connection,
        policy_id: policy_id.map(str::to_owned),
    })
}

pub fn policies_loaded(project_id: &str, result: Result<Vec<Policy>, Error>) -> Action {
    Action::Connection(ConnectionAction::PoliciesLoaded {
        project_id: project_id.into(),
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
pub fn loaded(state: Rc<State>, result: Result<TaskPage, Error>, at_ms: f64) -> Rc<State> {
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
