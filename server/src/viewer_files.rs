//! Where the viewer's files come from: the release viewer built into this binary (Trunk's `dist/`
//! when the server was compiled), or a directory named with `--dist`.
//!
//! Built in, the binary alone serves the page from any directory, which is what `cargo install`
//! gives a user. A build without a `dist/` still compiles; it then serves no viewer and says so.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// The viewer as Trunk built it when this binary was compiled (`trunk build --release` before
/// `cargo build --release -p vbs-server`); empty when there was none. `build.rs` recompiles the
/// server when `dist/` changes.
#[derive(rust_embed::RustEmbed)]
#[folder = "../dist"]
#[allow_missing = true]
struct Embedded;

/// The viewer's files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ViewerFiles {
    /// Built into this binary.
    Embedded,
    /// Read from this directory (`--dist`).
    Directory(PathBuf),
    /// None: the binary was built without a viewer and no `--dist` was given.
    Missing,
}

impl ViewerFiles {
    /// `--dist DIR` when given, else the built-in viewer if this binary has one.
    pub fn choose(dist: Option<&Path>) -> ViewerFiles {
        match dist {
            Some(dir) => ViewerFiles::Directory(dir.to_owned()),
            None if Embedded::get("index.html").is_some() => ViewerFiles::Embedded,
            None => ViewerFiles::Missing,
        }
    }

    /// The page (`index.html`), if there is one to serve.
    pub fn index_html(&self) -> Option<String> {
        match self {
            ViewerFiles::Embedded => Embedded::get("index.html")
                .and_then(|file| String::from_utf8(file.data.into_owned()).ok()),
            ViewerFiles::Directory(dir) => std::fs::read_to_string(dir.join("index.html")).ok(),
            ViewerFiles::Missing => None,
        }
    }

    /// What the start banner says about the viewer.
    pub fn describe(&self) -> String {
        match (self, self.why_none()) {
            (_, Some(why)) => format!("none: {why}"),
            (ViewerFiles::Directory(dir), None) => format!("from {}", dir.display()),
            _ => "built into this binary".to_owned(),
        }
    }

    /// Why there is no viewer to serve; `None` when there is one.
    pub fn why_none(&self) -> Option<String> {
        const BUILD: &str = "run `trunk build --release`, then `cargo build --release -p \
                             vbs-server`, or give --dist the directory Trunk built";
        match self {
            ViewerFiles::Embedded => None,
            ViewerFiles::Directory(dir) if dir.join("index.html").is_file() => None,
            ViewerFiles::Directory(dir) => {
                Some(format!("{} has no index.html ({BUILD})", dir.display()))
            }
            ViewerFiles::Missing => Some(format!("this binary was built without one ({BUILD})")),
        }
    }
}

/// The built-in file at `path` (`/vbs-viewer-….js`), or `None` for anything else (a deep link,
/// which gets the page). The files are a map built at compile time: no path reaches the disk.
pub fn embedded_file(path: &str, request_headers: &HeaderMap) -> Option<Response> {
    let name = path.strip_prefix('/')?;
    let name = percent_decoded(name)?;
    if name.is_empty() || name == "index.html" {
        return None;
    }
    let file = Embedded::get(&name)?;
    let etag =
        HeaderValue::from_str(&format!("\"{}\"", hex(&file.metadata.sha256_hash()[..12]))).ok()?;
    let cached = request_headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|tag| tag.trim() == "*" || tag.trim().as_bytes() == etag.as_bytes());
    if cached {
        return Some((StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response());
    }
    let content_type = HeaderValue::from_str(file.metadata.mimetype())
        .unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"));
    let body = match file.data {
        Cow::Borrowed(bytes) => axum::body::Body::from(bytes),
        Cow::Owned(bytes) => axum::body::Body::from(bytes),
    };
    Some(
        (
            [(header::CONTENT_TYPE, content_type), (header::ETAG, etag)],
            body,
        )
            .into_response(),
    )
}

/// `name` with `%XX` escapes decoded, `None` if that is not UTF-8.
fn percent_decoded(name: &str) -> Option<String> {
    form_urlencoded::parse(format!("n={}", name.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, value)| value.into_owned())
        .filter(|value| !value.contains('\u{fffd}') || name.contains('\u{fffd}'))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_named_directory_wins_over_the_built_in_viewer() {
        let dir = Path::new("/srv/viewer");
        assert_eq!(
            ViewerFiles::choose(Some(dir)),
            ViewerFiles::Directory(dir.to_owned())
        );
        let missing = ViewerFiles::Directory("/nonexistent-dist".into());
        assert_eq!(missing.index_html(), None);
        assert!(missing.describe().contains("no index.html"));
        assert!(ViewerFiles::Missing
            .describe()
            .contains("built without one"));
    }

    #[test]
    fn without_a_dist_the_binary_has_its_viewer_exactly_when_it_was_built_with_one() {
        // `../dist` as the compiler saw it decides, not the working directory at run time.
        let built_with = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../dist/index.html")
            .is_file();
        let files = ViewerFiles::choose(None);
        if built_with {
            assert_eq!(files, ViewerFiles::Embedded);
            assert!(files
                .index_html()
                .is_some_and(|page| page.contains("</head>")));
        } else {
            assert_eq!(files, ViewerFiles::Missing);
            assert_eq!(files.index_html(), None);
        }
    }

    #[test]
    fn the_page_and_unknown_paths_are_not_files() {
        let headers = HeaderMap::new();
        for path in [
            "/",
            "/index.html",
            "/policies/x",
            "/../Cargo.toml",
            "no-slash",
        ] {
            assert!(embedded_file(path, &headers).is_none(), "{path}");
        }
    }

    #[test]
    fn escapes_are_decoded_and_broken_ones_refused() {
        assert_eq!(percent_decoded("a%20b.js").as_deref(), Some("a b.js"));
        assert_eq!(percent_decoded("a+b.js").as_deref(), Some("a+b.js"));
        assert_eq!(percent_decoded("%ff.js"), None);
    }
}
