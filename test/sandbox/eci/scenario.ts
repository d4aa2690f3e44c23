// The ECI part of a sandbox: one description shared by the Alibaba Cloud emulator (VPCs,
// vSwitches, security groups, the access key it accepts) and by the cluster seed and the
// virtual-kubelet simulator (eci-profile, virtual nodes, namespaces, workloads, bare pods).
// Generated deterministically (the sandbox's seeded PRNG) so tests and the demo replay it.
// Keep it backward compatible: the emulator engineer may add fields it needs, here only.
import { prng } from '../scenario.ts';
import { ANN_SECURITY_GROUP } from './names.ts';

/** A security group rule, the shape of the scenario and of the emulator's control API. */
export interface Permission {
  direction: 'ingress' | 'egress';
  ipProtocol: 'TCP' | 'UDP' | 'ICMP' | 'GRE' | 'ALL';
  /** "80/80", "1/80", "-1/-1" (all ports). */
  portRange: string;
  sourceCidrIp?: string;
  destCidrIp?: string;
  sourceGroupId?: string;
  destGroupId?: string;
  /** pl-…: a prefix list's CIDRs (DescribePrefixListAttributes). */
  sourcePrefixListId?: string;
  destPrefixListId?: string;
  policy: 'Accept' | 'Drop';
  priority: number; // 1..100
  description?: string;
}

/** `normal` is a basic group, `enterprise` an advanced one (ECS's SecurityGroupType). */
export type SecurityGroupType = 'normal' | 'enterprise';

export interface EciSecurityGroup {
  id: string;
  name: string;
  description: string;
  vpcId: string;
  type: SecurityGroupType;
  rules: Permission[];
}

export interface EciVSwitch {
  id: string;
  vpcId: string;
  zoneId: string; // cn-hangzhou-k
  cidr: string;
}

export interface EciNamespace {
  name: string;
  labels: Record<string, string>;
}

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'Job' | 'CronJob';

/** A workload whose pods run on the virtual nodes (pod template with the virtual-kubelet nodeSelector and toleration). */
export interface EciWorkload {
  kind: WorkloadKind;
  namespace: string;
  name: string;
  /** Deployment and StatefulSet; one pod per virtual node for a DaemonSet, one for a Job. */
  replicas: number;
  /** Pod template labels (the selector matches them). */
  labels: Record<string, string>;
  /** Pod template annotations (e.g. k8s.aliyun.com/eci-security-group). */
  annotations: Record<string, string>;
  image: string;
  /** CronJob only. */
  schedule?: string;
}

/** A pod created directly (no owner), already bound to a virtual node. */
export interface EciBarePod {
  namespace: string;
  name: string;
  nodeName: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  image: string;
}

export interface EciScenario {
  name: string;
  region: string; // cn-hangzhou
  /** The access key the emulator accepts (what env.sh exports as ALIBABA_CLOUD_ACCESS_KEY_*). */
  accessKeyId: string;
  accessKeySecret: string;
  /**
   * Optional STS credential the emulator accepts too (x-acs-security-token must carry this
   * token); added by the Alibaba emulator for the SDKs' temporary-credential path.
   */
  stsCredential?: { accessKeyId: string; accessKeySecret: string; securityToken: string };
  /** Another operator's access key (RAM user `colleague`), for changes made behind kubectl-sg's back; not in env.sh. */
  colleagueKey: { accessKeyId: string; accessKeySecret: string };
  vpcId: string;
  vpcCidr: string;
  /** A second VPC, for groups that cannot be combined with the cluster's. */
  otherVpcId: string;
  vSwitchIds: string[];
  /** The same vSwitches with their zone and CIDR (the simulator picks the one in the node's zone). */
  vSwitches: EciVSwitch[];
  securityGroups: EciSecurityGroup[];
  /** kube-system/eci-profile data: every value a string, as the real ConfigMap has them. */
  profile: Record<string, string>;
  /** Names of the virtual-kubelet nodes (`virtual-kubelet-<zone>`). */
  virtualNodes: string[];
  namespaces: EciNamespace[];
  workloads: EciWorkload[];
  barePods: EciBarePod[];
  /**
   * The virtual kubelet's version: the image tag of the Deployment kube-system/
   * ack-virtual-node-controller. From v2.0.0.90-15deb126e-aliyun it hot-updates eci-profile,
   * before that it reads it when it (re)starts. Absent in older scenario files: DEFAULT_VK_VERSION.
   */
  virtualKubeletVersion?: string;
  /**
   * How DescribeContainerGroups reports an instance's several groups in its one SecurityGroupId
   * (undocumented): `joined` "sg-a,sg-b" (default) or `first` (only the first ID).
   */
  securityGroupIdFormat?: SecurityGroupIdFormat;
  /**
   * What a selector with neither namespaceSelector nor objectSelector matches (undocumented):
   * `all` pods (default, as an empty Kubernetes label selector) or `none`.
   */
  emptySelectorMatches?: EmptySelectorMatches;
}

