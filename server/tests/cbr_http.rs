//! CBR on the emulator over HTTP: every section 10 choice of the CBR contract, every answer read
//! by the core's decoder; and the proxy forwarding and signing CBR's GETs, and nothing else.

mod common;

use std::collections::HashSet;

use common::*;
use serde_json::Value;
use time::OffsetDateTime;
use vbs_tasks::core::cbr::{
    CbrPolicyList, OpLogPage, OpLogStatus, OperationLog, OperationType, VaultList,
};
use vbs_tasks::core::sign::SigningRequest;
use vbs_tasks::{Signer, Timestamp};

const TOKEN: &str = "emulator-token";

fn logs_url(base: &str, query: &str) -> String {
    format!("{base}/v3/{PROJECT}/operation-logs?{query}")
}

/// A GET with the emulator's token: status and raw body.
async fn get_cbr(url: &str) -> (u16, Vec<u8>) {
    let response = client()
        .get(url)
        .header("X-Auth-Token", TOKEN)
        .send()
        .await
        .expect("answer");
    let status = response.status().as_u16();
    (status, response.bytes().await.unwrap().to_vec())
}

/// A page, decoded by the core.
async fn logs(base: &str, query: &str) -> OpLogPage {
    let (status, body) = get_cbr(&logs_url(base, query)).await;
    assert_eq!(status, 200, "{query}: {}", String::from_utf8_lossy(&body));
    OpLogPage::from_json(&body).expect("the core decodes the emulator's page")
}

