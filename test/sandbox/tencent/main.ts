// `node test/sandbox/tencent/main.ts --scenario <file.json> [--port N]
//   [--forward aliyuncs.com=http://127.0.0.1:PORT ...]`: runs the emulator until SIGTERM/SIGINT.
// --forward lets its HTTPS proxy also terminate *.aliyuncs.com and hand those requests to
// another local emulator (see proxy.ts). Prints exactly one JSON line on stdout when it listens:
//   {"ready":true,"port":N,"proxyUrl":"http://127.0.0.1:N","caFile":"..."}
// Diagnostics go to stderr.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Scenario } from '../scenario.ts';
import { stopOnSignals } from '../shared/stop-on-signals.ts';
import { startEmulator } from './emulator.ts';
import { parseForward, type Forward } from './proxy.ts';

const { values } = parseArgs({ options: { scenario: { type: 'string' }, port: { type: 'string' }, forward: { type: 'string', multiple: true } } });
if (!values.scenario) {
  console.error('usage: node test/sandbox/tencent/main.ts --scenario <file.json> [--port N] [--forward <domain>=http://127.0.0.1:PORT ...]');
  process.exit(2);
}
let forwards: Forward[];
try {
  forwards = (values.forward ?? []).map(parseForward);
} catch (e) {
  console.error((e as Error).message);
  process.exit(2);
}
const port = values.port === undefined ? 0 : Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number, got "${values.port}"`);
  process.exit(2);
}
const scenario = JSON.parse(readFileSync(values.scenario, 'utf8')) as Scenario;
const emulator = await startEmulator({ scenario, port, forwards });
// Before the ready line: a parent that stops it as soon as it reads that line must find the
// handler in place, or it dies without close() (the Tencent one leaves its scratch directory).
stopOnSignals('tencent emulator', () => emulator.close());
process.stdout.write(JSON.stringify({ ready: true, port: emulator.port, proxyUrl: emulator.proxyUrl, caFile: emulator.caFile }) + '\n');
console.error(`tencent emulator: scenario "${scenario.name}" (${scenario.instances.length} instances) on ${emulator.proxyUrl}`);
