// The audit trail's writing half (docs/audit.md): after a verb has applied and verified its
// change, each changed object gets the last-change annotation and an Event, and the local log a
// line, all carrying the same record (domain/change-record.ts). Recording never fails a change:
// the change is made and verified before, and a write that fails here is one warning line.
//
// Who: the Kubernetes user from SelfSubjectReview, and the cloud identity of the key the verb
// used, asked of the provider's STS. The factory registers that question when it opens a cloud
// (registerCloudIdentity), so every verb and the TUI record it without passing clouds around;
// a verb that opened no cloud records null.
import { hostname } from 'node:os';
import { newRunId } from '../domain/tke/resync-marker.ts';
import { CHANGE_EVENT_REASON, EVENT_RECORD_ANNOTATION, LAST_CHANGE_ANNOTATION, REPORTING_CONTROLLER, eventNote, lastChangeValue, redactCommandLine, type ChangeRecord, type ChangeTarget } from '../domain/change-record.ts';
import { errorMessage } from '../domain/error-message.ts';
import type { KubeClient } from '../adapters/kube/kube-client.ts';
import { annotateObject, configMapRef, createChangeEvent, deploymentRef, necRef, nodeRef, whoAmI, workloadObjectRef, type ObjectRef } from '../adapters/kube/change-objects.ts';
import { IPAMD_NAME, IPAMD_NAMESPACE } from '../adapters/kube/tke/objects.ts';
import { ECI_PROFILE_NAME, ECI_PROFILE_NAMESPACE } from '../domain/eci/profile.ts';
import { appendChangeLog } from '../adapters/local/change-log.ts';
import { userStateDir } from '../adapters/local/user-state-dir.ts';

export type CloudProvider = 'tke' | 'eci';

const cloudIdentities = new Map<CloudProvider, () => Promise<string | undefined>>();

/** Called by the factory when it opens a provider's cloud: how to ask who its key belongs to. */
export function registerCloudIdentity(provider: CloudProvider, ask: () => Promise<string | undefined>): void {
  cloudIdentities.set(provider, ask);
}

/** A recording that failed is a warning on stderr, as every verb's warnings are; the change itself stands. */
const warn = (line: string) => process.stderr.write(`warning: ${line}\n`);

/** One object a verb changed. */
export interface RecordedChange {
  target: ChangeTarget;
  /** The object changed: it gets the last-change annotation. */
  object: ObjectRef;
  /** The object the Event is about, when it is another one (a node, for its NEC's change). */
  eventOn?: ObjectRef;
  before: readonly string[];
  after: readonly string[];
  result: string;
}

export interface RecordingOptions {
  kube: KubeClient;
  /** `set node`, `resync`, ... */
  verb: string;
  provider: CloudProvider;
  /** The run's ID when the verb has one (resync); else a new one. */
  runId?: string;
  argv?: readonly string[];
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
}

/** Writes in flight at once (the Kubernetes client keeps at most 32 connections). */
const CONCURRENCY = 16;

/** Values of the environment that look secret, so none survives into a recorded command line. */
const secretsOf = (env: NodeJS.ProcessEnv) => Object.entries(env).filter(([k, v]) => v && /SECRET|TOKEN|PASSWORD|ACCESS_KEY/i.test(k)).map(([, v]) => v!);

async function settled<T>(p: Promise<T>): Promise<{ ok: T } | { error: string }> {
  try {
    return { ok: await p };
  } catch (err) {
    return { error: errorMessage(err) };
  }
}

