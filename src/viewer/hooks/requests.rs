//! The policy list, the CBR view's vault and policy lists, and the task view's page: fetched
//! whenever the state asks for them (or adopted from the boot, which sent them before the first
//! render), through the client they share.

use std::rc::Rc;
use std::time::Duration;

use vbs_tasks::core::cbr::{CbrPolicyQuery, VaultQuery};
use vbs_tasks::core::model::Policy;
use vbs_tasks::core::sign::Signer;
use vbs_tasks::transport::{Auth, Client, RequestOptions};
use web_sys::AbortController;
use yew::prelude::*;

use super::cbr::read_policy;
use super::use_effect_on;
use crate::boot::{send_policies, send_tasks, Prefetched};
use crate::browser;
use crate::rows::RowPage;
use crate::state::{
    Action, AuthSettings, CbrLists, CbrListsRequest, Connection, ConnectionAction, Fetch, Load,
    PolicyRequest, PrefetchRequest, State, TaskRequest, TasksAction,
};

/// A client for a connection and project.
pub(crate) fn client(connection: &Connection, project_id: &str) -> Client {
    let auth = match &connection.auth {
        AuthSettings::None => Auth::None,
        AuthSettings::Token(token) => Auth::Token(token.0.clone()),
        AuthSettings::AkSk {
            access_key,
            secret_key,
        } => Auth::AkSk(Signer::new(access_key.clone(), secret_key.0.clone())),
    };
    Client::new(connection.endpoint.clone(), project_id.to_owned())
        .auth(auth)
        .timeout(Duration::from_secs(20))
}

/// A controller and the options carrying its signal (no signal if the browser refuses one).
pub(crate) fn abortable() -> (Option<AbortController>, RequestOptions) {
    let controller = AbortController::new().ok();
    let options = match &controller {
        Some(controller) => RequestOptions::new().signal(controller.signal()),
        None => RequestOptions::new(),
    };
    (controller, options)
}

/// Aborts the request `controller` switches, if there is one.
pub(crate) fn abort(controller: Option<AbortController>) {
    if let Some(controller) = controller {
        controller.abort();
    }
}

/// An effect's cleanup that aborts its request: a view that moves on leaves nothing in flight.
pub(crate) fn abort_on_cleanup(controller: Option<AbortController>) -> impl FnOnce() {
    move || abort(controller)
}

/// The policy list `request` names.
pub(crate) async fn fetch_policies(
    (connection, project_id): PolicyRequest,
    options: RequestOptions,
) -> vbs_tasks::Result<Vec<Policy>> {
    client(&connection, &project_id)
        .list_policies_with(&options)
        .await
}

/// The page of tasks `request` names.
pub(crate) async fn fetch_tasks(
    request: TaskRequest,
    options: RequestOptions,
) -> vbs_tasks::Result<RowPage> {
    let client = client(&request.connection, &request.project_id);
    fetch_rows(&client, &request.fetch, &options).await
}

/// The rows `fetch` names: a VBS page, a CBR page, or every row of a CBR `Policy` filter.
pub(crate) async fn fetch_rows(
    client: &Client,
    fetch: &Fetch,
    options: &RequestOptions,
) -> vbs_tasks::Result<RowPage> {
    match fetch {
        Fetch::Vbs { policy_id, query } => client
            .list_tasks_with(policy_id, query, options)
            .await
            .map(RowPage::from),
        Fetch::Cbr {
            query,
            policy_id: None,
        } => client
            .list_operation_logs_with(query, options)
            .await
            .map(RowPage::from),
        Fetch::Cbr {
            query,
            policy_id: Some(policy_id),
        } => read_policy(client, policy_id, query, options, |_| ()).await,
    }
}

/// The vaults and CBR policies `request` names (every page of vaults).
async fn fetch_cbr_lists(
    request: &CbrListsRequest,
    options: &RequestOptions,
) -> vbs_tasks::Result<CbrLists> {
    let client = client(&request.connection, &request.project_id);
    let mut vaults = Vec::new();
    loop {
        let offset = u32::try_from(vaults.len()).unwrap_or(u32::MAX);
        let query = VaultQuery::new().limit(VAULTS_PER_PAGE).offset(offset);
        let page = client.list_vaults_with(&query, options).await?;
        let more =
            !page.vaults.is_empty() && (vaults.len() + page.vaults.len()) < page.count as usize;
        vaults.extend(page.vaults);
        if !more || vaults.len() >= MAX_VAULTS {
            break;
        }
    }
    let policies = client
        .list_cbr_policies_with(&CbrPolicyQuery::new(), options)
        .await?
        .policies;
    Ok(CbrLists { vaults, policies })
}

