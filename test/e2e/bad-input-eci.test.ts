// Bad input on Alibaba ECI (set workload, set cluster, the verbs ECI has not, the read verbs): refused with one line naming the value and what
// would be right, exit 2 (1 for the environment), nothing on stdout, and the sandbox as it was:
// every workload, pod and the eci-profile, and the Alibaba emulator's groups and container groups.
import { badInputSuite, type SandboxWorld } from './bad-input.ts';
import { cases, type EciWorld } from '../bad-input/eci.ts';
import { run } from './run.ts';
import { clusterRuleRights, untilAllowed } from './rbac-wait.ts';
import { alibabaControl, eciSnapshot } from './snapshot-eci.ts';

/** The scenario's group names, by role. */
const NAMES = { default: 'eci-default', payments: 'eci-payments', isolated: 'eci-isolated', otherVpc: 'other-vpc-default', wideOpen: 'legacy-wide-open', manyRules: 'eci-many-rules' } as const;

/** The sandbox's limited user may read what set workload reads, but write nothing. */
const READ_ONLY = [
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'eci-read-only' }, rules: [
    { apiGroups: [''], resources: ['namespaces', 'pods', 'nodes', 'configmaps'], verbs: ['get', 'list'] },
    { apiGroups: ['apps'], resources: ['deployments', 'statefulsets', 'daemonsets', 'replicasets'], verbs: ['get', 'list'] },
    { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: ['get', 'list'] },
  ] },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'eci-read-only' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'eci-read-only' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'limited-user' }] },
];

async function eciWorld(w: SandboxWorld): Promise<EciWorld> {
  for (const o of READ_ONLY) {
    const r = run('kubectl', ['apply', '-f', '-'], w.sb.env, JSON.stringify(o));
    if (r.code !== 0) throw new Error(`granting the limited user reads: ${r.stderr}`);
  }
  // A fresh binding can lag in the authorizer's caches: the cases (the limited user's among them) run once each right counts.
  await untilAllowed({ ...w.sb.env, KUBECONFIG: w.limitedKubeconfig }, clusterRuleRights(READ_ONLY[0]!.rules!));
  const state = await alibabaControl(w.sb).state();
  const id = (name: string) => {
    const g = state.securityGroups.find((s) => s.name === name);
    if (!g) throw new Error(`the ECI scenario has no group named ${name}`);
    return g.id;
  };
  const g = Object.fromEntries(Object.entries(NAMES).map(([role, name]) => [role, id(name)])) as EciWorld['g'];
  return { ...w, g, vpcId: state.vpcId, otherVpcId: state.otherVpcId };
}

badInputSuite<EciWorld>('bad input on Alibaba ECI', ['--provider', 'eci'], cases, { extend: eciWorld, snapshot: eciSnapshot });
