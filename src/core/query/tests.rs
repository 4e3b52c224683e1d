use super::*;
use crate::core::error::ErrorKind;

#[test]
fn lists_names_as_join_would() {
    assert_eq!(list(&KEYS), KEYS.join(", "));
    assert_eq!(list(&["one"]), "one");
    assert_eq!(list(&[]), "");
}

#[test]
fn an_empty_query_is_an_empty_string() {
    assert_eq!(TaskQuery::new().to_query_string(), "");
    assert_eq!(TaskQuery::new().get_limit(), 20);
    assert_eq!(TaskQuery::new().get_sort_dir(), SortDir::Desc);
    TaskQuery::new().validate().unwrap();
}

#[test]
fn every_parameter_is_written() {
    let query = TaskQuery::new()
        .status(TaskStatus::Waiting)
        .job_id("j-1")
        .sort_dir(SortDir::Asc)
        .sort_key(SortKey::CreatedAt)
        .limit(10)
        .offset(30);
    assert_eq!(
        query.to_query_string(),
        "status=WAITING&job_id=j-1&sort_dir=asc&sort_key=created_at&limit=10&offset=30"
    );
    let marker = TaskQuery::new().marker("m-9");
    assert_eq!(marker.to_query_string(), "marker=m-9");
}

#[test]
fn values_are_percent_encoded_and_survive_the_trip() {
    let query = TaskQuery::new().job_id("a b&c=d/é+%");
    assert_eq!(
        query.to_query_string(),
        "job_id=a%20b%26c%3Dd%2F%C3%A9%2B%25"
    );
    let back = TaskQuery::from_query_str(&query.to_query_string()).unwrap();
    assert_eq!(back.get_job_id(), Some("a b&c=d/é+%"));
}

#[test]
fn the_server_side_reads_plus_as_space_and_ignores_unknown_keys() {
    let query = TaskQuery::from_query_str("?job_id=a+b&foo=bar&limit=5").unwrap();
    assert_eq!(query.get_job_id(), Some("a b"));
    assert_eq!(query.get_limit(), 5);
}

#[test]
fn validation_names_what_is_wrong() {
    let cases: [(TaskQuery, &str); 7] = [
        (TaskQuery::new().limit(0), "limit"),
        (TaskQuery::new().job_id(""), "job_id"),
        (TaskQuery::new().job_id("  "), "job_id"),
        (
            TaskQuery::new().job_id("j".repeat(MAX_JOB_ID_LEN + 1)),
            "job_id",
        ),
        (TaskQuery::new().marker(""), "marker"),
        (TaskQuery::new().offset(3).marker("m"), "offset"),
        (
            TaskQuery::new().status(TaskStatus::Unknown("DONE".into())),
            "status",
        ),
    ];
    for (query, field) in cases {
        let err = query.validate().unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
        assert_eq!(err.field(), Some(field), "{err}");
    }
}

#[test]
fn a_job_id_up_to_the_limit_is_taken_and_counted_as_a_browser_counts() {
    let uuid = "0781095c-b8ab-4ce5-99f3-4c5f6ff75319";
    TaskQuery::new().job_id(uuid).validate().unwrap();
    TaskQuery::new()
        .job_id("j".repeat(MAX_JOB_ID_LEN))
        .validate()
        .unwrap();
    // An emoji is two UTF-16 units, as `maxlength` counts it.
    let wide = "\u{1F600}".repeat(MAX_JOB_ID_LEN / 2 + 1);
    let err = TaskQuery::new().job_id(wide).validate().unwrap_err();
    assert_eq!(err.field(), Some("job_id"));
    assert!(err.to_string().contains("at most 64"), "{err}");
}

#[test]
fn bad_wire_values_are_refused_with_their_field() {
    let cases = [
        ("limit=0", "limit"),
        ("limit=-1", "limit"),
        ("limit=abc", "limit"),
        ("limit=99999999999", "limit"),
        ("offset=-5", "offset"),
        ("offset=1.5", "offset"),
        ("sort_key=finished_at", "sort_key"),
        ("sort_dir=up", "sort_dir"),
        ("sort_dir=DESC", "sort_dir"),
        ("status=DONE", "status"),
        ("status=", "status"),
        ("job_id=", "job_id"),
        ("marker=", "marker"),
        ("marker=a&offset=1", "offset"),
        ("limit=1&limit=2", "limit"),
        ("job_id=%FF%FE", "job_id"),
        ("marker=a%C3", "marker"),
    ];
    for (raw, field) in cases {
        let err = TaskQuery::from_query_str(raw).unwrap_err();
        assert_eq!(err.field(), Some(field), "{raw}: {err}");
    }
    // A number out of its type's range says what the range is.
    let err = TaskQuery::from_query_str("limit=-1").unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"invalid limit: "-1" is not a whole number from 0 to 4294967295"#
    );
}

#[test]
fn set_refuses_unknown_keys() {
    let err = TaskQuery::new().set("page", "2").unwrap_err();
    assert!(err.to_string().contains("not a query parameter"), "{err}");
}

#[test]
fn paths_encode_and_parse_back() {
    let path = ApiPath::tasks("proj 1", "pol/é").unwrap();
    assert_eq!(
        path.to_path(),
        "/v2/proj%201/backuppolicy/pol%2F%C3%A9/backuptasks"
    );
    let policies = ApiPath::policies("p").unwrap();
    assert_eq!(policies.to_path(), "/v2/p/backuppolicy");
    assert_eq!(ApiPath::parse("/v2/p/backuppolicy"), Some(policies));
    assert_eq!(
        ApiPath::parse("/v2/p/backuppolicy/x%20y/backuptasks"),
        Some(ApiPath::Tasks {
            project_id: "p".into(),
            policy_id: "x y".into()
        })
    );
    assert!(ApiPath::tasks("", "x").is_err());
    assert!(ApiPath::tasks("p", " ").is_err());
}

#[test]
fn path_tricks_are_refused() {
    for raw in [
        "/v2/p/backuppolicy/a%2Fb/backuptasks",
        "/v2/p/backuppolicy/a%5Cb/backuptasks",
        "/v2/p/backuppolicy/../backuptasks",
        "/v2/p/backuppolicy/%2e%2e/backuptasks",
        "/v2/p/backuppolicy//backuptasks",
        "/v2//backuppolicy",
        "/v2/p/backuppolicy/x/backuptasks/extra",
        "/v2/p/other",
        "/v3/p/backuppolicy",
        "/v2/p/backuppolicy/%ff/backuptasks",
        "/v2/p/backuppolicy/a%00b/backuptasks",
        "http://evil/v2/p/backuppolicy",
    ] {
        assert_eq!(ApiPath::parse(raw), None, "{raw}");
    }
}
