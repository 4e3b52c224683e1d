//! The URL ⇄ view conversion: VBS links, and CBR's filters.

use super::*;

fn full_view() -> View {
    View {
        target: Some("prod-cn4".into()),
        project_id: "0605767e9a80d5f52f8cc00f94d4e2fb".into(),
        policy_id: Some("每日备份 & <b>".into()),
        status: Some(TaskStatus::ExecuteFail),
        job_id: Some("0781095c-b8ab-4ce5".into()),
        order: SortDir::Asc,
        page_size: 50,
        page: 7,
        ..View::default()
    }
}

#[test]
fn the_default_view_is_an_empty_query() {
    assert_eq!(View::default().to_query(), "");
    assert_eq!(View::default().to_search(), "");
    assert_eq!(View::from_query(""), View::default());
    assert_eq!(View::from_query("?"), View::default());
}

#[test]
fn a_full_view_round_trips() {
    let view = full_view();
    let query = view.to_query();
    assert_eq!(View::from_query(&query), view);
    assert_eq!(View::from_query(&view.to_search()), view);
}

#[test]
fn keys_are_written_in_a_fixed_order_with_the_api_spelling() {
    assert_eq!(
        full_view().to_query(),
        "target=prod-cn4&project=0605767e9a80d5f52f8cc00f94d4e2fb&policy=%E6%AF%8F%E6%97%A5%E5%A4%87%E4%BB%BD%20%26%20%3Cb%3E\
         &status=EXECUTE_FAIL&job_id=0781095c-b8ab-4ce5&order=asc&page_size=50&page=7"
    );
}

#[test]
fn defaults_are_left_out() {
    let view = View {
        policy_id: Some("p".into()),
        order: SortDir::Desc,
        page_size: 20,
        page: 1,
        ..View::default()
    };
    assert_eq!(view.to_query(), "policy=p");
}

#[test]
fn bad_values_fall_back_to_defaults() {
    let view = View::from_query(
        "target=%20&policy=&status=running&order=sideways&page_size=37&page=0&job_id=%20%20",
    );
    assert_eq!(view, View::default());
    assert_eq!(View::from_query("page=-3").page, 1);
    assert_eq!(View::from_query("page=abc").page, 1);
    assert_eq!(View::from_query("page_size=500").page_size, 20);
    assert_eq!(View::from_query("page_size=1001").page_size, 20);
    assert_eq!(View::from_query("status=NOT_A_STATUS").status, None);
    let longest = "j".repeat(MAX_JOB_ID_LEN);
    assert_eq!(
        View::from_query(&format!("job_id={longest}")).job_id,
        Some(longest.clone())
    );
    assert_eq!(View::from_query(&format!("job_id={longest}j")).job_id, None);
}

#[test]
fn plus_reads_as_a_space_as_browsers_write_it() {
    assert_eq!(
        View::from_query("policy=a+b").policy_id.as_deref(),
        Some("a b")
    );
}

#[test]
fn every_page_size_and_status_round_trips() {
    for size in PAGE_SIZES {
        let view = View {
            page_size: size,
            ..View::default()
        };
        assert_eq!(View::from_query(&view.to_query()).page_size, size);
    }
    for status in TaskStatus::KNOWN {
        let view = View {
            status: Some(status.clone()),
            ..View::default()
        };
        assert_eq!(View::from_query(&view.to_query()).status, Some(status));
    }
}

#[test]
fn a_secret_in_a_link_is_never_written_back() {
    let view = View::from_query("policy=p&token=MIIEsecret&sk=abc&X-Auth-Token=t");
    assert_eq!(view.to_query(), "policy=p");
}

#[test]
fn the_task_query_pages_by_offset() {
    let query = full_view().task_query();
    assert_eq!(
        query.to_query_string(),
        "status=EXECUTE_FAIL&job_id=0781095c-b8ab-4ce5&sort_dir=asc&limit=50&offset=300"
    );
    query.validate().unwrap();
    assert_eq!(View::default().task_query().get_offset(), 0);
    assert_eq!(View::default().task_query().get_limit(), 20);
}

