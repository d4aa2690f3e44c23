// Test harness for the ipamd simulator: one real kube-apiserver per test file, and per test a
// "world" — a fresh scenario, an in-process cloud emulator, the cluster wiped and re-seeded,
// and the simulator started in-process. State is read the way an operator sees it: the cloud
// through the REAL tencentcloud-sdk-nodejs (admin credential, through the emulator's proxy),
// Kubernetes through kubectl and client-node.
// IPAMD_LOG=1 prints the simulator's log (timestamped) and each world's set-up times.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, vi } from 'vitest';
import { sdk } from '../contract/helpers.ts';
import { ensureKubeBinaries } from '../sandbox/kube/build.ts';
import { startKube } from '../sandbox/kube/cluster.ts';
import { KUBE_POOL_ENV, leaseKube, releaseKube } from '../sandbox/kube/pool.ts';
import { makeScenario, type InstanceSpec, type Scenario, type ScenarioOptions } from '../sandbox/scenario.ts';
import { startEmulator, type Emulator } from '../sandbox/tencent/emulator.ts';
import { startIpamd, type Ipamd, type IpamdOptions } from '../sandbox/tke/ipamd/ipamd.ts';
import { kubeClients, MERGE_PATCH, type Kube } from '../sandbox/tke/kube.ts';
import { NEC_PLURAL, NET_GROUP, NET_VERSION } from '../sandbox/tke/names.ts';
import { createNode, seedCluster } from '../sandbox/tke/seed.ts';
import { featuresOf, parseVersion } from '../sandbox/tke/ipamd/version.ts';

export interface Cluster {
  kubeconfig: string;
  kubectlPath: string;
  clients: Kube;
  dir: string;
  stop(): Promise<void>;
}

/**
 * The real kubectl against the cluster, asynchronously (simulators running in the test's process
 * must keep running meanwhile), with its own discovery cache: CRDs come and go between worlds.
 */
export function kubectlFor(c: Cluster): (...args: string[]) => Promise<string> {
  return (...args) =>
    new Promise<string>((resolve, reject) => {
      execFile(
        c.kubectlPath,
        args,
        { encoding: 'utf8', timeout: 60_000, env: { ...process.env, KUBECONFIG: c.kubeconfig, KUBECACHEDIR: join(c.dir, 'kubectl-cache') } },
        (err, stdout, stderr) => (err ? reject(new Error(`kubectl ${args.join(' ')}: ${stderr || err.message}`)) : resolve(stdout)),
      );
    });
}

