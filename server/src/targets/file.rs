//! The targets file (`--config targets.toml`): `[[target]]` tables, read with serde, every
//! mistake reported as `FILE:LINE: what to do`, all of them at once.
//!
//! ```toml
//! [[target]]
//! name = "prod-cn4"            # [a-z0-9-], unique
//! cloud = "huawei"             # or endpoint = "https://…" instead of cloud + region
//! region = "cn-north-4"
//! project_id = "auto"          # or a project id
//! access_key_env = "PROD_AK"   # names of environment variables, never the keys themselves
//! secret_key_env = "PROD_SK"
//! # security_token_env = "PROD_ST"; iam_endpoint = "https://…"
//! ```

use std::collections::HashMap;
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;
use vbs_tasks::core::sign::is_header_safe;
use vbs_tasks::Signer;

use super::{check_endpoint, ProjectChoice, Target, AUTO};
use crate::cloud::{self, Service};
use crate::iam::is_project_id;

/// The longest target name (a DNS label's limit: names may end up in host names or paths).
pub const MAX_NAME_LEN: usize = 63;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TargetsFile {
    #[serde(default)]
    target: Vec<Spanned<RawTarget>>,
}

/// One `[[target]]` as written: every value with where it is, for messages.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTarget {
    name: Option<Spanned<String>>,
    cloud: Option<Spanned<String>>,
    region: Option<Spanned<String>>,
    endpoint: Option<Spanned<String>>,
    project_id: Option<Spanned<String>>,
    access_key_env: Option<Spanned<String>>,
    secret_key_env: Option<Spanned<String>>,
    security_token_env: Option<Spanned<String>>,
    iam_endpoint: Option<Spanned<String>>,
    services: Option<Spanned<Vec<String>>>,
    cbr_endpoint: Option<Spanned<String>>,
}

/// Turns byte offsets of the file into `FILE:LINE: ` prefixes.
struct Place<'a> {
    file: &'a str,
    text: &'a str,
}

impl Place<'_> {
    fn line(&self, span: &Range<usize>) -> usize {
        let end = span.start.min(self.text.len());
        1 + self.text.as_bytes()[..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
    }

    fn at(&self, span: &Range<usize>, message: impl std::fmt::Display) -> String {
        format!("{}:{}: {message}", self.file, self.line(span))
    }
}

/// The targets of the file named `file` with content `text`; variables as `var` reads them.
/// Errors: every problem found, one per line, each beginning with `FILE:LINE:`. No message
/// carries a variable's value.
pub fn parse(
    file: &str,
    text: &str,
    var: &dyn Fn(&str) -> Option<String>,
) -> Result<Vec<Target>, String> {
    let place = Place { file, text };
    let parsed: TargetsFile = toml::from_str(text).map_err(|err| {
        let message = match err.span() {
            Some(span) => place.at(&span, err.message().trim_end()),
            None => format!("{file}: {}", err.message().trim_end()),
        };
        // The toml crate's own text adds the line with a caret under the spot.
        let full = err.to_string();
        let snippet: Vec<&str> = full
            .lines()
            .filter(|line| line.trim_start().starts_with('|') || line.contains(" | "))
            .collect();
        if snippet.is_empty() {
            message
        } else {
            format!("{message}\n{}", snippet.join("\n"))
        }
    })?;
    if parsed.target.is_empty() {
        return Err(format!(
            "{file}: no [[target]] in it: each target is a [[target]] table with name, cloud + \
             region (or endpoint), project_id and, to sign, access_key_env + secret_key_env"
        ));
    }
    let mut errors = Vec::new();
    let mut targets = Vec::new();
    let mut first_line_of: HashMap<String, usize> = HashMap::new();
    for raw in &parsed.target {
        let table = raw.span();
        match one_target(&place, table.clone(), raw.get_ref(), var) {
            Ok(target) => {
                let line = place.line(&raw.get_ref().name.as_ref().map_or(table, |n| n.span()));
                match first_line_of.get(&target.name) {
                    Some(first) => errors.push(format!(
                        "{file}:{line}: target name {:?} is already used at line {first}: names \
                         must be unique",
                        target.name
                    )),
                    None => {
                        first_line_of.insert(target.name.clone(), line);
                    }
                }
                targets.push(target);
            }
            Err(mut found) => errors.append(&mut found),
        }
    }
    if errors.is_empty() {
        Ok(targets)
    } else {
        Err(errors.join("\n"))
    }
}

