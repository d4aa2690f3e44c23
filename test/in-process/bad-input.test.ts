// The bad-input cases refused from the command line alone (`beforeAnyRequest` in
// test/bad-input/case.ts), run in this process through the CLI's own entry function, main(),
// rather than as one plugin process each through kubectl against a sandbox (~0.1 s of CPU per
// case, for what yargs and the verbs' own checks decide). The refusal is held to the same words
// as through kubectl (expectRefused), and to more: the kubeconfig's server and the cloud's proxy
// are one local listener that counts connections, and a case passes only if none was opened —
// nothing reached, so nothing changed. The other cases, and every case's way through kubectl's
// plugin dispatch, stay in test/e2e/bad-input-*.test.ts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { main } from '../../src/presentation/cli.ts';
import { expectRefused, secretsOf, type BadInput, type Refusal, type World } from '../bad-input/case.ts';
import { cases as clusterCases } from '../bad-input/cluster.ts';
import { cases as eciCases, type EciWorld } from '../bad-input/eci.ts';
import { cases as setNodeCases } from '../bad-input/set-node.ts';
import { cases as superNodeCases, type SuperNodeWorld } from '../bad-input/supernode.ts';

let trap: Server;
let connections = 0;
let env: NodeJS.ProcessEnv;
let home: string;

beforeAll(async () => {
  trap = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
  const url = `127.0.0.1:${(trap.address() as AddressInfo).port}`;
  home = mkdtempSync(join(tmpdir(), 'kubectl-sg-in-process-'));
  const kubeconfig = join(home, 'kubeconfig');
  writeFileSync(kubeconfig, JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'trap', cluster: { server: `https://${url}`, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'trap', user: { token: 'not-a-real-token' } }],
    contexts: [{ name: 'trap', context: { cluster: 'trap', user: 'trap' } }],
    'current-context': 'trap',
  }));
  // What a sandbox's env.sh sets, pointed at the listener; the keys are well-formed stand-ins.
  env = {
    PATH: process.env.PATH,
    HOME: home,
    KUBECTL_SG_CACHE: join(home, 'cache'),
    KUBECONFIG: kubeconfig,
    HTTPS_PROXY: `http://${url}`,
    HTTP_PROXY: `http://${url}`,
    TENCENTCLOUD_SECRET_ID: 'AKIDinprocessinprocessinprocess1234',
    TENCENTCLOUD_SECRET_KEY: 'in-process-tencent-secret-key-0123',
    TENCENTCLOUD_REGION: 'ap-guangzhou',
    ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAIinprocess0123456789',
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'in-process-alibaba-key-secret-0123',
    ALIBABA_CLOUD_REGION_ID: 'cn-hangzhou',
  };
});

afterAll(async () => {
  await new Promise<void>((resolve) => trap.close(() => resolve()));
  rmSync(home, { recursive: true, force: true });
});

/** Connections and name lookups in flight in this process (Node's names for their handles). */
const inFlight = () => process.getActiveResourcesInfo().filter((r) => /TCP|TLS|GetAddrInfo|Connect/.test(r)).length;

/** `kubectl sg ARGS` as main() answers it in this process, with `env` as the whole environment. */
async function runInProcess(args: string[], caseEnv: NodeJS.ProcessEnv): Promise<Refusal> {
  const saved = { env: process.env, out: process.stdout.write, err: process.stderr.write };
  let stdout = '';
  let stderr = '';
  process.env = { ...env, ...caseEnv };
  process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += String(chunk)), true)) as typeof process.stderr.write;
  try {
    return { code: await main(args), stdout, stderr };
  } finally {
    process.env = saved.env;
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
  }
}

/** Stand-ins for what the sandbox's cases name: well-formed, and never looked up. */
const tke: World = {
  nodes: ['10.0.0.1', '10.0.0.2', '10.0.0.3'],
  groups: ['sg-prim0001', 'sg-glob0001', 'sg-glob0002', 'sg-more0001', 'sg-more0002'],
  limitedKubeconfig: '/nonexistent/limited.kubeconfig',
  noCredentials: { TENCENTCLOUD_SECRET_ID: '', TENCENTCLOUD_SECRET_KEY: '', ALIBABA_CLOUD_ACCESS_KEY_ID: '', ALIBABA_CLOUD_ACCESS_KEY_SECRET: '' },
};
const eci: EciWorld = {
  ...tke,
  g: { default: 'sg-bp1default00000000001', payments: 'sg-bp1payments0000000001', isolated: 'sg-bp1isolated0000000001', otherVpc: 'sg-bp1othervpc0000000001', wideOpen: 'sg-bp1wideopen0000000001', manyRules: 'sg-bp1manyrules000000001' },
  vpcId: 'vpc-bp1inprocess000000001',
  otherVpcId: 'vpc-bp1inprocess000000002',
};
const superNode: SuperNodeWorld = { ...tke, pool: ['sg-pool0001', 'sg-pool0002'], regionDefault: 'sg-dflt0001' };

function suite<W extends World>(title: string, w: W, cases: BadInput<W>[]): void {
  describe(title, () => {
    it.for(cases.filter((c) => c.beforeAnyRequest).map((c) => [c.name, c] as const))('%s', async ([, c], { expect }) => {
      const args = c.args(w);
      const opened = connections;
      const pending = inFlight();
      const r = await runInProcess(args, c.env?.(w) ?? {});
      expectRefused(expect, c, w, args, r, secretsOf(env));
      // The listener has seen every connection main() waited for; one it started and left
      // behind would still be in flight here.
      expect(connections - opened, `kubectl sg ${args.join(' ')} opened a connection`).toBe(0);
      expect(inFlight(), `kubectl sg ${args.join(' ')} left a connection or lookup in flight`).toBeLessThanOrEqual(pending);
    });
  });
}

suite('bad input refused before any request: set node', tke, setNodeCases);
suite('bad input refused before any request: set cluster and resync', tke, clusterCases);
suite('bad input refused before any request: Alibaba ECI', eci, eciCases);
suite('bad input refused before any request: TKE super nodes', superNode, superNodeCases);
