//! A one-click copy button for an ID, with brief "Copied" feedback.

use yew::prelude::*;

use crate::viewer::browser;
use crate::viewer::i18n::{Key, Lang};

use super::icon::{Icon, IconName};

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
            <Icon name={if *copied { IconName::Check } else { IconName::Copy }} />
        </button>
    }
}
