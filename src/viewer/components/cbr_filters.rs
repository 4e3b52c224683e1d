//! The CBR view's filters: `Status`, `Operation`, `Vault`, `Policy`, `Resource ID`, the time
//! range (`From`, `To` in the browser's zone, and its presets) and `Page size` (labels are a
//! contract), with "Clear filters" when a filter is set.

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use vbs_tasks::core::cbr::OperationType;
use vbs_tasks::core::model::TaskStatus;
use vbs_tasks::core::time::Timestamp;

use crate::browser;
use crate::format::{input_time, read_input_time};
use crate::i18n::{operation_label, range_label, status_label, Key, Lang};
use crate::route::{cbr_status, read_cbr_status, RangePreset, TimeRange, View, PAGE_SIZES};
use crate::state::{fetch::instant, CbrLists, Load};

use super::exact_id_field::ExactIdField;
use super::select::LabeledSelect;

#[derive(Properties, PartialEq)]
pub(crate) struct CbrFiltersProps {
    /// The view whose filters are shown.
    pub view: View,
    /// The project's vaults and CBR policies.
    pub lists: Load<Rc<CbrLists>>,
    /// "Now" of the shown time range (ms since the epoch, data clock): a preset's `From`.
    pub anchor_ms: f64,
    /// `Status` changed (`None`: all statuses).
    pub onstatus: Callback<Option<TaskStatus>>,
    /// `Operation` changed.
    pub onoperation: Callback<Option<OperationType>>,
    /// `Vault` changed.
    pub onvault: Callback<Option<String>>,
    /// `Policy` changed.
    pub onpolicy: Callback<Option<String>>,
    /// `Resource ID` was applied (Enter, or the field left); blank for none.
    pub onresource: Callback<String>,
    /// The time range changed (`From`, `To`, or a preset).
    pub onrange: Callback<TimeRange>,
    /// `Page size` changed.
    pub onpagesize: Callback<u32>,
    /// "Clear filters" was pressed.
    pub onclear: Callback<()>,
}

/// `(value, text)` options: "all" first (value `""`), then `items`, and the `selected` value
/// when the list does not have it (a link's vault or policy: still shown, by its ID).
fn options_with(
    all: &str,
    items: impl Iterator<Item = (String, String)>,
    selected: Option<&str>,
) -> Vec<(AttrValue, AttrValue)> {
    let mut options = vec![(AttrValue::from(""), AttrValue::from(all.to_owned()))];
    options.extend(items.map(|(value, text)| (AttrValue::from(value), AttrValue::from(text))));
    if let Some(selected) = selected {
        if !options.iter().any(|(value, _)| value.as_str() == selected) {
            options.push((
                AttrValue::from(selected.to_owned()),
                AttrValue::from(selected.to_owned()),
            ));
        }
    }
    options
}

/// A datetime-local field's value for `at`, in the browser's zone.
fn field_time(at: Option<Timestamp>) -> String {
    at.map(|at| input_time(at, browser::zone_offset_minutes(at.unix_millis() as f64)))
        .unwrap_or_default()
}

