//! A one-click copy button for an ID, with brief "Copied" feedback.

use yew::prelude::*;

use crate::browser;
use crate::i18n::{Key, Lang};

use super::icon::{icon, IconName};

/// What a copy button says: `Copy job ID`, for `what` = `job ID`.
fn copy_label(lang: Lang, what: &str) -> String {
    format!("{} {}", lang.t(Key::Copy), what)
}

/// A copy button with its own listener, for places outside the task table: copies `text`;
/// `what` it is ("job ID") names the button. A function, not a component: it holds no state
/// (see `empty_state.rs`).
pub(crate) fn copy_button(lang: Lang, text: AttrValue, what: &str) -> Html {
    let onclick = Callback::from(move |event: MouseEvent| {
        // Inside something clickable: copying must not also click it.
        event.stop_propagation();
        copy_from(event.target(), lang);
    });
    // Keys are not stopped: Esc on a focused copy button still closes the panel it is in.
    let label = copy_label(lang, what);
    html! {
        <button type="button" class="copy" data-copy={text} aria-label={label.clone()}
                title={label} {onclick}>
            { icon(IconName::Copy) }
        </button>
    }
}

/// A copy button with no listener of its own, for the task rows: out of the tab order (the row
/// is the tab stop), and the table listens for clicks on all of them (`copy_from`). Copies
/// `text`; `what` it is names the button.
pub(crate) fn row_copy_button(lang: Lang, text: &str, what: Key) -> Html {
    let label = copy_label(lang, lang.t(what));
    html! {
        <button type="button" class="copy" data-copy={text.to_owned()} aria-label={label.clone()}
                title={label} tabindex="-1">
            { icon(IconName::Copy) }
        </button>
    }
}

/// Copies the text of the copy button the event happened in ([`copy_button`] or
/// [`row_copy_button`]) and, once the browser has, says how it went for a moment ("Copied"
/// and a check mark, or "Copy failed"); `false` if the event was not on one.
pub(crate) fn copy_from(target: Option<web_sys::EventTarget>, lang: Lang) -> bool {
    use wasm_bindgen::JsCast;
    let Some(button) = target
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        .and_then(|element| element.closest("button.copy[data-copy]").ok().flatten())
    else {
        return false;
    };
    let copying = browser::copy_text(&button.get_attribute("data-copy").unwrap_or_default());
    wasm_bindgen_futures::spawn_local(async move {
        // Refused (no permission) rejects the promise; no clipboard at all is `None`.
        let copied = match copying {
            Some(promise) => wasm_bindgen_futures::JsFuture::from(promise).await.is_ok(),
            None => false,
        };
        let (class, said) = if copied {
            ("copy copy--done", Key::Copied)
        } else {
            ("copy copy--failed", Key::CopyFailed)
        };
        // The feedback is written on the element itself: Yew diffs a re-render against its own
        // last render, not the DOM, so it leaves these alone until the timer puts them back.
        let label = button.get_attribute("title").unwrap_or_default();
        let _ = button.set_attribute("class", class);
        let _ = button.set_attribute("title", lang.t(said));
        gloo_timers::callback::Timeout::new(if copied { 1_500 } else { 4_000 }, move || {
            let _ = button.set_attribute("class", "copy");
            let _ = button.set_attribute("title", &label);
        })
        .forget();
    });
    true
}
