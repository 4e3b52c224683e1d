//! What the table area says when there is nothing to list.
//!
//! A function, not a component: it holds no state, and a component's machinery cost ~1 KB of
//! wasm for markup this small (BENCHMARKS.md, round 12).

use yew::prelude::*;

/// The notice: a title, a line of text and an optional button (label, action), e.g. "Clear
/// filters".
pub(crate) fn empty_state(
    title: AttrValue,
    text: AttrValue,
    action: Option<(AttrValue, Callback<()>)>,
) -> Html {
    html! {
        <div class="notice notice--empty">
            <div class="notice__art" aria-hidden="true">{ "∅" }</div>
            <h2 class="notice__title">{ title }</h2>
            <p>{ text }</p>
            if let Some((label, action)) = action {
                <button type="button" class="button button--primary"
                        onclick={ Callback::from(move |_: MouseEvent| action.emit(())) }>
                    { label }
                </button>
            }
        </div>
    }
}