#[test]
fn filters_are_status_and_job_id() {
    assert!(!View::default().has_filters());
    assert!(View {
        status: Some(TaskStatus::Skip),
        ..View::default()
    }
    .has_filters());
    assert!(View {
        job_id: Some("j".into()),
        ..View::default()
    }
    .has_filters());
    assert!(!View {
        order: SortDir::Asc,
        page: 3,
        ..View::default()
    }
    .has_filters());
}

mod cbr {
    use vbs_tasks::core::cbr::OperationType;

    use super::*;

    fn at(text: &str) -> Timestamp {
        Timestamp::parse(text).unwrap()
    }

    fn full_cbr_view() -> View {
        View {
            target: Some("prod-cn4".into()),
            service: Service::Cbr,
            project_id: "p".into(),
            status: Some(TaskStatus::ExecuteFail),
            page_size: 50,
            page: 3,
            cbr: CbrFilter {
                operation: Some(OperationType::Restore),
                vault_id: Some("v 1".into()),
                policy_id: Some("pol".into()),
                resource_id: Some("r-1".into()),
                range: TimeRange::between(
                    Some(at("2026-11-13T08:00:00")),
                    Some(at("2026-11-20T08:00:00")),
                ),
            },
            ..View::default()
        }
    }

    #[test]
    fn a_cbr_view_round_trips_with_cbr_spellings_in_a_fixed_order() {
        let view = full_cbr_view();
        assert_eq!(
            view.to_query(),
            "target=prod-cn4&service=cbr&project=p&policy=pol&status=failed&operation=restore\
             &vault=v%201&resource_id=r-1&from=2026-11-13T08%3A00%3A00Z&to=2026-11-20T08%3A00%3A00Z\
             &page_size=50&page=3"
        );
        assert_eq!(View::from_query(&view.to_query()), view);
        // The service may come anywhere in a link; the keys read as CBR's all the same.
        let moved =
            View::from_query("status=timeout&policy=pol&service=cbr&from=2026-11-13T08:00:00Z");
        assert_eq!(moved.service, Service::Cbr);
        assert_eq!(moved.status, Some(TaskStatus::ExecuteTimeout));
        assert_eq!(moved.cbr.policy_id.as_deref(), Some("pol"));
        assert_eq!(moved.policy_id, None, "not a VBS policy");
    }

    #[test]
    fn vbs_is_the_default_and_a_vbs_link_ignores_cbr_keys() {
        let view = View::from_query("service=vbs&policy=p&operation=backup&range=30d");
        assert_eq!(view.service, Service::Vbs);
        assert_eq!(view.policy_id.as_deref(), Some("p"));
        assert_eq!(view.cbr, CbrFilter::default());
        assert_eq!(view.to_query(), "policy=p");
        assert_eq!(View::from_query("service=CBR").service, Service::Vbs);
    }

    #[test]
    fn a_cbr_link_drops_vbs_only_keys_and_spellings() {
        let view = View::from_query("service=cbr&job_id=j&order=asc&status=EXECUTE_FAIL");
        assert_eq!(view.job_id, None);
        assert_eq!(view.order, SortDir::Desc);
        assert_eq!(view.status, None, "CBR spells it failed");
        assert_eq!(view.to_query(), "service=cbr");
        for status in TaskStatus::KNOWN {
            let view = View {
                service: Service::Cbr,
                status: Some(status.clone()),
                ..View::default()
            };
            assert_eq!(View::from_query(&view.to_query()).status, Some(status));
        }
    }

