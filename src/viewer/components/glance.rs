//! "Policies at a glance": every policy of the project with its schedule, its latest task and
//! its counts per status, failures first; one click opens a policy's tasks.

use std::rc::Rc;

use yew::prelude::*;

use crate::format::{status_tone, thousands};
use crate::i18n::{percent, relative, request_failed, status_label, Key, Lang};
use crate::state::Glance;
use vbs_tasks::core::model::{Policy, TaskStatus};

use super::status_badge::status_badge;

#[derive(Properties, PartialEq)]
pub(crate) struct GlanceViewProps {
    /// The round's answers so far.
    pub glance: Glance,
    /// The project's policies.
    pub policies: Rc<Vec<Policy>>,
    /// "Now" for the latest tasks' times (server clock).
    pub now_ms: f64,
    /// A policy was picked: its ID.
    pub onopen: Callback<String>,
    /// "Back to the tasks".
    pub onclose: Callback<()>,
}

/// The glance's table.
#[function_component]
pub(crate) fn GlanceView(props: &GlanceViewProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let close = props.onclose.reform(|_: MouseEvent| ());
    let rows = props.glance.order(&props.policies).into_iter().map(|policy| {
        let name = if policy.name.is_empty() { policy.id.clone() } else { policy.name.clone() };
        let open = {
            let (onopen, id) = (props.onopen.clone(), policy.id.clone());
            Callback::from(move |_: MouseEvent| onopen.emit(id.clone()))
        };
        let answer = props.glance.row(&policy.id);
        let latest_status = match answer {
            Some(Ok(row)) => row.latest.as_ref().map(|t| t.status.as_str().to_owned()).unwrap_or_else(|| "NONE".to_owned()),
            Some(Err(_)) => "ERROR".to_owned(),
            None => "LOADING".to_owned(),
        };
        html! {
            <tr class="glance-row" data-policy-id={policy.id.clone()} data-latest={latest_status}>
                <td data-label={lang.t(Key::Policy)}>
                    <button type="button" class="link-button" onclick={open}>{ name }</button>
                </td>
                <td data-label={lang.t(Key::Schedule)}>
                    <span class={classes!("pill", if policy.schedule.is_on() { "pill--on" } else { "pill--off" })}>
                        { lang.t(if policy.schedule.is_on() { Key::On } else { Key::Off }) }
                    </span>
                </td>
                { match answer {
                    None => html! {
                        <>
                            <td data-label={lang.t(Key::LatestTask)}><span class="skeleton"></span></td>
                            <td data-label={lang.t(Key::StatusOverview)}><span class="skeleton"></span></td>
                        </>
                    },
                    Some(Err(error)) => html! {
                        <td colspan="2" class="glance-error">{ error.code().map_or_else(|| request_failed(lang, error), str::to_owned) }</td>
                    },
                    Some(Ok(row)) => html! {
                        <>
                            <td data-label={lang.t(Key::LatestTask)}>
                                if let Some(task) = &row.latest {
                                    <span class="glance-latest">
                                        { status_badge(lang, &task.status) }
                                        <span class="time__relative">{ relative(lang, props.now_ms, task.created_at.unix_millis() as f64) }</span>
                                    </span>
                                } else {
                                    <span class="muted">{ "—" }</span>
                                }
                            </td>
                            // The cell stays a table cell (a flex cell would leave the row's
                            // grid); its entries wrap in a list inside it.
                            <td data-label={lang.t(Key::StatusOverview)} class="glance-counts" data-total={row.counts.total().to_string()}>
                                if row.counts.total() == 0 {
                                    <span class="muted">{ "—" }</span>
                                } else {
                                    <span class="glance-counts__list">
                                        { for TaskStatus::KNOWN.iter().filter(|s| row.counts.get(s) > 0).map(|status| html! {
                                            <span class="glance-count" data-status={status.as_str()} data-count={row.counts.get(status).to_string()}
                                                  title={status_label(lang, status).to_owned()}>
                                                <span class={classes!("swatch", format!("swatch--{}", status_tone(status)))} aria-hidden="true"></span>
                                                { format!("{} {}", status_label(lang, status), thousands(row.counts.get(status))) }
                                            </span>
                                        }) }
                                        if let Some(rate) = row.counts.success_rate() {
                                            <span class="glance-rate">{ format!("{} {}", lang.t(Key::SuccessRate), percent(rate)) }</span>
                                        }
                                    </span>
                                }
                            </td>
                        </>
                    },
                } }
            </tr>
        }
    });
    html! {
        <section id="glance" class="glance" aria-label={lang.t(Key::PoliciesAtAGlance)}>
            <div class="glance__head">
                <h2>{ lang.t(Key::PoliciesAtAGlance) }</h2>
                <button type="button" class="button button--ghost" onclick={close}>{ lang.t(Key::BackToTasks) }</button>
            </div>
            <div class="table-wrap">
                <table class="tasks glance-table">
                    <thead><tr>
                        <th scope="col">{ lang.t(Key::Policy) }</th>
                        <th scope="col">{ lang.t(Key::Schedule) }</th>
                        <th scope="col">{ lang.t(Key::LatestTask) }</th>
                        <th scope="col">{ lang.t(Key::StatusOverview) }</th>
                    </tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
        </section>
    }
}
