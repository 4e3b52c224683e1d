use std::collections::HashMap;

use super::file::{is_target_name, is_variable_name, parse};
use super::*;

fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let vars: HashMap<String, String> = vars
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    move |name: &str| vars.get(name).cloned()
}

fn single(args: &[&str], vars: &[(&str, &str)]) -> Result<Option<Target>, String> {
    single_target(&Config::from_args(args).unwrap(), &env(vars))
}

const KEYS: [(&str, &str); 2] = [
    ("HUAWEICLOUD_SDK_AK", "AKSINGLE"),
    ("HUAWEICLOUD_SDK_SK", "planted-single-sk"),
];

#[test]
fn cloud_and_region_give_the_regions_endpoint() {
    let target = single(&["--cloud", "huawei", "--region", "cn-north-4"], &[])
        .unwrap()
        .unwrap();
    assert_eq!(target.upstream, "https://vbs.cn-north-4.myhuaweicloud.com");
    assert_eq!(target.cloud.unwrap().name, "huawei");
    assert_eq!(target.region.as_deref(), Some("cn-north-4"));
    assert_eq!(target.name, "cn-north-4");
    assert!(target.signer.is_none() && target.warnings.is_empty());
    assert_eq!(
        target.project,
        ProjectChoice::Id(crate::dataset::DEFAULT_PROJECT_ID.into())
    );
    let otc = single(&["--cloud", "otc", "--region", "eu-nl"], &[])
        .unwrap()
        .unwrap();
    assert_eq!(otc.upstream, "https://vbs.eu-nl.otc.t-systems.com");
    let fe = single(&["--cloud", "flexibleengine", "--region", "eu-west-0"], &[])
        .unwrap()
        .unwrap();
    assert_eq!(
        fe.upstream,
        "https://vbs.eu-west-0.prod-cloud-ocb.orange-business.com"
    );
    // --upstream overrides the cloud's endpoint; the cloud still names the region.
    let over = single(
        &[
            "--cloud",
            "huawei",
            "--region",
            "cn-north-4",
            "--upstream",
            "http://127.0.0.1:9/",
        ],
        &[],
    )
    .unwrap()
    .unwrap();
    assert_eq!(over.upstream, "http://127.0.0.1:9");
    // A region the table does not know is used, with a warning.
    let new = single(&["--cloud", "huawei", "--region", "cn-east-9"], &[])
        .unwrap()
        .unwrap();
    assert_eq!(new.upstream, "https://vbs.cn-east-9.myhuaweicloud.com");
    assert!(new.warnings[0].contains("cn-east-9"), "{:?}", new.warnings);
}

#[test]
fn an_unknown_cloud_or_malformed_region_is_refused_with_the_known_ones() {
    let err = single(&["--cloud", "aws", "--region", "cn-north-4"], &[]).unwrap_err();
    assert!(
        err.contains("unknown cloud \"aws\": known clouds are huawei, otc, flexibleengine"),
        "{err}"
    );
    for region in ["CN_NORTH", "cn-north-4.evil.com", "a/b", ""] {
        let err = single(&["--cloud", "huawei", "--region", region], &[]).unwrap_err();
        assert!(err.contains("is not a region name"), "{region}: {err}");
    }
    let err = single(&["--cloud", "otc", "--region", "eu-de.evil.com"], &[]).unwrap_err();
    assert!(err.contains("known regions are eu-de, eu-nl"), "{err}");
    let err = single(&["--cloud", "otc"], &[]).unwrap_err();
    assert!(err.contains("needs --region, one of eu-de, eu-nl"), "{err}");
    // The emulator's region is checked too.
    let err = single(&["--region", "a/b"], &[]).unwrap_err();
    assert!(err.contains("is not a region name"), "{err}");
}

#[test]
fn no_proxy_flags_is_the_emulator_and_auto_there_is_refused() {
    assert!(single(&[], &KEYS).unwrap().is_none());
    assert!(single(&["--region", "eu-de"], &[]).unwrap().is_none());
    let err = single(&["--project-id", "auto"], &KEYS).unwrap_err();
    assert!(err.contains("--cloud and --region"), "{err}");
    let err = single(&["--iam-endpoint", "https://iam.example.com"], &[]).unwrap_err();
    assert!(err.contains("--iam-endpoint"), "{err}");
}

