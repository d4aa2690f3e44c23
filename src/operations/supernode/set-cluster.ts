// `set cluster --provider supernode --groups sg-a,sg-b`: the default groups of super-node pods
// that name none of their own — a super node pool's (`--pool ID`, ModifyClusterVirtualNodePool,
// read back with DescribeNodePools 2022-05-01) or eks-config's (`--eks-config`: the group
// annotation inside kube-system/eks-config's pod.annotations, that one line only, written under
// the ConfigMap's resourceVersion and read back). Either one reaches new pods only: a super-node
// pod's groups are read when its instance is created (docs/assumptions.md), so the plan names the
// pods that take their groups from the place now and keep them until recreated. A pool's groups
// are what such a pod gets only under the newer pages' reading (the older: the region's default
// group), and eks-config's only when no SecurityGroupPolicy selects it first: both said.
import type { V1ConfigMap } from '@kubernetes/client-node';
import { load } from 'js-yaml';
import { BadInputError } from '../../domain/bad-input.ts';
import { parseGroupList } from '../../domain/security-group-id.ts';
import { EKS_CONFIG_KEY, EKS_CONFIG_NAME, EKS_CONFIG_NAMESPACE, parseEksConfig } from '../../domain/supernode/eks-config.ts';
import { withClusterDefaultGroups } from '../../domain/supernode/eks-config-edit.ts';
import { lineChanges, type LineChanges } from '../../domain/line-changes.ts';
import { sameGroups } from '../../domain/cluster-policy.ts';
import { errorMessage } from '../../domain/error-message.ts';
import { KubeApiError, type KubeClient } from '../../adapters/kube/kube-client.ts';
import { createEksConfig, getEksConfig, listSuperNodes, replaceEksConfig } from '../../adapters/kube/supernode/objects.ts';
import { podsOnNodes } from '../../adapters/kube/pods.ts';
import type { AccessAttributes } from '../../adapters/kube/access-review.ts';
import type { CloudOpener } from '../cloud-access.ts';
import { checkCloudRights, type CloudRights } from '../tencent-cloud-rights.ts';
import { checkSuperNodeGroups } from './group-check.ts';
import { poolOfNode, readGroupSources, type GroupSources } from './group-sources.ts';
import { readSuperNodePods } from './pods.ts';

export class SuperNodeSetClusterError extends BadInputError {}

export type SuperNodePlace = { kind: 'pool'; id: string; name: string } | { kind: 'eks-config' };

export interface SuperNodeSetClusterRequest {
  groups: string | undefined;
  pool: string | undefined;
  eksConfig: boolean;
  /** VPC-CNI's flags, refused by name here. */
  tkeOnly: string | undefined;
}

export interface SuperNodeSetClusterPlan {
  context: string;
  place: SuperNodePlace;
  /** In words, for the plan and the question. */
  placeText: string;
  before: string[];
  after: string[];
  changes: LineChanges;
  noop: boolean;
  /** Running pods whose groups come from this place, or (eks-config) from a default below it: recreated, they would take the new one. */
  pods: string[];
  /** The caller's rights for the pool write; undefined for eks-config (a Kubernetes object). */
  cloudRights: CloudRights | undefined;
  warnings: string[];
  readonly clusterId: string | undefined;
  readonly configMap: V1ConfigMap | undefined;
  readonly sources: GroupSources;
}

export interface SuperNodeSetClusterResult {
  placeText: string;
  before: string[];
  after: string[];
  changed: boolean;
  /** How the write was checked. */
  verified: string;
  pods: string[];
}

const EKS_CONFIG_PLACE = `ConfigMap ${EKS_CONFIG_NAMESPACE}/${EKS_CONFIG_NAME} (${EKS_CONFIG_KEY})`;
const list = (g: readonly string[]) => g.join(',') || '(none)';

