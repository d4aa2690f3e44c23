// The cloud's state: security groups, CVM instances, ENIs, the TKE cluster and its addon, CAM
// roles and policies. Pure data and invariants, no wire format: the service modules turn it
// into API shapes, the control interface into JSON.
//
// Built for scale (5,000 instances, 10,000 ENIs): ENIs are indexed by id and by instance, so
// a DescribeNetworkInterfaces filtered by 100 instance IDs touches only those instances' ENIs.
import { randomBytes, randomUUID } from 'node:crypto';
import type { CallerPolicy, EniSpec, InstanceSpec, OtherEniKind, Rule, Scenario, SecurityGroupSpec } from '../scenario.ts';
import { ADMIN_UIN, ADMIN_USER_NAME, ADMINISTRATOR_POLICY_ID, callerPolicies, callerPolicyId, COLLEAGUE_UIN, COLLEAGUE_USER_NAME, READONLY_POLICY_ID, READONLY_UIN, READONLY_USER_NAME } from './callers.ts';
import { GroupChangeLog } from './group-changes.ts';
import { AuditLog } from './audit-log.ts';
import { eniLabels } from './eni-labels.ts';
import { TemplateStore } from './templates.ts';
import { SuperNodeStore } from './supernodes.ts';

export interface Group {
  id: string;
  name: string;
  description: string;
  ingress: Rule[];
  egress: Rule[];
  createdTime: string;
  /** Bumped on every rule change (SecurityGroupPolicySet.Version). */
  version: number;
}

export interface Eni {
  id: string;
  name: string;
  description: string;
  primary: boolean;
  /** 0 secondary, 1 primary, 2 trunk. */
  eniType: number;
  tags: { Key: string; Value: string }[];
  vpcId: string;
  subnetId: string;
  zone: string;
  /** The first address is the primary private IP. */
  ips: string[];
  /** Bound groups in priority order. */
  groups: string[];
  instanceId: string;
  deviceIndex: number;
  mac: string;
  createdTime: string;
  attachTime: string;
  /** Creation order, for stable listing. */
  seq: number;
}

export interface Instance {
  id: string;
  nodeName: string;
  name: string;
  zone: string;
  zoneId: string;
  instanceType: string;
  primaryEniId: string;
  uuid: string;
  createdTime: string;
  seq: number;
}

export interface PolicyDocument {
  version: string;
  statement: Array<{
    effect: string;
    action: string | string[];
    resource?: string | string[];
    condition?: unknown;
    principal?: unknown;
  }>;
}

export interface CamPolicy {
  id: number;
  name: string;
  description: string;
  /** 1 custom (User), 2 preset (QCS). */
  type: 1 | 2;
  document: PolicyDocument;
  addTime: string;
  updateTime: string;
}

export interface CamRole {
  id: string;
  name: string;
  description: string;
  trustDocument: PolicyDocument;
  roleType: string;
  addTime: string;
  attached: Array<{ policyId: number; addTime: string }>;
}

/** A CAM sub-user behind one of the scenario's keys (callers.ts). */
export interface CamUser {
  uin: number;
  name: string;
  attached: Array<{ policyId: number; addTime: string }>;
}

export interface AddonState {
  name: string;
  installed: boolean;
  version: string;
  phase: string;
  values: Record<string, unknown>;
  defaults: Record<string, unknown>;
  generation: number;
  createTime: string;
}

export const IPAMD_ROLE = 'IPAMDofTKE_QCSRole';
export const IPAMD_SG_POLICY_NAME = 'SecurityGroupsAccessForIPAMD';
export const IPAMD_SG_POLICY_ID = 233456789;

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const BASE_TIME = Date.UTC(2026, 0, 5, 2, 0, 0); // resources of the scenario "exist since" 2026-01-05