    #[test]
    fn the_time_range_is_a_preset_or_a_window_and_seven_days_by_default() {
        let read = |query: &str| View::from_query(&format!("service=cbr&{query}")).cbr.range;
        assert_eq!(read(""), TimeRange::Last(RangePreset::Last7Days));
        assert_eq!(read("range=24h"), TimeRange::Last(RangePreset::Last24Hours));
        assert_eq!(read("range=30d"), TimeRange::Last(RangePreset::Last30Days));
        assert_eq!(read("range=7d"), TimeRange::default());
        assert_eq!(read("range=1y"), TimeRange::default(), "a bad value");
        assert_eq!(
            read("range=all"),
            TimeRange::Between {
                from: None,
                to: None
            }
        );
        assert_eq!(
            read("range=30d&to=2026-11-20T08:00:00Z"),
            TimeRange::Between {
                from: None,
                to: Some(at("2026-11-20T08:00:00"))
            },
            "a bound wins over a preset"
        );
        assert_eq!(
            read("from=2026-11-20T08:00:00Z&to=2026-11-13T08:00:00Z"),
            TimeRange::Between {
                from: Some(at("2026-11-13T08:00:00")),
                to: Some(at("2026-11-20T08:00:00"))
            },
            "bounds the wrong way round are swapped"
        );
        assert_eq!(
            read("from=2026-11-20T08:00:00&to=yesterday"),
            TimeRange::default(),
            "only the API's UTC form is a bound"
        );
        for range in [
            TimeRange::Last(RangePreset::Last24Hours),
            TimeRange::Last(RangePreset::Last30Days),
            TimeRange::Between {
                from: None,
                to: None,
            },
            TimeRange::between(Some(at("2026-11-13T08:00:00")), None),
        ] {
            let view = View {
                service: Service::Cbr,
                cbr: CbrFilter {
                    range,
                    ..CbrFilter::default()
                },
                ..View::default()
            };
            assert_eq!(View::from_query(&view.to_query()).cbr.range, range);
            assert!(view.has_filters(), "{range:?} is a filter");
        }
    }

    #[test]
    fn the_cbr_query_pages_by_offset_in_the_window_at_now() {
        let now = at("2026-11-20T08:00:00.250");
        let view = View {
            cbr: CbrFilter {
                policy_id: None,
                ..full_cbr_view().cbr
            },
            ..full_cbr_view()
        };
        let query = view.cbr_query(now);
        assert_eq!(
            query.to_query_string(),
            "end_time=2026-11-20T08%3A00%3A00Z&limit=50&offset=100&operation_type=restore\
             &resource_id=r-1&start_time=2026-11-13T08%3A00%3A00Z&status=failed&vault_id=v%201"
        );
        query.validate().unwrap();
        // A preset counts back from now and has no end; the start is rounded down.
        let last_day = View {
            service: Service::Cbr,
            cbr: CbrFilter {
                range: TimeRange::Last(RangePreset::Last24Hours),
                ..CbrFilter::default()
            },
            ..View::default()
        };
        assert_eq!(
            last_day.cbr_query(now).to_query_string(),
            "limit=20&offset=0&start_time=2026-11-19T08%3A00%3A00Z"
        );
        assert!(!last_day.pages_locally());
    }

    #[test]
    fn a_policy_filter_is_read_whole_and_paged_here() {
        let view = full_cbr_view();
        assert!(view.pages_locally());
        let query = view.cbr_query(at("2026-11-20T08:00:00"));
        assert_eq!(query.get_limit(), CBR_WALK_LIMIT);
        assert_eq!(query.get_offset(), 0);
        assert!(!View::default().pages_locally(), "VBS pages by the API");
    }

    #[test]
    fn cbr_filters_are_filters_but_the_default_range_is_not() {
        let plain = View {
            service: Service::Cbr,
            ..View::default()
        };
        assert!(!plain.has_filters());
        let by_vault = View {
            cbr: CbrFilter {
                vault_id: Some("v".into()),
                ..CbrFilter::default()
            },
            ..plain.clone()
        };
        assert!(by_vault.has_filters());
        let by_status = View {
            status: Some(TaskStatus::Running),
            ..plain
        };
        assert!(by_status.has_filters());
    }
}