async fn json(url: &str) -> (u16, Value) {
    let (status, body) = get_cbr(url).await;
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

/// Asserts CBR's own error shape (`error_code`, `error_msg`), also as the core reads it.
fn assert_cbr_error(status: u16, body: &[u8], expected_status: u16, code: &str) {
    let value: Value = serde_json::from_slice(body).unwrap();
    assert_eq!(status, expected_status, "{value}");
    assert_eq!(value["error_code"], code, "{value}");
    assert!(value["error_msg"].as_str().is_some_and(|m| !m.is_empty()));
    let read = vbs_tasks::Error::from_response(status, body);
    assert_eq!(read.code(), Some(code));
}

async fn vaults(base: &str, query: &str) -> Value {
    let (status, body) = json(&format!("{base}/v3/{PROJECT}/vaults?{query}")).await;
    assert_eq!(status, 200, "{body}");
    body
}

/// The vault with the most logs: the one of the biggest VBS policy.
async fn biggest_vault(base: &str) -> String {
    let all = vaults(base, "").await;
    all["vaults"][0]["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn paging_by_offset_echoes_limit_and_offset_and_past_the_end_is_empty_with_the_count() {
    let server = server(&[]).await;
    let base = server.url();
    let first = logs(&base, "limit=5").await;
    assert_eq!(first.operation_logs.len(), 5);
    assert_eq!((first.limit, first.offset), (Some(5), Some(0)));
    assert!(first.count > 10_000, "count is the total (§10 Q1)");
    let second = logs(&base, "limit=5&offset=5").await;
    assert_eq!(second.offset, Some(5));
    assert_eq!(second.count, first.count);
    let ids: HashSet<_> = first
        .operation_logs
        .iter()
        .chain(&second.operation_logs)
        .map(|l| &l.id)
        .collect();
    assert_eq!(ids.len(), 10);
    // Default limit 1000 (§10 Q3).
    let default = logs(&base, "").await;
    assert_eq!(
        (default.limit, default.operation_logs.len()),
        (Some(1000), 1000)
    );
    // Offset at and past the end (§10 Q4).
    for offset in [first.count, first.count + 1, 2_147_483_647] {
        let past = logs(&base, &format!("offset={offset}")).await;
        assert!(past.operation_logs.is_empty(), "{offset}");
        assert_eq!(past.count, first.count);
        assert_eq!(past.offset, Some(offset as u32));
    }
    let last = logs(&base, &format!("offset={}", first.count - 1)).await;
    assert_eq!(last.operation_logs.len(), 1);
}

#[tokio::test]
async fn a_full_walk_of_the_biggest_vault_by_offset_gives_every_log_exactly_once() {
    let server = server(&[]).await;
    let base = server.url();
    let vault = biggest_vault(&base).await;
    let mut seen = HashSet::new();
    let mut offset = 0;
    let mut count = None;
    let mut previous: Option<OperationLog> = None;
    loop {
        let page = logs(
            &base,
            &format!("vault_id={vault}&limit=1000&offset={offset}"),
        )
        .await;
        assert_eq!(*count.get_or_insert(page.count), page.count, "count stays");
        if page.operation_logs.is_empty() {
            break;
        }
        for log in &page.operation_logs {
            assert_eq!(log.vault_id.as_deref(), Some(vault.as_str()));
            assert_eq!(log.project_id, PROJECT);
            assert!(seen.insert(log.id.clone()), "{} twice", log.id);
            // §10 Q2 across pages: created_at descending, ties by id ascending.
            if let Some(prev) = &previous {
                assert!(
                    prev.created_at > log.created_at
                        || (prev.created_at == log.created_at && prev.id < log.id)
                );
            }
            previous = Some(log.clone());
        }
        offset += page.operation_logs.len();
    }
    assert_eq!(seen.len() as u64, count.unwrap());
    assert!(
        seen.len() > 10_000,
        "the vault holds the big policy's backups"
    );
}

#[tokio::test]
async fn the_time_window_is_inclusive_on_started_at_and_checked() {
    let server = server(&[]).await;
    let base = server.url();
    let deleted = logs(&base, "operation_type=vault_delete").await;
    assert_eq!(deleted.count, 1);
    let log = &deleted.operation_logs[0];
    let started = log.started_at.unwrap();
    let second = started.to_filter_time();
    assert_eq!(
        Timestamp::parse_filter_time(&second),
        Some(started),
        "started on a whole second"
    );
    let window = |start: &str, end: &str| {
        format!("operation_type=vault_delete&start_time={start}&end_time={end}")
    };
    let before = Timestamp::from(started.as_offset_date_time() - time::Duration::seconds(1))
        .to_filter_time();
    let after = Timestamp::from(started.as_offset_date_time() + time::Duration::seconds(1))
        .to_filter_time();
    // Both edges are inclusive.
    assert_eq!(logs(&base, &window(&second, &second)).await.count, 1);
    assert_eq!(logs(&base, &window(&before, &second)).await.count, 1);
    assert_eq!(logs(&base, &window(&second, &after)).await.count, 1);
    // A second either side excludes it.
    assert_eq!(logs(&base, &window(&after, &after)).await.count, 0);
    assert_eq!(logs(&base, &window(&before, &before)).await.count, 0);
    // Each bound alone.
    assert_eq!(
        logs(
            &base,
            &format!("operation_type=vault_delete&start_time={second}")
        )
        .await
        .count,
        1
    );
    assert_eq!(
        logs(
            &base,
            &format!("operation_type=vault_delete&end_time={before}")
        )
        .await
        .count,
        0
    );
    // The window is on started_at for every log it returns.
    let (from, to) = ("2026-11-10T00:00:00Z", "2026-11-12T00:00:00Z");
    let page = logs(&base, &format!("start_time={from}&end_time={to}")).await;
    assert!(page.count > 0);
    let (from, to) = (
        Timestamp::parse_filter_time(from).unwrap(),
        Timestamp::parse_filter_time(to).unwrap(),
    );
    assert!(page
        .operation_logs
        .iter()
        .all(|l| (from..=to).contains(&l.started_at.unwrap())));
    // start after end, and any other time form, are refused (§10 Q6, Q7).
    for bad in [
        window(&after, &before),
        "start_time=2026-11-10T00:00:00".into(),
        "start_time=2026-11-10T00:00:00.000Z".into(),
        "end_time=2026-11-10 00:00:00Z".into(),
        "end_time=2026-13-10T00:00:00Z".into(),
        "start_time=".into(),
    ] {
        let (status, body) = get_cbr(&logs_url(&base, &bad)).await;
        assert_cbr_error(status, &body, 400, "BackupService.9900");
    }
}

#[tokio::test]
async fn invalid_parameters_are_400_backupservice_9900_and_unknown_ones_ignored() {
    let server = server(&[]).await;
    let base = server.url();
    for bad in [
        "status=finished",
        "status=SUCCESS",
        "operation_type=snapshot",
        "limit=0",
        "limit=1001",
        "limit=-1",
        "limit=",
        "limit=ten",
        "offset=-1",
        "offset=",
        "offset=1.5",
        "status=success&status=failed",
        "vault_id=a&vault_id=b",
    ] {
        let (status, body) = get_cbr(&logs_url(&base, bad)).await;
        assert_cbr_error(status, &body, 400, "BackupService.9900");
    }
    // migrate_resources is accepted (§10 Q8), and so is an unknown parameter name.
    assert_eq!(
        logs(&base, "operation_type=migrate_resources").await.count,
        0
    );
    let plain = logs(&base, "limit=3").await;
    assert_eq!(logs(&base, "limit=3&colour=blue").await, plain);
}

#[tokio::test]
async fn every_filter_keeps_exactly_the_matching_logs() {
    let server = server(&[]).await;
    let base = server.url();
    let all = logs(&base, "").await.count;
    for status in OpLogStatus::KNOWN {
        let page = logs(&base, &format!("status={status}")).await;
        assert!(
            page.operation_logs.iter().all(|l| l.status == *status),
            "{status}"
        );
    }
    let statuses: u64 = futures_sum(
        &base,
        OpLogStatus::KNOWN.iter().map(|s| format!("status={s}")),
    )
    .await;
    assert_eq!(statuses, all, "the statuses partition the logs");
    let kinds: u64 = futures_sum(
        &base,
        OperationType::KNOWN
            .iter()
            .map(|k| format!("operation_type={k}")),
    )
    .await;
    assert_eq!(kinds, all, "the operation types partition the logs");
    for kind in ["restore", "replication", "delete", "backup"] {
        let page = logs(&base, &format!("operation_type={kind}")).await;
        assert!(
            page.count > 0
                && page.operation_logs.iter().all(|l| l
                    .operation_type
                    .as_ref()
                    .is_some_and(|t| t.as_str() == kind))
        );
    }
    // Resource, vault and provider filters are exact (§10 Q9).
    let restore = logs(&base, "operation_type=restore&limit=1")
        .await
        .operation_logs
        .remove(0);
    let resource = restore.resource().unwrap().clone();
    let by_id = logs(&base, &format!("resource_id={}", resource.id)).await;
    assert!(
        by_id.count > 1
            && by_id
                .operation_logs
                .iter()
                .all(|l| l.resource().unwrap().id == resource.id)
    );
    let name = resource.name.clone().unwrap();
    let by_name = logs(&base, &format!("resource_name={}", encode(&name))).await;
    assert_eq!(by_name.count, by_id.count);
    assert_eq!(
        logs(
            &base,
            &format!("resource_name={}", encode(&name[..name.len() - 1]))
        )
        .await
        .count,
        0
    );
    let vault_name = restore.vault_name.clone().unwrap();
    let by_vault_name = logs(&base, &format!("vault_name={}", encode(&vault_name))).await;
    let by_vault_id = logs(
        &base,
        &format!("vault_id={}", restore.vault_id.clone().unwrap()),
    )
    .await;
    assert_eq!(by_vault_name.count, by_vault_id.count);
    assert_eq!(
        logs(&base, "provider_id=d1603440-187d-4516-af25-121250c7cc97")
            .await
            .count,
        all
    );
    assert_eq!(
        logs(&base, "provider_id=0daac4c5-6707-4851-97ba-169e36266b66")
            .await
            .count,
        0
    );
    // Enterprise projects (§10 Q10): all_granted_eps is no filter; "0" is the default project.
    assert_eq!(
        logs(&base, "enterprise_project_id=all_granted_eps")
            .await
            .count,
        all
    );
    let default_ep = logs(&base, "enterprise_project_id=0").await.count;
    assert!(default_ep > 0 && default_ep < all);
    // Filters combine with AND.
    let both = logs(
        &base,
        &format!(
            "operation_type=restore&vault_id={}",
            restore.vault_id.clone().unwrap()
        ),
    )
    .await;
    assert!(both.count >= 1 && both.count < by_vault_id.count);
}

async fn futures_sum(base: &str, queries: impl Iterator<Item = String>) -> u64 {
    let mut sum = 0;
    for query in queries {
        sum += logs(base, &query).await.count;
    }
    sum
}

fn encode(text: &str) -> String {
    vbs_tasks::core::query::encode_component(text)
}

#[tokio::test]
async fn an_unknown_vault_or_project_is_an_empty_list_never_a_404() {
    let server = server(&[]).await;
    let base = server.url();
    let page = logs(&base, "vault_id=00000000-0000-4000-8000-000000000000").await;
    assert_eq!((page.count, page.operation_logs.len()), (0, 0));
    let (status, body) = get_cbr(&format!(
        "{base}/v3/0123456789abcdef0123456789abcdef/operation-logs"
    ))
    .await;
    assert_eq!(status, 200);
    assert_eq!(OpLogPage::from_json(&body).unwrap().count, 0);
}

#[tokio::test]
async fn credentials_missing_or_wrong_are_401_apigw_0301_and_a_signature_is_accepted() {
    // The open demo answers a page without credentials, as on its VBS routes; a wrong token is
    // still refused.
    let open = server(&[]).await;
    let (status, _) = get(&logs_url(&open.url(), "limit=1")).await;
    assert_eq!(status, 200, "the demo emulator needs no token");
    let response = client()
        .get(logs_url(&open.url(), "limit=1"))
        .header("X-Auth-Token", "wrong-token")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 401);

    let server = server(&["--require-auth"]).await;
    let base = server.url();
    let url = logs_url(&base, "limit=1");
    let (status, body) = get(&url).await;
    assert_gateway_error(status, &body, 401, "APIGW.0301");
    assert!(body["error_msg"]
        .as_str()
        .unwrap()
        .contains("x-auth-token not found"));
    for token in ["", "wrong-token"] {
        let response = client()
            .get(&url)
            .header("X-Auth-Token", token)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 401, "{token:?}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error_code"], "APIGW.0301");
    }
    // Every CBR route asks, and every answer is named by an X-Request-Id.
    for path in ["operation-logs/x", "policies", "vaults"] {
        let (status, body) = get(&format!("{base}/v3/{PROJECT}/{path}")).await;
        assert_gateway_error(status, &body, 401, "APIGW.0301");
    }
    let signer = Signer::new("EMULATORAK0000000001", "emulator-secret-key");
    let signed = signed(
        &base,
        &format!("/v3/{PROJECT}/operation-logs?limit=2&status=success"),
        &signer,
    )
    .await;
    assert_eq!(signed.status().as_u16(), 200);
    assert_eq!(signed.headers()["x-request-id"].len(), 32);
    let page = OpLogPage::from_json(&signed.bytes().await.unwrap()).unwrap();
    assert_eq!(page.operation_logs.len(), 2);
    let forged = signed_with(
        &base,
        &format!("/v3/{PROJECT}/vaults"),
        &Signer::new("EMULATORAK0000000001", "wrong"),
    )
    .await;
    assert_eq!(forged.status().as_u16(), 401);
}

