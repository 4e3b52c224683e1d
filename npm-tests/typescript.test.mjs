// The TypeScript consumer: the packed package installed into a temporary project and type-checked
// with `tsc --noEmit --strict`. A file using the whole API compiles (with Node and bundler module
// resolution); wrong option names and types each fail to compile.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { BIN, installPackedPackage } from "./helpers.mjs";

let install;

before(() => {
  install = installPackedPackage("ts");
});
after(() => install?.cleanup());

function tsc(files, moduleResolution) {
  const config = {
    compilerOptions: {
      strict: true,
      // The strictest setting a consumer may use: an optional option may be given as undefined.
      exactOptionalPropertyTypes: true,
      noEmit: true,
      target: "ES2022",
      module: moduleResolution === "Bundler" ? "ESNext" : "NodeNext",
      moduleResolution,
      lib: ["ES2022", "DOM"],
      types: [],
      skipLibCheck: false,
    },
    files,
  };
  const path = join(install.project, `tsconfig.${moduleResolution}.${files.join("-")}.json`);
  writeFileSync(path, JSON.stringify(config, null, 2));
  const run = spawnSync(join(BIN, "tsc"), ["--noEmit", "--strict", "-p", path], { cwd: install.project, encoding: "utf8" });
  return { status: run.status, output: run.stdout + run.stderr };
}

