// A real Kubernetes control plane for tests and the demo: etcd and kube-apiserver as plain
// processes (no containers, no controllers, no kubelet), client-certificate users and RBAC.
// Each cluster has its own etcd; a test run shares clusters through the pool (pool.ts).
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiextensionsV1Api, KubeConfig, loadYaml, type V1CustomResourceDefinition } from '@kubernetes/client-node';
import type { CrdObject } from './crd-object.ts';
import { ensureKubeBinaries } from './build.ts';
import { makePki, ADMIN_USER, LIMITED_USER, type CertPair } from './pki.ts';
import { freePorts, isRunning, logTail, startDetached, stopPids, type Started } from '../processes.ts';


type Log = (s: string) => void;

export interface KubeCluster {
  server: string;
  adminKubeconfig: string;
  limitedKubeconfig: string;
  caFile: string;
  /** The etcd this apiserver stores in, and under which prefix (the pool wipes a cluster there). */
  etcdUrl: string;
  etcdPrefix: string;
  /** Every process this cluster started: the apiserver, then etcd. */
  pids: number[];
  stop(): Promise<void>;
}

interface Etcd {
  url: string;
  pid: number;
}

const READY_TIMEOUT_MS = 90_000;

async function startEtcd(dir: string, etcdBinary: string, log: Log): Promise<Etcd> {
  mkdirSync(dir, { recursive: true });
  const t0 = Date.now();
  const { url, proc } = await onFreePorts(2, async ([clientPort, peerPort]) => {
    const url = `http://127.0.0.1:${clientPort}`;
    const peer = `http://127.0.0.1:${peerPort}`;
    const proc = startDetached(
      etcdBinary,
      [
        '--name=sandbox',
        `--data-dir=${join(dir, 'data')}`,
        `--listen-client-urls=${url}`,
        `--advertise-client-urls=${url}`,
        `--listen-peer-urls=${peer}`,
        `--initial-advertise-peer-urls=${peer}`,
        `--initial-cluster=sandbox=${peer}`,
        // Test data is disposable; fsync per write would dominate bulk creates.
        '--unsafe-no-fsync',
        '--log-level=warn',
        // Room for many thousands of objects (the 5,000-node scenarios).
        '--quota-backend-bytes=8589934592',
      ],
      join(dir, 'etcd.log'),
    );
    try {
      await waitFor(proc, 'etcd', async () => (await httpGet(`${url}/health`)).includes('"health":"true"'));
    } catch (e) {
      await stopPids([proc.pid]);
      // A retry on other ports must not find a member that remembers these.
      rmSync(join(dir, 'data'), { recursive: true, force: true });
      throw e;
    }
    return { url, proc };
  });
  log(`kube: etcd ready at ${url} (${secs(t0)})`);
  return { url, pid: proc.pid };
}

