// `kubectl sg doctor` on Alibaba ECI: reads eci-profile, the Warning Events virtual kubelet
// wrote on it, the virtual nodes and the caller's RBAC concurrently; then the cloud (the region
// may come from the virtual nodes' labels) for the groups the profile names, all in one
// DescribeSecurityGroups, and the default group's rules. Findings: domain/eci/doctor-findings.ts.
// A read that fails becomes a finding, never an abort (doctor-settle.ts).
import type { V1ConfigMap } from '@kubernetes/client-node';
import { notChecked, type Finding } from '../../domain/doctor-finding.ts';
import {
  ECI_RBAC_NEEDS,
  eciDefaultGroupFinding,
  eciProfileFinding,
  eciProfileReloadFinding,
  eciSelectorsFinding,
  eciVpcFinding,
  eciVSwitchesFinding,
  virtualNodesFinding,
  type GroupDetailFacts,
  type GroupLookupFacts,
} from '../../domain/eci/doctor-findings.ts';
import { ECI_PROFILE_NAME, ECI_PROFILE_NAMESPACE, parseEciProfile } from '../../domain/eci/profile.ts';
import { selectorGroups } from '../../domain/eci/selectors.ts';
import { isAlibabaGroupId } from '../../domain/eci/alibaba-group-id.ts';
import type { KubeClient } from '../../adapters/kube/kube-client.ts';
import { listEvents } from '../../adapters/kube/doctor-reads.ts';
import { getEciProfile, listVirtualNodes } from '../../adapters/kube/eci/objects.ts';
import type { AlibabaCloud } from '../../adapters/alibaba/index.ts';
import { errorText, openDoctorCloud, rbacFindings, readFailed, settle } from '../doctor-settle.ts';
import { readProfileReload } from './profile-reload.ts';
import type { AlibabaAccess } from '../cloud-access.ts';
import { credentialsFinding, regionFinding } from '../../domain/cloud-findings.ts';
import type { KubeNode } from '../../adapters/kube/nodes.ts';

export interface EciDoctorOptions {
  kube: KubeClient;
  /** Who the caller is, for the RBAC fixes. */
  user: string | undefined;
  /** Factory.alibaba: credentials and region (virtual nodes' region labels are the last resort). May throw a BadInputError for a malformed region. */
  openCloud: (regionHints: readonly string[]) => Promise<AlibabaAccess>;
  /** --no-cloud: openCloud is not called. */
  noCloud: boolean;
  now?: () => Date;
}

const RBAC_CHECK = 'rbac-eci-show';
/** Regions first, then zones (a zone names its region too); the beta labels of older clusters after each. */
const REGION_LABELS = ['topology.kubernetes.io/region', 'failure-domain.beta.kubernetes.io/region', 'topology.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/zone'];

/** The virtual nodes' region label values, for when neither --region nor the environment names the region. */
function regionHints(nodes: readonly KubeNode[]): string[] {
  return REGION_LABELS.flatMap((l) => nodes.map((n) => n.metadata?.labels?.[l]).filter((v): v is string => !!v));
}

/** When the ConfigMap was last written: its newest managedFields entry, else its creation. */
function changedAt(cm: V1ConfigMap): Date | undefined {
  const times = [...(cm.metadata?.managedFields ?? []).map((m) => m.time), cm.metadata?.creationTimestamp]
    .filter((t) => t !== undefined)
    .map((t) => new Date(t as unknown as string).getTime())
    .filter((t) => !Number.isNaN(t));
  return times.length > 0 ? new Date(Math.max(...times)) : undefined;
}

async function lookUpGroups(cloud: AlibabaCloud, ids: readonly string[]): Promise<GroupLookupFacts> {
  if (ids.length === 0) return { kind: 'looked-up', found: [], missing: [] };
  try {
    const { found, missing } = await cloud.describeSecurityGroups([...new Set(ids)]);
    return { kind: 'looked-up', found: found.map((g) => ({ id: g.id, name: g.name, vpcId: g.vpcId, type: g.type })), missing };
  } catch (err) {
    return { kind: 'error', message: errorText(err) };
  }
}

/** The default group's rules, for what its type means in practice; undefined when they cannot be read (the finding says less). */
async function groupDetail(cloud: AlibabaCloud, id: string): Promise<GroupDetailFacts | undefined> {
  const d = await cloud.describeSecurityGroupAttribute(id).catch(() => undefined);
  if (!d) return undefined;
  return { innerAccessPolicy: d.innerAccessPolicy, egressAccepts: d.rules.filter((r) => r.direction === 'egress' && r.action === 'accept').length };
}

