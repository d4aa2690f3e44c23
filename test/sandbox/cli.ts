// `npm run sandbox -- up|down|status|env`: a whole TKE and/or ECI world on this machine — a real
// kube-apiserver + etcd, the Tencent Cloud emulator and the ipamd simulator, the Alibaba Cloud
// emulator and the virtual-kubelet simulator — running in the background until `down`. State (pids, kubeconfigs, logs) lives in one directory outside the
// repo so that `down` from any shell finds and stops everything.
import { parseArgs } from 'node:util';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import type { SandboxState, UpOptions } from './up.ts';
import { UP_FLAGS, UpFlagError, upOptionsFrom } from './up-flags.ts';
import { downSandbox, readSandboxState } from './down.ts';
import { isRunning } from './processes.ts';

const USAGE = `usage: npm run sandbox -- <command> [flags]

commands:
  up       start a sandbox in the background and print how to use it
  down     stop it and remove its state
  status   print what is running
  env      print the shell lines that point kubectl and kubectl-sg at it (eval "$(npm run -s sandbox -- env)")

flags of up:
  --provider P[,P...]        which world(s) to start: tke, eci, supernode (TKE super nodes), e.g.
                             tke,supernode or tke,supernode,eci (default tke)
  --super-nodes N            TKE super nodes in the one super node pool (1 to 3, default 1)
  --supernode-default R      what a super-node pod with no group annotation and no eks-config default
                             gets: pool (the pool's groups, newer pages, default) or region-default (the
                             region's "default" group, older pages); the real one is unknown
  --supernode-instances R    whether DescribeEKSContainerInstances lists a standard cluster's super-node
                             pods: listed (default) or unlisted; the real one is unknown
  --supernode-max-groups N   how many groups one super-node pod may have (default 5, as a CVM instance;
                             the real limit is not published)
  --sgp-precedence P         a SecurityGroupPolicy selecting a super-node pod beats its annotation and
                             eks-config (policy, default) or comes after them (annotation); unknown
  --supernode-type-label     super nodes also carry type=virtual-kubelet, as ACK's virtual nodes do (not
                             shown on any TKE page; unknown)
  --virtual-nodes N          ECI virtual nodes, one per zone (1 or 2, default 1)
  --vk-version V             ECI virtual kubelet image tag (default v2.0.0.122-bdb884460-aliyun); before
                             v2.0.0.90-15deb126e-aliyun it reads eci-profile only when restarted
  --sg-id-format F           how ECI reports an instance's several groups in SecurityGroupId: joined
                             ("sg-a,sg-b", default) or first (only the first ID); the real one is unknown
  --empty-selector M         what an eci-profile selector with no namespaceSelector/objectSelector matches:
                             all (default) or none; the real one is unknown
  --nodes N                  Node objects and cloud instances (default 3, 5000 is fine)
  --ipamd-version vX.Y.Z     ipamd image tag to model (default v3.5.8)
  --feature on|off           --enable-security-groups / enableSecurityGroups (default on)
  --global-groups N          how many groups make up the global list, 0 = none (default 2)
  --empty-list R             feature on with no global list, ipamd >= v3.5.0: inherit-primary (the node takes its
                             primary ENI's groups, older documents) or no-extra-groups (ENIs get none, the 2026
                             runbook); default inherit-primary; the real one is unknown
  --group-set-order O        how DescribeNetworkInterfaces lists an ENI's groups: priority (as bound, default) or
                             sorted (by ID, so priority cannot be read back); the real one is unknown
  --audit-resource-match M  which calls CloudAudit LookUpEvents finds by ResourceName when a call named several
                             ENIs: any (every call naming the ENI, default) or exact (only calls on that ENI
                             alone); the real one is unknown
  --toggle-seen R            a disable "yes" → "no" toggle that lands before ipamd reacts: both-edits (ipamd
                             re-derives the node's groups, default) or final-state (it only sees "no": nothing
                             happens); the real one is unknown
  --network-conf-shape S     how ConfigMap tke-eni-ipamd's tke-network-conf.yaml spells the addon values (ipamd >=
                             v3.5.0): nested (securityGroups: {enableSecurityGroups, ...}, default) or dotted
                             (securityGroups.enableSecurityGroups: true); the real one is unknown
  --typo-flag                write --enable-security-group (no s), the known typo (ipamd < v3.5.0)
  --no-cam-policy            the role IPAMDofTKE_QCSRole lacks the security-group policy
  --caller-policy P          what the operator's own key may do: full, read-only (no writes) or unreadable (works, may not read its own CAM policies); default full
  --pods-per-node N          pods with IPs on each node (default 2 up to 20 nodes, else 0)
  --reaction-delay MS        how long ipamd waits before reacting (default 200)
  --bind-event-reason R      reason of the Warning Event ipamd writes when a bind fails (default FailedBindSecurityGroups; the real one is unknown)
  --bind-event-wording W     its message: explained (names the groups and the CAM actions) or sdk-error (only the cloud error), default explained
  --other-enis               ENIs ipamd leaves alone on the first two nodes: a direct ENI, a trunk ENI and a sub-ENI, one attached by hand
  --eni-marking M            what ENI names say: names (ipamd writes tke-route-eni, tke-direct-eni, ...) or none (nothing tells whose an ENI is; the real naming is unknown), default names
flags of all:
  --dir DIR                  state directory (default $KUBECTL_SG_SANDBOX or ${'${TMPDIR:-/tmp}'}/kubectl-sg-sandbox)`;

