//! A task status as a badge: icon (or spinner) + colour + words; the API value in its tooltip.

use yew::prelude::*;

use crate::format::status_tone;
use crate::i18n::{status_label, Lang};
use vbs_tasks::core::model::TaskStatus;

use super::icon::{icon, IconName};

/// The badge of `status`, in `lang`.
pub(crate) fn status_badge(lang: Lang, status: &TaskStatus) -> Html {
    status_badge_as(lang, status, status.as_str())
}

/// The badge of `status`, which the API writes `wire` (CBR's `failed` for the common
/// `EXECUTE_FAIL`): its tooltip and `data-status`.
pub(crate) fn status_badge_as(lang: Lang, status: &TaskStatus, wire: &str) -> Html {
    let value = wire.to_owned();
    html! {
        <span class={classes!("badge", format!("badge--{}", status_tone(status)))}
              title={value.clone()} data-status={value}>
            if *status == TaskStatus::Running {
                <span class="spinner" aria-hidden="true"></span>
            } else {
                <span class="badge__icon">{ icon(IconName::of_status(status)) }</span>
            }
            <span class="badge__text">{ status_label(lang, status).to_owned() }</span>
        </span>
    }
}
