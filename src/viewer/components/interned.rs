//! The strings that table rows and timeline bars hand to the DOM over and over, made JavaScript
//! strings once. The viewer builds wasm-bindgen with string interning: a `&str` found in its cache
//! crosses as a reference, any other is copied out of wasm memory and decoded (`TextDecoder`) on
//! every call, ~75 times per row. Only what repeats row after row belongs here: an ID or a time
//! would only fill the cache.

use wasm_bindgen::intern;

use crate::core::model::TaskStatus;
use crate::viewer::i18n::{status_label, Key, Lang};

use super::copy_button::copy_label;
use super::icon::IconName;
use super::status_badge::{badge_class, icon_name};
use super::timeline::bar_class;

/// Literal attribute values, texts and SVG names of `task_row.rs`, `status_badge.rs`,
/// `copy_button.rs`, `icon.rs`, `time_cell.rs` and `timeline.rs`.
const LITERALS: [&str; 28] = [
    "true",
    "0",
    "-1",
    "button",
    "copy",
    "task-row",
    "task-row task-row--failed",
    "cell-status",
    "cell-id",
    "cell-name",
    "cell-resource",
    "cell-time",
    "cell-duration",
    "id-with-copy",
    "id",
    "tag",
    "time",
    "time__relative",
    "muted",
    "\u{2014}",
    "ticking",
    "spinner",
    "badge__icon",
    "badge__text",
    "listitem",
    "rect",
    "title",
    "http://www.w3.org/2000/svg",
];

/// Interns what every row and bar repeats in `lang`: at boot, while the first page is on its
/// way, and again when the language changes.
pub(crate) fn intern_row_strings(lang: Lang) {
    for text in LITERALS {
        intern(text);
    }
    intern(IconName::Copy.class());
    intern(lang.t(Key::RunningHint));
    intern(&copy_label(lang, Key::WhatJobId));
    intern(&copy_label(lang, Key::WhatResourceId));
    for status in TaskStatus::KNOWN.iter() {
        intern(status.as_str());
        intern(status_label(lang, status));
        intern(&badge_class(status));
        intern(icon_name(status).class());
        intern(&bar_class(status, false, false));
        intern(&bar_class(status, true, false));
    }
}
