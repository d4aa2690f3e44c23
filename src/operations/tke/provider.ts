// TKE VPC-CNI behind the provider seam (operations/provider.ts): ipamd's Deployment says the
// cluster runs it; it owns every node and pod no other provider marks (a node's groups are its
// NodeENIConfig's, carried out by ipamd on the node's ENIs). Each verb's work is loaded only when
// the verb asks for it.
import { orUndefinedOn } from '../../adapters/kube/kube-client.ts';
import { getIpamdDeployment, IPAMD_NAME, IPAMD_NAMESPACE } from '../../adapters/kube/tke/objects.ts';
import { regionHintsOf, type CloudOpener } from '../cloud-access.ts';
import type { Provider, ProviderContext } from '../provider.ts';
import type { ClusterReport } from './cluster-report.ts';
import type { NodeReport } from './node-report.ts';
import type { PodReport } from './pod-report.ts';
import { checkGroupIds } from './group-report.ts';
import type { KubeNode } from '../../adapters/kube/nodes.ts';
import { TkeNodeReadAhead } from './node-read-ahead.ts';

const tencent = (ctx: ProviderContext): CloudOpener => (hints) => ctx.factory.tencent(hints);

export const tkeProvider: Provider<'tke', { cluster: ClusterReport; node: NodeReport; pod: PodReport }> = {
  name: 'tke',

  async detect(kube) {
    // A read the caller may not make (403) is evidence of nothing, like an absent object (404): RBAC can be narrow.
    return (await orUndefinedOn(getIpamdDeployment(kube), 404, 403)) ? `Deployment ${IPAMD_NAMESPACE}/${IPAMD_NAME}` : undefined;
  },

  async readCluster(ctx) {
    const { readClusterReport } = await import('./cluster-report.ts');
    return readClusterReport(ctx.factory.kube(), { clusterIdFlag: ctx.clusterIdFlag, cloud: tencent(ctx), nodeOfOther: ctx.nodeOfOther });
  },

  /** The nodes' reports, judged against the global setting where this ipamd version keeps it. */
  async readNodes(ctx, nodes: KubeNode[], ahead) {
    const [{ readClusterSetting }, { readNodeReports }, { TkeAddonReader }] = await Promise.all([import('./cluster-setting.ts'), import('./node-report.ts'), import('./addon.ts')]);
    const kube = ctx.factory.kube();
    const warnings: string[] = [];
    const access = await ctx.factory.tencent(regionHintsOf(nodes));
    if (access.missing && access.missing !== '--no-cloud') warnings.push(`${access.missing}; showing Kubernetes state only (--no-cloud silences this)`);
    // From v3.5.0 the global list that counts is the addon's values, which TKE renders into the
    // ConfigMap: read them as show cluster does, through the session just opened (no cloud, no
    // call: the ConfigMap's list is then the one nodes are compared with). The NECs and ENIs are
    // read meanwhile.
    const addon = new TkeAddonReader({ clusterIdFlag: ctx.clusterIdFlag, server: kube.target.server, cloud: async () => access });
    const setting = readClusterSetting(kube, addon);
    const vpc = access.cloud?.vpc;
    const started = ahead instanceof TkeNodeReadAhead ? ahead : undefined;
    const reports = await readNodeReports(kube, nodes, setting.then((s) => s.policy), vpc && started ? started.readerOver(vpc) : vpc, started?.necs);
    if (access.cloud && addon.outcome.asked && addon.outcome.notRead) {
      warnings.push(`addon values not read: ${addon.outcome.notRead}; sources are judged against the ConfigMap's global list`);
    }
    return { reports, warnings };
  },

  readNodesAhead(ctx) {
    return new TkeNodeReadAhead({
      necs: import('./node-report.ts').then(({ readNecs }) => readNecs(ctx.factory.kube())),
      runsIpamd: tkeProvider.detect(ctx.factory.kube()).then(Boolean, () => false),
      openCloud: async (hints) => (await ctx.factory.tencent(hints)).cloud?.vpc,
    });
  },

  async readPod(ctx, found) {
    const { readPodReport } = await import('./pod-report.ts');
    return readPodReport(ctx.factory.kube(), found, { clusterIdFlag: ctx.clusterIdFlag, cloud: tencent(ctx) });
  },

  checkGroupIds,

  async readGroups(ctx, ids) {
    const { readGroupReports } = await import('./group-report.ts');
    return readGroupReports(ctx.factory.kube(), ids, tencent(ctx));
  },

  async reach(ctx, source, destination) {
    const { readReach } = await import('./reach-report.ts');
    return readReach(ctx.factory.kube(), source, destination, { clusterIdFlag: ctx.clusterIdFlag, cloud: tencent(ctx) });
  },

  async doctor(ctx) {
    const { tkeDoctorFindings } = await import('./doctor.ts');
    return tkeDoctorFindings({ kube: ctx.factory.kube(), user: ctx.user, openCloud: tencent(ctx), noCloud: ctx.noCloud, clusterId: ctx.clusterIdFlag, nodeOfOther: ctx.nodeOfOther, now: ctx.now });
  },

  async fleet(ctx) {
    return (await import('./fleet-part.ts')).readTkeFleetPart(ctx);
  },
};
