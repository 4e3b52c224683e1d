//! What the table area says when there is nothing to list.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub(crate) struct EmptyStateProps {
    /// The heading.
    pub title: AttrValue,
    /// A line of text under it.
    pub text: AttrValue,
    /// The label of the button that helps (e.g. "Clear filters"); no button without one.
    #[prop_or_default]
    pub action: Option<AttrValue>,
    /// The button was pressed.
    #[prop_or_default]
    pub onaction: Callback<()>,
}

/// The notice: a title, a line of text and an optional button.
#[function_component]
pub(crate) fn EmptyState(props: &EmptyStateProps) -> Html {
    html! {
        <div class="notice notice--empty">
            <div class="notice__art" aria-hidden="true">{ "∅" }</div>
            <h2 class="notice__title">{ props.title.clone() }</h2>
            <p>{ props.text.clone() }</p>
            if let Some(label) = &props.action {
                <button type="button" class="button button--primary"
                        onclick={ props.onaction.reform(|_: MouseEvent| ()) }>
                    { label.clone() }
                </button>
            }
        </div>
    }
}
