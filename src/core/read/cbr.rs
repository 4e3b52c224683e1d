//! CBR's task-list bodies: `{"count": …, "operation_logs": [ … ]}` (ListOpLogs) and
//! `{"operation_log": { … }}` (ShowOpLog), read by the same one-pass [`Reader`] and rules as the
//! VBS bodies: a decode error names the field path, a member given twice is refused, unknown
//! members are skipped (without recursion, so no nesting depth can exhaust the stack: the shapes
//! below are of fixed depth, and anything else is skipped by the iterative `skip_value`).

use super::{read_body, Reader};
use crate::core::cbr::model::{
    IncludeVolume, OpBackup, OpCommon, OpDelete, OpErrorInfo, OpExtraInfo, OpLogPage, OpLogStatus,
    OpRemoveResources, OpReplication, OpRestore, OpSync, OpVaultDelete, OperationLog,
    OperationType, Resource, ResourceExtraInfo, ResourceType,
};
use crate::core::error::Error;
use crate::core::time::Timestamp;

/// Decodes a ListOpLogs body that is already known to be UTF-8.
pub(crate) fn read_page(text: &str) -> Result<OpLogPage, Error> {
    read_body(text, page)
}

/// Decodes a ShowOpLog body that is already known to be UTF-8.
pub(crate) fn read_one(text: &str) -> Result<OperationLog, Error> {
    read_body(text, |reader| {
        let mut log = None;
        let seen = reader.members("the body object", &["operation_log"], |reader, _| {
            log = Some(operation_log(reader)?);
            Ok(())
        })?;
        reader.require(seen, &["operation_log"], 1)?;
        log.ok_or_else(|| reader.fail(&["missing field `operation_log`"]))
    })
}

const PAGE_FIELDS: [&str; 4] = ["count", "operation_logs", "limit", "offset"];

fn page(reader: &mut Reader<'_>) -> Result<OpLogPage, Error> {
    let mut page = OpLogPage::new(0, Vec::new());
    let seen = reader.members("the page object", &PAGE_FIELDS, |reader, field| {
        match field {
            0 => page.count = reader.whole_number("a whole number of tasks", u64::MAX)?,
            1 => {
                // A log takes ~1 KB of the body: room for what is left of it at 1 KB a log.
                let capacity = (reader.text.len() - reader.at) / 1024;
                page.operation_logs =
                    reader.array_of("an array of operation logs", capacity, operation_log)?;
            }
            2 => page.limit = count(reader)?,
            _ => page.offset = count(reader)?,
        }
        Ok(())
    })?;
    reader.require(seen, &PAGE_FIELDS, 2)?;
    Ok(page)
}

/// A log's fields in the order the emulator writes them (the reader guesses the next key from it).
const LOG_FIELDS: [&str; 15] = [
    "id",
    "project_id",
    "operation_type",
    "status",
    "created_at",
    "started_at",
    "updated_at",
    "ended_at",
    "checkpoint_id",
    "policy_id",
    "provider_id",
    "vault_id",
    "vault_name",
    "error_info",
    "extra_info",
];
/// What a log cannot be shown without (see the model's docs for why only these).
const REQUIRED_LOG_FIELDS: [usize; 3] = [0, 3, 4];

fn operation_log(reader: &mut Reader<'_>) -> Result<OperationLog, Error> {
    let mut log = OperationLog::new(String::new(), OpLogStatus::Waiting, Timestamp::UNIX_EPOCH);
    let seen = reader.members("an operation log object", &LOG_FIELDS, |reader, field| {
        match field {
            0 => log.id = reader.text()?,
            1 => log.project_id = empty_if_null(reader)?,
            2 => {
                log.operation_type =
                    reader.or_null(|r| Ok(OperationType::from_wire(&r.string_value()?)))?
            }
            3 => log.status = OpLogStatus::from_wire(&reader.string_value()?),
            4 => log.created_at = timestamp(reader)?,
            5 => log.started_at = reader.or_null(timestamp)?,
            6 => log.updated_at = reader.or_null(timestamp)?,
            7 => log.ended_at = reader.or_null(timestamp)?,
            8 => log.checkpoint_id = reader.or_null(Reader::text)?,
            9 => log.policy_id = reader.or_null(Reader::text)?,
            10 => log.provider_id = reader.or_null(Reader::text)?,
            11 => log.vault_id = reader.or_null(Reader::text)?,
            12 => log.vault_name = reader.or_null(Reader::text)?,
            13 => log.error_info = reader.or_null(error_info)?.unwrap_or_default(),
            _ => log.extra_info = reader.or_null(extra_info)?,
        }
        Ok(())
    })?;
    for field in REQUIRED_LOG_FIELDS {
        if seen & (1 << field) == 0 {
            return Err(reader.fail(&["missing field `", LOG_FIELDS[field], "`"]));
        }
    }
    Ok(log)
}

fn error_info(reader: &mut Reader<'_>) -> Result<OpErrorInfo, Error> {
    let mut info = OpErrorInfo::default();
    reader.members(
        "an error_info object",
        &["code", "message"],
        |reader, field| {
            let value = empty_if_null(reader)?;
            match field {
                0 => info.code = value,
                _ => info.message = value,
            }
            Ok(())
        },
    )?;
    Ok(info)
}

