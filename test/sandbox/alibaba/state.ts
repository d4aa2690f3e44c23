// The emulated Alibaba Cloud account: security groups (ECS) and container groups (ECI) of the
// scenario's region, seeded from the EciScenario and changed through the control interface
// (security groups, rules, container groups — the plugin itself only reads).
//
// Creating a container group applies the checks ECI's CreateContainerGroup applies to its
// SecurityGroupId list: 1 to 5 groups, no repeats, all existing, all in the container group's
// VPC, all of one type (basic `normal` xor advanced `enterprise`); the vSwitch must be one of
// the scenario's, in that VPC.
import { randomBytes } from 'node:crypto';
import type { EciScenario, EciSecurityGroup, Permission, SecurityGroupIdFormat, SecurityGroupType } from '../eci/scenario.ts';
import type { Identity } from './calls.ts';

/** At most this many groups per network interface (ECI's SecurityGroupId list). */
export const MAX_GROUPS_PER_INSTANCE = 5;

export interface SecurityGroup {
  id: string;
  name: string;
  description: string;
  vpcId: string;
  type: SecurityGroupType;
  /** ISO 8601 without milliseconds, as ECS answers CreationTime. */
  creationTime: string;
  rules: StoredRule[];
}

export interface StoredRule extends Permission {
  /** sgr-..., as ECS answers SecurityGroupRuleId. */
  id: string;
  createTime: string;
}

export interface ContainerGroup {
  id: string;
  name: string;
  namespace: string;
  podUid: string;
  vpcId: string;
  vSwitchId: string;
  zoneId: string;
  securityGroupIds: string[];
  eniInstanceId: string;
  intranetIp: string;
  status: string;
  creationTime: string;
}

export interface NewContainerGroup {
  name: string;
  namespace: string;
  podUid?: string;
  vpcId: string;
  vSwitchId: string;
  securityGroupIds: string[];
  zoneId?: string;
}

/** A refusal of a control request, with the reason the real API would give. */
export class StateError extends Error {}

/** A prefix list (pl-…) rules may name as their source or destination: a set of CIDR blocks of one family. */
export interface PrefixList {
  id: string;
  name: string;
  addressFamily: 'IPv4' | 'IPv6';
  entries: string[];
  creationTime: string;
}

const isoSeconds = (ms: number): string => new Date(ms).toISOString().slice(0, 19) + 'Z';
const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const randomId = (prefix: string): string => {
  const bytes = randomBytes(20);
  let s = `${prefix}-bp1`;
  for (let i = 0; i < 17; i++) s += ALNUM[bytes[i]! % ALNUM.length];
  return s;
};

/**
 * What DescribeContainerGroups answers as ContainerGroups[].SecurityGroupId for an instance with
 * several groups. ASSUMPTION: the API documents it as one string and shows only single IDs
 * (docs/assumptions.md, "ECI reports an instance's groups in one SecurityGroupId"). `joined`
 * (the default): the IDs with commas in the order given, like the pod annotation; `first`: only
 * the first ID (the other reading, scenario `securityGroupIdFormat`, `--sg-id-format first`).
 */
export function reportedSecurityGroupId(ids: readonly string[], format: SecurityGroupIdFormat = 'joined'): string {
  return format === 'first' ? (ids[0] ?? '') : ids.join(',');
}

/** A write call as ActionTrail keeps it: who (the key's identity), what, when, with its parameters. */
export interface WriteRecord {
  eventId: string;
  eventName: string;
  /** The product code, e.g. Ecs. */
  serviceName: string;
  /** Milliseconds since the epoch. */
  at: number;
  identity: Exclude<Identity, 'anonymous'>;
  accessKeyId: string;
  region: string;
  params: Record<string, string>;
}

/** Write calls kept for ActionTrail at most (the oldest dropped): the sandbox makes few. */
const MAX_WRITES = 10_000;

export class AlibabaState {
  readonly scenario: EciScenario;
  /** Every successful write call, oldest first (LookupEvents, services/actiontrail.ts). */
  readonly writes: WriteRecord[] = [];
  readonly groups = new Map<string, SecurityGroup>();
  readonly containerGroups = new Map<string, ContainerGroup>();
  readonly prefixLists = new Map<string, PrefixList>();
  private readonly startedAt = Date.now();
  private ipCounter = 10;

  constructor(scenario: EciScenario) {
    this.scenario = scenario;
    for (const g of scenario.securityGroups) this.addGroup(g);
  }