#[function_component]
pub(crate) fn CbrFiltersBar(props: &CbrFiltersProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let view = &props.view;
    let filter = &view.cbr;
    let lists = match &props.lists {
        Load::Ready(lists) => Some(lists.clone()),
        _ => None,
    };
    let listing = match &props.lists {
        Load::Failed(_) => Some(lang.t(Key::ListsFailed)),
        Load::Loading | Load::Idle => Some(lang.t(Key::LoadingLists)),
        Load::Ready(_) => None,
    };

    let mut status_options = vec![(
        AttrValue::from(""),
        AttrValue::from(lang.t(Key::AllStatuses)),
    )];
    status_options.extend(TaskStatus::KNOWN.iter().filter_map(|status| {
        Some((
            AttrValue::from(cbr_status(status)?),
            AttrValue::from(status_label(lang, status).to_owned()),
        ))
    }));
    let operation_options = options_with(
        lang.t(Key::AllOperations),
        OperationType::KNOWN
            .iter()
            .map(|op| (op.as_str().to_owned(), operation_label(lang, op).to_owned())),
        None,
    );
    let vault_options = options_with(
        listing.unwrap_or(lang.t(Key::AllVaults)),
        lists.iter().flat_map(|lists| {
            lists.vaults.iter().map(|vault| {
                let name = if vault.name.is_empty() {
                    &vault.id
                } else {
                    &vault.name
                };
                (vault.id.clone(), name.clone())
            })
        }),
        filter.vault_id.as_deref(),
    );
    let policy_options = options_with(
        listing.unwrap_or(lang.t(Key::AllPolicies)),
        lists.iter().flat_map(|lists| {
            lists.policies.iter().map(|policy| {
                let name = if policy.name.is_empty() {
                    &policy.id
                } else {
                    &policy.name
                };
                (policy.id.clone(), name.clone())
            })
        }),
        filter.policy_id.as_deref(),
    );

    let text_or_none = |value: String| Some(value).filter(|value| !value.is_empty());
    let on_status = props
        .onstatus
        .reform(|value: String| read_cbr_status(&value));
    let on_operation = props
        .onoperation
        .reform(|value: String| value.parse::<OperationType>().ok());
    let on_vault = props.onvault.reform(text_or_none);
    let on_policy = props.onpolicy.reform(text_or_none);
    let on_size = {
        let onpagesize = props.onpagesize.clone();
        Callback::from(move |value: String| {
            if let Ok(size) = value.parse() {
                onpagesize.emit(size);
            }
        })
    };
    // Enter in the Resource ID field applies it there; the form must not reload the page.
    let onsubmit = Callback::from(|event: SubmitEvent| event.prevent_default());

    // The window's bounds as shown: a preset's start counted back from the request's "now".
    let (from, to) = filter.range.window(instant(props.anchor_ms));
    let bound = |other: Option<Timestamp>, is_from: bool| {
        let onrange = props.onrange.clone();
        Callback::from(move |event: Event| {
            let value = event.target_unchecked_into::<HtmlInputElement>().value();
            let at = read_input_time(&value, browser::zone_offset_minutes);
            let range = if is_from {
                TimeRange::between(at, other)
            } else {
                TimeRange::between(other, at)
            };
            onrange.emit(range);
        })
    };
    let on_from = bound(to, true);
    let on_to = bound(from, false);
    let presets = RangePreset::ALL.iter().map(|&preset| {
        let active = filter.range == TimeRange::Last(preset);
        let onclick = props.onrange.reform(move |_: MouseEvent| TimeRange::Last(preset));
        html! {
            <button type="button" class={classes!("button", "button--ghost", "preset", active.then_some("preset--active"))}
                    aria-pressed={active.to_string()} data-range={preset.as_str()} {onclick}>
                { range_label(lang, preset) }
            </button>
        }
    });
    let clear = props.onclear.reform(|_: MouseEvent| ());
    let status_value = view
        .status
        .as_ref()
        .and_then(cbr_status)
        .unwrap_or_default();
    html! {
        <form class="filters filters--cbr" role="search" aria-label={lang.t(Key::Filters)} {onsubmit}>
            <LabeledSelect id="status" label={lang.t(Key::Status)} options={status_options}
                           value={status_value} onchange={on_status} />
            <LabeledSelect id="operation" label={lang.t(Key::Operation)} options={operation_options}
                           value={filter.operation.as_ref().map(|op| op.as_str().to_owned()).unwrap_or_default()}
                           onchange={on_operation} />
            <LabeledSelect id="vault" label={lang.t(Key::Vault)} options={vault_options}
                           value={filter.vault_id.clone().unwrap_or_default()} onchange={on_vault} />
            <LabeledSelect id="cbr-policy" label={lang.t(Key::Policy)} options={policy_options}
                           value={filter.policy_id.clone().unwrap_or_default()} onchange={on_policy} />
            <ExactIdField id="resource-id" label={lang.t(Key::ResourceId)} placeholder={lang.t(Key::ResourceIdPlaceholder)}
                          value={filter.resource_id.clone()} onapply={props.onresource.clone()} />
            <fieldset class="field time-range">
                <legend>{ lang.t(Key::TimeRange) }</legend>
                <div class="time-range__fields">
                    <span class="time-range__field">
                        <label for="from">{ lang.t(Key::From) }</label>
                        <input id="from" type="datetime-local" title={lang.t(Key::FromHint)}
                               value={field_time(from)} onchange={on_from} />
                    </span>
                    <span class="time-range__field">
                        <label for="to">{ lang.t(Key::To) }</label>
                        <input id="to" type="datetime-local" title={lang.t(Key::ToHint)}
                               value={field_time(to)} onchange={on_to} />
                    </span>
                    <span class="time-range__presets">{ for presets }</span>
                </div>
            </fieldset>
            <LabeledSelect id="page-size" label={lang.t(Key::PageSize)}
                           options={PAGE_SIZES.iter().map(|size| (AttrValue::from(size.to_string()), AttrValue::from(size.to_string()))).collect::<Vec<_>>()}
                           value={view.page_size.to_string()} onchange={on_size} />
            if view.has_filters() {
                <button type="button" class="button button--ghost clear-filters" onclick={clear}>{ lang.t(Key::ClearFilters) }</button>
            }
        </form>
    }
}
