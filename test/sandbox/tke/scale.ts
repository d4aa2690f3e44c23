// `node test/sandbox/tke/scale.ts [--nodes 5000] [--version v3.5.8] [--keep]`: measures the seed
// and the ipamd simulator's initial sync at scale on a fresh apiserver and an in-process
// emulator, and checks the result through the cloud. Prints one JSON line with the timings.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startKube } from '../kube/cluster.ts';
import { makeScenario } from '../scenario.ts';
import { startEmulator } from '../tencent/emulator.ts';
import { startIpamd } from './ipamd/ipamd.ts';
import { seedCluster } from './seed.ts';

const { values } = parseArgs({ options: { nodes: { type: 'string' }, version: { type: 'string' }, keep: { type: 'boolean' } } });
const nodes = Number(values.nodes ?? 5000);
const log = (l: string) => console.error(l);
const dir = mkdtempSync(join(tmpdir(), 'kubectl-sg-scale-'));
const t0 = Date.now();
const kube = await startKube({ dir, log });
const scenario = makeScenario({ nodes, ipamdVersion: values.version ?? 'v3.5.8', globalGroups: 2 });
const emu = await startEmulator({ scenario });
try {
  const seed = await seedCluster(kube.adminKubeconfig, scenario, { log });
  const t1 = Date.now();
  const ipamd = await startIpamd({
    kubeconfig: kube.adminKubeconfig,
    scenario,
    proxyUrl: emu.proxyUrl,
    caFile: emu.caFile,
    log: (l) => {
      if (!l.includes(': ENI eni-')) log(l);
    },
  });
  const syncMs = Date.now() - t1;
  const st = ipamd.status();
  const enis = await emu.control.enis();
  const want = scenario.ipamd.securityGroups.join(',');
  const bound = enis.filter((e) => !e.Primary && e.GroupSet.join(',') === want).length;
  const secondaries = enis.filter((e) => !e.Primary).length;
  await ipamd.stop();
  console.log(
    JSON.stringify({
      nodes,
      seedMs: seed.ms,
      ipamdInitialSyncMs: syncMs,
      engineSyncMs: st.lastSyncMs,
      cloudCalls: st.cloud.calls,
      throttled: st.cloud.throttled,
      secondaryEnis: secondaries,
      boundAsExpected: bound,
      totalMs: Date.now() - t0,
    }),
  );
  if (bound !== secondaries) process.exitCode = 1;
} finally {
  await emu.close();
  await kube.stop();
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
}
