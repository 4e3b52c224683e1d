//! The viewer's page as this server sends it: Trunk's `index.html` with the server's config
//! written into it.
//!
//! The viewer needs the config before its first request. Fetched, even preloaded, it cost a cold
//! load ~45 ms between the wasm starting and the first request (two round trips through the
//! browser's network service). In the page it is read at once. The config does not change while
//! the server runs, so the page is made once, at start. `/viewer-config.json` still answers for
//! other hosts' pages and for scripts. Its shape is `vbs_tasks::viewer_config::ServerConfig`, the
//! one definition the viewer reads it with.

use std::hash::{Hash, Hasher};

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use vbs_tasks::viewer_config::{CONFIG_ELEMENT_ID, CONFIG_PATH};

/// The page and its validator.
#[derive(Debug, Clone)]
pub struct ViewerPage {
    html: String,
    etag: HeaderValue,
}

impl ViewerPage {
    /// The page for `index_html` with `config_json` in it; `index.html` as it is when it has no
    /// `</head>` to put the config before (the viewer then fetches the config).
    pub fn new(index_html: &str, config_json: &str) -> ViewerPage {
        let html = with_config(index_html, config_json).unwrap_or_else(|| index_html.to_owned());
        ViewerPage::with_html(html)
    }

    fn with_html(html: String) -> ViewerPage {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        html.hash(&mut hasher);
        let etag = HeaderValue::from_str(&format!("\"{:016x}\"", hasher.finish()))
            .unwrap_or_else(|_| HeaderValue::from_static("\"page\""));
        ViewerPage { html, etag }
    }

    /// The page for `index_html` as it is, without the config (behind a login, where the viewer
    /// fetches `/viewer-config.json` once signed in).
    pub fn without_config(index_html: &str) -> ViewerPage {
        ViewerPage::with_html(index_html.to_owned())
    }

    /// The page, or `304 Not Modified` when `request_headers` already name this version of it.
    pub fn respond(&self, request_headers: &HeaderMap) -> Response {
        let cached = request_headers
            .get_all(header::IF_NONE_MATCH)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .any(|tag| tag.trim() == "*" || tag.trim().as_bytes() == self.etag.as_bytes());
        let headers = [
            (header::ETAG, self.etag.clone()),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ];
        if cached {
            return (StatusCode::NOT_MODIFIED, headers).into_response();
        }
        let content_type = (
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        (headers, [content_type], self.html.clone()).into_response()
    }
}

/// `index_html` with `config_json` in a JSON data block before `</head>`, and without the link
/// that preloads `/viewer-config.json` (nothing would use it). `None` without a `</head>`.
fn with_config(index_html: &str, config_json: &str) -> Option<String> {
    let head_end = index_html.find("</head>")?;
    // In a script element only `</script` and `<!--` could end or change the data; JSON allows
    // `<` only inside strings, where `\u003c` means the same.
    let data = config_json.replace('<', "\\u003c");
    let block = format!("<script type=application/json id={CONFIG_ELEMENT_ID}>{data}</script>");
    let mut page = String::with_capacity(index_html.len() + block.len());
    page.push_str(&index_html[..head_end]);
    page.push_str(&block);
    page.push_str(&index_html[head_end..]);
    Some(without_config_preload(&page))
}

/// `html` without the `<link …>` whose `href` is `/viewer-config.json` (quoted or not: Trunk's
/// minifier drops the quotes).
fn without_config_preload(html: &str) -> String {
    let Some(at) = html.find(CONFIG_PATH) else {
        return html.to_owned();
    };
    let (Some(start), Some(end)) = (html[..at].rfind("<link"), html[at..].find('>')) else {
        return html.to_owned();
    };
    // Only when the `<link` opened the tag that holds the href (no `>` in between).
    if html[start..at].contains('>') {
        return html.to_owned();
    }
    format!("{}{}", &html[..start], &html[at + end + 1..])
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRUNK_MINIFIED: &str = "<!doctype html><html lang=en><title>VBS</title>\
        <link as=fetch crossorigin href=/viewer-config.json rel=preload>\
        <link href=/app-1.css rel=stylesheet></head><body></body></html>";

    #[test]
    fn the_config_goes_before_the_end_of_the_head_and_its_preload_goes() {
        let page = with_config(TRUNK_MINIFIED, r#"{"mode":"emulator"}"#).unwrap();
        assert_eq!(
            page,
            "<!doctype html><html lang=en><title>VBS</title>\
             <link href=/app-1.css rel=stylesheet>\
             <script type=application/json id=viewer-config>{\"mode\":\"emulator\"}</script>\
             </head><body></body></html>"
        );
    }

    #[test]
    fn a_quoted_preload_link_goes_too() {
        let html = "<head><link rel=\"preload\" href=\"/viewer-config.json\" as=\"fetch\" crossorigin />\n</head>";
        let page = with_config(html, "{}").unwrap();
        assert!(!page.contains("viewer-config.json"), "{page}");
        assert!(page.starts_with("<head>\n<script"), "{page}");
    }

    #[test]
    fn nothing_in_the_config_can_end_the_data_block() {
        let page = with_config(TRUNK_MINIFIED, r#"{"projectId":"</script><script>x()"}"#).unwrap();
        assert_eq!(page.matches("</script>").count(), 1, "{page}");
        assert!(page.contains(r#"{"projectId":"\u003c/script>\u003cscript>x()"}"#));
        let data: serde_json::Value =
            serde_json::from_str(r#"{"projectId":"\u003c/script>\u003cscript>x()"}"#).unwrap();
        assert_eq!(data["projectId"], "</script><script>x()");
    }

    #[test]
    fn a_page_without_a_head_end_is_left_as_it_is() {
        assert_eq!(with_config("<p>no head", "{}"), None);
        let page = ViewerPage::new("<p>no head", "{}");
        assert_eq!(page.html, "<p>no head");
    }

    #[test]
    fn other_links_are_kept() {
        let html = "<link href=/a.css rel=stylesheet><p>/viewer-config.json</p></head>";
        assert_eq!(without_config_preload(html), html);
    }

    #[test]
    fn a_known_version_answers_not_modified() {
        let page = ViewerPage::new(TRUNK_MINIFIED, "{}");
        let mut headers = HeaderMap::new();
        assert_eq!(page.respond(&headers).status(), StatusCode::OK);
        headers.insert(header::IF_NONE_MATCH, HeaderValue::from_static("\"other\""));
        assert_eq!(page.respond(&headers).status(), StatusCode::OK);
        headers.insert(header::IF_NONE_MATCH, page.etag.clone());
        let response = page.respond(&headers);
        assert_eq!(response.status(), StatusCode::NOT_MODIFIED);
        assert_eq!(response.headers()[header::CACHE_CONTROL], "no-cache");
    }
}
