// `npm run sandbox -- up|down|status|env`: a whole TKE and/or ECI world on this machine — a real
// kube-apiserver + etcd, the Tencent Cloud emulator and the ipamd simulator, the Alibaba Cloud
// emulator and the virtual-kubelet simulator — running in the background until `down`. State (pids, kubeconfigs, logs) lives in one directory outside the
// repo so that `down` from any shell finds and stops everything.
import { parseArgs } from 'node:util';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import type { Provider, SandboxState } from './up.ts';
import { BIND_EVENT_WORDINGS, CALLER_POLICIES, EMPTY_LIST_READINGS, type BindEventWording, type CallerPolicy, type EmptyListReading } from './scenario.ts';
import { EMPTY_SELECTOR_READINGS, SECURITY_GROUP_ID_FORMATS, type EmptySelectorMatches, type SecurityGroupIdFormat } from './eci/scenario.ts';
import { ENI_MARKINGS, type EniMarking } from './scenario.ts';
import { GROUP_SET_ORDERS, NETWORK_CONF_SHAPES, TOGGLE_SEEN_READINGS, type GroupSetOrder, type NetworkConfShape, type ToggleSeen } from './scenario.ts';
import { isRunning, stopPids } from './processes.ts';
import { releaseKube } from './kube/pool.ts';

