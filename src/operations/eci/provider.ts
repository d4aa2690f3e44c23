// Alibaba ECI behind the provider seam (operations/provider.ts): the eci-profile ConfigMap or a
// virtual-kubelet node says the cluster runs it; it owns the virtual nodes and the pods on them
// (or carrying an ECI instance ID), whose groups are their instances'. Each verb's work is loaded
// only when the verb asks for it.
import { orUndefinedOn } from '../../adapters/kube/kube-client.ts';
import { firstVirtualNode, getEciProfile, isEciPod, isVirtualNode } from '../../adapters/kube/eci/objects.ts';
import { ECI_PROFILE_NAME, ECI_PROFILE_NAMESPACE } from '../../domain/eci/profile.ts';
import type { AlibabaAccess, CloudOpener } from '../cloud-access.ts';
import type { Provider, ProviderContext } from '../provider.ts';
import type { EciClusterReport } from './cluster-report.ts';
import type { VirtualNodeReport } from './node-report.ts';
import type { EciPodReport } from './pod-report.ts';
import { checkAlibabaGroupIds } from './group-report.ts';

const alibaba = (ctx: ProviderContext): CloudOpener<AlibabaAccess> => (hints) => ctx.factory.alibaba(hints);

export const eciProvider: Provider<'eci', { cluster: EciClusterReport; node: VirtualNodeReport; pod: EciPodReport }> = {
  name: 'eci',

  async detect(kube) {
    // A read the caller may not make (403) is evidence of nothing: RBAC can be narrow.
    const [profile, virtualNode] = await Promise.all([orUndefinedOn(getEciProfile(kube), 403), orUndefinedOn(firstVirtualNode(kube), 403)]);
    const seen = [profile ? `ConfigMap ${ECI_PROFILE_NAMESPACE}/${ECI_PROFILE_NAME}` : undefined, virtualNode ? `virtual node ${virtualNode}` : undefined].filter(Boolean);
    return seen.length > 0 ? seen.join(', ') : undefined;
  },

  marksNode: isVirtualNode,
  marksPod: isEciPod,

  async readCluster(ctx) {
    const { readEciClusterReport } = await import('./cluster-report.ts');
    return readEciClusterReport(ctx.factory.kube(), alibaba(ctx));
  },

  async readNodes(ctx, nodes) {
    const { readVirtualNodeReports } = await import('./node-report.ts');
    const { reports, access } = await readVirtualNodeReports(ctx.factory.kube(), nodes, alibaba(ctx));
    const warnings = access.missing && access.missing !== '--no-cloud' ? [`${access.missing}; virtual nodes' pods are shown without their instances' groups`] : [];
    return { reports, warnings };
  },

  async readPod(ctx, found) {
    const { readEciPodReport } = await import('./pod-report.ts');
    return readEciPodReport(ctx.factory.kube(), found, alibaba(ctx));
  },

  checkGroupIds: checkAlibabaGroupIds,

  async readGroups(ctx, ids) {
    const { readEciGroupReports } = await import('./group-report.ts');
    return readEciGroupReports(ctx.factory.kube(), ids, alibaba(ctx));
  },

  async reach(ctx, source, destination) {
    const { readEciReach } = await import('./reach-report.ts');
    return readEciReach(ctx.factory.kube(), source, destination, alibaba(ctx));
  },

  async doctor(ctx) {
    const { eciDoctorFindings } = await import('./doctor.ts');
    return eciDoctorFindings({ kube: ctx.factory.kube(), user: ctx.user, openCloud: alibaba(ctx), noCloud: ctx.noCloud, now: ctx.now });
  },

  async fleet(ctx) {
    return (await import('./fleet-part.ts')).readEciFleetPart(ctx);
  },
};
