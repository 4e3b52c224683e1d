//! The parts of a CBR task's details beyond the row: its fields (operation, resource, vault,
//! policy, times, progress, restore point…) and every `extra_info` block the service sent, each
//! under a heading, its members by their API names.

use yew::prelude::*;

use vbs_tasks::core::cbr::{OperationLog, Resource};

use crate::format::utc_time;
use crate::i18n::{operation_label, resource_type_label, task_duration, Key, Lang};
use vbs_tasks::core::taskrow::TaskRow;

use super::copy_button::copy_button;
use super::task_row::progress_bar;
use super::time_cell::time_text;

/// `—`, what an empty field shows.
fn none() -> Html {
    html! { <span class="muted">{ "\u{2014}" }</span> }
}

/// A term and its value.
fn field(label: &str, value: Html) -> Html {
    html! { <><dt>{ label.to_owned() }</dt><dd>{ value }</dd></> }
}

/// Text, or a dash when it is empty or absent.
fn text(value: Option<&str>) -> Html {
    match value.filter(|value| !value.is_empty()) {
        Some(value) => html! { { value.to_owned() } },
        None => none(),
    }
}

/// An ID in code type with its copy button, or a dash.
fn id(lang: Lang, value: Option<&str>, what: &str) -> Html {
    match value.filter(|value| !value.is_empty()) {
        Some(value) => html! {
            <span class="id-with-copy"><code class="id id--full">{ value.to_owned() }</code>
            { copy_button(lang, value.to_owned().into(), what) }</span>
        },
        None => none(),
    }
}

/// A time in the browser's zone with its exact UTC below.
fn time(lang: Lang, at: Option<vbs_tasks::core::time::Timestamp>, now_ms: f64) -> Html {
    html! {
        <>
            { time_text(lang, at, now_ms) }
            if let Some(at) = at { <div class="muted small">{ utc_time(at) }</div> }
        </>
    }
}

/// The fields of a CBR task, after its failure.
pub(crate) fn cbr_fields(lang: Lang, task: &TaskRow, log: &OperationLog, now_ms: f64) -> Html {
    let resource = log.resource();
    let operation = log
        .operation_type
        .as_ref()
        .map(|op| format!("{} · {}", operation_label(lang, op), op.as_str()));
    let resource_text = resource.map(|resource| {
        let name = resource.name.clone().unwrap_or_default();
        let kind = resource_type_label(lang, &resource.resource_type);
        if name.is_empty() {
            kind.to_owned()
        } else {
            format!("{name} · {kind}")
        }
    });
    let progress = match task.progress {
        Some(percent) => html! {
            <span class="details__progress">{ progress_bar(lang, percent) }{ format!("{percent}%") }</span>
        },
        None => none(),
    };
    html! {
        <dl class="fields">
            { field(lang.t(Key::TaskId), id(lang, Some(&log.id), lang.t(Key::WhatTaskId))) }
            { field(lang.t(Key::Operation), text(operation.as_deref())) }
            { field(lang.t(Key::Resource), text(resource_text.as_deref())) }
            { field(lang.t(Key::ResourceId), id(lang, resource.map(|r| r.id.as_str()), lang.t(Key::WhatResourceId))) }
            { field(lang.t(Key::Vault), text(log.vault_name.as_deref())) }
            { field(lang.t(Key::VaultId), id(lang, log.vault_id.as_deref(), lang.t(Key::WhatVaultId))) }
            { field(lang.t(Key::CbrPolicyId), id(lang, log.policy_id.as_deref(), lang.t(Key::WhatPolicyId))) }
            { field(lang.t(Key::Created), time(lang, Some(log.created_at), now_ms)) }
            { field(lang.t(Key::Started), time(lang, log.started_at, now_ms)) }
            { field(lang.t(Key::Updated), time(lang, log.updated_at, now_ms)) }
            { field(lang.t(Key::Ended), time(lang, log.ended_at, now_ms)) }
            { field(lang.t(Key::Duration), text(task_duration(lang, task, now_ms).map(|(text, _)| text).as_deref())) }
            { field(lang.t(Key::Progress), progress) }
            { field(lang.t(Key::BackupName), text(Some(&task.backup_name))) }
            { field(lang.t(Key::RestorePoint), id(lang, log.checkpoint_id.as_deref(), lang.t(Key::RestorePoint))) }
            { field(lang.t(Key::WhatSubTaskId), id(lang, task.sub_job_id.as_deref(), lang.t(Key::WhatSubTaskId))) }
            { field(lang.t(Key::Provider), text(log.provider_id.as_deref())) }
            { field(lang.t(Key::ProjectIdShort), text(Some(&log.project_id))) }
        </dl>
    }
}

/// One `extra_info` block: its heading, and its members by their API names (`None` members
/// left out).
fn block(name: &'static str, heading: &str, members: Vec<(&'static str, Option<String>)>) -> Html {
    html! {
        <section class="extra" data-block={name} aria-label={heading.to_owned()}>
            <h3 class="extra__title">{ heading.to_owned() }<code class="extra__name">{ name }</code></h3>
            <dl class="fields fields--extra">
                { for members.into_iter().filter_map(|(key, value)| {
                    let value = value?;
                    Some(html! { <><dt><code>{ key }</code></dt><dd>{ if value.is_empty() { none() } else { html! { { value } } } }</dd></> })
                }) }
            </dl>
        </section>
    }
}

