//! Finding a region's project: `GET {iam}/v3/projects?name={region}`, signed with the target's
//! AK/SK exactly as the proxy signs the API, for `project_id = "auto"` / `--project-id auto`.
//! The emulator answers the same call ([`emulator_projects`]), so the whole start can be tried
//! against a local emulator.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::json;
use time::OffsetDateTime;
use vbs_tasks::core::sign::SigningRequest;
use vbs_tasks::Signer;

use crate::app::{AppState, Backend};
use crate::auth::form_pairs;

/// The path of IAM's project list.
pub const PROJECTS_PATH: &str = "/v3/projects";
/// The largest IAM answer read.
pub const MAX_IAM_BODY: usize = 1024 * 1024;
/// The domain the emulator says its project belongs to (made up, like its data).
pub const EMULATOR_DOMAIN_ID: &str = "0a6e3b9c5d8f4e2a9b7c1d3e5f7a9b0c";

/// IAM's answer, the parts read of it.
#[derive(Debug, Deserialize)]
struct ProjectList {
    projects: Vec<Project>,
}

#[derive(Debug, Deserialize)]
struct Project {
    id: String,
    name: String,
    #[serde(default = "enabled_by_default")]
    enabled: bool,
}

fn enabled_by_default() -> bool {
    true
}

/// Asks IAM at `iam` (an origin, checked by the caller) for the project named `region`, signed
/// with `signer`, waiting at most `timeout`. Exactly one enabled project is its ID; anything else
/// is an error that says what IAM returned, without the signer's secrets.
pub async fn discover_project(
    iam: &str,
    region: &str,
    signer: &Signer,
    timeout: Duration,
) -> Result<String, String> {
    let shown_iam = iam.trim_end_matches('/');
    let mut url = reqwest::Url::parse(iam)
        .map_err(|err| format!("the IAM endpoint {shown_iam:?} is not a URL: {err}"))?;
    let host = match (url.host_str(), url.port()) {
        (Some(host), Some(port)) => format!("{host}:{port}"),
        (Some(host), None) => host.to_owned(),
        (None, _) => return Err(format!("the IAM endpoint {shown_iam:?} has no host")),
    };
    url.set_path(PROJECTS_PATH);
    url.query_pairs_mut().clear().append_pair("name", region);
    let signing = SigningRequest {
        method: "GET",
        path: PROJECTS_PATH,
        query: vec![("name".to_owned(), region.to_owned())],
        headers: vec![("host".to_owned(), host)],
        body: b"",
    };
    let client = reqwest::Client::builder()
        .timeout(timeout)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|err| format!("cannot build the HTTP client: {err}"))?;
    let mut request = client
        .get(url)
        .header(header::ACCEPT, "application/json")
        .header(header::ACCEPT_ENCODING, "identity");
    for (name, value) in signer.sign(&signing, OffsetDateTime::now_utc()) {
        request = request.header(name, value);
    }
    let secrets = signer.secrets();
    let redact =
        |text: String| vbs_tasks::core::error::redact_text(&text, &secrets).unwrap_or(text);
    let waited = || {
        format!(
            "IAM at {shown_iam} did not answer within {} s",
            timeout.as_secs()
        )
    };
    let mut response = match request.send().await {
        Ok(response) => response,
        Err(err) if err.is_timeout() => return Err(waited()),
        Err(err) => {
            return Err(redact(format!(
                "IAM at {shown_iam} could not be reached: {}",
                root_cause(&err)
            )))
        }
    };
    let status = response.status().as_u16();
    let mut body = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) if body.len() + chunk.len() <= MAX_IAM_BODY => {
                body.extend_from_slice(&chunk)
            }
            Ok(Some(_)) => {
                return Err(format!(
                    "IAM at {shown_iam} answered with more than {MAX_IAM_BODY} bytes"
                ))
            }
            Ok(None) => break,
            Err(err) if err.is_timeout() => return Err(waited()),
            Err(_) => return Err(format!("IAM at {shown_iam} cut its answer off")),
        }
    }
    pick_project(shown_iam, region, status, &body, &secrets)
}