/** A cluster of its own, or inside a test run one leased from the run's pool (sandbox/kube/pool.ts). */
export async function startCluster(): Promise<Cluster> {
  const bins = await ensureKubeBinaries();
  const dir = mkdtempSync(join(tmpdir(), 'kubectl-sg-ipamd-'));
  const pool = process.env[KUBE_POOL_ENV];
  let kubeconfig: string;
  let stopKube: () => Promise<void>;
  if (pool) {
    // The pool counts a lease as held while its holder's state.json exists.
    writeFileSync(join(dir, 'state.json'), '{}');
    const leased = await leaseKube(pool, dir, () => {});
    kubeconfig = leased.adminKubeconfig;
    stopKube = async () => releaseKube(leased.leaseFile);
  } else {
    const kube = await startKube({ dir });
    kubeconfig = kube.adminKubeconfig;
    stopKube = kube.stop;
  }
  return {
    kubeconfig,
    kubectlPath: bins.kubectl,
    clients: kubeClients(kubeconfig),
    dir,
    stop: async () => {
      await stopKube();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const necApi = { group: NET_GROUP, version: NET_VERSION, plural: NEC_PLURAL };

/** Removes what a previous world left: nodes, NECs, pods, events (no controllers do it here). */
async function wipe(c: Cluster, keepNecCrd: boolean): Promise<void> {
  const k = c.clients;
  await k.core.deleteCollectionNode({});
  await k.core.deleteCollectionNamespacedPod({ namespace: 'default', gracePeriodSeconds: 0 });
  await k.core.deleteCollectionNamespacedEvent({ namespace: 'default' });
  const crdName = `${NEC_PLURAL}.${NET_GROUP}`;
  let hasCrd = true;
  try {
    await k.apiext.readCustomResourceDefinition({ name: crdName });
  } catch {
    hasCrd = false;
  }
  if (hasCrd) await k.custom.deleteCollectionClusterCustomObject(necApi);
  if (hasCrd && !keepNecCrd) {
    await k.apiext.deleteCustomResourceDefinition({ name: crdName });
    await vi.waitFor(
      async () => {
        let gone = false;
        await k.apiext.readCustomResourceDefinition({ name: crdName }).catch(() => (gone = true));
        if (!gone) throw new Error('NEC CRD still there');
      },
      { timeout: 30_000, interval: 100 },
    );
  }
}

export interface EniView {
  id: string;
  primary: boolean;
  groups: string[];
}

export interface World {
  scenario: Scenario;
  emu: Emulator;
  ipamd: Ipamd;
  c: Cluster;
  /** The real SDK's VPC client with the operator's credential. */
  vpc: ReturnType<typeof sdk>;
  tke: ReturnType<typeof sdk>;
  node(i: number): InstanceSpec;
  /** The instance's ENIs as DescribeNetworkInterfaces answers (primary first). */
  enis(instanceId: string): Promise<EniView[]>;
  /** Groups of each secondary ENI of node i, in ENI order. */
  secondaryGroups(i: number | InstanceSpec): Promise<string[][]>;
  /** spec.securityGroups of the node's NEC, as `kubectl get nec` shows it (undefined = unset; null = no NEC). */
  necGroups(nodeName: string): Promise<string[] | undefined | null>;
  /** The real kubectl, asynchronously: ipamd and the emulator run in this process and must keep running meanwhile. */
  kubectl(...args: string[]): Promise<string>;
  /** Waits until ipamd synced this node again after `before` attempts, then until it is idle. */
  synced(nodeName: string, before: number, timeoutMs?: number): Promise<void>;
  /** A node added later: a new instance in the cloud and its Node object. */
  addNode(): Promise<InstanceSpec>;
  close(): Promise<void>;
}

export interface WorldOptions extends ScenarioOptions {
  ipamd?: Partial<IpamdOptions>;
  /** Runs after the cluster is seeded, before ipamd starts (e.g. to inject cloud faults). */
  beforeIpamd?: (emu: Emulator) => Promise<void>;
}

export async function startWorld(c: Cluster, o: WorldOptions = {}): Promise<World> {
  const { ipamd: ipamdOpts, beforeIpamd, ...scenarioOpts } = o;
  const scenario = makeScenario({ nodes: 3, podsPerNode: 0, reactionDelayMs: 50, ...scenarioOpts });
  const features = featuresOf(parseVersion(scenario.ipamd.version));
  const t0 = Date.now();
  await wipe(c, features.securityGroups);
  const t1 = Date.now();
  const emu = await startEmulator({ scenario });
  const t2 = Date.now();
  await seedCluster(c.kubeconfig, scenario);
  await beforeIpamd?.(emu);
  const t3 = Date.now();
  const recorded = simulatorLog('IPAMD_LOG');
  const ipamd = await startIpamd({
    kubeconfig: c.kubeconfig,
    scenario,
    proxyUrl: emu.proxyUrl,
    caFile: emu.caFile,
    retryBaseMs: 200,
    maxRetryMs: 1_000,
    addonPollMs: 100,
    log: recorded.log,
    ...ipamdOpts,
  });
  if (process.env.IPAMD_LOG) console.error(`world: wipe ${t1 - t0} ms, emulator ${t2 - t1} ms, seed ${t3 - t2} ms, ipamd ${Date.now() - t3} ms`);
  const vpc = sdk('vpc', emu, scenario.credentials.admin);
  const tke = sdk('tke', emu, scenario.credentials.admin);
  const enis = async (instanceId: string): Promise<EniView[]> => {
    const r = (await vpc.request('DescribeNetworkInterfaces', {
      Filters: [{ Name: 'attachment.instance-id', Values: [instanceId] }],
      Limit: 100,
    })) as { NetworkInterfaceSet: Array<{ NetworkInterfaceId: string; Primary: boolean; GroupSet: string[] }> };
    return r.NetworkInterfaceSet.map((e) => ({ id: e.NetworkInterfaceId, primary: e.Primary, groups: e.GroupSet }));
  };
  const kubectl = kubectlFor(c);
  return {
    scenario,
    emu,
    ipamd,
    c,
    vpc,
    tke,
    node: (i) => scenario.instances[i]!,
    enis,
    secondaryGroups: async (i) => {
      const ins = typeof i === 'number' ? scenario.instances[i]! : i;
      return (await enis(ins.id)).filter((e) => !e.primary).map((e) => e.groups);
    },
    necGroups: async (nodeName) => {
      try {
        const nec = (await c.clients.custom.getClusterCustomObject({ ...necApi, name: nodeName })) as { spec?: { securityGroups?: string[] } };
        return nec.spec?.securityGroups;
      } catch (e) {
        if ((e as { code?: number }).code === 404) return null;
        throw e;
      }
    },
    kubectl,
    synced: async (nodeName, before, timeoutMs = 15_000) => {
      await vi.waitFor(
        () => {
          if (ipamd.syncCount(nodeName) <= before) throw new Error(`node ${nodeName} not synced again (still ${before})`);
        },
        { timeout: timeoutMs, interval: 20 },
      );
      await ipamd.idle();
    },
    addNode: async () => {
      const ins = await emu.control.createInstance();
      await createNode(c.clients, scenario, ins);
      return ins;
    },
    close: async () => {
      await ipamd.stop();
      await emu.close();
      if (process.env.IPAMD_LOG_ON_CLOSE) console.error(recorded.lines.join('\n'));
    },
  };
}

/**
 * An in-process simulator's log: every line kept with its time since this call, and printed as it
 * comes when the environment variable `printVar` is set.
 */
export function simulatorLog(printVar: string): { lines: string[]; log: (line: string) => void } {
  const lines: string[] = [];
  const t0 = Date.now();
  return {
    lines,
    log: (l) => {
      lines.push(`+${Date.now() - t0} ms ${l}`);
      if (process.env[printVar]) console.error(Date.now(), l);
    },
  };
}

/**
 * For every test of the calling file: a failed test prints the log handed to the returned
 * function during it (an in-process simulator's), so a failure seen only under load can be read
 * from the run that had it rather than reproduced.
 */
export function printLogOnFailure(label: string): (log: readonly string[]) => void {
  let current: readonly string[] | undefined;
  beforeEach(({ onTestFailed }) => {
    current = undefined;
    onTestFailed(() => {
      if (current?.length) console.error(`${label} log of the failed test:\n${current.join('\n')}`);
    });
  });
  return (log) => {
    current = log;
  };
}

/** Until `check` stops throwing (vitest's waitFor with sandbox-friendly defaults). */
export function eventually<T>(check: () => T | Promise<T>, timeoutMs = 15_000): Promise<T> {
  return vi.waitFor(check, { timeout: timeoutMs, interval: 50 });
}

/** DescribeAddonValues → change vpcCni.securityGroups → UpdateAddon (RawValues = base64 of all values). */
export async function updateAddonSecurityGroups(w: World, sg: { enableSecurityGroups: boolean; securityGroups: string[] }): Promise<void> {
  const r = (await w.tke.request('DescribeAddonValues', { ClusterId: w.scenario.clusterId, AddonName: 'eniipamd' })) as { Values: string };
  const values = JSON.parse(r.Values) as { vpcCni: Record<string, unknown> };
  values.vpcCni.securityGroups = sg;
  await w.tke.request('UpdateAddon', {
    ClusterId: w.scenario.clusterId,
    AddonName: 'eniipamd',
    RawValues: Buffer.from(JSON.stringify(values)).toString('base64'),
    UpdateStrategy: 'replace',
  });
}

export { MERGE_PATCH };
