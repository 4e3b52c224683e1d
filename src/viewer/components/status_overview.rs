//! The status overview of a policy: its tasks per status (from `count`) as an SVG stacked bar with
//! numbers, a legend whose entries filter the table, and the success rate.

use yew::prelude::*;

use crate::format::{fixed, status_tone, thousands};
use crate::i18n::{failure_note, percent, status_label, task_count, Key, Lang};
use crate::insights::chart::stacked_bar;
use crate::state::Overview;
use vbs_tasks::core::model::TaskStatus;

#[derive(Properties, PartialEq)]
pub(crate) struct StatusOverviewProps {
    /// The counts (or the round under way, or why it failed); nothing shown without.
    pub overview: Option<Overview>,
    /// The status the table is filtered by.
    pub active: Option<TaskStatus>,
    /// A legend entry was clicked: filter by it (or, on the active one, by none).
    pub onselect: Callback<Option<TaskStatus>>,
}

/// The overview.
#[function_component]
pub(crate) fn StatusOverview(props: &StatusOverviewProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let Some(overview) = &props.overview else {
        return html! {};
    };
    let Some(counts) = &overview.counts else {
        return html! {
            <section class="overview" aria-label={lang.t(Key::StatusOverview)} aria-busy={overview.loading.to_string()}>
                <h2 class="overview__title">{ lang.t(Key::StatusOverview) }</h2>
                if let Some(error) = &overview.error {
                    <p class="overview__note">{ format!("{}: {}", lang.t(Key::CountsUnavailable), failure_note(lang, error)) }</p>
                } else {
                    <div class="overview__bar skeleton" aria-hidden="true"></div>
                }
            </section>
        };
    };
    let pairs: Vec<(String, u64)> = TaskStatus::KNOWN
        .iter()
        .map(|status| (status.as_str().to_owned(), counts.get(status)))
        .collect();
    let segments = stacked_bar(&pairs);
    let total = counts.total();
    let rate = counts.success_rate();
    html! {
        <section class="overview" aria-label={lang.t(Key::StatusOverview)} data-total={total.to_string()}>
            <div class="overview__head">
                <h2 class="overview__title">{ lang.t(Key::StatusOverview) }</h2>
                <span class="overview__total">{ task_count(lang, total) }</span>
                <span class="overview__rate" data-rate={rate.map(|r| fixed(r, 4)).unwrap_or_default()}>
                    { match rate { Some(rate) => format!("{} {}", lang.t(Key::SuccessRate), percent(rate)), None => format!("{} —", lang.t(Key::SuccessRate)) } }
                </span>
            </div>
            <svg class="overview__bar" viewBox="0 0 100 8" preserveAspectRatio="none" role="img"
                 aria-label={format!("{}: {}", lang.t(Key::StatusOverview), task_count(lang, total))}>
                { for segments.iter().map(|segment| {
                    let status: TaskStatus = segment.label.parse().unwrap_or(TaskStatus::Unknown(segment.label.clone()));
                    html! {
                        <rect class={classes!("seg", format!("seg--{}", status_tone(&status)))}
                              x={fixed(segment.x, 3)} y="0" width={fixed(segment.width, 3)} height="8">
                            <title>{ format!("{}: {}", status_label(lang, &status), thousands(segment.count)) }</title>
                        </rect>
                    }
                }) }
            </svg>
            <ul class="legend">
                { for TaskStatus::KNOWN.iter().map(|status| {
                    let count = counts.get(status);
                    let active = props.active.as_ref() == Some(status);
                    let onclick = {
                        let onselect = props.onselect.clone();
                        let target = (!active).then(|| status.clone());
                        Callback::from(move |_: MouseEvent| onselect.emit(target.clone()))
                    };
                    html! {
                        <li>
                            <button type="button" class={classes!("legend__entry", active.then_some("legend__entry--active"))}
                                    data-status={status.as_str()} data-count={count.to_string()}
                                    aria-pressed={active.to_string()}
                                    title={if active { lang.t(Key::ShowAllStatuses).to_owned() } else { format!("{} {}", lang.t(Key::ShowOnly), status_label(lang, status)) }}
                                    {onclick}>
                                <span class={classes!("swatch", format!("swatch--{}", status_tone(status)))} aria-hidden="true"></span>
                                <span class="legend__label">{ status_label(lang, status).to_owned() }</span>
                                <span class="legend__count">{ thousands(count) }</span>
                            </button>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
