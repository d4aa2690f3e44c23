// `kubectl sg report`: one row per kubeconfig context, each read with what show cluster, show
// node, show group and doctor already compute, through a factory bound to that context. Clusters
// are read side by side (at most `concurrency` at once), each within its own time limit; a
// cluster that cannot be read becomes a row with its reason, so one dead cluster never fails the
// report of the others. Each provider the cluster runs reads its own part of the row
// (Provider.fleet: tke/fleet-part.ts, eci/fleet-part.ts).
import type { FleetClusterRow, FleetRow } from '../domain/fleet-totals.ts';
import { detectedProviders, type ProviderName } from '../domain/provider-choice.ts';
import { formatDuration } from '../domain/duration.ts';
import { BadInputError } from '../domain/bad-input.ts';
import { errorMessage } from '../domain/error-message.ts';
import { kubeconfigContexts, loadKubeTarget } from '../adapters/kube/kubeconfig.ts';
import type { Factory } from './factory.ts';
import { detectProviders, loadProvider, podOfOther, nodeOfOther } from './providers.ts';
import type { FleetFigures, FleetStage } from './provider.ts';
import { runDoctor } from './doctor.ts';
import { firstErrorLine, settle } from './doctor-settle.ts';

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

/** Why a cluster gave no row: the error as it was said, without doctor's status prefix. */
const reasonOf = (err: unknown) => errorMessage(err).split('\n')[0] ?? '';

/** The order of a row's notes: every provider's report, doctor, then pods and lint. */
const NOTE_ORDER: Record<FleetStage | 'doctor', number> = { report: 0, doctor: 1, pods: 2, lint: 3 };

/** One cluster, read whole. Throws only when the cluster does not answer at all (the caller makes that a row). */
async function readClusterRow(context: string, f: Factory, o: Pick<FleetOptions, 'noCloud' | 'provider'>): Promise<FleetClusterRow> {
  const kube = f.kube();
  const detected = detectedProviders(await detectProviders(kube));
  const providers = o.provider ? [o.provider] : detected;
  // Each cloud is opened once per cluster (the factory's), whichever part asks first.
  const [parts, doctorRead] = await Promise.all([
    Promise.all(providers.map(async (name) => (await loadProvider(name)).fleet({ factory: f, clusterIdFlag: undefined, podOfOther: await podOfOther(name), nodeOfOther: await nodeOfOther(name) }))),
    settle(runDoctor({ factory: f, provider: o.provider, noCloud: o.noCloud, clusterId: undefined })),
  ]);
  const notes = [...parts.flatMap((p) => p.notes), ...(doctorRead.ok ? [] : [{ stage: 'doctor' as const, text: `doctor: ${firstErrorLine(doctorRead.error)}` }])];
  notes.sort((a, b) => NOTE_ORDER[a.stage] - NOTE_ORDER[b.stage]);
  const lint = parts.flatMap((p) => (p.lint ? [p.lint.failures] : []));
  const figures = parts.reduce<FleetFigures>((all, p) => ({ ...all, ...p.figures }), {});

  return {
    context,
    reachable: true,
    providers,
    ipamdVersion: figures.ipamdVersion,
    virtualKubeletVersions: figures.virtualKubeletVersions,
    featureEnabled: figures.featureEnabled,
    nodes: figures.nodes,
    pods: figures.pods,
    eciPods: figures.eciPods,
    // A number only when every provider's groups were linted; a part not read is in the notes.
    lintFailures: lint.every((n) => n !== undefined) ? lint.reduce<number>((sum, n) => sum + n!, 0) : undefined,
    doctorFailures: doctorRead.ok ? doctorRead.value.filter((finding) => finding.level === 'fail').length : undefined,
    notes: notes.map((n) => n.text),
  };
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
