// `show group` for Alibaba groups: name, type, VPC and every rule (DescribeSecurityGroupAttribute,
// translated to the neutral rule shape by the adapter), lint against the 200-rule limit and the
// group's type, where the eci-profile names it (default, selectors), and which ECI pods ask for
// it and which instances have it.
import { podsOnNodes } from '../../adapters/kube/pods.ts';
import { checkGroupIdList } from '../../domain/security-group-id.ts';
import { ALIBABA_GROUP_ID } from '../../domain/eci/alibaba-group-id.ts';
import { selectorGroups } from '../../domain/eci/selectors.ts';
import { lintRules } from '../../domain/rule-lint.ts';
import type { KubeClient } from '../../adapters/kube/kube-client.ts';
import { listVirtualNodes } from '../../adapters/kube/eci/objects.ts';
import type { AlibabaGroupDetail } from '../../adapters/alibaba/index.ts';
import { readEciProfile } from './cluster-report.ts';
import { readEciPods } from './pods.ts';
import { type AlibabaAccess, regionHintsOf } from '../cloud-access.ts';
import { GroupNotFoundError, type GroupReport } from '../group-report.ts';

/** At most this many rules (inbound and outbound together) per Alibaba group (the seed). */
export const ALIBABA_RULE_LIMIT = 200;

export interface EciGroupReport extends GroupReport {
  type: AlibabaGroupDetail['type'];
  vpcId: string;
  /** Where eci-profile names the group: "default", "selector <name>". */
  namedBy: string[];
}

/** Checks every ID before any call; duplicates are dropped, order kept. */
export const checkAlibabaGroupIds = (ids: readonly string[]): string[] => checkGroupIdList(ids, ALIBABA_GROUP_ID, 'kubectl sg show group');

export async function readEciGroupReports(kube: KubeClient, ids: readonly string[], openCloud: (hints: readonly string[]) => Promise<AlibabaAccess>): Promise<EciGroupReport[]> {
  const wanted = checkAlibabaGroupIds(ids);
  const [{ parsed }, nodes] = await Promise.all([readEciProfile(kube), listVirtualNodes(kube)]);
  const access = await openCloud(regionHintsOf(nodes));
  const cloud = access.cloud;
  if (!cloud) throw new Error(`show group reads the groups from Alibaba Cloud: ${access.missing ?? 'no cloud access'}`);
  const details = await Promise.all(wanted.map((id) => cloud.describeSecurityGroupAttribute(id)));
  const missing = wanted.filter((_, i) => !details[i]);
  if (missing.length > 0) throw new GroupNotFoundError(missing, cloud.region);
  const pods = await readEciPods(kube, await podsOnNodes(kube, nodes), parsed, cloud);
  return details.map((d) => {
    const g = d!;
    const namedBy = [...(parsed.securityGroupId === g.id ? ['default'] : []), ...parsed.selectors.filter((s) => selectorGroups(s)?.includes(g.id)).map((s) => `selector ${s.name}`)];
    return {
      id: g.id,
      name: g.name,
      description: g.description,
      isDefault: parsed.securityGroupId === g.id,
      rules: g.rules,
      ruleLimit: ALIBABA_RULE_LIMIT,
      findings: lintRules(g.rules, ALIBABA_RULE_LIMIT, { type: g.type }),
      usedBy: pods.flatMap((p) => {
        const at = p.actual?.indexOf(g.id) ?? -1;
        return at < 0 ? [] : [{ node: p.node ?? '', instanceId: p.instanceId ?? '', eniId: p.instance?.eniId ?? '', primary: true, priority: at + 1, pod: `${p.namespace}/${p.name}` }];
      }),
      desiredBy: pods.filter((p) => p.requested?.groups.includes(g.id)).map((p) => `${p.namespace}/${p.name}`),
      usageNote: undefined,
      type: g.type,
      vpcId: g.vpcId,
      namedBy,
    };
  });
}