#[test]
fn project_auto_needs_keys_a_region_and_an_iam_endpoint() {
    let args = [
        "--cloud",
        "huawei",
        "--region",
        "cn-north-4",
        "--project-id",
        "auto",
    ];
    let err = single(&args, &[]).unwrap_err();
    assert!(
        err.contains("--project-id auto") && err.contains("HUAWEICLOUD_SDK_AK"),
        "{err}"
    );
    let target = single(&args, &KEYS).unwrap().unwrap();
    assert_eq!(target.project, ProjectChoice::Auto);
    assert_eq!(
        target.iam_endpoint.as_deref(),
        Some("https://iam.myhuaweicloud.com")
    );
    assert_eq!(
        target.key_source.as_deref(),
        Some("HUAWEICLOUD_SDK_AK / HUAWEICLOUD_SDK_SK")
    );
    let otc = single(
        &[
            "--cloud",
            "otc",
            "--region",
            "eu-de",
            "--project-id",
            "auto",
        ],
        &KEYS,
    )
    .unwrap()
    .unwrap();
    assert_eq!(
        otc.iam_endpoint.as_deref(),
        Some("https://iam.eu-de.otc.t-systems.com")
    );
    let upstream = [
        "--upstream",
        "https://vbs.example.com",
        "--project-id",
        "auto",
    ];
    let err = single(&upstream, &KEYS).unwrap_err();
    assert!(err.contains("give --region"), "{err}");
    let err = single(&[&upstream[..], &["--region", "eu-de"]].concat(), &KEYS).unwrap_err();
    assert!(err.contains("--iam-endpoint"), "{err}");
    let given = single(
        &[
            &upstream[..],
            &["--region", "eu-de", "--iam-endpoint", "http://localhost:9"],
        ]
        .concat(),
        &KEYS,
    )
    .unwrap()
    .unwrap();
    assert_eq!(given.iam_endpoint.as_deref(), Some("http://localhost:9"));
    assert_eq!(given.name, "eu-de");
    assert!(given.cloud.is_none());
}

#[test]
fn config_with_single_target_flags_is_refused() {
    for flag in [
        ["--upstream", "https://vbs.example.com"],
        ["--cloud", "huawei"],
        ["--region", "cn-north-4"],
        ["--project-id", "p"],
        ["--iam-endpoint", "https://iam.example.com"],
    ] {
        let err = Config::from_args(["--config", "targets.toml", flag[0], flag[1]]).unwrap_err();
        assert!(err.to_string().contains("--config"), "{flag:?}: {err}");
    }
}

#[test]
fn endpoints_are_https_or_loopback_http_origins() {
    for (given, expected) in [
        ("https://vbs.example.com", "https://vbs.example.com"),
        (
            "https://vbs.example.com:8443/",
            "https://vbs.example.com:8443",
        ),
        ("http://127.0.0.1:9", "http://127.0.0.1:9"),
        ("http://127.5.6.7:9", "http://127.5.6.7:9"),
        ("http://[::1]:9", "http://[::1]:9"),
        ("http://LOCALHOST:9", "http://localhost:9"),
    ] {
        assert_eq!(check_endpoint(given).unwrap(), expected);
    }
    for (given, says) in [
        ("http://vbs.example.com", "loopback address only"),
        ("http://10.0.0.1:8080", "loopback address only"),
        ("http://localhost.evil.com", "loopback address only"),
        ("https://vbs.example.com/v2", "origin only"),
        ("https://vbs.example.com?x=1", "origin only"),
        ("ftp://vbs.example.com", "https:// URL"),
        ("vbs.example.com", "not a URL"),
    ] {
        let err = check_endpoint(given).unwrap_err();
        assert!(err.contains(says), "{given}: {err}");
    }
    let err = check_endpoint("https://user:planted-password@vbs.example.com").unwrap_err();
    assert!(!err.contains("planted"), "{err}");
}

const GOOD: &str = r#"# two accounts
[[target]]
name = "prod-cn4"
cloud = "huawei"
region = "cn-north-4"
project_id = "auto"
access_key_env = "PROD_AK"
secret_key_env = "PROD_SK"
security_token_env = "PROD_ST"

