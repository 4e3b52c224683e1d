//! The filters: `Status`, `Job ID`, `Order`, `Page size` (labels are a contract) and
//! "Clear filters" when a filter is set.

use yew::prelude::*;

use vbs_tasks::core::model::TaskStatus;
use vbs_tasks::core::query::{SortDir, MAX_JOB_ID_LEN};

use crate::i18n::{status_label, Key, Lang};
use crate::route::{View, PAGE_SIZES};

use super::exact_id_field::ExactIdField;
use super::select::LabeledSelect;

#[derive(Properties, PartialEq)]
pub(crate) struct FiltersBarProps {
    /// The view whose filters are shown.
    pub view: View,
    /// `Status` changed (`None`: all statuses).
    pub onstatus: Callback<Option<TaskStatus>>,
    /// `Job ID` was applied (Enter, or the field left); blank for none.
    pub onjobid: Callback<String>,
    /// `Order` changed.
    pub onorder: Callback<SortDir>,
    /// `Page size` changed.
    pub onpagesize: Callback<u32>,
    /// "Clear filters" was pressed.
    pub onclear: Callback<()>,
}

#[function_component]
pub(crate) fn FiltersBar(props: &FiltersBarProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let view = &props.view;
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
    let on_status = props
        .onstatus
        .reform(|value: String| value.parse::<TaskStatus>().ok());
    let on_order = props
        .onorder
        .reform(|value: String| value.parse::<SortDir>().unwrap_or_default());
    let on_size = {
        let onpagesize = props.onpagesize.clone();
        Callback::from(move |value: String| {
            if let Ok(size) = value.parse() {
                onpagesize.emit(size);
            }
        })
    };
    // Enter in the Job ID field applies it there; the form must not reload the page.
    let onsubmit = Callback::from(|event: SubmitEvent| event.prevent_default());
    let clear = props.onclear.reform(|_: MouseEvent| ());
    html! {
        <form class="filters" role="search" aria-label={lang.t(Key::Filters)} {onsubmit}>
            <LabeledSelect id="status" label={lang.t(Key::Status)} options={status_options}
                           value={view.status.as_ref().map(|s| s.as_str().to_owned()).unwrap_or_default()}
                           onchange={on_status} />
            <ExactIdField id="job-id" label={lang.t(Key::JobId)} placeholder={lang.t(Key::JobIdPlaceholder)}
                          maxlength={MAX_JOB_ID_LEN} value={view.job_id.clone()} onapply={props.onjobid.clone()} />
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
