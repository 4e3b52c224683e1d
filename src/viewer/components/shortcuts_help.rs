//! The keyboard shortcuts' help (`?`).

use yew::prelude::*;

use crate::i18n::{Key, Lang};

/// The shortcuts, as the help lists them.
pub(crate) const SHORTCUTS: [(&str, Key); 6] = [
    ("/", Key::ShortcutFocusJobId),
    ("r", Key::Refresh),
    ("[", Key::PreviousPage),
    ("]", Key::NextPage),
    ("?", Key::ShortcutHelp),
    ("Esc", Key::Close),
];

#[derive(Properties, PartialEq)]
pub(crate) struct ShortcutsHelpProps {
    /// A CBR view is shown: `/` focuses its `Resource ID` filter.
    #[prop_or_default]
    pub cbr: bool,
    /// "Close" was pressed.
    pub onclose: Callback<()>,
}

/// The help dialog.
#[function_component]
pub(crate) fn ShortcutsHelp(props: &ShortcutsHelpProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let onclick = props.onclose.reform(|_: MouseEvent| ());
    html! {
        <div class="shortcuts" role="dialog" aria-label={lang.t(Key::KeyboardShortcuts)}>
            <div class="shortcuts__head">
                <h2>{ lang.t(Key::KeyboardShortcuts) }</h2>
                <button type="button" class="button button--ghost" {onclick}>{ lang.t(Key::Close) }</button>
            </div>
            <dl class="shortcuts__list">
                { for SHORTCUTS.iter().map(|(key, what)| {
                    let what = match what {
                        Key::ShortcutFocusJobId if props.cbr => Key::ShortcutFocusResourceId,
                        other => *other,
                    };
                    html! {
                        <>
                            <dt><kbd>{ *key }</kbd></dt>
                            <dd>{ lang.t(what) }</dd>
                        </>
                    }
                }) }
            </dl>
        </div>
    }
}
