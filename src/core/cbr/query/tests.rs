use super::*;
use crate::core::error::ErrorKind;

fn every_parameter() -> OpLogQuery {
    OpLogQuery::new()
        .end_time("2018-02-01T12:00:00Z")
        .enterprise_project_id(ALL_GRANTED_EPS)
        .limit(100)
        .offset(0)
        .operation_type(OperationType::VaultDelete)
        .provider_id("0daac4c5-6707-4851-97ba-169e36266b66")
        .resource_id("r 1")
        .resource_name("ECS-0001")
        .start_time("2018-01-01T12:00:00Z")
        .status(OpLogStatus::Failed)
        .vault_id("3b5816b5-f29c-4172-9d9a-76c719a659ce")
        .vault_name("vault/é")
}

#[test]
fn an_empty_query_is_an_empty_string_with_the_defaults() {
    let query = OpLogQuery::new();
    assert_eq!(query.to_query_string(), "");
    assert_eq!((query.get_limit(), query.get_offset()), (1000, 0));
    assert!(!query.has_limit());
    query.validate().unwrap();
}

#[test]
fn every_parameter_is_written_in_key_order_and_reads_back() {
    let query = every_parameter();
    query.validate().unwrap();
    let written = query.to_query_string();
    assert_eq!(
        written,
        "end_time=2018-02-01T12%3A00%3A00Z&enterprise_project_id=all_granted_eps&limit=100\
         &offset=0&operation_type=vault_delete\
         &provider_id=0daac4c5-6707-4851-97ba-169e36266b66&resource_id=r%201\
         &resource_name=ECS-0001&start_time=2018-01-01T12%3A00%3A00Z&status=failed\
         &vault_id=3b5816b5-f29c-4172-9d9a-76c719a659ce&vault_name=vault%2F%C3%A9"
    );
    let keys: Vec<&str> = query.to_pairs().iter().map(|(key, _)| *key).collect();
    assert_eq!(keys, KEYS);
    assert_eq!(OpLogQuery::from_query_str(&written).unwrap(), query);
    assert_eq!(query.to_string(), written);
}

#[test]
fn each_parameter_round_trips_alone() {
    for (key, value) in every_parameter().to_pairs() {
        let query = OpLogQuery::new().set(key, &value).unwrap();
        let back = OpLogQuery::from_query_str(&query.to_query_string()).unwrap();
        assert_eq!(back, query, "{key}");
        assert_eq!(back.to_pairs(), vec![(key, value)]);
    }
}

#[test]
fn every_enum_value_is_accepted_and_unknown_ones_refused() {
    for status in OpLogStatus::KNOWN {
        let raw = format!("status={status}");
        assert_eq!(
            OpLogQuery::from_query_str(&raw).unwrap().get_status(),
            Some(status)
        );
    }
    assert_eq!(OpLogStatus::KNOWN.len(), 6);
    for operation in OperationType::KNOWN {
        let raw = format!("operation_type={operation}");
        assert_eq!(
            OpLogQuery::from_query_str(&raw)
                .unwrap()
                .get_operation_type(),
            Some(operation)
        );
    }
    // `migrate_resources` is accepted (§10 Q8): nine in all.
    assert_eq!(OperationType::KNOWN.len(), 9);
    let unknown = OpLogQuery::new().status(OpLogStatus::Unknown("done".into()));
    assert_eq!(unknown.validate().unwrap_err().field(), Some("status"));
    let unknown = OpLogQuery::new().operation_type(OperationType::Unknown("Backup".into()));
    let err = unknown.validate().unwrap_err();
    assert_eq!(err.field(), Some("operation_type"));
    assert!(
        err.to_string().contains("expected one of backup, copy"),
        "{err}"
    );
}

#[test]
fn validation_names_what_is_wrong() {
    let cases: Vec<(OpLogQuery, &str)> = vec![
        (OpLogQuery::new().limit(0), "limit"),
        (OpLogQuery::new().limit(1001), "limit"),
        (OpLogQuery::new().offset(MAX_OFFSET + 1), "offset"),
        (OpLogQuery::new().vault_id(""), "vault_id"),
        (OpLogQuery::new().vault_name(" "), "vault_name"),
        (OpLogQuery::new().resource_id(""), "resource_id"),
        (OpLogQuery::new().resource_name(""), "resource_name"),
        (OpLogQuery::new().provider_id(""), "provider_id"),
        (
            OpLogQuery::new().enterprise_project_id(""),
            "enterprise_project_id",
        ),
        (
            OpLogQuery::new().start_time("2018-01-01T12:00:00"),
            "start_time",
        ),
        (
            OpLogQuery::new().start_time("2018-01-01 12:00:00Z"),
            "start_time",
        ),
        (
            OpLogQuery::new().end_time("2018-01-01T12:00:00.000Z"),
            "end_time",
        ),
        (
            OpLogQuery::new().end_time("2018-01-01T12:00:00+00:00"),
            "end_time",
        ),
        (
            OpLogQuery::new().end_time("2018-02-30T12:00:00Z"),
            "end_time",
        ),
        (
            OpLogQuery::new()
                .start_time("2018-01-01T12:00:01Z")
                .end_time("2018-01-01T12:00:00Z"),
            "start_time",
        ),
    ];
    for (query, field) in cases {
        let err = query.validate().unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
        assert_eq!(err.field(), Some(field), "{err}");
    }
}

