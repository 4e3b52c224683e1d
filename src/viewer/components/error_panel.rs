//! A failed request: the API's code and message, and what to do about it.
//!
//! A function, not a component (see `components/mod.rs`).

use yew::prelude::*;

use crate::core::error::Error;
use crate::viewer::i18n::{advice, request_failed, Key, Lang};
use crate::viewer::state::Remedy;

pub(crate) struct ErrorPanelProps {
    pub error: Error,
    /// Trying again is under way: the button waits (a failure leaves the panel as it is, so
    /// this is what shows that the retry happened).
    pub busy: bool,
    pub onretry: Callback<()>,
    pub onsettings: Callback<()>,
}

pub(crate) fn error_panel(lang: Lang, props: &ErrorPanelProps) -> Html {
    let error = &props.error;
    let remedy = Remedy::for_error(error);
    let title = request_failed(lang, error);
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
                if remedy == Remedy::PickAnotherPolicy {
                    <button type="button" class="button button--primary"
                            onclick={Callback::from(|_: MouseEvent| crate::viewer::browser::focus_id("policy"))}>
                        { lang.t(Key::PickAnotherPolicy) }
                    </button>
                }
            </div>
        </div>
    }
}
