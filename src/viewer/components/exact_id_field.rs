//! A text field for one exact ID (VBS's `Job ID`, CBR's `Resource ID`): edited freely, applied
//! on Enter or when it loses focus, and following the view when the view changes under it (Clear
//! filters, Back/Forward).

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::hooks::use_effect_on;

#[derive(Properties, PartialEq)]
pub(crate) struct ExactIdFieldProps {
    /// The input's `id` (what its label and the `/` shortcut name).
    pub id: AttrValue,
    /// The field's label.
    pub label: AttrValue,
    /// The hint shown while it is empty.
    pub placeholder: AttrValue,
    /// The longest ID the query takes, if it has a limit: a longer one would only be refused.
    #[prop_or_default]
    pub maxlength: Option<usize>,
    /// The ID the view filters by.
    pub value: Option<String>,
    /// The field was applied (Enter, or the focus left); blank for none.
    pub onapply: Callback<String>,
}

#[function_component]
pub(crate) fn ExactIdField(props: &ExactIdFieldProps) -> Html {
    let draft = use_state(|| props.value.clone().unwrap_or_default());
    {
        let draft = draft.clone();
        use_effect_on(props.value.clone(), move |current| {
            draft.set(current.clone().unwrap_or_default())
        });
    }
    let apply = {
        let (onapply, draft) = (props.onapply.clone(), draft.clone());
        move || onapply.emit((*draft).clone())
    };
    let oninput = {
        let draft = draft.clone();
        Callback::from(move |event: InputEvent| {
            draft.set(event.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let onkeydown = {
        let apply = apply.clone();
        Callback::from(move |event: KeyboardEvent| {
            // Enter that ends an input method's composition (中文) is the composition's.
            if event.key() == "Enter" && !event.is_composing() {
                // Instead of the form's submission, which would apply nothing here.
                event.prevent_default();
                apply();
            }
        })
    };
    let onblur = Callback::from(move |_: FocusEvent| apply());
    html! {
        <div class="field field--grow">
            <label for={props.id.clone()}>{ props.label.clone() }</label>
            <input id={props.id.clone()} type="search" inputmode="text" autocomplete="off" spellcheck="false"
                   maxlength={props.maxlength.map(|max| max.to_string())}
                   placeholder={props.placeholder.clone()} value={(*draft).clone()} {oninput} {onkeydown} {onblur} />
        </div>
    }
}
