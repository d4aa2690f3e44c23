// `kubectl sg doctor` on TKE VPC-CNI: gathers the facts every prerequisite of the seeds depends
// on — ipamd and its version, shared-ENI mode, the feature flag and where it lives,
// NodeENIConfigs, ipamd's Warning Events, the cloud identity and region, ipamd's CAM role, the
// caller's RBAC — and turns them into findings (domain/tke/doctor-findings.ts). Reads run
// concurrently; a read that fails becomes a finding (doctor-settle.ts).
import { TKE_CHECKS, DIRECT_ENI_RESOURCE, RBAC_NEEDS, SHARED_ENI_RESOURCE, bindEventsFinding, camRoleFinding, clusterIdFinding, featureFinding, flagsFinding, interruptedResyncFinding, ipamdFinding, necCrdFinding, necPerNodeFinding, placesFinding, sharedEniFinding, startFinding, versionFinding, type CamFacts, type CheckName, type ClusterIdFacts, type SettingFacts } from '../../domain/tke/doctor-findings.ts';
import { notChecked, type Finding } from '../../domain/doctor-finding.ts';
import { evaluatePolicies, IPAMD_ROLE_NAME, IPAMD_SG_ACTIONS } from '../../domain/tke/cam-policy.ts';
import { markerOf } from '../../domain/tke/resync-marker.ts';
import { IPAMD_EVENT_KINDS } from '../../domain/tke/ipamd-events.ts';
import { KubeApiError, type KubeClient } from '../../adapters/kube/kube-client.ts';
import { DISABLE_ANNOTATION, instanceIdOf, listNecs, necResourceServed, type NodeEniConfig } from '../../adapters/kube/tke/objects.ts';
import { listEventsOfKinds } from '../../adapters/kube/doctor-reads.ts';
import { CloudError, type TencentCloud } from '../../adapters/tencent/index.ts';
import { readClusterSetting, type ClusterSetting } from './cluster-setting.ts';
import { resolveClusterId, TkeAddonReader } from './addon.ts';
import { openDoctorCloud, rbacFindings, readFailed, settle } from '../doctor-settle.ts';
import { errorMessage } from '../../domain/error-message.ts';
import { regionHintsOf, type TencentAccess } from '../cloud-access.ts';
import { listNodes, type KubeNode } from '../../adapters/kube/nodes.ts';
import { credentialsFinding, regionFinding } from '../../domain/cloud-findings.ts';

export interface TkeDoctorOptions {
  kube: KubeClient;
  /** Who the caller is, for the RBAC fixes; undefined when the API server does not say. */
  user: string | undefined;
  /** Resolves credentials and region; node region labels (gz, sh, ...) are the last resort for the region. May throw RegionError. */
  openCloud: (regionHints: readonly string[]) => Promise<TencentAccess>;
  /** --no-cloud: openCloud is not called. */
  noCloud: boolean;
  /** --cluster-id, unchecked. */
  clusterId: string | undefined;
  /** Nodes another provider marks (super nodes, virtual nodes) have no ENIs of ipamd's: left out of the node checks. */
  nodeOfOther?: (node: KubeNode) => boolean;
  now?: () => Date;
}

function quantity(v: string | undefined): number {
  const n = v === undefined ? 0 : Number.parseInt(v, 10);
  return Number.isFinite(n) ? n : 0;
}

function cloudErrorFacts(what: string, err: unknown): CamFacts {
  if (err instanceof CloudError) return { kind: 'error', what, message: err.message, unauthorized: err.kind === 'unauthorized', auth: err.kind === 'auth' };
  return { kind: 'error', what, message: errorMessage(err), unauthorized: false, auth: false };
}

async function readCam(cloud: TencentCloud): Promise<CamFacts> {
  let step = `read role ${IPAMD_ROLE_NAME} (cam:GetRole)`;
  try {
    const role = await cloud.cam.getRole(IPAMD_ROLE_NAME);
    if (!role) return { kind: 'no-role' };
    step = `list the policies of ${IPAMD_ROLE_NAME} (cam:ListAttachedRolePolicies)`;
    const attached = await cloud.cam.listAttachedRolePolicies(IPAMD_ROLE_NAME);
    step = `read the attached policies (cam:GetPolicy)`;
    const policies = (await Promise.all(attached.map((a) => cloud.cam.getPolicy(a.id)))).filter((p) => p !== undefined);
    const evaluation = evaluatePolicies(
      policies.map((p) => ({ name: p.name || String(p.id), document: p.document ?? p.documentError })),
      IPAMD_SG_ACTIONS,
    );
    return { kind: 'evaluated', policies: attached.map((a) => a.name || String(a.id)), evaluation };
  } catch (err) {
    return cloudErrorFacts(step, err);
  }
}

