//! Small icons: drawn (one sprite in `styles/app.css`, made by `scripts/icons.mjs`), not taken
//! from a font, so they show on any system. Each is one empty element whose CSS mask paints its
//! drawing in the text colour.

use yew::prelude::*;

use vbs_tasks::core::model::TaskStatus;

/// The icons of the sprite in `styles/app.css` (`--icon-at`), by what they show.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum IconName {
    /// Succeeded.
    Check,
    /// Failed.
    Cross,
    /// Timed out.
    Clock,
    /// Waiting.
    Pause,
    /// Skipped.
    Skip,
    /// A status this viewer does not know.
    Question,
    /// Copy to the clipboard.
    Copy,
    /// Settings.
    Gear,
    /// Refresh.
    Refresh,
}

impl IconName {
    /// The icon's classes.
    fn class(self) -> &'static str {
        match self {
            IconName::Check => "icon icon--check",
            IconName::Cross => "icon icon--cross",
            IconName::Clock => "icon icon--clock",
            IconName::Pause => "icon icon--pause",
            IconName::Skip => "icon icon--skip",
            IconName::Question => "icon icon--question",
            IconName::Copy => "icon icon--copy",
            IconName::Gear => "icon icon--gear",
            IconName::Refresh => "icon icon--refresh",
        }
    }

    /// The icon of a status's badge.
    pub(crate) fn of_status(status: &TaskStatus) -> IconName {
        match status {
            TaskStatus::ExecuteSuccess => IconName::Check,
            TaskStatus::ExecuteFail => IconName::Cross,
            TaskStatus::ExecuteTimeout => IconName::Clock,
            TaskStatus::Waiting => IconName::Pause,
            TaskStatus::Skip => IconName::Skip,
            _ => IconName::Question,
        }
    }
}

/// The icon `name`, decorative: hidden from assistive technology (what it means is said in
/// words beside it or in its button's name).
pub(crate) fn icon(name: IconName) -> Html {
    html! { <span class={name.class()} aria-hidden="true"></span> }
}
