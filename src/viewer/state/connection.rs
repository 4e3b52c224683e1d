//! Where the viewer sends its requests and as whom, and what it found there: the startup
//! connection (the server's config or the stored settings), the settings panel's, the server's
//! targets and the one chosen, and the project's policy list.
//!
//! The chosen target is part of the view (`?target=`, [`crate::route::View::target`]), set only
//! when the server answers for several targets; the connection then points at that target
//! ([`ConnectionState::to_target`]).
//!
//! Every action of this concern also moves the task view (a connection completes or replaces the
//! view; another target replaces it; the policy list opens the first policy), so
//! [`super::reduce`] handles them: see `State::connect`, `State::switch_target` and
//! `State::policies_loaded` in `state/mod.rs`.

use std::fmt;
use std::rc::Rc;

use vbs_tasks::core::error::Error;
use vbs_tasks::core::model::Policy;
use vbs_tasks::viewer_config::{ServerConfig, TargetInfo};

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
    /// The targets the server answers for, in its order (from its config; empty without one).
    pub targets: Rc<Vec<TargetInfo>>,
    /// The project's policies, for the `Policy` control and the glance.
    pub policies: Load<Rc<Vec<Policy>>>,
}

impl Default for ConnectionState {
    fn default() -> Self {
        ConnectionState {
            booted: false,
            connection: None,
            targets: Rc::default(),
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

    /// Whether there is a target to choose: the server answers for more than one.
    pub fn has_several_targets(&self) -> bool {
        self.targets.len() > 1
    }

    /// The target of this name, if the server answers for it.
    pub fn target(&self, name: &str) -> Option<&TargetInfo> {
        self.targets.iter().find(|target| target.name == name)
    }

    /// The target a link's `target=` value opens, when there is a choice: the one it names, else
    /// the first (a link to a target the server no longer has still opens a page). `None` with
    /// one target or none, where no `target=` is written.
    pub fn resolve_target(&self, named: Option<&str>) -> Option<&TargetInfo> {
        if !self.has_several_targets() {
            return None;
        }
        named
            .and_then(|name| self.target(name))
            .or_else(|| self.targets.first())
    }

    /// The target whose requests go to `endpoint`, when there is a choice (a connection from the
    /// settings panel to one of the server's targets keeps it chosen).
    pub fn target_at(&self, endpoint: &str) -> Option<&TargetInfo> {
        if !self.has_several_targets() {
            return None;
        }
        self.targets
            .iter()
            .find(|target| target.endpoint == endpoint)
    }

    /// `connection` (its credentials and mode) pointed at `target`: its endpoint and project.
    pub fn to_target(connection: &Connection, target: &TargetInfo) -> Connection {
        Connection {
            endpoint: target.endpoint.clone(),
            project_id: target.project_id.clone(),
            ..connection.clone()
        }
    }
}

/// What changes the connection.
#[derive(Debug, Clone)]
pub enum ConnectionAction {
    /// The startup config was read: connect with this (or ask, with `None`), to the target the
    /// link names among the server's `targets` when there are several.
    Boot {
        /// The connection the config or the stored settings give (its first target's).
        connection: Option<Connection>,
        /// The targets the server answers for (empty without a server config).
        targets: Vec<TargetInfo>,
    },
    /// The settings panel was saved: connect with this, and open this project/policy if given.
    Connect {
        /// The new connection.
        connection: Connection,
        /// The policy the settings named, if any.
        policy_id: Option<String>,
    },
    /// Another target was picked: its name.
    SelectTarget(String),
    /// The vaults and CBR policies arrived (for the listing with this id).
    CbrListsLoaded {
        /// The listing.
        id: super::latest::RequestId,
        /// The lists, or why there are none.
        result: Result<super::cbr_lists::CbrLists, Error>,
    },
    /// The policy list arrived (for this connection and project).
    PoliciesLoaded {
        /// What was asked: an answer for a list no longer shown is dropped.
        request: PolicyRequest,
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
