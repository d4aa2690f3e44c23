// Bad-input cases for TKE super-node pods (set workload, the verbs super nodes have not, the read
// verbs), with the world they name: the super node pool's groups and the region's default group.
import type { BadInput, World } from './case.ts';

export interface SuperNodeWorld extends World {
  /** The pool's groups and the region's default group (the emulator's super node state). */
  pool: string[];
  regionDefault: string;
}

/** The namespace of the super nodes' workloads. */
export const NS = 'serverless';

const yes = ['--yes'];
const snCluster = (groups: string) => ['set', 'cluster', '--provider', 'supernode', '--groups', groups];
/** The Deployment whose template names groups (serverless/web). */
const web = (...more: string[]) => ['set', 'workload', 'deployment/web', '-n', NS, ...more];

export const cases: BadInput<SuperNodeWorld>[] = [
  { name: 'upper-case group ID', exit: 2, args: () => web('--groups', 'sg-ABCD1234', ...yes), says: () => ['"sg-ABCD1234"', 'lowercase'] },
  { name: 'an Alibaba-shaped ID', exit: 2, args: () => web('--groups', 'sg-bp1dktddjsg5nktv1234', ...yes), says: () => ['"sg-bp1dktddjsg5nktv1234"', 'sg- followed by 8'] },
  { name: 'a group\'s name, not its ID', exit: 2, args: () => web('--groups', 'pods-base', ...yes), says: () => ['"pods-base"', 'sg-'] },
  { name: 'an empty entry in the list', exit: 2, args: (w) => web('--groups', `${w.pool[0]},,${w.regionDefault}`, ...yes), says: () => ['empty entry'] },
  { name: 'the same group twice', exit: 2, args: (w) => web('--groups', `${w.pool[0]},${w.pool[0]}`, ...yes), says: (w) => [w.pool[0]!, 'twice'] },
  { name: 'a group that does not exist', exit: 2, args: (w) => web('--groups', `${w.pool[0]},sg-zzzzzzzz`, ...yes), says: () => ['sg-zzzzzzzz', 'does not exist', 'ap-guangzhou'] },
  { name: 'no --groups', beforeAnyRequest: true, exit: 2, args: () => web(...yes), says: () => ['--groups'] },
  { name: 'an empty --groups', exit: 2, args: () => web('--groups', '', ...yes), says: () => ['--groups is empty'] },
  { name: 'no workload named', beforeAnyRequest: true, exit: 2, args: (w) => ['set', 'workload', '-n', NS, '--groups', w.regionDefault, ...yes], says: () => ['KIND/NAME'] },
  { name: 'a name without its kind', exit: 2, args: (w) => ['set', 'workload', 'web', '-n', NS, '--groups', w.regionDefault, ...yes], says: () => ['"web"', 'deployment/web'] },
  { name: 'a kind that is not a workload', exit: 2, args: (w) => ['set', 'workload', 'service/web', '-n', NS, '--groups', w.regionDefault, ...yes], says: () => ['"service"', 'deployment'] },
  { name: 'the bare pod', exit: 2, args: (w) => ['set', 'workload', 'pod/debug', '-n', NS, '--groups', w.regionDefault, ...yes], says: () => ['pod/debug'] },
  { name: 'a ReplicaSet (its Deployment is the one to set)', exit: 2, args: (w) => ['set', 'workload', 'rs/web-abc', '-n', NS, '--groups', w.regionDefault, ...yes], says: () => ['rs/web-abc', 'deployment/NAME'] },
  { name: 'a malformed workload name', exit: 2, args: (w) => ['set', 'workload', 'deploy/Web_1', '-n', NS, '--groups', w.regionDefault, ...yes], says: () => ['"Web_1"'] },
  { name: 'a namespace that does not exist', exit: 2, args: (w) => ['set', 'workload', 'deployment/web', '-n', 'nowhere', '--groups', w.regionDefault, ...yes], says: () => ['namespace "nowhere" not found'] },
  { name: 'a workload that does not exist', exit: 2, args: (w) => ['set', 'workload', 'deployment/ghost', '-n', NS, '--groups', w.regionDefault, ...yes], says: () => [`deployment "ghost" not found in namespace "${NS}"`] },
  { name: 'the right name, the wrong kind', exit: 2, args: (w) => ['set', 'workload', 'sts/web', '-n', NS, '--groups', w.regionDefault, ...yes], says: () => ['statefulset "web" not found'] },
  { name: '--provider tke', beforeAnyRequest: true, exit: 2, args: (w) => web('--groups', w.regionDefault, '--provider', 'tke', ...yes), says: () => ['--provider tke', 'set node'] },
  { name: 'an unknown provider', beforeAnyRequest: true, exit: 2, args: (w) => web('--groups', w.regionDefault, '--provider', 'eks', ...yes), says: () => ['"eks"', 'tke, supernode, eci'] },
  { name: 'no --yes without a terminal', beforeAnyRequest: true, exit: 2, args: (w) => web('--groups', w.regionDefault), says: () => ['--yes'] },
  { name: 'a malformed --timeout', beforeAnyRequest: true, exit: 2, args: (w) => web('--groups', w.regionDefault, '--timeout', 'soon', ...yes), says: () => ['soon'] },
  { name: 'an unknown output format', beforeAnyRequest: true, exit: 2, args: (w) => web('--groups', w.regionDefault, '-o', 'wide', ...yes), says: () => ['"wide"'] },
  { name: 'a malformed --cluster-id', exit: 2, args: (w) => web('--groups', w.regionDefault, '--cluster-id', 'cls-123', ...yes), says: () => ['"cls-123"', 'cls- followed by 8'] },
  { name: 'the wrong region (the groups live elsewhere)', exit: 2, args: (w) => web('--groups', w.regionDefault, '--region', 'ap-shanghai', ...yes), says: (w) => [w.regionDefault, 'ap-shanghai'] },
  { name: '--no-cloud', exit: 2, args: (w) => web('--groups', w.regionDefault, '--no-cloud', ...yes), says: () => ['--no-cloud'] },
  { name: 'no cloud credentials', exit: 1, env: (w) => w.noCredentials, args: (w) => web('--groups', w.regionDefault, ...yes), says: () => ['credentials'] },
  { name: 'an unknown flag', beforeAnyRequest: true, exit: 2, args: (w) => web('--group', w.regionDefault, ...yes), says: () => ['group'] },
  // What super nodes have not, and the read verbs' own bad input.
  // set cluster on super nodes: a pool's default or eks-config's.
  { name: 'set cluster: a pool and eks-config at once', beforeAnyRequest: true, exit: 2, args: (w) => [...snCluster(w.regionDefault), '--pool', 'np-aaaa1111', '--eks-config', ...yes], says: () => ['--pool and --eks-config'] },
  { name: 'set cluster: a pool that does not exist', exit: 2, args: (w) => [...snCluster(w.regionDefault), '--pool', 'np-nothere1', ...yes], says: () => ['--pool np-nothere1', 'no such super node pool'] },
  { name: 'set cluster: VPC-CNI\'s --enable', beforeAnyRequest: true, exit: 2, args: (w) => [...snCluster(w.regionDefault), '--enable', ...yes], says: () => ['--enable is TKE VPC-CNI\'s'] },
  { name: 'set cluster: no --groups', beforeAnyRequest: true, exit: 2, args: () => ['set', 'cluster', '--provider', 'supernode', '--eks-config', ...yes], says: () => ['name the default groups'] },
  { name: 'set cluster: a malformed group', beforeAnyRequest: true, exit: 2, args: () => [...snCluster('sg-BAD'), '--eks-config', ...yes], says: () => ['"sg-BAD"'] },
  { name: 'set cluster: a group that does not exist', exit: 2, args: () => [...snCluster('sg-zzzzzzzz'), ...yes], says: () => ['sg-zzzzzzzz', 'does not exist'] },
  { name: 'set cluster: --pool without saying which provider', exit: 2, args: (w) => ['set', 'cluster', '--groups', w.regionDefault, '--pool', 'np-aaaa1111', ...yes], says: () => ['--provider tke or --provider supernode'] },
  { name: 'set cluster: --pool for VPC-CNI', beforeAnyRequest: true, exit: 2, args: (w) => ['set', 'cluster', '--provider', 'tke', '--enable', '--groups', w.regionDefault, '--pool', 'np-aaaa1111', ...yes], says: () => ['--pool is TKE super nodes\''] },
  { name: 'set cluster: --no-cloud', exit: 2, args: (w) => [...snCluster(w.regionDefault), '--eks-config', '--no-cloud', ...yes], says: () => ['--no-cloud', 'Tencent Cloud'] },
  { name: 'show pod: a pod that does not exist', exit: 2, args: () => ['show', 'pod', 'ghost', '-n', NS], says: () => [`pod "ghost" not found in namespace "${NS}"`] },
  { name: 'show cluster: a malformed --cluster-id', exit: 2, args: () => ['show', 'cluster', '--provider', 'supernode', '--cluster-id', 'cls-XYZ'], says: () => ['"cls-XYZ"'] },
];
