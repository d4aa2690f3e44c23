// Bad input on Alibaba ECI (set workload, set cluster, the verbs ECI has not, the read verbs): refused with one line naming the value and what
// would be right, exit 2 (1 for the environment), nothing on stdout, and the sandbox as it was:
// every workload, pod and the eci-profile, and the Alibaba emulator's groups and container groups.
import { badInputSuite, type BadInput, type World } from './bad-input.ts';
import { run } from './run.ts';
import { alibabaControl, eciSnapshot } from './snapshot-eci.ts';

interface EciWorld extends World {
  /** The scenario's groups by what they are for (test/sandbox/eci/scenario.ts). */
  g: { default: string; payments: string; isolated: string; otherVpc: string; wideOpen: string; manyRules: string };
  vpcId: string;
  otherVpcId: string;
}

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

async function eciWorld(w: World): Promise<EciWorld> {
  for (const o of READ_ONLY) {
    const r = run('kubectl', ['apply', '-f', '-'], w.sb.env, JSON.stringify(o));
    if (r.code !== 0) throw new Error(`granting the limited user reads: ${r.stderr}`);
  }
  const state = await alibabaControl(w.sb).state();
  const id = (name: string) => {
    const g = state.securityGroups.find((s) => s.name === name);
    if (!g) throw new Error(`the ECI scenario has no group named ${name}`);
    return g.id;
  };
  const g = Object.fromEntries(Object.entries(NAMES).map(([role, name]) => [role, id(name)])) as EciWorld['g'];
  return { ...w, g, vpcId: state.vpcId, otherVpcId: state.otherVpcId };
}

const yes = ['--yes'];
/** The Deployment whose template names groups (shop/frontend). */
const frontend = (...more: string[]) => ['set', 'workload', 'deployment/frontend', '-n', 'shop', ...more];

