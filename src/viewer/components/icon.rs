//! Small icons: drawn (one sprite in `styles/app.css`, made by `scripts/icons.mjs`), not taken
//! from a font, so they show on any system. Each is one empty element whose CSS mask paints its
//! drawing in the text colour.

use yew::prelude::*;

use crate::markup;
pub(crate) use crate::markup::IconName;

/// The icon `name` (decorative: hidden from assistive technology), in the markup the table's
/// rows use (`viewer::markup::icon`).
pub(crate) fn icon(name: IconName) -> Html {
    let mut html = String::new();
    markup::icon(&mut html, name);
    Html::from_html_unchecked(html.into())
}
