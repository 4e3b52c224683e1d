//! The `Service` control: VBS or CBR, of the shown target. The app shows it only when the
//! target serves both.

use vbs_tasks::core::taskrow::Service;
use yew::prelude::*;

use crate::i18n::{Key, Lang};

use super::select::LabeledSelect;

#[derive(Properties, PartialEq)]
pub(crate) struct ServicePickerProps {
    /// The service shown.
    pub selected: Service,
    /// A service was picked.
    pub onselect: Callback<Service>,
}

/// The control.
#[function_component]
pub(crate) fn ServicePicker(props: &ServicePickerProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let options = vec![
        (
            AttrValue::from("vbs"),
            AttrValue::from(lang.t(Key::ServiceVbs)),
        ),
        (
            AttrValue::from("cbr"),
            AttrValue::from(lang.t(Key::ServiceCbr)),
        ),
    ];
    let value = if props.selected == Service::Cbr {
        "cbr"
    } else {
        "vbs"
    };
    let onchange = props.onselect.reform(|value: String| {
        if value == "cbr" {
            Service::Cbr
        } else {
            Service::Vbs
        }
    });
    html! {
        <div class="service-picker">
            <LabeledSelect id="service" label={lang.t(Key::Service)} {options} value={value} {onchange} />
        </div>
    }
}
