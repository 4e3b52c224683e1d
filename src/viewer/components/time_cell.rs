//! A time in the browser's zone, with the exact UTC in its tooltip and a relative form below.

use yew::prelude::*;

use crate::core::time::Timestamp;
use crate::viewer::browser;
use crate::viewer::format::{local_time, relative, utc_time};

#[derive(Properties, PartialEq)]
pub(crate) struct TimeCellProps {
    pub at: Option<Timestamp>,
    pub now_ms: f64,
}

#[function_component]
pub(crate) fn TimeText(props: &TimeCellProps) -> Html {
    let Some(at) = props.at else {
        return html! { <span class="muted">{ "—" }</span> };
    };
    let at_ms = at.unix_millis() as f64;
    let shown = local_time(at, browser::zone_offset_minutes(at_ms));
    html! {
        <span class="time">
            <time datetime={format!("{}Z", at.to_api_string())} title={utc_time(at)}>{ shown }</time>
            <span class="time__relative">{ relative(props.now_ms, at_ms) }</span>
        </span>
    }
}
