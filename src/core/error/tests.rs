use super::*;

#[test]
fn reads_the_service_shape() {
    let err = Error::from_response(
        404,
        br#"{"error":{"message":"The backup policy does not exist.","code":"AutoBackup.0205"}}"#,
    );
    assert_eq!(err.kind(), ErrorKind::Http);
    assert!(err.is_status());
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.code(), Some("AutoBackup.0205"));
    assert_eq!(err.message(), Some("The backup policy does not exist."));
    assert_eq!(err.request_id(), None);
    assert_eq!(
        err.to_string(),
        "HTTP 404 Not Found [AutoBackup.0205]: The backup policy does not exist."
    );
    assert!(!err.is_retryable());
}

#[test]
fn reads_the_gateway_shape() {
    let err = Error::from_response(
        401,
        br#"{"error_msg":"Incorrect IAM authentication information","error_code":"APIGW.0301","request_id":"5a8e1a2b9c"}"#,
    );
    assert_eq!(err.code(), Some("APIGW.0301"));
    assert_eq!(
        err.message(),
        Some("Incorrect IAM authentication information")
    );
    assert_eq!(err.request_id(), Some("5a8e1a2b9c"));
    assert!(err.is_auth());
    assert!(err.to_string().contains("(request id 5a8e1a2b9c)"));
}

#[test]
fn the_service_fields_win_and_a_blank_one_gives_way() {
    let both = Error::from_response(
        502,
        br#"{"error_code":"APIGW.0301","error":{"code":"VBS.1","message":"m"},"error_msg":"g","request_id":"r"}"#,
    );
    assert_eq!(both.code(), Some("VBS.1"));
    assert_eq!(both.message(), Some("m"));
    assert_eq!(both.request_id(), Some("r"));
    let blank = Error::from_response(
        502,
        br#"{"error":{"code":" \t","message":"m"},"error_code":"G"}"#,
    );
    assert_eq!(blank.code(), Some("G"));
    assert_eq!(blank.message(), Some("m"));
}

