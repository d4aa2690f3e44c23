// `node test/sandbox/alibaba/main.ts --scenario <file.json> [--port N]`: runs the Alibaba Cloud
// emulator until SIGTERM/SIGINT. The scenario file is an EciScenario (test/sandbox/eci/scenario.ts)
// as JSON. Prints exactly one JSON line on stdout when it listens:
//   {"ready":true,"port":N,"url":"http://127.0.0.1:N"}
// Diagnostics go to stderr.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { EciScenario } from '../eci/scenario.ts';
import { stopOnSignals } from '../shared/stop-on-signals.ts';
import { startAlibabaEmulator } from './emulator.ts';

const { values } = parseArgs({ options: { scenario: { type: 'string' }, port: { type: 'string' } } });
if (!values.scenario) {
  console.error('usage: node test/sandbox/alibaba/main.ts --scenario <file.json> [--port N]');
  process.exit(2);
}
const port = values.port === undefined ? 0 : Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number, got "${values.port}"`);
  process.exit(2);
}
const scenario = JSON.parse(readFileSync(values.scenario, 'utf8')) as EciScenario;
const emulator = await startAlibabaEmulator({ scenario, port });
// Before the ready line: a parent that stops it as soon as it reads that line must find the
// handler in place, or it dies without close() (the Tencent one leaves its scratch directory).
stopOnSignals('alibaba emulator', () => emulator.close());
process.stdout.write(JSON.stringify({ ready: true, port: emulator.port, url: emulator.url }) + '\n');
console.error(`alibaba emulator: scenario "${scenario.name}" (${scenario.securityGroups.length} security groups, region ${scenario.region}) on ${emulator.url}`);
