//! Refresh button, "updated N s ago", the auto-refresh toggle, and a failed refresh's notice.
//!
//! A function, not a component (see `components/mod.rs`).

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::core::error::Error;
use crate::viewer::i18n::{failure_detail, updated_ago, Key, Lang};

use super::icon::{icon, IconName};

pub(crate) struct RefreshBarProps {
    pub updated_at: Option<f64>,
    pub now_ms: f64,
    pub loading: bool,
    /// The last refresh failed (the rows shown are from `updated_at`).
    pub failure: Option<Error>,
    pub auto_refresh: bool,
    /// Running or waiting tasks are shown (auto-refresh is active, not just allowed).
    pub live: bool,
    pub onrefresh: Callback<()>,
    pub ontoggle: Callback<bool>,
    /// "Watch" is on.
    pub watch: bool,
    pub onwatch: Callback<bool>,
}

pub(crate) fn refresh_bar(lang: Lang, props: &RefreshBarProps) -> Html {
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
            if let Some(error) = &props.failure {
                <span class="refresh-bar__failure" role="status" title={failure_detail(lang, error)}>
                    { icon(IconName::Cross) }{ lang.t(Key::RefreshFailed) }
                </span>
            }
            <span class="refresh-bar__status" aria-live="off">{ status }</span>
            <label class="toggle" title={lang.t(Key::AutoRefreshHint)}>
                <input type="checkbox" checked={props.auto_refresh} {onchange} />
                <span>{ lang.t(Key::AutoRefresh) }</span>
                if props.auto_refresh && props.live { <span class="live-dot" role="img" aria-label={lang.t(Key::RefreshingLive)} title={lang.t(Key::RefreshingLive)}></span> }
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
