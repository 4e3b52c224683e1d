//! CBR's words in both languages: kinds of task, kinds of resource, time-range presets and
//! progress.

use vbs_tasks::core::cbr::{OperationType, ResourceType};

use super::{Key, Lang};
use crate::route::RangePreset;

/// What a kind of task is called; an unknown value is shown as the service sent it.
pub fn operation_label(lang: Lang, operation: &OperationType) -> &str {
    let (en, zh) = match operation {
        OperationType::Backup => ("Backup", "备份"),
        OperationType::Copy => ("Copy", "复制（旧版）"),
        OperationType::Replication => ("Replication", "跨区域复制"),
        OperationType::Delete => ("Backup deletion", "删除备份"),
        OperationType::Restore => ("Restore", "恢复"),
        OperationType::VaultDelete => ("Vault deletion", "删除存储库"),
        OperationType::RemoveResource => ("Resource removal", "移除资源"),
        OperationType::Sync => ("Synchronization", "同步"),
        OperationType::MigrateResources => ("Resource migration", "迁移资源"),
        other => return other.as_str(),
    };
    match lang {
        Lang::En => en,
        Lang::ZhCn => zh,
    }
}

/// What a kind of resource is called; an unknown type is shown as the service sent it.
pub fn resource_type_label(lang: Lang, resource_type: &ResourceType) -> &str {
    let (en, zh) = match resource_type {
        ResourceType::Server => ("Cloud server", "云服务器"),
        ResourceType::Volume => ("Disk", "云硬盘"),
        ResourceType::BareMetalServer => ("Bare-metal server", "裸金属服务器"),
        ResourceType::NativeServer => ("On-premises server", "线下服务器"),
        ResourceType::SfsTurbo => ("SFS Turbo", "SFS Turbo 文件系统"),
        ResourceType::WorkspaceDesktop => ("Workspace desktop", "云桌面"),
        other => return other.as_str(),
    };
    match lang {
        Lang::En => en,
        Lang::ZhCn => zh,
    }
}

/// A time-range preset's name: `Last 7 days` / `最近 7 天`.
pub fn range_label(lang: Lang, preset: RangePreset) -> &'static str {
    lang.t(match preset {
        RangePreset::Last24Hours => Key::Last24Hours,
        RangePreset::Last7Days => Key::Last7Days,
        RangePreset::Last30Days => Key::Last30Days,
    })
}

/// A running task's progress for assistive technology: `Progress 45%` / `进度 45%`.
pub fn progress_label(lang: Lang, percent: u8) -> String {
    format!("{} {percent}%", lang.t(Key::Progress))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_task_and_resource_has_both_languages_and_unknowns_pass_through() {
        for lang in Lang::ALL {
            for operation in OperationType::KNOWN {
                let label = operation_label(lang, operation);
                assert!(!label.is_empty());
                assert_ne!(label, operation.as_str(), "{operation:?} has words");
            }
            for resource_type in ResourceType::KNOWN {
                assert_ne!(
                    resource_type_label(lang, resource_type),
                    resource_type.as_str()
                );
            }
        }
        assert_eq!(operation_label(Lang::ZhCn, &OperationType::Restore), "恢复");
        assert_eq!(
            operation_label(Lang::En, &OperationType::Unknown("archive".into())),
            "archive"
        );
        assert_eq!(
            resource_type_label(Lang::En, &ResourceType::Unknown("OS::New::Thing".into())),
            "OS::New::Thing"
        );
        assert_eq!(
            range_label(Lang::ZhCn, RangePreset::Last24Hours),
            "最近 24 小时"
        );
        assert_eq!(progress_label(Lang::En, 45), "Progress 45%");
        assert_eq!(progress_label(Lang::ZhCn, 45), "进度 45%");
    }
}
