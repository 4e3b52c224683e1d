//! The contract between `vbs-server` and the viewer it serves: what the server tells the viewer
//! before its first request.
//!
//! The server answers `GET /viewer-config.json` ([`CONFIG_PATH`]) with a [`ServerConfig`], and
//! writes the same JSON into the viewer's page, in a `<script type=application/json>` block whose
//! `id` is [`CONFIG_ELEMENT_ID`] (`server/src/page.rs`), so that the viewer need not fetch it. The
//! server writes it with [`ServerConfig::to_json`], the viewer reads it with
//! [`ServerConfig::from_json`]: one definition of the shape for both.

use serde::Serialize;

use crate::core::read::read_body;
use crate::core::time::Timestamp;

/// Where the server answers with its config, for a page another host serves.
pub const CONFIG_PATH: &str = "/viewer-config.json";

/// The `id` of the JSON data block in which `vbs-server` writes its config into the viewer's page;
/// the viewer reads it there before it would fetch [`CONFIG_PATH`].
pub const CONFIG_ELEMENT_ID: &str = "viewer-config";

/// What the server tells the viewer: the JSON of [`CONFIG_PATH`] and of the page's data block
/// (fields in camelCase: `mode`, `endpoint`, `projectId`, `serverAuth`, `live`, `now`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServerConfig {
    /// `emulator` or `proxy`.
    pub mode: String,
    /// The API endpoint; `""` means the page's own origin.
    pub endpoint: String,
    /// The project the server answers for.
    pub project_id: String,
    /// Whether the server signs requests itself (no credentials needed in the page).
    pub server_auth: bool,
    /// Whether the emulator's clock moves.
    pub live: bool,
    /// A frozen emulator's current time (`2026-11-20T08:00:00.000`, UTC); `None` (`null`) when
    /// live.
    pub now: Option<String>,
}

impl ServerConfig {
    /// The JSON the server sends (every field, `now` as `null` when there is none).
    pub fn to_json(&self) -> String {
        // Plain strings, booleans and an optional string: serializing them cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads the JSON of the config; `None` for anything else (e.g. the `index.html` a static
    /// host's fallback answers with), which means "no server config". Missing fields take their
    /// defaults and unknown ones are skipped; a field of the wrong kind, or twice, makes the whole
    /// config unreadable.
    pub fn from_json(body: &[u8]) -> Option<ServerConfig> {
        const FIELDS: [&str; 6] = ["mode", "endpoint", "projectId", "serverAuth", "live", "now"];
        let mut config = ServerConfig::default();
        let text = std::str::from_utf8(body).ok()?;
        read_body(text, |reader| {
            reader.members("the viewer config", &FIELDS, |reader, field| {
                match field {
                    0 => config.mode = reader.text()?,
                    1 => config.endpoint = reader.text()?,
                    2 => config.project_id = reader.text()?,
                    3 => config.server_auth = reader.boolean()?,
                    4 => config.live = reader.boolean()?,
                    _ => config.now = reader.or_null(|reader| reader.text())?,
                }
                Ok(())
            })
        })
        .ok()?;
        Some(config)
    }

    /// How far the server's clock is ahead of the browser's (ms): the server's `now` minus
    /// `browser_now_ms`; 0 when the server names no time (or an unreadable one).
    pub fn clock_offset_ms(&self, browser_now_ms: f64) -> f64 {
        self.now
            .as_deref()
            .and_then(|now| Timestamp::parse(now).ok())
            .map_or(0.0, |now| now.unix_millis() as f64 - browser_now_ms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROJECT: &str = "0605767e9a80d5f52f8cc00f94d4e2fb";

    #[test]
    fn the_server_config_is_read_and_anything_else_is_none() {
        let body = br#"{"mode":"emulator","endpoint":"","projectId":"0605767e9a80d5f52f8cc00f94d4e2fb","serverAuth":false,"live":false}"#;
        let config = ServerConfig::from_json(body).unwrap();
        assert_eq!(config.project_id, PROJECT);
        assert_eq!(config.mode, "emulator");
        assert!(ServerConfig::from_json(b"<!doctype html><html></html>").is_none());
        assert!(ServerConfig::from_json(b"").is_none());
        // A field of the wrong kind, or twice, makes the whole config unreadable.
        assert!(ServerConfig::from_json(br#"{"mode":"emulator","live":"yes"}"#).is_none());
        assert!(ServerConfig::from_json(br#"{"mode":"a","mode":"b"}"#).is_none());
        let odd = ServerConfig::from_json(br#"{"serverAuth":true,"extra":[{}]}"#).unwrap();
        assert!(odd.server_auth && odd.mode.is_empty() && odd.now.is_none());
    }

    #[test]
    fn what_the_server_writes_the_viewer_reads_back() {
        let frozen = ServerConfig {
            mode: "emulator".into(),
            endpoint: String::new(),
            project_id: PROJECT.into(),
            server_auth: false,
            live: false,
            now: Some("2026-11-20T08:00:00.000".into()),
        };
        let json = frozen.to_json();
        assert_eq!(
            json,
            format!(
                r#"{{"mode":"emulator","endpoint":"","projectId":"{PROJECT}","serverAuth":false,"live":false,"now":"2026-11-20T08:00:00.000"}}"#
            )
        );
        assert_eq!(ServerConfig::from_json(json.as_bytes()), Some(frozen));
        let proxy = ServerConfig {
            mode: "proxy".into(),
            server_auth: true,
            live: true,
            now: None,
            ..ServerConfig::default()
        };
        assert!(
            proxy.to_json().ends_with(r#""now":null}"#),
            "{}",
            proxy.to_json()
        );
        assert_eq!(
            ServerConfig::from_json(proxy.to_json().as_bytes()),
            Some(proxy)
        );
    }

    #[test]
    fn the_clock_offset_is_the_server_time_minus_the_browser_time() {
        let config = ServerConfig::from_json(
            br#"{"mode":"emulator","projectId":"p","live":false,"now":"2026-11-20T08:00:00.000"}"#,
        )
        .unwrap();
        let server_ms = Timestamp::parse("2026-11-20T08:00:00")
            .unwrap()
            .unix_millis() as f64;
        let browser_ms = server_ms + 7.0 * 86_400_000.0;
        assert_eq!(config.clock_offset_ms(browser_ms), -7.0 * 86_400_000.0);
        let live = ServerConfig::from_json(br#"{"mode":"emulator","now":null}"#).unwrap();
        assert_eq!(live.clock_offset_ms(browser_ms), 0.0);
        let bad = ServerConfig::from_json(br#"{"now":"yesterday"}"#).unwrap();
        assert_eq!(bad.clock_offset_ms(browser_ms), 0.0);
    }
}
