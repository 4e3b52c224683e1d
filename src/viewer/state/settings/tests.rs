use super::*;

const PROJECT: &str = "0605767e9a80d5f52f8cc00f94d4e2fb";

fn connection() -> Connection {
    Connection {
        endpoint: String::new(),
        project_id: PROJECT.into(),
        server_mode: Some("emulator".into()),
        ..Connection::default()
    }
}

/// Reads stored JSON as `browser.rs` does in the page (there with `JSON.parse`; the browser tests
/// run that path): an object's fields, through [`StoredSettings::from_fields`].
fn read_back(json: &str) -> Option<StoredSettings> {
    let object = match serde_json::from_str::<serde_json::Value>(json).ok()? {
        serde_json::Value::Object(object) => object,
        _ => return None,
    };
    StoredSettings::from_fields(|name| match object.get(name) {
        None => StoredValue::Missing,
        Some(serde_json::Value::String(text)) => StoredValue::Text(text.clone()),
        Some(serde_json::Value::Bool(flag)) => StoredValue::Flag(*flag),
        Some(_) => StoredValue::Other,
    })
}

#[test]
fn stored_settings_never_hold_a_secret() {
    let connection = Connection {
        auth: AuthSettings::AkSk {
            access_key: "AKID".into(),
            secret_key: Secret("very-secret-key".into()),
        },
        remember: true,
        ..connection()
    };
    let json = StoredSettings::from_connection(&connection).to_json();
    assert!(!json.contains("very-secret-key"), "{json}");
    let back = read_back(&json).unwrap();
    assert_eq!(back, StoredSettings::from_connection(&connection));
    assert_eq!(back.auth_mode, "aksk");
    assert_eq!(back.access_key, "AKID");
    assert!(back.remember);
    assert!(!format!("{connection:?}").contains("very-secret-key"));
}

#[test]
fn stored_settings_that_cannot_be_read_are_none() {
    assert_eq!(read_back("[1]"), None);
    assert_eq!(read_back(r#"{"remember":"yes"}"#), None);
    assert_eq!(read_back(r#"{"endpoint":null}"#), None);
    assert_eq!(read_back(r#"{"project_id":7}"#), None);
    let partial = read_back(r#"{"project_id":"p","later":{"x":[1]}}"#).unwrap();
    assert_eq!(partial.project_id, "p");
    assert!(!partial.needs_secret() && !partial.remember);
    assert_eq!(partial.auth(Some("t".into())), AuthSettings::None);
}

#[test]
fn the_form_starts_from_the_connection_and_gives_it_back() {
    let token = Connection {
        endpoint: "https://proxy.example".into(),
        auth: AuthSettings::Token(Secret("tok".into())),
        remember: true,
        ..connection()
    };
    let form = SettingsForm::new(Some(&token), Some("daily"));
    assert_eq!(form.mode, "token");
    assert_eq!(form.policy(), Some("daily".into()));
    assert_eq!(form.connection(token.server_mode.clone()), Ok(token));
    let empty = SettingsForm::new(None, None);
    assert_eq!(empty.mode, "none");
    assert_eq!(empty.policy(), None);
}

#[test]
fn the_form_says_what_is_missing() {
    let mut form = SettingsForm::new(None, None);
    assert_eq!(form.connection(None), Err(Key::NeedProject));
    form.project_id = format!("  {PROJECT} ");
    form.endpoint = " https://proxy.example/ ".into();
    let connection = form.connection(None).unwrap();
    assert_eq!(connection.project_id, PROJECT);
    assert_eq!(connection.endpoint, "https://proxy.example");
    assert_eq!(connection.auth, AuthSettings::None);
    form.mode = "token".into();
    form.token = "  ".into();
    assert_eq!(form.connection(None), Err(Key::NeedToken));
    form.mode = "aksk".into();
    form.access_key = "AK".into();
    assert_eq!(form.connection(None), Err(Key::NeedAkSk));
    form.secret_key = "SK".into();
    assert!(matches!(
        form.connection(None).map(|c| c.auth),
        Ok(AuthSettings::AkSk { access_key, .. }) if access_key == "AK"
    ));
}

#[test]
fn an_endpoint_that_is_not_http_is_refused_by_the_form() {
    for refused in [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "\u{1}javascript:alert(1)",
        "ftp://files.example",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "localhost:8080",
    ] {
        assert!(!endpoint_scheme_allowed(refused), "{refused:?}");
        let form = SettingsForm {
            endpoint: refused.into(),
            project_id: PROJECT.into(),
            ..SettingsForm::default()
        };
        assert_eq!(
            form.connection(None),
            Err(Key::EndpointNotHttp),
            "{refused:?}"
        );
    }
    for allowed in [
        "",
        "  ",
        "https://vbs.cn-north-1.myhuaweicloud.com",
        "HTTP://127.0.0.1:8080/",
        "/proxy",
        "//proxy.example:8080",
        "proxy.example",
    ] {
        assert!(endpoint_scheme_allowed(allowed), "{allowed:?}");
    }
    // The scheme is checked before anything else, in the form's order.
    let both = SettingsForm {
        endpoint: "ftp://x".into(),
        ..SettingsForm::default()
    };
    assert_eq!(both.connection(None), Err(Key::EndpointNotHttp));
}

#[test]
fn settings_change_only_what_they_name() {
    let mut settings = Settings::default();
    assert!(!settings.reduce(SettingsAction::ShowPanel(false)));
    assert!(settings.reduce(SettingsAction::ShowPanel(true)));
    assert!(settings.panel_open);
    assert!(settings.reduce(SettingsAction::ShowShortcuts(true)));
    assert!(!settings.reduce(SettingsAction::ShowShortcuts(true)));
    assert!(settings.reduce(SettingsAction::SetLang(Lang::ZhCn)));
    assert!(!settings.reduce(SettingsAction::SetLang(Lang::ZhCn)));
    assert_eq!(
        settings,
        Settings {
            panel_open: true,
            shortcuts_open: true,
            lang: Lang::ZhCn
        }
    );
}
