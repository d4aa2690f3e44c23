// `npm run demo`: a sandbox, a few commands an operator would type, and the sandbox gone
// again. Each command is printed before it runs, as in a terminal session.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmulatorControl } from './sandbox/tencent/control-client.ts';
import type { EciScenario } from './sandbox/eci/scenario.ts';
import { sourced } from './e2e/sandbox-fixture.ts';

const dir = join(mkdtempSync(join(tmpdir(), 'kubectl-sg-demo-')), 'sandbox');
const sandbox = (...args: string[]) =>
  spawnSync(process.execPath, ['test/sandbox/cli.ts', ...args, '--dir', dir], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });

const bold = (s: string) => (process.stdout.isTTY && !process.env.NO_COLOR ? `\x1b[1m${s}\x1b[0m` : s);

function show(env: NodeJS.ProcessEnv, line: string, why: string): void {
  console.log(`\n# ${why}\n${bold('$ ' + line)}`);
  const r = spawnSync('sh', ['-c', line], { env, stdio: 'inherit' });
  if (r.status !== 0) console.log(`(exit ${r.status})`);
}

console.log('Starting a sandbox: kube-apiserver + etcd, the Tencent Cloud emulator, the ipamd simulator (v3.5.8, 3 nodes),');
console.log('and beside them an Alibaba ECI virtual node: the Alibaba Cloud emulator and a virtual-kubelet simulator.');
console.log('The first run builds Kubernetes from the Go module proxy (about 7 minutes); later runs take seconds.\n');
const up = sandbox('up', '--provider', 'tke,eci', '--nodes', '3', '--ipamd-version', 'v3.5.8');
if (up.status !== 0) process.exit(up.status ?? 1);
try {
  // Resync journals go with the sandbox, not into the user's ~/.local/state.
  const env = { ...process.env, ...sourced(join(dir, 'env.sh')), KUBECTL_SG_STATE_DIR: join(dir, '..', 'state') };
  const node = 'kubectl get nodes -o jsonpath="{.items[0].metadata.name}"';
  show(env, 'kubectl sg version', 'the plugin, found by kubectl on PATH');
  show(env, 'kubectl plugin list 2>/dev/null | grep kubectl-sg', 'kubectl discovers it');
  show(env, 'kubectl get nodes -L cloud.tencent.com/node-instance-id,topology.kubernetes.io/region', 'TKE-looking nodes (no kubelet: status is written through the API)');
  show(env, 'kubectl get nec', 'one NodeENIConfig per node: spec.securityGroups is the node\'s ordered list');
  show(env, 'kubectl -n kube-system get deploy tke-eni-ipamd -o jsonpath="{.spec.template.spec.containers[0].image}{\\"\\n\\"}"', 'the ipamd version is its image tag');
  show(env, `kubectl annotate node "$(${node})" tke.cloud.tencent.com/need-sync-security-groups=true && sleep 2 && (kubectl get node "$(${node})" -o yaml | grep need-sync || echo "annotation gone: ipamd has synced the node")`, 'today\'s runbook step: ask ipamd (>= v3.5.8) to resync a node; it removes the annotation when done');
  show(env, 'kubectl sg show node', 'the same, through the plugin: desired groups, where they came from, and whether the ENIs carry them');
  show(env, 'kubectl sg show node -o wide', 'wide: the instance, its primary ENI groups, its ENIs');

  // Someone edits one ENI in the console: the plugin must notice, kubectl alone cannot.
  const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as { controlUrl: string };
  const control = new EmulatorControl(state.controlUrl);
  const cloud = await control.state();
  const eni = cloud.enis.find((e) => !e.Primary)!;
  await control.setEniGroups(eni.NetworkInterfaceId!, [...(eni.GroupSet ?? [])].reverse());
  console.log(`\n# meanwhile someone reorders the groups of ${eni.NetworkInterfaceId} in the console (order is priority)`);
  show(env, 'kubectl sg show node --drifted', 'only the nodes whose ENIs differ from their NEC');
  show(env, 'kubectl sg show node --check >/dev/null; echo "exit code $?"', 'for runbooks and CI: exit 3 when a node is drifted or disabled');
  show(env, 'kubectl sg show node -o json | head -24', 'JSON for scripts (documented in docs/commands.md)');
  show(env, 'kubectl sg resync --drifted --dry-run', 'the fix, planned: groups now and after, the method this ipamd has, and what it would replace');
  show(env, 'kubectl sg resync --drifted', 'a script must say --yes: without a terminal to confirm on, nothing is changed');
  show(env, 'kubectl sg resync --drifted --yes', 'need-sync, then every ENI verified against the cloud');
  show(env, 'kubectl sg show node', 'in sync again');
  const groups = cloud.securityGroups.map((g) => g.id);
  show(env, `kubectl sg set node "$(${node})" --add ${groups[3]} --first --dry-run`, 'one node\'s list (its NEC): the plan, checked against the cloud, nothing written');
  show(env, `kubectl sg set node "$(${node})" --add sg-zzzzzzzz --yes; echo "exit code $?"`, 'bad input: one line naming it, exit 2, nothing changed');

  // The second provider: pods on an Alibaba ECI virtual node take their groups from eci-profile,
  // a selector or their own annotation, once, when they are created.
  const eci = JSON.parse(readFileSync(join(dir, 'eci-scenario.json'), 'utf8')) as EciScenario;
  const sgNamed = (name: string) => eci.securityGroups.find((g) => g.name === name)!.id;
  console.log('\n# ---- Alibaba ECI: the same verbs, the second provider ----');
  show(env, 'kubectl -n kube-system get configmap eci-profile -o jsonpath="{.data}{\\"\\n\\"}"', 'today: the default group and selectors live in the eci-profile ConfigMap');
  show(env, 'kubectl sg show cluster --provider eci', 'what each new ECI pod gets: its annotation, else the first matching selector, else the default');
  show(env, `kubectl sg show node ${eci.virtualNodes[0]}`, 'a virtual node: each pod, the groups it asked for, and the groups its ECI instance has');
  show(env, 'kubectl sg show pod "$(kubectl -n pay get pods -l app=payments -o jsonpath="{.items[0].metadata.name}")" -n pay', 'one pod: its instance, asked for vs has, its owner, its groups\' rules');
  show(env, `kubectl sg show group ${sgNamed('legacy-wide-open')}`, 'an Alibaba group: rules and lint (0.0.0.0/0, 1/80 where 80/80 was meant, ALL)');
  show(env, `kubectl sg set workload deployment/cart -n shop --groups ${sgNamed('eci-payments')} --dry-run`, 'a workload\'s pods: the template annotation diff and the rollout that follows, nothing written');
  show(env, `kubectl sg set cluster --provider eci --groups ${sgNamed('eci-payments')} --dry-run`, 'the default of new pods: one key of eci-profile, and the workloads whose running pods keep the old one');
  show(env, `kubectl sg set cluster --provider eci --groups ${sgNamed('other-vpc-default')} --yes; echo "exit code $?"`, 'bad input: a group from another VPC, named, exit 2, nothing changed');
  show(env, 'kubectl sg --help', 'everything the plugin offers');
} finally {
  sandbox('down');
  rmSync(join(dir, '..'), { recursive: true, force: true });
}
