//! The page header: what the page is, where it is connected, and the settings button.

use yew::prelude::*;

use crate::i18n::{Key, Lang};

use super::icon::{icon, IconName};
use super::select::LabeledSelect;

#[derive(Properties, PartialEq)]
pub(crate) struct HeaderProps {
    /// The endpoint ("" is this page's origin); `None` before a connection.
    pub endpoint: Option<AttrValue>,
    /// The project shown.
    pub project_id: AttrValue,
    /// `emulator` / `proxy` when the server configured the page.
    pub mode: Option<AttrValue>,
    /// The settings button was pressed.
    pub onsettings: Callback<()>,
    /// The `Language` control changed.
    pub onlang: Callback<Lang>,
    /// Whether CBR's tasks are shown (the subtitle says which service).
    #[prop_or_default]
    pub cbr: bool,
    /// More buttons, before the language and settings.
    #[prop_or_default]
    pub children: Html,
}

/// The header.
#[function_component]
pub(crate) fn Header(props: &HeaderProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let onclick = props.onsettings.reform(|_: MouseEvent| ());
    let onlang = {
        let onlang = props.onlang.clone();
        Callback::from(move |code: String| {
            if let Some(lang) = Lang::from_code(&code) {
                onlang.emit(lang)
            }
        })
    };
    let endpoint = props.endpoint.as_ref().map(|endpoint| {
        if endpoint.is_empty() {
            lang.t(Key::ThisServer).to_owned()
        } else {
            endpoint.to_string()
        }
    });
    html! {
        <header class="app-header">
            <div class="brand">
                <span class="brand__logo" aria-hidden="true"></span>
                <div>
                    <h1>{ lang.t(Key::AppTitle) }</h1>
                    <p class="brand__sub">{ lang.t(if props.cbr { Key::AppSubtitleCbr } else { Key::AppSubtitle }) }</p>
                </div>
            </div>
            <div class="connection">
                if let Some(endpoint) = endpoint {
                    <span class="connection__item" title={lang.t(Key::Endpoint)}>
                        <span class="connection__dot" aria-hidden="true"></span>{ endpoint }
                    </span>
                }
                if !props.project_id.is_empty() {
                    <span class="connection__item" title={lang.t(Key::ProjectId)}>{ lang.t(Key::ProjectWord) }{ " " }<code>{ props.project_id.clone() }</code></span>
                }
                { props.children.clone() }
                <div class="language">
                    <LabeledSelect id="language" label={lang.t(Key::Language)}
                                   options={Lang::ALL.iter().map(|l| (AttrValue::from(l.code()), AttrValue::from(l.native_name()))).collect::<Vec<_>>()}
                                   value={lang.code()} onchange={onlang} />
                </div>
                if let Some(mode) = &props.mode {
                    <span class="pill">{ mode.clone() }</span>
                }
                <button type="button" class="button" {onclick} aria-haspopup="dialog">{ icon(IconName::Gear) }{ lang.t(Key::Settings) }</button>
            </div>
        </header>
    }
}