/// A resource's members, as `resource` and each of `remove_resources.resources` have them.
fn resource_members(resource: &Resource) -> Vec<(&'static str, Option<String>)> {
    let extra = resource.extra_info.as_ref();
    let list = |items: Vec<String>| (!items.is_empty()).then(|| items.join(", "));
    vec![
        ("id", Some(resource.id.clone())),
        ("name", resource.name.clone()),
        ("type", Some(resource.resource_type.as_str().to_owned())),
        (
            "extra_info.exclude_volumes",
            extra.and_then(|extra| list(extra.exclude_volumes.clone())),
        ),
        (
            "extra_info.include_volumes",
            extra.and_then(|extra| {
                list(
                    extra
                        .include_volumes
                        .iter()
                        .map(|volume| match &volume.os_version {
                            Some(os) => format!("{} ({os})", volume.id),
                            None => volume.id.clone(),
                        })
                        .collect(),
                )
            }),
        ),
    ]
}

fn number(value: Option<u32>) -> Option<String> {
    value.map(|n| n.to_string())
}

/// Every `extra_info` block of `log`, in the contract's order; a note when there is none.
pub(crate) fn extra_blocks(lang: Lang, log: &OperationLog) -> Html {
    let Some(extra) = &log.extra_info else {
        return html! { <p class="muted extra-none">{ lang.t(Key::NoExtraInfo) }</p> };
    };
    let mut blocks = Vec::new();
    if let Some(common) = &extra.common {
        blocks.push(block(
            "common",
            lang.t(Key::ExtraCommon),
            vec![
                ("progress", number(common.progress)),
                ("request_id", Some(common.request_id.clone())),
                ("task_id", common.task_id.clone()),
            ],
        ));
    }
    if let Some(resource) = &extra.resource {
        blocks.push(block(
            "resource",
            lang.t(Key::ExtraResource),
            resource_members(resource),
        ));
    }
    if let Some(backup) = &extra.backup {
        blocks.push(block(
            "backup",
            lang.t(Key::ExtraBackup),
            vec![
                ("backup_id", Some(backup.backup_id.clone())),
                ("backup_name", backup.backup_name.clone()),
                ("incremental", backup.incremental.map(|on| on.to_string())),
                (
                    "app_consistency_status",
                    backup.app_consistency_status.clone(),
                ),
                (
                    "app_consistency_error_code",
                    backup.app_consistency_error_code.clone(),
                ),
                (
                    "app_consistency_error_message",
                    backup.app_consistency_error_message.clone(),
                ),
            ],
        ));
    }
    if let Some(restore) = &extra.restore {
        blocks.push(block(
            "restore",
            lang.t(Key::ExtraRestore),
            vec![
                ("backup_id", restore.backup_id.clone()),
                ("backup_name", restore.backup_name.clone()),
                ("target_resource_id", restore.target_resource_id.clone()),
                ("target_resource_name", restore.target_resource_name.clone()),
            ],
        ));
    }
    if let Some(replication) = &extra.replication {
        blocks.push(block(
            "replication",
            lang.t(Key::ExtraReplication),
            vec![
                (
                    "source_backup_id",
                    Some(replication.source_backup_id.clone()),
                ),
                ("source_backup_name", replication.source_backup_name.clone()),
                (
                    "source_checkpoint_id",
                    replication.source_checkpoint_id.clone(),
                ),
                (
                    "source_project_id",
                    Some(replication.source_project_id.clone()),
                ),
                ("source_region", Some(replication.source_region.clone())),
                (
                    "destination_backup_id",
                    replication.destination_backup_id.clone(),
                ),
                (
                    "destination_backup_name",
                    replication.destination_backup_name.clone(),
                ),
                (
                    "destination_checkpoint_id",
                    replication.destination_checkpoint_id.clone(),
                ),
                (
                    "destination_project_id",
                    Some(replication.destination_project_id.clone()),
                ),
                (
                    "destination_region",
                    Some(replication.destination_region.clone()),
                ),
            ],
        ));
    }
    if let Some(delete) = &extra.delete {
        blocks.push(block(
            "delete",
            lang.t(Key::ExtraDelete),
            vec![
                ("backup_id", Some(delete.backup_id.clone())),
                ("backup_name", Some(delete.backup_name.clone())),
            ],
        ));
    }
    if let Some(sync) = &extra.sync {
        blocks.push(block(
            "sync",
            lang.t(Key::ExtraSync),
            vec![
                ("sync_backup_num", number(sync.sync_backup_num)),
                ("delete_backup_num", number(sync.delete_backup_num)),
                ("err_sync_backup_num", number(sync.err_sync_backup_num)),
            ],
        ));
    }
    if let Some(removed) = &extra.remove_resources {
        let mut members = vec![
            ("fail_count", number(removed.fail_count)),
            ("total_count", number(removed.total_count)),
        ];
        let names: Vec<String> = removed
            .resources
            .iter()
            .map(|resource| match &resource.name {
                Some(name) => format!("{name} ({}, {})", resource.id, resource.resource_type),
                None => format!("{} ({})", resource.id, resource.resource_type),
            })
            .collect();
        members.push(("resources", (!names.is_empty()).then(|| names.join("; "))));
        blocks.push(block(
            "remove_resources",
            lang.t(Key::ExtraRemoveResources),
            members,
        ));
    }
    if let Some(deleted) = &extra.vault_delete {
        blocks.push(block(
            "vault_delete",
            lang.t(Key::ExtraVaultDelete),
            vec![
                ("fail_count", number(deleted.fail_count)),
                ("total_count", number(deleted.total_count)),
            ],
        ));
    }
    html! {
        <section class="extras" aria-label={lang.t(Key::ExtraInfo)}>
            <h3 class="visually-hidden">{ lang.t(Key::ExtraInfo) }</h3>
            { for blocks }
        </section>
    }
}
