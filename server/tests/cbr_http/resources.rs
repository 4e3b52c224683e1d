//! One log by ID, the policies and vaults with the fields of section 8, the paths and methods
//! refused under /v3, and faults scripted on CBR's routes.
//! Run: `cargo test -p vbs-server --test cbr_http` (one binary, declared in `cbr_http.rs`).

use vbs_tasks::core::cbr::{CbrPolicyList, OperationLog, VaultList};
use vbs_tasks::Timestamp;

use super::*;

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
