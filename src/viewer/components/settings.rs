//! The settings panel: endpoint, project, policy and auth (none / token / AK/SK).
//!
//! Secrets go to `sessionStorage` (this tab only) unless "remember" is ticked; the form is never
//! submitted by the browser itself, so nothing typed here can end up in the URL.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::viewer::browser;
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

    fn connection(&self, server_mode: Option<String>) -> Result<Connection, &'static str> {
        if self.project_id.trim().is_empty() {
            return Err("Enter the project ID.");
        }
        let auth = match self.mode.as_str() {
            "token" if self.token.trim().is_empty() => {
                return Err("Enter a token, or choose no auth.")
            }
            "token" => AuthSettings::Token(Secret(self.token.trim().to_owned())),
            "aksk" if self.access_key.trim().is_empty() || self.secret_key.is_empty() => {
                return Err("Enter both the access key and the secret key.")
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
    let problem = use_state(|| None::<&'static str>);
    use_effect_with((), |_| browser::focus_id("settings-endpoint"));

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
            <form class="settings" role="dialog" aria-modal="true" aria-labelledby="settings-title"
                  autocomplete="off" {onsubmit}>
                <h2 id="settings-title">{ "Connection settings" }</h2>
                if !connected {
                    <p class="muted">{ "No server configuration was found: say where the VBS API (or the bundled proxy) is." }</p>
                }
                <div class="field">
                    <label for="settings-endpoint">{ "Endpoint" }</label>
                    <input id="settings-endpoint" type="url" placeholder="empty = this page's server, or https://proxy.example.com"
                           value={form.endpoint.clone()} oninput={text(|f, v| f.endpoint = v)} />
                    <small class="muted">{ "The VBS API sends no CORS headers: from a browser, use a same-origin proxy such as vbs-server --upstream." }</small>
                </div>
                <div class="field">
                    <label for="settings-project">{ "Project ID" }</label>
                    <input id="settings-project" type="text" spellcheck="false" required=true
                           value={form.project_id.clone()} oninput={text(|f, v| f.project_id = v)} />
                </div>
                <div class="field">
                    <label for="settings-policy">{ "Policy ID" }</label>
                    <input id="settings-policy" type="text" spellcheck="false" placeholder="optional: the first policy opens"
                           value={form.policy_id.clone()} oninput={text(|f, v| f.policy_id = v)} />
                </div>
                <fieldset class="field auth-modes">
                    <legend>{ "Authentication" }</legend>
                    <label><input type="radio" name="auth" value="none" checked={form.mode == "none"} onchange={mode("none")} />{ " None (server or proxy signs)" }</label>
                    <label><input type="radio" name="auth" value="token" checked={form.mode == "token"} onchange={mode("token")} />{ " IAM token" }</label>
                    <label><input type="radio" name="auth" value="aksk" checked={form.mode == "aksk"} onchange={mode("aksk")} />{ " AK/SK" }</label>
                </fieldset>
                if form.mode == "token" {
                    <div class="field">
                        <label for="settings-token">{ "Token" }</label>
                        <input id="settings-token" type="password" autocomplete="off"
                               value={form.token.clone()} oninput={text(|f, v| f.token = v)} />
                    </div>
                }
                if form.mode == "aksk" {
                    <div class="field">
                        <label for="settings-ak">{ "Access key" }</label>
                        <input id="settings-ak" type="text" autocomplete="off" spellcheck="false"
                               value={form.access_key.clone()} oninput={text(|f, v| f.access_key = v)} />
                    </div>
                    <div class="field">
                        <label for="settings-sk">{ "Secret key" }</label>
                        <input id="settings-sk" type="password" autocomplete="off"
                               value={form.secret_key.clone()} oninput={text(|f, v| f.secret_key = v)} />
                        <small class="muted">{ "Signed in this page: anyone using this browser can read it. Prefer a proxy that signs." }</small>
                    </div>
                }
                if form.mode != "none" {
                    <label class="toggle">
                        <input type="checkbox" checked={form.remember} onchange={on_remember} />
                        <span>{ " Remember on this device (otherwise kept for this tab only)" }</span>
                    </label>
                }
                if let Some(reason) = *problem {
                    <p class="form-error" role="alert">{ reason }</p>
                }
                <div class="settings__actions">
                    if connected {
                        <button type="button" class="button" onclick={cancel}>{ "Cancel" }</button>
                    }
                    <button type="submit" class="button button--primary">{ "Connect" }</button>
                </div>
            </form>
        </div>
    }
}
