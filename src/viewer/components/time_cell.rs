//! A time in the browser's zone, with the exact UTC in its tooltip and a relative form below.

use yew::prelude::*;

use crate::browser;
use crate::format::utc_time;
use crate::i18n::{local_time, relative, Lang};
use vbs_tasks::core::time::Timestamp;

/// `at` as the local time (at the browser's offset from UTC at that instant), or a dash when
/// there is none; `now_ms` for the relative form.
pub(crate) fn time_text(lang: Lang, at: Option<Timestamp>, now_ms: f64) -> Html {
    let Some(at) = at else {
        return html! { <span class="muted">{ "\u{2014}" }</span> };
    };
    let at_ms = at.unix_millis() as f64;
    let offset_minutes = browser::zone_offset_minutes(at_ms);
    html! {
        <span class="time">
            <time datetime={format!("{}Z", at.to_api_string())} title={utc_time(at)}>
                { local_time(lang, at, offset_minutes) }
            </time>
            <span class="time__relative">{ relative(lang, now_ms, at_ms) }</span>
        </span>
    }
}
