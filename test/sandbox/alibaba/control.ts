// The control interface: plain HTTP on the emulator's port, under /_sandbox/, JSON in and out.
// For tests and the other sandbox processes (the virtual-kubelet simulator), never the plugin.
//   GET    /_sandbox/health
//   GET    /_sandbox/state                                the whole account (groups, container groups)
//   POST   /_sandbox/security-groups {id?, name, description?, vpcId, type, rules?}   → 201 group
//   PUT    /_sandbox/security-groups/:id/rules {rules}    replace a group's rules
//   POST   /_sandbox/prefix-lists {name, addressFamily?, entries}   → 201 a prefix list (pl-…)
//   POST   /_sandbox/container-groups {name, namespace, podUid?, vpcId, vSwitchId, securityGroupIds, zoneId?}
//          → 201 {containerGroupId, eniInstanceId, intranetIp}; 400 {error} for what
//          CreateContainerGroup refuses (state.ts)
//   DELETE /_sandbox/container-groups/:id
//   GET|POST|DELETE /_sandbox/faults   {errorRate?, latencyMs?, failAction?, failCode?}
//          failAction is an action name with failCode (default InternalError), or the shared
//          {action, code, message?, times?} object(s); the HTTP status follows the code.
//   GET|DELETE /_sandbox/calls
//   DELETE /_sandbox/ratelimit                             forget the flow-control windows
import type { IncomingMessage } from 'node:http';
import type { Permission } from '../eci/scenario.ts';
import type { CallLog } from '../shared/call-log.ts';
import { Created, HttpError, jsonHandler, readJson } from '../shared/control-http.ts';
import { commonControlRoute, NOT_COMMON } from '../shared/control-routes.ts';
import type { Faults, FaultSpec } from '../shared/faults.ts';
import type { RateLimiter } from '../shared/ratelimit.ts';
import type { CallRecord } from './calls.ts';
import { StateError, type AlibabaState, type ContainerGroup, type SecurityGroup } from './state.ts';

export interface ControlDeps {
  state: AlibabaState;
  faults: Faults;
  calls: CallLog<CallRecord>;
  limiter: RateLimiter;
  startedAt: number;
}

const PROTOCOLS = ['TCP', 'UDP', 'ICMP', 'GRE', 'ALL'];

function permission(x: unknown, where: string): Permission {
  if (typeof x !== 'object' || x === null) throw new HttpError(400, `${where} must be an object`);
  const r = x as Record<string, unknown>;
  if (r.direction !== 'ingress' && r.direction !== 'egress') throw new HttpError(400, `${where}.direction must be ingress or egress`);
  if (typeof r.ipProtocol !== 'string' || !PROTOCOLS.includes(r.ipProtocol)) throw new HttpError(400, `${where}.ipProtocol must be one of ${PROTOCOLS.join(', ')}`);
  if (typeof r.portRange !== 'string' || !/^-?\d+\/-?\d+$/.test(r.portRange)) throw new HttpError(400, `${where}.portRange must look like 80/80 or -1/-1`);
  if (r.policy !== 'Accept' && r.policy !== 'Drop') throw new HttpError(400, `${where}.policy must be Accept or Drop`);
  if (!Number.isInteger(r.priority) || (r.priority as number) < 1 || (r.priority as number) > 100) throw new HttpError(400, `${where}.priority must be an integer 1..100`);
  for (const k of ['sourceCidrIp', 'destCidrIp', 'sourceGroupId', 'destGroupId', 'sourcePrefixListId', 'destPrefixListId', 'description']) {
    if (r[k] !== undefined && typeof r[k] !== 'string') throw new HttpError(400, `${where}.${k} must be a string`);
  }
  return r as unknown as Permission;
}

function permissions(x: unknown): Permission[] {
  if (!Array.isArray(x)) throw new HttpError(400, 'rules must be an array');
  return x.map((r, i) => permission(r, `rules[${i}]`));
}

function groupView(g: SecurityGroup) {
  return { id: g.id, name: g.name, description: g.description, vpcId: g.vpcId, type: g.type, creationTime: g.creationTime, rules: g.rules };
}

function containerGroupView(cg: ContainerGroup) {
  return { ...cg, securityGroupIds: [...cg.securityGroupIds] };
}

export function stateView(state: AlibabaState) {
  const s = state.scenario;
  return {
    scenario: s.name,
    region: s.region,
    vpcId: s.vpcId,
    otherVpcId: s.otherVpcId,
    vSwitches: s.vSwitches,
    securityGroups: [...state.groups.values()].map(groupView),
    containerGroups: [...state.containerGroups.values()].map(containerGroupView),
  };
}