/** The TKE checks, in TKE_CHECKS order. A malformed --cluster-id is found by the caller first (operations/doctor.ts). */
export async function tkeDoctorFindings(o: TkeDoctorOptions): Promise<Finding[]> {
  const { kube, user } = o;
  const now = o.now ?? (() => new Date());
  const server = kube.target.server;

  const nodesP = settle(listNodes(kube).then((all) => all.filter((n) => !o.nodeOfOther?.(n))));
  const servedP = settle(necResourceServed(kube));
  const necsP = settle(
    listNecs(kube).catch((err: unknown) => {
      if (err instanceof KubeApiError && err.status === 404) return [] as NodeEniConfig[];
      throw err;
    }),
  );
  const eventsP = settle(listEventsOfKinds(kube, IPAMD_EVENT_KINDS));
  const rbacP = rbacFindings(kube, RBAC_NEEDS, user, 'rbac-show');

  // The cloud, once: the region may come from the nodes' labels.
  const nodes = await nodesP;
  const { access, regionError } = await openDoctorCloud<TencentAccess>(o.noCloud, () => o.openCloud(nodes.ok ? regionHintsOf(nodes.value) : []));
  const cloud = access?.cloud;
  const camP = cloud ? readCam(cloud) : undefined;

  // The global setting, with the addon's values when the cloud and the cluster ID are at hand.
  const addon = new TkeAddonReader({
    clusterIdFlag: o.clusterId,
    server,
    cloud: async (): Promise<TencentAccess> => access ?? { cloud: undefined, missing: o.noCloud ? '--no-cloud' : 'no cloud access' },
  });
  const setting = await settle(readClusterSetting(kube, addon));
  const addonNote = !cloud ? (o.noCloud ? '--no-cloud' : 'no cloud access, see cloud-credentials') : addon.outcome.notRead;

  const ipamd = setting.ok ? setting.value.ipamd : undefined;
  const cluster = resolveClusterId({ flag: o.clusterId, ipamdArgs: ipamd?.args, server });
  const clusterFacts: ClusterIdFacts = { id: cluster?.id, from: cluster?.from };
  let vpcCniType: string | undefined;
  if (cloud && cluster) {
    try {
      const c = await cloud.tke.describeCluster(cluster.id);
      clusterFacts.cloud = c ? { found: true, name: c.name, cni: c.cni } : { found: false, region: cloud.clients.region };
      vpcCniType = c?.vpcCniType;
    } catch (err) {
      clusterFacts.cloud = { error: errorMessage(err) };
    }
  }

  const [served, necs, events, rbac, cam] = await Promise.all([servedP, necsP, eventsP, rbacP, camP]);
  const findings = new Map<CheckName, Finding>();
  const add = (f: Finding) => findings.set(f.check as CheckName, f);

  // ipamd, its version, its setting
  const settingChecks: CheckName[] = ['ipamd-start', 'ipamd-version', 'feature', 'ipamd-flags', 'setting-places'];
  if (!setting.ok) {
    add(readFailed('ipamd', `ipamd's Deployment and ConfigMap in kube-system`, setting.error));
    for (const c of settingChecks) add(notChecked(c, 'ipamd could not be read', 'see the ipamd check'));
  } else {
    const s: ClusterSetting = setting.value;
    add(ipamdFinding(s.ipamd));
    if (!s.ipamd) for (const c of settingChecks) add(notChecked(c, 'no ipamd Deployment', 'see the ipamd check'));
    else {
      add(startFinding(s.refused));
      add(versionFinding(s.ipamd, { version: s.version, from: s.versionFrom, problem: s.version ? undefined : s.problems[0] }));
      if (!s.version || !s.capabilities) for (const c of settingChecks.slice(2)) add(notChecked(c, 'unknown ipamd version', 'see the ipamd-version check'));
      else if (!s.capabilities.securityGroups) {
        for (const c of settingChecks.slice(2)) add(notChecked(c, `ipamd ${s.version} has no security-group feature`, 'see the ipamd-version check'));
      } else {
        const facts: SettingFacts = {
          imageTag: s.version,
          enabled: s.policy.enabled,
          globalList: s.policy.globalList,
          place: s.place,
          sources: s.sources,
          disagreements: s.disagreements,
          nearMisses: s.nearMisses,
          unread: s.unread,
          problems: s.problems,
          addonNote: s.capabilities.globalSetting === 'addon-values' ? addonNote : undefined,
          clusterId: cluster?.id,
        };
        add(featureFinding(facts));
        add(flagsFinding(facts));
        add(placesFinding(facts));
      }
    }
  }

  // shared-ENI mode
  if (!nodes.ok) add(readFailed('shared-eni', 'nodes', nodes.error));
  else {
    add(
      sharedEniFinding(
        nodes.value.map((n: KubeNode) => ({
          name: n.metadata?.name ?? '',
          sharedIps: quantity(n.status?.capacity?.[SHARED_ENI_RESOURCE] ?? n.status?.allocatable?.[SHARED_ENI_RESOURCE]),
          directEnis: quantity(n.status?.capacity?.[DIRECT_ENI_RESOURCE] ?? n.status?.allocatable?.[DIRECT_ENI_RESOURCE]),
        })),
        vpcCniType,
      ),
    );
  }

  // NodeENIConfigs
  if (!served.ok) add(readFailed('nec-crd', 'API discovery', served.error));
  else add(necCrdFinding(served.value));
  if (served.ok && !served.value) add(notChecked('nec-per-node', 'no NodeENIConfig CRD', 'see the nec-crd check'));
  else if (!nodes.ok) add(readFailed('nec-per-node', 'nodes', nodes.error));
  else if (!necs.ok) add(readFailed('nec-per-node', 'NodeENIConfigs', necs.error));
  else {
    add(
      necPerNodeFinding(
        nodes.value.map((n) => ({ name: n.metadata?.name ?? '', instanceId: instanceIdOf(n) })),
        necs.value.map((n) => n.metadata.name),
      ),
    );
  }

  // ipamd's own complaints
  const needSync = setting.ok && setting.value.capabilities?.resyncMethods.includes('need-sync') === true;
  if (!events.ok) add(readFailed('bind-events', 'Events', events.error));
  else add(bindEventsFinding(events.value, now(), needSync));

  // resync runs left unfinished (a crash, SIGKILL): their marker is on the nodes
  if (!nodes.ok) add(readFailed('interrupted-resync', 'nodes', nodes.error));
  else {
    add(
      interruptedResyncFinding(
        nodes.value.flatMap((n) => {
          const marker = markerOf(n.metadata?.annotations);
          return marker ? [{ node: n.metadata?.name ?? '', runId: marker.runId, disabled: n.metadata?.annotations?.[DISABLE_ANNOTATION] === 'yes' }] : [];
        }),
      ),
    );
  }

  // cloud
  if (o.noCloud) add(credentialsFinding('tke', { skipped: true }));
  else if (regionError) add(notChecked('cloud-credentials', 'the region is invalid', 'see the region check'));
  else if (cloud) add(credentialsFinding('tke', { described: cloud.clients.credential.describe() }));
  else if (access?.credential) add(credentialsFinding('tke', { described: access.credential.describe() }));
  else add(credentialsFinding('tke', { missing: access?.missing ?? 'no Tencent Cloud credentials found' }));
  add(regionFinding('tke', access?.region, regionError, o.noCloud));
  add(clusterIdFinding(clusterFacts));
  const noCloudWhy = o.noCloud ? '--no-cloud' : regionError ? 'invalid region' : access?.missing?.startsWith('no Tencent Cloud region') ? 'no region' : 'no Tencent Cloud credentials';
  add(camRoleFinding(cam ?? { kind: 'no-cloud', why: noCloudWhy }));

  // the caller's RBAC
  for (const f of rbac) add(f);

  return TKE_CHECKS.map((c) => findings.get(c)).filter((f): f is Finding => f !== undefined);
}
