//! CBR's calls on `VbsClient`: the task list (`listOperationLogs`, and `operationLogs`, the
//! iterator of every log), one log (`showOperationLog`), and the vaults and policies a policy
//! filter needs (`listVaults`, `listCbrPolicies`), with their TypeScript declarations.

use futures::StreamExt;
use js_sys::Promise;
use wasm_bindgen::prelude::*;

use super::{convert, error, options, promise, reject, VbsClient, VbsIterator};

#[wasm_bindgen(typescript_custom_section)]
const TS_CBR_TYPES: &'static str = r#"
/** The six statuses of a CBR task (what a `status` filter accepts). */
export type KnownOperationLogStatus = "success" | "skipped" | "failed" | "running" | "timeout" | "waiting";

/** A CBR task's status: one of the six documented values, or a newer value kept as the server sent it. */
export type OperationLogStatus = KnownOperationLogStatus | (string & {});

/** What a CBR task does (what an `operationType` filter accepts). */
export type KnownOperationType =
  | "backup"
  | "copy"
  | "replication"
  | "delete"
  | "restore"
  | "vault_delete"
  | "remove_resource"
  | "sync"
  | "migrate_resources";

/** A CBR task's kind: one of the documented values, or a newer value kept as the server sent it. */
export type OperationType = KnownOperationType | (string & {});

/** The documented resource types: ECS server, EVS disk, bare-metal server, on-premises server, SFS Turbo, Workspace desktop. */
export type KnownResourceType =
  | "OS::Nova::Server"
  | "OS::Cinder::Volume"
  | "OS::Ironic::BareMetalServer"
  | "OS::Native::Server"
  | "OS::Sfs::Turbo"
  | "OS::Workspace::DesktopV2";

/** A resource's type: one of the documented values, or a newer value kept as the server sent it. */
export type ResourceType = KnownResourceType | (string & {});

/**
 * The filters of CBR's task list (`GET /v3/{project_id}/operation-logs`). All optional; they
 * combine with AND. Checked before any request: an invalid one is a `VbsError` of kind
 * `"invalid_input"` naming it.
 */
export interface OperationLogFilters {
  /** Only tasks that started at or after this instant: a `Date`, or `"YYYY-MM-DDTHH:MM:SSZ"` (UTC). A `Date` is sent rounded down to the second. */
  startTime?: Date | string | undefined;
  /** Only tasks that started at or before this instant: a `Date`, or `"YYYY-MM-DDTHH:MM:SSZ"` (UTC). A `Date` is sent rounded up to the second. Not before `startTime`. */
  endTime?: Date | string | undefined;
  /** Only tasks with this status. */
  status?: KnownOperationLogStatus | undefined;
  /** Only tasks of this kind. */
  operationType?: KnownOperationType | undefined;
  /** Only tasks of the vault with this ID. */
  vaultId?: string | undefined;
  /** Only tasks of the vault with this name. */
  vaultName?: string | undefined;
  /** Only tasks on the resource with this ID. */
  resourceId?: string | undefined;
  /** Only tasks on the resource with this name. */
  resourceName?: string | undefined;
  /** Only tasks of this backup provider (what kind of object is backed up). */
  providerId?: string | undefined;
  /** Only tasks of this enterprise project (`"all_granted_eps"`: every one the user may see). */
  enterpriseProjectId?: string | undefined;
}

/** Options of `listOperationLogs()`: the filters, one page's window, and an `AbortSignal`. */
export interface ListOperationLogsOptions extends OperationLogFilters {
  /** Page size, 1 to 1000 (the API's default: 1000). */
  limit?: number | undefined;
  /** Logs to skip, from 0 (a record count, not a page number). */
  offset?: number | undefined;
  /** Aborting it ends the call with a `VbsError` of kind `"aborted"`. */
  signal?: AbortSignal | undefined;
}

/** Options of `operationLogs()`: the filters, the page size of the walk, and an `AbortSignal`. */
export interface OperationLogsOptions extends OperationLogFilters {
  /** Logs per request, 1 to 1000 (default 1000). */
  pageSize?: number | undefined;
  /** Aborting it ends the iteration with a `VbsError` of kind `"aborted"`. */
  signal?: AbortSignal | undefined;
}

