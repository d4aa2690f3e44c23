// The control routes for super nodes (supernodes.ts), under /_sandbox/supernodes. The super node
// simulator creates and deletes container instances here, as TKE's control plane does for a pod
// on a super node; tests and the seed make pools and virtual nodes and pick the readings.
//   GET    /_sandbox/supernodes                            pools, virtual nodes, instances, settings
//   POST   /_sandbox/supernodes/pools {name, subnetIds, securityGroupIds, labels?, taints?}
//   POST   /_sandbox/supernodes/virtual-nodes {poolId, subnetId?}
//   PUT    /_sandbox/supernodes/settings {regionDefaultGroupId?, instancesListed?, maxInstanceGroups?}
//   POST   /_sandbox/supernodes/instances {name, namespace, podUid, nodeName, securityGroupIds}
//          400 with the reason when the cloud would refuse (unknown group, more than 5, ...)
//   DELETE /_sandbox/supernodes/instances/:id
import type { IncomingMessage } from 'node:http';
import { HttpError, readJson } from '../shared/control-http.ts';
import type { CloudState } from './state.ts';
import { SuperNodeRefusal, type SuperNodeStore } from './supernodes.ts';

/** Sentinel: the request is for none of the super node routes. */
export const NOT_SUPERNODES = Symbol('not a super node control route');

export function superNodesView(s: SuperNodeStore) {
  return {
    regionDefaultGroupId: s.regionDefaultGroupId ?? null,
    instancesListed: s.instancesListed,
    maxInstanceGroups: s.maxInstanceGroups,
    pools: [...s.pools.values()].map((p) => structuredClone(p)),
    virtualNodes: [...s.virtualNodes.values()].map((n) => ({ ...n })),
    instances: [...s.instances.values()].sort((a, b) => a.seq - b.seq).map((i) => structuredClone(i)),
  };
}

const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

function need<T>(ok: boolean, what: string, v: unknown): T {
  if (!ok) throw new HttpError(400, what);
  return v as T;
}

/** Runs `f`; a refusal of the cloud's is a 400 with its reason. */
function refusable<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof SuperNodeRefusal) throw new HttpError(400, e.message);
    throw e;
  }
}

export async function superNodeControlRoute(state: CloudState, method: string, path: string, req: IncomingMessage): Promise<unknown> {
  if (!path.startsWith('/_sandbox/supernodes')) return NOT_SUPERNODES;
  const s = state.superNodes;
  if (method === 'GET' && path === '/_sandbox/supernodes') return superNodesView(s);
  if (method === 'POST' && path === '/_sandbox/supernodes/pools') {
    const b = await readJson(req);
    return refusable(() =>
      s.createPool({
        name: need(typeof b.name === 'string', 'name (string) is required', b.name),
        subnetIds: need(strings(b.subnetIds), 'subnetIds (string[]) is required', b.subnetIds),
        securityGroupIds: need(strings(b.securityGroupIds), 'securityGroupIds (string[]) is required', b.securityGroupIds),
        labels: b.labels as never,
        taints: b.taints as never,
      }),
    );
  }
  if (method === 'POST' && path === '/_sandbox/supernodes/virtual-nodes') {
    const b = await readJson(req);
    if (typeof b.poolId !== 'string') throw new HttpError(400, 'poolId (string) is required');
    if (b.subnetId !== undefined && typeof b.subnetId !== 'string') throw new HttpError(400, 'subnetId must be a string');
    return refusable(() => s.createVirtualNode({ poolId: b.poolId as string, subnetId: b.subnetId as string | undefined }));
  }
  if (method === 'PUT' && path === '/_sandbox/supernodes/settings') {
    const b = await readJson(req);
    if (b.regionDefaultGroupId !== undefined) {
      if (typeof b.regionDefaultGroupId !== 'string' || !state.groups.has(b.regionDefaultGroupId)) throw new HttpError(400, 'regionDefaultGroupId must name an existing group');
      s.regionDefaultGroupId = b.regionDefaultGroupId;
    }
    if (b.instancesListed !== undefined) s.instancesListed = need(typeof b.instancesListed === 'boolean', 'instancesListed must be a boolean', b.instancesListed);
    if (b.maxInstanceGroups !== undefined) {
      s.maxInstanceGroups = need(Number.isInteger(b.maxInstanceGroups) && (b.maxInstanceGroups as number) >= 1, 'maxInstanceGroups must be a whole number >= 1', b.maxInstanceGroups);
    }
    return superNodesView(s);
  }
  if (method === 'POST' && path === '/_sandbox/supernodes/instances') {
    const b = await readJson(req);
    for (const k of ['name', 'namespace', 'podUid', 'nodeName'] as const) if (typeof b[k] !== 'string') throw new HttpError(400, `${k} (string) is required`);
    if (!strings(b.securityGroupIds)) throw new HttpError(400, 'securityGroupIds (string[]) is required');
    return refusable(() => s.createInstance(b as Parameters<SuperNodeStore['createInstance']>[0]));
  }
  const m = /^\/_sandbox\/supernodes\/instances\/([^/]+)$/.exec(path);
  if (m && method === 'DELETE') {
    const id = decodeURIComponent(m[1]!);
    if (!s.deleteInstance(id)) throw new HttpError(404, `container instance ${id} does not exist`);
    return { ok: true };
  }
  throw new HttpError(404, `no control route ${method} ${path}`);
}
