// `kubectl sg doctor` on TKE super nodes: reads what a super-node pod's groups come from (group-
// sources.ts) and every super-node pod against its instance, then the pools' groups in one
// DescribeSecurityGroups. Findings: domain/supernode/doctor-findings.ts.
import type { Finding } from '../../domain/doctor-finding.ts';
import { notChecked } from '../../domain/doctor-finding.ts';
import { eksConfigFinding, instancesFinding, podGroupsFinding, poolGroupsFinding } from '../../domain/supernode/doctor-findings.ts';
import { credentialsFinding, regionFinding } from '../../domain/cloud-findings.ts';
import { listSuperNodes } from '../../adapters/kube/supernode/objects.ts';
import { podsOnNodes } from '../../adapters/kube/pods.ts';
import type { CloudOpener } from '../cloud-access.ts';
import type { DoctorContext } from '../provider.ts';
import { readGroupSources } from './group-sources.ts';
import { readSuperNodePods } from './pods.ts';

export async function superNodeDoctorFindings(ctx: DoctorContext, openCloud: CloudOpener): Promise<Finding[]> {
  const kube = ctx.factory.kube();
  const noCloud: CloudOpener = async () => ({ cloud: undefined, missing: '--no-cloud' });
  const [sources, nodes] = await Promise.all([readGroupSources(kube, ctx.clusterIdFlag, ctx.noCloud ? noCloud : openCloud), listSuperNodes(kube)]);
  const a = sources.access;
  const views = await readSuperNodePods(kube, await podsOnNodes(kube, nodes), sources);
  const pods = views.map((v) => ({ pod: `${v.namespace}/${v.name}`, status: v.status }));
  const cloudFindings: Finding[] = ctx.noCloud
    ? [credentialsFinding('supernode', { skipped: true }), regionFinding('supernode', undefined, undefined, true)]
    : [credentialsFinding('supernode', a.credential ? { described: a.credential.describe() } : { missing: a.missing ?? 'no Tencent Cloud credentials found' }), regionFinding('supernode', a.region ? { region: a.region.region, source: a.region.source } : undefined)];
  const ids = (sources.pools ?? []).flatMap((p) => p.securityGroupIds);
  const missing = a.cloud && ids.length > 0 ? (await a.cloud.vpc.describeSecurityGroups(ids)).missing : [];
  return [
    ...cloudFindings,
    ctx.noCloud ? notChecked('supernode-pool-groups', '--no-cloud', 'run kubectl sg doctor without --no-cloud') : poolGroupsFinding(sources.pools?.map((p) => ({ id: p.id, groups: p.securityGroupIds })), missing, sources.poolsMissing),
    eksConfigFinding(sources.eksConfig),
    // Without the cloud no pod's instance was read: nothing to say about them either way.
    ...(a.cloud ? [podGroupsFinding(pods), instancesFinding(pods)] : ['supernode-pod-groups', 'supernode-instances'].map((check) => notChecked(check, a.missing ?? 'no cloud', ctx.noCloud ? 'run kubectl sg doctor without --no-cloud' : 'see the supernode-credentials and supernode-region checks'))),
  ];
}
