//! Before the first render: the server's config, the stored settings, and the first requests.
//!
//! The first requests leave as soon as the config is read, not from the first render's effects:
//! Yew runs effects only after the first render has been laid out and painted (on a slow machine
//! ~250 ms for the skeleton page), so the rows would wait for a skeleton nobody needs. What
//! answers within [`WAIT_MS`] is in the first render; what does not stays in flight, and the
//! effect that would have sent it adopts it ([`Prefetched`]): no request is sent twice.

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

use futures::channel::oneshot;
use futures::FutureExt;
use wasm_bindgen_futures::spawn_local;
use web_sys::AbortController;

use vbs_tasks::core::error::Error;
use vbs_tasks::core::model::Policy;
use vbs_tasks::transport::RequestOptions;

use vbs_tasks::viewer_config::{ServerConfig, CONFIG_ELEMENT_ID, CONFIG_PATH};

use crate::browser;
use crate::hooks::requests::{abort, abortable, fetch_policies, fetch_tasks};
use crate::route::View;
use crate::rows::RowPage;
use crate::state::{
    initial_connection, reduce, Action, ConnectionAction, PolicyRequest, RequestId, SettingsAction,
    State, TaskRequest, TasksAction,
};

/// How long the first render waits for the first answers (after the config): about what a
/// nearby server takes, and short enough that a slow one shows the skeleton instead of a blank page.
const WAIT_MS: u32 = 300;

/// What the viewer starts from: its first state and the requests still in flight.
pub(crate) struct Boot {
    /// The state of the first render.
    pub state: Rc<State>,
    /// The first requests that had not answered by the first render.
    pub prefetched: Rc<Prefetched>,
}

/// How the viewer starts.
pub(crate) enum Start {
    /// The app, from this state.
    App(Boot),
    /// The server is behind a login and this browser is not signed in: the sign-in form.
    SignIn,
}

/// The server answered the config with 401: it is behind a login (`vbs-server --access-tokens`).
struct SignInNeeded;

/// Reads the config, makes the first state and sends its requests; waits at most [`WAIT_MS`]
/// for their answers. A server that asks for a sign-in gets the sign-in form instead.
pub(crate) async fn boot() -> Start {
    let first = Rc::new(State::new(
        View::from_query(&browser::location_search()),
        browser::now_ms(),
    ));
    let Ok(actions) = read_config().await else {
        return Start::SignIn;
    };
    let mut state = actions.into_iter().fold(first, reduce);

    let mut tasks = state.task_request().map(send_tasks);
    let mut policies = state.policy_request().map(send_policies);
    let mut deadline = gloo_timers::future::TimeoutFuture::new(WAIT_MS).fuse();
    while tasks.is_some() || policies.is_some() {
        enum Event {
            Tasks(vbs_tasks::Result<RowPage>),
            Policies(vbs_tasks::Result<Vec<Policy>>),
            Deadline,
        }
        // Biased: the branches are polled in this order, not shuffled (smaller code; when two
        // are ready the loop takes the other next time round).
        let event = futures::select_biased! {
            result = answer_of(&mut tasks).fuse() => Event::Tasks(result),
            result = answer_of(&mut policies).fuse() => Event::Policies(result),
            () = deadline => Event::Deadline,
        };
        match event {
            Event::Tasks(result) => {
                let id = tasks
                    .take()
                    .map_or(RequestId::default(), |flight| flight.key.id);
                let at_ms = browser::now_ms();
                state = reduce(
                    state,
                    Action::Tasks(TasksAction::Loaded { id, result, at_ms }),
                );
            }
            Event::Policies(result) => {
                if let Some(flight) = policies.take() {
                    state = reduce(
                        state,
                        Action::Connection(ConnectionAction::PoliciesLoaded {
                            request: flight.key,
                            result,
                        }),
                    );
                }
                // A URL without a policy opens the project's first: its tasks can leave now.
                if tasks.is_none() && state.tasks.loading {
                    tasks = state.task_request().map(send_tasks);
                }
            }
            Event::Deadline => break,
        }
    }
    Start::App(Boot {
        state,
        prefetched: Rc::new(Prefetched {
            tasks: Slot(RefCell::new(tasks)),
            policies: Slot(RefCell::new(policies)),
        }),
    })
}

/// The language, the server's config and the stored settings, as the actions that apply them.
async fn read_config() -> Result<Vec<Action>, SignInNeeded> {
    // In the page there is no request to wait for: fetching even the preloaded file delayed the
    // first request of a cold load by ~45 ms.
    let config = match browser::element_text(CONFIG_ELEMENT_ID) {
        Some(text) => ServerConfig::from_json(text.as_bytes()),
        None => fetch_config().await?,
    };
    // The remembered language, else the browser's (a later choice is remembered).
    let mut actions = vec![Action::Settings(SettingsAction::SetLang(
        browser::initial_lang(),
    ))];
    if let Some(config) = &config {
        let now_ms = browser::now_ms();
        actions.push(Action::SetClockOffset(config.clock_offset_ms(now_ms)));
        // The page's clock as of the offset: a CBR view's first time range counts back from
        // the server's "now", not from a moment before the config was read.
        actions.push(Action::Tick {
            now_ms,
            visible: true,
        });
    }
    let (stored, secret) = browser::load_settings();
    let connection = initial_connection(config.as_ref(), stored.as_ref(), secret);
    let targets = config.map(|config| config.targets).unwrap_or_default();
    actions.push(Action::Connection(ConnectionAction::Boot {
        connection,
        targets,
    }));
    Ok(actions)
}

