// Brings a whole sandbox up in a directory: cloud emulator(s), Kubernetes, then per provider its
// objects and simulator — TKE: the TKE objects and the ipamd simulator; ECI: the Alibaba Cloud
// emulator, virtual nodes, eci-profile and workloads, and the virtual-kubelet simulator; super
// nodes: the pool and its nodes in the Tencent emulator, eks-config and workloads, and the
// super node simulator — each a background process. The Tencent emulator's HTTPS proxy runs in every sandbox: it is how the
// plugin reaches both clouds (*.aliyuncs.com is forwarded to the Alibaba emulator). The state
// file is rewritten after every step, so `down` can stop a sandbox whose start failed half-way.
import { rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeScenario, type ScenarioOptions } from './scenario.ts';
import { startBackground } from './background.ts';
import { ensureKubeBinaries } from './kube/build.ts';
import { startKube } from './kube/cluster.ts';
import { KUBE_POOL_ENV, leaseKube, releaseKube } from './kube/pool.ts';
import { stopPids } from './processes.ts';
import { seedCluster, tkeCrds } from './tke/seed.ts';
import { makeEciScenario, type EciScenarioOptions } from './eci/scenario.ts';
import { seedEci } from './eci/seed.ts';
import { makeSupernodeScenario, type SupernodeScenarioOptions } from './supernode/scenario.ts';
import { seedSuperNodes } from './supernode/seed.ts';
import { SGP_CRD } from './supernode/sgp-crd.ts';
import { simulatorEntry } from './shared/simulator-bundles.ts';
import { extraCaCertsWith } from './shared/ca.ts';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** tke: ordinary nodes and ipamd; eci: Alibaba's virtual nodes; supernode: TKE's super nodes. */
export type Provider = 'tke' | 'eci' | 'supernode';

export interface UpOptions extends ScenarioOptions {
  /** Which providers' worlds to start (default: TKE only). */
  providers?: Provider[];
  eci?: EciScenarioOptions;
  supernode?: SupernodeScenarioOptions;
}

export interface SandboxState {
  dir: string;
  providers: Provider[];
  nodes: number;
  ipamdVersion: string;
  pids: number[];
  server: string;
  kubeconfig: string;
  limitedKubeconfig: string;
  kubectl: string;
  /** Set when the cluster is leased from a pool (KUBECTL_SG_KUBE_POOL): `down` gives it back instead of stopping it. */
  kubeLease?: string;
  proxyUrl: string;
  controlUrl: string;
  /** The Alibaba Cloud emulator's base URL (its /_sandbox/ control API); empty without ECI. */
  alibabaControlUrl: string;
  caFile: string;
  scenarioFile: string;
  /** The EciScenario (JSON); empty without ECI. */
  eciScenarioFile: string;
  /** The SupernodeScenario (JSON) and the super nodes' names; empty without super nodes. */
  supernodeScenarioFile?: string;
  superNodes?: string[];
  envFile: string;
}

/** Cloud credentials env.sh exports: each provider's SDK chain reads its own variables. */
export interface CloudEnv {
  tencent?: { region: string; secretId: string; secretKey: string };
  alibaba?: { region: string; accessKeyId: string; accessKeySecret: string };
}

