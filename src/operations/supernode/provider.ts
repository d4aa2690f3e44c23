// TKE super nodes behind the provider seam (operations/provider.ts): a node labelled
// node.kubernetes.io/instance-type=eklet, or ConfigMap kube-system/eks-config, says the cluster
// has them; it owns the super nodes and the pods on them, whose groups are their container
// instances' (asked for by annotation, eks-config, a SecurityGroupPolicy or the pool's default).
// It is asked before ECI (providers.ts): a super node may also carry virtual-kubelet's label.
// Each verb's work is loaded only when the verb asks for it.
import { orUndefinedOn } from '../../adapters/kube/kube-client.ts';
import { isSuperNode } from '../../adapters/kube/nodes.ts';
import { firstSuperNode, getEksConfig, isSuperNodePod } from '../../adapters/kube/supernode/objects.ts';
import { EKS_CONFIG_NAME, EKS_CONFIG_NAMESPACE } from '../../domain/supernode/eks-config.ts';
import { checkGroupIdList, TENCENT_GROUP_ID } from '../../domain/security-group-id.ts';
import type { CloudOpener } from '../cloud-access.ts';
import type { Provider, ProviderContext } from '../provider.ts';
import type { SuperNodeClusterReport } from './cluster-report.ts';
import type { SuperNodeReport } from './node-report.ts';
import type { SuperNodePodReport } from './pod-report.ts';

const tencent = (ctx: ProviderContext): CloudOpener => (hints) => ctx.factory.tencent(hints);

export const supernodeProvider: Provider<'supernode', { cluster: SuperNodeClusterReport; node: SuperNodeReport; pod: SuperNodePodReport }> = {
  name: 'supernode',

  async detect(kube) {
    // A read the caller may not make (403) is evidence of nothing: RBAC can be narrow.
    const [config, node] = await Promise.all([orUndefinedOn(getEksConfig(kube), 403), orUndefinedOn(firstSuperNode(kube), 403)]);
    const seen = [node ? `super node ${node}` : undefined, config ? `ConfigMap ${EKS_CONFIG_NAMESPACE}/${EKS_CONFIG_NAME}` : undefined].filter(Boolean);
    return seen.length > 0 ? seen.join(', ') : undefined;
  },

  marksNode: isSuperNode,
  marksPod: isSuperNodePod,

  async readCluster(ctx) {
    const { readSuperNodeClusterReport } = await import('./cluster-report.ts');
    return readSuperNodeClusterReport(ctx.factory.kube(), ctx.clusterIdFlag, tencent(ctx));
  },

  async readNodes(ctx, nodes) {
    const { readSuperNodeReports } = await import('./node-report.ts');
    const { reports, sources } = await readSuperNodeReports(ctx.factory.kube(), nodes, ctx.clusterIdFlag, tencent(ctx));
    const missing = sources.access.missing ?? sources.poolsMissing;
    const warnings = missing && missing !== '--no-cloud' ? [`${missing}; super nodes' pods are shown without what the cloud says of them`] : [];
    return { reports, warnings };
  },

  async readPod(ctx, found) {
    const { readSuperNodePodReport } = await import('./pod-report.ts');
    return readSuperNodePodReport(ctx.factory.kube(), found, ctx.clusterIdFlag, tencent(ctx));
  },

  checkGroupIds: (ids) => checkGroupIdList(ids, TENCENT_GROUP_ID, 'kubectl sg show group'),

  async readGroups(ctx, ids) {
    const { readSuperNodeGroupReports } = await import('./group-report.ts');
    return readSuperNodeGroupReports(ctx.factory.kube(), ids, tencent(ctx));
  },

  async reach() {
    throw new Error('kubectl sg reach does not evaluate super-node pods yet: kubectl sg show pod NAME lists the groups its container instance has, and kubectl sg show group ID their rules');
  },

  async doctor(ctx) {
    const { superNodeDoctorFindings } = await import('./doctor.ts');
    return superNodeDoctorFindings(ctx, tencent(ctx));
  },

  async fleet() {
    // The fleet report's columns are VPC-CNI's and ECI's: super-node pods are not counted yet.
    return { figures: {}, lint: undefined, notes: [] };
  },
};
