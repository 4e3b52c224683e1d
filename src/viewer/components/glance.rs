//! "Policies at a glance": every policy of the project with its schedule, its latest task and
//! its counts per status, failures first; one click opens a policy's tasks. When the server
//! answers for several targets it covers every target, a group of lines under a heading per
//! target; a target whose policy list failed says so on its own line. In a CBR view, "Vaults at
//! a glance": the same of every vault (its resources, latest task and counts in the view's
//! filter); one click opens the CBR view of the vault.

use yew::prelude::*;

use crate::format::{status_tone, target_label, thousands};
use crate::i18n::{
    failure_detail, percent, relative, request_failed, resources, status_label, Key, Lang,
};
use crate::route::cbr_status;
use crate::state::{Glance, GlanceRow, GlanceSection};
use vbs_tasks::core::cbr::Vault;
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
    /// A policy (a vault, in a CBR view) was picked: its target's name (`""` for the shown
    /// project alone) and its ID.
    pub onopen: Callback<(String, String)>,
    /// The lines are a CBR view's vaults.
    #[prop_or_default]
    pub cbr: bool,
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
        let lines = if props.cbr {
            vault_lines(lang, props, section)
        } else {
            match &section.policies {
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
            }
        };
        html! {
            <tbody class="glance-group" data-target={target.to_owned()}>
                { for heading }
                { lines }
            </tbody>
        }
    });
    let title = lang.t(if props.cbr {
        Key::VaultsAtAGlance
    } else {
        Key::PoliciesAtAGlance
    });
    let (first, second) = if props.cbr {
        (Key::Vault, Key::Resource)
    } else {
        (Key::Policy, Key::Schedule)
    };
    html! {
        <section id="glance" class={classes!("glance", props.cbr.then_some("glance--cbr"))} aria-label={title}>
            <div class="glance__head">
                <h2>{ title }</h2>
                <button type="button" class="button button--ghost" onclick={close}>{ lang.t(Key::BackToTasks) }</button>
            </div>
            <div class="table-wrap">
                <table class="tasks glance-table">
                    <thead><tr>
                        <th scope="col">{ lang.t(first) }</th>
                        <th scope="col">{ lang.t(second) }</th>
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
    let latest_status = latest_status(answer, false);
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
            { answer_cells(lang, props, answer) }
        </tr>
    }
}

/// What a line's latest task is, for its `data-latest` (the tests read it): its status as the API
/// writes it, `NONE`, `ERROR` or `LOADING`.
fn latest_status(
    answer: Option<&Result<GlanceRow, vbs_tasks::core::error::Error>>,
    cbr: bool,
) -> String {
    match answer {
        Some(Ok(row)) => row
            .latest
            .as_ref()
            .map(|t| match cbr_status(&t.status).filter(|_| cbr) {
                Some(wire) => wire,
                None => t.status.as_str().to_owned(),
            })
            .unwrap_or_else(|| "NONE".to_owned()),
        Some(Err(_)) => "ERROR".to_owned(),
        None => "LOADING".to_owned(),
    }
}

/// A line's latest task and counts, as far as its answer came.
fn answer_cells(
    lang: Lang,
    props: &GlanceViewProps,
    answer: Option<&Result<GlanceRow, vbs_tasks::core::error::Error>>,
) -> Html {
    html! {
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
    }
}

/// The lines of a section of a CBR round: its vaults, or why there are none yet.
fn vault_lines(lang: Lang, props: &GlanceViewProps, section: &GlanceSection) -> Html {
    let target = section.target_name();
    match &section.vaults {
        None => html! {
            <tr class="glance-note" data-state="loading">
                <td colspan="4" class="muted">{ lang.t(Key::LoadingLists) }</td>
            </tr>
        },
        Some(Err(error)) => html! {
            <tr class="glance-note" data-state="error">
                <td colspan="4" class="glance-error" role="status">
                    { format!("{}: {}", lang.t(Key::ListsFailed), failure_detail(lang, error)) }
                </td>
            </tr>
        },
        Some(Ok(list)) if list.is_empty() => html! {
            <tr class="glance-note" data-state="empty">
                <td colspan="4" class="muted">{ lang.t(Key::NoVaultsShort) }</td>
            </tr>
        },
        Some(Ok(list)) => html! {
            { for props.glance.order(target, list).into_iter().map(|vault| vault_line(lang, props, target, vault)) }
        },
    }
}

/// A vault's line: its name (which opens its CBR view), resources, latest task and counts.
fn vault_line(lang: Lang, props: &GlanceViewProps, target: &str, vault: &Vault) -> Html {
    let name = if vault.name.is_empty() {
        vault.id.clone()
    } else {
        vault.name.clone()
    };
    let open = {
        let (onopen, key) = (props.onopen.clone(), (target.to_owned(), vault.id.clone()));
        Callback::from(move |_: MouseEvent| onopen.emit(key.clone()))
    };
    let answer = props.glance.row(target, &vault.id);
    html! {
        <tr class="glance-row" data-vault-id={vault.id.clone()} data-latest={latest_status(answer, true)}>
            <td data-label={lang.t(Key::Vault)}>
                <button type="button" class="link-button" onclick={open}>{ name }</button>
            </td>
            <td data-label={lang.t(Key::Resource)}>{ resources(lang, vault.resources.len() as u64) }</td>
            { answer_cells(lang, props, answer) }
        </tr>
    }
}