[[target]]
name = "lab"
endpoint = "http://127.0.0.1:18301"
project_id = "0605767e9a80d5f52f8cc00f94d4e2fb"
"#;

const PROD_KEYS: [(&str, &str); 3] = [
    ("PROD_AK", "AKPROD"),
    ("PROD_SK", "planted-prod-sk"),
    ("PROD_ST", "planted-prod-st"),
];

#[test]
fn a_targets_file_gives_its_targets_in_order() {
    let targets = parse("targets.toml", GOOD, &env(&PROD_KEYS)).unwrap();
    assert_eq!(targets.len(), 2);
    let prod = &targets[0];
    assert_eq!(prod.name, "prod-cn4");
    assert_eq!(prod.upstream, "https://vbs.cn-north-4.myhuaweicloud.com");
    assert_eq!(prod.project, ProjectChoice::Auto);
    assert_eq!(
        prod.iam_endpoint.as_deref(),
        Some("https://iam.myhuaweicloud.com")
    );
    let signer = prod.signer.as_ref().unwrap();
    assert_eq!(signer.access_key(), "AKPROD");
    assert_eq!(signer.secrets(), ["planted-prod-sk", "planted-prod-st"]);
    assert_eq!(prod.key_source.as_deref(), Some("PROD_AK / PROD_SK"));
    assert_eq!(prod.origin, "targets.toml:6: target prod-cn4");
    let lab = &targets[1];
    assert_eq!(lab.upstream, "http://127.0.0.1:18301");
    assert!(lab.cloud.is_none() && lab.region.is_none() && lab.signer.is_none());
    assert_eq!(
        lab.project,
        ProjectChoice::Id("0605767e9a80d5f52f8cc00f94d4e2fb".into())
    );
    let infos: Vec<_> = targets
        .into_iter()
        .map(|target| {
            let served = ServedTarget {
                project_id: "p".into(),
                target,
            };
            info(&served, format!("/t/{}", served.target.name))
        })
        .collect();
    assert_eq!(infos[0].cloud, "huawei");
    assert_eq!(infos[0].region, "cn-north-4");
    assert!(infos[0].server_auth && !infos[1].server_auth);
    assert_eq!(infos[1].endpoint, "/t/lab");
    assert_eq!(infos[1].cloud, "");
}

/// The error `text` gives (the variables of [`PROD_KEYS`] set).
fn error_of(text: &str) -> String {
    let err = parse("t.toml", text, &env(&PROD_KEYS)).unwrap_err();
    assert!(!err.contains("planted"), "a value leaked: {err}");
    err
}

const LAB: &str = "endpoint = \"http://127.0.0.1:9\"\nproject_id = \"p1\"\n";