const EXTRA_FIELDS: [&str; 9] = [
    "common",
    "resource",
    "backup",
    "delete",
    "restore",
    "replication",
    "sync",
    "remove_resources",
    "vault_delete",
];

fn extra_info(reader: &mut Reader<'_>) -> Result<OpExtraInfo, Error> {
    let mut extra = OpExtraInfo::default();
    reader.members("an extra_info object", &EXTRA_FIELDS, |reader, field| {
        match field {
            0 => extra.common = reader.or_null(common)?,
            1 => extra.resource = reader.or_null(resource)?,
            2 => extra.backup = reader.or_null(backup)?,
            3 => extra.delete = reader.or_null(delete)?,
            4 => extra.restore = reader.or_null(restore)?,
            5 => extra.replication = reader.or_null(replication)?,
            6 => extra.sync = reader.or_null(sync)?,
            7 => extra.remove_resources = reader.or_null(remove_resources)?,
            _ => extra.vault_delete = reader.or_null(vault_delete)?,
        }
        Ok(())
    })?;
    Ok(extra)
}

fn common(reader: &mut Reader<'_>) -> Result<OpCommon, Error> {
    let mut common = OpCommon::default();
    let names = ["progress", "request_id", "task_id"];
    reader.members("a common object", &names, |reader, field| {
        match field {
            0 => common.progress = count(reader)?,
            1 => common.request_id = empty_if_null(reader)?,
            _ => common.task_id = reader.or_null(Reader::text)?,
        }
        Ok(())
    })?;
    Ok(common)
}

const RESOURCE_FIELDS: [&str; 4] = ["id", "type", "name", "extra_info"];

/// A resource: its ID and type are required (they are what a row shows of it).
fn resource(reader: &mut Reader<'_>) -> Result<Resource, Error> {
    let mut resource = Resource::new(String::new(), ResourceType::Unknown(String::new()));
    let seen = reader.members("a resource object", &RESOURCE_FIELDS, |reader, field| {
        match field {
            0 => resource.id = reader.text()?,
            1 => resource.resource_type = ResourceType::from_wire(&reader.string_value()?),
            2 => resource.name = reader.or_null(Reader::text)?,
            _ => resource.extra_info = reader.or_null(resource_extra_info)?,
        }
        Ok(())
    })?;
    reader.require(seen, &RESOURCE_FIELDS, 2)?;
    Ok(resource)
}

fn resource_extra_info(reader: &mut Reader<'_>) -> Result<ResourceExtraInfo, Error> {
    let mut info = ResourceExtraInfo::default();
    let names = ["exclude_volumes", "include_volumes"];
    reader.members("a resource extra_info object", &names, |reader, field| {
        match field {
            0 => {
                info.exclude_volumes = reader
                    .or_null(|r| r.array_of("an array of volume IDs", 0, Reader::text))?
                    .unwrap_or_default()
            }
            _ => {
                info.include_volumes = reader
                    .or_null(|r| r.array_of("an array of volumes", 0, include_volume))?
                    .unwrap_or_default()
            }
        }
        Ok(())
    })?;
    Ok(info)
}

fn include_volume(reader: &mut Reader<'_>) -> Result<IncludeVolume, Error> {
    let mut volume = IncludeVolume::default();
    let names = ["id", "os_version"];
    let seen = reader.members("a volume object", &names, |reader, field| {
        match field {
            0 => volume.id = reader.text()?,
            _ => volume.os_version = reader.or_null(Reader::text)?,
        }
        Ok(())
    })?;
    reader.require(seen, &names, 1)?;
    Ok(volume)
}

const BACKUP_FIELDS: [&str; 6] = [
    "backup_id",
    "backup_name",
    "incremental",
    "app_consistency_status",
    "app_consistency_error_code",
    "app_consistency_error_message",
];

fn backup(reader: &mut Reader<'_>) -> Result<OpBackup, Error> {
    let mut backup = OpBackup::default();
    reader.members("a backup object", &BACKUP_FIELDS, |reader, field| {
        match field {
            0 => backup.backup_id = empty_if_null(reader)?,
            1 => backup.backup_name = reader.or_null(Reader::text)?,
            2 => backup.incremental = reader.or_null(incremental)?,
            3 => backup.app_consistency_status = reader.or_null(Reader::text)?,
            4 => backup.app_consistency_error_code = reader.or_null(Reader::text)?,
            _ => backup.app_consistency_error_message = reader.or_null(Reader::text)?,
        }
        Ok(())
    })?;
    Ok(backup)
}

/// `incremental` in each of its documented forms (§10 Q16): a JSON boolean, the string
/// `"true"`/`"false"`, or the API reference's quoted-quote string `"\"true\""`/`"\"false\""`.
fn incremental(reader: &mut Reader<'_>) -> Result<bool, Error> {
    if reader.peek() != Some(b'"') {
        return reader.boolean();
    }
    let start = reader.at;
    let value = reader.string_value()?;
    match value.as_ref() {
        "true" | "\"true\"" => Ok(true),
        "false" | "\"false\"" => Ok(false),
        _ => {
            let found = crate::core::model::excerpt(&value, 40);
            reader.at = start;
            Err(reader.fail(&["expected true or false, found \"", &found, "\""]))
        }
    }
}

