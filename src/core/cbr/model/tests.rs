use super::*;

#[test]
fn wire_values_round_trip_and_unknown_ones_are_kept() {
    for status in OpLogStatus::KNOWN {
        assert_eq!(&OpLogStatus::from_wire(status.as_str()), status);
        assert_eq!(&status.as_str().parse::<OpLogStatus>().unwrap(), status);
    }
    for operation in OperationType::KNOWN {
        assert_eq!(&OperationType::from_wire(operation.as_str()), operation);
    }
    for resource in ResourceType::KNOWN {
        assert_eq!(&ResourceType::from_wire(&resource.to_string()), resource);
    }
    assert_eq!(ResourceType::KNOWN.len(), 6);
    let unknown = OpLogStatus::from_wire("Success");
    assert_eq!(unknown, OpLogStatus::Unknown("Success".into()));
    assert_eq!(unknown.as_str(), "Success");
    let err = "Success".parse::<OpLogStatus>().unwrap_err();
    assert_eq!(err.field(), Some("status"));
    assert!(
        err.to_string()
            .contains("expected one of success, skipped, failed, running, timeout, waiting"),
        "{err}"
    );
    let err = "x\"y".parse::<OperationType>().unwrap_err();
    assert!(
        err.to_string()
            .contains(r#""x\"y" is not an operation type"#),
        "{err}"
    );
}

#[test]
fn active_statuses_are_running_and_waiting() {
    let active: Vec<_> = OpLogStatus::KNOWN
        .iter()
        .filter(|s| s.is_active())
        .collect();
    assert_eq!(active, [&OpLogStatus::Running, &OpLogStatus::Waiting]);
}

#[test]
fn progress_is_capped_and_absent_without_common() {
    let mut log = OperationLog::new("l", OpLogStatus::Running, Timestamp::UNIX_EPOCH);
    assert_eq!((log.progress(), log.resource()), (None, None));
    let extra = OpExtraInfo {
        common: Some(OpCommon {
            progress: Some(u32::MAX),
            ..OpCommon::default()
        }),
        resource: Some(Resource::new("r", ResourceType::Volume)),
        ..OpExtraInfo::default()
    };
    log.extra_info = Some(extra);
    assert_eq!(log.progress(), Some(100));
    assert_eq!(log.resource().map(|r| r.id.as_str()), Some("r"));
}

#[test]
fn bodies_that_are_not_utf8_are_decode_errors() {
    let err =
        OpLogPage::from_json(b"{\"count\":1,\"operation_logs\":[{\"id\":\"\xff\"}]}").unwrap_err();
    assert!(err.is_decode(), "{err}");
    assert!(OperationLog::from_json(b"\xfe").unwrap_err().is_decode());
}
