//! `services` of a `[[target]]`: which of VBS (`/v2/…`) and CBR (`/v3/…`) it serves, and where
//! CBR answers.

use std::ops::Range;

use toml::Spanned;

use super::check_endpoint;
use vbs_tasks::viewer_config::{SERVICE_CBR, SERVICE_VBS};

use crate::cloud::{Region, Service};

/// The services a target serves when its entry names none.
pub const DEFAULT_SERVICES: [&str; 2] = [SERVICE_VBS, SERVICE_CBR];

/// What a target serves: VBS or not, and CBR's endpoint when CBR is served.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Served {
    /// `/v2/…` is forwarded.
    pub vbs: bool,
    /// `/v3/…` is forwarded there.
    pub cbr_upstream: Option<String>,
}

impl Served {
    /// The names of what it serves, as the viewer's config lists them.
    pub fn names(&self) -> Vec<String> {
        let vbs = self.vbs.then_some(SERVICE_VBS);
        let cbr = self.cbr_upstream.as_ref().map(|_| SERVICE_CBR);
        vbs.into_iter().chain(cbr).map(str::to_owned).collect()
    }
}

/// Reads `services` (default both) and `cbr_endpoint` (default: the cloud table's, for a
/// cloud + region target). Naming `cbr` for a target whose CBR endpoint is unknown is an error;
/// by default such a target serves VBS only.
pub fn read(
    services: &Option<Spanned<Vec<String>>>,
    cbr_endpoint: &Option<Spanned<String>>,
    region: Option<&Region>,
    table: &Range<usize>,
    error: &mut dyn FnMut(&Range<usize>, String),
) -> Served {
    let span = services.as_ref().map_or(table.clone(), |s| s.span());
    let names: Vec<String> = match services {
        None => DEFAULT_SERVICES.iter().map(|s| s.to_string()).collect(),
        Some(list) => list.get_ref().clone(),
    };
    if let Some(unknown) = names
        .iter()
        .find(|n| !DEFAULT_SERVICES.contains(&n.as_str()))
    {
        error(
            &span,
            format!("services: {unknown:?} is not a service; give \"vbs\", \"cbr\" or both"),
        );
    }
    if names.is_empty() {
        error(&span, "services: give \"vbs\", \"cbr\" or both".into());
    }
    let wants_cbr = names.iter().any(|n| n == "cbr");
    let cbr_upstream = match (wants_cbr, cbr_endpoint) {
        (false, _) => None,
        (true, Some(endpoint)) => match check_endpoint(endpoint.get_ref()) {
            Ok(url) => Some(url),
            Err(err) => {
                error(&endpoint.span(), format!("cbr_endpoint {err}"));
                None
            }
        },
        (true, None) => match region.map(|r| r.endpoint(Service::Cbr)) {
            Some(Ok(url)) => Some(url),
            Some(Err(err)) if services.is_some() => {
                error(&span, err.0);
                None
            }
            None if services.is_some() => {
                error(
                    &span,
                    "services names \"cbr\" for an endpoint target: give cbr_endpoint".into(),
                );
                None
            }
            _ => None,
        },
    };
    Served {
        vbs: names.iter().any(|n| n == "vbs"),
        cbr_upstream,
    }
}