fn delete(reader: &mut Reader<'_>) -> Result<OpDelete, Error> {
    let mut delete = OpDelete::default();
    let names = ["backup_id", "backup_name"];
    reader.members("a delete object", &names, |reader, field| {
        let value = empty_if_null(reader)?;
        match field {
            0 => delete.backup_id = value,
            _ => delete.backup_name = value,
        }
        Ok(())
    })?;
    Ok(delete)
}

fn restore(reader: &mut Reader<'_>) -> Result<OpRestore, Error> {
    let mut restore = OpRestore::default();
    let names = [
        "backup_id",
        "backup_name",
        "target_resource_id",
        "target_resource_name",
    ];
    reader.members("a restore object", &names, |reader, field| {
        let value = reader.or_null(Reader::text)?;
        match field {
            0 => restore.backup_id = value,
            1 => restore.backup_name = value,
            2 => restore.target_resource_id = value,
            _ => restore.target_resource_name = value,
        }
        Ok(())
    })?;
    Ok(restore)
}

const REPLICATION_FIELDS: [&str; 10] = [
    "source_backup_id",
    "source_project_id",
    "source_region",
    "destination_project_id",
    "destination_region",
    "source_checkpoint_id",
    "source_backup_name",
    "destination_backup_id",
    "destination_checkpoint_id",
    "destination_backup_name",
];

fn replication(reader: &mut Reader<'_>) -> Result<OpReplication, Error> {
    let mut r = OpReplication::default();
    reader.members(
        "a replication object",
        &REPLICATION_FIELDS,
        |reader, field| {
            let value = reader.or_null(Reader::text)?;
            match field {
                0 => r.source_backup_id = value.unwrap_or_default(),
                1 => r.source_project_id = value.unwrap_or_default(),
                2 => r.source_region = value.unwrap_or_default(),
                3 => r.destination_project_id = value.unwrap_or_default(),
                4 => r.destination_region = value.unwrap_or_default(),
                5 => r.source_checkpoint_id = value,
                6 => r.source_backup_name = value,
                7 => r.destination_backup_id = value,
                8 => r.destination_checkpoint_id = value,
                _ => r.destination_backup_name = value,
            }
            Ok(())
        },
    )?;
    Ok(r)
}

fn sync(reader: &mut Reader<'_>) -> Result<OpSync, Error> {
    let mut sync = OpSync::default();
    let names = [
        "sync_backup_num",
        "delete_backup_num",
        "err_sync_backup_num",
    ];
    reader.members("a sync object", &names, |reader, field| {
        let value = count(reader)?;
        match field {
            0 => sync.sync_backup_num = value,
            1 => sync.delete_backup_num = value,
            _ => sync.err_sync_backup_num = value,
        }
        Ok(())
    })?;
    Ok(sync)
}

fn remove_resources(reader: &mut Reader<'_>) -> Result<OpRemoveResources, Error> {
    let mut removed = OpRemoveResources::default();
    let names = ["fail_count", "total_count", "resources"];
    reader.members("a remove_resources object", &names, |reader, field| {
        match field {
            0 => removed.fail_count = count(reader)?,
            1 => removed.total_count = count(reader)?,
            _ => {
                removed.resources = reader
                    .or_null(|r| r.array_of("an array of resources", 0, resource))?
                    .unwrap_or_default()
            }
        }
        Ok(())
    })?;
    Ok(removed)
}

/// The counters under either pair of names (§10 Q17): `*_delete_count` first.
fn vault_delete(reader: &mut Reader<'_>) -> Result<OpVaultDelete, Error> {
    let mut counts = [None; 4];
    let names = [
        "fail_count",
        "total_count",
        "fail_delete_count",
        "total_delete_count",
    ];
    reader.members("a vault_delete object", &names, |reader, field| {
        counts[field] = count(reader)?;
        Ok(())
    })?;
    let [fail, total, fail_delete, total_delete] = counts;
    Ok(OpVaultDelete {
        fail_count: fail_delete.or(fail),
        total_count: total_delete.or(total),
    })
}

/// An optional int32 count, never negative.
pub(super) fn count(reader: &mut Reader<'_>) -> Result<Option<u32>, Error> {
    reader.or_null(|reader| {
        let value = reader.whole_number("a whole number from 0 to 2147483647", i32::MAX as u64)?;
        // The bound above makes this lossless.
        Ok(value as u32)
    })
}

/// A text member that reads `null` as empty.
pub(super) fn empty_if_null(reader: &mut Reader<'_>) -> Result<String, Error> {
    Ok(reader.or_null(Reader::text)?.unwrap_or_default())
}

/// A timestamp in any of the three forms of the contract (§3.5), read in place when it can be.
pub(super) fn timestamp(reader: &mut Reader<'_>) -> Result<Timestamp, Error> {
    reader.timestamp(Timestamp::parse_zoned)
}

#[cfg(test)]
mod tests;