const cases: BadInput<EciWorld>[] = [
  { name: 'upper-case group ID', exit: 2, args: () => frontend('--groups', 'sg-BP1DKTDDJSG5NKTV1234', ...yes), says: () => ['sg-BP1DKTDDJSG5NKTV1234', 'lowercase'] },
  { name: 'a masked ID pasted from a document', exit: 2, args: () => frontend('--groups', 'sg-bp1dktddjsg5nktv****', ...yes), says: () => ['sg-bp1dktddjsg5nktv****'] },
  { name: 'not a group ID at all', exit: 2, args: () => frontend('--groups', 'eci-default', ...yes), says: () => ['"eci-default"', 'sg-'] },
  { name: 'an empty entry in the list', exit: 2, args: (w) => frontend('--groups', `${w.g.default},,${w.g.payments}`, ...yes), says: () => ['empty entry'] },
  { name: 'the same group twice', exit: 2, args: (w) => frontend('--groups', `${w.g.default},${w.g.default}`, ...yes), says: (w) => [w.g.default, 'twice'] },
  { name: 'six groups (an instance takes five)', exit: 2, args: (w) => frontend('--groups', Object.values(w.g).join(','), ...yes), says: () => ['6 security groups', 'at most 5', /\(see: Alibaba ACK, "Configure a security group" > Specify security groups for elastic container instances in Kubernetes clusters\)$/] },
  { name: 'a group that does not exist', exit: 2, args: (w) => frontend('--groups', `${w.g.default},sg-bp1zzzzzzzzzzzzzzzzz`, ...yes), says: () => ['sg-bp1zzzzzzzzzzzzzzzzz', 'does not exist', 'cn-hangzhou'] },
  { name: 'a group of another VPC', exit: 2, args: (w) => frontend('--groups', w.g.otherVpc, ...yes), says: (w) => [w.g.otherVpc, w.otherVpcId, w.vpcId] },
  { name: 'basic and advanced groups mixed', exit: 2, args: (w) => frontend('--groups', `${w.g.default},${w.g.isolated}`, ...yes), says: (w) => [w.g.isolated, 'advanced', 'basic'] },
  { name: 'no --groups', exit: 2, args: () => frontend(...yes), says: () => ['--groups'] },
  { name: 'an empty --groups', exit: 2, args: () => frontend('--groups', '', ...yes), says: () => ['--groups is empty'] },
  { name: 'no workload named', exit: 2, args: (w) => ['set', 'workload', '-n', 'shop', '--groups', w.g.default, ...yes], says: () => ['KIND/NAME'] },
  { name: 'a name without its kind', exit: 2, args: (w) => ['set', 'workload', 'frontend', '-n', 'shop', '--groups', w.g.default, ...yes], says: () => ['"frontend"', 'deployment/frontend'] },
  { name: 'a kind that is not a workload', exit: 2, args: (w) => ['set', 'workload', 'service/frontend', '-n', 'shop', '--groups', w.g.default, ...yes], says: () => ['"service"', 'deployment'] },
  { name: 'a pod', exit: 2, args: (w) => ['set', 'workload', 'pod/debug-shell', '-n', 'default', '--groups', w.g.default, ...yes], says: () => ['pod/debug-shell', 'only when it creates'] },
  { name: 'a ReplicaSet (its Deployment is the one to set)', exit: 2, args: (w) => ['set', 'workload', 'rs/frontend-abc', '-n', 'shop', '--groups', w.g.default, ...yes], says: () => ['rs/frontend-abc', 'deployment/NAME'] },
  { name: 'a malformed workload name', exit: 2, args: (w) => ['set', 'workload', 'deploy/Front_End', '-n', 'shop', '--groups', w.g.default, ...yes], says: () => ['"Front_End"'] },
  { name: 'a namespace that does not exist', exit: 2, args: (w) => ['set', 'workload', 'deployment/frontend', '-n', 'nowhere', '--groups', w.g.default, ...yes], says: () => ['namespace "nowhere" not found'] },
  { name: 'a workload that does not exist', exit: 2, args: (w) => ['set', 'workload', 'deployment/ghost', '-n', 'shop', '--groups', w.g.default, ...yes], says: () => ['deployment "ghost" not found in namespace "shop"'] },
  { name: 'the right name, the wrong kind', exit: 2, args: (w) => ['set', 'workload', 'sts/frontend', '-n', 'shop', '--groups', w.g.default, ...yes], says: () => ['statefulset "frontend" not found'] },
  { name: 'a Job that is running (its template is immutable)', exit: 2, args: (w) => ['set', 'workload', 'job/migrate', '-n', 'batch', '--groups', w.g.default, ...yes], says: () => ['job/migrate', 'suspended', 'KEP-2926'] },
  { name: '--provider tke', exit: 2, args: (w) => frontend('--groups', w.g.default, '--provider', 'tke', ...yes), says: () => ['--provider tke', 'set node'] },
  { name: 'an unknown provider', exit: 2, args: (w) => frontend('--groups', w.g.default, '--provider', 'gke', ...yes), says: () => ['"gke"', 'tke, supernode, eci'] },
  { name: 'no --yes without a terminal', exit: 2, args: (w) => frontend('--groups', w.g.default), says: () => ['--yes'] },
  { name: 'a malformed --timeout', exit: 2, args: (w) => frontend('--groups', w.g.default, '--timeout', 'forever', ...yes), says: () => ['forever'] },
  { name: 'an unknown output format', exit: 2, args: (w) => frontend('--groups', w.g.default, '-o', 'wide', ...yes), says: () => ['"wide"'] },
  { name: 'a zone where the region belongs', exit: 2, args: (w) => frontend('--groups', w.g.default, '--region', 'cn-hangzhou-k', ...yes), says: () => ['cn-hangzhou-k', 'cn-hangzhou'] },
  { name: 'a region the API does not serve', exit: 2, args: (w) => frontend('--groups', w.g.default, '--region', 'cn-atlantis', ...yes), says: () => ['cn-atlantis', '--region'] },
  { name: 'the wrong region (the groups live elsewhere)', exit: 2, args: (w) => frontend('--groups', w.g.default, '--region', 'cn-shanghai', ...yes), says: (w) => [w.g.default, 'cn-shanghai'] },
  { name: '--no-cloud', exit: 2, args: (w) => frontend('--groups', w.g.default, '--no-cloud', ...yes), says: () => ['--no-cloud'] },
  { name: 'no cloud credentials', exit: 1, env: (w) => w.noCredentials, args: (w) => frontend('--groups', w.g.default, ...yes), says: () => ['credentials', 'ALIBABA_CLOUD_ACCESS_KEY_ID'] },
  {
    name: 'a user who may read the workload but not update it',
    exit: 1,
    args: (w) => frontend('--groups', w.g.payments, '--kubeconfig', w.limitedKubeconfig, ...yes),
    says: () => ['not allowed to update deployments.apps "frontend" in namespace shop', 'nothing was changed', 'kubectl auth can-i update deployments.apps -n shop'],
  },
  { name: 'an unknown flag', exit: 2, args: (w) => frontend('--group', w.g.default, ...yes), says: () => ['group'] },
  // set cluster on ECI: the profile's default group.
  { name: 'set cluster: two groups for the one default', exit: 2, args: (w) => ['set', 'cluster', '--groups', `${w.g.default},${w.g.payments}`, ...yes], says: () => ['holds one', 'set workload'] },
  { name: 'set cluster: a group of another VPC', exit: 2, args: (w) => ['set', 'cluster', '--groups', w.g.otherVpc, ...yes], says: (w) => [w.g.otherVpc, w.otherVpcId, w.vpcId] },
  { name: 'set cluster: a group that does not exist', exit: 2, args: () => ['set', 'cluster', '--groups', 'sg-bp1zzzzzzzzzzzzzzzzz', ...yes], says: () => ['sg-bp1zzzzzzzzzzzzzzzzz', 'does not exist'] },
  { name: 'set cluster: a Tencent-only flag', exit: 2, args: () => ['set', 'cluster', '--enable', ...yes], says: () => ['--enable is TKE\'s'] },
  { name: 'set cluster: no group', exit: 2, args: () => ['set', 'cluster', ...yes], says: () => ['--groups'] },
  { name: 'set cluster: a malformed group', exit: 2, args: () => ['set', 'cluster', '--groups', 'sg-BAD', ...yes], says: () => ['"sg-BAD"', 'lowercase'] },
  // The verbs ECI does not have, and the read verbs' own bad input.
  { name: 'set node with --provider eci', exit: 2, args: (w) => ['set', 'node', 'virtual-kubelet-cn-hangzhou-k', '--groups', w.g.default, '--provider', 'eci', ...yes], says: () => ['--provider eci', 'set workload'] },
  { name: 'resync with --provider eci', exit: 2, args: () => ['resync', '--all', '--provider', 'eci', ...yes], says: () => ['--provider eci', 'keeps the group it was created with'] },
  { name: 'show group: a malformed Alibaba ID', exit: 2, args: () => ['show', 'group', 'sg-bp1ABC'], says: () => ['"sg-bp1ABC"', 'Alibaba'] },
  { name: 'show group: a group that does not exist', exit: 2, args: () => ['show', 'group', 'sg-bp1zzzzzzzzzzzzzzzzz'], says: () => ['sg-bp1zzzzzzzzzzzzzzzzz', 'not found in region cn-hangzhou'] },
  { name: 'show pod: a pod that does not exist', exit: 2, args: () => ['show', 'pod', 'ghost', '-n', 'shop'], says: () => ['pod "ghost" not found in namespace "shop"'] },
];

badInputSuite<EciWorld>('bad input on Alibaba ECI', ['--provider', 'eci'], cases, { extend: eciWorld, snapshot: eciSnapshot });
