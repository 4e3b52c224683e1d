//! The filters: `Status`, `Job ID`, `Order`, `Page size` (labels are a contract) and
//! "Clear filters" when a filter is set.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::core::model::TaskStatus;
use crate::core::query::SortDir;
use crate::viewer::hooks::use_effect_on;
use crate::viewer::i18n::{status_label, Key, Lang};
use crate::viewer::route::{View, PAGE_SIZES};
use crate::viewer::state::Action;

use super::select::LabeledSelect;

#[derive(Properties, PartialEq)]
pub(crate) struct FiltersBarProps {
    pub view: View,
    pub ondispatch: Callback<Action>,
}

#[function_component]
pub(crate) fn FiltersBar(props: &FiltersBarProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let view = &props.view;
    // The job-ID box is edited freely and applied on Enter or when it loses focus; it follows the
    // view when the view changes under it (Clear filters, Back/Forward).
    let job_id = use_state(|| view.job_id.clone().unwrap_or_default());
    {
        let job_id = job_id.clone();
        use_effect_on(view.job_id.clone(), move |current| {
            job_id.set(current.clone().unwrap_or_default())
        });
    }
    let dispatch = props.ondispatch.clone();

    let mut status_options = vec![(
        AttrValue::from(""),
        AttrValue::from(lang.t(Key::AllStatuses)),
    )];
    status_options.extend(TaskStatus::KNOWN.iter().map(|status| {
        (
            AttrValue::from(status.as_str().to_owned()),
            AttrValue::from(status_label(lang, status).to_owned()),
        )
    }));
    let on_status = {
        let dispatch = dispatch.clone();
        Callback::from(move |value: String| {
            dispatch.emit(Action::SetStatus(value.parse::<TaskStatus>().ok()))
        })
    };
    let on_order = {
        let dispatch = dispatch.clone();
        Callback::from(move |value: String| {
            dispatch.emit(Action::SetOrder(
                value.parse::<SortDir>().unwrap_or_default(),
            ))
        })
    };
    let on_size = {
        let dispatch = dispatch.clone();
        Callback::from(move |value: String| {
            if let Ok(size) = value.parse() {
                dispatch.emit(Action::SetPageSize(size));
            }
        })
    };
    let apply_job_id = {
        let (dispatch, job_id) = (dispatch.clone(), job_id.clone());
        move || dispatch.emit(Action::SetJobId((*job_id).clone()))
    };
    let oninput = {
        let job_id = job_id.clone();
        Callback::from(move |event: InputEvent| {
            job_id.set(event.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let onsubmit = {
        let apply = apply_job_id.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            apply();
        })
    };
    let onblur = {
        let apply = apply_job_id.clone();
        Callback::from(move |_: FocusEvent| apply())
    };
    let clear = {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(Action::ClearFilters))
    };
    html! {
        <form class="filters" role="search" aria-label={lang.t(Key::Filters)} {onsubmit}>
            <LabeledSelect id="status" label={lang.t(Key::Status)} options={status_options}
                           value={view.status.as_ref().map(|s| s.as_str().to_owned()).unwrap_or_default()}
                           onchange={on_status} />
            <div class="field field--grow">
                <label for="job-id">{ lang.t(Key::JobId) }</label>
                <input id="job-id" type="search" inputmode="text" autocomplete="off" spellcheck="false"
                       placeholder={lang.t(Key::JobIdPlaceholder)} value={(*job_id).clone()} {oninput} {onblur} />
            </div>
            <LabeledSelect id="order" label={lang.t(Key::Order)}
                           options={vec![(AttrValue::from("desc"), AttrValue::from(lang.t(Key::NewestFirst))),
                                         (AttrValue::from("asc"), AttrValue::from(lang.t(Key::OldestFirst)))]}
                           value={view.order.as_str()} onchange={on_order} />
            <LabeledSelect id="page-size" label={lang.t(Key::PageSize)}
                           options={PAGE_SIZES.iter().map(|size| (AttrValue::from(size.to_string()), AttrValue::from(size.to_string()))).collect::<Vec<_>>()}
                           value={view.page_size.to_string()} onchange={on_size} />
            if view.has_filters() {
                <button type="button" class="button button--ghost clear-filters" onclick={clear}>{ lang.t(Key::ClearFilters) }</button>
            }
        </form>
    }
}