/** Options of `showOperationLog()`. */
export interface ShowOperationLogOptions {
  /** Aborting it ends the call with a `VbsError` of kind `"aborted"`. */
  signal?: AbortSignal | undefined;
}

/** A task's error: both `""` when it did not fail. */
export interface OpErrorInfo {
  /** A CBR error code, e.g. `BackupService.7101`. */
  code: string;
  message: string;
}

/** Progress and request IDs of a task. */
export interface OpCommon {
  /** Progress in percent (0–100), as the service sent it. */
  progress?: number;
  /** The request that started the task. */
  requestId: string;
  /** The backup task ID. */
  taskId?: string;
}

/** A volume a backup took in, with its OS. */
export interface IncludeVolume {
  id: string;
  osVersion?: string;
}

/** The volumes a backup left out or took in. */
export interface ResourceExtraInfo {
  excludeVolumes: string[];
  includeVolumes: IncludeVolume[];
}

/** The resource a task works on. */
export interface Resource {
  id: string;
  type: ResourceType;
  name?: string;
  extraInfo?: ResourceExtraInfo;
}

/** A backup's details. */
export interface OpBackup {
  backupId: string;
  /** E.g. `autobk_7c1d`; `manualbk_…` for a manual backup. */
  backupName?: string;
  /** Whether the backup is incremental. */
  incremental?: boolean;
  /** `"1"` for an application-consistent backup, `"0"` otherwise. */
  appConsistencyStatus?: string;
  appConsistencyErrorCode?: string;
  appConsistencyErrorMessage?: string;
}

/** A backup deletion's details. */
export interface OpDelete {
  backupId: string;
  backupName: string;
}

/** A restoration's details. */
export interface OpRestore {
  backupId?: string;
  backupName?: string;
  /** The resource restored to. */
  targetResourceId?: string;
  targetResourceName?: string;
}

/** A replication's details. */
export interface OpReplication {
  sourceBackupId: string;
  sourceProjectId: string;
  sourceRegion: string;
  destinationProjectId: string;
  destinationRegion: string;
  sourceCheckpointId?: string;
  sourceBackupName?: string;
  destinationBackupId?: string;
  destinationCheckpointId?: string;
  destinationBackupName?: string;
}

/** A synchronization's details. */
export interface OpSync {
  syncBackupNum?: number;
  deleteBackupNum?: number;
  errSyncBackupNum?: number;
}

/** The resources a `remove_resource` task removed from a vault. */
export interface OpRemoveResources {
  /** Resources that failed to be removed. */
  failCount?: number;
  /** Backups deleted. */
  totalCount?: number;
  resources: Resource[];
}

/** A vault deletion's details (read from `fail_delete_count`/`total_delete_count` or `fail_count`/`total_count`). */
export interface OpVaultDelete {
  /** Resources that failed to be deleted. */
  failCount?: number;
  /** Backups deleted. */
  totalCount?: number;
}

/** A task's details: the common part, the resource, and the block of its kind. */
export interface OpExtraInfo {
  common?: OpCommon;
  resource?: Resource;
  backup?: OpBackup;
  delete?: OpDelete;
  restore?: OpRestore;
  replication?: OpReplication;
  sync?: OpSync;
  removeResources?: OpRemoveResources;
  vaultDelete?: OpVaultDelete;
}

/** One CBR task. Times are UTC instants; an optional member is absent when the service sent none (or `null`). */
export interface OperationLog {
  id: string;
  /** The project (`""` if the service left it out). */
  projectId: string;
  status: OperationLogStatus;
  operationType?: OperationType;
  createdAt: Date;
  startedAt?: Date;
  updatedAt?: Date;
  /** Absent while the task runs or waits. */
  endedAt?: Date;
  /** The restore point (backup record). */
  checkpointId?: string;
  /** The policy that started it; absent for a manual task. */
  policyId?: string;
  providerId?: string;
  vaultId?: string;
  vaultName?: string;
  /** Why it failed: both members `""` when it did not. */
  errorInfo: OpErrorInfo;
  extraInfo?: OpExtraInfo;
}

