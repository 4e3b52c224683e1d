//! A task status as a badge: icon (or spinner) + colour + words; the API value in its tooltip.
//! A plain function, not a component (one per table row; see `time_cell.rs`).

use yew::prelude::*;

use crate::core::model::TaskStatus;
use crate::viewer::format::status_tone;
use crate::viewer::i18n::{status_label, Lang};

use super::icon::{icon, IconName};

/// The drawn icon of a status (colour is never the only signal); Running has a spinner instead.
pub(crate) fn icon_name(status: &TaskStatus) -> IconName {
    match status {
        TaskStatus::ExecuteSuccess => IconName::Check,
        TaskStatus::ExecuteFail => IconName::Cross,
        TaskStatus::ExecuteTimeout => IconName::Clock,
        TaskStatus::Waiting => IconName::Pause,
        TaskStatus::Skip => IconName::Skip,
        _ => IconName::Question,
    }
}

/// The classes of the badge of `status`.
pub(crate) fn badge_class(status: &TaskStatus) -> String {
    format!("badge badge--{}", status_tone(status))
}

/// The badge of `status`.
pub(crate) fn status_badge(lang: Lang, status: &TaskStatus) -> Html {
    html! {
        <span class={badge_class(status)} title={status.as_str().to_owned()}
              data-status={status.as_str().to_owned()}>
            if *status == TaskStatus::Running {
                <span class="spinner" aria-hidden="true"></span>
            } else {
                <span class="badge__icon">{ icon(icon_name(status)) }</span>
            }
            <span class="badge__text">{ status_label(lang, status).to_owned() }</span>
        </span>
    }
}