export const SECURITY_GROUP_ID_FORMATS = ['joined', 'first'] as const;
export type SecurityGroupIdFormat = (typeof SECURITY_GROUP_ID_FORMATS)[number];
export const EMPTY_SELECTOR_READINGS = ['all', 'none'] as const;
export type EmptySelectorMatches = (typeof EMPTY_SELECTOR_READINGS)[number];

/** A release after the hot update (ack-virtual-node release notes, May 2021). */
export const DEFAULT_VK_VERSION = 'v2.0.0.122-bdb884460-aliyun';

export interface EciScenarioOptions {
  name?: string;
  seed?: number;
  /** How many virtual nodes (one per zone, at most 2; default 1). */
  virtualNodes?: number;
  virtualKubeletVersion?: string;
  securityGroupIdFormat?: SecurityGroupIdFormat;
  emptySelectorMatches?: EmptySelectorMatches;
}

/** The groups by role, in the order makeEciScenario creates them. */
export const GROUP_ROLES = ['default', 'payments', 'isolated', 'otherVpc', 'wideOpen', 'manyRules'] as const;
export type GroupRole = (typeof GROUP_ROLES)[number];

export function groupByRole(s: EciScenario, role: GroupRole): EciSecurityGroup {
  return s.securityGroups[GROUP_ROLES.indexOf(role)]!;
}

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
/** Zones of the sandbox's region, one vSwitch (and at most one virtual node) each. */
const ZONES = ['cn-hangzhou-k', 'cn-hangzhou-j'] as const;
const NGINX = 'registry.cn-hangzhou.aliyuncs.com/eci_open/nginx:1.27';

/** ECI's own example selector: pods labelled app=payments in namespaces labelled team=pay get the payments group. */
export const PAYMENTS_SELECTOR = 'payments';
/** Namespaces labelled isolation=strict get the advanced group. */
export const ISOLATED_SELECTOR = 'isolated-namespaces';

