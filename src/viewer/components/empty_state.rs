//! What the table area says when there is nothing to list.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub(crate) struct EmptyStateProps {
    pub title: AttrValue,
    pub text: AttrValue,
    /// A button (label, action), e.g. "Clear filters".
    #[prop_or_default]
    pub action: Option<(AttrValue, Callback<()>)>,
}

#[function_component]
pub(crate) fn EmptyState(props: &EmptyStateProps) -> Html {
    html! {
        <div class="notice notice--empty">
            <div class="notice__art" aria-hidden="true">{ "∅" }</div>
            <h2 class="notice__title">{ props.title.clone() }</h2>
            <p>{ props.text.clone() }</p>
            if let Some((label, action)) = &props.action {
                <button type="button" class="button button--primary"
                        onclick={ let action = action.clone(); Callback::from(move |_: MouseEvent| action.emit(())) }>
                    { label.clone() }
                </button>
            }
        </div>
    }
}