/** Options of `listVaults()`: the filters a task view needs, one page's window, and an `AbortSignal`. */
export interface ListVaultsOptions {
  /** Only the vaults this policy is applied to. */
  policyId?: string | undefined;
  /** Only vaults of this name. */
  name?: string | undefined;
  /** Page size, 1 to 1000 (the API's default: 1000). */
  limit?: number | undefined;
  /** Vaults to skip. */
  offset?: number | undefined;
  /** Aborting it ends the call with a `VbsError` of kind `"aborted"`. */
  signal?: AbortSignal | undefined;
}

/** What a CBR policy does (what an `operationType` filter of `listCbrPolicies()` accepts). */
export type KnownCbrPolicyOperationType = "backup" | "replication";

/** A CBR policy's kind: one of the documented values, or a newer value kept as the server sent it. */
export type CbrPolicyOperationType = KnownCbrPolicyOperationType | (string & {});

/** Options of `listCbrPolicies()`: its two filters, and an `AbortSignal`. */
export interface ListCbrPoliciesOptions {
  /** Only backup or only replication policies. */
  operationType?: KnownCbrPolicyOperationType | undefined;
  /** Only the policies applied to this vault. */
  vaultId?: string | undefined;
  /** Aborting it ends the call with a `VbsError` of kind `"aborted"`. */
  signal?: AbortSignal | undefined;
}

/** A vault's capacity and state, as the service writes them. */
export interface VaultBilling {
  /** `"server"`, `"disk"`, `"turbo"`, `"workspace"`, `"vmware"`, `"rds"`, `"file"`, … */
  objectType?: string;
  /** `"backup"` or `"replication"`. */
  protectType?: string;
  /** `"available"`, `"lock"`, `"frozen"`, `"deleting"`, `"error"`, … */
  status?: string;
  /** Capacity in GB. */
  size?: number;
  /** Space used, in MB. */
  used?: number;
}

/** A resource bound to a vault. */
export interface VaultResource {
  id: string;
  name?: string;
  type: ResourceType;
  /** `"available"`, `"error"`, `"protecting"`, … */
  protectStatus?: string;
}

/** A CBR vault: where a resource's backups are kept. */
export interface Vault {
  id: string;
  name: string;
  projectId: string;
  /** What kind of resources it backs up (a provider ID). */
  providerId: string;
  enterpriseProjectId?: string;
  createdAt?: Date;
  billing?: VaultBilling;
  resources: VaultResource[];
}

/** One page of vaults. */
export interface VaultList {
  /** How many vaults match, over all pages. */
  count: number;
  vaults: Vault[];
  /** The page size the service applied, when it says. */
  limit?: number;
  /** The offset the service applied, when it says. */
  offset?: number;
}

/** A vault a CBR policy is applied to. */
export interface AssociatedVault {
  vaultId: string;
  /** For a replication policy: where replicas go. */
  destinationVaultId?: string;
}

/** A CBR policy: when backups or replications run, for which vaults. */
export interface CbrPolicy {
  id: string;
  name: string;
  operationType: CbrPolicyOperationType;
  enabled: boolean;
  /** `"custom_policy"`, `"organization_policy_v1"`, … */
  policyType?: string;
  associatedVaults: AssociatedVault[];
}

/** The project's CBR policies (the list has no paging). */
export interface CbrPolicyList {
  count: number;
  policies: CbrPolicy[];
}

/** One page of CBR tasks. */
export interface OperationLogPage {
  /** How many tasks match the filters, over all pages. */
  count: number;
  operationLogs: OperationLog[];
  /** The page size the service applied, when it says. */
  limit?: number;
  /** The offset the service applied, when it says. */
  offset?: number;
}
"#;

