//! A task status as a badge: icon (or spinner) + colour + words; the API value in its tooltip.
//! The table's rows and these badges share one markup, `viewer::markup::status_badge`.

use yew::prelude::*;

use crate::i18n::Lang;
use crate::markup;
use vbs_tasks::core::model::TaskStatus;

/// The badge of `status`, in `lang`.
pub(crate) fn status_badge(lang: Lang, status: &TaskStatus) -> Html {
    let mut html = String::new();
    markup::status_badge(&mut html, lang, status);
    Html::from_html_unchecked(html.into())
}
