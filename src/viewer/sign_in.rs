//! The sign-in a server behind a login (`vbs-server --access-tokens`) asks for: what its answer
//! to the last attempt was (the server sends the form back to `/?signin=…`), and where to go
//! once signed in (this page's URL without that note).

/// The server's answer to the last attempt, as it put it in the URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInNote {
    /// `signin=failed`: the token was not accepted.
    Failed,
    /// `signin=wait`: too many failures from this address for now.
    Wait,
}

/// The code of the server's answer to an API request that needs a sign-in (its
/// `ApiError::sign_in_needed`).
pub const SIGN_IN_CODE: &str = "VbsServer.0401";

fn pairs(search: &str) -> impl Iterator<Item = &str> {
    search
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| !pair.is_empty())
}

fn is_note(pair: &str) -> bool {
    pair == "signin" || pair.starts_with("signin=")
}

impl SignInNote {
    /// The note in a `location.search` (with or without its `?`), if any.
    pub fn from_search(search: &str) -> Option<SignInNote> {
        pairs(search).find_map(|pair| match pair {
            "signin=failed" => Some(SignInNote::Failed),
            "signin=wait" => Some(SignInNote::Wait),
            _ => None,
        })
    }
}

/// Where the server sends the browser once signed in: `path` and `search` without the note.
pub fn return_to(path: &str, search: &str) -> String {
    let kept: Vec<&str> = pairs(search).filter(|pair| !is_note(pair)).collect();
    let path = if path.starts_with('/') { path } else { "/" };
    if kept.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{}", kept.join("&"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_note_is_read_from_the_query() {
        assert_eq!(
            SignInNote::from_search("?signin=failed"),
            Some(SignInNote::Failed)
        );
        assert_eq!(
            SignInNote::from_search("?policy=p1&signin=wait"),
            Some(SignInNote::Wait)
        );
        assert_eq!(SignInNote::from_search("?signin=other"), None);
        assert_eq!(SignInNote::from_search(""), None);
        assert_eq!(SignInNote::from_search("?xsignin=failed"), None);
    }

    #[test]
    fn the_way_back_keeps_the_view_and_drops_the_note() {
        assert_eq!(return_to("/", "?signin=failed"), "/");
        assert_eq!(
            return_to("/", "?policy=p1&signin=failed&status=running"),
            "/?policy=p1&status=running"
        );
        assert_eq!(return_to("/", ""), "/");
        assert_eq!(return_to("", "?a=1"), "/?a=1");
    }
}
