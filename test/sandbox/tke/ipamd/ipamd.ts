// The ipamd simulator: an independent model of tke-eni-ipamd's documented security-group
// behaviour (domain.md, seeds), running against a real kube-apiserver and the Tencent Cloud
// emulator. It never imports the plugin's code (src/): the plugin is tested against it.
//
// Wiring: watches of its Deployment and ConfigMap (kube-system/tke-eni-ipamd), the Nodes and
// the NodeENIConfigs; a node-sync engine (node-sync.ts) built from the Deployment's image tag
// (version.ts) and the configuration of that version (config.ts). Restarts — a new engine and a
// full node sync — when the Deployment's container (image, args, env) changes, as the real pods
// would be rolled; a ConfigMap change (>= v3.5.0) is taken without restart, and turning the
// feature on syncs every node (NECs that never had groups get the policy's), while a changed
// global list only reaches nodes whose NEC has no groups yet, i.e. new nodes. The TKE control
// plane's addon → ConfigMap rendering runs here too (addon.ts).
import type { KubeConfig } from '@kubernetes/client-node';
import type { Scenario } from '../../scenario.ts';
import { EmulatorControl } from '../../tencent/control-client.ts';
import { kubeClients, kubeErrorText } from '../kube.ts';
import { IPAMD_NAME, KUBE_SYSTEM } from '../names.ts';
import { NETWORK_CONF_KEY } from '../network-conf.ts';
import { markDeploymentCrashing, markDeploymentRolledOut } from '../seed.ts';
import { startAddonRenderer, type AddonRenderer } from './addon.ts';
import { Cloud, type CloudStats } from './cloud.ts';
import { configFromArgs, configFromNetworkConf, FlagError, parseFlags, sameConfig, type IpamdConfig } from './config.ts';
import { NodeEvents } from './events.ts';
import { NodeMemory, NodeSync } from './node-sync.ts';
import { featuresOf, formatVersion, parseVersion, type Features } from './version.ts';
import { necCrdInstalled, watchIpamdConfigMap, watchIpamdDeployment, watchNecs, watchNodes, type Cache, type Obj } from './watches.ts';

export interface IpamdOptions {
  kubeconfig: string | KubeConfig;
  scenario: Scenario;
  /** The emulator's HTTPS proxy (http://127.0.0.1:PORT). */
  proxyUrl: string;
  /** The sandbox CA the emulator's certificates are issued by. */
  caFile: string;
  /** The emulator's control interface (default: proxyUrl, they share the port). */
  controlUrl?: string;
  /** Default scenario.ipamd.reactionDelayMs. */
  reactionDelayMs?: number;
  /** Sync every node this often (default: never, so drift stays visible). */
  resyncPeriodMs?: number;
  /** Nodes synced in parallel (default 256: they mostly wait for batched cloud calls). */
  concurrency?: number;
  /** Backoff of a failed node: first retry (default 1,000 ms) and cap (30,000 ms). */
  retryBaseMs?: number;
  maxRetryMs?: number;
  /** Poll period of the addon (default 500 ms). */
  addonPollMs?: number;
  /** Cloud budget (default 40 calls/s overall, 15/s per write action). */
  callsPerSecond?: number;
  writesPerSecond?: number;
  /** How long a batched cloud call waits for more items when idle (default 10 ms; cloud.ts). */
  batchWindowMs?: number;
  log?: (line: string) => void;
}

export interface IpamdStatus {
  version: string | undefined;
  features: Features | undefined;
  config: IpamdConfig | undefined;
  /** Starts so far, the first included. */
  starts: number;
  /** Go's flag error while the Deployment's args make ipamd exit 2 at start; undefined when it runs. */
  crashed: string | undefined;
  lastSyncMs: number;
  lastSyncNodes: number;
  cloud: CloudStats;
}

export interface Ipamd {
  stop(): Promise<void>;
  /** Resolves when no node is queued or being synced (a failed node waiting for its retry counts as queued). */
  idle(): Promise<void>;
  /** Resolves after pending restarts and config reloads are done. */
  settled(): Promise<void>;
  status(): IpamdStatus;
  /** Polls the addon now instead of waiting for the next period. */
  pollAddon(): Promise<void>;
  /** How many times this node was synced (attempts, failed ones included) since the start. */
  syncCount(node: string): number;
  /** The last sync error of this node, if its last attempt failed. */
  lastError(node: string): unknown;
}

function containerOf(dep: Obj | undefined) {
  return dep?.spec?.template?.spec?.containers?.[0];
}

function deploymentFingerprint(dep: Obj | undefined): string {
  const c = containerOf(dep);
  return JSON.stringify([c?.image ?? null, c?.args ?? [], c?.env ?? []]);
}

