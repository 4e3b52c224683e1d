//! vbs-server: the local VBS emulator, the AK/SK signing proxy, and the static server for the viewer.
//!
//! - [`emulator`] answers the API from [`dataset`] with the contract's semantics;
//! - [`proxy`] forwards the same two GETs to a real region, signing on the server;
//! - [`targets`] says what the server answers for (one target, or the targets of `--config`),
//!   with [`cloud`] (the clouds' endpoints and regions) and [`iam`] (finding a region's project);
//! - [`app`] is the HTTP side both share (guards, CORS, static files, fault endpoint);
//! - [`page`] is the viewer's page with the server's config written into it;
//! - [`viewer_files`] are the viewer's files: built into the binary, or from `--dist`;
//! - [`access`] puts a team behind a login (`--access-tokens`) and writes the audit log.
//!
//! All of it uses the `vbs-tasks` core for paths, queries, the model, errors and signing.

pub mod access;
pub mod api_error;
pub mod app;
pub mod auth;
pub mod cbr;
pub mod cloud;
pub mod config;
pub mod csp;
pub mod dataset;
pub mod emulator;
pub mod faults;
pub mod iam;
pub mod page;
pub mod proxy;
pub mod targets;
pub mod viewer_files;

use std::net::SocketAddr;
use std::sync::Arc;

pub use config::Config;

/// A server bound and serving in the background.
#[derive(Debug)]
pub struct Running {
    /// Where it listens.
    pub addr: SocketAddr,
    /// What it serves.
    pub state: Arc<app::AppState>,
    /// The serving task; abort it to stop the server.
    pub task: tokio::task::JoinHandle<()>,
}

impl Running {
    /// `http://addr`, no trailing slash.
    pub fn url(&self) -> String {
        // Listening on 0.0.0.0 or :: is reached locally by loopback (the Host check refuses the
        // unspecified address as a name).
        let mut addr = self.addr;
        if addr.ip().is_unspecified() {
            addr.set_ip(match addr.ip() {
                std::net::IpAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
                std::net::IpAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
            });
        }
        format!("http://{addr}")
    }
}

/// Reads the targets (asking IAM for `auto` projects), then binds and starts serving `config`
/// on the current Tokio runtime.
pub async fn start(config: Config) -> Result<Running, String> {
    let plan = targets::plan(&config).await?;
    for warning in plan.warnings() {
        tracing::warn!("{warning}");
    }
    let listener = tokio::net::TcpListener::bind((config.bind, config.port))
        .await
        .map_err(|err| format!("cannot listen on {}:{}: {err}", config.bind, config.port))?;
    let addr = listener.local_addr().map_err(|err| err.to_string())?;
    let state =
        Arc::new(app::build_state(&config, addr.port(), plan).map_err(|err| err.to_string())?);
    let router = app::router(state.clone(), &config);
    let task = tokio::spawn(app::serve(listener, router));
    Ok(Running { addr, state, task })
}