const USAGE = `usage: npm run sandbox -- <command> [flags]

commands:
  up       start a sandbox in the background and print how to use it
  down     stop it and remove its state
  status   print what is running
  env      print the shell lines that point kubectl and kubectl-sg at it (eval "$(npm run -s sandbox -- env)")

flags of up:
  --provider tke|eci|tke,eci  which world(s) to start (default tke)
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

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    provider: { type: 'string' },
    'virtual-nodes': { type: 'string' },
    'vk-version': { type: 'string' },
    'sg-id-format': { type: 'string' },
    'empty-selector': { type: 'string' },
    nodes: { type: 'string' },
    'ipamd-version': { type: 'string' },
    feature: { type: 'string' },
    'global-groups': { type: 'string' },
    'empty-list': { type: 'string' },
    'group-set-order': { type: 'string' },
    'toggle-seen': { type: 'string' },
    'network-conf-shape': { type: 'string' },
    'typo-flag': { type: 'boolean' },
    'no-cam-policy': { type: 'boolean' },
    'caller-policy': { type: 'string' },
    'pods-per-node': { type: 'string' },
    'reaction-delay': { type: 'string' },
    'bind-event-reason': { type: 'string' },
    'bind-event-wording': { type: 'string' },
    'other-enis': { type: 'boolean' },
    'eni-marking': { type: 'string' },
    dir: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

const dir = resolve(values.dir ?? process.env.KUBECTL_SG_SANDBOX ?? join(tmpdir(), 'kubectl-sg-sandbox'));
const stateFile = join(dir, 'state.json');
const readState = (): SandboxState | undefined =>
  existsSync(stateFile) ? (JSON.parse(readFileSync(stateFile, 'utf8')) as SandboxState) : undefined;

function int(name: string, raw: string | undefined, fallback: number | undefined): number | undefined {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`sandbox: --${name} must be a whole number >= 0, got "${raw}"`);
    process.exit(2);
  }
  return n;
}

/** What runs, per provider (a state from before ECI has no `providers`: it was TKE). */
function describe(state: SandboxState): string {
  const providers = state.providers ?? ['tke'];
  return [
    ...(providers.includes('tke') ? [`TKE: ${state.nodes} nodes, ipamd ${state.ipamdVersion}`] : []),
    ...(providers.includes('eci') ? [`ECI: Alibaba Cloud emulator ${state.alibabaControlUrl}`] : []),
  ].join('; ');
}

async function up(): Promise<void> {
  if (readState()) {
    console.error(`sandbox: already up in ${dir}; run \`npm run sandbox -- down\` first (or pass another --dir)`);
    process.exit(1);
  }
  const version = values['ipamd-version'] ?? 'v3.5.8';
  if (!/^v\d+\.\d+\.\d+$/.test(version)) {
    console.error(`sandbox: --ipamd-version must look like v3.5.8, got "${version}"`);
    process.exit(2);
  }
  if (values.feature && !['on', 'off'].includes(values.feature)) {
    console.error(`sandbox: --feature must be on or off, got "${values.feature}"`);
    process.exit(2);
  }
  const callerPolicy = values['caller-policy'];
  if (callerPolicy !== undefined && !CALLER_POLICIES.includes(callerPolicy as CallerPolicy)) {
    console.error(`sandbox: --caller-policy must be ${CALLER_POLICIES.join(', ')}, got "${callerPolicy}"`);
    process.exit(2);
  }
  const wording = values['bind-event-wording'];
  if (wording !== undefined && !BIND_EVENT_WORDINGS.includes(wording as BindEventWording)) {
    console.error(`sandbox: --bind-event-wording must be ${BIND_EVENT_WORDINGS.join(' or ')}, got "${wording}"`);
    process.exit(2);
  }
  const emptyList = values['empty-list'];
  if (emptyList !== undefined && !EMPTY_LIST_READINGS.includes(emptyList as EmptyListReading)) {
    console.error(`sandbox: --empty-list must be ${EMPTY_LIST_READINGS.join(' or ')}, got "${emptyList}"`);
    process.exit(2);
  }
  const eniMarking = values['eni-marking'];
  if (eniMarking !== undefined && !ENI_MARKINGS.includes(eniMarking as EniMarking)) {
    console.error(`sandbox: --eni-marking must be ${ENI_MARKINGS.join(' or ')}, got "${eniMarking}"`);
    process.exit(2);
  }
  const groupSetOrder = values['group-set-order'];
  if (groupSetOrder !== undefined && !GROUP_SET_ORDERS.includes(groupSetOrder as GroupSetOrder)) {
    console.error(`sandbox: --group-set-order must be ${GROUP_SET_ORDERS.join(' or ')}, got "${groupSetOrder}"`);
    process.exit(2);
  }
  const toggleSeen = values['toggle-seen'];
  if (toggleSeen !== undefined && !TOGGLE_SEEN_READINGS.includes(toggleSeen as ToggleSeen)) {
    console.error(`sandbox: --toggle-seen must be ${TOGGLE_SEEN_READINGS.join(' or ')}, got "${toggleSeen}"`);
    process.exit(2);
  }
  const shape = values['network-conf-shape'];
  if (shape !== undefined && !NETWORK_CONF_SHAPES.includes(shape as NetworkConfShape)) {
    console.error(`sandbox: --network-conf-shape must be ${NETWORK_CONF_SHAPES.join(' or ')}, got "${shape}"`);
    process.exit(2);
  }
  // An Event's reason is a CamelCase word (the API server refuses an empty one).
  const reason = values['bind-event-reason'];
  if (reason !== undefined && !/^[A-Za-z][A-Za-z0-9]*$/.test(reason)) {
    console.error(`sandbox: --bind-event-reason must be one word of letters and digits, got "${reason}"`);
    process.exit(2);
  }
  const providers = [...new Set((values.provider ?? 'tke').split(',').map((p) => p.trim()))];
  if (providers.length === 0 || providers.some((p) => p !== 'tke' && p !== 'eci')) {
    console.error(`sandbox: --provider must be tke, eci or tke,eci, got "${values.provider}"`);
    process.exit(2);
  }
  const virtualNodes = int('virtual-nodes', values['virtual-nodes'], 1)!;
  if (virtualNodes < 1 || virtualNodes > 2) {
    console.error(`sandbox: --virtual-nodes must be 1 or 2, got "${values['virtual-nodes']}"`);
    process.exit(2);
  }
  const vkVersion = values['vk-version'];
  if (vkVersion !== undefined && !/^v\d+\.\d+\.\d+(\.\d+)?(-[0-9A-Za-z.-]+)?$/.test(vkVersion)) {
    console.error(`sandbox: --vk-version must look like v2.0.0.90-15deb126e-aliyun, got "${vkVersion}"`);
    process.exit(2);
  }
  const sgIdFormat = values['sg-id-format'];
  if (sgIdFormat !== undefined && !SECURITY_GROUP_ID_FORMATS.includes(sgIdFormat as SecurityGroupIdFormat)) {
    console.error(`sandbox: --sg-id-format must be ${SECURITY_GROUP_ID_FORMATS.join(' or ')}, got "${sgIdFormat}"`);
    process.exit(2);
  }
  const emptySelector = values['empty-selector'];
  if (emptySelector !== undefined && !EMPTY_SELECTOR_READINGS.includes(emptySelector as EmptySelectorMatches)) {
    console.error(`sandbox: --empty-selector must be ${EMPTY_SELECTOR_READINGS.join(' or ')}, got "${emptySelector}"`);
    process.exit(2);
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const started = Date.now();
  // Loaded here only: it pulls in the Kubernetes client, which status/down/env do not need.
  const { upSandbox } = await import('./up.ts');
  const state = await upSandbox(dir, {
    providers: providers as Provider[],
    eci: {
      virtualNodes,
      virtualKubeletVersion: vkVersion,
      securityGroupIdFormat: sgIdFormat as SecurityGroupIdFormat | undefined,
      emptySelectorMatches: emptySelector as EmptySelectorMatches | undefined,
    },
    nodes: int('nodes', values.nodes, 3),
    ipamdVersion: version,
    enableSecurityGroups: values.feature !== 'off',
    globalGroups: int('global-groups', values['global-groups'], 2),
    emptyList: emptyList as EmptyListReading | undefined,
    groupSetOrder: groupSetOrder as GroupSetOrder | undefined,
    toggleSeen: toggleSeen as ToggleSeen | undefined,
    networkConfShape: shape as NetworkConfShape | undefined,
    typoFlag: values['typo-flag'] ?? false,
    ipamdRoleHasPolicy: !values['no-cam-policy'],
    callerPolicy: callerPolicy as CallerPolicy | undefined,
    podsPerNode: int('pods-per-node', values['pods-per-node'], undefined),
    reactionDelayMs: int('reaction-delay', values['reaction-delay'], 200),
    bindEventReason: reason,
    bindEventWording: wording as BindEventWording | undefined,
    otherEnis: values['other-enis'] ?? false,
    eniMarking: eniMarking as EniMarking | undefined,
  }, (line) => console.error(line));
  console.error(`sandbox: up in ${((Date.now() - started) / 1000).toFixed(1)} s (${describe(state)})`);
  console.log(`# point kubectl and kubectl-sg at the sandbox:\nsource ${state.envFile}\n# stop it: npm run sandbox -- down${values.dir ? ` --dir ${values.dir}` : ''}`);
}

async function down(): Promise<void> {
  const state = readState();
  if (!state) {
    console.error(`sandbox: nothing is up in ${dir}`);
    return;
  }
  await stopPids(state.pids);
  // A pooled cluster goes back only once nothing of this sandbox writes to it any more.
  if (state.kubeLease) releaseKube(state.kubeLease);
  rmSync(dir, { recursive: true, force: true });
  console.error(`sandbox: down (stopped ${state.pids.length} processes${state.kubeLease ? ', gave the cluster back to the pool' : ''}, removed ${dir})`);
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