const GOOD = `
import { VbsClient, VbsError } from "vbs-tasks";
import type {
  IterateOptions, KnownTaskStatus, ListTasksOptions, Policy, Task, TaskPage, TaskStatus, VbsClientOptions, VbsErrorKind,
} from "vbs-tasks";
import type {
  AssociatedVault, CbrPolicy, CbrPolicyList, CbrPolicyOperationType, IncludeVolume, KnownCbrPolicyOperationType,
  KnownOperationLogStatus, KnownOperationType, KnownResourceType, ListCbrPoliciesOptions, ListOperationLogsOptions,
  ListVaultsOptions, OpBackup, OpCommon, OpDelete, OpErrorInfo, OpExtraInfo, OpRemoveResources, OpReplication, OpRestore,
  OpSync, OpVaultDelete, OperationLog, OperationLogFilters, OperationLogPage, OperationLogStatus, OperationLogsOptions,
  OperationType, Resource, ResourceExtraInfo, ResourceType, ShowOperationLogOptions, Vault, VaultBilling, VaultList,
  VaultResource,
} from "vbs-tasks";

const options: VbsClientOptions = {
  endpoint: "https://vbs.cn-north-1.myhuaweicloud.com",
  projectId: "0605767e9a80d5f52f8cc00f94d4e2fb",
  token: "t",
  timeoutMs: 30000,
  retries: 3,
};
const client = new VbsClient(options);
new VbsClient({ endpoint: "/vbs", projectId: "p", accessKey: "a", secretKey: "s", securityToken: "x" });
// As the README writes it (token: process.env.VBS_TOKEN): a value that may be undefined.
declare const maybeToken: string | undefined;
new VbsClient({ endpoint: "/vbs", projectId: "p", token: maybeToken, timeoutMs: undefined, retries: undefined });

export async function run(policyId: string, signal: AbortSignal): Promise<number> {
  const listOptions: ListTasksOptions = {
    status: "EXECUTE_FAIL", jobId: "j", sortDir: "asc", sortKey: "created_at", limit: 50, offset: 0, marker: undefined, signal,
  };
  const page: TaskPage = await client.listTasks(policyId, listOptions);
  const count: number = page.count;
  const task: Task | undefined = page.tasks[0];
  if (task) {
    const created: Date = task.createdAt;
    const finished: Date | undefined = task.finishedAt;
    const status: TaskStatus = task.status;
    const known: boolean = status === "SKIP" || status === "EXECUTE_PARTIAL";
    const text: string = task.jobId + task.backupName + task.resourceId + task.resourceType;
    const optional: (string | undefined)[] = [task.vbsJobId, task.message, task.code];
    void [created, finished, known, text, optional];
  }
  const iterate: IterateOptions = { status: "RUNNING", pageSize: 100, paging: "marker", signal };
  void client.tasks(policyId, { status: undefined, jobId: undefined, pageSize: undefined, signal: undefined });
  void client.listPolicies({ signal: undefined });
  for await (const each of client.tasks(policyId, iterate)) {
    const when: number = each.createdAt.getTime();
    void when;
  }
  for await (const each of client.pages(policyId, { pageSize: 100 })) {
    const tasks: Task[] = each.tasks;
    void tasks;
  }
  const iterator = client.tasks(policyId);
  const first: IteratorResult<Task> = await iterator.next();
  void first;
  const policies: Policy[] = await client.listPolicies();
  const schedule: string = policies[0]?.schedule.status ?? "OFF";
  const resources: number | undefined = policies[0]?.resourceCount;
  void [schedule, resources, client.listPolicies({ signal })];
  const filter: KnownTaskStatus = "WAITING";
  void filter;
  try {
    await client.listTasks(policyId);
  } catch (error) {
    if (error instanceof VbsError) {
      const kind: VbsErrorKind = error.kind;
      const status: number | undefined = error.status;
      const code: string | undefined = error.code;
      const requestId: string | undefined = error.requestId;
      const message: string = error.message;
      const asError: Error = error;
      void [kind, status, code, requestId, message, asError];
      switch (error.kind) {
        case "invalid_input": case "http": case "network": case "timeout": case "aborted": case "decode": break;
        default: { const never: never = error.kind; void never; }
      }
    }
  }
  const made = new VbsError({ kind: "timeout", message: "slow" });
  void made;
  return count;
}

// CBR's calls and types.
export async function cbr(signal: AbortSignal): Promise<number> {
  const filters: OperationLogFilters = {
    startTime: new Date(Date.now() - 7 * 86400_000), endTime: "2026-11-20T00:00:00Z", status: "failed",
    operationType: "vault_delete", vaultId: "v", vaultName: "n", resourceId: "r", resourceName: "x",
    providerId: "d1603440-187d-4516-af25-121250c7cc97", enterpriseProjectId: "all_granted_eps",
  };
  const listOptions: ListOperationLogsOptions = { ...filters, limit: 1000, offset: 0, signal };
  const page: OperationLogPage = await client.listOperationLogs(listOptions);
  const total: number = page.count;
  const echoed: [number | undefined, number | undefined] = [page.limit, page.offset];
  const log: OperationLog | undefined = page.operationLogs[0];
  if (log) {
    const created: Date = log.createdAt;
    const times: (Date | undefined)[] = [log.startedAt, log.updatedAt, log.endedAt];
    const status: OperationLogStatus = log.status;
    const known: boolean = status === "success" || status === "partially_done";
    const kind: OperationType | undefined = log.operationType;
    const isRestore: boolean = kind === "restore" || kind === "archive";
    const text: string = log.id + log.projectId + log.errorInfo.code + log.errorInfo.message;
    const optional: (string | undefined)[] = [log.checkpointId, log.policyId, log.providerId, log.vaultId, log.vaultName];
    const extra: OpExtraInfo | undefined = log.extraInfo;
    const progress: number | undefined = extra?.common?.progress;
    const requestId: string | undefined = extra?.common?.requestId;
    const resource: Resource | undefined = extra?.resource;
    const type: ResourceType | undefined = resource?.type;
    const isDisk: boolean = type === "OS::Cinder::Volume" || type === "OS::Future::Thing";
    const volumes: string[] | undefined = resource?.extraInfo?.excludeVolumes;
    const os: string | undefined = resource?.extraInfo?.includeVolumes[0]?.osVersion;
    const incremental: boolean | undefined = extra?.backup?.incremental;
    const deleted: string | undefined = extra?.delete?.backupName;
    const target: string | undefined = extra?.restore?.targetResourceId;
    const region: string | undefined = extra?.replication?.destinationRegion;
    const synced: number | undefined = extra?.sync?.syncBackupNum;
    const removed: Resource[] | undefined = extra?.removeResources?.resources;
    const vaultDeleted: number | undefined = extra?.vaultDelete?.totalCount;
    void [created, times, known, isRestore, text, optional, progress, requestId, isDisk, volumes, os, incremental, deleted, target, region, synced, removed, vaultDeleted];
  }
  const iterate: OperationLogsOptions = { ...filters, pageSize: 500, signal };
  for await (const each of client.operationLogs(iterate)) {
    const id: string = each.id;
    void id;
  }
  void client.operationLogs({ status: undefined, startTime: undefined, pageSize: undefined, signal: undefined });
  void client.operationLogs();
  const iterator = client.operationLogs({ vaultId: "v" });
  const first: IteratorResult<OperationLog> = await iterator.next();
  void first;
  const one: OperationLog = await client.showOperationLog("id", { signal });
  void [one, client.showOperationLog("id")];
  const vaults: VaultList = await client.listVaults({ policyId: "p", name: "n", limit: 1000, offset: 0, signal });
  const vault: Vault | undefined = vaults.vaults[0];
  const vaultText: string | undefined = vault && vault.id + vault.name + vault.projectId + vault.providerId;
  const vaultCreated: Date | undefined = vault?.createdAt;
  const billing: VaultBilling | undefined = vault?.billing;
  const size: number | undefined = billing?.size;
  const vaultResource: VaultResource | undefined = vault?.resources[0];
  const resourceType: ResourceType | undefined = vaultResource?.type;
  void [vaultText, vaultCreated, size, resourceType, client.listVaults()];
  const policies: CbrPolicyList = await client.listCbrPolicies({ operationType: "backup", vaultId: "v", signal });
  const policy: CbrPolicy | undefined = policies.policies[0];
  const policyKind: CbrPolicyOperationType | undefined = policy?.operationType;
  const enabled: boolean | undefined = policy?.enabled;
  const bound: AssociatedVault[] | undefined = policy?.associatedVaults;
  void [policyKind, enabled, bound, client.listCbrPolicies()];
  const statusFilter: KnownOperationLogStatus = "waiting";
  const typeFilter: KnownOperationType = "migrate_resources";
  const resourceFilter: KnownResourceType = "OS::Sfs::Turbo";
  const policyFilter: KnownCbrPolicyOperationType = "replication";
  const show: ShowOperationLogOptions = { signal: undefined };
  const vaultOptions: ListVaultsOptions = { policyId: undefined };
  const policyOptions: ListCbrPoliciesOptions = { operationType: undefined };
  const errors: OpErrorInfo = { code: "", message: "" };
  const more: [OpBackup?, OpCommon?, OpDelete?, OpRemoveResources?, OpReplication?, OpRestore?, OpSync?, OpVaultDelete?, ResourceExtraInfo?, IncludeVolume?] = [];
  void [statusFilter, typeFilter, resourceFilter, policyFilter, show, vaultOptions, policyOptions, errors, more, echoed];
  return total;
}
`;

