//! What the server answers for: its targets (a project in a region of a cloud, with the keys that
//! sign for it). `--config targets.toml` names several ([`file`]), each served under
//! `/t/{name}/v2/…`; the single-target flags (`--upstream` or `--cloud` + `--region`,
//! `--project-id`, `--iam-endpoint`, the `HUAWEICLOUD_SDK_*` variables) describe one, served at
//! `/v2/…` as before; without either the emulator answers.
//!
//! A target whose project is `auto` has it found by IAM ([`crate::iam`]) before the server
//! listens, so a start either serves every target or says which one failed.

pub mod file;
pub mod services;

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use vbs_tasks::viewer_config::{TargetInfo, SERVICE_CBR, SERVICE_VBS};
use vbs_tasks::Signer;

use crate::api_error::{ApiError, Shape};
use crate::app::{AppState, Backend};
use crate::cloud::{self, Cloud, Service};
use crate::config::Config;
use crate::proxy::{Proxy, SetupError};

/// The `project_id` that asks IAM for the region's project.
pub const AUTO: &str = "auto";
/// The emulator's target name in `/viewer-config.json`.
pub const EMULATOR_TARGET: &str = "emulator";
/// The region the emulator says it is in (its IAM names its project after it) without `--region`.
pub const EMULATOR_REGION: &str = "cn-north-4";
/// The name of the one target the single-target flags describe when they name no region.
pub const SINGLE_TARGET: &str = "proxy";
/// Where a named target's API is served: `/t/{name}/v2/…`.
pub const TARGET_PREFIX: &str = "/t/";

/// The project of a target: given, or found by IAM.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProjectChoice {
    /// This project ID.
    Id(String),
    /// The one project IAM names after the target's region.
    Auto,
}

/// One target as configured, before IAM is asked for an `auto` project.
#[derive(Debug, Clone)]
pub struct Target {
    /// `[a-z0-9-]`, unique.
    pub name: String,
    /// The cloud, when given by cloud + region.
    pub cloud: Option<&'static Cloud>,
    /// The region: the cloud's, or the one IAM is asked about for an endpoint target.
    pub region: Option<String>,
    /// The VBS endpoint (an origin, no trailing slash).
    pub upstream: String,
    /// Which services it serves, and CBR's endpoint.
    pub served: services::Served,
    /// The IAM endpoint, when the project is `auto`.
    pub iam_endpoint: Option<String>,
    /// The project.
    pub project: ProjectChoice,
    /// The keys that sign this target's requests; `None`: a page's own token is passed on.
    pub signer: Option<Signer>,
    /// Where the keys come from, for the banner (`PROD_AK / PROD_SK`); never a value.
    pub key_source: Option<String>,
    /// What the start should warn about (a region the cloud table does not know).
    pub warnings: Vec<String>,
    /// Where it is configured, to begin a message about it (`targets.toml:7: target prod-cn4`).
    pub origin: String,
}

/// A target with its project known.
#[derive(Debug, Clone)]
pub struct ServedTarget {
    /// As configured.
    pub target: Target,
    /// The project: given, or the one IAM named.
    pub project_id: String,
}

/// What the server is to answer for.
#[derive(Debug)]
pub enum Plan {
    /// The emulator (no proxy flags, no `--config`).
    Emulator,
    /// One target from the single-target flags, at `/v2/…`.
    Single(Box<ServedTarget>),
    /// The targets of `--config`, each at `/t/{name}/v2/…`.
    Named(Vec<ServedTarget>),
}

impl Plan {
    /// The warnings the start prints.
    pub fn warnings(&self) -> Vec<String> {
        let targets: &[ServedTarget] = match self {
            Plan::Emulator => &[],
            Plan::Single(one) => std::slice::from_ref(one.as_ref()),
            Plan::Named(all) => all,
        };
        targets
            .iter()
            .flat_map(|served| {
                served
                    .target
                    .warnings
                    .iter()
                    .map(|warning| format!("target {}: {warning}", served.target.name))
            })
            .collect()
    }
}

