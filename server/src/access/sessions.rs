//! Signed-in browsers: a random session id in a cookie, and on the server the user it belongs to
//! until it expires. Only a hash of each id is kept, so the map never holds a usable cookie.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rand::Rng;
use sha2::{Digest, Sha256};

/// How long a sign-in lasts.
pub const SESSION_LIFETIME: Duration = Duration::from_secs(12 * 60 * 60);
/// The cookie's name.
pub const COOKIE_NAME: &str = "vbs_session";

#[derive(Debug, Clone)]
struct Session {
    user: String,
    expires: Instant,
}

/// The sessions of a server.
#[derive(Debug, Default)]
pub struct Sessions {
    by_hash: Mutex<HashMap<[u8; 32], Session>>,
}

fn key(id: &str) -> [u8; 32] {
    Sha256::digest(id.as_bytes()).into()
}

impl Sessions {
    /// A new session for `user` from `now`: its id (256 random bits, hex), for the cookie.
    pub fn open(&self, user: &str, now: Instant) -> String {
        let bytes: [u8; 32] = rand::rng().random();
        let id: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let mut sessions = self.by_hash.lock().unwrap_or_else(|e| e.into_inner());
        sessions.retain(|_, session| session.expires > now);
        sessions.insert(
            key(&id),
            Session {
                user: user.to_owned(),
                expires: now + SESSION_LIFETIME,
            },
        );
        id
    }

    /// The user of session `id` at `now`, if it is open.
    pub fn user(&self, id: &str, now: Instant) -> Option<String> {
        let sessions = self.by_hash.lock().unwrap_or_else(|e| e.into_inner());
        sessions
            .get(&key(id))
            .filter(|session| session.expires > now)
            .map(|session| session.user.clone())
    }

    /// Ends session `id`; returns whose it was.
    pub fn close(&self, id: &str) -> Option<String> {
        let mut sessions = self.by_hash.lock().unwrap_or_else(|e| e.into_inner());
        sessions.remove(&key(id)).map(|session| session.user)
    }
}

/// The value of the session cookie among a request's `Cookie` header values.
pub fn session_cookie<'a>(cookie_headers: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    cookie_headers
        .flat_map(|header| header.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE_NAME)
        .map(|(_, value)| value.trim_matches('"'))
        .filter(|value| !value.is_empty())
}