// Each line must fail to compile on its own line.
const BAD = [
  `new VbsClient({ endpoint: "x" });`,
  `new VbsClient({ endpoint: "x", projectId: "p", region: "cn-north-1" });`,
  `new VbsClient({ endpoint: "x", projectId: "p", timeoutMs: "30s" });`,
  `new VbsClient({ endpoint: 1, projectId: "p" });`,
  `void client.listTasks("p", { limt: 5 });`,
  `void client.listTasks("p", { limit: "5" });`,
  `void client.listTasks("p", { status: "DONE" });`,
  `void client.listTasks("p", { sortDir: "up" });`,
  `void client.listTasks("p", { sortKey: "finished_at" });`,
  `void client.listTasks("p", { signal: "abort" });`,
  `void client.listTasks("p", { pageSize: 5 });`,
  `void client.listTasks(42);`,
  `void client.tasks("p", { limit: 5 });`,
  `void client.pages("p", { paging: "page" });`,
  `void client.listPolicies({ limit: 5 });`,
  `async function f() { const page = await client.listTasks("p"); const s: string = page.tasks[0]!.createdAt; void s; }`,
  `async function g() { const page = await client.listTasks("p"); const d: Date = page.tasks[0]!.finishedAt; void d; }`,
  `async function h() { const page = await client.listTasks("p"); void page.tasks[0]!.created_at; }`,
  `function k(e: VbsError) { const kind: "oops" = e.kind; void kind; }`,
  `new VbsError({ kind: "boom", message: "x" });`,
  // CBR: enum filters are the documented literals; options are camelCase and typed.
  `void client.listOperationLogs({ status: "done" });`,
  `void client.listOperationLogs({ status: "SUCCESS" });`,
  `void client.listOperationLogs({ operationType: "backups" });`,
  `void client.listOperationLogs({ vault_id: "v" });`,
  `void client.listOperationLogs({ startTime: 1767225600000 });`,
  `void client.listOperationLogs({ limit: "5" });`,
  `void client.listOperationLogs({ pageSize: 5 });`,
  `void client.operationLogs({ limit: 5 });`,
  `void client.operationLogs({ offset: 5 });`,
  `void client.showOperationLog(5);`,
  `void client.showOperationLog();`,
  `void client.listVaults({ policy_id: "p" });`,
  `void client.listCbrPolicies({ operationType: "restore" });`,
  `async function l1() { const page = await client.listOperationLogs(); const s: string = page.operationLogs[0]!.createdAt; void s; }`,
  `async function l2() { const page = await client.listOperationLogs(); const d: Date = page.operationLogs[0]!.endedAt; void d; }`,
  `async function l3() { const page = await client.listOperationLogs(); void page.operation_logs; }`,
  `async function l4() { const log = await client.showOperationLog("x"); void log.extraInfo!.vault_delete; }`,
  `async function l5() { const log = await client.showOperationLog("x"); const n: number = log.extraInfo!.backup!.incremental!; void n; }`,
  `async function l6() { const list = await client.listCbrPolicies(); const p: Policy[] = list; void p; }`,
];

