// The world a sandbox starts from: one description shared by the Tencent Cloud emulator
// (VPC, groups, instances, ENIs, CAM, TKE cluster and addon) and by the Kubernetes seed
// (Node objects whose providerID and labels point at those instances, the ipamd Deployment).
// It is generated deterministically from a few knobs so that tests and the demo are
// reproducible, and written to JSON so that each sandbox process reads the same world.

export interface Rule {
  PolicyIndex?: number;
  /** With Port, or a ServiceTemplate instead (mutually exclusive, vpc_models.d.ts). */
  Protocol?: 'TCP' | 'UDP' | 'ICMP' | 'ICMPv6' | 'ALL';
  Port?: string; // "all", "80", "1-80", "80,443"
  ServiceTemplate?: { ServiceId?: string; ServiceGroupId?: string };
  /** One peer: CidrBlock, Ipv6CidrBlock, SecurityGroupId or AddressTemplate. */
  CidrBlock?: string;
  Ipv6CidrBlock?: string;
  SecurityGroupId?: string;
  AddressTemplate?: { AddressId?: string; AddressGroupId?: string };
  Action: 'ACCEPT' | 'DROP';
  PolicyDescription?: string;
}

export interface SecurityGroupSpec {
  id: string;
  name: string;
  description: string;
  ingress: Rule[];
  egress: Rule[];
}

export interface EniSpec {
  id: string;
  primary: boolean;
  subnetId: string;
  /** The first address is the ENI's primary private IP. */
  ips: string[];
  /** Groups bound when the sandbox starts, in priority order. */
  groups: string[];
}

/**
 * A node's ENI that is not one of ipamd's shared ENIs (docs/assumptions.md, "Which ENIs count"):
 * a pod's direct (exclusive) ENI, a trunk ENI (EniType 2) and a sub-ENI of it, one attached by
 * hand. ipamd leaves their groups alone.
 */
export type OtherEniKind = 'direct' | 'trunk' | 'sub-eni' | 'hand';
export interface OtherEniSpec extends EniSpec {
  kind: OtherEniKind;
}

/**
 * What an ENI's name, description and tags say (no public source: docs/assumptions.md).
 * `names`: ipamd writes its mode on its ENIs (tke-route-eni, tke-direct-eni, ...); `none`:
 * nothing on an ENI says whose it is, only EniType tells a trunk ENI.
 */
export type EniMarking = 'names' | 'none';
export const ENI_MARKINGS: readonly EniMarking[] = ['names', 'none'];

export interface InstanceSpec {
  id: string; // ins-xxxxxxxx
  /** TKE names nodes after their private IP. */
  nodeName: string;
  zone: string; // ap-guangzhou-3
  zoneId: string; // 100003
  instanceType: string;
  /** The instance's own groups are those of its primary ENI. */
  primaryEni: EniSpec;
  /** ENIs ipamd created before the sandbox started (shared-ENI mode: pods' IPs live here). */
  secondaryEnis: EniSpec[];
  /** ENIs that are not ipamd's shared ones (`--other-enis`), attached after those. */
  otherEnis?: OtherEniSpec[];
}

export interface PodSpec {
  namespace: string;
  name: string;
  nodeName: string;
  ip: string;
  /** E.g. `tke.cloud.tencent.com/networks: tke-direct-eni` for the pod on a direct ENI. */
  annotations?: Record<string, string>;
}

export interface Credential {
  secretId: string;
  secretKey: string;
}

export type IpamdConfigSource = 'args' | 'configmap';

/**
 * How the simulator words the Warning Event of a failed bind. No public source names the reason
 * or the message ipamd really writes (docs/assumptions.md), so the sandbox plays more than one:
 * `explained` says which groups failed on which ENI and, for UnauthorizedOperation, which CAM
 * actions the role needs; `sdk-error` only relays the cloud SDK's error, as in the one published
 * ipamd event (`[TencentCloudSDKError] Code=UnauthorizedOperation, Message=...`).
 */
export type BindEventWording = 'explained' | 'sdk-error';
export const BIND_EVENT_WORDINGS: readonly BindEventWording[] = ['explained', 'sdk-error'];
export const DEFAULT_BIND_EVENT_REASON = 'FailedBindSecurityGroups';

