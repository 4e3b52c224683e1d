//! The page header: what the page is, where it is connected, and the settings button.

use yew::prelude::*;

use super::icon::{Icon, IconName};

#[derive(Properties, PartialEq)]
pub(crate) struct HeaderProps {
    /// The endpoint ("" is this page's origin).
    pub endpoint: Option<AttrValue>,
    pub project_id: AttrValue,
    /// `emulator` / `proxy` when the server configured the page.
    pub mode: Option<AttrValue>,
    pub onsettings: Callback<()>,
}

#[function_component]
pub(crate) fn Header(props: &HeaderProps) -> Html {
    let onclick = {
        let onsettings = props.onsettings.clone();
        Callback::from(move |_: MouseEvent| onsettings.emit(()))
    };
    let endpoint = props.endpoint.as_ref().map(|endpoint| {
        if endpoint.is_empty() {
            "this server".to_owned()
        } else {
            endpoint.to_string()
        }
    });
    html! {
        <header class="app-header">
            <div class="brand">
                <span class="brand__logo" aria-hidden="true"></span>
                <div>
                    <h1>{ "Backup tasks" }</h1>
                    <p class="brand__sub">{ "Volume Backup Service · backup policy tasks" }</p>
                </div>
            </div>
            <div class="connection">
                if let Some(endpoint) = endpoint {
                    <span class="connection__item" title="Endpoint">
                        <span class="connection__dot" aria-hidden="true"></span>{ endpoint }
                    </span>
                }
                if !props.project_id.is_empty() {
                    <span class="connection__item" title="Project ID">{ "project " }<code>{ props.project_id.clone() }</code></span>
                }
                if let Some(mode) = &props.mode {
                    <span class="pill">{ mode.clone() }</span>
                }
                <button type="button" class="button" {onclick} aria-haspopup="dialog"><Icon name={IconName::Gear} />{ "Settings" }</button>
            </div>
        </header>
    }
}
