//! Where the viewer sends its requests and as whom, and what it found there: the startup
//! connection (the server's config or the stored settings), the settings panel's, and the
//! project's policy list.
//!
//! Every action of this concern also moves the task view (a connection completes or replaces the
//! view; the policy list opens the first policy), so [`super::reduce`] handles them: see
//! `State::connect` and `State::policies_loaded` in `state/mod.rs`.

use std::fmt;
use std::rc::Rc;

use vbs_tasks::core::error::Error;
use vbs_tasks::core::model::Policy;
use vbs_tasks::viewer_config::ServerConfig;

use super::settings::StoredSettings;

/// A credential: shown nowhere, logged nowhere (its `Debug` is redacted).
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret(pub String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_empty() {
            "Secret(empty)"
        } else {
            "Secret([redacted])"
        })
    }
}

/// How the viewer authenticates.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum AuthSettings {
    /// No credentials: the server or a same-origin proxy adds them.
    #[default]
    None,
    /// An IAM token sent as `X-Auth-Token`.
    Token(Secret),
    /// AK/SK, signed in the page (trusted pages only).
    AkSk {
        /// The access key (not secret on its own).
        access_key: String,
        /// The secret key.
        secret_key: Secret,
    },
}

impl AuthSettings {
    /// The mode's name as stored and as the settings form's radio values: `none`, `token`, `aksk`.
    pub fn mode(&self) -> &'static str {
        match self {
            AuthSettings::None => "none",
            AuthSettings::Token(_) => "token",
            AuthSettings::AkSk { .. } => "aksk",
        }
    }

    /// The secret to keep apart from the other settings (the token, or the secret key).
    pub fn secret(&self) -> Option<&str> {
        match self {
            AuthSettings::None => None,
            AuthSettings::Token(token) => Some(&token.0),
            AuthSettings::AkSk { secret_key, .. } => Some(&secret_key.0),
        }
    }
}

/// Where the viewer sends its requests, and as whom.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Connection {
    /// The endpoint; `""` is the page's origin.
    pub endpoint: String,
    /// The default project (a link may name another).
    pub project_id: String,
    /// The credentials.
    pub auth: AuthSettings,
    /// Keep the credentials across browser sessions (`localStorage`) instead of this tab only.
    pub remember: bool,
    /// Set when the connection came from the server's `/viewer-config.json`.
    pub server_mode: Option<String>,
}

/// The connection to start with: the server's config if there is one (with the stored credentials,
/// if any), else stored settings that name a project, else none (the settings panel asks).
pub fn initial_connection(
    config: Option<&ServerConfig>,
    stored: Option<&StoredSettings>,
    secret: Option<String>,
) -> Option<Connection> {
    let auth = stored.map(|s| s.auth(secret)).unwrap_or_default();
    let remember = stored.is_some_and(|s| s.remember);
    if let Some(config) = config {
        return Some(Connection {
            endpoint: config.endpoint.clone(),
            project_id: config.project_id.clone(),
            auth,
            remember,
            server_mode: Some(config.mode.clone()),
        });
    }
    let stored = stored?;
    (!stored.project_id.is_empty()).then(|| Connection {
        endpoint: stored.endpoint.clone(),
        project_id: stored.project_id.clone(),
        auth,
        remember,
        server_mode: None,
    })
}

/// Something that is loaded over the network.
#[derive(Debug, Clone, PartialEq)]
pub enum Load<T> {
    /// Not asked for yet.
    Idle,
    /// On its way.
    Loading,
    /// Here.
    Ready(T),
    /// Failed.
    Failed(Error),
}

/// Where the policy list comes from: the connection and the project.
pub type PolicyRequest = (Connection, String);

/// The connection and what it lists.
#[derive(Debug, Clone, PartialEq)]
pub struct ConnectionState {
    /// Whether the startup config has been read (until then nothing is asked).
    pub booted: bool,
    /// Where requests go; `None` until the server config or the settings panel gives one.
    pub connection: Option<Connection>,
    /// The project's policies, for the `Policy` control and the glance.
    pub policies: Load<Rc<Vec<Policy>>>,
}

impl Default for ConnectionState {
    fn default() -> Self {
        ConnectionState {
            booted: false,
            connection: None,
            policies: Load::Idle,
        }
    }
}

impl ConnectionState {
    /// The request for the policy list of `project_id`, if it can be made.
    pub fn policy_request(&self, project_id: &str) -> Option<PolicyRequest> {
        let connection = self.connection.clone()?;
        (!project_id.is_empty()).then(|| (connection, project_id.to_owned()))
    }

    /// The policies, once they are in.
    pub fn policy_list(&self) -> Option<&Rc<Vec<Policy>>> {
        match &self.policies {
            Load::Ready(list) => Some(list),
            _ => None,
        }
    }
}

/// What changes the connection.
#[derive(Debug, Clone)]
pub enum ConnectionAction {
    /// The startup config was read: connect with this (or ask, with `None`).
    Boot(Option<Connection>),
    /// The settings panel was saved: connect with this, and open this project/policy if given.
    Connect {
        /// The new connection.
        connection: Connection,
        /// The policy the settings named, if any.
        policy_id: Option<String>,
    },
    /// The policy list arrived (for this project).
    PoliciesLoaded {
        /// The project it lists.
        project_id: String,
        /// The list, or why there is none.
        result: Result<Vec<Policy>, Error>,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_initial_connection_prefers_the_server_then_stored_settings() {
        let config =
            ServerConfig::from_json(br#"{"mode":"emulator","endpoint":"","projectId":"p1"}"#)
                .unwrap();
        let stored = StoredSettings {
            endpoint: "https://proxy.example".into(),
            project_id: "p9".into(),
            auth_mode: "token".into(),
            access_key: String::new(),
            remember: false,
        };
        let from_server =
            initial_connection(Some(&config), Some(&stored), Some("tok".into())).unwrap();
        assert_eq!(from_server.project_id, "p1");
        assert_eq!(from_server.auth, AuthSettings::Token(Secret("tok".into())));
        let from_stored = initial_connection(None, Some(&stored), None).unwrap();
        assert_eq!(from_stored.endpoint, "https://proxy.example");
        assert_eq!(
            from_stored.auth,
            AuthSettings::None,
            "a token mode without a token is no auth"
        );
        assert!(initial_connection(None, None, None).is_none());
        let no_project = StoredSettings {
            project_id: String::new(),
            ..stored
        };
        assert!(initial_connection(None, Some(&no_project), None).is_none());
    }

    #[test]
    fn a_secret_never_shows_in_debug_output() {
        let auth = AuthSettings::AkSk {
            access_key: "AKID".into(),
            secret_key: Secret("very-secret-key".into()),
        };
        assert!(!format!("{auth:?}").contains("very-secret-key"));
        assert_eq!(auth.secret(), Some("very-secret-key"));
        assert_eq!(format!("{:?}", Secret::default()), "Secret(empty)");
        assert_eq!(AuthSettings::None.secret(), None);
    }

    #[test]
    fn the_policy_list_is_asked_for_a_project_through_a_connection() {
        let mut state = ConnectionState::default();
        assert_eq!(state.policy_request("p"), None, "not connected");
        state.connection = Some(Connection {
            project_id: "p".into(),
            ..Connection::default()
        });
        assert_eq!(state.policy_request(""), None, "no project");
        assert_eq!(state.policy_request("p").map(|(_, p)| p), Some("p".into()));
        assert!(state.policy_list().is_none());
        state.policies = Load::Ready(Rc::new(Vec::new()));
        assert!(state.policy_list().is_some());
    }
}
