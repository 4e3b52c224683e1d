//! Command-line options of `vbs-server`.

use std::net::IpAddr;
use std::path::PathBuf;

use clap::Parser;

use crate::dataset::DEFAULT_PROJECT_ID;

/// The emulator's built-in test token (not a secret: it only opens the emulator's made-up data).
pub const EMULATOR_TOKEN: &str = "emulator-token";
/// The emulator's built-in access key.
pub const EMULATOR_ACCESS_KEY: &str = "EMULATORAK0000000001";
/// The emulator's built-in secret key (a test value, like the vendor guide's examples).
pub const EMULATOR_SECRET_KEY: &str = "emulator-secret-key";

/// Local VBS emulator and signing proxy, serving the vbs-tasks viewer on the same origin.
#[derive(Debug, Clone, Parser)]
#[command(name = "vbs-server", version, about, long_about = None)]
pub struct Config {
    /// Address to listen on. Loopback by default; anything else exposes the emulator or proxy.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,

    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,

    /// Seed of the emulator's generated data.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,

    /// Project ID the emulator serves, or the proxy's page asks for; `auto` asks IAM for the
    /// project named after --region (needs the AK/SK) [default: in proxy mode
    /// HUAWEICLOUD_SDK_PROJECT_ID, as the vendor's SDKs read it; else the emulator's
    /// 0605767e9a80d5f52f8cc00f94d4e2fb]
    #[arg(long = "project-id", value_name = "PROJECT_ID")]
    pub project_id_arg: Option<String>,

    /// Freeze the emulator's clock (deterministic answers, for tests). By default running tasks
    /// finish and new ones start as wall-clock time passes.
    #[arg(long)]
    pub no_live: bool,

    /// Allow cross-origin requests from this origin (repeatable; `*` for any), e.g. for browser
    /// tests served from another port.
    #[arg(long = "cors-origin")]
    pub cors_origins: Vec<String>,

    /// Forward the API to this region endpoint instead of emulating it, signing with the AK/SK in
    /// HUAWEICLOUD_SDK_AK / HUAWEICLOUD_SDK_SK (e.g. https://vbs.cn-north-1.myhuaweicloud.com).
    /// Overrides the endpoint --cloud and --region give.
    #[arg(long)]
    pub upstream: Option<String>,

    /// Forward CBR's task-list GETs (`/v3/{project_id}/…`) to this endpoint too (e.g.
    /// https://cbr.cn-north-4.myhuaweicloud.com), signed as the VBS ones. Overrides the endpoint
    /// --cloud and --region give; with --upstream alone and without it, CBR is not served.
    #[arg(long, value_name = "URL")]
    pub cbr_upstream: Option<String>,

    /// Forward to this cloud's VBS endpoint in --region: huawei, otc or flexibleengine.
    #[arg(long, value_name = "CLOUD")]
    pub cloud: Option<String>,

    /// The region (e.g. cn-north-4): with --cloud, where the API is; with --project-id auto, the
    /// name of the project IAM is asked for; for the emulator, the name of the one project its
    /// IAM answer names [emulator default: cn-north-4].
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,

    /// Where IAM answers, for --project-id auto (default: the cloud's IAM endpoint).
    #[arg(long, value_name = "URL")]
    pub iam_endpoint: Option<String>,