#[wasm_bindgen]
impl VbsClient {
    /// One page of CBR's task list (`GET /v3/{project_id}/operation-logs`): `{ count,
    /// operationLogs }`. Invalid options reject before any request.
    #[wasm_bindgen(
        js_name = listOperationLogs,
        unchecked_return_type = "Promise<OperationLogPage>"
    )]
    pub fn list_operation_logs(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ListOperationLogsOptions")]
        options: JsValue,
    ) -> Promise {
        let (query, request) = match options::list_operation_logs(&options) {
            Ok(prepared) => prepared,
            Err(error) => return reject(&error),
        };
        let client = self.client.clone();
        promise(async move {
            client
                .list_operation_logs_with(&query, &request)
                .await
                .and_then(|page| convert::cbr::op_log_page(&page))
                .map_err(|error| error::to_js(&error))
        })
    }

    /// Every CBR task that matches the filters, across all pages, as an async iterator (`for await
    /// … of`): each log once, in the service's order. A server that ignores `offset` ends the
    /// walk with a `VbsError` instead of repeating its page. Invalid options throw at once.
    #[wasm_bindgen(
        js_name = operationLogs,
        unchecked_return_type = "AsyncIterableIterator<OperationLog>"
    )]
    pub fn operation_logs(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "OperationLogsOptions")] options: JsValue,
    ) -> Result<VbsIterator, JsValue> {
        let (query, request) =
            options::operation_logs(&options).map_err(|error| error::to_js(&error))?;
        let signal = request.get_signal().cloned();
        let stream = self
            .client
            .operation_logs_with(&query, request)
            .map(|log| log.and_then(|log| convert::cbr::operation_log(&log)));
        Ok(VbsIterator::new(stream.boxed_local(), signal))
    }

    /// One CBR task by its ID (`GET /v3/{project_id}/operation-logs/{id}`); an unknown ID is a
    /// `VbsError` of kind `"http"`, status 404.
    #[wasm_bindgen(
        js_name = showOperationLog,
        unchecked_return_type = "Promise<OperationLog>"
    )]
    pub fn show_operation_log(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ShowOperationLogOptions")] options: JsValue,
    ) -> Promise {
        let prepared =
            options::operation_log_id(&id).and_then(|id| Ok((id, options::signal_only(&options)?)));
        let (id, request) = match prepared {
            Ok(prepared) => prepared,
            Err(error) => return reject(&error),
        };
        let client = self.client.clone();
        promise(async move {
            client
                .show_operation_log_with(&id, &request)
                .await
                .and_then(|log| convert::cbr::operation_log(&log))
                .map_err(|error| error::to_js(&error))
        })
    }

    /// One page of the project's CBR vaults (`GET /v3/{project_id}/vaults`): `{ count, vaults }`.
    /// With `policyId`, the vaults a policy is applied to: the way from a policy to its tasks
    /// (`operationLogs({ vaultId })` of each, kept where `policyId` matches).
    #[wasm_bindgen(js_name = listVaults, unchecked_return_type = "Promise<VaultList>")]
    pub fn list_vaults(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ListVaultsOptions")] options: JsValue,
    ) -> Promise {
        let (query, request) = match options::list_vaults(&options) {
            Ok(prepared) => prepared,
            Err(error) => return reject(&error),
        };
        let client = self.client.clone();
        promise(async move {
            client
                .list_vaults_with(&query, &request)
                .await
                .and_then(|list| convert::vaults::vault_list(&list))
                .map_err(|error| error::to_js(&error))
        })
    }

    /// The project's CBR policies (`GET /v3/{project_id}/policies`): `{ count, policies }`.
    #[wasm_bindgen(
        js_name = listCbrPolicies,
        unchecked_return_type = "Promise<CbrPolicyList>"
    )]
    pub fn list_cbr_policies(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ListCbrPoliciesOptions")] options: JsValue,
    ) -> Promise {
        let (query, request) = match options::list_cbr_policies(&options) {
            Ok(prepared) => prepared,
            Err(error) => return reject(&error),
        };
        let client = self.client.clone();
        promise(async move {
            client
                .list_cbr_policies_with(&query, &request)
                .await
                .and_then(|list| convert::vaults::cbr_policy_list(&list))
                .map_err(|error| error::to_js(&error))
        })
    }
}