#[test]
fn the_edges_of_the_ranges_are_accepted() {
    for query in [
        OpLogQuery::new().limit(1),
        OpLogQuery::new().limit(MAX_LIMIT),
        OpLogQuery::new().offset(0),
        OpLogQuery::new().offset(MAX_OFFSET),
        OpLogQuery::new()
            .start_time("2018-01-01T12:00:00Z")
            .end_time("2018-01-01T12:00:00Z"),
        OpLogQuery::new().start_time("2018-01-01T12:00:00Z"),
        OpLogQuery::new().end_time("2018-01-01T12:00:00Z"),
    ] {
        query.validate().unwrap();
    }
}

#[test]
fn a_window_from_instants_never_shrinks() {
    let start = Timestamp::parse("2018-01-01T12:00:00.900").unwrap();
    let end = Timestamp::parse("2018-01-01T12:00:00.100").unwrap();
    let query = OpLogQuery::new().started_from(start).ended_by(end);
    assert_eq!(query.get("start_time"), Some("2018-01-01T12:00:00Z"));
    assert_eq!(query.get("end_time"), Some("2018-01-01T12:00:01Z"));
    query.validate().unwrap();
    let (from, to) = query.window();
    assert!(from.unwrap() <= start && to.unwrap() >= end);
}

#[test]
fn bad_wire_values_are_refused_with_their_field() {
    let cases = [
        ("limit=0", "limit"),
        ("limit=1001", "limit"),
        ("limit=-1", "limit"),
        ("limit=", "limit"),
        ("limit=1.5", "limit"),
        ("offset=-1", "offset"),
        ("offset=", "offset"),
        ("offset=x", "offset"),
        ("offset=2147483648", "offset"),
        ("status=SUCCESS", "status"),
        ("status=", "status"),
        ("operation_type=backups", "operation_type"),
        ("operation_type=", "operation_type"),
        ("start_time=2018-01-01T12%3A00%3A00", "start_time"),
        ("end_time=yesterday", "end_time"),
        (
            "start_time=2018-01-02T00:00:00Z&end_time=2018-01-01T00:00:00Z",
            "start_time",
        ),
        ("vault_id=", "vault_id"),
        ("vault_id=a&vault_id=b", "vault_id"),
        ("resource_name=%FF", "resource_name"),
    ];
    for (raw, field) in cases {
        let err = OpLogQuery::from_query_str(raw).unwrap_err();
        assert_eq!(err.field(), Some(field), "{raw}: {err}");
    }
}

#[test]
fn the_server_side_reads_plus_as_space_and_ignores_unknown_keys() {
    let query =
        OpLogQuery::from_query_str("?resource_name=ECS+1&marker=x&sort_dir=asc&limit=5").unwrap();
    assert_eq!(query.get("resource_name"), Some("ECS 1"));
    assert_eq!(query.get_limit(), 5);
    assert_eq!(query.to_query_string(), "limit=5&resource_name=ECS%201");
    let err = OpLogQuery::new().set("marker", "x").unwrap_err();
    assert!(err.to_string().contains("not a query parameter"), "{err}");
}

#[test]
fn first_page_drops_the_offset_only() {
    let query = OpLogQuery::new().limit(10).offset(30).vault_id("v");
    assert_eq!(query.first_page().to_query_string(), "limit=10&vault_id=v");
}

#[test]
fn paths_encode_and_parse_back() {
    let cases = [
        (
            CbrPath::operation_logs("p 1").unwrap(),
            "/v3/p%201/operation-logs",
        ),
        (
            CbrPath::operation_log("p", "4827f2da-b008").unwrap(),
            "/v3/p/operation-logs/4827f2da-b008",
        ),
        (CbrPath::policies("p").unwrap(), "/v3/p/policies"),
        (CbrPath::vaults("p").unwrap(), "/v3/p/vaults"),
    ];
    for (path, written) in cases {
        assert_eq!(path.to_path(), written);
        assert_eq!(CbrPath::parse(written).as_ref(), Some(&path));
        assert_eq!(CbrPath::parse(&format!("{written}/")), Some(path.clone()));
    }
    assert_eq!(CbrPath::operation_log("p", "é").unwrap().project_id(), "p");
    assert!(CbrPath::operation_logs("").is_err());
    assert!(CbrPath::operation_log("p", " ").is_err());
}

#[test]
fn path_tricks_and_other_paths_are_refused() {
    for raw in [
        "/v3/p/operation-logs/a%2Fb",
        "/v3/p/operation-logs/a%5Cb",
        "/v3/p/operation-logs/..",
        "/v3/p/operation-logs/%2e%2e",
        "/v3/%2e/operation-logs",
        "/v3//operation-logs",
        "/v3/p/operation-logs/a/b",
        "/v3/p/operation-logs/%0a",
        "/v3/p/operation-logs/%FF",
        "/v3/p/backuppolicy",
        "/v2/p/operation-logs",
        "/v3/p/operation-log",
        "/v3/p/vaults/v1",
        "v3/p/operation-logs",
    ] {
        assert_eq!(CbrPath::parse(raw), None, "{raw}");
    }
}
