// `kubectl sg report`: one row per kubeconfig context, each read with what show cluster, show
// node, show group and doctor already compute, through a factory bound to that context. Clusters
// are read side by side (at most `concurrency` at once), each within its own time limit; a
// cluster that cannot be read becomes a row with its reason, so one dead cluster never fails the
// report of the others.
import type { V1Pod } from '@kubernetes/client-node';
import { countPods, type FleetClusterRow, type FleetRow, type PodGroupCounts } from '../domain/fleet-totals.ts';
import { detectedProviders, type ProviderName } from '../domain/provider-choice.ts';
import { selectorGroups } from '../domain/eci/selectors.ts';
import { formatDuration } from '../domain/duration.ts';
import { listVirtualNodes } from '../adapters/kube/eci/objects.ts';
import type { Factory } from './factory.ts';
import { detectProviders } from './providers.ts';
import { readClusterReport, type ClusterReport } from './tke/cluster-report.ts';
import { readEciClusterReport, type EciClusterReport } from './eci/cluster-report.ts';
import { isEciPod } from './eci/pod-report.ts';
import { podsOnNodes, readEciPods, type EciPodStatus, type EciPodView } from './eci/pods.ts';
import { readGroupReports } from './tke/group-report.ts';
import { readEciGroupReports } from './eci/group-report.ts';
import { runDoctor } from './doctor.ts';
import type { KubeClient } from '../adapters/kube/kube-client.ts';
import { kubeconfigContexts, loadKubeTarget } from '../adapters/kube/kubeconfig.ts';
import { BadInputError } from '../domain/bad-input.ts';
import { errorText, settle, type Settled } from './doctor-settle.ts';
import { errorMessage } from '../domain/error-message.ts';
import { type CloudOpener, lazyCloud } from './cloud-access.ts';
import { listScheduledPods } from '../adapters/kube/pods.ts';

/** The contexts to read: every one (`--all-contexts`), a list (`--contexts a,b`), else `--context` or the kubeconfig's current one. */
export function fleetContexts(o: { all?: boolean; named?: string; context?: string; kubeconfig?: string }): string[] {
  if (o.all) return kubeconfigContexts({ kubeconfig: o.kubeconfig });
  if (o.named !== undefined) {
    const named = [...new Set(o.named.split(',').map((c) => c.trim()).filter(Boolean))];
    if (named.length === 0) throw new BadInputError('--contexts names no context: pass e.g. --contexts prod-gz,prod-sh');
    const known = new Set(kubeconfigContexts({ kubeconfig: o.kubeconfig }));
    const unknown = named.filter((c) => !known.has(c));
    if (unknown.length > 0) throw new BadInputError(`--contexts: no context ${unknown.map((c) => `"${c}"`).join(', ')} in the kubeconfig (kubectl config get-contexts lists them)`);
    return named;
  }
  return [loadKubeTarget({ kubeconfig: o.kubeconfig, context: o.context }).contextName];
}

export interface FleetOptions {
  /** How many clusters are read at once. */
  concurrency: number;
  /** Per cluster, the whole read; 0 means none. */
  timeoutMs: number;
  /** --no-cloud: node and pod states stay unknown, lint is not read. */
  noCloud: boolean;
  /** --provider: only that provider's part of each cluster, whatever the cluster runs. */
  provider: ProviderName | undefined;
  /** Called as each cluster's row is ready (progress). */
  onRow?: (row: FleetRow) => void;
}

const firstLine = (err: unknown) => errorText(err).split('\n')[0] ?? '';
/** Why a cluster gave no row: the error as it was said, without doctor's status prefix. */
const reasonOf = (err: unknown) => errorMessage(err).split('\n')[0] ?? '';

/**
 * A TKE pod has its groups when its node's ENIs carry the node's groups; a disabled node's pods
 * have none. Host-network pods use no ENI and are left out, and so are ECI pods (their instance
 * has its own groups: counted apart) in a cluster that runs both.
 */
function tkePods(report: ClusterReport, pods: readonly V1Pod[]): PodGroupCounts {
  const stateOf = new Map(report.nodeReports.map((n) => [n.name, n.hasNec ? n.state : undefined]));
  const onEnis = pods.filter((p) => !p.spec?.hostNetwork && !isEciPod(p, undefined) && stateOf.has(p.spec?.nodeName ?? ''));
  return countPods(onEnis, (p) => {
    const state = stateOf.get(p.spec?.nodeName ?? '');
    return state === 'in-sync' ? 'withGroups' : state === 'drifted' || state === 'disabled' ? 'withoutGroups' : 'unknown';
  });
}

const ECI_VERDICT: Record<EciPodStatus, keyof PodGroupCounts> = {
  ok: 'withGroups',
  mismatch: 'withoutGroups',
  'cannot-tell': 'unknown',
  'no-instance': 'unknown',
  'instance-not-found': 'unknown',
  'no-cloud': 'unknown',
};