export async function startKube(opts: { dir: string; log?: Log }): Promise<KubeCluster> {
  const log = opts.log ?? (() => {});
  const dir = opts.dir;
  mkdirSync(dir, { recursive: true });
  const bins = await ensureKubeBinaries({ log });
  const pids: number[] = [];
  try {
    const pki = await makePki(join(dir, 'pki'));
    const etcd = await startEtcd(join(dir, 'etcd'), bins.etcd, log);
    pids.push(etcd.pid);
    const etcdUrl = etcd.url;
    const etcdPrefix = '/registry';
    const admin: Tls = { ca: readFileSync(pki.caFile), cert: readFileSync(pki.admin.cert), key: readFileSync(pki.admin.key) };
    const t0 = Date.now();
    const { server, proc } = await onFreePorts(1, async ([port]) => {
      const server = `https://127.0.0.1:${port}`;
      const proc = startDetached(
        bins.apiserver,
        [
          `--etcd-servers=${etcdUrl}`,
          `--etcd-prefix=${etcdPrefix}`,
          `--secure-port=${port}`,
          '--bind-address=127.0.0.1',
          '--advertise-address=127.0.0.1',
          `--tls-cert-file=${pki.serving.cert}`,
          `--tls-private-key-file=${pki.serving.key}`,
          `--client-ca-file=${pki.caFile}`,
          '--authorization-mode=RBAC',
          '--service-cluster-ip-range=10.0.0.0/24',
          // The endpoints of the `kubernetes` Service may not be loopback addresses: the default
          // reconciler would log a failure every 10 s. Nothing here routes through that Service.
          '--endpoint-reconciler-type=none',
          '--allow-privileged=true',
          // No controller manager creates the `default` ServiceAccount, so pods would be rejected.
          '--disable-admission-plugins=ServiceAccount',
          '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
          `--service-account-key-file=${pki.serviceAccountPub}`,
          `--service-account-signing-key-file=${pki.serviceAccountKey}`,
          // Tests create thousands of objects as fast as they can: no queuing or 429s from
          // flow control, and plenty of in-flight slots.
          '--enable-priority-and-fairness=false',
          '--max-requests-inflight=4000',
          '--max-mutating-requests-inflight=2000',
          '--profiling=false',
        ],
        join(dir, 'apiserver.log'),
        // A test cluster holds little and lives minutes: Go's collector at 4× the default
        // threshold measured 7–12% less apiserver CPU for about half again its memory.
        { GOGC: '400' },
      );
      pids.unshift(proc.pid);
      try {
        await waitFor(proc, 'kube-apiserver', async () => (await httpGet(`${server}/readyz`, admin)) === 'ok');
      } catch (e) {
        await stopPids([proc.pid]);
        pids.shift();
        throw e;
      }
      return { server, proc };
    });
    log(`kube: apiserver /readyz ok at ${server} (${secs(t0)})`);
    // /readyz covers the RBAC bootstrap hook, but the system namespaces are created by a
    // controller loop just after; tests expect both.
    await waitFor(proc, 'kube-apiserver bootstrap objects', async () => {
      for (const path of [
        '/api/v1/namespaces/default',
        '/api/v1/namespaces/kube-system',
        '/apis/rbac.authorization.k8s.io/v1/clusterroles/cluster-admin',
        '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/system:discovery',
      ]) {
        await httpGet(`${server}${path}`, admin);
      }
      return true;
    });
    log(`kube: cluster ready (${secs(t0)})`);

    const ca = readFileSync(pki.caFile);
    const adminKubeconfig = join(dir, 'admin.kubeconfig');
    const limitedKubeconfig = join(dir, 'limited.kubeconfig');
    writeFileSync(adminKubeconfig, kubeconfig(server, ca, 'sandbox-admin', ADMIN_USER, pki.admin), { mode: 0o600 });
    writeFileSync(limitedKubeconfig, kubeconfig(server, ca, 'sandbox-limited', LIMITED_USER, pki.limited), { mode: 0o600 });
    const ownPids = [...pids];
    return {
      server,
      adminKubeconfig,
      limitedKubeconfig,
      caFile: pki.caFile,
      etcdUrl,
      etcdPrefix,
      pids: ownPids,
      // The apiserver goes first so it does not spend its shutdown retrying a vanished etcd.
      stop: async () => {
        for (const pid of ownPids) await stopPids([pid]);
      },
    };
  } catch (e) {
    // Nothing half-started stays behind; the logs stay for reading.
    for (const pid of pids) await stopPids([pid]);
    throw e;
  }
}

/** Kubeconfig with the CA and client certificate embedded, so it works from any directory. */
function kubeconfig(server: string, ca: Buffer, context: string, user: string, pair: CertPair): string {
  const b64 = (data: Buffer | string) => Buffer.from(data).toString('base64');
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: sandbox',
    '  cluster:',
    `    server: ${server}`,
    `    certificate-authority-data: ${b64(ca)}`,
    'users:',
    `- name: ${user}`,
    '  user:',
    `    client-certificate-data: ${b64(readFileSync(pair.cert))}`,
    `    client-key-data: ${b64(readFileSync(pair.key))}`,
    'contexts:',
    `- name: ${context}`,
    '  context:',
    '    cluster: sandbox',
    `    user: ${user}`,
    `current-context: ${context}`,
    '',
  ].join('\n');
}

/**
 * The wire-format objects as client-node models: its typed API serializes by model attribute
 * names (`x_kubernetes_preserve_unknown_fields`, not the JSON key), so a plain JSON object would
 * lose those keys. loadYaml deserializes JSON (it is YAML) into the model.
 */
const crdModels = (crds: CrdObject[]) => crds.map((c) => loadYaml<V1CustomResourceDefinition>(JSON.stringify(c)));

