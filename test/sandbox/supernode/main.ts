// `node test/sandbox/supernode/main.ts --kubeconfig K --control URL [--no-groups-default pool|region-default]
//   [--sgp-precedence policy|annotation]`
// Runs the super node simulator until SIGTERM/SIGINT (URL: the Tencent emulator's base URL, whose
// super nodes the seed made). Prints one JSON line on stdout once the initial pods run:
// {"ready":true,"superNodes":[...]}. Diagnostics go to stderr.
import { parseArgs } from 'node:util';
import { stopOnSignals } from '../shared/stop-on-signals.ts';
import { NO_GROUPS_DEFAULTS, SGP_PRECEDENCES, type NoGroupsDefault, type SgpPrecedence } from './scenario.ts';
import { startSuperNodeSimulator } from './simulator.ts';

const { values } = parseArgs({ options: { kubeconfig: { type: 'string' }, control: { type: 'string' }, 'no-groups-default': { type: 'string' }, 'sgp-precedence': { type: 'string' } } });
const reading = (values['no-groups-default'] ?? 'pool') as NoGroupsDefault;
const sgpPrecedence = (values['sgp-precedence'] ?? 'policy') as SgpPrecedence;
if (!values.kubeconfig || !values.control || !NO_GROUPS_DEFAULTS.includes(reading) || !SGP_PRECEDENCES.includes(sgpPrecedence)) {
  console.error('usage: node test/sandbox/supernode/main.ts --kubeconfig K --control URL [--no-groups-default pool|region-default] [--sgp-precedence policy|annotation]');
  process.exit(2);
}
const sim = await startSuperNodeSimulator({ kubeconfig: values.kubeconfig, controlUrl: values.control, reading, sgpPrecedence });
await sim.settled(300_000);
process.stdout.write(JSON.stringify({ ready: true, superNodes: sim.superNodes }) + '\n');

stopOnSignals('super node simulator', () => sim.stop());
