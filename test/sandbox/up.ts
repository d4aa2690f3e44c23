// Brings a whole sandbox up in a directory: cloud emulator, Kubernetes, the TKE objects, then
// the ipamd simulator, each a background process. The state file is rewritten after every
// step, so `down` can stop a sandbox whose start failed half-way.
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeScenario, type ScenarioOptions } from './scenario.ts';
import { startBackground } from './background.ts';
import { ensureKubeBinaries } from './kube/build.ts';
import { startKube } from './kube/cluster.ts';
import { stopPids } from './processes.ts';
import { seedCluster } from './tke/seed.ts';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface SandboxState {
  dir: string;
  nodes: number;
  ipamdVersion: string;
  pids: number[];
  server: string;
  kubeconfig: string;
  limitedKubeconfig: string;
  kubectl: string;
  proxyUrl: string;
  controlUrl: string;
  caFile: string;
  scenarioFile: string;
  envFile: string;
}

/** Shell lines that point kubectl, kubectl-sg and the Tencent Cloud SDK chain at the sandbox. */
function envLines(s: SandboxState, region: string, secretId: string, secretKey: string): string {
  const pathDirs = [join(repo, 'dist')];
  if (s.kubectl !== 'kubectl') pathDirs.push(dirname(s.kubectl));
  return [
    `export KUBECONFIG=${s.kubeconfig}`,
    // The one setting that sends cloud calls to the emulator: the standard proxy variable, with
    // the sandbox CA trusted. Host names, signatures and the plugin's code path stay as in production.
    `export HTTPS_PROXY=${s.proxyUrl}`,
    `export NO_PROXY=127.0.0.1,localhost`,
    `export NODE_EXTRA_CA_CERTS=${s.caFile}`,
    `export TENCENTCLOUD_SECRET_ID=${secretId}`,
    `export TENCENTCLOUD_SECRET_KEY=${secretKey}`,
    `export TENCENTCLOUD_REGION=${region}`,
    `export PATH=${pathDirs.join(':')}:$PATH`,
    // kubectl caches discovery per host:port; a later sandbox on a reused port must not see stale CRDs.
    `export KUBECACHEDIR=${join(s.dir, 'kube-cache')}`,
    '',
  ].join('\n');
}

export async function upSandbox(dir: string, options: ScenarioOptions, log: (line: string) => void): Promise<SandboxState> {
  const node = process.execPath;
  const scenario = makeScenario(options);
  const scenarioFile = join(dir, 'scenario.json');
  writeFileSync(scenarioFile, JSON.stringify(scenario));
  const state: SandboxState = {
    dir,
    nodes: scenario.instances.length,
    ipamdVersion: scenario.ipamd.version,
    pids: [],
    server: '',
    kubeconfig: '',
    limitedKubeconfig: '',
    kubectl: 'kubectl',
    proxyUrl: '',
    controlUrl: '',
    caFile: '',
    scenarioFile,
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

    const emulator = await step('Tencent Cloud emulator up', () =>
      startBackground(node, [join(repo, 'test/sandbox/tencent/main.ts'), '--scenario', scenarioFile], join(dir, 'emulator.log')),
    );
    state.pids.push(emulator.pid);
    state.proxyUrl = String(emulator.ready.proxyUrl);
    state.controlUrl = state.proxyUrl;
    state.caFile = String(emulator.ready.caFile);
    save();

    const kube = await step('kube-apiserver and etcd up', () => startKube({ dir: join(dir, 'kube'), log }));
    state.pids.push(...kube.pids);
    state.server = kube.server;
    state.kubeconfig = kube.adminKubeconfig;
    state.limitedKubeconfig = kube.limitedKubeconfig;
    save();

    await step(`TKE objects created (${scenario.instances.length} nodes, ${scenario.pods.length} pods)`, () =>
      seedCluster(kube.adminKubeconfig, scenario, { log }),
    );

    const ipamd = await step('ipamd simulator synced', () =>
      startBackground(
        node,
        [
          join(repo, 'test/sandbox/tke/ipamd/main.ts'),
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
    const { admin } = scenario.credentials;
    writeFileSync(state.envFile, envLines(state, scenario.region, admin.secretId, admin.secretKey), { mode: 0o600 });
    save();
    return state;
  } catch (err) {
    // Nothing half-started stays behind; the logs stay for reading.
    await stopPids(state.pids);
    rmSync(join(dir, 'state.json'), { force: true });
    throw err;
  }
}
