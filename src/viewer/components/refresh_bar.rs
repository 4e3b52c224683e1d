//! Refresh button, "updated N s ago", the auto-refresh toggle, "Watch", and a failed refresh's
//! notice.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::i18n::{failure_detail, updated_ago, Key, Lang};
use vbs_tasks::core::error::Error;

use super::icon::{icon, IconName};

#[derive(Properties, PartialEq)]
pub(crate) struct RefreshBarProps {
    /// When the shown rows arrived (page clock).
    pub updated_at: Option<f64>,
    /// Now (page clock).
    pub now_ms: f64,
    /// A request is under way.
    pub loading: bool,
    /// The last refresh failed (the rows shown are from `updated_at`).
    pub failure: Option<Error>,
    /// "Auto-refresh" is on.
    pub auto_refresh: bool,
    /// Running or waiting tasks are shown (auto-refresh is active, not just allowed).
    pub live: bool,
    /// "Refresh" was pressed.
    pub onrefresh: Callback<()>,
    /// "Auto-refresh" was turned on or off.
    pub ontoggle: Callback<bool>,
    /// "Watch" is on.
    pub watch: bool,
    /// "Watch" was turned on or off.
    pub onwatch: Callback<bool>,
}

/// The bar.
#[function_component]
pub(crate) fn RefreshBar(props: &RefreshBarProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let checked = |event: Event| event.target_unchecked_into::<HtmlInputElement>().checked();
    let onclick = props.onrefresh.reform(|_: MouseEvent| ());
    let onchange = props.ontoggle.reform(checked);
    let onwatch = props.onwatch.reform(checked);
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
