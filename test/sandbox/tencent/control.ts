// The control interface: plain HTTP on the proxy's port, under /_sandbox/, JSON in and out.
// For tests and the other sandbox processes (the ipamd simulator), never for the plugin.
//   GET    /_sandbox/health
//   GET    /_sandbox/state                       the whole cloud
//   GET    /_sandbox/enis[?instanceId=ins-x]     ENIs in the API's NetworkInterface shape
//   POST   /_sandbox/enis {instanceId, subnetId?, ipCount?}   new secondary ENI, no groups
//   PUT    /_sandbox/enis/:id/groups {groups}    overwrite an ENI's groups (drift)
//   POST   /_sandbox/instances {id?, nodeName?, zone?, zoneId?, instanceType?, groups?}
//   POST   /_sandbox/security-groups {name, description?, ingress?, egress?}   a new group
//   PUT    /_sandbox/security-groups/:id/rules {ingress, egress}   overwrite a group's rules
//   DELETE /_sandbox/security-groups/:id         a group gone behind everyone's back (what still names it keeps the ID)
//   POST   /_sandbox/templates {kind: address|address-group|service|service-group, name, entries}
//          a parameter template (entries: addresses, services, or the member templates' IDs)
//   GET|POST|DELETE /_sandbox/faults            {errorRate?, latencyMs?, failAction?}
//   GET|DELETE /_sandbox/calls
//   GET    /_sandbox/group-changes[?since=MS]   every change of an ENI's groups (group-changes.ts)
//   DELETE /_sandbox/group-changes
//   DELETE /_sandbox/ratelimit                   forget the rate-limit windows
//   PUT    /_sandbox/cam/ipamd-role-policy {attached, document?}
//   PUT    /_sandbox/cam/caller-policy {policy: full|read-only|unreadable}   the operator's own rights
//   GET    /_sandbox/addon
//   .../_sandbox/supernodes/...                  super node pools, virtual nodes, instances (control-supernodes.ts)
import type { IncomingMessage } from 'node:http';
import type { CallRecord } from './calls.ts';
import type { CallLog } from '../shared/call-log.ts';
import { HttpError, jsonHandler, readJson } from '../shared/control-http.ts';
import { commonControlRoute, NOT_COMMON } from '../shared/control-routes.ts';
import type { Faults } from '../shared/faults.ts';
import type { RateLimiter } from '../shared/ratelimit.ts';
import { eniShape } from './services/vpc.ts';
import { CALLER_POLICIES, type CallerPolicy, type Rule } from '../scenario.ts';
import { ADMIN_UIN } from './callers.ts';
import { IPAMD_ROLE, type CloudState, type PolicyDocument } from './state.ts';
import { NOT_SUPERNODES, superNodeControlRoute } from './control-supernodes.ts';

export interface ControlDeps {
  state: CloudState;
  faults: Faults;
  calls: CallLog<CallRecord>;
  limiter: RateLimiter;
  startedAt: number;
}

export function addonView(state: CloudState) {
  const a = state.addon;
  return {
    clusterId: state.scenario.clusterId,
    name: a.name,
    installed: a.installed,
    version: a.version,
    phase: a.phase,
    values: a.installed ? structuredClone(a.values) : null,
    generation: a.generation,
  };
}