/** Everything the command line says, checked before anything is read. */
function checkRequest(r: SuperNodeSetClusterRequest): string[] {
  if (r.tkeOnly) throw new SuperNodeSetClusterError(`${r.tkeOnly} is TKE VPC-CNI's: super-node pods always have groups; set a default with kubectl sg set cluster --provider supernode --groups sg-... (--pool ID or --eks-config)`);
  if (r.groups === undefined) throw new SuperNodeSetClusterError('name the default groups: kubectl sg set cluster --provider supernode --groups sg-aaaa1111 --pool np-xxxxxxxx (or --eks-config)');
  if (r.pool !== undefined && r.eksConfig) throw new SuperNodeSetClusterError('--pool and --eks-config name two places: set one default at a time');
  return parseGroupList(r.groups);
}

export const superNodeSetClusterAccess = (p: SuperNodeSetClusterPlan): AccessAttributes[] =>
  p.place.kind === 'eks-config' ? [{ verb: p.configMap ? 'update' : 'create', resource: 'configmaps', namespace: EKS_CONFIG_NAMESPACE, ...(p.configMap ? { name: EKS_CONFIG_NAME } : {}) }] : [];

export async function planSuperNodeSetCluster(kube: KubeClient, openCloud: CloudOpener, clusterIdFlag: string | undefined, req: SuperNodeSetClusterRequest): Promise<SuperNodeSetClusterPlan> {
  const after = checkRequest(req);
  const [sources, nodes, configMap] = await Promise.all([readGroupSources(kube, clusterIdFlag, openCloud), listSuperNodes(kube), getEksConfig(kube)]);
  const cloud = sources.access.cloud;
  if (!cloud) {
    throw new SuperNodeSetClusterError(`set cluster checks the groups in Tencent Cloud before writing: ${sources.access.missing ?? 'no cloud access'}; kubectl sg doctor --provider supernode shows what is found`);
  }
  let place: SuperNodePlace;
  let before: string[];
  let changes: LineChanges;
  if (req.eksConfig) {
    if (sources.eksConfig.problem) throw new SuperNodeSetClusterError(`${EKS_CONFIG_PLACE}: ${sources.eksConfig.problem}; fix it first (kubectl -n ${EKS_CONFIG_NAMESPACE} edit configmap ${EKS_CONFIG_NAME}): nothing was changed`);
    place = { kind: 'eks-config' };
    before = sources.eksConfig.groups ?? [];
    const text = configMap?.data?.[EKS_CONFIG_KEY];
    changes = lineChanges((text ?? '').split('\n'), withClusterDefaultGroups(text, after).split('\n'));
  } else {
    if (!sources.pools) throw new SuperNodeSetClusterError(`the super node pools could not be read: ${sources.poolsMissing ?? 'no cloud'}`);
    const ids = sources.pools.map((p) => p.id).join(', ') || 'none';
    const pool = req.pool === undefined ? (sources.pools.length === 1 ? sources.pools[0] : undefined) : sources.pools.find((p) => p.id === req.pool);
    if (!pool) {
      throw new SuperNodeSetClusterError(
        req.pool === undefined ? `name the pool: --pool (this cluster's super node pools: ${ids}), or --eks-config for the cluster default` : `--pool ${req.pool}: no such super node pool in cluster ${sources.clusterId?.id ?? '?'} (its pools: ${ids})`,
      );
    }
    place = { kind: 'pool', id: pool.id, name: pool.name };
    before = pool.securityGroupIds;
    changes = { removed: [`SecurityGroupIds: ${list(before)}`], added: [`SecurityGroupIds: ${list(after)}`] };
  }
  const warnings = await checkSuperNodeGroups(cloud, after, 'pods that name no groups could not start');
  const noop = sameGroups(before, after);
  if (noop) changes = { removed: [], added: [] };
  const views = await readSuperNodePods(kube, await podsOnNodes(kube, nodes), sources);
  // A pool's default reaches only its own nodes' pods; eks-config's comes before every pool's (and the region's) default.
  const fromHere = (v: (typeof views)[number]) =>
    place.kind === 'pool'
      ? v.candidates.some((c) => c.source === 'pool') && poolOfNode(sources, v.node)?.id === place.id
      : v.candidates.some((c) => c.source === 'eks-config' || c.source === 'pool' || c.source === 'region-default');
  const pods = views.filter(fromHere).map((v) => `${v.namespace}/${v.name}`);
  if (place.kind === 'pool') warnings.push('a pod naming no groups gets its pool\'s groups under the newer pages\' reading; the older pages give it the region\'s default group (docs/assumptions.md): which one this cluster does is not documented');
  if (place.kind === 'eks-config' && (sources.policies ?? []).length > 0) warnings.push('a SecurityGroupPolicy selecting a pod may win over eks-config\'s default: which one does is not documented (docs/assumptions.md)');
  return {
    context: kube.target.contextName,
    place,
    placeText: place.kind === 'pool' ? `super node pool ${place.id} (${place.name})` : EKS_CONFIG_PLACE,
    before,
    after,
    changes,
    noop,
    pods,
    cloudRights: place.kind === 'pool' && !noop ? await checkCloudRights(cloud, ['tke:ModifyClusterVirtualNodePool']) : undefined,
    warnings,
    clusterId: sources.clusterId?.id,
    configMap,
    sources,
  };
}