    /// Serve the targets of this file, each under /t/{name}/ (see server/README.md); instead of
    /// the single-target flags.
    #[arg(
        long = "config",
        value_name = "FILE",
        conflicts_with_all = ["upstream", "cbr_upstream", "cloud", "region", "iam_endpoint", "project_id_arg"]
    )]
    pub targets_file: Option<PathBuf>,

    /// Seconds to wait for the upstream in proxy mode (at least 1).
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..))]
    pub upstream_timeout_secs: u64,

    /// Serve the viewer from this directory (Trunk's output) instead of the one built into this
    /// binary.
    #[arg(long, value_name = "DIR")]
    pub dist: Option<PathBuf>,

    /// Refuse API requests that carry neither a token nor an AK/SK signature.
    #[arg(long)]
    pub require_auth: bool,

    /// The token the emulator accepts in X-Auth-Token.
    #[arg(long, default_value = EMULATOR_TOKEN)]
    pub token: String,

    /// The access key the emulator accepts signatures from.
    #[arg(long, default_value = EMULATOR_ACCESS_KEY)]
    pub access_key: String,

    /// The emulator's secret key for that access key.
    #[arg(long, env = "VBS_EMULATOR_SK", default_value = EMULATOR_SECRET_KEY, hide_env_values = true, hide_default_value = true)]
    pub secret_key: String,

    /// Host names (with port) accepted in the Host header besides loopback ones; needed when
    /// binding a non-loopback address. Guards against DNS rebinding.
    #[arg(long = "allowed-host")]
    pub allowed_hosts: Vec<String>,

    /// Share (0 to 1) of API requests answered 503, for fault testing.
    #[arg(long, default_value_t = 0.0)]
    pub fault_503_rate: f64,

    /// A constant delay added to every API answer, in milliseconds: a real region's round trip,
    /// for measuring what a person waits for.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub latency_ms: u64,

    /// Upper bound of a random delay added to each API request, in milliseconds.
    #[arg(long, default_value_t = 0)]
    pub fault_latency_ms: u64,

    /// Share (0 to 1) of API requests whose connection is dropped without an answer.
    #[arg(long, default_value_t = 0.0)]
    pub fault_drop_rate: f64,

    /// Seed of the random fault injection.
    #[arg(long, default_value_t = 7)]
    pub fault_seed: u64,

    /// Require a sign-in: a file of `name:sha256-hex-of-token` lines (see `vbs-server
    /// hash-token`). The API and /viewer-config.json then need `Authorization: Bearer <token>`
    /// or the session cookie `POST /login` sets.
    #[arg(long, value_name = "FILE")]
    pub access_tokens: Option<PathBuf>,

    /// Append one JSON line per API request to FILE (time, user, target, method, path, status,
    /// upstream request id; never a token or key).
    #[arg(long, value_name = "FILE")]
    pub audit_log: Option<PathBuf>,

    /// Serve a signing proxy beyond loopback without --access-tokens (anyone who reaches the port
    /// calls the API with its keys).
    #[arg(long)]
    pub i_know_this_is_open: bool,

    /// What to do instead of serving.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// `vbs-server`'s subcommands (without one, it serves).
#[derive(Debug, Clone, clap::Subcommand)]
pub enum Command {
    /// Print the SHA-256 (hex) of the token read from standard input, for an --access-tokens
    /// file: `echo -n "$TOKEN" | vbs-server hash-token`.
    HashToken,
}

/// The variable the vendor's SDKs read the project ID from.
pub const PROJECT_ID_VAR: &str = "HUAWEICLOUD_SDK_PROJECT_ID";

impl Config {
    /// The project: `--project-id`; else, in proxy mode, [`PROJECT_ID_VAR`] from the
    /// environment; else the emulator's.
    pub fn project_id(&self) -> String {
        self.project_id_from(|name| std::env::var(name).ok())
    }

    /// [`Config::project_id`] with the environment as `var` reads it.
    pub fn project_id_from(&self, var: impl Fn(&str) -> Option<String>) -> String {
        let from_env = || {
            self.upstream
                .as_ref()
                .and_then(|_| var(PROJECT_ID_VAR))
                .map(|id| id.trim().to_owned())
                .filter(|id| !id.is_empty())
        };
        self.project_id_arg
            .clone()
            .or_else(from_env)
            .unwrap_or_else(|| DEFAULT_PROJECT_ID.to_owned())
    }

    /// A configuration as parsed from these arguments (tests use this).
    pub fn from_args<I, T>(args: I) -> Result<Self, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        Config::try_parse_from(
            std::iter::once("vbs-server".into()).chain(args.into_iter().map(Into::into)),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_project_is_the_flag_else_in_proxy_mode_the_sdk_variable_else_the_emulators() {
        let env = |name: &str| (name == PROJECT_ID_VAR).then(|| " real-project-1 ".to_owned());
        let none = |_: &str| None;
        let config = |args: &[&str]| Config::from_args(args).unwrap();
        let proxy = config(&["--upstream", "https://vbs.example.com"]);
        assert_eq!(proxy.project_id_from(env), "real-project-1");
        assert_eq!(proxy.project_id_from(none), DEFAULT_PROJECT_ID);
        let flagged = config(&[
            "--upstream",
            "https://vbs.example.com",
            "--project-id",
            "p2",
        ]);
        assert_eq!(flagged.project_id_from(env), "p2");
        // The emulator serves its own data: a real project's ID from the shell is not taken.
        assert_eq!(config(&[]).project_id_from(env), DEFAULT_PROJECT_ID);
    }
}
