//! Small inline SVG icons: drawn, not taken from a font, so they show on any system.

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

#[derive(Properties, PartialEq)]
pub(crate) struct IconProps {
    pub name: IconName,
}

#[function_component]
pub(crate) fn Icon(props: &IconProps) -> Html {
    let body = match props.name {
        IconName::Check => html! { <path d="M3.5 8.5l3 3 6-7" /> },
        IconName::Cross => html! { <path d="M4 4l8 8M12 4l-8 8" /> },
        IconName::Clock => {
            html! { <><circle cx="8" cy="8" r="5.5" /><path d="M8 5v3.2l2.2 1.4" /></> }
        }
        IconName::Pause => html! { <path d="M6 4.5v7M10 4.5v7" /> },
        IconName::Skip => html! { <path d="M4 4.5l5 3.5-5 3.5zM11.5 4.5v7" /> },
        IconName::Question => {
            html! { <><path d="M6 6.2a2 2 0 1 1 2.8 1.8c-.6.3-.8.7-.8 1.3v.4" /><circle cx="8" cy="12" r=".4" /></> }
        }
        IconName::Copy => {
            html! { <><rect x="5.5" y="5.5" width="7.5" height="7.5" rx="1.5" /><path d="M3 10.5V4.5A1.5 1.5 0 0 1 4.5 3h6" /></> }
        }
        IconName::Gear => {
            html! { <><circle cx="8" cy="8" r="2.2" /><path d="M8 1.8v1.8M8 12.4v1.8M1.8 8h1.8M12.4 8h1.8M3.6 3.6l1.3 1.3M11.1 11.1l1.3 1.3M3.6 12.4l1.3-1.3M11.1 4.9l1.3-1.3" /></> }
        }
        IconName::Refresh => {
            html! { <><path d="M13 8a5 5 0 1 1-1.6-3.7" /><path d="M13 2.5v3h-3" /></> }
        }
    };
    html! {
        <svg class="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false"
             fill="none" stroke="currentColor" stroke-width="1.7" stroke-linecap="round" stroke-linejoin="round">
            { body }
        </svg>
    }
}
