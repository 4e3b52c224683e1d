//! The viewer's files as the emulator serves them: the page's config, the page without a built
//! viewer, the strict CSP, the config carried in the page, and the caching of hashed assets.
//! Run: `cargo test -p vbs-server --test emulator_http` (one binary, declared in `emulator_http.rs`).

use crate::common::*;

#[tokio::test]
async fn viewer_config_tells_the_page_what_it_talks_to() {
    let server = server(&[]).await;
    let (status, body) = get(&format!("{}/viewer-config.json", server.url())).await;
    assert_eq!(status, 200);
    assert_eq!(body["mode"], "emulator");
    assert_eq!(body["projectId"], PROJECT);
    assert_eq!(body["live"], false);
    assert_eq!(body["now"], "2026-11-20T08:00:00.000");
    assert_eq!(body["endpoint"], "");
}

#[tokio::test]
async fn without_a_built_viewer_the_root_says_how_to_build_it() {
    let server = server(&[]).await;
    let response = client()
        .get(format!("{}/", server.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    let page = response.text().await.unwrap();
    assert!(
        page.contains("/nonexistent-dist has no index.html")
            && page.contains("<code>/v2/</code>")
            && page.contains("trunk build --release"),
        "{page}"
    );
}

/// An emulator serving a viewer build made of `files` (name, content) in a fresh folder `name`.
async fn serve_dist(
    name: &str,
    files: &[(&str, &str)],
) -> (vbs_server::Running, std::path::PathBuf) {
    let dist = std::env::temp_dir().join(format!("{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dist).unwrap();
    for (file, content) in files {
        std::fs::write(dist.join(file), content).unwrap();
    }
    let config = vbs_server::Config::from_args([
        "--port",
        "0",
        "--no-live",
        "--dist",
        dist.to_str().unwrap(),
    ])
    .unwrap();
    (vbs_server::start(config).await.unwrap(), dist)
}

/// GETs `path` of the viewer `server` serves; asserts it answers 200.
async fn get_ok(server: &vbs_server::Running, path: &str) -> reqwest::Response {
    let response = client()
        .get(format!("{}{path}", server.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200, "{path}");
    response
}

#[tokio::test]
async fn the_viewer_is_served_with_a_strict_csp_that_allows_only_its_own_loader() {
    let (server, dist) = serve_dist(
        "vbs-dist",
        &[(
            "index.html",
            "<!doctype html><script type=\"module\">import init from '/app.js'; await init();</script>",
        )],
    )
    .await;
    for path in ["/", "/some/deep/link?policy=x"] {
        let response = get_ok(&server, path).await;
        let csp = response.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        let script_src = csp
            .split(';')
            .find(|d| d.trim().starts_with("script-src"))
            .unwrap()
            .to_owned();
        assert!(
            script_src.contains("'self'") && script_src.contains("'wasm-unsafe-eval'"),
            "{csp}"
        );
        assert!(script_src.contains("'sha256-"), "{csp}");
        assert!(!script_src.contains("unsafe-inline"), "{csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert_eq!(response.headers()["referrer-policy"], "no-referrer");
        assert!(response.text().await.unwrap().contains("import init"));
    }
    std::fs::remove_dir_all(&dist).ok();
}

#[tokio::test]
async fn the_page_carries_the_config_so_the_viewer_need_not_fetch_it() {
    let index = "<!doctype html><html lang=en><title>viewer</title>\
        <link as=fetch crossorigin href=/viewer-config.json rel=preload></head><body></body></html>";
    let (server, dist) = serve_dist("vbs-dist-config", &[("index.html", index)]).await;
    let config: serde_json::Value = client()
        .get(format!("{}/viewer-config.json", server.url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(config["mode"], "emulator");
    for path in ["/", "/index.html", "/some/deep/link?policy=x"] {
        let response = get_ok(&server, path).await;
        assert!(response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html"));
        let page = response.text().await.unwrap();
        let data = page
            .split_once("<script type=application/json id=viewer-config>")
            .and_then(|(_, rest)| rest.split_once("</script>"))
            .map(|(data, _)| data)
            .unwrap_or_else(|| panic!("{path}: no config in {page}"));
        let inline: serde_json::Value = serde_json::from_str(data).unwrap();
        assert_eq!(inline, config, "{path}");
        assert!(!page.contains("/viewer-config.json"), "{path}: {page}");
    }
    std::fs::remove_dir_all(&dist).ok();
}

#[tokio::test]
async fn hashed_assets_are_cached_for_a_year_and_the_page_is_asked_for_again() {
    let mut files = vec![("index.html", "<!doctype html><title>viewer</title>")];
    for name in [
        "app-dc2cb80a015657e2.css",
        "components-2eb7e825d722061.css",
        "vbs-viewer-9ba04716e11b6a84_bg.wasm",
        "vbs-viewer-9ba04716e11b6a84.js",
        "bench-vanilla.js",
        "app-notahash.css",
    ] {
        files.push((name, "x"));
    }
    let (server, dist) = serve_dist("vbs-dist-cache", &files).await;
    let cache_control = |response: &reqwest::Response| {
        response
            .headers()
            .get("cache-control")
            .map(|v| v.to_str().unwrap().to_owned())
    };
    for (path, expected) in [
        (
            "/app-dc2cb80a015657e2.css",
            "public, max-age=31536000, immutable",
        ),
        (
            "/components-2eb7e825d722061.css",
            "public, max-age=31536000, immutable",
        ),
        (
            "/vbs-viewer-9ba04716e11b6a84_bg.wasm",
            "public, max-age=31536000, immutable",
        ),
        (
            "/vbs-viewer-9ba04716e11b6a84.js",
            "public, max-age=31536000, immutable",
        ),
        ("/bench-vanilla.js", "no-cache"),
        ("/app-notahash.css", "no-cache"),
        ("/", "no-cache"),
        ("/some/deep/link?policy=x", "no-cache"),
    ] {
        let response = get_ok(&server, path).await;
        assert_eq!(
            cache_control(&response).as_deref(),
            Some(expected),
            "{path}"
        );
    }
    // A revalidation of the page answers 304, still `no-cache`.
    let first = client().get(server.url()).send().await.unwrap();
    let etag = first.headers()["etag"].clone();
    let again = client()
        .get(server.url())
        .header("if-none-match", etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status().as_u16(), 304);
    assert_eq!(cache_control(&again).as_deref(), Some("no-cache"));
    // The config is not a static file: it keeps its own `no-store`.
    let api = client()
        .get(format!("{}/viewer-config.json", server.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(cache_control(&api).as_deref(), Some("no-store"));
    std::fs::remove_dir_all(&dist).ok();
}