async fn signed(base: &str, path_and_query: &str, signer: &Signer) -> reqwest::Response {
    signed_with(base, path_and_query, signer).await
}

async fn signed_with(base: &str, path_and_query: &str, signer: &Signer) -> reqwest::Response {
    let url = reqwest::Url::parse(&format!("{base}{path_and_query}")).unwrap();
    let host = format!("{}:{}", url.host_str().unwrap(), url.port().unwrap());
    let request = SigningRequest {
        method: "GET",
        path: url.path(),
        query: url.query_pairs().into_owned().collect(),
        headers: vec![("host".into(), host)],
        body: b"",
    };
    let mut builder = client().get(url.clone());
    for (name, value) in signer.sign(&request, OffsetDateTime::now_utc()) {
        builder = builder.header(name, value);
    }
    builder.send().await.unwrap()
}

#[tokio::test]
async fn one_log_by_id_and_its_404() {
    let server = server(&[]).await;
    let base = server.url();
    for query in [
        "operation_type=replication&limit=1",
        "status=running&limit=1",
        "status=failed&limit=1",
    ] {
        let listed = logs(&base, query).await.operation_logs.remove(0);
        let (status, body) =
            get_cbr(&format!("{base}/v3/{PROJECT}/operation-logs/{}", listed.id)).await;
        assert_eq!(status, 200);
        assert_eq!(OperationLog::from_json(&body).unwrap(), listed, "{query}");
    }
    let (status, body) = get_cbr(&format!(
        "{base}/v3/{PROJECT}/operation-logs/00000000-0000-4000-8000-000000000000"
    ))
    .await;
    assert_cbr_error(status, &body, 404, "BackupService.6500");
    // An ID whose decoding holds a `/` is no path of the API (as `CbrPath` reads paths).
    let (status, body) = get(&format!("{base}/v3/{PROJECT}/operation-logs/a%2Fb")).await;
    assert_gateway_error(status, &body, 404, "APIGW.0101");
    let some = logs(&base, "limit=1").await.operation_logs.remove(0);
    let (status, body) = get_cbr(&format!(
        "{base}/v3/0123456789abcdef0123456789abcdef/operation-logs/{}",
        some.id
    ))
    .await;
    assert_cbr_error(status, &body, 404, "BackupService.6500");
}