/** "YYYY-MM-DD hh:mm:ss" in UTC+8, the format of CreatedTime fields. */
export function tcTime(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}
/** ISO 8601 with offset, the format TKE and CVM use in some fields. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function ipToInt(ip: string): number {
  return ip.split('.').reduce((acc, part) => ((acc << 8) | Number(part)) >>> 0, 0);
}
function intToIp(v: number): string {
  return [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join('.');
}
function cidrRange(cidr: string): [number, number] {
  const [ip, bits] = cidr.split('/') as [string, string];
  const size = 2 ** (32 - Number(bits));
  const start = ipToInt(ip) & ~(size - 1);
  return [start >>> 0, (start + size - 1) >>> 0];
}

/** Deep merge for addon values: objects merge key by key, anything else (arrays too) is replaced. */
export function mergeValues(base: unknown, patch: unknown): unknown {
  if (isPlainObject(base) && isPlainObject(patch)) {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(patch)) out[k] = k in base ? mergeValues(base[k], v) : v;
    return out;
  }
  return patch;
}
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export class CloudState {
  readonly scenario: Scenario;
  readonly groups = new Map<string, Group>();
  /** Address and service templates rules may name (templates.ts). */
  readonly templates = new TemplateStore((prefix) => this.newId(prefix), () => tcTime(Date.now()));
  readonly instances = new Map<string, Instance>();
  readonly enis = new Map<string, Eni>();
  readonly enisByInstance = new Map<string, string[]>();
  readonly policies = new Map<number, CamPolicy>();
  readonly roles = new Map<string, CamRole>();
  /** Sub-users by UIN: the plugin's callers. */
  readonly users = new Map<number, CamUser>();
  /** Every change of an ENI's groups after the scenario was built (group-changes.ts). */
  readonly groupChanges = new GroupChangeLog();
  /** Super node pools, their virtual nodes and container instances (supernodes.ts). */
  readonly superNodes = new SuperNodeStore(this);
  /** Every successful write call with its caller, for CloudAudit LookUpEvents (audit-log.ts). */
  readonly audit = new AuditLog();
  addon: AddonState;
  private seq = 0;
  private readonly usedIds = new Set<string>();
  private readonly usedIps = new Set<string>();

  constructor(scenario: Scenario) {
    this.scenario = scenario;
    scenario.securityGroups.forEach((g, i) => this.addGroup(g, BASE_TIME + i * 60_000));
    scenario.instances.forEach((ins, i) => this.addInstance(ins, BASE_TIME + 3600_000 + i * 1000));
    this.addon = this.initialAddon();
    this.initCam();
  }

  // ---- ids and addresses -------------------------------------------------------------

  newId(prefix: string): string {
    for (;;) {
      const bytes = randomBytes(8);
      let s = prefix + '-';
      for (const b of bytes) s += ALNUM[b % ALNUM.length];
      if (!this.usedIds.has(s)) {
        this.usedIds.add(s);
        return s;
      }
    }
  }

  private newMac(): string {
    const b = randomBytes(5);
    return ['20', ...[...b].map((x) => x.toString(16).padStart(2, '0'))].join(':').toUpperCase();
  }

  /** The next free address in a subnet (skips network, gateway .1 and broadcast). */
  allocateIp(subnetId: string): string {
    const subnet = this.scenario.subnets.find((s) => s.id === subnetId);
    if (!subnet) throw new Error(`unknown subnet ${subnetId}`);
    const [start, end] = cidrRange(subnet.cidr);
    for (let v = start + 2; v < end; v++) {
      const ip = intToIp(v);
      if (!this.usedIps.has(ip)) {
        this.usedIps.add(ip);
        return ip;
      }
    }
    throw new Error(`subnet ${subnetId} (${subnet.cidr}) is full`);
  }

  /** Take a specific address if it is free and inside the subnet. */
  claimIp(subnetId: string, ip: string): boolean {
    const subnet = this.scenario.subnets.find((s) => s.id === subnetId);
    if (!subnet || !/^\d{1,3}(\.\d{1,3}){3}$/.test(ip) || this.usedIps.has(ip)) return false;
    const [start, end] = cidrRange(subnet.cidr);
    const v = ipToInt(ip);
    if (v <= start + 1 || v >= end) return false;
    this.usedIps.add(ip);
    return true;
  }

  get podSubnetId(): string {
    return (this.scenario.subnets[1] ?? this.scenario.subnets[0]!).id;
  }
  get nodeSubnetId(): string {
    return this.scenario.subnets[0]!.id;
  }

  // ---- building ------------------------------------------------------------------------

  private addGroup(g: SecurityGroupSpec, created: number): void {
    this.usedIds.add(g.id);
    this.groups.set(g.id, {
      id: g.id,
      name: g.name,
      description: g.description,
      ingress: g.ingress.map((r) => ({ ...r })),
      egress: g.egress.map((r) => ({ ...r })),
      createdTime: tcTime(created),
      version: 1,
    });
  }

  private addEni(spec: EniSpec & { kind?: OtherEniKind }, instanceId: string, zone: string, deviceIndex: number, created: number): Eni {
    this.usedIds.add(spec.id);
    for (const ip of spec.ips) this.usedIps.add(ip);
    const eni: Eni = {
      id: spec.id,
      ...eniLabels({ primary: spec.primary, kind: spec.kind ?? 'ipamd', marking: this.scenario.eniMarking ?? 'names' }),
      primary: spec.primary,
      vpcId: this.scenario.vpc.id,
      subnetId: spec.subnetId,
      zone,
      ips: [...spec.ips],
      groups: [...spec.groups],
      instanceId,
      deviceIndex,
      mac: this.newMac(),
      createdTime: tcTime(created),
      attachTime: tcTime(created),
      seq: this.seq++,
    };
    this.enis.set(eni.id, eni);
    const list = this.enisByInstance.get(instanceId);
    if (list) list.push(eni.id);
    else this.enisByInstance.set(instanceId, [eni.id]);
    return eni;
  }

  private addInstance(spec: InstanceSpec, created: number): Instance {
    this.usedIds.add(spec.id);
    const ins: Instance = {
      id: spec.id,
      nodeName: spec.nodeName,
      name: `tke_${this.scenario.clusterId}_worker`,
      zone: spec.zone,
      zoneId: spec.zoneId,
      instanceType: spec.instanceType,
      primaryEniId: spec.primaryEni.id,
      uuid: randomUUID(),
      createdTime: isoTime(created),
      seq: this.seq++,
    };
    this.instances.set(ins.id, ins);
    this.addEni(spec.primaryEni, ins.id, spec.zone, 0, created);
    spec.secondaryEnis.forEach((e, i) => this.addEni(e, ins.id, spec.zone, i + 1, created + 60_000));
    (spec.otherEnis ?? []).forEach((e, i) => this.addEni(e, ins.id, spec.zone, spec.secondaryEnis.length + 1 + i, created + 120_000));
    return ins;
  }

  /** A new node's instance (what scaling a node pool does): a primary ENI with the node groups. */
  createInstance(o: { id?: string; nodeName?: string; zone?: string; zoneId?: string; instanceType?: string; groups?: string[] }): InstanceSpec {
    const id = o.id ?? this.newId('ins');
    if (this.instances.has(id)) throw new Error(`instance ${id} already exists`);
    for (const g of o.groups ?? []) if (!this.groups.has(g)) throw new Error(`security group ${g} does not exist`);
    const firstPrimary = this.scenario.instances[0] ? this.enis.get(this.scenario.instances[0].primaryEni.id) : undefined;
    const groups = o.groups ?? (firstPrimary ? [...firstPrimary.groups] : [...this.groups.keys()].slice(0, 1));
    // TKE names nodes after their private IP: a free node-subnet IP given as nodeName is used as the IP.
    const nodeIp = o.nodeName && this.claimIp(this.nodeSubnetId, o.nodeName) ? o.nodeName : this.allocateIp(this.nodeSubnetId);
    const spec: InstanceSpec = {
      id,
      nodeName: o.nodeName ?? nodeIp,
      zone: o.zone ?? this.scenario.subnets[0]!.zone,
      zoneId: o.zoneId ?? '100003',
      instanceType: o.instanceType ?? 'S5.MEDIUM4',
      primaryEni: { id: this.newId('eni'), primary: true, subnetId: this.nodeSubnetId, ips: [nodeIp], groups },
      secondaryEnis: [],
    };
    this.addInstance(spec, Date.now());
    return spec;
  }

  /** What ipamd does on a node: create a secondary ENI (no groups) and attach it. */
  createEni(o: { instanceId: string; subnetId?: string; ipCount?: number }): Eni {
    const ins = this.instances.get(o.instanceId);
    if (!ins) throw new Error(`instance ${o.instanceId} does not exist`);
    const subnetId = o.subnetId ?? this.podSubnetId;
    if (!this.scenario.subnets.some((s) => s.id === subnetId)) throw new Error(`subnet ${subnetId} does not exist`);
    const count = Math.max(1, Math.min(o.ipCount ?? 1, 30));
    const ips = Array.from({ length: count }, () => this.allocateIp(subnetId));
    const deviceIndex = this.enisByInstance.get(ins.id)?.length ?? 0;
    const eni = this.addEni({ id: this.newId('eni'), primary: false, subnetId, ips, groups: [] }, ins.id, ins.zone, deviceIndex, Date.now());
    this.groupChanges.add({ eniId: eni.id, at: Date.now(), groups: [], cause: 'created' });
    return eni;
  }

  // ---- mutation used by the API and the control interface --------------------------------

  /** Every write of an ENI's groups goes through here, so the change log misses none. */
  setGroups(eniId: string, groups: string[], cause = 'control'): void {
    const eni = this.enis.get(eniId);
    if (!eni) throw new Error(`ENI ${eniId} does not exist`);
    for (const g of groups) if (!this.groups.has(g)) throw new Error(`security group ${g} does not exist`);
    const next = [...new Set(groups)];
    if (next.length === eni.groups.length && next.every((g, i) => g === eni.groups[i])) return;
    eni.groups = next;
    this.groupChanges.add({ eniId, at: Date.now(), groups: [...next], cause });
  }

  /** A group made by hand (a database's, for `reach` tests): no ENI carries it until one is bound. */
  createGroup(o: { name: string; description?: string; ingress?: Rule[]; egress?: Rule[] }): Group {
    const rules = { ingress: o.ingress ?? [], egress: o.egress ?? [] };
    this.checkRules(rules);
    const id = this.newId('sg');
    this.addGroup({ id, name: o.name, description: o.description ?? '', ...rules }, Date.now());
    return this.groups.get(id)!;
  }

  /**
   * A group deleted by another tool while something still names it (a super node pool, say): the
   * API no longer knows it, and nothing that named it is changed. False when there was no such group.
   */
  deleteGroup(id: string): boolean {
    return this.groups.delete(id);
  }

  /** A rule may name only groups and templates that exist. */
  private checkRules(rules: { ingress: Rule[]; egress: Rule[] }): void {
    for (const r of [...rules.ingress, ...rules.egress]) {
      if (r.SecurityGroupId && !this.groups.has(r.SecurityGroupId)) throw new Error(`security group ${r.SecurityGroupId} does not exist`);
      this.templates.checkRule(r);
    }
  }

  /** Overwrite a group's rules, each direction in priority order (what ReplaceSecurityGroupPolicies does). */
  setRules(groupId: string, rules: { ingress: Rule[]; egress: Rule[] }): Group {
    const g = this.groups.get(groupId);
    if (!g) throw new Error(`security group ${groupId} does not exist`);
    this.checkRules(rules);
    g.ingress = rules.ingress.map((r) => ({ ...r }));
    g.egress = rules.egress.map((r) => ({ ...r }));
    g.version += 1;
    return g;
  }

  // ---- TKE addon --------------------------------------------------------------------------

  private initialAddon(): AddonState {
    const s = this.scenario;
    const vpcCni = (sg: { enableSecurityGroups: boolean; securityGroups: string[] }) => ({
      securityGroups: sg,
      routeEni: { ipMinWarmTarget: 5, ipMaxWarmTarget: 5, maxEniPerNode: 0 },
      directEni: { ipMinWarmTarget: 1, ipMaxWarmTarget: 1 },
      claimExpiredDuration: '10m0s',
      enableTrunkingENI: false,
      onlyNominatedEniSubnets: false,
    });
    const defaults = {
      vpcCni: vpcCni({ enableSecurityGroups: false, securityGroups: [] }),
      global: { cluster: { clusterId: '', region: '' }, image: { host: 'ccr.ccs.tencentyun.com' } },
      replicas: 2,
      resources: { requests: { cpu: '100m', memory: '128Mi' } },
      logLevel: 4,
    };
    const values = {
      vpcCni: vpcCni({ enableSecurityGroups: s.ipamd.enableSecurityGroups, securityGroups: [...s.ipamd.securityGroups] }),
      global: { cluster: { clusterId: s.clusterId, region: s.region }, image: { host: 'ccr.ccs.tencentyun.com' } },
      replicas: 2,
      resources: { requests: { cpu: '100m', memory: '128Mi' } },
      logLevel: 4,
    };
    return {
      name: s.addon.name,
      installed: versionAtLeast(s.ipamd.version, 3, 5, 0),
      version: s.addon.version,
      phase: s.addon.phase,
      values,
      defaults,
      generation: 1,
      createTime: isoTime(BASE_TIME),
    };
  }

  updateAddon(o: { values?: Record<string, unknown>; strategy: 'merge' | 'replace'; version?: string }): void {
    if (o.values) {
      this.addon.values =
        o.strategy === 'replace' ? structuredClone(o.values) : (mergeValues(this.addon.values, structuredClone(o.values)) as Record<string, unknown>);
    }
    if (o.version) this.addon.version = o.version;
    this.addon.generation++;
  }

  // ---- CAM ----------------------------------------------------------------------------------

  private initCam(): void {
    const t = tcTime(BASE_TIME);
    const preset: CamPolicy = {
      id: 16313162,
      name: 'QcloudAccessForIPAMDofTKERole',
      description: 'Preset policy of the TKE ipamd role: manage ENIs and their IPs for pods.',
      type: 2,
      document: {
        version: '2.0',
        statement: [
          {
            effect: 'allow',
            action: [
              'vpc:DescribeNetworkInterfaces',
              'vpc:CreateNetworkInterface',
              'vpc:DeleteNetworkInterface',
              'vpc:AttachNetworkInterface',
              'vpc:DetachNetworkInterface',
              'vpc:AssignPrivateIpAddresses',
              'vpc:UnassignPrivateIpAddresses',
              'vpc:DescribeSubnets',
              'vpc:DescribeVpcs',
              'vpc:DescribeSecurityGroups',
              'vpc:DescribeNetworkInterfaceLimit',
              'cvm:DescribeInstances',
            ],
            resource: ['*'],
          },
        ],
      },
      addTime: t,
      updateTime: t,
    };
    const sgPolicy: CamPolicy = {
      id: IPAMD_SG_POLICY_ID,
      name: IPAMD_SG_POLICY_NAME,
      description: 'Lets tke-eni-ipamd bind security groups to the ENIs of pods',
      type: 1,
      document: {
        version: '2.0',
        statement: [
          {
            effect: 'allow',
            action: ['cvm:AssociateNetworkInterfaceSecurityGroups', 'cvm:DisassociateNetworkInterfaceSecurityGroups'],
            resource: ['*'],
          },
        ],
      },
      addTime: t,
      updateTime: t,
    };
    const tkePreset: CamPolicy = {
      id: 16313163,
      name: 'QcloudAccessForTKERole',
      description: 'Preset policy of the TKE service role.',
      type: 2,
      document: { version: '2.0', statement: [{ effect: 'allow', action: ['cvm:*', 'vpc:*', 'clb:*', 'cbs:*', 'tag:*'], resource: ['*'] }] },
      addTime: t,
      updateTime: t,
    };
    for (const p of [preset, sgPolicy, tkePreset, ...callerPolicies(t)]) this.policies.set(p.id, p);
    this.users.set(ADMIN_UIN, { uin: ADMIN_UIN, name: ADMIN_USER_NAME, attached: [{ policyId: callerPolicyId(this.scenario.cam.callerPolicy), addTime: t }] });
    this.users.set(READONLY_UIN, { uin: READONLY_UIN, name: READONLY_USER_NAME, attached: [{ policyId: READONLY_POLICY_ID, addTime: t }] });
    this.users.set(COLLEAGUE_UIN, { uin: COLLEAGUE_UIN, name: COLLEAGUE_USER_NAME, attached: [{ policyId: ADMINISTRATOR_POLICY_ID, addTime: t }] });
    const trust = (service: string): PolicyDocument => ({
      version: '2.0',
      statement: [{ action: 'name/sts:AssumeRole', effect: 'allow', principal: { service: [service] } }],
    });
    this.roles.set(IPAMD_ROLE, {
      id: '4611686018427397919',
      name: IPAMD_ROLE,
      description: 'The current role is the TKE ipamd service role, which will access your other service resources within the scope of the permissions of the associated policy.',
      trustDocument: trust('ccs.qcloud.com'),
      roleType: 'user',
      addTime: t,
      attached: [{ policyId: preset.id, addTime: t }, ...(this.scenario.cam.ipamdRoleHasPolicy ? [{ policyId: sgPolicy.id, addTime: t }] : [])],
    });
    this.roles.set('TKE_QCSRole', {
      id: '4611686018427397920',
      name: 'TKE_QCSRole',
      description: 'The current role is the TKE service role.',
      trustDocument: trust('ccs.qcloud.com'),
      roleType: 'user',
      addTime: t,
      attached: [{ policyId: tkePreset.id, addTime: t }],
    });
  }

  /** Attach or detach the security-group policy of the ipamd role; optionally replace its document. */
  setIpamdRolePolicy(attached: boolean, document?: PolicyDocument): void {
    const role = this.roles.get(IPAMD_ROLE)!;
    const policy = this.policies.get(IPAMD_SG_POLICY_ID)!;
    if (document) {
      policy.document = structuredClone(document);
      policy.updateTime = tcTime(Date.now());
    }
    role.attached = role.attached.filter((a) => a.policyId !== IPAMD_SG_POLICY_ID);
    if (attached) role.attached.push({ policyId: IPAMD_SG_POLICY_ID, addTime: tcTime(Date.now()) });
  }

  /** Attach one of the caller presets to the operator's sub-user, in place of what it had. */
  setCallerPolicy(p: CallerPolicy): void {
    this.users.get(ADMIN_UIN)!.attached = [{ policyId: callerPolicyId(p), addTime: tcTime(Date.now()) }];
  }

  /** Policies in force for a sub-user, in attachment order. */
  userPolicies(uin: number): CamPolicy[] {
    return (this.users.get(uin)?.attached ?? []).map((a) => this.policies.get(a.policyId)).filter((p): p is CamPolicy => p !== undefined);
  }

  /** Policies in force for a role, in attachment order. */
  rolePolicies(roleName: string): CamPolicy[] {
    const role = this.roles.get(roleName);
    if (!role) return [];
    return role.attached.map((a) => this.policies.get(a.policyId)).filter((p): p is CamPolicy => p !== undefined);
  }
}

/** "v3.5.8" or "3.5.8" ≥ major.minor.patch, compared numerically. */
export function versionAtLeast(version: string, major: number, minor: number, patch: number): boolean {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!m) return false;
  const [a, b, c] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (a !== major) return a > major;
  if (b !== minor) return b > minor;
  return c >= patch;
}