#[test]
fn each_mistake_is_named_with_its_line() {
    let cases: &[(String, &str, &str)] = &[
        (
            format!("[[target]]\nname = \"Prod_1\"\n{LAB}"),
            "t.toml:2:",
            "[a-z0-9-]",
        ),
        (
            format!("[[target]]\nname = \"a\"\n{LAB}\n[[target]]\nname = \"a\"\n{LAB}"),
            "t.toml:7:",
            "\"a\" is already used at line 2",
        ),
        (
            format!("[[target]]\nname = \"a\"\n{LAB}regoin = \"eu-de\"\n"),
            "t.toml:5:",
            "unknown field `regoin`",
        ),
        (
            format!("[[target]]\nname = \"a\"\n{LAB}access_key_env = \"PROD_AK\"\nsecret_key_env = \"NOT_SET_ANYWHERE\"\n"),
            "t.toml:6:",
            "NOT_SET_ANYWHERE is not set",
        ),
        (
            "[[target]]\nname = \"a\"\nendpoint = \"http://vbs.example.com\"\nproject_id = \"p\"\n".into(),
            "t.toml:3:",
            "loopback address only",
        ),
        (
            "[[target]]\nname = \"a\"\nendpoint = \"http://127.0.0.1:9\"\nregion = \"a/b\"\nproject_id = \"p\"\n".into(),
            "t.toml:4:",
            "not a region name",
        ),
        (
            format!("[[target]]\nname = \"a\"\ncloud = \"huawei\"\nregion = \"cn-north-4\"\n{LAB}"),
            "t.toml:5:",
            "either cloud + region or endpoint, not both",
        ),
        (
            "[[target]]\nname = \"a\"\nproject_id = \"p\n".into(),
            "t.toml:3:",
            "",
        ),
        (
            "[[target]\nname = \"a\"\n".into(),
            "t.toml:1:",
            "",
        ),
        (
            "[[target]]\nname = \"a\"\ncloud = \"aws\"\nregion = \"eu-de\"\nproject_id = \"p\"\n".into(),
            "t.toml:3:",
            "known clouds are huawei, otc, flexibleengine",
        ),
        (
            "[[target]]\nname = \"a\"\ncloud = \"otc\"\nregion = \"eu-de.evil.com\"\nproject_id = \"p\"\n".into(),
            "t.toml:4:",
            "otc's known regions are eu-de, eu-nl",
        ),
        (
            "[[target]]\nname = \"a\"\nendpoint = \"http://127.0.0.1:9\"\n".into(),
            "t.toml:1:",
            "project_id is required",
        ),
        (
            "[[target]]\nname = \"a\"\ncloud = \"otc\"\nregion = \"eu-de\"\nproject_id = \"auto\"\n".into(),
            "t.toml:5:",
            "needs the keys",
        ),
        (
            "[[target]]\nname = \"a\"\nendpoint = \"http://127.0.0.1:9\"\nregion = \"eu-de\"\nproject_id = \"auto\"\naccess_key_env = \"PROD_AK\"\nsecret_key_env = \"PROD_SK\"\n".into(),
            "t.toml:5:",
            "needs iam_endpoint",
        ),
        (
            format!("[[target]]\nname = \"a\"\n{LAB}access_key_env = \"PROD_AK\"\n"),
            "t.toml:5:",
            "access_key_env and secret_key_env together",
        ),
        (
            format!("[[target]]\nname = \"a\"\n{LAB}secret_key_env = \"planted-Secret-Key-value\"\naccess_key_env = \"PROD_AK\"\n"),
            "t.toml:5:",
            "never the key itself",
        ),
        (
            format!("[[targets]]\nname = \"a\"\n{LAB}"),
            "t.toml:1:",
            "unknown field `targets`",
        ),
        ("# nothing yet\n".into(), "t.toml:", "no [[target]]"),
    ];
    for (text, place, says) in cases {
        let err = error_of(text);
        assert!(err.starts_with(place), "{text}\n=> {err}");
        assert!(err.contains(says), "{text}\n=> {err}");
    }
}

#[test]
fn every_mistake_of_a_file_is_reported_at_once() {
    let text = "[[target]]\nname = \"A\"\nendpoint = \"http://example.com\"\nproject_id = \"p\"\n\
                \n[[target]]\nname = \"b\"\ncloud = \"huawei\"\nproject_id = \"p\"\n";
    let err = error_of(text);
    let lines: Vec<_> = err.lines().collect();
    assert_eq!(lines.len(), 3, "{err}");
    assert!(lines[0].starts_with("t.toml:2:"), "{err}");
    assert!(lines[1].starts_with("t.toml:3:"), "{err}");
    assert!(lines[2].starts_with("t.toml:8:") && lines[2].contains("needs a region"));
}

#[test]
fn names_and_variable_names_have_their_forms() {
    for good in ["prod-cn4", "a", "0", &"x".repeat(63)] {
        assert!(is_target_name(good), "{good}");
    }
    for bad in ["", "Prod", "a_b", "a.b", "a/b", "é", &"x".repeat(64)] {
        assert!(!is_target_name(bad), "{bad}");
    }
    for good in ["PROD_AK", "_X", "HUAWEICLOUD_SDK_AK", "A1"] {
        assert!(is_variable_name(good), "{good}");
    }
    for bad in ["", "1A", "prod_ak", "PROD-AK", "AK SK", "aBcD1234efGH"] {
        assert!(!is_variable_name(bad), "{bad}");
    }
}