/// Vaults a request (the API's largest page).
const VAULTS_PER_PAGE: u32 = 1000;

/// The most vaults the `Vault` filter lists: a project has far fewer, and a server that keeps
/// saying there are more must not keep the page reading.
const MAX_VAULTS: usize = 10_000;

/// Lists the vaults and CBR policies whenever the state asks (a CBR view of another connection
/// or project, or Refresh after a failure).
#[hook]
pub(crate) fn use_cbr_lists(state: &State, dispatch: UseReducerDispatcher<State>) {
    use_effect_on(state.cbr_lists_request(), move |request| {
        let (controller, options) = abortable();
        if let Some(request) = request.clone() {
            wasm_bindgen_futures::spawn_local(async move {
                let result = fetch_cbr_lists(&request, &options).await;
                dispatch.dispatch(Action::Connection(ConnectionAction::CbrListsLoaded {
                    id: request.id,
                    result,
                }));
            });
        }
        abort_on_cleanup(controller)
    });
}

/// Fetches the policy list whenever the connection or project changes (or adopts the boot's
/// request for it; nothing is sent when the boot already has the answer).
#[hook]
pub(crate) fn use_policies(
    state: &State,
    prefetched: &Rc<Prefetched>,
    dispatch: UseReducerDispatcher<State>,
) {
    let waiting = matches!(state.connection.policies, Load::Loading);
    let prefetched = prefetched.clone();
    use_effect_on(state.policy_request(), move |request| {
        let controller = request.clone().filter(|_| waiting).and_then(|request| {
            prefetched
                .policies
                .take(&request)
                .unwrap_or_else(|| send_policies(request))
                .on_answer(move |request, result| {
                    dispatch.dispatch(Action::Connection(ConnectionAction::PoliciesLoaded {
                        request,
                        result,
                    }))
                })
        });
        abort_on_cleanup(controller)
    });
}

/// Fetches the current view's page whenever the state issues a new request (or adopts the boot's
/// request for it; nothing is sent when the boot already has the answer); the previous request
/// is aborted first.
#[hook]
pub(crate) fn use_tasks(
    state: &State,
    prefetched: &Rc<Prefetched>,
    dispatch: UseReducerDispatcher<State>,
) {
    let waiting = state.tasks.loading;
    let prefetched = prefetched.clone();
    use_effect_on(state.task_request(), move |request| {
        // A page kept for this view is shown now, in the render after the one that wrote the
        // view into the URL (see `TasksAction::ShowKept`).
        if let Some(request) = request.as_ref().filter(|_| waiting) {
            dispatch.dispatch(Action::Tasks(TasksAction::ShowKept { id: request.id }));
        }
        let controller = request.clone().filter(|_| waiting).and_then(|request| {
            prefetched
                .tasks
                .take(&request)
                .unwrap_or_else(|| send_tasks(request))
                .on_answer(move |request, result| {
                    dispatch.dispatch(Action::Tasks(TasksAction::Loaded {
                        id: request.id,
                        result,
                        at_ms: browser::now_ms(),
                    }))
                })
        });
        abort_on_cleanup(controller)
    });
}

/// At most this long after a page is painted, its next page is fetched ahead even if the browser
/// never idles (a page that animates running tasks).
const PREFETCH_WITHIN_MS: u32 = 1_000;

/// Fetches the next page ahead once the shown page is in and the browser is idle, into the page
/// cache (see `state::cache`): Next then shows it at once. A view that moves on cancels the wait
/// and aborts the request.
#[hook]
pub(crate) fn use_prefetch(state: &State, dispatch: UseReducerDispatcher<State>) {
    use_effect_on(state.prefetch_request(), move |request| {
        let (controller, options) = abortable();
        let idle = request.clone().map(|request| {
            browser::WhenIdle::new(PREFETCH_WITHIN_MS, move || {
                wasm_bindgen_futures::spawn_local(fetch_ahead(request, options, dispatch))
            })
        });
        move || {
            drop(idle);
            abort(controller);
        }
    });
}

async fn fetch_ahead(
    request: PrefetchRequest,
    options: RequestOptions,
    dispatch: UseReducerDispatcher<State>,
) {
    let project_id = request.view.project_id.clone();
    let client = client(&request.connection, &project_id);
    let result = fetch_rows(&client, &request.fetch, &options).await;
    if result.as_ref().is_err_and(|error| error.is_aborted()) {
        return;
    }
    dispatch.dispatch(Action::Tasks(TasksAction::Prefetched {
        generation: request.generation,
        view: request.view,
        result,
        at_ms: browser::now_ms(),
    }));
}
