//! The `Service` control: VBS or CBR, of the shown target, beside the `Target` control. The app
//! shows it only when the target serves both.

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
    // The services' own names, in every language (the header's subtitle says the whole name).
    let options = vec![
        (AttrValue::from("vbs"), AttrValue::from("VBS")),
        (AttrValue::from("cbr"), AttrValue::from("CBR")),
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