const { values, positionals } = (() => {
  try {
    return parseArgs({ allowPositionals: true, options: { ...UP_FLAGS, dir: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (e) {
    // An unknown flag, or a value missing: one line and the usage, not a stack trace.
    console.error(`sandbox: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}\n\n${USAGE}`);
    process.exit(2);
  }
})();

const dir = resolve(values.dir ?? process.env.KUBECTL_SG_SANDBOX ?? join(tmpdir(), 'kubectl-sg-sandbox'));
const readState = (): SandboxState | undefined => readSandboxState(dir);

/** What runs, per provider (a state from before ECI has no `providers`: it was TKE). */
function describe(state: SandboxState): string {
  const providers = state.providers ?? ['tke'];
  return [
    ...(providers.includes('tke') ? [`TKE: ${state.nodes} nodes, ipamd ${state.ipamdVersion}`] : []),
    ...(providers.includes('eci') ? [`ECI: Alibaba Cloud emulator ${state.alibabaControlUrl}`] : []),
    ...(providers.includes('supernode') ? [`super nodes: ${(state.superNodes ?? []).join(', ')} (log ${state.dir}/supernode.log)`] : []),
  ].join('; ');
}

async function up(): Promise<void> {
  if (readState()) {
    console.error(`sandbox: already up in ${dir}; run \`npm run sandbox -- down\` first (or pass another --dir)`);
    process.exit(1);
  }
  let options: UpOptions;
  try {
    options = upOptionsFrom(values);
  } catch (e) {
    if (!(e instanceof UpFlagError)) throw e;
    console.error(`sandbox: ${e.message}`);
    process.exit(2);
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const started = Date.now();
  // Loaded here only: it pulls in the Kubernetes client, which status/down/env do not need.
  const { upSandbox } = await import('./up.ts');
  const state = await upSandbox(dir, options, (line) => console.error(line));
  console.error(`sandbox: up in ${((Date.now() - started) / 1000).toFixed(1)} s (${describe(state)})`);
  console.log(`# point kubectl and kubectl-sg at the sandbox:\nsource ${state.envFile}\n# stop it: npm run sandbox -- down${values.dir ? ` --dir ${values.dir}` : ''}`);
}

async function down(): Promise<void> {
  const done = await downSandbox(dir);
  console.error(done ? `sandbox: ${done}` : `sandbox: nothing is up in ${dir}`);
}

function status(): void {
  const state = readState();
  if (!state) {
    console.log(`no sandbox in ${dir}`);
    process.exitCode = 1;
    return;
  }
  const alive = state.pids.filter(isRunning);
  console.log(`sandbox in ${dir}: ${describe(state)}, apiserver ${state.server}, cloud proxy ${state.proxyUrl}, ${alive.length}/${state.pids.length} processes running`);
  if (alive.length !== state.pids.length) process.exitCode = 1;
}

const command = positionals[0];
if (values.help || !command) {
  console.log(USAGE);
} else if (command === 'up') {
  try {
    await up();
  } catch (err) {
    console.error(`sandbox: up failed: ${err instanceof Error ? err.message : String(err)}\n(logs are in ${dir})`);
    process.exitCode = 1;
  }
} else if (command === 'down') {
  await down();
} else if (command === 'status') {
  status();
} else if (command === 'env') {
  const state = readState();
  if (!state) {
    console.error(`sandbox: nothing is up in ${dir}`);
    process.exit(1);
  }
  process.stdout.write(readFileSync(state.envFile, 'utf8'));
} else {
  console.error(`sandbox: unknown command "${command}"\n\n${USAGE}`);
  process.exit(2);
}
