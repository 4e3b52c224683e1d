//! Work for later: once the browser is idle, once the next frame is painted.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::Window;

use super::window;

/// A callback for when the browser is next idle (`requestIdleCallback`; a short timeout where
/// there is none), cancelled when dropped.
pub(crate) struct WhenIdle {
    idle: Option<(Window, u32)>,
    _callback: Option<Closure<dyn FnMut()>>,
    _timeout: Option<gloo_timers::callback::Timeout>,
}

impl WhenIdle {
    /// Runs `f` once the page has nothing else to do (at the latest after `within_ms`).
    pub(crate) fn new(within_ms: u32, f: impl FnOnce() + 'static) -> WhenIdle {
        let window = window().filter(|window| {
            js_sys::Reflect::has(window, &"requestIdleCallback".into()).unwrap_or(false)
        });
        let Some(window) = window else {
            return WhenIdle {
                idle: None,
                _callback: None,
                _timeout: Some(gloo_timers::callback::Timeout::new(100, f)),
            };
        };
        let mut f = Some(f);
        let callback = Closure::<dyn FnMut()>::new(move || {
            if let Some(f) = f.take() {
                f()
            }
        });
        let options = web_sys::IdleRequestOptions::new();
        options.set_timeout(within_ms);
        let handle = window
            .request_idle_callback_with_options(callback.as_ref().unchecked_ref(), &options)
            .ok();
        WhenIdle {
            idle: handle.map(|handle| (window, handle)),
            _callback: Some(callback),
            _timeout: None,
        }
    }
}

impl Drop for WhenIdle {
    fn drop(&mut self) {
        if let Some((window, handle)) = &self.idle {
            window.cancel_idle_callback(*handle);
        }
    }
}

/// A callback for once the page has painted its next frame (`requestAnimationFrame`, then a task
/// after it), cancelled when dropped.
pub(crate) struct AfterPaint {
    frame: Option<(Window, i32)>,
    _callback: Closure<dyn FnMut()>,
    _timeout: std::rc::Rc<std::cell::RefCell<Option<gloo_timers::callback::Timeout>>>,
}

impl AfterPaint {
    /// Runs `f` after the next frame is painted.
    pub(crate) fn new(f: impl FnOnce() + 'static) -> AfterPaint {
        let timeout = std::rc::Rc::new(std::cell::RefCell::new(None));
        let mut f = Some(f);
        let pending = timeout.clone();
        let callback = Closure::<dyn FnMut()>::new(move || {
            if let Some(f) = f.take() {
                *pending.borrow_mut() = Some(gloo_timers::callback::Timeout::new(0, f));
            }
        });
        let frame = window().and_then(|window| {
            let id = window
                .request_animation_frame(callback.as_ref().unchecked_ref())
                .ok()?;
            Some((window, id))
        });
        AfterPaint {
            frame,
            _callback: callback,
            _timeout: timeout,
        }
    }
}

impl Drop for AfterPaint {
    fn drop(&mut self) {
        if let Some((window, id)) = &self.frame {
            let _ = window.cancel_animation_frame(*id);
        }
    }
}
