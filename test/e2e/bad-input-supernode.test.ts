// Bad input for TKE super-node pods (set workload, the verbs super nodes have not, the read
// verbs): refused with one line naming the value and what would be right, exit 2 (1 for the
// environment), nothing on stdout, and the sandbox as it was: TKE's state (snapshot.ts), every
// workload and pod of the super nodes' namespace, eks-config, and the emulator's super node pools
// and container instances.
import { badInputSuite, type BadInput, type World } from './bad-input.ts';
import { kubeOf } from './kube-client.ts';
import { snapshot } from './snapshot.ts';
import type { Sandbox } from './sandbox-fixture.ts';
import { SuperNodeControl } from '../sandbox/tencent/supernode-control-client.ts';

interface SuperNodeWorld extends World {
  /** The pool's groups and the region's default group (the emulator's super node state). */
  pool: string[];
  regionDefault: string;
}

interface Obj {
  metadata: { namespace?: string; name: string; uid?: string; generation?: number; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: unknown;
  data?: unknown;
}

const NS = 'serverless';

/** Objects without what their controllers keep current (status, resourceVersion). */
function objects(items: Obj[]): Record<string, unknown> {
  return Object.fromEntries(
    items.map((o) => [`${o.metadata.namespace}/${o.metadata.name}`, { uid: o.metadata.uid, generation: o.metadata.generation, labels: o.metadata.labels, annotations: o.metadata.annotations, spec: o.spec, data: o.data }]),
  );
}

// Read in this process (kube-client.ts), as snapshot.ts reads: three kubectl runs per case were
// about 120 a run of this file.
async function superNodeSnapshot(sb: Sandbox) {
  const kube = kubeOf(sb);
  const [cloud, tke, deployments, statefulSets, pods, eksConfig] = await Promise.all([
    new SuperNodeControl(sb.env.HTTPS_PROXY!).state(),
    snapshot(sb),
    kube.apps.listNamespacedDeployment({ namespace: NS }),
    kube.apps.listNamespacedStatefulSet({ namespace: NS }),
    kube.core.listNamespacedPod({ namespace: NS }),
    kube.core.readNamespacedConfigMap({ name: 'eks-config', namespace: 'kube-system' }),
  ]);
  return {
    tke,
    workloads: objects([...deployments.items, ...statefulSets.items] as Obj[]),
    pods: objects(pods.items as Obj[]),
    eksConfig: objects([eksConfig as Obj]),
    pools: cloud.pools.map((p) => ({ id: p.id, groups: p.securityGroupIds })),
    instances: cloud.instances.map((i) => ({ id: i.id, groups: i.securityGroupIds })),
  };
}

async function superNodeWorld(w: World): Promise<SuperNodeWorld> {
  const cloud = await new SuperNodeControl(w.sb.env.HTTPS_PROXY!).state();
  return { ...w, pool: cloud.pools[0]!.securityGroupIds, regionDefault: cloud.regionDefaultGroupId! };
}

const yes = ['--yes'];
const snCluster = (groups: string) => ['set', 'cluster', '--provider', 'supernode', '--groups', groups];
/** The Deployment whose template names groups (serverless/web). */
const web = (...more: string[]) => ['set', 'workload', 'deployment/web', '-n', NS, ...more];

const cases: BadInput<SuperNodeWorld>[] = [
  { name: 'upper-case group ID', exit: 2, args: () => web('--groups', 'sg-ABCD1234', ...yes), says: () => ['"sg-ABCD1234"', 'lowercase'] },
  { name: 'an Alibaba-shaped ID', exit: 2, args: () => web('--groups', 'sg-bp1dktddjsg5nktv1234', ...yes), says: () => ['"sg-bp1dktddjsg5nktv1234"', 'sg- followed by 8'] },
  { name: 'a group\'s name, not its ID', exit: 2, args: () => web('--groups', 'pods-base', ...yes), says: () => ['"pods-base"', 'sg-'] },
  { name: 'an empty entry in the list', exit: 2, args: (w) => web('--groups', `${w.pool[0]},,${w.regionDefault}`, ...yes), says: () => ['empty entry'] },
  { name: 'the same group twice', exit: 2, args: (w) => web('--groups', `${w.pool[0]},${w.pool[0]}`, ...yes), says: (w) => [w.pool[0]!, 'twice'] },
  { name: 'a group that does not exist', exit: 2, args: (w) => web('--groups', `${w.pool[0]},sg-zzzzzzzz`, ...yes), says: () => ['sg-zzzzzzzz', 'does not exist', 'ap-guangzhou'] },
  { name: 'no --groups', exit: 2, args: () => web(...yes), says: () => ['--groups'] },
  { name: 'an empty --groups', exit: 2, args: () => web('--groups', '', ...yes), says: () => ['--groups is empty'] },
  { name: 'no workload named', exit: 2, args: (w) => ['set', 'workload', '-n', NS, '--groups', w.regionDefault, ...yes], says: () => ['KIND/NAME'] },
  { name: 'a name without its kind', exit: 2, args: (w) => ['set', 'workload', 'web', '-n', NS, '--groups', w.regionDefault, ...yes], says: () => ['"web"', 'deployment/web'] },
  { name: 'a kind that is not a workload', exit: 2, args: (w) => ['set', 'workload', 'service/web', '-n', NS, '--groups', w.regionDefault, ...yes], says: () => ['"service"', 'deployment'] },
  { name: 'the bare pod', exit: 2, args: (w) => ['set', 'workload', 'pod/debug', '-n', NS, '--groups', w.regionDefault, ...yes], says: () => ['pod/debug'] },
  { name: 'a ReplicaSet (its Deployment is the one to set)', exit: 2, args: (w) => ['set', 'workload', 'rs/web-abc', '-n', NS, '--groups', w.regionDefault, ...yes], says: () => ['rs/web-abc', 'deployment/NAME'] },
  { name: 'a malformed workload name', exit: 2, args: (w) => ['set', 'workload', 'deploy/Web_1', '-n', NS, '--groups', w.regionDefault, ...yes], says: () => ['"Web_1"'] },
  { name: 'a namespace that does not exist', exit: 2, args: (w) => ['set', 'workload', 'deployment/web', '-n', 'nowhere', '--groups', w.regionDefault, ...yes], says: () => ['namespace "nowhere" not found'] },
  { name: 'a workload that does not exist', exit: 2, args: (w) => ['set', 'workload', 'deployment/ghost', '-n', NS, '--groups', w.regionDefault, ...yes], says: () => [`deployment "ghost" not found in namespace "${NS}"`] },
  { name: 'the right name, the wrong kind', exit: 2, args: (w) => ['set', 'workload', 'sts/web', '-n', NS, '--groups', w.regionDefault, ...yes], says: () => ['statefulset "web" not found'] },
  { name: '--provider tke', exit: 2, args: (w) => web('--groups', w.regionDefault, '--provider', 'tke', ...yes), says: () => ['--provider tke', 'set node'] },
  { name: 'an unknown provider', exit: 2, args: (w) => web('--groups', w.regionDefault, '--provider', 'eks', ...yes), says: () => ['"eks"', 'tke, supernode, eci'] },
  { name: 'no --yes without a terminal', exit: 2, args: (w) => web('--groups', w.regionDefault), says: () => ['--yes'] },
  { name: 'a malformed --timeout', exit: 2, args: (w) => web('--groups', w.regionDefault, '--timeout', 'soon', ...yes), says: () => ['soon'] },
  { name: 'an unknown output format', exit: 2, args: (w) => web('--groups', w.regionDefault, '-o', 'wide', ...yes), says: () => ['"wide"'] },
  { name: 'a malformed --cluster-id', exit: 2, args: (w) => web('--groups', w.regionDefault, '--cluster-id', 'cls-123', ...yes), says: () => ['"cls-123"', 'cls- followed by 8'] },
  { name: 'the wrong region (the groups live elsewhere)', exit: 2, args: (w) => web('--groups', w.regionDefault, '--region', 'ap-shanghai', ...yes), says: (w) => [w.regionDefault, 'ap-shanghai'] },
  { name: '--no-cloud', exit: 2, args: (w) => web('--groups', w.regionDefault, '--no-cloud', ...yes), says: () => ['--no-cloud'] },
  { name: 'no cloud credentials', exit: 1, env: (w) => w.noCredentials, args: (w) => web('--groups', w.regionDefault, ...yes), says: () => ['credentials'] },
  { name: 'an unknown flag', exit: 2, args: (w) => web('--group', w.regionDefault, ...yes), says: () => ['group'] },
  // What super nodes have not, and the read verbs' own bad input.
  // set cluster on super nodes: a pool's default or eks-config's.
  { name: 'set cluster: a pool and eks-config at once', exit: 2, args: (w) => [...snCluster(w.regionDefault), '--pool', 'np-aaaa1111', '--eks-config', ...yes], says: () => ['--pool and --eks-config'] },
  { name: 'set cluster: a pool that does not exist', exit: 2, args: (w) => [...snCluster(w.regionDefault), '--pool', 'np-nothere1', ...yes], says: () => ['--pool np-nothere1', 'no such super node pool'] },
  { name: 'set cluster: VPC-CNI\'s --enable', exit: 2, args: (w) => [...snCluster(w.regionDefault), '--enable', ...yes], says: () => ['--enable is TKE VPC-CNI\'s'] },
  { name: 'set cluster: no --groups', exit: 2, args: () => ['set', 'cluster', '--provider', 'supernode', '--eks-config', ...yes], says: () => ['name the default groups'] },
  { name: 'set cluster: a malformed group', exit: 2, args: () => [...snCluster('sg-BAD'), '--eks-config', ...yes], says: () => ['"sg-BAD"'] },
  { name: 'set cluster: a group that does not exist', exit: 2, args: () => [...snCluster('sg-zzzzzzzz'), ...yes], says: () => ['sg-zzzzzzzz', 'does not exist'] },
  { name: 'set cluster: --pool without saying which provider', exit: 2, args: (w) => ['set', 'cluster', '--groups', w.regionDefault, '--pool', 'np-aaaa1111', ...yes], says: () => ['--provider tke or --provider supernode'] },
  { name: 'set cluster: --pool for VPC-CNI', exit: 2, args: (w) => ['set', 'cluster', '--provider', 'tke', '--enable', '--groups', w.regionDefault, '--pool', 'np-aaaa1111', ...yes], says: () => ['--pool is TKE super nodes\''] },
  { name: 'set cluster: --no-cloud', exit: 2, args: (w) => [...snCluster(w.regionDefault), '--eks-config', '--no-cloud', ...yes], says: () => ['--no-cloud', 'Tencent Cloud'] },
  { name: 'show pod: a pod that does not exist', exit: 2, args: () => ['show', 'pod', 'ghost', '-n', NS], says: () => [`pod "ghost" not found in namespace "${NS}"`] },
  { name: 'show cluster: a malformed --cluster-id', exit: 2, args: () => ['show', 'cluster', '--provider', 'supernode', '--cluster-id', 'cls-XYZ'], says: () => ['"cls-XYZ"'] },
];

badInputSuite<SuperNodeWorld>('bad input for TKE super-node pods', ['--provider', 'tke,supernode', '--nodes', '2'], cases, { extend: superNodeWorld, snapshot: superNodeSnapshot });