/** What the operator's own key may do in the emulator (tencent/callers.ts). */
export const CALLER_POLICIES = ['full', 'read-only', 'unreadable'] as const;
export type CallerPolicy = (typeof CALLER_POLICIES)[number];

/**
 * What ipamd v3.5+ gives a node when the feature is on and the global list is empty. The
 * documents conflict (docs/assumptions.md): `inherit-primary`, the older pages (seeds 000/001),
 * the node takes its primary ENI's groups; `no-extra-groups`, the 2026 tccli runbook of page
 * 50360 (domain.md), ENIs get no groups. Before v3.5.0 (Deployment args) the seeds' rule holds.
 */
export type EmptyListReading = 'inherit-primary' | 'no-extra-groups';
export const EMPTY_LIST_READINGS: readonly EmptyListReading[] = ['inherit-primary', 'no-extra-groups'];

/**
 * The order in which DescribeNetworkInterfaces lists an ENI's GroupSet. No public source says
 * (docs/assumptions.md): `priority`, the order bound (Associate appends at the lowest
 * priority), which ipamd's "the user's order as priority" (changelog v3.3.2) suggests; `sorted`,
 * by ID whatever the priority, so that order cannot be read back.
 */
export type GroupSetOrder = 'priority' | 'sorted';
export const GROUP_SET_ORDERS: readonly GroupSetOrder[] = ['priority', 'sorted'];

/**
 * Which CloudAudit events a LookUpEvents search by ResourceName finds when a call named several
 * ENIs. No public source says (docs/assumptions.md, "CloudAudit"): `any`, every call that named
 * the ENI; `exact`, only calls whose ResourceName is exactly it (a call on several ENIs is found
 * by none of them).
 */
export type AuditResourceMatch = 'any' | 'exact';
export const AUDIT_RESOURCE_MATCHES: readonly AuditResourceMatch[] = ['any', 'exact'];

/**
 * What ipamd makes of a toggle ("yes" then "no") that lands before it reacts. No public source
 * says (docs/assumptions.md): `both-edits`, it sees each change as its watch delivers it and
 * re-derives the node's groups on "no"; `final-state`, it reads the node only when it gets to it
 * (a coalescing work queue), so a "yes" it never acted on is lost and "no" changes nothing.
 */
export type ToggleSeen = 'both-edits' | 'final-state';
export const TOGGLE_SEEN_READINGS: readonly ToggleSeen[] = ['both-edits', 'final-state'];

/**
 * How `tke-network-conf.yaml` (ConfigMap kube-system/tke-eni-ipamd, ipamd >= v3.5.0) spells the
 * addon's `vpcCni` values. No public source shows the document (docs/assumptions.md): `nested`,
 * the same mapping (`securityGroups: {enableSecurityGroups, securityGroups}`); `dotted`, one flat
 * mapping with dotted keys (`securityGroups.enableSecurityGroups: true`), as the cluster's other
 * ConfigMap kube-system/tke-network-conf spells `cidr.cluster-cidrs`. ipamd reads only its shape.
 */
export type NetworkConfShape = 'nested' | 'dotted';
export const NETWORK_CONF_SHAPES: readonly NetworkConfShape[] = ['nested', 'dotted'];

export interface IpamdSpec {
  /** Image tag, e.g. "v3.5.8". */
  version: string;
  enableSecurityGroups: boolean;
  /** Global list; empty means what `emptyList` says. */
  securityGroups: string[];
  /** Feature on, empty list, v3.5+: the primary ENI's groups or none (see EmptyListReading). */
  emptyList: EmptyListReading;
  /** A yes → no toggle faster than ipamd reacts: seen as both edits, or only as the final state. */
  toggleSeen: ToggleSeen;
  /** How tke-network-conf.yaml spells the addon values (v3.5+), in what TKE renders and what ipamd reads. */
  networkConfShape: NetworkConfShape;
  /** Write the known typo `--enable-security-group` instead of the real flag (versions < v3.5.0). */
  typoFlag: boolean;
  /** Milliseconds ipamd waits before reacting to a change (models its reconcile latency). */
  reactionDelayMs: number;
  /** The Warning Event a failed bind writes on the node (both guesses: see BindEventWording). */
  bindEvent: { reason: string; wording: BindEventWording };
}

