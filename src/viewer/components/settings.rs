//! The settings panel: endpoint, project, policy and auth (none / token / AK/SK).
//!
//! Secrets go to `sessionStorage` (this tab only) unless "remember" is ticked; the form is never
//! submitted by the browser itself, so nothing typed here can end up in the URL.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::viewer::browser;
use crate::viewer::hooks::use_effect_on;
use crate::viewer::i18n::{Key, Lang};
use crate::viewer::state::{Action, AuthSettings, Connection, Secret};

#[derive(Properties, PartialEq)]
pub(crate) struct SettingsProps {
    /// The current connection, if any (the form starts from it).
    pub connection: Option<Connection>,
    pub policy_id: Option<AttrValue>,
    pub ondispatch: Callback<Action>,
}

#[derive(Clone, PartialEq, Default)]
struct Form {
    endpoint: String,
    project_id: String,
    policy_id: String,
    mode: String,
    token: String,
    access_key: String,
    secret_key: String,
    remember: bool,
}

impl Form {
    fn new(connection: Option<&Connection>, policy_id: Option<&str>) -> Self {
        let mut form = Form {
            policy_id: policy_id.unwrap_or_default().to_owned(),
            mode: "none".into(),
            ..Form::default()
        };
        if let Some(connection) = connection {
            form.endpoint = connection.endpoint.clone();
            form.project_id = connection.project_id.clone();
            form.remember = connection.remember;
            form.mode = connection.auth.mode().into();
            match &connection.auth {
                AuthSettings::None => {}
                AuthSettings::Token(token) => form.token = token.0.clone(),
                AuthSettings::AkSk {
                    access_key,
                    secret_key,
                } => {
                    form.access_key = access_key.clone();
                    form.secret_key = secret_key.0.clone();
                }
            }
        }
        form
    }

    fn connection(&self, server_mode: Option<String>) -> Result<Connection, Key> {
        if self.project_id.trim().is_empty() {
            return Err(Key::NeedProject);
        }
        let auth = match self.mode.as_str() {
            "token" if self.token.trim().is_empty() => return Err(Key::NeedToken),
            "token" => AuthSettings::Token(Secret(self.token.trim().to_owned())),
            "aksk" if self.access_key.trim().is_empty() || self.secret_key.is_empty() => {
                return Err(Key::NeedAkSk)
            }
            "aksk" => AuthSettings::AkSk {
                access_key: self.access_key.trim().to_owned(),
                secret_key: Secret(self.secret_key.clone()),
            },
            _ => AuthSettings::None,
        };
        Ok(Connection {
            endpoint: self.endpoint.trim().trim_end_matches('/').to_owned(),
            project_id: self.project_id.trim().to_owned(),
            auth,
            remember: self.remember,
            server_mode,
        })
    }
}

#[function_component]
pub(crate) fn Settings(props: &SettingsProps) -> Html {
    let form = use_state(|| Form::new(props.connection.as_ref(), props.policy_id.as_deref()));
    let lang = use_context::<Lang>().unwrap_or_default();
    let problem = use_state(|| None::<Key>);
    use_effect_on((), |_| browser::focus_id("settings-endpoint"));

    let text = |update: fn(&mut Form, String)| {
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
            form.set(Form {
                mode: value.into(),
                ..(*form).clone()
            })
        })
    };
    let on_remember = {
        let form = form.clone();
        Callback::from(move |event: Event| {
            let checked = event.target_unchecked_into::<HtmlInputElement>().checked();
            form.set(Form {
                remember: checked,
                ..(*form).clone()
            })
        })
    };
    let onsubmit = {
        let (form, problem, dispatch) = (form.clone(), problem.clone(), props.ondispatch.clone());
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
                    let policy_id =
                        Some(form.policy_id.trim().to_owned()).filter(|id| !id.is_empty());
                    dispatch.emit(Action::Connect {
                        connection,
                        policy_id,
                    });
                }
                Err(reason) => problem.set(Some(reason)),
            }
        })
    };
    let cancel = {
        let dispatch = props.ondispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(Action::ShowSettings(false)))
    };
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
                        <p class="form-error" role="alert">{ lang.t(reason) }</p>
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
