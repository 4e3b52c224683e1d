//! The `Policy` control: a `<select>` of the project's policies (values are policy ids), and beside
//! it the chosen policy's resource count, schedule and id.

use std::rc::Rc;

use yew::prelude::*;

use crate::i18n::{resources, Key, Lang};
use crate::state::Load;
use vbs_tasks::core::model::Policy;

use super::copy_button::copy_button;
use super::select::LabeledSelect;

#[derive(Properties, PartialEq)]
pub(crate) struct PolicyPickerProps {
    /// The project's policies.
    pub policies: Load<Rc<Vec<Policy>>>,
    /// The policy shown.
    pub selected: Option<AttrValue>,
    /// A policy was picked: its ID.
    pub onselect: Callback<String>,
}

fn schedule_text(lang: Lang, policy: &Policy) -> String {
    let schedule = &policy.schedule;
    let zh = lang == Lang::ZhCn;
    match (
        &schedule.start_time,
        schedule.frequency,
        schedule.week_frequency.is_empty(),
    ) {
        (Some(start), Some(days), _) if days > 1 => {
            if zh {
                format!("每 {days} 天 {start} UTC")
            } else {
                format!("every {days} days at {start} UTC")
            }
        }
        (Some(start), _, false) => {
            let days: Vec<&str> = schedule.week_frequency.iter().map(String::as_str).collect();
            let days = days.join(", ");
            if zh {
                format!("{days} {start} UTC")
            } else {
                format!("{days} at {start} UTC")
            }
        }
        (Some(start), _, _) => {
            if zh {
                format!("每天 {start} UTC")
            } else {
                format!("daily at {start} UTC")
            }
        }
        _ => String::new(),
    }
}

/// The control and the chosen policy's details.
#[function_component]
pub(crate) fn PolicyPicker(props: &PolicyPickerProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let selected = props.selected.clone().unwrap_or_default();
    let list: &[Policy] = match &props.policies {
        Load::Ready(list) => list,
        _ => &[],
    };
    let mut options: Vec<(AttrValue, AttrValue)> = list
        .iter()
        .map(|policy| {
            let name = if policy.name.is_empty() {
                policy.id.clone()
            } else {
                policy.name.clone()
            };
            (AttrValue::from(policy.id.clone()), AttrValue::from(name))
        })
        .collect();
    // A policy named by a link but not in the list still shows (its error explains it).
    if !selected.is_empty() && !list.iter().any(|policy| policy.id == selected.as_str()) {
        let text = if matches!(props.policies, Load::Ready(_)) {
            format!("{selected} ({})", lang.t(Key::NotInProject))
        } else {
            selected.to_string()
        };
        options.insert(0, (selected.clone(), AttrValue::from(text)));
    }
    if options.is_empty() {
        let text = match &props.policies {
            Load::Failed(_) => lang.t(Key::PoliciesFailed),
            Load::Ready(_) => lang.t(Key::NoPoliciesShort),
            _ => lang.t(Key::LoadingPolicies),
        };
        options.push((AttrValue::default(), AttrValue::from(text)));
    }
    let chosen = list.iter().find(|policy| policy.id == selected.as_str());
    let schedule = chosen.map_or_else(String::new, |policy| schedule_text(lang, policy));
    html! {
        <div class="policy-picker">
            <LabeledSelect id="policy" label={lang.t(Key::Policy)} {options} value={selected.clone()}
                           onchange={props.onselect.clone()} disabled={list.is_empty()} />
            if let Some(policy) = chosen {
                <div class="policy-meta" aria-label={lang.t(Key::PolicyDetails)}>
                    <span class={classes!("pill", if policy.schedule.is_on() { "pill--on" } else { "pill--off" })}
                          title={lang.t(Key::Schedule)}>
                        { if policy.schedule.is_on() { lang.t(Key::ScheduleOn) } else { lang.t(Key::ScheduleOff) } }
                    </span>
                    <span class="policy-meta__item">{ resources(lang, policy.resource_count) }</span>
                    if !schedule.is_empty() {
                        <span class="policy-meta__item">{ schedule }</span>
                    }
                    <span class="policy-meta__item id-with-copy" title={lang.t(Key::PolicyId)}>
                        <code class="id">{ policy.id.clone() }</code>
                        { copy_button(lang, policy.id.clone().into(), lang.t(Key::WhatPolicyId)) }
                    </span>
                </div>
            }
        </div>
    }
}
