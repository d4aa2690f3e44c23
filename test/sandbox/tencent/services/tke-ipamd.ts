// TKE 2018-05-25 DescribeIPAMD: whether the cluster runs eniipamd and in which mode; its
// EnableTrunkingENI says whether trunk ENIs (a sub-ENI per pod, what SecurityGroupPolicy on
// general and native nodes uses) are on. Fields from tke_models.d.ts (EnableIPAMD,
// EnableCustomizedPodCidr, DisableVpcCniMode, Phase, Reason, SubnetIds, ClaimExpiredDuration,
// EnableTrunkingENI); Phase "running" in lowercase as seen on a live cluster (domain.md).
// Choices (inferred): the values come from the addon's vpcCni values (enableTrunkingENI,
// claimExpiredDuration), as the addon renders ipamd's configuration; 20 requests/s.
import type { Params } from '../params.ts';
import { requireCluster } from './tke.ts';
import type { ActionContext, ServiceDef } from './types.ts';

function describeIpamd(p: Params, ctx: ActionContext) {
  requireCluster(ctx, p.ClusterId as string);
  const vpcCni = (ctx.state.addon.values.vpcCni ?? {}) as { enableTrunkingENI?: unknown; claimExpiredDuration?: unknown };
  return {
    EnableIPAMD: true,
    EnableCustomizedPodCidr: false,
    DisableVpcCniMode: false,
    Phase: 'running',
    Reason: '',
    SubnetIds: [ctx.state.podSubnetId],
    ClaimExpiredDuration: typeof vpcCni.claimExpiredDuration === 'string' ? vpcCni.claimExpiredDuration : '10m0s',
    EnableTrunkingENI: vpcCni.enableTrunkingENI === true,
  };
}

export const tkeIpamdService: ServiceDef = {
  service: 'tke',
  versions: ['2018-05-25'],
  actions: {
    DescribeIPAMD: {
      params: { ClusterId: { type: 'string', required: true } },
      read: true,
      cam: 'tke:DescribeIPAMD',
      camResource: 'cluster',
      ratePerSecond: 20,
      regional: true,
      handler: describeIpamd,
    },
  },
};
