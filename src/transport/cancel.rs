//! Ending a call early: the caller's `AbortSignal` and the call's time budget.
//!
//! [`run_until_stopped`] races the call against both; the loser is dropped, which drops the
//! in-flight attempt and so aborts its `fetch` (see `fetch.rs`).

use std::time::Duration;

use futures::channel::oneshot;
use futures::future::{self, Either};
use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

use crate::core::error::Error;

/// The longest delay a browser timer takes: `setTimeout` reads its delay as a 32-bit signed
/// integer, and a longer one fires at once. 24.8 days is "never" for a call.
const MAX_TIMER_MS: u32 = i32::MAX as u32;

/// Milliseconds for a browser timer, at most [`MAX_TIMER_MS`].
pub(crate) fn timer_ms(duration: Duration) -> u32 {
    u32::try_from(duration.as_millis()).map_or(MAX_TIMER_MS, |ms| ms.min(MAX_TIMER_MS))
}

/// Milliseconds since the epoch, from the page's clock.
pub(crate) fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Listens for `abort` on a caller's signal; removes its listener when dropped.
struct AbortWatch {
    signal: AbortSignal,
    listener: Closure<dyn FnMut()>,
    fired: oneshot::Receiver<()>,
}

impl AbortWatch {
    fn new(signal: &AbortSignal) -> Self {
        let (sender, fired) = oneshot::channel();
        let mut sender = Some(sender);
        let listener = Closure::<dyn FnMut()>::new(move || {
            if let Some(sender) = sender.take() {
                let _ = sender.send(());
            }
        });
        // Adding a listener to an AbortSignal cannot fail; if it ever did, the call would simply
        // not be abortable by this signal (it still is by timeout and by being dropped).
        let _ = signal.add_event_listener_with_callback("abort", listener.as_ref().unchecked_ref());
        AbortWatch {
            signal: signal.clone(),
            listener,
            fired,
        }
    }
}

impl Drop for AbortWatch {
    fn drop(&mut self) {
        let _ = self
            .signal
            .remove_event_listener_with_callback("abort", self.listener.as_ref().unchecked_ref());
    }
}

/// Resolves when the caller aborts (never, without a signal).
async fn aborted(watch: Option<&mut AbortWatch>) {
    match watch {
        Some(watch) => {
            // The sender lives in the listener, which lives as long as the watch: a cancelled
            // receiver cannot happen while this is polled; treat it as "never" all the same.
            if (&mut watch.fired).await.is_err() {
                future::pending::<()>().await
            }
        }
        None => future::pending().await,
    }
}

/// Resolves when the budget is spent (never, without one).
async fn expired(budget: Option<Duration>) {
    match budget {
        Some(budget) => TimeoutFuture::new(timer_ms(budget)).await,
        None => future::pending().await,
    }
}

/// Runs `work` unless the caller aborts first (`Aborted`) or `budget` passes first (`Timeout`).
/// An already-aborted signal fails at once, before `work` is ever polled (so nothing is sent).
pub(crate) async fn run_until_stopped<T>(
    work: impl std::future::Future<Output = Result<T, Error>>,
    signal: Option<&AbortSignal>,
    budget: Option<Duration>,
) -> Result<T, Error> {
    if signal.is_some_and(AbortSignal::aborted) {
        return Err(Error::aborted());
    }
    let mut watch = signal.map(AbortWatch::new);
    let stop = async {
        let abort = Box::pin(aborted(watch.as_mut()));
        let timer = Box::pin(expired(budget));
        match future::select(abort, timer).await {
            Either::Left(_) => Error::aborted(),
            Either::Right(_) => Error::timeout(
                budget.map_or(0, |b| u64::try_from(b.as_millis()).unwrap_or(u64::MAX)),
            ),
        }
    };
    // Bound to a local so that the losing future (which borrows `watch`) is dropped before it.
    #[allow(clippy::let_and_return)]
    let outcome = match future::select(Box::pin(work), Box::pin(stop)).await {
        Either::Left((result, _)) => result,
        Either::Right((error, _)) => Err(error),
    };
    outcome
}