/** The write, then a read back of the place: the groups must be what was asked for, in order. */
export async function applySuperNodeSetCluster(kube: KubeClient, plan: SuperNodeSetClusterPlan): Promise<SuperNodeSetClusterResult> {
  const result = (verified: string): SuperNodeSetClusterResult => ({ placeText: plan.placeText, before: plan.before, after: plan.after, changed: !plan.noop, verified, pods: plan.pods });
  if (plan.noop) return result('nothing written');
  if (plan.place.kind === 'pool') {
    const cloud = plan.sources.access.cloud!;
    await cloud.superNodes.modifyPoolGroups(plan.clusterId!, plan.place.id, plan.after);
    const now = (await cloud.superNodes.describeSuperNodePools(plan.clusterId!)).find((p) => p.id === (plan.place as { id: string }).id);
    if (!now || !sameGroups(now.securityGroupIds, plan.after)) throw new Error(`written, but DescribeNodePools reads ${list(now?.securityGroupIds ?? [])} back for ${plan.placeText}, not ${list(plan.after)}`);
    return result(`DescribeNodePools reads ${list(plan.after)} back`);
  }
  const text = withClusterDefaultGroups(plan.configMap?.data?.[EKS_CONFIG_KEY], plan.after);
  try {
    if (plan.configMap) await replaceEksConfig(kube, { ...plan.configMap, data: { ...plan.configMap.data, [EKS_CONFIG_KEY]: text } });
    else await createEksConfig(kube, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: EKS_CONFIG_NAME, namespace: EKS_CONFIG_NAMESPACE }, data: { [EKS_CONFIG_KEY]: text } });
  } catch (err) {
    if (err instanceof KubeApiError && (err.status === 409 || err.status === 404)) throw new Error(`not written: ${EKS_CONFIG_PLACE} changed since the plan; run the command again to see the new plan`);
    throw new Error(`not written: ${errorMessage(err)}`);
  }
  const back = await getEksConfig(kube);
  const parsed = parseEksConfig(back?.data, back !== undefined, load);
  const others = Object.entries(back?.data ?? {}).filter(([k]) => k !== EKS_CONFIG_KEY);
  const kept = Object.entries(plan.configMap?.data ?? {}).filter(([k]) => k !== EKS_CONFIG_KEY);
  if (!sameGroups(parsed.groups ?? [], plan.after) || JSON.stringify(others) !== JSON.stringify(kept)) throw new Error(`written, but ${EKS_CONFIG_PLACE} reads back ${list(parsed.groups ?? [])} or with other keys changed`);
  return result(`read back: ${list(plan.after)}, the other keys as they were`);
}