/** Shell lines that point kubectl, kubectl-sg and the cloud SDK chains at the sandbox. */
function envLines(s: SandboxState, cloud: CloudEnv): string {
  const pathDirs = [join(repo, 'dist')];
  if (s.kubectl !== 'kubectl') pathDirs.push(dirname(s.kubectl));
  return [
    `export KUBECONFIG=${s.kubeconfig}`,
    // The one setting that sends cloud calls to the emulator: the standard proxy variable, with
    // the sandbox CA trusted. Host names, signatures and the plugin's code path stay as in production.
    `export HTTPS_PROXY=${s.proxyUrl}`,
    `export NO_PROXY=127.0.0.1,localhost`,
    // Added to what the shell already trusts through it, not in its place (shared/ca.ts).
    `export NODE_EXTRA_CA_CERTS=${extraCaCertsWith(s.caFile, process.env.NODE_EXTRA_CA_CERTS)}`,
    ...(cloud.tencent
      ? [
          `export TENCENTCLOUD_SECRET_ID=${cloud.tencent.secretId}`,
          `export TENCENTCLOUD_SECRET_KEY=${cloud.tencent.secretKey}`,
          `export TENCENTCLOUD_REGION=${cloud.tencent.region}`,
        ]
      : []),
    ...(cloud.alibaba
      ? [
          `export ALIBABA_CLOUD_ACCESS_KEY_ID=${cloud.alibaba.accessKeyId}`,
          `export ALIBABA_CLOUD_ACCESS_KEY_SECRET=${cloud.alibaba.accessKeySecret}`,
          `export ALIBABA_CLOUD_REGION_ID=${cloud.alibaba.region}`,
        ]
      : []),
    `export PATH=${pathDirs.join(':')}:$PATH`,
    // kubectl caches discovery per host:port; a later sandbox on a reused port must not see stale CRDs.
    `export KUBECACHEDIR=${join(s.dir, 'kube-cache')}`,
    '',
  ].join('\n');
}

