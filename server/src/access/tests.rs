use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::audit::{audit_line, rfc3339, target_of};
use super::limiter::{FIRST_LOCKOUT, MAX_FAILURES};
use super::tokens::{hash_hex, token_from_input};
use super::*;

const ALICE_TOKEN: &str = "alice-token-0123456789";

fn tokens_file() -> String {
    format!(
        "# team\n\nalice:{}\n  bob : {}  \n",
        hash_hex(ALICE_TOKEN.as_bytes()),
        hash_hex(b"bob-token").to_uppercase()
    )
}

#[test]
fn the_hash_is_sha256_hex() {
    // FIPS 180-2's "abc".
    assert_eq!(
        hash_hex(b"abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}

#[test]
fn hash_token_reads_one_line_without_its_ending() {
    assert_eq!(token_from_input(b"tok\n").unwrap(), b"tok");
    assert_eq!(token_from_input(b"tok\r\n").unwrap(), b"tok");
    assert_eq!(token_from_input(b"tok").unwrap(), b"tok");
    assert!(token_from_input(b"").is_err());
    assert!(token_from_input(b"\n").is_err());
    let err = token_from_input(b"secret-one\nsecret-two\n").unwrap_err();
    assert!(!err.contains("secret"), "{err}");
}

#[test]
fn the_tokens_file_names_each_user_and_accepts_only_their_token() {
    let tokens = Tokens::parse("team.txt", &tokens_file()).unwrap();
    assert_eq!(tokens.len(), 2);
    assert_eq!(tokens.user_of(ALICE_TOKEN.as_bytes()), Some("alice"));
    assert_eq!(tokens.user_of(b"bob-token"), Some("bob"));
    assert_eq!(tokens.user_of(b"bob-token "), None);
    assert_eq!(tokens.user_of(b""), None);
    assert_eq!(
        tokens.user_of(hash_hex(ALICE_TOKEN.as_bytes()).as_bytes()),
        None,
        "the hash is not the token"
    );
}

#[test]
fn a_bad_tokens_file_is_refused_at_its_line_without_repeating_it() {
    let good = format!("alice:{}", hash_hex(b"a"));
    for (text, line, says) in [
        (
            format!("{good}\nplanted-token-no-colon"),
            2,
            "not `name:sha256-hex`",
        ),
        (
            format!("# c\n{good}\nbob:planted-short"),
            3,
            "not `name:sha256-hex`",
        ),
        (
            format!("bad name:{}", hash_hex(b"planted")),
            1,
            "not `name:sha256-hex`",
        ),
        (
            format!(":{}", hash_hex(b"planted")),
            1,
            "not `name:sha256-hex`",
        ),
        (
            format!("{good}\n\nalice:{}", hash_hex(b"b")),
            3,
            "already given on line 1",
        ),
        (
            format!("{good}\nbob:{}", hash_hex(b"a")),
            2,
            "same token as line 1",
        ),
    ] {
        let err = Tokens::parse("team.txt", &text).unwrap_err().0;
        assert!(err.starts_with(&format!("team.txt:{line}: ")), "{err}");
        assert!(err.contains(says), "{err}");
        assert!(!err.contains("planted"), "{err}");
    }
    let err = Tokens::parse("team.txt", "# nobody yet\n").unwrap_err().0;
    assert!(err.contains("no tokens"), "{err}");
    let err = Tokens::read(std::path::Path::new("/nonexistent/tokens.txt"))
        .unwrap_err()
        .0;
    assert!(err.contains("/nonexistent/tokens.txt"), "{err}");
}

#[test]
fn secure_is_left_off_only_for_plain_http_on_this_machine() {
    let loopback = Some(IpAddr::V4(Ipv4Addr::LOCALHOST));
    let v6_loopback = Some(IpAddr::V6(Ipv6Addr::LOCALHOST));
    let lan = Some(IpAddr::V4(Ipv4Addr::new(192, 168, 1, 20)));
    for host in [
        "127.0.0.1:8080",
        "localhost:8080",
        "LOCALHOST",
        "[::1]:8080",
        "127.0.0.2:1",
    ] {
        assert!(!cookie_needs_secure(loopback, host), "{host}");
        assert!(!cookie_needs_secure(v6_loopback, host), "{host}");
        // A loopback name from another machine: something forwards it, TLS or not we cannot know.
        assert!(cookie_needs_secure(lan, host), "{host}");
    }
    // A public name through a proxy on this machine (TLS in front), or an unknown peer.
    for host in [
        "vbs.example.com",
        "vbs.example.com:443",
        "192.168.1.5:8080",
        "[2001:db8::1]:80",
        "",
    ] {
        assert!(cookie_needs_secure(loopback, host), "{host}");
    }
    assert!(cookie_needs_secure(None, "127.0.0.1:8080"));
}

#[test]
fn the_api_the_config_and_the_fault_endpoint_are_protected_the_viewer_is_not() {
    for path in [
        "/v2",
        "/v2/",
        "/v2/p/backuppolicy",
        "/t/prod-cn4/v2/p/backuppolicy",
        "/t/x",
        "/v3/projects",
        "/__emulator/faults",
        "/viewer-config.json",
    ] {
        assert!(is_protected(path), "{path}");
    }
    for path in [
        "/",
        "/index.html",
        "/app-1234abcd.css",
        "/vbs-viewer-1234abcd_bg.wasm",
        "/v2x",
        "/tasks",
        "/favicon.svg",
        "/viewer-config.json.map",
    ] {
        assert!(!is_protected(path), "{path}");
    }
}

#[test]
fn after_a_sign_in_only_a_path_on_this_server_is_followed() {
    assert_eq!(
        local_target(Some("/?policy=p1&status=running")),
        "/?policy=p1&status=running"
    );
    for bad in [
        "//evil.example",
        "/\\evil.example",
        "https://evil.example/",
        "",
        "/a b",
        "/\u{7f}",
    ] {
        assert_eq!(local_target(Some(bad)), "/", "{bad}");
    }
    assert_eq!(local_target(None), "/");
    assert_eq!(with_note("/", "failed"), "/?signin=failed");
    assert_eq!(with_note("/?policy=p1", "wait"), "/?policy=p1&signin=wait");
}

#[test]
fn an_address_is_locked_out_after_repeated_failures_then_longer_each_time() {
    let limiter = Limiter::default();
    let start = Instant::now();
    let client = IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1));
    let other = IpAddr::V4(Ipv4Addr::new(10, 0, 0, 2));
    for _ in 0..MAX_FAILURES - 1 {
        limiter.failed(client, start);
        assert!(limiter.check(client, start).is_ok());
    }
    limiter.failed(client, start);
    assert_eq!(limiter.check(client, start), Err(FIRST_LOCKOUT));
    assert!(limiter.check(other, start).is_ok(), "only that address");
    let after = start + FIRST_LOCKOUT;
    assert!(limiter.check(client, after).is_ok());
    for _ in 0..MAX_FAILURES {
        limiter.failed(client, after);
    }
    assert_eq!(limiter.check(client, after), Err(FIRST_LOCKOUT * 2));
    limiter.succeeded(client);
    assert!(limiter.check(client, after).is_ok());
}

#[test]
fn ipv6_clients_are_counted_by_their_64_prefix() {
    let a: Ipv6Addr = "2001:db8:1:2::1".parse().unwrap();
    let b: Ipv6Addr = "2001:db8:1:2:ffff::9".parse().unwrap();
    let c: Ipv6Addr = "2001:db8:1:3::1".parse().unwrap();
    assert_eq!(client_key(Some(a.into())), client_key(Some(b.into())));
    assert_ne!(client_key(Some(a.into())), client_key(Some(c.into())));
    let mapped: Ipv6Addr = "::ffff:10.0.0.1".parse().unwrap();
    assert_eq!(
        client_key(Some(mapped.into())),
        IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1))
    );
}