#[test]
fn odd_values_in_either_shape_still_read() {
    let err = Error::from_response(500, br#"{"error":{"code":1100,"message":null}}"#);
    assert_eq!(err.code(), Some("1100"));
    assert_eq!(err.message(), None);
    let err = Error::from_response(500, br#"{"error":"boom"}"#);
    assert_eq!(err.status(), Some(500));
    assert!(err.body_excerpt().is_some());
    let err = Error::from_response(
        400,
        br#"{"error_code":{"nested":true},"error_msg":"bad\nline"}"#,
    );
    assert_eq!(err.code(), None);
    assert_eq!(err.message(), Some("bad line"));
}

#[test]
fn an_html_page_keeps_the_status_and_a_short_excerpt() {
    let page = format!(
        "<html><head><title>502 Bad Gateway</title></head><body><h1>502</h1>{}</body></html>",
        "x".repeat(5000)
    );
    let err = Error::from_response(502, page.as_bytes());
    assert_eq!(err.status(), Some(502));
    assert_eq!(err.body_excerpt(), Some("502 Bad Gateway"));
    assert!(err.is_retryable());
    assert!(err.to_string().len() < 200, "{err}");
    let untitled =
        Error::from_response(503, b"<html><body><p>Service <b>down</b></p></body></html>");
    assert_eq!(untitled.body_excerpt(), Some("Service down"));
}

#[test]
fn an_empty_or_binary_body_keeps_the_status() {
    let err = Error::from_response(504, b"");
    assert_eq!(err.status(), Some(504));
    assert_eq!(
        err.to_string(),
        "HTTP 504 Gateway Timeout: the server answered with an empty body"
    );
    let err = Error::from_response(500, &[0xff, 0xfe, 0x00, 0x01]);
    assert_eq!(err.status(), Some(500));
    assert!(!err.to_string().contains('\0'));
}

#[test]
fn retryable_statuses_are_exactly_the_transient_ones() {
    for status in [429, 502, 503, 504] {
        assert!(Error::from_response(status, b"").is_retryable(), "{status}");
    }
    for status in [400, 401, 403, 404, 405, 409, 500, 501] {
        assert!(
            !Error::from_response(status, b"").is_retryable(),
            "{status}"
        );
    }
    assert!(Error::network("connection refused", None).is_retryable());
    assert!(!Error::timeout(30_000).is_retryable());
    assert!(!Error::aborted().is_retryable());
}

#[test]
fn redact_in_replaces_what_str_replace_replaces() {
    for (text, needle) in [
        ("token abcd is abcd", "abcd"),
        ("aaaaa", "aa"),
        ("abcabd", "abd"),
        ("ends with the secret", "secret"),
        ("no match here", "zzzz"),
        ("", "abcd"),
        ("", ""),
        ("日本語のトークン日本語", "日本語"),
        ("ééé", "éé"),
    ] {
        let expected = (!needle.is_empty() && text.contains(needle))
            .then(|| text.replace(needle, "[redacted]"));
        assert_eq!(redact_in(text, needle), expected, "{text}");
    }
}

#[test]
fn redact_in_takes_a_cut_or_recased_secret_for_the_secret() {
    let secret = "TOKSECRET-ZZZ-1234";
    for (text, expected) in [
        ("echo toksecret-zzz-1234!", "echo [redacted]!"),
        ("prefix TOKSECRET-ZZ... rest", "prefix [redacted]... rest"),
        ("cut at the end TOKSECRE…", "cut at the end [redacted]…"),
        // Fewer than CUT_SECRET_MIN leading characters are left: they could be any word.
        ("a TOKSECR is not it", "a TOKSECR is not it"),
    ] {
        let shown = redact_in(text, secret).unwrap_or_else(|| text.to_owned());
        assert_eq!(shown, expected);
    }
    // A multi-byte character is never split.
    assert_eq!(
        redact_in("ab日本語日", "日本語本"),
        Some("ab[redacted]日".into())
    );
}

#[test]
fn an_echoed_token_cut_to_the_excerpt_is_redacted() {
    // IAM tokens are several KB; an error text keeps 300 characters of it.
    let token: String = "MIIEhQYJKoZIhvcNAQcCoIIEdjCCBHICAQExDTALBglghkgBZQMEAgEw"
        .chars()
        .cycle()
        .take(4000)
        .collect();
    let body =
        format!(r#"{{"error":{{"code":"AutoBackup.0003","message":"token {token} expired"}}}}"#);
    let err = Error::from_response(401, body.as_bytes()).redact(&[&token]);
    let shown = format!("{err} {err:?}");
    assert!(shown.contains("[redacted]"), "{shown}");
    assert!(!shown.contains(&token[..CUT_SECRET_MIN]), "{shown}");
}

#[test]
fn redact_removes_secrets_from_every_text() {
    let token = "MIIEhQYJKoZIhvcNAQcCoIIEdjCCBHICAQExDTALBglghkgBZQMEAgEwggLXBgkqhkiG";
    let body = format!(
        r#"{{"error_msg":"token {token} is expired","error_code":"APIGW.0307","request_id":"{token}"}}"#
    );
    let err = Error::from_response(401, body.as_bytes()).redact(&[token, "ab"]);
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains(token), "{shown}");
    assert!(shown.contains("[redacted]"));
    let err = Error::network(
        format!("failed to fetch https://h/?t={token}"),
        Some(CORS_HINT),
    )
    .redact(&[token]);
    assert!(!err.to_string().contains(token));
    assert!(err.to_string().contains("CORS"));
}

#[test]
fn rename_input_renames_only_the_named_input() {
    let names = [("job_id", "jobId")];
    let err = Error::invalid_input("job_id", "must not be empty").rename_input(&names);
    assert_eq!(err.to_string(), "invalid jobId: must not be empty");
    assert_eq!(err.field(), Some("jobId"));
    let other = Error::invalid_input("limit", "x").rename_input(&names);
    assert_eq!(other.field(), Some("limit"));
    let decode = Error::decode("job_id", "x").rename_input(&names);
    assert_eq!(decode.field(), Some("job_id"));
}

#[test]
fn invalid_input_and_decode_name_their_field() {
    let err = Error::invalid_input("limit", "must be at least 1, got 0");
    assert_eq!(err.to_string(), "invalid limit: must be at least 1, got 0");
    assert_eq!(err.field(), Some("limit"));
    let err = Error::decode("tasks[2].status", "invalid type: null, expected a string");
    assert_eq!(err.field(), Some("tasks[2].status"));
    assert!(err.is_decode());
}

#[test]
fn kinds_have_the_javascript_names() {
    assert_eq!(ErrorKind::InvalidInput.as_str(), "invalid_input");
    assert_eq!(Error::timeout(5).kind().as_str(), "timeout");
    assert_eq!(Error::aborted().kind().as_str(), "aborted");
    assert_eq!(Error::network("x", None).kind().as_str(), "network");
}

#[test]
fn retry_after_is_kept() {
    let err = Error::from_response(429, b"").with_retry_after(Some(3));
    assert_eq!(err.retry_after_secs(), Some(3));
}
