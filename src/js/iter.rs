//! The async iterators behind `tasks()`, `pages()` and `operationLogs()`: `next()` and `return()`
//! over a Rust stream.
//!
//! The npm entry adds `[Symbol.asyncIterator]() { return this }` to the class's prototype, which
//! makes it usable with `for await`. Calls to `next()` are served in order even when a caller does
//! not wait for one before making the next. After an error or the end, `next()` reports done;
//! `return()` (called by `for await` on `break`) drops the stream, which aborts a request in flight.
//! Once the caller's `AbortSignal` has aborted, the next `next()` rejects with `aborted` even when
//! the current page still holds tasks (the stream itself only sees the signal at its next request).

use std::cell::RefCell;
use std::rc::Rc;

use futures::stream::{LocalBoxStream, StreamExt};
use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

use crate::core::error::Error;

use super::convert::step;
use super::error::to_js;
use super::promise;

type Items = LocalBoxStream<'static, Result<JsValue, Error>>;

struct State {
    /// `None` while a `next()` is being served, and for good after the end or `return()`.
    stream: Option<Items>,
    /// Set by `return()` and at the end: nothing more is yielded.
    closed: bool,
    /// The last `next()` promise, which the following `next()` waits for.
    last: Option<Promise>,
    /// The caller's signal, if any.
    signal: Option<AbortSignal>,
}

/// An async iterator over a stream of tasks, pages or operation logs (JavaScript: what `tasks()`,
/// `pages()` and `operationLogs()` return).
#[wasm_bindgen(skip_typescript)]
pub struct VbsIterator {
    state: Rc<RefCell<State>>,
}

impl VbsIterator {
    pub(crate) fn new(stream: Items, signal: Option<AbortSignal>) -> Self {
        VbsIterator {
            state: Rc::new(RefCell::new(State {
                stream: Some(stream),
                closed: false,
                last: None,
                signal,
            })),
        }
    }
}

#[wasm_bindgen]
impl VbsIterator {
    /// The next item: `{ value, done: false }`, or `{ value: undefined, done: true }` at the end;
    /// rejects with a `VbsError` when a request fails (the iteration then ends).
    pub fn next(&self) -> Promise {
        let state = Rc::clone(&self.state);
        let previous = state.borrow_mut().last.take();
        let answer = promise(async move {
            if let Some(previous) = previous {
                // Only the order matters here: the previous call's outcome went to its caller.
                let _ = JsFuture::from(previous).await;
            }
            let taken = state.borrow_mut().stream.take();
            let Some(mut stream) = taken else {
                return Ok(step(&JsValue::UNDEFINED, true));
            };
            let aborted = state
                .borrow()
                .signal
                .as_ref()
                .is_some_and(AbortSignal::aborted);
            if aborted {
                state.borrow_mut().closed = true;
                return Err(to_js(&Error::aborted()));
            }
            let item = stream.next().await;
            let mut state = state.borrow_mut();
            match item {
                Some(Ok(value)) => {
                    if !state.closed {
                        state.stream = Some(stream);
                    }
                    Ok(step(&value, false))
                }
                Some(Err(error)) => {
                    state.closed = true;
                    Err(to_js(&error))
                }
                None => {
                    state.closed = true;
                    Ok(step(&JsValue::UNDEFINED, true))
                }
            }
        });
        self.state.borrow_mut().last = Some(answer.clone());
        answer
    }

    /// Ends the iteration early (`break` in `for await`): no more requests are made.
    #[wasm_bindgen(js_name = "return")]
    pub fn finish(&self) -> Promise {
        let mut state = self.state.borrow_mut();
        state.closed = true;
        state.stream = None;
        Promise::resolve(&step(&JsValue::UNDEFINED, true))
    }
}
