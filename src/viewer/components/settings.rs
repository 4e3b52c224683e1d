//! The settings panel: endpoint, project, policy and auth (none / token / AK/SK).
//!
//! The form's checks (`state::SettingsForm`) run before anything is stored or sent: an endpoint
//! that is not http(s) is refused here, not by the first request. Secrets go to `sessionStorage`
//! (this tab only) unless "remember" is ticked; the form is never submitted by the browser
//! itself, so nothing typed here can end up in the URL.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::browser;
use crate::hooks::use_effect_on;
use crate::i18n::{Key, Lang};
use crate::state::{Connection, SettingsForm};

#[derive(Properties, PartialEq)]
pub(crate) struct SettingsPanelProps {
    /// The current connection, if any (the form starts from it).
    pub connection: Option<Connection>,
    /// The policy shown, if any.
    pub policy_id: Option<AttrValue>,
    /// "Connect" with a connection the form accepted, and the policy it names (if any).
    pub onconnect: Callback<(Connection, Option<String>)>,
    /// "Cancel" was pressed.
    pub oncancel: Callback<()>,
}

/// The panel, as a modal dialog.
#[function_component]
pub(crate) fn SettingsPanel(props: &SettingsPanelProps) -> Html {
    let form =
        use_state(|| SettingsForm::new(props.connection.as_ref(), props.policy_id.as_deref()));
    let lang = use_context::<Lang>().unwrap_or_default();
    let problem = use_state(|| None::<Key>);
    use_effect_on((), |_| browser::focus_id("settings-endpoint"));

    let text = |update: fn(&mut SettingsForm, String)| {
        let form = form.clone();
        Callback::from(move |event: InputEvent| {
            let mut next = (*form).clone();
            update(
                &mut next,
                event.target_unchecked_into::<HtmlInputElement>().value(),
            );
            form.set(next);
        })
    };
    let mode = |value: &'static str| {
        let form = form.clone();
        Callback::from(move |_: Event| {
            form.set(SettingsForm {
                mode: value.into(),
                ..(*form).clone()
            })
        })
    };
    let on_remember = {
        let form = form.clone();
        Callback::from(move |event: Event| {
            let checked = event.target_unchecked_into::<HtmlInputElement>().checked();
            form.set(SettingsForm {
                remember: checked,
                ..(*form).clone()
            })
        })
    };
    let onsubmit = {
        let (form, problem, onconnect) = (form.clone(), problem.clone(), props.onconnect.clone());
        let server_mode = props
            .connection
            .as_ref()
            .and_then(|c| c.server_mode.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            match form.connection(server_mode.clone()) {
                Ok(connection) => {
                    problem.set(None);
                    browser::save_settings(&connection);
                    onconnect.emit((connection, form.policy()));
                }
                Err(reason) => problem.set(Some(reason)),
            }
        })
    };
    let cancel = props.oncancel.reform(|_: MouseEvent| ());
    let connected = props.connection.is_some();
    html! {
        <div class="overlay">
            <div class="settings" role="dialog" aria-modal="true" aria-labelledby="settings-title">
                <form class="settings__form" autocomplete="off" {onsubmit}>
                    <h2 id="settings-title">{ lang.t(Key::ConnectionSettings) }</h2>
                    if !connected {
                        <p class="muted">{ lang.t(Key::NoServerConfig) }</p>
                    }
                    <div class="field">
                        <label for="settings-endpoint">{ lang.t(Key::Endpoint) }</label>
                        <input id="settings-endpoint" type="url" placeholder={lang.t(Key::EndpointPlaceholder)}
                               aria-invalid={(*problem == Some(Key::EndpointNotHttp)).then_some("true")}
                               aria-describedby={problem.is_some().then_some("settings-problem")}
                               value={form.endpoint.clone()} oninput={text(|f, v| f.endpoint = v)} />
                        <small class="muted">{ lang.t(Key::CorsHint) }</small>
                    </div>
                    <div class="field">
                        <label for="settings-project">{ lang.t(Key::ProjectId) }</label>
                        <input id="settings-project" type="text" spellcheck="false" required=true
                               value={form.project_id.clone()} oninput={text(|f, v| f.project_id = v)} />
                    </div>
                    <div class="field">
                        <label for="settings-policy">{ lang.t(Key::PolicyId) }</label>
                        <input id="settings-policy" type="text" spellcheck="false" placeholder={lang.t(Key::PolicyIdPlaceholder)}
                               value={form.policy_id.clone()} oninput={text(|f, v| f.policy_id = v)} />
                    </div>
                    <fieldset class="field auth-modes">
                        <legend>{ lang.t(Key::Authentication) }</legend>
                        <label><input type="radio" name="auth" value="none" checked={form.mode == "none"} onchange={mode("none")} />{ lang.t(Key::AuthNone) }</label>
                        <label><input type="radio" name="auth" value="token" checked={form.mode == "token"} onchange={mode("token")} />{ lang.t(Key::AuthToken) }</label>
                        <label><input type="radio" name="auth" value="aksk" checked={form.mode == "aksk"} onchange={mode("aksk")} />{ lang.t(Key::AuthAkSk) }</label>
                    </fieldset>
                    if form.mode == "token" {
                        <div class="field">
                            <label for="settings-token">{ lang.t(Key::Token) }</label>
                            <input id="settings-token" type="password" autocomplete="off"
                                   value={form.token.clone()} oninput={text(|f, v| f.token = v)} />
                        </div>
                    }
                    if form.mode == "aksk" {
                        <div class="field">
                            <label for="settings-ak">{ lang.t(Key::AccessKey) }</label>
                            <input id="settings-ak" type="text" autocomplete="off" spellcheck="false"
                                   value={form.access_key.clone()} oninput={text(|f, v| f.access_key = v)} />
                        </div>
                        <div class="field">
                            <label for="settings-sk">{ lang.t(Key::SecretKey) }</label>
                            <input id="settings-sk" type="password" autocomplete="off"
                                   value={form.secret_key.clone()} oninput={text(|f, v| f.secret_key = v)} />
                            <small class="muted">{ lang.t(Key::SecretKeyHint) }</small>
                        </div>
                    }
                    if form.mode != "none" {
                        <label class="toggle">
                            <input type="checkbox" checked={form.remember} onchange={on_remember} />
                            <span>{ lang.t(Key::Remember) }</span>
                        </label>
                    }
                    if let Some(reason) = *problem {
                        <p id="settings-problem" class="form-error" role="alert">{ lang.t(reason) }</p>
                    }
                    <div class="settings__actions">
                        if connected {
                            <button type="button" class="button" onclick={cancel}>{ lang.t(Key::Cancel) }</button>
                        }
                        <button type="submit" class="button button--primary">{ lang.t(Key::Connect) }</button>
                    </div>
                </form>
            </div>
        </div>
    }
}