export function makeEciScenario(o: EciScenarioOptions = {}): EciScenario {
  const rand = prng(o.seed ?? 7);
  const used = new Set<string>();
  // Alibaba IDs: a prefix, "bp1" for Hangzhou resources, then lowercase letters and digits.
  const id = (prefix: string, n = 17): string => {
    for (;;) {
      let s = `${prefix}-bp1`;
      for (let i = 0; i < n; i++) s += ALNUM[Math.floor(rand() * ALNUM.length)];
      if (!used.has(s)) {
        used.add(s);
        return s;
      }
    }
  };
  const chars = (n: number, alphabet = ALNUM + 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'): string => {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(rand() * alphabet.length)];
    return s;
  };

  const region = 'cn-hangzhou';
  const vpcCidr = '192.168.0.0/16';
  const vpcId = id('vpc');
  const otherVpcId = id('vpc');
  const vSwitches: EciVSwitch[] = ZONES.map((zoneId, i) => ({ id: id('vsw'), vpcId, zoneId, cidr: `192.168.${i * 16}.0/20` }));

  let priority = 1;
  const rule = (r: Omit<Permission, 'policy' | 'priority'> & Partial<Pick<Permission, 'policy' | 'priority'>>): Permission => ({
    policy: 'Accept',
    priority: r.priority ?? priority,
    ...r,
  });
  const ingress = (ipProtocol: Permission['ipProtocol'], portRange: string, sourceCidrIp: string, description?: string): Permission =>
    rule({ direction: 'ingress', ipProtocol, portRange, sourceCidrIp, ...(description ? { description } : {}) });
  const allOut = rule({ direction: 'egress', ipProtocol: 'ALL', portRange: '-1/-1', destCidrIp: '0.0.0.0/0', description: 'all outbound' });
  // What the console creates: inbound 22, 80, 443, 3389 and ICMP, outbound all (here from the VPC only).
  const defaults = (source: string): Permission[] => [
    ingress('TCP', '22/22', source, 'ssh'),
    ingress('TCP', '80/80', source, 'http'),
    ingress('TCP', '443/443', source, 'https'),
    ingress('TCP', '3389/3389', source, 'rdp'),
    ingress('ICMP', '-1/-1', source, 'ping'),
    allOut,
  ];
  const group = (name: string, description: string, type: SecurityGroupType, rules: Permission[], inVpc = vpcId): EciSecurityGroup => ({
    id: id('sg'),
    name,
    description,
    vpcId: inVpc,
    type,
    rules,
  });
  // Near the limit of 200 rules per basic group: one rule per service port from the VPC.
  const manyRules: Permission[] = Array.from({ length: 189 }, (_, i) => ingress('TCP', `${8000 + i}/${8000 + i}`, vpcCidr, `service port ${8000 + i}`));
  manyRules.push(allOut);

  const groups: EciSecurityGroup[] = [
    group('eci-default', 'Default group of the cluster\'s ECI pods (eci-profile securityGroupId)', 'normal', defaults(vpcCidr)),
    group('eci-payments', 'Payments pods (eci-profile selector "payments")', 'normal', [
      ingress('TCP', '8443/8443', '192.168.0.0/20', 'payments API from zone K'),
      rule({ direction: 'ingress', ipProtocol: 'TCP', portRange: '5432/5432', sourceCidrIp: vpcCidr, policy: 'Drop', priority: 10, description: 'no database traffic in' }),
      allOut,
    ]),
    group('eci-isolated', 'Advanced group for strictly isolated namespaces', 'enterprise', [
      ingress('TCP', '443/443', vpcCidr, 'https from the VPC'),
      rule({ direction: 'egress', ipProtocol: 'TCP', portRange: '443/443', destCidrIp: vpcCidr, description: 'https to the VPC' }),
    ]),
    group('other-vpc-default', 'A group of another VPC (cannot be used by this cluster)', 'normal', defaults('172.16.0.0/12'), otherVpcId),
    group('legacy-wide-open', 'Too permissive, kept for lint tests', 'normal', [
      ingress('ALL', '-1/-1', '0.0.0.0/0', 'everything from anywhere'),
      ingress('TCP', '1/80', '0.0.0.0/0', 'meant port 80'),
      ingress('TCP', '22/22', '0.0.0.0/0', 'ssh from anywhere'),
      allOut,
    ]),
    group('eci-many-rules', 'One rule per service port (190 rules, near the limit of 200)', 'normal', manyRules),
  ];
  const sg = (role: GroupRole) => groups[GROUP_ROLES.indexOf(role)]!.id;

  const selectors = [
    {
      name: PAYMENTS_SELECTOR,
      namespaceSelector: { matchLabels: { team: 'pay' } },
      objectSelector: { matchLabels: { app: 'payments' } },
      effect: { annotations: { [ANN_SECURITY_GROUP]: sg('payments') }, labels: { 'eci-selector': PAYMENTS_SELECTOR } },
    },
    {
      name: ISOLATED_SELECTOR,
      namespaceSelector: { matchLabels: { isolation: 'strict' } },
      effect: { annotations: { [ANN_SECURITY_GROUP]: sg('isolated') } },
    },
  ];
  // Exactly the keys of the product's sample, values as strings.
  const profile: Record<string, string> = {
    enableClusterIp: 'true',
    enableHybridMode: 'false',
    enablePrivateZone: 'false',
    resourceGroupId: '',
    securityGroupId: sg('default'),
    selectors: JSON.stringify(selectors),
    vSwitchIds: vSwitches.map((v) => v.id).join(','),
    vpcId,
  };

  const nodeCount = Math.min(Math.max(o.virtualNodes ?? 1, 1), ZONES.length);
  const virtualNodes = ZONES.slice(0, nodeCount).map(virtualNodeName);

  const workload = (kind: WorkloadKind, namespace: string, name: string, replicas: number, labels: Record<string, string>, annotations: Record<string, string> = {}, extra: Partial<EciWorkload> = {}): EciWorkload => ({
    kind,
    namespace,
    name,
    replicas,
    labels,
    annotations,
    image: NGINX,
    ...extra,
  });
  return {
    name: o.name ?? 'eci',
    region,
    accessKeyId: 'LTAI5t' + chars(18),
    accessKeySecret: chars(30),
    vpcId,
    vpcCidr,
    otherVpcId,
    vSwitchIds: vSwitches.map((v) => v.id),
    vSwitches,
    securityGroups: groups,
    profile,
    virtualNodes,
    namespaces: [
      { name: 'shop', labels: { team: 'shop' } },
      { name: 'pay', labels: { team: 'pay' } },
      { name: 'vault', labels: { team: 'security', isolation: 'strict' } },
      { name: 'batch', labels: { team: 'data' } },
    ],
    workloads: [
      // The pod template names its groups: the annotation wins over selectors and the default.
      workload('Deployment', 'shop', 'frontend', 2, { app: 'frontend' }, { [ANN_SECURITY_GROUP]: `${sg('wideOpen')},${sg('default')}` }),
      // No annotation, no selector: the profile's default.
      workload('Deployment', 'shop', 'cart', 2, { app: 'cart' }),
      // Matched by the "payments" selector (namespace team=pay, pod app=payments).
      workload('Deployment', 'pay', 'payments', 2, { app: 'payments' }),
      // Same namespace, other label: the default.
      workload('Deployment', 'pay', 'ledger', 1, { app: 'ledger' }),
      // Namespace isolation=strict: the advanced group through the second selector.
      workload('StatefulSet', 'vault', 'secrets', 2, { app: 'secrets' }),
      workload('Job', 'batch', 'migrate', 1, { app: 'migrate' }),
      workload('CronJob', 'batch', 'report', 1, { app: 'report' }, {}, { schedule: '0 3 * * *' }),
    ],
    barePods: [
      { namespace: 'default', name: 'debug-shell', nodeName: virtualNodes[0]!, labels: { run: 'debug-shell' }, annotations: {}, image: NGINX },
    ],
    virtualKubeletVersion: o.virtualKubeletVersion ?? DEFAULT_VK_VERSION,
    securityGroupIdFormat: o.securityGroupIdFormat ?? 'joined',
    emptySelectorMatches: o.emptySelectorMatches ?? 'all',
    // Drawn last, so every other value of a seed's scenario is what it was before this key existed.
    colleagueKey: { accessKeyId: 'LTAI5t' + chars(18), accessKeySecret: chars(30) },
  };
}

/** Real virtual nodes are named after the zone they create instances in. */
export function virtualNodeName(zoneId: string): string {
  return `virtual-kubelet-${zoneId}`;
}

/** The zone a virtual node serves (its name's tail), or undefined for another name. */
export function zoneOfVirtualNode(name: string): string | undefined {
  const m = /^virtual-kubelet-(.+)$/.exec(name);
  return m?.[1];
}
