//! Cloud Backup and Recovery (CBR): the task list `GET /v3/{project_id}/operation-logs`
//! ("ListOpLogs") and its siblings, the successor of VBS's backup-task list.
//!
//! [`OpLogQuery`] and [`CbrPath`] are the request side, [`OperationLog`] and [`OpLogPage`] the
//! response, [`Vault`] and [`CbrPolicy`] what a filter by vault or policy needs (§8); the decoder lives with the VBS ones in `core::read` and follows their rules. The
//! contract is `cbr-operation-logs.md`; where it recommends (REC) a choice, this code makes it.

pub mod model;
pub mod query;
pub mod vaults;
pub mod write;

pub use model::{
    IncludeVolume, OpBackup, OpCommon, OpDelete, OpErrorInfo, OpExtraInfo, OpLogPage, OpLogStatus,
    OpRemoveResources, OpReplication, OpRestore, OpSync, OpVaultDelete, OperationLog,
    OperationType, Resource, ResourceExtraInfo, ResourceType,
};
pub use query::{CbrPath, OpLogQuery};
pub use vaults::{
    AssociatedVault, CbrPolicy, CbrPolicyList, CbrPolicyQuery, Vault, VaultBilling, VaultList,
    VaultQuery, VaultResource,
};
pub use write::ShowOpLog;