/// Reads IAM's answer (`status`, `body`) to the question "which project is named `region`":
/// the one enabled project's ID, or what went wrong in words that name IAM's answer.
pub fn pick_project(
    iam: &str,
    region: &str,
    status: u16,
    body: &[u8],
    secrets: &[&str],
) -> Result<String, String> {
    let redact = |text: String| vbs_tasks::core::error::redact_text(&text, secrets).unwrap_or(text);
    if !(200..300).contains(&status) {
        let error = vbs_tasks::Error::from_response(status, body).redact(secrets);
        return Err(format!(
            "IAM at {iam} refused to list the projects named {region}: {error}"
        ));
    }
    let list: ProjectList = serde_json::from_slice(body).map_err(|err| {
        redact(format!(
            "IAM at {iam} answered HTTP {status} with something that is not a project list \
             ({err})"
        ))
    })?;
    match list.projects.as_slice() {
        [] => Err(format!(
            "IAM at {iam} has no project named {region}: check the region, and that these keys' \
             account has a project there"
        )),
        [one] if !one.enabled => Err(format!(
            "IAM at {iam} names project {} (id {}) for {region}, but it is disabled",
            one.name, one.id
        )),
        [one] if !is_project_id(&one.id) => Err(redact(format!(
            "IAM at {iam} names a project for {region} whose id {:?} is not a project id",
            one.id.chars().take(64).collect::<String>()
        ))),
        [one] => Ok(one.id.clone()),
        several => Err(format!(
            "IAM at {iam} has {} projects named {region}: {}; give the one to use by its id \
             instead of auto",
            several.len(),
            several
                .iter()
                .map(|project| format!("{} (id {})", project.name, project.id))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// Whether `id` can be a project ID in a path: 1 to 64 letters, digits, `-` or `_` (real ones
/// are 32 hex digits).
pub fn is_project_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The innermost cause of a failed request, without the URL reqwest repeats.
fn root_cause(err: &reqwest::Error) -> String {
    let mut cause: &dyn std::error::Error = err;
    while let Some(source) = cause.source() {
        cause = source;
    }
    cause.to_string()
}

/// The emulator's IAM: `GET /v3/projects[?name=…]`, checked like the API (token or signature),
/// answering with its one project, named after its region, when the name matches or none is
/// asked for, else with none.
pub async fn emulator_projects(State(state): State<Arc<AppState>>, request: Request) -> Response {
    let Backend::Emulator { auth, .. } = &state.backend else {
        return crate::api_error::ApiError::no_such_api().into_response();
    };
    let uri = request.uri();
    let raw_query = uri.query().unwrap_or("");
    if let Err(err) = auth.check("GET", uri.path(), raw_query, request.headers()) {
        return err.into_response();
    }
    // In emulator mode the one target describes the emulator: its region and project.
    let Some(emulator) = state.targets.first() else {
        return Json(json!({"projects": []})).into_response();
    };
    let asked = form_pairs(raw_query)
        .into_iter()
        .find(|(key, _)| key == "name")
        .map(|(_, value)| value);
    let projects = if asked.as_deref().is_none_or(|name| name == emulator.region) {
        vec![json!({
            "id": emulator.project_id,
            "name": emulator.region,
            "enabled": true,
            "domain_id": EMULATOR_DOMAIN_ID,
            "parent_id": EMULATOR_DOMAIN_ID,
            "is_domain": false,
            "description": "",
        })]
    } else {
        Vec::new()
    };
    Json(json!({ "projects": projects })).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    const IAM: &str = "https://iam.example.com";

    fn pick(status: u16, body: &str) -> Result<String, String> {
        pick_project(
            IAM,
            "cn-north-4",
            status,
            body.as_bytes(),
            &["planted-secret-key"],
        )
    }

    #[test]
    fn exactly_one_enabled_project_is_its_id() {
        let body = r#"{"links":{},"projects":[{"id":"0605767e9a80d5f52f8cc00f94d4e2fb","name":"cn-north-4","enabled":true,"domain_id":"d"}]}"#;
        assert_eq!(pick(200, body).unwrap(), "0605767e9a80d5f52f8cc00f94d4e2fb");
        // `enabled` missing counts as enabled.
        assert_eq!(
            pick(200, r#"{"projects":[{"id":"p1","name":"cn-north-4"}]}"#).unwrap(),
            "p1"
        );
    }

    #[test]
    fn none_several_or_disabled_say_what_iam_returned() {
        let none = pick(200, r#"{"projects":[]}"#).unwrap_err();
        assert!(
            none.contains("IAM at https://iam.example.com has no project named cn-north-4"),
            "{none}"
        );
        let two = pick(
            200,
            r#"{"projects":[{"id":"a1","name":"cn-north-4","enabled":true},{"id":"b2","name":"cn-north-4_sub","enabled":true}]}"#,
        )
        .unwrap_err();
        assert!(
            two.contains(
                "has 2 projects named cn-north-4: cn-north-4 (id a1), cn-north-4_sub (id b2)"
            ),
            "{two}"
        );
        let off = pick(
            200,
            r#"{"projects":[{"id":"a1","name":"cn-north-4","enabled":false}]}"#,
        )
        .unwrap_err();
        assert!(off.contains("disabled") && off.contains("a1"), "{off}");
        let odd = pick(200, r#"{"projects":[{"id":"a/../b","name":"cn-north-4"}]}"#).unwrap_err();
        assert!(odd.contains("not a project id"), "{odd}");
    }

    #[test]
    fn an_error_or_unreadable_answer_is_named_without_secrets() {
        let refused = pick(
            401,
            r#"{"error":{"code":"IAM.0001","message":"bad signature for planted-secret-key","title":"Unauthorized"}}"#,
        )
        .unwrap_err();
        assert!(refused.contains("HTTP 401"), "{refused}");
        assert!(refused.contains("IAM.0001"), "{refused}");
        assert!(refused.contains("bad signature for"), "{refused}");
        assert!(!refused.contains("planted"), "{refused}");
        let gateway = pick(
            403,
            r#"{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information","request_id":"0123456789abcdef"}"#,
        )
        .unwrap_err();
        assert!(gateway.contains("APIGW.0301"), "{gateway}");
        let html = pick(502, "<html><body>Bad gateway</body></html>").unwrap_err();
        assert!(
            html.contains("HTTP 502") && html.contains("Bad gateway"),
            "{html}"
        );
        for body in [
            "",
            "<html>ok</html>",
            r#"{"projects":{}}"#,
            r#"{"project":[]}"#,
        ] {
            let err = pick(200, body).unwrap_err();
            assert!(err.contains("not a project list"), "{body}: {err}");
        }
    }
}