export function stateView(state: CloudState) {
  const s = state.scenario;
  return {
    scenario: s.name,
    region: s.region,
    uin: s.uin,
    appId: s.appId,
    vpc: s.vpc,
    subnets: s.subnets,
    cluster: { clusterId: s.clusterId, clusterName: s.clusterName, vpcId: s.vpc.id, cni: true },
    limits: s.limits,
    securityGroups: [...state.groups.values()].map((g) => ({ id: g.id, name: g.name, description: g.description, ingress: g.ingress, egress: g.egress })),
    instances: [...state.instances.values()].map((i) => ({
      id: i.id,
      nodeName: i.nodeName,
      zone: i.zone,
      zoneId: i.zoneId,
      instanceType: i.instanceType,
      primaryEniId: i.primaryEniId,
      eniIds: [...(state.enisByInstance.get(i.id) ?? [])],
      securityGroupIds: [...(state.enis.get(i.primaryEniId)?.groups ?? [])],
    })),
    enis: [...state.enis.values()].map((e) => eniShape(state, e)),
    addon: addonView(state),
    cam: {
      roles: [...state.roles.values()].map((r) => ({
        id: r.id,
        name: r.name,
        attachedPolicies: r.attached.map((a) => ({ id: a.policyId, name: state.policies.get(a.policyId)?.name ?? '' })),
      })),
      policies: [...state.policies.values()].map((p) => ({ id: p.id, name: p.name, type: p.type === 2 ? 'QCS' : 'User', document: p.document })),
    },
  };
}

const RULE_PROTOCOLS = new Set(['TCP', 'UDP', 'ICMP', 'ICMPv6', 'ALL']);

const PEERS = ['CidrBlock', 'Ipv6CidrBlock', 'SecurityGroupId', 'AddressTemplate'] as const;

/** A template reference {ServiceId | ServiceGroupId} or {AddressId | AddressGroupId}: exactly one ID. */
function templateRef(value: unknown, keys: readonly [string, string], where: string): Record<string, string> {
  const v = (value ?? {}) as Record<string, unknown>;
  const given = keys.filter((k) => typeof v[k] === 'string' && v[k] !== '');
  if (given.length !== 1) throw new HttpError(400, `${where} needs exactly one of ${keys.join(', ')}`);
  return { [given[0]!]: v[given[0]!] as string };
}

/** Rules as SecurityGroupPolicy takes them (vpc_models.d.ts): Protocol and Port or a ServiceTemplate, one peer, Action. */
function rulesOf(value: unknown, direction: string): Rule[] {
  if (!Array.isArray(value)) throw new HttpError(400, `${direction} (rule[]) is required`);
  return value.map((r: Record<string, unknown>, i) => {
    const where = `${direction}[${i}]`;
    if (r.Action !== 'ACCEPT' && r.Action !== 'DROP') throw new HttpError(400, `${where}.Action must be ACCEPT or DROP`);
    const rule: Rule = { Action: r.Action };
    if (r.ServiceTemplate !== undefined) {
      if (r.Protocol !== undefined || r.Port !== undefined) throw new HttpError(400, `${where}: ServiceTemplate and Protocol/Port are exclusive`);
      rule.ServiceTemplate = templateRef(r.ServiceTemplate, ['ServiceId', 'ServiceGroupId'], `${where}.ServiceTemplate`);
    } else {
      if (typeof r.Protocol !== 'string' || !RULE_PROTOCOLS.has(r.Protocol)) throw new HttpError(400, `${where}.Protocol must be one of ${[...RULE_PROTOCOLS].join(', ')}`);
      if (typeof r.Port !== 'string') throw new HttpError(400, `${where}.Port (string) is required`);
      rule.Protocol = r.Protocol as Rule['Protocol'];
      rule.Port = r.Port;
    }
    const peers = PEERS.filter((k) => r[k] !== undefined);
    if (peers.length !== 1) throw new HttpError(400, `${where} needs exactly one of ${PEERS.join(', ')}`);
    const peer = peers[0]!;
    if (peer === 'AddressTemplate') rule.AddressTemplate = templateRef(r.AddressTemplate, ['AddressId', 'AddressGroupId'], `${where}.AddressTemplate`);
    else if (typeof r[peer] !== 'string') throw new HttpError(400, `${where}.${peer} must be a string`);
    else rule[peer] = r[peer] as string;
    if (typeof r.PolicyDescription === 'string') rule.PolicyDescription = r.PolicyDescription;
    return rule;
  });
}

const TEMPLATE_KINDS = ['address', 'address-group', 'service', 'service-group'] as const;

