//! Median and p95 duration of the finished tasks loaded: the shown page, and the whole filter
//! once an export has walked it.

use yew::prelude::*;

use crate::i18n::{seconds, whole_filter, Key, Lang};
use crate::insights::stats::DurationStats;

#[derive(Properties, PartialEq)]
pub(crate) struct DurationStatsProps {
    /// Over the shown page.
    pub page: Option<DurationStats>,
    /// Over the last export's walk of this filter: tasks walked, stats.
    pub walk: Option<(u64, DurationStats)>,
}

fn figures(lang: Lang, stats: &DurationStats) -> Html {
    html! {
        <>
            <span class="stat"><span class="stat__label">{ lang.t(Key::Median) }</span>
                <span class="stat__value" data-stat="median">{ seconds(lang, stats.median_s) }</span></span>
            <span class="stat"><span class="stat__label">{ lang.t(Key::P95) }</span>
                <span class="stat__value" data-stat="p95">{ seconds(lang, stats.p95_s) }</span></span>
        </>
    }
}

/// The line; nothing when there are no statistics at all.
#[function_component]
pub(crate) fn DurationStatsLine(props: &DurationStatsProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    if props.page.is_none() && props.walk.is_none() {
        return html! {};
    }
    html! {
        <div class="duration-stats" aria-label={lang.t(Key::DurationOfFinished)}>
            <span class="duration-stats__title">{ lang.t(Key::DurationOfFinished) }</span>
            if let Some(stats) = &props.page {
                <span class="duration-stats__group" data-scope="page"
                      title={stats.finished.to_string()}>
                    <span class="duration-stats__scope">{ lang.t(Key::ThisPage) }</span>{ figures(lang, stats) }
                </span>
            }
            if let Some((walked, stats)) = &props.walk {
                <span class="duration-stats__group" data-scope="filter"
                      title={format!("{} / {}", stats.finished, walked)}>
                    <span class="duration-stats__scope">{ whole_filter(lang, *walked) }</span>{ figures(lang, stats) }
                </span>
            }
        </div>
    }
}
