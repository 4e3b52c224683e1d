use time::Duration;
use vbs_tasks::core::error::Error;
use vbs_tasks::core::model::TaskStatus;
use vbs_tasks::core::time::Timestamp;

use super::*;
use crate::format;

#[test]
fn a_failure_without_an_api_message_still_says_what_failed() {
    let page = Error::from_response(500, b"<html><h1>Internal Server Error</h1></html>");
    assert_eq!(
        failure_note(Lang::En, &page),
        "The request failed (HTTP 500)"
    );
    let api = Error::from_response(
        404,
        br#"{"error":{"code":"AutoBackup.0205","message":"The backup policy nope does not exist."}}"#,
    );
    assert_eq!(
        failure_note(Lang::En, &api),
        "The backup policy nope does not exist."
    );
    let code_only = Error::from_response(400, br#"{"error":{"code":"AutoBackup.0005"}}"#);
    assert_eq!(failure_note(Lang::En, &code_only), "AutoBackup.0005");
    assert_eq!(
        failure_detail(Lang::En, &api),
        "The request failed (HTTP 404): The backup policy nope does not exist."
    );
    assert_eq!(
        failure_detail(Lang::En, &page),
        "The request failed (HTTP 500)"
    );
    let network = Error::network("fetch failed", None);
    assert_eq!(
        failure_note(Lang::En, &network),
        "The request failed (network)"
    );
    assert!(failure_note(Lang::ZhCn, &page).ends_with("(HTTP 500)"));
    assert_ne!(
        failure_note(Lang::ZhCn, &page),
        failure_note(Lang::En, &page)
    );
}

#[test]
fn every_key_has_both_languages() {
    assert!(Key::ALL.len() > 50);
    for key in Key::ALL {
        let (en, zh) = words(*key);
        assert!(!en.trim().is_empty(), "{key:?} has no English");
        assert!(!zh.trim().is_empty(), "{key:?} has no Chinese");
        assert_eq!(Lang::En.t(*key), en);
        assert_eq!(Lang::ZhCn.t(*key), zh);
        if !matches!(key, Key::P95) {
            assert_ne!(en, zh, "{key:?} is not translated");
        }
        // The table writes column names into CSS strings unescaped (task_table.rs).
        for text in [en, zh] {
            assert!(
                !text.contains(['"', '\\']),
                "{key:?} has a quote or a backslash"
            );
        }
    }
}

#[test]
fn the_language_follows_the_choice_then_the_browser() {
    assert_eq!(Lang::from_code("zh-CN"), Some(Lang::ZhCn));
    assert_eq!(Lang::from_code("en"), Some(Lang::En));
    assert_eq!(Lang::from_code("fr"), None);
    assert_eq!(Lang::from_browser("zh-CN"), Lang::ZhCn);
    assert_eq!(Lang::from_browser("zh"), Lang::ZhCn);
    assert_eq!(Lang::from_browser("en-US"), Lang::En);
    assert_eq!(Lang::from_browser("de-DE"), Lang::En);
    assert_eq!(Lang::initial(Some("en"), "zh-CN"), Lang::En);
    assert_eq!(Lang::initial(Some("bogus"), "zh-CN"), Lang::ZhCn);
    assert_eq!(Lang::initial(None, "en-GB"), Lang::En);
    for lang in Lang::ALL {
        assert_eq!(Lang::from_code(lang.code()), Some(lang));
    }
}

#[test]
fn resources_are_counted_in_both_languages() {
    assert_eq!(resources(Lang::En, 1), "1 resource");
    assert_eq!(resources(Lang::En, 24), "24 resources");
    assert_eq!(resources(Lang::ZhCn, 24), "24 个资源");
}

#[test]
fn a_notification_says_which_task_ended_and_how_in_both_languages() {
    let (title, body) = task_ended_notification(Lang::En, &TaskStatus::ExecuteFail, "job-1");
    assert_eq!(title, "Backup task ended: Failed");
    assert!(
        body.contains("job-1") && body.contains("watching"),
        "{body}"
    );
    let (title, body) = task_ended_notification(Lang::ZhCn, &TaskStatus::ExecuteSuccess, "job-1");
    assert_eq!(title, "备份任务已结束：成功");
    assert!(body.contains("job-1") && !body.is_ascii(), "{body}");
}

#[test]
fn every_status_has_a_chinese_name() {
    for status in TaskStatus::KNOWN {
        let zh = status_label(Lang::ZhCn, &status);
        assert!(!zh.is_ascii(), "{status}: {zh}");
        assert_eq!(
            status_label(Lang::En, &status),
            format::status_label(&status)
        );
    }
    let odd = TaskStatus::Unknown("NEW".into());
    assert_eq!(status_label(Lang::ZhCn, &odd), "NEW");
}

#[test]
fn numbers_times_and_dates_read_in_chinese() {
    let now = 1_000_000_000_000.0;
    assert_eq!(relative(Lang::ZhCn, now, now - 5.0 * 60_000.0), "5 分钟前");
    assert_eq!(relative(Lang::ZhCn, now, now - 1_000.0), "刚刚");
    assert_eq!(
        relative(Lang::ZhCn, now, now + 2.0 * 3_600_000.0),
        "2 小时后"
    );
    assert_eq!(relative(Lang::En, now, now - 5.0 * 60_000.0), "5 min ago");
    assert_eq!(updated_ago(Lang::ZhCn, now, now - 3_400.0), "3 秒前更新");
    assert_eq!(duration(Lang::ZhCn, Duration::seconds(192)), "3 分 12 秒");
    assert_eq!(duration(Lang::ZhCn, Duration::seconds(45)), "45 秒");
    assert_eq!(
        duration(Lang::ZhCn, Duration::seconds(2 * 3600 + 5 * 60)),
        "2 小时 05 分"
    );
    assert_eq!(duration(Lang::ZhCn, Duration::hours(76)), "3 天 4 小时");
    assert_eq!(
        duration(Lang::ZhCn, Duration::milliseconds(860)),
        "860 毫秒"
    );
    assert_eq!(seconds(Lang::En, 192.0), "3 min 12 s");
    assert_eq!(
        page_summary(Lang::ZhCn, 2, 20, 10_317, 20),
        "第 21–40 条，共 10,317 条"
    );
    assert_eq!(page_summary(Lang::ZhCn, 1, 20, 0, 0), "没有任务");
    assert_eq!(page_summary(Lang::En, 2, 20, 10_317, 20), "21–40 of 10,317");
    let at = Timestamp::parse("2026-11-27T06:03:12.706").unwrap();
    assert_eq!(
        local_time(Lang::ZhCn, at, 8 * 60),
        "2026年11月27日 14:03:12"
    );
    assert_eq!(local_time(Lang::En, at, 0), "2026-11-27 06:03:12");
    assert_eq!(
        export_progress(Lang::ZhCn, "CSV", 3, 3_000, Some(10_317), 29),
        "正在导出 CSV：第 3 页，3,000 / 10,317 个任务（29%）"
    );
    assert_eq!(task_count(Lang::ZhCn, 10_317), "10,317 个任务");
}