/** The contract's short form {failAction: "Action", failCode: "Code"} as the shared FaultSpec. */
function faultSpec(b: Record<string, unknown>): FaultSpec {
  const { failCode, ...rest } = b;
  if (typeof b.failAction === 'string') {
    if (failCode !== undefined && typeof failCode !== 'string') throw new HttpError(400, 'failCode must be a string');
    return { ...rest, failAction: { action: b.failAction, code: (failCode as string | undefined) ?? 'InternalError' } } as FaultSpec;
  }
  if (failCode !== undefined) throw new HttpError(400, 'failCode goes with failAction given as an action name');
  return rest as FaultSpec;
}

const str = (b: Record<string, unknown>, k: string, req: boolean): string | undefined => {
  const v = b[k];
  if (v === undefined && !req) return undefined;
  if (typeof v !== 'string' || v === '') throw new HttpError(400, `${k} (string) is required`);
  return v;
};

const description = (b: Record<string, unknown>): string => {
  if (b.description !== undefined && typeof b.description !== 'string') throw new HttpError(400, 'description must be a string');
  return (b.description as string | undefined) ?? '';
};

export function createControlHandler(deps: ControlDeps) {
  const { state } = deps;
  const route = async (method: string, path: string, _query: URLSearchParams, req: IncomingMessage): Promise<unknown> => {
    const common = await commonControlRoute({ ...deps, health: { scenario: state.scenario.name, region: state.scenario.region }, faultSpec }, method, path, req);
    if (common !== NOT_COMMON) return common;
    if (method === 'GET' && path === '/_sandbox/state') return stateView(state);
    if (method === 'POST' && path === '/_sandbox/security-groups') {
      const b = await readJson(req);
      if (b.type !== 'normal' && b.type !== 'enterprise') throw new HttpError(400, 'type must be normal or enterprise');
      const id = str(b, 'id', false);
      if (id !== undefined && !/^sg-[a-z0-9]+$/.test(id)) throw new HttpError(400, 'id must look like sg-xxxxxxxx');
      try {
        const g = state.addGroup({ id, name: str(b, 'name', true)!, description: description(b), vpcId: str(b, 'vpcId', true)!, type: b.type, rules: b.rules === undefined ? [] : permissions(b.rules) });
        return new Created(groupView(g));
      } catch (e) {
        if (e instanceof StateError) throw new HttpError(409, e.message);
        throw e;
      }
    }
    if (method === 'POST' && path === '/_sandbox/prefix-lists') {
      const b = await readJson(req);
      if (!Array.isArray(b.entries) || !b.entries.every((e) => typeof e === 'string')) throw new HttpError(400, 'entries (string[]) is required');
      if (b.addressFamily !== undefined && b.addressFamily !== 'IPv4' && b.addressFamily !== 'IPv6') throw new HttpError(400, 'addressFamily must be IPv4 or IPv6');
      try {
        return new Created(state.createPrefixList({ name: str(b, 'name', true)!, addressFamily: b.addressFamily as 'IPv4' | 'IPv6' | undefined, entries: b.entries as string[] }));
      } catch (e) {
        if (e instanceof StateError) throw new HttpError(400, e.message);
        throw e;
      }
    }
    const rulesMatch = /^\/_sandbox\/security-groups\/([^/]+)\/rules$/.exec(path);
    if (rulesMatch && method === 'PUT') {
      const id = decodeURIComponent(rulesMatch[1]!);
      const b = await readJson(req);
      if (!state.groups.has(id)) throw new HttpError(404, `security group ${id} does not exist`);
      return groupView(state.setRules(id, permissions(b.rules)));
    }
    if (method === 'POST' && path === '/_sandbox/container-groups') {
      const b = await readJson(req);
      const ids = b.securityGroupIds;
      if (!Array.isArray(ids) || !ids.every((g) => typeof g === 'string')) throw new HttpError(400, 'securityGroupIds (string[]) is required');
      try {
        const cg = state.createContainerGroup({
          name: str(b, 'name', true)!,
          namespace: str(b, 'namespace', true)!,
          podUid: str(b, 'podUid', false),
          vpcId: str(b, 'vpcId', true)!,
          vSwitchId: str(b, 'vSwitchId', true)!,
          securityGroupIds: ids as string[],
          zoneId: str(b, 'zoneId', false),
        });
        return new Created({ containerGroupId: cg.id, eniInstanceId: cg.eniInstanceId, intranetIp: cg.intranetIp });
      } catch (e) {
        if (e instanceof StateError) throw new HttpError(400, e.message);
        throw e;
      }
    }
    const cgMatch = /^\/_sandbox\/container-groups\/([^/]+)$/.exec(path);
    if (cgMatch && method === 'DELETE') {
      const id = decodeURIComponent(cgMatch[1]!);
      if (!state.deleteContainerGroup(id)) throw new HttpError(404, `container group ${id} does not exist`);
      return { ok: true };
    }
    throw new HttpError(404, `no control route ${method} ${path}; this is the kubectl-sg Alibaba Cloud emulator`);
  };
  return jsonHandler(route);
}
