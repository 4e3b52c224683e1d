//! A one-click copy button for an ID, with brief "Copied" feedback.

use yew::prelude::*;

use crate::viewer::browser;
use crate::viewer::i18n::{Key, Lang};

use super::icon::{icon, IconName};

#[derive(Properties, PartialEq)]
pub(crate) struct CopyButtonProps {
    /// The text copied.
    pub text: AttrValue,
    /// What it is ("job ID"), for the button's accessible name.
    pub what: AttrValue,
    /// Whether Tab stops on it. Off inside table rows, so that Tab does not walk through two
    /// buttons per row: the arrow keys move between rows, and the details panel's buttons copy.
    #[prop_or(true)]
    pub tabbable: bool,
}

#[function_component]
pub(crate) fn CopyButton(props: &CopyButtonProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let copied = use_state(|| false);
    let onclick = {
        let (text, copied) = (props.text.clone(), copied.clone());
        Callback::from(move |event: MouseEvent| {
            // Inside a row: copying must not also open the details.
            event.stop_propagation();
            if browser::copy_text(&text) {
                copied.set(true);
                let copied = copied.clone();
                gloo_timers::callback::Timeout::new(1_500, move || copied.set(false)).forget();
            }
        })
    };
    let onkeydown = Callback::from(|event: KeyboardEvent| event.stop_propagation());
    let label = format!("{} {}", lang.t(Key::Copy), props.what);
    html! {
        <button type="button" class={classes!("copy", copied.then_some("copy--done"))}
                aria-label={label.clone()} title={if *copied { lang.t(Key::Copied).to_owned() } else { label }}
                tabindex={(!props.tabbable).then_some("-1")}
                {onclick} {onkeydown}>
            { icon(IconName::Copy) }
        </button>
    }
}

/// A copy button without handlers of its own, for the rows of a table whose body listens once
/// for all of them ([`copy_from`]): a row renders no closure and no component for it.
pub(crate) fn delegated_copy_button(lang: Lang, text: &str, what: Key) -> Html {
    let label = format!("{} {}", lang.t(Key::Copy), lang.t(what));
    html! {
        <button type="button" class="copy" data-copy={text.to_owned()} aria-label={label.clone()}
                title={label} tabindex="-1">
            { icon(IconName::Copy) }
        </button>
    }
}

/// Copies the text of the [`delegated_copy_button`] the event happened in, with the same brief
/// "Copied" feedback as [`CopyButton`]; `false` if the event was not on one.
pub(crate) fn copy_from(target: Option<web_sys::EventTarget>, lang: Lang) -> bool {
    use wasm_bindgen::JsCast;
    let Some(button) = target
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        .and_then(|element| element.closest("button.copy[data-copy]").ok().flatten())
    else {
        return false;
    };
    let text = button.get_attribute("data-copy").unwrap_or_default();
    if browser::copy_text(&text) {
        // The feedback lives on the element for a moment; the next render of the row, if any,
        // rewrites the class and title from its props.
        let label = button.get_attribute("title").unwrap_or_default();
        let _ = button.set_attribute("class", "copy copy--done");
        let _ = button.set_attribute("title", lang.t(Key::Copied));
        gloo_timers::callback::Timeout::new(1_500, move || {
            let _ = button.set_attribute("class", "copy");
            let _ = button.set_attribute("title", &label);
        })
        .forget();
    }
    true
}
