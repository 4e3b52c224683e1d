//! Small icons: drawn (one sprite in `styles/app.css`, made by `scripts/icons.mjs`), not taken
//! from a font, so they show on any system. Each is one empty element whose CSS mask paints its
//! drawing in the text colour.

use yew::prelude::*;

pub(crate) use crate::viewer::markup::IconName;

/// The icon `name` (decorative: hidden from assistive technology).
pub(crate) fn icon(name: IconName) -> Html {
    html! { <span class={name.class()} aria-hidden="true"></span> }
}