  /** A new group (control interface and scenario seed); its rules get IDs and creation times. */
  addGroup(g: Omit<EciSecurityGroup, 'id'> & { id?: string }): SecurityGroup {
    const id = g.id ?? randomId('sg');
    if (this.groups.has(id)) throw new StateError(`security group ${id} already exists`);
    const group: SecurityGroup = {
      id,
      name: g.name,
      description: g.description,
      vpcId: g.vpcId,
      type: g.type,
      // Seeded groups look a few days old, in creation order; later ones are created now.
      creationTime: isoSeconds(g.id ? this.startedAt - (3 * 86_400_000 - this.groups.size * 60_000) : Date.now()),
      rules: [],
    };
    this.groups.set(id, group);
    this.setRules(id, g.rules);
    return group;
  }

  createPrefixList(o: { name: string; addressFamily?: 'IPv4' | 'IPv6'; entries: string[] }): PrefixList {
    const family = o.addressFamily ?? 'IPv4';
    const wrong = o.entries.find((e) => (family === 'IPv4') === e.includes(':') || !e.includes('/'));
    if (wrong !== undefined) throw new StateError(`entry ${wrong} is not an ${family} CIDR block`);
    const list = { id: randomId('pl'), name: o.name, addressFamily: family, entries: [...o.entries], creationTime: isoSeconds(Date.now()) };
    this.prefixLists.set(list.id, list);
    return list;
  }

  setRules(groupId: string, rules: Permission[]): SecurityGroup {
    const g = this.groups.get(groupId);
    if (!g) throw new StateError(`security group ${groupId} does not exist`);
    const at = isoSeconds(Date.now());
    g.rules = rules.map((r) => ({ ...r, id: randomId('sgr'), createTime: at }));
    return g;
  }

  createContainerGroup(o: NewContainerGroup): ContainerGroup {
    const ids = o.securityGroupIds;
    if (ids.length === 0) throw new StateError('SecurityGroupId is required: at least one security group');
    if (ids.length > MAX_GROUPS_PER_INSTANCE) throw new StateError(`at most ${MAX_GROUPS_PER_INSTANCE} security groups per instance, got ${ids.length}`);
    const dup = ids.find((id, i) => ids.indexOf(id) !== i);
    if (dup) throw new StateError(`security group ${dup} is given twice`);
    const groups = ids.map((id) => {
      const g = this.groups.get(id);
      if (!g) throw new StateError(`InvalidSecurityGroupId.NotFound: security group ${id} does not exist`);
      return g;
    });
    const foreign = groups.find((g) => g.vpcId !== o.vpcId);
    if (foreign) throw new StateError(`security group ${foreign.id} is in ${foreign.vpcId}, not in the instance's VPC ${o.vpcId}`);
    if (new Set(groups.map((g) => g.type)).size > 1) {
      throw new StateError(`security groups of different types cannot be combined (basic and advanced): ${groups.map((g) => `${g.id}=${g.type}`).join(', ')}`);
    }
    const vsw = this.scenario.vSwitches.find((v) => v.id === o.vSwitchId);
    if (!vsw) throw new StateError(`vSwitch ${o.vSwitchId} does not exist`);
    if (vsw.vpcId !== o.vpcId) throw new StateError(`vSwitch ${o.vSwitchId} is in ${vsw.vpcId}, not in ${o.vpcId}`);
    if (o.zoneId !== undefined && o.zoneId !== vsw.zoneId) throw new StateError(`vSwitch ${o.vSwitchId} is in zone ${vsw.zoneId}, not ${o.zoneId}`);
    const cg: ContainerGroup = {
      id: randomId('eci'),
      name: o.name,
      namespace: o.namespace,
      podUid: o.podUid ?? '',
      vpcId: o.vpcId,
      vSwitchId: o.vSwitchId,
      zoneId: vsw.zoneId,
      securityGroupIds: [...ids],
      eniInstanceId: randomId('eni'),
      intranetIp: this.nextIp(vsw.cidr),
      status: 'Running',
      creationTime: isoSeconds(Date.now()),
    };
    this.containerGroups.set(cg.id, cg);
    return cg;
  }

  recordWrite(r: WriteRecord): void {
    this.writes.push(r);
    if (this.writes.length > MAX_WRITES) this.writes.splice(0, this.writes.length - MAX_WRITES);
  }

  deleteContainerGroup(id: string): boolean {
    return this.containerGroups.delete(id);
  }

  /** The next free address of the vSwitch's CIDR (a /20 or wider: host part from .10 on). */
  private nextIp(cidr: string): string {
    const [base] = cidr.split('/');
    const [a, b, c] = base!.split('.').map(Number) as [number, number, number];
    const n = this.ipCounter++;
    return `${a}.${b}.${c + Math.floor(n / 250)}.${(n % 250) + 1}`;
  }
}