/// Reads what `config` asks for (the targets file, or the single-target flags with the
/// environment), and asks IAM for every `auto` project. Any error stops the start.
pub async fn plan(config: &Config) -> Result<Plan, String> {
    let var = |name: &str| std::env::var(name).ok();
    let timeout = Duration::from_secs(config.upstream_timeout_secs);
    if let Some(path) = &config.targets_file {
        let text = std::fs::read_to_string(path)
            .map_err(|err| format!("cannot read --config {}: {err}", path.display()))?;
        let mut served = Vec::new();
        for target in file::parse(&path.display().to_string(), &text, &var)? {
            served.push(discover(target, timeout).await?);
        }
        return Ok(Plan::Named(served));
    }
    match single_target(config, &var)? {
        Some(target) => Ok(Plan::Single(Box::new(discover(target, timeout).await?))),
        None => Ok(Plan::Emulator),
    }
}

const AUTO_WITHOUT_A_PROXY: &str = "--project-id auto asks a cloud's IAM for the region's \
    project: give --cloud and --region (or --upstream, --region and --iam-endpoint)";
const IAM_WITHOUT_A_PROXY: &str = "--iam-endpoint is where a proxy asks for its project: give \
    --cloud and --region, or --upstream, with it";

/// The one target the single-target flags describe, with keys from the `HUAWEICLOUD_SDK_*`
/// variables as `var` reads them; `None` when they describe none (the emulator answers).
pub fn single_target(
    config: &Config,
    var: &dyn Fn(&str) -> Option<String>,
) -> Result<Option<Target>, String> {
    let auto = config.project_id_arg.as_deref() == Some(AUTO);
    let region_name = config.region.clone();
    let region = match (&config.cloud, &region_name) {
        (Some(name), Some(region)) => Some(
            cloud::cloud(name)
                .and_then(|cloud| cloud.region(region))
                .map_err(|err| format!("--cloud/--region: {err}"))?,
        ),
        (Some(name), None) => {
            let known = cloud::cloud(name).map_err(|err| format!("--cloud: {err}"))?;
            return Err(format!(
                "--cloud {} needs --region, one of {}",
                known.name,
                known.regions.join(", ")
            ));
        }
        (None, Some(region)) if !cloud::is_region_name(region) => {
            return Err(format!("--region: {}", cloud::region_form_error(region)))
        }
        (None, _) => None,
    };
    let upstream = match (&config.upstream, &region) {
        (Some(upstream), _) => upstream.clone(),
        (None, Some(region)) => region
            .endpoint(Service::Vbs)
            .map_err(|err| format!("--cloud: {err}"))?,
        // No proxy flags: the emulator answers, and the proxy's own flags are mistakes.
        (None, None) if auto => return Err(AUTO_WITHOUT_A_PROXY.into()),
        (None, None) if config.iam_endpoint.is_some() => return Err(IAM_WITHOUT_A_PROXY.into()),
        (None, None) => return Ok(None),
    };
    let upstream = check_endpoint(&upstream).map_err(|err| format!("--upstream {err}"))?;
    // CBR: the flag, else the cloud table's endpoint; with --upstream alone, not served.
    let cbr_upstream = match (&config.cbr_upstream, &region) {
        (Some(cbr), _) => Some(check_endpoint(cbr).map_err(|err| format!("--cbr-upstream {err}"))?),
        (None, Some(region)) if config.upstream.is_none() => region.endpoint(Service::Cbr).ok(),
        (None, _) => None,
    };
    let signer = crate::app::credentials(var).map_err(|err| err.0)?;
    let project = if auto {
        ProjectChoice::Auto
    } else {
        ProjectChoice::Id(config.project_id_from(var))
    };
    let iam_endpoint = match (&config.iam_endpoint, &region) {
        (Some(iam), _) => Some(check_endpoint(iam).map_err(|err| format!("--iam-endpoint {err}"))?),
        (None, Some(region)) if auto => Some(
            region
                .endpoint(Service::Iam)
                .map_err(|err| format!("--cloud: {err}"))?,
        ),
        (None, _) => None,
    };
    if auto {
        let missing = if signer.is_none() {
            Some("the keys that sign it: set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK")
        } else if region_name.is_none() {
            Some("the project's name, which is its region: give --region")
        } else if iam_endpoint.is_none() {
            Some("where IAM answers: give --iam-endpoint, or --cloud")
        } else {
            None
        };
        if let Some(missing) = missing {
            return Err(format!(
                "--project-id auto asks IAM for the project, which needs {missing}"
            ));
        }
    }
    Ok(Some(Target {
        name: region_name
            .clone()
            .unwrap_or_else(|| SINGLE_TARGET.to_owned()),
        cloud: region.as_ref().map(|region| region.cloud),
        warnings: region
            .as_ref()
            .and_then(|r| r.warning())
            .into_iter()
            .collect(),
        region: region_name,
        upstream,
        served: services::Served {
            vbs: true,
            cbr_upstream,
        },
        iam_endpoint,
        project,
        key_source: signer
            .as_ref()
            .map(|_| format!("{} / {}", crate::app::AK_VAR, crate::app::SK_VAR)),
        signer,
        origin: "--project-id auto".into(),
    }))
}

