//! A failed request: the API's code and message, and what to do about it.

use vbs_tasks::core::error::Error;
use yew::prelude::*;

use crate::i18n::{advice, request_failed, Key, Lang, Remedy};

#[derive(Properties, PartialEq)]
pub(crate) struct ErrorPanelProps {
    /// What failed.
    pub error: Error,
    /// Trying again is under way: the button waits (a failure leaves the panel as it is, so
    /// this is what shows that the retry happened).
    pub busy: bool,
    /// "Try again".
    pub onretry: Callback<()>,
    /// "Open settings".
    pub onsettings: Callback<()>,
}

/// The panel, with the buttons the error's remedy calls for.
#[function_component]
pub(crate) fn ErrorPanel(props: &ErrorPanelProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let error = &props.error;
    let remedy = Remedy::for_error(error);
    let title = request_failed(lang, error);
    let retry = props.onretry.reform(|_: MouseEvent| ());
    let settings = props.onsettings.reform(|_: MouseEvent| ());
    html! {
        <div class="notice notice--error" role="alert">
            <h2 class="notice__title">{ title }</h2>
            if let Some(code) = error.code() {
                <p class="error-code"><span class="failure__label">{ lang.t(Key::Code) }</span><code>{ code.to_owned() }</code></p>
            }
            <p class="error-message">{ error.message().map(str::to_owned).unwrap_or_else(|| error.to_string()) }</p>
            if let Some(request_id) = error.request_id() {
                <p class="muted small">{ lang.t(Key::RequestId) }{ " " }<code>{ request_id.to_owned() }</code></p>
            }
            <p class="advice">{ advice(lang, remedy) }</p>
            <div class="notice__actions">
                <button type="button" class="button" onclick={retry} disabled={props.busy} aria-busy={props.busy.to_string()}>{ lang.t(Key::TryAgain) }</button>
                if matches!(remedy, Remedy::ReenterCredentials | Remedy::UseProxy | Remedy::CheckProject | Remedy::CheckEndpoint) {
                    <button type="button" class="button button--primary" onclick={settings}>{ lang.t(Key::OpenSettings) }</button>
                }
                if remedy == Remedy::SignIn {
                    <button type="button" class="button button--primary"
                            onclick={Callback::from(|_: MouseEvent| crate::browser::reload())}>
                        { lang.t(Key::SignInAgain) }
                    </button>
                }
                if remedy == Remedy::PickAnotherPolicy {
                    <button type="button" class="button button--primary"
                            onclick={Callback::from(|_: MouseEvent| crate::browser::focus_id("policy"))}>
                        { lang.t(Key::PickAnotherPolicy) }
                    </button>
                }
            </div>
        </div>
    }
}
