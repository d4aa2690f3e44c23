// Bad-input cases on Alibaba ECI (set workload, set cluster, the verbs ECI has not, the read
// verbs), with the world they name: the ECI scenario's groups by role and its VPCs.
import type { BadInput, World } from './case.ts';

export interface EciWorld extends World {
  /** The scenario's groups by what they are for (test/sandbox/eci/scenario.ts). */
  g: { default: string; payments: string; isolated: string; otherVpc: string; wideOpen: string; manyRules: string };
  vpcId: string;
  otherVpcId: string;
}

const yes = ['--yes'];
/** The Deployment whose template names groups (shop/frontend). */
const frontend = (...more: string[]) => ['set', 'workload', 'deployment/frontend', '-n', 'shop', ...more];

export const cases: BadInput<EciWorld>[] = [
  { name: 'upper-case group ID', exit: 2, args: () => frontend('--groups', 'sg-BP1DKTDDJSG5NKTV1234', ...yes), says: () => ['sg-BP1DKTDDJSG5NKTV1234', 'lowercase'] },
  { name: 'a masked ID pasted from a document', exit: 2, args: () => frontend('--groups', 'sg-bp1dktddjsg5nktv****', ...yes), says: () => ['sg-bp1dktddjsg5nktv****'] },
  { name: 'not a group ID at all', exit: 2, args: () => frontend('--groups', 'eci-default', ...yes), says: () => ['"eci-default"', 'sg-'] },
  { name: 'an empty entry in the list', exit: 2, args: (w) => frontend('--groups', `${w.g.default},,${w.g.payments}`, ...yes), says: () => ['empty entry'] },
  { name: 'the same group twice', exit: 2, args: (w) => frontend('--groups', `${w.g.default},${w.g.default}`, ...yes), says: (w) => [w.g.default, 'twice'] },
  { name: 'six groups (an instance takes five)', exit: 2, args: (w) => frontend('--groups', Object.values(w.g).join(','), ...yes), says: () => ['6 security groups', 'at most 5', /\(see: Alibaba ACK, "Configure a security group" > Specify security groups for elastic container instances in Kubernetes clusters\)$/] },
  { name: 'a group that does not exist', exit: 2, args: (w) => frontend('--groups', `${w.g.default},sg-bp1zzzzzzzzzzzzzzzzz`, ...yes), says: () => ['sg-bp1zzzzzzzzzzzzzzzzz', 'does not exist', 'cn-hangzhou'] },
  { name: 'a group of another VPC', exit: 2, args: (w) => frontend('--groups', w.g.otherVpc, ...yes), says: (w) => [w.g.otherVpc, w.otherVpcId, w.vpcId] },
  { name: 'basic and advanced groups mixed', exit: 2, args: (w) => frontend('--groups', `${w.g.default},${w.g.isolated}`, ...yes), says: (w) => [w.g.isolated, 'advanced', 'basic'] },
  { name: 'no --groups', beforeAnyRequest: true, exit: 2, args: () => frontend(...yes), says: () => ['--groups'] },
  { name: 'an empty --groups', exit: 2, args: () => frontend('--groups', '', ...yes), says: () => ['--groups is empty'] },
  { name: 'no workload named', beforeAnyRequest: true, exit: 2, args: (w) => ['set', 'workload', '-n', 'shop', '--groups', w.g.default, ...yes], says: () => ['KIND/NAME'] },
  { name: 'a name without its kind', exit: 2, args: (w) => ['set', 'workload', 'frontend', '-n', 'shop', '--groups', w.g.default, ...yes], says: () => ['"frontend"', 'deployment/frontend'] },
  { name: 'a kind that is not a workload', exit: 2, args: (w) => ['set', 'workload', 'service/frontend', '-n', 'shop', '--groups', w.g.default, ...yes], says: () => ['"service"', 'deployment'] },
  { name: 'a pod', exit: 2, args: (w) => ['set', 'workload', 'pod/debug-shell', '-n', 'default', '--groups', w.g.default, ...yes], says: () => ['pod/debug-shell', 'only when it creates'] },
  { name: 'a ReplicaSet (its Deployment is the one to set)', exit: 2, args: (w) => ['set', 'workload', 'rs/frontend-abc', '-n', 'shop', '--groups', w.g.default, ...yes], says: () => ['rs/frontend-abc', 'deployment/NAME'] },
  { name: 'a malformed workload name', exit: 2, args: (w) => ['set', 'workload', 'deploy/Front_End', '-n', 'shop', '--groups', w.g.default, ...yes], says: () => ['"Front_End"'] },
  { name: 'a namespace that does not exist', exit: 2, args: (w) => ['set', 'workload', 'deployment/frontend', '-n', 'nowhere', '--groups', w.g.default, ...yes], says: () => ['namespace "nowhere" not found'] },
  { name: 'a workload that does not exist', exit: 2, args: (w) => ['set', 'workload', 'deployment/ghost', '-n', 'shop', '--groups', w.g.default, ...yes], says: () => ['deployment "ghost" not found in namespace "shop"'] },
  { name: 'the right name, the wrong kind', exit: 2, args: (w) => ['set', 'workload', 'sts/frontend', '-n', 'shop', '--groups', w.g.default, ...yes], says: () => ['statefulset "frontend" not found'] },
  { name: 'a Job that is running (its template is immutable)', exit: 2, args: (w) => ['set', 'workload', 'job/migrate', '-n', 'batch', '--groups', w.g.default, ...yes], says: () => ['job/migrate', 'suspended', 'KEP-2926'] },
  { name: '--provider tke', beforeAnyRequest: true, exit: 2, args: (w) => frontend('--groups', w.g.default, '--provider', 'tke', ...yes), says: () => ['--provider tke', 'set node'] },
  { name: 'an unknown provider', beforeAnyRequest: true, exit: 2, args: (w) => frontend('--groups', w.g.default, '--provider', 'gke', ...yes), says: () => ['"gke"', 'tke, supernode, eci'] },
  { name: 'no --yes without a terminal', beforeAnyRequest: true, exit: 2, args: (w) => frontend('--groups', w.g.default), says: () => ['--yes'] },
  { name: 'a malformed --timeout', beforeAnyRequest: true, exit: 2, args: (w) => frontend('--groups', w.g.default, '--timeout', 'forever', ...yes), says: () => ['forever'] },
  { name: 'an unknown output format', beforeAnyRequest: true, exit: 2, args: (w) => frontend('--groups', w.g.default, '-o', 'wide', ...yes), says: () => ['"wide"'] },
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
  { name: 'an unknown flag', beforeAnyRequest: true, exit: 2, args: (w) => frontend('--group', w.g.default, ...yes), says: () => ['group'] },
  // set cluster on ECI: the profile's default group.
  { name: 'set cluster: two groups for the one default', exit: 2, args: (w) => ['set', 'cluster', '--groups', `${w.g.default},${w.g.payments}`, ...yes], says: () => ['holds one', 'set workload'] },
  { name: 'set cluster: a group of another VPC', exit: 2, args: (w) => ['set', 'cluster', '--groups', w.g.otherVpc, ...yes], says: (w) => [w.g.otherVpc, w.otherVpcId, w.vpcId] },
  { name: 'set cluster: a group that does not exist', exit: 2, args: () => ['set', 'cluster', '--groups', 'sg-bp1zzzzzzzzzzzzzzzzz', ...yes], says: () => ['sg-bp1zzzzzzzzzzzzzzzzz', 'does not exist'] },
  { name: 'set cluster: a Tencent-only flag', exit: 2, args: () => ['set', 'cluster', '--enable', ...yes], says: () => ['--enable is TKE\'s'] },
  { name: 'set cluster: no group', exit: 2, args: () => ['set', 'cluster', ...yes], says: () => ['--groups'] },
  { name: 'set cluster: a malformed group', exit: 2, args: () => ['set', 'cluster', '--groups', 'sg-BAD', ...yes], says: () => ['"sg-BAD"', 'lowercase'] },
  // The verbs ECI does not have, and the read verbs' own bad input.
  { name: 'set node with --provider eci', beforeAnyRequest: true, exit: 2, args: (w) => ['set', 'node', 'virtual-kubelet-cn-hangzhou-k', '--groups', w.g.default, '--provider', 'eci', ...yes], says: () => ['--provider eci', 'set workload'] },
  { name: 'resync with --provider eci', beforeAnyRequest: true, exit: 2, args: () => ['resync', '--all', '--provider', 'eci', ...yes], says: () => ['--provider eci', 'keeps the group it was created with'] },
  { name: 'show group: a malformed Alibaba ID', beforeAnyRequest: true, exit: 2, args: () => ['show', 'group', 'sg-bp1ABC'], says: () => ['"sg-bp1ABC"', 'Alibaba'] },
  { name: 'show group: a group that does not exist', exit: 2, args: () => ['show', 'group', 'sg-bp1zzzzzzzzzzzzzzzzz'], says: () => ['sg-bp1zzzzzzzzzzzzzzzzz', 'not found in region cn-hangzhou'] },
  { name: 'show pod: a pod that does not exist', exit: 2, args: () => ['show', 'pod', 'ghost', '-n', 'shop'], says: () => ['pod "ghost" not found in namespace "shop"'] },
];