export interface Scenario {
  name: string;
  region: string; // ap-guangzhou
  regionShort: string; // gz: what TKE puts in node labels
  uin: string;
  appId: number;
  clusterId: string;
  clusterName: string;
  vpc: { id: string; cidr: string };
  subnets: { id: string; cidr: string; zone: string }[];
  securityGroups: SecurityGroupSpec[];
  instances: InstanceSpec[];
  pods: PodSpec[];
  ipamd: IpamdSpec;
  /** How DescribeNetworkInterfaces orders an ENI's GroupSet (see GroupSetOrder). */
  groupSetOrder: GroupSetOrder;
  /** How LookUpEvents matches ResourceName (see AuditResourceMatch). */
  auditResourceMatch: AuditResourceMatch;
  /** How ENIs are named (EniMarking). */
  eniMarking: EniMarking;
  addon: { name: 'eniipamd'; version: string; phase: string };
  cam: {
    ipamdRoleName: 'IPAMDofTKE_QCSRole';
    /** Whether the role has a policy granting the two ENI security-group actions. */
    ipamdRoleHasPolicy: boolean;
    /** What the operator's own key may do (tencent/callers.ts). */
    callerPolicy: CallerPolicy;
  };
  limits: {
    instanceSecurityGroupLimit: number;
    securityGroupPolicyLimit: number;
  };
  /**
   * Keys the emulator accepts. `admin` is the operator running the plugin, `ipamd` the
   * role's temporary key that ipamd uses (its rights come from the role's CAM policies),
   * `readonly` may only call the read actions (Describe, Get, List), `colleague` is another
   * operator with every right, whose changes are made behind kubectl-sg's back (another tool).
   */
  credentials: { admin: Credential; ipamd: Credential & { token: string }; readonly: Credential; colleague: Credential };
}

export interface ScenarioOptions {
  name?: string;
  nodes?: number;
  ipamdVersion?: string;
  enableSecurityGroups?: boolean;
  /** How many of the scenario's groups make up the global list (0: none; see emptyList). */
  globalGroups?: number;
  typoFlag?: boolean;
  ipamdRoleHasPolicy?: boolean;
  callerPolicy?: CallerPolicy;
  podsPerNode?: number;
  reactionDelayMs?: number;
  /** Reason of the Warning Event a failed bind writes (default FailedBindSecurityGroups). */
  bindEventReason?: string;
  bindEventWording?: BindEventWording;
  /** Give the first two nodes a direct ENI, a trunk ENI with a sub-ENI, and a hand-attached ENI. */
  otherEnis?: boolean;
  eniMarking?: EniMarking;
  /** Feature on with an empty global list, v3.5+ (default inherit-primary). */
  emptyList?: EmptyListReading;
  /** How DescribeNetworkInterfaces orders GroupSet (default priority). */
  groupSetOrder?: GroupSetOrder;
  /** How LookUpEvents matches ResourceName (default any). */
  auditResourceMatch?: AuditResourceMatch;
  /** A toggle faster than ipamd reacts (default both-edits). */
  toggleSeen?: ToggleSeen;
  /** tke-network-conf.yaml's shape (default nested). */
  networkConfShape?: NetworkConfShape;
  seed?: number;
}