export async function upSandbox(dir: string, options: UpOptions, log: (line: string) => void): Promise<SandboxState> {
  const node = process.execPath;
  const providers = options.providers ?? ['tke'];
  const tke = providers.includes('tke');
  const eci = providers.includes('eci') ? makeEciScenario(options.eci) : undefined;
  // Without TKE the Tencent emulator still runs (its proxy is the sandbox's way out), with no instances.
  const scenario = makeScenario(tke ? options : { ...options, nodes: 0 });
  const scenarioFile = join(dir, 'scenario.json');
  writeFileSync(scenarioFile, JSON.stringify(scenario));
  const supernode = providers.includes('supernode') ? makeSupernodeScenario(scenario, options.supernode) : undefined;
  const supernodeScenarioFile = supernode ? join(dir, 'supernode-scenario.json') : '';
  if (supernode) writeFileSync(supernodeScenarioFile, JSON.stringify(supernode));
  const eciScenarioFile = eci ? join(dir, 'eci-scenario.json') : '';
  if (eci) writeFileSync(eciScenarioFile, JSON.stringify(eci));
  const state: SandboxState = {
    dir,
    providers,
    nodes: tke ? scenario.instances.length : 0,
    ipamdVersion: tke ? scenario.ipamd.version : '',
    pids: [],
    server: '',
    kubeconfig: '',
    limitedKubeconfig: '',
    kubectl: 'kubectl',
    proxyUrl: '',
    controlUrl: '',
    alibabaControlUrl: '',
    caFile: '',
    scenarioFile,
    eciScenarioFile,
    supernodeScenarioFile,
    superNodes: [],
    envFile: join(dir, 'env.sh'),
  };
  const save = () => writeFileSync(join(dir, 'state.json'), JSON.stringify(state, null, 2));
  save();
  try {
    const step = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
      const t0 = Date.now();
      const result = await run();
      log(`sandbox: ${what} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
      return result;
    };
    const bins = await step('Kubernetes binaries ready', () => ensureKubeBinaries({ log }));
    state.kubectl = bins.kubectl;

    if (eci) {
      const alibaba = await step('Alibaba Cloud emulator up', () =>
        startBackground(node, [simulatorEntry('alibaba/main.ts'), '--scenario', eciScenarioFile], join(dir, 'alibaba.log')),
      );
      state.pids.push(alibaba.pid);
      state.alibabaControlUrl = String(alibaba.ready.url);
      save();
    }

    const forward = eci ? ['--forward', `aliyuncs.com=${state.alibabaControlUrl}`] : [];
    const emulator = await step('Tencent Cloud emulator up', () =>
      startBackground(node, [simulatorEntry('tencent/main.ts'), '--scenario', scenarioFile, ...forward], join(dir, 'emulator.log')),
    );
    state.pids.push(emulator.pid);
    state.proxyUrl = String(emulator.ready.proxyUrl);
    state.controlUrl = state.proxyUrl;
    state.caFile = String(emulator.ready.caFile);
    save();

    const pool = process.env[KUBE_POOL_ENV];
    // A leased cluster already serves the CRDs the seeds below would create.
    const leased = Boolean(pool);
    let kube;
    if (pool) {
      const crds = [...(tke ? tkeCrds(scenario) : []), ...(supernode ? [SGP_CRD] : [])];
      kube = await step('kube-apiserver and etcd leased from the pool', () => leaseKube(pool, dir, log, crds));
      state.kubeLease = kube.leaseFile;
      // The cluster's files where a sandbox's own would be, so `<dir>/kube/limited.kubeconfig` holds either way.
      symlinkSync(kube.dir, join(dir, 'kube'));
    } else {
      kube = await step('kube-apiserver and etcd up', () => startKube({ dir: join(dir, 'kube'), log }));
      state.pids.push(...kube.pids);
    }
    state.server = kube.server;
    state.kubeconfig = kube.adminKubeconfig;
    state.limitedKubeconfig = kube.limitedKubeconfig;
    save();

    if (tke) {
      await step(`TKE objects created (${scenario.instances.length} nodes, ${scenario.pods.length} pods)`, () =>
        seedCluster(kube.adminKubeconfig, scenario, { log, skipCrds: leased }),
      );

      const ipamd = await step('ipamd simulator synced', () =>
        startBackground(
          node,
          [
            simulatorEntry('tke/ipamd/main.ts'),
            '--kubeconfig', kube.adminKubeconfig,
            '--scenario', scenarioFile,
            '--proxy', state.proxyUrl,
            '--ca', state.caFile,
            '--control', state.controlUrl,
            '--reaction-delay', String(scenario.ipamd.reactionDelayMs),
          ],
          join(dir, 'ipamd.log'),
          { timeoutMs: 600_000 },
        ),
      );
      state.pids.push(ipamd.pid);
    }

    if (eci) {
      await step(`ECI objects created (${eci.virtualNodes.length} virtual node(s), ${eci.workloads.length} workloads)`, () => seedEci(kube.adminKubeconfig, eci, { log }));
      const vk = await step('virtual-kubelet simulator started the pods', () =>
        startBackground(
          node,
          [simulatorEntry('eci/main.ts'), '--kubeconfig', kube.adminKubeconfig, '--scenario', eciScenarioFile, '--control', state.alibabaControlUrl],
          join(dir, 'virtual-kubelet.log'),
          { timeoutMs: 300_000 },
        ),
      );
      state.pids.push(vk.pid);
    }
    if (supernode) {
      state.superNodes = (
        await step(`super node objects created (${supernode.virtualNodeCount} super node(s), ${supernode.workloads.length} workloads)`, () =>
          seedSuperNodes(kube.adminKubeconfig, supernode, state.controlUrl, { log, skipCrds: leased }),
        )
      ).map((n) => n.name);
      save();
      const sn = await step('super node simulator started the pods', () =>
        startBackground(
          node,
          [simulatorEntry('supernode/main.ts'), '--kubeconfig', kube.adminKubeconfig, '--control', state.controlUrl, '--no-groups-default', supernode.noGroupsDefault, '--sgp-precedence', supernode.sgpPrecedence],
          join(dir, 'supernode.log'),
          { timeoutMs: 300_000 },
        ),
      );
      state.pids.push(sn.pid);
    }
    const { admin } = scenario.credentials;
    const cloud: CloudEnv = {
      ...(tke || supernode ? { tencent: { region: scenario.region, secretId: admin.secretId, secretKey: admin.secretKey } } : {}),
      ...(eci ? { alibaba: { region: eci.region, accessKeyId: eci.accessKeyId, accessKeySecret: eci.accessKeySecret } } : {}),
    };
    writeFileSync(state.envFile, envLines(state, cloud), { mode: 0o600 });
    save();
    return state;
  } catch (err) {
    // Nothing half-started stays behind; the logs stay for reading.
    await stopPids(state.pids);
    if (state.kubeLease) await releaseKube(state.kubeLease);
    rmSync(join(dir, 'state.json'), { force: true });
    throw err;
  }
}
