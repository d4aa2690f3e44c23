// `node test/sandbox/tke/ipamd/main.ts --kubeconfig K --scenario S.json --proxy URL --ca CAFILE
//   [--control URL] [--reaction-delay MS] [--resync-period MS]`
// Runs the ipamd simulator until SIGTERM/SIGINT. Prints one JSON line on stdout once the
// initial node sync has settled (every node synced, or failed twice: NodeSync.initialSync):
// {"ready":true,"version":"v3.5.8","nodes":N,"syncMs":T}.
// Diagnostics go to stderr.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Scenario } from '../../scenario.ts';
import { startIpamd } from './ipamd.ts';

const { values } = parseArgs({
  options: {
    kubeconfig: { type: 'string' },
    scenario: { type: 'string' },
    proxy: { type: 'string' },
    ca: { type: 'string' },
    control: { type: 'string' },
    'reaction-delay': { type: 'string' },
    'resync-period': { type: 'string' },
  },
});
if (!values.kubeconfig || !values.scenario || !values.proxy || !values.ca) {
  console.error('usage: node test/sandbox/tke/ipamd/main.ts --kubeconfig K --scenario S.json --proxy URL --ca CAFILE [--control URL] [--reaction-delay MS] [--resync-period MS]');
  process.exit(2);
}
const num = (name: string, v: string | undefined): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${name} must be a whole number of milliseconds, got "${v}"`);
    process.exit(2);
  }
  return n;
};
const scenario = JSON.parse(readFileSync(values.scenario, 'utf8')) as Scenario;
const ipamd = await startIpamd({
  kubeconfig: values.kubeconfig,
  scenario,
  proxyUrl: values.proxy,
  caFile: values.ca,
  controlUrl: values.control,
  reactionDelayMs: num('reaction-delay', values['reaction-delay']),
  resyncPeriodMs: num('resync-period', values['resync-period']),
});
const st = ipamd.status();
process.stdout.write(JSON.stringify({ ready: true, version: st.version, nodes: st.lastSyncNodes, syncMs: st.lastSyncMs }) + '\n');

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.error(`ipamd simulator: ${signal}, stopping`);
  const force = setTimeout(() => process.exit(0), 5_000);
  force.unref();
  ipamd.stop().then(
    () => process.exit(0),
    () => process.exit(0),
  );
};
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