export async function startIpamd(o: IpamdOptions): Promise<Ipamd> {
  const log = o.log ?? ((l: string) => console.error(l));
  const kube = kubeClients(o.kubeconfig);
  const control = new EmulatorControl(o.controlUrl ?? o.proxyUrl);
  const cloud = new Cloud({
    proxyUrl: o.proxyUrl,
    caFile: o.caFile,
    region: o.scenario.region,
    credential: o.scenario.credentials.ipamd,
    callsPerSecond: o.callsPerSecond,
    writesPerSecond: o.writesPerSecond,
    batchWindowMs: o.batchWindowMs,
    log,
  });
  const events = new NodeEvents(kube, log);
  // A scenario written before the switch existed: each edit is seen.
  const memory = new NodeMemory(o.scenario.ipamd.toggleSeen ?? 'both-edits');
  const reactionDelayMs = o.reactionDelayMs ?? o.scenario.ipamd.reactionDelayMs;
  const syncs = new Map<string, number>();
  const errors = new Map<string, unknown>();
  const onSynced = (name: string, error: unknown) => {
    syncs.set(name, (syncs.get(name) ?? 0) + 1);
    if (error === undefined) errors.delete(name);
    else errors.set(name, error);
  };

  let engine: NodeSync | undefined;
  let fingerprint = '';
  let necs: Cache | undefined;
  let stopped = false;
  const status: IpamdStatus = { version: undefined, features: undefined, config: undefined, starts: 0, crashed: undefined, lastSyncMs: 0, lastSyncNodes: 0, cloud: cloud.stats };
  // Restarts and config reloads run one after the other.
  let chain: Promise<void> = Promise.resolve();
  const serial = (what: string, fn: () => Promise<void>) => {
    chain = chain.then(fn).catch((e: unknown) => log(`ipamd: ${what} failed: ${e instanceof Error ? e.message : kubeErrorText(e)}`));
    return chain;
  };

  const renderer: AddonRenderer = startAddonRenderer({ kube, control, pollMs: o.addonPollMs ?? 500, shape: o.scenario.ipamd.networkConfShape ?? 'nested', log });

  let deployments: Cache | undefined;
  let configMaps: Cache | undefined;
  const readConfig = (features: Features, dep: Obj | undefined): IpamdConfig => {
    if (features.configFrom === 'args') return configFromArgs(containerOf(dep)?.args ?? []);
    const text = configMaps?.get(IPAMD_NAME, KUBE_SYSTEM)?.data?.[NETWORK_CONF_KEY];
    // A scenario written before the switch existed: the nested shape.
    return configFromNetworkConf(text, o.scenario.ipamd.networkConfShape ?? 'nested');
  };

  const start = async (reason: string) => {
    if (stopped) return;
    if (engine) await engine.stop();
    engine = undefined;
    const dep = deployments?.get(IPAMD_NAME, KUBE_SYSTEM);
    fingerprint = deploymentFingerprint(dep);
    if (!dep) {
      log(`ipamd: Deployment ${KUBE_SYSTEM}/${IPAMD_NAME} not found; waiting for it`);
      return;
    }
    // Go's flag.Parse runs first whatever the version: a flag it refuses ends the process (exit 2).
    try {
      parseFlags(containerOf(dep)?.args ?? []);
      status.crashed = undefined;
    } catch (e) {
      if (!(e instanceof FlagError)) throw e;
      status.crashed = e.message;
      log(`ipamd: ${e.message} (exit status 2): the pods crash until the args are fixed`);
      await markDeploymentCrashing(kube, `tke-eni-ipamd exited with status 2: ${e.message}`).catch((err: unknown) => log(`ipamd: cannot write the Deployment status: ${kubeErrorText(err)}`));
      return;
    }
    // The binary knows its own version whatever the image is called (latest, digest only): the
    // tag when it names one, else the version the scenario runs.
    const image = containerOf(dep)?.image ?? '';
    const version = parseVersion(image) ?? parseVersion(o.scenario.ipamd.version);
    const features = featuresOf(version);
    let config: IpamdConfig;
    try {
      config = readConfig(features, dep);
    } catch (e) {
      log(`ipamd: cannot read ${NETWORK_CONF_KEY} (${e instanceof Error ? e.message : String(e)}); security groups stay off`);
      config = { enabled: false, globalList: [], source: 'configmap', unknownFlags: [] };
    }
    if (!parseVersion(image)) log(`ipamd: image "${image}" names no version; running as ${version ? formatVersion(version) : 'an unknown version, without the security-group feature'}`);
    if (config.unknownFlags.length > 0) log(`ipamd: unknown flags ignored: ${config.unknownFlags.map((f) => `--${f}`).join(' ')}`);

    const hasCrd = await necCrdInstalled(kube);
    if (hasCrd && !necs) {
      necs = await watchNecs(
        kube,
        {
          add: (n) => engine?.onNec(n),
          update: (n) => engine?.onNec(n),
          delete: (n) => engine?.onNecDeleted(n.metadata.name),
        },
        log,
      );
    } else if (!hasCrd && necs) {
      await necs.stop();
      necs = undefined;
    }

    const e = new NodeSync({
      kube,
      cloud,
      control,
      events,
      bindEvent: o.scenario.ipamd.bindEvent,
      // A scenario written before the switch existed read the documents the older way.
      emptyList: o.scenario.ipamd.emptyList ?? 'inherit-primary',
      foreignEnis: new Set(o.scenario.instances.flatMap((i) => (i.otherEnis ?? []).map((e) => e.id))),
      nodes,
      necs,
      memory,
      features,
      config,
      reactionDelayMs,
      concurrency: o.concurrency ?? 256,
      retryBaseMs: o.retryBaseMs ?? 1_000,
      maxRetryMs: o.maxRetryMs ?? 30_000,
      log,
      onSynced,
    });
    engine = e;
    status.version = version ? formatVersion(version) : undefined;
    status.features = features;
    status.config = config;
    status.starts++;
    const t0 = Date.now();
    await e.initialSync();
    status.lastSyncMs = Date.now() - t0;
    status.lastSyncNodes = nodes.list().length;
    log(
      `ipamd ${status.version ?? '?'} (${reason}): security groups ${features.securityGroups ? (config.enabled ? 'on' : 'off') : 'not supported'}` +
        `${config.enabled && features.securityGroups ? `, global list [${config.globalList.join(',')}] from ${config.source}` : ''}` +
        `${hasCrd ? '' : ', no NodeENIConfig CRD'}; synced ${status.lastSyncNodes} nodes in ${(status.lastSyncMs / 1000).toFixed(1)} s`,
    );
    if (reason !== 'start') {
      try {
        await markDeploymentRolledOut(kube);
      } catch (err) {
        log(`ipamd: cannot write the Deployment status: ${kubeErrorText(err)}`);
      }
    }
  };

  let initialised = false;
  const onDeployment = (dep: Obj) => {
    if (initialised && deploymentFingerprint(dep) !== fingerprint) void serial('restart', () => start('restarted after a Deployment change'));
  };
  const onConfigMap = () =>
    void serial('config reload', async () => {
      if (!engine || engine.features.configFrom !== 'configmap') return;
      let next: IpamdConfig;
      try {
        next = readConfig(engine.features, undefined);
      } catch (e) {
        log(`ipamd: ${NETWORK_CONF_KEY} is malformed (${e instanceof Error ? e.message : String(e)}); keeping the previous configuration`);
        return;
      }
      const prev = engine.config;
      if (sameConfig(prev, next)) return;
      engine.config = next;
      status.config = next;
      log(`ipamd: configuration reloaded: security groups ${next.enabled ? 'on' : 'off'}, global list [${next.globalList.join(',')}]`);
      // Turned on: NECs without groups get the policy's, ENIs are bound. A changed list alone
      // does not touch existing nodes (their NEC keeps its value).
      if (!prev.enabled && next.enabled) engine.enqueueAll();
    });

  const nodes = await watchNodes(
    kube,
    {
      add: (n) => {
        if (memory.observe(n)) engine?.enqueue(n.metadata.name);
      },
      update: (n) => {
        if (memory.observe(n)) engine?.enqueue(n.metadata.name);
      },
      delete: (n) => {
        memory.forget(n.metadata.name);
        engine?.forget(n.metadata.name);
      },
    },
    log,
  );
  deployments = await watchIpamdDeployment(kube, { add: onDeployment, update: onDeployment, delete: () => void (initialised && serial('stop', () => start('Deployment deleted'))) }, log);
  configMaps = await watchIpamdConfigMap(kube, { add: onConfigMap, update: onConfigMap, delete: onConfigMap }, log);
  initialised = true;
  await serial('start', () => start('start'));

  let resync: NodeJS.Timeout | undefined;
  if (o.resyncPeriodMs) resync = setInterval(() => engine?.enqueueAll(0), o.resyncPeriodMs);

  return {
    idle: async () => {
      await chain;
      await engine?.idle();
    },
    settled: () => chain,
    status: () => ({ ...status }),
    pollAddon: () => renderer.poll(),
    syncCount: (node) => syncs.get(node) ?? 0,
    lastError: (node) => errors.get(node),
    stop: async () => {
      stopped = true;
      if (resync) clearInterval(resync);
      await renderer.stop();
      await engine?.stop();
      cloud.stop();
      await Promise.all([nodes.stop(), necs?.stop(), deployments?.stop(), configMaps?.stop()]);
    },
  };
}
