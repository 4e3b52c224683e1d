//! A time in the browser's zone, with the exact UTC in its tooltip and a relative form below.

use yew::prelude::*;

use crate::core::time::Timestamp;
use crate::viewer::browser;
use crate::viewer::format::utc_time;
use crate::viewer::i18n::{local_time, relative, Lang};

#[derive(Properties, PartialEq)]
pub(crate) struct TimeCellProps {
    pub at: Option<Timestamp>,
    pub now_ms: f64,
}

#[function_component]
pub(crate) fn TimeText(props: &TimeCellProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let Some(at) = props.at else {
        return html! { <span class="muted">{ "—" }</span> };
    };
    let at_ms = at.unix_millis() as f64;
    let shown = local_time(lang, at, browser::zone_offset_minutes(at_ms));
    html! {
        <span class="time">
            <time datetime={format!("{}Z", at.to_api_string())} title={utc_time(at)}>{ shown }</time>
            <span class="time__relative">{ relative(lang, props.now_ms, at_ms) }</span>
        </span>
    }
}
