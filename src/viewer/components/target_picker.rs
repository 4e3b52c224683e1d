//! The `Target` control: a `<select>` of the server's targets (values are their names), each
//! named with its cloud and region when known. The app shows it only when there is a choice.

use std::rc::Rc;

use vbs_tasks::viewer_config::TargetInfo;
use yew::prelude::*;

use crate::format::target_label;
use crate::i18n::{Key, Lang};

use super::select::LabeledSelect;

#[derive(Properties, PartialEq)]
pub(crate) struct TargetPickerProps {
    /// The server's targets, in its order.
    pub targets: Rc<Vec<TargetInfo>>,
    /// The target shown: its name.
    pub selected: AttrValue,
    /// A target was picked: its name.
    pub onselect: Callback<String>,
}

/// The control.
#[function_component]
pub(crate) fn TargetPicker(props: &TargetPickerProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let options: Vec<(AttrValue, AttrValue)> = props
        .targets
        .iter()
        .map(|target| {
            (
                AttrValue::from(target.name.clone()),
                AttrValue::from(target_label(target)),
            )
        })
        .collect();
    html! {
        <div class="target-picker">
            <LabeledSelect id="target" label={lang.t(Key::Target)} {options}
                           value={props.selected.clone()} onchange={props.onselect.clone()} />
        </div>
    }
}