/** Records the changes; resolves with the warnings it printed (never rejects). */
export async function recordChanges(o: RecordingOptions, changes: readonly RecordedChange[]): Promise<string[]> {
  if (changes.length === 0) return [];
  const warnings: string[] = [];
  const say = (line: string) => {
    warnings.push(line);
    warn(line);
  };
  const env = o.env ?? process.env;
  const at = (o.now ?? (() => new Date()))();
  const runId = o.runId ?? newRunId(at);
  const [kubeUser, cloudIdentity] = await Promise.all([settled(whoAmI(o.kube)), settled(cloudIdentities.get(o.provider)?.() ?? Promise.resolve(undefined))]);
  if ('error' in kubeUser) say(`the change is recorded without the Kubernetes user: SelfSubjectReview failed: ${kubeUser.error}`);
  if ('error' in cloudIdentity) say(`the change is recorded without the cloud identity: GetCallerIdentity failed: ${cloudIdentity.error}`);
  const records = changes.map(
    (c): ChangeRecord => ({
      at: at.toISOString(),
      runId,
      verb: o.verb,
      target: c.target,
      context: o.kube.target.contextName,
      server: o.kube.target.server,
      before: [...c.before],
      after: [...c.after],
      result: c.result,
      kubeUser: 'ok' in kubeUser ? (kubeUser.ok ?? null) : null,
      cloudIdentity: 'ok' in cloudIdentity ? (cloudIdentity.ok ?? null) : null,
      commandLine: `kubectl sg ${redactCommandLine(o.argv ?? process.argv.slice(2), secretsOf(env))}`,
    }),
  );

  try {
    appendChangeLog({ dir: userStateDir(env) }, records);
  } catch (err) {
    say(`the change was not written to the local change log (${userStateDir(env)}): ${errorMessage(err)}`);
  }

  const instance = `kubectl-sg@${hostname()}`.slice(0, 128);
  const failed = { annotation: [] as string[], event: [] as string[] };
  let next = 0;
  const worker = async () => {
    while (next < changes.length) {
      const i = next++;
      const c = changes[i]!;
      const r = records[i]!;
      const on = c.eventOn ?? c.object;
      const [a, e] = await Promise.all([
        settled(annotateObject(o.kube, c.object, LAST_CHANGE_ANNOTATION, lastChangeValue(r))),
        settled(
          createChangeEvent(o.kube, {
            regarding: on,
            reason: CHANGE_EVENT_REASON,
            action: o.verb.replace(/(^|\s)(\w)/g, (_m, _s: string, ch: string) => ch.toUpperCase()),
            note: eventNote(r),
            reportingController: REPORTING_CONTROLLER,
            reportingInstance: instance,
            eventTime: at.toISOString(),
            annotations: { [EVENT_RECORD_ANNOTATION]: JSON.stringify(r) },
          }),
        ),
      ]);
      if ('error' in a) failed.annotation.push(`${c.object.kind} ${c.object.name}: ${a.error}`);
      if ('error' in e) failed.event.push(`${on.kind} ${on.name}: ${e.error}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, changes.length) }, worker));
  if (failed.annotation.length > 0) say(`the last-change annotation was not written on ${failed.annotation.length} of ${changes.length} objects (the change itself stands), e.g. ${failed.annotation[0]}`);
  if (failed.event.length > 0) say(`the change Event was not written for ${failed.event.length} of ${changes.length} objects (the change itself stands), e.g. ${failed.event[0]}`);
  return warnings;
}

/** What each verb hands over: the objects it wrote, as its result reports them. */
interface Outcome {
  name: string;
  before: readonly string[];
  after: readonly string[];
  result: string;
}

/** set node: each NEC written (its annotation), the Event on its Node, where `kubectl describe node` shows it. */
export const recordNecChanges = (kube: KubeClient, written: readonly Outcome[]) =>
  recordChanges(
    { kube, verb: 'set node', provider: 'tke' },
    written.map((w) => ({ target: { kind: 'node', name: w.name }, object: necRef(w.name), eventOn: nodeRef(w.name), before: w.before, after: w.after, result: w.result })),
  );

/** resync: each node it toggled or asked to sync (their annotations are what it wrote), under its run's ID (a resume may finish several runs). */
export async function recordResyncChanges(kube: KubeClient, resynced: ReadonlyArray<Outcome & { runId: string }>): Promise<void> {
  for (const runId of new Set(resynced.map((r) => r.runId))) {
    await recordChanges(
      { kube, verb: 'resync', provider: 'tke', runId },
      resynced.filter((r) => r.runId === runId).map((r) => ({ target: { kind: 'node', name: r.name }, object: nodeRef(r.name), before: r.before, after: r.after, result: r.result })),
    );
  }
}

/** set workload: the workload (metadata only, so nothing rolls out), the Event on it. */
export const recordWorkloadChange = (kube: KubeClient, cloud: CloudProvider, w: { kind: string; name: string; namespace: string; apiVersion: string; plural: string }, outcome: Omit<Outcome, 'name'>) =>
  recordChanges({ kube, verb: 'set workload', provider: cloud }, [
    {
      target: { kind: 'workload', workloadKind: w.kind, namespace: w.namespace, name: w.name },
      object: workloadObjectRef(w.apiVersion, w.kind, w.plural, w.namespace, w.name),
      before: outcome.before,
      after: outcome.after,
      result: outcome.result,
    },
  ]);

/** The object a cluster-wide setting is recorded on: ipamd's Deployment (TKE, whatever place holds the setting), eci-profile (ECI). */
export function clusterSettingRef(provider: CloudProvider): ObjectRef {
  return provider === 'tke' ? deploymentRef(IPAMD_NAMESPACE, IPAMD_NAME) : configMapRef(ECI_PROFILE_NAMESPACE, ECI_PROFILE_NAME);
}

/** set cluster: the setting before and after (the feature's state is part of the result on TKE). */
export const recordClusterChange = (kube: KubeClient, provider: CloudProvider, change: Omit<Outcome, 'name'>) =>
  recordChanges({ kube, verb: 'set cluster', provider }, [{ target: { kind: 'cluster', provider }, object: clusterSettingRef(provider), ...change }]);
