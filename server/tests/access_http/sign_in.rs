//! Signing in: without a token the API and config answer 401 while the viewer's files stay
//! public; a right token signs in with a session cookie (secure off plain loopback HTTP), a wrong
//! one is refused, another site's page signs no one in; a Bearer token opens the API; repeated
//! failures lock the address out.
//! Run: `cargo test -p vbs-server --test access_http` (one binary, declared in `access_http.rs`).

use std::time::Duration;

use reqwest::header::{AUTHORIZATION, COOKIE, LOCATION, RETRY_AFTER};
use time::OffsetDateTime;
use vbs_server::access::limiter::{FIRST_LOCKOUT, MAX_FAILURES};
use vbs_server::access::sessions::SESSION_LIFETIME;
use vbs_tasks::core::sign::SigningRequest;
use vbs_tasks::Signer;

use super::*;

#[tokio::test]
async fn without_a_token_the_api_and_config_answer_401_in_the_gateway_shape() {
    let (server, _dir) = guarded("refused", &[]).await;
    let base = server.url();
    for path in [
        format!("/v2/{PROJECT}/backuppolicy"),
        "/viewer-config.json".into(),
        "/__emulator/faults".into(),
        "/t/prod-cn4/v2/p/backuppolicy".into(),
        "/v3/projects?name=cn-north-4".into(),
        format!("/v3/{PROJECT}/operation-logs?limit=5"),
        format!("/v3/{PROJECT}/vaults"),
    ] {
        let (status, headers, body) =
            json(client().get(format!("{base}{path}")).send().await.unwrap()).await;
        assert_gateway_error(status, &body, 401, SIGN_IN);
        assert!(
            body["error_msg"].as_str().unwrap().contains("access token"),
            "{body}"
        );
        assert_eq!(headers["www-authenticate"], "Bearer realm=\"vbs-server\"");
    }
    // The emulator's token is not a login.
    let response = client()
        .get(policies_url(&base))
        .header("X-Auth-Token", "emulator-token")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
}

#[tokio::test]
async fn the_viewers_files_stay_public_and_the_page_carries_no_config() {
    let (server, _dir) = guarded("static", &[]).await;
    let base = server.url();
    let page = client().get(format!("{base}/")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("<title>VBS</title>"), "{html}");
    assert!(!html.contains("viewer-config"), "{html}");
    assert!(!html.contains(PROJECT), "{html}");
    let deep = client()
        .get(format!("{base}/index.html"))
        .send()
        .await
        .unwrap();
    assert!(!deep.text().await.unwrap().contains(PROJECT));
    let css = client()
        .get(format!("{base}/app-0123abcd.css"))
        .send()
        .await
        .unwrap();
    assert_eq!(css.status(), 200);
    assert_eq!(css.text().await.unwrap(), "body{}");

    // Without --access-tokens the page still carries it, as before.
    let dir = scratch("static-open");
    let dist = dist(&dir);
    let open = start(Config::from_args(["--port", "0", "--no-live", "--dist", &dist]).unwrap())
        .await
        .unwrap();
    assert!(open.state.access.is_none());
    let html = client()
        .get(open.url())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("id=viewer-config") && html.contains(PROJECT),
        "{html}"
    );
}

