// Shared by the CBR suites: the emulator's CBR data read over plain HTTP (not through the
// package under test), the package's documented conversion of an operation log written out
// in JavaScript, to compare the package's objects with, and the CBR suite's hooks.
import { PROJECT, URL_CBR, usePackedPackage } from "./helpers.mjs";

/** The logs of `vault-daily-volumes`, the biggest vault of the emulator's frozen data. */
export const BIGGEST_VAULT_LOGS = 10337;

/** One raw page of `GET /v3/{project}/operation-logs` with these query parameters. */
export async function rawPage(base, params = {}) {
  const query = new URLSearchParams(Object.entries(params).map(([key, value]) => [key, String(value)]));
  const response = await fetch(`${base}/v3/${PROJECT}/operation-logs?${query}`);
  if (response.status !== 200) throw new Error(`raw page: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}

/** The IDs of every log of a vault, in the API's order, by raw offset paging. */
export async function rawLogIds(base, vaultId) {
  const ids = [];
  for (;;) {
    const page = await rawPage(base, { vault_id: vaultId, limit: 1000, offset: ids.length });
    ids.push(...page.operation_logs.map((log) => log.id));
    if (page.operation_logs.length < 1000) return ids;
  }
}

/** A raw 200 body of `GET /v3/{project}/{what}` (`vaults`, `policies`) with these parameters. */
export async function rawList(base, what, params = {}) {
  const response = await fetch(`${base}/v3/${PROJECT}/${what}?${new URLSearchParams(params)}`);
  if (response.status !== 200) throw new Error(`raw ${what}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}

/** The emulator's vaults by name, read over plain HTTP. */
export async function vaultsByName(base) {
  const { vaults } = await rawList(base, "vaults");
  return Object.fromEntries(vaults.map((vault) => [vault.name, vault]));
}

/** The CBR suite's vaults by name, and the ID of the biggest (`vault-daily-volumes`): set before its tests. */
export let vaults, biggest;

/** The CBR suite's hooks (cbr.test.mjs): the package against its own emulator, URL_CBR, and its vaults. */
export function useCbrSuite() {
  usePackedPackage("cbr", URL_CBR, async () => {
    vaults = await vaultsByName(URL_CBR);
    biggest = vaults["vault-daily-volumes"].id;
  });
}

/** Every value yielded by an async iterator. */
export async function collect(iterator) {
  const items = [];
  for await (const item of iterator) items.push(item);
  return items;
}

const camel = (key) => key.replace(/_([a-z])/g, (_, letter) => letter.toUpperCase());

/** A zone-less or zoned API time as the `Date` it means (UTC; a fraction cut to milliseconds). */
function date(text) {
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)?$/.exec(text);
  if (!match) throw new Error(`not an API time: ${text}`);
  const millis = (match[2] ?? "").padEnd(3, "0").slice(0, 3);
  return new Date(`${match[1]}.${millis}${match[3] ?? "Z"}`);
}

/** `incremental` in its documented forms: a boolean, "true"/"false", or "\"true\"". */
const flag = (value) => (typeof value === "boolean" ? value : value.replaceAll('"', "") === "true");

/** The members of `object` that are not null, camelCased (values by `value`). */
function members(object, value = (key, v) => v) {
  const out = {};
  for (const [key, v] of Object.entries(object)) {
    if (v !== null && v !== undefined) out[camel(key)] = value(key, v);
  }
  return out;
}

function resource(raw) {
  return members(raw, (key, value) =>
    key === "extra_info"
      ? {
          excludeVolumes: value.exclude_volumes ?? [],
          includeVolumes: (value.include_volumes ?? []).map((volume) => members(volume)),
        }
      : value);
}

/** What the package makes of one raw operation log (the contract's §3.2, camelCase, Dates). */
export function expectedLog(raw) {
  const log = members(raw, (key, value) => {
    if (["created_at", "started_at", "updated_at", "ended_at"].includes(key)) return date(value);
    if (key === "error_info") return { code: value.code ?? "", message: value.message ?? "" };
    if (key !== "extra_info") return value;
    return members(value, (block, body) => {
      switch (block) {
        case "resource": return resource(body);
        case "backup": return members(body, (k, v) => (k === "incremental" ? flag(v) : v));
        case "remove_resources":
          return { ...members(body, (k, v) => v), resources: (body.resources ?? []).map(resource) };
        case "vault_delete": {
          const counters = {
            failCount: body.fail_delete_count ?? body.fail_count,
            totalCount: body.total_delete_count ?? body.total_count,
          };
          return Object.fromEntries(Object.entries(counters).filter(([, v]) => v !== null && v !== undefined));
        }
        default: return members(body);
      }
    });
  });
  log.projectId ??= "";
  log.errorInfo ??= { code: "", message: "" };
  return log;
}

/** What the package makes of one raw vault: the members it keeps, camelCase, a Date. */
export function expectedVault(raw) {
  const vault = {
    id: raw.id, name: raw.name, projectId: raw.project_id, providerId: raw.provider_id,
    ...(raw.enterprise_project_id != null ? { enterpriseProjectId: raw.enterprise_project_id } : {}),
    ...(raw.created_at != null ? { createdAt: date(raw.created_at) } : {}),
    resources: raw.resources.map((resource) => members({
      id: resource.id, name: resource.name, type: resource.type, protect_status: resource.protect_status,
    })),
  };
  if (raw.billing != null) {
    const { object_type, protect_type, status, size, used } = raw.billing;
    vault.billing = members({ object_type, protect_type, status, size, used });
  }
  return vault;
}

/** What the package makes of one raw CBR policy. */
export function expectedPolicy(raw) {
  return {
    id: raw.id, name: raw.name, operationType: raw.operation_type, enabled: raw.enabled,
    ...(raw.policy_type != null ? { policyType: raw.policy_type } : {}),
    associatedVaults: raw.associated_vaults.map((vault) => members(vault)),
  };
}