test("a consumer using the whole API type-checks (NodeNext and Bundler resolution)", () => {
  writeFileSync(join(install.project, "good.ts"), GOOD);
  for (const resolution of ["NodeNext", "Bundler"]) {
    const { status, output } = tsc(["good.ts"], resolution);
    assert.equal(status, 0, `${resolution}:\n${output}`);
  }
});

test("wrong option names and types fail to compile, each on its own line", () => {
  const header = `import { VbsClient, VbsError, type Policy } from "vbs-tasks";\nconst client = new VbsClient({ endpoint: "x", projectId: "p" });\n`;
  writeFileSync(join(install.project, "bad.ts"), header + BAD.join("\n") + "\n");
  const { status, output } = tsc(["bad.ts"], "NodeNext");
  assert.notEqual(status, 0, "tsc must fail");
  const lines = new Set([...output.matchAll(/bad\.ts\((\d+),\d+\): error TS\d+/g)].map((m) => Number(m[1])));
  BAD.forEach((source, i) => {
    assert.ok(lines.has(i + 3), `line ${i + 3} should not compile: ${source}\n${output}`);
  });
  for (const expected of ["'region' does not exist", "'limt' does not exist", '"DONE"', "'pageSize' does not exist", "'created_at' does not exist",
    '"done"', '"backups"', "'vault_id' does not exist", "'operation_logs' does not exist", "'limit' does not exist"]) {
    assert.ok(output.includes(expected), `tsc mentions ${expected}:\n${output}`);
  }
});

test("the public declarations have no any", () => {
  const dir = join(install.project, "node_modules", "vbs-tasks");
  const index = readFileSync(join(dir, "index.d.ts"), "utf8");
  // The wasm-bindgen declarations up to its loader section (InitInput…), which index.d.ts does not re-export.
  const generated = readFileSync(join(dir, "vbs_tasks.d.ts"), "utf8").split("export type InitInput")[0];
  for (const [name, text] of [["index.d.ts", index], ["vbs_tasks.d.ts", generated]]) {
    const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
    assert.ok(!/\bany\b/.test(code), `${name} uses any`);
    assert.ok(code.length > 500, `${name} has declarations`);
  }
  assert.match(generated, /listTasks\(policyId: string, options\?: ListTasksOptions\): Promise<TaskPage>/);
  assert.match(generated, /export type TaskStatus = KnownTaskStatus \| \(string & \{\}\)/);
  assert.match(generated, /listOperationLogs\(options\?: ListOperationLogsOptions\): Promise<OperationLogPage>/);
  assert.match(generated, /operationLogs\(options\?: OperationLogsOptions\): AsyncIterableIterator<OperationLog>/);
  assert.match(generated, /showOperationLog\(id: string, options\?: ShowOperationLogOptions\): Promise<OperationLog>/);
  assert.match(generated, /listVaults\(options\?: ListVaultsOptions\): Promise<VaultList>/);
  assert.match(generated, /listCbrPolicies\(options\?: ListCbrPoliciesOptions\): Promise<CbrPolicyList>/);
  for (const union of ["OperationLogStatus = KnownOperationLogStatus", "OperationType = KnownOperationType", "ResourceType = KnownResourceType", "CbrPolicyOperationType = KnownCbrPolicyOperationType"]) {
    assert.ok(generated.includes(`export type ${union} | (string & {})`), union);
  }
});
