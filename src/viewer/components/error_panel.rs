//! A failed request: the API's code and message, and what to do about it.

use yew::prelude::*;

use crate::core::error::Error;
use crate::viewer::state::Remedy;

#[derive(Properties, PartialEq)]
pub(crate) struct ErrorPanelProps {
    pub error: Error,
    pub onretry: Callback<()>,
    pub onsettings: Callback<()>,
}

#[function_component]
pub(crate) fn ErrorPanel(props: &ErrorPanelProps) -> Html {
    let error = &props.error;
    let remedy = Remedy::for_error(error);
    let title = match (error.status(), error.kind()) {
        (Some(status), _) => format!("The request failed (HTTP {status})"),
        (None, kind) => format!("The request failed ({kind})"),
    };
    let retry = {
        let onretry = props.onretry.clone();
        Callback::from(move |_: MouseEvent| onretry.emit(()))
    };
    let settings = {
        let onsettings = props.onsettings.clone();
        Callback::from(move |_: MouseEvent| onsettings.emit(()))
    };
    html! {
        <div class="notice notice--error" role="alert">
            <h2 class="notice__title">{ title }</h2>
            if let Some(code) = error.code() {
                <p class="error-code"><span class="failure__label">{ "Code" }</span><code>{ code.to_owned() }</code></p>
            }
            <p class="error-message">{ error.message().map(str::to_owned).unwrap_or_else(|| error.to_string()) }</p>
            if let Some(request_id) = error.request_id() {
                <p class="muted small">{ "Request ID " }<code>{ request_id.to_owned() }</code></p>
            }
            <p class="advice">{ remedy.advice() }</p>
            <div class="notice__actions">
                <button type="button" class="button" onclick={retry}>{ "Try again" }</button>
                if matches!(remedy, Remedy::ReenterCredentials | Remedy::UseProxy | Remedy::CheckProject | Remedy::CheckEndpoint) {
                    <button type="button" class="button button--primary" onclick={settings}>{ "Open settings" }</button>
                }
                if remedy == Remedy::PickAnotherPolicy {
                    <button type="button" class="button button--primary"
                            onclick={Callback::from(|_: MouseEvent| crate::viewer::browser::focus_id("policy"))}>
                        { "Pick another policy" }
                    </button>
                }
            </div>
        </div>
    }
}