/** The ECI checks, in ECI_CHECKS order (domain/eci/doctor-findings.ts). */
export async function eciDoctorFindings(o: EciDoctorOptions): Promise<Finding[]> {
  const { kube } = o;
  const now = o.now ?? (() => new Date());
  const profileP = settle(getEciProfile(kube));
  const eventsP = settle(listEvents(kube, { kind: 'ConfigMap', name: ECI_PROFILE_NAME, namespace: ECI_PROFILE_NAMESPACE }));
  const nodesP = settle(listVirtualNodes(kube));
  const rbacP = rbacFindings(kube, ECI_RBAC_NEEDS, o.user, RBAC_CHECK);

  // The cloud, once: the region may come from the virtual nodes' labels.
  const [cm, nodes] = await Promise.all([profileP, nodesP]);
  const { access, regionError } = await openDoctorCloud(o.noCloud, () => o.openCloud(nodes.ok ? regionHints(nodes.value) : []));
  const profile = cm.ok && cm.value ? parseEciProfile(cm.value.data) : undefined;
  const ids = profile ? [profile.securityGroupId, ...profile.selectors.flatMap((s) => selectorGroups(s) ?? [])].filter((id): id is string => id !== undefined && isAlibabaGroupId(id)) : [];
  const cloud = access?.cloud;
  const noCloudWhy = o.noCloud ? '--no-cloud' : regionError ? 'invalid region' : access?.missing?.startsWith('no Alibaba Cloud region') ? 'no region' : 'no Alibaba Cloud credentials';
  const lookupP: Promise<GroupLookupFacts> = cloud ? lookUpGroups(cloud, ids) : Promise.resolve({ kind: 'not-asked', why: noCloudWhy });
  const defaultId = profile?.securityGroupId;
  const detailP = cloud && defaultId && isAlibabaGroupId(defaultId) ? groupDetail(cloud, defaultId) : Promise.resolve(undefined);
  const reload = nodes.ok ? readProfileReload(kube, nodes.value) : undefined;
  const [events, rbac, lookup, detail] = await Promise.all([eventsP, rbacP, lookupP, detailP]);

  const out: Finding[] = [];
  // the profile and what it names
  if (!cm.ok) {
    out.push(readFailed('eci-profile', `ConfigMap ${ECI_PROFILE_NAMESPACE}/${ECI_PROFILE_NAME}`, cm.error, RBAC_CHECK));
    for (const c of ['eci-vpc', 'eci-vswitches', 'eci-default-group', 'eci-selectors']) out.push(notChecked(c, 'eci-profile could not be read', 'see the eci-profile check'));
  } else {
    const facts = { profile, events: events.ok ? events.value : [], changedAt: cm.value ? changedAt(cm.value) : undefined };
    const f = eciProfileFinding(facts, now());
    out.push(events.ok ? f : { ...f, details: [...(f.details ?? []), `Warning Events not read: ${errorText(events.error).split('\n')[0]}`] });
    out.push(eciVpcFinding(profile));
    out.push(eciVSwitchesFinding(profile));
    out.push(eciDefaultGroupFinding(profile, lookup, detail));
    out.push(eciSelectorsFinding(profile, cm.value?.data?.selectors, lookup));
  }

  // the virtual nodes, and their virtual kubelet's version
  if (!nodes.ok) {
    out.push(readFailed('virtual-nodes', 'nodes', nodes.error, RBAC_CHECK));
    out.push(notChecked('eci-profile-reload', 'the virtual nodes could not be read', 'see the virtual-nodes check'));
  } else {
    out.push(
      virtualNodesFinding(
        nodes.value.map((n) => {
          const ready = n.status?.conditions?.find((c) => c.type === 'Ready');
          return { name: n.metadata?.name ?? '', ready: ready?.status === 'True', why: ready ? ready.reason || ready.message : 'no Ready condition' };
        }),
      ),
    );
    out.push(eciProfileReloadFinding(await reload!));
  }

  // the cloud
  if (o.noCloud) out.push(credentialsFinding('eci', { skipped: true }));
  else if (regionError) out.push(notChecked('eci-credentials', 'the region is invalid', 'see the eci-region check'));
  else if (access?.credential) out.push(credentialsFinding('eci', { described: access.credential.describe() }));
  else out.push(credentialsFinding('eci', { missing: access?.missing ?? 'no Alibaba Cloud credentials found' }));
  out.push(regionFinding('eci', access?.region, regionError, o.noCloud));

  // the caller's RBAC
  out.push(...rbac);

  return out;
}
