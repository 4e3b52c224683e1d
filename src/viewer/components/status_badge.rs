//! A task status as a badge: icon (or spinner) + colour + words; the API value in its tooltip.

use yew::prelude::*;

use crate::format::status_tone;
use crate::i18n::{status_label, Lang};
use vbs_tasks::core::model::TaskStatus;

use super::icon::{icon, IconName};

/// The badge of `status`, in `lang`.
pub(crate) fn status_badge(lang: Lang, status: &TaskStatus) -> Html {
    let value = status.as_str().to_owned();
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