/**
 * Creates the CRDs (an existing one is left as it is) and returns once each is Established and
 * listed by discovery: before that, creating its objects or `kubectl get` can fail.
 */
export async function applyCrds(kubeconfigFile: string, crds: CrdObject[], timeoutMs = 60_000): Promise<void> {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigFile);
  const api = kc.makeApiClient(ApiextensionsV1Api);
  for (const body of crdModels(crds)) {
    try {
      await api.createCustomResourceDefinition({ body });
    } catch (e) {
      if ((e as { code?: number }).code !== 409) throw e;
    }
  }
  await waitForCrds(kubeconfigFile, crds, 'served', timeoutMs);
}

/**
 * Returns once each CRD is Established and discovery lists its served versions ('served'), or
 * once discovery lists none of them ('gone', after they were removed).
 */
export async function waitForCrds(kubeconfigFile: string, crds: CrdObject[], want: 'served' | 'gone', timeoutMs = 60_000): Promise<void> {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigFile);
  const api = kc.makeApiClient(ApiextensionsV1Api);
  const tls: Tls = {};
  await kc.applyToHTTPSOptions(tls);
  const server = kc.getCurrentCluster()?.server;
  if (!server) throw new Error(`${kubeconfigFile}: no current cluster`);
  const listed = async (group: string, version: string, plural: string) => {
    const list = await httpGet(`${server}/apis/${group}/${version}`, tls).catch(() => '{}');
    return ((JSON.parse(list) as { resources?: { name: string }[] }).resources ?? []).some((r) => r.name === plural);
  };
  const deadline = Date.now() + timeoutMs;
  for (const crd of crdModels(crds)) {
    const name = crd.metadata?.name ?? '';
    const { group, names, versions } = crd.spec;
    const served = versions.filter((v) => v.served);
    for (;;) {
      let done: boolean;
      if (want === 'gone') {
        done = true;
        for (const v of served) done = done && !(await listed(group, v.name, names.plural));
      } else {
        const current = await api.readCustomResourceDefinition({ name });
        done = current.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True') ?? false;
        for (const v of served) done = done && (await listed(group, v.name, names.plural));
      }
      if (done) break;
      if (Date.now() > deadline) throw new Error(`CRD ${name} not ${want === 'gone' ? 'gone from discovery' : 'established and discoverable'} after ${timeoutMs} ms`);
      await sleep(100);
    }
  }
}

/**
 * Runs `start` on free ports, again on new ones if a port was taken between choosing and
 * binding it (other test workers and outgoing connections draw from the same range).
 */
async function onFreePorts<T>(n: number, start: (ports: number[]) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start(await freePorts(n));
    } catch (e) {
      if (attempt >= 3 || !String(e).includes('address already in use')) throw e;
    }
  }
}

async function waitFor(proc: Started, what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = '';
  for (;;) {
    if (proc.exitCode() !== null || !isRunning(proc.pid)) {
      throw new Error(`${what} exited (${proc.exitCode() ?? '?'}) before it was ready; last lines of ${proc.logFile}:\n${logTail(proc.logFile)}`);
    }
    try {
      if (await check()) return;
    } catch (e) {
      last = e instanceof Error ? e.message : String(e);
    }
    if (Date.now() > deadline) {
      throw new Error(`${what} not ready after ${READY_TIMEOUT_MS / 1000} s (${last}); last lines of ${proc.logFile}:\n${logTail(proc.logFile)}`);
    }
    await sleep(100);
  }
}

type Tls = { ca?: string | Buffer; cert?: string | Buffer; key?: string | Buffer };

/** GET that resolves with the body on 200 and rejects otherwise. */
function httpGet(url: string, tls: Tls = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const https = url.startsWith('https:');
    const req = (https ? httpsRequest : httpRequest)(
      url,
      { timeout: 5_000, headers: { accept: 'application/json' }, ...(https ? tls : {}) },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => (res.statusCode === 200 ? resolve(body) : reject(new Error(`GET ${url}: ${res.statusCode} ${body.slice(0, 300)}`))));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`GET ${url}: timed out`)));
    req.on('error', reject);
    req.end();
  });
}

function secs(t0: number): string {
  return `${((Date.now() - t0) / 1000).toFixed(1)} s`;
}
