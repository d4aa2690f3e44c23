// `node test/sandbox/eci/main.ts --kubeconfig K --scenario ECI.json --control URL`
// Runs the virtual-kubelet simulator until SIGTERM/SIGINT (URL: the Alibaba Cloud emulator's
// base URL; ECI.json: an EciScenario). Prints one JSON line on stdout once the initial pods run:
// {"ready":true,"virtualNodes":[...]}. Diagnostics go to stderr.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { EciScenario } from './scenario.ts';
import { startEciSimulator } from './simulator.ts';

const { values } = parseArgs({ options: { kubeconfig: { type: 'string' }, scenario: { type: 'string' }, control: { type: 'string' } } });
if (!values.kubeconfig || !values.scenario || !values.control) {
  console.error('usage: node test/sandbox/eci/main.ts --kubeconfig K --scenario ECI.json --control URL');
  process.exit(2);
}
const scenario = JSON.parse(readFileSync(values.scenario, 'utf8')) as EciScenario;
const sim = await startEciSimulator({ kubeconfig: values.kubeconfig, scenario, controlUrl: values.control });
await sim.settled(300_000);
process.stdout.write(JSON.stringify({ ready: true, virtualNodes: scenario.virtualNodes }) + '\n');

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.error(`virtual-kubelet simulator: ${signal}, stopping`);
  const force = setTimeout(() => process.exit(0), 5_000);
  force.unref();
  sim.stop().then(
    () => process.exit(0),
    () => process.exit(0),
  );
};
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