/** One cluster, read whole. Throws only when the cluster does not answer at all (the caller makes that a row). */
async function readClusterRow(context: string, f: Factory, o: Pick<FleetOptions, 'noCloud' | 'provider'>): Promise<FleetClusterRow> {
  const kube = f.kube();
  const detected = detectedProviders(await detectProviders(kube));
  const providers = o.provider ? [o.provider] : detected;
  // Each cloud opened once per cluster, whichever part asks first.
  const openCloud = lazyCloud((hints) => f.tencent(hints));
  const openAlibaba = lazyCloud((hints) => f.alibaba(hints));
  const notes: string[] = [];
  const noted = <T>(what: string, r: Settled<T>): T | undefined => {
    if (r.ok) return r.value;
    notes.push(`${what}: ${firstLine(r.error)}`);
    return undefined;
  };

  const [tkeRead, eciRead, doctorRead] = await Promise.all([
    providers.includes('tke') ? settle(readClusterReport(kube, { cloud: openCloud })) : undefined,
    providers.includes('eci') ? settle(readEciClusterReport(kube, openAlibaba)) : undefined,
    settle(runDoctor({ kube, provider: o.provider, openCloud, openAlibaba, noCloud: o.noCloud, clusterId: undefined })),
  ]);
  const tke = tkeRead && noted('TKE', tkeRead);
  const eci = eciRead && noted('ECI', eciRead);
  const doctor = noted('doctor', doctorRead);

  const [pods, eciPodsRead] = await Promise.all([tke ? settle(listScheduledPods(kube)) : undefined, eci ? settle(readEciPodViews(kube, eci, openAlibaba)) : undefined]);
  const tkePodList = pods && noted('pods', pods);
  const eciPods = eciPodsRead && noted('ECI pods', eciPodsRead);
  const lintReads = await Promise.all([
    ...(tke ? [settle(tkeLintFailures(kube, tke, openCloud))] : []),
    ...(eci ? [settle(eciLintFailures(kube, eci, eciPods ?? [], openAlibaba))] : []),
  ]);
  const lint = lintReads.map((r) => noted('lint', r));

  return {
    context,
    reachable: true,
    providers,
    ipamdVersion: tke?.ipamd.version,
    virtualKubeletVersions: eci?.profileReload.versions,
    featureEnabled: tke?.feature.enabled,
    nodes: tke?.nodes,
    pods: tke && tkePodList ? tkePods(tke, tkePodList) : undefined,
    eciPods: eciPods && countPods(eciPods, (v) => ECI_VERDICT[v.status]),
    // A number only when every provider's groups were linted; a part not read is in the notes.
    lintFailures: lint.every((n) => n !== undefined) ? lint.reduce<number>((sum, n) => sum + n!, 0) : undefined,
    doctorFailures: doctor?.filter((finding) => finding.level === 'fail').length,
    notes,
  };
}

type AlibabaOpener = Parameters<typeof readEciClusterReport>[1];

async function readEciPodViews(kube: KubeClient, eci: EciClusterReport, openAlibaba: AlibabaOpener): Promise<EciPodView[]> {
  const [nodes, access] = await Promise.all([listVirtualNodes(kube), openAlibaba([])]);
  return readEciPods(kube, await podsOnNodes(kube, nodes), eci.profile.parsed, access.cloud);
}

const failed = (findings: readonly { level: string }[]) => findings.filter((x) => x.level === 'fail').length;

/** The groups TKE nodes are given: the global list and every NEC's list, linted as show group does. */
async function tkeLintFailures(kube: KubeClient, tke: ClusterReport, openCloud: CloudOpener): Promise<number> {
  const ids = [...new Set([...tke.feature.globalList, ...tke.nodeReports.flatMap((n) => n.desiredGroups)])];
  if (ids.length === 0) return 0;
  return (await readGroupReports(kube, ids, openCloud)).reduce((sum, g) => sum + failed(g.findings), 0);
}

/** The groups ECI pods are given: eci-profile's default and every selector's, and those the pods ask for (their own annotation). */
async function eciLintFailures(kube: KubeClient, eci: EciClusterReport, pods: readonly EciPodView[], openAlibaba: AlibabaOpener): Promise<number> {
  const p = eci.profile.parsed;
  const ids = [...new Set([...(p.securityGroupId ? [p.securityGroupId] : []), ...p.selectors.flatMap((s) => selectorGroups(s) ?? []), ...pods.flatMap((v) => v.requested?.groups ?? [])])];
  if (ids.length === 0) return 0;
  return (await readEciGroupReports(kube, ids, openAlibaba)).reduce((sum, g) => sum + failed(g.findings), 0);
}

/** Settles within `ms` (0: no limit), else rejects saying how long it waited. */
function within<T>(ms: number, work: Promise<T>): Promise<T> {
  if (ms <= 0) return work;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${formatDuration(ms)} (--cluster-timeout)`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** One context's row: its own factory, closed when the row is done (or given up on). */
async function readRow(context: string, factoryOf: (context: string) => Factory, o: FleetOptions): Promise<FleetRow> {
  let f: Factory | undefined;
  try {
    f = factoryOf(context);
    const work = readClusterRow(context, f, o);
    work.catch(() => {}); // a late failure after the time limit has nothing left to tell
    return await within(o.timeoutMs, work);
  } catch (err) {
    return { context, reachable: false, reason: reasonOf(err) };
  } finally {
    f?.close();
  }
}

/** Every context's row, in the order given, at most `concurrency` read at once. */
export async function readFleet(contexts: readonly string[], factoryOf: (context: string) => Factory, o: FleetOptions): Promise<FleetRow[]> {
  const rows: FleetRow[] = new Array(contexts.length);
  let next = 0;
  const worker = async () => {
    while (next < contexts.length) {
      const i = next++;
      rows[i] = await readRow(contexts[i]!, factoryOf, o);
      o.onRow?.(rows[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(o.concurrency, contexts.length)) }, worker));
  return rows;
}