#[tokio::test]
async fn a_right_token_signs_in_with_a_session_cookie_a_wrong_one_is_refused() {
    let (server, _dir) = guarded("login", &[]).await;
    let base = server.url();

    let (status, _, body) = json(login(&base, "wrong-token", &[]).await).await;
    assert_gateway_error(status, &body, 401, SIGN_IN);
    // A browser's form is brought back to the page, which says why.
    let page = login(&base, "wrong-token", &[("accept", "text/html,*/*")]).await;
    assert_eq!(page.status(), 303);
    assert_eq!(page.headers()[LOCATION], "/?signin=failed");
    assert!(page.headers().get(SET_COOKIE).is_none());

    let signed_in = login(&base, ALICE, &[("accept", "text/html")]).await;
    assert_eq!(signed_in.status(), 303);
    assert_eq!(signed_in.headers()[LOCATION], "/");
    let cookie = signed_in.headers()[SET_COOKIE].to_str().unwrap().to_owned();
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.split("; ").any(|a| a == attribute), "{cookie}");
    }
    // Plain http on loopback: a browser would drop a Secure cookie here.
    assert!(!cookie.contains("Secure"), "{cookie}");
    assert!(!cookie.contains(ALICE), "{cookie}");
    let session = session_of(signed_in.headers());
    assert!(session.starts_with("vbs_session=") && session.len() == "vbs_session=".len() + 64);

    let list = client()
        .get(policies_url(&base))
        .header(COOKIE, format!("theme=dark; {session}"))
        .send()
        .await
        .unwrap();
    assert_eq!(list.status(), 200);
    assert!(list.headers().contains_key("x-request-id"));
    let (status, _, config) = json(
        client()
            .get(format!("{base}/viewer-config.json"))
            .header(COOKIE, &session)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(config["projectId"], PROJECT);

    // The sign-in goes back where the form said (a path on this server only).
    let body = format!("token={BOB}&next=%2F%3Fpolicy%3Dp1");
    let back = no_redirects()
        .post(format!("{base}/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(back.headers()[LOCATION], "/?policy=p1");
    let away = no_redirects()
        .post(format!("{base}/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("token={BOB}&next=%2F%2Fevil.example"))
        .send()
        .await
        .unwrap();
    assert_eq!(away.headers()[LOCATION], "/");
    // A failed one goes back to the form on the same view.
    let failed = no_redirects()
        .post(format!("{base}/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "text/html")
        .body("token=wrong&next=%2F%3Fpolicy%3Dp1")
        .send()
        .await
        .unwrap();
    assert_eq!(failed.headers()[LOCATION], "/?policy=p1&signin=failed");

    // A session ends after its lifetime, and on sign-out.
    let access = server.state.access.as_ref().unwrap();
    let out = no_redirects()
        .post(format!("{base}/logout"))
        .header(COOKIE, session_of(back.headers()))
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 303);
    assert!(out.headers()[SET_COOKIE]
        .to_str()
        .unwrap()
        .contains("Max-Age=0"));
    let after_logout = client()
        .get(policies_url(&base))
        .header(COOKIE, session_of(back.headers()))
        .send()
        .await
        .unwrap();
    assert_eq!(after_logout.status(), 401);
    access.pass_time(SESSION_LIFETIME);
    let expired = client()
        .get(policies_url(&base))
        .header(COOKIE, &session)
        .send()
        .await
        .unwrap();
    assert_eq!(expired.status(), 401);
}

#[tokio::test]
async fn the_cookie_is_secure_for_a_request_not_on_plain_loopback_http() {
    let (server, _dir) = guarded("secure", &["--allowed-host", "vbs.example.com"]).await;
    let body = format!("token={ALICE}");
    let request = |host: &str| {
        format!(
            "POST /login HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
    };
    // Reached through a TLS proxy on this machine under a public name.
    let answer = raw(server.addr, request("vbs.example.com").as_bytes()).await;
    assert!(answer.starts_with("HTTP/1.1 303"), "{answer}");
    let cookie = answer
        .lines()
        .find(|line| line.to_ascii_lowercase().starts_with("set-cookie:"))
        .unwrap();
    assert!(cookie.ends_with("; Secure"), "{cookie}");
    let answer = raw(server.addr, request(&server.addr.to_string()).as_bytes()).await;
    let cookie = answer
        .lines()
        .find(|line| line.to_ascii_lowercase().starts_with("set-cookie:"))
        .unwrap();
    assert!(!cookie.contains("Secure"), "{cookie}");
    // A Host the server does not answer to is refused before any sign-in.
    let answer = raw(server.addr, request("evil.example").as_bytes()).await;
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
}

#[tokio::test]
async fn another_sites_page_cannot_sign_anyone_in() {
    let (server, _dir) = guarded("csrf", &[]).await;
    let base = server.url();
    for headers in [
        [("origin", "http://evil.example")],
        [("origin", "null")],
        [("sec-fetch-site", "cross-site")],
        [("sec-fetch-site", "same-site")],
    ] {
        let (status, response_headers, body) = json(login(&base, ALICE, &headers).await).await;
        assert_gateway_error(status, &body, 403, "VbsServer.0403");
        assert!(response_headers.get(SET_COOKIE).is_none());
    }
    let own = login(
        &base,
        ALICE,
        &[("origin", &base), ("sec-fetch-site", "same-origin")],
    )
    .await;
    assert_eq!(own.status(), 303);
    // A form on a page with `Referrer-Policy: no-referrer` sends `Origin: null`: the browser's
    // own Sec-Fetch-Site vouches for it.
    let no_referrer = login(
        &base,
        ALICE,
        &[("origin", "null"), ("sec-fetch-site", "same-origin")],
    )
    .await;
    assert_eq!(no_referrer.status(), 303);
    // A form that is not a form is refused, not read.
    let json_body = no_redirects()
        .post(format!("{base}/login"))
        .header("content-type", "application/json")
        .body(format!("{{\"token\":\"{ALICE}\"}}"))
        .send()
        .await
        .unwrap();
    assert_eq!(json_body.status(), 400);
}

#[tokio::test]
async fn a_bearer_token_opens_the_api_and_is_not_taken_for_a_signature() {
    // The emulator requires its own credentials too: the login's Bearer must not reach it as an
    // (invalid) AK/SK signature, and a signature sent beside the cookie must.
    let (server, _dir) = guarded("bearer", &["--require-auth"]).await;
    let base = server.url();
    let url = policies_url(&base);
    let with_token = client()
        .get(&url)
        .header(AUTHORIZATION, format!("Bearer {ALICE}"))
        .header("X-Auth-Token", "emulator-token")
        .send()
        .await
        .unwrap();
    assert_eq!(with_token.status(), 200);
    let (status, _, body) = json(
        client()
            .get(&url)
            .header(AUTHORIZATION, format!("bearer {BOB}"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_service_error(status, &body, 401, "AutoBackup.0002");
    let (status, _, body) = json(
        client()
            .get(&url)
            .header(AUTHORIZATION, "Bearer not-a-token")
            .header("X-Auth-Token", "emulator-token")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_gateway_error(status, &body, 401, SIGN_IN);

    // Signed in with the cookie, the request carries the emulator's AK/SK signature.
    let session = session_of(login(&base, ALICE, &[]).await.headers());
    let parsed = reqwest::Url::parse(&url).unwrap();
    let host = format!("{}:{}", parsed.host_str().unwrap(), parsed.port().unwrap());
    let signer = Signer::new("EMULATORAK0000000001", "emulator-secret-key");
    let signing = SigningRequest {
        method: "GET",
        path: parsed.path(),
        query: vec![],
        headers: vec![("host".into(), host)],
        body: b"",
    };
    let mut signed = client().get(&url).header(COOKIE, &session);
    for (name, value) in signer.sign(&signing, OffsetDateTime::now_utc()) {
        signed = signed.header(name, value);
    }
    assert_eq!(signed.send().await.unwrap().status(), 200);
    // The same signature without the cookie is no login.
    let mut unsigned_in = client().get(&url);
    for (name, value) in signer.sign(&signing, OffsetDateTime::now_utc()) {
        unsigned_in = unsigned_in.header(name, value);
    }
    let (status, _, body) = json(unsigned_in.send().await.unwrap()).await;
    assert_gateway_error(status, &body, 401, SIGN_IN);
}

#[tokio::test]
async fn repeated_failures_lock_the_address_out_even_for_a_right_token_until_it_passes() {
    let (server, _dir) = guarded("slowdown", &[]).await;
    let base = server.url();
    for _ in 0..MAX_FAILURES {
        assert_eq!(login(&base, "guess", &[]).await.status(), 401);
    }
    let (status, headers, body) = json(login(&base, ALICE, &[]).await).await;
    assert_gateway_error(status, &body, 429, "VbsServer.0429");
    let wait: u64 = headers[RETRY_AFTER].to_str().unwrap().parse().unwrap();
    assert_eq!(wait, FIRST_LOCKOUT.as_secs());
    assert!(headers.get(SET_COOKIE).is_none());
    // A Bearer token is refused the same way while locked; a browser is sent back to the form.
    let bearer = client()
        .get(policies_url(&base))
        .header(AUTHORIZATION, format!("Bearer {ALICE}"))
        .send()
        .await
        .unwrap();
    assert_eq!(bearer.status(), 429);
    assert!(bearer.headers().contains_key(RETRY_AFTER));
    let page = login(&base, ALICE, &[("accept", "text/html")]).await;
    assert_eq!(page.headers()[LOCATION], "/?signin=wait");

    let access = server.state.access.as_ref().unwrap();
    access.pass_time(FIRST_LOCKOUT - Duration::from_secs(1));
    assert_eq!(login(&base, ALICE, &[]).await.status(), 429);
    access.pass_time(Duration::from_secs(1));
    let signed_in = login(&base, ALICE, &[]).await;
    assert_eq!(signed_in.status(), 303);
    assert!(signed_in.headers().contains_key(SET_COOKIE));
}
