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
/// (fields in camelCase: `mode`, `endpoint`, `projectId`, `serverAuth`, `live`, `now`,
/// `targets`).
///
/// `endpoint`, `projectId` and `serverAuth` describe the first target, for a reader that knows
/// only one.
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
    /// Every account, project and region the server answers for, in the order of its
    /// configuration (at least one when the server is `vbs-server`; empty from an older server).
    pub targets: Vec<TargetInfo>,
}

/// The name of VBS in [`TargetInfo::services`].
pub const SERVICE_VBS: &str = "vbs";
/// The name of CBR in [`TargetInfo::services`].
pub const SERVICE_CBR: &str = "cbr";

/// One target the server answers for: a project in a region of a cloud, reached under its own
/// `endpoint` with the API's usual paths. Never a key: only whether the server signs.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TargetInfo {
    /// Its name (`[a-z0-9-]`, unique): the viewer shows it and a link names it (`?target=`).
    pub name: String,
    /// The cloud (`huawei`, `otc`, `flexibleengine`); `""` for a target given by endpoint.
    pub cloud: String,
    /// The region (`cn-north-4`); `""` when the server names none.
    pub region: String,
    /// The project the target answers for.
    pub project_id: String,
    /// Whether the server signs this target's requests itself.
    pub server_auth: bool,
    /// Where the viewer sends this target's requests: `""` (the page's origin, `/v2/…`) or a path
    /// on it such as `/t/prod-cn4` (`/t/prod-cn4/v2/…`).
    pub endpoint: String,
    /// The APIs it answers (`vbs`: `{endpoint}/v2/…`, `cbr`: `{endpoint}/v3/…`), in the
    /// product's order. A config without the member (an older server) means VBS only.
    pub services: Vec<String>,
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
        const FIELDS: [&str; 7] = [
            "mode",
            "endpoint",
            "projectId",
            "serverAuth",
            "live",
            "now",
            "targets",
        ];
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
                    5 => config.now = reader.or_null(|reader| reader.text())?,
                    _ => config.targets = reader.array_of("the targets", 4, TargetInfo::read)?,
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

impl TargetInfo {
    fn read(reader: &mut crate::core::read::Reader<'_>) -> Result<TargetInfo, crate::Error> {
        const FIELDS: [&str; 7] = [
            "name",
            "cloud",
            "region",
            "projectId",
            "serverAuth",
            "endpoint",
            "services",
        ];
        let mut target = TargetInfo {
            services: vec![SERVICE_VBS.to_owned()],
            ..TargetInfo::default()
        };
        reader.members("a target", &FIELDS, |reader, field| {
            match field {
                0 => target.name = reader.text()?,
                1 => target.cloud = reader.text()?,
                2 => target.region = reader.text()?,
                3 => target.project_id = reader.text()?,
                4 => target.server_auth = reader.boolean()?,
                5 => target.endpoint = reader.text()?,
                _ => target.services = reader.array_of("the services", 2, |r| r.text())?,
            }
            Ok(())
        })?;
        Ok(target)
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
            targets: vec![TargetInfo {
                name: "emulator".into(),
                project_id: PROJECT.into(),
                services: vec![SERVICE_VBS.into(), SERVICE_CBR.into()],
                ..TargetInfo::default()
            }],
        };
        let json = frozen.to_json();
        assert_eq!(
            json,
            format!(
                r#"{{"mode":"emulator","endpoint":"","projectId":"{PROJECT}","serverAuth":false,"live":false,"now":"2026-11-20T08:00:00.000","targets":[{{"name":"emulator","cloud":"","region":"","projectId":"{PROJECT}","serverAuth":false,"endpoint":"","services":["vbs","cbr"]}}]}}"#
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
            proxy.to_json().ends_with(r#""now":null,"targets":[]}"#),
            "{}",
            proxy.to_json()
        );
        assert_eq!(
            ServerConfig::from_json(proxy.to_json().as_bytes()),
            Some(proxy)
        );
    }

    #[test]
    fn targets_are_read_in_order_and_a_broken_one_makes_the_config_unreadable() {
        let two = TargetInfo {
            name: "prod-cn4".into(),
            cloud: "huawei".into(),
            region: "cn-north-4".into(),
            project_id: "p4".into(),
            server_auth: true,
            endpoint: "/t/prod-cn4".into(),
            services: vec![SERVICE_CBR.into()],
        };
        let config = ServerConfig {
            mode: "proxy".into(),
            targets: vec![
                TargetInfo {
                    name: "dev".into(),
                    endpoint: "/t/dev".into(),
                    services: vec![SERVICE_VBS.into()],
                    ..TargetInfo::default()
                },
                two.clone(),
            ],
            ..ServerConfig::default()
        };
        let read = ServerConfig::from_json(config.to_json().as_bytes()).unwrap();
        assert_eq!(read.targets.len(), 2);
        assert_eq!(read.targets[0].name, "dev");
        assert_eq!(read.targets[1], two);
        // From an older server: no targets at all.
        let old = ServerConfig::from_json(br#"{"mode":"proxy","projectId":"p"}"#).unwrap();
        assert!(old.targets.is_empty());
        assert!(ServerConfig::from_json(br#"{"targets":{}}"#).is_none());
        assert!(ServerConfig::from_json(br#"{"targets":[{"name":7}]}"#).is_none());
        assert!(ServerConfig::from_json(br#"{"targets":[{"name":"a","name":"b"}]}"#).is_none());
        // A target from an older server, which knew only VBS.
        let older = ServerConfig::from_json(br#"{"targets":[{"name":"a"}]}"#).unwrap();
        assert_eq!(older.targets[0].services, [SERVICE_VBS]);
        assert!(ServerConfig::from_json(br#"{"targets":[{"services":"cbr"}]}"#).is_none());
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
