//! "Policies at a glance": every policy of the project with its schedule, its latest task and
//! its counts per status, failures first; one click opens a policy's tasks. When the server
//! answers for several targets it covers every target, a group of lines under a heading per
//! target; a target whose policy list failed says so on its own line.

use yew::prelude::*;

use crate::format::{status_tone, target_label, thousands};
use crate::i18n::{failure_detail, percent, relative, request_failed, status_label, Key, Lang};
use crate::state::{Glance, GlanceSection};
use vbs_tasks::core::model::{Policy, TaskStatus};

use super::status_badge::status_badge;

#[derive(Properties, PartialEq)]
pub(crate) struct GlanceViewProps {
    /// The round's answers so far.
    pub glance: Glance,
    /// What it covers: the project's policies, or each target's (with a heading).
    pub sections: Vec<GlanceSection>,
    /// "Now" for the latest tasks' times (server clock).
    pub now_ms: f64,
    /// A policy was picked: its target's name (`""` for the shown project alone) and its ID.
    pub onopen: Callback<(String, String)>,
    /// "Back to the tasks".
    pub onclose: Callback<()>,
}

/// The glance's table.
#[function_component]
pub(crate) fn GlanceView(props: &GlanceViewProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let close = props.onclose.reform(|_: MouseEvent| ());
    let groups = props.sections.iter().map(|section| {
        let target = section.target_name();
        let heading = section.target.as_ref().map(|info| html! {
            <tr class="glance-target">
                <th colspan="4" scope="rowgroup">
                    { target_label(info) }
                </th>
            </tr>
        });
        let lines = match &section.policies {
            None => html! {
                <tr class="glance-note" data-state="loading">
                    <td colspan="4" class="muted">{ lang.t(Key::LoadingPolicies) }</td>
                </tr>
            },
            Some(Err(error)) => html! {
                <tr class="glance-note" data-state="error">
                    <td colspan="4" class="glance-error" role="status">
                        { format!("{}: {}", lang.t(Key::PoliciesFailed), failure_detail(lang, error)) }
                    </td>
                </tr>
            },
            Some(Ok(list)) if list.is_empty() && section.target.is_some() => html! {
                <tr class="glance-note" data-state="empty">
                    <td colspan="4" class="muted">{ lang.t(Key::NoPoliciesShort) }</td>
                </tr>
            },
            Some(Ok(list)) => html! {
                { for props.glance.order(target, list).into_iter().map(|policy| policy_line(lang, props, target, policy)) }
            },
        };
        html! {
            <tbody class="glance-group" data-target={target.to_owned()}>
                { for heading }
                { lines }
            </tbody>
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
                    { for groups }
                </table>
            </div>
        </section>
    }
}

/// A policy's line: its name (which opens it), schedule, latest task and counts.
fn policy_line(lang: Lang, props: &GlanceViewProps, target: &str, policy: &Policy) -> Html {
    let name = if policy.name.is_empty() {
        policy.id.clone()
    } else {
        policy.name.clone()
    };
    let open = {
        let (onopen, key) = (props.onopen.clone(), (target.to_owned(), policy.id.clone()));
        Callback::from(move |_: MouseEvent| onopen.emit(key.clone()))
    };
    let answer = props.glance.row(target, &policy.id);
    let latest_status = match answer {
        Some(Ok(row)) => row
            .latest
            .as_ref()
            .map(|t| t.status.as_str().to_owned())
            .unwrap_or_else(|| "NONE".to_owned()),
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
}