#[test]
fn cbr_comes_from_the_cloud_table_or_cbr_upstream_and_not_from_upstream_alone() {
    let cbr = |args: &[&str]| single(args, &[]).unwrap().unwrap().served;
    let huawei = cbr(&["--cloud", "huawei", "--region", "cn-north-4"]);
    assert!(huawei.vbs);
    assert_eq!(
        huawei.cbr_upstream.as_deref(),
        Some("https://cbr.cn-north-4.myhuaweicloud.com")
    );
    assert_eq!(
        cbr(&["--cloud", "otc", "--region", "eu-de"])
            .cbr_upstream
            .as_deref(),
        Some("https://cbr.eu-de.otc.t-systems.com")
    );
    assert_eq!(
        cbr(&["--cloud", "flexibleengine", "--region", "eu-west-0"])
            .cbr_upstream
            .as_deref(),
        Some("https://cbr.eu-west-0.prod-cloud-ocb.orange-business.com")
    );
    // --upstream overrides VBS's endpoint only: CBR's is then not guessed.
    assert_eq!(
        cbr(&["--upstream", "http://127.0.0.1:9"]).cbr_upstream,
        None
    );
    assert_eq!(
        cbr(&[
            "--cloud",
            "huawei",
            "--region",
            "cn-north-4",
            "--upstream",
            "http://127.0.0.1:9"
        ])
        .cbr_upstream,
        None
    );
    assert_eq!(
        cbr(&[
            "--upstream",
            "http://127.0.0.1:9",
            "--cbr-upstream",
            "http://127.0.0.1:10/"
        ])
        .cbr_upstream
        .as_deref(),
        Some("http://127.0.0.1:10")
    );
    let err = single(
        &[
            "--upstream",
            "http://127.0.0.1:9",
            "--cbr-upstream",
            "http://cbr.example.com",
        ],
        &[],
    )
    .unwrap_err();
    assert!(err.starts_with("--cbr-upstream"), "{err}");
}

#[test]
fn a_targets_services_and_cbr_endpoint() {
    let one = |entry: &str| {
        parse(
            "t.toml",
            &format!("[[target]]\nname = \"a\"\n{entry}"),
            &env(&[]),
        )
        .map(|mut targets| targets.remove(0).served)
    };
    let cloud = "cloud = \"huawei\"\nregion = \"cn-north-4\"\nproject_id = \"p\"\n";
    let both = one(cloud).unwrap();
    assert!(both.vbs);
    assert_eq!(
        both.cbr_upstream.as_deref(),
        Some("https://cbr.cn-north-4.myhuaweicloud.com")
    );
    let vbs_only = one(&format!("{cloud}services = [\"vbs\"]\n")).unwrap();
    assert!(vbs_only.vbs && vbs_only.cbr_upstream.is_none());
    let cbr_only = one(&format!("{cloud}services = [\"cbr\"]\n")).unwrap();
    assert!(!cbr_only.vbs && cbr_only.cbr_upstream.is_some());
    // An endpoint target serves CBR where cbr_endpoint says, else VBS only by default…
    assert_eq!(one(LAB).unwrap().cbr_upstream, None);
    let lab_cbr = one(&format!("{LAB}cbr_endpoint = \"http://127.0.0.1:10\"\n")).unwrap();
    assert_eq!(lab_cbr.cbr_upstream.as_deref(), Some("http://127.0.0.1:10"));
    // …and naming cbr without saying where is a mistake, as is an unknown service.
    let err = one(&format!("{LAB}services = [\"vbs\", \"cbr\"]\n")).unwrap_err();
    assert!(
        err.contains("t.toml:5:") && err.contains("cbr_endpoint"),
        "{err}"
    );
    let err = one(&format!("{cloud}services = [\"ecs\"]\n")).unwrap_err();
    assert!(err.contains("\"ecs\" is not a service"), "{err}");
    let err = one(&format!("{cloud}services = []\n")).unwrap_err();
    assert!(err.contains("services"), "{err}");
    let err = one(&format!("{LAB}cbr_endpoint = \"http://cbr.example.com\"\n")).unwrap_err();
    assert!(err.contains("cbr_endpoint"), "{err}");
}
