// The super node world of a sandbox (deterministic): built from the Tencent scenario, whose VPC,
// subnets and groups it uses. One super node pool over the pod subnet with `pods-base` as its
// groups, N virtual nodes, kube-system/eks-config with the page's sample annotations (no group
// default, so the pool's groups show), namespace `serverless` with workloads asking for the
// super nodes: `web` (annotation pods-web,pods-base), `worker` (none: the default), `db`
// StatefulSet (annotation pods-db), `api` (none, but the SecurityGroupPolicy `api-pods` selects it:
// pods-web, pods-base), the bare pod `debug` (none).
//
// The readings of what no public page settles (docs/assumptions.md):
// - noGroupsDefault: a pod with neither its own annotation nor an eks-config default gets the
//   pool's groups (`pool`, the newer pages) or the region's `default` group (`region-default`,
//   the older pages);
// - instancesListed: DescribeEKSContainerInstances lists the instances of a standard cluster's
//   super-node pods (`listed`) or not (`unlisted`);
// - maxGroups: how many groups one super-node pod may have (5 assumed, as for a CVM instance);
// - sgpPrecedence: a SecurityGroupPolicy selecting a super-node pod beats its annotation and
//   eks-config (`policy`) or comes after them (`annotation`);
// - typeVirtualKubeletLabel: whether super nodes also carry `type=virtual-kubelet`, as ACK's
//   virtual nodes do (not shown on any TKE page; a public multi-cloud script does not trust that
//   label alone to mean Alibaba).
import type { Scenario } from '../scenario.ts';
import { ANN_SECURITY_GROUP_ID } from './names.ts';

export type NoGroupsDefault = 'pool' | 'region-default';
export const NO_GROUPS_DEFAULTS: readonly NoGroupsDefault[] = ['pool', 'region-default'];
export type InstancesListed = 'listed' | 'unlisted';
export type SgpPrecedence = 'policy' | 'annotation';
export const SGP_PRECEDENCES: readonly SgpPrecedence[] = ['policy', 'annotation'];
export const INSTANCES_LISTED_READINGS: readonly InstancesListed[] = ['listed', 'unlisted'];

export interface SupernodeWorkload {
  kind: 'Deployment' | 'StatefulSet';
  namespace: string;
  name: string;
  replicas: number;
  annotations: Record<string, string>;
}

export interface SupernodeBarePod {
  namespace: string;
  name: string;
  annotations: Record<string, string>;
}

export interface SupernodeScenario {
  region: string;
  clusterId: string;
  pool: { name: string; subnetId: string; securityGroupIds: string[] };
  virtualNodeCount: number;
  /** The region default group's name (made at seed time, as every region has one). */
  regionDefaultGroupName: string;
  /** kube-system/eks-config data as seeded; pod.annotations is a YAML map. */
  eksConfig: Record<string, string>;
  namespaces: string[];
  workloads: SupernodeWorkload[];
  barePods: SupernodeBarePod[];
  securityGroupPolicies: { namespace: string; name: string; matchLabels: Record<string, string>; groupIds: string[] }[];
  noGroupsDefault: NoGroupsDefault;
  instancesListed: InstancesListed;
  maxGroups: number;
  typeVirtualKubeletLabel: boolean;
  sgpPrecedence: SgpPrecedence;
}

export interface SupernodeScenarioOptions {
  virtualNodes?: number;
  noGroupsDefault?: NoGroupsDefault;
  instancesListed?: InstancesListed;
  maxGroups?: number;
  typeVirtualKubeletLabel?: boolean;
  sgpPrecedence?: SgpPrecedence;
}

const groupId = (s: Scenario, name: string): string => {
  const g = s.securityGroups.find((x) => x.name === name);
  if (!g) throw new Error(`the Tencent scenario has no group named ${name}`);
  return g.id;
};

export function makeSupernodeScenario(tencent: Scenario, o: SupernodeScenarioOptions = {}): SupernodeScenario {
  const podSubnet = (tencent.subnets[1] ?? tencent.subnets[0]!).id;
  const [base, web, db] = [groupId(tencent, 'pods-base'), groupId(tencent, 'pods-web'), groupId(tencent, 'pods-db')];
  const ns = 'serverless';
  return {
    region: tencent.region,
    clusterId: tencent.clusterId,
    pool: { name: 'supernode-pool', subnetId: podSubnet, securityGroupIds: [base] },
    virtualNodeCount: o.virtualNodes ?? 1,
    regionDefaultGroupName: 'default',
    // The product page's own sample: annotations that are not groups, so the default shows.
    eksConfig: { 'pod.annotations': 'eks.tke.cloud.tencent.com/resolv-conf: |\n  nameserver 183.60.83.19\n' },
    namespaces: [ns],
    workloads: [
      { kind: 'Deployment', namespace: ns, name: 'web', replicas: 2, annotations: { [ANN_SECURITY_GROUP_ID]: `${web},${base}` } },
      { kind: 'Deployment', namespace: ns, name: 'worker', replicas: 1, annotations: {} },
      { kind: 'StatefulSet', namespace: ns, name: 'db', replicas: 1, annotations: { [ANN_SECURITY_GROUP_ID]: db } },
      { kind: 'Deployment', namespace: ns, name: 'api', replicas: 1, annotations: {} },
    ],
    barePods: [{ namespace: ns, name: 'debug', annotations: {} }],
    securityGroupPolicies: [{ namespace: ns, name: 'api-pods', matchLabels: { app: 'api' }, groupIds: [web, base] }],
    noGroupsDefault: o.noGroupsDefault ?? 'pool',
    instancesListed: o.instancesListed ?? 'listed',
    maxGroups: o.maxGroups ?? 5,
    typeVirtualKubeletLabel: o.typeVirtualKubeletLabel ?? false,
    sgpPrecedence: o.sgpPrecedence ?? 'policy',
  };
}
