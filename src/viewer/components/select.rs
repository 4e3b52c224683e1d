//! A labelled `<select>` whose shown value always follows its `value` prop (also after Back/Forward,
//! where option `selected` attributes alone would not move a select the user already changed).

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::hooks::use_effect_on;

#[derive(Properties, PartialEq)]
pub(crate) struct SelectProps {
    /// The element id (the label points at it).
    pub id: AttrValue,
    /// The visible label: a contract the tests rely on.
    pub label: AttrValue,
    /// `(value, text)` pairs.
    pub options: Vec<(AttrValue, AttrValue)>,
    /// The selected value.
    pub value: AttrValue,
    /// Called with the newly selected value.
    pub onchange: Callback<String>,
    #[prop_or_default]
    pub disabled: bool,
}

#[function_component]
pub(crate) fn LabeledSelect(props: &SelectProps) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_on(
            (props.value.clone(), props.options.len()),
            move |(value, _)| {
                if let Some(select) = node.cast::<HtmlSelectElement>() {
                    if select.value() != value.as_str() {
                        select.set_value(value);
                    }
                }
            },
        );
    }
    let onchange = {
        let callback = props.onchange.clone();
        Callback::from(move |event: Event| {
            callback.emit(event.target_unchecked_into::<HtmlSelectElement>().value())
        })
    };
    html! {
        <div class="field">
            <label for={props.id.clone()}>{ props.label.clone() }</label>
            <select id={props.id.clone()} ref={node} {onchange} disabled={props.disabled}>
                { for props.options.iter().map(|(value, text)| html! {
                    <option value={value.clone()} selected={*value == props.value}>{ text.clone() }</option>
                }) }
            </select>
        </div>
    }
}
