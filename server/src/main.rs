//! `vbs-server`: see `vbs-server --help`.

use std::process::ExitCode;

use clap::Parser;
use vbs_server::app::Backend;
use vbs_server::config::Command;
use vbs_server::viewer_files::ViewerFiles;
use vbs_server::{start, Config};

#[tokio::main]
async fn main() -> ExitCode {
    let config = Config::parse();
    if let Some(Command::HashToken) = config.command {
        return hash_token();
    }
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("VBS_LOG")
                .unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let running = match start(config.clone()).await {
        Ok(running) => running,
        Err(err) => {
            eprintln!("vbs-server: {err}");
            return ExitCode::FAILURE;
        }
    };
    print_banner(&running, &config);
    tokio::select! {
        _ = running.task => ExitCode::FAILURE,
        _ = tokio::signal::ctrl_c() => ExitCode::SUCCESS,
    }
}

/// `vbs-server hash-token`: the hash of the token on standard input, for an --access-tokens file.
fn hash_token() -> ExitCode {
    use std::io::Read;
    // A token is short; more than this is not one (and is not read into memory whole).
    let mut input = Vec::new();
    if let Err(err) = std::io::stdin().take(64 * 1024).read_to_end(&mut input) {
        eprintln!("vbs-server hash-token: cannot read standard input: {err}");
        return ExitCode::FAILURE;
    }
    match vbs_server::access::tokens::token_from_input(&input) {
        Ok(token) => {
            if token.len() < 16 {
                eprintln!(
                    "vbs-server hash-token: warning: a token this short can be guessed; \
                     `openssl rand -hex 32` makes a good one"
                );
            }
            println!("{}", vbs_server::access::tokens::hash_hex(token));
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("vbs-server hash-token: {err}");
            ExitCode::FAILURE
        }
    }
}

/// What a user needs to start: the URL, the project and the policies (never a secret).
fn print_banner(running: &vbs_server::Running, config: &Config) {
    let url = running.url();
    println!("vbs-server listening on {url}/");
    match &running.state.backend {
        Backend::Emulator { emulator, auth, .. } => {
            let clock = if emulator.is_live() {
                "live clock"
            } else {
                "frozen clock (--no-live)"
            };
            println!("  mode: emulator, {clock}, seed {}", config.seed);
            println!("  project: {}", emulator.project_id());
            for data in &emulator.dataset().policies {
                println!(
                    "  policy {}  {:>6} tasks  {}",
                    data.policy.id,
                    emulator.visible_count(data),
                    data.policy.name
                );
            }
            println!(
                "  auth: {} (token {:?} or AK {} accepted)",
                if auth.required {
                    "required"
                } else {
                    "optional"
                },
                config.token,
                auth.signer.access_key()
            );
        }
        Backend::Proxy(proxy) => {
            println!("  mode: proxy to {}", proxy.upstream());
            println!(
                "  cbr: {}",
                proxy
                    .cbr_upstream()
                    .unwrap_or("not served (give --cbr-upstream, or --cloud and --region)")
            );
            if let Some(target) = running.state.targets.first() {
                println!("  target: {}", describe(target));
            }
            println!("  project: {}", running.state.project_id);
            println!(
                "  signing: {}",
                if proxy.signs() {
                    "AK/SK from HUAWEICLOUD_SDK_AK / HUAWEICLOUD_SDK_SK"
                } else {
                    "off (set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK; a page's X-Auth-Token is passed on)"
                }
            );
            if proxy.signs() && !config.bind.is_loopback() && config.access_tokens.is_none() {
                // The Host check stops DNS rebinding, not a client on the network.
                eprintln!(
                    "vbs-server: warning: listening on {}, so anyone who can reach it calls the API \
                     with these keys",
                    config.bind
                );
            }
        }
        Backend::Targets(targets) => {
            println!(
                "  mode: proxy to {} targets, each at {url}/t/{{name}}/",
                targets.iter().count()
            );
            for (served, proxy) in targets.iter() {
                let target = &served.target;
                println!(
                    "  target {}: {}  project {}  {}",
                    target.name,
                    proxy.upstream(),
                    served.project_id,
                    match &target.key_source {
                        Some(keys) => format!("signing with {keys}"),
                        None => "not signing (a page's X-Auth-Token is passed on)".into(),
                    }
                );
                println!(
                    "    API: {url}/t/{}/v2/{}/backuppolicy",
                    target.name, served.project_id
                );
            }
            if targets.iter().any(|(_, proxy)| proxy.signs())
                && !config.bind.is_loopback()
                && config.access_tokens.is_none()
            {
                eprintln!(
                    "vbs-server: warning: listening on {}, so anyone who can reach it calls the API \
                     with these keys",
                    config.bind
                );
            }
        }
    }
    if let Some(access) = &running.state.access {
        if access.requires_sign_in() {
            println!(
                "  sign-in: required ({} users in {})",
                access.user_count(),
                config
                    .access_tokens
                    .as_ref()
                    .map(|path| path.display().to_string())
                    .unwrap_or_default()
            );
        }
        if let Some(path) = &config.audit_log {
            println!("  audit log: {}", path.display());
        }
    }
    if !config.cors_origins.is_empty() {
        println!("  CORS: {}", config.cors_origins.join(", "));
    }
    match ViewerFiles::choose(config.dist.as_deref()) {
        ViewerFiles::Missing => println!("  viewer: {}", ViewerFiles::Missing.describe()),
        files => println!("  viewer: {url}/ ({})", files.describe()),
    }
    if !matches!(running.state.backend, Backend::Targets(_)) {
        println!("  API: {url}/v2/{}/backuppolicy", running.state.project_id);
    }
}

/// A target as the banner names it: name, cloud and region (never a key).
fn describe(target: &vbs_tasks::viewer_config::TargetInfo) -> String {
    let mut out = target.name.clone();
    if !target.cloud.is_empty() {
        out.push_str(&format!(
            " (cloud {}, region {})",
            target.cloud, target.region
        ));
    } else if !target.region.is_empty() {
        out.push_str(&format!(" (region {})", target.region));
    }
    out
}
