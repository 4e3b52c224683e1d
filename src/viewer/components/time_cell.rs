//! A time in the browser's zone, with the exact UTC in its tooltip and a relative form below.
//! The table's rows and these times share one markup, `viewer::markup::time`.

use yew::prelude::*;

use crate::browser;
use crate::i18n::Lang;
use crate::markup;
use vbs_tasks::core::time::Timestamp;

/// `at` as the local time, or a dash when there is none; `now_ms` for the relative form.
pub(crate) fn time_text(lang: Lang, at: Option<Timestamp>, now_ms: f64) -> Html {
    let mut html = String::new();
    markup::time(&mut html, lang, at, browser::zone_offset_minutes, now_ms);
    Html::from_html_unchecked(html.into())
}
