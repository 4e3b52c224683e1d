use super::*;
use crate::core::error::ErrorKind;

/// A vault list as the contract's sources write one (§8), with members this product skips.
const VAULTS: &str = r#"{"count": 3, "limit": 1000, "offset": 0, "vaults": [
  {"id": "v-1", "name": "vault-daily", "project_id": "p", "provider_id": "d1603440-187d-4516-af25-121250c7cc97",
   "billing": {"object_type": "disk", "protect_type": "backup", "status": "available", "size": 200,
               "allocated": 80, "used": 50, "cloud_type": "public", "consistent_level": "crash_consistent"},
   "resources": [{"id": "vol-1", "name": "data-1", "type": "OS::Cinder::Volume", "protect_status": "available",
                  "size": 40, "extra_info": {"exclude_volumes": []}}],
   "tags": [{"key": "k", "value": "v"}], "enterprise_project_id": "0",
   "created_at": "2020-02-05T10:38:34.209782", "auto_bind": false, "bind_rules": {}},
  {"id": "v-2", "name": "vault-bare", "project_id": null, "provider_id": null, "billing": null, "resources": null}
]}"#;

#[test]
fn a_vault_list_reads_what_a_view_needs_and_skips_the_rest() {
    let list = VaultList::from_json(VAULTS.as_bytes()).unwrap();
    assert_eq!(
        (list.count, list.limit, list.offset),
        (3, Some(1000), Some(0))
    );
    let daily = &list.vaults[0];
    assert_eq!(
        (daily.id.as_str(), daily.name.as_str()),
        ("v-1", "vault-daily")
    );
    assert_eq!(daily.enterprise_project_id.as_deref(), Some("0"));
    assert_eq!(
        daily.created_at,
        Some(Timestamp::parse_zoned("2020-02-05T10:38:34.209782").unwrap())
    );
    let billing = daily.billing.as_ref().unwrap();
    assert_eq!(billing.status.as_deref(), Some("available"));
    assert_eq!((billing.size, billing.used), (Some(200), Some(50)));
    assert_eq!(daily.resources.len(), 1);
    assert_eq!(daily.resources[0].resource_type, ResourceType::Volume);
    assert_eq!(daily.resources[0].name.as_deref(), Some("data-1"));
    let bare = &list.vaults[1];
    assert!(bare.project_id.is_empty() && bare.billing.is_none() && bare.resources.is_empty());
}

#[test]
fn a_broken_vault_list_is_a_decode_error_naming_the_member() {
    for (body, path) in [
        (r#"{"count": 1}"#, "vaults"),
        (r#"{"count": 1, "vaults": [{"name": "x"}]}"#, "vaults[0]"),
        (
            r#"{"count": 1, "vaults": [{"id": "a", "name": "b", "billing": {"size": -1}}]}"#,
            "vaults[0].billing.size",
        ),
        (
            r#"{"count": 1, "vaults": [{"id": "a", "name": "b", "resources": [{"name": "r"}]}]}"#,
            "vaults[0].resources[0]",
        ),
        (
            r#"{"count": 1, "vaults": [{"id": "a", "id": "b", "name": "c"}]}"#,
            "vaults[0]",
        ),
        (
            r#"{"count": 1, "vaults": [{"id": "a", "name": "b", "created_at": "yesterday"}]}"#,
            "vaults[0].created_at",
        ),
    ] {
        let error = VaultList::from_json(body.as_bytes()).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Decode, "{body}");
        assert!(error.to_string().contains(path), "{body}: {error}");
    }
    let html = VaultList::from_json(b"<html><body>502 Bad Gateway</body></html>").unwrap_err();
    assert_eq!(html.kind(), ErrorKind::Decode);
}

#[test]
fn a_policy_list_reads_ids_names_and_vaults() {
    let body = r#"{"count": 2, "policies": [
      {"id": "pol-1", "name": "daily", "operation_type": "backup", "enabled": true,
       "policy_type": "custom_policy", "associated_vaults": [{"vault_id": "v-1"}],
       "trigger": {"id": "t", "name": "t", "type": "time",
                   "properties": {"pattern": ["FREQ=WEEKLY;BYDAY=MO;BYHOUR=14;BYMINUTE=00"], "start_time": "2019-05-08 06:57:05"}},
       "operation_definition": {"retention_duration_days": 30, "timezone": "UTC+08:00"}},
      {"id": "pol-2", "name": "copy", "operation_type": "replication", "enabled": null,
       "associated_vaults": [{"vault_id": "v-1", "destination_vault_id": "v-9"}]}
    ]}"#;
    let list = CbrPolicyList::from_json(body.as_bytes()).unwrap();
    assert_eq!(list.count, 2);
    let daily = &list.policies[0];
    assert!(daily.enabled);
    assert_eq!(daily.policy_type.as_deref(), Some("custom_policy"));
    assert_eq!(daily.associated_vaults[0].vault_id, "v-1");
    let copy = &list.policies[1];
    assert!(!copy.enabled, "null reads as off");
    assert_eq!(copy.operation_type, "replication");
    assert_eq!(
        copy.associated_vaults[0].destination_vault_id.as_deref(),
        Some("v-9")
    );
    for (body, path) in [
        (r#"{"policies": []}"#, "count"),
        (r#"{"count": 1, "policies": [{"id": "a"}]}"#, "policies[0]"),
        (
            r#"{"count": 1, "policies": [{"id": "a", "name": "b", "enabled": "yes"}]}"#,
            "policies[0].enabled",
        ),
        (
            r#"{"count": 1, "policies": [{"id": "a", "name": "b", "associated_vaults": [{}]}]}"#,
            "policies[0].associated_vaults[0]",
        ),
    ] {
        let error = CbrPolicyList::from_json(body.as_bytes()).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Decode, "{body}");
        assert!(error.to_string().contains(path), "{body}: {error}");
    }
}

#[test]
fn the_queries_are_checked_before_any_request_and_written_in_order() {
    let query = VaultQuery::new()
        .policy_id("pol 1")
        .name("v")
        .offset(5)
        .limit(10);
    assert_eq!(
        query.to_query_string(),
        "limit=10&name=v&offset=5&policy_id=pol%201"
    );
    query.validate().unwrap();
    for (bad, field) in [
        (VaultQuery::new().limit(0), "limit"),
        (VaultQuery::new().limit(1001), "limit"),
        (VaultQuery::new().policy_id(" "), "policy_id"),
        (VaultQuery::new().name(""), "name"),
    ] {
        let error = bad.validate().unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidInput);
        assert!(error.to_string().contains(field), "{error}");
    }
    let policies = CbrPolicyQuery::new()
        .vault_id("v-1")
        .operation_type("backup");
    assert_eq!(
        policies.to_query_string(),
        "operation_type=backup&vault_id=v-1"
    );
    policies.validate().unwrap();
    assert_eq!(CbrPolicyQuery::new().to_query_string(), "");
    let error = CbrPolicyQuery::new()
        .operation_type("restore")
        .validate()
        .unwrap_err();
    assert!(
        error.to_string().contains("backup or replication"),
        "{error}"
    );
    assert!(CbrPolicyQuery::new().vault_id("").validate().is_err());
}