#[test]
fn a_session_lasts_its_lifetime_and_ends_on_sign_out() {
    let sessions = Sessions::default();
    let now = Instant::now();
    let id = sessions.open("alice", now);
    assert_eq!(id.len(), 64);
    assert_ne!(sessions.open("alice", now), id, "each sign-in its own id");
    assert_eq!(sessions.user(&id, now).as_deref(), Some("alice"));
    assert_eq!(sessions.user("0000", now), None);
    assert_eq!(sessions.user(&id, now + SESSION_LIFETIME), None);
    assert_eq!(sessions.close(&id).as_deref(), Some("alice"));
    assert_eq!(sessions.user(&id, now), None);
}

#[test]
fn the_session_cookie_is_found_among_others() {
    let headers = ["a=1; vbs_session=abc; b=2", "c=3"];
    assert_eq!(session_cookie(headers.into_iter()), Some("abc"));
    assert_eq!(session_cookie(["x_vbs_session=abc"].into_iter()), None);
    assert_eq!(session_cookie(["vbs_session="].into_iter()), None);
}

#[test]
fn a_signing_server_beyond_loopback_needs_tokens_or_the_open_flag() {
    let any = IpAddr::V4(Ipv4Addr::UNSPECIFIED);
    let local = IpAddr::V4(Ipv4Addr::LOCALHOST);
    let err = check_exposure(any, true, false, false).unwrap_err().0;
    assert!(
        err.contains("--access-tokens") && err.contains("--i-know-this-is-open"),
        "{err}"
    );
    assert!(check_exposure(any, true, true, false).is_ok());
    assert!(check_exposure(any, true, false, true).is_ok());
    assert!(check_exposure(local, true, false, false).is_ok());
    assert!(
        check_exposure(any, false, false, false).is_ok(),
        "the emulator signs nothing"
    );
}

#[test]
fn an_audit_line_is_json_with_every_field() {
    let at = time::macros::datetime!(2026-11-26 09:30:00.123 +08:00);
    assert_eq!(rfc3339(at), "2026-11-26T01:30:00.123Z");
    let line = audit_line(
        &AuditEntry {
            user: Some("alice"),
            target: target_of("/t/prod-cn4/v2/p/backuppolicy"),
            method: "GET",
            path: "/t/prod-cn4/v2/p/backuppolicy?limit=1",
            status: 200,
            upstream_request_id: None,
        },
        at,
    );
    let value: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(value["time"], "2026-11-26T01:30:00.123Z");
    assert_eq!(value["user"], "alice");
    assert_eq!(value["target"], "prod-cn4");
    assert_eq!(value["status"], 200);
    assert!(value["upstream_request_id"].is_null());
    assert_eq!(target_of("/v2/p/backuppolicy"), None);
    assert_eq!(target_of("/t/"), None);
}