/** Small deterministic PRNG (mulberry32): the same options always give the same world (tests replay their random choices with it too). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

function idMaker(rand: () => number) {
  const used = new Set<string>();
  return (prefix: string): string => {
    for (;;) {
      let s = prefix + '-';
      for (let i = 0; i < 8; i++) s += ALNUM[Math.floor(rand() * ALNUM.length)];
      if (!used.has(s)) {
        used.add(s);
        return s;
      }
    }
  };
}

function hexKey(rand: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += ALNUM[Math.floor(rand() * ALNUM.length)];
  return s;
}

/** Node IPs come from 10.0.0.0/18, pod IPs (secondary ENIs) from 10.0.128.0/17: room for 5,000 nodes. */
function ipAt(base: number, offset: number): string {
  const v = base + offset;
  return [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join('.');
}
const TEN = 10 << 24;

/**
 * Node 0: a direct ENI (pods-db), a trunk ENI (pods-web) and a sub-ENI of it (legacy-wide-open);
 * node 1: an ENI attached by hand (tke-node-default, pods-db). Each carries groups no NEC asks
 * for, so counting one would call its node drifted. Addresses from the top of each subnet,
 * clear of the nodes' and pods' (which grow from the bottom).
 */
function otherEnisOf(node: number, id: (prefix: string) => string, groups: SecurityGroupSpec[], subnet: { pod: string; node: string }): OtherEniSpec[] {
  const g = (...names: string[]) => names.map((n) => groups.find((x) => x.name === n)!.id);
  const podIp = (k: number) => ipAt(TEN + (255 << 8), 10 + node * 10 + k); // 10.0.255.x
  if (node === 0) {
    return [
      { kind: 'direct', id: id('eni'), primary: false, subnetId: subnet.pod, ips: [podIp(0)], groups: g('pods-db') },
      { kind: 'trunk', id: id('eni'), primary: false, subnetId: subnet.pod, ips: [podIp(1)], groups: g('pods-web') },
      { kind: 'sub-eni', id: id('eni'), primary: false, subnetId: subnet.pod, ips: [podIp(2)], groups: g('legacy-wide-open') },
    ];
  }
  return [{ kind: 'hand', id: id('eni'), primary: false, subnetId: subnet.node, ips: [ipAt(TEN + (63 << 8), 10 + node)], groups: g('tke-node-default', 'pods-db') }];
}

export function makeScenario(o: ScenarioOptions = {}): Scenario {
  const nodes = o.nodes ?? 3;
  const rand = prng(o.seed ?? 1);
  const id = idMaker(rand);
  const region = 'ap-guangzhou';
  const vpcId = id('vpc');
  const nodeSubnet = { id: id('subnet'), cidr: '10.0.0.0/18', zone: 'ap-guangzhou-3' };
  const podSubnet = { id: id('subnet'), cidr: '10.0.128.0/17', zone: 'ap-guangzhou-3' };
  const web = (name: string, description: string, ingress: Rule[]): SecurityGroupSpec => ({
    id: id('sg'),
    name,
    description,
    ingress,
    egress: [{ Protocol: 'ALL', Port: 'all', CidrBlock: '0.0.0.0/0', Action: 'ACCEPT', PolicyDescription: 'all outbound' }],
  });
  const groups: SecurityGroupSpec[] = [
    web('tke-node-default', 'Default group of the cluster nodes (primary ENIs)', [
      { Protocol: 'TCP', Port: '22', CidrBlock: '10.0.0.0/16', Action: 'ACCEPT', PolicyDescription: 'ssh from the VPC' },
      { Protocol: 'ALL', Port: 'all', CidrBlock: '10.0.0.0/16', Action: 'ACCEPT', PolicyDescription: 'VPC internal' },
    ]),
    web('pods-base', 'Baseline for all pods', [
      { Protocol: 'TCP', Port: '80,443', CidrBlock: '10.0.0.0/16', Action: 'ACCEPT', PolicyDescription: 'http(s) from the VPC' },
      { Protocol: 'ICMP', Port: 'all', CidrBlock: '10.0.0.0/16', Action: 'ACCEPT' },
    ]),
    web('pods-web', 'Public web pods', [
      { Protocol: 'TCP', Port: '443', CidrBlock: '0.0.0.0/0', Action: 'ACCEPT', PolicyDescription: 'https from anywhere' },
    ]),
    web('pods-db', 'Database pods', [
      { Protocol: 'TCP', Port: '3306', CidrBlock: '10.0.128.0/17', Action: 'ACCEPT', PolicyDescription: 'mysql from pods' },
      { Protocol: 'ALL', Port: 'all', CidrBlock: '0.0.0.0/0', Action: 'DROP' },
    ]),
    web('legacy-wide-open', 'Too permissive, kept for lint tests', [
      { Protocol: 'ALL', Port: 'all', CidrBlock: '0.0.0.0/0', Action: 'ACCEPT' },
      { Protocol: 'TCP', Port: '1-65535', CidrBlock: '0.0.0.0/0', Action: 'ACCEPT' },
    ]),
  ];
  const primaryGroups = [groups[0]!.id];
  const globalCount = o.globalGroups ?? 2;
  const globalList = groups.slice(1, 1 + globalCount).map((g) => g.id);

  const podsPerNode = o.podsPerNode ?? (nodes <= 20 ? 2 : 0);
  const instances: InstanceSpec[] = [];
  const pods: PodSpec[] = [];
  for (let i = 0; i < nodes; i++) {
    const nodeIp = ipAt(TEN, 10 + i); // 10.0.0.10 ...
    const ips = [ipAt(TEN + (128 << 8), 10 + i * 4)];
    for (let p = 0; p < podsPerNode; p++) ips.push(ipAt(TEN + (128 << 8), 10 + i * 4 + 1 + p));
    const insId = id('ins');
    instances.push({
      id: insId,
      nodeName: nodeIp,
      zone: 'ap-guangzhou-3',
      zoneId: '100003',
      instanceType: 'S5.MEDIUM4',
      primaryEni: { id: id('eni'), primary: true, subnetId: nodeSubnet.id, ips: [nodeIp], groups: primaryGroups },
      secondaryEnis: [{ id: id('eni'), primary: false, subnetId: podSubnet.id, ips, groups: [] }],
    });
    if (o.otherEnis && i < 2) instances[i]!.otherEnis = otherEnisOf(i, id, groups, { pod: podSubnet.id, node: nodeSubnet.id });
    const direct = instances[i]!.otherEnis?.find((e) => e.kind === 'direct');
    // The direct ENI's pod: its IP is the ENI's (exclusive mode), asked for by the documented annotation.
    if (direct) pods.push({ namespace: 'default', name: `db-direct-${i}-0`, nodeName: nodeIp, ip: direct.ips[0]!, annotations: { 'tke.cloud.tencent.com/networks': 'tke-direct-eni' } });
    for (let p = 0; p < podsPerNode; p++) {
      pods.push({ namespace: 'default', name: `web-${i}-${p}`, nodeName: nodeIp, ip: ips[1 + p]! });
    }
  }
  const version = o.ipamdVersion ?? 'v3.5.8';
  return {
    name: o.name ?? 'default',
    region,
    regionShort: 'gz',
    uin: '100000000001',
    appId: 1250000000,
    clusterId: id('cls'),
    clusterName: 'sandbox',
    vpc: { id: vpcId, cidr: '10.0.0.0/16' },
    subnets: [nodeSubnet, podSubnet],
    securityGroups: groups,
    instances,
    pods,
    eniMarking: o.eniMarking ?? 'names',
    groupSetOrder: o.groupSetOrder ?? 'priority',
    auditResourceMatch: o.auditResourceMatch ?? 'any',
    ipamd: {
      version,
      enableSecurityGroups: o.enableSecurityGroups ?? true,
      securityGroups: globalList,
      emptyList: o.emptyList ?? 'inherit-primary',
      toggleSeen: o.toggleSeen ?? 'both-edits',
      networkConfShape: o.networkConfShape ?? 'nested',
      typoFlag: o.typoFlag ?? false,
      reactionDelayMs: o.reactionDelayMs ?? 200,
      bindEvent: { reason: o.bindEventReason ?? DEFAULT_BIND_EVENT_REASON, wording: o.bindEventWording ?? 'explained' },
    },
    addon: { name: 'eniipamd', version: version.replace(/^v/, ''), phase: 'Succeeded' },
    cam: { ipamdRoleName: 'IPAMDofTKE_QCSRole', ipamdRoleHasPolicy: o.ipamdRoleHasPolicy ?? true, callerPolicy: o.callerPolicy ?? 'full' },
    limits: { instanceSecurityGroupLimit: 5, securityGroupPolicyLimit: 100 },
    credentials: {
      admin: { secretId: 'AKID' + hexKey(rand, 32), secretKey: hexKey(rand, 32) },
      ipamd: { secretId: 'AKID' + hexKey(rand, 32), secretKey: hexKey(rand, 32), token: hexKey(rand, 64) },
      readonly: { secretId: 'AKID' + hexKey(rand, 32), secretKey: hexKey(rand, 32) },
      // Drawn last, so every other value of a seed's scenario is what it was before this key existed.
      colleague: { secretId: 'AKID' + hexKey(rand, 32), secretKey: hexKey(rand, 32) },
    },
  };
}