#[tokio::test]
async fn policies_and_vaults_carry_the_fields_of_section_8_and_bind_together() {
    let server = server(&[]).await;
    let base = server.url();
    let (status, policies) = json(&format!("{base}/v3/{PROJECT}/policies")).await;
    assert_eq!(status, 200);
    let list = policies["policies"].as_array().unwrap();
    assert_eq!(policies["count"], list.len());
    assert_eq!(list.len(), 7, "one per VBS policy and a replication policy");
    for policy in list {
        for field in [
            "id",
            "name",
            "operation_type",
            "enabled",
            "associated_vaults",
            "trigger",
            "operation_definition",
            "policy_type",
        ] {
            assert!(
                policy.get(field).is_some_and(|v| !v.is_null()),
                "{field}: {policy}"
            );
        }
        assert_eq!(policy["trigger"]["type"], "time");
        assert!(policy["trigger"]["properties"]["pattern"][0]
            .as_str()
            .unwrap()
            .starts_with("FREQ="));
    }
    let all_vaults = vaults(&base, "").await;
    let vault_list = all_vaults["vaults"].as_array().unwrap();
    assert_eq!(
        (
            all_vaults["count"].as_u64(),
            all_vaults["limit"].as_u64(),
            all_vaults["offset"].as_u64()
        ),
        (Some(6), Some(1000), Some(0))
    );
    for vault in vault_list {
        for field in [
            "id",
            "name",
            "project_id",
            "provider_id",
            "billing",
            "resources",
            "enterprise_project_id",
            "created_at",
        ] {
            assert!(
                vault.get(field).is_some_and(|v| !v.is_null()),
                "{field}: {vault}"
            );
        }
        assert_eq!(vault["project_id"], PROJECT);
        assert!(Timestamp::parse(vault["created_at"].as_str().unwrap()).is_ok());
        for field in ["object_type", "protect_type", "status", "size"] {
            assert!(vault["billing"].get(field).is_some(), "{field}");
        }
    }
    // The clients' decoders read what the emulator writes, member for member.
    let decoded = VaultList::from_json(all_vaults.to_string().as_bytes()).unwrap();
    assert_eq!(decoded.vaults.len(), vault_list.len());
    for (vault, raw) in decoded.vaults.iter().zip(vault_list) {
        assert_eq!(vault.id, raw["id"].as_str().unwrap());
        assert_eq!(
            vault.resources.len(),
            raw["resources"].as_array().unwrap().len()
        );
        let billing = vault.billing.as_ref().unwrap();
        assert_eq!(billing.size, raw["billing"]["size"].as_u64());
    }
    let decoded = CbrPolicyList::from_json(policies.to_string().as_bytes()).unwrap();
    assert_eq!(decoded.count as usize, list.len());
    for (policy, raw) in decoded.policies.iter().zip(list) {
        assert_eq!(policy.enabled, raw["enabled"].as_bool().unwrap());
        assert_eq!(
            policy.associated_vaults.len(),
            raw["associated_vaults"].as_array().unwrap().len()
        );
    }
    // §8: a backup policy's vaults, both ways, and its tasks carry its ID.
    let backup_policy = &list[0];
    let vault_id = backup_policy["associated_vaults"][0]["vault_id"]
        .as_str()
        .unwrap();
    let by_policy = vaults(
        &base,
        &format!("policy_id={}", backup_policy["id"].as_str().unwrap()),
    )
    .await;
    assert_eq!(by_policy["vaults"][0]["id"], vault_id);
    assert_eq!(by_policy["count"], 1);
    let (_, reverse) = json(&format!("{base}/v3/{PROJECT}/policies?vault_id={vault_id}")).await;
    let names: Vec<_> = reverse["policies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["operation_type"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"backup") && names.contains(&"replication"),
        "{names:?}"
    );
    let (_, replication) = json(&format!(
        "{base}/v3/{PROJECT}/policies?operation_type=replication"
    ))
    .await;
    assert_eq!(replication["count"], 1);
    let policy_logs = logs(
        &base,
        &format!("vault_id={vault_id}&operation_type=backup&limit=50"),
    )
    .await;
    assert!(policy_logs
        .operation_logs
        .iter()
        .any(|l| l.policy_id.as_deref() == backup_policy["id"].as_str()));
    // Vault paging and refusals.
    let second = vaults(&base, "limit=2&offset=1").await;
    assert_eq!(second["vaults"].as_array().unwrap().len(), 2);
    assert_eq!(second["vaults"][0]["id"], vault_list[1]["id"]);
    assert_eq!(
        vaults(&base, "offset=6").await["vaults"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    for bad in [
        "vaults?limit=0",
        "vaults?offset=-1",
        "vaults?limit=1001",
        "policies?operation_type=delete",
        "policies?vault_id=a&vault_id=b",
    ] {
        let (status, body) = get_cbr(&format!("{base}/v3/{PROJECT}/{bad}")).await;
        assert_cbr_error(status, &body, 400, "BackupService.9900");
    }
    // Another project has none.
    let (_, other) = json(&format!(
        "{base}/v3/0123456789abcdef0123456789abcdef/vaults"
    ))
    .await;
    assert_eq!(other["count"], 0);
}

#[tokio::test]
async fn other_v3_paths_and_methods_are_refused_and_iam_still_answers() {
    let server = server(&[]).await;
    let base = server.url();
    for path in [
        format!("/v3/{PROJECT}/backups"),
        format!("/v3/{PROJECT}/operation-logs/a/b"),
        "/v3/".into(),
        "/v3".into(),
    ] {
        let (status, body) = get(&format!("{base}{path}")).await;
        assert_gateway_error(status, &body, 404, "APIGW.0101");
    }
    let response = client()
        .post(logs_url(&base, ""))
        .header("X-Auth-Token", TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 405);
    assert_eq!(response.headers()["allow"], "GET");
    let (status, projects) = get(&format!("{base}/v3/projects")).await;
    assert_eq!(status, 200, "{projects}");
    assert!(projects["projects"].is_array());
}

async fn add_faults(base: &str, plan: Value) {
    let response = client()
        .post(format!("{base}/__emulator/faults"))
        .json(&plan)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 204);
}

#[tokio::test]
async fn faults_on_cbr_routes_by_vault_and_by_the_cbr_key() {
    let server = server(&[]).await;
    let base = server.url();
    let vault = biggest_vault(&base).await;
    add_faults(
        &base,
        serde_json::json!({"policy_id": vault, "script": [
            {"status": 503, "retry_after": 2},
            {"drop": true},
            {"body": "<html>gateway</html>", "status": 502, "content_type": "text/html"},
        ]}),
    )
    .await;
    let url = logs_url(&base, &format!("vault_id={vault}&limit=3"));
    let response = client()
        .get(&url)
        .header("X-Auth-Token", TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 503);
    assert_eq!(response.headers()["retry-after"], "2");
    let body = response.bytes().await.unwrap();
    assert_cbr_error(503, &body, 503, "BackupService.9910");
    assert!(
        client()
            .get(&url)
            .header("X-Auth-Token", TOKEN)
            .send()
            .await
            .is_err(),
        "dropped"
    );
    let (status, body) = get_cbr(&url).await;
    assert_eq!(
        (status, body.as_slice()),
        (502, b"<html>gateway</html>".as_slice())
    );
    assert_eq!(
        logs(&base, &format!("vault_id={vault}&limit=3"))
            .await
            .operation_logs
            .len(),
        3,
        "then normal"
    );
    // Other requests are not the vault's.
    add_faults(
        &base,
        serde_json::json!({"policy_id": vault, "script": [{"status": 500}]}),
    )
    .await;
    assert_eq!(logs(&base, "limit=1").await.operation_logs.len(), 1);
    // The "cbr" key: one log, policies, vaults, an unfiltered list.
    add_faults(&base, serde_json::json!({"policy_id": "cbr", "script": [{"body": "{\"count\": -1}"}, {"status": 503}]})).await;
    let (status, body) = get_cbr(&logs_url(&base, "limit=1")).await;
    assert_eq!(status, 200);
    assert!(
        OpLogPage::from_json(&body).is_err(),
        "a hostile body reaches the client as it was scripted"
    );
    let (status, _) = get_cbr(&format!("{base}/v3/{PROJECT}/vaults")).await;
    assert_eq!(status, 503);
    // repeat_page: offset ignored for the vault, so a client's guard can be tested.
    client()
        .delete(format!("{base}/__emulator/faults"))
        .send()
        .await
        .unwrap();
    add_faults(
        &base,
        serde_json::json!({"policy_id": vault, "repeat_page": true}),
    )
    .await;
    let first = logs(&base, &format!("vault_id={vault}&limit=2")).await;
    let again = logs(&base, &format!("vault_id={vault}&limit=2&offset=2")).await;
    assert_eq!(first.operation_logs, again.operation_logs);
}

/// An upstream emulator and a proxy in front of it, signing with the emulator's keys.
async fn upstream_and_proxy(extra: &[&str]) -> (vbs_server::Running, vbs_server::Running) {
    std::env::set_var("HUAWEICLOUD_SDK_AK", "EMULATORAK0000000001");
    std::env::set_var("HUAWEICLOUD_SDK_SK", "emulator-secret-key");
    std::env::remove_var("HUAWEICLOUD_SDK_SECURITY_TOKEN");
    let upstream = server(&["--require-auth"]).await;
    let mut flags = vec!["--upstream".to_owned(), upstream.url()];
    flags.extend(
        extra
            .iter()
            .map(|f| f.replace("{upstream}", &upstream.url())),
    );
    let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
    let proxy = server(&flags).await;
    (upstream, proxy)
}

#[tokio::test]
async fn the_proxy_forwards_and_signs_the_four_cbr_gets_and_nothing_else() {
    let (upstream, proxy) = upstream_and_proxy(&["--cbr-upstream", "{upstream}"]).await;
    let (up, via) = (upstream.url(), proxy.url());
    // No token from the page: the upstream (which always asks on CBR) accepts only because the
    // proxy signs.
    let query = "vault_id=__VAULT__&status=success&limit=4&offset=2";
    let vault = {
        let (status, body) = get(&format!("{via}/v3/{PROJECT}/vaults")).await;
        assert_eq!(status, 200, "{body}");
        body["vaults"][0]["id"].as_str().unwrap().to_owned()
    };
    let query = query.replace("__VAULT__", &vault);
    let through = client().get(logs_url(&via, &query)).send().await.unwrap();
    assert_eq!(through.status().as_u16(), 200);
    let through = OpLogPage::from_json(&through.bytes().await.unwrap()).unwrap();
    assert_eq!(through, logs(&up, &query).await);
    assert_eq!(through.operation_logs.len(), 4);
    let id = &through.operation_logs[0].id;
    let (status, one) = get(&format!("{via}/v3/{PROJECT}/operation-logs/{id}")).await;
    assert_eq!(
        (status, one["operation_log"]["id"].as_str()),
        (200, Some(id.as_str()))
    );
    let (status, policies) = get(&format!(
        "{via}/v3/{PROJECT}/policies?operation_type=replication&colour=x"
    ))
    .await;
    assert_eq!((status, policies["count"].as_u64()), (200, Some(1)));
    // An awkward value survives encoding, signing and re-encoding.
    let odd = client()
        .get(logs_url(&via, "resource_name=a+b%26c%3Dd%2F%C3%A9"))
        .send()
        .await
        .unwrap();
    assert_eq!(odd.status().as_u16(), 200);
    // Refused without forwarding: another path, another method, an invalid query.
    for path in [
        format!("/v3/{PROJECT}/backups"),
        "/v3/projects".into(),
        format!("/v3/{PROJECT}/operation-logs/a/b"),
    ] {
        let (status, body) = get(&format!("{via}{path}")).await;
        assert_gateway_error(status, &body, 404, "APIGW.0101");
    }
    let post = client().post(logs_url(&via, "")).send().await.unwrap();
    assert_eq!(post.status().as_u16(), 405);
    let (status, body) = {
        let response = client()
            .get(logs_url(&via, "status=nope"))
            .send()
            .await
            .unwrap();
        (response.status().as_u16(), response.bytes().await.unwrap())
    };
    assert_cbr_error(status, &body, 400, "BackupService.9900");
    // VBS still goes through.
    assert!(!policies_of(&via).await.is_empty());
}

async fn policies_of(base: &str) -> Vec<vbs_tasks::Policy> {
    policies(base).await.backup_policies
}

#[tokio::test]
async fn a_proxy_without_a_cbr_endpoint_answers_no_cbr() {
    let (_upstream, proxy) = upstream_and_proxy(&[]).await;
    let (status, body) = get(&logs_url(&proxy.url(), "")).await;
    assert_gateway_error(status, &body, 404, "APIGW.0101");
}

#[tokio::test]
async fn named_targets_serve_cbr_under_their_prefix_as_their_services_say() {
    let upstream = server(&["--require-auth"]).await;
    std::env::set_var("CBR_TARGETS_AK", "EMULATORAK0000000001");
    std::env::set_var("CBR_TARGETS_SK", "emulator-secret-key");
    let keys = "access_key_env = \"CBR_TARGETS_AK\"\nsecret_key_env = \"CBR_TARGETS_SK\"\n";
    let up = upstream.url();
    let text = format!(
        "[[target]]\nname = \"both\"\nendpoint = \"{up}\"\ncbr_endpoint = \"{up}\"\nproject_id = \"{PROJECT}\"\n{keys}\n\
         [[target]]\nname = \"vbs-only\"\nendpoint = \"{up}\"\nproject_id = \"{PROJECT}\"\n{keys}\n\
         [[target]]\nname = \"cbr-only\"\nendpoint = \"{up}\"\ncbr_endpoint = \"{up}\"\nservices = [\"cbr\"]\nproject_id = \"{PROJECT}\"\n{keys}"
    );
    let path = std::env::temp_dir().join(format!("cbr-targets-{}.toml", std::process::id()));
    std::fs::write(&path, text).unwrap();
    let proxy = server(&["--config", path.to_str().unwrap()]).await;
    let base = proxy.url();
    let cbr_path = format!("/v3/{PROJECT}/operation-logs?limit=2&operation_type=restore");
    for name in ["both", "cbr-only"] {
        let response = client()
            .get(format!("{base}/t/{name}{cbr_path}"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 200, "{name}");
        let page = OpLogPage::from_json(&response.bytes().await.unwrap()).unwrap();
        assert_eq!(
            page,
            logs(&up, "limit=2&operation_type=restore").await,
            "{name}"
        );
    }
    let (status, body) = get(&format!("{base}/t/vbs-only{cbr_path}")).await;
    assert_gateway_error(status, &body, 404, "APIGW.0101");
    let (status, body) = get(&format!("{base}/t/cbr-only/v2/{PROJECT}/backuppolicy")).await;
    assert_gateway_error(status, &body, 404, "APIGW.0101");
    let (status, _) = get(&format!("{base}/t/vbs-only/v2/{PROJECT}/backuppolicy")).await;
    assert_eq!(status, 200);
    // At the root of a --config server, /v3/… answers for no target.
    let (status, _) = get(&format!("{base}{cbr_path}")).await;
    assert_eq!(status, 404);
    let _ = std::fs::remove_file(path);
}

#[tokio::test]
async fn cors_lets_a_configured_origin_call_cbr_and_read_the_request_id() {
    let server = server(&["--cors-origin", "http://viewer.test"]).await;
    let url = logs_url(&server.url(), "limit=1");
    let preflight = client()
        .request(reqwest::Method::OPTIONS, &url)
        .header("Origin", "http://viewer.test")
        .header("Access-Control-Request-Method", "GET")
        .header(
            "Access-Control-Request-Headers",
            "x-auth-token, x-sdk-date, authorization, x-project-id, x-security-token",
        )
        .send()
        .await
        .unwrap();
    assert!(preflight.status().is_success());
    assert_eq!(
        preflight.headers()["access-control-allow-origin"],
        "http://viewer.test"
    );
    let allowed = preflight.headers()["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    assert!(
        allowed.contains("x-auth-token") && allowed.contains("x-security-token"),
        "{allowed}"
    );
    let answer = client()
        .get(&url)
        .header("Origin", "http://viewer.test")
        .header("X-Auth-Token", TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 200);
    let exposed = answer.headers()["access-control-expose-headers"]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    assert!(exposed.contains("x-request-id"), "{exposed}");
}
