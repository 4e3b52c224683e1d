//! The policy list (`{"backup_policies": [ … ]}`).

use super::{read_body, Reader};
use crate::core::error::Error;
use crate::core::model::{Policy, PolicyList, Schedule};

/// Decodes a policy-list body that is already known to be UTF-8.
pub(crate) fn read_policies(text: &str) -> Result<PolicyList, Error> {
    read_body(text, |reader| {
        const LIST_FIELDS: [&str; 1] = ["backup_policies"];
        let mut policies = Vec::new();
        let seen = reader.members("the policy list object", &LIST_FIELDS, |reader, _| {
            policies = reader.array_of("an array of policies", 0, policy)?;
            Ok(())
        })?;
        reader.require(seen, &LIST_FIELDS, 1)?;
        Ok(PolicyList::new(policies))
    })
}

const POLICY_FIELDS: [&str; 4] = [
    "backup_policy_id",
    "backup_policy_name",
    "policy_resource_count",
    "scheduled_policy",
];

/// The same rules as the derived `Deserialize`: only the ID is required; `null` is empty for the
/// name and the schedule, and not a count.
fn policy(reader: &mut Reader<'_>) -> Result<Policy, Error> {
    let mut policy = Policy::new(String::new(), String::new(), 0, Schedule::default());
    let seen = reader.members("a policy object", &POLICY_FIELDS, |reader, field| {
        match field {
            0 => policy.id = reader.text()?,
            1 => policy.name = reader.or_null(Reader::text)?.unwrap_or_default(),
            2 => {
                policy.resource_count =
                    reader.whole_number("a whole number of resources", u64::MAX)?;
            }
            _ => policy.schedule = reader.or_null(schedule)?.unwrap_or_default(),
        }
        Ok(())
    })?;
    reader.require(seen, &POLICY_FIELDS, 1)?;
    Ok(policy)
}

const SCHEDULE_FIELDS: [&str; 7] = [
    "start_time",
    "frequency",
    "week_frequency",
    "rentention_num",
    "rentention_day",
    "remain_first_backup_of_curMonth",
    "status",
];

fn schedule(reader: &mut Reader<'_>) -> Result<Schedule, Error> {
    let mut schedule = Schedule::default();
    reader.members("a schedule object", &SCHEDULE_FIELDS, |reader, field| {
        match field {
            0 => schedule.start_time = reader.or_null(Reader::text)?,
            1 => schedule.frequency = reader.or_null(days)?,
            2 => {
                schedule.week_frequency = reader
                    .or_null(|reader| reader.array_of("an array of weekdays", 0, Reader::text))?
                    .unwrap_or_default();
            }
            3 => schedule.retention_num = reader.or_null(days)?,
            4 => schedule.retention_day = reader.or_null(days)?,
            5 => schedule.remain_first_backup_of_cur_month = reader.or_null(Reader::text)?,
            _ => schedule.status = reader.or_null(Reader::text)?.unwrap_or_default(),
        }
        Ok(())
    })?;
    Ok(schedule)
}

