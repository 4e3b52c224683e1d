// Hand-checked: the class and types come from the wasm-bindgen declarations (`vbs_tasks.d.ts`,
// generated from src/js/), `VbsError` is declared here (it is defined in vbs.js).
import type { VbsErrorKind } from "./vbs_tasks.js";

export { VbsClient } from "./vbs_tasks.js";
export type {
  IterateOptions,
  KnownTaskStatus,
  ListPoliciesOptions,
  ListTasksOptions,
  Paging,
  Policy,
  Schedule,
  SortDir,
  SortKey,
  Task,
  TaskPage,
  TaskStatus,
  VbsClientOptions,
  VbsErrorKind,
} from "./vbs_tasks.js";
// CBR (Cloud Backup and Recovery): the task list, its vaults and policies.
export type {
  AssociatedVault,
  CbrPolicy,
  CbrPolicyList,
  CbrPolicyOperationType,
  IncludeVolume,
  KnownCbrPolicyOperationType,
  KnownOperationLogStatus,
  KnownOperationType,
  KnownResourceType,
  ListCbrPoliciesOptions,
  ListOperationLogsOptions,
  ListVaultsOptions,
  OpBackup,
  OpCommon,
  OpDelete,
  OpErrorInfo,
  OpExtraInfo,
  OpRemoveResources,
  OpReplication,
  OpRestore,
  OpSync,
  OpVaultDelete,
  OperationLog,
  OperationLogFilters,
  OperationLogPage,
  OperationLogStatus,
  OperationLogsOptions,
  OperationType,
  Resource,
  ResourceExtraInfo,
  ResourceType,
  ShowOperationLogOptions,
  Vault,
  VaultBilling,
  VaultList,
  VaultResource,
} from "./vbs_tasks.js";

/** What a `VbsError` is made from. */
export interface VbsErrorInit {
  kind: VbsErrorKind;
  message: string;
  status?: number;
  code?: string;
  requestId?: string;
}

/** Every failure of a `VbsClient` call: an `Error` with what a caller needs to act on it. */
export declare class VbsError extends Error {
  constructor(init: VbsErrorInit);
  /** `"VbsError"`. */
  readonly name: "VbsError";
  /** What kind of failure: refused input, an HTTP error status, no answer, timeout, abort, a bad body. */
  readonly kind: VbsErrorKind;
  /** The HTTP status, for kind `"http"`. */
  readonly status?: number;
  /** The API's error code (`AutoBackup.0205`, `BackupService.6500`, `APIGW.0301`), when the body had one. */
  readonly code?: string;
  /** The API gateway's request id, when it sent one: quote it to support. */
  readonly requestId?: string;
}
