//! Refresh button, "updated N s ago", and the auto-refresh toggle.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::viewer::i18n::{updated_ago, Key, Lang};

use super::icon::{icon, IconName};

#[derive(Properties, PartialEq)]
pub(crate) struct RefreshBarProps {
    pub updated_at: Option<f64>,
    pub now_ms: f64,
    pub loading: bool,
    pub auto_refresh: bool,
    /// Running or waiting tasks are shown (auto-refresh is active, not just allowed).
    pub live: bool,
    pub onrefresh: Callback<()>,
    pub ontoggle: Callback<bool>,
    /// "Watch" is on.
    pub watch: bool,
    pub onwatch: Callback<bool>,
}

#[function_component]
pub(crate) fn RefreshBar(props: &RefreshBarProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let onclick = {
        let onrefresh = props.onrefresh.clone();
        Callback::from(move |_: MouseEvent| onrefresh.emit(()))
    };
    let onchange = {
        let ontoggle = props.ontoggle.clone();
        Callback::from(move |event: Event| {
            ontoggle.emit(event.target_unchecked_into::<HtmlInputElement>().checked())
        })
    };
    let onwatch = {
        let onwatch = props.onwatch.clone();
        Callback::from(move |event: Event| {
            onwatch.emit(event.target_unchecked_into::<HtmlInputElement>().checked())
        })
    };
    let status = match (props.loading, props.updated_at) {
        (true, _) => lang.t(Key::Updating).to_owned(),
        (false, Some(at)) => updated_ago(lang, props.now_ms, at),
        (false, None) => String::new(),
    };
    html! {
        <div class="refresh-bar">
            <span class="refresh-bar__status" aria-live="off">{ status }</span>
            <label class="toggle" title={lang.t(Key::AutoRefreshHint)}>
                <input type="checkbox" checked={props.auto_refresh} {onchange} />
                <span>{ lang.t(Key::AutoRefresh) }</span>
                if props.auto_refresh && props.live { <span class="live-dot" aria-label="live"></span> }
            </label>
            <label class="toggle" title={lang.t(Key::WatchHint)}>
                <input type="checkbox" checked={props.watch} onchange={onwatch} />
                <span>{ lang.t(Key::Watch) }</span>
            </label>
            <button type="button" class={classes!("button", props.loading.then_some("button--spinning"))} {onclick}>
                <span class="refresh-icon">{ icon(IconName::Refresh) }</span>{ lang.t(Key::Refresh) }
            </button>
        </div>
    }
}