/// Checks an endpoint (VBS or IAM): an `https://` origin, or `http://` to a loopback address
/// (a local stand-in); no user, path, query or fragment. Returns it without a trailing slash.
pub fn check_endpoint(endpoint: &str) -> Result<String, String> {
    let url = reqwest::Url::parse(endpoint)
        .map_err(|err| format!("{:?} is not a URL: {err}", shown(endpoint)))?;
    // Checked first, so that no message below repeats a password given here.
    if !url.username().is_empty() || url.password().is_some() {
        return Err(
            "must not carry a user name or password: keys come from the environment".into(),
        );
    }
    let loopback = url.host_str().is_some_and(|host| {
        host == "localhost"
            || host
                .trim_start_matches('[')
                .trim_end_matches(']')
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback())
    });
    match url.scheme() {
        "https" if url.host().is_some() => {}
        "http" if loopback => {}
        "http" if url.host().is_some() => {
            return Err(format!(
                "{:?}: plain http:// is accepted for a loopback address only (127.0.0.1, [::1], \
                 localhost); use https://",
                shown(endpoint)
            ))
        }
        _ => {
            return Err(format!(
                "{:?} must be an https:// URL with a host",
                shown(endpoint)
            ))
        }
    }
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
        return Err(format!(
            "{:?} must be an origin only (no path, query or fragment), such as \
             https://vbs.cn-north-4.myhuaweicloud.com",
            shown(endpoint)
        ));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

fn shown(text: &str) -> String {
    text.chars().take(200).collect()
}

/// `target` with its project: as given, or asked of IAM.
pub async fn discover(target: Target, timeout: Duration) -> Result<ServedTarget, String> {
    let project_id = match &target.project {
        ProjectChoice::Id(id) => id.clone(),
        ProjectChoice::Auto => {
            let (Some(iam), Some(region), Some(signer)) =
                (&target.iam_endpoint, &target.region, &target.signer)
            else {
                return Err(format!(
                    "{}: project auto needs an IAM endpoint, a region and keys",
                    target.origin
                ));
            };
            crate::iam::discover_project(iam, region, signer, timeout)
                .await
                .map_err(|err| format!("{}: {err}", target.origin))?
        }
    };
    Ok(ServedTarget { target, project_id })
}

/// The targets of `--config`, by name, each with its own proxy (its own keys and redaction).
#[derive(Debug)]
pub struct NamedTargets {
    targets: Vec<(ServedTarget, Proxy)>,
}

impl NamedTargets {
    /// The proxy of the target `name`.
    pub fn get(&self, name: &str) -> Option<&Proxy> {
        self.targets
            .iter()
            .find(|(served, _)| served.target.name == name)
            .map(|(_, proxy)| proxy)
    }

    /// Every target with its proxy, in the file's order.
    pub fn iter(&self) -> impl Iterator<Item = (&ServedTarget, &Proxy)> {
        self.targets.iter().map(|(served, proxy)| (served, proxy))
    }

