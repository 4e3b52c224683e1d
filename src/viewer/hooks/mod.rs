//! The effects: each hook performs what the state asks for and reports back with an [`Action`].
//!
//! The fetch hooks abort their request when the state asks for another one (the effect's cleanup
//! runs before the next effect), and every answer carries its request's id, so even an answer that
//! slips past the abort is dropped by the reducer (`state/latest.rs`).
//!
//! | file | hooks |
//! |---|---|
//! | `requests.rs` | the policy list, the CBR vault and policy lists, and the task view's page; the client they share |
//! | `cbr.rs` | CBR reads of many calls: a whole filter, and a CBR policy's tasks |
//! | `export.rs` | the export's walk and download |
//! | `counts.rs` | the status overview and the policies at a glance |
//! | `page.rs` | the clock, the URL, the keyboard, notifications |
//!
//! [`Action`]: crate::state::Action

mod cbr;
mod counts;
mod export;
mod page;
pub(crate) mod requests;

use std::any::Any;
use std::rc::Rc;

use yew::prelude::*;

pub(crate) use counts::{use_glance, use_overview};
pub(crate) use export::use_export;
pub(crate) use page::{use_clock, use_escape, use_shortcuts, use_url_sync, use_watch};
pub(crate) use requests::{use_cbr_lists, use_policies, use_prefetch, use_tasks};

/// Yew's `use_effect_with` with its types erased: `effect` runs after a render in which `deps`
/// changed (and the first), and what it returns runs before the next run or at unmount.
///
/// Why: Yew's effect machinery is generic over the dependencies, the effect and its cleanup, so
/// each of the viewer's effects instantiated all of it again (1.4 KB of the viewer's brotli in
/// all). Here it is instantiated once, for [`ErasedDeps`] and boxed closures; a render pays an
/// `Rc` and two boxes per effect, and compares the deps through a function pointer.
#[hook]
pub(crate) fn use_effect_on<T, F, D>(deps: T, effect: F)
where
    T: PartialEq + 'static,
    F: FnOnce(&T) -> D + 'static,
    D: TearDown,
{
    let deps = Rc::new(deps);
    let erased = ErasedDeps {
        value: deps.clone(),
        same: same_as::<T>,
    };
    let runner: ErasedEffect = Box::new(move |_| {
        let cleanup = effect(&deps);
        Box::new(move || cleanup.tear_down())
    });
    use_effect_with(erased, runner);
}

/// An effect, boxed: it returns its cleanup, boxed.
type ErasedEffect = Box<dyn FnOnce(&ErasedDeps) -> Box<dyn FnOnce()>>;

/// An effect's dependencies, of any type, with the comparison of their own type.
struct ErasedDeps {
    value: Rc<dyn Any>,
    same: fn(&dyn Any, &dyn Any) -> bool,
}

impl PartialEq for ErasedDeps {
    fn eq(&self, other: &Self) -> bool {
        (self.same)(&*self.value, &*other.value)
    }
}

/// `a == b` when both are a `T` (they always are: one call site, one type).
fn same_as<T: PartialEq + 'static>(a: &dyn Any, b: &dyn Any) -> bool {
    matches!((a.downcast_ref::<T>(), b.downcast_ref::<T>()), (Some(a), Some(b)) if a == b)
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;

    use gloo_timers::future::TimeoutFuture;
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    use super::*;
    use crate::browser;

    wasm_bindgen_test_configure!(run_in_browser);

    thread_local! {
        static LOG: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    }

    fn log(line: String) {
        LOG.with(|log| log.borrow_mut().push(line));
    }

    fn logged() -> Vec<String> {
        LOG.with(|log| std::mem::take(&mut *log.borrow_mut()))
    }

    #[derive(Properties, PartialEq)]
    struct ProbeProps {
        deps: (u32, String),
        shown: u32,
    }

    #[function_component]
    fn Probe(props: &ProbeProps) -> Html {
        use_effect_on(props.deps.clone(), |(n, s)| {
            log(format!("run {n} {s}"));
            let s = s.clone();
            move || log(format!("clean {s}"))
        });
        html! { <i>{ props.shown }</i> }
    }

    /// Yew runs effects after the render, from its scheduler: give it a turn.
    async fn settle() {
        TimeoutFuture::new(30).await;
    }

    #[wasm_bindgen_test]
    async fn an_erased_effect_runs_only_when_its_deps_change_and_cleans_up_first() {
        let root = browser::test_root();
        let props = |n: u32, s: &str, shown: u32| ProbeProps {
            deps: (n, s.to_owned()),
            shown,
        };
        let mut app =
            yew::Renderer::<Probe>::with_root_and_props(root.clone(), props(1, "a", 0)).render();
        settle().await;
        assert_eq!(logged(), ["run 1 a"]);

        // A render with equal deps (of a type the hook has never seen) runs nothing.
        app.update(props(1, "a", 1));
        settle().await;
        assert_eq!(root.text_content().as_deref(), Some("1"), "not re-rendered");
        assert_eq!(logged(), Vec::<String>::new());

        app.update(props(1, "b", 2));
        settle().await;
        assert_eq!(logged(), ["clean a", "run 1 b"]);
        app.update(props(2, "b", 3));
        settle().await;
        assert_eq!(logged(), ["clean b", "run 2 b"]);

        app.destroy();
        settle().await;
        assert_eq!(logged(), ["clean b"]);
    }
}