/// The server's config from [`CONFIG_PATH`] (preloaded by `index.html` while the wasm
/// downloads), for a page another host serves with that file beside it, or a server behind a
/// login (which leaves the config out of the page, and answers 401 until signed in).
async fn fetch_config() -> Result<Option<ServerConfig>, SignInNeeded> {
    // The page stays blank until this is read, so a server that does not answer is not waited
    // for: after 3 s the viewer starts as on a static host (it asks for the connection).
    let fetch = Box::pin(browser::fetch_body(CONFIG_PATH));
    let timeout = gloo_timers::future::TimeoutFuture::new(3_000);
    match futures::future::select(fetch, timeout).await {
        futures::future::Either::Left((browser::Fetched::Body(body), _)) => {
            Ok(ServerConfig::from_json(&body))
        }
        futures::future::Either::Left((browser::Fetched::SignInNeeded, _)) => Err(SignInNeeded),
        futures::future::Either::Left((browser::Fetched::Failed, _))
        | futures::future::Either::Right(_) => Ok(None),
    }
}

/// A request under way: what was asked (`key`), the answer to come, and the abort switch.
pub(crate) struct InFlight<K, T> {
    key: K,
    answer: oneshot::Receiver<vbs_tasks::Result<T>>,
    controller: Option<AbortController>,
}

impl<K, T: 'static> InFlight<K, T> {
    /// Sends the request `fetch` makes with abortable options, now.
    pub(crate) fn send<F>(key: K, fetch: impl FnOnce(RequestOptions) -> F) -> Self
    where
        F: Future<Output = vbs_tasks::Result<T>> + 'static,
    {
        let (controller, options) = abortable();
        let (sender, answer) = oneshot::channel();
        let request = fetch(options);
        spawn_local(async move {
            // Nobody waits any more if the receiver is gone; the answer is dropped.
            let _ = sender.send(request.await);
        });
        InFlight {
            key,
            answer,
            controller,
        }
    }

    /// Hands what was asked and its answer to `on_answer` when the answer comes; returns the
    /// abort switch.
    pub(crate) fn on_answer(
        self,
        on_answer: impl FnOnce(K, vbs_tasks::Result<T>) + 'static,
    ) -> Option<AbortController>
    where
        K: 'static,
    {
        let InFlight {
            key,
            answer,
            controller,
        } = self;
        spawn_local(async move { on_answer(key, received(answer.await)) });
        controller
    }
}

/// An answer off the channel; none at all means the request task was dropped, as good as aborted.
fn received<T>(answer: Result<vbs_tasks::Result<T>, oneshot::Canceled>) -> vbs_tasks::Result<T> {
    answer.unwrap_or_else(|_| Err(Error::aborted()))
}

/// The answer of the request in `flight`, or never if there is none.
async fn answer_of<K, T>(flight: &mut Option<InFlight<K, T>>) -> vbs_tasks::Result<T> {
    match flight {
        Some(flight) => received((&mut flight.answer).await),
        None => futures::future::pending().await,
    }
}

/// Sends the page of tasks `request` names.
pub(crate) fn send_tasks(request: TaskRequest) -> InFlight<TaskRequest, RowPage> {
    let sent = request.clone();
    InFlight::send(request, move |options| fetch_tasks(sent, options))
}

/// Sends the policy list `request` names.
pub(crate) fn send_policies(request: PolicyRequest) -> InFlight<PolicyRequest, Vec<Policy>> {
    let sent = request.clone();
    InFlight::send(request, move |options| fetch_policies(sent, options))
}

/// The boot's requests that had not answered by the first render, for the effects to adopt.
pub(crate) struct Prefetched {
    /// The first page of tasks.
    pub tasks: Slot<TaskRequest, RowPage>,
    /// The policy list.
    pub policies: Slot<PolicyRequest, Vec<Policy>>,
}

/// At most one request in flight, handed out once.
pub(crate) struct Slot<K, T>(RefCell<Option<InFlight<K, T>>>);

impl<K: PartialEq, T> Slot<K, T> {
    /// The request in flight if it asks for exactly `key`; any other one is aborted (its answer
    /// would be stale).
    pub(crate) fn take(&self, key: &K) -> Option<InFlight<K, T>> {
        let flight = self.0.borrow_mut().take()?;
        if flight.key == *key {
            return Some(flight);
        }
        abort(flight.controller);
        None
    }
}
