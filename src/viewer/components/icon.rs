//! Small icons: drawn (SVG paths in `styles/app.css`), not taken from a font, so they show on any
//! system. Each is one empty element whose CSS mask paints the path in the text colour: a table
//! row has three, and an inline `<svg>` with its paths cost a dozen attribute writes each.

use yew::prelude::*;

/// The icons the viewer uses.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum IconName {
    Check,
    Cross,
    Clock,
    Pause,
    Skip,
    Question,
    Copy,
    Gear,
    Refresh,
}

impl IconName {
    /// The class that selects its drawing in `styles/app.css`.
    pub(crate) fn class(self) -> &'static str {
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
}

/// The icon, hidden from screen readers (the text or label beside it says what it means).
pub(crate) fn icon(name: IconName) -> Html {
    html! { <span class={name.class()} aria-hidden="true"></span> }
}