/// A count of days or backups (a `u32` on the wire).
fn days(reader: &mut Reader<'_>) -> Result<u32, Error> {
    let number = reader.whole_number("a whole number from 0 to 4294967295", u32::MAX.into())?;
    Ok(u32::try_from(number).unwrap_or(u32::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::read::reference;

    fn same_as_serde(text: &str) -> PolicyList {
        reference::same_as_serde(text, read_policies)
    }

    fn refused(text: &str) -> Error {
        reference::refused(text, read_policies)
    }

    #[test]
    fn reads_the_spec_shape_as_serde_does() {
        let list = same_as_serde(
            r#"{"backup_policies":[{"backup_policy_id":"af8a20b0-117d-4fc3-ae53-aa3968a4f870",
              "backup_policy_name":"plan01","scheduled_policy":{"remain_first_backup_of_curMonth":"Y",
              "rentention_num":10,"frequency":1,"start_time":"12:00","status":"ON"},
              "policy_resource_count":0},
              {"backup_policy_id":"b","scheduled_policy":{"week_frequency":["MON","THU"],
              "rentention_day":4294967295,"status":null},"x":[{"y":null}]}]}"#,
        );
        let [daily, weekly] = &list.backup_policies[..] else {
            panic!("two policies")
        };
        assert_eq!(daily.name, "plan01");
        assert_eq!(daily.schedule.frequency, Some(1));
        assert_eq!(daily.schedule.retention_num, Some(10));
        assert_eq!(daily.schedule.start_time.as_deref(), Some("12:00"));
        assert!(daily.schedule.is_on());
        assert_eq!(weekly.schedule.week_frequency, ["MON", "THU"]);
        assert_eq!(weekly.schedule.retention_day, Some(u32::MAX));
        assert_eq!(weekly.schedule.status, "");
    }

    #[test]
    fn nulls_read_as_serde_does() {
        let list = same_as_serde(
            r#"{"backup_policies":[{"backup_policy_id":"a","backup_policy_name":null,
              "scheduled_policy":null},{"backup_policy_id":"b","scheduled_policy":{"start_time":null,
              "frequency":null,"week_frequency":null,"rentention_num":null,"rentention_day":null,
              "remain_first_backup_of_curMonth":null}}]}"#,
        );
        assert_eq!(list.backup_policies[0].schedule, Schedule::default());
        assert_eq!(list.backup_policies[1].schedule, Schedule::default());
        assert_eq!(
            same_as_serde(r#"{"backup_policies":[]}"#).backup_policies,
            []
        );
    }

    #[test]
    fn errors_name_the_field() {
        let at = |text: &str| refused(text).field().map(str::to_owned);
        assert_eq!(at("{}").as_deref(), Some("."));
        assert_eq!(
            at(r#"{"backup_policies":null}"#).as_deref(),
            Some("backup_policies")
        );
        assert_eq!(
            at(r#"{"backup_policies":[{"backup_policy_id":"a"},{"backup_policy_name":"n"}]}"#)
                .as_deref(),
            Some("backup_policies[1]")
        );
        assert_eq!(
            at(r#"{"backup_policies":[{"backup_policy_id":"a","policy_resource_count":null}]}"#)
                .as_deref(),
            Some("backup_policies[0].policy_resource_count")
        );
        let weekday = r#"{"backup_policies":[{"backup_policy_id":"a",
            "scheduled_policy":{"week_frequency":["MON",1]}}]}"#;
        assert_eq!(
            at(weekday).as_deref(),
            Some("backup_policies[0].scheduled_policy.week_frequency[1]")
        );
        let err = refused(
            r#"{"backup_policies":[{"backup_policy_id":"a","scheduled_policy":{"frequency":4294967296}}]}"#,
        );
        assert_eq!(
            err.field(),
            Some("backup_policies[0].scheduled_policy.frequency")
        );
        assert!(err.to_string().contains("4294967296"), "{err}");
    }

    #[test]
    fn refuses_what_serde_refuses() {
        for body in [
            "",
            "[]",
            "{\"backup_policies\":[]}x",
            "{\"backup_policies\":[],\"backup_policies\":[]}",
            "{\"backup_policies\":[{\"backup_policy_id\":\"a\",\"backup_policy_id\":\"b\"}]}",
            "{\"backup_policies\":[{\"backup_policy_id\":null}]}",
            "{\"backup_policies\":[{\"backup_policy_id\":\"a\",\"policy_resource_count\":-1}]}",
            "{\"backup_policies\":[{\"backup_policy_id\":\"a\",\"policy_resource_count\":1.0}]}",
            "{\"backup_policies\":[{\"backup_policy_id\":\"a\",\"scheduled_policy\":{\"frequency\":1e1}}]}",
            "{\"backup_policies\":[{\"backup_policy_id\":\"a\",\"scheduled_policy\":{\"status\":1}}]}",
            "{\"backup_policies\":[{\"backup_policy_id\":\"a\",\"scheduled_policy\":\"ON\"}]}",
            "{\"backup_policies\":[{\"backup_policy_id\":\"a\"},]}",
        ] {
            refused(body);
        }
    }
}