    fn names(&self) -> String {
        self.targets
            .iter()
            .map(|(served, _)| served.target.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// What `/v2/…` answers when every target has its own prefix.
    pub fn root_refusal(&self) -> Response {
        not_found(format!(
            "This server answers for several targets, each under /t/{{name}}/v2/…; its targets \
             are {}.",
            self.names()
        ))
    }
}

fn not_found(message: String) -> Response {
    ApiError {
        status: StatusCode::NOT_FOUND,
        code: "APIGW.0101",
        message,
        shape: Shape::Gateway,
        retry_after: None,
    }
    .into_response()
}

/// What the viewer is told of the emulator: one target at the page's origin.
pub fn emulator_info(config: &Config) -> TargetInfo {
    TargetInfo {
        name: EMULATOR_TARGET.to_owned(),
        cloud: String::new(),
        region: config
            .region
            .clone()
            .unwrap_or_else(|| EMULATOR_REGION.to_owned()),
        project_id: config.project_id(),
        server_auth: false,
        endpoint: String::new(),
        services: vec![SERVICE_VBS.to_owned(), SERVICE_CBR.to_owned()],
    }
}

/// What the viewer is told of a served target; `endpoint` is where the page sends its requests.
pub fn info(served: &ServedTarget, endpoint: String) -> TargetInfo {
    let target = &served.target;
    TargetInfo {
        name: target.name.clone(),
        cloud: target
            .cloud
            .map(|cloud| cloud.name.to_owned())
            .unwrap_or_default(),
        region: target.region.clone().unwrap_or_default(),
        project_id: served.project_id.clone(),
        server_auth: target.signer.is_some(),
        endpoint,
        services: target.served.names(),
    }
}

/// The backend and the viewer's target list for a plan that proxies (not [`Plan::Emulator`]).
pub fn proxy_backend(
    plan: Plan,
    config: &Config,
) -> Result<(Backend, Vec<TargetInfo>), SetupError> {
    let served = match &plan {
        Plan::Emulator => Vec::new(),
        Plan::Single(one) => vec![one.as_ref()],
        Plan::Named(all) => all.iter().collect(),
    };
    if served.iter().any(|s| s.target.signer.is_some())
        && config.cors_origins.iter().any(|origin| origin == "*")
    {
        return Err(SetupError(
            "--cors-origin '*' with server-side signing would let any website call the API \
             with these keys: name the origins that may instead"
                .into(),
        ));
    }
    let timeout = Duration::from_secs(config.upstream_timeout_secs);
    let proxy = |served: &ServedTarget| {
        let proxy = Proxy::new(
            &served.target.upstream,
            served.target.signer.clone(),
            timeout,
        )?
        .serving_vbs(served.target.served.vbs);
        match &served.target.served.cbr_upstream {
            Some(cbr) => proxy.with_cbr(cbr),
            None => Ok(proxy),
        }
    };
    match plan {
        Plan::Emulator => Err(SetupError("the emulator is not a proxy".into())),
        Plan::Single(one) => Ok((
            Backend::Proxy(proxy(&one)?),
            vec![info(&one, String::new())],
        )),
        Plan::Named(all) => {
            let infos = all
                .iter()
                .map(|served| info(served, format!("/t/{}", served.target.name)))
                .collect();
            let mut targets = Vec::with_capacity(all.len());
            for served in all {
                let proxy = proxy(&served)?;
                targets.push((served, proxy));
            }
            Ok((Backend::Targets(NamedTargets { targets }), infos))
        }
    }
}

/// `/t/{name}/…`: the API of the target `name`, with exactly the paths and checks of `/v2/…`.
pub async fn target_api(State(state): State<Arc<AppState>>, request: Request) -> Response {
    let raw_path = request.uri().path().to_owned();
    let rest = raw_path.strip_prefix(TARGET_PREFIX).unwrap_or_default();
    let (name, api_path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let Backend::Targets(targets) = &state.backend else {
        return not_found(
            "This server answers for one target, at /v2/…: it was started without --config.".into(),
        );
    };
    let Some(proxy) = targets.get(name) else {
        return not_found(format!(
            "There is no target named {:?} on this server; its targets are {}.",
            name.chars().take(64).collect::<String>(),
            targets.names()
        ));
    };
    let raw_query = request.uri().query().unwrap_or("");
    if api_path.starts_with("/v3/") {
        return match crate::cbr::cbr_path(request.method(), api_path) {
            Ok(path) => proxy.forward_cbr(&path, raw_query, request.headers()).await,
            Err(refusal) => *refusal,
        };
    }
    let path = match crate::app::api_path(request.method(), api_path) {
        Ok(path) => path,
        Err(refusal) => return *refusal,
    };
    proxy.forward(&path, raw_query, request.headers()).await
}

#[cfg(test)]
mod tests;
