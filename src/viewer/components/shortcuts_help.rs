//! The keyboard shortcuts' help (`?`).

use yew::prelude::*;

use crate::viewer::i18n::{Key, Lang};

/// The shortcuts, as the help lists them.
pub(crate) const SHORTCUTS: [(&str, Key); 6] = [
    ("/", Key::ShortcutFocusJobId),
    ("r", Key::Refresh),
    ("[", Key::PreviousPage),
    ("]", Key::NextPage),
    ("?", Key::ShortcutHelp),
    ("Esc", Key::Close),
];

/// The help dialog; `onclose` closes it. A function, not a component: it holds no state (see
/// `empty_state.rs`).
pub(crate) fn shortcuts_help(lang: Lang, onclose: Callback<()>) -> Html {
    let onclick = Callback::from(move |_: MouseEvent| onclose.emit(()));
    html! {
        <div class="shortcuts" role="dialog" aria-label={lang.t(Key::KeyboardShortcuts)}>
            <div class="shortcuts__head">
                <h2>{ lang.t(Key::KeyboardShortcuts) }</h2>
                <button type="button" class="button button--ghost" {onclick}>{ lang.t(Key::Close) }</button>
            </div>
            <dl class="shortcuts__list">
                { for SHORTCUTS.iter().map(|(key, what)| html! {
                    <>
                        <dt><kbd>{ *key }</kbd></dt>
                        <dd>{ lang.t(*what) }</dd>
                    </>
                }) }
            </dl>
        </div>
    }
}
