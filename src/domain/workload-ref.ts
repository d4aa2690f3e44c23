// `set workload KIND/NAME` on ECI: which workload, where its pod template lives, and the
// template annotation that carries the groups. ECI reads a pod's groups only when it creates
// the instance, and the groups of an instance never change, so the groups are set on what
// creates pods (the workload's pod template) and take effect as the pods are replaced. A pod is
// refused: changing its annotation would change nothing on its instance.
import { BadInputError } from './bad-input.ts';
import { lineChanges, type LineChanges } from './line-changes.ts';

export interface WorkloadKind {
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'Job' | 'CronJob';
  group: 'apps' | 'batch';
  version: 'v1';
  /** The resource in API paths: /apis/<group>/v1/namespaces/<ns>/<plural>/<name>. */
  plural: string;
  /** Where the pod template is in the object. */
  templatePath: readonly string[];
  /** What follows a template change, for the plan. */
  rollout: string;
}

/** The kinds set workload takes, in the order completion lists them. */
export const WORKLOAD_KINDS: readonly WorkloadKind[] = [
  {
    kind: 'Deployment', group: 'apps', version: 'v1', plural: 'deployments',
    templatePath: ['spec', 'template'], rollout: 'the Deployment rolls out new pods (its strategy decides how fast); each new pod gets the groups',
  },
  {
    kind: 'StatefulSet', group: 'apps', version: 'v1', plural: 'statefulsets',
    templatePath: ['spec', 'template'], rollout: 'the StatefulSet replaces its pods one by one (with updateStrategy OnDelete, only pods you delete)',
  },
  {
    kind: 'DaemonSet', group: 'apps', version: 'v1', plural: 'daemonsets',
    templatePath: ['spec', 'template'], rollout: 'the DaemonSet replaces its pods node by node (with updateStrategy OnDelete, only pods you delete)',
  },
  {
    kind: 'Job', group: 'batch', version: 'v1', plural: 'jobs',
    templatePath: ['spec', 'template'], rollout: "a Job's pod template can change only while it is suspended and has not started; its pods created afterwards get the groups",
  },
  {
    kind: 'CronJob', group: 'batch', version: 'v1', plural: 'cronjobs',
    templatePath: ['spec', 'jobTemplate', 'spec', 'template'], rollout: 'Jobs the CronJob starts from now on get the groups; Jobs already running keep theirs',
  },
];

export interface WorkloadRef {
  workload: WorkloadKind;
  name: string;
}

export class WorkloadRefError extends BadInputError {}

/** kubectl's names for each kind: singular, plural, short. */
const ALIASES: Readonly<Record<string, WorkloadKind['kind']>> = {
  deployment: 'Deployment', deployments: 'Deployment', deploy: 'Deployment',
  statefulset: 'StatefulSet', statefulsets: 'StatefulSet', sts: 'StatefulSet',
  daemonset: 'DaemonSet', daemonsets: 'DaemonSet', ds: 'DaemonSet',
  job: 'Job', jobs: 'Job',
  cronjob: 'CronJob', cronjobs: 'CronJob', cj: 'CronJob',
};

const KIND_LIST = 'deployment (deploy), statefulset (sts), daemonset (ds), job, cronjob (cj)';
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** `deployment/web`, `deploy/web`, `Deployment.apps/web`, `sts/db`, `cj/report`... */
export function parseWorkloadRef(text: string): WorkloadRef {
  const t = text.trim();
  const slash = t.indexOf('/');
  if (slash < 0) throw new WorkloadRefError(`"${t}" names no kind: give KIND/NAME, e.g. deployment/${t || 'web'} (kinds: ${KIND_LIST})`);
  const kindText = t.slice(0, slash).toLowerCase();
  const name = t.slice(slash + 1);
  const [base, ...groupParts] = kindText.split('.');
  const group = groupParts.filter((p) => p !== 'v1').join('.');
  if (base === 'pod' || base === 'pods' || base === 'po') {
    throw new WorkloadRefError(
      `${t}: a pod cannot be given groups. ECI reads k8s.aliyun.com/eci-security-group only when it creates the pod's instance, and an instance's groups never change: set them on the workload that owns the pod (${KIND_LIST}) and let it replace the pod`,
    );
  }
  if (base === 'replicaset' || base === 'replicasets' || base === 'rs') {
    throw new WorkloadRefError(`${t}: a ReplicaSet's template is its Deployment's: set deployment/NAME instead`);
  }
  const w = WORKLOAD_KINDS.find((k) => k.kind === ALIASES[base!] && (group === '' || group === k.group));
  if (!w) throw new WorkloadRefError(`"${t.slice(0, slash)}" is not a workload kind kubectl-sg can set: use ${KIND_LIST}`);
  if (name === '' || name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
    throw new WorkloadRefError(`"${name}" is not a ${w.kind} name: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit`);
  }
  return { workload: w, name };
}

/** The template's annotations with the groups set under the provider's `key` (comma-joined, in order); every other annotation kept. */
export function templateAnnotations(old: Readonly<Record<string, string>> | undefined, key: string, groups: readonly string[]): Record<string, string> {
  return { ...old, [key]: groups.join(',') };
}

const lines = (a: Readonly<Record<string, string>> | undefined) => Object.entries(a ?? {}).map(([k, v]) => `${k}: ${v}`);

/** The annotation lines a plan shows: taken out and put in. */
export function templateAnnotationChanges(old: Readonly<Record<string, string>> | undefined, key: string, groups: readonly string[]): LineChanges {
  return lineChanges(lines(old), lines(templateAnnotations(old, key, groups)));
}