/// Whether `name` is a target name: 1 to [`MAX_NAME_LEN`] of `[a-z0-9-]`.
pub fn is_target_name(name: &str) -> bool {
    (1..=MAX_NAME_LEN).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Whether `name` can name an environment variable here: `[A-Z_][A-Z0-9_]*`, at most 128. A key
/// pasted where its variable's name belongs fails this (keys have lowercase letters), so it is
/// refused without being repeated.
pub fn is_variable_name(name: &str) -> bool {
    (1..=128).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_uppercase() || c == '_')
        && name
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
}

fn one_target(
    place: &Place<'_>,
    table: Range<usize>,
    raw: &RawTarget,
    var: &dyn Fn(&str) -> Option<String>,
) -> Result<Target, Vec<String>> {
    let mut errors = Vec::new();
    let mut error = |span: &Range<usize>, message: String| errors.push(place.at(span, message));

    let name = match &raw.name {
        None => {
            error(&table, "a [[target]] needs a name ([a-z0-9-])".into());
            String::new()
        }
        Some(name) if !is_target_name(name.get_ref()) => {
            error(
                &name.span(),
                format!(
                    "target name {:?} must be 1 to {MAX_NAME_LEN} lowercase letters, digits or \
                     hyphens ([a-z0-9-])",
                    name.get_ref().chars().take(80).collect::<String>()
                ),
            );
            String::new()
        }
        Some(name) => name.get_ref().clone(),
    };

    // Where: cloud + region, or endpoint (which may come with a region for IAM).
    // With a cloud, the cloud checks its region (and lists its known ones).
    let region_name = match &raw.region {
        Some(region) if raw.cloud.is_none() && !cloud::is_region_name(region.get_ref()) => {
            error(
                &region.span(),
                format!("region: {}", cloud::region_form_error(region.get_ref())),
            );
            None
        }
        region => region.as_ref().map(|r| r.get_ref().clone()),
    };
    let mut warnings = Vec::new();
    let mut region = None;
    let mut cloud_used = None;
    let upstream = match (&raw.cloud, &raw.endpoint) {
        (Some(_), Some(endpoint)) => {
            error(
                &endpoint.span(),
                "give either cloud + region or endpoint, not both".into(),
            );
            None
        }
        (None, None) => {
            error(
                &table,
                "a target needs cloud + region (e.g. cloud = \"huawei\", region = \"cn-north-4\") \
                 or endpoint = \"https://…\""
                    .into(),
            );
            None
        }
        (Some(cloud_name), None) => match cloud::cloud(cloud_name.get_ref()) {
            Err(err) => {
                error(&cloud_name.span(), format!("cloud: {err}"));
                None
            }
            Ok(cloud) => match (&raw.region, &region_name) {
                (None, _) => {
                    error(
                        &cloud_name.span(),
                        format!(
                            "cloud {} needs a region, one of {}",
                            cloud.name,
                            cloud.regions.join(", ")
                        ),
                    );
                    None
                }
                (Some(_), None) => None, // not read: another error is reported
                (Some(span), Some(name)) => match cloud.region(name) {
                    Err(err) => {
                        error(&span.span(), format!("region: {err}"));
                        None
                    }
                    Ok(known) => {
                        warnings.extend(known.warning());
                        cloud_used = Some(cloud);
                        let vbs = known.endpoint(Service::Vbs);
                        region = Some(known);
                        match vbs {
                            Ok(url) => Some(url),
                            Err(err) => {
                                error(&cloud_name.span(), err.0);
                                None
                            }
                        }
                    }
                },
            },
        },
        (None, Some(endpoint)) => match check_endpoint(endpoint.get_ref()) {
            Ok(url) => Some(url),
            Err(err) => {
                error(&endpoint.span(), format!("endpoint {err}"));
                None
            }
        },
    };
    let served = super::services::read(
        &raw.services,
        &raw.cbr_endpoint,
        region.as_ref(),
        &table,
        &mut error,
    );
    let iam_given = match &raw.iam_endpoint {
        None => None,
        Some(iam) => match check_endpoint(iam.get_ref()) {
            Ok(url) => Some(url),
            Err(err) => {
                error(&iam.span(), format!("iam_endpoint {err}"));
                None
            }
        },
    };

    // Keys: the variables' names are checked, then read; a value is never shown.
    let mut read = |key: &str, field: &Option<Spanned<String>>| -> Option<String> {
        let field = field.as_ref()?;
        let name = field.get_ref();
        if !is_variable_name(name) {
            error(
                &field.span(),
                format!(
                    "{key} must be the NAME of an environment variable (A-Z, 0-9, _; e.g. \
                     PROD_SK) that holds the key, never the key itself"
                ),
            );
            return None;
        }
        match var(name).map(|value| value.trim().to_owned()) {
            Some(value) if !value.is_empty() => Some(value),
            _ => {
                error(
                    &field.span(),
                    format!("{key}: the environment variable {name} is not set, or empty"),
                );
                None
            }
        }
    };
    let ak = read("access_key_env", &raw.access_key_env);
    let sk = read("secret_key_env", &raw.secret_key_env);
    let token = read("security_token_env", &raw.security_token_env);
    let names = |field: &Option<Spanned<String>>| field.as_ref().map(|f| f.get_ref().clone());
    let mut signer = None;
    match (&raw.access_key_env, &raw.secret_key_env) {
        (Some(_), Some(_)) => {
            if let (Some(ak), Some(sk)) = (ak, sk) {
                if !is_header_safe(&ak) {
                    error(
                        &span_of(&raw.access_key_env, &table),
                        format!(
                            "the access key in {} must be printable ASCII without spaces: it is \
                             sent in a header",
                            names(&raw.access_key_env).unwrap_or_default()
                        ),
                    );
                }
                let with_token = match &token {
                    Some(token) if !is_header_safe(token) => {
                        error(
                            &span_of(&raw.security_token_env, &table),
                            format!(
                                "the security token in {} must be printable ASCII without \
                                 spaces: it is sent in a header",
                                names(&raw.security_token_env).unwrap_or_default()
                            ),
                        );
                        None
                    }
                    token => token.clone(),
                };
                let keys = Signer::new(ak, sk);
                signer = Some(match with_token {
                    Some(token) => keys.with_security_token(token),
                    None => keys,
                });
            }
        }
        (None, None) => {
            if let Some(field) = &raw.security_token_env {
                error(
                    &field.span(),
                    "security_token_env goes with access_key_env and secret_key_env".into(),
                );
            }
        }
        (Some(field), None) | (None, Some(field)) => error(
            &field.span(),
            "give access_key_env and secret_key_env together to sign, or neither to pass a \
             page's own X-Auth-Token on"
                .into(),
        ),
    }

    let project_line = raw
        .project_id
        .as_ref()
        .map_or(table.clone(), |project| project.span());
    let project = match &raw.project_id {
        None => {
            error(
                &table,
                "project_id is required: a project id, or \"auto\" to have IAM name the region's \
                 project"
                    .into(),
            );
            None
        }
        Some(id) if id.get_ref() == AUTO => Some(ProjectChoice::Auto),
        Some(id) if is_project_id(id.get_ref()) => Some(ProjectChoice::Id(id.get_ref().clone())),
        Some(id) => {
            error(
                &id.span(),
                format!(
                    "project_id {:?} is not a project id (letters, digits, - and _), nor \"auto\"",
                    id.get_ref().chars().take(80).collect::<String>()
                ),
            );
            None
        }
    };
    let iam_endpoint = match (&project, iam_given, &region) {
        (Some(ProjectChoice::Auto), Some(iam), _) => Some(iam),
        (Some(ProjectChoice::Auto), None, Some(region)) => region.endpoint(Service::Iam).ok(),
        _ => None,
    };
    if project == Some(ProjectChoice::Auto) {
        let has_keys = raw.access_key_env.is_some() && raw.secret_key_env.is_some();
        if !has_keys {
            error(
                &project_line,
                "project_id = \"auto\" asks IAM, which needs the keys: give access_key_env and \
                 secret_key_env (or the project id)"
                    .into(),
            );
        }
        if raw.region.is_none() {
            error(
                &project_line,
                "project_id = \"auto\" asks IAM for the project named after the region: give \
                 region (or the project id)"
                    .into(),
            );
        } else if raw.endpoint.is_some() && raw.iam_endpoint.is_none() {
            error(
                &project_line,
                "project_id = \"auto\" with an endpoint needs iam_endpoint: where IAM answers"
                    .into(),
            );
        }
    }

    match (upstream, project) {
        (Some(upstream), Some(project)) if errors.is_empty() => Ok(Target {
            origin: format!(
                "{}:{}: target {name}",
                place.file,
                place.line(&project_line)
            ),
            name,
            cloud: cloud_used,
            region: region_name,
            upstream,
            served,
            iam_endpoint,
            project,
            key_source: signer.as_ref().map(|_| {
                format!(
                    "{} / {}",
                    names(&raw.access_key_env).unwrap_or_default(),
                    names(&raw.secret_key_env).unwrap_or_default()
                )
            }),
            signer,
            warnings,
        }),
        _ => Err(errors),
    }
}

fn span_of(field: &Option<Spanned<String>>, table: &Range<usize>) -> Range<usize> {
    field.as_ref().map_or(table.clone(), |field| field.span())
}