export function createControlHandler(deps: ControlDeps) {
  const { state } = deps;
  const route = async (method: string, path: string, query: URLSearchParams, req: IncomingMessage): Promise<unknown> => {
    const common = await commonControlRoute({ ...deps, health: { scenario: state.scenario.name, region: state.scenario.region } }, method, path, req);
    if (common !== NOT_COMMON) return common;
    if (method === 'GET' && path === '/_sandbox/state') return stateView(state);
    if (path === '/_sandbox/enis') {
      if (method === 'GET') {
        const instanceId = query.get('instanceId');
        const ids = instanceId ? (state.enisByInstance.get(instanceId) ?? []) : [...state.enis.keys()];
        return ids.map((id) => eniShape(state, state.enis.get(id)!));
      }
      if (method === 'POST') {
        const b = await readJson(req);
        if (typeof b.instanceId !== 'string') throw new HttpError(400, 'instanceId (string) is required');
        if (b.subnetId !== undefined && typeof b.subnetId !== 'string') throw new HttpError(400, 'subnetId must be a string');
        if (b.ipCount !== undefined && !(Number.isInteger(b.ipCount) && (b.ipCount as number) > 0)) throw new HttpError(400, 'ipCount must be a positive integer');
        try {
          const eni = state.createEni({ instanceId: b.instanceId, subnetId: b.subnetId as string | undefined, ipCount: b.ipCount as number | undefined });
          return eniShape(state, eni);
        } catch (e) {
          throw new HttpError(state.instances.has(b.instanceId) ? 400 : 404, (e as Error).message);
        }
      }
    }
    const groupsMatch = /^\/_sandbox\/enis\/([^/]+)\/groups$/.exec(path);
    if (groupsMatch && method === 'PUT') {
      const id = decodeURIComponent(groupsMatch[1]!);
      const b = await readJson(req);
      if (!Array.isArray(b.groups) || !b.groups.every((g) => typeof g === 'string')) throw new HttpError(400, 'groups (string[]) is required');
      if (!state.enis.has(id)) throw new HttpError(404, `ENI ${id} does not exist`);
      try {
        state.setGroups(id, b.groups as string[]);
      } catch (e) {
        throw new HttpError(400, (e as Error).message);
      }
      return eniShape(state, state.enis.get(id)!);
    }
    if (method === 'POST' && path === '/_sandbox/security-groups') {
      const b = await readJson(req);
      if (typeof b.name !== 'string') throw new HttpError(400, 'name (string) is required');
      if (b.description !== undefined && typeof b.description !== 'string') throw new HttpError(400, 'description must be a string');
      const rules = { ingress: rulesOf(b.ingress ?? [], 'ingress'), egress: rulesOf(b.egress ?? [], 'egress') };
      try {
        const g = state.createGroup({ name: b.name, description: b.description as string | undefined, ...rules });
        return { id: g.id, name: g.name, description: g.description, ingress: g.ingress, egress: g.egress };
      } catch (e) {
        throw new HttpError(400, (e as Error).message);
      }
    }
    const groupPath = /^\/_sandbox\/security-groups\/([^/]+)$/.exec(path);
    if (method === 'DELETE' && groupPath) {
      const id = decodeURIComponent(groupPath[1]!);
      if (!state.deleteGroup(id)) throw new HttpError(404, `security group ${id} does not exist`);
      return { id };
    }
    if (method === 'POST' && path === '/_sandbox/templates') {
      const b = await readJson(req);
      const kind = b.kind as (typeof TEMPLATE_KINDS)[number];
      if (!TEMPLATE_KINDS.includes(kind)) throw new HttpError(400, `kind must be one of ${TEMPLATE_KINDS.join(', ')}`);
      if (typeof b.name !== 'string') throw new HttpError(400, 'name (string) is required');
      if (!Array.isArray(b.entries) || !b.entries.every((e) => typeof e === 'string')) throw new HttpError(400, 'entries (string[]) is required');
      const t = state.templates;
      const entries = b.entries as string[];
      try {
        if (kind === 'address') return t.createAddressTemplate(b.name, entries);
        if (kind === 'service') return t.createServiceTemplate(b.name, entries);
        return kind === 'address-group' ? t.createAddressTemplateGroup(b.name, entries) : t.createServiceTemplateGroup(b.name, entries);
      } catch (e) {
        throw new HttpError(400, (e as Error).message);
      }
    }
    const rulesMatch = /^\/_sandbox\/security-groups\/([^/]+)\/rules$/.exec(path);
    if (rulesMatch && method === 'PUT') {
      const id = decodeURIComponent(rulesMatch[1]!);
      const b = await readJson(req);
      if (!state.groups.has(id)) throw new HttpError(404, `security group ${id} does not exist`);
      try {
        const g = state.setRules(id, { ingress: rulesOf(b.ingress, 'ingress'), egress: rulesOf(b.egress, 'egress') });
        return { id: g.id, name: g.name, description: g.description, ingress: g.ingress, egress: g.egress };
      } catch (e) {
        throw new HttpError(400, (e as Error).message);
      }
    }
    if (method === 'POST' && path === '/_sandbox/instances') {
      const b = await readJson(req);
      for (const k of ['id', 'nodeName', 'zone', 'zoneId', 'instanceType'] as const) {
        if (b[k] !== undefined && typeof b[k] !== 'string') throw new HttpError(400, `${k} must be a string`);
      }
      if (b.groups !== undefined && !(Array.isArray(b.groups) && b.groups.every((g) => typeof g === 'string'))) throw new HttpError(400, 'groups must be string[]');
      if (typeof b.id === 'string' && !/^ins-[a-z0-9]{8}$/.test(b.id)) throw new HttpError(400, 'id must look like ins-xxxxxxxx');
      try {
        return state.createInstance(b as Parameters<CloudState['createInstance']>[0]);
      } catch (e) {
        throw new HttpError(400, (e as Error).message);
      }
    }
    if (path === '/_sandbox/group-changes') {
      if (method === 'GET') {
        const since = Number(query.get('since') ?? 0);
        if (!Number.isFinite(since) || since < 0) throw new HttpError(400, 'since must be milliseconds since the epoch');
        return state.groupChanges.list(since);
      }
      if (method === 'DELETE') {
        state.groupChanges.clear();
        return { ok: true };
      }
    }
    if (path === '/_sandbox/cam/ipamd-role-policy' && method === 'PUT') {
      const b = await readJson(req);
      if (typeof b.attached !== 'boolean') throw new HttpError(400, 'attached (boolean) is required');
      const doc = b.document as PolicyDocument | undefined;
      if (doc !== undefined && (typeof doc !== 'object' || doc === null || !Array.isArray(doc.statement))) {
        throw new HttpError(400, 'document must be a CAM policy document {version, statement: [...]}');
      }
      state.setIpamdRolePolicy(b.attached, doc);
      return { role: IPAMD_ROLE, attachedPolicies: state.rolePolicies(IPAMD_ROLE).map((p) => p.name) };
    }
    if (path === '/_sandbox/cam/caller-policy' && method === 'PUT') {
      const b = await readJson(req);
      if (!CALLER_POLICIES.includes(b.policy as CallerPolicy)) throw new HttpError(400, `policy must be ${CALLER_POLICIES.join(', ')}`);
      state.setCallerPolicy(b.policy as CallerPolicy);
      return { uin: ADMIN_UIN, attachedPolicies: state.userPolicies(ADMIN_UIN).map((p) => p.name) };
    }
    if (method === 'GET' && path === '/_sandbox/addon') return addonView(state);
    const superNodes = await superNodeControlRoute(state, method, path, req);
    if (superNodes !== NOT_SUPERNODES) return superNodes;
    throw new HttpError(404, `no control route ${method} ${path}; this is the kubectl-sg Tencent Cloud emulator (not a forward proxy)`);
  };

  return jsonHandler(route);
}
