//! The page's own settings: its language, which of its panels is open, the settings panel's form
//! (checked here, before anything is sent), and what is stored between visits.

use serde::Serialize;

use crate::i18n::{Key, Lang};

use super::connection::{AuthSettings, Connection, Secret};

/// The language, and which of the page's panels is open.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Settings {
    /// The settings panel is open.
    pub panel_open: bool,
    /// The keyboard shortcuts' help is open.
    pub shortcuts_open: bool,
    /// The language of the page (`Language`).
    pub lang: Lang,
}

/// What changes the settings.
#[derive(Debug, Clone)]
pub enum SettingsAction {
    /// Open or close the settings panel.
    ShowPanel(bool),
    /// Open or close the keyboard shortcuts' help (`?`).
    ShowShortcuts(bool),
    /// The `Language` control (or the remembered choice, or the browser's language at start).
    SetLang(Lang),
}

impl Settings {
    /// Applies `action`; `false` when it changes nothing.
    pub fn reduce(&mut self, action: SettingsAction) -> bool {
        let (field, value) = match action {
            SettingsAction::ShowPanel(open) => (&mut self.panel_open, open),
            SettingsAction::ShowShortcuts(open) => (&mut self.shortcuts_open, open),
            SettingsAction::SetLang(lang) => {
                let changed = self.lang != lang;
                self.lang = lang;
                return changed;
            }
        };
        let changed = *field != value;
        *field = value;
        changed
    }
}

/// The settings panel's fields, as typed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SettingsForm {
    /// The endpoint (empty: this page's server).
    pub endpoint: String,
    /// The project.
    pub project_id: String,
    /// The policy to open (empty: the first).
    pub policy_id: String,
    /// `none`, `token` or `aksk` (see [`AuthSettings::mode`]).
    pub mode: String,
    /// The IAM token.
    pub token: String,
    /// The access key.
    pub access_key: String,
    /// The secret key.
    pub secret_key: String,
    /// Keep the secret on this device.
    pub remember: bool,
}

impl SettingsForm {
    /// The form for the current connection (if any) and policy.
    pub fn new(connection: Option<&Connection>, policy_id: Option<&str>) -> Self {
        let mut form = SettingsForm {
            policy_id: policy_id.unwrap_or_default().to_owned(),
            mode: "none".into(),
            ..SettingsForm::default()
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

    /// The connection the form describes, or what is missing or wrong in it (the first problem,
    /// in the form's order). `server_mode` is kept from the connection the page started with.
    pub fn connection(&self, server_mode: Option<String>) -> Result<Connection, Key> {
        if !endpoint_scheme_allowed(&self.endpoint) {
            return Err(Key::EndpointNotHttp);
        }
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

    /// The policy the form names, if any.
    pub fn policy(&self) -> Option<String> {
        Some(self.policy_id.trim().to_owned()).filter(|id| !id.is_empty())
    }
}

/// Whether an endpoint may be used: empty (this page's server), a URL of this page's scheme
/// (`/proxy`, `//host:8080`), or an `http:` or `https:` URL. Anything with another scheme
/// (`javascript:`, `ftp:`, `data:`, or `localhost:8080`, which a URL parser reads as the scheme
/// `localhost:`) is refused before it is stored or sent. The scheme is read as a browser's URL
/// parser reads it: spaces and control characters around it dropped, tabs and newlines in it too.
pub fn endpoint_scheme_allowed(endpoint: &str) -> bool {
    let cleaned: String = endpoint
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let Some((scheme, _)) = cleaned.split_once(':') else {
        return true;
    };
    let is_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    !is_scheme || scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")
}

/// A field of the stored settings' object, as the browser parsed it.
#[derive(Debug, Clone, PartialEq)]
pub enum StoredValue {
    /// Not there.
    Missing,
    /// A string.
    Text(String),
    /// `true` or `false`.
    Flag(bool),
    /// Anything else (`null`, a number, an object…).
    Other,
}

/// What the viewer keeps in `localStorage` between visits, as JSON: never a secret (those are
/// stored apart, per the "remember" choice).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct StoredSettings {
    /// The endpoint.
    pub endpoint: String,
    /// The project.
    pub project_id: String,
    /// `none`, `token` or `aksk`.
    pub auth_mode: String,
    /// The access key of AK/SK (the secret key is stored apart).
    pub access_key: String,
    /// Whether the secret is kept in `localStorage` (else `sessionStorage`).
    pub remember: bool,
}

impl StoredSettings {
    /// What to store for a connection (without its secret).
    pub fn from_connection(connection: &Connection) -> Self {
        StoredSettings {
            endpoint: connection.endpoint.clone(),
            project_id: connection.project_id.clone(),
            auth_mode: connection.auth.mode().to_owned(),
            access_key: match &connection.auth {
                AuthSettings::AkSk { access_key, .. } => access_key.clone(),
                _ => String::new(),
            },
            remember: connection.remember,
        }
    }

    /// The secret-free JSON to store.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads what was stored, from the fields of the object the browser's `JSON.parse` made of
    /// it (`field` gives a field's value by name; `browser.rs` reads them). `None` when a field has
    /// the wrong kind: the whole is then unreadable. Missing fields take their defaults; other
    /// fields are not looked at.
    ///
    /// Why not serde_json: its parser and its errors were 11 KB of the viewer's brotli for five
    /// fields the browser parses anyway.
    pub fn from_fields(field: impl Fn(&str) -> StoredValue) -> Option<Self> {
        let text = |name| match field(name) {
            StoredValue::Missing => Some(String::new()),
            StoredValue::Text(text) => Some(text),
            _ => None,
        };
        let remember = match field("remember") {
            StoredValue::Missing => false,
            StoredValue::Flag(remember) => remember,
            _ => return None,
        };
        Some(StoredSettings {
            endpoint: text("endpoint")?,
            project_id: text("project_id")?,
            auth_mode: text("auth_mode")?,
            access_key: text("access_key")?,
            remember,
        })
    }

    /// Whether [`StoredSettings::auth`] uses a secret, i.e. whether to look one up at all.
    pub fn needs_secret(&self) -> bool {
        matches!(self.auth_mode.as_str(), "token" | "aksk")
    }

    /// The auth these settings describe, with the secret found in storage (if any).
    pub fn auth(&self, secret: Option<String>) -> AuthSettings {
        match (self.auth_mode.as_str(), secret) {
            ("token", Some(token)) if !token.is_empty() => AuthSettings::Token(Secret(token)),
            ("aksk", Some(secret_key)) if !secret_key.is_empty() => AuthSettings::AkSk {
                access_key: self.access_key.clone(),
                secret_key: Secret(secret_key),
            },
            _ => AuthSettings::None,
        }
    }
}

#[cfg(test)]
mod tests;
