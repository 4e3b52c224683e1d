//! The Content-Security-Policy the viewer is served with.
//!
//! Strict: scripts only from this origin, plus `'wasm-unsafe-eval'` for the module and the exact
//! SHA-256 of each inline script Trunk writes into `index.html` (its loader) — never
//! `'unsafe-inline'`. A name or message injected into the page can therefore never run.

use base64::Engine as _;
use sha2::{Digest, Sha256};

/// The policy for a page whose HTML is `index_html` (or for no page).
pub fn policy(index_html: Option<&str>) -> String {
    let hashes: String = index_html
        .map(inline_scripts)
        .unwrap_or_default()
        .iter()
        .map(|script| {
            let digest = Sha256::digest(script.as_bytes());
            format!(
                " 'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            )
        })
        .collect();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; \
         style-src-attr 'unsafe-inline'; img-src 'self' data:; font-src 'self'; \
         connect-src 'self' https: http://127.0.0.1:* http://localhost:*; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// The contents of every `<script>` without a `src`, exactly as written (what CSP hashes).
fn inline_scripts(html: &str) -> Vec<&str> {
    let lower = html.to_ascii_lowercase();
    let mut scripts = Vec::new();
    let mut from = 0;
    while let Some(start) = lower[from..].find("<script").map(|i| i + from) {
        let Some(open_end) = lower[start..].find('>').map(|i| i + start) else {
            break;
        };
        let Some(close) = lower[open_end..].find("</script").map(|i| i + open_end) else {
            break;
        };
        let attributes = &lower[start + "<script".len()..open_end];
        if !attributes.split_whitespace().any(|a| a.starts_with("src=")) {
            scripts.push(&html[open_end + 1..close]);
        }
        from = close;
    }
    scripts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_each_inline_script_and_never_allows_unsafe_inline() {
        let html = "<head><script type=\"module\">\nimport init from '/a.js';\n</script>\
                    <script src=\"/b.js\"></script><SCRIPT>x()</SCRIPT></head>";
        let csp = policy(Some(html));
        let script_src = csp
            .split(';')
            .find(|d| d.trim().starts_with("script-src"))
            .unwrap();
        // sha256 of "\nimport init from '/a.js';\n" and of "x()"
        let expected = |text: &str| {
            base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes()))
        };
        assert!(
            script_src.contains(&format!(
                "'sha256-{}'",
                expected("\nimport init from '/a.js';\n")
            )),
            "{csp}"
        );
        assert!(
            script_src.contains(&format!("'sha256-{}'", expected("x()"))),
            "{csp}"
        );
        assert_eq!(script_src.matches("sha256").count(), 2);
        assert!(!script_src.contains("unsafe-inline"));
        assert!(csp.contains("frame-ancestors 'none'"));
        assert!(script_src.contains("'wasm-unsafe-eval'"));
    }

    #[test]
    fn without_a_page_there_are_no_hashes() {
        assert!(!policy(None).contains("sha256"));
    }
}
